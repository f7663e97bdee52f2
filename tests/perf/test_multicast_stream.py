"""send.multicast streams its recipients: any iterable, chunks written as read, memory bounded for a queryset.

No timing here (bench/multicast_fanout.py measures the time to return); this measures memory.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator

import pytest
from django.db import connection

from django_linebot import send
from django_linebot.channels import settings_channel
from django_linebot.models import OutgoingChunk, WebhookEvent
from django_linebot.sdk.limits import MAX_MULTICAST_RECIPIENTS

# The test's own transaction never commits, so no chunk is handed to delivery: only the writing is measured.
pytestmark = pytest.mark.django_db

TEXT = [{"type": "text", "text": "Sale starts now"}]
ROWS = 100_000
#: Generous for a stream (a batch of chunks, under 1 MB for 8,000 IDs, plus the queryset's fetch buffer),
#: and well under what holding the 100,000 IDs takes (measured in the test itself).
BOUND = 4_000_000


def _user(i: int) -> str:
    return f"U{i:032x}"


@pytest.fixture
def user_table(linebot_settings) -> None:
    """100,000 rows whose ``webhook_event_id`` stands for a user ID column of the project's table."""
    channel = settings_channel()
    for start in range(0, ROWS, 10_000):
        WebhookEvent.objects.bulk_create(
            WebhookEvent(channel=channel, webhook_event_id=_user(i), event_type="follow", payload={})
            for i in range(start, start + 10_000)
        )


def _peak(call) -> tuple[object, int]:
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        result = call()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_100000_row_queryset_is_sent_in_bounded_memory(user_table) -> None:
    ids = WebhookEvent.objects.values_list("webhook_event_id", flat=True)
    message, peak = _peak(lambda: send.multicast(None, ids, TEXT))
    _, holding = _peak(lambda: list(dict.fromkeys(ids)))  # what a list-based multicast holds at least
    assert holding > BOUND  # the bound tells the two apart
    assert peak < BOUND, f"multicast of a {ROWS:,}-row queryset peaked at {peak:,} bytes"
    chunks = list(message.chunks.order_by("index").values_list("recipients", flat=True))
    assert len(chunks) == ROWS // MAX_MULTICAST_RECIPIENTS
    assert all(len(c) == MAX_MULTICAST_RECIPIENTS for c in chunks)
    assert sorted(u for c in chunks for u in c) == [_user(i) for i in range(ROWS)]
    assert message.recipient_count == ROWS
    assert message.chunks.filter(status=OutgoingChunk.Status.QUEUED).count() == len(chunks)


def test_a_queryset_with_repeated_ids_sends_each_user_once(linebot_settings) -> None:
    channel = settings_channel()
    WebhookEvent.objects.bulk_create(
        WebhookEvent(channel=channel, webhook_event_id=f"E{i}", event_type=f"U{i % 700}", payload={})
        for i in range(2100)
    )
    message = send.multicast(None, WebhookEvent.objects.values_list("event_type", flat=True), TEXT)
    sent = [u for c in message.chunks.order_by("index") for u in c.recipients]
    assert sorted(sent) == sorted(f"U{i}" for i in range(700))
    assert [len(c.recipients) for c in message.chunks.order_by("index")] == [500, 200]


def test_a_generator_is_read_once_in_a_stream_each_user_once(linebot_settings) -> None:
    read: list[int] = []

    def users() -> Iterator[str]:
        for i in range(1203):
            read.append(i)
            yield _user(i % 1201)  # the last two repeat the first two, across chunks
        yield ""  # skipped

    message = send.multicast(None, users(), TEXT)
    chunks = [c.recipients for c in message.chunks.order_by("index")]
    assert [len(c) for c in chunks] == [500, 500, 201]
    assert sorted(u for c in chunks for u in c) == sorted(_user(i) for i in range(1201))
    assert read == list(range(1203)) and message.recipient_count == 1201


def test_no_user_is_refused_and_writes_nothing(linebot_settings) -> None:
    with pytest.raises(ValueError, match="at least one user"):
        send.multicast(None, iter(["", ""]), TEXT)
    with pytest.raises(ValueError, match="not one string"):
        send.multicast(None, "U1", TEXT)
    assert not OutgoingChunk.objects.exists()


def test_ids_repeated_across_blocks_are_sent_once_in_the_order_first_read(linebot_settings) -> None:
    """In-process sending: blocks of 8,000 IDs are de-duplicated against the IDs of the blocks before them."""
    linebot_settings["SEND_MODE"] = "inline"
    ids = [_user(i) for i in range(10_000)] + [_user(i) for i in range(5_000, 15_000)]
    message = send.multicast(None, ids, TEXT)
    sent = [u for c in message.chunks.order_by("index") for u in c.recipients]
    assert sent == [_user(i) for i in range(15_000)]
    assert message.recipient_count == 15_000


def test_a_big_list_is_held_then_released_once_each_user_once_in_the_order_first_read(
    linebot_settings, django_capture_on_commit_callbacks
) -> None:
    """With Celery, more than 16 chunks' worth: written held, the repeats removed by the task, then queued."""
    ids = [_user(i) for i in range(10_000)] + [_user(i) for i in range(5_000, 15_000)] + [_user(3)]
    with django_capture_on_commit_callbacks() as callbacks:
        message = send.multicast(None, ids, TEXT)
    chunks = message.chunks.order_by("index")
    assert {c.status for c in chunks} == {OutgoingChunk.Status.HELD}  # not deliverable as written
    assert message.recipient_count > 15_000 and len(callbacks) == 1  # repeats across blocks counted, until
    assert send.deliver_chunks([chunks[0].pk]) == 1  # a held chunk handed to delivery anyway ...
    assert OutgoingChunk.objects.get(pk=chunks[0].pk).status == OutgoingChunk.Status.HELD  # ... is skipped
    assert send.release_held_chunks(message.pk) == len(chunks)
    assert send.release_held_chunks(message.pk) == 0  # once
    kept = message.chunks.exclude(status=OutgoingChunk.Status.CANCELLED).order_by("index")
    assert {c.status for c in kept} == {OutgoingChunk.Status.QUEUED}
    assert [u for c in kept for u in c.recipients] == [_user(i) for i in range(15_000)]
    message.refresh_from_db()
    assert message.recipient_count == 15_000


def test_a_held_chunk_left_with_no_new_user_is_cancelled(linebot_settings) -> None:
    ids = [_user(i) for i in range(8_500)] + [_user(i) for i in range(500)]
    message = send.multicast(None, ids, TEXT)
    send.release_held_chunks(message.pk)
    statuses = list(message.chunks.order_by("index").values_list("status", flat=True))
    assert statuses == [OutgoingChunk.Status.QUEUED] * 17 + [OutgoingChunk.Status.CANCELLED]


def test_a_lost_task_leaves_the_chunks_held_until_the_sweep_releases_and_sends_them(
    linebot_settings, line_platform
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from django_linebot.tasks.outbox import requeue_stale_chunks

    linebot_settings["CHANNEL_ACCESS_TOKEN"] = "token"
    ids = [_user(i) for i in range(9_000)] + [_user(i) for i in range(100)]
    message = send.multicast(None, ids, TEXT)  # the test's transaction never commits: no task ran
    assert requeue_stale_chunks(minutes=10) == 0  # held, but not for long
    OutgoingChunk.objects.filter(message=message).update(updated_at=timezone.now() - timedelta(minutes=11))
    assert requeue_stale_chunks(minutes=10) == 18  # released, then sent (eager Celery in the tests)
    delivered = [u for r in line_platform.requests_to("/v2/bot/message/multicast") for u in r.json["to"]]
    assert sorted(delivered) == sorted(_user(i) for i in range(9_000))
    statuses = list(message.chunks.order_by("index").values_list("status", flat=True))
    assert statuses == [OutgoingChunk.Status.SENT] * 18 + [OutgoingChunk.Status.CANCELLED]  # 100 repeats


def test_cancelling_a_held_message_cancels_its_chunks(linebot_settings) -> None:
    message = send.multicast(None, [_user(i) for i in range(9_000)], TEXT)
    assert send.cancel(message) == 18
    assert message.status == message.Status.CANCELLED
    assert send.release_held_chunks(message.pk) == 0


def test_the_calls_memory_is_bounded_whatever_the_size_of_a_list(linebot_settings) -> None:
    """The held path keeps no set of the IDs seen: the call's peak does not grow with the list."""
    peaks = {}
    for size in (40_000, 160_000):
        ids = [_user(i) for i in range(size)]
        _, peaks[size] = _peak(lambda ids=ids: send.multicast(None, ids, TEXT))
    _, holding = _peak(lambda: set(ids))  # what de-duplicating the whole list in the call holds at least
    assert holding > BOUND  # the bound tells the two apart
    assert peaks[160_000] < BOUND and peaks[160_000] < 2 * peaks[40_000], peaks


@pytest.mark.parametrize(
    "ids",
    [
        [_user(1), _user(2)],
        ["U1"],
        ['quote"d', "back\\slash"],
        ["tab\there", "\x7f", "\x00"],
        ["ユーザー", "\ud800"],
        ["", "x"],
        ["with space", "hy-phen", "under_score", "\x1f", "½"],
    ],
)
def test_a_chunk_is_written_as_json_dumps_writes_it(ids: list[str]) -> None:
    import json

    assert send._json_list(ids) == json.dumps(ids)


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's column compression")
def test_the_recipients_column_is_compressed_with_lz4_where_the_server_can() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)"
        )
        if cursor.fetchone() is None:
            pytest.skip("this PostgreSQL has no lz4")
        cursor.execute(
            "SELECT attcompression FROM pg_attribute WHERE attrelid = %s::regclass AND attname = 'recipients'",
            [OutgoingChunk._meta.db_table],
        )
        assert cursor.fetchone() == ("l",)


def test_a_held_message_that_shrinks_to_few_chunks_is_still_released_and_sent(
    linebot_settings, line_platform, django_capture_on_commit_callbacks
) -> None:
    """More than 16 chunks' worth read, fewer written (repeats within a block): the task still releases it.

    The one chunk left straddles two blocks of the call and named the user twice: sent once.
    """
    linebot_settings["CHANNEL_ACCESS_TOKEN"] = "token"
    with django_capture_on_commit_callbacks(execute=True):
        message = send.multicast(None, [_user(1)] * 8_001, TEXT)
    assert list(message.chunks.values_list("status", flat=True)) == [OutgoingChunk.Status.SENT]
    assert [r.json["to"] for r in line_platform.requests_to("/v2/bot/message/multicast")] == [[_user(1)]]
