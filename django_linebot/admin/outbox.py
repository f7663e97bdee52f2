from __future__ import annotations

from django.contrib import admin
from django.db.models import JSONField, QuerySet
from django.http import HttpRequest

from .. import send
from ..models import OutgoingChunk, OutgoingMessage
from .helpers import ReadOnlyAdmin, has_linebot_perm, json_display


class OutgoingChunkInline(admin.TabularInline):
    model = OutgoingChunk
    fields = (
        "index",
        "recipient_total",
        "retry_key",
        "status",
        "attempts",
        "request_id",
        "accepted_request_id",
        "last_error",
        "sent_at",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description="recipients")
    def recipient_total(self, obj: OutgoingChunk) -> int:
        return len(obj.recipients or [])


@admin.register(OutgoingMessage)
class OutgoingMessageAdmin(ReadOnlyAdmin):
    """The outbox: a read-only log. Retrying needs send_message; cancelling needs change_outgoingmessage."""

    list_display = ("__str__", "kind", "channel", "status", "recipient_count", "created_at", "sent_at")
    list_filter = ("status", "kind", ("channel", admin.RelatedOnlyFieldListFilter))
    search_fields = ("to", "chunks__request_id", "chunks__retry_key")
    date_hierarchy = "created_at"
    messages_json = json_display("messages")
    recipient_json = json_display("recipient")
    filter_json = json_display("filter")
    limit_json = json_display("limit")
    readonly_fields = [
        f"{f.name}_json" if isinstance(f, JSONField) else f.name for f in OutgoingMessage._meta.fields
    ]
    fields = tuple(readonly_fields)
    inlines = [OutgoingChunkInline]
    actions = ["retry", "cancel"]

    def has_send_message_permission(self, request: HttpRequest) -> bool:
        return has_linebot_perm(request, "send_message")

    def has_cancel_permission(self, request: HttpRequest) -> bool:
        """Cancelling sends nothing: the model's change permission (the form itself stays read-only)."""
        return has_linebot_perm(request, "change_outgoingmessage")

    @admin.action(
        description="Retry the failed parts (same retry keys: nothing is sent twice)",
        permissions=["send_message"],
    )
    def retry(self, request: HttpRequest, queryset: QuerySet[OutgoingMessage]) -> None:
        count = sum(send.retry(message) for message in queryset)
        self.message_user(request, f"Queued {count} failed chunk(s) again.")

    @admin.action(description="Cancel what has not been sent yet", permissions=["cancel"])
    def cancel(self, request: HttpRequest, queryset: QuerySet[OutgoingMessage]) -> None:
        count = sum(send.cancel(message) for message in queryset)
        self.message_user(request, f"Cancelled {count} queued chunk(s).")
