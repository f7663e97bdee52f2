"""The Celery tasks: stable names, the recommended beat schedule, Celery's backoff with full jitter;
the broker's client loaded when Django starts in Celery mode."""

from __future__ import annotations

import subprocess
import sys

import pytest
from celery import current_app

from django_linebot import tasks
from django_linebot.queue import TASK_NAMES
from django_linebot.tasks.outbox import backoff


def test_every_task_has_its_stable_name() -> None:
    every = [
        tasks.dispatch_webhook_event,
        tasks.dispatch_webhook_events,
        tasks.dispatch_channel_events,
        tasks.dispatch_stale_webhook_events,
        tasks.prune_webhook_events,
        tasks.send_chunk,
        tasks.queue_message_chunks,
        tasks.poll_narrowcast,
        tasks.requeue_stale_chunks,
        tasks.rotate_channel_tokens,
        tasks.apply_rich_menu_schedule,
        tasks.fetch_profile,
        tasks.refresh_profiles,
        tasks.record_daily_stats,
        tasks.record_rich_menu_stats,
        tasks.sync_audiences,
    ]
    assert sorted(task.name for task in every) == sorted(TASK_NAMES)
    assert all(name.startswith("linebot.") for name in TASK_NAMES)


def test_the_beat_schedule_names_registered_tasks() -> None:
    assert tasks.BEAT_SCHEDULE
    for entry in tasks.BEAT_SCHEDULE.values():
        assert entry["task"] in current_app.tasks, entry
        assert entry["schedule"] > 0


def test_the_example_project_uses_the_beat_schedule() -> None:
    from example_project.celery import app

    app.finalize()
    for key, entry in tasks.BEAT_SCHEDULE.items():
        assert app.conf.beat_schedule[key] == entry


@pytest.mark.parametrize(("base", "cap"), [(2.0, 300.0), (0.05, 0.5), (0.0, 300.0)])
def test_backoff_is_exponential_with_full_jitter(settings, base, cap) -> None:
    settings.LINEBOT = {**settings.LINEBOT, "SEND_BACKOFF_BASE": base, "SEND_BACKOFF_MAX": cap}
    for attempt in (1, 2, 3, 12):
        ceiling = min(cap, base * 2 ** (attempt - 1))
        waits = [backoff(attempt) for _ in range(200)]
        assert all(0 <= wait <= ceiling for wait in waits), (attempt, max(waits))
    if base:
        assert len({backoff(3) for _ in range(200)}) > 1  # jittered, not one fixed wait


def test_backoff_honours_retry_after(settings) -> None:
    settings.LINEBOT = {**settings.LINEBOT, "SEND_BACKOFF_BASE": 1.0, "SEND_BACKOFF_MAX": 10.0}
    assert backoff(1, "120") == 120.0
    assert backoff(1, "soon") <= 1.0


_LOADS_BROKER_CLIENT = """
import sys
import django
from celery import Celery
from django.conf import settings

settings.configure(
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "django_linebot"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    LINEBOT={"DISPATCH": sys.argv[1]},
    CELERY_BROKER_URL="redis://127.0.0.1:9/0",  # nothing listens there: no connection is made
)
Celery("project").config_from_object("django.conf:settings", namespace="CELERY")
django.setup()
print("kombu.transport.redis" in sys.modules, "redis" in sys.modules)
"""


@pytest.mark.parametrize(("dispatch", "loaded"), [("celery", "True True"), ("sync", "False False")])
def test_celery_mode_loads_the_broker_client_when_django_starts(dispatch, loaded) -> None:
    """Not at the first task a web process queues (0.2 s after the answer, the first reply that late)."""
    result = subprocess.run(
        [sys.executable, "-c", _LOADS_BROKER_CLIENT, dispatch],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[0] == loaded
