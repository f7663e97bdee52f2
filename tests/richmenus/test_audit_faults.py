"""Faults the earlier consistency tests did not inject: an undo LINE refuses while deleting, and
answers lost after LINE did the step (the connection drops after processing)."""

from __future__ import annotations

import pytest

from django_linebot import richmenus
from django_linebot.models import RichMenu
from django_linebot.sdk import LineBotApiError

from ..factories import RichMenuFactory
from .consistency import assert_line_agrees, request_ids

pytestmark = pytest.mark.django_db

URL = "/admin/linebot/richmenu/"


def published(fake) -> RichMenu:
    menu = RichMenuFactory()
    richmenus.publish(menu)
    richmenus.set_default(menu)
    richmenus.create_or_switch_alias("main", menu)
    richmenus.link_users(menu, ["U1", "U2"])
    assert_line_agrees(fake)
    return menu


def snapshot(menu: RichMenu) -> tuple:
    menu.refresh_from_db()
    return (menu.line_rich_menu_id, menu.status, menu.published_hash, menu.is_default)


@pytest.mark.parametrize(
    ("operation", "method", "path"),
    [
        ("publish", "POST", "^/v2/bot/richmenu/alias/main$"),  # the alias moved, the answer lost
        ("publish", "POST", "^/v2/bot/user/all/richmenu/"),  # the default set, the answer lost
        ("publish", "POST", "^/v2/bot/richmenu/bulk/link$"),  # the users moved, the answer lost
        ("delete_on_line", "DELETE", "^/v2/bot/richmenu/alias/main$"),  # the alias deleted, ...
        ("delete_on_line", "POST", "^/v2/bot/richmenu/bulk/unlink$"),  # the users unlinked, ...
        ("delete_on_line", "DELETE", "^/v2/bot/user/all/richmenu$"),  # the default cancelled, ...
    ],
)
def test_a_step_done_on_line_whose_answer_is_lost_is_undone(
    operation, method, path, line_platform, linebot_settings
) -> None:
    menu = published(line_platform)
    if operation == "publish":
        menu.areas.first().delete()  # edited: publishing makes a new LINE menu and moves everything
    before = snapshot(menu)
    line_platform.add_fault(method=method, path=path, drop="after")
    with pytest.raises(LineBotApiError):
        getattr(richmenus, operation)(menu)
    assert snapshot(menu) == before
    assert_line_agrees(line_platform)


def test_delete_on_line_whose_undo_is_refused_says_so_with_the_request_id(
    admin_client, line_platform, linebot_settings
) -> None:
    menu = published(line_platform)
    before = snapshot(menu)
    line_platform.add_fault(method="DELETE", path=f"^/v2/bot/richmenu/{menu.line_rich_menu_id}$", status=500)
    line_platform.add_fault(method="POST", path="^/v2/bot/richmenu/alias$", status=500)  # recreating it
    res = admin_client.post(URL, {"action": "delete_on_line", "_selected_action": [menu.pk]}, follow=True)
    html = res.content.decode()
    (undo_id,) = request_ids(line_platform, "POST", "/v2/bot/richmenu/alias")[-1:]
    assert "deleted on LINE" not in html and 'class="error"' in html
    assert "undoing it on LINE failed" in html and "recreate the alias main" in html and undo_id in html
    assert snapshot(menu) == before  # the row still says what LINE had before (the operator is told)
