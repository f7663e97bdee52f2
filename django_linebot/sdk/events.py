"""Typed webhook events.

:func:`parse_events_from_json` turns a webhook body into one object per event.
An event wraps its JSON object (kept as ``event.raw``) and reads fields on
demand, so parsing costs little more than ``json.loads``. Every event type in
LINE's webhook spec has a class; an unknown type becomes :class:`UnknownEvent`
and an unknown message or source type is kept as-is, so nothing is dropped.

The predicates and accessors of the Perl SDK's ``LINE::Bot::API::Event`` are
on every event (``is_message_event``, ``is_text_message``, ``reply_token``,
``user_id``, ``text`` ...), returning ``False`` or ``None`` where they do not apply.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any, ClassVar, Generic, NamedTuple, TypeVar


class InvalidWebhookBody(ValueError):
    """The body is not JSON, or not an object with an ``events`` list."""


T = TypeVar("T")

if TYPE_CHECKING:

    class Field(Generic[T]):
        """How type checkers see a read-only accessor: reading it on an event gives a ``T``."""

        def __get__(self, obj: object, owner: type[object] | None = None) -> T: ...

else:
    Field = property  # at run time every accessor is a plain (C-speed) property


def _field(*keys: str, doc: str | None = None) -> Any:
    """A read-only property that walks ``raw`` along ``keys`` (None if absent)."""

    def get(self: Event) -> Any:
        value: Any = self.raw
        for key in keys:
            if not isinstance(value, dict):
                return None
            value = value.get(key)
        return value

    return property(get, doc=doc or ".".join(keys))


def _type_is(event_type: str) -> Any:
    """A read-only ``bool`` property: whether the event's ``type`` is ``event_type``."""
    return property(lambda self: self.raw.get("type") == event_type, doc=f"``type == {event_type!r}``")


def _message_is(message_type: str) -> Any:
    """A read-only ``bool`` property: whether this is a message event of ``message_type``."""
    return property(lambda self: self._is_message(message_type), doc=f"a {message_type} message")


Json = dict[str, Any]


MESSAGE_TYPES = frozenset({"text", "image", "video", "audio", "file", "location", "sticker"})
SOURCE_TYPES = frozenset({"user", "group", "room"})


class Event:
    """One webhook event. Subclasses add the accessors of their type."""

    __slots__ = ("raw",)

    #: The ``type`` this class handles (``None`` on the base and unknown classes).
    event_type: ClassVar[str | None] = None

    def __init__(self, raw: dict[str, Any]) -> None:
        #: The event's JSON object, as LINE sent it.
        self.raw: dict[str, Any] = raw

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.type!r} id={self.webhook_event_id!r}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Event) and type(other) is type(self) and other.raw == self.raw

    __hash__: ClassVar[None] = None  # type: ignore[assignment]  # events compare by value: unhashable

    # envelope
    type: Field[str | None] = _field("type")
    timestamp: Field[int | None] = _field("timestamp", doc="Milliseconds since the epoch.")
    mode: Field[str | None] = _field("mode", doc="'active' or 'standby'.")
    webhook_event_id: Field[str | None] = _field("webhookEventId")
    reply_token: Field[str | None] = _field("replyToken")
    source: Field[Json | None] = _field("source")
    source_type: Field[str | None] = _field("source", "type")
    user_id: Field[str | None] = _field("source", "userId")
    group_id: Field[str | None] = _field("source", "groupId")
    room_id: Field[str | None] = _field("source", "roomId")

    @property
    def is_redelivery(self) -> bool:
        ctx = self.raw.get("deliveryContext")
        return bool(ctx.get("isRedelivery")) if isinstance(ctx, dict) else False

    @property
    def is_standby(self) -> bool:
        return self.raw.get("mode") == "standby"

    @property
    def is_user_event(self) -> bool:
        return self.source_type == "user"

    @property
    def is_group_event(self) -> bool:
        return self.source_type == "group"

    @property
    def is_room_event(self) -> bool:
        return self.source_type == "room"

    @property
    def is_unknown_source(self) -> bool:
        st = self.source_type
        return st is not None and st not in SOURCE_TYPES

    @property
    def chat_id(self) -> str | None:
        """Where to push an answer: the group, room or user the event came from."""
        return self.group_id or self.room_id or self.user_id

    # event-type predicates (the Perl SDK's names)
    is_message_event: Field[bool] = _type_is("message")
    is_message_edited_event: Field[bool] = _type_is("messageEdited")
    is_unsend_event: Field[bool] = _type_is("unsend")
    is_follow_event: Field[bool] = _type_is("follow")
    is_unfollow_event: Field[bool] = _type_is("unfollow")
    is_join_event: Field[bool] = _type_is("join")
    is_leave_event: Field[bool] = _type_is("leave")
    is_member_join_event: Field[bool] = _type_is("memberJoined")
    is_member_leave_event: Field[bool] = _type_is("memberLeft")
    is_postback_event: Field[bool] = _type_is("postback")
    is_video_play_complete_event: Field[bool] = _type_is("videoPlayComplete")
    #: The Perl SDK's name of :attr:`is_video_play_complete_event`.
    is_video_viewing_complete_event: Field[bool] = _type_is("videoPlayComplete")
    is_beacon_detection_event: Field[bool] = _type_is("beacon")
    is_account_link_event: Field[bool] = _type_is("accountLink")
    is_membership_event: Field[bool] = _type_is("membership")
    is_module_event: Field[bool] = _type_is("module")
    is_activated_event: Field[bool] = _type_is("activated")
    is_deactivated_event: Field[bool] = _type_is("deactivated")
    is_bot_suspended_event: Field[bool] = _type_is("botSuspended")
    is_bot_resumed_event: Field[bool] = _type_is("botResumed")
    is_delivery_event: Field[bool] = _type_is("delivery")

    @property
    def is_unknown_event(self) -> bool:
        return False

    # message accessors, None unless this is a message event
    message: Field[Json | None] = _field("message")
    message_type: Field[str | None] = _field("message", "type")
    message_id: Field[str | None] = _field("message", "id")

    @property
    def text(self) -> str | None:
        return None

    def _is_message(self, t: str) -> bool:
        return False

    is_text_message: Field[bool] = _message_is("text")
    is_image_message: Field[bool] = _message_is("image")
    is_video_message: Field[bool] = _message_is("video")
    is_audio_message: Field[bool] = _message_is("audio")
    is_file_message: Field[bool] = _message_is("file")
    is_location_message: Field[bool] = _message_is("location")
    is_sticker_message: Field[bool] = _message_is("sticker")

    @property
    def is_unknown_message(self) -> bool:
        return False


class MessageEvent(Event):
    event_type: ClassVar[str | None] = "message"
    __slots__ = ()

    @property
    def text(self) -> str | None:
        return self.raw["message"].get("text") if self.message_type == "text" else None

    def _is_message(self, t: str) -> bool:
        return self.message_type == t

    @property
    def is_unknown_message(self) -> bool:
        return self.message_type not in MESSAGE_TYPES

    # text
    emojis: Field[list[Json] | None] = _field("message", "emojis")
    mention: Field[Json | None] = _field("message", "mention")
    quote_token: Field[str | None] = _field("message", "quoteToken")
    quoted_message_id: Field[str | None] = _field("message", "quotedMessageId")
    mark_as_read_token: Field[str | None] = _field("message", "markAsReadToken")

    @property
    def mentionees(self) -> list[dict[str, Any]]:
        mention = self.mention
        return list(mention.get("mentionees") or []) if isinstance(mention, dict) else []

    # image / video / audio / file
    content_provider: Field[Json | None] = _field("message", "contentProvider")
    content_provider_type: Field[str | None] = _field("message", "contentProvider", "type")
    original_content_url: Field[str | None] = _field("message", "contentProvider", "originalContentUrl")
    preview_image_url: Field[str | None] = _field("message", "contentProvider", "previewImageUrl")
    image_set: Field[Json | None] = _field("message", "imageSet")
    duration: Field[int | None] = _field("message", "duration")
    file_name: Field[str | None] = _field("message", "fileName")
    file_size: Field[int | None] = _field("message", "fileSize")
    # location
    title: Field[str | None] = _field("message", "title")
    address: Field[str | None] = _field("message", "address")
    latitude: Field[float | None] = _field("message", "latitude")
    longitude: Field[float | None] = _field("message", "longitude")
    # sticker
    package_id: Field[str | None] = _field("message", "packageId")
    sticker_id: Field[str | None] = _field("message", "stickerId")
    sticker_resource_type: Field[str | None] = _field("message", "stickerResourceType")
    keywords: Field[list[str] | None] = _field("message", "keywords")


class MessageEditedEvent(MessageEvent):
    """A user edited a message they sent (``messageEdited``)."""

    event_type: ClassVar[str | None] = "messageEdited"
    __slots__ = ()


class UnsendEvent(Event):
    event_type: ClassVar[str | None] = "unsend"
    __slots__ = ()
    unsend_message_id: Field[str | None] = _field("unsend", "messageId")
    #: The unsent message's id, as the Perl SDK's ``message_id`` returns it on an unsend event.
    message_id: Field[str | None] = _field("unsend", "messageId")


class FollowEvent(Event):
    event_type: ClassVar[str | None] = "follow"
    __slots__ = ()

    @property
    def is_unblocked(self) -> bool:
        return bool((self.raw.get("follow") or {}).get("isUnblocked"))


class UnfollowEvent(Event):
    event_type: ClassVar[str | None] = "unfollow"
    __slots__ = ()


class JoinEvent(Event):
    event_type: ClassVar[str | None] = "join"
    __slots__ = ()


class LeaveEvent(Event):
    event_type: ClassVar[str | None] = "leave"
    __slots__ = ()


def _member_ids(members: Any) -> list[str]:
    if not isinstance(members, list):
        return []
    return [m["userId"] for m in members if isinstance(m, dict) and isinstance(m.get("userId"), str)]


class MemberJoinedEvent(Event):
    event_type: ClassVar[str | None] = "memberJoined"
    __slots__ = ()
    joined_members: Field[list[Json] | None] = _field("joined", "members")

    @property
    def joined_user_ids(self) -> list[str]:
        return _member_ids(self.joined_members)


class MemberLeftEvent(Event):
    event_type: ClassVar[str | None] = "memberLeft"
    __slots__ = ()
    left_members: Field[list[Json] | None] = _field("left", "members")

    @property
    def left_user_ids(self) -> list[str]:
        return _member_ids(self.left_members)


class PostbackEvent(Event):
    event_type: ClassVar[str | None] = "postback"
    __slots__ = ()
    postback_data: Field[str | None] = _field("postback", "data")
    postback_params: Field[Json | None] = _field("postback", "params")
    date: Field[str | None] = _field("postback", "params", "date")
    time: Field[str | None] = _field("postback", "params", "time")
    datetime: Field[str | None] = _field("postback", "params", "datetime")
    new_rich_menu_alias_id: Field[str | None] = _field("postback", "params", "newRichMenuAliasId")
    rich_menu_switch_status: Field[str | None] = _field("postback", "params", "status")


class VideoPlayCompleteEvent(Event):
    event_type: ClassVar[str | None] = "videoPlayComplete"
    __slots__ = ()
    tracking_id: Field[str | None] = _field("videoPlayComplete", "trackingId")


class BeaconEvent(Event):
    event_type: ClassVar[str | None] = "beacon"
    __slots__ = ()
    beacon_hwid: Field[str | None] = _field("beacon", "hwid")
    beacon_type: Field[str | None] = _field("beacon", "type")
    #: The device message as LINE sends it: a hex string.
    beacon_device_message_hex: Field[str | None] = _field("beacon", "dm")

    @property
    def beacon_device_message(self) -> bytes | None:
        """The device message decoded to bytes, as the Perl and Go SDKs return it.

        ``None`` when the event has none, or when ``dm`` is not a hex string (a malformed event
        must not make the accessor raise); the raw value stays in :attr:`beacon_device_message_hex`.
        """
        dm = self.beacon_device_message_hex
        if not isinstance(dm, str):
            return None
        try:
            return bytes.fromhex(dm)
        except ValueError:
            return None


class AccountLinkEvent(Event):
    event_type: ClassVar[str | None] = "accountLink"
    __slots__ = ()
    #: The ``{"result": ..., "nonce": ...}`` object, as the Perl SDK's ``link`` returns it.
    link: Field[Json | None] = _field("link")
    link_result: Field[str | None] = _field("link", "result")
    link_nonce: Field[str | None] = _field("link", "nonce")

    @property
    def is_link_success(self) -> bool:
        return self.link_result == "ok"


class MembershipEvent(Event):
    event_type: ClassVar[str | None] = "membership"
    __slots__ = ()
    membership_type: Field[str | None] = _field("membership", "type")
    membership_id: Field[int | None] = _field("membership", "membershipId")


class ModuleEvent(Event):
    event_type: ClassVar[str | None] = "module"
    __slots__ = ()
    module_type: Field[str | None] = _field("module", "type")
    module_content: Field[Json | None] = _field("module")


class ActivatedEvent(Event):
    event_type: ClassVar[str | None] = "activated"
    __slots__ = ()
    chat_control: Field[Json | None] = _field("chatControl")


class DeactivatedEvent(Event):
    event_type: ClassVar[str | None] = "deactivated"
    __slots__ = ()


class BotSuspendedEvent(Event):
    event_type: ClassVar[str | None] = "botSuspended"
    __slots__ = ()


class BotResumedEvent(Event):
    event_type: ClassVar[str | None] = "botResumed"
    __slots__ = ()


class DeliveryEvent(Event):
    """LINE notification message delivered (``delivery``, PNP)."""

    event_type: ClassVar[str | None] = "delivery"
    __slots__ = ()
    delivery_data: Field[str | None] = _field("delivery", "data")


class UnknownEvent(Event):
    """An event type this SDK does not know yet; its envelope and raw payload are kept."""

    __slots__ = ()

    @property
    def is_unknown_event(self) -> bool:
        return True


EVENT_CLASSES: dict[str, type[Event]] = {
    cls.event_type: cls
    for cls in (
        MessageEvent,
        MessageEditedEvent,
        UnsendEvent,
        FollowEvent,
        UnfollowEvent,
        JoinEvent,
        LeaveEvent,
        MemberJoinedEvent,
        MemberLeftEvent,
        PostbackEvent,
        VideoPlayCompleteEvent,
        BeaconEvent,
        AccountLinkEvent,
        MembershipEvent,
        ModuleEvent,
        ActivatedEvent,
        DeactivatedEvent,
        BotSuspendedEvent,
        BotResumedEvent,
        DeliveryEvent,
    )
    if cls.event_type
}


class WebhookPayload(NamedTuple):
    destination: str | None
    events: list[Event]


def make_event(raw: dict[str, Any]) -> Event:
    """The typed event for one event object (:class:`UnknownEvent` if ``type`` is not a known string)."""
    event_type = raw.get("type")
    cls = EVENT_CLASSES.get(event_type, UnknownEvent) if isinstance(event_type, str) else UnknownEvent
    return cls(raw)


#: Bodies nested deeper than this are refused: LINE's events are a few levels deep, and a deep
#: body would exhaust the stack where it is parsed, stored or encoded again.
MAX_DEPTH = 64


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (math.inf, -math.inf):
        raise InvalidWebhookBody(f"webhook body has a number out of range: {text[:40]}")
    return value


def _too_deep(data: Any) -> bool:
    """Whether ``data`` nests lists and objects more than :data:`MAX_DEPTH` levels deep.

    Level by level, keeping only the containers; exact types (what ``json.loads`` makes) are compared
    with ``is``, the cheapest test per value (this walk is most of a 100-event body's parse cost
    above ``json.loads``).
    """
    level: list[Any] = [data]
    for _ in range(MAX_DEPTH):
        deeper: list[Any] = []
        for node in level:
            for child in node.values() if type(node) is dict else node:
                kind = type(child)
                if kind is dict or kind is list:
                    deeper.append(child)
        if not deeper:
            return False
        level = deeper
    return True


def parse_webhook_body(body: bytes | str) -> WebhookPayload:
    """The ``destination`` and typed events of a webhook body.

    Raises :class:`InvalidWebhookBody` when the body is not a JSON object with
    an ``events`` list of objects, holds ``NaN``/``Infinity`` or a number beyond
    a double (``1e400``), or nests more than :data:`MAX_DEPTH` levels deep.
    """
    try:
        data = json.loads(body, parse_constant=_reject_constant, parse_float=_finite_float)
    except InvalidWebhookBody:
        raise
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidWebhookBody(f"webhook body is not JSON: {exc}") from None
    except RecursionError:
        raise InvalidWebhookBody(f"webhook body is nested more than {MAX_DEPTH} levels deep") from None
    # Depth never exceeds the number of opening brackets (counted in C), so most bodies skip the walk.
    encoded = body if isinstance(body, bytes) else body.encode("utf-8", "surrogatepass")
    if encoded.count(b"[") + encoded.count(b"{") > MAX_DEPTH and _too_deep(data):
        raise InvalidWebhookBody(f"webhook body is nested more than {MAX_DEPTH} levels deep")
    if not isinstance(data, dict):
        raise InvalidWebhookBody("webhook body must be a JSON object")
    raw_events = data.get("events")
    if not isinstance(raw_events, list):
        raise InvalidWebhookBody("webhook body has no 'events' list")
    events: list[Event] = []
    for raw in raw_events:
        if not isinstance(raw, dict):
            raise InvalidWebhookBody("every item of 'events' must be an object")
        events.append(make_event(raw))
    destination = data.get("destination")
    return WebhookPayload(destination if isinstance(destination, str) else None, events)


def parse_events_from_json(body: bytes | str) -> list[Event]:
    """Typed events from a webhook body, as the Perl SDK's method of this name."""
    return parse_webhook_body(body).events
