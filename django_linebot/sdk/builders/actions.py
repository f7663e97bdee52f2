"""The nine action objects, each usable wherever LINE takes an action.

A Flex button, box, image or text, a bubble, a template's buttons and ``defaultAction``, a quick reply
button and a rich menu area all take the same objects::

    Button(action=UriAction(label="Open", uri="https://example.com"))
    QuickReplyItem(action=PostbackAction(label="Yes", data="answer=yes", display_text="Yes"))
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, ClassVar, Literal

from ..limits import (
    ACTION_DATA_MAX_LENGTH,
    ACTION_LABEL_MAX_LENGTH,
    ACTION_TEXT_MAX_LENGTH,
    CLIPBOARD_TEXT_MAX_LENGTH,
    DATETIME_PICKER_FORMATS,
    QUICK_REPLY_ONLY_ACTION_TYPES,
    RICH_MENU_ALIAS_ID_PATTERN,
    RICH_MENU_ALIAS_ID_RULE,
    RICH_MENU_ONLY_ACTION_TYPE,
    URI_MAX_LENGTH,
)
from .base import Builder, BuildError, Json, Rule, at
from .values import action_uri

__all__ = [
    "Action",
    "AltUri",
    "CameraAction",
    "CameraRollAction",
    "ClipboardAction",
    "DatetimePickerAction",
    "LocationAction",
    "MessageAction",
    "PostbackAction",
    "RichMenuSwitchAction",
    "UriAction",
    "check_placement",
]

Label = Annotated[str, Rule(max_length=ACTION_LABEL_MAX_LENGTH, min_length=1)]
Data = Annotated[str, Rule(max_length=ACTION_DATA_MAX_LENGTH)]
ShownText = Annotated[str, Rule(max_length=ACTION_TEXT_MAX_LENGTH, min_length=1)]


@dataclass(kw_only=True)
class Action(Builder, polymorphic=True):
    """Base of the actions; ``Action.from_json(d)`` reads any of them."""

    label: Label | None = None


@dataclass(kw_only=True)
class PostbackAction(Action):
    """Sends ``data`` to the bot in a postback event; ``display_text`` is shown as the user's message."""

    TYPE: ClassVar[str | None] = "postback"
    data: Data
    display_text: ShownText | None = None
    #: Deprecated by LINE (``display_text`` replaces it); kept so any JSON round-trips.
    text: ShownText | None = None
    input_option: Literal["closeRichMenu", "openRichMenu", "openKeyboard", "openVoice"] | None = None
    fill_in_text: ShownText | None = None

    def check(self, built: Json, path: str) -> None:
        if self.display_text is not None and self.text is not None:
            raise BuildError(at(path, "text"), "give display_text or text, not both")
        if self.fill_in_text is not None and self.input_option != "openKeyboard":
            raise BuildError(at(path, "fillInText"), 'is used only with input_option="openKeyboard"')


@dataclass(kw_only=True)
class MessageAction(Action):
    """Sends ``text`` as the user's message."""

    TYPE: ClassVar[str | None] = "message"
    text: ShownText


@dataclass(kw_only=True)
class AltUri(Builder):
    """The URI a URI action opens on LINE for macOS and Windows."""

    desktop: Annotated[str, Rule(max_length=URI_MAX_LENGTH, check=action_uri)]


@dataclass(kw_only=True)
class UriAction(Action):
    """Opens ``uri`` (http, https, line or tel)."""

    TYPE: ClassVar[str | None] = "uri"
    uri: Annotated[str, Rule(max_length=URI_MAX_LENGTH, check=action_uri)]
    alt_uri: AltUri | None = None


_PICKER_FORMATS = DATETIME_PICKER_FORMATS


@dataclass(kw_only=True)
class DatetimePickerAction(Action):
    """Asks for a date, a time or both, sent back in a postback event."""

    TYPE: ClassVar[str | None] = "datetimepicker"
    data: Data
    mode: Literal["date", "time", "datetime"]
    initial: str | None = None
    max: str | None = None
    min: str | None = None

    def check(self, built: Json, path: str) -> None:
        pattern, example = _PICKER_FORMATS[self.mode]
        for key in ("initial", "max", "min"):
            value = built.get(key)
            if value is not None and not re.fullmatch(pattern, value):
                raise BuildError(
                    at(path, key), f"must look like {example} in {self.mode} mode, got {value!r}"
                )
        lowest, highest = built.get("min"), built.get("max")
        if lowest is not None and highest is not None and lowest.lower() >= highest.lower():
            raise BuildError(at(path, "max"), f"must be later than min ({lowest})")
        initial = built.get("initial")
        if initial is not None and (
            (lowest is not None and initial.lower() < lowest.lower())
            or (highest is not None and initial.lower() > highest.lower())
        ):
            raise BuildError(at(path, "initial"), "must lie between min and max")


@dataclass(kw_only=True)
class CameraAction(Action):
    """Opens the camera (quick reply buttons only)."""

    TYPE: ClassVar[str | None] = "camera"
    label: Label = field()  # required here (a plain annotation would keep Action's None)


@dataclass(kw_only=True)
class CameraRollAction(Action):
    """Opens the camera roll (quick reply buttons only)."""

    TYPE: ClassVar[str | None] = "cameraRoll"
    label: Label = field()  # required here (a plain annotation would keep Action's None)


@dataclass(kw_only=True)
class LocationAction(Action):
    """Opens the location screen (quick reply buttons only)."""

    TYPE: ClassVar[str | None] = "location"
    label: Label = field()  # required here (a plain annotation would keep Action's None)


@dataclass(kw_only=True)
class RichMenuSwitchAction(Action):
    """Switches to the rich menu of ``rich_menu_alias_id`` (rich menu areas only)."""

    TYPE: ClassVar[str | None] = "richmenuswitch"
    rich_menu_alias_id: Annotated[
        str, Rule(pattern=RICH_MENU_ALIAS_ID_PATTERN.strip("^$"), pattern_rule=RICH_MENU_ALIAS_ID_RULE)
    ]
    data: Data


@dataclass(kw_only=True)
class ClipboardAction(Action):
    """Copies ``clipboard_text`` to the clipboard."""

    TYPE: ClassVar[str | None] = "clipboard"
    clipboard_text: Annotated[str, Rule(max_length=CLIPBOARD_TEXT_MAX_LENGTH, min_length=1)]


def check_placement(
    action: Action | None, path: str, place: Literal["quick reply", "rich menu", "other"]
) -> None:
    """Refuse an action LINE takes only elsewhere: a rich menu switch outside a rich menu area, a
    camera, camera roll or location action outside a quick reply button."""
    if action is None:
        return
    if action.TYPE == RICH_MENU_ONLY_ACTION_TYPE and place != "rich menu":
        raise BuildError(at(path, "type"), "a rich menu switch action is used only in rich menu areas")
    if action.TYPE in QUICK_REPLY_ONLY_ACTION_TYPES and place != "quick reply":
        raise BuildError(at(path, "type"), f"a {action.TYPE} action is used only in quick reply buttons")
