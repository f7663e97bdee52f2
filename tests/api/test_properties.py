"""Property: whatever a client sends to a write endpoint of the REST API, the answer is success or a
4xx whose body names the problem (a field, ``detail`` or ``non_field_errors``); never a 500."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from django_linebot import richmenus
from django_linebot.models import Channel, RichMenu

from ..factories import ChannelFactory, RichMenuFactory, WebhookEventFactory

pytestmark = pytest.mark.django_db(transaction=True)

API = "/api/line"
PROBLEM_KEYS = {"detail", "non_field_errors"}

TEXT = st.one_of(
    st.text(max_size=20),
    st.text(st.characters(exclude_categories=()), max_size=6),  # lone surrogates, NUL, controls
    st.sampled_from(["", "\ud800", "a\x00b", "..", "/", "text", "buttons", "carousel", "audience", "U1"]),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(TEXT, st.sampled_from(["type", "text", "actions", "columns", "items"])),
            inner,
            max_size=4,
        ),
    ),
    max_leaves=12,
)
ACTION = st.fixed_dictionaries(
    {"type": st.sampled_from(["message", "postback", "uri"]), "label": TEXT, "text": TEXT, "data": TEXT}
)


def mutated(base: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[Any]:
    """A plausible object with some of its values replaced by arbitrary JSON, or arbitrary JSON."""

    def mutate(obj: dict[str, Any], keys: list[str], values: list[Any]) -> dict[str, Any]:
        out = dict(obj)
        for key, value in zip(keys, values, strict=False):
            out[key] = value
        return out

    return st.one_of(
        base,
        st.builds(
            mutate,
            base,
            st.lists(st.sampled_from(["type", "text", "template", "actions", "x"])),
            st.lists(JSON),
        ),
        JSON,
    )


TEMPLATE = st.one_of(
    st.fixed_dictionaries(
        {"type": st.just("buttons"), "text": TEXT, "actions": st.one_of(st.lists(ACTION, max_size=5), JSON)}
    ),
    st.fixed_dictionaries(
        {"type": st.just("confirm"), "text": TEXT, "actions": st.lists(ACTION, max_size=3)}
    ),
    st.fixed_dictionaries(
        {
            "type": st.sampled_from(["carousel", "image_carousel"]),
            "columns": st.one_of(
                st.lists(
                    st.one_of(
                        st.fixed_dictionaries({"text": TEXT, "actions": st.lists(ACTION, max_size=4)}),
                        st.fixed_dictionaries({"imageUrl": TEXT, "action": st.one_of(ACTION, JSON)}),
                        JSON,
                    ),
                    max_size=3,
                ),
                JSON,
            ),
        }
    ),
)
MESSAGE = mutated(
    st.one_of(
        st.fixed_dictionaries({"type": st.sampled_from(["text", "textV2"]), "text": TEXT}),
        st.fixed_dictionaries({"type": st.just("template"), "altText": TEXT, "template": TEMPLATE}),
        st.fixed_dictionaries({"type": st.just("imagemap"), "altText": TEXT, "actions": JSON}),
        st.fixed_dictionaries({"type": st.just("text"), "text": TEXT, "quickReply": JSON}),
        st.fixed_dictionaries({"type": st.just("flex"), "altText": TEXT, "contents": JSON}),
    )
)
SEND = st.fixed_dictionaries(
    {"kind": st.one_of(st.sampled_from(["push", "multicast", "broadcast", "narrowcast"]), JSON)},
    optional={
        "to": st.one_of(st.just("U1"), JSON),
        "user_ids": st.one_of(st.lists(st.sampled_from(["U1", "U2"]), max_size=3), JSON),
        "messages": st.one_of(st.lists(MESSAGE, max_size=6), JSON),
        "recipient": st.one_of(st.just({"type": "audience", "audienceGroupId": 1}), JSON),
        "filter": JSON,
        "limit": st.one_of(st.just({"max": 5}), JSON),
        "notification_disabled": JSON,
        "channel": st.one_of(st.just("CHANNEL"), JSON),
    },
)
AREA = mutated(
    st.fixed_dictionaries(
        {
            "x": st.integers(-10, 3000),
            "y": st.integers(-10, 900),
            "width": st.integers(-10, 3000),
            "height": st.integers(-10, 900),
            "action": st.one_of(ACTION, JSON),
        }
    )
)
MENU = st.fixed_dictionaries(
    {},
    optional={
        "name": st.one_of(st.just("Main"), JSON),
        "chat_bar_text": st.one_of(st.just("Menu"), JSON),
        "selected": JSON,
        "channel": st.one_of(st.just("CHANNEL"), st.just(None), JSON),
        "areas": st.one_of(st.lists(AREA, max_size=3), st.lists(AREA, max_size=3).map(json.dumps), JSON),
        "image": JSON,
    },
)
USERS = st.one_of(
    st.fixed_dictionaries({"user_ids": st.one_of(st.lists(TEXT, max_size=4), JSON)}),
    st.fixed_dictionaries({"alias_id": st.one_of(st.from_regex(r"[a-z0-9_-]{1,32}", fullmatch=True), JSON)}),
    JSON,
)
#: Neither NUL nor a lone surrogate (category Cs): PostgreSQL's jsonb holds neither, and the webhook
#: replaces both before it stores a payload; the ``surrogate`` case below puts one in on SQLite only.
NO_NUL = st.characters(exclude_characters="\x00", exclude_categories=("Cs",))
STORED = st.recursive(
    # what a database holds: PostgreSQL stores no NUL (the webhook replaces it), SQLite may
    st.one_of(st.none(), st.booleans(), st.integers(-(2**60), 2**60), st.text(NO_NUL, max_size=10)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(NO_NUL, max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)

SEND_FIELDS = {"kind", "to", "user_ids", "messages", "recipient", "filter", "limit", "notification_disabled"}
SEND_FIELDS |= {"channel"}
MENU_FIELDS = {"name", "chat_bar_text", "selected", "channel", "areas", "image"}

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def world(settings, linebot_settings, line_platform) -> dict[str, Any]:
    settings.LINEBOT = {**settings.LINEBOT, "API_THROTTLE_RATE": None, "SEND_MAX_ATTEMPTS": 1}
    channel = ChannelFactory(name="Shop", slug="shop", channel_secret="s", channel_access_token="t")
    published = RichMenuFactory(channel=channel)
    richmenus.publish(published)
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(User.objects.create_superuser("root", "root@example.com", "pw"))
    return {"client": client, "channel": channel, "published": published}


def with_channel(body: Any, channel: Channel) -> Any:
    if isinstance(body, dict) and body.get("channel") == "CHANNEL":
        return {**body, "channel": channel.pk}
    return body


def check(res: Any, fields: set[str], sent: Any = None) -> None:
    """Success, or a 4xx naming an endpoint's field, a key of the body ``sent``, or the whole request."""
    assert res.status_code < 500, res.content[:1000]
    if res.status_code >= 400:
        body = res.json()
        assert isinstance(body, dict) and body, body
        named = set(sent) if isinstance(sent, dict) else set()
        assert set(body) <= fields | named | PROBLEM_KEYS, body


def post_json(client: APIClient, method: str, url: str, body: Any) -> Any:
    raw = json.dumps(body).encode("ascii")  # lone surrogates travel as \ud800, as a client may send them
    return client.generic(method, url, raw, content_type="application/json")


@SETTINGS
@given(body=SEND)
def test_sending_never_answers_500(world, body) -> None:
    res = post_json(world["client"], "POST", f"{API}/messages/", with_channel(body, world["channel"]))
    check(res, SEND_FIELDS, body)


@SETTINGS
@given(body=MENU, method=st.sampled_from(["create", "put", "patch", "patch published", "multipart"]))
def test_rich_menu_writes_never_answer_500(world, body, method) -> None:
    client, body = world["client"], with_channel(body, world["channel"])
    if method == "create":
        res = post_json(client, "POST", f"{API}/rich-menus/", body)
    elif method == "multipart":
        if not isinstance(body, dict):
            return
        form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in body.items()}
        if any("\x00" in v or any("\ud800" <= c <= "\udfff" for c in v) for v in form.values()):
            return  # a form cannot carry these: the test client cannot even encode them
        res = client.post(f"{API}/rich-menus/", form, format="multipart")
    else:
        menu = (
            world["published"] if method == "patch published" else RichMenuFactory(channel=world["channel"])
        )
        res = post_json(client, "PUT" if method == "put" else "PATCH", f"{API}/rich-menus/{menu.pk}/", body)
    check(res, MENU_FIELDS, body)


@SETTINGS
@given(body=USERS, verb=st.sampled_from(["link", "unlink", "alias", "publish", "set-default"]))
def test_menu_actions_never_answer_500(world, body, verb) -> None:
    res = post_json(world["client"], "POST", f"{API}/rich-menus/{world['published'].pk}/{verb}/", body)
    check(res, {"user_ids", "alias_id"}, body)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    payload=st.one_of(
        st.fixed_dictionaries(
            {"type": st.sampled_from(["message", "follow", "postback", "x"])}, optional={"a": STORED}
        ),
        STORED,
    ),
    surrogate=st.booleans(),
    body=JSON,
)
def test_stored_events_list_show_and_replay_without_500(world, payload, surrogate, body) -> None:
    if surrogate and connection.vendor == "sqlite":  # PostgreSQL's jsonb cannot hold one at all
        payload = {"type": "message", "text": "\ud800", "inner": payload}
    event = WebhookEventFactory(event_type="message", payload=payload if payload is not None else [])
    client = world["client"]
    check(client.get(f"{API}/webhook-events/"), set())
    check(client.get(f"{API}/webhook-events/{event.pk}/"), set())
    check(post_json(client, "POST", f"{API}/webhook-events/{event.pk}/replay/", body), {"payload"}, body)
    assert RichMenu.objects.filter(pk=world["published"].pk).exists()
