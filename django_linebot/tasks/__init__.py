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
from .inbound import dispatch_stale_webhook_events, dispatch_webhook_event, prune_webhook_events
from .outbox import poll_narrowcast, queue_message_chunks, requeue_stale_chunks, send_chunk
from .richmenus import apply_rich_menu_schedule

_EVERY_MINUTE = timedelta(minutes=1).total_seconds()

#: The recommended periodic tasks, for ``app.conf.beat_schedule`` (schedules in seconds):
#: token rotation every 6 hours, the stale-chunk and stale-event sweeps every 5 minutes,
#: pruning the webhook event log daily, the rich menus' display periods every minute.
BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    "linebot-rotate-tokens": {"task": queue.ROTATE_TOKENS, "schedule": 6 * 3600},
    "linebot-requeue-stale-chunks": {"task": queue.REQUEUE_STALE_CHUNKS, "schedule": 300},
    "linebot-dispatch-stale-events": {"task": queue.DISPATCH_STALE_EVENTS, "schedule": 300},
    "linebot-prune-events": {"task": queue.PRUNE_EVENTS, "schedule": 24 * 3600},
    "linebot-apply-rich-menu-schedule": {"task": queue.APPLY_RICH_MENU_SCHEDULE, "schedule": _EVERY_MINUTE},
}

__all__ = [
    "BEAT_SCHEDULE",
    "apply_rich_menu_schedule",
    "dispatch_stale_webhook_events",
    "dispatch_webhook_event",
    "poll_narrowcast",
    "prune_webhook_events",
    "queue_message_chunks",
    "requeue_stale_chunks",
    "rotate_channel_tokens",
    "send_chunk",
]
