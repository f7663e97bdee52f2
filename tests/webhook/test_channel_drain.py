"""Celery mode on PostgreSQL: a busy channel's deliveries share one queued drain of the channel.

The webhook queues ``linebot.dispatch_channel_events`` only while none is queued and not started
(``ChannelDispatch.queued_at``); the drain dispatches every pending event of the channel, one drain
at a time per channel under an advisory lock, and looks again after letting the lock go.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections  # noqa: F401 - connection: read by the skipif condition
from django.utils import timezone

from django_linebot import inbound, signals
from django_linebot.channels import webhook_channel
from django_linebot.models import ChannelDispatch, WebhookEvent
from django_linebot.sdk.events import parse_webhook_body
from django_linebot.testing import make_event, make_webhook_body

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        "connection.vendor != 'postgresql'",
        reason="the channel drain needs PostgreSQL's advisory locks (elsewhere one task a delivery); "
        "scripts/test.sh runs this module on PostgreSQL",
    ),
]


@pytest.fixture
def celery_mode(settings, monkeypatch) -> list[object]:
    """DISPATCH = "celery", the drains the webhook queues recorded instead of sent."""
    from django_linebot import tasks

    settings.LINEBOT = {**settings.LINEBOT, "DISPATCH": "celery"}
    queued: list[object] = []
    monkeypatch.setattr(tasks.dispatch_channel_events, "delay", queued.append)
    return queued


#: One user: a user's events are dispatched in the order received (different users' side by side).
ONE_USER = {"type": "user", "userId": "U" + "1" * 32}


def _event(**fields):
    return make_event(source=ONE_USER, **fields)


def _deliver(post_webhook, *events) -> None:
    assert post_webhook(make_webhook_body(*events)).status_code == 200


def test_deliveries_share_the_drain_queued_until_it_starts(
    post_webhook, signal_log, celery_mode, django_capture_on_commit_callbacks
) -> None:
    from django_linebot import tasks

    with django_capture_on_commit_callbacks(execute=True):
        _deliver(post_webhook, _event(webhookEventId="01A"))
        _deliver(post_webhook, _event(webhookEventId="01B"), _event(webhookEventId="01C"))
        _deliver(post_webhook, _event(webhookEventId="01D"))
    channel_id = WebhookEvent.objects.values_list("channel_id", flat=True).first()
    assert celery_mode == [channel_id]  # one task for three deliveries
    assert ChannelDispatch.objects.get(pk=channel_id).queued_at is not None
    assert signal_log.calls == []

    assert tasks.dispatch_channel_events(channel_id) == 4
    assert [e.webhook_event_id for e in signal_log.events("message")] == ["01A", "01B", "01C", "01D"]
    assert set(WebhookEvent.objects.values_list("status", "attempts")) == {(WebhookEvent.Status.PROCESSED, 1)}
    assert ChannelDispatch.objects.get(pk=channel_id).queued_at is None
    assert tasks.dispatch_channel_events(channel_id) == 0  # run again (redelivered): nothing twice

    with django_capture_on_commit_callbacks(execute=True):
        _deliver(post_webhook, _event(webhookEventId="01E"))
    assert celery_mode == [channel_id, channel_id]  # the drain started: the next delivery queues another


def test_a_delivery_queues_again_once_the_mark_is_older_than_the_wakeup(
    post_webhook, celery_mode, django_capture_on_commit_callbacks
) -> None:
    """A drain lost with its broker holds the channel back for WAKEUP_SECONDS at most."""
    with django_capture_on_commit_callbacks(execute=True):
        _deliver(post_webhook, _event())
        _deliver(post_webhook, _event())
    assert len(celery_mode) == 1
    ChannelDispatch.objects.update(queued_at=timezone.now() - timedelta(seconds=inbound.WAKEUP_SECONDS + 1))
    with django_capture_on_commit_callbacks(execute=True):
        _deliver(post_webhook, _event())
    assert len(celery_mode) == 2


def test_a_refused_drain_is_unmarked_so_the_next_delivery_queues_it(
    post_webhook, settings, monkeypatch, caplog, django_capture_on_commit_callbacks
) -> None:
    from kombu.exceptions import OperationalError

    from django_linebot import tasks

    tries: list[int] = []

    def refused(channel_id):
        tries.append(channel_id)
        raise OperationalError("[Errno 111] Connection refused")

    settings.LINEBOT = {**settings.LINEBOT, "DISPATCH": "celery"}
    monkeypatch.setattr(tasks.dispatch_channel_events, "delay", refused)
    for _ in range(2):  # each queued once its delivery is answered, as the view does
        with django_capture_on_commit_callbacks(execute=True):
            _deliver(post_webhook, _event())
    assert len(tries) == 2  # each delivery tried: the mark was taken back
    assert ChannelDispatch.objects.get().queued_at is None
    assert any("Celery broker" in r.getMessage() for r in caplog.records if r.levelname == "ERROR")


def test_events_go_out_in_the_order_received_and_a_delivery_in_lines_order(
    post_webhook, signal_log, celery_mode, django_capture_on_commit_callbacks
) -> None:
    """Stored in event-ID order (for their locks), dispatched in LINE's: ``received_at`` is a microsecond apart."""
    from django_linebot import tasks

    with django_capture_on_commit_callbacks(execute=True):
        _deliver(post_webhook, *[_event(webhookEventId=i) for i in ("01Z", "01B", "01Y")])  # one timestamp
        _deliver(post_webhook, _event(webhookEventId="01A", timestamp=1_600_000_000_000))
    assert tasks.dispatch_channel_events(celery_mode[0]) == 4
    assert [e.webhook_event_id for e in signal_log.events("message")] == ["01Z", "01B", "01Y", "01A"]
    first, second, third = (
        WebhookEvent.objects.get(webhook_event_id=i).received_at for i in ("01Z", "01B", "01Y")
    )
    assert second - first == third - second == timedelta(microseconds=1)


def test_a_drain_stops_at_its_budget_and_queues_itself_again(
    post_webhook, signal_log, celery_mode, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    from django_linebot import tasks

    monkeypatch.setattr(inbound, "DRAIN_BUDGET", 3)
    with django_capture_on_commit_callbacks(execute=True):
        _deliver(post_webhook, *[_event() for _ in range(5)])
    channel_id = celery_mode.pop()
    assert tasks.dispatch_channel_events(channel_id) == 3
    assert celery_mode == [channel_id]  # queued itself again for the rest
    assert tasks.dispatch_channel_events(channel_id) == 2
    assert celery_mode == [channel_id]
    assert len(signal_log.events("message")) == 5


@pytest.mark.parametrize(
    ("save_every", "redone"),
    [(60.0, ["01A", "01B"]), (0.0, ["01B"])],
    ids=["outcomes-not-written-yet", "outcomes-written-per-event"],
)
def test_a_drain_interrupted_mid_way_lets_the_lock_go_and_the_next_dispatches_the_rest(
    post_webhook, celery_mode, connect, monkeypatch, django_capture_on_commit_callbacks, save_every, redone
) -> None:
    """A worker lost mid-drain: the events whose outcome is not written yet stay pending, and the
    redelivered task dispatches them again (at least once); a drain writes its outcomes every
    ``_SAVE_EVERY`` seconds, so that is its last fraction of a second, not its whole batch."""
    from django_linebot import tasks

    monkeypatch.setattr(inbound, "_SAVE_EVERY", save_every)
    seen: list[str] = []

    def dies_once(sender, event, **kwargs):
        seen.append(event.webhook_event_id)
        if len(seen) == 2:
            raise KeyboardInterrupt  # not an Exception: the receivers' guard lets it through, as a kill would

    connect(signals.message, dies_once)
    with django_capture_on_commit_callbacks(execute=True):
        _deliver(post_webhook, *[_event(webhookEventId=f"01{c}") for c in "ABC"])
    with pytest.raises(KeyboardInterrupt):
        tasks.dispatch_channel_events(celery_mode[0])
    assert tasks.dispatch_channel_events(celery_mode[0]) == len(redone) + 1  # the lock was let go
    assert seen == ["01A", "01B", *redone, "01C"]
    assert set(WebhookEvent.objects.values_list("status", flat=True)) == {WebhookEvent.Status.PROCESSED}


def _store(n: int, prefix: str, user: str | None = ONE_USER["userId"]) -> None:
    """``n`` events stored (not dispatched), of one user, or of a user each (``user=None``)."""
    channel = webhook_channel(None)
    assert channel is not None
    source = (lambda: {"type": "user", "userId": user}) if user else (lambda: None)
    body = make_webhook_body(
        *[make_event(source=source(), webhookEventId=f"{prefix}{i:04d}") for i in range(n)]
    )
    inbound.store_events(channel, parse_webhook_body(body))


def _in_thread(target) -> threading.Thread:
    def run() -> None:
        try:
            target()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_two_drains_at_once_dispatch_each_event_once(connect) -> None:
    calls: list[str] = []
    lock = threading.Lock()

    def count(sender, event, **kwargs):
        with lock:
            calls.append(event.webhook_event_id)

    connect(signals.message, count)
    _store(300, "01P", user=None)  # users in every partition
    channel_id = WebhookEvent.objects.values_list("channel_id", flat=True).first()
    barrier = threading.Barrier(2, timeout=10)
    results: list[tuple[int, bool]] = []

    def drain() -> None:
        barrier.wait()
        results.append(inbound.drain_channel_events(channel_id))

    threads = [_in_thread(drain) for _ in range(2)]
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(calls) == sorted(set(calls)) and len(calls) == 300
    assert sum(dispatched for dispatched, _ in results) == 300
    assert not WebhookEvent.objects.filter(status=WebhookEvent.Status.PENDING).exists()


@pytest.mark.django_db(transaction=True)
def test_a_drain_finding_the_lock_taken_leaves_its_events_to_the_holder(connect, monkeypatch) -> None:
    """The holder looks for pending events again after letting go, so a drain that gave way loses nothing.

    The race made on purpose: the holder has found nothing more to dispatch and is about to let the
    lock go when a delivery commits and its drain finds the lock still taken.
    """
    calls: list[str] = []
    connect(signals.message, lambda sender, event, **kwargs: calls.append(event.webhook_event_id))
    _store(2, "01H")
    channel_id = WebhookEvent.objects.values_list("channel_id", flat=True).first()
    letting_go, go_on = threading.Event(), threading.Event()
    holder_thread: list[int] = []
    lock_partition = inbound._lock_partition

    def slow_release(channel: int, partition: int, take: bool) -> bool:
        if not take and threading.get_ident() in holder_thread and not letting_go.is_set():
            letting_go.set()
            assert go_on.wait(timeout=20)
        return lock_partition(channel, partition, take)

    monkeypatch.setattr(inbound, "_lock_partition", slow_release)
    held: list[tuple[int, bool]] = []

    def hold() -> None:
        holder_thread.append(threading.get_ident())
        held.append(inbound.drain_channel_events(channel_id))

    holder = _in_thread(hold)
    try:
        assert letting_go.wait(timeout=20)
        assert calls == ["01H0000", "01H0001"]
        _store(3, "01L")  # a delivery committed as the holder lets go
        assert inbound.drain_channel_events(channel_id) == (0, False)  # its drain gives way
    finally:
        go_on.set()
        holder.join(timeout=60)
    assert held == [(5, False)]
    assert calls == ["01H0000", "01H0001", "01L0000", "01L0001", "01L0002"]


def _partition(user_id: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {inbound._PARTITION.format(partitions=inbound.DRAIN_PARTITIONS)} "
            "FROM (SELECT %s::text AS user_id) AS u",
            [user_id],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_drains_dispatch_different_users_side_by_side_and_each_user_in_order(connect) -> None:
    """A receiver waiting on LINE for one user does not hold up another user's events."""
    users = {}
    for n in range(200):  # two users in different partitions
        user = f"U{n:032d}"
        users.setdefault(_partition(user), user)
        if len(users) == 2:
            break
    (first_partition, slow_user), (_, other_user) = sorted(users.items())
    calls: list[tuple[str, str]] = []
    blocked, other_dispatched = threading.Event(), threading.Event()

    def record(sender, event, **kwargs):
        calls.append((event.user_id, event.webhook_event_id))
        if event.user_id == other_user:
            other_dispatched.set()
        elif not blocked.is_set():  # the slow user's first event: wait until the other user's went out
            blocked.set()
            assert other_dispatched.wait(timeout=20)

    connect(signals.message, record)
    _store(3, "01S", user=slow_user)
    _store(3, "01O", user=other_user)
    channel_id = WebhookEvent.objects.values_list("channel_id", flat=True).first()
    slow = _in_thread(lambda: inbound.drain_channel_events(channel_id))
    try:
        assert blocked.wait(timeout=20)  # the first drain holds the slow user's partition
        assert inbound.drain_channel_events(channel_id) == (3, False)  # the other user's, meanwhile
    finally:
        other_dispatched.set()
        slow.join(timeout=60)
    assert [e for u, e in calls if u == slow_user] == ["01S0000", "01S0001", "01S0002"]
    assert [e for u, e in calls if u == other_user] == ["01O0000", "01O0001", "01O0002"]
    assert calls.index((other_user, "01O0002")) < calls.index((slow_user, "01S0001"))
    assert first_partition < inbound.DRAIN_PARTITIONS


def test_the_stale_sweep_drains_only_events_older_than_its_cutoff(signal_log) -> None:
    """A fresh pending event may be in the hands of a webhook request (``"sync"``): the sweep leaves it."""
    from django_linebot import tasks

    _store(1, "01OLD")
    WebhookEvent.objects.update(received_at=timezone.now() - timedelta(minutes=11))
    _store(1, "01NEW")
    assert tasks.dispatch_stale_webhook_events() == 1
    assert [e.webhook_event_id for e in signal_log.events("message")] == ["01OLD0000"]
    assert WebhookEvent.objects.get(webhook_event_id="01NEW0000").status == WebhookEvent.Status.PENDING


def test_a_mark_taken_back_after_the_answer_logs_a_database_error_not_raises_it(
    post_webhook, monkeypatch, settings, caplog, django_capture_on_commit_callbacks
) -> None:
    """The drain is queued once LINE has its answer: a database error then must not escape ``close()``.

    The mark itself is written with the events (one statement); the broker refuses the drain, and
    taking the mark back fails too.
    """
    from django.db import OperationalError
    from kombu.exceptions import OperationalError as BrokerDown

    from django_linebot import tasks

    def refused(channel_id: int) -> None:
        raise BrokerDown("[Errno 111] Connection refused")

    def unreadable(channel_id: int) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    settings.LINEBOT = {**settings.LINEBOT, "DISPATCH": "celery"}
    monkeypatch.setattr(tasks.dispatch_channel_events, "delay", refused)
    monkeypatch.setattr(inbound, "_unmark_queued", unreadable)
    with django_capture_on_commit_callbacks(execute=True):
        _deliver(post_webhook, _event())
    assert WebhookEvent.objects.get().status == WebhookEvent.Status.PENDING  # for the sweep
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert any("could not be taken back" in message for message in errors)


def test_a_mark_the_database_refuses_is_logged_not_raised(celery_mode, monkeypatch, caplog) -> None:
    """``queue_channel_dispatch`` (a drain queueing itself again, the other store path) marks apart."""
    from django.db import OperationalError

    def refused(channel_id: int) -> bool:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(inbound, "_mark_queued", refused)
    inbound.queue_channel_dispatch(webhook_channel(None).pk)
    assert celery_mode == []
    assert any("could not be marked" in r.getMessage() for r in caplog.records if r.levelname == "ERROR")


def test_a_delivery_the_fast_statement_cannot_store_still_marks_and_queues_the_drain(
    post_webhook, celery_mode, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    """The other store path marks apart (``queue_channel_dispatch``): its statement carries no mark."""
    from django.db import DataError

    def refused(sql: str, params: list[object]) -> list[tuple[object, ...]]:
        raise DataError("a value the statement cannot hold")

    monkeypatch.setattr(inbound, "_in_a_transaction", refused)
    with django_capture_on_commit_callbacks(execute=True):
        _deliver(post_webhook, _event())
    channel_id = WebhookEvent.objects.get().channel_id
    assert celery_mode == [channel_id]
    assert ChannelDispatch.objects.get(pk=channel_id).queued_at is not None
