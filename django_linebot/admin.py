from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import Channel, WebhookEvent

SECRET_FIELDS = ("channel_secret", "previous_channel_secret", "channel_access_token")


class ChannelForm(forms.ModelForm):
    """Secrets are write-only: never rendered back; left blank, they keep their value."""

    class Meta:
        model = Channel
        fields = [
            "name",
            "slug",
            "channel_id",
            "bot_user_id",
            "channel_secret",
            "previous_channel_secret",
            "previous_secret_valid_until",
            "channel_access_token",
            "is_active",
        ]
        widgets = {name: forms.PasswordInput(render_value=False) for name in SECRET_FIELDS}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in SECRET_FIELDS:
            field = self.fields[name]
            if self.instance.pk:
                field.required = False
                field.help_text = "Stored; hidden. Leave blank to keep it."

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.instance.pk:
            for name in SECRET_FIELDS:
                if not data.get(name):
                    data[name] = getattr(self.instance, name)
        return data


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    form = ChannelForm
    list_display = ("name", "slug", "channel_id", "bot_user_id", "is_active", "updated_at")
    list_filter = ("is_active",)
    search_fields = ("name", "slug", "channel_id", "bot_user_id")
    prepopulated_fields = {"slug": ("name",)}


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
        ok = failed = 0
        for row in queryset:
            row.replay()
            if row.status == WebhookEvent.Status.PROCESSED:
                ok += 1
            else:
                failed += 1
        self.message_user(
            request,
            f"Replayed {ok + failed} event(s): {ok} processed, {failed} failed.",
            messages.SUCCESS if not failed else messages.WARNING,
        )
