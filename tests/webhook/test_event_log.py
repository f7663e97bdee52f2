"""The durable event log: duplicates, failing receivers, replay, Celery dispatch, pruning, async."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.dispatch import receiver
from django.utils import timezone

from django_linebot import inbound, signals
from django_linebot.models import WebhookEvent
from django_linebot.testing import make_event, make_webhook_body, sign_body

pytestmark = pytest.mark.django_db


def test_redelivered_duplicate_is_stored_and_dispatched_once(post_webhook, signal_log) -> None:
    event = make_event()
    assert post_webhook(make_webhook_body(event)).status_code == 200
    redelivered = {**event, "deliveryContext": {"isRedelivery": True}}
    assert post_webhook(make_webhook_body(redelivered)).status_code == 200
    assert post_webhook(make_webhook_body(event, event)).status_code == 200
    assert WebhookEvent.objects.count() == 1
    assert signal_log.names() == ["message", "webhook_event"]


def test_raising_receiver_does_not_stop_others(post_webhook, signal_log, caplog) -> None:
    ran = []

    @receiver(signals.message, weak=False, dispatch_uid="boom")
    def boom(sender, event, **kwargs):
        raise RuntimeError("receiver exploded")

    @receiver(signals.message, weak=False, dispatch_uid="after")
    def after(sender, event, **kwargs):
        ran.append(event.webhook_event_id)

    try:
        first, second = make_event(), make_event("message")
        res = post_webhook(make_webhook_body(first, second))
    finally:
        signals.message.disconnect(dispatch_uid="boom")
        signals.message.disconnect(dispatch_uid="after")
    assert res.status_code == 200
    assert ran == [first["webhookEventId"], second["webhookEventId"]]
    rows = list(WebhookEvent.objects.order_by("id"))
    assert [r.status for r in rows] == [WebhookEvent.Status.FAILED] * 2
    assert "receiver exploded" in rows[0].error and "Traceback" in rows[0].error
    assert signal_log.names().count("webhook_event") == 2
    assert any(
        "receiver exploded" in r.getMessage() or r.exc_info for r in caplog.records if r.levelname == "ERROR"
    )


def test_replay_failed_events(post_webhook) -> None:
    state = {"fail": True}

    @receiver(signals.follow, weak=False, dispatch_uid="flaky")
    def flaky(sender, **kwargs):
        if state["fail"]:
            raise ValueError("not yet")

    try:
        post_webhook(make_webhook_body(make_event("follow")))
        row = WebhookEvent.objects.get()
        assert row.status == WebhookEvent.Status.FAILED and row.attempts == 1
        state["fail"] = False
        inbound.replay(row)
        row.refresh_from_db()
        assert row.status == WebhookEvent.Status.PROCESSED and row.attempts == 2 and row.error == ""
        state["fail"] = True
        inbound.replay(row)
        state["fail"] = False
        call_command("linebot_replay_events")
        row.refresh_from_db()
        assert row.status == WebhookEvent.Status.PROCESSED and row.attempts == 4
    finally:
        signals.follow.disconnect(dispatch_uid="flaky")


def test_admin_replay_action(admin_client, post_webhook) -> None:
    post_webhook(make_webhook_body(make_event("follow")))
    row = WebhookEvent.objects.get()
    selected = {"action": "replay", "_selected_action": [row.pk]}
    res = admin_client.post("/admin/linebot/webhookevent/", selected, follow=True)
    assert b"Replay events that already succeeded?" in res.content  # it was processed: asked first
    res = admin_client.post("/admin/linebot/webhookevent/", {**selected, "confirm": "yes"}, follow=True)
    assert res.status_code == 200 and b"Replayed 1 event(s)" in res.content
    row.refresh_from_db()
    assert row.attempts == 2


def test_admin_pages_render(admin_client, post_webhook) -> None:
    post_webhook(make_webhook_body(make_event()))
    row = WebhookEvent.objects.get()
    assert admin_client.get("/admin/linebot/webhookevent/").status_code == 200
    assert admin_client.get(f"/admin/linebot/webhookevent/{row.pk}/change/").status_code == 200


def test_celery_dispatch_mode(post_webhook, signal_log, settings, django_capture_on_commit_callbacks) -> None:
    settings.LINEBOT = {**settings.LINEBOT, "DISPATCH": "celery"}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        user = {"type": "user", "userId": "U" + "2" * 32}  # one user's events: dispatched in order
        body = make_webhook_body(make_event(source=user), make_event("follow", source=user))
        assert post_webhook(body).status_code == 200
    assert signal_log.calls == []  # nothing runs before commit
    assert set(WebhookEvent.objects.values_list("status", flat=True)) == {WebhookEvent.Status.PENDING}
    for callback in callbacks:
        callback()  # eager Celery in the test settings
    assert signal_log.names() == ["message", "webhook_event", "follow", "webhook_event"]
    assert set(WebhookEvent.objects.values_list("status", flat=True)) == {WebhookEvent.Status.PROCESSED}


def _queued_tasks(monkeypatch) -> list[object]:
    """The webhook's Celery tasks, recorded instead of sent: a delivery's row IDs, or (PostgreSQL) a channel's."""
    from django_linebot import tasks

    queued: list[object] = []
    monkeypatch.setattr(tasks.dispatch_webhook_events, "delay", queued.append)
    monkeypatch.setattr(tasks.dispatch_channel_events, "delay", queued.append)
    return queued


@pytest.mark.skipif(
    "connection.vendor == 'postgresql'",
    reason="on PostgreSQL the webhook queues a drain of the channel: tests/webhook/test_channel_drain.py",
)
def test_celery_mode_queues_one_task_per_delivery_with_its_events_in_order(
    post_webhook, signal_log, settings, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    from django_linebot import tasks

    queued: list[list[int]] = []
    monkeypatch.setattr(tasks.dispatch_webhook_events, "delay", queued.append)
    settings.LINEBOT = {**settings.LINEBOT, "DISPATCH": "celery"}
    events = [make_event(webhookEventId=i) for i in ("01C", "01A", "01B")]  # LINE's order, not the IDs'
    with django_capture_on_commit_callbacks(execute=True):
        assert post_webhook(make_webhook_body(*events)).status_code == 200
    by_id = dict(WebhookEvent.objects.values_list("webhook_event_id", "pk"))
    assert queued == [[by_id["01C"], by_id["01A"], by_id["01B"]]]
    assert tasks.dispatch_webhook_events(queued[0]) == 3
    assert [e.webhook_event_id for e in signal_log.events("message")] == ["01C", "01A", "01B"]
    assert set(WebhookEvent.objects.values_list("status", "attempts")) == {(WebhookEvent.Status.PROCESSED, 1)}
    # The task run again (a worker lost after the receivers ran): nothing is dispatched twice.
    assert tasks.dispatch_webhook_events(queued[0]) == 0
    assert set(WebhookEvent.objects.values_list("attempts", flat=True)) == {1}


def test_celery_mode_queues_the_task_once_the_answer_is_sent(
    rf, settings, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    """The view's answer is made before the broker is called; the task is queued when the server closes it."""
    from django_linebot.views import webhook

    queued = _queued_tasks(monkeypatch)
    settings.LINEBOT = {**settings.LINEBOT, "DISPATCH": "celery"}
    body = make_webhook_body(make_event())
    request = rf.post(
        "/line/webhook/",
        body,
        content_type="application/json",
        HTTP_X_LINE_SIGNATURE=sign_body(body, "test-channel-secret"),
    )
    response = webhook(request)
    assert response.status_code == 200
    assert queued == []  # LINE has its answer; nothing waited for the broker
    request_finished.disconnect(
        close_old_connections
    )  # as Django's test client does: keep the test's connection
    try:
        with django_capture_on_commit_callbacks(execute=True):  # the test's transaction stands for autocommit
            response.close()  # what a WSGI or ASGI server does once the answer is sent
    finally:
        request_finished.connect(close_old_connections)
    row = WebhookEvent.objects.get()
    assert queued == [row.channel_id if connection.vendor == "postgresql" else [row.pk]]


def test_prune_old_processed_events(post_webhook) -> None:
    post_webhook(make_webhook_body(make_event(), make_event("follow")))
    old = timezone.now() - timedelta(days=31)
    WebhookEvent.objects.update(received_at=old)
    WebhookEvent.objects.filter(event_type="follow").update(status=WebhookEvent.Status.FAILED)
    call_command("linebot_prune_events")
    assert list(WebhookEvent.objects.values_list("event_type", flat=True)) == ["follow"]


def test_async_receiver_runs(post_webhook) -> None:
    seen = []

    async def on_message(sender, event, **kwargs):
        await asyncio.sleep(0)
        seen.append(event.text)

    signals.message.connect(on_message, weak=False, dispatch_uid="async")
    try:
        assert post_webhook(make_webhook_body(make_event())).status_code == 200
    finally:
        signals.message.disconnect(dispatch_uid="async")
    assert seen == ["hello"]


@pytest.mark.django_db(transaction=True)
def test_view_under_asgi(async_client) -> None:
    body = make_webhook_body(make_event())

    async def go():
        from asgiref.sync import sync_to_async
        from django.db import connections

        try:
            return await async_client.post(
                "/line/webhook/",
                data=body,
                content_type="application/json",
                headers={"X-Line-Signature": sign_body(body, "test-channel-secret")},
            )
        finally:
            await sync_to_async(connections.close_all)()  # the view ran in Django's sync thread

    res = asyncio.run(go())
    assert res.status_code == 200
    assert WebhookEvent.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicate_deliveries_dispatch_once(connect) -> None:
    """Four deliveries of one event at the same time: one row, one dispatch."""
    from django.test import Client

    if connection.vendor != "postgresql":
        pytest.skip(
            "concurrent writers need PostgreSQL (SQLite locks the table); scripts/test.sh runs this there"
        )
    calls = []
    lock = threading.Lock()

    def count(sender, event, **kwargs):
        with lock:
            calls.append(event.webhook_event_id)

    connect(signals.message, count)  # disconnected by the fixture, whatever happens
    body = make_webhook_body(make_event())
    sig = sign_body(body, "test-channel-secret")
    barrier = threading.Barrier(4, timeout=10)
    statuses = []

    def deliver():
        try:
            barrier.wait()
            statuses.append(
                Client()
                .post(
                    "/line/webhook/",
                    data=body,
                    content_type="application/json",
                    HTTP_X_LINE_SIGNATURE=sig,
                )
                .status_code
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert statuses == [200] * 4
    assert WebhookEvent.objects.count() == 1
    assert len(calls) == 1


def test_nul_characters_are_stored_not_a_500(post_webhook, signal_log) -> None:
    """PostgreSQL refuses NUL in text and jsonb: the event is kept with U+FFFD instead (found by the fuzzer)."""
    event = make_event(
        "message", message={"type": "text", "id": "1", "text": "a\x00b"}, webhookEventId="ID\x00X"
    )
    assert post_webhook(make_webhook_body(event)).status_code == 200
    row = WebhookEvent.objects.get()
    assert row.payload["message"]["text"] in ("a\x00b", "a\ufffdb")
    assert signal_log.events("message")[0].text == "a\x00b"
    assert post_webhook(make_webhook_body(event)).status_code == 200
    assert WebhookEvent.objects.count() == 1


def test_events_stored_but_never_dispatched_are_swept(
    post_webhook, signal_log, settings, django_capture_on_commit_callbacks
) -> None:
    """The process died between storing and dispatching: the beat task dispatches, once."""
    from django_linebot.tasks import dispatch_stale_webhook_events

    settings.LINEBOT = {**settings.LINEBOT, "DISPATCH": "celery"}
    with django_capture_on_commit_callbacks(execute=False):  # the dispatch task is lost
        post_webhook(make_webhook_body(make_event()))
    assert dispatch_stale_webhook_events() == 0  # too recent: it may still be on its way
    WebhookEvent.objects.update(received_at=timezone.now() - timedelta(minutes=11))
    assert dispatch_stale_webhook_events() == 1
    assert signal_log.names() == ["message", "webhook_event"]
    assert WebhookEvent.objects.get().status == WebhookEvent.Status.PROCESSED
    assert dispatch_stale_webhook_events() == 0


def test_celery_broker_down_still_answers_200_and_the_sweep_dispatches(
    post_webhook, signal_log, settings, monkeypatch, caplog, django_capture_on_commit_callbacks
) -> None:
    """Queueing after commit never turns LINE's delivery into a 500: the stored event waits for the sweep."""
    from kombu.exceptions import OperationalError

    from django_linebot import tasks

    def refused(*args, **kwargs):
        raise OperationalError("[Errno 111] Connection refused")

    settings.LINEBOT = {**settings.LINEBOT, "DISPATCH": "celery"}
    monkeypatch.setattr(tasks.dispatch_webhook_events, "delay", refused)
    monkeypatch.setattr(tasks.dispatch_channel_events, "delay", refused)
    with django_capture_on_commit_callbacks(execute=True):
        assert post_webhook(make_webhook_body(make_event())).status_code == 200
    assert WebhookEvent.objects.get().status == WebhookEvent.Status.PENDING
    assert any("Celery broker" in r.getMessage() for r in caplog.records if r.levelname == "ERROR")
    WebhookEvent.objects.update(received_at=timezone.now() - timedelta(minutes=11))
    assert tasks.dispatch_stale_webhook_events() == 1
    assert signal_log.names() == ["message", "webhook_event"]
