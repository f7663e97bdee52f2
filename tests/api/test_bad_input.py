"""Issue 10 on the REST API: bad input is a 400 naming the field, never a 500; secrets never show."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db import connection
from rest_framework.test import APIClient

from django_linebot import crypto
from django_linebot.models import Channel, OutgoingMessage, RichMenu
from django_linebot.testing import make_event

from ..factories import ChannelFactory, OutgoingMessageFactory, RichMenuFactory, WebhookEventFactory

pytestmark = pytest.mark.django_db(transaction=True)

API = "/api/line"
TEXT = [{"type": "text", "text": "hi"}]


@pytest.fixture
def root() -> APIClient:
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(User.objects.create_superuser("root", "root@example.com", "pw"))
    return client


def post_raw(client: APIClient, url: str, body: str):
    return client.generic("POST", url, body.encode("utf-8"), content_type="application/json")


@pytest.mark.parametrize(
    ("payload", "field", "text"),
    [
        ({"kind": "narrowcast", "recipient": "everyone"}, "recipient", "recipient must be an object"),
        ({"kind": "narrowcast", "recipient": [1, 2]}, "recipient", "recipient must be an object"),
        ({"kind": "narrowcast", "filter": 5}, "filter", "filter must be an object"),
        ({"kind": "narrowcast", "limit": "ten"}, "limit", "limit must be an object"),
        ({"kind": "narrowcast", "limit": {"max": "ten"}}, "limit", "limit.max"),
        ({"kind": "narrowcast", "recipient": {"type": ["audience"]}}, "recipient", "recipient.type"),
    ],
)
def test_narrowcast_options_that_are_not_objects(payload, field, text, root, line_platform) -> None:
    res = root.post(f"{API}/messages/", {**payload, "messages": TEXT}, format="json")
    assert res.status_code == 400, res.content[:300]
    assert text in res.json()[field][0]
    assert not OutgoingMessage.objects.exists() and line_platform.requests == []


def template(**fields) -> dict:
    return {"type": "template", "altText": "a", "template": fields}


@pytest.mark.parametrize(
    ("message", "path", "text"),
    [
        (template(type="buttons", text="t", actions=5), ["template", "actions"], "must be a list"),
        (template(type="confirm", text="t", actions={"a": 1}), ["template", "actions"], "must be a list"),
        (template(type="buttons", text="t", actions=["x"]), ["template", "actions"], "must be an object"),
        (template(type="carousel", columns=["x"]), ["template", "columns"], "columns[0] must be an object"),
        (template(type="carousel", columns=7), ["template", "columns"], "must be a list"),
        (template(type="image_carousel", columns=[{"action": "x"}]), ["template", "columns"], "action"),
        (template(type=["buttons"]), ["template", "type"], "must be buttons"),
        ({"type": ["text"], "text": "x"}, ["type"], "type must be one of"),
        ({"type": {"a": 1}, "text": "x"}, ["type"], "type must be one of"),
        ({"type": "imagemap", "altText": "a", "actions": 3}, ["actions"], "must be a list"),
        ({"type": "text", "text": "x", "quickReply": {"items": [1]}}, ["quickReply"], "must be an object"),
    ],
)
def test_malformed_messages_are_400_naming_the_path(message, path, text, root, line_platform) -> None:
    res = root.post(f"{API}/messages/", {"kind": "broadcast", "messages": [message]}, format="json")
    assert res.status_code == 400, res.content[:300]
    error = res.json()["messages"]["0"]
    for key in path:
        error = error[key]
    while isinstance(error, dict):  # down to the item's index: {"0": [...]}
        [error] = error.values()
    assert text in error[0] and error[0].startswith("messages[0].")
    assert not OutgoingMessage.objects.exists() and line_platform.requests == []


def test_validation_raises_value_error_for_any_structure() -> None:
    from django_linebot.sdk.validation import validate_message, validate_narrowcast_options

    weird = [5, "x", None, [1], {"a": 1}, 1.5, True]
    for value in weird:
        for message in (
            {"type": value},
            {"type": "text", "text": value},
            {"type": "template", "altText": "a", "template": value},
            {"type": "template", "altText": "a", "template": {"type": "carousel", "columns": value}},
            {"type": "template", "altText": "a", "template": {"type": "buttons", "actions": value}},
            {"type": "imagemap", "altText": "a", "actions": value},
            {"type": "text", "text": "x", "quickReply": value},
            {"type": "text", "text": "x", "quickReply": {"items": [value]}},
        ):
            try:
                validate_message(message, "m")
            except ValueError as exc:
                assert str(exc).startswith("m")
        for name in ("recipient", "filter", "limit"):
            try:
                validate_narrowcast_options(**{name: value})
            except ValueError as exc:
                assert str(exc).startswith(name)


def test_json_nested_5000_deep_is_400(root, line_platform) -> None:
    body = '{"kind": "broadcast", "messages": ' + "[" * 5000 + "]" * 5000 + "}"
    res = post_raw(root, f"{API}/messages/", body)
    assert res.status_code == 400 and "nested" in json.dumps(res.json())
    moderately = '{"kind": "broadcast", "messages": [{"type": "text", "text": "x", "deep": ' + "[" * 200
    res = post_raw(root, f"{API}/messages/", moderately + "]" * 200 + "}]}")
    assert res.status_code == 400 and "nested" in res.json()["messages"][0]
    assert not OutgoingMessage.objects.exists() and line_platform.requests == []


def test_a_deeply_nested_flex_message_is_accepted(root, linebot_settings, line_platform) -> None:
    box: dict = {"type": "text", "text": "leaf"}
    for _ in range(12):  # boxes in boxes: far deeper than real layouts
        box = {"type": "box", "layout": "vertical", "contents": [box]}
    flex = {"type": "flex", "altText": "a", "contents": {"type": "bubble", "body": box}}
    res = root.post(f"{API}/messages/", {"kind": "broadcast", "messages": [flex]}, format="json")
    assert res.status_code == 202, res.content[:300]


@pytest.mark.parametrize(
    ("body", "field", "text"),
    [
        (
            '{"kind": "push", "to": "U1", "messages": [{"type": "text", "text": "\\ud800"}]}',
            "messages",
            "surrogate",
        ),
        (
            '{"kind": "push", "to": "U1", "messages": [{"type": "text", "text": "a\\u0000b"}]}',
            "messages",
            "NUL",
        ),
        (
            '{"kind": "narrowcast", "limit": {"max": 1e400}, "messages": [{"type": "text", "text": "x"}]}',
            "limit",
            "large",
        ),
        ('{"kind": "push", "to": "U1", "messages": [{"type": "text", "text": NaN}]}', "detail", "NaN"),
        ('{"kind": "push", "to": "\\udfff", "messages": [{"type": "text", "text": "x"}]}', "to", "surrogate"),
    ],
)
def test_json_values_no_database_stores_are_400(body, field, text, root, line_platform) -> None:
    res = post_raw(root, f"{API}/messages/", body)
    assert res.status_code == 400, res.content[:300]
    assert text in json.dumps(res.json()[field])
    assert not OutgoingMessage.objects.exists() and line_platform.requests == []


def test_areas_json_in_a_form_is_checked_too(root) -> None:
    for areas, text in (
        ("[" * 5000 + "]" * 5000, "nested"),
        ('[{"x": 1e400}]', "large"),
        ('{"x": 1}', "list"),
    ):
        res = root.post(
            f"{API}/rich-menus/", {"name": "M", "chat_bar_text": "m", "areas": areas}, format="multipart"
        )
        assert res.status_code == 400 and text in res.json()["areas"][0], res.content[:300]
    assert not RichMenu.objects.exists()


@pytest.mark.parametrize(
    "value", ["2024-02-30T10:00:00", "2024-13-01T00:00:00Z", "0001-01-01T00:00:00+05:00", "2024-01-01T25:00"]
)
@pytest.mark.parametrize("name", ["received_after", "received_before"])
def test_impossible_dates_are_400(name, value, root) -> None:
    res = root.get(f"{API}/webhook-events/", {name: value})
    assert res.status_code == 400 and list(res.json()) == [name]


def test_naive_dates_are_utc(root) -> None:
    WebhookEventFactory(webhook_event_id="E1", event_type="follow", payload={})
    assert root.get(f"{API}/webhook-events/", {"received_after": "2000-01-01T00:00:00"}).json()["count"] == 1


@pytest.mark.parametrize("url", ["webhook-events/", "messages/", "rich-menus/", "channels/"])
def test_bad_paging_is_a_default_or_400(url, root) -> None:
    WebhookEventFactory(webhook_event_id="E1", event_type="follow", payload={})
    for size in ("-1", "0", "abc", "99999999999999999999999"):
        res = root.get(f"{API}/{url}", {"page_size": size})
        assert res.status_code == 200, (size, res.status_code)
    for page in ("abc", "-1", "0", "99999999999999999999999", "2"):
        res = root.get(f"{API}/{url}", {"page": page})
        assert res.status_code == 400 and list(res.json()) == ["page"], (page, res.status_code)


@pytest.mark.parametrize("pk", ["abc", "99999999999999999999999", "-1"])
def test_odd_ids_are_404(pk, root) -> None:
    for url in ("webhook-events", "messages", "rich-menus", "channels"):
        assert root.get(f"{API}/{url}/{pk}/").status_code == 404


def test_a_stored_lone_surrogate_never_makes_a_500(root, linebot_settings) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's jsonb cannot store a lone surrogate at all")
    payload = make_event("message")
    payload["message"]["text"] = "bad \ud800 text"
    payload["\udc00key"] = "x"
    event = WebhookEventFactory(webhook_event_id="E1", event_type="message", payload=payload)
    message = OutgoingMessageFactory(
        kind="push", to="U1", messages=[{"type": "text", "text": "\ud800"}], limit={"max": 1, "x": "\udfff"}
    )
    res = root.get(f"{API}/webhook-events/")
    assert res.status_code == 200
    assert res.json()["results"][0]["payload"]["message"]["text"] == "bad \ufffd text"
    res = root.get(f"{API}/webhook-events/{event.pk}/")
    assert res.status_code == 200 and "\ufffdkey" in res.json()["payload"]
    res = root.post(f"{API}/webhook-events/{event.pk}/replay/")
    assert res.status_code == 200 and res.json()["payload"]["message"]["text"] == "bad \ufffd text"
    res = root.get(f"{API}/messages/{message.pk}/")
    assert res.status_code == 200 and res.json()["messages"] == [{"type": "text", "text": "\ufffd"}]
    assert res.json()["limit"] == {"max": 1, "x": "\ufffd"}
    assert root.get(f"{API}/messages/").status_code == 200
    res = root.get(f"{API}/webhook-events/{event.pk}/", HTTP_ACCEPT="text/html")
    assert res.status_code == 200


# ------------------------------------------------------------------ the encryption key


@pytest.fixture
def under_another_key(settings) -> Channel:
    """A channel stored under key A, read under key B."""
    channel = ChannelFactory(
        name="Shop", slug="shop", channel_secret="s3cret-value", channel_access_token="t0ken-value"
    )
    RichMenuFactory(channel=channel)
    settings.LINEBOT = {**settings.LINEBOT, "ENCRYPTION_KEY": "a-completely-different-key"}
    return channel


def test_a_wrong_encryption_key_lists_the_channels(under_another_key, root) -> None:
    stored = Channel.objects.values_list("channel_secret", flat=True).get()
    raw = root.get(f"{API}/channels/")
    assert raw.status_code == 200
    [row] = raw.json()["results"]
    assert row["slug"] == "shop" and row["encryption"] == crypto.CANNOT_DECRYPT
    detail = root.get(f"{API}/channels/{under_another_key.pk}/")
    assert detail.status_code == 200 and detail.json()["encryption"] == crypto.CANNOT_DECRYPT
    for res in (raw, detail):
        assert "fernet:" not in res.content.decode() and stored not in res.content.decode()


def test_a_wrong_encryption_key_refuses_line_calls_clearly(under_another_key, root, line_platform) -> None:
    menu = RichMenu.objects.get()
    res = root.post(f"{API}/rich-menus/{menu.pk}/publish/")
    assert res.status_code == 503 and "ENCRYPTION_KEY" in res.json()["channel"][0]
    assert line_platform.requests == []


def test_a_wrong_encryption_key_queues_nothing(under_another_key, root, line_platform) -> None:
    res = root.post(
        f"{API}/messages/",
        {"channel": under_another_key.pk, "kind": "broadcast", "messages": TEXT},
        format="json",
    )
    assert res.status_code == 400 and crypto.CANNOT_DECRYPT in res.json()["channel"][0]
    assert not OutgoingMessage.objects.exists() and line_platform.requests == []


def test_sdk_validation_refuses_lone_surrogates_anywhere() -> None:
    from django_linebot.sdk.validation import validate_message

    message = {"type": "flex", "altText": "a", "contents": {"body": [{"text": "x\ud800"}]}}
    with pytest.raises(ValueError, match=r"^m\.contents\.body\[0\]\.text is not valid Unicode"):
        validate_message(message, "m")


def test_a_readable_channel_says_ok(root) -> None:
    ChannelFactory(name="Shop", slug="shop", channel_secret="s", channel_access_token="t")
    assert root.get(f"{API}/channels/").json()["results"][0]["encryption"] == "ok"


# ------------------------------------------------------------------ secrets


def test_no_secret_in_any_response(root, linebot_settings, line_platform) -> None:
    secrets = ["s3cret-value-42", "t0ken-value-42", "prev-s3cret-42", "PRIVATE-KEY-42"]
    channel = ChannelFactory(
        name="Shop",
        slug="shop",
        channel_secret=secrets[0],
        channel_access_token=secrets[1],
        previous_channel_secret=secrets[2],
        assertion_private_key=secrets[3],
    )
    menu = RichMenuFactory(channel=channel)
    line_platform.add_fault(path="^/v2/bot/richmenu$", status=401, body={"message": "Authentication failed"})
    responses = [
        root.get(f"{API}/channels/"),
        root.get(f"{API}/channels/{channel.pk}/"),
        root.get(f"{API}/channels/{channel.pk}/", HTTP_ACCEPT="text/html"),
        root.options(f"{API}/channels/"),
        root.get(f"{API}/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"),
        root.post(f"{API}/rich-menus/{menu.pk}/publish/"),
        root.post(f"{API}/messages/", {"channel": channel.pk, "kind": "push"}, format="json"),
        root.post(
            f"{API}/messages/",
            {"channel": channel.pk, "kind": "push", "to": "U1", "messages": TEXT},
            format="json",
        ),
    ]
    line_platform.add_fault(
        path="^/v2/bot/message/push$", status=401, body={"message": "Authentication failed"}
    )
    message = root.post(
        f"{API}/messages/",
        {"channel": channel.pk, "kind": "push", "to": "U2", "messages": TEXT},
        format="json",
    )
    responses += [message, root.get(f"{API}/messages/{message.json()['id']}/"), root.get(f"{API}/messages/")]
    assert responses[5].status_code == 400 and "Authentication failed" in responses[5].json()["detail"]
    for res in responses:
        assert res.status_code < 500
        text = res.content.decode()
        for secret in secrets:
            assert secret not in text, (res.request["PATH_INFO"], secret)
        assert "fernet:" not in text


# ------------------------------------------------------------------ without the admin app


MINIMAL_SETTINGS = """
SECRET_KEY = "minimal-project-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "rest_framework",
    "django_linebot",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "minimal_urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LINEBOT = {"ENCRYPTION_KEY": "minimal-key", "CHANNEL_SECRET": "s", "CHANNEL_ACCESS_TOKEN": "t"}
"""

MINIMAL_URLS = """
from django.urls import include, path

urlpatterns = [path("api/line/", include("django_linebot.api.urls"))]
"""

MINIMAL_SCRIPT = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django_linebot.models import Channel
Channel.objects.create(name="Shop", slug="shop", channel_secret="s", channel_access_token="t")
User.objects.create_superuser("root", "root@example.com", "pw")
client = Client()
assert client.login(username="root", password="pw")
res = client.get("/api/line/channels/")
assert res.status_code == 200, (res.status_code, res.content[:2000])
row = res.json()["results"][0]
assert row["slug"] == "shop" and row["webhook_path"] is None, row
assert client.get("/api/line/webhook-events/").status_code == 200
assert client.get("/api/line/").status_code == 200
print("OK")
"""


def test_the_api_works_without_the_admin_app(tmp_path: Path) -> None:
    (tmp_path / "minimal_settings.py").write_text(MINIMAL_SETTINGS)
    (tmp_path / "minimal_urls.py").write_text(MINIMAL_URLS)
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "minimal_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(root)]),
    }
    env.pop("DATABASE_URL", None)
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(MINIMAL_SCRIPT)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0 and proc.stdout.strip() == "OK", proc.stderr[-3000:]
