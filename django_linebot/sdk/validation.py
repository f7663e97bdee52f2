"""Local checks of LINE's documented limits, run before a request is sent.

Each failure is a :class:`ValueError` whose text names the offending field as a
path (``messages[0].template.actions``), so a mistake is found without a round
trip to LINE.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from .limits import (
    ACTION_TYPES,
    ALT_TEXT_MESSAGE_TYPES,
    CAROUSEL_TEMPLATE_TYPES,
    CONFIRM_ACTIONS,
    MAX_ALT_TEXT_LENGTH,
    MAX_BUTTONS_ACTIONS,
    MAX_CAROUSEL_COLUMN_ACTIONS,
    MAX_CAROUSEL_COLUMNS,
    MAX_IMAGEMAP_ACTIONS,
    MAX_MESSAGES_PER_REQUEST,
    MAX_MULTICAST_RECIPIENTS,
    MAX_QUICK_REPLY_ITEMS,
    MAX_TEXT_LENGTH,
    MESSAGE_TYPES,
    TEMPLATE_TYPES,
    TEXT_MESSAGE_TYPES,
    WEBHOOK_URL_MAX_LENGTH,
    WEBHOOK_URL_SCHEME,
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
    """Check a list of message objects (or one) against LINE's limits; return the list.

    A message may be a builder (``sdk.builders``, or the seed's ``SendMessage``): it is built here,
    its errors' paths starting at ``field[i]``.
    """
    if not isinstance(messages, Mapping) and hasattr(messages, "build"):
        messages = messages.build()
    if isinstance(messages, Mapping):
        messages = [messages]
    if isinstance(messages, list | tuple):
        messages = [_built(message, f"{field}[{i}]") for i, message in enumerate(messages)]
    if not isinstance(messages, list | tuple):
        raise ValueError(f"{field} must be a list of message objects")
    if not messages:
        raise ValueError(f"{field} must hold at least one message")
    if len(messages) > MAX_MESSAGES_PER_REQUEST:
        raise ValueError(
            f"{field} has {len(messages)} messages; "
            f"LINE accepts at most {MAX_MESSAGES_PER_REQUEST} per request"
        )
    for i, message in enumerate(messages):
        validate_message(message, f"{field}[{i}]")
    return list(messages)


def _built(message: Any, field: str) -> Any:
    if hasattr(message, "build_at"):  # a builder of sdk.builders: errors name the path from field
        return message.build_at(field)
    if not isinstance(message, Mapping) and hasattr(message, "build"):
        return message.build()
    return message


def validate_message(message: Any, field: str) -> None:
    """Check one message object; a malformed one raises ``ValueError`` naming the path (``field.x``)."""
    if not isinstance(message, Mapping):
        raise ValueError(f"{field} must be a message object (a dict)")
    _check_strings(message, field)
    mtype = message.get("type")
    if not isinstance(mtype, str) or mtype not in MESSAGE_TYPES:
        raise ValueError(f"{field}.type must be one of {sorted(MESSAGE_TYPES)}, got {mtype!r}")
    if mtype in TEXT_MESSAGE_TYPES:
        text = message.get("text")
        if not isinstance(text, str) or not text:
            raise ValueError(f"{field}.text is required")
        _check_unicode(text, f"{field}.text")
        if utf16_length(text) > MAX_TEXT_LENGTH:
            raise ValueError(
                f"{field}.text is {utf16_length(text)} UTF-16 units long; the limit is {MAX_TEXT_LENGTH}"
            )
    if mtype in ALT_TEXT_MESSAGE_TYPES:
        alt = message.get("altText")
        if not isinstance(alt, str) or not alt:
            raise ValueError(f"{field}.altText is required")
        if len(alt) > MAX_ALT_TEXT_LENGTH:
            raise ValueError(f"{field}.altText is {len(alt)} characters; the limit is {MAX_ALT_TEXT_LENGTH}")
    if mtype == "template":
        _validate_template(message.get("template"), f"{field}.template")
    if mtype == "imagemap":
        actions = _list(message.get("actions"), f"{field}.actions")
        if len(actions) > MAX_IMAGEMAP_ACTIONS:
            raise ValueError(f"{field}.actions has {len(actions)}; the limit is {MAX_IMAGEMAP_ACTIONS}")
        _objects(actions, f"{field}.actions")
    quick = message.get("quickReply")
    if quick is not None:
        items = quick.get("items") if isinstance(quick, Mapping) else None
        if not isinstance(items, list) or not items:
            raise ValueError(f"{field}.quickReply.items must be a non-empty list")
        if len(items) > MAX_QUICK_REPLY_ITEMS:
            raise ValueError(
                f"{field}.quickReply.items has {len(items)} items; the limit is {MAX_QUICK_REPLY_ITEMS}"
            )
        _objects(items, f"{field}.quickReply.items")


def validate_action(action: Any, field: str = "action") -> None:
    """Check an action object (of a rich menu area, a quick reply button, a template): an object whose
    ``type`` is one of LINE's action types; ``ValueError`` naming ``field`` otherwise."""
    if not isinstance(action, Mapping):
        raise ValueError(f"{field} must be an action object (a dict)")
    atype = action.get("type")
    if not isinstance(atype, str) or not atype:
        raise ValueError(f'{field} needs a "type" (one of {", ".join(sorted(ACTION_TYPES))})')
    if atype not in ACTION_TYPES:
        raise ValueError(f"{field}.type must be one of {', '.join(sorted(ACTION_TYPES))}, got {atype!r}")


def _check_strings(value: Any, field: str) -> None:
    """Every string in ``value`` (keys too) is valid Unicode; walked without recursion."""
    stack = [(value, field)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            _check_unicode(item, where)
        elif isinstance(item, Mapping):
            for key, inner in item.items():
                if isinstance(key, str):
                    _check_unicode(key, where)
                stack.append((inner, f"{where}.{key}"))
        elif isinstance(item, list | tuple):
            stack.extend((inner, f"{where}[{i}]") for i, inner in enumerate(item))


def _check_unicode(text: str, field: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{field} is not valid Unicode (it holds a lone surrogate)") from None


def _list(value: Any, field: str) -> list[Any]:
    """``value`` as a list (``None``: empty); anything else raises ``ValueError`` naming ``field``."""
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise ValueError(f"{field} must be a list, got {type(value).__name__}")
    return list(value)


def _objects(values: list[Any], field: str) -> None:
    for i, value in enumerate(values):
        if not isinstance(value, Mapping):
            raise ValueError(f"{field}[{i}] must be an object (a dict), got {type(value).__name__}")


def _count(actions: Any, field: str) -> int:
    values = _list(actions, field)
    _objects(values, field)
    return len(values)


def _validate_template(template: Any, field: str) -> None:
    if not isinstance(template, Mapping):
        raise ValueError(f"{field} is required")
    ttype = template.get("type")
    if ttype == "buttons":
        n = _count(template.get("actions"), f"{field}.actions")
        if not 1 <= n <= MAX_BUTTONS_ACTIONS:
            raise ValueError(
                f"{field}.actions has {n} actions; a buttons template takes 1 to {MAX_BUTTONS_ACTIONS}"
            )
    elif ttype == "confirm":
        n = _count(template.get("actions"), f"{field}.actions")
        if n != CONFIRM_ACTIONS:
            raise ValueError(
                f"{field}.actions has {n} actions; a confirm template takes exactly {CONFIRM_ACTIONS}"
            )
    elif ttype in CAROUSEL_TEMPLATE_TYPES:
        columns = _list(template.get("columns"), f"{field}.columns")
        if not 1 <= len(columns) <= MAX_CAROUSEL_COLUMNS:
            raise ValueError(
                f"{field}.columns has {len(columns)} columns; a carousel takes 1 to {MAX_CAROUSEL_COLUMNS}"
            )
        _objects(columns, f"{field}.columns")
        counts = set()
        for i, column in enumerate(columns):
            if ttype == "image_carousel":
                if not isinstance(column.get("action"), Mapping):
                    raise ValueError(f"{field}.columns[{i}].action is required")
                continue
            n = _count(column.get("actions"), f"{field}.columns[{i}].actions")
            if not 1 <= n <= MAX_CAROUSEL_COLUMN_ACTIONS:
                raise ValueError(
                    f"{field}.columns[{i}].actions has {n} actions; "
                    f"a column takes 1 to {MAX_CAROUSEL_COLUMN_ACTIONS}"
                )
            counts.add(n)
        if len(counts) > 1:
            raise ValueError(f"{field}.columns must all have the same number of actions")
    else:
        raise ValueError(f"{field}.type must be {', '.join(TEMPLATE_TYPES[:-1])} or {TEMPLATE_TYPES[-1]}")


def validate_narrowcast_options(
    recipient: Any = None,
    filter: Any = None,  # noqa: A002 - LINE's name
    limit: Any = None,
) -> None:
    """Check the shape of a narrowcast's ``recipient``, ``filter`` and ``limit`` (each an object or None).

    LINE checks their contents; this catches what cannot be sent at all, with a
    ``ValueError`` naming the field.
    """
    for name, value in (("recipient", recipient), ("filter", filter), ("limit", limit)):
        if value is not None and not isinstance(value, Mapping):
            raise ValueError(f"{name} must be an object (a dict), got {type(value).__name__}")
    if recipient is not None and not isinstance(recipient.get("type"), str):
        raise ValueError('recipient.type is required (e.g. "audience" or "operator")')
    if filter is not None and not isinstance(filter.get("demographic"), Mapping):
        raise ValueError("filter.demographic must be an object")
    if limit is not None:
        top = limit.get("max")
        if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
            raise ValueError("limit.max must be a positive whole number")
        quota = limit.get("upToRemainingQuota")
        if quota is not None and not isinstance(quota, bool):
            raise ValueError("limit.upToRemainingQuota must be true or false")


def validate_webhook_url(url: Any) -> str:
    """Return ``url`` if LINE takes it as a webhook URL (https, with a host, at most 500 characters).

    Anything else raises ``ValueError`` saying why.
    """
    if not isinstance(url, str) or not url:
        raise ValueError("the webhook URL is required")
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        host = None
    if not host or parts.scheme != WEBHOOK_URL_SCHEME:
        raise ValueError(
            f"{url!r} is not an {WEBHOOK_URL_SCHEME}:// URL: LINE only calls {WEBHOOK_URL_SCHEME} webhooks"
        )
    if len(url) > WEBHOOK_URL_MAX_LENGTH:
        raise ValueError(
            f"the webhook URL is {len(url)} characters long; LINE takes at most {WEBHOOK_URL_MAX_LENGTH}"
        )
    return url
