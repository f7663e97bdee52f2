"""Settings of the reply-latency benchmark's gunicorn and Celery worker (environment from reply_latency)."""

import os

from bench.server_settings import *  # noqa: F403
from bench.server_settings import INSTALLED_APPS, LINEBOT

INSTALLED_APPS = [*INSTALLED_APPS, "bench.apps.LatencyBenchConfig"]
FAKE_URL = os.environ["LINEBOT_FAKE_URL"]
LINEBOT = {
    **LINEBOT,
    "API_ENDPOINT": FAKE_URL,
    "API_DATA_ENDPOINT": FAKE_URL,
    "DISPATCH": os.environ.get("LINEBOT_BENCH_DISPATCH", "sync"),
}
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6392/3")
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("LINEBOT_BENCH_QUEUE", "celery")
CELERY_WORKER_PREFETCH_MULTIPLIER = 4
# As the README's deployment section and the example project recommend: without it Celery's Django
# fixup closes the worker's database connection after every task, and each task opens a new one
# (PostgreSQL forks a backend and checks the SCRAM password: milliseconds of CPU per event).
CELERY_DB_REUSE_MAX = 1000
