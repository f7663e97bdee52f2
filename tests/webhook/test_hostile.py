"""Hostile but signed webhook bodies: a clear 400, or 200 with every event stored. Never a 500.

Run on SQLite and (with DATABASE_URL) on PostgreSQL: each refuses different things.
"""

from __future__ import annotations

import json

import pytest
from django.db import IntegrityError, connection

from django_linebot import inbound
from django_linebot.channels import settings_channel
from django_linebot.models import WebhookEvent
from django_linebot.sdk import InvalidWebhookBody, parse_events_from_json
from django_linebot.testing import make_event, make_webhook_body
from tests.helpers import refuse_stored_events

from ..factories import WebhookEventFactory

pytestmark = pytest.mark.django_db


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def event_json(**fields: object) -> str:
    """One event as JSON text, with ``fields`` spliced in as raw JSON text."""
    event = make_event()
    text = json.dumps(event)[:-1]
    return text + "".join(f', "{k}": {v}' for k, v in fields.items()) + "}"


def body_of(*events: str, destination: str = '"Ubot"') -> bytes:
    return f'{{"destination": {destination}, "events": [{", ".join(events)}]}}'.encode()


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (f'{{"events": {nested(100_000)}}}'.encode(), "nested"),
        (body_of(event_json(deep=nested(100_000))), "nested"),
        (body_of(event_json(deep=nested(500))), "nested"),
        (body_of(event_json(x="Infinity")), "Infinity"),
        (body_of(event_json(x="-Infinity")), "Infinity"),
        (body_of(event_json(x="NaN")), "NaN"),
        (body_of(event_json(x="1e400")), "out of range"),
        (body_of(event_json(x="-1e400")), "out of range"),
        (body_of(event_json(timestamp="1e999")), "out of range"),
        (b'{"events": [{"type": "message"}]}\xff', "not JSON"),
        (body_of(event_json(x="9" * 5000)), "digits"),
    ],
    ids=[
        "100k deep",
        "100k deep in an event",
        "500 deep in an event",
        "Infinity",
        "-Infinity",
        "NaN",
        "1e400",
        "-1e400",
        "timestamp 1e999",
        "not UTF-8",
        "5000-digit integer",
    ],
)
def test_refused_with_a_clear_400(body, says, post_webhook, signal_log) -> None:
    res = post_webhook(body)
    assert res.status_code == 400 and says in res.json()["message"]
    assert not WebhookEvent.objects.exists() and signal_log.calls == []


def test_long_integer_is_stored(post_webhook) -> None:
    assert post_webhook(body_of(event_json(x="9" * 4000))).status_code == 200
    assert WebhookEvent.objects.get().payload["x"] == int("9" * 4000)


def test_moderate_nesting_is_stored(post_webhook) -> None:
    assert post_webhook(body_of(event_json(deep=nested(40)))).status_code == 200
    assert WebhookEvent.objects.get().payload["deep"] == json.loads(nested(40))


@pytest.mark.parametrize("value", ['["message"]', '{"type": "message"}', "5", "null", "true"])
def test_event_type_that_is_not_a_string(value, post_webhook, signal_log) -> None:
    good = make_event("follow")
    res = post_webhook(body_of(event_json(type=value), json.dumps(good)))
    assert res.status_code == 200
    assert WebhookEvent.objects.count() == 2
    odd = WebhookEvent.objects.exclude(webhook_event_id=good["webhookEventId"]).get()
    assert odd.event_type == "" and odd.payload["type"] == json.loads(value)
    assert odd.status == WebhookEvent.Status.PROCESSED
    assert signal_log.names() == ["unknown_event", "webhook_event", "follow", "webhook_event"]
    assert odd.event.is_unknown_event  # the stored row reads back (replay, Celery dispatch)


@pytest.mark.parametrize("value", [2**64, -(2**70), 2**63, -(2**63) - 1, 10**40])
def test_timestamp_out_of_range_is_stored_as_null(value, post_webhook, signal_log) -> None:
    event = make_event(timestamp=value)
    assert post_webhook(make_webhook_body(event)).status_code == 200
    row = WebhookEvent.objects.get()
    assert row.timestamp is None and row.payload["timestamp"] == value
    assert signal_log.events("message")[0].timestamp == value


def test_timestamp_at_the_edges_of_the_range_is_kept(post_webhook) -> None:
    a, b = make_event(timestamp=2**63 - 1), make_event(timestamp=-(2**63))
    assert post_webhook(make_webhook_body(a, b)).status_code == 200
    assert set(WebhookEvent.objects.values_list("timestamp", flat=True)) == {2**63 - 1, -(2**63)}


def test_overlong_event_id_is_stored_and_deduplicated(post_webhook, signal_log) -> None:
    long_id = "X" * 65 + "-" + "Y" * 200
    event = make_event(webhookEventId=long_id)
    assert post_webhook(make_webhook_body(event)).status_code == 200
    row = WebhookEvent.objects.get()
    assert row.payload["webhookEventId"] == long_id
    assert row.webhook_event_id.startswith("sha256:") and len(row.webhook_event_id) == 64
    assert post_webhook(make_webhook_body(event)).status_code == 200  # LINE's redelivery
    other = make_event(webhookEventId=long_id + "Z")
    assert post_webhook(make_webhook_body(other)).status_code == 200
    assert WebhookEvent.objects.count() == 2
    assert signal_log.names() == ["message", "webhook_event"] * 2


@pytest.mark.parametrize("where", ["text", "webhookEventId", "type", "mode", "destination", "key"])
def test_lone_surrogate_is_stored(where, post_webhook, signal_log) -> None:
    event = make_event(webhookEventId="ID\\ud800X")
    text = json.dumps(event).replace("ID\\\\ud800X", "ID\\ud800X")
    destination = '"Ubot"'
    if where == "text":
        text = text.replace('"hello"', '"a\\ud800b\\udfff"')
    elif where == "type":
        text = text.replace('"type": "message"', '"type": "mess\\ud800age"', 1)
    elif where == "mode":
        text = text.replace('"mode": "active"', '"mode": "act\\udc00ive"')
    elif where == "destination":
        destination = '"U\\ud800bot"'
    elif where == "key":
        text = text[:-1] + ', "k\\ud800": 1}'
    body = body_of(text, destination=destination)
    assert post_webhook(body).status_code == 200
    row = WebhookEvent.objects.get()
    assert row.webhook_event_id == "ID\ufffdX"
    assert "\ud800" not in row.webhook_event_id + row.event_type + row.mode + row.destination
    assert len(signal_log.calls) == 2
    assert post_webhook(body).status_code == 200  # a redelivery is still recognised
    assert WebhookEvent.objects.count() == 1


def test_only_the_duplicate_constraint_means_duplicate() -> None:
    """Any other refusal of the insert propagates (the view answers 500 and LINE delivers again)."""
    channel = settings_channel()
    row = WebhookEvent(channel=channel, webhook_event_id="E1", event_type="message", payload={}, attempts=-1)
    with pytest.raises(IntegrityError):
        inbound._insert(row)
    assert not WebhookEvent.objects.exists()
    WebhookEventFactory(channel=channel, webhook_event_id="E1", event_type="message", payload={})
    twin = WebhookEvent(channel=channel, webhook_event_id="E1", event_type="message", payload={})
    assert inbound._insert(twin) is False


def test_a_refused_delivery_is_a_500_and_stores_nothing(post_webhook, monkeypatch) -> None:
    """Every way of storing refused (PostgreSQL's one statement, the bulk insert, the per-row retry), not for a
    duplicate: nothing is kept, LINE retries."""
    from django.test import Client

    from django_linebot.testing import sign_body

    settings_channel()  # made before the refusal (its row is not what is refused)
    refuse_stored_events(monkeypatch)
    body = make_webhook_body(make_event(), make_event())
    res = Client(raise_request_exception=False).post(
        "/line/webhook/",
        data=body,
        content_type="application/json",
        HTTP_X_LINE_SIGNATURE=sign_body(body, "test-channel-secret"),
    )
    assert res.status_code == 500
    assert not WebhookEvent.objects.exists()


def test_parser_refusals() -> None:
    for body in (
        f'{{"events": {nested(100_000)}}}',
        '{"events": [{"type": "message", "x": 1e400}]}',
        '{"events": [], "x": NaN}',
    ):
        with pytest.raises(InvalidWebhookBody):
            parse_events_from_json(body)
    [event] = parse_events_from_json('{"events": [{"type": ["message"]}]}')
    assert event.is_unknown_event and not event.is_message_event


def test_more_events_than_the_database_takes_parameters(post_webhook, monkeypatch) -> None:
    """A delivery with more event IDs than one query may carry (999 on older SQLite): all stored, once."""
    monkeypatch.setattr(type(connection.features), "max_query_params", 50)
    events = [make_event("follow") for _ in range(120)]
    body = make_webhook_body(*events)
    assert post_webhook(body).status_code == 200
    assert post_webhook(body).status_code == 200
    assert WebhookEvent.objects.count() == 120
    assert set(WebhookEvent.objects.values_list("status", flat=True)) == {WebhookEvent.Status.PROCESSED}
