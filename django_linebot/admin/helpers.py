from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.html import format_html

from .. import access
from ..channels import settings_channel, settings_channel_configured
from ..models import Channel
from ..sdk import LineBotApiError

__all__ = ["form_action", "line_errors_as_messages"]


@contextmanager
def line_errors_as_messages(modeladmin: admin.ModelAdmin, request: HttpRequest, what: str) -> Iterator[None]:
    """Show a LINE refusal or a local validation error as an admin message, never as a 500.

    A LINE error shows as ``str(err)``: the SDK's one text of it (status, message, details, request id).
    """
    try:
        yield
    except (ValidationError, ValueError, LineBotApiError) as err:
        text = "; ".join(err.messages) if isinstance(err, ValidationError) else str(err)
        modeladmin.message_user(request, f"{what}: {text}", messages.ERROR)


def form_action(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: Any,
    action: str,
    title: str,
    form_class: type[Any],
    apply: Callable[[dict[str, Any]], None],
    initial: dict[str, Any] | None = None,
) -> TemplateResponse | None:
    """An admin action that asks for input on an intermediate page, then runs ``apply(cleaned_data)``.

    The page and the ``apply`` step check, on the server, that ``action`` is one the user may run
    (its ``permissions=``): ``PermissionDenied`` (403) otherwise, whoever calls this helper.
    """
    if action not in modeladmin.get_actions(request):
        raise PermissionDenied
    if "apply" in request.POST:
        form = form_class(request.POST)
        if form.is_valid():
            apply(form.cleaned_data)
            return None
    else:
        form = form_class(initial=initial)
    return TemplateResponse(
        request,
        "admin/linebot/action_form.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "opts": modeladmin.model._meta,
            "queryset": queryset,
            "action": action,
            "form": form,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            # a change page's button (rich menus) carried through the form, to end on that page
            "linebot_button": request.POST.get("linebot_button", ""),
        },
    )


def has_linebot_perm(request: HttpRequest, codename: str) -> bool:
    """Whether the request's user holds ``linebot.<codename>``."""
    return request.user.has_perm(f"linebot.{codename}")


class ChannelScopedAdmin(admin.ModelAdmin):
    """Rows (and channel choices) limited to the channels ``LINEBOT["USER_CHANNELS"]`` gives the user."""

    #: The path from this model to its channel (``"pk"`` for the channel admin itself).
    channel_field = "channel"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return access.restrict(super().get_queryset(request), request.user, self.channel_field)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.related_model is Channel:
            if settings_channel_configured():  # its row exists from now on, chosen unless changed
                kwargs.setdefault("initial", settings_channel().pk)
            kwargs["queryset"] = access.restrict(Channel.objects.all(), request.user, "pk")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyAdmin(ChannelScopedAdmin):
    """A log-like model: viewed (with the view permission) and acted on, never added or edited here."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def json_display(name: str) -> Callable[[Any, Any], str]:
    """A read-only admin field showing the JSON field ``name`` as indented, ASCII-escaped JSON.

    Django's own display writes the JSON unescaped, so a stored lone surrogate (``"\\ud800"``,
    valid in JSON, not in UTF-8) makes the page a 500; escaped, it shows as ``\\ud800``.
    """

    @admin.display(description=name)
    def show(modeladmin: Any, obj: Any) -> str:
        return format_html("<pre>{}</pre>", json.dumps(getattr(obj, name), indent=2, ensure_ascii=True))

    return show
