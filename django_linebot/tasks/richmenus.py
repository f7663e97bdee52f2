"""Celery task of the rich menus: switch the default menu when a display period starts or ends."""

from __future__ import annotations

from celery import shared_task

from .. import queue
from ..richmenus import apply_schedule


@shared_task(name=queue.APPLY_RICH_MENU_SCHEDULE, ignore_result=True)
def apply_rich_menu_schedule() -> int:
    """Beat task (every minute): apply the rich menus' display periods on LINE; returns how many switches."""
    return len(apply_schedule())
