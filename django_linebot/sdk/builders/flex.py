"""Flex Message containers and components, as LINE's reference lists them.

::

    bubble = Bubble(
        body=Box(layout="vertical", contents=[
            Text(text="Brown Cafe", weight="bold", size="xl"),
            Button(style="primary", action=UriAction(label="Call", uri="tel:0000")),
        ]),
    )
    FlexMessage(alt_text="Brown Cafe", contents=bubble).build()

Besides the types of the schema, ``build()`` checks what LINE documents in words: which component a
box of each layout holds (an icon only in a baseline box, a span only in a text, a video only as a
hero), sizes and colours, ``aspectRatio``, gradients, the bubble's 30 KB and the carousel's 50 KB and
12 bubbles. :func:`~.messages.flex_from_json` reads what LINE's Flex Message Simulator exports.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal

from ..limits import (
    FLEX_BASELINE_CHILD_TYPES,
    FLEX_BOX_CHILD_TYPES,
    FLEX_BUBBLE_MAX_BYTES,
    FLEX_CAROUSEL_MAX_BYTES,
    FLEX_VIDEO_BUBBLE_SIZES,
    MAX_FLEX_ANIMATED_IMAGES,
    MAX_FLEX_CAROUSEL_BUBBLES,
    MEDIA_URL_MAX_LENGTH,
)
from .actions import Action, check_placement
from .base import Builder, BuildError, Json, Rule, at, item
from .values import angle, aspect_ratio, color, media_url, percentage, size

__all__ = [
    "Box",
    "Bubble",
    "BubbleStyles",
    "BlockStyle",
    "Button",
    "Carousel",
    "Component",
    "Container",
    "Filler",
    "Icon",
    "Image",
    "LinearGradient",
    "Separator",
    "Span",
    "Text",
    "Video",
    "count_animated_images",
]

_STEPS = ("none", "xs", "sm", "md", "lg", "xl", "xxl")
_FONT_SIZES = ("xxs", "xs", "sm", "md", "lg", "xl", "xxl", "3xl", "4xl", "5xl")
_BORDER_WIDTHS = ("none", "light", "normal", "medium", "semi-bold", "bold")

Color = Annotated[str, Rule(check=color)]
Margin = Annotated[str, Rule(check=size(_STEPS))]
Offset = Annotated[str, Rule(check=size(_STEPS, percent=True, signed=True))]
Padding = Annotated[str, Rule(check=size(_STEPS, percent=True))]
Extent = Annotated[str, Rule(check=size(percent=True))]
FontSize = Annotated[str, Rule(check=size(_FONT_SIZES))]
Ratio = Annotated[str, Rule(check=aspect_ratio)]
MediaUrl = Annotated[str, Rule(max_length=MEDIA_URL_MAX_LENGTH, check=media_url)]
Flex = Annotated[int, Rule(minimum=0)]
Position = Literal["relative", "absolute"]
Align = Literal["start", "end", "center"]
Gravity = Literal["top", "bottom", "center"]
Weight = Literal["regular", "bold"]
FontStyle = Literal["normal", "italic"]
Decoration = Literal["none", "underline", "line-through"]


# ------------------------------------------------------------------ components


@dataclass(kw_only=True)
class Component(Builder, polymorphic=True):
    """Base of the nine components; ``Component.from_json(d)`` reads any of them."""

    def check(self, built: Json, path: str) -> None:
        check_placement(getattr(self, "action", None), at(path, "action"), "other")


@dataclass(kw_only=True)
class _Placed(Component):
    """The margin and offsets most components share."""

    margin: Margin | None = None
    position: Position | None = None
    offset_top: Offset | None = None
    offset_bottom: Offset | None = None
    offset_start: Offset | None = None
    offset_end: Offset | None = None


@dataclass(kw_only=True)
class LinearGradient(Builder):
    """A box's linear gradient background."""

    TYPE: ClassVar[str | None] = "linearGradient"
    angle: Annotated[str, Rule(check=angle)]
    start_color: Color
    end_color: Color
    center_color: Color | None = None
    center_position: Annotated[str, Rule(check=percentage)] | None = None

    def check(self, built: Json, path: str) -> None:
        if self.center_position is not None and self.center_color is None:
            raise BuildError(at(path, "centerPosition"), "needs center_color")


@dataclass(kw_only=True)
class Box(_Placed):
    """Lays its ``contents`` out horizontally, vertically or on a baseline."""

    TYPE: ClassVar[str | None] = "box"
    layout: Literal["horizontal", "vertical", "baseline"]
    contents: list[Component]
    flex: Flex | None = None
    spacing: Margin | None = None
    background_color: Color | None = None
    border_color: Color | None = None
    border_width: Annotated[str, Rule(check=size(_BORDER_WIDTHS))] | None = None
    corner_radius: Margin | None = None
    width: Extent | None = None
    max_width: Extent | None = None
    height: Extent | None = None
    max_height: Extent | None = None
    padding_all: Padding | None = None
    padding_top: Padding | None = None
    padding_bottom: Padding | None = None
    padding_start: Padding | None = None
    padding_end: Padding | None = None
    action: Action | None = None
    justify_content: (
        Literal["center", "flex-start", "flex-end", "space-between", "space-around", "space-evenly"] | None
    ) = None
    align_items: Literal["center", "flex-start", "flex-end"] | None = None
    background: LinearGradient | None = None

    def check(self, built: Json, path: str) -> None:
        super().check(built, path)
        allowed = FLEX_BASELINE_CHILD_TYPES if self.layout == "baseline" else FLEX_BOX_CHILD_TYPES
        for i, child in enumerate(self.contents):
            if child.TYPE not in allowed:
                raise BuildError(
                    at(item(at(path, "contents"), i), "type"),
                    f"a {self.layout} box holds {', '.join(sorted(allowed))}, not {child.TYPE}",
                )


@dataclass(kw_only=True)
class Button(_Placed):
    """A button that performs ``action``."""

    TYPE: ClassVar[str | None] = "button"
    action: Action
    flex: Flex | None = None
    color: Color | None = None
    style: Literal["primary", "secondary", "link"] | None = None
    gravity: Gravity | None = None
    height: Literal["md", "sm"] | None = None
    adjust_mode: Literal["shrink-to-fit"] | None = None
    scaling: bool | None = None

    def check(self, built: Json, path: str) -> None:
        super().check(built, path)
        if self.action.label is None:
            raise BuildError(at(at(path, "action"), "label"), "a button's action needs a label")


@dataclass(kw_only=True)
class Image(_Placed):
    """An image (https, JPEG or PNG)."""

    TYPE: ClassVar[str | None] = "image"
    url: MediaUrl
    flex: Flex | None = None
    align: Align | None = None
    gravity: Gravity | None = None
    size: Annotated[str, Rule(check=size((*_FONT_SIZES, "full"), percent=True))] | None = None
    aspect_ratio: Ratio | None = None
    aspect_mode: Literal["fit", "cover"] | None = None
    background_color: Color | None = None
    action: Action | None = None
    animated: bool | None = None


@dataclass(kw_only=True)
class Video(Component):
    """A video in a bubble's hero; ``alt_content`` shows where video cannot play."""

    TYPE: ClassVar[str | None] = "video"
    url: MediaUrl
    preview_url: MediaUrl
    alt_content: Box | Image
    aspect_ratio: Ratio | None = None
    action: Action | None = None


@dataclass(kw_only=True)
class Icon(_Placed):
    """An icon in a baseline box."""

    TYPE: ClassVar[str | None] = "icon"
    url: MediaUrl
    size: Annotated[str, Rule(check=size(_FONT_SIZES))] | None = None
    aspect_ratio: Ratio | None = None
    scaling: bool | None = None


@dataclass(kw_only=True)
class Span(Component):
    """A run of text with its own style, inside a :class:`Text`'s ``contents``."""

    TYPE: ClassVar[str | None] = "span"
    text: str
    size: FontSize | None = None
    color: Color | None = None
    weight: Weight | None = None
    style: FontStyle | None = None
    decoration: Decoration | None = None


@dataclass(kw_only=True)
class Text(_Placed):
    """Text: ``text``, or ``contents`` of spans."""

    TYPE: ClassVar[str | None] = "text"
    text: str | None = None
    contents: list[Span] | None = None
    flex: Flex | None = None
    size: FontSize | None = None
    align: Align | None = None
    gravity: Gravity | None = None
    color: Color | None = None
    weight: Weight | None = None
    style: FontStyle | None = None
    decoration: Decoration | None = None
    wrap: bool | None = None
    line_spacing: Annotated[str, Rule(check=size())] | None = None
    max_lines: Annotated[int, Rule(minimum=0)] | None = None
    action: Action | None = None
    adjust_mode: Literal["shrink-to-fit"] | None = None
    scaling: bool | None = None

    def check(self, built: Json, path: str) -> None:
        super().check(built, path)
        if not self.text and not self.contents:
            raise BuildError(at(path, "text"), "is required (or spans in contents)")


@dataclass(kw_only=True)
class Separator(Component):
    """A line between components."""

    TYPE: ClassVar[str | None] = "separator"
    margin: Margin | None = None
    color: Color | None = None


@dataclass(kw_only=True)
class Filler(Component):
    """Empty space (LINE deprecates it in favour of margins and padding)."""

    TYPE: ClassVar[str | None] = "filler"
    flex: Flex | None = None


# ------------------------------------------------------------------ containers


@dataclass(kw_only=True)
class BlockStyle(Builder):
    """The background and separator of one block of a bubble."""

    background_color: Color | None = None
    separator: bool | None = None
    separator_color: Color | None = None


@dataclass(kw_only=True)
class BubbleStyles(Builder):
    """The :class:`BlockStyle` of each block."""

    header: BlockStyle | None = None
    hero: BlockStyle | None = None
    body: BlockStyle | None = None
    footer: BlockStyle | None = None


@dataclass(kw_only=True)
class Container(Builder, polymorphic=True):
    """A bubble or a carousel: a Flex message's ``contents``."""


def _json_bytes(built: Json) -> int:
    return len(json.dumps(built, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


@dataclass(kw_only=True)
class Bubble(Container):
    """One message bubble: header, hero, body and footer."""

    TYPE: ClassVar[str | None] = "bubble"
    size: Literal["nano", "micro", "deca", "hecto", "kilo", "mega", "giga"] | None = None
    direction: Literal["ltr", "rtl"] | None = None
    header: Box | None = None
    hero: Box | Image | Video | None = None
    body: Box | None = None
    footer: Box | None = None
    styles: BubbleStyles | None = None
    action: Action | None = None

    def check(self, built: Json, path: str) -> None:
        check_placement(self.action, at(path, "action"), "other")
        if isinstance(self.hero, Video) and (self.size or "mega") not in FLEX_VIDEO_BUBBLE_SIZES:
            raise BuildError(
                at(path, "size"),
                f"a bubble with a video must be {', '.join(sorted(FLEX_VIDEO_BUBBLE_SIZES))}",
            )
        if _json_bytes(built) > FLEX_BUBBLE_MAX_BYTES:
            raise BuildError(
                path or "bubble", f"is {_json_bytes(built)} bytes; the limit is {FLEX_BUBBLE_MAX_BYTES}"
            )


@dataclass(kw_only=True)
class Carousel(Container):
    """Bubbles side by side, scrolled sideways."""

    TYPE: ClassVar[str | None] = "carousel"
    contents: Annotated[list[Bubble], Rule(min_length=1, max_length=MAX_FLEX_CAROUSEL_BUBBLES)]

    def check(self, built: Json, path: str) -> None:
        sizes = {bubble.size or "mega" for bubble in self.contents}
        if len(sizes) > 1:
            raise BuildError(
                at(path, "contents"), f"bubbles of one carousel have one size, not {sorted(sizes)}"
            )
        if _json_bytes(built) > FLEX_CAROUSEL_MAX_BYTES:
            raise BuildError(
                path or "carousel", f"is {_json_bytes(built)} bytes; the limit is {FLEX_CAROUSEL_MAX_BYTES}"
            )


def count_animated_images(built: Any) -> int:
    """Images with ``animated: true`` in built Flex JSON (LINE allows a few per message)."""
    count, stack = 0, [built]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            count += node.get("type") == "image" and node.get("animated") is True
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return count


def check_animated_images(built: Any, path: str) -> None:
    """Refuse more animated images than one message may hold."""
    count = count_animated_images(built)
    if count > MAX_FLEX_ANIMATED_IMAGES:
        raise BuildError(path, f"has {count} animated images; the limit is {MAX_FLEX_ANIMATED_IMAGES}")
