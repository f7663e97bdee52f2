"""The rich menu admin's actions: one menu at a time where it means one menu, honest messages."""

from __future__ import annotations

import pytest

from django_linebot import richmenus

from ..factories import RichMenuFactory
from .consistency import request_ids

pytestmark = pytest.mark.django_db

URL = "/admin/linebot/richmenu/"


def run_action(client, action, menus, **extra):
    return client.post(
        URL, {"action": action, "_selected_action": [m.pk for m in menus], **extra}, follow=True
    )


@pytest.mark.parametrize(
    ("action", "extra"),
    [
        ("set_default", {}),
        ("link_users", {"apply": "1", "user_ids": "U1"}),
        ("unlink_users", {"apply": "1", "user_ids": "U1"}),
        ("create_or_switch_alias", {"apply": "1", "alias_id": "tab"}),
        ("link_users", {}),
    ],
)
def test_single_menu_actions_refuse_several(
    action, extra, admin_client, line_platform, linebot_settings
) -> None:
    menus = [RichMenuFactory(name="A"), RichMenuFactory(name="B")]
    for menu in menus:
        richmenus.publish(menu)
    sent = len(line_platform.requests)
    html = run_action(admin_client, action, menus, **extra).content.decode()
    assert "works on one rich menu at a time: select one (2 selected)" in html
    assert 'name="apply"' not in html
    assert len(line_platform.requests) == sent


def test_delete_on_line_of_a_draft_says_nothing_was_sent(
    admin_client, line_platform, linebot_settings
) -> None:
    html = run_action(admin_client, "delete_on_line", [RichMenuFactory()]).content.decode()
    assert "nothing on LINE to delete" in html and "deleted on LINE" not in html
    assert line_platform.requests == []


def test_unlink_does_not_name_a_menu(admin_client, line_platform, linebot_settings) -> None:
    a, b = RichMenuFactory(name="A"), RichMenuFactory(name="B")
    richmenus.publish(a)
    richmenus.publish(b)
    richmenus.link_users(b, ["U1"])
    html = run_action(admin_client, "unlink_users", [a], apply="1", user_ids="U1").content.decode()
    assert "1 user(s) unlinked from their rich menu" in html and "unlinked from A" not in html


def test_publish_shows_the_old_menu_left_on_line(admin_client, line_platform, linebot_settings) -> None:
    menu = RichMenuFactory()
    richmenus.publish(menu)
    old_id = menu.line_rich_menu_id
    menu.areas.first().delete()
    line_platform.add_fault(method="DELETE", path=f"^/v2/bot/richmenu/{old_id}$", status=500)
    html = run_action(admin_client, "publish", [menu]).content.decode()
    (request_id,) = request_ids(line_platform, "DELETE", f"/v2/bot/richmenu/{old_id}")
    assert "published as" in html
    assert f"the previous LINE menu {old_id} was not deleted" in html and request_id in html
    assert 'class="warning"' in html


def test_failed_rollback_is_an_error_not_published(admin_client, line_platform, linebot_settings) -> None:
    menu = RichMenuFactory()
    richmenus.publish(menu)
    richmenus.set_default(menu)
    menu.areas.first().delete()
    line_platform.add_fault(method="POST", path="^/v2/bot/user/all/richmenu/", status=500)
    line_platform.add_fault(method="DELETE", path="^/v2/bot/richmenu/richmenu-", status=500)
    html = run_action(admin_client, "publish", [menu]).content.decode()
    (request_id,) = request_ids(line_platform, "DELETE", "/v2/bot/richmenu/richmenu-")
    assert ": published as" not in html and 'class="error"' in html
    assert "undoing it on LINE failed" in html and request_id in html


def test_api_publish_answers_its_warnings_and_rollback_errors(line_platform, linebot_settings) -> None:
    from django.contrib.auth.models import User
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(User.objects.create_superuser("root", "root@example.com", "pw"))
    menu = RichMenuFactory()
    richmenus.publish(menu)
    richmenus.set_default(menu)
    old_id = menu.line_rich_menu_id
    menu.areas.first().delete()
    line_platform.add_fault(method="DELETE", path=f"^/v2/bot/richmenu/{old_id}$", status=500)
    body = client.post(f"/api/line/rich-menus/{menu.pk}/publish/").json()
    assert body["published"] is True and old_id in body["warnings"][0]
    menu.areas.first().delete()
    line_platform.add_fault(method="POST", path="^/v2/bot/user/all/richmenu/", status=500)
    line_platform.add_fault(method="DELETE", path="^/v2/bot/richmenu/richmenu-", status=500)
    res = client.post(f"/api/line/rich-menus/{menu.pk}/publish/")
    assert res.status_code == 502
    assert (
        res.json()["line_request_id"]
        == request_ids(line_platform, "DELETE", "/v2/bot/richmenu/richmenu-")[-1]
    )


def test_edited_since_publish_column_and_field(admin_client, line_platform, linebot_settings) -> None:
    menu = RichMenuFactory()
    richmenus.publish(menu)
    changelist = admin_client.get(URL).content.decode()
    assert "edited since publish" in changelist.lower() and 'alt="False"' in changelist
    menu.areas.first().delete()
    assert menu.edited_since_publish
    changelist = admin_client.get(URL).content.decode()
    assert (
        'class="field-edited_since_publish"><img src="/static/admin/img/icon-yes.svg" alt="True"'
        in changelist
    )
    page = admin_client.get(f"{URL}{menu.pk}/change/").content.decode()
    assert "Edited since publish" in page and 'alt="True"' in page
