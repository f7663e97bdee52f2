"""The example bot. Secrets come from the environment; with none, it talks to the local fake LINE platform."""

import os

from .settings_base import *  # noqa: F403
from .settings_base import BASE_DIR, database_from_url

DATABASES = {
    "default": database_from_url(os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))
}

FAKE_LINE_URL = os.environ.get("LINE_FAKE_PLATFORM_URL", "http://127.0.0.1:8765")
MEDIA_ROOT = os.environ.get("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media"))
MEDIA_URL = "media/"

_real = bool(os.environ.get("LINE_CHANNEL_ACCESS_TOKEN"))
LINEBOT = {
    "CHANNEL_SECRET": os.environ.get("LINE_CHANNEL_SECRET", "example-channel-secret"),
    "CHANNEL_ACCESS_TOKEN": os.environ.get("LINE_CHANNEL_ACCESS_TOKEN", "example-channel-access-token"),
    "API_ENDPOINT": None if _real else FAKE_LINE_URL,
    "API_DATA_ENDPOINT": None if _real else FAKE_LINE_URL,
    "ENCRYPTION_KEY": os.environ.get("LINEBOT_ENCRYPTION_KEY", "example-project-encryption-key"),
}

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "memory://")
# With no broker configured, tasks run in-process.
CELERY_TASK_ALWAYS_EAGER = "CELERY_BROKER_URL" not in os.environ
# Longer than any retry countdown or rate-limit wait, so Redis never hands a waiting task out twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 3600}
CELERY_TASK_ACKS_LATE = True
# Celery's Django fix-up closes the database connection around every task unless told to reuse it;
# a new PostgreSQL login per task halves the outbox's throughput.
CELERY_DB_REUSE_MAX = 1000
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE = {
    "linebot-rotate-tokens": {"task": "django_linebot.tasks.rotate_channel_tokens", "schedule": 6 * 3600},
    "linebot-requeue-stale": {"task": "django_linebot.tasks.requeue_stale_chunks", "schedule": 300},
    "linebot-dispatch-stale-events": {
        "task": "django_linebot.tasks.dispatch_stale_webhook_events",
        "schedule": 300,
    },
    "linebot-prune-events": {"task": "django_linebot.tasks.prune_webhook_events", "schedule": 24 * 3600},
}
if CELERY_BROKER_URL.startswith("redis://"):
    LINEBOT["RATE_LIMIT_REDIS_URL"] = CELERY_BROKER_URL
