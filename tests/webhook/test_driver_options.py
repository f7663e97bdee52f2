"""The webhook under the psycopg options Django lets a project set: server-side binding, prepared statements.

The delivery's ``BEGIN`` once travelled in the same message as its INSERT (``"BEGIN; INSERT ..."``),
which a server-binding cursor refuses ("cannot insert multiple commands into a prepared
statement"): with ``OPTIONS["server_side_binding"] = True`` every delivery was answered 500.
(The store is now one statement in autocommit, with no ``BEGIN`` at all.) PostgreSQL with psycopg 3
only; scripts/test.sh runs these there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from django_linebot import signals
from django_linebot.models import WebhookEvent
from django_linebot.testing import make_event, make_webhook_body, sign_body

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "connection.vendor != 'postgresql'", reason="psycopg's options; scripts/test.sh runs it on PostgreSQL"
    ),
]


@pytest.fixture
def db_options(request: pytest.FixtureRequest) -> Iterator[dict[str, Any]]:
    """The connection's OPTIONS with ``request.param`` added, on a new connection; restored after."""
    pytest.importorskip("psycopg")
    options = connection.settings_dict.setdefault("OPTIONS", {})
    saved = dict(options)
    options.update(request.param)
    connection.close()
    yield options
    options.clear()
    options.update(saved)
    connection.close()


def _deliver(*events: dict) -> int:
    body = make_webhook_body(*events)
    return (
        Client()
        .post(
            "/line/webhook/",
            data=body,
            content_type="application/json",
            HTTP_X_LINE_SIGNATURE=sign_body(body, "test-channel-secret"),
        )
        .status_code
    )


@pytest.mark.parametrize(
    "db_options",
    [
        {"server_side_binding": True},
        {"prepare_threshold": 1},
        {"server_side_binding": True, "prepare_threshold": 1},
    ],
    indirect=True,
    ids=["server_side_binding", "prepare_threshold", "both"],
)
def test_deliveries_are_stored_dispatched_and_deduplicated(db_options: dict[str, Any]) -> None:
    seen: list[str] = []

    def receiver(event: Any, **kwargs: Any) -> None:
        seen.append(event.webhook_event_id)

    signals.message.connect(receiver, weak=False, dispatch_uid="driver-options")
    try:
        first = [make_event(webhookEventId=f"01DRV{i}") for i in range(3)]
        for _ in range(3):  # the same statements again: prepared from the second run on
            assert _deliver(*first) == 200
        more = [make_event(webhookEventId=f"01DRW{i}") for i in range(2)]
        assert _deliver(*more, first[0]) == 200
    finally:
        signals.message.disconnect(dispatch_uid="driver-options")
    assert seen == ["01DRV0", "01DRV1", "01DRV2", "01DRW0", "01DRW1"]
    rows = WebhookEvent.objects.order_by("webhook_event_id")
    assert [(r.webhook_event_id, r.status, r.attempts) for r in rows] == [
        (f"01DRV{i}", WebhookEvent.Status.PROCESSED, 1) for i in range(3)
    ] + [(f"01DRW{i}", WebhookEvent.Status.PROCESSED, 1) for i in range(2)]


@pytest.mark.parametrize("db_options", [{"prepare_threshold": 1}], indirect=True)
def test_with_prepared_statements_on_the_store_and_outcome_statements_are_prepared(
    db_options: dict[str, Any], signal_log
) -> None:
    for i in range(3):
        assert _deliver(make_event(webhookEventId=f"01PRP{i}")) == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any(s.startswith('INSERT INTO "linebot_webhookevent"') for s in prepared), prepared
    assert any(s.startswith('UPDATE "linebot_webhookevent"') for s in prepared), prepared


def test_without_the_options_nothing_is_prepared() -> None:
    """Django's default (prepared statements off, for connection poolers) is kept."""
    for i in range(3):
        assert _deliver(make_event(webhookEventId=f"01NOP{i}")) == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone()[0] == 0


@pytest.mark.parametrize("db_options", [{"server_side_binding": True}], indirect=True)
def test_a_delivery_is_one_insert_and_one_update_and_skips_what_is_stored(
    db_options: dict[str, Any], signal_log
) -> None:
    """The store is one statement in autocommit (its own transaction), then the outcome's UPDATE (a receiver runs)."""
    from django.test.utils import CaptureQueriesContext

    assert _deliver(make_event(webhookEventId="01NPL0")) == 200  # the channel's row is read, then kept
    with CaptureQueriesContext(connection) as queries:
        assert _deliver(make_event(webhookEventId="01NPL1"), make_event(webhookEventId="01NPL0")) == 200
    statements = [q["sql"].split()[0] for q in queries.captured_queries]
    assert statements == ["INSERT", "UPDATE"]  # 01NPL0, stored already, is skipped
    assert sorted(WebhookEvent.objects.values_list("webhook_event_id", "status")) == [
        ("01NPL0", WebhookEvent.Status.PROCESSED),
        ("01NPL1", WebhookEvent.Status.PROCESSED),
    ]
