"""Views that call LINE the way a project's own views do, for the error-report tests."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from django_linebot.channels import get_api, revoke_token
from django_linebot.models import Channel, ChannelAccessToken

USER_ID = "U" + "0" * 32


def push(request: HttpRequest, slug: str) -> HttpResponse:
    channel = Channel.objects.get(slug=slug)
    get_api(channel).push_message(USER_ID, [{"type": "text", "text": "Your order has shipped"}])
    return HttpResponse("sent")


def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    revoke_token(ChannelAccessToken.objects.get(pk=pk))
    return HttpResponse("revoked")


urlpatterns = [
    path("push/<slug:slug>/", push),
    path("revoke/<int:pk>/", revoke),
]
