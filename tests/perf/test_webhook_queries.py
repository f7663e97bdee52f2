"""The stored webhook path's cost, pinned: statements per delivery, the kept channel row, one outcome UPDATE.

The deliveries here run as the view runs them in production, outside any transaction
(``transaction=True``), where the channel's row is kept in the process. No timing: statements are counted.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from django_linebot import channels, inbound, signals
from django_linebot.models import Channel, WebhookEvent
from django_linebot.testing import make_event, make_webhook_body
from tests.factories import ChannelFactory
from tests.helpers import fill_event_log, refuse_stored_events

pytestmark = pytest.mark.django_db(transaction=True)

POSTGRESQL = "connection.vendor == 'postgresql'"

#: Statements of one delivery once the channel's row is kept, whatever its number of events:
#: PostgreSQL: the INSERT ... ON CONFLICT of every event, in autocommit its own transaction (one round
#: trip, no BEGIN or COMMIT), then the outcome UPDATE.
#: SQLite: BEGIN, the SELECT of the stored IDs, the bulk INSERT in a savepoint (its fallback inserts
#: row by row), COMMIT, the outcome UPDATE.
STATEMENTS = {"postgresql": ["INSERT", "UPDATE"]}
STATEMENTS_ELSEWHERE = ["BEGIN", "SELECT", "SAVEPOINT", "INSERT", "RELEASE", "COMMIT", "UPDATE"]


def _statements(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"].split()[0] for q in queries.captured_queries]


def _expected() -> list[str]:
    return STATEMENTS.get(connection.vendor, STATEMENTS_ELSEWHERE)


@pytest.mark.parametrize("events", [1, 100])
def test_statements_per_delivery(post_webhook, signal_log, events: int) -> None:
    assert post_webhook(make_webhook_body(make_event())).status_code == 200  # the row is read, then kept
    with CaptureQueriesContext(connection) as queries:
        res = post_webhook(make_webhook_body(*[make_event() for _ in range(events)]))
    assert res.status_code == 200
    statements = _statements(queries)
    if connection.vendor != "postgresql":  # SQLite's bulk INSERT is split in batches its parameters fit in
        fields = [f for f in WebhookEvent._meta.concrete_fields if not f.primary_key]
        batches = -(-events // connection.ops.bulk_batch_size(fields, [None] * events))
        assert statements.count("INSERT") == batches
        statements = [s for i, s in enumerate(statements) if s != "INSERT" or statements[i - 1] != "INSERT"]
    assert statements == _expected()
    assert WebhookEvent.objects.filter(status=WebhookEvent.Status.PROCESSED).count() == events + 1
    assert signal_log.names().count("webhook_event") == events + 1


def test_a_redelivery_writes_no_outcome(post_webhook, signal_log) -> None:
    body = make_webhook_body(make_event(), make_event())
    post_webhook(body)
    with CaptureQueriesContext(connection) as queries:
        assert post_webhook(body).status_code == 200
    assert "UPDATE" not in _statements(queries)
    assert WebhookEvent.objects.filter(status=WebhookEvent.Status.PROCESSED).count() == 2
    assert WebhookEvent.objects.count() == 2
    assert signal_log.names().count("webhook_event") == 2


@pytest.mark.skipif(POSTGRESQL, reason="the statement's commit waits for the disk on PostgreSQL")
def test_the_outcome_update_waits_for_the_disk_elsewhere(post_webhook) -> None:
    with CaptureQueriesContext(connection) as queries:
        post_webhook(make_webhook_body(make_event()))
    assert not any("synchronous_commit" in q["sql"] for q in queries.captured_queries)


@pytest.mark.skipif(f"not ({POSTGRESQL})", reason="PostgreSQL's synchronous_commit")
def test_only_the_outcome_update_skips_waiting_for_the_disk(post_webhook, signal_log) -> None:
    """The events' INSERT commits as always; the outcome UPDATE alone is committed without waiting."""
    with CaptureQueriesContext(connection) as queries:
        post_webhook(make_webhook_body(make_event(), make_event("follow")))
    relaxed = [q["sql"].split()[0] for q in queries.captured_queries if "synchronous_commit" in q["sql"]]
    assert relaxed == ["UPDATE"]


@pytest.mark.skipif(f"not ({POSTGRESQL})", reason="PostgreSQL's synchronous_commit")
def test_inside_a_transaction_the_outcome_update_is_a_plain_one() -> None:
    """A caller's transaction may hold the events themselves: its commit is never relaxed."""
    from django.db import transaction

    from django_linebot import inbound
    from django_linebot.channels import settings_channel
    from django_linebot.sdk.events import parse_webhook_body

    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        inbound.process_webhook(settings_channel(), parse_webhook_body(make_webhook_body(make_event())))
    assert not any("synchronous_commit" in q["sql"] for q in queries.captured_queries)
    assert WebhookEvent.objects.get().status == WebhookEvent.Status.PROCESSED


def test_mixed_outcomes_are_written_in_one_update(post_webhook, connect) -> None:
    def boom(sender: Any, event: Any, **kwargs: Any) -> None:
        raise RuntimeError("follow receiver exploded")

    connect(signals.follow, boom)
    post_webhook(make_webhook_body(make_event()))
    first, second, third = make_event(), make_event("follow"), make_event()
    with CaptureQueriesContext(connection) as queries:
        assert post_webhook(make_webhook_body(first, second, third)).status_code == 200
    assert _statements(queries).count("UPDATE") == 1
    rows = {row.webhook_event_id: row for row in WebhookEvent.objects.all()}
    assert rows[first["webhookEventId"]].status == WebhookEvent.Status.PROCESSED
    assert rows[third["webhookEventId"]].status == WebhookEvent.Status.PROCESSED
    failed = rows[second["webhookEventId"]]
    assert failed.status == WebhookEvent.Status.FAILED and "follow receiver exploded" in failed.error
    assert {row.attempts for row in rows.values()} == {1}
    assert all(row.processed_at is not None for row in rows.values())
    assert rows[first["webhookEventId"]].error == ""


# -- The kept channel row.


def _shop() -> Channel:
    return ChannelFactory(slug="shop", channel_secret="old-secret")


def _url(channel: Channel) -> str:
    return f"/line/webhook/{channel.slug}/"


def test_the_row_is_read_once_and_each_delivery_gets_its_own_copy(post_webhook, connect) -> None:
    shop = _shop()
    seen: list[Channel] = []
    connect(signals.message, lambda sender, channel, **kwargs: seen.append(channel))
    for _ in range(2):
        post_webhook(make_webhook_body(make_event()), url=_url(shop), secret="old-secret")
    with CaptureQueriesContext(connection) as queries:
        post_webhook(make_webhook_body(make_event()), url=_url(shop), secret="old-secret")
    assert not [q for q in queries.captured_queries if "linebot_channel" in q["sql"]]
    assert len(seen) == 3 and len({id(c) for c in seen}) == 3 and {c.pk for c in seen} == {shop.pk}


def test_a_secret_rotated_in_this_process_is_used_at_once(post_webhook) -> None:
    shop = _shop()
    assert (
        post_webhook(make_webhook_body(make_event()), url=_url(shop), secret="old-secret").status_code == 200
    )
    shop.rotate_secret("new-secret")
    with CaptureQueriesContext(connection) as queries:
        res = post_webhook(make_webhook_body(make_event()), url=_url(shop), secret="new-secret")
    assert res.status_code == 200
    assert len([q for q in queries.captured_queries if "linebot_channel" in q["sql"]]) == 1  # read again once
    shop.end_previous_secret()
    assert (
        post_webhook(make_webhook_body(make_event()), url=_url(shop), secret="old-secret").status_code == 400
    )


def test_a_secret_rotated_by_another_process_is_read_again_before_refusing(post_webhook) -> None:
    shop = _shop()
    assert (
        post_webhook(make_webhook_body(make_event()), url=_url(shop), secret="old-secret").status_code == 200
    )
    rotated = Channel.objects.get(pk=shop.pk)
    rotated.rotate_secret("new-secret")
    channels._webhook_channels["shop"] = (
        shop,
        channels.time.monotonic(),
    )  # this process still holds the old row
    res = post_webhook(make_webhook_body(make_event()), url=_url(shop), secret="new-secret")
    assert res.status_code == 200
    assert post_webhook(make_webhook_body(make_event()), url=_url(shop), secret="wrong").status_code == 400


def test_another_process_deactivating_the_channel_is_seen_within_the_ttl(post_webhook, monkeypatch) -> None:
    shop = _shop()
    assert (
        post_webhook(make_webhook_body(make_event()), url=_url(shop), secret="old-secret").status_code == 200
    )
    Channel.objects.filter(pk=shop.pk).update(is_active=False)  # no signal: as if in another process
    now = channels.time.monotonic()
    monkeypatch.setattr(channels.time, "monotonic", lambda: now + channels.WEBHOOK_CHANNEL_TTL + 1)
    res = post_webhook(make_webhook_body(make_event()), url=_url(shop), secret="old-secret")
    assert res.status_code == 404


def test_a_channel_deleted_by_another_process_is_a_404_and_stores_nothing(post_webhook) -> None:
    shop = _shop()
    assert (
        post_webhook(make_webhook_body(make_event()), url=_url(shop), secret="old-secret").status_code == 200
    )
    with connection.cursor() as cursor:  # no signal: as if in another process
        cursor.execute("DELETE FROM linebot_webhookevent WHERE channel_id = %s", [shop.pk])
        cursor.execute("DELETE FROM linebot_channel WHERE id = %s", [shop.pk])
    res = post_webhook(make_webhook_body(make_event()), url=_url(shop), secret="old-secret")
    assert res.status_code == 404
    assert not WebhookEvent.objects.exists()


def test_saving_or_deleting_a_channel_forgets_the_kept_rows(post_webhook) -> None:
    shop = _shop()
    post_webhook(make_webhook_body(make_event()), url=_url(shop), secret="old-secret")
    assert "shop" in channels._webhook_channels
    shop.is_active = False
    shop.save()
    assert not channels._webhook_channels
    assert (
        post_webhook(make_webhook_body(make_event()), url=_url(shop), secret="old-secret").status_code == 404
    )
    shop.is_active = True
    shop.save()
    post_webhook(make_webhook_body(make_event()), url=_url(shop), secret="old-secret")
    shop.delete()
    assert not channels._webhook_channels
    assert (
        post_webhook(make_webhook_body(make_event()), url=_url(shop), secret="old-secret").status_code == 404
    )


def test_nothing_is_kept_inside_a_transaction() -> None:
    from django.db import transaction

    shop = _shop()
    with transaction.atomic():
        assert channels.webhook_channel("shop") is not None
    assert not channels._webhook_channels
    assert channels.webhook_channel("shop").pk == shop.pk  # type: ignore[union-attr]
    assert "shop" in channels._webhook_channels


def test_a_refused_insert_outside_a_transaction_leaves_none_open(post_webhook, monkeypatch) -> None:
    """The INSERT refused (not as a duplicate): its transaction is rolled back, the delivery answered 500
    with nothing stored, and the connection serves the next delivery."""
    from django.test import Client

    from django_linebot.testing import sign_body

    post_webhook(make_webhook_body(make_event()))
    with monkeypatch.context() as patch:
        refuse_stored_events(patch)
        body = make_webhook_body(make_event(), make_event())
        res = Client(raise_request_exception=False).post(
            "/line/webhook/",
            data=body,
            content_type="application/json",
            HTTP_X_LINE_SIGNATURE=sign_body(body, "test-channel-secret"),
        )
    assert res.status_code == 500
    assert not connection.in_atomic_block
    if connection.vendor == "postgresql" and connection.connection is not None:
        from psycopg.pq import TransactionStatus

        assert connection.connection.info.transaction_status == TransactionStatus.IDLE
    assert WebhookEvent.objects.count() == 1
    assert post_webhook(make_webhook_body(make_event())).status_code == 200
    assert WebhookEvent.objects.count() == 2


def test_the_dispatch_task_reads_its_events_and_keeps_their_channel(monkeypatch) -> None:
    """Celery mode's task: one SELECT of its events, the outcome UPDATE; the channel row read once per TTL."""
    from django_linebot import inbound
    from django_linebot.sdk.events import parse_webhook_body
    from django_linebot.tasks import dispatch_webhook_events

    shop = _shop()
    user = {"type": "user", "userId": "U" + "3" * 32}  # one user: one partition of the channel drain
    body = make_webhook_body(make_event(source=user), make_event(source=user))
    stored = inbound.store_events(shop, parse_webhook_body(body))
    first, second = (row.pk for row, _ in stored)

    if connection.vendor == "postgresql":  # a message of an older version: the channel is drained
        with CaptureQueriesContext(connection) as queries:
            assert dispatch_webhook_events([first]) == 2
        # the channel; unmark, the channel row, the partitions pending; lock, the events, the outcome,
        # unlock; the partitions pending (none left)
        assert _statements(queries) == [
            *("SELECT", "UPDATE", "SELECT", "SELECT"),
            *("SELECT", "SELECT", "UPDATE", "SELECT"),
            "SELECT",
        ]
        assert dispatch_webhook_events([second, first]) == 0
    else:
        with CaptureQueriesContext(connection) as queries:
            assert dispatch_webhook_events([first]) == 1
        assert _statements(queries) == ["SELECT", "SELECT", "UPDATE"]  # the events, the channel, the outcome
        with CaptureQueriesContext(connection) as queries:
            assert dispatch_webhook_events([second, first]) == 1  # first is processed already: skipped
        assert _statements(queries) == ["SELECT", "UPDATE"]  # the channel is kept
    assert set(WebhookEvent.objects.values_list("status", "attempts")) == {(WebhookEvent.Status.PROCESSED, 1)}

    shop.save()  # any change of a channel in this process: read again
    assert channels.kept_channel(shop.pk) is not None
    assert channels.kept_channel(shop.pk) is not channels.kept_channel(shop.pk)  # a copy each time
    now = channels.time.monotonic()
    monkeypatch.setattr(channels.time, "monotonic", lambda: now + channels.WEBHOOK_CHANNEL_TTL + 1)
    with CaptureQueriesContext(connection) as queries:
        channels.kept_channel(shop.pk)
    assert _statements(queries) == ["SELECT"]  # a change by another process is seen within the TTL
    assert channels.kept_channel(-1) is None


@pytest.mark.skipif(f"not ({POSTGRESQL})", reason="PostgreSQL's query plan")
def test_the_outcome_update_finds_its_rows_by_index_not_by_scanning_the_log(post_webhook, signal_log) -> None:
    """The log holds thousands of events: the UPDATE of one delivery's outcome must not read them all.

    Joined to ``jsonb_to_recordset`` alone (estimated at 100 rows), the planner read the whole log
    for every delivery (1 ms of the server per delivery at 2,000 events, growing with the log).
    """
    post_webhook(make_webhook_body(make_event()))
    channel_id = WebhookEvent.objects.get().channel_id
    fill_event_log(channel_id, 5000)
    updates: list[tuple[str, Any]] = []

    def spy(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if sql.startswith("UPDATE"):
            updates.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        assert post_webhook(make_webhook_body(make_event(), make_event("follow"))).status_code == 200
    ((sql, params),) = updates
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan" not in plan, plan
    assert WebhookEvent.objects.filter(status=WebhookEvent.Status.PROCESSED).count() == 5003


def test_an_event_nobody_listens_to_is_stored_processed_by_the_insert_alone(post_webhook) -> None:
    """No receiver connected (not even to ``webhook_event``): the event is stored processed, no UPDATE follows."""
    post_webhook(make_webhook_body(make_event()))  # the channel's row is read, then kept
    with CaptureQueriesContext(connection) as queries:
        assert post_webhook(make_webhook_body(make_event(), make_event("follow"))).status_code == 200
    statements = _statements(queries)
    assert statements == (["INSERT"] if connection.vendor == "postgresql" else STATEMENTS_ELSEWHERE[:-1])
    rows = WebhookEvent.objects.all()
    assert {(row.status, row.attempts, row.error) for row in rows} == {(WebhookEvent.Status.PROCESSED, 1, "")}
    assert all(row.processed_at == row.received_at for row in rows)


def test_an_event_with_a_receiver_of_its_type_alone_is_dispatched_and_its_outcome_written(
    post_webhook, connect
) -> None:
    """The follow receiver runs and its event's outcome is written; the message event beside it is settled."""
    seen: list[str] = []
    connect(signals.follow, lambda sender, event, **kwargs: seen.append(event.type))
    post_webhook(make_webhook_body(make_event()))
    with CaptureQueriesContext(connection) as queries:
        assert post_webhook(make_webhook_body(make_event(), make_event("follow"))).status_code == 200
    assert _statements(queries)[-1] == "UPDATE"
    assert seen == ["follow"]
    follow = WebhookEvent.objects.get(event_type="follow")
    assert (follow.status, follow.attempts) == (WebhookEvent.Status.PROCESSED, 1)
    assert follow.processed_at > follow.received_at
    message = WebhookEvent.objects.filter(event_type="message").latest("received_at")
    assert (message.status, message.attempts) == (WebhookEvent.Status.PROCESSED, 1)
    assert message.processed_at == message.received_at  # settled by the INSERT, not by the UPDATE


def test_process_webhook_returns_only_the_rows_it_dispatched(connect) -> None:
    """The settled events are left out: no model instance is made for an event with nothing to call."""
    from django_linebot.channels import settings_channel
    from django_linebot.sdk.events import parse_webhook_body

    connect(signals.follow, lambda sender, event, **kwargs: None)
    follow, message = make_event("follow"), make_event()
    body = parse_webhook_body(make_webhook_body(message, follow, make_event()))
    rows = inbound.process_webhook(settings_channel(), body)
    assert [row.webhook_event_id for row in rows] == [follow["webhookEventId"]]
    assert WebhookEvent.objects.count() == 3
    stored = inbound.store_events(settings_channel(), parse_webhook_body(make_webhook_body(make_event())))
    assert len(stored) == 1  # store_events itself still returns every new row by default


def test_celery_mode_leaves_every_event_to_the_worker(post_webhook, settings, monkeypatch) -> None:
    """Settling needs the dispatching process's receivers: in Celery mode those are the worker's."""
    settings.LINEBOT = {**settings.LINEBOT, "DISPATCH": "celery"}
    queued: list[str] = []
    monkeypatch.setattr(inbound, "_delay", lambda task, *args: queued.append(task) or True)
    assert post_webhook(make_webhook_body(make_event())).status_code == 200
    assert queued
    assert WebhookEvent.objects.get().status == WebhookEvent.Status.PENDING


@pytest.mark.skipif(f"not ({POSTGRESQL})", reason="the channel drain's mark: PostgreSQL")
def test_celery_mode_stores_the_events_and_marks_the_drain_in_one_statement(
    post_webhook, settings, monkeypatch
) -> None:
    """The mark commits with the events (one commit a delivery); after the answer, only the broker is called."""
    from django_linebot.models import ChannelDispatch

    settings.LINEBOT = {**settings.LINEBOT, "DISPATCH": "celery"}
    queued: list[object] = []
    monkeypatch.setattr(inbound, "_delay", lambda task, argument, what: queued.append(argument) or True)
    post_webhook(make_webhook_body(make_event()))  # the channel's row is read, then kept
    ChannelDispatch.objects.update(queued_at=None)  # its drain started
    with CaptureQueriesContext(connection) as queries:
        assert post_webhook(make_webhook_body(make_event(), make_event())).status_code == 200
    assert _statements(queries) == ["WITH"]
    assert len(queued) == 2
    with CaptureQueriesContext(connection) as queries:  # that drain is queued and not started: no task
        assert post_webhook(make_webhook_body(make_event())).status_code == 200
    assert _statements(queries) == ["WITH"]
    assert len(queued) == 2
    assert WebhookEvent.objects.filter(status=WebhookEvent.Status.PENDING).count() == 4


@pytest.mark.skipif(f"not ({POSTGRESQL})", reason="PostgreSQL's synchronous_commit")
def test_a_drain_takes_its_mark_off_without_waiting_for_the_disk(post_webhook, settings, monkeypatch) -> None:
    """The mark is a hint: lost in a crash of PostgreSQL, it holds deliveries back WAKEUP_SECONDS at most."""
    from django_linebot.channels import settings_channel

    settings.LINEBOT = {**settings.LINEBOT, "DISPATCH": "celery"}
    monkeypatch.setattr(inbound, "_delay", lambda task, argument, what: True)
    post_webhook(make_webhook_body(make_event()))
    with CaptureQueriesContext(connection) as queries:
        assert inbound.drain_channel_events(settings_channel().pk) == (1, False)
    relaxed = [q["sql"].split()[0] for q in queries.captured_queries if "synchronous_commit" in q["sql"]]
    assert relaxed == ["UPDATE", "UPDATE"]  # the mark taken off, the outcome written
