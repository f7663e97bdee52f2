"""Each channel sees its own state on the fake: its access token names the channel."""

from __future__ import annotations

import requests

from django_linebot.sdk import LineBotApi

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
TEXT = [{"type": "text", "text": "hi"}]


def _api(line_platform, token: str) -> LineBotApi:
    return LineBotApi(
        channel_access_token=token,
        api_endpoint=line_platform.url,
        api_data_endpoint=line_platform.url,
        timeout=5,
    )


def test_two_channels_do_not_see_each_others_menus(line_platform) -> None:
    line_platform.add_channel("1111111111", access_tokens=["token-a"])
    line_platform.add_channel("2222222222", access_tokens=["token-b"])
    a, b = _api(line_platform, "token-a"), _api(line_platform, "token-b")
    menu = a.create_rich_menu(MENU).raise_for_status().rich_menu_id
    a.set_default_rich_menu(menu).raise_for_status()
    a.create_rich_menu_alias("shared-name", menu).raise_for_status()

    assert [m["richMenuId"] for m in a.get_rich_menu_list().raise_for_status().data["richmenus"]] == [menu]
    assert b.get_rich_menu_list().raise_for_status().data["richmenus"] == []
    assert b.get_default_rich_menu_id().http_status == 404
    assert b.get_rich_menu(menu).http_status == 404
    assert b.get_rich_menu_alias_list().raise_for_status().data["aliases"] == []
    # the same alias ID is free on the other channel
    other = b.create_rich_menu(MENU).raise_for_status().rich_menu_id
    b.create_rich_menu_alias("shared-name", other).raise_for_status()
    assert line_platform.channel("1111111111").aliases == {"shared-name": menu}
    assert line_platform.channel("2222222222").aliases == {"shared-name": other}
    assert line_platform.rich_menus == {}  # the default channel saw none of it


def test_sent_messages_per_channel_and_in_the_log(line_platform) -> None:
    line_platform.add_channel("1111111111", access_tokens=["token-a"])
    _api(line_platform, "token-a").push_message("U1", TEXT).raise_for_status()
    _api(line_platform, "unknown-token").push_message("U2", TEXT).raise_for_status()
    assert [s["to"] for s in line_platform.channel("1111111111").sent_messages] == ["U1"]
    assert [s["to"] for s in line_platform.channel().sent_messages] == ["U2"]
    assert [(s["channel"], s["to"]) for s in line_platform.sent_messages] == [
        ("1111111111", "U1"),
        ("default", "U2"),
    ]
    assert line_platform.requests[0].channel == "1111111111"
    consumption = _api(line_platform, "token-a").get_message_quota_consumption().raise_for_status()
    assert consumption.data == {"totalUsage": 1}


def test_a_token_the_fake_issued_belongs_to_the_channel_that_asked(line_platform) -> None:
    res = requests.post(
        f"{line_platform.url}/v2/oauth/accessToken",
        data={"grant_type": "client_credentials", "client_id": "3333333333", "client_secret": "s"},
        timeout=5,
    )
    token = res.json()["access_token"]
    _api(line_platform, token).create_rich_menu(MENU).raise_for_status()
    assert len(line_platform.channel("3333333333").rich_menus) == 1
    assert line_platform.rich_menus == {}
    verify = requests.post(f"{line_platform.url}/v2/oauth/verify", data={"access_token": token}, timeout=5)
    assert verify.json()["client_id"] == "3333333333"


def test_reset_forgets_every_channel(line_platform) -> None:
    line_platform.add_channel("1111111111", access_tokens=["token-a"], secret="s")
    _api(line_platform, "token-a").create_rich_menu(MENU).raise_for_status()
    line_platform.reset()
    assert line_platform.channels == {} and line_platform.token_channels == {}
