"""Storing a delivery: on PostgreSQL one ``INSERT ... ON CONFLICT DO NOTHING RETURNING``, the same guarantees.

Each event stored once, before any receiver runs; stored events skipped; LINE's order kept for the
receivers; values the database cannot hold made storable; the rows handed to receivers are the rows
in the table. Every test runs on SQLite and on PostgreSQL (``DATABASE_URL``); the statement counts
are PostgreSQL's.
"""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.db import DataError, IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from django_linebot import inbound, signals
from django_linebot.channels import settings_channel
from django_linebot.models import WebhookEvent
from django_linebot.sdk.events import parse_webhook_body
from django_linebot.testing import make_event, make_webhook_body
from tests.helpers import refuse_stored_events

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="PostgreSQL's statement; scripts/test.sh runs it there"
)


def _store(*events: dict) -> list[tuple[WebhookEvent, object]]:
    return inbound.store_events(settings_channel(), parse_webhook_body(make_webhook_body(*events)))


def _event_statements(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"].split()[0] for q in queries.captured_queries if "linebot_webhookevent" in q["sql"]]


def test_new_events_are_stored_and_returned_in_lines_order_stored_ones_skipped() -> None:
    old = make_event(webhookEventId="01M")
    _store(old)
    events = [make_event(webhookEventId="01Z"), old, make_event("follow", webhookEventId="01A")]
    stored = _store(*events)
    assert [row.webhook_event_id for row, _ in stored] == ["01Z", "01A"]
    for row, event in stored:
        assert row.pk is not None and not row._state.adding
        assert row.channel == settings_channel()
        in_table = WebhookEvent.objects.get(pk=row.pk)
        assert in_table.webhook_event_id == event.webhook_event_id and in_table.payload == event.raw
        assert in_table.status == WebhookEvent.Status.PENDING and in_table.attempts == 0
    assert WebhookEvent.objects.count() == 3


def test_events_without_an_id_are_each_stored_and_matched_to_their_row() -> None:
    events = [
        make_event(webhookEventId=None, message={"type": "text", "id": str(i), "text": f"t{i}"})
        for i in range(5)
    ]
    events.insert(2, make_event(webhookEventId="01B"))
    stored = _store(*events)
    assert len(stored) == 6
    for row, event in stored:
        assert WebhookEvent.objects.get(pk=row.pk).payload == event.raw
    assert len(_store(*events)) == 5  # without an ID there is nothing to recognise them by


def test_the_same_event_twice_in_one_delivery_is_stored_once() -> None:
    event = make_event()
    assert len(_store(event, event, make_event())) == 2
    assert WebhookEvent.objects.count() == 2


@postgresql_only
def test_one_statement_stores_a_delivery_of_100_events_with_a_stored_one() -> None:
    first = make_event()
    _store(first)
    with CaptureQueriesContext(connection) as queries:
        stored = _store(*[make_event() for _ in range(99)], first)
    assert len(stored) == 99
    assert _event_statements(queries) == ["INSERT"]


@postgresql_only
def test_nul_and_lone_surrogates_are_made_storable_in_the_same_statement() -> None:
    event = make_event(message={"type": "text", "id": "1", "text": "a\x00b\ud800c \U0001f600"})
    with CaptureQueriesContext(connection) as queries:
        [(row, parsed)] = _store(event)
    assert _event_statements(queries) == ["INSERT"]
    assert WebhookEvent.objects.get(pk=row.pk).payload["message"]["text"] == "a\ufffdb\ufffdc \U0001f600"
    assert parsed.text == "a\x00b\ud800c \U0001f600"  # receivers get what LINE sent


def test_a_refused_statement_inside_a_transaction_leaves_it_usable(monkeypatch) -> None:
    """A refusal (here: a check constraint) falls back to the row-by-row path, which refuses too:
    the caller's transaction is still usable afterwards."""
    channel = settings_channel()
    refuse_stored_events(monkeypatch)
    body = parse_webhook_body(make_webhook_body(make_event()))
    with transaction.atomic():
        with pytest.raises((IntegrityError, DataError)), transaction.atomic():
            inbound.store_events(channel, body)
        assert WebhookEvent.objects.count() == 0  # the connection still answers


def test_receivers_share_one_lazy_client_per_delivery(post_webhook, connect) -> None:
    apis = []

    def keep(sender, api, **kwargs):
        apis.append(api)

    connect(signals.message, keep)
    post_webhook(make_webhook_body(make_event(), make_event()))
    assert len(apis) == 2 and apis[0] is apis[1]


def test_a_deliverys_events_are_received_a_microsecond_apart_in_lines_order_on_every_database() -> None:
    """Stored in event-ID order, but ``received_at`` gives LINE's: the save does not overwrite it."""
    stored = _store(make_event(webhookEventId="01Z"), make_event(webhookEventId="01B"), make_event())
    assert [row.webhook_event_id for row, _ in stored][:2] == ["01Z", "01B"]
    received = [WebhookEvent.objects.get(pk=row.pk).received_at for row, _ in stored]
    assert [b - a for a, b in itertools.pairwise(received)] == [timedelta(microseconds=1)] * 2
