from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from ..inbound import replay_events
from ..models import WebhookEvent
from .helpers import ReadOnlyAdmin, has_linebot_perm, json_display


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
    readonly_fields = ["payload_json" if f.name == "payload" else f.name for f in WebhookEvent._meta.fields]
    fields = tuple(readonly_fields)
    actions = ["replay"]

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
