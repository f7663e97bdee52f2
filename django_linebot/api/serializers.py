from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import NoReverseMatch, reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .. import access, crypto, send
from ..channels import channel_or_settings
from ..models import (
    Channel,
    OutgoingChunk,
    OutgoingMessage,
    RichMenu,
    RichMenuAlias,
    RichMenuArea,
    WebhookEvent,
)
from ..models.rich_menu import validate_areas
from ..sdk import limits
from ..sdk.richmenu_actions import action_problems, area_message
from ..sdk.validation import validate_message, validate_narrowcast_options
from .parsers import JSONProblem, ReadableJSONField, load_json, readable


def _nest(path: str, message: str) -> Any:
    """``messages[0].template.actions`` + message -> {"template": {"actions": [message]}}.

    The field name and the index are the keys one and two levels up."""
    parts = [p for p in re.split(r"\.|\[|\]", path) if p]
    error: Any = [message]
    for part in reversed(parts[2:]):
        error = {part: error}
    return error


class MessagesField(serializers.ListField):
    """A list of LINE message objects, checked against LINE's limits, errors nested by field."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("child", serializers.DictField())
        kwargs.setdefault("min_length", 1)
        kwargs.setdefault("max_length", limits.MAX_MESSAGES_PER_REQUEST)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> list[dict[str, Any]]:
        messages = super().to_internal_value(data)
        errors: dict[str, Any] = {}
        for i, message in enumerate(messages):
            try:
                validate_message(message, f"messages[{i}]")
            except ValueError as exc:
                text = str(exc)
                path = text.split(" ", 1)[0]
                errors[str(i)] = _nest(path, text)
        if errors:
            raise serializers.ValidationError(errors)
        return messages

    def to_representation(self, data: Any) -> Any:
        return readable(super().to_representation(data))


def _channel_or_settings(channel: Channel | None) -> Channel:
    """The channel chosen, or (none chosen) the one in ``LINEBOT`` settings; a 400 if there is none."""
    try:
        return channel_or_settings(channel)
    except ValueError as exc:
        raise serializers.ValidationError({"channel": [str(exc)]}) from None


def _check_channel(serializer: serializers.Serializer, channel: Channel) -> None:
    """A 400 on ``channel`` unless the requesting user may use it (``LINEBOT["USER_CHANNELS"]``)."""
    request = serializer.context.get("request")
    if request is not None and not access.may_use_channel(request.user, channel):
        if channel.from_settings:
            text = "You may not use the channel in settings: choose one of your channels."
        else:
            text = f"You may not use channel {channel.slug!r}."
        raise serializers.ValidationError({"channel": [text]})


class ChannelSerializer(serializers.ModelSerializer):
    """A channel, without any secret, token or key.

    ``encryption`` is ``"ok"``, or ``crypto.CANNOT_DECRYPT`` when the configured ``ENCRYPTION_KEY``
    cannot read the channel's stored secrets.
    """

    webhook_path = serializers.SerializerMethodField()
    encryption = serializers.SerializerMethodField()

    class Meta:
        model = Channel
        fields = [
            "id",
            "name",
            "slug",
            "channel_id",
            "bot_user_id",
            "auth_mode",
            "is_active",
            "webhook_path",
            "encryption",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_webhook_path(self, obj: Channel) -> str | None:
        """The channel's webhook path, or None if the project does not include the webhook URLs."""
        try:
            return reverse("linebot:webhook-channel", kwargs={"slug": obj.slug})
        except NoReverseMatch:
            return None

    def get_encryption(self, obj: Channel) -> str:
        return crypto.CANNOT_DECRYPT if obj.undecryptable_fields else "ok"


class RichMenuAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = RichMenuArea
        fields = ["x", "y", "width", "height", "action"]

    def validate_action(self, value: Any) -> Any:
        """LINE's rule for a rich menu area's action (``sdk.richmenu_actions``): errors keyed by the
        wrong property, and say which area (numbered from 1) when the serializer is told its index."""
        problems = action_problems(value)
        if problems:
            index = self.context.get("area_index")
            errors: dict[str, list[str]] = {}
            for p in problems:
                text = p.message if index is None else area_message(index, p)
                errors.setdefault(p.key or "type", []).append(text)
            raise serializers.ValidationError(errors)
        return value

    def to_representation(self, instance: Any) -> Any:
        return readable(super().to_representation(instance))


@extend_schema_field(RichMenuAreaSerializer(many=True))
class AreasField(serializers.Field):
    """The tappable areas: a list, or a JSON string of one (for multipart uploads with the image)."""

    def to_internal_value(self, data: Any) -> list[dict[str, Any]]:
        if isinstance(data, str):
            try:
                data = load_json(data)
            except JSONProblem as exc:
                raise serializers.ValidationError(f"Not usable JSON: {exc}") from None
            except ValueError:
                raise serializers.ValidationError("Not valid JSON.") from None
        if not isinstance(data, list):
            raise serializers.ValidationError("A list of areas (x, y, width, height, action).")
        found, errors = [], []
        for index, item in enumerate(data):  # one at a time, so each error says its area's number
            area = RichMenuAreaSerializer(data=item, context={**self.context, "area_index": index})
            valid = area.is_valid()
            errors.append(area.errors if not valid else {})
            found.append(area.validated_data if valid else None)
        if any(errors):
            raise serializers.ValidationError(errors)
        return [dict(a) for a in found if a is not None]

    def to_representation(self, value: Any) -> list[dict[str, Any]]:
        # What many=True builds; spelled out so the type is the list serializer's.
        return serializers.ListSerializer(value.all(), child=RichMenuAreaSerializer()).data


class RichMenuSerializer(serializers.ModelSerializer):
    areas = AreasField(required=False)
    # many_init is what many=True calls; spelled out so the field's type is the many-related one.
    aliases = serializers.SlugRelatedField.many_init(read_only=True, slug_field="alias_id")
    edited_since_publish = serializers.BooleanField(
        read_only=True,
        help_text="Published, but changed since: publishing again makes a new LINE menu.",
    )

    class Meta:
        model = RichMenu
        #: omitted or null: the channel in LINEBOT settings
        extra_kwargs = {"channel": {"required": False, "allow_null": True}}
        fields = [
            "id",
            "channel",
            "name",
            "chat_bar_text",
            "selected",
            "image",
            "width",
            "height",
            "areas",
            "aliases",
            "status",
            "edited_since_publish",
            "line_rich_menu_id",
            "is_default",
            "published_at",
            "display_from",
            "display_until",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "width",
            "height",
            "status",
            "line_rich_menu_id",
            "is_default",
            "published_at",
            "created_at",
            "updated_at",
        ]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        menu = self.instance
        channel = attrs["channel"] = _channel_or_settings(
            attrs.get("channel", menu.channel if menu else None)
        )
        moved = menu is not None and channel != menu.channel
        if moved and menu is not None and menu.status == RichMenu.Status.PUBLISHED:
            raise serializers.ValidationError(
                {"channel": ["A published rich menu stays on its channel: delete it on LINE first."]}
            )
        _check_channel(self, channel)
        _check_display_period(menu, channel, attrs)
        areas = attrs.get("areas")
        if areas is not None:
            if len(areas) > limits.RICH_MENU_MAX_AREAS:
                raise serializers.ValidationError(
                    {"areas": [f"{len(areas)} areas; LINE takes at most {limits.RICH_MENU_MAX_AREAS}."]}
                )
            image = attrs.get("image") or (self.instance.image if self.instance else None)
            width, height = _image_size(image, self.instance)
            if width and height:
                try:
                    validate_areas([(a["x"], a["y"], a["width"], a["height"]) for a in areas], width, height)
                except DjangoValidationError as exc:
                    raise serializers.ValidationError(exc.message_dict) from None
        return attrs

    def create(self, validated: dict[str, Any]) -> RichMenu:
        areas = validated.pop("areas", [])
        menu = RichMenu.objects.create(**validated)
        RichMenuArea.objects.bulk_create([RichMenuArea(rich_menu=menu, **a) for a in areas])
        return menu

    def update(self, menu: RichMenu, validated: dict[str, Any]) -> RichMenu:
        areas = validated.pop("areas", None)
        menu = super().update(menu, validated)
        if areas is not None:
            menu.areas.all().delete()
            RichMenuArea.objects.bulk_create([RichMenuArea(rich_menu=menu, **a) for a in areas])
        return menu


class PublishedRichMenuSerializer(RichMenuSerializer):
    """The answer to publish: whether publishing changed anything on LINE, its warnings, and the menu."""

    published = serializers.BooleanField(read_only=True)
    warnings = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="What publishing could not tidy up on LINE (an old menu not deleted), with request ids.",
    )

    class Meta(RichMenuSerializer.Meta):
        fields = ["published", "warnings", *RichMenuSerializer.Meta.fields]


def _check_display_period(menu: RichMenu | None, channel: Any, attrs: dict[str, Any]) -> None:
    """The model's rule (:meth:`RichMenu.clean`) on the period the write leaves: a start and an end,
    the end after the start, no overlap with another menu of the channel; a 400 naming the field."""
    if (
        "display_from" not in attrs
        and "display_until" not in attrs
        and (menu is None or channel == menu.channel)
    ):
        return
    period = RichMenu(
        pk=menu.pk if menu is not None else None,
        channel=channel,
        display_from=attrs.get("display_from", menu.display_from if menu is not None else None),
        display_until=attrs.get("display_until", menu.display_until if menu is not None else None),
    )
    try:
        period.clean()
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.message_dict) from None


def _image_size(image: Any, instance: RichMenu | None) -> tuple[int, int]:
    if image is None:
        return 0, 0
    if instance is not None and image == instance.image:
        return instance.width, instance.height
    from ..richmenu_images import inspect_image

    try:
        _, width, height = inspect_image(image)
    except DjangoValidationError:
        return 0, 0
    return width, height


class UserIdsSerializer(serializers.Serializer):
    user_ids = serializers.ListField(
        child=serializers.CharField(max_length=64), min_length=1, max_length=100_000
    )


class AliasSerializer(serializers.Serializer):
    alias_id = serializers.RegexField(
        limits.RICH_MENU_ALIAS_ID_PATTERN, help_text=limits.RICH_MENU_ALIAS_ID_RULE
    )


class RichMenuAliasSerializer(serializers.ModelSerializer):
    class Meta:
        model = RichMenuAlias
        fields = ["alias_id", "rich_menu"]


class OutgoingChunkSerializer(serializers.ModelSerializer):
    recipients = serializers.SerializerMethodField()

    class Meta:
        model = OutgoingChunk
        fields = [
            "index",
            "recipients",
            "retry_key",
            "status",
            "attempts",
            "request_id",
            "accepted_request_id",
            "last_error",
            "result",
            "sent_at",
        ]

    result = ReadableJSONField(read_only=True)

    def get_recipients(self, obj: OutgoingChunk) -> int:
        return len(obj.recipients or [])


class OutgoingMessageSerializer(serializers.ModelSerializer):
    """Read: a message and its chunks. Write: a push, multicast, broadcast or narrowcast to send."""

    KINDS = ["push", "multicast", "broadcast", "narrowcast"]

    kind = serializers.ChoiceField(choices=KINDS)
    messages = MessagesField()
    recipient = ReadableJSONField(required=False, allow_null=True)
    filter = ReadableJSONField(required=False, allow_null=True)
    limit = ReadableJSONField(required=False, allow_null=True)
    to = serializers.CharField(required=False, allow_blank=False, max_length=100)
    user_ids = serializers.ListField(
        child=serializers.CharField(max_length=64), required=False, write_only=True, min_length=1
    )
    chunks = OutgoingChunkSerializer(many=True, read_only=True)

    class Meta:
        model = OutgoingMessage
        #: omitted or null: the channel in LINEBOT settings
        extra_kwargs = {"channel": {"required": False, "allow_null": True}}
        fields = [
            "id",
            "channel",
            "kind",
            "to",
            "user_ids",
            "recipient_count",
            "recipient",
            "filter",
            "limit",
            "messages",
            "notification_disabled",
            "status",
            "last_error",
            "created_at",
            "sent_at",
            "chunks",
        ]
        read_only_fields = ["recipient_count", "status", "last_error", "created_at", "sent_at"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        kind = attrs["kind"]
        if kind == "push" and not attrs.get("to"):
            raise serializers.ValidationError({"to": ["A push needs the user, group or room ID."]})
        if kind == "multicast" and not attrs.get("user_ids"):
            raise serializers.ValidationError({"user_ids": ["A multicast needs at least one user ID."]})
        if kind != "narrowcast":
            for name in ("recipient", "filter", "limit"):
                if attrs.get(name):
                    raise serializers.ValidationError({name: [f"Only a narrowcast takes {name}."]})
        else:
            try:
                validate_narrowcast_options(attrs.get("recipient"), attrs.get("filter"), attrs.get("limit"))
            except ValueError as exc:
                field = str(exc).split(" ", 1)[0].split(".", 1)[0]
                raise serializers.ValidationError({field: [str(exc)]}) from None
        channel = attrs["channel"] = _channel_or_settings(attrs.get("channel"))
        _check_channel(self, channel)
        if not channel.is_active:
            raise serializers.ValidationError(
                {"channel": [f"Channel {channel.slug!r} is inactive: it sends nothing."]}
            )
        if channel.undecryptable_fields:
            raise serializers.ValidationError(
                {"channel": [f"Channel {channel.slug!r}: {crypto.CANNOT_DECRYPT}; nothing can be sent."]}
            )
        return attrs

    def create(self, validated: dict[str, Any]) -> OutgoingMessage:
        try:
            return self._send(send, validated)
        except ValueError as exc:
            inactive = getattr(send, "ChannelInactive", ())
            field = "channel" if inactive and isinstance(exc, inactive) else "non_field_errors"
            raise serializers.ValidationError({field: [str(exc)]}) from None

    def _send(self, send: Any, validated: dict[str, Any]) -> OutgoingMessage:
        channel = validated.get("channel")
        kind = validated["kind"]
        quiet = validated.get("notification_disabled", False)
        messages = validated["messages"]
        if kind == "push":
            return send.push(channel, validated["to"], messages, notification_disabled=quiet)
        if kind == "multicast":
            return send.multicast(channel, validated["user_ids"], messages, notification_disabled=quiet)
        if kind == "broadcast":
            return send.broadcast(channel, messages, notification_disabled=quiet)
        return send.narrowcast(
            channel,
            messages,
            recipient=validated.get("recipient"),
            filter=validated.get("filter"),
            limit=validated.get("limit"),
            notification_disabled=quiet,
        )


class WebhookEventSerializer(serializers.ModelSerializer):
    payload = ReadableJSONField(read_only=True)

    class Meta:
        model = WebhookEvent
        fields = [
            "id",
            "channel",
            "webhook_event_id",
            "event_type",
            "payload",
            "destination",
            "mode",
            "is_redelivery",
            "timestamp",
            "status",
            "attempts",
            "error",
            "received_at",
            "processed_at",
        ]
        read_only_fields = fields
