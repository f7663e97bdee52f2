from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import localize
from django.utils.html import escape
from django.views.decorators.debug import sensitive_post_parameters

from ..channels import get_api, issue_token, revoke_token, rotate_tokens
from ..crypto import CANNOT_DECRYPT
from ..models import Channel, ChannelAccessToken
from ..models.channel import PREVIOUS_SECRET_DEFAULT_VALIDITY, SETTINGS_SECRETS
from ..richmenus import sync
from ..sdk import limits
from ..sdk.validation import validate_webhook_url
from .helpers import ChannelScopedAdmin, ReadOnlyAdmin, form_action, has_linebot_perm, line_errors_as_messages

SECRET_FIELDS = ("channel_secret", "previous_channel_secret", "channel_access_token", "assertion_private_key")
FIELDS = (
    "name",
    "slug",
    "is_active",
    "channel_id",
    "bot_user_id",
    "channel_secret",
    "previous_channel_secret",
    "previous_secret_valid_until",
    "end_previous_secret",
    "auth_mode",
    "channel_access_token",
    "assertion_private_key",
    "assertion_key_id",
)


def previous_secret_state(channel: Channel) -> str:
    """Until when the channel's previous secret is accepted, in words."""
    if not channel.previous_channel_secret:
        return "No previous secret."
    until = channel.previous_secret_valid_until
    if until is None:
        return "The previous secret is accepted with no end (it gets one a day from the next save)."
    verb = "is accepted until" if until > timezone.now() else "was accepted until"
    return f"The previous secret {verb} {localize(timezone.localtime(until))}."


def stored_secret_state(channel: Channel, name: str) -> str:
    """What the admin says of a stored secret, never the secret itself."""
    if channel.from_settings and name in SETTINGS_SECRETS:
        return "From LINEBOT settings" + (" (set)" if getattr(channel, name) else " (not set)")
    if name in channel.undecryptable_fields:
        return f"Stored, but {CANNOT_DECRYPT}"
    return "Stored (hidden)" if getattr(channel, name) else "Not set"


class ChannelForm(forms.ModelForm):
    """Secrets are write-only: never rendered back; left blank, they keep their value."""

    end_previous_secret = forms.BooleanField(
        required=False,
        label="End the previous secret now",
        help_text="Webhooks signed with the previous secret are refused from now on.",
    )

    class Meta:
        model = Channel
        fields = [name for name in FIELDS if name != "end_previous_secret"]
        widgets = {name: forms.PasswordInput(render_value=False) for name in SECRET_FIELDS}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in SECRET_FIELDS:
            if self.instance.pk and name in self.fields:
                self.fields[name].required = False
                self.fields[
                    name
                ].help_text = f"{stored_secret_state(self.instance, name)}. Leave blank to keep it."
        if "slug" in self.fields:
            # The admin renders help texts as HTML: unescaped, "<slug>" would be an unknown tag.
            self.fields["slug"].help_text = escape(self.fields["slug"].help_text)
        if "previous_secret_valid_until" in self.fields:
            days = PREVIOUS_SECRET_DEFAULT_VALIDITY / timedelta(days=1)
            state = previous_secret_state(self.instance) + " " if self.instance.pk else ""
            self.fields["previous_secret_valid_until"].help_text = (
                f"{state}Until then, webhooks signed with the previous secret are accepted; "
                f"left empty, a new previous secret is accepted for {days:g} day(s)."
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.instance.from_settings:
            return data  # its secrets and token are LINEBOT's: not on this form
        if self.instance.pk:
            for name in SECRET_FIELDS:
                if not data.get(name):
                    data[name] = getattr(self.instance, name)
        if data.get("end_previous_secret"):
            data["previous_channel_secret"] = ""
            data["previous_secret_valid_until"] = None
        mode = data.get("auth_mode")
        if mode == Channel.AuthMode.LONG_LIVED and not data.get("channel_access_token"):
            self.add_error(
                "channel_access_token", "The long-lived mode needs the token from the LINE console."
            )
        if mode != Channel.AuthMode.LONG_LIVED and not data.get("channel_id"):
            self.add_error("channel_id", "Issuing tokens needs the LINE channel ID.")
        if mode == Channel.AuthMode.V2_1:
            if not data.get("assertion_private_key"):
                self.add_error("assertion_private_key", "v2.1 tokens need the assertion private key.")
            if not data.get("assertion_key_id"):
                self.add_error("assertion_key_id", "v2.1 tokens need the key ID LINE gave the public key.")
        return data


def webhook_test_in_words(result: Any) -> str:
    """LINE's answer to a webhook test (success, statusCode, reason, detail) as a sentence."""
    data = result if isinstance(result, dict) else {}
    status = data.get("statusCode")
    if data.get("success") is True:
        return f"LINE reached the webhook: HTTP {status}."
    reason = " ".join(str(data[key]) for key in ("reason", "detail") if data.get(key)) or "no reason given"
    where = f" (HTTP {status})" if status else ""
    return f"LINE could not reach the webhook{where}: failed: {reason}."


class WebhookURLForm(forms.Form):
    url = forms.URLField(
        label="Webhook URL",
        assume_scheme=limits.WEBHOOK_URL_SCHEME,
        max_length=limits.WEBHOOK_URL_MAX_LENGTH,
        help_text=f"LINE only accepts {limits.WEBHOOK_URL_SCHEME}:// URLs.",
    )

    def clean_url(self) -> str:
        try:
            return validate_webhook_url(self.cleaned_data["url"])
        except ValueError as exc:
            raise ValidationError(str(exc)) from None


class ChannelAccessTokenInline(admin.TabularInline):
    model = ChannelAccessToken
    fields = ("kind", "key_id", "issued_at", "expires_at", "revoked_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Channel)
class ChannelAdmin(ChannelScopedAdmin):
    """Channels: secrets write-only (and kept out of error reports); every action needs its permission."""

    channel_field = "pk"
    form = ChannelForm
    fields = FIELDS
    list_display = (
        "name",
        "slug",
        "channel_id",
        "auth_mode",
        "is_active",
        "webhook_path",
        "secrets",
        "previous_secret",
        "updated_at",
    )
    list_filter = ("is_active", "auth_mode")
    search_fields = ("name", "slug", "channel_id", "bot_user_id")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [ChannelAccessTokenInline]
    actions = [
        "issue_token",
        "revoke_tokens",
        "rotate_tokens",
        "set_webhook_url",
        "test_webhook",
        "sync_rich_menus",
        "end_previous_secret",
    ]

    @method_decorator(sensitive_post_parameters(*SECRET_FIELDS))
    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """The add and change pages: the posted secrets never reach an error report.

        The change page shows the channel's absolute webhook URL (built from the request) to copy."""
        channel = self.get_object(request, object_id) if object_id else None
        if channel is not None:
            extra_context = {
                **(extra_context or {}),
                "webhook_url": self.absolute_webhook_url(request, channel),
            }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_fields(self, request: HttpRequest, obj: Channel | None = None) -> Any:
        """For a user who may only view, and for the settings channel (whose secrets are LINEBOT's):
        what each secret's state is, in place of the secrets."""
        if obj is not None and (obj.from_settings or not self.has_change_permission(request, obj)):
            hidden = {*SECRET_FIELDS, "end_previous_secret"}
            return [*(name for name in FIELDS if name not in hidden), "stored_secrets"]
        return super().get_fields(request, obj)

    def get_prepopulated_fields(self, request: HttpRequest, obj: Channel | None = None) -> Any:
        if obj is not None and obj.from_settings:
            return {}  # its slug is read-only
        return super().get_prepopulated_fields(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Channel | None = None) -> Any:
        if obj is not None and obj.from_settings:
            return ("slug", "auth_mode", "previous_secret_valid_until", "stored_secrets")
        if obj is not None and not self.has_change_permission(request, obj):
            return ("stored_secrets",)
        return super().get_readonly_fields(request, obj)

    @admin.display(description="stored secrets")
    def stored_secrets(self, obj: Channel) -> str:
        """Each secret's state (stored, not set, cannot decrypt), never its value."""
        states = [f"{name}: {stored_secret_state(obj, name)}" for name in SECRET_FIELDS]
        return "; ".join([*states, previous_secret_state(obj)])

    def has_manage_tokens_permission(self, request: HttpRequest) -> bool:
        return has_linebot_perm(request, "manage_tokens")

    def has_configure_on_line_permission(self, request: HttpRequest) -> bool:
        return has_linebot_perm(request, "configure_on_line")

    def has_publish_richmenu_permission(self, request: HttpRequest) -> bool:
        return has_linebot_perm(request, "publish_richmenu")

    def absolute_webhook_url(self, request: HttpRequest, channel: Channel) -> str:
        """The channel's webhook URL on this host, as LINE takes it: https:// even when the admin is
        reached over http:// (behind a proxy that ends TLS, or in development)."""
        url = request.build_absolute_uri(self.webhook_path(channel))
        return url.replace("http://", f"{limits.WEBHOOK_URL_SCHEME}://", 1)

    @admin.display(description="webhook")
    def webhook_path(self, obj: Channel) -> str:
        if obj.from_settings:
            return reverse("linebot:webhook")
        return reverse("linebot:webhook-channel", kwargs={"slug": obj.slug})

    @admin.display(description="stored secrets")
    def secrets(self, obj: Channel) -> str:
        return CANNOT_DECRYPT if obj.undecryptable_fields else "ok"

    @admin.display(description="previous secret")
    def previous_secret(self, obj: Channel) -> str:
        return previous_secret_state(obj)

    @admin.action(description="End the previous secret now", permissions=["change"])
    def end_previous_secret(self, request: HttpRequest, queryset: QuerySet[Channel]) -> None:
        for channel in queryset:
            with line_errors_as_messages(self, request, f"{channel}"):
                channel.end_previous_secret()
                self.message_user(request, f"{channel}: the previous secret is no longer accepted.")

    @admin.action(description="Issue a new access token", permissions=["manage_tokens"])
    def issue_token(self, request: HttpRequest, queryset: QuerySet[Channel]) -> None:
        for channel in queryset:
            with line_errors_as_messages(self, request, f"{channel}"):
                token = issue_token(channel)
                self.message_user(
                    request, f"{channel}: issued a token valid until {token.expires_at:%Y-%m-%d %H:%M}."
                )

    @admin.action(description="Revoke all valid access tokens", permissions=["manage_tokens"])
    def revoke_tokens(self, request: HttpRequest, queryset: QuerySet[Channel]) -> None:
        for channel in queryset:
            with line_errors_as_messages(self, request, f"{channel}"):
                tokens = list(channel.access_tokens.filter(revoked_at__isnull=True))
                for token in tokens:
                    revoke_token(token)
                self.message_user(request, f"{channel}: revoked {len(tokens)} token(s).")

    @admin.action(description="Rotate access tokens that expire soon", permissions=["manage_tokens"])
    def rotate_tokens(self, request: HttpRequest, queryset: QuerySet[Channel]) -> None:
        rotating = [
            c for c in queryset if c.auth_mode in (Channel.AuthMode.SHORT_LIVED, Channel.AuthMode.V2_1)
        ]
        with line_errors_as_messages(self, request, "Rotation"):
            for line in rotate_tokens(rotating):
                self.message_user(request, line)

    @admin.action(description="Set the webhook URL on LINE", permissions=["configure_on_line"])
    def set_webhook_url(self, request: HttpRequest, queryset: QuerySet[Channel]) -> HttpResponse | None:
        def apply(data: dict[str, Any]) -> None:
            for channel in queryset:
                with line_errors_as_messages(self, request, f"{channel}"):
                    get_api(channel, raise_errors=False).set_webhook_url(data["url"]).raise_for_status()
                    self.message_user(request, f"{channel}: webhook URL set to {data['url']}.")

        first = queryset.first()
        initial = {"url": self.absolute_webhook_url(request, first) if first else ""}
        return form_action(
            self, request, queryset, "set_webhook_url", "Set the webhook URL", WebhookURLForm, apply, initial
        )

    @admin.action(
        description="Test the webhook URL (LINE sends a test event)", permissions=["configure_on_line"]
    )
    def test_webhook(self, request: HttpRequest, queryset: QuerySet[Channel]) -> None:
        for channel in queryset:
            with line_errors_as_messages(self, request, f"{channel}"):
                res = get_api(channel, raise_errors=False).test_webhook_endpoint().raise_for_status()
                self.message_user(
                    request,
                    f"{channel}: {webhook_test_in_words(res.data)}",
                    (messages.SUCCESS if res.data.get("success") is True else messages.WARNING),
                )

    @admin.action(description="Sync rich menus from LINE", permissions=["publish_richmenu"])
    def sync_rich_menus(self, request: HttpRequest, queryset: QuerySet[Channel]) -> None:
        for channel in queryset:
            with line_errors_as_messages(self, request, f"{channel}"):
                result = sync(channel)
                self.message_user(
                    request,
                    f"{channel}: {result['on_line']} menu(s) on LINE, {result['imported']} imported, "
                    f"{result['gone']} marked gone.",
                )


@admin.register(ChannelAccessToken)
class ChannelAccessTokenAdmin(ReadOnlyAdmin):
    """Issued tokens: a read-only log (the token itself is never shown); revoking needs manage_tokens."""

    list_display = ("channel", "kind", "key_id", "issued_at", "expires_at", "revoked_at")
    list_filter = ("kind", ("channel", admin.RelatedOnlyFieldListFilter), "revoked_at")
    search_fields = ("key_id", "channel__name", "channel__slug")
    fields = ("channel", "kind", "key_id", "issued_at", "expires_at", "revoked_at")
    readonly_fields = fields
    actions = ["revoke"]

    def has_manage_tokens_permission(self, request: HttpRequest) -> bool:
        return has_linebot_perm(request, "manage_tokens")

    @admin.action(description="Revoke the selected tokens", permissions=["manage_tokens"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ChannelAccessToken]) -> None:
        done = 0
        for token in queryset.filter(revoked_at__isnull=True):
            with line_errors_as_messages(self, request, f"{token}"):
                revoke_token(token)
                done += 1
        self.message_user(request, f"Revoked {done} token(s).")
