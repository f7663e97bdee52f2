from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from ..dispatch import replay_events
from ..models import WebhookEvent


@admin.register(WebhookEvent)
class WebhookEventAdmin(admin.ModelAdmin):
    list_display = (
        "event_type",
        "webhook_event_id",
        "channel_key",
        "status",
        "mode",
        "is_redelivery",
        "attempts",
        "received_at",
    )
    list_filter = ("status", "event_type", "mode", "is_redelivery", "channel")
    search_fields = ("webhook_event_id", "event_type", "destination")
    date_hierarchy = "received_at"
    readonly_fields = [f.name for f in WebhookEvent._meta.fields]
    actions = ["replay"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Replay the selected events")
    def replay(self, request: HttpRequest, queryset: QuerySet[WebhookEvent]) -> None:
        ok, failed = replay_events(queryset)
        self.message_user(
            request,
            f"Replayed {ok + failed} event(s): {ok} processed, {failed} failed.",
            messages.SUCCESS if not failed else messages.WARNING,
        )
