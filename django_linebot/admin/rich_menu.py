from __future__ import annotations

import copy
import mimetypes
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.widgets import AdminFileWidget
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from .. import richmenus
from ..models import RichMenu, RichMenuAlias, RichMenuArea
from ..models.rich_menu import validate_areas
from ..sdk import LineBotApiError, limits
from ..sdk.richmenu_layouts import LAYOUTS, LAYOUTS_BY_KEY, layouts_for_json
from .helpers import ChannelScopedAdmin, form_action, has_linebot_perm, line_errors_as_messages
from .rich_menu_preview import render_preview, render_tabs
from .richmenu_action_widget import RichMenuActionField


class RichMenuAreaForm(forms.ModelForm):
    """An area: its bounds, and its action as a form (:class:`RichMenuActionField`), not JSON."""

    action = RichMenuActionField(label="action")

    class Meta:
        model = RichMenuArea
        fields = ["x", "y", "width", "height", "action"]

    def __init__(self, *args: Any, area_index: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action = self.fields.get("action")
        if isinstance(action, RichMenuActionField):
            action.area_index = area_index

    def _update_errors(self, errors: ValidationError) -> None:
        # the action's problems were said by its field, with the area's number: not again by the model
        if "action" in (getattr(self, "_errors", None) or {}) and hasattr(errors, "error_dict"):
            errors.error_dict.pop("action", None)
            if not errors.error_dict:
                return
        super()._update_errors(errors)  # type: ignore[misc]


class AreaFormSet(forms.BaseInlineFormSet):
    """The areas; each action's errors say its area's number (from 1, rows to delete not counted)."""

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        kwargs: dict[str, Any] = dict(super().get_form_kwargs(index))
        if index is not None:
            deleted = 0
            if self.is_bound:
                flag = forms.formsets.DELETION_FIELD_NAME
                deleted = sum(1 for j in range(index) if self.data.get(f"{self.add_prefix(j)}-{flag}"))
            kwargs["area_index"] = index - deleted
        return kwargs

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
    form = RichMenuAreaForm
    extra = 0
    max_num = limits.RICH_MENU_MAX_AREAS
    validate_max = True

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        """The formset, its action editor offering the channel's known aliases for richmenuswitch."""
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("action")
        if isinstance(field, RichMenuActionField) and obj is not None and obj.channel_id:
            field = copy.deepcopy(field)  # the form class is this request's; the declared field is shared
            field.widget.aliases = sorted(
                set(
                    RichMenuAlias.objects.filter(rich_menu__channel_id=obj.channel_id).values_list(
                        "alias_id", flat=True
                    )
                )
            )
            formset.form.base_fields["action"] = field
        return formset


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


#: Where an upload waits between a submission with errors and the next one (default storage).
KEPT_DIR = "linebot/richmenus/kept/"
#: The name of the hidden input holding a kept upload's signed token: the image field's name and this.
KEPT_SUFFIX = "_kept"
_KEPT_SALT = "django_linebot.admin.rich_menu.kept_image"
#: Seconds a kept upload stays usable (older ones are deleted when another is kept).
KEPT_MAX_AGE = 24 * 3600
#: Stale kept uploads looked at per sweep (a sweep runs each time an upload is kept).
KEPT_SWEEP_MAX = 256


class KeptUpload(SimpleUploadedFile):
    """An upload read back from where it was kept; ``kept_name`` is its name in storage."""

    kept_name = ""
    _linebot_kept = True


def keep_upload(upload: UploadedFile) -> tuple[str, str]:
    """Store ``upload`` (already checked: an image LINE takes, at most 1 MB) under :data:`KEPT_DIR`;
    return a signed token naming it (for a hidden input) and its name in storage."""
    _forget_stale_kept()
    suffix = Path(upload.name or "").suffix.lower()[:8]
    upload.seek(0)
    name = default_storage.save(f"{KEPT_DIR}{uuid.uuid4().hex}{suffix}", ContentFile(upload.read()))
    upload.seek(0)
    token = signing.dumps({"n": name, "o": Path(upload.name or "image").name}, salt=_KEPT_SALT)
    return token, name


def read_kept(token: str) -> KeptUpload:
    """The upload a token of :func:`keep_upload` names; ``ValidationError`` (on the image) when the
    token is forged or expired, the file gone or too large."""
    try:
        info = signing.loads(token, salt=_KEPT_SALT, max_age=KEPT_MAX_AGE)
        name, original = str(info["n"]), str(info["o"])
    except (signing.BadSignature, KeyError, TypeError):
        raise ValidationError(
            "The image kept from the last submission has expired: choose it again."
        ) from None
    if not name.startswith(KEPT_DIR) or not default_storage.exists(name):
        raise ValidationError("The image kept from the last submission is gone: choose it again.")
    if default_storage.size(name) > limits.RICH_MENU_IMAGE_MAX_BYTES:
        raise ValidationError("The image kept from the last submission is too large: choose another.")
    with default_storage.open(name, "rb") as f:
        data = f.read()
    kept = KeptUpload(original, data, content_type=mimetypes.guess_type(original)[0] or "")
    kept.kept_name = name
    return kept


def forget_kept(name: str) -> None:
    """Delete a kept upload (once the menu is saved)."""
    if name.startswith(KEPT_DIR):
        default_storage.delete(name)


def _forget_stale_kept() -> None:
    """Delete kept uploads older than :data:`KEPT_MAX_AGE` (forms nobody submitted again)."""
    try:
        _, files = default_storage.listdir(KEPT_DIR)
    except (FileNotFoundError, NotImplementedError):
        return
    cutoff = timezone.now() - timedelta(seconds=KEPT_MAX_AGE)
    for file_name in files[:KEPT_SWEEP_MAX]:
        name = f"{KEPT_DIR}{file_name}"
        try:
            if default_storage.get_modified_time(name) < cutoff:
                default_storage.delete(name)
        except (OSError, NotImplementedError):
            continue


class KeptImageInput(AdminFileWidget):
    """The admin's file input, plus the image kept from a submission that had errors: a hidden
    signed token and "image kept: <name>"."""

    template_name = "django_linebot/widgets/kept_image.html"
    kept_token = ""
    kept_name = ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"].update(
            {"kept_token": self.kept_token, "kept_name": self.kept_name, "kept_input": f"{name}{KEPT_SUFFIX}"}
        )
        return context


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
        fields = ["channel", "name", "chat_bar_text", "selected", "image", "display_from", "display_until"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # no browser maxlength: it would cut a 15th character silently; the server says "at most 14"
        if "chat_bar_text" in self.fields:  # not there for a user who may only view
            self.fields["chat_bar_text"].widget.attrs.pop("maxlength", None)
        if "image" in self.fields:
            self.fields["image"].widget = KeptImageInput()
        self._kept_names: list[str] = []  # the kept uploads this form used or made: deleted once saved

    def full_clean(self) -> None:
        """Validate; an image uploaded with this submission is kept (see :func:`keep_upload`), so a
        page shown again with errors elsewhere does not lose it."""
        super().full_clean()
        image = self.cleaned_data.get("image") if hasattr(self, "cleaned_data") else None
        widget = self.fields["image"].widget if "image" in self.fields else None
        if not isinstance(widget, KeptImageInput) or "image" in self.errors:
            return
        if isinstance(image, UploadedFile) and not getattr(image, "_linebot_kept", False):
            token, name = keep_upload(image)
            self._kept_names.append(name)
            widget.kept_token, widget.kept_name = token, image.name or ""
        elif isinstance(image, UploadedFile):  # the kept one, used again
            widget.kept_token, widget.kept_name = self.data.get(self._kept_key(), ""), image.name or ""

    def _kept_key(self) -> str:
        return f"{self.add_prefix('image')}{KEPT_SUFFIX}"

    def save(self, commit: bool = True) -> Any:
        """Save; the kept uploads are deleted once the menu is saved (with ``commit=False``, as the
        admin does before it checks the areas, when ``save_m2m`` runs: only after a full save)."""
        menu = super().save(commit)
        if commit:
            self._forget_kept()
        else:
            save_m2m = self.save_m2m

            def save_m2m_then_forget() -> None:
                save_m2m()
                self._forget_kept()

            self.save_m2m = save_m2m_then_forget  # type: ignore[method-assign]
        return menu

    def _forget_kept(self) -> None:
        for name in self._kept_names:  # read into memory already; the menu's own copy is saved
            forget_kept(name)
        self._kept_names = []

    def clean_image(self) -> Any:
        image = self.cleaned_data.get("image")
        token = self.data.get(self._kept_key())
        if token and image is not False and not isinstance(image, UploadedFile):
            image = read_kept(token)  # no new file chosen: the one kept from the failed submission
            self._kept_names.append(image.kept_name)
            return image
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


def _switch_group(menu: RichMenu) -> richmenus.SwitchGroup:
    """``menu``'s switch group, computed once per page (the tabs and the preview share it)."""
    group: richmenus.SwitchGroup | None = getattr(menu, "_linebot_switch_group", None)
    if group is None:
        group = richmenus.switch_group(menu)
        menu._linebot_switch_group = group  # type: ignore[attr-defined]
    return group


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
        "edited_since_publish",
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
        "edited_since_publish",
        "is_default",
        "published_at",
        "display_from",
        "display_until",
        "schedule_log",
    )
    readonly_fields = (
        "preview",
        "size",
        "status",
        "edited_since_publish",
        "line_rich_menu_id",
        "is_default",
        "published_at",
        "schedule_log",
    )
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
        obj = context.get("original")
        context["linebot_tabs"] = render_tabs(_switch_group(obj)) if obj is not None and obj.pk else ""
        return super().render_change_form(request, context, *args, **kwargs)

    @admin.display(description="what users see")
    def preview(self, obj: RichMenu) -> str:
        return render_preview(obj, _switch_group(obj)) if obj.pk else "Save the menu to see it."

    @admin.display(description="size")
    def size(self, obj: RichMenu) -> str:
        return f"{obj.width} x {obj.height}" if obj.width else "-"

    @admin.display(description="edited since publish", boolean=True)
    def edited_since_publish(self, obj: RichMenu) -> bool:
        return obj.edited_since_publish

    @admin.display(description="display period log")
    def schedule_log(self, obj: RichMenu) -> str:
        entries = list(obj.schedule_log.all()[:10]) if obj.pk else []
        if not entries:
            return "-"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}: {}{}</li>",
                (
                    (
                        f"{timezone.localtime(e.at):%Y-%m-%d %H:%M}",
                        e.what,
                        f" (failed: {e.error})" if e.error else "",
                    )
                    for e in entries
                ),
            ),
        )

    def _one_menu(self, request: HttpRequest, queryset: QuerySet[RichMenu], what: str) -> RichMenu | None:
        """The one selected menu, or None with an error message when more (or none) are selected."""
        count = queryset.count()
        if count != 1:
            self.message_user(
                request,
                f"{what} works on one rich menu at a time: select one ({count} selected).",
                messages.ERROR,
            )
            return None
        return queryset.get()

    @admin.action(
        description="Publish to LINE (a changed menu is published as a new one)",
        permissions=["publish_richmenu"],
    )
    def publish(self, request: HttpRequest, queryset: QuerySet[RichMenu]) -> None:
        for menu in queryset:
            with line_errors_as_messages(self, request, f"{menu}"):
                result = richmenus.publish(menu)
                self.message_user(
                    request,
                    f"{menu}: published as {menu.line_rich_menu_id}."
                    if result.changed
                    else f"{menu}: LINE is up to date.",
                )
                for warning in result.warnings:
                    self.message_user(request, f"{menu}: {warning}.", messages.WARNING)

    @admin.action(description="Set as the default menu", permissions=["publish_richmenu"])
    def set_default(self, request: HttpRequest, queryset: QuerySet[RichMenu]) -> None:
        menu = self._one_menu(request, queryset, "Set as the default menu")
        if menu is not None:
            with line_errors_as_messages(self, request, f"{menu}"):
                richmenus.set_default(menu)
                self.message_user(request, f"{menu}: now the default menu.")

    def _users_action(
        self, request: HttpRequest, queryset: QuerySet[RichMenu], action: str, title: str
    ) -> Any:
        menu = self._one_menu(request, queryset, title)
        if menu is None:
            return None

        def apply(data: dict[str, Any]) -> None:
            with line_errors_as_messages(self, request, f"{menu}"):
                ids = data["user_ids"]
                if action == "link_users":
                    count = richmenus.link_users(menu, ids)
                    self.message_user(request, f"{count} user(s) linked to {menu}.")
                else:
                    count = richmenus.unlink_users(menu, ids)
                    self.message_user(
                        request, f"{count} user(s) unlinked from their rich menu: they see the default menu."
                    )

        return form_action(self, request, queryset, action, title, UsersForm, apply)

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
        menu = self._one_menu(request, queryset, "Create or switch alias")
        if menu is None:
            return None

        def apply(data: dict[str, Any]) -> None:
            with line_errors_as_messages(self, request, f"{menu}"):
                alias = richmenus.create_or_switch_alias(data["alias_id"], menu)
                self.message_user(request, f"Alias {alias.alias_id} now points at {menu}.")

        return form_action(
            self, request, queryset, "create_or_switch_alias", "Create or switch alias", AliasForm, apply
        )

    @admin.action(description="Delete on LINE (the row stays as a draft)", permissions=["publish_richmenu"])
    def delete_on_line(self, request: HttpRequest, queryset: QuerySet[RichMenu]) -> None:
        for menu in queryset:
            with line_errors_as_messages(self, request, f"{menu}"):
                if richmenus.delete_on_line(menu):
                    self.message_user(request, f"{menu}: deleted on LINE.")
                else:
                    self.message_user(
                        request, f"{menu}: nothing on LINE to delete (a draft).", messages.WARNING
                    )

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

    # ------------------------------------------------- deleting a row deletes the menu on LINE too

    def _delete_on_line_first(self, request: HttpRequest, menu: RichMenu) -> bool:
        """Delete ``menu`` on LINE (menu, aliases, links) before its row; False, with the reason as an
        error message, when LINE refuses (the row stays)."""
        on_line = bool(menu.line_rich_menu_id or menu.aliases.exists())
        if on_line and not self.has_publish_richmenu_permission(request):
            self.message_user(
                request,
                f"{menu}: not deleted: it is on LINE, and deleting it there needs the permission to publish.",
                messages.ERROR,
            )
            return False
        try:
            richmenus.delete_on_line(menu)
        except (ValidationError, LineBotApiError) as err:
            text = "; ".join(err.messages) if isinstance(err, ValidationError) else str(err)
            self.message_user(request, f"{menu}: not deleted, LINE refused: {text}", messages.ERROR)
            return False
        return True

    def delete_model(self, request: HttpRequest, obj: RichMenu) -> None:
        """The delete page: on LINE first (as the REST API's DELETE); a refusal keeps the row."""
        if self._delete_on_line_first(request, obj):
            super().delete_model(request, obj)
        else:
            request._linebot_delete_refused = True  # type: ignore[attr-defined]

    def response_delete(self, request: HttpRequest, obj_display: str, obj_id: Any) -> HttpResponse:
        if getattr(request, "_linebot_delete_refused", False):
            return redirect(reverse("admin:linebot_richmenu_change", args=[obj_id]))
        return super().response_delete(request, obj_display, obj_id)

    # ------------------------------------------------- a change page's button ends on that page

    def _button_page(self, request: HttpRequest) -> str | None:
        """The change page a single-menu button was pressed on (``linebot_button`` posted with one menu
        the user may see), or None for the changelist's bulk actions."""
        if request.method != "POST" or not request.POST.get("linebot_button"):
            return None
        selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
        if len(selected) != 1 or not str(selected[0]).isdigit():
            return None
        if not self.get_queryset(request).filter(pk=int(selected[0])).exists():
            return None
        return reverse("admin:linebot_richmenu_change", args=[int(selected[0])])

    def response_action(
        self, request: HttpRequest, queryset: QuerySet[Any], *args: Any, **kwargs: Any
    ) -> HttpResponse | None:
        """A button of the change page (MENU_BUTTONS) ends on that menu's page, after the action's own
        form too (which carries the button on); the changelist's actions end on the changelist."""
        response = super().response_action(request, queryset, *args, **kwargs)
        page = self._button_page(request)
        if page is None or isinstance(response, TemplateResponse):  # no button, or the action's form
            return response
        if response is None or isinstance(response, HttpResponseRedirect):
            return HttpResponseRedirect(page)
        return response

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        """Django's "Delete selected" deletes on LINE too (see :meth:`delete_selected_on_line`)."""
        actions: dict[str, Any] = dict(super().get_actions(request))
        if "delete_selected" in actions:
            _, name, description = actions["delete_selected"]
            actions["delete_selected"] = (type(self).delete_selected_on_line, name, description)
        return actions

    def delete_selected_on_line(self, request: HttpRequest, queryset: QuerySet[RichMenu]) -> Any:
        """Django's confirmation page; once confirmed, each menu is deleted on LINE, then its row;
        a menu LINE refuses to delete keeps its row, and the message says why."""
        if not request.POST.get("post"):
            return delete_selected(self, request, queryset)
        _, _, perms_needed, protected = self.get_deleted_objects(queryset, request)
        if perms_needed or protected:
            return delete_selected(self, request, queryset)  # Django refuses, as for any model
        deleted = 0
        for menu in queryset:
            if self._delete_on_line_first(request, menu):
                self.log_deletions(request, RichMenu.objects.filter(pk=menu.pk))
                menu.delete()
                deleted += 1
        if deleted:
            self.message_user(request, f"Deleted {deleted} rich menu(s), on LINE and here.", messages.SUCCESS)
        return None
