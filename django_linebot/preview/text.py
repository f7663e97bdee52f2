"""Messages as readable terminal text: the alt text, then the visible texts and the buttons, in order."""

from __future__ import annotations

from typing import Any

from ..sdk.limits import ACTION_TEMPLATE_TYPES, TEXT_MESSAGE_TYPES
from .flex import MAX_DEPTH
from .values import as_dict, as_list, text

__all__ = ["describe_message", "message_lines"]

#: The most characters of something that is not a message object to print.
SHORT = 80


def describe_message(message: Any, indent: str = "") -> str:
    """``message`` as text: its first line, then the others each after a newline and ``indent``."""
    return f"\n{indent}".join(message_lines(message))


def message_lines(message: Any) -> list[str]:
    """``message`` as lines of text (never an exception, whatever the JSON)."""
    try:
        lines = _lines(as_dict(message)) if isinstance(message, dict) else [f"({text(message)[:SHORT]})"]
    except Exception as exc:  # noqa: BLE001 - describing never fails the command that prints it
        lines = [f"(a message that cannot be read: {type(exc).__name__})"]
    replies = as_list(as_dict(as_dict(message).get("quickReply")).get("items"))
    if replies:
        lines.append("quick replies: " + " ".join(f"[{_label(as_dict(i).get('action'))}]" for i in replies))
    return lines


def _label(action: Any) -> str:
    action = as_dict(action)
    return text(action.get("label") or action.get("text") or action.get("type") or "?")


def _lines(message: dict[str, Any]) -> list[str]:
    kind = message.get("type")
    if kind in TEXT_MESSAGE_TYPES:
        return [text(message.get("text"))]
    if kind == "sticker":
        return [f"(sticker {text(message.get('packageId'))}/{text(message.get('stickerId'))})"]
    if isinstance(message.get("originalContentUrl"), str):  # image, video, audio
        return [f"({kind} {text(message.get('originalContentUrl'))})"]
    if kind == "location":
        return [f"(location: {text(message.get('title'))}, {text(message.get('address'))})"]
    if kind == "coupon":
        return [f"(coupon {text(message.get('couponId'))})"]
    head = f"[{text(message.get('altText'))}]"
    if kind == "imagemap":
        areas = [
            _label(a) if as_dict(a).get("label") else _target(a) for a in as_list(message.get("actions"))
        ]
        return [f"{head} imagemap", *(f"  [{a}]" for a in areas)]
    if kind == "template":
        return [head, *_template(as_dict(message.get("template")))]
    if kind == "flex":
        return [head, *_flex(as_dict(message.get("contents")))]
    return [f"({text(kind) or 'unknown message'})"]


def _target(action: Any) -> str:
    action = as_dict(action)
    return text(action.get("linkUri") or action.get("uri") or action.get("text") or action.get("type"))


def _card(card: dict[str, Any]) -> list[str]:
    lines = [f"  {text(card[key])}" for key in ("title", "text") if card.get(key)]
    buttons = " ".join(f"[{_label(a)}]" for a in as_list(card.get("actions")))
    return [*lines, f"  {buttons}"] if buttons else lines


def _template(template: dict[str, Any]) -> list[str]:
    kind = template.get("type")
    if kind in ACTION_TEMPLATE_TYPES:
        return _card(template)
    if kind == "carousel":
        return [
            line
            for i, c in enumerate(as_list(template.get("columns")), 1)
            for line in [f"  #{i}", *_card(as_dict(c))]
        ]
    if kind == "image_carousel":
        return [
            f"  #{i} [{_label(as_dict(c).get('action'))}]"
            for i, c in enumerate(as_list(template.get("columns")), 1)
        ]
    return [f"  ({text(kind)} template)"]


def _flex(container: dict[str, Any]) -> list[str]:
    if container.get("type") == "carousel":
        out = []
        for i, bubble in enumerate(as_list(container.get("contents")), 1):
            out.append(f"  #{i}")
            out.extend(_bubble(as_dict(bubble)))
        return out
    return _bubble(container)


def _bubble(bubble: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for block in ("header", "hero", "body", "footer"):
        _visible(bubble.get(block), out, depth=0)
    return out


def _visible(component: Any, out: list[str], depth: int) -> None:
    """Append the texts and buttons of ``component``: a horizontal box's on one line."""
    component = as_dict(component)
    if depth > MAX_DEPTH:
        return
    kind = component.get("type")
    if kind == "box":
        if component.get("layout") in ("horizontal", "baseline"):
            row: list[str] = []
            for child in as_list(component.get("contents")):
                _visible(child, row, depth + 1)
            if row:
                out.append("  " + "  ".join(part.strip() for part in row))
        else:
            for child in as_list(component.get("contents")):
                _visible(child, out, depth + 1)
    elif kind == "text":
        spans = [as_dict(s).get("text") for s in as_list(component.get("contents"))]
        value = "".join(text(s) for s in spans) if spans else text(component.get("text"))
        if value:
            out.append(f"  {value}")
    elif kind == "button":
        out.append(f"  [{_label(component.get('action'))}]")
