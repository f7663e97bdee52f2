"""Celery tasks of the webhook side: dispatch a stored event, dispatch the stale ones, prune the log.

Arguments are primary keys, never objects.
"""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.db import connection
from django.utils import timezone

from .. import queue
from ..channels import kept_channel
from ..conf import app_settings
from ..inbound import (
    dispatch_stored_event,
    dispatch_stored_events,
    drain_channel_events,
    queue_channel_dispatch,
)
from ..models import WebhookEvent


@shared_task(name=queue.DISPATCH_EVENT, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def dispatch_webhook_event(webhook_event_id: int) -> bool:
    """Fire the signals of one stored event (the task queued before ``linebot.dispatch_events``).

    On PostgreSQL, drains the event's channel (:func:`dispatch_channel_events`).
    """
    if connection.vendor == "postgresql":
        return bool(_drain_channels_of([webhook_event_id]))
    try:
        # get(), not filter().first(): no ORDER BY to compile (the model's ordering), one row by its key.
        row = WebhookEvent.objects.select_related("channel").get(pk=webhook_event_id)
    except WebhookEvent.DoesNotExist:
        return True
    if row.status == WebhookEvent.Status.PROCESSED:
        return True
    return dispatch_stored_event(row)


@shared_task(name=queue.DISPATCH_EVENTS, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def dispatch_webhook_events(webhook_event_ids: list[int]) -> int:
    """Fire the signals of a delivery's stored events in LINE's order (``LINEBOT["DISPATCH"] = "celery"``).

    The webhook queues one such task per delivery where the database is not PostgreSQL. An event
    processed already (the task run again after a worker was lost) is skipped; the outcomes are
    written in one UPDATE. Returns how many events were dispatched. On PostgreSQL (a message queued
    by an older version), drains the events' channels instead (:func:`dispatch_channel_events`).
    """
    if connection.vendor == "postgresql":
        return _drain_channels_of(webhook_event_ids)
    pks = list(dict.fromkeys(webhook_event_ids))
    # One plain SELECT, its channel kept in the process (profiled: the ORM's select_related query,
    # its compilation and the channel's decryption, cost 2.0 ms of CPU per task; this 0.6 ms).
    table = connection.ops.quote_name(WebhookEvent._meta.db_table)
    marks = ", ".join(["%s"] * len(pks))
    sql = f"SELECT * FROM {table} WHERE id IN ({marks}) AND status <> %s"  # noqa: S608 - names from the model
    by_pk = {row.pk: row for row in WebhookEvent.objects.raw(sql, [*pks, WebhookEvent.Status.PROCESSED])}
    channels = {channel_id: kept_channel(channel_id) for channel_id in {r.channel_id for r in by_pk.values()}}
    rows = []
    for pk in pks:
        row = by_pk.get(pk)
        if row is not None and (channel := channels[row.channel_id]) is not None:
            row.channel = channel  # one instance per channel, as in the webhook's own dispatch
            rows.append(row)
    dispatch_stored_events(rows)
    return len(rows)


def _drain_channels_of(webhook_event_ids: list[int]) -> int:
    """PostgreSQL: drain the channels of these events (queued by a version before the channel drain).

    Not the events alone: a drain of their channel may be running, and only one at a time dispatches
    a partition of it (see :func:`~django_linebot.inbound.drain_channel_events`).
    """
    channel_ids = WebhookEvent.objects.filter(pk__in=webhook_event_ids).values_list("channel_id", flat=True)
    return sum(drain_channel_events(channel_id)[0] for channel_id in sorted(set(channel_ids)))


@shared_task(name=queue.DISPATCH_CHANNEL, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def dispatch_channel_events(channel_id: int) -> int:
    """Dispatch a channel's events not dispatched yet, each user's in order (Celery mode, PostgreSQL).

    The webhook queues it once per channel while none is queued and not started
    (:func:`~django_linebot.inbound.queue_channel_dispatch`), so a busy channel's deliveries share
    it. After ``inbound.DRAIN_BUDGET`` events it queues itself again. Returns how many it dispatched.
    """
    dispatched, more = drain_channel_events(channel_id)
    if more:
        queue_channel_dispatch(channel_id)
    return dispatched


@shared_task(name=queue.DISPATCH_STALE_EVENTS, ignore_result=True)
def dispatch_stale_webhook_events(minutes: int = 10) -> int:
    """Dispatch events stored but never dispatched (the process died between commit and dispatch).

    A beat task: LINE's redelivery of such an event is a duplicate and is not dispatched again. On
    PostgreSQL each channel with such events is drained (:func:`dispatch_channel_events`), so the
    sweep never dispatches an event a drain is dispatching.
    """
    cutoff = timezone.now() - timedelta(minutes=minutes)
    if connection.vendor == "postgresql":
        stale = WebhookEvent.objects.filter(
            status=WebhookEvent.Status.PENDING, attempts=0, received_at__lt=cutoff
        ).values_list("channel_id", flat=True)
        channel_ids = sorted(set(stale[:1000]))
        return sum(drain_channel_events(channel_id, received_before=cutoff)[0] for channel_id in channel_ids)
    rows = (
        WebhookEvent.objects.select_related("channel")
        .filter(status=WebhookEvent.Status.PENDING, attempts=0, received_at__lt=cutoff)
        .order_by("received_at")[:1000]
    )
    count = 0
    for row in rows:
        dispatch_stored_event(row)
        count += 1
    return count


@shared_task(name=queue.PRUNE_EVENTS, ignore_result=True)
def prune_webhook_events(days: int | None = None) -> int:
    """Delete processed events older than ``days`` (default ``EVENT_RETENTION_DAYS``)."""
    days = days if days is not None else app_settings.EVENT_RETENTION_DAYS
    if days is None:
        return 0
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = WebhookEvent.objects.filter(
        status=WebhookEvent.Status.PROCESSED, received_at__lt=cutoff
    ).delete()
    return deleted
