"""A rich menu area's action, checked as LINE checks it: the one rule the model, the admin's action
editor and the REST API all use.

:func:`action_problems` lists every problem of one action as an :class:`ActionProblem`: the property
that is wrong (``uri``, ``altUri.desktop``) and a message naming it (``uri must start with https://,
http://, line:// or tel:``). :func:`validate_rich_menu_action` raises them as one
:class:`RichMenuActionError` whose text gives each as a path (``areas[2].action.uri: ...``);
:func:`area_message` says one for people, areas numbered from 1 (``area 3: uri must start ...``).

Every number and pattern comes from :mod:`.limits`. No Django here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .limits import (
    ACTION_DATA_MAX_LENGTH,
    ACTION_LABEL_MAX_LENGTH,
    ACTION_REQUIRED_PROPERTIES,
    ACTION_TEXT_MAX_LENGTH,
    ACTION_TYPES,
    CLIPBOARD_TEXT_MAX_LENGTH,
    DATETIME_PICKER_FORMATS,
    DATETIME_PICKER_RANGE,
    POSTBACK_FILL_IN_TEXT_INPUT_OPTION,
    POSTBACK_INPUT_OPTIONS,
    QUICK_REPLY_ONLY_ACTION_TYPES,
    RICH_MENU_ACTION_TYPES,
    RICH_MENU_ALIAS_ID_PATTERN,
    RICH_MENU_ALIAS_ID_RULE,
    URI_ACTION_PREFIXES,
    URI_MAX_LENGTH,
)
from .validation import utf16_length

__all__ = [
    "ActionProblem",
    "RichMenuActionError",
    "STRING_LIMITS",
    "action_problems",
    "area_message",
    "validate_rich_menu_action",
]

#: The longest each string property of a rich menu action may be (UTF-16 units, LINE's unit).
STRING_LIMITS: dict[str, int] = {
    "label": ACTION_LABEL_MAX_LENGTH,
    "data": ACTION_DATA_MAX_LENGTH,
    "text": ACTION_TEXT_MAX_LENGTH,
    "displayText": ACTION_TEXT_MAX_LENGTH,
    "fillInText": ACTION_TEXT_MAX_LENGTH,
    "uri": URI_MAX_LENGTH,
    "altUri.desktop": URI_MAX_LENGTH,
    "clipboardText": CLIPBOARD_TEXT_MAX_LENGTH,
}

#: The optional string properties of each type (the required ones are in ``ACTION_REQUIRED_PROPERTIES``).
OPTIONAL_PROPERTIES: dict[str, tuple[str, ...]] = {
    "message": (),
    "postback": ("displayText", "text", "fillInText"),
    "uri": (),
    "datetimepicker": ("initial", "min", "max"),
    "richmenuswitch": (),
    "clipboard": (),
}


@dataclass(frozen=True)
class ActionProblem:
    """One thing LINE would refuse in an action.

    ``key`` is the property's path inside the action (``uri``, ``altUri.desktop``; ``""`` for the
    action itself); ``message`` says what is wrong and names the property.
    """

    key: str
    message: str

    def path(self, field: str = "action") -> str:
        """The property's path below ``field`` (``areas[2].action`` -> ``areas[2].action.uri``)."""
        return f"{field}.{self.key}" if self.key else field


class RichMenuActionError(ValueError):
    """Every problem of one action; its text lists them as ``path: message``."""

    def __init__(self, problems: list[ActionProblem], field: str = "action") -> None:
        self.problems = problems
        self.field = field
        super().__init__("; ".join(f"{p.path(field)}: {p.message}" for p in problems))


def area_message(index: int, problem: ActionProblem) -> str:
    """``problem`` for people, the area numbered from 1: ``area 3: uri must start with ...``
    (``index`` counts from 0, as the list of areas does)."""
    return f"area {index + 1}: {problem.message}"


def validate_rich_menu_action(action: Any, field: str = "action") -> dict[str, Any]:
    """Return ``action`` if LINE takes it in a rich menu area; else raise :class:`RichMenuActionError`
    naming each wrong property below ``field``."""
    problems = action_problems(action)
    if problems:
        raise RichMenuActionError(problems, field)
    return dict(action)


def _or_list(values: Any) -> str:
    values = list(values)
    return ", ".join(values[:-1]) + " or " + values[-1] if len(values) > 1 else "".join(values)


def action_problems(action: Any) -> list[ActionProblem]:
    """Every problem LINE would answer 400 for in ``action`` as a rich menu area's action, in the
    order of the properties (empty: LINE takes it)."""
    if not isinstance(action, Mapping):
        return [ActionProblem("", "the action must be an object with a type (e.g. a message action)")]
    kind = action.get("type")
    types = _or_list(RICH_MENU_ACTION_TYPES)
    if kind in (None, ""):
        return [ActionProblem("type", f"type is required: {types}")]
    if not isinstance(kind, str):  # a list or an object: not hashable, never a type
        return [ActionProblem("type", f"type must be {types}, got {type(kind).__name__}")]
    if kind in QUICK_REPLY_ONLY_ACTION_TYPES:
        return [
            ActionProblem(
                "type",
                f"a {kind} action works only in quick reply buttons, not in a rich menu area: use {types}",
            )
        ]
    if kind not in RICH_MENU_ACTION_TYPES:
        known = "" if kind not in ACTION_TYPES else " in a rich menu area"
        return [ActionProblem("type", f"type must be {types}{known}, got {kind!r}")]
    problems: list[ActionProblem] = []
    strings: dict[str, str] = {}
    required = ACTION_REQUIRED_PROPERTIES[kind]
    for key in ("label", *required, *OPTIONAL_PROPERTIES[kind]):
        value = action.get(key)
        if value is None or (value == "" and key not in required):
            continue
        if not isinstance(value, str):
            problems.append(ActionProblem(key, f"{key} must be text, got {type(value).__name__}"))
        elif value == "":
            problems.append(ActionProblem(key, f"{key} is required for a {kind} action"))
        else:
            strings[key] = value
            _check_length(key, value, problems)
    for key in required:
        if action.get(key) is None:
            problems.append(ActionProblem(key, f"{key} is required for a {kind} action"))
    if kind == "uri":
        if "uri" in strings:
            _check_uri("uri", strings["uri"], problems)
        _check_alt_uri(action.get("altUri"), problems)
    elif kind == "postback":
        _check_postback(action, strings, problems)
    elif kind == "datetimepicker":
        _check_picker(action.get("mode"), strings, problems)
    elif (
        kind == "richmenuswitch"
        and "richMenuAliasId" in strings
        and not re.fullmatch(RICH_MENU_ALIAS_ID_PATTERN, strings["richMenuAliasId"])
    ):
        problems.append(
            ActionProblem(
                "richMenuAliasId",
                f"richMenuAliasId must be an alias ID ({RICH_MENU_ALIAS_ID_RULE}), "
                f"got {strings['richMenuAliasId']!r}",
            )
        )
    return problems


def _check_length(key: str, value: str, problems: list[ActionProblem]) -> None:
    limit = STRING_LIMITS.get(key, 0)
    length = utf16_length(value)
    if limit and length > limit:
        problems.append(ActionProblem(key, f"{key} is {length} characters long; LINE takes at most {limit}"))


def _check_uri(key: str, value: str, problems: list[ActionProblem]) -> None:
    if not value.lower().startswith(URI_ACTION_PREFIXES) or value.lower() in URI_ACTION_PREFIXES:
        problems.append(ActionProblem(key, f"{key} must start with {_or_list(URI_ACTION_PREFIXES)}"))


def _check_alt_uri(alt: Any, problems: list[ActionProblem]) -> None:
    if alt is None:
        return
    desktop = alt.get("desktop") if isinstance(alt, Mapping) else None
    if not isinstance(alt, Mapping) or not isinstance(desktop, str) or not desktop:
        problems.append(ActionProblem("altUri.desktop", "altUri.desktop is required when altUri is given"))
        return
    before = len(problems)
    _check_length("altUri.desktop", desktop, problems)
    if len(problems) == before:
        _check_uri("altUri.desktop", desktop, problems)


def _check_postback(
    action: Mapping[str, Any], strings: dict[str, str], problems: list[ActionProblem]
) -> None:
    option = action.get("inputOption")
    if option is not None and option != "" and option not in POSTBACK_INPUT_OPTIONS:
        problems.append(
            ActionProblem(
                "inputOption", f"inputOption must be {_or_list(POSTBACK_INPUT_OPTIONS)}, got {option!r}"
            )
        )
    if "fillInText" in strings and option != POSTBACK_FILL_IN_TEXT_INPUT_OPTION:
        problems.append(
            ActionProblem(
                "fillInText", f"fillInText is used only with inputOption {POSTBACK_FILL_IN_TEXT_INPUT_OPTION}"
            )
        )
    if "displayText" in strings and "text" in strings:
        problems.append(ActionProblem("text", "give displayText or text (its old name), not both"))


def _picker_value(mode: str, value: str) -> str | None:
    """``value`` as ``YYYY-MM-DDTHH:MM`` (the missing part from the range's start), or None when it is
    not in the mode's format or not a real date or time."""
    pattern, _ = DATETIME_PICKER_FORMATS[mode]
    if not re.fullmatch(pattern, value):
        return None
    earliest = DATETIME_PICKER_RANGE[0]
    day, _, clock = value.upper().partition("T") if mode != "time" else ("", "", value)
    if mode == "time":
        day = earliest.partition("T")[0]
    if mode == "date":
        clock = earliest.partition("T")[2]
    try:
        date.fromisoformat(day)
    except ValueError:
        return None
    hour, minute = (int(part) for part in clock.split(":"))
    if hour > 23 or minute > 59:  # RFC 3339's time-hour and time-minute
        return None
    return f"{day}T{clock}"


def _check_picker(mode: Any, strings: dict[str, str], problems: list[ActionProblem]) -> None:
    if mode is None or mode == "":
        return  # "mode is required" was said
    if mode not in DATETIME_PICKER_FORMATS:
        problems.append(
            ActionProblem("mode", f"mode must be {_or_list(DATETIME_PICKER_FORMATS)}, got {mode!r}")
        )
        return
    _, example = DATETIME_PICKER_FORMATS[mode]
    earliest, latest = DATETIME_PICKER_RANGE
    if mode == "date":
        shown = (earliest.partition("T")[0], latest.partition("T")[0])
    elif mode == "time":
        shown = (earliest.partition("T")[2], latest.partition("T")[2])
    else:
        shown = (earliest, latest)
    values: dict[str, str] = {}
    for key in ("initial", "min", "max"):
        value = strings.get(key)
        if value is None:
            continue
        normal = _picker_value(mode, value)
        if normal is None:
            problems.append(
                ActionProblem(key, f"{key} must be a {mode} like {example} in {mode} mode, got {value!r}")
            )
        elif mode != "time" and not earliest <= normal <= latest:
            problems.append(
                ActionProblem(key, f"{key} must lie from {shown[0]} to {shown[1]}, got {value!r}")
            )
        else:
            values[key] = normal
    low, high, initial = values.get("min"), values.get("max"), values.get("initial")
    if low is not None and high is not None and not low < high:
        problems.append(ActionProblem("max", f"max must be later than min ({strings['min']})"))
    elif initial is not None and (
        (low is not None and initial < low) or (high is not None and initial > high)
    ):
        problems.append(ActionProblem("initial", "initial must lie between min and max"))
