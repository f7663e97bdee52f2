"""The REST API: every endpoint, its validation errors, its permissions, and its OpenAPI schema."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from django_linebot.models import OutgoingMessage, RichMenu
from django_linebot.testing import make_event, make_webhook_body, sign_body

from ..factories import ChannelFactory, OutgoingMessageFactory, RichMenuFactory, WebhookEventFactory
from ..richmenu_images import upload

pytestmark = pytest.mark.django_db(transaction=True)

API = "/api/line"


@pytest.fixture
def admin_api() -> APIClient:
    client = APIClient()
    client.force_authenticate(User.objects.create_superuser("root", "root@example.com", "pw"))
    return client


@pytest.fixture
def api_settings(settings, linebot_settings):
    settings.LINEBOT = {**settings.LINEBOT, "SEND_BACKOFF_BASE": 0.0}
    return settings.LINEBOT


def endpoints(menu_pk: int, message_pk: int, event_pk: int, channel_pk: int) -> list[tuple[str, str]]:
    return [
        ("get", f"{API}/channels/"),
        ("get", f"{API}/channels/{channel_pk}/"),
        ("get", f"{API}/rich-menus/"),
        ("post", f"{API}/rich-menus/"),
        ("get", f"{API}/rich-menus/{menu_pk}/"),
        ("patch", f"{API}/rich-menus/{menu_pk}/"),
        ("put", f"{API}/rich-menus/{menu_pk}/"),
        ("delete", f"{API}/rich-menus/{menu_pk}/"),
        ("post", f"{API}/rich-menus/{menu_pk}/publish/"),
        ("post", f"{API}/rich-menus/{menu_pk}/set-default/"),
        ("post", f"{API}/rich-menus/{menu_pk}/link/"),
        ("post", f"{API}/rich-menus/{menu_pk}/unlink/"),
        ("post", f"{API}/rich-menus/{menu_pk}/alias/"),
        ("get", f"{API}/messages/"),
        ("post", f"{API}/messages/"),
        ("get", f"{API}/messages/{message_pk}/"),
        ("get", f"{API}/webhook-events/"),
        ("get", f"{API}/webhook-events/{event_pk}/"),
        ("post", f"{API}/webhook-events/{event_pk}/replay/"),
        ("get", f"{API}/schema/"),
        ("get", f"{API}/"),
    ]


@pytest.fixture
def objects():
    channel = ChannelFactory(name="Shop", slug="shop", channel_secret="s3cret", channel_access_token="t0ken")
    menu = RichMenuFactory()
    message = OutgoingMessageFactory(kind="push", to="U1", messages=[{"type": "text", "text": "x"}])
    event = WebhookEventFactory(webhook_event_id="E1", event_type="follow", payload=make_event("follow"))
    return menu.pk, message.pk, event.pk, channel.pk


@pytest.mark.parametrize("who", ["anonymous", "ordinary user"])
def test_every_endpoint_refuses_non_admins(who, objects, line_platform) -> None:
    client = APIClient()
    if who == "ordinary user":
        client.force_authenticate(User.objects.create_user("joe", "joe@example.com", "pw"))
    for method, url in endpoints(*objects):
        res = getattr(client, method)(url, {}, format="json")
        assert res.status_code in (401, 403), (method, url, res.status_code)
    assert line_platform.requests == []
    assert RichMenu.objects.count() == 1 and OutgoingMessage.objects.count() == 1


def test_permissions_are_configurable(settings, objects) -> None:
    settings.LINEBOT = {
        **settings.LINEBOT,
        "API_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    }
    client = APIClient()
    client.force_authenticate(User.objects.create_user("joe", "joe@example.com", "pw"))
    assert client.get(f"{API}/channels/").status_code == 200
    assert APIClient().get(f"{API}/channels/").status_code in (401, 403)


def test_channels_never_show_secrets(admin_api, objects) -> None:
    res = admin_api.get(f"{API}/channels/")
    assert res.status_code == 200
    body = json.dumps(res.json())
    assert "s3cret" not in body and "t0ken" not in body
    listed = res.json()["results"] if "results" in res.json() else res.json()
    [channel] = [c for c in listed if c["slug"] == "shop"]  # and the LINEBOT settings channel's row
    assert channel["slug"] == "shop" and channel["webhook_path"] == "/line/webhook/shop/"
    assert set(channel) >= {"name", "auth_mode", "is_active"} and not any(
        "secret" in k or "token" in k for k in channel
    )


def test_rich_menu_life_cycle(admin_api, api_settings, line_platform) -> None:
    areas = [
        {"x": 0, "y": 0, "width": 1250, "height": 843, "action": {"type": "postback", "data": "a"}},
        {"x": 1250, "y": 0, "width": 1250, "height": 843, "action": {"type": "message", "text": "b"}},
    ]
    res = admin_api.post(
        f"{API}/rich-menus/",
        {"name": "Main", "chat_bar_text": "Menu", "image": upload(), "areas": json.dumps(areas)},
        format="multipart",
    )
    assert res.status_code == 201, res.json()
    menu = res.json()
    assert menu["width"] == 2500 and len(menu["areas"]) == 2 and menu["status"] == "draft"
    url = f"{API}/rich-menus/{menu['id']}/"
    res = admin_api.patch(url, {"chat_bar_text": "Open"}, format="json")
    assert res.status_code == 200 and res.json()["chat_bar_text"] == "Open"
    res = admin_api.post(url + "publish/")
    assert res.status_code == 200 and res.json()["published"] is True
    line_id = res.json()["line_rich_menu_id"]
    assert line_platform.rich_menus[line_id]["chatBarText"] == "Open"
    assert admin_api.post(url + "set-default/").json()["is_default"] is True
    assert line_platform.default_rich_menu == line_id
    assert admin_api.post(url + "link/", {"user_ids": ["U1", "U2"]}, format="json").json() == {"linked": 2}
    assert admin_api.post(url + "unlink/", {"user_ids": ["U1"]}, format="json").json() == {"unlinked": 1}
    assert set(line_platform.user_rich_menus) == {"U2"}
    assert admin_api.post(url + "alias/", {"alias_id": "main"}, format="json").json()["alias_id"] == "main"
    assert admin_api.get(url).json()["aliases"] == ["main"]
    assert admin_api.delete(url).status_code == 204
    assert line_platform.rich_menus == {} and not RichMenu.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "text"),
    [
        ({"image": "small"}, "image", "799 px wide"),
        ({"chat_bar_text": "x" * 15}, "chat_bar_text", "14"),
        (
            {
                "areas": json.dumps(
                    [
                        {
                            "x": 2000,
                            "y": 0,
                            "width": 600,
                            "height": 10,
                            "action": {"type": "message", "text": "x"},
                        }
                    ]
                )
            },
            "areas",
            "not inside",
        ),
        ({"areas": json.dumps([{"x": 0, "y": 0, "width": 10, "height": 10, "action": {}}])}, "areas", "type"),
        ({"areas": "not json"}, "areas", "JSON"),
    ],
)
def test_rich_menu_validation_errors(admin_api, data, field, text) -> None:
    payload = {"name": "Main", "chat_bar_text": "Menu", "image": upload(), **data}
    if payload["image"] == "small":
        payload["image"] = upload(799, 300)
    res = admin_api.post(f"{API}/rich-menus/", payload, format="multipart")
    assert res.status_code == 400
    assert text in json.dumps(res.json()[field])
    assert not RichMenu.objects.exists()


def test_line_refusing_is_reported(admin_api, api_settings, line_platform) -> None:
    menu = RichMenuFactory()
    line_platform.add_fault(path="^/v2/bot/richmenu$", status=500, body={"message": "boom"})
    res = admin_api.post(f"{API}/rich-menus/{menu.pk}/publish/")
    assert res.status_code == 502
    assert res.json()["detail"].startswith("HTTP 500: boom (request id ") and res.json()["line_request_id"]
    line_platform.add_fault(
        path="^/v2/bot/richmenu$",
        status=400,
        body={"message": "bad", "details": [{"message": "x", "property": "size"}]},
    )
    res = admin_api.post(f"{API}/rich-menus/{menu.pk}/publish/")
    assert res.status_code == 400 and res.json()["line_details"] == [{"message": "x", "property": "size"}]
    assert res.json()["line_status"] == 400
    res = admin_api.post(f"{API}/rich-menus/{menu.pk}/set-default/")
    assert res.status_code == 400 and "not published" in json.dumps(res.json())


@pytest.mark.parametrize(
    ("payload", "kind"),
    [
        ({"kind": "push", "to": "U1"}, "push"),
        ({"kind": "multicast", "user_ids": [f"U{i}" for i in range(700)]}, "multicast"),
        ({"kind": "broadcast", "notification_disabled": True}, "broadcast"),
        (
            {
                "kind": "narrowcast",
                "recipient": {"type": "audience", "audienceGroupId": 1},
                "limit": {"max": 5},
            },
            "narrowcast",
        ),
    ],
)
def test_send_through_the_outbox(payload, kind, admin_api, api_settings, line_platform) -> None:
    res = admin_api.post(
        f"{API}/messages/", {**payload, "messages": [{"type": "text", "text": "hi"}]}, format="json"
    )
    assert res.status_code == 202, res.json()
    body = res.json()
    assert body["kind"] == kind and body["status"] == "sent"
    assert len(body["chunks"]) == (2 if kind == "multicast" else 1)
    assert {s["kind"] for s in line_platform.sent_messages} == {kind}
    got = admin_api.get(f"{API}/messages/{body['id']}/").json()
    assert got["status"] == "sent" and got["chunks"][0]["request_id"]
    assert admin_api.get(f"{API}/messages/?status=sent&kind={kind}").json()["count"] == 1


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        (
            {"kind": "push", "to": "U1", "messages": [{"type": "text"}]},
            {"messages": {"0": {"text": ["messages[0].text is required"]}}},
        ),
        (
            {
                "kind": "push",
                "to": "U1",
                "messages": [
                    {
                        "type": "template",
                        "altText": "a",
                        "template": {"type": "confirm", "text": "t", "actions": [{}]},
                    }
                ],
            },
            {
                "messages": {
                    "0": {
                        "template": {
                            "actions": [
                                "messages[0].template.actions has 1 actions; a confirm template takes exactly 2"
                            ]
                        }
                    }
                }
            },
        ),
        (
            {"kind": "push", "to": "U1", "messages": [{"type": "text", "text": "x"}] * 6},
            {"messages": ["Ensure this field has no more than 5 elements."]},
        ),
        (
            {"kind": "push", "messages": [{"type": "text", "text": "x"}]},
            {"to": ["A push needs the user, group or room ID."]},
        ),
        (
            {"kind": "multicast", "messages": [{"type": "text", "text": "x"}]},
            {"user_ids": ["A multicast needs at least one user ID."]},
        ),
        (
            {"kind": "broadcast", "limit": {"max": 1}, "messages": [{"type": "text", "text": "x"}]},
            {"limit": ["Only a narrowcast takes limit."]},
        ),
        (
            {"kind": "reply", "messages": [{"type": "text", "text": "x"}]},
            {"kind": ['"reply" is not a valid choice.']},
        ),
    ],
)
def test_send_validation_errors_are_field_level(payload, errors, admin_api, line_platform) -> None:
    res = admin_api.post(f"{API}/messages/", payload, format="json")
    assert res.status_code == 400
    assert res.json() == errors
    assert not OutgoingMessage.objects.exists() and line_platform.requests == []


def test_webhook_events_filter_and_replay(admin_api, client, api_settings) -> None:
    body = make_webhook_body(make_event("follow"), make_event("message"))
    client.post(
        "/line/webhook/",
        data=body,
        content_type="application/json",
        HTTP_X_LINE_SIGNATURE=sign_body(body, "test-channel-secret"),
    )
    assert admin_api.get(f"{API}/webhook-events/").json()["count"] == 2
    res = admin_api.get(
        f"{API}/webhook-events/?type=follow&status=processed&received_after=2000-01-01T00:00:00Z"
    )
    [follow] = res.json()["results"]
    assert follow["event_type"] == "follow"
    assert admin_api.get(f"{API}/webhook-events/?received_before=2000-01-01T00:00:00Z").json()["count"] == 0
    assert admin_api.get(f"{API}/webhook-events/?received_after=yesterday").status_code == 400
    res = admin_api.post(f"{API}/webhook-events/{follow['id']}/replay/")
    assert res.status_code == 200 and res.json()["attempts"] == 2


def test_openapi_schema(admin_api) -> None:
    res = admin_api.get(f"{API}/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert res.status_code == 200
    schema = json.loads(res.content)
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path, methods in {
        "/api/line/channels/": {"get"},
        "/api/line/rich-menus/": {"get", "post"},
        "/api/line/rich-menus/{id}/publish/": {"post"},
        "/api/line/rich-menus/{id}/link/": {"post"},
        "/api/line/messages/": {"get", "post"},
        "/api/line/webhook-events/{id}/replay/": {"post"},
    }.items():
        assert methods <= set(paths[path]), path
    message_schema = json.dumps(schema["components"]["schemas"])
    assert "channel_secret" not in message_schema and "channel_access_token" not in message_schema
