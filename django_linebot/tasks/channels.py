"""Celery task of the channels: rotate issued access tokens before they expire."""

from __future__ import annotations

from celery import shared_task

from .. import queue
from ..channels import rotate_tokens


@shared_task(name=queue.ROTATE_TOKENS, ignore_result=True)
def rotate_channel_tokens() -> list[str]:
    """Beat task: replace short-lived and v2.1 tokens before they expire (see ``linebot_rotate_tokens``)."""
    return rotate_tokens()
