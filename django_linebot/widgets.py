"""Form widgets: a JSON textarea of LINE messages with a "preview" button that draws them as LINE will."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import NoReverseMatch, reverse

from .preview import CSS, JS

__all__ = ["MessagesJSONWidget", "PREVIEW_URL_NAME"]

#: The admin URL that draws posted message JSON (``OutgoingMessageAdmin``'s ``preview/``).
PREVIEW_URL_NAME = "admin:linebot_outgoingmessage_preview"


class MessagesJSONWidget(forms.Textarea):
    """A textarea for a list of message objects (or one), with a button showing the preview below it.

    The button posts the textarea's JSON to the admin's preview view (staff only, CSRF-checked) and
    shows the HTML it answers: the drawing lives in one place, :mod:`django_linebot.preview`. Use it on
    any JSON field that holds messages::

        class WelcomeAdmin(admin.ModelAdmin):
            formfield_overrides = {models.JSONField: {"widget": MessagesJSONWidget}}
    """

    template_name = "django_linebot/widgets/messages_json.html"

    class Media:
        css = {"all": [CSS]}
        js = [JS]

    def __init__(self, attrs: dict[str, Any] | None = None, preview_url: str | None = None) -> None:
        super().__init__(attrs={"rows": 12, "cols": 80, **(attrs or {})})
        self.preview_url = preview_url

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        url = self.preview_url
        if url is None:
            try:
                url = reverse(PREVIEW_URL_NAME)
            except NoReverseMatch:  # the admin is not installed: no button
                url = ""
        context["widget"]["preview_url"] = url
        return context
