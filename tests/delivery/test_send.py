"""The outbox and its tasks, run eagerly in-process against the fake platform."""

from __future__ import annotations

import uuid

import pytest
from django.db import transaction

from django_linebot import send
from django_linebot.models import OutgoingChunk, OutgoingMessage
from django_linebot.sdk.messages import SendMessage
from django_linebot.tasks import requeue_stale_chunks

from ..factories import ChannelFactory

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = [{"type": "text", "text": "hello"}]


@pytest.fixture
def outbox_settings(settings, linebot_settings):
    settings.LINEBOT = {
        **settings.LINEBOT,
        "SEND_BACKOFF_BASE": 0.0,
        "SEND_MAX_ATTEMPTS": 4,
        "TIMEOUT": (2, 0.5),
    }
    return settings.LINEBOT


def accepted(fake) -> list[dict]:
    return [s for s in fake.sent_messages]


def test_push_goes_through_the_outbox(outbox_settings, line_platform) -> None:
    message = send.push(None, "U1", SendMessage().add_text(text="hi"))
    message.refresh_from_db()
    chunk = message.chunks.get()
    assert message.status == OutgoingMessage.Status.SENT and message.sent_at is not None
    [sent] = line_platform.sent_messages
    assert (
        sent["kind"] == "push" and sent["to"] == "U1" and sent["messages"] == [{"type": "text", "text": "hi"}]
    )
    assert sent["retry_key"] == str(chunk.retry_key)
    assert chunk.request_id == sent["request_id"] and chunk.attempts == 1


def test_multicast_chunks_of_500_each_user_once(outbox_settings, line_platform) -> None:
    users = [f"U{i:05d}" for i in range(1201)] + ["U00001", "U00002"]
    message = send.multicast(None, users, TEXT)
    chunks = list(message.chunks.order_by("index"))
    assert [len(c.recipients) for c in chunks] == [500, 500, 201]
    assert len({c.retry_key for c in chunks}) == 3
    assert message.recipient_count == 1201
    delivered = [u for s in line_platform.sent_messages for u in s["to"]]
    assert sorted(delivered) == sorted(set(users)) and len(delivered) == 1201
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.SENT


def test_broadcast_and_reply(outbox_settings, line_platform) -> None:
    send.broadcast(None, TEXT, notification_disabled=True)
    send.reply(None, "reply-token", TEXT)
    kinds = [(s["kind"], s["body"].get("notificationDisabled")) for s in line_platform.sent_messages]
    assert kinds == [("broadcast", True), ("reply", None)]
    assert line_platform.sent_messages[1]["retry_key"] is None


def test_narrowcast_is_polled_until_done(outbox_settings, line_platform) -> None:
    message = send.narrowcast(
        None,
        TEXT,
        recipient={"type": "audience", "audienceGroupId": 1},
        filter={"demographic": {"type": "gender", "oneOf": ["female"]}},
        limit={"max": 10},
    )
    chunk = message.chunks.get()
    assert chunk.status == OutgoingChunk.Status.SENT
    assert chunk.result["phase"] == "succeeded"
    assert (
        line_platform.requests_to("/v2/bot/message/progress/narrowcast")[0].query["requestId"]
        == chunk.request_id
    )
    body = line_platform.sent_messages[0]["body"]
    assert body["recipient"] == {"type": "audience", "audienceGroupId": 1} and body["limit"] == {"max": 10}


def test_narrowcast_failure_is_recorded(outbox_settings, line_platform) -> None:
    line_platform.narrowcast_phase = "failed"
    message = send.narrowcast(None, TEXT)
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.FAILED
    assert "audience too small" in message.last_error


def test_invalid_messages_are_refused_before_anything_is_written(outbox_settings, line_platform) -> None:
    with pytest.raises(ValueError, match="at most 5"):
        send.push(None, "U1", TEXT * 6)
    with pytest.raises(ValueError, match=r"messages\[0\].text is required"):
        send.multicast(None, ["U1"], [{"type": "text"}])
    with pytest.raises(ValueError, match="user IDs"):
        send.multicast(None, "U1", TEXT)
    assert not OutgoingMessage.objects.exists() and line_platform.requests == []


def test_nothing_is_sent_when_the_transaction_rolls_back(outbox_settings, line_platform) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        send.push(None, "U1", TEXT)
        raise RuntimeError("view failed")
    assert not OutgoingMessage.objects.exists() and line_platform.requests == []


@pytest.mark.parametrize(
    "fault",
    [
        {"status": 500},
        {"status": 503},
        {"status": 429, "body": {"message": "Too many requests"}},
        {"drop": "before"},
        {"drop": "after"},  # LINE took it, the answer was lost: the retry gets 409
        {"delay": 1.0, "drop": "before"},  # a timeout
    ],
)
def test_transient_failures_are_retried_and_sent_once(fault, outbox_settings, line_platform) -> None:
    line_platform.add_fault(path="/v2/bot/message/push", times=2, **fault)
    message = send.push(None, "U1", TEXT)
    message.refresh_from_db()
    chunk = message.chunks.get()
    assert message.status == OutgoingMessage.Status.SENT, message.last_error
    assert chunk.attempts == 3
    assert len(line_platform.sent_messages) == 1
    if fault.get("drop") == "after":
        assert chunk.accepted_request_id == line_platform.sent_messages[0]["request_id"]
    keys = {r.header("x-line-retry-key") for r in line_platform.requests_to("/v2/bot/message/push")}
    assert keys == {str(chunk.retry_key)}


def test_gives_up_after_max_attempts(outbox_settings, line_platform) -> None:
    line_platform.add_fault(path="/v2/bot/message/push", status=500, times=None)
    message = send.push(None, "U1", TEXT)
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.FAILED
    assert message.chunks.get().attempts == 4 and "HTTP 500" in message.last_error
    assert len(line_platform.requests_to("/v2/bot/message/push")) == 4


def test_monthly_quota_fails_at_once(outbox_settings, line_platform) -> None:
    line_platform.quota = 0
    message = send.push(None, "U1", TEXT)
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.FAILED
    assert message.chunks.get().attempts == 1
    assert "monthly limit" in message.last_error and "HTTP 429" in message.last_error
    assert len(line_platform.requests_to("/v2/bot/message/push")) == 1


def test_bad_request_fails_at_once_with_details(outbox_settings, line_platform) -> None:
    line_platform.add_fault(
        path="/v2/bot/message/push",
        status=400,
        body={
            "message": "The request body has 1 error(s)",
            "details": [{"message": "Invalid user ID", "property": "to"}],
        },
    )
    message = send.push(None, "U1", TEXT)
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.FAILED
    assert "to: Invalid user ID" in message.last_error
    assert message.chunks.get().request_id == line_platform.requests[-1].request_id


def test_retry_reuses_the_retry_key_and_cancel(outbox_settings, line_platform, admin_client) -> None:
    line_platform.add_fault(path="/v2/bot/message/multicast", status=400, times=1)
    message = send.multicast(None, [f"U{i}" for i in range(600)], TEXT)
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.PARTIAL
    failed = message.chunks.get(status=OutgoingChunk.Status.FAILED)
    res = admin_client.post(
        "/admin/linebot/outgoingmessage/", {"action": "retry", "_selected_action": [message.pk]}, follow=True
    )
    assert b"Queued 1 failed chunk(s) again" in res.content
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.SENT
    assert line_platform.sent_messages[-1]["retry_key"] == str(failed.retry_key)
    assert len(line_platform.sent_messages) == 2
    assert admin_client.get(f"/admin/linebot/outgoingmessage/{message.pk}/change/").status_code == 200


@pytest.mark.django_db  # on_commit callbacks are captured only inside the test's transaction
def test_cancel_queued(outbox_settings, line_platform, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        message = send.multicast(None, ["U1", "U2"], TEXT)
    assert send.cancel(message) == 1
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.CANCELLED
    from django_linebot.tasks import send_chunk

    assert send_chunk.delay(message.chunks.get().pk).get() == "skipped"
    assert line_platform.requests == []


@pytest.mark.django_db  # on_commit callbacks are captured only inside the test's transaction
def test_stale_chunks_are_queued_again(
    outbox_settings, line_platform, django_capture_on_commit_callbacks
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    with django_capture_on_commit_callbacks(execute=False):  # the task was lost
        message = send.push(None, "U1", TEXT)
    OutgoingChunk.objects.update(updated_at=timezone.now() - timedelta(minutes=11))
    assert requeue_stale_chunks() == 1
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.SENT and len(line_platform.sent_messages) == 1
    assert requeue_stale_chunks() == 0


def test_channel_rows_use_their_token(outbox_settings, line_platform) -> None:
    channel = ChannelFactory(name="Shop", slug="shop", channel_secret="s", channel_access_token="shop-token")
    send.push(channel, "U1", TEXT)
    assert line_platform.requests[-1].header("authorization") == "Bearer shop-token"
    assert OutgoingMessage.objects.get().channel == channel


def test_error_text_never_holds_the_token(outbox_settings, line_platform) -> None:
    line_platform.add_fault(status=401, body={"message": "Authentication failed"})
    message = send.push(None, "U1", TEXT)
    message.refresh_from_db()
    assert (
        "test-channel-access-token" not in message.last_error
        and "Authentication failed" in message.last_error
    )


@pytest.mark.django_db  # on_commit callbacks are captured only inside the test's transaction
def test_retry_key_is_made_before_the_first_attempt(
    outbox_settings, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        message = send.push(None, "U1", TEXT)
    chunk = message.chunks.get()
    assert isinstance(chunk.retry_key, uuid.UUID) and chunk.attempts == 0
