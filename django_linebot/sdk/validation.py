"""Local checks of LINE's documented limits, run before a request is sent.

Each failure is a :class:`ValueError` whose text names the offending field as a
path (``messages[0].template.actions``), so a mistake is found without a round
trip to LINE.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

MAX_MESSAGES = 5
MAX_MULTICAST_RECIPIENTS = 500
MAX_TEXT_UTF16 = 5000
MAX_ALT_TEXT = 1500
MAX_QUICK_REPLY_ITEMS = 13
MAX_BUTTONS_ACTIONS = 4
MAX_CAROUSEL_COLUMNS = 10
MAX_COLUMN_ACTIONS = 3
MAX_IMAGEMAP_ACTIONS = 50

MESSAGE_TYPES = frozenset(
    {
        "text",
        "textV2",
        "sticker",
        "image",
        "video",
        "audio",
        "location",
        "imagemap",
        "template",
        "flex",
    }
)


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units, the unit LINE counts text in."""
    return len(text.encode("utf-16-le")) // 2


def validate_retry_key(retry_key: str | None) -> str | None:
    """Return the retry key as a canonical UUID string, or raise ``ValueError``."""
    if retry_key is None:
        return None
    try:
        return str(uuid.UUID(str(retry_key)))
    except ValueError:
        raise ValueError(f"retry_key must be a UUID, got {retry_key!r}") from None


def validate_recipients(to: Sequence[str], field: str = "to") -> None:
    if isinstance(to, str) or not isinstance(to, Sequence):
        raise ValueError(f"{field} must be a list of user IDs")
    if not to:
        raise ValueError(f"{field} must name at least one user")
    if len(to) > MAX_MULTICAST_RECIPIENTS:
        raise ValueError(
            f"{field} has {len(to)} recipients; LINE accepts at most {MAX_MULTICAST_RECIPIENTS} per request"
        )


def validate_messages(messages: Any, field: str = "messages") -> list[dict[str, Any]]:
    """Check a list of message objects (or one) against LINE's limits; return the list."""
    if isinstance(messages, Mapping):
        messages = [messages]
    if not isinstance(messages, list | tuple):
        raise ValueError(f"{field} must be a list of message objects")
    if not messages:
        raise ValueError(f"{field} must hold at least one message")
    if len(messages) > MAX_MESSAGES:
        raise ValueError(
            f"{field} has {len(messages)} messages; LINE accepts at most {MAX_MESSAGES} per request"
        )
    for i, message in enumerate(messages):
        validate_message(message, f"{field}[{i}]")
    return list(messages)


def validate_message(message: Any, field: str) -> None:
    if not isinstance(message, Mapping):
        raise ValueError(f"{field} must be a message object (a dict)")
    mtype = message.get("type")
    if mtype not in MESSAGE_TYPES:
        raise ValueError(f"{field}.type must be one of {sorted(MESSAGE_TYPES)}, got {mtype!r}")
    if mtype in ("text", "textV2"):
        text = message.get("text")
        if not isinstance(text, str) or not text:
            raise ValueError(f"{field}.text is required")
        if utf16_length(text) > MAX_TEXT_UTF16:
            raise ValueError(
                f"{field}.text is {utf16_length(text)} UTF-16 units long; the limit is {MAX_TEXT_UTF16}"
            )
    if mtype in ("imagemap", "template", "flex"):
        alt = message.get("altText")
        if not isinstance(alt, str) or not alt:
            raise ValueError(f"{field}.altText is required")
        if len(alt) > MAX_ALT_TEXT:
            raise ValueError(f"{field}.altText is {len(alt)} characters; the limit is {MAX_ALT_TEXT}")
    if mtype == "template":
        _validate_template(message.get("template"), f"{field}.template")
    if mtype == "imagemap":
        actions = message.get("actions") or []
        if len(actions) > MAX_IMAGEMAP_ACTIONS:
            raise ValueError(f"{field}.actions has {len(actions)}; the limit is {MAX_IMAGEMAP_ACTIONS}")
    quick = message.get("quickReply")
    if quick is not None:
        items = quick.get("items") if isinstance(quick, Mapping) else None
        if not isinstance(items, list) or not items:
            raise ValueError(f"{field}.quickReply.items must be a non-empty list")
        if len(items) > MAX_QUICK_REPLY_ITEMS:
            raise ValueError(
                f"{field}.quickReply.items has {len(items)} items; the limit is {MAX_QUICK_REPLY_ITEMS}"
            )


def _count(actions: Iterable[Any] | None) -> int:
    return len(list(actions or []))


def _validate_template(template: Any, field: str) -> None:
    if not isinstance(template, Mapping):
        raise ValueError(f"{field} is required")
    ttype = template.get("type")
    if ttype == "buttons":
        n = _count(template.get("actions"))
        if not 1 <= n <= MAX_BUTTONS_ACTIONS:
            raise ValueError(f"{field}.actions has {n} actions; a buttons template takes 1 to 4")
    elif ttype == "confirm":
        n = _count(template.get("actions"))
        if n != 2:
            raise ValueError(f"{field}.actions has {n} actions; a confirm template takes exactly 2")
    elif ttype in ("carousel", "image_carousel"):
        columns = template.get("columns") or []
        if not 1 <= len(columns) <= MAX_CAROUSEL_COLUMNS:
            raise ValueError(
                f"{field}.columns has {len(columns)} columns; a carousel takes 1 to {MAX_CAROUSEL_COLUMNS}"
            )
        counts = set()
        for i, column in enumerate(columns):
            if ttype == "image_carousel":
                if not column.get("action"):
                    raise ValueError(f"{field}.columns[{i}].action is required")
                continue
            n = _count(column.get("actions"))
            if not 1 <= n <= MAX_COLUMN_ACTIONS:
                raise ValueError(
                    f"{field}.columns[{i}].actions has {n} actions; a column takes 1 to {MAX_COLUMN_ACTIONS}"
                )
            counts.add(n)
        if len(counts) > 1:
            raise ValueError(f"{field}.columns must all have the same number of actions")
    else:
        raise ValueError(f"{field}.type must be buttons, confirm, carousel or image_carousel")
