from __future__ import annotations

import base64
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html, format_html_join

from .. import richmenus
from ..models import RichMenu, RichMenuAlias, RichMenuArea
from ..models.rich_menu import validate_areas
from ..sdk import limits
from ..sdk.richmenu_layouts import LAYOUTS, LAYOUTS_BY_KEY, layouts_for_json
from .helpers import ChannelScopedAdmin, form_action, has_linebot_perm, line_errors_as_messages


class AreaFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        keys = ("x", "y", "width", "height")
        bounds = [
            tuple(f.cleaned_data[key] for key in keys)
            for f in self.forms
            if f.cleaned_data
            and not f.cleaned_data.get("DELETE")
            and all(f.cleaned_data.get(key) is not None for key in keys)
        ]
        menu = self.instance
        if menu.width and menu.height:
            try:
                validate_areas(bounds, menu.width, menu.height)
            except ValidationError as exc:
                raise ValidationError(exc.message_dict["areas"]) from None


class RichMenuAreaInline(admin.TabularInline):
    model = RichMenuArea
    formset = AreaFormSet
    extra = 0
    formfield_overrides = {models.JSONField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}}
    max_num = limits.RICH_MENU_MAX_AREAS
    validate_max = True


class RichMenuAliasInline(admin.TabularInline):
    model = RichMenuAlias
    extra = 0
    fields = ("alias_id",)
    readonly_fields = ("alias_id",)
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # aliases are made on LINE by the "create or switch alias" action


class UsersForm(forms.Form):
    user_ids = forms.CharField(
        widget=forms.Textarea, help_text="LINE user IDs, one per line or separated by commas or spaces."
    )

    def clean_user_ids(self) -> list[str]:
        ids = [u for u in self.cleaned_data["user_ids"].replace(",", " ").split() if u]
        if not ids:
            raise ValidationError("Give at least one user ID.")
        return ids


class AliasForm(forms.Form):
    alias_id = forms.RegexField(
        regex=limits.RICH_MENU_ALIAS_ID_PATTERN,
        help_text=f"{limits.RICH_MENU_ALIAS_ID_RULE} An existing alias is switched.",
    )


class RichMenuForm(forms.ModelForm):
    """The menu; a stored image that is not uploaded again is kept, and checked that it still exists.

    ``layout`` fills the areas from one of LINE's standard layouts (scaled to the image) when saved.
    """

    layout = forms.ChoiceField(
        choices=[("", "---------")] + [(lay.key, lay.label) for lay in LAYOUTS],
        required=False,
        label="fill areas from a template",
        help_text="LINE's standard layouts: replaces the areas with the template's, sized to the image "
        "(each gets a message action with its number, to change below).",
    )

    class Meta:
        model = RichMenu
        fields = ["channel", "name", "chat_bar_text", "selected", "image"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # no browser maxlength: it would cut a 15th character silently; the server says "at most 14"
        if "chat_bar_text" in self.fields:  # not there for a user who may only view
            self.fields["chat_bar_text"].widget.attrs.pop("maxlength", None)

    def clean_image(self) -> Any:
        image = self.cleaned_data.get("image")
        storage = getattr(image, "storage", None)
        kept = bool(image) and getattr(image, "_committed", False)
        if kept and image and storage is not None and not storage.exists(image.name):
            raise ValidationError("The stored image file cannot be read: upload the image again.")
        return image


def apply_layout(menu: RichMenu, key: str) -> None:
    """Replace ``menu``'s areas with layout ``key``'s, sized to its image, each with a message action
    naming its number (what the operator changes next)."""
    bounds = LAYOUTS_BY_KEY[key].bounds(menu.width, menu.height)
    menu.areas.all().delete()
    RichMenuArea.objects.bulk_create(
        RichMenuArea(rich_menu=menu, x=x, y=y, width=w, height=h, action={"type": "message", "text": f"{i}"})
        for i, (x, y, w, h) in enumerate(bounds, 1)
    )


def render_preview(menu: RichMenu) -> str:
    """The image with every tappable area drawn over it and labelled with its action."""
    if not menu.image or not menu.width or not menu.height:
        return "Upload an image and save to see the menu."
    try:
        content_type, data = menu.read_image()
    except (OSError, ValidationError):
        return "The image file cannot be read."
    src = f"data:{content_type};base64,{base64.b64encode(data).decode()}"
    areas = format_html_join(
        "",
        '<div class="linebot-area" data-action="{}" title="{}" style="position:absolute;left:{}%;top:{}%;'
        "width:{}%;height:{}%;box-sizing:border-box;border:3px solid #06c755;background:rgba(6,199,85,.25);"
        'display:flex;align-items:center;justify-content:center;overflow:hidden">'
        '<span style="background:#fff;color:#111;font:600 13px sans-serif;padding:2px 6px;border-radius:4px;'
        'max-width:95%;overflow:hidden;text-overflow:ellipsis;white-space:nowrap">{}. {}</span></div>',
        (
            (
                area.action.get("type", ""),
                area.label,
                round(100 * area.x / menu.width, 3),
                round(100 * area.y / menu.height, 3),
                round(100 * area.width / menu.width, 3),
                round(100 * area.height / menu.height, 3),
                i,
                area.label,
            )
            for i, area in enumerate(menu.areas.all(), 1)
        ),
    )
    return format_html(
        '<div id="linebot-richmenu-preview" style="position:relative;max-width:800px;width:100%;'
        'line-height:0;border:1px solid #ccc">'
        '<img src="{}" alt="rich menu image" style="width:100%;height:auto;display:block">{}</div>'
        '<p style="margin-top:6px">{} x {} px, {} area(s). What users tap is drawn in green.</p>',
        src,
        areas,
        menu.width,
        menu.height,
        menu.areas.count(),
    )


#: The single-menu operations shown as buttons on a menu's page: (admin action, label). Each posts that
#: action for this one menu, so the action's ``permissions=`` decide (the button shows only when allowed).
MENU_BUTTONS = (
    ("publish", "Publish"),
    ("set_default", "Set as default"),
    ("create_or_switch_alias", "Create or switch alias"),
    ("link_users", "Link users"),
)


@admin.register(RichMenu)
class RichMenuAdmin(ChannelScopedAdmin):
    """Rich menus: edited here (add/change); what reaches LINE needs publish_richmenu or link_richmenu."""

    form = RichMenuForm
    change_form_template = "admin/linebot/richmenu/change_form.html"

    list_display = (
        "name",
        "channel",
        "status",
        "is_default",
        "chat_bar_text",
        "line_rich_menu_id",
        "published_at",
    )
    list_filter = ("status", "is_default", ("channel", admin.RelatedOnlyFieldListFilter), "selected")
    search_fields = ("name", "chat_bar_text", "line_rich_menu_id", "aliases__alias_id")
    fields = (
        "channel",
        "name",
        "chat_bar_text",
        "selected",
        "image",
        "layout",
        "preview",
        "size",
        "status",
        "line_rich_menu_id",
        "is_default",
        "published_at",
    )
    readonly_fields = ("preview", "size", "status", "line_rich_menu_id", "is_default", "published_at")
    inlines = [RichMenuAreaInline, RichMenuAliasInline]
    actions = [
        "publish",
        "set_default",
        "link_users",
        "unlink_users",
        "create_or_switch_alias",
        "delete_on_line",
        "sync_from_line",
    ]

    def get_urls(self) -> list[Any]:
        from .richmenu_maker import maker_urls  # the image maker's page: /admin/linebot/richmenu/maker/

        return maker_urls(self) + super().get_urls()

    def has_publish_richmenu_permission(self, request: HttpRequest) -> bool:
        return has_linebot_perm(request, "publish_richmenu")

    def has_link_richmenu_permission(self, request: HttpRequest) -> bool:
        return has_linebot_perm(request, "link_richmenu")

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        key = form.cleaned_data.get("layout")
        menu = form.instance
        if key and menu.width and menu.height:
            apply_layout(menu, key)

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> Any:
        context["linebot_layouts"] = layouts_for_json()
        allowed = self.get_actions(request)
        context["linebot_buttons"] = [(name, label) for name, label in MENU_BUTTONS if name in allowed]
        return super().render_change_form(request, context, *args, **kwargs)

    @admin.display(description="what users see")
    def preview(self, obj: RichMenu) -> str:
        return render_preview(obj) if obj.pk else "Save the menu to see it."

    @admin.display(description="size")
    def size(self, obj: RichMenu) -> str:
        return f"{obj.width} x {obj.height}" if obj.width else "-"

    @admin.action(
        description="Publish to LINE (a changed menu is published as a new one)",
        permissions=["publish_richmenu"],
    )
    def publish(self, request: HttpRequest, queryset: QuerySet[RichMenu]) -> None:
        for menu in queryset:
            with line_errors_as_messages(self, request, f"{menu}"):
                changed = richmenus.publish(menu)
                self.message_user(
                    request,
                    f"{menu}: published as {menu.line_rich_menu_id}."
                    if changed
                    else f"{menu}: LINE is up to date.",
                )

    @admin.action(description="Set as the default menu", permissions=["publish_richmenu"])
    def set_default(self, request: HttpRequest, queryset: QuerySet[RichMenu]) -> None:
        for menu in queryset[:1]:
            with line_errors_as_messages(self, request, f"{menu}"):
                richmenus.set_default(menu)
                self.message_user(request, f"{menu}: now the default menu.")

    def _users_action(
        self, request: HttpRequest, queryset: QuerySet[RichMenu], action: str, title: str
    ) -> Any:
        def apply(data: dict[str, Any]) -> None:
            for menu in queryset[:1]:
                with line_errors_as_messages(self, request, f"{menu}"):
                    ids = data["user_ids"]
                    link = richmenus.link_users if action == "link_users" else richmenus.unlink_users
                    count = link(menu, ids)
                    verb = "linked to" if action == "link_users" else "unlinked from"
                    self.message_user(request, f"{count} user(s) {verb} {menu}.")

        return form_action(self, request, queryset[:1], action, title, UsersForm, apply)

    @admin.action(description="Link users to this menu", permissions=["link_richmenu"])
    def link_users(self, request: HttpRequest, queryset: QuerySet[RichMenu]) -> HttpResponse | None:
        return self._users_action(request, queryset, "link_users", "Link users")

    @admin.action(description="Unlink users from their menu", permissions=["link_richmenu"])
    def unlink_users(self, request: HttpRequest, queryset: QuerySet[RichMenu]) -> HttpResponse | None:
        return self._users_action(request, queryset, "unlink_users", "Unlink users")

    @admin.action(description="Create or switch an alias to this menu", permissions=["publish_richmenu"])
    def create_or_switch_alias(
        self, request: HttpRequest, queryset: QuerySet[RichMenu]
    ) -> HttpResponse | None:
        def apply(data: dict[str, Any]) -> None:
            for menu in queryset[:1]:
                with line_errors_as_messages(self, request, f"{menu}"):
                    alias = richmenus.create_or_switch_alias(data["alias_id"], menu)
                    self.message_user(request, f"Alias {alias.alias_id} now points at {menu}.")

        return form_action(
            self, request, queryset[:1], "create_or_switch_alias", "Create or switch alias", AliasForm, apply
        )

    @admin.action(description="Delete on LINE (the row stays as a draft)", permissions=["publish_richmenu"])
    def delete_on_line(self, request: HttpRequest, queryset: QuerySet[RichMenu]) -> None:
        for menu in queryset:
            with line_errors_as_messages(self, request, f"{menu}"):
                richmenus.delete_on_line(menu)
                self.message_user(request, f"{menu}: deleted on LINE.")

    @admin.action(
        description="Sync rich menus of the selected menus' channels from LINE",
        permissions=["publish_richmenu"],
    )
    def sync_from_line(self, request: HttpRequest, queryset: QuerySet[RichMenu]) -> None:
        channels = {menu.channel_id: menu.channel for menu in queryset}
        for channel in channels.values():
            with line_errors_as_messages(self, request, f"{channel}"):
                result = richmenus.sync(channel)
                self.message_user(
                    request, f"{channel}: {result['imported']} imported, {result['gone']} marked gone."
                )
