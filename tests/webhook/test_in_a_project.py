"""The webhook inside a real project: login middleware, ATOMIC_REQUESTS, tokens that cannot be issued,
LINE's refusals, de-duplication that survives slug changes, a wrong ENCRYPTION_KEY, error reports."""

from __future__ import annotations

import logging
import sys

import pytest
from django.db import IntegrityError, connection
from django.test import Client
from django.views.debug import ExceptionReporter

from django_linebot import inbound, signals
from django_linebot.models import Channel, WebhookEvent
from django_linebot.testing import make_event, make_webhook_body
from django_linebot.views import webhook

from ..factories import ChannelFactory

pytestmark = pytest.mark.django_db

SHOP_SECRET = "shop-secret-4f9a1c"
SHORT_SECRET = "short-secret-77b2e0"


@pytest.fixture
def shop() -> Channel:
    return ChannelFactory(
        name="Shop", slug="shop", channel_secret=SHOP_SECRET, channel_access_token="shop-token-e3d1"
    )


@pytest.fixture
def short_lived() -> Channel:
    return ChannelFactory(
        name="Short",
        slug="short",
        channel_id="1650000000",
        channel_secret=SHORT_SECRET,
        auth_mode=Channel.AuthMode.SHORT_LIVED,
    )


def reply(sender, event, api, **kwargs):
    api.reply_message(event.reply_token, [{"type": "text", "text": "hi"}])


# ------------------------------------------------------- LoginRequiredMiddleware


def test_reachable_under_login_required_middleware(settings, post_webhook, shop) -> None:
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "django.contrib.auth.middleware.LoginRequiredMiddleware"]
    assert Client().get("/admin/").status_code == 302  # the middleware is on
    assert post_webhook(make_webhook_body(make_event())).status_code == 200
    body = make_webhook_body(make_event())
    assert post_webhook(body, url="/line/webhook/shop/", secret=SHOP_SECRET).status_code == 200
    assert WebhookEvent.objects.count() == 2


# --------------------------------------------------------------- ATOMIC_REQUESTS


def test_view_is_outside_atomic_requests() -> None:
    assert "default" in getattr(webhook, "_non_atomic_requests", set())


def test_a_subclass_of_the_view_keeps_its_exemptions() -> None:
    """CSRF, ``LoginRequiredMiddleware`` and ``ATOMIC_REQUESTS`` read these from the view function."""
    from django_linebot.views import WebhookView

    class ShopWebhook(WebhookView):
        pass

    view = ShopWebhook.as_view()
    assert view.view_class is ShopWebhook  # type: ignore[attr-defined]
    assert view.csrf_exempt is True  # type: ignore[attr-defined]
    assert view.login_required is False  # type: ignore[attr-defined]
    assert "default" in view._non_atomic_requests  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True)
def test_receiver_database_error_under_atomic_requests(monkeypatch, post_webhook, connect) -> None:
    """One receiver's IntegrityError: the next receiver still writes, the event and its outcome are kept."""
    monkeypatch.setitem(connection.settings_dict, "ATOMIC_REQUESTS", True)
    ChannelFactory(name="Taken", slug="taken", channel_secret="s")

    def clash(sender, event, **kwargs):
        Channel.objects.create(name="Clash", slug="taken", channel_secret="s")

    def after(sender, event, **kwargs):
        Channel.objects.create(
            name="After", slug="after-" + event.webhook_event_id.lower(), channel_secret="s"
        )

    connect(signals.message, clash)
    connect(signals.message, after)
    first, second = make_event(), make_event()
    res = post_webhook(make_webhook_body(first, second))
    assert res.status_code == 200
    rows = list(WebhookEvent.objects.order_by("id"))
    assert [r.status for r in rows] == [WebhookEvent.Status.FAILED] * 2
    assert all("IntegrityError" in r.error and r.attempts == 1 for r in rows)
    assert set(Channel.objects.filter(name="After").values_list("slug", flat=True)) == {
        "after-" + first["webhookEventId"].lower(),
        "after-" + second["webhookEventId"].lower(),
    }
    assert not Channel.objects.filter(name="Clash").exists()


def test_receiver_database_error_inside_a_transaction(post_webhook, connect) -> None:
    """The same inside an outer transaction (a test, a task run in atomic, a replay from a view)."""
    ChannelFactory(name="Taken", slug="taken", channel_secret="s")
    seen = []

    def clash(sender, **kwargs):
        Channel.objects.create(name="Clash", slug="taken", channel_secret="s")

    def after(sender, **kwargs):
        seen.append(Channel.objects.filter(slug="taken").count())

    connect(signals.follow, clash)
    connect(signals.follow, after)
    assert post_webhook(make_webhook_body(make_event("follow"))).status_code == 200
    row = WebhookEvent.objects.get()
    assert seen == [1] and row.status == WebhookEvent.Status.FAILED and "IntegrityError" in row.error
    inbound.replay(row)
    row.refresh_from_db()
    assert seen == [1, 1] and row.attempts == 2


# -------------------------------------------------- a token that cannot be issued


@pytest.mark.parametrize("how", ["token endpoint fails", "LINE unreachable"])
def test_lazy_client_when_no_token_can_be_issued(
    how, request, post_webhook, short_lived, signal_log, connect, caplog
) -> None:
    if how == "token endpoint fails":
        platform = request.getfixturevalue("line_platform")
        request.getfixturevalue("linebot_settings")
        platform.add_fault(status=500, path="/v2/oauth/accessToken", times=None)
    body = make_webhook_body(make_event("follow"), make_event("message"))
    connect(signals.message, reply)
    res = post_webhook(body, url="/line/webhook/short/", secret=SHORT_SECRET)
    assert res.status_code == 200
    names = ["follow", "webhook_event", "message", "webhook_event", "webhook_event_failed"]
    assert signal_log.names() == names  # the failing reply receiver is reported by webhook_event_failed
    follow = WebhookEvent.objects.get(event_type="follow")
    message = WebhookEvent.objects.get(event_type="message")
    assert follow.status == WebhookEvent.Status.PROCESSED and follow.error == ""
    assert message.status == WebhookEvent.Status.FAILED
    first_line = message.error.splitlines()[0]
    assert first_line.startswith("reply: LineClientUnavailable: no LINE client for <Channel 'short'>")
    assert SHORT_SECRET not in message.error and SHORT_SECRET not in caplog.text


def test_client_made_once_per_event_and_only_when_used(post_webhook, shop, connect, monkeypatch) -> None:
    calls = []
    real = inbound.get_api

    def counting(channel, *args, **kwargs):
        calls.append(channel.slug)
        return real(channel, *args, **kwargs)

    monkeypatch.setattr(inbound, "get_api", counting)
    tokens = []

    def uses(sender, api, **kwargs):
        tokens.append(api.channel_access_token)

    body = make_webhook_body(make_event("follow"))
    assert post_webhook(body, url="/line/webhook/shop/", secret=SHOP_SECRET).status_code == 200
    assert calls == []
    connect(signals.message, uses)
    connect(signals.webhook_event, uses)
    body = make_webhook_body(make_event())
    assert post_webhook(body, url="/line/webhook/shop/", secret=SHOP_SECRET).status_code == 200
    assert calls == ["shop"] and tokens == ["shop-token-e3d1"] * 2


# --------------------------------------------------- LINE refusing a receiver's call


def test_line_refusal_in_receiver_fails_the_event_loudly(
    post_webhook, line_platform, linebot_settings, connect, caplog
) -> None:
    line_platform.add_fault(
        status=400, path="/v2/bot/message/reply", body={"message": "Invalid reply token"}, times=None
    )
    connect(signals.message, reply)
    assert post_webhook(make_webhook_body(make_event())).status_code == 200
    row = WebhookEvent.objects.get()
    [call] = [r for r in line_platform.requests if r.path == "/v2/bot/message/reply"]
    assert row.status == WebhookEvent.Status.FAILED
    first_line = row.error.splitlines()[0]
    assert first_line.startswith("reply: BadRequestError: HTTP 400")
    assert "Invalid reply token" in first_line and call.request_id in first_line
    [record] = [
        r for r in caplog.records if r.levelno >= logging.WARNING and r.name.startswith("django_linebot")
    ]
    assert "Invalid reply token" in record.getMessage() and call.request_id in record.getMessage()


def test_plain_responses_when_the_setting_says_so(
    post_webhook, line_platform, linebot_settings, settings, connect
) -> None:
    settings.LINEBOT = {**settings.LINEBOT, "RAISE_LINE_ERRORS": False}
    line_platform.add_fault(status=400, path="/v2/bot/message/reply", body={"message": "Invalid reply token"})
    answers = []

    def reply_and_check(sender, event, api, **kwargs):
        answers.append(api.reply_message(event.reply_token, [{"type": "text", "text": "hi"}]).http_status)

    connect(signals.message, reply_and_check)
    assert post_webhook(make_webhook_body(make_event())).status_code == 200
    assert answers == [400] and WebhookEvent.objects.get().status == WebhookEvent.Status.PROCESSED


# ------------------------------------------------------------- de-duplication


def test_redelivery_after_a_slug_rename_is_a_duplicate(post_webhook, shop, signal_log) -> None:
    event = make_event()
    assert (
        post_webhook(make_webhook_body(event), url="/line/webhook/shop/", secret=SHOP_SECRET).status_code
        == 200
    )
    shop.slug = "store"
    shop.save()
    again = make_webhook_body({**event, "deliveryContext": {"isRedelivery": True}})
    assert post_webhook(again, url="/line/webhook/store/", secret=SHOP_SECRET).status_code == 200
    assert WebhookEvent.objects.count() == 1
    assert signal_log.names() == ["message", "webhook_event"]


def test_new_channel_reusing_an_old_slug_is_not_dropped(post_webhook, shop, signal_log) -> None:
    event = make_event()
    assert (
        post_webhook(make_webhook_body(event), url="/line/webhook/shop/", secret=SHOP_SECRET).status_code
        == 200
    )
    shop.slug = "old-shop"
    shop.save()
    new = ChannelFactory(name="New", slug="shop", channel_secret="new-secret", channel_access_token="t")
    assert (
        post_webhook(make_webhook_body(event), url="/line/webhook/shop/", secret="new-secret").status_code
        == 200
    )
    assert WebhookEvent.objects.filter(channel=new).count() == 1
    assert signal_log.names() == ["message", "webhook_event"] * 2


# ------------------------------------------------------------ ENCRYPTION_KEY


def test_channel_secret_that_cannot_be_decrypted_is_500_with_one_log_line(
    post_webhook, shop, settings, caplog
) -> None:
    key = settings.LINEBOT["ENCRYPTION_KEY"]
    settings.LINEBOT = {**settings.LINEBOT, "ENCRYPTION_KEY": "a-different-key"}
    body = make_webhook_body(make_event())
    caplog.set_level(logging.DEBUG)
    res = post_webhook(body, url="/line/webhook/shop/", secret=SHOP_SECRET)
    assert res.status_code == 500
    loud = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(loud) == 1 and loud[0].exc_info is None
    assert "cannot be decrypted" in loud[0].getMessage() and "ENCRYPTION_KEY" in loud[0].getMessage()
    assert SHOP_SECRET not in caplog.text and SHOP_SECRET.encode() not in res.content
    assert not WebhookEvent.objects.exists()
    settings.LINEBOT = {**settings.LINEBOT, "ENCRYPTION_KEY": key}  # fixed: LINE's redelivery gets in
    assert post_webhook(body, url="/line/webhook/shop/", secret=SHOP_SECRET).status_code == 200
    assert WebhookEvent.objects.get().channel == shop


# ------------------------------------------------------------- error reports


def _failing_post(body: bytes, secret: str, url: str = "/line/webhook/shop/"):
    """POST a signed body that fails with a 500; the response, and the text and HTML reports Django makes."""
    from django.core.signals import got_request_exception

    from django_linebot.testing import sign_body

    caught = []

    def keep(sender, request, **kwargs):
        caught.append((request, sys.exc_info()))

    got_request_exception.connect(keep, weak=False, dispatch_uid="test-keep-exception")
    try:
        res = Client(raise_request_exception=False).post(
            url, data=body, content_type="application/json", HTTP_X_LINE_SIGNATURE=sign_body(body, secret)
        )
    finally:
        got_request_exception.disconnect(dispatch_uid="test-keep-exception")
    [(request, exc_info)] = caught
    reporter = ExceptionReporter(request, *exc_info)
    return res, [reporter.get_traceback_text(), reporter.get_traceback_html()]


def _reports(exc_info) -> list[str]:
    reporter = ExceptionReporter(None, *exc_info)
    return [reporter.get_traceback_text(), reporter.get_traceback_html()]


def test_report_of_a_failing_signature_check_shows_no_secret(
    post_webhook, shop, monkeypatch, settings
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from django_linebot.models import channel as channel_module

    previous = "previous-secret-93c1"
    shop.previous_channel_secret = previous
    shop.previous_secret_valid_until = timezone.now() + timedelta(hours=1)
    shop.save()

    def failing(body, signature, channel_secret):
        first = channel_secret == SHOP_SECRET
        del channel_secret  # this stand-in keeps no secret in its own frame
        if first:
            return False
        raise RuntimeError("hmac exploded")

    monkeypatch.setattr(channel_module, "validate_signature", failing)
    res, reports = _failing_post(make_webhook_body(make_event()), previous)
    assert res.status_code == 500
    for report in reports:
        assert "hmac exploded" in report and "check_signature" in report
        assert previous not in report and SHOP_SECRET not in report


def test_report_of_a_receiver_without_a_client_shows_no_secret(
    post_webhook, short_lived, line_platform, linebot_settings, connect, caplog
) -> None:
    line_platform.add_fault(status=500, path="/v2/oauth/accessToken", times=None)
    connect(signals.message, reply)
    assert (
        post_webhook(
            make_webhook_body(make_event()), url="/line/webhook/short/", secret=SHORT_SECRET
        ).status_code
        == 200
    )
    [record] = [r for r in caplog.records if r.exc_info]
    for report in _reports(record.exc_info):
        assert "LineClientUnavailable" in report and SHORT_SECRET not in report


def test_report_of_a_failing_store_shows_no_secret(shop, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise IntegrityError("database on fire")

    monkeypatch.setattr(inbound, "_store", broken)
    res, reports = _failing_post(make_webhook_body(make_event()), SHOP_SECRET)
    assert res.status_code == 500
    for report in reports:
        assert "database on fire" in report
        assert SHOP_SECRET not in report and "shop-token-e3d1" not in report


# ------------------------------------------------------------------ fast path


def test_one_insert_one_update_per_delivery(post_webhook, signal_log) -> None:
    """Savepoints per receiver add no query on the event table: the fast path stays as it was.

    On PostgreSQL one ``INSERT ... ON CONFLICT DO NOTHING RETURNING`` stores the new events and skips
    the stored ones; elsewhere a SELECT finds the stored ones first.
    """
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        body = make_webhook_body(
            make_event(), make_event("follow"), make_event("postback", postback={"data": "a"})
        )
        assert post_webhook(body).status_code == 200
    on_events = [q["sql"].split()[0] for q in queries.captured_queries if "linebot_webhookevent" in q["sql"]]
    assert on_events == (
        ["INSERT", "UPDATE"] if connection.vendor == "postgresql" else ["SELECT", "INSERT", "UPDATE"]
    )
    assert len(signal_log.calls) == 6


@pytest.mark.django_db(transaction=True)
def test_token_issued_for_a_receiver_that_then_fails_is_kept(
    post_webhook, short_lived, line_platform, linebot_settings, connect
) -> None:
    """A receiver replies (a token is issued), then raises: the token stays stored, the next event reuses it."""

    def reply_then_fail(sender, event, api, **kwargs):
        reply(sender, event, api)
        raise RuntimeError("bug after the reply")

    connect(signals.message, reply_then_fail)
    for _ in range(2):
        body = make_webhook_body(make_event())
        assert post_webhook(body, url="/line/webhook/short/", secret=SHORT_SECRET).status_code == 200
    issued = [r for r in line_platform.requests if r.path == "/v2/oauth/accessToken"]
    assert len(issued) == 1 and short_lived.access_tokens.count() == 1
    assert len([r for r in line_platform.requests if r.path == "/v2/bot/message/reply"]) == 2
    assert set(WebhookEvent.objects.values_list("status", flat=True)) == {WebhookEvent.Status.FAILED}
