from __future__ import annotations

import re
from typing import Any

from django.contrib import admin
from django.db.models import JSONField, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .. import send
from ..models import OutgoingChunk, OutgoingMessage
from ..sdk import limits
from .helpers import ReadOnlyAdmin, has_linebot_perm, json_display
from .preview import PREVIEW_MEDIA, chat_html, preview_view

_UNPRINTABLE = re.compile("[\x00\ud800-\udfff]")


def message_summary(message: Any) -> str:
    """One message object in words: the text of a text message, else its type and alt text."""
    if not isinstance(message, dict):
        summary = repr(message)
    elif message.get("type") == "text":
        summary = str(message.get("text", ""))
    else:
        alt = message.get("altText")
        summary = f"[{message.get('type', '?')}] {alt}" if alt else f"[{message.get('type', '?')}]"
    return _UNPRINTABLE.sub("\ufffd", summary)


def recipients_in_words(message: OutgoingMessage) -> str:
    """Who a message goes to: 1 for a push or reply, the count of a multicast, "all" or "audience"."""
    kind = OutgoingMessage.Kind
    if message.kind in (kind.PUSH, kind.REPLY):
        return "1"
    if message.kind == kind.BROADCAST:
        return "all"
    if message.kind == kind.NARROWCAST:
        return "audience" if message.recipient else "all"
    return str(message.recipient_count)


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

    list_display = ("__str__", "kind", "channel", "status", "recipients", "text", "created_at", "sent_at")
    list_filter = ("status", "kind", ("channel", admin.RelatedOnlyFieldListFilter))
    # The messages are JSON: each message's text (text messages) and altText (the others), by key lookup.
    search_fields = (
        "to",
        "chunks__request_id",
        "chunks__retry_key",
        *(
            f"messages__{i}__{key}"
            for i in range(limits.MAX_MESSAGES_PER_REQUEST)
            for key in ("text", "altText")
        ),
    )
    date_hierarchy = "created_at"
    messages_json = json_display("messages")
    recipient_json = json_display("recipient")
    filter_json = json_display("filter")
    limit_json = json_display("limit")
    readonly_fields = [
        "preview",
        *(f"{f.name}_json" if isinstance(f, JSONField) else f.name for f in OutgoingMessage._meta.fields),
    ]
    readonly_fields.insert(readonly_fields.index("messages_json"), "messages_text")
    readonly_fields.insert(readonly_fields.index("recipient_count") + 1, "recipients")
    fields = tuple(readonly_fields)
    inlines = [OutgoingChunkInline]
    actions = ["retry", "cancel"]

    @property
    def media(self) -> Any:
        return super().media + PREVIEW_MEDIA

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(self.preview_messages)
        return [path("preview/", view, name="linebot_outgoingmessage_preview"), *super().get_urls()]

    def preview_messages(self, request: HttpRequest) -> HttpResponse:
        """Message JSON drawn as a chat: the page of the "preview" button (nothing is sent; the outbox's
        view permission or send_message, see :func:`.preview.may_preview`)."""
        return preview_view(self, request)

    @admin.display(description="preview")
    def preview(self, obj: OutgoingMessage) -> SafeString:
        """Each message as it will look, with the recipients and the outcome beside it."""
        return format_html(
            '<div class="lbp-admin-preview">{}<div class="lbp-admin-side">{}</div></div>',
            chat_html([("bot", obj.messages)]),
            outbox_summary(obj),
        )

    @admin.display(description="recipients")
    def recipients(self, obj: OutgoingMessage) -> str:
        return recipients_in_words(obj)

    @admin.display(description="text")
    def text(self, obj: OutgoingMessage) -> str:
        items = obj.messages if isinstance(obj.messages, list) else [obj.messages]
        summary = " | ".join(message_summary(m) for m in items)
        return summary if len(summary) <= 80 else summary[:79] + "…"

    @admin.display(description="messages")
    def messages_text(self, obj: OutgoingMessage) -> str:
        """Each message on its own numbered line, in words (the JSON follows)."""
        items = obj.messages if isinstance(obj.messages, list) else [obj.messages]
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "", '<li style="white-space: pre-wrap">{}</li>', ((message_summary(m),) for m in items)
            ),
        )

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


def outbox_summary(obj: OutgoingMessage) -> SafeString:
    """Who the messages go to and what became of them, as a definition list."""
    if obj.kind == OutgoingMessage.Kind.REPLY:
        to = "the reply token's chat"
    elif obj.to:
        to = obj.to
    elif obj.kind == OutgoingMessage.Kind.BROADCAST:
        to = "every friend of the channel"
    else:
        to = f"{obj.recipient_count} recipient(s)"
    rows = [
        ("kind", obj.get_kind_display()),
        ("to", to),
        ("status", obj.get_status_display()),
        ("sent at", str(obj.sent_at or "–")),
    ]
    if obj.last_error:
        rows.append(("error", obj.last_error))
    chunks = [
        (f"part {c.index + 1}", f"{len(c.recipients or [])} recipient(s): {c.get_status_display()}")
        for c in obj.chunks.all()
    ]
    return format_html("<dl>{}</dl>", format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows + chunks))
