"""Issue 11: the REST API holds Django's model permissions, the USER_CHANNELS hook, and throttles.

The permission table: for every route and action, a staff user without permissions, a staff
user with only the view permissions, and a user with exactly the right permission(s).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from django_linebot import richmenus
from django_linebot.channels import settings_channel
from django_linebot.models import Channel, OutgoingMessage, RichMenu, WebhookEvent
from django_linebot.testing import make_event

from ..factories import ChannelFactory, OutgoingMessageFactory, RichMenuFactory, WebhookEventFactory
from ..helpers import user_with, view_permissions

pytestmark = pytest.mark.django_db(transaction=True)

API = "/api/line"


@dataclass
class Route:
    name: str
    method: str
    path: str  # formatted with the objects below
    perms: list[str]
    ok: int
    body: dict[str, Any] = field(default_factory=dict)
    read: bool = False


VIEW_MENU = "linebot.view_richmenu"

ROUTES = [
    Route("channels list", "get", "channels/", ["linebot.view_channel"], 200, read=True),
    Route("channels retrieve", "get", "channels/{channel}/", ["linebot.view_channel"], 200, read=True),
    Route("rich menus list", "get", "rich-menus/", ["linebot.view_richmenu"], 200, read=True),
    Route("rich menus retrieve", "get", "rich-menus/{draft}/", ["linebot.view_richmenu"], 200, read=True),
    Route(
        "rich menus create",
        "post",
        "rich-menus/",
        ["linebot.add_richmenu"],
        201,
        {"name": "New", "chat_bar_text": "Open", "channel": "{channel}"},
    ),
    Route(
        "rich menus update",
        "put",
        "rich-menus/{draft}/",
        ["linebot.change_richmenu"],
        200,
        {"name": "Renamed", "chat_bar_text": "Menu", "channel": "{channel}"},
    ),
    Route(
        "rich menus partial_update",
        "patch",
        "rich-menus/{draft}/",
        ["linebot.change_richmenu"],
        200,
        {"name": "Renamed"},
    ),
    Route("rich menus destroy (draft)", "delete", "rich-menus/{draft}/", ["linebot.delete_richmenu"], 204),
    Route(
        "rich menus destroy (on LINE)",
        "delete",
        "rich-menus/{published}/",
        ["linebot.delete_richmenu", "linebot.publish_richmenu"],
        204,
    ),
    Route("publish", "post", "rich-menus/{draft}/publish/", [VIEW_MENU, "linebot.publish_richmenu"], 200),
    Route(
        "set-default",
        "post",
        "rich-menus/{published}/set-default/",
        [VIEW_MENU, "linebot.publish_richmenu"],
        200,
    ),
    Route(
        "link",
        "post",
        "rich-menus/{published}/link/",
        [VIEW_MENU, "linebot.link_richmenu"],
        200,
        {"user_ids": ["U1", "U2"]},
    ),
    Route(
        "unlink",
        "post",
        "rich-menus/{published}/unlink/",
        [VIEW_MENU, "linebot.link_richmenu"],
        200,
        {"user_ids": ["U1"]},
    ),
    Route(
        "alias",
        "post",
        "rich-menus/{published}/alias/",
        [VIEW_MENU, "linebot.publish_richmenu"],
        200,
        {"alias_id": "main"},
    ),
    Route("messages list", "get", "messages/", ["linebot.view_outgoingmessage"], 200, read=True),
    Route(
        "messages retrieve", "get", "messages/{message}/", ["linebot.view_outgoingmessage"], 200, read=True
    ),
    Route(
        "messages create",
        "post",
        "messages/",
        ["linebot.send_message"],
        202,
        {"channel": "{channel}", "kind": "broadcast", "messages": [{"type": "text", "text": "Sale!"}]},
    ),
    Route("webhook events list", "get", "webhook-events/", ["linebot.view_webhookevent"], 200, read=True),
    Route(
        "webhook events retrieve",
        "get",
        "webhook-events/{event}/",
        ["linebot.view_webhookevent"],
        200,
        read=True,
    ),
    Route(
        "replay",
        "post",
        "webhook-events/{event}/replay/",
        ["linebot.view_webhookevent", "linebot.replay_webhookevent"],
        200,
    ),
    Route("schema", "get", "schema/", ["linebot.view_channel"], 200, read=True),
    Route("root", "get", "", ["linebot.view_webhookevent"], 200, read=True),
]


@pytest.fixture
def objects(linebot_settings, line_platform) -> dict[str, int]:
    """A channel, a draft and a published menu on it, a sent message and a stored event."""
    channel = ChannelFactory(
        name="Shop", slug="shop", channel_secret="s3cret-value", channel_access_token="t0ken-value"
    )
    draft = RichMenuFactory(channel=channel)
    published = RichMenuFactory(channel=channel)
    richmenus.publish(published)
    message = OutgoingMessageFactory(
        channel=channel, kind="push", to="U1", messages=[{"type": "text", "text": "x"}]
    )
    event = WebhookEventFactory(
        channel=channel, webhook_event_id="E1", event_type="follow", payload=make_event("follow")
    )
    return {
        "channel": channel.pk,
        "draft": draft.pk,
        "published": published.pk,
        "message": message.pk,
        "event": event.pk,
    }


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every django-linebot model."""
    return {
        model.__name__: sorted(json.dumps(row, default=str, sort_keys=True) for row in model.objects.values())
        for model in apps.get_app_config("linebot").get_models()
    }


def fill(value: Any, objects: dict[str, int]) -> Any:
    if isinstance(value, str) and value.startswith("{") and value.endswith("}") and value[1:-1] in objects:
        return objects[value[1:-1]]
    if isinstance(value, dict):
        return {k: fill(v, objects) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, objects) for v in value]
    return value


def call(user: User, route: Route, objects: dict[str, int]) -> Any:
    client = APIClient()
    client.force_authenticate(user)
    url = f"{API}/{route.path.format(**objects)}"
    body = fill(route.body, objects)
    if route.method == "get":
        return client.get(url)
    return getattr(client, route.method)(url, body, format="json")


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_permission_table(route: Route, objects, line_platform) -> None:
    nobody = user_with("staff-no-perms", [], staff=True)
    viewer = user_with("staff-viewer", view_permissions(), staff=True)
    right = user_with("right", route.perms)
    before, line_before = snapshot(), len(line_platform.requests)

    res = call(nobody, route, objects)
    assert res.status_code == 403, (route.name, res.status_code)
    assert "results" not in res.json() and "paths" not in json.dumps(res.json())

    res = call(viewer, route, objects)
    assert res.status_code == (route.ok if route.read else 403), (route.name, res.status_code)

    assert len(line_platform.requests) == line_before, [r.path for r in line_platform.requests[line_before:]]
    assert snapshot() == before

    res = call(right, route, objects)
    assert res.status_code == route.ok, (route.name, res.status_code, res.content[:500])
    if not route.read:  # it did something: in the database, on LINE, or both
        assert snapshot() != before or len(line_platform.requests) > line_before, route.name


def test_the_right_permissions_are_not_more_than_needed(objects, line_platform) -> None:
    """Each write route refuses a user holding every permission but its own."""
    every = [
        f"linebot.{codename}"
        for codename in apps.get_model("auth", "Permission")
        .objects.filter(content_type__app_label="linebot")
        .values_list("codename", flat=True)
    ]
    for route in ROUTES:
        if route.read:
            continue
        for missing in route.perms:
            user = user_with(f"all-but-{route.name}-{missing}"[:150], [p for p in every if p != missing])
            before, line_before = snapshot(), len(line_platform.requests)
            res = call(user, route, objects)
            assert res.status_code == 403, (route.name, missing, res.status_code)
            assert len(line_platform.requests) == line_before and snapshot() == before, route.name


@pytest.mark.parametrize("who", ["anonymous", "authenticated, no permissions"])
def test_unauthenticated_and_permissionless_users_get_no_data(who, objects) -> None:
    client = APIClient()
    if who != "anonymous":
        client.force_authenticate(user_with("joe", []))
    for route in ROUTES:
        res = getattr(client, route.method)(f"{API}/{route.path.format(**objects)}", {}, format="json")
        assert res.status_code in (401, 403), (route.name, res.status_code)
        assert set(res.json()) == {"detail"}, route.name


def test_basic_authentication_is_off_by_default(objects) -> None:
    user_with("basic", ["linebot.view_channel"], staff=True)
    auth = "Basic " + base64.b64encode(b"basic:pw").decode()
    res = APIClient().get(f"{API}/channels/", HTTP_AUTHORIZATION=auth)
    assert res.status_code in (401, 403)


def test_session_authentication_is_on(objects) -> None:
    user_with("session", ["linebot.view_channel"])
    client = APIClient()
    assert client.login(username="session", password="pw")
    assert client.get(f"{API}/channels/").status_code == 200


def test_authentication_and_permission_classes_stay_configurable(settings, objects) -> None:
    settings.LINEBOT = {
        **settings.LINEBOT,
        "API_AUTHENTICATION_CLASSES": ["rest_framework.authentication.BasicAuthentication"],
        "API_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    }
    user_with("basic", [])
    auth = "Basic " + base64.b64encode(b"basic:pw").decode()
    assert APIClient().get(f"{API}/channels/", HTTP_AUTHORIZATION=auth).status_code == 200
    assert APIClient().get(f"{API}/channels/").status_code == 401


def test_requests_are_throttled_per_user(settings, objects) -> None:
    settings.LINEBOT = {**settings.LINEBOT, "API_THROTTLE_RATE": "3/minute"}
    client = APIClient()
    client.force_authenticate(user_with("busy", ["linebot.view_channel"]))
    codes = [client.get(f"{API}/channels/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    other = APIClient()
    other.force_authenticate(user_with("calm", ["linebot.view_channel"]))
    assert other.get(f"{API}/channels/").status_code == 200


def test_throttling_is_on_by_default(objects) -> None:
    from django_linebot import conf

    assert conf.DEFAULTS["API_THROTTLE_RATE"]
    client = APIClient()
    client.force_authenticate(user_with("busy", ["linebot.view_channel"]))
    res = client.get(f"{API}/channels/")
    from django_linebot.api.permissions import LineUserRateThrottle

    assert res.status_code == 200 and LineUserRateThrottle().rate == conf.DEFAULTS["API_THROTTLE_RATE"]


# ------------------------------------------------------------------ USER_CHANNELS


def only_team_a(user: Any) -> Any:
    """The USER_CHANNELS hook of these tests: user "team-a" sees channel "a" only."""
    if user.username == "team-a":
        return Channel.objects.filter(slug="a")
    return None


@pytest.fixture
def two_teams(settings, linebot_settings, line_platform) -> dict[str, Any]:
    settings.LINEBOT = {**settings.LINEBOT, "USER_CHANNELS": f"{__name__}.only_team_a"}
    a = ChannelFactory(name="A", slug="a", channel_secret="sa", channel_access_token="ta")
    b = ChannelFactory(name="B", slug="b", channel_secret="sb", channel_access_token="tb")
    menu_b = RichMenuFactory(channel=b)
    richmenus.publish(menu_b)
    WebhookEventFactory(channel=b, webhook_event_id="EB", event_type="follow", payload={})
    WebhookEventFactory(channel=a, webhook_event_id="EA", event_type="follow", payload={})
    WebhookEventFactory(channel=settings_channel(), webhook_event_id="E0", event_type="follow", payload={})
    OutgoingMessageFactory(channel=b, kind="push", to="U1", messages=[{"type": "text", "text": "x"}])
    every = [
        f"linebot.{c}"
        for c in apps.get_model("auth", "Permission")
        .objects.filter(content_type__app_label="linebot")
        .values_list("codename", flat=True)
    ]
    client = APIClient()
    client.force_authenticate(user_with("team-a", every))
    return {"a": a, "b": b, "menu_b": menu_b, "client": client}


def test_a_user_sees_only_the_channels_the_hook_allows(two_teams) -> None:
    client = two_teams["client"]
    assert [c["slug"] for c in client.get(f"{API}/channels/").json()["results"]] == ["a"]
    assert client.get(f"{API}/channels/{two_teams['b'].pk}/").status_code == 404
    events = client.get(f"{API}/webhook-events/").json()["results"]
    assert [e["webhook_event_id"] for e in events] == ["EA"]
    assert client.get(f"{API}/rich-menus/").json()["count"] == 0
    assert client.get(f"{API}/messages/").json()["count"] == 0
    assert client.get(f"{API}/rich-menus/{two_teams['menu_b'].pk}/").status_code == 404


def test_a_restricted_user_acts_on_no_other_channel(two_teams, line_platform) -> None:
    client, b, menu_b = two_teams["client"], two_teams["b"], two_teams["menu_b"]
    before, line_before = snapshot(), len(line_platform.requests)
    message = {"kind": "broadcast", "messages": [{"type": "text", "text": "hi"}]}
    res = client.post(f"{API}/messages/", {**message, "channel": b.pk}, format="json")
    assert res.status_code == 400 and "'b'" in res.json()["channel"][0]
    res = client.post(f"{API}/messages/", message, format="json")  # the settings channel
    assert res.status_code == 400 and "channel" in res.json()
    res = client.post(
        f"{API}/rich-menus/", {"name": "M", "chat_bar_text": "m", "channel": b.pk}, format="json"
    )
    assert res.status_code == 400 and "channel" in res.json()
    for verb in ("publish", "set-default", "alias", "link", "unlink"):
        res = client.post(f"{API}/rich-menus/{menu_b.pk}/{verb}/", {"user_ids": ["U1"], "alias_id": "x"})
        assert res.status_code == 404, verb
    assert client.delete(f"{API}/rich-menus/{menu_b.pk}/").status_code == 404
    event_b = WebhookEvent.objects.get(webhook_event_id="EB")
    assert client.post(f"{API}/webhook-events/{event_b.pk}/replay/").status_code == 404
    assert len(line_platform.requests) == line_before and snapshot() == before


def test_a_restricted_user_cannot_move_a_menu_to_another_channel(two_teams) -> None:
    client, a, b = two_teams["client"], two_teams["a"], two_teams["b"]
    res = client.post(
        f"{API}/rich-menus/", {"name": "M", "chat_bar_text": "m", "channel": a.pk}, format="json"
    )
    assert res.status_code == 201
    res = client.patch(f"{API}/rich-menus/{res.json()['id']}/", {"channel": b.pk}, format="json")
    assert res.status_code == 400 and "channel" in res.json()
    assert not RichMenu.objects.filter(channel=b, name="M").exists()


def test_a_restricted_user_sends_through_their_channel(two_teams, line_platform) -> None:
    client, a = two_teams["client"], two_teams["a"]
    message = {"kind": "broadcast", "messages": [{"type": "text", "text": "hi"}], "channel": a.pk}
    res = client.post(f"{API}/messages/", message, format="json")
    assert res.status_code == 202 and res.json()["status"] == "sent"
    assert [m["kind"] for m in line_platform.sent_messages] == ["broadcast"]


# ------------------------------------------------------------------ channels and menus


def test_a_published_menus_channel_is_read_only(objects, line_platform) -> None:
    other = ChannelFactory(name="Other", slug="other", channel_secret="s", channel_access_token="t")
    client = APIClient()
    client.force_authenticate(User.objects.create_superuser("root", "root@example.com", "pw"))
    url = f"{API}/rich-menus/{objects['published']}/"
    settings_channel()  # the channel a null names: made on first use, not by this refused request
    before = snapshot()
    res = client.patch(url, {"channel": other.pk}, format="json")
    assert res.status_code == 400 and "published" in res.json()["channel"][0]
    res = client.put(url, {"name": "Main", "chat_bar_text": "Menu", "channel": None}, format="json")
    assert res.status_code == 400 and list(res.json()) == ["channel"]
    assert snapshot() == before
    res = client.patch(url, {"channel": objects["channel"], "name": "Same channel"}, format="json")
    assert res.status_code == 200
    draft = f"{API}/rich-menus/{objects['draft']}/"
    assert client.patch(draft, {"channel": other.pk}, format="json").json()["channel"] == other.pk


def test_an_inactive_channel_sends_nothing(objects, line_platform) -> None:
    Channel.objects.filter(pk=objects["channel"]).update(is_active=False)
    client = APIClient()
    client.force_authenticate(User.objects.create_superuser("root", "root@example.com", "pw"))
    count, line_before = OutgoingMessage.objects.count(), len(line_platform.requests)
    res = client.post(
        f"{API}/messages/",
        {
            "channel": objects["channel"],
            "kind": "push",
            "to": "U1",
            "messages": [{"type": "text", "text": "x"}],
        },
        format="json",
    )
    assert res.status_code == 400 and "inactive" in res.json()["channel"][0]
    assert OutgoingMessage.objects.count() == count and len(line_platform.requests) == line_before


def test_a_refusal_of_send_is_a_400(objects, monkeypatch) -> None:
    """send.ChannelInactive (a ValueError of send.py) is a 400 naming the channel; any other ValueError
    of the send functions a 400 too, never a 500."""
    from django_linebot import send

    refused = send.ChannelInactive(Channel.objects.get(pk=objects["channel"]))
    errors = iter([refused, ValueError("something odd")])

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise next(errors)

    monkeypatch.setattr(send, "push", refuse)
    client = APIClient()
    client.force_authenticate(User.objects.create_superuser("root", "root@example.com", "pw"))
    body = {
        "channel": objects["channel"],
        "kind": "push",
        "to": "U1",
        "messages": [{"type": "text", "text": "x"}],
    }
    res = client.post(f"{API}/messages/", body, format="json")
    assert res.status_code == 400 and res.json() == {"channel": [str(refused)]}
    res = client.post(f"{API}/messages/", body, format="json")
    assert res.status_code == 400 and res.json() == {"non_field_errors": ["something odd"]}
