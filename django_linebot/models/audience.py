"""Audiences: groups of users LINE keeps, the recipients of narrowcasts."""

from __future__ import annotations

from typing import Any

from django.db import models

from ..sdk import limits


class Audience(models.Model):
    """An audience group on LINE, made by :mod:`django_linebot.audiences`.

    An upload audience holds the user IDs uploaded (from a queryset of
    :class:`~django_linebot.models.LineUser` or any IDs); a click or impression audience holds the
    users who clicked a link of, or saw, a broadcast or narrowcast (by its request ID). LINE
    prepares it (``in_progress``) before it can be used (``ready``); it may fail, and it expires.
    """

    class Kind(models.TextChoices):
        UPLOAD = "upload", "uploaded user IDs"
        CLICK = "click", "clicked a message"
        IMPRESSION = "impression", "saw a message"

    class Status(models.TextChoices):
        DRAFT = "draft", "not on LINE"
        IN_PROGRESS = "in_progress", "in progress"
        READY = "ready", "ready"
        FAILED = "failed", "failed"
        EXPIRED = "expired", "expired"
        INACTIVE = "inactive", "inactive"
        ACTIVATING = "activating", "activating"
        GONE = "gone", "deleted on LINE"

    channel = models.ForeignKey("linebot.Channel", on_delete=models.CASCADE, related_name="audiences")
    description = models.CharField(
        max_length=limits.AUDIENCE_DESCRIPTION_MAX_LENGTH, help_text="The audience's name on LINE."
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.UPLOAD)
    audience_group_id = models.BigIntegerField("LINE audience group ID", null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    failed_type = models.CharField(max_length=64, blank=True, help_text="LINE's reason when it failed.")
    audience_count = models.PositiveIntegerField(default=0, help_text="Users LINE counts in it.")
    uploaded_count = models.PositiveIntegerField(default=0, help_text="User IDs uploaded from here.")
    request_id = models.CharField(
        "message request ID", max_length=64, blank=True, help_text="click and impression audiences."
    )
    click_url = models.URLField(max_length=1000, blank=True)
    message = models.ForeignKey(
        "linebot.OutgoingMessage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audiences",
        help_text="click and impression audiences: the message they were made from.",
    )
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    synced_at = models.DateTimeField(null=True, blank=True, help_text="When LINE's status was last read.")

    class Meta:
        app_label = "linebot"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "audience_group_id"], name="linebot_audience_unique_group_per_channel"
            )
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def recipient(self) -> dict[str, Any]:
        """The narrowcast recipient object for this audience (``send.narrowcast(..., recipient=...)``).

        ``ValueError`` while the audience is not on LINE.
        """
        if self.audience_group_id is None:
            raise ValueError(f"audience {self.description!r} is not on LINE yet: upload it first")
        return {"type": "audience", "audienceGroupId": self.audience_group_id}
