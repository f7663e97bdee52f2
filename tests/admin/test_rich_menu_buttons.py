"""The change page's single-menu buttons end on that menu's page (after the action's form too); the
changelist's bulk actions end on the changelist. Each with no permission, view only, the right one."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from django_linebot import richmenus
from django_linebot.models import RichMenu

from ..factories import RichMenuFactory
from ..helpers import user_with

pytestmark = pytest.mark.django_db

URL = "/admin/linebot/richmenu/"

#: button -> (the permission it needs, the fields of its form (None: no form), what the page says after)
BUTTONS: dict[str, tuple[str, dict[str, str] | None, str]] = {
    "publish": ("linebot.publish_richmenu", None, "published as"),
    "set_default": ("linebot.publish_richmenu", None, "now the default menu"),
    "create_or_switch_alias": (
        "linebot.publish_richmenu",
        {"alias_id": "tab-a"},
        "Alias tab-a now points at",
    ),
    "link_users": ("linebot.link_richmenu", {"user_ids": "U1 U2"}, "2 user(s) linked to"),
}


def client_for(name: str, perms: list[str]) -> Client:
    client = Client()
    client.force_login(user_with(name, perms, staff=True))
    return client


def menu_for(button: str) -> RichMenu:
    menu = RichMenuFactory(name="Main")
    if button != "publish":
        richmenus.publish(menu)
    return menu


def press(client: Client, button: str, menu: RichMenu, **extra: Any) -> Any:
    """What the change page's button posts (see richmenu/change_form.html)."""
    data = {"action": button, "_selected_action": [menu.pk], "index": "0", "select_across": "0"}
    return client.post(URL, {**data, "linebot_button": button, **extra})


@pytest.mark.parametrize("button", list(BUTTONS))
def test_a_button_ends_on_the_menu_page(button: str, linebot_settings, line_platform) -> None:
    perm, fields, said = BUTTONS[button]
    menu = menu_for(button)
    page = f"{URL}{menu.pk}/change/"
    sent = len(line_platform.requests)

    nobody = client_for("nobody", [])
    assert press(nobody, button, menu).status_code == 403
    viewer = client_for("viewer", ["linebot.view_richmenu"])
    assert f'name="linebot_button" value="{button}"' not in viewer.get(page).content.decode()
    res = press(viewer, button, menu, apply="1", **(fields or {}))
    assert res.status_code == 200 and said not in res.content.decode()  # the changelist; nothing done
    assert len(line_platform.requests) == sent

    allowed = client_for("allowed", ["linebot.view_richmenu", perm])
    assert f'name="linebot_button" value="{button}"' in allowed.get(page).content.decode()
    res = press(allowed, button, menu)
    if fields is not None:  # the action's form, which carries the button on, to the menu's page at the end
        html = res.content.decode()
        assert res.status_code == 200 and 'name="apply"' in html
        assert f'<input type="hidden" name="linebot_button" value="{button}">' in html
        wrong = {key: "" for key in fields}  # a form error shows the form again, still with the button
        res = press(allowed, button, menu, apply="1", **wrong)
        assert res.status_code == 200 and f'name="linebot_button" value="{button}"' in res.content.decode()
        assert len(line_platform.requests) == sent
        res = press(allowed, button, menu, apply="1", **fields)
    assert res.status_code == 302 and res["Location"] == page
    assert said in allowed.get(page).content.decode()
    assert len(line_platform.requests) > sent


def test_a_button_refused_by_line_ends_on_the_menu_page_with_the_error(
    linebot_settings, line_platform
) -> None:
    menu = menu_for("set_default")
    line_platform.add_fault(
        path="^/v2/bot/user/all/richmenu/", method="POST", status=500, body={"message": "down"}
    )
    client = client_for("allowed", ["linebot.view_richmenu", "linebot.publish_richmenu"])
    res = press(client, "set_default", menu)
    assert res.status_code == 302 and res["Location"] == f"{URL}{menu.pk}/change/"
    html = client.get(res["Location"]).content.decode()
    assert "now the default menu" not in html and "down" in html


def test_a_button_on_a_menu_the_user_cannot_see_ends_on_the_changelist(
    linebot_settings, line_platform
) -> None:
    menu = menu_for("publish")
    client = client_for("allowed", ["linebot.view_richmenu", "linebot.publish_richmenu"])
    res = client.post(
        URL,
        {"action": "publish", "_selected_action": [menu.pk + 100], "index": "0", "linebot_button": "publish"},
    )
    assert res.status_code == 302 and res["Location"] == URL


@pytest.mark.parametrize(
    "perms", [[], ["linebot.view_richmenu"], ["linebot.view_richmenu", "linebot.publish_richmenu"]]
)
def test_bulk_actions_still_end_on_the_changelist(perms: list[str], linebot_settings, line_platform) -> None:
    menus = [RichMenuFactory(name="A"), RichMenuFactory(name="B")]
    client = client_for("someone", perms)
    data = {
        "action": "publish",
        "_selected_action": [m.pk for m in menus],
        "index": "0",
        "select_across": "0",
    }
    res = client.post(URL, data)
    if not perms:
        assert res.status_code == 403
    elif len(perms) == 1:
        assert res.status_code == 200 and not line_platform.requests  # not offered to a viewer
    else:
        assert res.status_code == 302 and res["Location"] == URL
        assert all(m.status == RichMenu.Status.PUBLISHED for m in RichMenu.objects.all())
    # one menu from the changelist (no button) also stays on the changelist
    res = client.post(URL, {**data, "_selected_action": [menus[0].pk]})
    assert res.status_code == (403 if not perms else 200 if len(perms) == 1 else 302)
    if res.status_code == 302:
        assert res["Location"] == URL
