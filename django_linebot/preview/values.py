"""Reading untrusted message JSON safely: escaped text, and CSS values only from LINE's own vocabulary.

Nothing here trusts its input: a value that is not what LINE documents becomes ``None`` (the caller
then leaves the style out), and every string that reaches HTML goes through :func:`esc`.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from typing import Any

__all__ = [
    "angle",
    "as_dict",
    "as_list",
    "aspect_ratio",
    "color",
    "esc",
    "length",
    "number",
    "raw_block",
    "raw_json",
    "style",
    "text",
]

#: Flex's spacing/margin/padding/offset keywords, as LINE's Flex Message Simulator draws them (CSS).
SPACING = {"none": "0px", "xs": "2px", "sm": "4px", "md": "8px", "lg": "12px", "xl": "16px", "xxl": "20px"}
#: Text, span and icon sizes (CSS).
TEXT_SIZE = {
    "xxs": "11px",
    "xs": "13px",
    "sm": "14px",
    "md": "16px",
    "lg": "19px",
    "xl": "22px",
    "xxl": "29px",
    "3xl": "35px",
    "4xl": "48px",
    "5xl": "74px",
}
#: Image sizes (CSS; ``full`` is the whole width).
IMAGE_SIZE = {
    "xxs": "40px",
    "xs": "60px",
    "sm": "80px",
    "md": "100px",
    "lg": "120px",
    "xl": "140px",
    "xxl": "160px",
    "3xl": "180px",
    "4xl": "200px",
    "5xl": "240px",
    "full": "100%",
}
#: Bubble widths (CSS) by ``size``.
BUBBLE_WIDTH = {
    "nano": "120px",
    "micro": "160px",
    "deca": "220px",
    "hecto": "241px",
    "kilo": "260px",
    "mega": "300px",
    "giga": "500px",
}
#: Box border widths (CSS).
BORDER_WIDTH = {
    "none": "0px",
    "light": "0.5px",
    "normal": "1px",
    "medium": "2px",
    "semi-bold": "3px",
    "bold": "4px",
}
#: Box corner radii (CSS).
CORNER_RADIUS = {
    "none": "0px",
    "xs": "2px",
    "sm": "4px",
    "md": "8px",
    "lg": "12px",
    "xl": "16px",
    "xxl": "20px",
}
#: The most characters of raw JSON a preview shows for one value.
RAW_JSON_CHARACTERS = 20_000

_COLOR = re.compile(r"#[0-9A-Fa-f]{6}(?:[0-9A-Fa-f]{2})?")
_LENGTH = re.compile(r"(?:\d{1,5}(?:\.\d{1,4})?)(?:px|%)")
_ANGLE = re.compile(r"-?\d{1,3}(?:\.\d{1,4})?deg")


def text(value: Any) -> str:
    """``value`` as a string that can be written as UTF-8 (a lone surrogate becomes ``?``)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        value = (
            json.dumps(value, ensure_ascii=True, default=repr)
            if isinstance(value, (dict, list))
            else str(value)
        )
    return value.encode("utf-8", "replace").decode("utf-8")


def esc(value: Any) -> str:
    """``value`` as text, HTML-escaped (quotes too): safe in element content and in attribute values."""
    return html.escape(text(value), quote=True)


def as_dict(value: Any) -> dict[str, Any]:
    """``value`` if it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """``value`` if it is a JSON array, else an empty one."""
    return value if isinstance(value, list) else []


def number(value: Any, default: float = 0.0) -> float:
    """``value`` as a finite number, else ``default``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return default
    return float(value) if value == value and abs(value) < 1e9 else default


def color(value: Any) -> str | None:
    """A ``#RRGGBB`` / ``#RRGGBBAA`` colour as LINE takes it, else ``None``."""
    return value if isinstance(value, str) and _COLOR.fullmatch(value) else None


def length(value: Any, keywords: Mapping[str, str] | None = None) -> str | None:
    """A CSS length from a LINE keyword (``keywords``), ``"12px"`` or ``"50%"``; else ``None``."""
    if not isinstance(value, str):
        return None
    if keywords and value in keywords:
        return keywords[value]
    return value if _LENGTH.fullmatch(value) else None


def angle(value: Any) -> str | None:
    """A gradient angle such as ``"90deg"``, else ``None``."""
    return value if isinstance(value, str) and _ANGLE.fullmatch(value) else None


def aspect_ratio(value: Any, default: tuple[float, float] = (1.0, 1.0)) -> tuple[float, float]:
    """``"W:H"`` as two positive numbers, else ``default``."""
    if isinstance(value, str):
        w, _, h = value.partition(":")
        try:
            width, height = float(w), float(h)
        except ValueError:
            return default
        if 0 < width < 1e6 and 0 < height < 1e6:
            return width, height
    return default


def raw_json(value: Any) -> str:
    """``value`` as indented, ASCII-escaped JSON (``repr`` when it is not JSON), HTML-escaped."""
    try:
        dumped = json.dumps(value, indent=2, ensure_ascii=True, default=repr)
    except (ValueError, RecursionError):
        dumped = repr(value)
    return esc(dumped[:RAW_JSON_CHARACTERS])


def raw_block(label: str, value: Any) -> str:
    """What cannot be drawn: a labelled block with the value as JSON."""
    return (
        f'<div class="lbp-raw"><div class="lbp-raw-label">{esc(label)}</div>'
        f"<pre>{raw_json(value)}</pre></div>"
    )


def style(**props: str | None) -> str:
    """A ``style="..."`` attribute from the properties that are set (names with ``_`` for ``-``)."""
    parts = [f"{name.replace('_', '-')}:{value}" for name, value in props.items() if value is not None]
    return f' style="{esc(";".join(parts))}"' if parts else ""
