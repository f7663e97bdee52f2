"""A project's own view that sends through the outbox, as the README tutorial writes one."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path

from django_linebot import send
from django_linebot.models import Channel


def order_shipped(request: HttpRequest) -> HttpResponse:
    channel = Channel.objects.get(slug=request.POST["channel"]) if request.POST.get("channel") else None
    message = send.push(channel, request.POST.get("to", "Uview"), [{"type": "text", "text": "shipped"}])
    return JsonResponse({"message": message.pk})


urlpatterns = [path("shipped/", order_shipped)]
