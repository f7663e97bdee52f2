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
    """Blocks of 8,000 IDs are de-duplicated against the IDs of the blocks before them."""
    ids = [_user(i) for i in range(10_000)] + [_user(i) for i in range(5_000, 15_000)]
    message = send.multicast(None, ids, TEXT)
    sent = [u for c in message.chunks.order_by("index") for u in c.recipients]
    assert sent == [_user(i) for i in range(15_000)]
    assert message.recipient_count == 15_000


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
