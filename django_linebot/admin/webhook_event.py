from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.safestring import SafeString

from ..inbound import replay_events
from ..models import OutgoingMessage, WebhookEvent
from ..preview import Side, event_as_messages
from .helpers import ReadOnlyAdmin, has_linebot_perm, json_display
from .preview import PREVIEW_MEDIA, chat_html


@admin.register(WebhookEvent)
class WebhookEventAdmin(ReadOnlyAdmin):
    """Stored webhook events: a read-only log; replaying (receivers run again) needs replay_webhookevent."""

    list_display = (
        "event_type",
        "webhook_event_id",
        "channel",
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
    search_fields = ("webhook_event_id", "event_type", "destination")
    date_hierarchy = "received_at"
    payload_json = json_display("payload")
    readonly_fields = [
        "conversation",
        *("payload_json" if f.name == "payload" else f.name for f in WebhookEvent._meta.fields),
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

    def has_replay_webhookevent_permission(self, request: HttpRequest) -> bool:
        return has_linebot_perm(request, "replay_webhookevent")

    @admin.action(description="Replay the selected events", permissions=["replay_webhookevent"])
    def replay(self, request: HttpRequest, queryset: QuerySet[WebhookEvent]) -> None:
        ok, failed = replay_events(queryset)
        self.message_user(
            request,
            f"Replayed {ok + failed} event(s): {ok} processed, {failed} failed.",
            messages.SUCCESS if not failed else messages.WARNING,
        )


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
