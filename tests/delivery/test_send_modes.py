"""How the outbox hands chunks over: to Celery (whose broker may be down), or in-process; inactive
channels; staleness judged by a timestamp every change updates; what is logged."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.utils import timezone

from django_linebot import send
from django_linebot.models import Channel, OutgoingChunk, OutgoingMessage
from django_linebot.tasks import outbox as outbox_tasks
from django_linebot.tasks import requeue_stale_chunks, send_chunk

from ..factories import ChannelFactory
from ..processes import free_port
from .celery_apps import configured

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = [{"type": "text", "text": "hello"}]
BROKER_PASSWORD = "broker-password-never-logged"


@pytest.fixture
def outbox_settings(settings, linebot_settings):
    settings.LINEBOT = {**settings.LINEBOT, "SEND_BACKOFF_BASE": 0.0, "SEND_MAX_ATTEMPTS": 4}
    return settings.LINEBOT


@pytest.fixture
def celery_app():
    """This process's Celery app: the example project's, as a project's celery.py makes it."""
    from example_project.celery import app

    return app


@pytest.fixture
def closed_broker() -> tuple[str, int]:
    """A Redis broker URL (with a password) on a port of 127.0.0.1 where nothing listens."""
    port = free_port()
    return f"redis://:{BROKER_PASSWORD}@127.0.0.1:{port}/0", port


def make_stale(minutes: int = 11) -> None:
    OutgoingChunk.objects.update(updated_at=timezone.now() - timedelta(minutes=minutes))


def errors(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.ERROR]


def failed_for_good(caplog) -> list[logging.LogRecord]:
    """The outbox's warnings that a send failed for good."""
    return [
        r
        for r in caplog.records
        if r.levelno == logging.WARNING
        and r.name == "django_linebot.tasks.outbox"
        and "failed for good" in r.getMessage()
    ]


# ------------------------------------------------------------------ broker down


@pytest.mark.urls("tests.delivery.urls")
def test_broker_down_the_view_answers_and_the_sweep_sends_once(
    outbox_settings, line_platform, client, caplog, celery_app, closed_broker
) -> None:
    caplog.set_level(logging.DEBUG)
    url, port = closed_broker
    with configured(celery_app, task_always_eager=False, broker_url=url):
        res = client.post("/shipped/", {"to": "U1"})
        assert res.status_code == 200
        message = OutgoingMessage.objects.get(pk=res.json()["message"])
        chunk = message.chunks.get()
        assert message.status == OutgoingMessage.Status.QUEUED
        assert chunk.status == OutgoingChunk.Status.QUEUED and chunk.attempts == 0
        [error] = errors(caplog)
        text = error.getMessage()
        assert error.name == "django_linebot.send"
        assert "Celery" in text and "broker" in text and f"127.0.0.1:{port}" in text
        assert "requeue_stale_chunks" in text
        assert all(BROKER_PASSWORD not in r.getMessage() for r in caplog.records)

        caplog.clear()
        make_stale()
        assert requeue_stale_chunks() == 0  # the broker is still down: nothing handed over, one error
        assert len(errors(caplog)) == 1 and line_platform.requests == []
        assert message.chunks.get().status == OutgoingChunk.Status.QUEUED

    # the broker is back (here: the tests' eager Celery), and the beat sweep runs
    make_stale()
    assert requeue_stale_chunks() == 1
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.SENT
    [sent] = line_platform.sent_messages
    assert sent["to"] == "U1" and sent["retry_key"] == str(chunk.retry_key)
    make_stale()
    assert requeue_stale_chunks() == 0
    assert len(line_platform.sent_messages) == 1


# ------------------------------------------------------------------ inline mode


@pytest.fixture
def inline(settings, outbox_settings, celery_app, closed_broker):
    """SEND_MODE "inline", with a Celery app whose broker is down: inline mode must not need it."""
    settings.LINEBOT = {**settings.LINEBOT, "SEND_MODE": "inline"}
    with configured(celery_app, task_always_eager=False, broker_url=closed_broker[0]):
        yield settings.LINEBOT


@pytest.mark.urls("tests.delivery.urls")
def test_inline_mode_sends_in_process_after_commit(inline, line_platform, client, caplog) -> None:
    line_platform.add_fault(path="/v2/bot/message/push", status=500, times=1)  # retried in-process
    res = client.post("/shipped/", {"to": "U1"})
    assert res.status_code == 200
    message = OutgoingMessage.objects.get(pk=res.json()["message"])
    chunk = message.chunks.get()
    assert message.status == OutgoingMessage.Status.SENT
    assert chunk.status == OutgoingChunk.Status.SENT and chunk.attempts == 2
    [sent] = line_platform.sent_messages
    keys = {r.header("x-line-retry-key") for r in line_platform.requests_to("/v2/bot/message/push")}
    assert keys == {sent["retry_key"]} == {str(chunk.retry_key)}
    assert errors(caplog) == []


def test_inline_mode_follows_a_narrowcast_in_process(inline, line_platform, caplog) -> None:
    message = send.narrowcast(None, TEXT, limit={"max": 10})
    chunk = message.chunks.get()
    assert chunk.status == OutgoingChunk.Status.SENT and chunk.result["phase"] == "succeeded"
    assert errors(caplog) == []


@pytest.mark.urls("tests.delivery.urls")
def test_inline_mode_leaves_a_long_retry_to_the_sweep(
    inline, settings, line_platform, client, caplog
) -> None:
    # LINE's Retry-After (ten minutes) wins over the jittered backoff, which may be short
    line_platform.add_fault(path="/v2/bot/message/push", status=503, times=1, headers={"Retry-After": "600"})
    res = client.post("/shipped/", {"to": "U1"})
    assert res.status_code == 200  # the request did not wait ten minutes
    chunk = OutgoingChunk.objects.get()
    assert chunk.status == OutgoingChunk.Status.QUEUED and chunk.attempts == 1
    assert "HTTP 503" in chunk.last_error and "due again in" in chunk.last_error
    assert any(r.levelno == logging.WARNING and "retrying" in r.getMessage() for r in caplog.records)
    assert line_platform.sent_messages == []

    make_stale()
    assert call_command("linebot_requeue_stale") is None  # cron's sweep: in-process in inline mode
    chunk.refresh_from_db()
    assert chunk.status == OutgoingChunk.Status.SENT and chunk.attempts == 2
    assert [s["retry_key"] for s in line_platform.sent_messages] == [str(chunk.retry_key)]


@pytest.mark.parametrize("propagates", [False, True])
@pytest.mark.urls("tests.delivery.urls")
def test_inline_mode_failure_never_reaches_the_response(
    inline, settings, celery_app, line_platform, client, caplog, propagates
) -> None:
    channel = ChannelFactory(name="Shop", slug="shop", channel_secret="s", channel_access_token="tok")
    settings.LINEBOT = {**settings.LINEBOT, "ENCRYPTION_KEY": "another-key-than-the-one-that-encrypted"}
    with configured(celery_app, task_eager_propagates=propagates):
        res = client.post("/shipped/", {"to": "U1", "channel": "shop"})
    assert res.status_code == 200
    chunk = OutgoingChunk.objects.get(message__channel=channel)
    assert chunk.status in (OutgoingChunk.Status.QUEUED, OutgoingChunk.Status.SENDING)  # for the sweep
    assert any("could not be delivered in-process" in r.getMessage() for r in errors(caplog))
    assert line_platform.requests == []


def test_requeue_command_refuses_negative_minutes() -> None:
    with pytest.raises(CommandError, match="--minutes"):
        call_command("linebot_requeue_stale", "--minutes", "-1")


# ------------------------------------------------------------------ inactive channels


def _shop(active: bool = True) -> Channel:
    return ChannelFactory(
        name="Old shop", slug="old-shop", channel_secret="s", channel_access_token="t", is_active=active
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda ch: send.push(ch, "U1", TEXT),
        lambda ch: send.reply(ch, "reply-token", TEXT),
        lambda ch: send.multicast(ch, ["U1", "U2"], TEXT),
        lambda ch: send.broadcast(ch, TEXT),
        lambda ch: send.narrowcast(ch, TEXT),
    ],
    ids=["push", "reply", "multicast", "broadcast", "narrowcast"],
)
def test_an_inactive_channel_sends_nothing(call, outbox_settings, line_platform) -> None:
    channel = _shop(active=False)
    with pytest.raises(send.ChannelInactive, match="'old-shop'.*inactive") as info:
        call(channel)
    assert isinstance(info.value, ValueError) and info.value.channel == channel
    assert not OutgoingMessage.objects.exists() and line_platform.requests == []


@pytest.mark.django_db  # on_commit callbacks are captured only inside the test's transaction
def test_chunks_of_a_channel_made_inactive_after_queuing_fail_unsent(
    outbox_settings, line_platform, django_capture_on_commit_callbacks, caplog
) -> None:
    channel = _shop()
    with django_capture_on_commit_callbacks(execute=False):
        message = send.multicast(channel, ["U1", "U2"], TEXT)
    Channel.objects.filter(pk=channel.pk).update(is_active=False)
    chunk = message.chunks.get()
    assert send_chunk.delay(chunk.pk).get() == "failed"
    chunk.refresh_from_db()
    message.refresh_from_db()
    assert chunk.status == OutgoingChunk.Status.FAILED and chunk.attempts == 0
    assert "old-shop" in chunk.last_error and "inactive" in chunk.last_error
    assert message.status == OutgoingMessage.Status.FAILED and "inactive" in message.last_error
    assert line_platform.requests == []
    [warning] = failed_for_good(caplog)
    assert f"message {message.pk}" in warning.getMessage() and "multicast" in warning.getMessage()


# ------------------------------------------------------------------ staleness


@pytest.mark.django_db  # on_commit callbacks are captured only inside the test's transaction
def test_a_chunk_in_flight_is_not_queued_again(
    outbox_settings, line_platform, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        message = send.push(None, "U1", TEXT)
    chunk = message.chunks.get()
    make_stale()  # it waited long in the queue; now a worker takes it
    swept: list[int] = []
    call_line = send.call_line

    def sweep_while_line_answers(api, message, chunk):  # type: ignore[no-untyped-def]
        swept.append(requeue_stale_chunks())
        return call_line(api, message, chunk)

    monkeypatch.setattr(outbox_tasks, "call_line", sweep_while_line_answers)
    assert send_chunk.delay(chunk.pk).get() == "sent"
    assert swept == [0]  # marked sending moments ago: in flight, not stale
    assert len(line_platform.requests_to("/v2/bot/message/push")) == 1
    assert message.chunks.get().attempts == 1


@pytest.mark.django_db  # on_commit callbacks are captured only inside the test's transaction
def test_a_chunk_left_sending_is_queued_again(
    outbox_settings, line_platform, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        message = send.push(None, "U1", TEXT)
    OutgoingChunk.objects.update(status=OutgoingChunk.Status.SENDING, attempts=1)  # a worker took it
    assert requeue_stale_chunks() == 0
    make_stale()  # ... and died
    assert requeue_stale_chunks() == 1
    chunk = message.chunks.get()
    assert chunk.status == OutgoingChunk.Status.SENT and chunk.attempts == 2
    assert len(line_platform.sent_messages) == 1


@pytest.mark.django_db  # on_commit callbacks are captured only inside the test's transaction
def test_a_retried_chunk_is_not_swept_at_once(
    outbox_settings, line_platform, django_capture_on_commit_callbacks
) -> None:
    line_platform.add_fault(path="/v2/bot/message/push", status=400)
    with django_capture_on_commit_callbacks(execute=True):
        message = send.push(None, "U1", TEXT)
    assert message.chunks.get().status == OutgoingChunk.Status.FAILED
    make_stale(24 * 60)  # it failed yesterday; an operator retries it today
    with django_capture_on_commit_callbacks(execute=False):
        assert send.retry(message) == 1
    assert requeue_stale_chunks() == 0
    message.refresh_from_db()
    assert message.updated_at > timezone.now() - timedelta(minutes=1)


# ------------------------------------------------------------------ logging


@pytest.mark.django_db  # on_commit callbacks are captured only inside the test's transaction
def test_a_rate_limit_reschedule_is_logged(
    outbox_settings, settings, line_platform, django_capture_on_commit_callbacks, caplog
) -> None:
    settings.LINEBOT = {**settings.LINEBOT, "RATE_LIMITS": {"push": (1, 3600.0)}, "RATE_LIMIT_SAFETY": 1.0}
    with django_capture_on_commit_callbacks(execute=True):
        send.push(None, "U1", TEXT)
        second = send.push(None, "U2", TEXT)
    chunk = second.chunks.get()
    assert chunk.status == OutgoingChunk.Status.QUEUED and "rate limited; due again in" in chunk.last_error
    [info] = [
        r
        for r in caplog.records
        if r.levelno == logging.INFO
        and r.name == "django_linebot.tasks.outbox"
        and "rate limit" in r.getMessage()
    ]
    assert "rescheduled in" in info.getMessage() and "push" in info.getMessage()
    assert len(line_platform.sent_messages) == 1


def test_a_send_that_failed_for_good_is_logged_without_the_token(
    outbox_settings, line_platform, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    line_platform.add_fault(status=401, body={"message": "Authentication failed"})
    message = send.push(None, "U1", TEXT)
    assert errors(caplog) == []
    [warning] = failed_for_good(caplog)
    chunk = message.chunks.get()
    text = warning.getMessage()
    assert f"push message {message.pk}" in text and "Authentication failed" in text
    assert "LINE status 401" in text and f"request id {chunk.request_id}" in text and chunk.request_id
    assert all("test-channel-access-token" not in r.getMessage() for r in caplog.records)


# ------------------------------------------------------------------ system check


def check_send_mode() -> list:
    from django_linebot.checks import check_celery_app

    return check_celery_app()


@pytest.fixture
def no_celery_app(monkeypatch):
    """The process as in a project without celery.py: Celery's own fallback app is the current one."""
    import celery._state as state
    from celery import Celery

    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    monkeypatch.setattr(state._tls, "current_app", None, raising=False)
    monkeypatch.setattr(state, "default_app", Celery("default", fixups=[], set_as_current=False))
    return state.default_app


def test_check_without_a_celery_app(no_celery_app, settings) -> None:
    [warning] = [m for m in run_checks(tags=["linebot"]) if m.id == "linebot.W090"]
    assert "no Celery app" in warning.msg
    assert "celery.py" in warning.hint and "CELERY_BROKER_URL" in warning.hint and "inline" in warning.hint
    settings.LINEBOT = {**settings.LINEBOT, "SEND_MODE": "inline"}
    assert check_send_mode() == []


def test_check_fallback_app_with_a_broker_or_eager(no_celery_app, monkeypatch) -> None:
    no_celery_app.conf.task_always_eager = True
    assert check_send_mode() == []
    no_celery_app.conf.task_always_eager = False
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
    assert check_send_mode() == []


def test_check_with_the_projects_celery_app(celery_app) -> None:
    with configured(celery_app, task_always_eager=False):
        assert check_send_mode() == []


def test_check_unknown_send_mode(settings) -> None:
    from django_linebot.checks import check_send_mode as check_mode_value

    settings.LINEBOT = {**settings.LINEBOT, "SEND_MODE": "thread"}
    assert check_send_mode() == []  # the Celery check leaves an unknown mode to linebot.E024
    [error] = check_mode_value()
    assert error.id == "linebot.E024" and "'thread'" in error.msg
