from __future__ import annotations

import datetime
import re
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers as admin_helpers
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from ..inbound import replay_events
from ..models import OutgoingMessage, WebhookEvent
from ..preview import Side, event_as_messages
from .helpers import ReadOnlyAdmin, has_linebot_perm, json_display
from .preview import PREVIEW_MEDIA, chat_html

#: Characters a page cannot be encoded with (a stored lone surrogate), shown as U+FFFD.
_UNPRINTABLE = re.compile("[\x00\ud800-\udfff]")


def payload_value(row: WebhookEvent, *keys: str) -> str:
    """The string at ``payload[keys[0]][keys[1]]...`` (printable), or "" when the payload has none there."""
    value: Any = row.payload
    for key in keys:
        if not isinstance(value, dict):
            return ""
        value = value.get(key)
    return _UNPRINTABLE.sub("\ufffd", value) if isinstance(value, str) else ""


def event_time(timestamp_ms: int | None) -> datetime.datetime | None:
    """LINE's ``timestamp`` (ms since the epoch) as an aware date-time, None if none or absurd."""
    if timestamp_ms is None:
        return None
    try:
        return datetime.datetime.fromtimestamp(timestamp_ms / 1000, tz=datetime.UTC)
    except (OverflowError, OSError, ValueError):
        return None


@admin.register(WebhookEvent)
class WebhookEventAdmin(ReadOnlyAdmin):
    """Stored webhook events: a read-only log; replaying (receivers run again) needs replay_webhookevent."""

    list_display = (
        "event_type",
        "webhook_event_id",
        "channel",
        "source_user",
        "message_text",
        "status",
        "mode",
        "is_redelivery",
        "attempts",
        "received_at",
    )
    list_filter = (
        "status",
        "event_type",
        "mode",
        "is_redelivery",
        ("channel", admin.RelatedOnlyFieldListFilter),
    )
    # A search for a user ID that has events is answered by the (user_id, channel, received_at) index
    # (get_search_results); any other search looks in these columns, the message text in the JSON.
    search_fields = (
        "webhook_event_id",
        "event_type",
        "destination",
        "user_id",
        "payload__message__text",
    )
    date_hierarchy = "received_at"
    payload_json = json_display("payload")
    readonly_fields = [
        "conversation",
        *(
            {"payload": "payload_json", "timestamp": "event_timestamp"}.get(f.name, f.name)
            for f in WebhookEvent._meta.fields
        ),
    ]
    fields = tuple(readonly_fields)
    actions = ["replay"]

    @property
    def media(self) -> Any:
        return super().media + PREVIEW_MEDIA

    @admin.display(description="conversation")
    def conversation(self, obj: WebhookEvent) -> SafeString:
        """The user's message (or what happened), then the bot's replies the outbox holds for it."""
        return chat_html(event_conversation(obj))

    @admin.display(description="user")
    def source_user(self, obj: WebhookEvent) -> str:
        """The user ID, a link to this user's events (the indexed ``user_id`` column)."""
        if not obj.user_id:
            return payload_value(obj, "source", "userId")
        url = reverse("admin:linebot_webhookevent_changelist") + "?" + urlencode({"user_id": obj.user_id})
        return format_html('<a href="{}" title="every event of this user">{}</a>', url, obj.user_id)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[WebhookEvent], search_term: str
    ) -> tuple[QuerySet[WebhookEvent], bool]:
        """A search for a user ID with events here gives exactly that user's events, through the
        index (an exact match); any other term searches the columns of ``search_fields``."""
        term = search_term.strip()
        if (
            term
            and " " not in term
            and len(term) <= (WebhookEvent._meta.get_field("user_id").max_length or 0)
        ):
            by_user = queryset.filter(user_id=term)
            if by_user.exists():
                return by_user, False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description="text")
    def message_text(self, obj: WebhookEvent) -> str:
        text = payload_value(obj, "message", "text")
        return text if len(text) <= 80 else text[:79] + "…"

    @admin.display(description="timestamp")
    def event_timestamp(self, obj: WebhookEvent) -> str:
        """LINE's timestamp as a date-time in the admin's time zone; the raw milliseconds in the title."""
        when = event_time(obj.timestamp)
        if when is None:
            return "-" if obj.timestamp is None else str(obj.timestamp)
        return format_html('<span title="{} ms">{}</span>', obj.timestamp, localize(timezone.localtime(when)))

    def has_replay_webhookevent_permission(self, request: HttpRequest) -> bool:
        return has_linebot_perm(request, "replay_webhookevent")

    @admin.action(description="Replay the selected events", permissions=["replay_webhookevent"])
    def replay(self, request: HttpRequest, queryset: QuerySet[WebhookEvent]) -> HttpResponse | None:
        """Events that already succeeded replay only once confirmed: their receivers reply again."""
        processed = list(queryset.filter(status=WebhookEvent.Status.PROCESSED))
        if processed and not request.POST.get("confirm"):
            context = {
                **self.admin_site.each_context(request),
                "title": "Replay events that already succeeded?",
                "opts": self.model._meta,
                "queryset": queryset,
                "processed": processed,
                "others": queryset.count() - len(processed),
                "action_checkbox_name": admin_helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/linebot/replay_confirmation.html", context)
        ok, failed = replay_events(queryset)
        self.message_user(
            request,
            f"Replayed {ok + failed} event(s): {ok} processed, {failed} failed.",
            messages.SUCCESS if not failed else messages.WARNING,
        )
        return None


def event_conversation(event: WebhookEvent) -> list[tuple[Side, Any]]:
    """The event as the user's turn, then each reply to its reply token (same channel), oldest first."""
    payload = event.payload if isinstance(event.payload, dict) else {}
    turns: list[tuple[Side, Any]] = [event_as_messages(payload)]
    token = payload.get("replyToken")
    if isinstance(token, str) and token:
        replies = OutgoingMessage.objects.filter(
            channel_id=event.channel_id, kind=OutgoingMessage.Kind.REPLY, reply_token=token
        ).order_by("created_at", "pk")
        turns.extend(("bot", reply.messages) for reply in replies)
    return turns
