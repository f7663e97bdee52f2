"""Fluent message builders, after the Perl SDK's ``LINE::Bot::API::Builder::*``.

``build()`` returns plain JSON-ready dicts and lists in the API's camelCase::

    messages = SendMessage().add_text(text="hello").add_sticker(package_id="1", sticker_id="2")
    api.reply_message(event.reply_token, messages.build())

Every ``add_*`` also takes the objects of :mod:`django_linebot.sdk.builders` where it takes a dict
(``quick_reply=``, ``sender=``, ``add_flex(contents=Bubble(...))``, ``default_action=``), and
:meth:`SendMessage.add` takes any of its messages (``add(FlexMessage(...))``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from .limits import ACTION_TEMPLATE_TYPES, CAROUSEL_TEMPLATE_TYPES
from .validation import validate_message

Json = dict[str, Any]


def _clean(**fields: Any) -> Json:
    return {k: v for k, v in fields.items() if v is not None}


def _built(obj: Any) -> Any:
    return obj.build() if hasattr(obj, "build") else obj


class _Actions:
    """Adds one ``add_*_action`` method per LINE action kind."""

    def _add_action(self, action: Json) -> Self:
        raise NotImplementedError

    def add_postback_action(
        self,
        label: str | None = None,
        data: str = "",
        text: str | None = None,
        display_text: str | None = None,
        input_option: str | None = None,
        fill_in_text: str | None = None,
    ) -> Self:
        """``text`` (the Perl SDK's name) is sent as ``displayText``."""
        return self._add_action(
            _clean(
                type="postback",
                label=label,
                data=data,
                displayText=display_text if display_text is not None else text,
                inputOption=input_option,
                fillInText=fill_in_text,
            )
        )

    def add_message_action(self, label: str | None = None, text: str = "") -> Self:
        return self._add_action(_clean(type="message", label=label, text=text))

    def add_uri_action(
        self, label: str | None = None, uri: str = "", alt_uri_desktop: str | None = None
    ) -> Self:
        alt = {"desktop": alt_uri_desktop} if alt_uri_desktop else None
        return self._add_action(_clean(type="uri", label=label, uri=uri, altUri=alt))

    def add_datetime_picker_action(
        self,
        label: str | None = None,
        data: str = "",
        mode: str = "datetime",
        initial: str | None = None,
        max: str | None = None,  # noqa: A002 - LINE's field name
        min: str | None = None,  # noqa: A002
    ) -> Self:
        if mode not in ("date", "time", "datetime"):
            raise ValueError("mode must be date, time or datetime")
        return self._add_action(
            _clean(
                type="datetimepicker",
                label=label,
                data=data,
                mode=mode,
                initial=initial,
                max=max,
                min=min,
            )
        )

    def add_camera_action(self, label: str) -> Self:
        return self._add_action({"type": "camera", "label": label})

    def add_camera_roll_action(self, label: str) -> Self:
        return self._add_action({"type": "cameraRoll", "label": label})

    def add_location_action(self, label: str) -> Self:
        return self._add_action({"type": "location", "label": label})

    def add_rich_menu_switch_action(
        self, rich_menu_alias_id: str, data: str, label: str | None = None
    ) -> Self:
        return self._add_action(
            _clean(type="richmenuswitch", label=label, richMenuAliasId=rich_menu_alias_id, data=data)
        )

    def add_clipboard_action(self, label: str, clipboard_text: str) -> Self:
        return self._add_action({"type": "clipboard", "label": label, "clipboardText": clipboard_text})


class QuickReply(_Actions):
    """Up to 13 quick reply buttons; pass to any ``add_*`` as ``quick_reply=``."""

    def __init__(self) -> None:
        self.items: list[Json] = []
        self._image_url: str | None = None

    def with_image(self, image_url: str) -> Self:
        """Give the next added button an icon."""
        self._image_url = image_url
        return self

    def _add_action(self, action: Json) -> Self:
        self.items.append(_clean(type="action", imageUrl=self._image_url, action=action))
        self._image_url = None
        return self

    def build(self) -> Json:
        return {"items": list(self.items)}


class SendMessage:
    """A list of up to five messages, built one ``add_*`` call at a time."""

    def __init__(self) -> None:
        self.messages: list[Json] = []

    def _add(self, message: Json, quick_reply: Any = None, sender: Any = None) -> Self:
        if quick_reply is not None:
            message["quickReply"] = _built(quick_reply)
        if sender is not None:
            sender = _built(sender)
            if not isinstance(sender, Mapping):
                raise ValueError(
                    f"sender must be an object such as {{'name': ..., 'iconUrl': ...}}, "
                    f"not {type(sender).__name__}"
                )
            message["sender"] = dict(sender)
        validate_message(message, f"messages[{len(self.messages)}]")
        self.messages.append(message)
        return self

    def add(self, message: Any) -> Self:
        """Add a message object: a builder of :mod:`django_linebot.sdk.builders` or its JSON."""
        built = _built(message)
        if not isinstance(built, Mapping):
            raise ValueError(
                f"messages[{len(self.messages)}] must be a message object, not {type(built).__name__}"
            )
        return self._add(dict(built))

    def add_text(
        self,
        text: str,
        emojis: list[Any] | None = None,
        quote_token: str | None = None,
        quick_reply: Any = None,
        sender: Any = None,
    ) -> Self:
        message = _clean(
            type="text",
            text=text,
            emojis=[dict(_built(e)) for e in emojis] if emojis else None,
            quoteToken=quote_token,
        )
        return self._add(message, quick_reply, sender)

    def add_image(
        self, image_url: str, preview_url: str, quick_reply: Any = None, sender: Any = None
    ) -> Self:
        message = {"type": "image", "originalContentUrl": image_url, "previewImageUrl": preview_url}
        return self._add(message, quick_reply, sender)

    def add_video(
        self,
        video_url: str,
        preview_url: str,
        tracking_id: str | None = None,
        quick_reply: Any = None,
        sender: Any = None,
    ) -> Self:
        message = _clean(
            type="video",
            originalContentUrl=video_url,
            previewImageUrl=preview_url,
            trackingId=tracking_id,
        )
        return self._add(message, quick_reply, sender)

    def add_audio(self, audio_url: str, duration: int, quick_reply: Any = None, sender: Any = None) -> Self:
        message = {"type": "audio", "originalContentUrl": audio_url, "duration": int(duration)}
        return self._add(message, quick_reply, sender)

    def add_location(
        self,
        title: str,
        address: str,
        latitude: float,
        longitude: float,
        quick_reply: Any = None,
        sender: Any = None,
    ) -> Self:
        message = {
            "type": "location",
            "title": title,
            "address": address,
            "latitude": float(latitude),
            "longitude": float(longitude),
        }
        return self._add(message, quick_reply, sender)

    def add_sticker(
        self, package_id: str, sticker_id: str, quick_reply: Any = None, sender: Any = None
    ) -> Self:
        message = {"type": "sticker", "packageId": str(package_id), "stickerId": str(sticker_id)}
        return self._add(message, quick_reply, sender)

    def add_imagemap(self, imagemap: Any, quick_reply: Any = None, sender: Any = None) -> Self:
        return self._add(dict(_built(imagemap)), quick_reply, sender)

    def add_template(self, template: Any, quick_reply: Any = None, sender: Any = None) -> Self:
        return self._add(dict(_built(template)), quick_reply, sender)

    def add_flex(
        self,
        alt_text: str,
        contents: Any,
        quick_reply: Any = None,
        sender: Any = None,
    ) -> Self:
        """``contents``: a ``Bubble`` or ``Carousel`` builder, or their JSON."""
        message = {"type": "flex", "altText": alt_text, "contents": dict(_built(contents))}
        return self._add(message, quick_reply, sender)

    def build(self) -> list[Json]:
        return [dict(m) for m in self.messages]


class TemplateMessage(_Actions):
    """Buttons, confirm, carousel and image carousel templates."""

    def __init__(self, template_type: str, alt_text: str, **fields: Any) -> None:
        self.template_type = template_type
        self.alt_text = alt_text
        self.fields: Json = _clean(**fields)
        self.actions: list[Json] = []
        self.columns: list[Json] = []

    @classmethod
    def new_buttons(
        cls,
        alt_text: str,
        text: str,
        image_url: str | None = None,
        title: str | None = None,
        image_aspect_ratio: str | None = None,
        image_size: str | None = None,
        image_background_color: str | None = None,
        default_action: Any = None,
    ) -> TemplateMessage:
        return cls(
            "buttons",
            alt_text,
            thumbnailImageUrl=image_url,
            imageAspectRatio=image_aspect_ratio,
            imageSize=image_size,
            imageBackgroundColor=image_background_color,
            title=title,
            text=text,
            defaultAction=dict(_built(default_action)) if default_action else None,
        )

    @classmethod
    def new_confirm(cls, alt_text: str, text: str) -> TemplateMessage:
        return cls("confirm", alt_text, text=text)

    @classmethod
    def new_carousel(
        cls, alt_text: str, image_aspect_ratio: str | None = None, image_size: str | None = None
    ) -> TemplateMessage:
        return cls("carousel", alt_text, imageAspectRatio=image_aspect_ratio, imageSize=image_size)

    @classmethod
    def new_image_carousel(cls, alt_text: str) -> TemplateMessage:
        return cls("image_carousel", alt_text)

    def _add_action(self, action: Json) -> Self:
        if self.template_type not in ACTION_TEMPLATE_TYPES:
            raise ValueError(f"a {self.template_type} template takes columns, not actions")
        self.actions.append(action)
        return self

    def add_column(self, column: Any) -> Self:
        if self.template_type not in CAROUSEL_TEMPLATE_TYPES:
            raise ValueError(f"a {self.template_type} template takes actions, not columns")
        self.columns.append(dict(_built(column)))
        return self

    def build(self) -> Json:
        template: Json = {"type": self.template_type, **self.fields}
        if self.template_type in ACTION_TEMPLATE_TYPES:
            template["actions"] = list(self.actions)
        else:
            template["columns"] = list(self.columns)
        message = {"type": "template", "altText": self.alt_text, "template": template}
        validate_message(message, "template message")
        return message


class Column(_Actions):
    """One carousel column (up to three actions)."""

    def __init__(
        self,
        text: str,
        image_url: str | None = None,
        title: str | None = None,
        image_background_color: str | None = None,
        default_action: Any = None,
    ) -> None:
        self.fields: Json = _clean(
            thumbnailImageUrl=image_url,
            imageBackgroundColor=image_background_color,
            title=title,
            text=text,
            defaultAction=dict(_built(default_action)) if default_action else None,
        )
        self.actions: list[Json] = []

    def _add_action(self, action: Json) -> Self:
        self.actions.append(action)
        return self

    def build(self) -> Json:
        return {**self.fields, "actions": list(self.actions)}


class ImageColumn(_Actions):
    """One image carousel column: an image and exactly one action."""

    def __init__(self, image_url: str) -> None:
        self.image_url = image_url
        self.action: Json | None = None

    def _add_action(self, action: Json) -> Self:
        if self.action is not None:
            raise ValueError("an image carousel column takes exactly one action")
        self.action = action
        return self

    def build(self) -> Json:
        if self.action is None:
            raise ValueError("an image carousel column needs an action")
        return {"imageUrl": self.image_url, "action": self.action}


class ImagemapMessage:
    """An image with tappable areas and, optionally, a video area."""

    def __init__(
        self,
        base_url: str,
        alt_text: str,
        base_width: int,
        base_height: int,
        video: Any = None,
    ) -> None:
        self.base_url = base_url
        self.alt_text = alt_text
        self.base_size: dict[str, int] = {"width": int(base_width), "height": int(base_height)}
        self.video: Json | None = dict(_built(video)) if video else None
        self.actions: list[Json] = []

    @staticmethod
    def _area(area_x: int, area_y: int, area_width: int, area_height: int) -> Json:
        return {"x": area_x, "y": area_y, "width": area_width, "height": area_height}

    def add_uri_action(
        self,
        uri: str,
        area_x: int,
        area_y: int,
        area_width: int,
        area_height: int,
        label: str | None = None,
    ) -> Self:
        area = self._area(area_x, area_y, area_width, area_height)
        self.actions.append(_clean(type="uri", linkUri=uri, label=label, area=area))
        return self

    def add_message_action(
        self,
        text: str,
        area_x: int,
        area_y: int,
        area_width: int,
        area_height: int,
        label: str | None = None,
    ) -> Self:
        area = self._area(area_x, area_y, area_width, area_height)
        self.actions.append(_clean(type="message", text=text, label=label, area=area))
        return self

    def build(self) -> Json:
        message = _clean(
            type="imagemap",
            baseUrl=self.base_url,
            altText=self.alt_text,
            baseSize=dict(self.base_size),
            actions=list(self.actions),
            video=self.video,
        )
        validate_message(message, "imagemap message")
        return message
