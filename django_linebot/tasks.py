"""Celery tasks. Arguments are primary keys, never objects."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from . import conf


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def dispatch_webhook_event(webhook_event_id: int) -> bool:
    """Fire the signals of a stored webhook event (``LINEBOT["DISPATCH"] = "celery"``)."""
    from .dispatch import dispatch_stored_event
    from .models import WebhookEvent

    row = WebhookEvent.objects.filter(pk=webhook_event_id).first()
    if row is None or row.status == WebhookEvent.Status.PROCESSED:
        return True
    return dispatch_stored_event(row)


@shared_task(ignore_result=True)
def prune_webhook_events(days: int | None = None) -> int:
    """Delete processed events older than ``days`` (default ``EVENT_RETENTION_DAYS``)."""
    from .models import WebhookEvent

    days = days if days is not None else conf.get("EVENT_RETENTION_DAYS")
    if days is None:
        return 0
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = WebhookEvent.objects.filter(
        status=WebhookEvent.Status.PROCESSED, received_at__lt=cutoff
    ).delete()
    return deleted
