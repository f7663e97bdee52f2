"""``path("line/", include("django_linebot.urls"))`` gives ``line/webhook/`` and ``line/webhook/<slug>/``."""

from django.urls import path

from .views import webhook

app_name = "linebot"

urlpatterns = [
    path("webhook/", webhook, name="webhook"),
    path("webhook/<slug:slug>/", webhook, name="webhook-channel"),
]
