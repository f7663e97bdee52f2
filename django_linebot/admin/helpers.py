from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.template.response import TemplateResponse

from ..sdk import LineBotApiError
from ..sdk.errors import describe_line_error

__all__ = ["describe_line_error", "form_action", "line_errors_as_messages"]


@contextmanager
def line_errors_as_messages(modeladmin: admin.ModelAdmin, request: HttpRequest, what: str) -> Iterator[None]:
    """Show a LINE refusal or a local validation error as an admin message, never as a 500."""
    try:
        yield
    except LineBotApiError as err:
        modeladmin.message_user(request, f"{what}: {describe_line_error(err)}", messages.ERROR)
    except (ValidationError, ValueError) as err:
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
    """An admin action that asks for input on an intermediate page, then runs ``apply(cleaned_data)``."""
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
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )
