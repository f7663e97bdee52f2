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

from django.db import DataError, IntegrityError, connection, transaction
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
        event_id = _without_nul(event.webhook_event_id) if isinstance(event.webhook_event_id, str) else None
        timestamp = event.timestamp if isinstance(event.timestamp, int) else None
        row = WebhookEvent(
            channel=fk,
            channel_key=channel_key,
            webhook_event_id=event_id,
            event_type=_without_nul(str(event.type or ""))[:64],
            payload=event.raw,
            destination=_without_nul(payload.destination or "")[:64],
            mode=_without_nul(str(event.mode or ""))[:16],
            is_redelivery=event.is_redelivery,
            timestamp=timestamp,
        )
        rows.append((row, event))
    return _insert_new(rows, channel_key)


def _insert_new(rows: list[tuple[WebhookEvent, Event]], channel_key: str) -> list[tuple[WebhookEvent, Event]]:
    """Insert the rows whose event is not stored yet; keep LINE's order in what is returned.

    The fast path is one SELECT and one bulk INSERT. If a concurrent delivery of the
    same events wins the race, each row is inserted in its own savepoint instead, in
    event-ID order, so two deliveries that share events lock them in the same order.
    """
    ids = [row.webhook_event_id for row, _ in rows if row.webhook_event_id]
    known = set(
        WebhookEvent.objects.filter(channel_key=channel_key, webhook_event_id__in=ids).values_list(
            "webhook_event_id", flat=True
        )
    )
    fresh: list[tuple[WebhookEvent, Event]] = []
    for row, event in rows:
        if row.webhook_event_id in known:
            logger.info("webhook event %s is a duplicate; skipped", row.webhook_event_id)
            continue
        if row.webhook_event_id:
            known.add(row.webhook_event_id)  # the same event twice in one delivery
        fresh.append((row, event))
    ordered = sorted((row for row, _ in fresh), key=lambda r: r.webhook_event_id or "")
    if connection.features.can_return_rows_from_bulk_insert:
        try:
            with transaction.atomic():
                WebhookEvent.objects.bulk_create(ordered)
            return fresh
        except (IntegrityError, DataError):
            for row in ordered:
                row.pk = None
    inserted = {id(row) for row in ordered if _insert(row)}
    return [(row, event) for row, event in fresh if id(row) in inserted]


def _insert(row: WebhookEvent) -> bool:
    """Insert a row in its own savepoint; False if it is a duplicate."""
    for attempt in range(2):
        try:
            with transaction.atomic():
                row.save(force_insert=True)
            return True
        except IntegrityError:
            return False
        except DataError:
            if attempt:
                raise
            # PostgreSQL stores no NUL character in jsonb; LINE never sends one, but a signed
            # body may. Keep the event, with U+FFFD in place of each NUL.
            row.payload = _without_nul(row.payload)
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
    ok = _run_receivers(row, event if event is not None else row.event)
    row.save(update_fields=OUTCOME_FIELDS)
    return ok


OUTCOME_FIELDS = ["attempts", "processed_at", "status", "error"]


def _run_receivers(row: WebhookEvent, event: Event) -> bool:
    """Fire the event's signal, then ``webhook_event``; set (not save) the outcome on ``row``."""
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
    chain = [signals.BY_EVENT_TYPE.get(event.type or "", signals.unknown_event), signals.webhook_event]
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
    return not failures


def replay_events(rows: Any) -> tuple[int, int]:
    """Dispatch these stored events again; returns (processed, failed)."""
    processed = failed = 0
    for row in rows:
        if dispatch_stored_event(row):
            processed += 1
        else:
            failed += 1
    return processed, failed


def process_webhook(channel: AnyChannel, payload: WebhookPayload) -> list[WebhookEvent]:
    """Store the events of one delivery, then dispatch the new ones (now or in Celery)."""
    stored = store_events(channel, payload)
    if conf.get("DISPATCH") == "celery":
        from .tasks import dispatch_webhook_event

        for row, _ in stored:
            transaction.on_commit(lambda pk=row.pk: dispatch_webhook_event.delay(pk))
    elif stored:
        for row, event in stored:
            _run_receivers(row, event)
        # One UPDATE per outcome (usually one for the whole delivery). Should the process die
        # before it, the rows stay pending and dispatch_stale_webhook_events dispatches them.
        outcomes: dict[tuple[str, str, int], list[int]] = {}
        for row, _ in stored:
            outcomes.setdefault((row.status, row.error, row.attempts), []).append(row.pk)
        processed_at = timezone.now()
        for (status, error, attempts), pks in outcomes.items():
            WebhookEvent.objects.filter(pk__in=pks).update(
                status=status, error=error, attempts=attempts, processed_at=processed_at
            )
    return [row for row, _ in stored]
