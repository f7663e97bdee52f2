from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django.db import models, transaction
from django.db.models import Count
from django.utils import timezone


class TouchingQuerySet(models.QuerySet):
    """A queryset whose ``update()`` also sets ``updated_at`` to now, unless given.

    ``auto_now`` fires on ``save()`` only: without this, a status changed with
    ``update()`` would leave ``updated_at`` behind, and ``requeue_stale_chunks`` would
    take a chunk in flight for a stale one and queue it twice.
    """

    def update(self, **kwargs: Any) -> int:
        kwargs.setdefault("updated_at", timezone.now())
        return super().update(**kwargs)


class OutgoingMessage(models.Model):
    """One send request made through :mod:`django_linebot.send`, delivered by Celery tasks.

    A multicast to any number of users is one message with one :class:`OutgoingChunk`
    per 500 recipients; every other kind has exactly one chunk.
    """

    class Kind(models.TextChoices):
        REPLY = "reply", "reply"
        PUSH = "push", "push"
        MULTICAST = "multicast", "multicast"
        BROADCAST = "broadcast", "broadcast"
        NARROWCAST = "narrowcast", "narrowcast"

    class Status(models.TextChoices):
        QUEUED = "queued", "queued"
        SENDING = "sending", "sending"
        SENT = "sent", "sent"
        PARTIAL = "partial", "partly failed"
        FAILED = "failed", "failed"
        CANCELLED = "cancelled", "cancelled"

    channel = models.ForeignKey("linebot.Channel", on_delete=models.CASCADE, related_name="outgoing_messages")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    to = models.CharField(max_length=100, blank=True, help_text="push: the user, group or room ID.")
    reply_token = models.CharField(max_length=100, blank=True)
    recipient_count = models.PositiveIntegerField(default=0)
    recipient = models.JSONField(null=True, blank=True, help_text="narrowcast: the recipient object.")
    filter = models.JSONField(null=True, blank=True, help_text="narrowcast: the filter object.")
    limit = models.JSONField(null=True, blank=True, help_text="narrowcast: the limit object.")
    messages = models.JSONField()
    notification_disabled = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = TouchingQuerySet.as_manager()

    class Meta:
        app_label = "linebot"
        ordering = ["-created_at", "-id"]
        permissions = [("send_message", "Can send messages to LINE users (push, multicast, broadcast, ...)")]

    def __str__(self) -> str:
        target = self.to or (f"{self.recipient_count} users" if self.recipient_count else "")
        return f"{self.kind} {target} #{self.pk}".replace("  ", " ")

    def refresh_status(self) -> str:
        """Derive this message's status from its chunks and save it if it changed.

        Runs under a row lock on the message, so the last chunk to finish always
        writes the final status, however many workers finish at once.
        """
        chunk = OutgoingChunk.Status
        with transaction.atomic():
            current: Mapping[str, Any] = (
                type(self)
                .objects.select_for_update()
                .filter(pk=self.pk)
                .values("status", "last_error", "sent_at")
                .first()
                or {}
            )
            counts = dict(self.chunks.values_list("status").annotate(n=Count("id")).order_by())
            statuses = set(counts)
            if not statuses or statuses <= {chunk.CANCELLED}:
                status = self.Status.CANCELLED
            elif statuses <= {chunk.SENT}:
                status = self.Status.SENT
            elif statuses & set(OutgoingChunk.PENDING_STATUSES):
                started = statuses & {chunk.SENT, chunk.SENDING, chunk.FAILED}
                status = self.Status.SENDING if started else self.Status.QUEUED
            elif statuses <= {chunk.FAILED, chunk.CANCELLED}:
                status = self.Status.FAILED
            else:
                status = self.Status.PARTIAL
            fields: dict[str, object] = {"status": status, "last_error": ""}
            if chunk.FAILED in statuses:
                failed = self.chunks.filter(status=chunk.FAILED).exclude(last_error="")
                fields["last_error"] = failed.values_list("last_error", flat=True).first() or ""
            fields["sent_at"] = current.get("sent_at") or (
                timezone.now() if status == self.Status.SENT else None
            )
            if any(current.get(name) != value for name, value in fields.items()):
                type(self).objects.filter(pk=self.pk).update(**fields, updated_at=timezone.now())
        for name, value in fields.items():
            setattr(self, name, value)
        return status


class OutgoingChunk(models.Model):
    """One request to LINE: up to 500 recipients of a multicast, or the whole of another kind.

    Its retry key is made before the first attempt and sent with every retry, so
    LINE accepts it once however often it is sent.
    """

    class Status(models.TextChoices):
        #: A chunk of a big multicast, written before the IDs repeated across chunks are removed
        #: (by the ``linebot.queue_message_chunks`` task, which then queues it): never sent as it is.
        HELD = "held", "held (repeated users being removed)"
        QUEUED = "queued", "queued"
        SENDING = "sending", "sending"
        SENT = "sent", "sent"
        FAILED = "failed", "failed"
        CANCELLED = "cancelled", "cancelled"

    #: The statuses of a chunk not yet done: its message is still on its way.
    PENDING_STATUSES = (Status.HELD, Status.QUEUED, Status.SENDING)

    message = models.ForeignKey(OutgoingMessage, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField(default=0)
    recipients = models.JSONField(default=list, blank=True)
    retry_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    request_id = models.CharField("LINE request ID", max_length=64, blank=True)
    accepted_request_id = models.CharField("accepted request ID", max_length=64, blank=True)
    last_error = models.TextField(blank=True)
    result = models.JSONField(
        null=True, blank=True, help_text="narrowcast: the final progress LINE reported."
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)  # update() sets it too: see TouchingQuerySet

    objects = TouchingQuerySet.as_manager()

    class Meta:
        app_label = "linebot"
        ordering = ["message_id", "index"]
        constraints = [
            models.UniqueConstraint(fields=["message", "index"], name="linebot_chunk_unique_index")
        ]

    def __str__(self) -> str:
        return f"{self.message} chunk {self.index}"


class RateLimitState(models.Model):
    """The database rate limiter's state: the next free slot of one (channel, endpoint)."""

    key = models.CharField(max_length=200, unique=True)
    tat = models.FloatField(default=0.0, help_text="Theoretical arrival time (Unix seconds).")

    class Meta:
        app_label = "linebot"

    def __str__(self) -> str:
        return self.key
