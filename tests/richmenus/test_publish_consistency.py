"""Publishing with faults injected on the fake platform: LINE and the database agree afterwards."""

from __future__ import annotations

import pytest

from django_linebot import richmenus
from django_linebot.models import RichMenu, RichMenuAlias, RichMenuUserLink
from django_linebot.sdk import ServerError

from ..factories import RichMenuFactory
from .consistency import assert_line_agrees, request_ids

pytestmark = pytest.mark.django_db

USERS = [f"U{i:032d}" for i in range(1201)]


def published_with_everything(fake) -> RichMenu:
    """A published default menu with an alias and 1201 users linked one by one, then edited."""
    menu = RichMenuFactory()
    richmenus.publish(menu)
    richmenus.set_default(menu)
    richmenus.create_or_switch_alias("main", menu)
    richmenus.link_users(menu, USERS)
    menu.areas.first().delete()
    assert menu.edited_since_publish
    assert_line_agrees(fake)
    return menu


def snapshot(menu: RichMenu) -> tuple:
    menu.refresh_from_db()
    return (menu.line_rich_menu_id, menu.status, menu.published_hash, menu.is_default)


def test_republish_moves_alias_default_and_linked_users(line_platform, linebot_settings) -> None:
    menu = published_with_everything(line_platform)
    old_id = menu.line_rich_menu_id
    before = len(line_platform.requests)
    result = richmenus.publish(menu)
    assert result.changed and result.warnings == []
    assert menu.line_rich_menu_id != old_id and old_id not in line_platform.rich_menus
    assert set(line_platform.user_rich_menus.values()) == {menu.line_rich_menu_id}
    links = [r for r in line_platform.requests[before:] if r.path == "/v2/bot/richmenu/bulk/link"]
    assert [len(r.json["userIds"]) for r in links] == [500, 500, 201]
    assert not menu.edited_since_publish
    assert_line_agrees(line_platform)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "^/v2/bot/user/all/richmenu/"),  # setting the default, after the alias moved
        ("POST", "^/v2/bot/richmenu/bulk/link$"),  # moving the first 500 users, after alias and default
    ],
)
def test_failed_republish_is_rolled_back(method, path, line_platform, linebot_settings) -> None:
    menu = published_with_everything(line_platform)
    before = snapshot(menu)
    line_platform.add_fault(method=method, path=path, status=500)
    with pytest.raises(ServerError):
        richmenus.publish(menu)
    assert snapshot(menu) == before
    assert line_platform.aliases == {"main": before[0]}  # moved, and moved back
    assert len(line_platform.rich_menus) == 1  # the new menu deleted again
    assert_line_agrees(line_platform)


def test_undo_refused_raises_with_lines_request_id(line_platform, linebot_settings) -> None:
    menu = published_with_everything(line_platform)
    before = snapshot(menu)
    line_platform.add_fault(method="POST", path="^/v2/bot/user/all/richmenu/", status=500)
    line_platform.add_fault(method="DELETE", path="^/v2/bot/richmenu/richmenu-", status=500)
    with pytest.raises(richmenus.RollbackFailed) as info:
        richmenus.publish(menu)
    (delete_id,) = request_ids(line_platform, "DELETE", "/v2/bot/richmenu/richmenu-")
    assert info.value.request_id == delete_id and delete_id in str(info.value)
    assert "delete the new LINE menu" in str(info.value)
    assert snapshot(menu) == before
    (orphan,) = set(line_platform.rich_menus) - {before[0]}
    assert orphan in str(info.value)
    assert_line_agrees(line_platform, orphans=frozenset({orphan}))  # the rest was undone


def test_old_menu_not_deleted_is_a_warning_with_the_request_id(line_platform, linebot_settings) -> None:
    menu = published_with_everything(line_platform)
    old_id = menu.line_rich_menu_id
    line_platform.add_fault(method="DELETE", path=f"^/v2/bot/richmenu/{old_id}$", status=500)
    result = richmenus.publish(menu)
    (delete_id,) = request_ids(line_platform, "DELETE", f"/v2/bot/richmenu/{old_id}")
    assert result.changed and len(result.warnings) == 1
    assert old_id in result.warnings[0] and delete_id in result.warnings[0]
    assert_line_agrees(line_platform, orphans=frozenset({old_id}))


@pytest.mark.parametrize("alias_left_on_line", [True, False])
def test_publishing_a_gone_menu_recreates_its_aliases(
    alias_left_on_line, line_platform, linebot_settings
) -> None:
    menu = RichMenuFactory()
    richmenus.publish(menu)
    richmenus.create_or_switch_alias("main", menu)
    del line_platform.rich_menus[menu.line_rich_menu_id]  # deleted on LINE by someone else
    if not alias_left_on_line:
        del line_platform.aliases["main"]
    richmenus.sync()
    menu.refresh_from_db()
    assert menu.status == RichMenu.Status.GONE and RichMenuAlias.objects.filter(alias_id="main").exists()
    assert richmenus.publish(menu).changed
    assert line_platform.aliases == {"main": menu.line_rich_menu_id}
    assert_line_agrees(line_platform)


def test_failed_publish_of_a_gone_menu_removes_the_recreated_alias(line_platform, linebot_settings) -> None:
    menu = RichMenuFactory()
    richmenus.publish(menu)
    richmenus.create_or_switch_alias("main", menu)
    richmenus.link_users(menu, ["U1"])
    del line_platform.rich_menus[menu.line_rich_menu_id]
    del line_platform.aliases["main"]
    line_platform.user_rich_menus.clear()
    richmenus.sync()
    menu.refresh_from_db()
    line_platform.add_fault(method="POST", path="^/v2/bot/richmenu/bulk/link$", status=500)
    with pytest.raises(ServerError):
        richmenus.publish(menu)
    assert line_platform.rich_menus == {} and line_platform.aliases == {}
    menu.refresh_from_db()
    assert menu.status == RichMenu.Status.GONE


def test_link_users_keeps_the_record(line_platform, linebot_settings) -> None:
    a, b = RichMenuFactory(), RichMenuFactory(name="Other")
    richmenus.publish(a)
    richmenus.publish(b)
    assert richmenus.link_users(a, ["U1", "U2", "U1"]) == 2
    richmenus.link_users(b, ["U2"])
    assert dict(RichMenuUserLink.objects.values_list("user_id", "rich_menu__name")) == {
        "U1": "Main",
        "U2": "Other",
    }
    richmenus.unlink_users(a, ["U2"])  # whatever menu U2 has
    assert list(RichMenuUserLink.objects.values_list("user_id", flat=True)) == ["U1"]
    assert_line_agrees(line_platform)


def test_a_refused_chunk_records_the_chunks_before_it(line_platform, linebot_settings) -> None:
    menu = RichMenuFactory()
    richmenus.publish(menu)
    richmenus.link_users(menu, USERS[:500])
    line_platform.add_fault(method="POST", path="^/v2/bot/richmenu/bulk/link$", status=500)
    with pytest.raises(ServerError):
        richmenus.link_users(menu, ["U9"])
    assert RichMenuUserLink.objects.count() == 500
    assert_line_agrees(line_platform)
