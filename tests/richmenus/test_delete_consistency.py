"""Deleting on LINE (service, admin page, Django's "Delete selected"): all or nothing, the row kept on refusal."""

from __future__ import annotations

import pytest

from django_linebot import richmenus
from django_linebot.models import RichMenu
from django_linebot.sdk import ServerError

from ..factories import RichMenuFactory
from .consistency import assert_line_agrees, request_ids

pytestmark = pytest.mark.django_db

URL = "/admin/linebot/richmenu/"


def published(fake, name: str = "Main") -> RichMenu:
    menu = RichMenuFactory(name=name)
    richmenus.publish(menu)
    richmenus.set_default(menu)
    richmenus.create_or_switch_alias(f"{name.lower()}-tab", menu)
    richmenus.link_users(menu, ["U1", "U2"])
    assert_line_agrees(fake)
    return menu


def test_delete_on_line_takes_aliases_links_and_default(line_platform, linebot_settings) -> None:
    menu = published(line_platform)
    assert richmenus.delete_on_line(menu) is True
    assert line_platform.rich_menus == {} and line_platform.aliases == {}
    assert line_platform.user_rich_menus == {} and line_platform.default_rich_menu is None
    menu.refresh_from_db()
    assert menu.status == RichMenu.Status.DRAFT and not menu.aliases.exists() and not menu.user_links.exists()
    assert_line_agrees(line_platform)


def test_delete_on_line_of_a_draft_sends_nothing(line_platform, linebot_settings) -> None:
    menu = RichMenuFactory()
    assert richmenus.delete_on_line(menu) is False
    assert line_platform.requests == []


def test_refused_delete_is_rolled_back(line_platform, linebot_settings) -> None:
    menu = published(line_platform)
    line_platform.add_fault(method="DELETE", path=f"^/v2/bot/richmenu/{menu.line_rich_menu_id}$", status=500)
    with pytest.raises(ServerError):
        richmenus.delete_on_line(menu)
    menu.refresh_from_db()
    assert menu.status == RichMenu.Status.PUBLISHED and menu.is_default
    assert_line_agrees(line_platform)  # alias made again, users linked again, default set again


def delete_confirmed(client, menus):
    return client.post(
        URL,
        {"action": "delete_selected", "_selected_action": [m.pk for m in menus], "post": "yes"},
        follow=True,
    )


def test_delete_selected_deletes_on_line_and_keeps_what_line_refuses(
    admin_client, line_platform, linebot_settings
) -> None:
    kept, gone, draft = published(line_platform, "Kept"), RichMenuFactory(name="Gone"), RichMenuFactory()
    richmenus.publish(gone)
    page = admin_client.post(URL, {"action": "delete_selected", "_selected_action": [kept.pk, gone.pk]})
    assert page.status_code == 200 and b"Are you sure" in page.content  # Django's confirmation page
    line_platform.add_fault(method="DELETE", path=f"^/v2/bot/richmenu/{kept.line_rich_menu_id}$", status=500)
    html = delete_confirmed(admin_client, [kept, gone, draft]).content.decode()
    (refused_id,) = request_ids(line_platform, "DELETE", f"/v2/bot/richmenu/{kept.line_rich_menu_id}")
    assert "Kept: not deleted, LINE refused: HTTP 500" in html and refused_id in html
    assert "Deleted 2 rich menu(s)" in html
    assert list(RichMenu.objects.values_list("name", flat=True)) == ["Kept"]
    assert_line_agrees(line_platform)


def test_delete_page_deletes_on_line_and_keeps_what_line_refuses(
    admin_client, line_platform, linebot_settings
) -> None:
    menu = published(line_platform)
    line_platform.add_fault(method="DELETE", path=f"^/v2/bot/richmenu/{menu.line_rich_menu_id}$", status=500)
    res = admin_client.post(f"{URL}{menu.pk}/delete/", {"post": "yes"}, follow=True)
    html = res.content.decode()
    assert "not deleted, LINE refused" in html and "deleted successfully" not in html
    assert RichMenu.objects.filter(pk=menu.pk).exists()
    assert_line_agrees(line_platform)
    res = admin_client.post(f"{URL}{menu.pk}/delete/", {"post": "yes"}, follow=True)
    assert "deleted successfully" in res.content.decode() and not RichMenu.objects.exists()
    assert line_platform.rich_menus == {} and line_platform.aliases == {}
    assert_line_agrees(line_platform)


def test_deleting_a_published_menu_needs_the_publish_permission(line_platform, linebot_settings) -> None:
    from django.contrib.auth.models import Permission, User
    from django.test import Client

    menu = published(line_platform)
    user = User.objects.create_user("deleter", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=["view_richmenu", "delete_richmenu"]))
    client = Client()
    client.force_login(user)
    sent = len(line_platform.requests)
    html = delete_confirmed(client, [menu]).content.decode()
    assert "needs the permission to publish" in html and RichMenu.objects.exists()
    assert len(line_platform.requests) == sent
