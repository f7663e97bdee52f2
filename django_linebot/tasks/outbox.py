"""Celery tasks of the outbox: deliver a chunk, follow a narrowcast, requeue stale chunks.

Arguments are primary keys, never objects.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from celery import Task, shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.db import transaction
from django.utils import timezone

from .. import queue
from ..channels import get_api
from ..conf import app_settings
from ..models import OutgoingChunk, OutgoingMessage
from ..ratelimit import acquire
from ..sdk import LineBotApiError
from ..send import ChannelInactive, call_line, deliver_chunks, release_held_chunks

logger = logging.getLogger(__name__)


def backoff(attempt: int, retry_after: str | None = None) -> float:
    """Seconds to wait before attempt ``attempt + 1``: Celery's exponential backoff with full jitter.

    Up to ``SEND_BACKOFF_BASE * 2 ** (attempt - 1)``, capped at ``SEND_BACKOFF_MAX``; LINE's
    ``Retry-After`` wins when it says more. (Computed in milliseconds: Celery's helper counts in
    whole units, and the base may be a fraction of a second.)
    """
    base, cap = app_settings.SEND_BACKOFF_BASE, app_settings.SEND_BACKOFF_MAX
    delay = (
        get_exponential_backoff_interval(
            factor=round(base * 1000),
            retries=max(0, attempt - 1),
            maximum=round(cap * 1000),
            full_jitter=True,
        )
        / 1000
    )
    if retry_after and retry_after.isdigit():
        delay = max(delay, float(retry_after))
    return delay


def _retry_after(err: LineBotApiError) -> str | None:
    """LINE's ``Retry-After`` header of a refusal, whatever its case."""
    return next((value for name, value in err.headers.items() if name.lower() == "retry-after"), None)


def _chunk_finished(message: OutgoingMessage) -> None:
    """Refresh the message once its last chunk is done (the last to commit always sees none pending);
    until then only mark it as sending, which costs no lock."""
    if not message.chunks.filter(status__in=OutgoingChunk.PENDING_STATUSES).exists():
        message.refresh_status()
    elif message.status == OutgoingMessage.Status.QUEUED:  # as loaded with the chunk: usually not
        OutgoingMessage.objects.filter(pk=message.pk, status=OutgoingMessage.Status.QUEUED).update(
            status=OutgoingMessage.Status.SENDING
        )


def _later(task: Task, chunk_id: int, countdown: float, why: str) -> str:
    """Run ``send_chunk`` for this chunk again in ``countdown`` seconds.

    From a worker, a Celery retry. In-process (``SEND_MODE = "inline"``, or eager Celery) there
    is no worker to come back: a short wait (up to ``RATE_LIMIT_MAX_SLEEP``) is slept here, a
    longer one leaves the chunk queued for :func:`requeue_stale_chunks`.
    """
    if not task.request.is_eager:
        raise task.retry(countdown=countdown) from None
    if countdown <= app_settings.RATE_LIMIT_MAX_SLEEP:
        time.sleep(max(0.0, countdown))
        raise task.retry(countdown=0) from None
    OutgoingChunk.objects.filter(pk=chunk_id).update(
        status=OutgoingChunk.Status.QUEUED, last_error=f"{why}; due again in {countdown:.0f}s"
    )
    return "later"


def _fail(chunk: OutgoingChunk, text: str, status: int | None = None, request_id: str = "") -> str:
    """Mark a chunk failed for good, log it (a warning for the operator), update its message's status."""
    message = chunk.message
    with transaction.atomic():
        OutgoingChunk.objects.filter(pk=chunk.pk).update(
            status=OutgoingChunk.Status.FAILED, last_error=text, request_id=request_id
        )
        message.refresh_status()
    logger.warning(
        "Outbox %s message %s (chunk %s, %r) failed for good after %s attempt(s): "
        "LINE status %s, request id %s: %s",
        message.kind,
        message.pk,
        chunk.pk,
        message.channel,
        chunk.attempts,
        status if status is not None else "none",
        request_id or "none",
        text,
    )
    return "failed"


@shared_task(
    bind=True,
    name=queue.SEND_CHUNK,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=None,
    ignore_result=True,
)
def send_chunk(self: Task, chunk_id: int) -> str:
    """Deliver one outbox chunk: rate-limited, retried with its retry key, never sent twice.

    Network errors, timeouts, 5xx and rate-limit 429s are retried with backoff up
    to ``SEND_MAX_ATTEMPTS``; a monthly-quota 429 and other 4xx fail at once. A
    409 for the retry key means LINE already accepted it: delivered. A chunk of a
    channel that is no longer active fails without reaching LINE.
    """
    try:  # get(), not filter().first(): no ORDER BY (the model's ordering) to compile for a key
        chunk = OutgoingChunk.objects.select_related("message", "message__channel").get(pk=chunk_id)
    except OutgoingChunk.DoesNotExist:
        return "skipped"
    if chunk.status not in (OutgoingChunk.Status.QUEUED, OutgoingChunk.Status.SENDING):
        return "skipped"
    message = chunk.message
    channel = message.channel  # read with the chunk, not kept: a channel made inactive stops at once
    if not channel.is_active:
        return _fail(chunk, f"not sent: {ChannelInactive(channel)}")
    ok, wait = acquire(f"channel:{channel.pk}", message.kind)
    if not ok:
        logger.info(
            "Outbox chunk %s: %r is at its %s rate limit; rescheduled in %.1fs",
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
        res = call_line(get_api(channel, raise_errors=False), message, chunk)
        res.raise_for_status()
    except (LineBotApiError, ValueError) as err:
        text = str(err)
        line_error = err if isinstance(err, LineBotApiError) else None
        if line_error is not None and line_error.retryable and attempt < app_settings.SEND_MAX_ATTEMPTS:
            OutgoingChunk.objects.filter(pk=chunk.pk).update(
                status=OutgoingChunk.Status.QUEUED, last_error=text
            )
            countdown = backoff(attempt, _retry_after(line_error))
            if line_error.status == 429:
                logger.info(
                    "Outbox chunk %s: LINE rate-limited attempt %s; rescheduled in %.1fs",
                    chunk.pk,
                    attempt,
                    countdown,
                )
            else:
                logger.warning(
                    "Outbox chunk %s attempt %s failed, retrying in %.1fs: %s",
                    chunk.pk,
                    attempt,
                    countdown,
                    text,
                )
            return _later(self, chunk.pk, countdown, text)
        status = line_error.status if line_error is not None else None
        request_id = (line_error.request_id if line_error is not None else None) or ""
        return _fail(chunk, text, status, request_id)
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


def _follow_narrowcast(task: Task, chunk_id: int) -> None:
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


@shared_task(bind=True, name=queue.POLL_NARROWCAST, acks_late=True, max_retries=None, ignore_result=True)
def poll_narrowcast(self: Task, chunk_id: int, polls: int = 0) -> str:
    """Follow a narrowcast until LINE says it succeeded or failed, and record the outcome."""
    chunk = OutgoingChunk.objects.select_related("message", "message__channel").filter(pk=chunk_id).first()
    if chunk is None:
        return "gone"
    request_id = chunk.accepted_request_id or chunk.request_id
    try:
        res = (
            get_api(chunk.message.channel, raise_errors=False)
            .get_narrowcast_message_status(request_id)
            .raise_for_status()
        )
    except LineBotApiError as err:
        if err.retryable and polls < app_settings.NARROWCAST_MAX_POLLS and not self.request.is_eager:
            raise self.retry(args=(chunk_id, polls + 1), countdown=backoff(polls + 1)) from None
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


@shared_task(name=queue.QUEUE_MESSAGE_CHUNKS, ignore_result=True)
def queue_message_chunks(message_id: int) -> int:
    """Queue ``send_chunk`` for each queued chunk of a big message (a multicast of thousands of chunks).

    :func:`django_linebot.send.multicast` hands its chunks over with this one task, so the caller
    does not wait for a queueing per chunk; ``held`` chunks are first released (the IDs repeated
    across them removed: :func:`~django_linebot.send.release_held_chunks`). If this task is lost,
    ``requeue_stale_chunks`` does both later. Returns how many chunks it handed over.
    """
    release_held_chunks(message_id)
    chunks = OutgoingChunk.objects.filter(message_id=message_id, status=OutgoingChunk.Status.QUEUED)
    return deliver_chunks(chunks.order_by("index").values_list("pk", flat=True).iterator())


@shared_task(name=queue.REQUEUE_STALE_CHUNKS, ignore_result=True)
def requeue_stale_chunks(minutes: int = 10) -> int:
    """Deliver again chunks left queued or sending for ``minutes`` without any change (a lost
    task, a broker that was down, an in-process send left for later).

    Every status change sets ``updated_at``, so a chunk in flight is not taken again. Safe to
    run on a beat schedule (or, with ``SEND_MODE = "inline"``, from cron): a chunk sent twice
    carries one retry key, so LINE accepts it once. Chunks ``held`` as long (a big multicast whose
    ``queue_message_chunks`` task was lost) are released first, then sent with the others.
    Returns how many chunks it handed over.
    """
    cutoff = timezone.now() - timedelta(minutes=minutes)
    held = OutgoingChunk.objects.filter(status=OutgoingChunk.Status.HELD, updated_at__lt=cutoff)
    messages = list(held.order_by().values_list("message_id", flat=True).distinct()[:100])
    released = [message_id for message_id in messages if release_held_chunks(message_id)]
    stale = list(
        OutgoingChunk.objects.filter(
            status__in=[OutgoingChunk.Status.QUEUED, OutgoingChunk.Status.SENDING], updated_at__lt=cutoff
        ).values_list("pk", flat=True)[:10000]
    )
    OutgoingChunk.objects.filter(pk__in=stale).update(updated_at=timezone.now())  # not stale again at once
    stale += OutgoingChunk.objects.filter(
        message_id__in=released, status=OutgoingChunk.Status.QUEUED
    ).values_list("pk", flat=True)
    return deliver_chunks(stale)


__all__ = ["backoff", "poll_narrowcast", "queue_message_chunks", "requeue_stale_chunks", "send_chunk"]
