"""Celery tasks. Arguments are primary keys, never objects."""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from typing import Any

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from .conf import app_settings

logger = logging.getLogger(__name__)


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
def dispatch_stale_webhook_events(minutes: int = 10) -> int:
    """Dispatch events stored but never dispatched (the process died between commit and dispatch).

    A beat task: LINE's redelivery of such an event is a duplicate and is not dispatched again.
    """
    from .dispatch import dispatch_stored_event
    from .models import WebhookEvent

    cutoff = timezone.now() - timedelta(minutes=minutes)
    rows = WebhookEvent.objects.filter(
        status=WebhookEvent.Status.PENDING, attempts=0, received_at__lt=cutoff
    ).order_by("received_at")[:1000]
    count = 0
    for row in rows:
        dispatch_stored_event(row)
        count += 1
    return count


@shared_task(ignore_result=True)
def prune_webhook_events(days: int | None = None) -> int:
    """Delete processed events older than ``days`` (default ``EVENT_RETENTION_DAYS``)."""
    from .models import WebhookEvent

    days = days if days is not None else app_settings.EVENT_RETENTION_DAYS
    if days is None:
        return 0
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = WebhookEvent.objects.filter(
        status=WebhookEvent.Status.PROCESSED, received_at__lt=cutoff
    ).delete()
    return deleted


# ------------------------------------------------------------------ delivery


def _backoff(attempt: int, retry_after: str | None = None) -> float:
    """Exponential backoff with jitter; LINE's Retry-After wins when it says more."""
    import random

    base, cap = app_settings.SEND_BACKOFF_BASE, app_settings.SEND_BACKOFF_MAX
    delay = min(cap, base * 2 ** max(0, attempt - 1))
    delay = delay / 2 + random.uniform(0, delay / 2)
    if retry_after and retry_after.isdigit():
        delay = max(delay, float(retry_after))
    return delay


def _call_line(api, message, chunk):  # type: ignore[no-untyped-def]
    from .models import OutgoingMessage

    kind = message.kind
    key = str(chunk.retry_key)
    quiet = message.notification_disabled or None
    if kind == OutgoingMessage.Kind.PUSH:
        return api.push_message(message.to, message.messages, retry_key=key, notification_disabled=quiet)
    if kind == OutgoingMessage.Kind.MULTICAST:
        return api.multicast(chunk.recipients, message.messages, retry_key=key, notification_disabled=quiet)
    if kind == OutgoingMessage.Kind.BROADCAST:
        return api.broadcast(message.messages, retry_key=key, notification_disabled=quiet)
    if kind == OutgoingMessage.Kind.NARROWCAST:
        return api.narrowcast(
            message.messages,
            recipient=message.recipient,
            filter=message.filter,
            limit=message.limit,
            retry_key=key,
            notification_disabled=quiet,
        )
    return api.reply_message(message.reply_token, message.messages, notification_disabled=quiet)


def _chunk_finished(message) -> None:  # type: ignore[no-untyped-def]
    """Refresh the message once its last chunk is done (the last to commit always sees none pending);
    until then only mark it as sending, which costs no lock."""
    from .models import OutgoingChunk, OutgoingMessage

    pending = [OutgoingChunk.Status.QUEUED, OutgoingChunk.Status.SENDING]
    if not message.chunks.filter(status__in=pending).exists():
        message.refresh_status()
    elif message.status == OutgoingMessage.Status.QUEUED:  # as loaded with the chunk: usually not
        OutgoingMessage.objects.filter(pk=message.pk, status=OutgoingMessage.Status.QUEUED).update(
            status=OutgoingMessage.Status.SENDING
        )


def _later(task: Any, chunk_id: int, countdown: float, why: str) -> str:
    """Run ``send_chunk`` for this chunk again in ``countdown`` seconds.

    From a worker, a Celery retry. In-process (``SEND_MODE = "inline"``, or eager Celery) there
    is no worker to come back: a short wait (up to ``RATE_LIMIT_MAX_SLEEP``) is slept here, a
    longer one leaves the chunk queued for :func:`requeue_stale_chunks`.
    """
    from .models import OutgoingChunk

    if not task.request.is_eager:
        raise task.retry(countdown=countdown) from None
    if countdown <= app_settings.RATE_LIMIT_MAX_SLEEP:
        time.sleep(max(0.0, countdown))
        raise task.retry(countdown=0) from None
    OutgoingChunk.objects.filter(pk=chunk_id).update(
        status=OutgoingChunk.Status.QUEUED, last_error=f"{why}; due again in {countdown:.0f}s"
    )
    return "later"


def _fail(chunk: Any, text: str, request_id: str = "") -> str:
    """Mark a chunk failed for good, log it, and update its message's status."""
    from .models import OutgoingChunk

    with transaction.atomic():
        OutgoingChunk.objects.filter(pk=chunk.pk).update(
            status=OutgoingChunk.Status.FAILED, last_error=text, request_id=request_id
        )
        chunk.message.refresh_status()
    logger.error(
        "Outbox chunk %s (%s message %s on %r) failed for good after %s attempt(s): %s",
        chunk.pk,
        chunk.message.kind,
        chunk.message_id,
        chunk.message.get_channel(),
        chunk.attempts,
        text,
    )
    return "failed"


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None, ignore_result=True)
def send_chunk(self, chunk_id: int) -> str:  # type: ignore[no-untyped-def]
    """Deliver one outbox chunk: rate-limited, retried with its retry key, never sent twice.

    Network errors, timeouts, 5xx and rate-limit 429s are retried with backoff up
    to ``SEND_MAX_ATTEMPTS``; a monthly-quota 429 and other 4xx fail at once. A
    409 for the retry key means LINE already accepted it: delivered. A chunk of a
    channel that is no longer active fails without reaching LINE.
    """
    from .models import OutgoingChunk, OutgoingMessage
    from .ratelimit import acquire
    from .sdk import LineBotApiError
    from .send import ChannelInactive

    chunk = OutgoingChunk.objects.select_related("message", "message__channel").filter(pk=chunk_id).first()
    if chunk is None or chunk.status not in (OutgoingChunk.Status.QUEUED, OutgoingChunk.Status.SENDING):
        return "skipped"
    message = chunk.message
    channel = message.get_channel()
    if not channel.is_active:
        return _fail(chunk, f"not sent: {ChannelInactive(channel)}")
    ok, wait = acquire(str(channel.client_key), message.kind)
    if not ok:
        logger.warning(
            "Outbox chunk %s: %r is at its %s rate limit; sending again in %.1fs",
            chunk.pk,
            channel,
            message.kind,
            wait,
        )
        return _later(self, chunk.pk, wait, "rate limited")
    attempt = chunk.attempts + 1
    OutgoingChunk.objects.filter(pk=chunk.pk).update(status=OutgoingChunk.Status.SENDING, attempts=attempt)
    chunk.attempts = attempt
    try:
        res = _call_line(channel.get_api(raise_errors=False), message, chunk)
        res.raise_for_status()
    except (LineBotApiError, ValueError) as err:
        text = str(err)
        retryable = isinstance(err, LineBotApiError) and err.retryable
        if retryable and attempt < app_settings.SEND_MAX_ATTEMPTS:
            OutgoingChunk.objects.filter(pk=chunk.pk).update(
                status=OutgoingChunk.Status.QUEUED, last_error=text
            )
            retry_after = err.headers.get("retry-after") if isinstance(err, LineBotApiError) else None
            countdown = _backoff(attempt, retry_after)
            logger.warning(
                "Outbox chunk %s attempt %s failed, retrying in %.1fs: %s", chunk.pk, attempt, countdown, text
            )
            return _later(self, chunk.pk, countdown, text)
        return _fail(chunk, text, getattr(err, "request_id", None) or "")
    OutgoingChunk.objects.filter(pk=chunk.pk).update(
        status=OutgoingChunk.Status.SENT,
        last_error="",
        sent_at=timezone.now(),
        request_id=res.request_id or "",
        accepted_request_id=res.accepted_request_id or "",
    )
    _chunk_finished(message)
    if message.kind == OutgoingMessage.Kind.NARROWCAST:
        _follow_narrowcast(self, chunk.pk)
    return "sent"


def _follow_narrowcast(task: Any, chunk_id: int) -> None:
    """Start polling a sent narrowcast's progress: in-process at once when running eagerly."""
    try:
        if task.request.is_eager:
            poll_narrowcast.apply((chunk_id,))
        else:
            poll_narrowcast.apply_async((chunk_id,), countdown=app_settings.NARROWCAST_POLL_INTERVAL)
    except Exception as err:  # the chunk is sent: a lost poll must not send it again
        logger.error(
            "Narrowcast chunk %s was sent, but polling its progress could not start (%s)",
            chunk_id,
            type(err).__name__,
        )


@shared_task(bind=True, acks_late=True, max_retries=None, ignore_result=True)
def poll_narrowcast(self, chunk_id: int, polls: int = 0) -> str:  # type: ignore[no-untyped-def]
    """Follow a narrowcast until LINE says it succeeded or failed, and record the outcome."""
    from .models import OutgoingChunk
    from .sdk import LineBotApiError

    chunk = OutgoingChunk.objects.select_related("message", "message__channel").filter(pk=chunk_id).first()
    if chunk is None:
        return "gone"
    request_id = chunk.accepted_request_id or chunk.request_id
    try:
        res = (
            chunk.message.get_channel()
            .get_api(raise_errors=False)
            .get_narrowcast_message_status(request_id)
            .raise_for_status()
        )
    except LineBotApiError as err:
        if err.retryable and polls < app_settings.NARROWCAST_MAX_POLLS and not self.request.is_eager:
            raise self.retry(args=(chunk_id, polls + 1), countdown=_backoff(polls + 1)) from None
        OutgoingChunk.objects.filter(pk=chunk.pk).update(last_error=f"progress unknown: {err}")
        return "unknown"
    phase = res.data.get("phase")
    OutgoingChunk.objects.filter(pk=chunk.pk).update(result=res.data)
    if phase == "failed":
        reason = res.data.get("failedDescription") or f"error code {res.data.get('errorCode')}"
        OutgoingChunk.objects.filter(pk=chunk.pk).update(
            status=OutgoingChunk.Status.FAILED, last_error=f"narrowcast failed: {reason}"
        )
        chunk.message.refresh_status()
        return "failed"
    if phase != "succeeded" and polls < app_settings.NARROWCAST_MAX_POLLS and not self.request.is_eager:
        raise self.retry(args=(chunk_id, polls + 1), countdown=app_settings.NARROWCAST_POLL_INTERVAL)
    return phase or "unknown"


@shared_task(ignore_result=True)
def requeue_stale_chunks(minutes: int = 10) -> int:
    """Deliver again chunks left queued or sending for ``minutes`` without any change (a lost
    task, a broker that was down, an in-process send left for later).

    Every status change sets ``updated_at``, so a chunk in flight is not taken again. Safe to
    run on a beat schedule (or, with ``SEND_MODE = "inline"``, from cron): a chunk sent twice
    carries one retry key, so LINE accepts it once. Returns how many chunks it handed over.
    """
    from .models import OutgoingChunk
    from .send import deliver_chunks

    cutoff = timezone.now() - timedelta(minutes=minutes)
    stale = list(
        OutgoingChunk.objects.filter(
            status__in=[OutgoingChunk.Status.QUEUED, OutgoingChunk.Status.SENDING], updated_at__lt=cutoff
        ).values_list("pk", flat=True)[:10000]
    )
    OutgoingChunk.objects.filter(pk__in=stale).update(updated_at=timezone.now())  # not stale again at once
    return deliver_chunks(stale)


@shared_task(ignore_result=True)
def rotate_channel_tokens() -> list[str]:
    """Beat task: replace short-lived and v2.1 tokens before they expire (see ``linebot_rotate_tokens``)."""
    from .tokens import rotate_tokens

    return rotate_tokens()
