"""LINE's checks of a request body that the OpenAPI documents do not make: required action properties."""

from __future__ import annotations

from typing import Any

from ...sdk import limits
from .routing import bad_request

#: Keys under which a message or a rich menu holds one action, or a list of them.
ONE_ACTION = ("action", "defaultAction")
ACTION_LIST = "actions"


def action_errors(action: Any, where: str) -> list[tuple[str, str]]:
    """(property, message) for each property ``action`` lacks that its type requires."""
    if not isinstance(action, dict):
        return []
    required = limits.ACTION_REQUIRED_PROPERTIES.get(action.get("type"), ())  # type: ignore[arg-type]
    return [(f"{where}.{name}", "must be specified") for name in required if action.get(name) in (None, "")]


def _walk(value: Any, where: str, found: list[tuple[str, str]]) -> None:
    stack = [(value, where)]
    while stack:
        item, at = stack.pop()
        if isinstance(item, dict):
            for key, inner in item.items():
                path = f"{at}.{key}"
                if key in ONE_ACTION:
                    found += action_errors(inner, path)
                elif key == ACTION_LIST and isinstance(inner, list):
                    found += [e for i, a in enumerate(inner) for e in action_errors(a, f"{path}[{i}]")]
                stack.append((inner, path))
        elif isinstance(item, list):
            stack.extend((inner, f"{at}[{i}]") for i, inner in enumerate(item))


def check_message_actions(messages: Any) -> None:
    """LINE's 400 naming each required property an action of ``messages`` lacks.

    An imagemap's actions are of their own kind (``linkUri``, not ``uri``) and are not checked here.
    """
    found: list[tuple[str, str]] = []
    if isinstance(messages, list):
        for i, message in enumerate(messages):
            if isinstance(message, dict) and message.get("type") != "imagemap":
                _walk(message, f"messages[{i}]", found)
    if found:
        raise bad_request(sorted(found))


def check_rich_menu_actions(body: dict[str, Any]) -> None:
    """LINE's 400 naming each required property a rich menu area's action lacks."""
    areas = body.get("areas")
    found = [
        e
        for i, area in enumerate(areas if isinstance(areas, list) else [])
        if isinstance(area, dict)
        for e in action_errors(area.get("action"), f"areas[{i}].action")
    ]
    if found:
        raise bad_request(found)
