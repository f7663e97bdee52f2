"""The Celery tasks: stable names, the recommended beat schedule, Celery's backoff with full jitter."""

from __future__ import annotations

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
