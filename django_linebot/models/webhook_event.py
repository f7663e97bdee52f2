from __future__ import annotations

from django.db import models
from django.utils import timezone

from ..sdk.events import Event, make_event


class WebhookEvent(models.Model):
    """One webhook event as LINE delivered it, stored before it is dispatched."""

    class Status(models.TextChoices):
        PENDING = "pending", "pending"
        PROCESSED = "processed", "processed"
        FAILED = "failed", "failed"

    #: With ``webhook_event_id``, the scope of de-duplication: the channel's primary key, not its
    #: slug (a slug can be renamed, and a new channel can reuse an old one). No index of its own:
    #: the unique constraint's index starts with it (every index is written at each stored event).
    channel = models.ForeignKey(
        "linebot.Channel", on_delete=models.CASCADE, related_name="webhook_events", db_index=False
    )
    webhook_event_id = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 - NULL: no id, no dedupe
    #: Not indexed: the event log is read by date (the admin's list, the dashboard), and two indexes
    #: of it (PostgreSQL adds a ``LIKE`` one) cost every stored event more than they saved.
    event_type = models.CharField(max_length=64)
    #: ``source.userId`` of the event ("" if none), copied when the row is stored so that a user's
    #: events are found through an index (the conversation page, the admin's search by user ID),
    #: not by reading every payload.
    user_id = models.CharField("LINE user ID", max_length=64, blank=True, default="")
    payload = models.JSONField()
    destination = models.CharField(max_length=64, blank=True)
    mode = models.CharField(max_length=16, blank=True)
    is_redelivery = models.BooleanField(default=False)
    timestamp = models.BigIntegerField(null=True, blank=True, help_text="LINE's timestamp (ms).")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    #: Set by the store (a delivery's events a microsecond apart, in LINE's order), not at save:
    #: ``auto_now_add`` would overwrite it there.
    received_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "linebot"
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "webhook_event_id"],
                name="linebot_webhookevent_unique_per_channel",
            )
        ]
        indexes = [
            models.Index(fields=["status", "received_at"], name="linebot_we_status_received"),
            models.Index(fields=["user_id", "channel", "received_at"], name="linebot_we_user_channel"),
        ]
        permissions = [("replay_webhookevent", "Can replay webhook events (receivers run and reply again)")]

    def __str__(self) -> str:
        return f"{self.event_type} {self.webhook_event_id or self.pk}"

    @property
    def event(self) -> Event:
        """The typed SDK event for this row."""
        return make_event(self.payload)


class ChannelDispatch(models.Model):
    """Whether a task draining a channel's stored events is on its way (``DISPATCH = "celery"``, PostgreSQL).

    The webhook queues ``linebot.dispatch_channel_events`` for a channel only when none is queued and
    not started yet (``queued_at`` empty, or older than ``inbound.WAKEUP_SECONDS``); the task empties
    ``queued_at`` when it starts, then dispatches every event of the channel not dispatched yet. So a
    busy channel's deliveries share tasks instead of each queueing one. One row per channel, made on
    its first delivery; not shown in the admin.
    """

    channel = models.OneToOneField(
        "linebot.Channel", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "linebot"

    def __str__(self) -> str:
        return f"dispatch of channel {self.channel_id}: {'queued' if self.queued_at else 'idle'}"
