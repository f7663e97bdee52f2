from __future__ import annotations

from django.db import models
from django.utils import timezone

from ..fields import EncryptedTextField


class ChannelAccessToken(models.Model):
    """One access token issued by LINE for a channel."""

    class Kind(models.TextChoices):
        SHORT_LIVED = "short_lived", "short-lived"
        V2_1 = "v2_1", "v2.1"
        STATELESS = "stateless", "stateless"

    channel = models.ForeignKey("linebot.Channel", on_delete=models.CASCADE, related_name="access_tokens")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    token = EncryptedTextField()
    key_id = models.CharField(max_length=64, blank=True, help_text="LINE's key ID for a v2.1 token.")
    issued_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "linebot"
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["channel", "revoked_at", "expires_at"], name="linebot_token_valid")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} token {self.key_id or self.pk} for {self.channel}"

    def __repr__(self) -> str:
        return f"<ChannelAccessToken {self.pk} {self.kind} key_id={self.key_id!r}>"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
