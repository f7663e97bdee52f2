"""Rich menus: local validation as LINE does it, and the life cycle on LINE (via the fake platform)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from django_linebot import richmenus
from django_linebot.channels import settings_channel
from django_linebot.models import RichMenu, RichMenuAlias
from django_linebot.richmenu_images import validate_rich_menu_image
from django_linebot.sdk import BadRequestError, RateLimitError, ServerError

from ..factories import RichMenuFactory
from ..richmenu_images import upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("width", "height", "fmt", "noise", "code"),
    [
        (800, 250, "PNG", False, None),  # smallest width and height, aspect 3.2
        (2500, 1724, "JPEG", False, None),  # aspect 1.4501
        (2500, 1686, "PNG", False, None),
        (799, 250, "PNG", False, "width"),
        (2501, 843, "PNG", False, "width"),
        (1000, 249, "PNG", False, "height"),
        (2500, 1725, "PNG", False, "aspect"),  # aspect 1.4493
        (1200, 810, "GIF", False, "format"),
        (1000, 600, "PNG", True, "size"),  # noise does not compress: over 1 MB
    ],
)
def test_image_limits(width, height, fmt, noise, code) -> None:
    image = upload(width, height, fmt, noise)
    if code is None:
        assert image.size <= 1024 * 1024
        validate_rich_menu_image(image)
        return
    with pytest.raises(ValidationError) as info:
        validate_rich_menu_image(image)
    assert code in {e.code for e in info.value.error_list}


def test_just_under_and_just_over_one_megabyte() -> None:
    under = upload(1000, 345, "PNG", noise=True)  # noise does not compress: ~3 bytes a pixel
    assert 1_000_000 < under.size <= 1024 * 1024
    validate_rich_menu_image(under)
    over = upload(1000, 352, "PNG", noise=True)
    assert 1024 * 1024 < over.size < 1_100_000
    with pytest.raises(ValidationError, match="at most 1,048,576"):
        validate_rich_menu_image(over)


def test_areas_must_be_inside_and_at_most_twenty() -> None:
    menu = RichMenuFactory(areas=0)
    menu.areas.create(x=2000, y=0, width=600, height=100, action={"type": "message", "text": "x"})
    with pytest.raises(ValidationError) as info:
        menu.full_clean_for_line()
    assert "not inside the 2500x843 image" in str(info.value.message_dict["areas"])
    menu.areas.all().delete()
    for i in range(21):
        menu.areas.create(x=i * 100, y=0, width=100, height=100, action={"type": "message", "text": "x"})
    with pytest.raises(ValidationError, match="21 areas"):
        menu.full_clean_for_line()


def test_chat_bar_text_at_most_14() -> None:
    menu = RichMenu(channel=settings_channel(), name="m", chat_bar_text="x" * 15)
    with pytest.raises(ValidationError) as info:
        menu.full_clean(exclude=["image"])
    assert "chat_bar_text" in info.value.message_dict


def test_publish_creates_and_uploads(line_platform, linebot_settings) -> None:
    menu = RichMenuFactory()
    assert richmenus.publish(menu).changed is True
    menu.refresh_from_db()
    assert menu.status == RichMenu.Status.PUBLISHED and menu.line_rich_menu_id in line_platform.rich_menus
    created = line_platform.rich_menus[menu.line_rich_menu_id]
    assert created["size"] == {"width": 2500, "height": 843} and created["chatBarText"] == "Menu"
    assert created["areas"][1]["action"] == {"type": "postback", "data": "tab=1"}
    ctype, data = line_platform.rich_menu_images[menu.line_rich_menu_id]
    assert ctype == "image/png" and data.startswith(b"\x89PNG")
    assert richmenus.publish(menu).changed is False  # unchanged: nothing sent
    assert len(line_platform.rich_menus) == 1


def test_changed_menu_is_published_as_a_new_one(line_platform, linebot_settings) -> None:
    menu = RichMenuFactory()
    richmenus.publish(menu)
    richmenus.set_default(menu)
    richmenus.create_or_switch_alias("main", menu)
    old_id = menu.line_rich_menu_id
    menu.areas.first().delete()
    assert menu.edited_since_publish
    assert richmenus.publish(menu).changed is True
    assert menu.line_rich_menu_id != old_id
    assert old_id not in line_platform.rich_menus and menu.line_rich_menu_id in line_platform.rich_menus
    assert line_platform.aliases == {"main": menu.line_rich_menu_id}
    assert line_platform.default_rich_menu == menu.line_rich_menu_id


def test_failed_image_upload_leaves_nothing_half_made(line_platform, linebot_settings) -> None:
    menu = RichMenuFactory()
    line_platform.add_fault(path="/content$", status=500)
    with pytest.raises(ServerError):
        richmenus.publish(menu)
    menu.refresh_from_db()
    assert menu.status == RichMenu.Status.DRAFT and menu.line_rich_menu_id == ""
    assert line_platform.rich_menus == {}


@pytest.mark.parametrize(
    ("status", "exc"), [(400, BadRequestError), (429, RateLimitError), (500, ServerError)]
)
def test_line_refusing_publish_keeps_the_row(status, exc, line_platform, linebot_settings) -> None:
    menu = RichMenuFactory()
    line_platform.add_fault(
        path="^/v2/bot/richmenu$",
        status=status,
        body={"message": "nope", "details": [{"message": "bad", "property": "areas"}]},
    )
    with pytest.raises(exc):
        richmenus.publish(menu)
    menu.refresh_from_db()
    assert menu.status == RichMenu.Status.DRAFT and menu.line_rich_menu_id == ""


def test_link_and_unlink_users_in_chunks_of_500(line_platform, linebot_settings) -> None:
    menu = RichMenuFactory()
    richmenus.publish(menu)
    users = [f"U{i:032d}" for i in range(1201)]
    assert richmenus.link_users(menu, users) == 1201
    links = line_platform.requests_to("/v2/bot/richmenu/bulk/link")
    assert [len(r.json["userIds"]) for r in links] == [500, 500, 201]
    assert len(line_platform.user_rich_menus) == 1201
    richmenus.unlink_users(menu, users[:600])
    assert [len(r.json["userIds"]) for r in line_platform.requests_to("/v2/bot/richmenu/bulk/unlink")] == [
        500,
        100,
    ]
    assert len(line_platform.user_rich_menus) == 601


def test_actions_need_a_published_menu(linebot_settings) -> None:
    menu = RichMenuFactory()
    for call in (
        lambda: richmenus.set_default(menu),
        lambda: richmenus.link_users(menu, ["U1"]),
        lambda: richmenus.create_or_switch_alias("a", menu),
    ):
        with pytest.raises(ValidationError, match="not published"):
            call()


def test_alias_create_then_switch(line_platform, linebot_settings) -> None:
    a, b = RichMenuFactory(), RichMenuFactory()
    richmenus.publish(a)
    richmenus.publish(b)
    richmenus.create_or_switch_alias("tab", a)
    assert line_platform.aliases["tab"] == a.line_rich_menu_id
    alias = richmenus.create_or_switch_alias("tab", b)
    assert line_platform.aliases["tab"] == b.line_rich_menu_id
    assert alias.rich_menu == b and RichMenuAlias.objects.count() == 1
    richmenus.delete_alias_on_line(alias)
    assert line_platform.aliases == {} and not RichMenuAlias.objects.exists()


def test_delete_on_line(line_platform, linebot_settings) -> None:
    menu = RichMenuFactory()
    richmenus.publish(menu)
    richmenus.delete_on_line(menu)
    assert line_platform.rich_menus == {}
    assert menu.status == RichMenu.Status.DRAFT and menu.line_rich_menu_id == ""
    richmenus.delete_on_line(menu)  # nothing on LINE any more: still fine


def test_sync_imports_and_marks_gone(line_platform, linebot_settings, line_api) -> None:
    from ..richmenu_images import image_bytes

    mine = RichMenuFactory()
    richmenus.publish(mine)
    elsewhere = line_api.create_rich_menu(
        {
            "size": {"width": 1200, "height": 405},
            "selected": True,
            "name": "Made in the console",
            "chatBarText": "Tap",
            "areas": [
                {
                    "bounds": {"x": 0, "y": 0, "width": 600, "height": 405},
                    "action": {"type": "uri", "uri": "https://example.com"},
                }
            ],
        }
    ).rich_menu_id
    line_api.api_data_endpoint = line_platform.url
    line_api.upload_rich_menu_image(elsewhere, "image/jpeg", image_bytes(1200, 405, "JPEG"))
    line_api.set_default_rich_menu(elsewhere)
    gone = RichMenuFactory()
    richmenus.publish(gone)
    del line_platform.rich_menus[gone.line_rich_menu_id]

    result = richmenus.sync()
    assert result == {"imported": 1, "gone": 1, "on_line": 2}
    imported = RichMenu.objects.get(line_rich_menu_id=elsewhere)
    assert imported.name == "Made in the console" and imported.is_default and imported.selected
    assert (imported.width, imported.height) == (1200, 405)
    assert imported.areas.get().action == {"type": "uri", "uri": "https://example.com"}
    assert not imported.is_outdated
    gone.refresh_from_db()
    assert gone.status == RichMenu.Status.GONE
    assert richmenus.sync() == {"imported": 0, "gone": 0, "on_line": 2}
