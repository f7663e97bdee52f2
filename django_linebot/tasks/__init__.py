"""django-linebot's Celery tasks, each under a stable name (``linebot.<what>``).

Celery's ``app.autodiscover_tasks()`` imports this package, which registers every task.
The names are in :mod:`django_linebot.queue`; a beat schedule should use them (or
:data:`BEAT_SCHEDULE`), not the functions' module paths.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from .. import queue
from .channels import rotate_channel_tokens
from .followers import (
    fetch_profile,
    record_daily_stats,
    record_rich_menu_stats,
    refresh_profiles,
    sync_audiences,
)
from .inbound import (
    dispatch_channel_events,
    dispatch_stale_webhook_events,
    dispatch_webhook_event,
    dispatch_webhook_events,
    prune_webhook_events,
)
from .outbox import poll_narrowcast, queue_message_chunks, requeue_stale_chunks, send_chunk
from .richmenus import apply_rich_menu_schedule

_EVERY_MINUTE = timedelta(minutes=1).total_seconds()

#: The recommended periodic tasks, for ``app.conf.beat_schedule`` (schedules in seconds):
#: token rotation every 6 hours, the stale-chunk and stale-event sweeps every 5 minutes,
#: pruning the webhook event log daily, the rich menus' display periods every minute; the
#: followers' stale profiles every half hour, the dashboard's daily figures every 6 hours
#: (yesterday's, rewritten until LINE has them), the rich menus' figures every 10 minutes (each
#: menu once a day, one LINE call a run and channel within LINE's insight rate limit), the
#: audiences in progress every 10 minutes and all audiences (to see those that expired) daily.
BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    "linebot-rotate-tokens": {"task": queue.ROTATE_TOKENS, "schedule": 6 * 3600},
    "linebot-requeue-stale-chunks": {"task": queue.REQUEUE_STALE_CHUNKS, "schedule": 300},
    "linebot-dispatch-stale-events": {"task": queue.DISPATCH_STALE_EVENTS, "schedule": 300},
    "linebot-prune-events": {"task": queue.PRUNE_EVENTS, "schedule": 24 * 3600},
    "linebot-apply-rich-menu-schedule": {"task": queue.APPLY_RICH_MENU_SCHEDULE, "schedule": _EVERY_MINUTE},
    "linebot-refresh-profiles": {"task": queue.REFRESH_PROFILES, "schedule": 1800},
    "linebot-record-daily-stats": {"task": queue.RECORD_DAILY_STATS, "schedule": 6 * 3600},
    "linebot-record-rich-menu-stats": {"task": queue.RECORD_RICH_MENU_STATS, "schedule": 600},
    "linebot-sync-audiences": {"task": queue.SYNC_AUDIENCES, "schedule": 600},
    "linebot-sync-all-audiences": {
        "task": queue.SYNC_AUDIENCES,
        "schedule": 24 * 3600,
        "kwargs": {"everything": True},
    },
}

__all__ = [
    "BEAT_SCHEDULE",
    "apply_rich_menu_schedule",
    "dispatch_channel_events",
    "dispatch_stale_webhook_events",
    "dispatch_webhook_event",
    "dispatch_webhook_events",
    "fetch_profile",
    "poll_narrowcast",
    "prune_webhook_events",
    "queue_message_chunks",
    "record_daily_stats",
    "record_rich_menu_stats",
    "refresh_profiles",
    "requeue_stale_chunks",
    "rotate_channel_tokens",
    "send_chunk",
    "sync_audiences",
]
