"""The eleven message types, quick reply, sender, and the parts of imagemaps and templates.

::

    TextMessage(
        text="$ Hello",
        emojis=[Emoji(index=0, product_id="5ac1bfd5040ab15980c9b435", emoji_id="001")],
        quick_reply=QuickReply(items=[QuickReplyItem(action=MessageAction(label="Hi", text="Hi"))]),
    )
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal

from ..limits import (
    BUTTONS_TEXT_MAX_LENGTH,
    BUTTONS_TEXT_WITH_IMAGE_MAX_LENGTH,
    CAROUSEL_TEXT_MAX_LENGTH,
    CLIPBOARD_TEXT_MAX_LENGTH,
    CONFIRM_ACTIONS,
    CONFIRM_TEXT_MAX_LENGTH,
    IMAGE_CAROUSEL_LABEL_MAX_LENGTH,
    IMAGEMAP_BASE_WIDTH,
    MAX_ALT_TEXT_LENGTH,
    MAX_BUTTONS_ACTIONS,
    MAX_CAROUSEL_COLUMN_ACTIONS,
    MAX_CAROUSEL_COLUMNS,
    MAX_IMAGEMAP_ACTIONS,
    MAX_QUICK_REPLY_ITEMS,
    MAX_TEXT_EMOJIS,
    MAX_TEXT_LENGTH,
    MEDIA_URL_MAX_LENGTH,
    SENDER_NAME_MAX_LENGTH,
    TEMPLATE_TITLE_MAX_LENGTH,
    URI_MAX_LENGTH,
)
from ..validation import utf16_length
from .actions import Action, check_placement
from .base import Builder, BuildError, Json, Rule, at, item
from .flex import Bubble, Carousel, Container, check_animated_images
from .values import color, link_url, media_url

__all__ = [
    "AllMentionTarget",
    "AudioMessage",
    "ButtonsTemplate",
    "CarouselColumn",
    "CarouselTemplate",
    "ConfirmTemplate",
    "CouponMessage",
    "Emoji",
    "EmojiSubstitution",
    "FlexMessage",
    "ImageCarouselColumn",
    "ImageCarouselTemplate",
    "ImageMessage",
    "ImagemapAction",
    "ImagemapArea",
    "ImagemapBaseSize",
    "ImagemapClipboardAction",
    "ImagemapExternalLink",
    "ImagemapMessage",
    "ImagemapMessageAction",
    "ImagemapUriAction",
    "ImagemapVideo",
    "LocationMessage",
    "MentionSubstitution",
    "MentionTarget",
    "Message",
    "QuickReply",
    "QuickReplyItem",
    "Sender",
    "StickerMessage",
    "Substitution",
    "Template",
    "TemplateMessage",
    "TextMessage",
    "TextMessageV2",
    "UserMentionTarget",
    "VideoMessage",
    "flex_from_json",
]

MediaUrl = Annotated[str, Rule(max_length=MEDIA_URL_MAX_LENGTH, check=media_url)]
AltText = Annotated[str, Rule(min_length=1, max_length=MAX_ALT_TEXT_LENGTH)]
MessageText = Annotated[str, Rule(min_length=1, max_length=MAX_TEXT_LENGTH)]
Count = Annotated[int, Rule(minimum=0)]
Side = Annotated[int, Rule(minimum=1)]


# -------------------------------------------------------------- shared parts


@dataclass(kw_only=True)
class QuickReplyItem(Builder):
    """One quick reply button: an action with a label, and an optional icon."""

    TYPE: ClassVar[str | None] = "action"
    action: Action
    image_url: MediaUrl | None = None

    def check(self, built: Json, path: str) -> None:
        check_placement(self.action, at(path, "action"), "quick reply")
        if self.action.label is None:
            raise BuildError(at(at(path, "action"), "label"), "a quick reply button needs a label")


@dataclass(kw_only=True)
class QuickReply(Builder):
    """The buttons shown under the message (pass as any message's ``quick_reply``)."""

    items: Annotated[list[QuickReplyItem], Rule(min_length=1, max_length=MAX_QUICK_REPLY_ITEMS)]


@dataclass(kw_only=True)
class Sender(Builder):
    """The name and icon the message is shown with."""

    name: Annotated[str, Rule(min_length=1, max_length=SENDER_NAME_MAX_LENGTH)] | None = None
    icon_url: MediaUrl | None = None


@dataclass(kw_only=True)
class Message(Builder, polymorphic=True):
    """Base of the eleven message types; ``Message.from_json(d)`` reads any of them."""

    quick_reply: QuickReply | None = None
    sender: Sender | None = None


# ---------------------------------------------------------------- text


@dataclass(kw_only=True)
class Emoji(Builder):
    """A LINE emoji at the ``$`` at UTF-16 position ``index`` of the text."""

    index: Count
    product_id: str
    emoji_id: str


def _utf16_char(text: str, index: int) -> str:
    units = text.encode("utf-16-le")
    return units[2 * index : 2 * index + 2].decode("utf-16-le", errors="replace")


@dataclass(kw_only=True)
class TextMessage(Message):
    """Text, with LINE emojis at its ``$`` characters, optionally quoting a message."""

    TYPE: ClassVar[str | None] = "text"
    text: MessageText
    emojis: Annotated[list[Emoji], Rule(max_length=MAX_TEXT_EMOJIS)] | None = None
    quote_token: str | None = None

    def check(self, built: Json, path: str) -> None:
        for i, emoji in enumerate(self.emojis or []):
            if emoji.index >= utf16_length(self.text) or _utf16_char(self.text, emoji.index) != "$":
                raise BuildError(
                    at(item(at(path, "emojis"), i), "index"),
                    f"{emoji.index} is not the position of a $ in the text",
                )


@dataclass(kw_only=True)
class MentionTarget(Builder, polymorphic=True):
    """Whom a mention names: one user, or everyone."""


@dataclass(kw_only=True)
class UserMentionTarget(MentionTarget):
    """Mentions one user."""

    TYPE: ClassVar[str | None] = "user"
    user_id: str


@dataclass(kw_only=True)
class AllMentionTarget(MentionTarget):
    """Mentions everyone in the group chat."""

    TYPE: ClassVar[str | None] = "all"


@dataclass(kw_only=True)
class Substitution(Builder, polymorphic=True):
    """What a ``{key}`` of a textV2 message stands for."""


@dataclass(kw_only=True)
class MentionSubstitution(Substitution):
    """A mention."""

    TYPE: ClassVar[str | None] = "mention"
    mentionee: MentionTarget


@dataclass(kw_only=True)
class EmojiSubstitution(Substitution):
    """A LINE emoji."""

    TYPE: ClassVar[str | None] = "emoji"
    product_id: str
    emoji_id: str


@dataclass(kw_only=True)
class TextMessageV2(Message):
    """Text whose ``{key}`` placeholders become mentions or emojis (``substitution``)."""

    TYPE: ClassVar[str | None] = "textV2"
    text: MessageText
    substitution: dict[str, Substitution] | None = None
    quote_token: str | None = None

    def check(self, built: Json, path: str) -> None:
        placed = set(re.findall(r"\{([^{}]+)\}", self.text))
        for key in self.substitution or {}:
            if key not in placed:
                raise BuildError(at(at(path, "substitution"), key), f"the text has no {{{key}}}")


# ---------------------------------------------------------------- media


@dataclass(kw_only=True)
class StickerMessage(Message):
    """A sticker, optionally quoting a message."""

    TYPE: ClassVar[str | None] = "sticker"
    package_id: str
    sticker_id: str
    quote_token: str | None = None


@dataclass(kw_only=True)
class ImageMessage(Message):
    """An image and its preview (https)."""

    TYPE: ClassVar[str | None] = "image"
    original_content_url: MediaUrl
    preview_image_url: MediaUrl


@dataclass(kw_only=True)
class VideoMessage(Message):
    """A video and its preview image (https)."""

    TYPE: ClassVar[str | None] = "video"
    original_content_url: MediaUrl
    preview_image_url: MediaUrl
    tracking_id: str | None = None


@dataclass(kw_only=True)
class AudioMessage(Message):
    """An audio file (https) and its duration in milliseconds."""

    TYPE: ClassVar[str | None] = "audio"
    original_content_url: MediaUrl
    duration: Count


@dataclass(kw_only=True)
class LocationMessage(Message):
    """A place on the map."""

    TYPE: ClassVar[str | None] = "location"
    title: Annotated[str, Rule(min_length=1)]
    address: Annotated[str, Rule(min_length=1)]
    latitude: Annotated[float, Rule(minimum=-90, maximum=90)]
    longitude: Annotated[float, Rule(minimum=-180, maximum=180)]


@dataclass(kw_only=True)
class CouponMessage(Message):
    """A coupon made with the coupon API."""

    TYPE: ClassVar[str | None] = "coupon"
    coupon_id: str
    #: A tag for LINE Official Account Manager's statistics (LINE's schema bounds its length).
    delivery_tag: str | None = None


# ---------------------------------------------------------------- imagemap


@dataclass(kw_only=True)
class ImagemapArea(Builder):
    """A rectangle of the imagemap, in its 1040-wide coordinates."""

    x: Count
    y: Count
    width: Side
    height: Side


@dataclass(kw_only=True)
class ImagemapBaseSize(Builder):
    """The imagemap's size: 1040 wide, and its height at that width."""

    width: Side
    height: Side

    def check(self, built: Json, path: str) -> None:
        if self.width != IMAGEMAP_BASE_WIDTH:
            raise BuildError(at(path, "width"), f"must be {IMAGEMAP_BASE_WIDTH}, got {self.width}")


@dataclass(kw_only=True)
class ImagemapAction(Builder, polymorphic=True):
    """Base of an imagemap's tappable areas."""

    area: ImagemapArea
    label: Annotated[str, Rule(min_length=1)] | None = None


@dataclass(kw_only=True)
class ImagemapUriAction(ImagemapAction):
    """Opens ``link_uri`` when the area is tapped."""

    TYPE: ClassVar[str | None] = "uri"
    link_uri: Annotated[str, Rule(max_length=URI_MAX_LENGTH)]


@dataclass(kw_only=True)
class ImagemapMessageAction(ImagemapAction):
    """Sends ``text`` when the area is tapped."""

    TYPE: ClassVar[str | None] = "message"
    text: Annotated[str, Rule(min_length=1)]


@dataclass(kw_only=True)
class ImagemapClipboardAction(ImagemapAction):
    """Copies ``clipboard_text`` when the area is tapped."""

    TYPE: ClassVar[str | None] = "clipboard"
    clipboard_text: Annotated[str, Rule(min_length=1, max_length=CLIPBOARD_TEXT_MAX_LENGTH)]


@dataclass(kw_only=True)
class ImagemapExternalLink(Builder):
    """The link shown when the imagemap's video ends."""

    link_uri: Annotated[str, Rule(max_length=URI_MAX_LENGTH, check=link_url)]
    label: Annotated[str, Rule(min_length=1)]


@dataclass(kw_only=True)
class ImagemapVideo(Builder):
    """A video played in ``area`` of the imagemap."""

    original_content_url: MediaUrl
    preview_image_url: MediaUrl
    area: ImagemapArea
    external_link: ImagemapExternalLink | None = None


def _inside(area: ImagemapArea, base: ImagemapBaseSize, path: str) -> None:
    if area.x + area.width > base.width or area.y + area.height > base.height:
        raise BuildError(path, f"reaches outside the {base.width}x{base.height} base size")


@dataclass(kw_only=True)
class ImagemapMessage(Message):
    """An image with tappable areas and, optionally, a video."""

    TYPE: ClassVar[str | None] = "imagemap"
    base_url: Annotated[str, Rule(max_length=MEDIA_URL_MAX_LENGTH, check=media_url)]
    alt_text: AltText
    base_size: ImagemapBaseSize
    actions: Annotated[list[ImagemapAction], Rule(max_length=MAX_IMAGEMAP_ACTIONS)]
    video: ImagemapVideo | None = None

    def check(self, built: Json, path: str) -> None:
        for i, action in enumerate(self.actions):
            _inside(action.area, self.base_size, at(item(at(path, "actions"), i), "area"))
        if self.video is not None:
            _inside(self.video.area, self.base_size, at(at(path, "video"), "area"))


# ---------------------------------------------------------------- templates

ImageAspectRatio = Literal["rectangle", "square"]
ImageSize = Literal["cover", "contain"]


@dataclass(kw_only=True)
class Template(Builder, polymorphic=True):
    """Base of the four templates."""


def _text_limit(text: str, limit: int, path: str) -> None:
    if utf16_length(text) > limit:
        raise BuildError(path, f"has {utf16_length(text)} UTF-16 units; the limit here is {limit}")


def _template_actions(actions: list[Action], path: str) -> None:
    for i, action in enumerate(actions):
        check_placement(action, item(path, i), "other")


@dataclass(kw_only=True)
class ButtonsTemplate(Template):
    """An optional image and title, a text, and up to four buttons."""

    TYPE: ClassVar[str | None] = "buttons"
    text: Annotated[str, Rule(min_length=1, max_length=BUTTONS_TEXT_MAX_LENGTH)]
    actions: Annotated[list[Action], Rule(min_length=1, max_length=MAX_BUTTONS_ACTIONS)]
    thumbnail_image_url: MediaUrl | None = None
    image_aspect_ratio: ImageAspectRatio | None = None
    image_size: ImageSize | None = None
    image_background_color: Annotated[str, Rule(check=color)] | None = None
    title: Annotated[str, Rule(min_length=1, max_length=TEMPLATE_TITLE_MAX_LENGTH)] | None = None
    default_action: Action | None = None

    def check(self, built: Json, path: str) -> None:
        if self.thumbnail_image_url or self.title:
            _text_limit(self.text, BUTTONS_TEXT_WITH_IMAGE_MAX_LENGTH, at(path, "text"))
        _template_actions(self.actions, at(path, "actions"))
        check_placement(self.default_action, at(path, "defaultAction"), "other")


@dataclass(kw_only=True)
class ConfirmTemplate(Template):
    """A text and two buttons."""

    TYPE: ClassVar[str | None] = "confirm"
    text: Annotated[str, Rule(min_length=1, max_length=CONFIRM_TEXT_MAX_LENGTH)]
    actions: Annotated[list[Action], Rule(min_length=CONFIRM_ACTIONS, max_length=CONFIRM_ACTIONS)]

    def check(self, built: Json, path: str) -> None:
        _template_actions(self.actions, at(path, "actions"))


@dataclass(kw_only=True)
class CarouselColumn(Builder):
    """One column of a carousel template."""

    text: Annotated[str, Rule(min_length=1, max_length=CAROUSEL_TEXT_MAX_LENGTH)]
    actions: Annotated[list[Action], Rule(min_length=1, max_length=MAX_CAROUSEL_COLUMN_ACTIONS)]
    thumbnail_image_url: MediaUrl | None = None
    image_background_color: Annotated[str, Rule(check=color)] | None = None
    title: Annotated[str, Rule(min_length=1, max_length=TEMPLATE_TITLE_MAX_LENGTH)] | None = None
    default_action: Action | None = None

    def check(self, built: Json, path: str) -> None:
        if self.thumbnail_image_url or self.title:
            _text_limit(self.text, BUTTONS_TEXT_WITH_IMAGE_MAX_LENGTH, at(path, "text"))
        _template_actions(self.actions, at(path, "actions"))
        check_placement(self.default_action, at(path, "defaultAction"), "other")


@dataclass(kw_only=True)
class CarouselTemplate(Template):
    """Columns scrolled sideways; every column has as many actions, and all or none an image and title."""

    TYPE: ClassVar[str | None] = "carousel"
    columns: Annotated[list[CarouselColumn], Rule(min_length=1, max_length=MAX_CAROUSEL_COLUMNS)]
    image_aspect_ratio: ImageAspectRatio | None = None
    image_size: ImageSize | None = None

    def check(self, built: Json, path: str) -> None:
        first = self.columns[0]
        for i, column in enumerate(self.columns[1:], start=1):
            where = item(at(path, "columns"), i)
            if len(column.actions) != len(first.actions):
                raise BuildError(
                    at(where, "actions"),
                    f"has {len(column.actions)} actions; column 0 has {len(first.actions)}",
                )
            for name, key in (("thumbnail_image_url", "thumbnailImageUrl"), ("title", "title")):
                if (getattr(column, name) is None) != (getattr(first, name) is None):
                    raise BuildError(at(where, key), "every column has one, or none does")


@dataclass(kw_only=True)
class ImageCarouselColumn(Builder):
    """An image and the action of tapping it."""

    image_url: MediaUrl
    action: Action

    def check(self, built: Json, path: str) -> None:
        check_placement(self.action, at(path, "action"), "other")
        if self.action.label is not None:
            _text_limit(self.action.label, IMAGE_CAROUSEL_LABEL_MAX_LENGTH, at(at(path, "action"), "label"))


@dataclass(kw_only=True)
class ImageCarouselTemplate(Template):
    """Images scrolled sideways, each with an action."""

    TYPE: ClassVar[str | None] = "image_carousel"
    columns: Annotated[list[ImageCarouselColumn], Rule(min_length=1, max_length=MAX_CAROUSEL_COLUMNS)]


@dataclass(kw_only=True)
class TemplateMessage(Message):
    """A buttons, confirm, carousel or image carousel template."""

    TYPE: ClassVar[str | None] = "template"
    alt_text: AltText
    template: Template


# ---------------------------------------------------------------- flex


@dataclass(kw_only=True)
class FlexMessage(Message):
    """A Flex message: a :class:`~.flex.Bubble` or a :class:`~.flex.Carousel`."""

    TYPE: ClassVar[str | None] = "flex"
    alt_text: AltText
    contents: Bubble | Carousel

    def check(self, built: Json, path: str) -> None:
        check_animated_images(built["contents"], at(path, "contents"))


def flex_from_json(data: Any) -> Bubble | Carousel | FlexMessage:
    """Builders from a Flex Message Simulator export: a bubble, a carousel or a whole flex message.

    Takes the parsed JSON or its text. Returns a :class:`Bubble`, a :class:`Carousel` or a
    ``FlexMessage``, each of which can be changed and built again; ``build()`` of an unchanged one
    returns the JSON it was read from.
    """
    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except ValueError as exc:
            raise BuildError("", f"not JSON: {exc}") from None
    if isinstance(data, dict) and data.get("type") == "flex":
        return FlexMessage.from_json(data)
    container = Container.from_json(data)
    assert isinstance(container, Bubble | Carousel)
    return container
