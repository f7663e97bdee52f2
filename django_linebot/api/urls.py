"""``path("api/line/", include("django_linebot.api.urls"))``: the REST API and its OpenAPI schema."""

from typing import Any, cast

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.renderers import BaseRenderer
from rest_framework.routers import APIRootView, DefaultRouter
from rest_framework.settings import api_settings

from .permissions import ConfiguredAccessMixin
from .schema import LineSchemaGenerator
from .views import ChannelViewSet, OutgoingMessageViewSet, RichMenuViewSet, WebhookEventViewSet

app_name = "linebot-api"


class _RootView(ConfiguredAccessMixin, APIRootView):
    schema = None  # not an operation of the API


router = DefaultRouter()
router.APIRootView = _RootView
router.register("channels", ChannelViewSet)
router.register("rich-menus", RichMenuViewSet)
router.register("messages", OutgoingMessageViewSet)
router.register("webhook-events", WebhookEventViewSet)


class SchemaView(ConfiguredAccessMixin, SpectacularAPIView):
    """The OpenAPI 3 schema of this API (YAML; JSON with ``?format=json`` or
    ``Accept: application/vnd.oai.openapi+json``), for users who may see some of it."""

    schema = None  # not an operation of the API
    generator_class = LineSchemaGenerator
    serve_public = True  # every route, whatever the asking user may do

    def handle_exception(self, exc: Exception) -> Any:
        """A refusal (403, 429) is DRF's JSON error, not an OpenAPI document (as DRF's own SchemaView)."""
        # api_settings has imported the dotted paths: these are the renderer classes.
        self.renderer_classes = cast(list[type[BaseRenderer]], api_settings.DEFAULT_RENDERER_CLASSES)
        renderer, media_type = self.perform_content_negotiation(self.request, force=True)
        self.request.accepted_renderer, self.request.accepted_media_type = renderer, media_type
        return super().handle_exception(exc)


urlpatterns = [
    path("", include(router.urls)),
    path("schema/", SchemaView.as_view(), name="schema"),
]
