"""The admin's permission table: every action and intermediate page, for three kinds of staff user.

A staff user with no permissions, one with only the view permissions, and one with the view permission
plus the permission the action declares. The first two change nothing and reach nothing on LINE.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory

from django_linebot import audiences, richmenus
from django_linebot.channels import get_access_token
from django_linebot.models import (
    Audience,
    Channel,
    ChannelAccessToken,
    ChannelDailyStats,
    LineUser,
    OutgoingChunk,
    OutgoingMessage,
    RichMenu,
    RichMenuAlias,
    RichMenuArea,
    WebhookEvent,
)

from ..factories import (
    ChannelFactory,
    LineUserFactory,
    OutgoingChunkFactory,
    OutgoingMessageFactory,
    RichMenuFactory,
    WebhookEventFactory,
)

pytestmark = pytest.mark.django_db

ADMIN = "/admin/linebot/"
MODELS = (
    Channel,
    ChannelAccessToken,
    RichMenu,
    RichMenuArea,
    RichMenuAlias,
    WebhookEvent,
    OutgoingMessage,
    OutgoingChunk,
    LineUser,
    Audience,
    ChannelDailyStats,
)
VIEW_PERMS = [f"view_{model._meta.model_name}" for model in MODELS]


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every linebot model, to prove that nothing changed."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS}


def short_lived_channel(**fields: Any) -> Channel:
    return ChannelFactory(
        name="Shop",
        slug="shop",
        channel_id="1234567890",
        channel_secret="s3cr3t-value",
        auth_mode=Channel.AuthMode.SHORT_LIVED,
        **fields,
    )


def published_menu() -> RichMenu:
    menu = RichMenuFactory()
    richmenus.publish(menu)
    return menu


def message_with_chunk(status: str) -> OutgoingMessage:
    message = OutgoingMessageFactory(
        kind=OutgoingMessage.Kind.PUSH, to="U" + "0" * 32, messages=[{"type": "text", "text": "hi"}]
    )
    OutgoingChunkFactory(message=message, recipients=[message.to], status=status)
    message.refresh_status()
    return message


def stored_event() -> WebhookEvent:
    payload = {
        "type": "follow",
        "mode": "active",
        "timestamp": 1700000000000,
        "source": {"type": "user", "userId": "U" + "1" * 32},
        "webhookEventId": "01HX0000000000000000000000",
        "deliveryContext": {"isRedelivery": False},
    }
    return WebhookEventFactory(event_type="follow", payload=payload, status="failed")


@dataclass
class Case:
    """One admin action: where it is, what it needs, how to set it up, what success says."""

    model: str
    action: str
    perm: str
    setup: Callable[[], Any]
    success: str
    extra: dict[str, str | Callable[[], str]] = field(default_factory=dict)
    reaches_line: bool = True

    def data(self, extra: dict[str, str | Callable[[], str]] | None = None) -> dict[str, str]:
        """The form's fields, a callable one read now (a row's primary key made by ``setup``)."""
        given = self.extra if extra is None else extra
        return {key: value() if callable(value) else value for key, value in given.items()}

    @property
    def changelist(self) -> str:
        return f"{ADMIN}{self.model}/"

    def __str__(self) -> str:
        return f"{self.model}.{self.action}"


def user_and_published_menu() -> LineUser:
    published_menu()
    return LineUserFactory()


def audience_on_line() -> Audience:
    return audiences.upload(None, "Regulars", ["U" + "3" * 32])


def revoke_setup() -> ChannelAccessToken:
    channel = short_lived_channel()
    get_access_token(channel)
    return ChannelAccessToken.objects.get()


def channel_with_token() -> Channel:
    return revoke_setup().channel


CASES = [
    Case("channel", "issue_token", "manage_tokens", short_lived_channel, "issued a token valid until"),
    Case("channel", "revoke_tokens", "manage_tokens", channel_with_token, "revoked 1 token(s)"),
    Case("channel", "rotate_tokens", "manage_tokens", short_lived_channel, "new token until"),
    Case(
        "channel",
        "set_webhook_url",
        "configure_on_line",
        short_lived_channel,
        "webhook URL set to https://bot.example.com/",
        {"apply": "1", "url": "https://bot.example.com/line/webhook/shop/"},
    ),
    Case("channel", "test_webhook", "configure_on_line", short_lived_channel, "LINE reached the webhook"),
    Case("channel", "sync_rich_menus", "publish_richmenu", short_lived_channel, "0 menu(s) on LINE"),
    Case(
        "channel",
        "end_previous_secret",
        "change_channel",
        lambda: short_lived_channel(previous_channel_secret="old-s3cr3t"),
        "the previous secret is no longer accepted",
        reaches_line=False,
    ),
    Case("channelaccesstoken", "revoke", "manage_tokens", revoke_setup, "Revoked 1 token(s)"),
    Case("richmenu", "publish", "publish_richmenu", RichMenuFactory, "published as richmenu-"),
    Case("richmenu", "set_default", "publish_richmenu", published_menu, "now the default menu"),
    Case(
        "richmenu",
        "link_users",
        "link_richmenu",
        published_menu,
        "1 user(s) linked to Main",
        {"apply": "1", "user_ids": "U" + "2" * 32},
    ),
    Case(
        "richmenu",
        "unlink_users",
        "link_richmenu",
        published_menu,
        "1 user(s) unlinked from their rich menu",
        {"apply": "1", "user_ids": "U" + "2" * 32},
    ),
    Case(
        "richmenu",
        "create_or_switch_alias",
        "publish_richmenu",
        published_menu,
        "Alias main-tab now points at Main",
        {"apply": "1", "alias_id": "main-tab"},
    ),
    Case("richmenu", "delete_on_line", "publish_richmenu", published_menu, "deleted on LINE"),
    Case("richmenu", "sync_from_line", "publish_richmenu", RichMenuFactory, "0 imported, 0 marked gone"),
    Case(
        "outgoingmessage",
        "retry",
        "send_message",
        lambda: message_with_chunk(OutgoingChunk.Status.FAILED),
        "Queued 1 failed chunk(s) again",
    ),
    Case(
        "outgoingmessage",
        "cancel",
        "change_outgoingmessage",
        lambda: message_with_chunk(OutgoingChunk.Status.QUEUED),
        "Cancelled 1 queued chunk(s)",
        reaches_line=False,
    ),
    Case(
        "lineuser",
        "send_message",
        "send_message",
        LineUserFactory,
        "queued as outbox message",
        {"apply": "1", "text": "hi"},
    ),
    Case(
        "lineuser",
        "link_rich_menu",
        "link_richmenu",
        user_and_published_menu,
        "1 user(s) linked to Main",
        {"apply": "1", "rich_menu": lambda: str(RichMenu.objects.get().pk)},
    ),
    Case("lineuser", "refresh_profile", "change_lineuser", LineUserFactory, "Queued the profile fetch of 1"),
    Case(
        "lineuser",
        "create_audience",
        "add_audience",
        LineUserFactory,
        "audience Regulars uploaded (1 user(s))",
        {"apply": "1", "description": "Regulars"},
    ),
    Case("audience", "sync_from_line", "change_audience", audience_on_line, "Regulars: ready."),
    Case("audience", "delete_on_line", "delete_audience", audience_on_line, "Regulars: deleted on LINE."),
    Case(
        "audience",
        "narrowcast_text",
        "send_message",
        audience_on_line,
        "queued as outbox message",
        {"apply": "1", "text": "hi"},
    ),
    Case(
        "webhookevent",
        "replay",
        "replay_webhookevent",
        stored_event,
        "Replayed 1 event(s): 1 processed",
        reaches_line=False,
    ),
]


def staff(username: str, perms: list[str]) -> Client:
    user = User.objects.create_user(username, password="pw", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="linebot", codename__in=perms)
    )
    client = Client()
    client.force_login(user)
    return client


def test_every_action_is_in_the_table() -> None:
    declared = {
        f"{model._meta.model_name}.{name}"
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label == "linebot"
        for name in (model_admin.actions or [])
    }
    assert declared == {str(case) for case in CASES}
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label != "linebot":
            continue
        for name in model_admin.actions or []:
            assert getattr(model_admin, name).allowed_permissions, f"{model.__name__}.{name}"


@pytest.mark.parametrize("case", CASES, ids=str)
def test_permission_table(
    case: Case, linebot_settings, line_platform, django_capture_on_commit_callbacks
) -> None:
    obj = case.setup()
    base_perms = [f"view_{case.model}"]
    users = {
        "nobody": staff("nobody", []),
        "viewer": staff("viewer", VIEW_PERMS),
        "allowed": staff("allowed", [*base_perms, case.perm]),
    }
    sent_before = len(line_platform.requests)
    before = snapshot()

    def run(client: Client, extra: dict[str, Any]) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                case.changelist,
                {"action": case.action, "_selected_action": [obj.pk], **case.data(extra)},
                follow=True,
            )

    for name in ("nobody", "viewer"):
        for extra in ({}, case.extra) if case.extra else ({},):
            res = run(users[name], extra)
            html = res.content.decode()
            assert res.status_code == (403 if name == "nobody" else 200), (name, res.status_code)
            assert case.success not in html
            assert 'name="apply"' not in html, "the intermediate page is not shown"
            assert f'value="{case.action}"' not in html, "the action is not offered"
        assert len(line_platform.requests) == sent_before, f"{name} reached LINE"
        assert snapshot() == before, f"{name} changed something"

    changelist = users["allowed"].get(case.changelist).content.decode()
    assert f'value="{case.action}"' in changelist
    res = run(users["allowed"], case.extra)
    assert res.status_code == 200 and case.success in res.content.decode()
    assert (len(line_platform.requests) > sent_before) == case.reaches_line


@pytest.mark.parametrize("case", [c for c in CASES if c.extra], ids=str)
def test_intermediate_pages_check_the_permission_themselves(
    case: Case, linebot_settings, line_platform
) -> None:
    """The form_action helper refuses a user without the permission, whoever calls it."""
    obj = case.setup()
    model = type(obj)
    model_admin = admin.site._registry[model]
    sent_before = len(line_platform.requests)
    for perms in ([], VIEW_PERMS):
        user = User.objects.create_user(f"u{len(perms)}", is_staff=True)
        user.user_permissions.set(Permission.objects.filter(codename__in=perms))
        request = RequestFactory().post(case.changelist, {"action": case.action, **case.data()})
        request.user = User.objects.get(pk=user.pk)
        with pytest.raises(PermissionDenied):
            getattr(model_admin, case.action)(request, model.objects.filter(pk=obj.pk))
    assert len(line_platform.requests) == sent_before


LOGS = ("channelaccesstoken", "outgoingmessage", "webhookevent")


@pytest.mark.parametrize("model", LOGS)
def test_log_models_are_read_only(model: str, admin_client, linebot_settings, line_platform) -> None:
    rows = {
        "channelaccesstoken": revoke_setup,
        "outgoingmessage": lambda: message_with_chunk(OutgoingChunk.Status.SENT),
        "webhookevent": stored_event,
    }
    obj = rows[model]()
    before = snapshot()
    url = f"{ADMIN}{model}/{obj.pk}/change/"
    assert admin_client.get(f"{ADMIN}{model}/add/").status_code == 403
    page = admin_client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert admin_client.post(url, {}).status_code == 403
    assert staff("viewer", VIEW_PERMS).get(url).status_code == 200
    assert staff("nobody", []).get(url).status_code == 403
    assert snapshot() == before


def test_user_channels_hook_limits_rows_and_choices(settings, admin_user, linebot_settings) -> None:
    ours = ChannelFactory(name="Ours", slug="ours", channel_secret="a", channel_access_token="t")
    theirs = ChannelFactory(name="Theirs", slug="theirs", channel_secret="b", channel_access_token="t")
    our_menu, their_menu = RichMenuFactory(channel=ours), RichMenuFactory(channel=theirs)
    their_menu.name = "Their menu"
    their_menu.save()
    settings.LINEBOT = {
        **settings.LINEBOT,
        "USER_CHANNELS": lambda user: Channel.objects.filter(slug="ours"),
    }
    client = staff("team", [f"{p}_{m}" for p in ("view", "change", "add") for m in ("channel", "richmenu")])
    assert "Theirs" not in client.get(f"{ADMIN}channel/").content.decode()
    assert client.get(f"{ADMIN}channel/{theirs.pk}/change/").status_code == 302  # "does not exist"
    listing = client.get(f"{ADMIN}richmenu/").content.decode()
    assert "Their menu" not in listing and f"/{our_menu.pk}/change/" in listing
    form = client.get(f"{ADMIN}richmenu/add/").context["adminform"].form
    assert list(form.fields["channel"].queryset) == [ours] and form.fields["channel"].required
    from ..richmenu_images import upload

    base = {
        "name": "New",
        "chat_bar_text": "Menu",
        "areas-TOTAL_FORMS": "0",
        "areas-INITIAL_FORMS": "0",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
    }
    for channel in (str(theirs.pk), ""):
        res = client.post(f"{ADMIN}richmenu/add/", {**base, "channel": channel, "image": upload()})
        assert res.status_code == 200 and "channel" in res.context["adminform"].form.errors
    assert not RichMenu.objects.filter(name="New").exists()


def test_a_viewer_opens_every_page_and_sees_no_form_to_save(linebot_settings, line_platform) -> None:
    rows = [revoke_setup(), published_menu(), message_with_chunk(OutgoingChunk.Status.SENT), stored_event()]
    rows.append(rows[0].channel)
    viewer = staff("viewer", VIEW_PERMS)
    for obj in rows:
        name = obj._meta.model_name
        assert viewer.get(f"{ADMIN}{name}/").status_code == 200
        page = viewer.get(f"{ADMIN}{name}/{obj.pk}/change/")
        assert page.status_code == 200, name
        assert 'name="_save"' not in page.content.decode()
        assert viewer.post(f"{ADMIN}{name}/{obj.pk}/change/", {}).status_code == 403
