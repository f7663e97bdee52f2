"""Property-based: random and mutated bodies and headers never cause a 500, and store nothing unsigned."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
event_like = st.fixed_dictionaries(
    {
        "type": st.sampled_from(["message", "follow", "postback", "hologram", "", "join"])
        | st.text(max_size=8)
    },
    optional={
        "webhookEventId": st.text(max_size=70) | st.integers(),
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


@FUZZ
@given(events=st.lists(event_like, max_size=4), destination=json_values)
def test_signed_structured_bodies(client, events, destination) -> None:
    body = json.dumps({"destination": destination, "events": events}).encode()
    before = WebhookEvent.objects.count()
    res = client.post(
        "/line/webhook/",
        data=body,
        content_type="application/json",
        HTTP_X_LINE_SIGNATURE=sign_body(body, SECRET),
    )
    assert res.status_code == 200
    assert WebhookEvent.objects.count() <= before + len(events)


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
