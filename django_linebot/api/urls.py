"""``path("api/line/", include("django_linebot.api.urls"))``: the REST API and its OpenAPI schema."""

from django.urls import include, path
from rest_framework.renderers import JSONOpenAPIRenderer, OpenAPIRenderer
from rest_framework.routers import APIRootView, DefaultRouter
from rest_framework.schemas.openapi import SchemaGenerator
from rest_framework.schemas.views import SchemaView

from .permissions import ConfiguredAccessMixin
from .views import ChannelViewSet, OutgoingMessageViewSet, RichMenuViewSet, WebhookEventViewSet

app_name = "linebot-api"


class _RootView(ConfiguredAccessMixin, APIRootView):
    pass


router = DefaultRouter()
router.APIRootView = _RootView
router.register("channels", ChannelViewSet)
router.register("rich-menus", RichMenuViewSet)
router.register("messages", OutgoingMessageViewSet)
router.register("webhook-events", WebhookEventViewSet)


class _SchemaView(ConfiguredAccessMixin, SchemaView):
    pagination_class = None


schema_view = _SchemaView.as_view(
    renderer_classes=[OpenAPIRenderer, JSONOpenAPIRenderer],
    schema_generator=SchemaGenerator(title="django-linebot API", version="1"),
    public=True,
)


urlpatterns = [
    path("", include(router.urls)),
    path("schema/", schema_view, name="schema"),
]
