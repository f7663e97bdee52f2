"""The fake LINE platform answers a rich menu alias without its ID as LINE does: 400, nothing stored."""

from __future__ import annotations

import requests

MENU = {
    "size": {"width": 2500, "height": 843},
    "selected": False,
    "name": "m",
    "chatBarText": "menu",
    "areas": [
        {
            "bounds": {"x": 0, "y": 0, "width": 2500, "height": 843},
            "action": {"type": "postback", "data": "a"},
        }
    ],
}


def test_an_alias_without_its_id_is_refused(line_platform, line_api) -> None:
    menu_id = line_api.create_rich_menu(MENU).raise_for_status().rich_menu_id
    res = requests.post(
        f"{line_platform.url}/v2/bot/richmenu/alias",
        json={"richMenuId": menu_id},
        headers={"Authorization": "Bearer token"},
        timeout=5,
    )
    assert res.status_code == 400 and "richMenuAliasId" in res.text
    assert line_platform.aliases == {}
