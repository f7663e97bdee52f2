"""Settings of the Celery workers the integration tests start: the test database, Redis, the fake LINE."""

import os

from tests.settings import *  # noqa: F403
from tests.settings import DATABASES, INSTALLED_APPS, LINEBOT

DATABASES["default"]["NAME"] = os.environ["LINEBOT_TEST_DB_NAME"]
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = os.environ["CELERY_BROKER_URL"]
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # a killed worker's task comes back within seconds
    "visibility_timeout": 5,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
CELERY_TASK_DEFAULT_QUEUE = os.environ["LINEBOT_TEST_QUEUE"]
CELERY_WORKER_PREFETCH_MULTIPLIER = int(os.environ.get("LINEBOT_TEST_PREFETCH", "1"))
CELERY_TASK_ACKS_LATE = True
LINEBOT = {
    **LINEBOT,
    "API_ENDPOINT": os.environ["LINEBOT_FAKE_URL"],
    "API_DATA_ENDPOINT": os.environ["LINEBOT_FAKE_URL"],
    "TIMEOUT": (2.0, 1.0),
    "SEND_BACKOFF_BASE": 0.05,
    "SEND_BACKOFF_MAX": 0.5,
    "SEND_MAX_ATTEMPTS": 15,
    "NARROWCAST_POLL_INTERVAL": 0.2,
    "RATE_LIMIT_REDIS_URL": os.environ["CELERY_BROKER_URL"],
    # LINE allows 60 broadcasts an hour; retries count too, so the tests allow them per second.
    "RATE_LIMITS": {"broadcast": (60, 1.0), "narrowcast": (60, 1.0)},
}
# Keep database connections across tasks: a new PostgreSQL login per task costs more than the task.
DATABASES["default"]["CONN_MAX_AGE"] = 300
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Celery's Django fix-up closes the database connection around every task unless told to reuse it.
CELERY_DB_REUSE_MAX = 1000

if os.environ.get("LINEBOT_TEST_ECHO_BOT"):  # the example bot's receivers: text messages echoed by reply
    INSTALLED_APPS = [*INSTALLED_APPS, "example_project.bot"]
