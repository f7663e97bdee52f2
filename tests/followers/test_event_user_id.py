"""``WebhookEvent.user_id``: ``source.userId`` copied when an event is stored (both store paths, no
extra round trip), filled for older rows by a data migration, and what the conversation page and the
admin's search by user ID query (through the index, not the JSON payload)."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from django_linebot import followers, inbound
from django_linebot.channels import settings_channel
from django_linebot.models import WebhookEvent
from django_linebot.sdk.events import parse_webhook_body
from django_linebot.testing import make_event, make_webhook_body

from ..factories import LineUserFactory, WebhookEventFactory
from ..helpers import fill_event_log

pytestmark = pytest.mark.django_db

ALICE, BOB = "U" + "a" * 32, "U" + "b" * 32
EVENTS = "/admin/linebot/webhookevent/"


def deliveries() -> list[dict]:
    return [
        make_event(source={"type": "user", "userId": ALICE}),
        make_event(source={"type": "group", "groupId": "C1", "userId": BOB}),  # the sender in a group
        make_event("join", source={"type": "group", "groupId": "C1"}),  # no user
        make_event(source={"type": "user", "userId": 12345}),  # not a string: none
        make_event(source={"type": "user", "userId": "U\x00" + "x" * 90}),  # made storable, cut
        make_event(source="not an object"),
    ]


EXPECTED = [ALICE, BOB, "", "", ("U\ufffd" + "x" * 90)[:64], ""]


def statements(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"].split()[0] for q in queries.captured_queries if "linebot_webhookevent" in q["sql"]]


def test_the_store_path_fills_the_column_in_the_same_statements() -> None:
    """On PostgreSQL the one INSERT ... ON CONFLICT statement; elsewhere one SELECT and one INSERT."""
    body = parse_webhook_body(make_webhook_body(*deliveries()))
    with CaptureQueriesContext(connection) as queries:
        stored = inbound.store_events(settings_channel(), body)
    expected = ["INSERT"] if connection.vendor == "postgresql" else ["SELECT", "INSERT"]
    assert statements(queries) == expected
    assert [row.user_id for row, _ in stored] == EXPECTED  # the rows handed to receivers
    assert [WebhookEvent.objects.get(pk=row.pk).user_id for row, _ in stored] == EXPECTED


def test_the_other_store_path_fills_it_too() -> None:
    """The path PostgreSQL falls back to (and every other database's)."""
    body = parse_webhook_body(make_webhook_body(*deliveries()))
    with transaction.atomic():
        stored = inbound._store_events(settings_channel(), body, inbound._settling(False))
    assert [WebhookEvent.objects.get(pk=row.pk).user_id for row, _ in stored] == EXPECTED


def test_a_webhook_delivery_stores_the_user(post_webhook, linebot_settings) -> None:
    assert (
        post_webhook(make_webhook_body(make_event(source={"type": "user", "userId": ALICE}))).status_code
        == 200
    )
    assert WebhookEvent.objects.get().user_id == ALICE


def test_the_data_migration_fills_older_rows() -> None:
    migration = importlib.import_module("django_linebot.migrations.0006_webhookevent_user_id_fill")
    rows = [
        WebhookEventFactory(payload=make_event(source={"type": "user", "userId": ALICE})),
        WebhookEventFactory(payload=make_event(source={"type": "user", "userId": BOB})),
        WebhookEventFactory(payload=make_event(source={"type": "user", "userId": 7})),
        WebhookEventFactory(payload=make_event("join", source={"type": "group", "groupId": "C1"})),
        WebhookEventFactory(payload=["not", "an", "event"]),
    ]
    WebhookEvent.objects.update(user_id="")  # as stored before the column existed
    WebhookEvent.objects.filter(pk=rows[1].pk).update(user_id="kept")  # filled already: left alone
    migration.BATCH, batch = 2, migration.BATCH  # several batches
    try:
        migration.fill_user_ids(apps, SimpleNamespace(connection=connection))
    finally:
        migration.BATCH = batch
    found = dict(WebhookEvent.objects.values_list("pk", "user_id"))
    assert [found[row.pk] for row in rows] == [ALICE, "kept", "", "", ""]
    migration.fill_user_ids(apps, SimpleNamespace(connection=connection))  # again: nothing changes
    assert dict(WebhookEvent.objects.values_list("pk", "user_id")) == found


def test_the_conversation_finds_events_by_the_column() -> None:
    user = LineUserFactory(user_id=ALICE)
    WebhookEventFactory(payload=make_event(source={"type": "user", "userId": ALICE}))
    WebhookEventFactory(payload=make_event(source={"type": "user", "userId": BOB}))
    with CaptureQueriesContext(connection) as queries:
        items = followers.timeline(user)
    assert len(items) == 1 and items[0].row.user_id == ALICE
    [select] = [q["sql"] for q in queries.captured_queries if 'FROM "linebot_webhookevent"' in q["sql"]]
    where = select.split(" WHERE ", 1)[1]
    assert '"linebot_webhookevent"."user_id" =' in where
    assert "JSON" not in where.upper() and "->" not in where  # no payload read to find them


def test_the_admin_searches_a_user_id_by_the_column(admin_client, linebot_settings) -> None:
    for user_id, text in ((ALICE, "hello"), (ALICE, "again"), (BOB, f"say {ALICE[:10]}")):
        payload = make_event(
            source={"type": "user", "userId": user_id}, message={"type": "text", "id": "1", "text": text}
        )
        WebhookEventFactory(event_type="message", payload=payload)
    with CaptureQueriesContext(connection) as queries:
        html = admin_client.get(EVENTS, {"q": ALICE}).content.decode()
    assert "hello" in html and "again" in html and "say" not in html
    searches = [
        q["sql"] for q in queries.captured_queries if '"linebot_webhookevent"."user_id" =' in q["sql"]
    ]
    assert searches and not any("LIKE" in sql.upper() for sql in searches)
    html = admin_client.get(EVENTS, {"q": ALICE[:10]}).content.decode()  # not a user ID: the usual search
    assert "hello" in html and "say" in html
    html = admin_client.get(EVENTS, {"q": "hello"}).content.decode()  # the message text, as before
    assert "hello" in html and "again" not in html
    html = admin_client.get(EVENTS, {"user_id": BOB}).content.decode()  # the link of the user column
    assert "say" in html and "hello" not in html
    assert admin_client.get(EVENTS, {"q": "x" * 500}).status_code == 200


@pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="PostgreSQL's plan; scripts/test.sh runs it there"
)
def test_postgresql_answers_a_users_events_from_the_index() -> None:
    user = LineUserFactory(user_id=ALICE)
    for _ in range(3):
        WebhookEventFactory(payload=make_event(source={"type": "user", "userId": ALICE}))
    fill_event_log(user.channel.pk, 2000)  # other users' events, analyzed: the plan is not a tie
    query = WebhookEvent.objects.filter(channel=user.channel, user_id=ALICE).order_by("-received_at", "-id")[
        :50
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = query.explain()
    assert "linebot_we_user_channel" in plan, plan
