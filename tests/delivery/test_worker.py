"""Delivery for real: Celery workers (separate processes) on a Redis broker, PostgreSQL, the fake LINE platform."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from collections import Counter

import pytest
from django.db import connection

from django_linebot import send
from django_linebot.models import OutgoingChunk, OutgoingMessage

from ..processes import celery_worker, stop
from .celery_apps import reset_connections

pytestmark = [pytest.mark.reliability, pytest.mark.django_db(transaction=True)]
SCALE = int(os.environ.get("LINEBOT_RELIABILITY_SCALE", "1"))

TEXT = [{"type": "text", "text": "hello"}]


@pytest.fixture
def broker(redis_url, django_db_setup, _line_platform_server):
    """Point this process's Celery app at Redis, on a queue of its own; yield a worker starter."""
    if connection.vendor != "postgresql":
        pytest.skip("workers share the test database only on PostgreSQL; scripts/test.sh runs these there")
    from example_project.celery import app

    queue = f"linebot-test-{uuid.uuid4().hex[:8]}"
    base = redis_url.rsplit("/", 1)[0] + "/1"
    saved = {k: app.conf[k] for k in ("task_always_eager", "broker_url", "task_default_queue")}
    app.conf.update(task_always_eager=False, broker_url=base, task_default_queue=queue)
    reset_connections(app)
    workers: list[subprocess.Popen] = []

    def start_worker(name: str, **env: str) -> subprocess.Popen:
        proc = celery_worker(name, queue, base, _line_platform_server.url, extra_env=env)
        workers.append(proc)
        return proc

    yield start_worker
    for proc in workers:
        stop(proc)
    app.conf.update(**saved)
    reset_connections(app)


def wait_until_done(messages: list[OutgoingMessage], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    pending = set(OutgoingChunk.PENDING_STATUSES)
    ids = [m.pk for m in messages]
    while time.monotonic() < deadline:
        if not OutgoingChunk.objects.filter(message_id__in=ids, status__in=pending).exists():
            return
        time.sleep(0.2)
    stuck = list(
        OutgoingChunk.objects.filter(message_id__in=ids, status__in=pending).values(
            "pk", "status", "attempts", "last_error"
        )[:5]
    )
    raise AssertionError(f"not delivered within {timeout}s: {stuck}")


def accepted_once(fake) -> Counter:
    """How often LINE accepted each retry key (it must be once)."""
    return Counter(s["retry_key"] for s in fake.sent_messages)


def test_random_faults_lose_nothing_and_duplicate_nothing(broker, line_platform) -> None:
    line_platform.set_fault_rate(0.33, ("500", "429", "timeout", "drop", "drop_after"))
    broker("faults")
    pushes = 40 * SCALE
    messages = [send.push(None, f"U{i:05d}", TEXT) for i in range(pushes)]
    users = [f"M{i:06d}" for i in range(2000 * SCALE)]
    messages.append(send.multicast(None, users, TEXT))
    messages += [send.broadcast(None, TEXT) for _ in range(2)]
    messages.append(send.narrowcast(None, TEXT))
    wait_until_done(messages, timeout=120 * SCALE)

    chunks = list(OutgoingChunk.objects.all())
    assert len(chunks) == pushes + 4 * SCALE + 2 + 1
    assert {c.status for c in chunks} == {OutgoingChunk.Status.SENT}
    counts = accepted_once(line_platform)
    assert set(counts) == {str(c.retry_key) for c in chunks}  # none lost
    assert set(counts.values()) == {1}  # none duplicated
    pushed = sorted(s["to"] for s in line_platform.sent_messages if s["kind"] == "push")
    assert pushed == [f"U{i:05d}" for i in range(pushes)]
    multicast = [u for s in line_platform.sent_messages if s["kind"] == "multicast" for u in s["to"]]
    assert sorted(multicast) == users
    faults = sum(
        1 for r in line_platform.requests if r.status != 200 and r.path.startswith("/v2/bot/message/")
    )
    assert faults > 5, "the fault injection did not bite"
    assert max(c.attempts for c in chunks) > 1


def test_worker_killed_mid_send_delivers_once(broker, line_platform) -> None:
    first = broker("doomed")
    line_platform.add_fault(path="/v2/bot/message/push", delay=2.0)  # LINE is slow: the worker dies waiting
    message = send.push(None, "Ukilled", TEXT)
    deadline = time.monotonic() + 30
    while not line_platform.requests_to("/v2/bot/message/push") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert line_platform.requests_to("/v2/bot/message/push"), "the worker never sent"
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    broker("rescuer")
    wait_until_done([message], timeout=90)
    chunk = message.chunks.get()
    assert chunk.status == OutgoingChunk.Status.SENT and chunk.attempts == 2
    assert len(line_platform.sent_messages) == 1  # LINE accepted it once
    assert chunk.accepted_request_id == line_platform.sent_messages[0]["request_id"]


def test_hundred_thousand_recipients_in_200_chunks(broker, line_platform) -> None:
    line_platform.set_rate_limit(r"/v2/bot/message/multicast$", 200, 1.0)  # LINE's limit, enforced
    broker("fanout")
    users = [f"U{i:06d}" for i in range(100_000)]
    message = send.multicast(None, users, TEXT)
    assert message.chunks.count() == 200
    wait_until_done([message], timeout=120)
    requests = line_platform.requests_to("/v2/bot/message/multicast")
    assert [r.status for r in requests].count(429) == 0
    assert len(requests) == 200
    delivered = Counter(u for s in line_platform.sent_messages for u in s["to"])
    assert len(delivered) == 100_000 and set(delivered.values()) == {1}
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.SENT


def test_monthly_quota_fails_at_once(broker, line_platform) -> None:
    line_platform.quota = 0
    broker("quota")
    message = send.push(None, "U1", TEXT)
    wait_until_done([message], timeout=60)
    message.refresh_from_db()
    chunk = message.chunks.get()
    assert message.status == OutgoingMessage.Status.FAILED and chunk.attempts == 1
    assert "You have reached your monthly limit." in chunk.last_error
    assert len(line_platform.requests_to("/v2/bot/message/push")) == 1


def test_webhook_deliveries_drained_by_real_workers_one_lost_mid_drain(
    broker, line_platform, settings, client
) -> None:
    """Celery mode: deliveries share drains of the channel; a worker killed mid-drain loses no event.

    Every event is dispatched (the one in flight when the worker died may be dispatched again: its
    second reply is refused by LINE, and its row records that), and every reply token LINE gave is
    answered.
    """
    from django_linebot.models import WebhookEvent
    from django_linebot.testing import make_event, make_webhook_body, sign_body

    settings.LINEBOT = {**settings.LINEBOT, "DISPATCH": "celery"}
    first = broker("drainer", LINEBOT_TEST_ECHO_BOT="1")
    line_platform.add_fault(path="/v2/bot/message/reply", delay=0.5, times=3)  # slow replies: it dies in one
    tokens = [f"reply-{i}-{uuid.uuid4().hex[:6]}" for i in range(20 * SCALE)]
    for token in tokens:
        body = make_webhook_body(make_event(replyToken=token))
        response = client.post(
            "/line/webhook/",
            body,
            content_type="application/json",
            HTTP_X_LINE_SIGNATURE=sign_body(body, "test-channel-secret"),
        )
        assert response.status_code == 200
    deadline = time.monotonic() + 30
    while not line_platform.requests_to("/v2/bot/message/reply") and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    broker("rescuer", LINEBOT_TEST_ECHO_BOT="1")
    deadline = time.monotonic() + 90
    while WebhookEvent.objects.filter(status=WebhookEvent.Status.PENDING).exists():
        assert time.monotonic() < deadline, "events still pending"
        time.sleep(0.2)
    replied = Counter(r.json["replyToken"] for r in line_platform.requests_to("/v2/bot/message/reply"))
    assert set(replied) == set(tokens)
    accepted = [
        r.json["replyToken"] for r in line_platform.requests_to("/v2/bot/message/reply") if r.status == 200
    ]
    assert sorted(accepted) == sorted(tokens)  # each token answered once
    statuses = Counter(WebhookEvent.objects.values_list("status", flat=True))
    assert statuses[WebhookEvent.Status.PROCESSED] >= len(tokens) - 1
