"""Checks of single values LINE's schema types only as ``string``: colours, sizes, URLs, ratios."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from urllib.parse import urlsplit

from ..limits import (
    FLEX_ASPECT_RATIO_MAX_HEIGHT_FACTOR,
    FLEX_ASPECT_RATIO_MAX_SIDE,
    FLEX_GRADIENT_ANGLE_LIMIT,
    MEDIA_URL_SCHEME,
    URI_ACTION_SCHEMES,
)

Check = Callable[[object], "str | None"]

_COLOR = re.compile(r"#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?")
_NUMBER = r"\d+(\.\d+)?"


def color(value: object) -> str | None:
    """A hexadecimal colour: ``#RRGGBB`` or ``#RRGGBBAA``."""
    if isinstance(value, str) and _COLOR.fullmatch(value):
        return None
    return f"must be a colour #RRGGBB or #RRGGBBAA, got {value!r}"


def size(
    keywords: Collection[str] = (), *, px: bool = True, percent: bool = False, signed: bool = False
) -> Check:
    """A Flex size: one of ``keywords``, or pixels (``12px``), or a percentage (``50%``)."""
    units = [u for u, ok in (("px", px), ("%", percent)) if ok]
    pattern = re.compile(("-?" if signed else "") + _NUMBER + "(" + "|".join(map(re.escape, units)) + ")")
    shown = [*sorted(keywords), *(f"a value in {u}" for u in units)]

    def check(value: object) -> str | None:
        if isinstance(value, str) and (value in keywords or (units and pattern.fullmatch(value))):
            return None
        return (
            f"must be {', '.join(shown[:-1])} or {shown[-1]}, got {value!r}"
            if shown[:-1]
            else (f"must be {shown[-1]}, got {value!r}")
        )

    return check


def aspect_ratio(value: object) -> str | None:
    """``{width}:{height}``, each 1 to the limit, the height at most three times the width."""
    match = re.fullmatch(rf"({_NUMBER}):({_NUMBER})", value) if isinstance(value, str) else None
    if match is None:
        return f"must be {{width}}:{{height}}, got {value!r}"
    width, height = float(match.group(1)), float(match.group(3))
    if not (1 <= width <= FLEX_ASPECT_RATIO_MAX_SIDE and 1 <= height <= FLEX_ASPECT_RATIO_MAX_SIDE):
        return f"sides must be 1 to {FLEX_ASPECT_RATIO_MAX_SIDE}, got {value!r}"
    if height > FLEX_ASPECT_RATIO_MAX_HEIGHT_FACTOR * width:
        return f"height must be at most {FLEX_ASPECT_RATIO_MAX_HEIGHT_FACTOR} times the width, got {value!r}"
    return None


def angle(value: object) -> str | None:
    """A gradient's angle: ``90deg`` or ``23.5deg``, from 0 up to (not including) 360."""
    match = re.fullmatch(rf"({_NUMBER})deg", value) if isinstance(value, str) else None
    if match is None or float(match.group(1)) >= FLEX_GRADIENT_ANGLE_LIMIT:
        return f"must be an angle from 0deg to less than {FLEX_GRADIENT_ANGLE_LIMIT}deg, got {value!r}"
    return None


def percentage(value: object) -> str | None:
    """``0%`` to ``100%``."""
    match = re.fullmatch(rf"({_NUMBER})%", value) if isinstance(value, str) else None
    if match is None or float(match.group(1)) > 100:
        return f"must be a percentage from 0% to 100%, got {value!r}"
    return None


def media_url(value: object) -> str | None:
    """An https URL LINE fetches an image, video, audio file or icon from."""
    if isinstance(value, str) and urlsplit(value).scheme == MEDIA_URL_SCHEME and urlsplit(value).netloc:
        return None
    return f"must be an {MEDIA_URL_SCHEME} URL, got {value!r}"


def action_uri(value: object) -> str | None:
    """A URI a URI action opens: http, https, line or tel."""
    if isinstance(value, str) and urlsplit(value).scheme in URI_ACTION_SCHEMES:
        return None
    return f"must be a URI with one of the schemes {sorted(URI_ACTION_SCHEMES)}, got {value!r}"


def link_url(value: object) -> str | None:
    """A web link (imagemap areas and external links): http or https."""
    if (
        isinstance(value, str)
        and urlsplit(value).scheme in ("http", MEDIA_URL_SCHEME)
        and urlsplit(value).netloc
    ):
        return None
    return f"must be an http or https URL, got {value!r}"
