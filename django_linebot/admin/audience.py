"""Audiences in the admin: LINE's status of each, and actions (sync, narrowcast, delete on LINE); click
and impression audiences made from a sent broadcast or narrowcast."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse

from .. import access, audiences
from ..models import Audience, OutgoingChunk, OutgoingMessage
from ..sdk import limits
from .helpers import ReadOnlyAdmin, form_action, has_linebot_perm, line_errors_as_messages
from .line_user import TextMessageForm


class FromMessageForm(forms.Form):
    message = forms.ModelChoiceField(
        queryset=OutgoingMessage.objects.none(),
        help_text="A broadcast or narrowcast that LINE accepted (it has a request ID).",
    )
    kind = forms.ChoiceField(
        choices=[
            (Audience.Kind.CLICK, "users who tapped a link"),
            (Audience.Kind.IMPRESSION, "users who saw it"),
        ]
    )
    description = forms.CharField(max_length=limits.AUDIENCE_DESCRIPTION_MAX_LENGTH)
    click_url = forms.URLField(
        required=False, assume_scheme="https", help_text="Click audiences: only this link (all when empty)."
    )


@admin.register(Audience)
class AudienceAdmin(ReadOnlyAdmin):
    """Audiences: made from the LINE users list (upload) or from a sent message (click, impression).

    Syncing needs ``change_audience``, deleting on LINE ``delete_audience``, narrowcasting
    ``send_message``, making one ``add_audience``.
    """

    list_display = (
        "description",
        "kind",
        "status",
        "channel",
        "audience_count",
        "uploaded_count",
        "audience_group_id",
        "created_at",
        "synced_at",
    )
    list_filter = ("status", "kind", ("channel", admin.RelatedOnlyFieldListFilter))
    search_fields = ("description", "audience_group_id", "request_id")
    readonly_fields = tuple(f.name for f in Audience._meta.fields if f.name != "id")
    fields = readonly_fields
    actions = ["sync_from_line", "narrowcast_text", "delete_on_line"]
    change_list_template = "admin/linebot/audience/change_list.html"

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the row is LINE's record: "delete on LINE" marks it gone

    def has_sync_permission(self, request: HttpRequest) -> bool:
        return has_linebot_perm(request, "change_audience")

    def has_delete_on_line_permission(self, request: HttpRequest) -> bool:
        return has_linebot_perm(request, "delete_audience")

    def has_send_message_permission(self, request: HttpRequest) -> bool:
        return has_linebot_perm(request, "send_message")

    def has_add_audience_permission(self, request: HttpRequest) -> bool:
        return has_linebot_perm(request, "add_audience")

    @admin.action(description="Read LINE's status of these audiences", permissions=["sync"])
    def sync_from_line(self, request: HttpRequest, queryset: QuerySet[Audience]) -> None:
        for audience in queryset:
            with line_errors_as_messages(self, request, f"{audience}"):
                audiences.refresh(audience)
                self.message_user(request, f"{audience}: {audience.get_status_display()}.")

    @admin.action(description="Delete on LINE (the row stays, marked gone)", permissions=["delete_on_line"])
    def delete_on_line(self, request: HttpRequest, queryset: QuerySet[Audience]) -> None:
        for audience in queryset:
            with line_errors_as_messages(self, request, f"{audience}"):
                audiences.delete_on_line(audience)
                self.message_user(request, f"{audience}: deleted on LINE.")

    @admin.action(description="Narrowcast a text message to this audience", permissions=["send_message"])
    def narrowcast_text(self, request: HttpRequest, queryset: QuerySet[Audience]) -> HttpResponse | None:
        def apply(data: dict[str, Any]) -> None:
            for audience in queryset[:1]:
                with line_errors_as_messages(self, request, f"{audience}"):
                    message = audiences.narrowcast(audience, [{"type": "text", "text": data["text"]}])
                    self.message_user(request, f"{audience}: queued as outbox message #{message.pk}.")

        return form_action(
            self,
            request,
            queryset[:1],
            "narrowcast_text",
            "Narrowcast a text message",
            TextMessageForm,
            apply,
        )

    def get_urls(self) -> list[URLPattern]:
        extra = [
            path(
                "from-message/",
                self.admin_site.admin_view(self.from_message_view),
                name="linebot_audience_from_message",
            )
        ]
        return extra + super().get_urls()

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        extra = {**(extra_context or {}), "may_add_audience": self.has_add_audience_permission(request)}
        return super().changelist_view(request, extra)

    def from_message_view(self, request: HttpRequest) -> HttpResponse:
        """Make a click or impression audience from a sent broadcast or narrowcast."""
        if not self.has_add_audience_permission(request):
            raise PermissionDenied
        sent: QuerySet[OutgoingMessage] = OutgoingMessage.objects.filter(
            kind__in=[OutgoingMessage.Kind.BROADCAST, OutgoingMessage.Kind.NARROWCAST],
            chunks__status=OutgoingChunk.Status.SENT,
        ).exclude(chunks__request_id="")
        sent = access.restrict(sent, request.user).distinct()
        form = FromMessageForm(request.POST or None)
        form.fields["message"].queryset = sent  # type: ignore[attr-defined]
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            with line_errors_as_messages(self, request, "Not made"):
                audience = audiences.from_message(
                    data["message"], data["description"], kind=data["kind"], click_url=data["click_url"]
                )
                self.message_user(request, f"Audience {audience} made on LINE.")
                return HttpResponseRedirect(reverse("admin:linebot_audience_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": "Make an audience from a sent message",
            "opts": self.model._meta,
            "form": form,
        }
        return TemplateResponse(request, "admin/linebot/audience/from_message.html", context)
