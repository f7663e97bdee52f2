"""The message preview in the admin: the outbox's and the webhook events' chats, and the preview view.

Drawing is :mod:`django_linebot.preview`'s (framework-free, escaping everything); here it is only
marked safe for templates, with ``LINEBOT["PREVIEW_REMOTE_IMAGES"]`` (default False: no request
leaves the admin page) and the stylesheet as the admin's media.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils.safestring import SafeString, mark_safe

from ..conf import app_settings
from ..preview import CSS, Side, render_chat
from ..widgets import MessagesJSONWidget
from .helpers import has_linebot_perm

__all__ = ["PREVIEW_MEDIA", "chat_html", "preview_view"]

#: The admin media every page with a preview needs.
PREVIEW_MEDIA = forms.Media(css={"all": [CSS]})
#: Posted JSON larger than this is refused (LINE's own request limit is far below).
MAX_PREVIEW_BYTES = 512 * 1024


def chat_html(turns: list[tuple[Side, Any]]) -> SafeString:
    """The conversation ``turns`` as the preview's HTML (already escaped by the renderer)."""
    return mark_safe(render_chat(turns, remote_images=bool(app_settings.PREVIEW_REMOTE_IMAGES)))  # noqa: S308


class PreviewForm(forms.Form):
    messages = forms.CharField(widget=MessagesJSONWidget, required=False)


def may_preview(modeladmin: admin.ModelAdmin, request: HttpRequest) -> bool:
    """Whether the request's user may use the preview: with the view permission of ``modeladmin``'s
    model (the outbox), or the permission to send messages (who writes messages may see them drawn).

    A preview sends nothing and stores nothing, so no change permission is needed.
    """
    return modeladmin.has_view_permission(request) or has_linebot_perm(request, "send_message")


def preview_view(modeladmin: admin.ModelAdmin, request: HttpRequest) -> HttpResponse:
    """GET: a page to paste message JSON into; POST (JSON body): that JSON drawn as a chat (HTML).

    Staff only (the admin site's), and :func:`may_preview`: 403 otherwise, before the body is read.
    """
    if not may_preview(modeladmin, request):
        raise PermissionDenied
    if request.method != "POST":
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": "Preview messages",
            "opts": modeladmin.model._meta,
            "form": PreviewForm(),
        }
        return TemplateResponse(request, "admin/linebot/preview_page.html", context)
    if len(request.body) > MAX_PREVIEW_BYTES:
        return HttpResponseBadRequest("The JSON is too large to preview.", content_type="text/plain")
    try:
        messages = json.loads(request.body or b"null")
    except (ValueError, RecursionError) as exc:
        return HttpResponseBadRequest(f"Not JSON: {exc}", content_type="text/plain")
    return HttpResponse(chat_html([("bot", messages)]), content_type="text/html; charset=utf-8")
