"""The rich menu image maker page of the admin: a layout, a label, icon, colours and action per area.

``/admin/linebot/richmenu/maker/`` (:func:`maker_urls`, added by the rich menu admin's ``get_urls``).
The operator previews the image, downloads it, or creates a rich menu row with the image and its
areas, and publishes it (and makes it the default) at once. Open to staff who may add rich menus;
publishing needs ``linebot.publish_richmenu`` as the admin's own publish action does. Rendering is
:mod:`django_linebot.richmenu_maker`; publishing is :mod:`django_linebot.richmenus`.
"""

from __future__ import annotations

import base64
import re
from functools import partial
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import URLPattern, path, reverse
from django.utils.text import slugify

from .. import access, richmenus
from ..channels import settings_channel, settings_channel_configured
from ..models import Channel, RichMenu, RichMenuArea
from ..richmenu_maker import (
    ICONS,
    LAYOUTS,
    MAX_LAYOUT_AREAS,
    AreaDesign,
    Layout,
    font_for,
    parse_color,
    render_menu,
)
from ..sdk import limits
from .helpers import line_errors_as_messages

if TYPE_CHECKING:
    from django.contrib.admin import ModelAdmin

__all__ = ["MakerAreaForm", "MakerForm", "maker_urls", "maker_view"]

#: What a tap on an area does, as the maker offers it: type -> (choice label, what the value field holds).
ACTION_KINDS: dict[str, tuple[str, str]] = {
    "message": ("Send a message (the value, or the label when empty)", "message text"),
    "postback": ("Post back data to the bot", "postback data"),
    "uri": ("Open a URL", "URL (https://, http://, line:// or tel:)"),
    "richmenuswitch": ("Switch to another rich menu (alias)", "alias ID"),
    "clipboard": ("Copy text to the clipboard", "text to copy"),
}
#: The schemes a URI action opens: LINE's rule, from ``sdk.limits``.
URI_SCHEMES = tuple(sorted(limits.URI_ACTION_SCHEMES))
#: Longest label the maker draws (a design limit of the maker, not LINE's: a label must fit its area).
LABEL_MAX_LENGTH = 40
#: Longest action value the form takes; LINE's own checks (``validate_action``) apply as well.
VALUE_MAX_LENGTH = 1000
#: Colours given to the areas of a new menu, in order: LINE green, then a calm palette.
PALETTE = ("#06c755", "#1e88e5", "#fb8c00", "#8e24aa", "#00897b", "#e53935")
DEFAULT_ICONS = ("home", "cart", "calendar", "chat", "map-pin", "info")
ALIAS_ID = re.compile(limits.RICH_MENU_ALIAS_ID_PATTERN)


class ColorInput(forms.TextInput):
    input_type = "color"


def _clean_color(value: str) -> str:
    try:
        red, green, blue = parse_color(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    return f"#{red:02x}{green:02x}{blue:02x}"


def _no_browser_maxlength(form: forms.Form) -> None:
    """No ``maxlength`` in the page: a browser cuts a longer paste silently; the server says what is wrong."""
    for field in form.fields.values():
        field.widget.attrs.pop("maxlength", None)


class MakerForm(forms.Form):
    """The menu: channel, name, chat bar text, layout, and what to do with it once made."""

    channel = forms.ModelChoiceField(queryset=Channel.objects.none())
    name = forms.CharField(max_length=limits.RICH_MENU_NAME_MAX_LENGTH)
    chat_bar_text = forms.CharField(help_text="The text of the chat bar under which the menu opens.")
    selected = forms.BooleanField(required=False, help_text="Open the menu when the chat opens.")
    layout = forms.ChoiceField(choices=[(key, layout.label) for key, layout in LAYOUTS.items()])
    publish = forms.BooleanField(required=False, label="Publish to LINE once created")
    make_default = forms.BooleanField(required=False, label="And make it the default menu")

    def __init__(self, *args: Any, user: Any, may_publish: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        channel_field = self.fields["channel"]
        assert isinstance(channel_field, forms.ModelChoiceField)
        channel_field.queryset = access.restrict(Channel.objects.all(), user, "pk")
        if not may_publish:
            del self.fields["publish"], self.fields["make_default"]
        _no_browser_maxlength(self)

    def clean_chat_bar_text(self) -> str:
        text: str = self.cleaned_data["chat_bar_text"]
        if len(text) > limits.RICH_MENU_CHAT_BAR_TEXT_MAX_LENGTH:
            raise ValidationError(
                f"{len(text)} characters; LINE takes at most {limits.RICH_MENU_CHAT_BAR_TEXT_MAX_LENGTH}."
            )
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("make_default") and not data.get("publish"):
            self.add_error("make_default", "Only a published menu can be the default: tick Publish too.")
        return data

    @property
    def chosen_layout(self) -> Layout | None:
        key = self.cleaned_data.get("layout") if hasattr(self, "cleaned_data") else None
        return LAYOUTS.get(key) if key else None


class MakerAreaForm(forms.Form):
    """One area: what it shows (label, icon, colours) and what a tap does (an action type and its value)."""

    label = forms.CharField(required=False, max_length=LABEL_MAX_LENGTH)
    icon = forms.ChoiceField(
        required=False, choices=[("", "no icon"), *((key, title) for key, (title, _) in ICONS.items())]
    )
    background = forms.CharField(widget=ColorInput, initial="#06c755")
    foreground = forms.CharField(widget=ColorInput, initial="#ffffff", label="Text colour")
    action_type = forms.ChoiceField(
        choices=[(key, title) for key, (title, _) in ACTION_KINDS.items()], label="When tapped"
    )
    action_value = forms.CharField(
        required=False,
        max_length=VALUE_MAX_LENGTH,
        label="Value",
        help_text="; ".join(f"{key}: {what}" for key, (_, what) in ACTION_KINDS.items()),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _no_browser_maxlength(self)

    def clean_background(self) -> str:
        return _clean_color(self.cleaned_data["background"])

    def clean_foreground(self) -> str:
        return _clean_color(self.cleaned_data["foreground"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, value = data.get("action_type"), (data.get("action_value") or "").strip()
        label = (data.get("label") or "").strip()
        if label:
            try:
                font_for(label)
            except ValueError as exc:
                self.add_error("label", str(exc))
        if not kind:
            return data
        if kind == "message" and not value:
            value = label
        if not value:
            self.add_error("action_value", f"Give the {ACTION_KINDS[kind][1]}.")
            return data
        try:
            action = build_action(kind, value)
            RichMenuArea(action=action).clean()  # the model's own rule for an area's action
        except ValidationError as exc:
            for message in exc.messages:
                self.add_error("action_value", message)
            return data
        data["action"] = action
        return data

    def design(self) -> AreaDesign:
        data = self.cleaned_data
        return AreaDesign(data["label"].strip(), data["icon"], data["background"], data["foreground"])


def build_action(kind: str, value: str) -> dict[str, Any]:
    """The LINE action object for a maker area; ``ValidationError`` for a value LINE would refuse."""
    if kind == "message":
        return {"type": "message", "text": value}
    if kind == "postback":
        return {"type": "postback", "data": value}
    if kind == "uri":
        scheme = value.split(":", 1)[0].lower() if ":" in value else ""
        if scheme not in URI_SCHEMES or any(c.isspace() for c in value):
            raise ValidationError(f"A URL starting with {', '.join(s + ':' for s in URI_SCHEMES)}.")
        return {"type": "uri", "uri": value}
    if kind == "richmenuswitch":
        if not ALIAS_ID.match(value):
            raise ValidationError(f"An alias ID: {limits.RICH_MENU_ALIAS_ID_RULE}")
        return {"type": "richmenuswitch", "richMenuAliasId": value, "data": f"richmenu={value}"}
    if kind == "clipboard":
        return {"type": "clipboard", "clipboardText": value}
    raise ValidationError(f"Unknown action type {kind!r}.")


def _area_initial(number: int) -> dict[str, Any]:
    return {
        "label": "",
        "icon": DEFAULT_ICONS[number % len(DEFAULT_ICONS)],
        "background": PALETTE[number % len(PALETTE)],
        "foreground": "#ffffff",
        "action_type": "message",
    }


def _forms(
    request: HttpRequest, may_publish: bool
) -> tuple[MakerForm, list[MakerAreaForm], Layout | None, bool]:
    """The menu form, every area form, the chosen layout, and whether the areas it uses are valid."""
    if request.method != "POST":
        initial: dict[str, Any] = {"layout": "large-3x2"}
        if settings_channel_configured():
            initial["channel"] = settings_channel().pk
        form = MakerForm(initial=initial, user=request.user, may_publish=may_publish)
        areas = [MakerAreaForm(prefix=f"area-{i}", initial=_area_initial(i)) for i in range(MAX_LAYOUT_AREAS)]
        return form, areas, None, False
    form = MakerForm(request.POST, user=request.user, may_publish=may_publish)
    areas = [MakerAreaForm(request.POST, prefix=f"area-{i}") for i in range(MAX_LAYOUT_AREAS)]
    layout = form.chosen_layout if form.is_valid() else None
    if layout is None and "layout" in form.data:
        layout = LAYOUTS.get(str(form.data.get("layout")))
    used = areas[: len(layout.cells)] if layout else []
    areas_valid = bool(used) and all([area.is_valid() for area in used])  # every used form checked
    return form, areas, layout, areas_valid


def _render(layout: Layout, areas: list[MakerAreaForm]) -> bytes:
    return render_menu(layout, [area.design() for area in areas[: len(layout.cells)]])


def _create_menu(form: MakerForm, layout: Layout, areas: list[MakerAreaForm], png: bytes) -> RichMenu:
    data = form.cleaned_data
    with transaction.atomic():
        menu = RichMenu(
            channel=data["channel"],
            name=data["name"],
            chat_bar_text=data["chat_bar_text"],
            selected=data["selected"],
        )
        menu.image.save(f"{slugify(data['name'])[:40] or 'richmenu'}.png", ContentFile(png), save=False)
        menu.width, menu.height = layout.size  # what the image's dimension fields hold
        menu.save()
        for (x, y, width, height), area in zip(layout.bounds(), areas, strict=False):
            action = area.cleaned_data["action"]
            RichMenuArea.objects.create(rich_menu=menu, x=x, y=y, width=width, height=height, action=action)
    return menu


def maker_view(model_admin: ModelAdmin[Any], request: HttpRequest) -> HttpResponse:
    """The maker page: preview, download, or create (and publish) the menu."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    may_publish = request.user.has_perm("linebot.publish_richmenu")
    form, areas, layout, areas_valid = _forms(request, may_publish)
    preview = ""
    if request.method == "POST" and form.is_valid() and layout is not None and areas_valid:
        png = _render(layout, areas)
        if "download" in request.POST:
            response = HttpResponse(png, content_type="image/png")
            name = slugify(form.cleaned_data["name"])[:40] or "richmenu"
            response["Content-Disposition"] = f'attachment; filename="{name}.png"'
            return response
        if "create" in request.POST:
            menu = _create_menu(form, layout, areas, png)
            model_admin.message_user(request, f"{menu}: created with {len(layout.cells)} area(s).")
            if form.cleaned_data.get("publish"):
                with line_errors_as_messages(model_admin, request, f"{menu}"):
                    richmenus.publish(menu)
                    model_admin.message_user(request, f"{menu}: published as {menu.line_rich_menu_id}.")
                    if form.cleaned_data.get("make_default"):
                        richmenus.set_default(menu)
                        model_admin.message_user(request, f"{menu}: now the default menu.")
            return HttpResponseRedirect(reverse("admin:linebot_richmenu_change", args=[menu.pk]))
        preview = f"data:image/png;base64,{base64.b64encode(png).decode()}"
    elif request.method == "POST":
        used_forms = areas[: len(layout.cells)] if layout else []
        wrong = [str(number) for number, area in enumerate(used_forms, 1) if area.errors]
        where = f" (area {', '.join(wrong)})" if wrong else ""
        model_admin.message_user(request, f"Please correct the errors below{where}.", messages.ERROR)
    used = len(layout.cells) if layout else len(LAYOUTS["large-3x2"].cells)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Make a rich menu image",
        "opts": model_admin.model._meta,
        "form": form,
        "areas": [(number, area, number <= used) for number, area in enumerate(areas, 1)],
        "layouts": {
            key: {
                "size": list(item.size),
                "bounds": [dict(zip(("x", "y", "width", "height"), b, strict=True)) for b in item.bounds()],
            }
            for key, item in LAYOUTS.items()
        },
        "icons": [
            (key, title, static(f"django_linebot/richmenu_icons/{key}.png"))
            for key, (title, _) in ICONS.items()
        ],
        "action_values": {key: what for key, (_, what) in ACTION_KINDS.items()},
        "preview": preview,
        "preview_layout": layout,
        "may_publish": may_publish,
    }
    return TemplateResponse(request, "admin/linebot/richmenu_maker.html", context)


def maker_urls(model_admin: ModelAdmin[Any]) -> list[URLPattern]:
    """The maker's URL, for the rich menu admin's ``get_urls`` (ahead of the change page's pattern)."""
    view = model_admin.admin_site.admin_view(partial(maker_view, model_admin))
    return [path("maker/", view, name="linebot_richmenu_maker")]
