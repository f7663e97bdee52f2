"""The fake deletes a rich menu's aliases with it, and refuses an action without its required properties."""

from __future__ import annotations

import copy

import pytest

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


def test_deleting_a_menu_deletes_its_aliases(line_platform, line_api) -> None:
    gone = line_api.create_rich_menu(MENU).raise_for_status().rich_menu_id
    kept = line_api.create_rich_menu(MENU).raise_for_status().rich_menu_id
    line_api.create_rich_menu_alias("gone-a", gone).raise_for_status()
    line_api.create_rich_menu_alias("gone-b", gone).raise_for_status()
    line_api.create_rich_menu_alias("kept", kept).raise_for_status()
    line_api.delete_rich_menu(gone).raise_for_status()
    assert line_platform.aliases == {"kept": kept}
    assert line_api.get_rich_menu_alias("gone-a").http_status == 404
    line_api.create_rich_menu_alias("gone-a", kept).raise_for_status()  # the ID is free again


@pytest.mark.parametrize(
    ("action", "missing"),
    [
        ({"type": "postback", "label": "p"}, "data"),
        ({"type": "uri", "label": "u"}, "uri"),
        ({"type": "message", "label": "m"}, "text"),
        ({"type": "richmenuswitch", "data": "d"}, "richMenuAliasId"),
        ({"type": "richmenuswitch", "richMenuAliasId": "a"}, "data"),
        ({"type": "datetimepicker", "data": "d"}, "mode"),
        ({"type": "datetimepicker", "mode": "date"}, "data"),
    ],
)
def test_an_area_action_without_a_required_property_is_refused(
    line_platform, line_api, action, missing
) -> None:
    menu = copy.deepcopy(MENU)
    menu["areas"][0]["action"] = action
    res = line_api.create_rich_menu(menu)
    assert res.http_status == 400
    assert res.data["details"] == [{"message": "must be specified", "property": f"areas[0].action.{missing}"}]
    assert line_platform.rich_menus == {}
    assert line_api.validate_rich_menu_object(menu).http_status == 400


def test_message_actions_are_checked_where_they_sit(line_platform, line_api) -> None:
    messages = [
        {
            "type": "template",
            "altText": "t",
            "template": {"type": "buttons", "text": "t", "actions": [{"type": "uri", "label": "u"}]},
            "quickReply": {"items": [{"type": "action", "action": {"type": "postback", "label": "p"}}]},
        }
    ]
    res = line_api.push_message("U1", messages)
    assert res.http_status == 400
    assert {d["property"] for d in res.data["details"]} == {
        "messages[0].template.actions[0].uri",
        "messages[0].quickReply.items[0].action.data",
    }
    assert line_platform.sent_messages == []


def test_an_imagemap_and_complete_actions_pass(line_platform, line_api) -> None:
    messages = [
        {
            "type": "imagemap",
            "baseUrl": "https://example.com/i",
            "altText": "i",
            "baseSize": {"width": 1040, "height": 1040},
            "actions": [
                {
                    "type": "uri",
                    "linkUri": "https://example.com",
                    "area": {"x": 0, "y": 0, "width": 1, "height": 1},
                }
            ],
        },
        {
            "type": "text",
            "text": "t",
            "quickReply": {
                "items": [
                    {
                        "type": "action",
                        "action": {"type": "datetimepicker", "label": "d", "data": "x", "mode": "date"},
                    }
                ]
            },
        },
    ]
    line_api.push_message("U1", messages).raise_for_status()
    assert len(line_platform.sent_messages) == 1
