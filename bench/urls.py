"""The benchmark's URLs: django-linebot's webhook, and minimal views for the comparison."""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from django_linebot.sdk import parse_events_from_json, validate_signature

SECRET = "test-channel-secret"


@csrf_exempt
def ours_parse_only(request: HttpRequest) -> HttpResponse:
    """What the official SDK's minimal view does, with our parser: check, parse, answer."""
    if not validate_signature(request.body, request.headers.get("X-Line-Signature"), SECRET):
        return HttpResponseBadRequest()
    parse_events_from_json(request.body)
    return HttpResponse("OK")


@csrf_exempt
def official(request: HttpRequest) -> HttpResponse:
    """The usual hand-wired view: line-bot-sdk's WebhookParser."""
    from linebot.v3 import WebhookParser
    from linebot.v3.exceptions import InvalidSignatureError

    try:
        WebhookParser(SECRET).parse(request.body.decode(), request.headers.get("X-Line-Signature", ""))
    except InvalidSignatureError:
        return HttpResponseBadRequest()
    return HttpResponse("OK")


_official_api: list[object] = []


@csrf_exempt
def official_reply(request: HttpRequest) -> HttpResponse:
    """What a user writes instead of django-linebot: line-bot-sdk's parser and client, reply in the view."""
    from django.conf import settings
    from linebot.v3 import WebhookParser
    from linebot.v3.exceptions import InvalidSignatureError
    from linebot.v3.messaging import ApiClient, Configuration, MessagingApi, ReplyMessageRequest, TextMessage
    from linebot.v3.webhooks import MessageEvent

    if not _official_api:
        host = settings.LINEBOT["API_ENDPOINT"]
        config = Configuration(host=host, access_token=settings.LINEBOT["CHANNEL_ACCESS_TOKEN"])
        _official_api.append(MessagingApi(ApiClient(config)))
    api = _official_api[0]
    try:
        events = WebhookParser(SECRET).parse(
            request.body.decode(), request.headers.get("X-Line-Signature", "")
        )
    except InvalidSignatureError:
        return HttpResponseBadRequest()
    for event in events:
        if isinstance(event, MessageEvent):
            api.reply_message(  # type: ignore[attr-defined]
                ReplyMessageRequest(reply_token=event.reply_token, messages=[TextMessage(text="pong")])
            )
    return HttpResponse("OK")


urlpatterns = [
    path("line/", include("django_linebot.urls")),
    path("ours-parse-only/", ours_parse_only),
    path("official/", official),
    path("official-reply/", official_reply),
]
