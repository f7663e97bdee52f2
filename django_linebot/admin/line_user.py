"""LINE users in the admin: a searchable list with the rich menu each user sees, actions (send, link a
rich menu, refresh the profile, make an audience) and each user's conversation."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, OuterRef, QuerySet, Subquery, Value
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from .. import access, audiences, followers, richmenus, send
from ..models import LineUser, RichMenu, RichMenuUserLink
from ..sdk import limits
from .helpers import ReadOnlyAdmin, form_action, has_linebot_perm, line_errors_as_messages


class TextMessageForm(forms.Form):
    """One text message, as LINE takes it."""

    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 64}),
        max_length=limits.MAX_TEXT_LENGTH,
        strip=False,
        help_text="A text message, sent through the outbox.",
    )

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError("Write a message.")
        return text

    def messages(self) -> list[dict[str, Any]]:
        return [{"type": "text", "text": self.cleaned_data["text"]}]


class RichMenuChoiceForm(forms.Form):
    rich_menu = forms.ModelChoiceField(
        queryset=RichMenu.objects.filter(status=RichMenu.Status.PUBLISHED),
        help_text="A menu published on LINE, of the users' channel.",
    )


class AudienceForm(forms.Form):
    description = forms.CharField(
        max_length=limits.AUDIENCE_DESCRIPTION_MAX_LENGTH, help_text="The audience's name on LINE."
    )


def _by_channel(queryset: QuerySet[LineUser]) -> dict[Any, QuerySet[LineUser]]:
    """The selected users grouped by channel (one LINE call per channel)."""
    channels = {user.channel_id: user.channel for user in queryset.select_related("channel").only("channel")}
    return {channel: queryset.filter(channel=channel) for channel in channels.values()}


@admin.register(LineUser)
class LineUserAdmin(ReadOnlyAdmin):
    """The users of each channel (``LINEBOT["TRACK_USERS"]``): viewed here, never edited.

    The "rich menu" column and field show the menu linked to the user (``RichMenuUserLink``), else the
    channel's default menu marked "(default)", linked to the menu's page for who may view rich menus.

    Sending needs ``send_message``, linking a rich menu ``link_richmenu``, refreshing profiles
    ``change_lineuser``, making an audience ``add_audience``.
    """

    list_display = (
        "user_id",
        "display_name",
        "status",
        "channel",
        "language",
        "followed_at",
        "unfollowed_at",
        "last_event_at",
        "rich_menu",
        "conversation_link",
    )
    list_display_links = ("user_id", "display_name")
    list_filter = ("status", ("channel", admin.RelatedOnlyFieldListFilter), "language")
    search_fields = ("user_id", "display_name")
    date_hierarchy = "last_event_at"
    list_select_related = ("channel",)
    readonly_fields = (
        "channel",
        "user_id",
        "display_name",
        "picture_url",
        "language",
        "status",
        "followed_at",
        "unfollowed_at",
        "last_event_at",
        "profile_fetched_at",
        "profile_error",
        "created_at",
        "updated_at",
        "rich_menu",
        "conversation_link",
    )
    fields = readonly_fields
    actions = ["send_message", "link_rich_menu", "refresh_profile", "create_audience"]

    def has_send_message_permission(self, request: HttpRequest) -> bool:
        return has_linebot_perm(request, "send_message")

    def has_link_richmenu_permission(self, request: HttpRequest) -> bool:
        return has_linebot_perm(request, "link_richmenu")

    def has_refresh_profile_permission(self, request: HttpRequest) -> bool:
        """Fetching profiles again changes the rows: the model's change permission (the form is read-only)."""
        return has_linebot_perm(request, "change_lineuser")

    def has_add_audience_permission(self, request: HttpRequest) -> bool:
        return has_linebot_perm(request, "add_audience")

    def get_queryset(self, request: HttpRequest) -> QuerySet[LineUser]:
        """The users, each with the rich menu LINE shows them, in the same query (no query per row):
        the menu linked to the user (``RichMenuUserLink``), else the channel's default menu."""
        links = RichMenuUserLink.objects.filter(channel=OuterRef("channel"), user_id=OuterRef("user_id"))
        defaults = RichMenu.objects.filter(channel=OuterRef("channel"), is_default=True).order_by("-pk")
        menus = self.admin_site._registry.get(RichMenu)
        may_view_menus = menus is not None and menus.has_view_permission(request)
        return (
            super()
            .get_queryset(request)
            .annotate(
                linked_menu_pk=Subquery(links.values("rich_menu_id")[:1]),
                linked_menu_name=Subquery(links.values("rich_menu__name")[:1]),
                default_menu_pk=Subquery(defaults.values("pk")[:1]),
                default_menu_name=Subquery(defaults.values("name")[:1]),
                # what this viewer may open: the menu's admin page needs the rich menus' view permission
                may_view_menus=Value(may_view_menus, output_field=BooleanField()),
            )
        )

    @admin.display(description="rich menu")
    def rich_menu(self, obj: LineUser) -> str:
        """The menu linked to the user, else the channel's default menu marked "(default)"; a link to
        the menu's admin page for a viewer who may see rich menus."""
        pk, name = getattr(obj, "linked_menu_pk", None), getattr(obj, "linked_menu_name", None)
        default = pk is None
        if default:
            pk, name = getattr(obj, "default_menu_pk", None), getattr(obj, "default_menu_name", None)
        if pk is None:
            return "-"
        label = format_html("{} (default)", name) if default else format_html("{}", name)
        if not getattr(obj, "may_view_menus", False):
            return label
        url = reverse("admin:linebot_richmenu_change", args=[pk])
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.display(description="conversation")
    def conversation_link(self, obj: LineUser) -> str:
        if obj.pk is None:
            return "-"
        url = reverse("admin:linebot_lineuser_conversation", args=[obj.pk])
        return format_html('<a href="{}">conversation</a>', url)

    # ---------------------------------------------------------------- actions

    @admin.action(description="Send a text message (through the outbox)", permissions=["send_message"])
    def send_message(self, request: HttpRequest, queryset: QuerySet[LineUser]) -> HttpResponse | None:
        def apply(data: dict[str, Any]) -> None:
            text = [{"type": "text", "text": data["text"]}]
            for channel, users in _by_channel(queryset).items():
                with line_errors_as_messages(self, request, f"{channel}"):
                    ids = users.values_list("user_id", flat=True)
                    if users.count() == 1:
                        message = send.push(channel, str(ids.get()), text)
                    else:
                        # any iterable of IDs: send.multicast streams them in chunks
                        message = send.multicast(channel, ids.iterator(), text)
                    self.message_user(request, f"{channel}: queued as outbox message #{message.pk}.")

        return form_action(
            self, request, queryset, "send_message", "Send a text message", TextMessageForm, apply
        )

    @admin.action(description="Link a rich menu to these users", permissions=["link_richmenu"])
    def link_rich_menu(self, request: HttpRequest, queryset: QuerySet[LineUser]) -> HttpResponse | None:
        def apply(data: dict[str, Any]) -> None:
            menu: RichMenu = data["rich_menu"]
            if not access.may_use_channel(request.user, menu.channel):
                raise PermissionDenied
            users = queryset.filter(channel=menu.channel)
            skipped = queryset.exclude(channel=menu.channel).count()
            with line_errors_as_messages(self, request, f"{menu}"):
                count = richmenus.link_users(menu, users.values_list("user_id", flat=True))
                self.message_user(request, f"{count} user(s) linked to {menu}.")
            if skipped:
                text = f"{skipped} user(s) of another channel than the menu's were skipped."
                self.message_user(request, text, messages.WARNING)

        return form_action(
            self, request, queryset, "link_rich_menu", "Link a rich menu", self._menu_form(request), apply
        )

    def _menu_form(self, request: HttpRequest) -> type[forms.Form]:
        menus = access.restrict(RichMenu.objects.filter(status=RichMenu.Status.PUBLISHED), request.user)

        class Form(RichMenuChoiceForm):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self.fields["rich_menu"].queryset = menus  # type: ignore[attr-defined]

        return Form

    @admin.action(description="Fetch the profiles from LINE again", permissions=["refresh_profile"])
    def refresh_profile(self, request: HttpRequest, queryset: QuerySet[LineUser]) -> None:
        queued = sum(1 for pk in queryset.values_list("pk", flat=True) if followers.queue_profile_fetch(pk))
        self.message_user(request, f"Queued the profile fetch of {queued} user(s).")

    @admin.action(description="Upload these users to LINE as an audience", permissions=["add_audience"])
    def create_audience(self, request: HttpRequest, queryset: QuerySet[LineUser]) -> HttpResponse | None:
        def apply(data: dict[str, Any]) -> None:
            for channel, users in _by_channel(queryset).items():
                with line_errors_as_messages(self, request, f"{channel}"):
                    audience = audiences.upload(channel, data["description"], users)
                    count = audience.uploaded_count
                    self.message_user(request, f"{channel}: audience {audience} uploaded ({count} user(s)).")

        return form_action(
            self, request, queryset, "create_audience", "Upload as an audience", AudienceForm, apply
        )

    # ----------------------------------------------------------- conversation

    def get_urls(self) -> list[URLPattern]:
        extra = [
            path(
                "<path:object_id>/conversation/",
                self.admin_site.admin_view(self.conversation_view),
                name="linebot_lineuser_conversation",
            )
        ]
        return extra + super().get_urls()

    def conversation_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The user's events and the bot's messages as chat bubbles, and a box to send a message."""
        user = self.get_object(request, object_id)
        if user is None:
            raise Http404("No such LINE user.")
        if not self.has_view_permission(request, user):
            raise PermissionDenied
        may_send = self.has_send_message_permission(request)
        form = TextMessageForm()
        if request.method == "POST":
            if not may_send:
                raise PermissionDenied
            form = TextMessageForm(request.POST)
            if form.is_valid():
                with line_errors_as_messages(self, request, "Not sent"):
                    message = send.push(user.channel, user.user_id, form.messages())
                    self.message_user(request, f"Queued as outbox message #{message.pk}.")
                    return HttpResponseRedirect(request.path)
        items = followers.timeline(user)
        counts: dict[str, int] = defaultdict(int)
        for item in items:
            counts["in" if item.incoming else "out"] += 1
        context = {
            **self.admin_site.each_context(request),
            "title": f"Conversation with {user}",
            "opts": self.model._meta,
            "original": user,
            "line_user": user,
            "items": items,
            "counts": dict(counts),
            "form": form if may_send else None,
        }
        return TemplateResponse(request, "admin/linebot/lineuser/conversation.html", context)
