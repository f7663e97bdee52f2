from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import models
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from ..clients import get_client
from ..conf import app_settings
from ..crypto import Undecryptable, readable
from ..fields import EncryptedTextField
from ..sdk import LineBotApi
from ..sdk.signature import validate_signature

#: How long a previous channel secret stays valid when no end is given (``rotate_secret``, the admin).
PREVIOUS_SECRET_DEFAULT_VALIDITY = timedelta(days=1)


class _ChannelMixin:
    """What the webhook and the senders need of a channel, in a row or in settings."""

    channel_secret: str
    previous_channel_secret: str
    previous_secret_valid_until: datetime | None

    @sensitive_variables()
    def check_signature(self, body: bytes, signature: str | None) -> bool:
        """The current secret, or the previous one while its rotation window is open.

        Raises :class:`~django_linebot.crypto.SecretNotReadable` if the secret cannot be decrypted.
        """
        if validate_signature(body, signature, readable(self.channel_secret, f"{self!r}'s channel secret")):
            return True
        previous = self.previous_channel_secret
        if previous and (
            self.previous_secret_valid_until is None or timezone.now() < self.previous_secret_valid_until
        ):
            return validate_signature(body, signature, readable(previous, f"{self!r}'s previous secret"))
        return False

    @property
    def undecryptable_fields(self) -> list[str]:
        """Names of the stored secrets the configured ``ENCRYPTION_KEY`` cannot decrypt."""
        return [name for name, value in vars(self).items() if isinstance(value, Undecryptable)]

    def get_access_token(self) -> str:
        raise NotImplementedError

    @property
    def client_key(self) -> object:
        raise NotImplementedError

    @sensitive_variables()
    def get_api(self, raise_errors: bool | None = None) -> LineBotApi:
        """A ready client for this channel, with a valid access token (pooled, shared between requests).

        Its calls raise the typed ``LineBotApiError`` when LINE refuses them, unless
        ``raise_errors=False`` (or ``LINEBOT["RAISE_LINE_ERRORS"] = False``) asks for the
        SDK's plain responses.
        """
        return get_client(self.client_key, self.channel_secret, self.get_access_token(), raise_errors)


class Channel(_ChannelMixin, models.Model):
    """A LINE Messaging API channel this site serves."""

    class AuthMode(models.TextChoices):
        LONG_LIVED = "long_lived", "long-lived token pasted in"
        SHORT_LIVED = "short_lived", "short-lived tokens (channel ID + secret)"
        V2_1 = "v2_1", "v2.1 tokens (JWT signed with an assertion key)"
        STATELESS = "stateless", "stateless tokens (15 minutes)"

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=64, unique=True, help_text="The webhook URL is …/webhook/<slug>/.")
    channel_id = models.CharField("LINE channel ID", max_length=32, blank=True)
    bot_user_id = models.CharField(
        "bot user ID", max_length=64, blank=True, help_text="The webhook 'destination'."
    )
    channel_secret = EncryptedTextField()
    previous_channel_secret = EncryptedTextField(blank=True)
    previous_secret_valid_until = models.DateTimeField(
        null=True, blank=True, help_text="Until then, webhooks signed with the previous secret are accepted."
    )
    auth_mode = models.CharField(max_length=16, choices=AuthMode.choices, default=AuthMode.LONG_LIVED)
    channel_access_token = EncryptedTextField(
        "long-lived access token", blank=True, help_text="Only for the long-lived mode."
    )
    assertion_private_key = EncryptedTextField(
        blank=True, help_text="v2.1 only: the RSA private key (JWK JSON or PEM) of the assertion key pair."
    )
    assertion_key_id = models.CharField(
        "assertion key ID",
        max_length=64,
        blank=True,
        help_text="v2.1 only: the kid LINE gave the public key.",
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "linebot"
        ordering = ["name"]
        permissions = [
            ("manage_tokens", "Can issue, rotate and revoke the channel's access tokens on LINE"),
            ("configure_on_line", "Can change the channel's settings on LINE (webhook URL, test)"),
        ]

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<Channel {self.slug!r}>"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save; a previous secret with no end is given the default one (a day from now)."""
        if self.previous_channel_secret and self.previous_secret_valid_until is None:
            self.previous_secret_valid_until = timezone.now() + PREVIOUS_SECRET_DEFAULT_VALIDITY
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "previous_secret_valid_until" not in update_fields:
                kwargs["update_fields"] = [*update_fields, "previous_secret_valid_until"]
        super().save(*args, **kwargs)

    @property
    def client_key(self) -> object:
        return ("channel", self.pk)

    @sensitive_variables()
    def get_access_token(self) -> str:
        """The long-lived token, or a valid issued one (issuing it now if needed)."""
        if self.auth_mode == self.AuthMode.LONG_LIVED:
            return readable(self.channel_access_token, f"{self!r}'s access token")
        from ..tokens import get_issued_token

        return get_issued_token(self)

    def rotate_secret(self, new_secret: str, window: datetime | None = None) -> None:
        """Make ``new_secret`` current; keep accepting the old one until ``window``.

        Without ``window`` the old secret is accepted for
        :data:`PREVIOUS_SECRET_DEFAULT_VALIDITY` (a day); :meth:`end_previous_secret` ends it at once.
        """
        self.previous_channel_secret = self.channel_secret
        self.previous_secret_valid_until = window or timezone.now() + PREVIOUS_SECRET_DEFAULT_VALIDITY
        self.channel_secret = new_secret
        self.save(
            update_fields=[
                "channel_secret",
                "previous_channel_secret",
                "previous_secret_valid_until",
                "updated_at",
            ]
        )

    def end_previous_secret(self) -> None:
        """Stop accepting the previous secret now: it and its end are cleared."""
        self.previous_channel_secret = ""
        self.previous_secret_valid_until = None
        self.save(update_fields=["previous_channel_secret", "previous_secret_valid_until", "updated_at"])


class SettingsChannel(_ChannelMixin):
    """The channel configured in ``LINEBOT`` alone, with no database row."""

    pk = None
    id = None
    slug = ""
    name = "settings"
    is_active = True
    previous_secret_valid_until = None
    client_key = ("settings",)

    def __init__(self) -> None:
        self.channel_secret = app_settings.CHANNEL_SECRET or ""
        self.channel_access_token = app_settings.CHANNEL_ACCESS_TOKEN or ""
        self.previous_channel_secret = app_settings.PREVIOUS_CHANNEL_SECRET or ""

    def get_access_token(self) -> str:
        return self.channel_access_token

    @property
    def is_configured(self) -> bool:
        return bool(self.channel_secret)

    def __repr__(self) -> str:
        return "<SettingsChannel>"

    def __str__(self) -> str:
        return "LINEBOT settings"


class OnChannel:
    """For models with a nullable ``channel``: an empty one means the channel in ``LINEBOT`` settings."""

    channel: Channel | None
    channel_id: int | None

    def get_channel(self) -> Channel | SettingsChannel:
        return self.channel if self.channel_id else SettingsChannel()
