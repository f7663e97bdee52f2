"""Store webhook events, then fire their signals.

Every event is written to the :class:`~django_linebot.models.WebhookEvent` log
before any receiver runs. A redelivered or duplicated event (same
``webhookEventId`` for the channel) hits the unique constraint and is neither
stored nor dispatched a second time. A receiver that raises does not stop the
others: its traceback is recorded on the row and logged.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from . import conf, signals
from .models import Channel, SettingsChannel, WebhookEvent
from .sdk.events import Event, WebhookPayload

logger = logging.getLogger("django_linebot.webhook")

AnyChannel = Channel | SettingsChannel


def store_events(channel: AnyChannel, payload: WebhookPayload) -> list[tuple[WebhookEvent, Event]]:
    """Write the events of ``payload`` in one transaction; return the rows that are new (not duplicates).

    If the database fails part-way, nothing of the delivery is kept, so LINE's
    redelivery stores (and dispatches) every event of it.
    """
    with transaction.atomic():
        return _store_events(channel, payload)


def _store_events(channel: AnyChannel, payload: WebhookPayload) -> list[tuple[WebhookEvent, Event]]:
    channel_key = channel.slug if isinstance(channel, Channel) else ""
    fk = channel if isinstance(channel, Channel) else None
    rows: list[tuple[WebhookEvent, Event]] = []
    for event in payload.events:
        event_id = event.webhook_event_id if isinstance(event.webhook_event_id, str) else None
        timestamp = event.timestamp if isinstance(event.timestamp, int) else None
        row = WebhookEvent(
            channel=fk,
            channel_key=channel_key,
            webhook_event_id=event_id,
            event_type=str(event.type or "")[:64],
            payload=event.raw,
            destination=(payload.destination or "")[:64],
            mode=str(event.mode or "")[:16],
            is_redelivery=event.is_redelivery,
            timestamp=timestamp,
        )
        rows.append((row, event))
    # Insert in event-ID order, so two deliveries that share events lock them in the same order
    # (no deadlock); dispatch keeps LINE's order.
    new: set[int] = set()
    for row, _ in sorted(rows, key=lambda pair: pair[0].webhook_event_id or ""):
        if _insert(row):
            new.add(id(row))
        else:
            logger.info("webhook event %s for %r is a duplicate; skipped", row.webhook_event_id, channel)
    return [(row, event) for row, event in rows if id(row) in new]


def _insert(row: WebhookEvent) -> bool:
    """Insert a row in its own savepoint; False if it is a duplicate."""
    try:
        with transaction.atomic():
            row.save(force_insert=True)
        return True
    except IntegrityError:
        return False
    except DataError:
        # PostgreSQL stores no NUL character in text or jsonb; LINE never sends one,
        # but a signed body may. Keep the event, with U+FFFD in place of each NUL.
        row.payload = _without_nul(row.payload)
        for name in ("webhook_event_id", "event_type", "destination", "mode"):
            setattr(row, name, _without_nul(getattr(row, name)))
    try:
        with transaction.atomic():
            row.save(force_insert=True)
        return True
    except IntegrityError:
        return False


def _without_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    if isinstance(value, dict):
        return {_without_nul(k): _without_nul(v) for k, v in value.items()}
    return value


def dispatch_stored_event(row: WebhookEvent, event: Event | None = None) -> bool:
    """Fire the signals for one stored event; record and return whether every receiver succeeded."""
    event = event if event is not None else row.event
    channel = row.get_channel()
    api = channel.get_api()
    kwargs: dict[str, Any] = {
        "event": event,
        "channel": channel,
        "api": api,
        "webhook_event": row,
        "standby": event.is_standby,
    }
    failures: list[str] = []
    chain = [
        signals.BY_EVENT_TYPE.get(event.type or "", signals.unknown_event),
        signals.webhook_event,
    ]
    for signal in chain:
        for receiver, result in signal.send_robust(sender=type(event), **kwargs):
            if isinstance(result, BaseException):
                name = getattr(receiver, "__qualname__", repr(receiver))
                logger.error(
                    "receiver %s failed on %s event %s",
                    name,
                    event.type,
                    row.webhook_event_id,
                    exc_info=(type(result), result, result.__traceback__),
                )
                tb = "".join(traceback.format_exception(type(result), result, result.__traceback__))
                failures.append(f"{name}:\n{tb}")
    row.attempts += 1
    row.processed_at = timezone.now()
    row.status = WebhookEvent.Status.FAILED if failures else WebhookEvent.Status.PROCESSED
    row.error = "\n".join(failures)
    row.save(update_fields=["attempts", "processed_at", "status", "error"])
    return not failures


def process_webhook(channel: AnyChannel, payload: WebhookPayload) -> list[WebhookEvent]:
    """Store the events of one delivery, then dispatch the new ones (now or in Celery)."""
    stored = store_events(channel, payload)
    if conf.get("DISPATCH") == "celery":
        from .tasks import dispatch_webhook_event

        for row, _ in stored:
            transaction.on_commit(lambda pk=row.pk: dispatch_webhook_event.delay(pk))
    else:
        for row, event in stored:
            dispatch_stored_event(row, event)
    return [row for row, _ in stored]
