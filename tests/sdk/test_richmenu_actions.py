"""A rich menu area's action checked as LINE checks it (``sdk.richmenu_actions``), one rule for the
model, the admin's action editor and the REST API."""

from __future__ import annotations

from typing import Any

import pytest

from django_linebot.sdk import limits
from django_linebot.sdk.richmenu_actions import (
    RichMenuActionError,
    action_problems,
    area_message,
    validate_rich_menu_action,
)


def problems(action: Any) -> dict[str, str]:
    return {p.key: p.message for p in action_problems(action)}


@pytest.mark.parametrize(
    "action",
    [
        {"type": "message", "text": "hi", "label": "x" * limits.ACTION_LABEL_MAX_LENGTH},
        {
            "type": "postback",
            "data": "a=1",
            "displayText": "A",
            "inputOption": "openKeyboard",
            "fillInText": "#",
        },
        {"type": "postback", "data": "a=1", "inputOption": "closeRichMenu"},
        {"type": "uri", "uri": "https://example.com", "altUri": {"desktop": "http://example.com/pc"}},
        {"type": "uri", "uri": "tel:0312345678"},
        {"type": "uri", "uri": "line://nv/location"},
        {"type": "datetimepicker", "data": "d", "mode": "date", "initial": "2017-12-25", "min": "1900-01-01"},
        {
            "type": "datetimepicker",
            "data": "d",
            "mode": "time",
            "initial": "12:00",
            "min": "00:00",
            "max": "23:59",
        },
        {"type": "datetimepicker", "data": "d", "mode": "datetime", "initial": "2017-12-25t00:00"},
        {"type": "datetimepicker", "data": "d", "mode": "datetime", "max": "2100-12-31T23:59"},
        {"type": "richmenuswitch", "richMenuAliasId": "tab-b_2", "data": "switch=b"},
        {"type": "clipboard", "clipboardText": "x" * limits.CLIPBOARD_TEXT_MAX_LENGTH},
        {"type": "message", "text": "x" * limits.ACTION_TEXT_MAX_LENGTH},
        {"type": "postback", "data": "x" * limits.ACTION_DATA_MAX_LENGTH},
    ],
)
def test_what_line_takes_passes(action: dict[str, Any]) -> None:
    assert action_problems(action) == []
    assert validate_rich_menu_action(action) == action


@pytest.mark.parametrize(
    ("action", "key", "words"),
    [
        (None, "", "must be an object"),
        ({}, "type", "type is required: message, postback, uri, datetimepicker, richmenuswitch or clipboard"),
        ({"type": "camera", "label": "Camera"}, "type", "a camera action works only in quick reply buttons"),
        ({"type": "cameraRoll", "label": "Roll"}, "type", "only in quick reply buttons"),
        ({"type": "location", "label": "Where"}, "type", "only in quick reply buttons"),
        ({"type": "phone"}, "type", "got 'phone'"),
        ({"type": []}, "type", "got list"),  # unhashable: was a 500 from the API
        ({"type": {"a": 1}}, "type", "got dict"),
        ({"type": "message"}, "text", "text is required for a message action"),
        ({"type": "message", "text": ""}, "text", "text is required"),
        ({"type": "message", "text": 3}, "text", "text must be text"),
        (
            {"type": "message", "text": "x" * 301},
            "text",
            "text is 301 characters long; LINE takes at most 300",
        ),
        ({"type": "message", "text": "a", "label": "x" * 21}, "label", "label is 21 characters long"),
        ({"type": "postback"}, "data", "data is required for a postback action"),
        ({"type": "postback", "data": "x" * 301}, "data", "at most 300"),
        ({"type": "postback", "data": "a", "displayText": "x" * 301}, "displayText", "at most 300"),
        (
            {"type": "postback", "data": "a", "inputOption": "openCamera"},
            "inputOption",
            "openKeyboard or openVoice",
        ),
        (
            {"type": "postback", "data": "a", "fillInText": "x"},
            "fillInText",
            "only with inputOption openKeyboard",
        ),
        (
            {"type": "postback", "data": "a", "inputOption": "openVoice", "fillInText": "x"},
            "fillInText",
            "only with inputOption openKeyboard",
        ),
        (
            {"type": "postback", "data": "a", "inputOption": "openKeyboard", "fillInText": "x" * 301},
            "fillInText",
            "at most 300",
        ),
        ({"type": "uri"}, "uri", "uri is required for a uri action"),
        ({"type": "uri", "uri": "ftp://x"}, "uri", "uri must start with https://, http://, line:// or tel:"),
        ({"type": "uri", "uri": "example.com"}, "uri", "must start with"),
        (
            {"type": "uri", "uri": "https://" + "x" * 993},
            "uri",
            "1001 characters long; LINE takes at most 1000",
        ),
        (
            {"type": "uri", "uri": "https://a", "altUri": {"desktop": "mailto:a@b"}},
            "altUri.desktop",
            "must start",
        ),
        ({"type": "uri", "uri": "https://a", "altUri": {}}, "altUri.desktop", "altUri.desktop is required"),
        ({"type": "datetimepicker", "data": "d"}, "mode", "mode is required"),
        (
            {"type": "datetimepicker", "data": "d", "mode": "week"},
            "mode",
            "mode must be date, time or datetime",
        ),
        (
            {"type": "datetimepicker", "data": "d", "mode": "date", "initial": "12:00"},
            "initial",
            "like 2017-12-25",
        ),
        ({"type": "datetimepicker", "data": "d", "mode": "date", "initial": "2017-02-30"}, "initial", "like"),
        (
            {"type": "datetimepicker", "data": "d", "mode": "date", "min": "1899-12-31"},
            "min",
            "from 1900-01-01",
        ),
        ({"type": "datetimepicker", "data": "d", "mode": "time", "max": "24:00"}, "max", "like 12:00"),
        ({"type": "datetimepicker", "data": "d", "mode": "time", "max": "2017-12-25"}, "max", "in time mode"),
        (
            {"type": "datetimepicker", "data": "d", "mode": "datetime", "min": "2017-12-25"},
            "min",
            "2017-12-25T12:00",
        ),
        (
            {"type": "datetimepicker", "data": "d", "mode": "datetime", "max": "2101-01-01T00:00"},
            "max",
            "to 2100-12-31T23:59",
        ),
        (
            {"type": "datetimepicker", "data": "d", "mode": "date", "min": "2018-01-01", "max": "2017-01-01"},
            "max",
            "max must be later than min (2018-01-01)",
        ),
        (
            {"type": "datetimepicker", "data": "d", "mode": "time", "min": "10:00", "max": "10:00"},
            "max",
            "later than min",
        ),
        (
            {"type": "datetimepicker", "data": "d", "mode": "time", "min": "10:00", "initial": "09:00"},
            "initial",
            "between min and max",
        ),
        ({"type": "richmenuswitch", "data": "a"}, "richMenuAliasId", "richMenuAliasId is required"),
        ({"type": "richmenuswitch", "richMenuAliasId": "tab"}, "data", "data is required"),
        (
            {"type": "richmenuswitch", "richMenuAliasId": "Tab A", "data": "a"},
            "richMenuAliasId",
            "1-32 characters",
        ),
        ({"type": "richmenuswitch", "richMenuAliasId": "a" * 33, "data": "a"}, "richMenuAliasId", "'aaa"),
        ({"type": "clipboard"}, "clipboardText", "clipboardText is required"),
        ({"type": "clipboard", "clipboardText": "x" * 1001}, "clipboardText", "at most 1000"),
    ],
)
def test_what_line_refuses_names_the_property(action: Any, key: str, words: str) -> None:
    found = problems(action)
    assert key in found, found
    assert words in found[key]
    with pytest.raises(RichMenuActionError) as err:
        validate_rich_menu_action(action, "areas[2].action")
    assert f"areas[2].action.{key}: " in str(err.value) if key else "areas[2].action: " in str(err.value)


def test_every_problem_is_listed_and_said_with_the_area_number_from_one() -> None:
    found = action_problems({"type": "uri", "uri": "ftp://x", "label": "x" * 21})
    assert [p.key for p in found] == ["label", "uri"]
    assert area_message(2, found[1]) == "area 3: uri must start with https://, http://, line:// or tel:"
    assert found[1].path("areas[2].action") == "areas[2].action.uri"


def test_lengths_are_counted_as_line_counts_them() -> None:
    """LINE counts UTF-16 units: an emoji outside the BMP is two."""
    assert action_problems({"type": "message", "text": "a", "label": "😀" * 10}) == []
    assert "label" in problems({"type": "message", "text": "a", "label": "😀" * 10 + "a"})
