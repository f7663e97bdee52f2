from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from ..conf import app_settings
from ..crypto import Undecryptable, readable
from ..fields import EncryptedTextField
from ..sdk.signature import validate_signature

#: How long a previous channel secret stays valid when no end is given (``rotate_secret``, the admin).
PREVIOUS_SECRET_DEFAULT_VALIDITY = timedelta(days=1)

#: The fields of the settings channel's row that come from ``LINEBOT`` (and their keys there).
SETTINGS_SECRETS = {
    "channel_secret": "CHANNEL_SECRET",
    "previous_channel_secret": "PREVIOUS_CHANNEL_SECRET",
    "channel_access_token": "CHANNEL_ACCESS_TOKEN",
}


class Channel(models.Model):
    """A LINE Messaging API channel this site serves.

    The channel configured in ``LINEBOT`` alone is a row too (``from_settings``, made on first
    use by :func:`django_linebot.channels.settings_channel`): its secret, previous secret and
    access token are read from ``LINEBOT`` whenever the row is loaded, and never stored.
    """

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
    from_settings = models.BooleanField(
        "from LINEBOT settings",
        default=False,
        editable=False,
        help_text="The channel configured in LINEBOT: its secrets are read from there, never stored.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "linebot"
        ordering = ["name"]
        permissions = [
            ("manage_tokens", "Can issue, rotate and revoke the channel's access tokens on LINE"),
            ("configure_on_line", "Can change the channel's settings on LINE (webhook URL, test)"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["from_settings"],
                condition=Q(from_settings=True),
                name="linebot_channel_one_from_settings",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<Channel {self.slug!r}>"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save; a previous secret with no end is given the default one (a day from now).

        The settings channel's row stores ``""`` for the secrets it reads from ``LINEBOT``.
        """
        if self.from_settings:
            held = {name: getattr(self, name) for name in SETTINGS_SECRETS}
            for name in held:
                setattr(self, name, "")
            try:
                super().save(*args, **kwargs)
            finally:
                for name, value in held.items():
                    setattr(self, name, value)
            return
        if self.previous_channel_secret and self.previous_secret_valid_until is None:
            self.previous_secret_valid_until = timezone.now() + PREVIOUS_SECRET_DEFAULT_VALIDITY
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "previous_secret_valid_until" not in update_fields:
                kwargs["update_fields"] = [*update_fields, "previous_secret_valid_until"]
        super().save(*args, **kwargs)

    @classmethod
    def from_db(
        cls, db: str | None, field_names: Collection[str], values: Collection[Any], **kwargs: Any
    ) -> Channel:
        """The row as loaded; the settings channel's secrets are read from ``LINEBOT`` here."""
        channel = super().from_db(db, field_names, values, **kwargs)
        if channel.__dict__.get("from_settings"):
            channel.read_settings_secrets()
        return channel

    def read_settings_secrets(self) -> None:
        """Set the secrets of the settings channel from ``LINEBOT`` (in memory only)."""
        for name, key in SETTINGS_SECRETS.items():
            setattr(self, name, getattr(app_settings, key) or "")
        self.previous_secret_valid_until = None  # LINEBOT's previous secret has no end

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

    def _refuse_settings_secrets(self, what: str) -> None:
        if self.from_settings:
            raise ValueError(
                f"{self!r} is the channel in LINEBOT settings: {what} there "
                "(CHANNEL_SECRET, PREVIOUS_CHANNEL_SECRET), not on the row."
            )

    def rotate_secret(self, new_secret: str, window: datetime | None = None) -> None:
        """Make ``new_secret`` current; keep accepting the old one until ``window``.

        Without ``window`` the old secret is accepted for
        :data:`PREVIOUS_SECRET_DEFAULT_VALIDITY` (a day); :meth:`end_previous_secret` ends it at once.
        ``ValueError`` for the settings channel, whose secrets are changed in ``LINEBOT``.
        """
        self._refuse_settings_secrets("rotate its secret")
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
        """Stop accepting the previous secret now: it and its end are cleared.

        ``ValueError`` for the settings channel, whose secrets are changed in ``LINEBOT``.
        """
        self._refuse_settings_secrets("end its previous secret")
        self.previous_channel_secret = ""
        self.previous_secret_valid_until = None
        self.save(update_fields=["previous_channel_secret", "previous_secret_valid_until", "updated_at"])
