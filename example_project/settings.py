"""The example bot. Secrets come from the environment; with none, it talks to the local fake LINE platform."""

import os

from .settings_base import *  # noqa: F403
from .settings_base import BASE_DIR, database_from_url

DATABASES = {
    "default": database_from_url(os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))
}

FAKE_LINE_URL = os.environ.get("LINE_FAKE_PLATFORM_URL", "http://127.0.0.1:8765")
MEDIA_ROOT = BASE_DIR / "media"
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
