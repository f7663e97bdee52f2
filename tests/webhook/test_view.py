"""The webhook view: signatures, answers to bad input, signals per event type, the event log."""

from __future__ import annotations

import json

import pytest
from django.dispatch import receiver
from django.urls import reverse

from django_linebot import signals
from django_linebot.models import Channel, WebhookEvent
from django_linebot.sdk import events as ev
from django_linebot.testing import make_event, make_webhook_body, sign_body

from ..factories import ChannelFactory
from ..sdk.event_samples import EVENTS, MESSAGES

pytestmark = pytest.mark.django_db

SIGNAL_FOR = {
    "message": "message",
    "messageEdited": "message_edited",
    "unsend": "unsend",
    "follow": "follow",
    "unfollow": "unfollow",
    "join": "join",
    "leave": "leave",
    "memberJoined": "member_joined",
    "memberLeft": "member_left",
    "postback": "postback",
    "videoPlayComplete": "video_play_complete",
    "beacon": "beacon",
    "accountLink": "account_link",
    "membership": "membership",
    "module": "module",
    "activated": "activated",
    "deactivated": "deactivated",
    "botSuspended": "bot_suspended",
    "botResumed": "bot_resumed",
    "delivery": "delivery",
}


def test_urls() -> None:
    assert reverse("linebot:webhook") == "/line/webhook/"
    assert reverse("linebot:webhook-channel", kwargs={"slug": "shop"}) == "/line/webhook/shop/"


@pytest.mark.parametrize(("etype", "cls", "extra", "predicate"), EVENTS, ids=[e[0] for e in EVENTS])
def test_each_event_type_fires_its_signal(
    etype, cls, extra, predicate, post_webhook, signal_log, linebot_settings, connect
) -> None:
    row_when_sent = []

    def note_row(sender, webhook_event, **kwargs):
        row_when_sent.append((webhook_event.pk, webhook_event.status))

    connect(getattr(signals, SIGNAL_FOR[etype]), note_row)
    body = make_webhook_body(make_event(etype, **extra))
    assert post_webhook(body).status_code == 200
    assert signal_log.names() == [SIGNAL_FOR[etype], "webhook_event"]
    [event] = signal_log.events(SIGNAL_FOR[etype])
    assert type(event) is cls and getattr(event, predicate)
    _, kwargs = signal_log.calls[0]
    assert (
        kwargs["channel"].from_settings and kwargs["api"].channel_access_token == "test-channel-access-token"
    )
    assert kwargs["standby"] is False
    row = WebhookEvent.objects.get()
    assert row_when_sent == [(row.pk, WebhookEvent.Status.PENDING)]  # stored first, its outcome not yet known
    assert kwargs["webhook_event"].pk == row.pk
    assert (
        row.event_type == etype and row.status == WebhookEvent.Status.PROCESSED and row.destination == "Ubot"
    )


@pytest.mark.parametrize("mtype", sorted(MESSAGES))
def test_each_message_type(mtype, post_webhook, signal_log) -> None:
    body = make_webhook_body(make_event("message", message=MESSAGES[mtype]))
    assert post_webhook(body).status_code == 200
    [event] = signal_log.events("message")
    assert event.message_type == mtype and getattr(event, f"is_{mtype}_message")
    assert event.message_id == MESSAGES[mtype]["id"]


def test_unknown_event_type(post_webhook, signal_log) -> None:
    body = make_webhook_body(make_event("hologram", hologram={"x": 1}))
    assert post_webhook(body).status_code == 200
    assert signal_log.names() == ["unknown_event", "webhook_event"]
    [event] = signal_log.events("unknown_event")
    assert isinstance(event, ev.UnknownEvent) and event.raw["hologram"] == {"x": 1}
    assert WebhookEvent.objects.get().payload["hologram"] == {"x": 1}


def test_standby_events_are_delivered_flagged(post_webhook, signal_log) -> None:
    assert post_webhook(make_webhook_body(make_event("follow", mode="standby"))).status_code == 200
    [(name, kwargs), _] = signal_log.calls
    assert name == "follow" and kwargs["standby"] is True and kwargs["event"].is_standby
    assert WebhookEvent.objects.get().mode == "standby"


def test_echo_bot_in_three_lines(post_webhook, line_platform, linebot_settings) -> None:
    @receiver(signals.message)
    def echo(sender, event, api, **kwargs):
        api.reply_message(event.reply_token, [{"type": "text", "text": event.text}]).raise_for_status()

    try:
        assert post_webhook(make_webhook_body(make_event("message", replyToken="rt9"))).status_code == 200
    finally:
        signals.message.disconnect(echo)
    [sent] = line_platform.sent_messages
    assert sent["reply_token"] == "rt9" and sent["messages"][0]["text"] == "hello"
    assert WebhookEvent.objects.get().status == WebhookEvent.Status.PROCESSED


# --------------------------------------------------------------- bad input


def test_missing_signature_is_400_and_nothing_stored(post_webhook, signal_log) -> None:
    res = post_webhook(make_webhook_body(make_event()), signature="")
    assert res.status_code == 400 and res.json() == {"message": "invalid signature"}
    assert not WebhookEvent.objects.exists() and signal_log.calls == []


@pytest.mark.parametrize("how", ["wrong secret", "one byte changed", "reserialised", "garbage"])
def test_invalid_signature_is_400(how, post_webhook, client, signal_log) -> None:
    body = make_webhook_body(make_event())
    sig = sign_body(body, "test-channel-secret")
    if how == "wrong secret":
        sig = sign_body(body, "another-secret")
    elif how == "one byte changed":
        body = body.replace(b"hello", b"hellp")
    elif how == "reserialised":
        body = json.dumps(json.loads(body), indent=2).encode()
    else:
        sig = "!!!"
    assert post_webhook(body, signature=sig).status_code == 400
    assert not WebhookEvent.objects.exists() and signal_log.calls == []


@pytest.mark.parametrize("header", ["X-Line-Signature", "x-line-signature", "X-LINE-SIGNATURE"])
def test_signature_header_name_in_any_case(header, client) -> None:
    body = make_webhook_body(make_event())
    res = client.post(
        "/line/webhook/",
        data=body,
        content_type="application/json",
        headers={header: sign_body(body, "test-channel-secret")},
    )
    assert res.status_code == 200 and WebhookEvent.objects.count() == 1


def test_broken_json_with_valid_signature_is_400(post_webhook) -> None:
    res = post_webhook(b'{"events": [')
    assert res.status_code == 400 and "not JSON" in res.json()["message"]
    assert post_webhook(b'{"events": 5}').status_code == 400
    assert not WebhookEvent.objects.exists()


def test_verification_request_is_200(post_webhook, signal_log) -> None:
    assert post_webhook(b'{"destination": "Ubot", "events": []}').status_code == 200
    assert not WebhookEvent.objects.exists() and signal_log.calls == []


def test_only_post(client) -> None:
    for method in ("get", "put", "delete", "patch"):
        assert getattr(client, method)("/line/webhook/").status_code == 405


def test_csrf_exempt() -> None:
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    body = make_webhook_body(make_event())
    res = strict.post(
        "/line/webhook/",
        data=body,
        content_type="application/json",
        HTTP_X_LINE_SIGNATURE=sign_body(body, "test-channel-secret"),
    )
    assert res.status_code == 200


def test_body_over_the_limit_is_413(post_webhook, settings) -> None:
    settings.LINEBOT = {**settings.LINEBOT, "MAX_BODY_SIZE": 1000}
    big = make_webhook_body(*[make_event() for _ in range(10)])
    assert len(big) > 1000
    assert post_webhook(big).status_code == 413
    assert not WebhookEvent.objects.exists()


def test_default_limit_is_one_megabyte(post_webhook) -> None:
    padding = "x" * (1024 * 1024)
    body = json.dumps({"events": [], "pad": padding}).encode()
    assert post_webhook(body).status_code == 413


def test_settings_channel_not_configured_is_404(post_webhook, settings) -> None:
    settings.LINEBOT = {}
    assert post_webhook(make_webhook_body(make_event())).status_code == 404


# ---------------------------------------------------------------- channels


@pytest.fixture
def shop() -> Channel:
    return ChannelFactory(
        name="Shop", slug="shop", channel_secret="shop-secret", channel_access_token="shop-token"
    )


def test_channel_url_uses_its_secret(post_webhook, shop, signal_log) -> None:
    body = make_webhook_body(make_event())
    assert post_webhook(body, url="/line/webhook/shop/", secret="shop-secret").status_code == 200
    assert post_webhook(body, url="/line/webhook/shop/", secret="test-channel-secret").status_code == 400
    _, kwargs = signal_log.calls[0]
    assert kwargs["channel"] == shop and kwargs["api"].channel_access_token == "shop-token"
    assert WebhookEvent.objects.get().channel == shop


def test_unknown_or_inactive_channel_is_404(post_webhook, shop) -> None:
    body = make_webhook_body(make_event())
    assert post_webhook(body, url="/line/webhook/nope/").status_code == 404
    shop.is_active = False
    shop.save()
    assert post_webhook(body, url="/line/webhook/shop/", secret="shop-secret").status_code == 404


def test_previous_secret_during_rotation(post_webhook, shop) -> None:
    from datetime import timedelta

    from django.utils import timezone

    shop.rotate_secret("new-secret", window=timezone.now() + timedelta(hours=1))
    body = make_webhook_body(make_event())
    assert post_webhook(body, url="/line/webhook/shop/", secret="shop-secret").status_code == 200
    assert (
        post_webhook(
            make_webhook_body(make_event()), url="/line/webhook/shop/", secret="new-secret"
        ).status_code
        == 200
    )
    shop.previous_secret_valid_until = timezone.now() - timedelta(seconds=1)
    shop.save()
    assert (
        post_webhook(
            make_webhook_body(make_event()), url="/line/webhook/shop/", secret="shop-secret"
        ).status_code
        == 400
    )


def test_settings_previous_secret(post_webhook, settings) -> None:
    settings.LINEBOT = {
        **settings.LINEBOT,
        "CHANNEL_SECRET": "rotated",
        "PREVIOUS_CHANNEL_SECRET": "test-channel-secret",
    }
    assert post_webhook(make_webhook_body(make_event())).status_code == 200
    assert post_webhook(make_webhook_body(make_event()), secret="rotated").status_code == 200


def test_same_event_id_on_two_channels_is_two_events(post_webhook, shop) -> None:
    event = make_event()
    body = make_webhook_body(event)
    assert post_webhook(body).status_code == 200
    assert post_webhook(body, url="/line/webhook/shop/", secret="shop-secret").status_code == 200
    assert WebhookEvent.objects.count() == 2


def test_channel_repr_and_str_hide_secrets(shop) -> None:
    for text in (repr(shop), str(shop)):
        assert "shop-secret" not in text and "shop-token" not in text
