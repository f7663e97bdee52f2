"""Property-based: random and mutated bodies and headers never cause a 500, and store nothing unsigned;
every event of a signed delivery answered 200 is stored."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django_linebot import inbound
from django_linebot.models import WebhookEvent
from django_linebot.sdk import InvalidWebhookBody, parse_events_from_json
from django_linebot.testing import make_event, make_webhook_body, sign_body

pytestmark = pytest.mark.django_db

SECRET = "test-channel-secret"
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=True,
)

#: Text that may hold lone surrogates and NULs (JSON escapes them; databases refuse them).
any_text = st.text(st.characters() | st.characters(categories=["Cs"]) | st.just("\x00"), max_size=20)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | any_text,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
event_like = st.fixed_dictionaries(
    {
        "type": st.sampled_from(["message", "follow", "postback", "hologram", "", "join"])
        | st.text(max_size=8)
        | json_values
    },
    optional={
        "webhookEventId": st.text(max_size=70)
        | any_text
        | st.text(min_size=60, max_size=200)
        | st.integers(),
        "source": json_values,
        "message": json_values,
        "timestamp": json_values,
        "mode": json_values,
        "deliveryContext": json_values,
        "replyToken": json_values,
    },
)


@FUZZ
@given(body=st.binary(max_size=300), signature=st.one_of(st.none(), st.text(max_size=60)))
def test_random_bytes_and_headers(client, body, signature) -> None:
    headers = {} if signature is None else {"headers": {"X-Line-Signature": signature}}
    try:
        res = client.post("/line/webhook/", data=body, content_type="application/json", **headers)
    except ValueError:  # the test client refuses header values no HTTP server would pass on
        return
    assert res.status_code == 400
    assert not WebhookEvent.objects.exists()


def post_signed(client, body: bytes):
    return client.post(
        "/line/webhook/",
        data=body,
        content_type="application/json",
        HTTP_X_LINE_SIGNATURE=sign_body(body, SECRET),
    )


def assert_all_stored(events: list[dict], before: set[int]) -> None:
    """Each event is stored: a new row, or (same ID) a row stored before it."""
    ids = [inbound._stored_id(event.get("webhookEventId")) for event in events]
    new = WebhookEvent.objects.exclude(pk__in=before)
    assert new.filter(webhook_event_id__isnull=True).count() == ids.count(None)
    wanted = {i for i in ids if i is not None}
    stored = set(
        WebhookEvent.objects.filter(channel__from_settings=True, webhook_event_id__in=wanted).values_list(
            "webhook_event_id", flat=True
        )
    )
    assert stored == wanted
    assert new.count() == ids.count(None) + len(wanted - stored_before(wanted, before))


def stored_before(ids: set[str], before: set[int]) -> set[str]:
    return set(
        WebhookEvent.objects.filter(pk__in=before, webhook_event_id__in=ids).values_list(
            "webhook_event_id", flat=True
        )
    )


@FUZZ
@given(events=st.lists(event_like, max_size=4), destination=json_values)
def test_signed_structured_bodies(client, events, destination) -> None:
    """Whatever a signed body holds: never a 500 (the test client raises it), 200, every event stored."""
    body = json.dumps({"destination": destination, "events": events}).encode()
    before = set(WebhookEvent.objects.values_list("pk", flat=True))
    res = post_signed(client, body)
    assert res.status_code == 200
    assert_all_stored(events, before)


@FUZZ
@given(depth=st.integers(1, 5000), number=st.sampled_from(["1", "1e308", "1e400", "-1e400", "2e-400"]))
def test_signed_deep_or_huge_bodies(client, depth, number) -> None:
    """Deep nesting and numbers beyond a double: a 400 that says why, or 200 with the event stored."""
    event = make_event()
    text = json.dumps(event)[:-1] + f', "deep": {"[" * depth}{number}{"]" * depth}}}'
    body = ('{"destination": "Ubot", "events": [' + text + "]}").encode()
    before = set(WebhookEvent.objects.values_list("pk", flat=True))
    res = post_signed(client, body)
    assert res.status_code in (200, 400)
    if res.status_code == 400:
        assert "nested" in res.json()["message"] or "out of range" in res.json()["message"]
        assert not WebhookEvent.objects.exclude(pk__in=before).exists()
    else:
        assert_all_stored([event], before)


@FUZZ
@given(data=st.data())
def test_mutated_valid_bodies(client, data) -> None:
    body = bytearray(make_webhook_body(make_event(), make_event("postback", postback={"data": "a"})))
    signature = sign_body(bytes(body), SECRET)
    index = data.draw(st.integers(0, len(body) - 1))
    new = data.draw(st.integers(0, 255).filter(lambda b: b != body[index]))
    body[index] = new
    res = client.post(
        "/line/webhook/",
        data=bytes(body),
        content_type="application/json",
        HTTP_X_LINE_SIGNATURE=signature,
    )
    assert res.status_code == 400
    assert not WebhookEvent.objects.exists()


@FUZZ
@given(body=st.binary(max_size=200) | json_values.map(lambda v: json.dumps(v).encode()))
def test_parser_raises_only_invalid_webhook_body(body) -> None:
    try:
        events = parse_events_from_json(body)
    except InvalidWebhookBody:
        return
    for event in events:
        for name in (
            "type",
            "reply_token",
            "user_id",
            "message_id",
            "text",
            "webhook_event_id",
            "is_redelivery",
            "is_text_message",
            "is_user_event",
        ):
            getattr(event, name)
