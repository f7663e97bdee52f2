"""The names of django-linebot's Celery tasks, and how the services hand work to them.

The tasks (:mod:`django_linebot.tasks`) sit above the services they call (:mod:`~django_linebot.inbound`,
:mod:`~django_linebot.send`); the services queue a task by its stable name, found in Celery's
registry, so they never import the task modules. Every task is registered when Django starts
(:meth:`django_linebot.apps.LineBotConfig.ready` imports :mod:`django_linebot.tasks`), and on a
worker by the Celery app's ``autodiscover_tasks()``. A name never changes when a module moves:
a beat schedule that names it keeps working.
"""

from __future__ import annotations

import logging

from celery import Task, current_app

logger = logging.getLogger(__name__)

DISPATCH_EVENT = "linebot.dispatch_event"
DISPATCH_EVENTS = "linebot.dispatch_events"
DISPATCH_CHANNEL = "linebot.dispatch_channel_events"
DISPATCH_STALE_EVENTS = "linebot.dispatch_stale_events"
PRUNE_EVENTS = "linebot.prune_events"
SEND_CHUNK = "linebot.send_chunk"
QUEUE_MESSAGE_CHUNKS = "linebot.queue_message_chunks"
POLL_NARROWCAST = "linebot.poll_narrowcast"
REQUEUE_STALE_CHUNKS = "linebot.requeue_stale_chunks"
ROTATE_TOKENS = "linebot.rotate_tokens"
APPLY_RICH_MENU_SCHEDULE = "linebot.apply_rich_menu_schedule"
FETCH_PROFILE = "linebot.fetch_profile"
REFRESH_PROFILES = "linebot.refresh_profiles"
RECORD_DAILY_STATS = "linebot.record_daily_stats"
RECORD_RICH_MENU_STATS = "linebot.record_rich_menu_stats"
SYNC_AUDIENCES = "linebot.sync_audiences"

#: Every task's name.
TASK_NAMES = (
    DISPATCH_EVENT,
    DISPATCH_EVENTS,
    DISPATCH_CHANNEL,
    DISPATCH_STALE_EVENTS,
    PRUNE_EVENTS,
    SEND_CHUNK,
    QUEUE_MESSAGE_CHUNKS,
    POLL_NARROWCAST,
    REQUEUE_STALE_CHUNKS,
    ROTATE_TOKENS,
    APPLY_RICH_MENU_SCHEDULE,
    FETCH_PROFILE,
    REFRESH_PROFILES,
    RECORD_DAILY_STATS,
    RECORD_RICH_MENU_STATS,
    SYNC_AUDIENCES,
)


def task(name: str) -> Task:
    """The registered task called ``name``, in the current Celery app (``KeyError`` if unknown)."""
    return current_app.tasks[name]


def load_broker_client() -> None:
    """Import the Celery broker's client library now (kombu's transport; for Redis, redis-py).

    ``DISPATCH = "celery"`` calls it when Django starts (:meth:`~django_linebot.apps.LineBotConfig.ready`).
    Otherwise the first task a process queued imported it: profiled, 0.2 to 0.38 s for Redis
    (redis-py's package imports its asyncio and cluster clients), after the webhook's answer but
    before the drain was queued, so the first reply through each web process came that much later.
    No connection is made: a broker that is down, or a transport whose library is missing, is met
    when a task is queued, as before.
    """
    try:
        current_app.connection_for_write().release()
    except Exception as exc:  # noqa: BLE001 - kombu raises what the transport's import raised
        logger.debug("the Celery broker's client was not loaded at start: %s: %s", type(exc).__name__, exc)
