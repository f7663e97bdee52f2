"""The rich menu admin: validation errors on the right field, the drawn preview, every action."""

from __future__ import annotations

import pytest

from django_linebot import richmenus
from django_linebot.channels import settings_channel
from django_linebot.models import RichMenu, RichMenuAlias

from ..factories import RichMenuFactory
from ..richmenu_images import upload

pytestmark = pytest.mark.django_db

URL = "/admin/linebot/richmenu/"


def add_data(image, areas=(), **overrides):
    data = {
        "channel": str(settings_channel().pk),
        "name": "Main menu",
        "chat_bar_text": "Menu",
        "image": image,
        "areas-TOTAL_FORMS": str(len(areas)),
        "areas-INITIAL_FORMS": "0",
        "areas-MIN_NUM_FORMS": "0",
        "areas-MAX_NUM_FORMS": "20",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
    }
    for i, (x, y, w, h, action) in enumerate(areas):
        data.update(
            {
                f"areas-{i}-x": x,
                f"areas-{i}-y": y,
                f"areas-{i}-width": w,
                f"areas-{i}-height": h,
                f"areas-{i}-action": action,
            }
        )
    data.update(overrides)
    return data


def test_add_with_image_and_areas(admin_client) -> None:
    res = admin_client.post(
        f"{URL}add/",
        add_data(
            upload(2500, 843),
            [
                (0, 0, 1250, 843, '{"type": "postback", "data": "a"}'),
                (1250, 0, 1250, 843, '{"type": "uri", "uri": "https://example.com"}'),
            ],
        ),
    )
    assert res.status_code == 302, res.context["adminform"].form.errors if res.context else res
    menu = RichMenu.objects.get()
    assert (menu.width, menu.height) == (2500, 843) and menu.areas.count() == 2


@pytest.mark.parametrize(
    ("image", "areas", "overrides", "where", "text"),
    [
        (upload(799, 300), [], {}, "image", "799 px wide"),
        (upload(2500, 1725), [], {}, "image", "aspect ratio"),
        (upload(1200, 810, "GIF"), [], {}, "image", "JPEG or PNG"),
        (upload(2500, 843), [], {"chat_bar_text": "x" * 15}, "chat_bar_text", "at most 14"),
        (
            upload(2500, 843),
            [(2000, 0, 600, 843, '{"type": "message", "text": "x"}')],
            {},
            "areas",
            "not inside the 2500x843 image",
        ),
        (upload(2500, 843), [(0, 0, 10, 10, '{"type": "message", "text": "x"}')] * 21, {}, "areas", "20"),
    ],
)
def test_errors_are_on_the_field_that_is_wrong(admin_client, image, areas, overrides, where, text) -> None:
    res = admin_client.post(f"{URL}add/", add_data(image, areas, **overrides))
    assert res.status_code == 200 and not RichMenu.objects.exists()
    if where == "areas":
        [formset] = [f for f in res.context["inline_admin_formsets"] if f.formset.prefix == "areas"]
        assert text in str(formset.formset.non_form_errors())
    else:
        assert text in str(res.context["adminform"].form.errors[where])


def test_change_page_draws_the_areas(admin_client) -> None:
    menu = RichMenuFactory()
    html = admin_client.get(f"{URL}{menu.pk}/change/").content.decode()
    assert 'id="linebot-richmenu-preview"' in html and "data:image/png;base64," in html
    assert html.count('class="linebot-area"') == 2
    assert "postback: tab=0" in html and "left:50.0%" in html and "width:50.0%" in html


def run_action(admin_client, action, menus, **extra):
    return admin_client.post(
        URL, {"action": action, "_selected_action": [m.pk for m in menus], **extra}, follow=True
    )


def test_actions_against_line(admin_client, linebot_settings, line_platform) -> None:
    menu = RichMenuFactory()
    assert "published as richmenu-" in run_action(admin_client, "publish", [menu]).content.decode()
    menu.refresh_from_db()
    assert menu.status == RichMenu.Status.PUBLISHED
    assert "now the default menu" in run_action(admin_client, "set_default", [menu]).content.decode()
    assert line_platform.default_rich_menu == menu.line_rich_menu_id
    page = run_action(admin_client, "link_users", [menu]).content.decode()
    assert 'name="user_ids"' in page
    res = run_action(admin_client, "link_users", [menu], apply="1", user_ids="U1, U2\nU3")
    assert "3 user(s) linked to Main" in res.content.decode()
    assert set(line_platform.user_rich_menus) == {"U1", "U2", "U3"}
    res = run_action(admin_client, "unlink_users", [menu], apply="1", user_ids="U1")
    assert "1 user(s) unlinked" in res.content.decode() and "U1" not in line_platform.user_rich_menus
    res = run_action(admin_client, "create_or_switch_alias", [menu], apply="1", alias_id="main-tab")
    assert "Alias main-tab now points at Main" in res.content.decode()
    assert line_platform.aliases == {"main-tab": menu.line_rich_menu_id}
    res = run_action(admin_client, "create_or_switch_alias", [menu], apply="1", alias_id="Not Valid!")
    assert res.status_code == 200 and not RichMenuAlias.objects.filter(alias_id="Not Valid!").exists()
    assert "0 imported, 0 marked gone" in run_action(admin_client, "sync_from_line", [menu]).content.decode()
    assert "deleted on LINE" in run_action(admin_client, "delete_on_line", [menu]).content.decode()
    assert line_platform.rich_menus == {}


@pytest.mark.parametrize("status", [400, 429, 500])
def test_publish_refused_shows_lines_message(status, admin_client, linebot_settings, line_platform) -> None:
    menu = RichMenuFactory()
    line_platform.add_fault(
        path="^/v2/bot/richmenu$",
        status=status,
        body={
            "message": "must be specified",
            "details": [{"message": "size invalid", "property": "size.width"}],
        },
    )
    html = run_action(admin_client, "publish", [menu]).content.decode()
    assert f"HTTP {status}: must be specified [size.width: size invalid]" in html
    assert line_platform.requests[-1].request_id in html
    menu.refresh_from_db()
    assert menu.status == RichMenu.Status.DRAFT and menu.line_rich_menu_id == ""


def test_action_on_unpublished_menu_is_a_message(admin_client, linebot_settings) -> None:
    menu = RichMenuFactory()
    html = run_action(admin_client, "set_default", [menu]).content.decode()
    assert "is not published on LINE yet" in html


def test_sync_command(linebot_settings, line_platform, capsys) -> None:
    from django.core.management import call_command

    richmenus.publish(RichMenuFactory())
    RichMenu.objects.all().delete()
    call_command("linebot_sync_richmenus")
    assert "1 imported" in capsys.readouterr().out
    assert RichMenu.objects.get().status == RichMenu.Status.PUBLISHED


def change_data(menu: RichMenu, **overrides: str) -> dict[str, str]:
    """The change form of ``menu`` as the browser posts it when nothing is uploaded again."""
    import json

    areas = list(menu.areas.all())
    data = add_data("", **overrides)
    data.pop("image")
    data.update(
        {
            "channel": str(menu.channel_id or ""),
            "areas-TOTAL_FORMS": str(len(areas)),
            "areas-INITIAL_FORMS": str(len(areas)),
            "aliases-TOTAL_FORMS": str(menu.aliases.count()),
            "aliases-INITIAL_FORMS": str(menu.aliases.count()),
        }
    )
    for i, area in enumerate(areas):
        data.update(
            {
                f"areas-{i}-id": str(area.pk),
                f"areas-{i}-rich_menu": str(menu.pk),
                f"areas-{i}-x": str(area.x),
                f"areas-{i}-y": str(area.y),
                f"areas-{i}-width": str(area.width),
                f"areas-{i}-height": str(area.height),
                f"areas-{i}-action": json.dumps(area.action),
            }
        )
    for i, alias in enumerate(menu.aliases.all()):
        data.update({f"aliases-{i}-id": str(alias.pk), f"aliases-{i}-rich_menu": str(menu.pk)})
    data.update(overrides)
    return data


def published_menu() -> RichMenu:
    menu = RichMenuFactory()
    richmenus.publish(menu)
    return menu


def synced_menu() -> RichMenu:
    richmenus.publish(RichMenuFactory())
    RichMenu.objects.all().delete()
    richmenus.sync(None)
    return RichMenu.objects.get()


@pytest.mark.parametrize(
    "make",
    [RichMenuFactory, published_menu, synced_menu],
    ids=["draft", "published", "synced"],
)
def test_saving_without_uploading_the_image_again(
    make, admin_client, linebot_settings, line_platform
) -> None:
    menu = make()
    assert menu.image and menu.width == 2500
    status, image_name = menu.status, menu.image.name
    page = admin_client.get(f"{URL}{menu.pk}/change/")
    assert page.status_code == 200
    res = admin_client.post(f"{URL}{menu.pk}/change/", change_data(menu, name="Renamed"))
    assert res.status_code == 302, res.context["adminform"].form.errors if res.context else res
    menu.refresh_from_db()
    assert menu.name == "Renamed" and menu.image.name == image_name and menu.status == status
    assert (menu.width, menu.height) == (2500, 843) and menu.areas.count() == 2
    assert menu.read_image()[0] == "image/png"


def test_saving_when_the_stored_image_file_is_gone(admin_client) -> None:
    menu = RichMenuFactory()
    menu.image.storage.delete(menu.image.name)
    res = admin_client.post(f"{URL}{menu.pk}/change/", change_data(menu, name="Renamed"))
    assert res.status_code == 200
    assert "cannot be read" in str(res.context["adminform"].form.errors["image"])


def test_area_with_an_invalid_size_is_a_field_error(admin_client) -> None:
    areas = [(0, 0, 10, 10, '{"type": "message", "text": "x"}'), (0, 0, 10, -1, '{"type": "message"}')]
    res = admin_client.post(f"{URL}add/", add_data(upload(2500, 843), areas))
    assert res.status_code == 200 and not RichMenu.objects.exists()
    [formset] = [f for f in res.context["inline_admin_formsets"] if f.formset.prefix == "areas"]
    assert "height" in formset.formset.errors[1]


# ---------------------------------------------------------------- templates, chat bar, plural (issue 13)


def test_add_with_a_template_fills_the_areas_without_gap_or_overlap(admin_client) -> None:
    res = admin_client.post(f"{URL}add/", add_data(upload(2500, 1686), layout="large-3x2"))
    assert res.status_code == 302, res.context["adminform"].form.errors if res.context else res
    menu = RichMenu.objects.get()
    bounds = [(a.x, a.y, a.width, a.height) for a in menu.areas.all()]
    assert bounds == [
        (0, 0, 833, 843),
        (833, 0, 834, 843),
        (1667, 0, 833, 843),
        (0, 843, 833, 843),
        (833, 843, 834, 843),
        (1667, 843, 833, 843),
    ]
    assert [a.action for a in menu.areas.all()][0] == {"type": "message", "text": "1"}
    assert menu.to_line()["areas"][5]["bounds"] == {"x": 1667, "y": 843, "width": 833, "height": 843}


def test_a_template_is_sized_to_the_image(admin_client) -> None:
    res = admin_client.post(f"{URL}add/", add_data(upload(1200, 405), layout="compact-3"))
    assert res.status_code == 302
    assert [a.width for a in RichMenu.objects.get().areas.all()] == [400, 400, 400]


def test_an_unknown_template_is_a_form_error_not_a_500(admin_client) -> None:
    res = admin_client.post(f"{URL}add/", add_data(upload(2500, 843), layout="nope"))
    assert res.status_code == 200
    assert "layout" in res.context["adminform"].form.errors


def test_the_page_offers_the_templates(admin_client) -> None:
    res = admin_client.get(f"{URL}add/")
    assert b"large-3x2" in res.content and "Compact: 3 areas" in res.content.decode()


def test_chat_bar_has_no_browser_maxlength_and_the_server_says_14(admin_client) -> None:
    page = admin_client.get(f"{URL}add/").content.decode()
    field = page[page.index('name="chat_bar_text"') - 200 : page.index('name="chat_bar_text"') + 200]
    assert "maxlength" not in field
    res = admin_client.post(f"{URL}add/", add_data(upload(2500, 843), chat_bar_text="x" * 15))
    assert "at most 14" in str(res.context["adminform"].form.errors["chat_bar_text"])


def test_alias_plural_is_aliases() -> None:
    assert str(RichMenuAlias._meta.verbose_name_plural) == "rich menu aliases"


def _staff(username, perms):
    from django.contrib.auth.models import Permission, User
    from django.test import Client

    user = User.objects.create_user(username, is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="linebot", codename__in=perms)
    )
    client = Client()
    client.force_login(user)
    return client


def _buttons(html):
    import re

    return re.findall(r'name="linebot_button" value="([a-z_]+)"', html)


def test_menu_page_buttons_follow_the_permissions(linebot_settings, line_platform) -> None:
    menu = RichMenuFactory()
    page = f"{URL}{menu.pk}/change/"
    assert _staff("nobody", []).get(page).status_code == 403
    viewer = _staff("viewer", ["view_richmenu"])
    assert _buttons(viewer.get(page).content.decode()) == []
    sent = len(line_platform.requests)
    # the button's post, made by a user without the permission, reaches nothing
    viewer.post(URL, {"action": "publish", "_selected_action": [menu.pk], "index": "0"}, follow=True)
    assert len(line_platform.requests) == sent
    publisher = _staff("publisher", ["view_richmenu", "publish_richmenu"])
    assert _buttons(publisher.get(page).content.decode()) == [
        "publish",
        "set_default",
        "create_or_switch_alias",
    ]
    linker = _staff("linker", ["view_richmenu", "link_richmenu"])
    assert _buttons(linker.get(page).content.decode()) == ["link_users"]
    res = publisher.post(
        URL,
        {"action": "publish", "_selected_action": [menu.pk], "index": "0", "select_across": "0"},
        follow=True,
    )
    assert "published as richmenu-" in res.content.decode()
    menu.refresh_from_db()
    assert menu.line_rich_menu_id in line_platform.rich_menus
    res = publisher.post(
        URL, {"action": "set_default", "_selected_action": [menu.pk], "index": "0"}, follow=True
    )
    assert line_platform.default_rich_menu == menu.line_rich_menu_id


def test_admin_page_has_everything_for_the_buttons(admin_client) -> None:
    menu = RichMenuFactory()
    html = admin_client.get(f"{URL}{menu.pk}/change/").content.decode()
    assert _buttons(html) == ["publish", "set_default", "create_or_switch_alias", "link_users"]
    assert f'name="_selected_action" value="{menu.pk}"' in html
    assert 'id="linebot-richmenu-layouts"' in html


def test_menu_page_links_to_the_image_maker_for_who_may_add() -> None:
    menu = RichMenuFactory()
    page = f"{URL}{menu.pk}/change/"
    assert "/admin/linebot/richmenu/maker/" not in _staff("v", ["view_richmenu"]).get(page).content.decode()
    adder = _staff("a", ["view_richmenu", "add_richmenu", "change_richmenu"])
    assert "/admin/linebot/richmenu/maker/" in adder.get(page).content.decode()
    assert "/admin/linebot/richmenu/maker/" in adder.get(f"{URL}add/").content.decode()
