"""The reply-latency benchmark's receiver: every text message is answered through the webhook's ``api``."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig


def reply(sender: Any, event: Any, api: Any, **kwargs: Any) -> None:
    api.reply_message(event.reply_token, [{"type": "text", "text": "pong"}])


class LatencyBenchConfig(AppConfig):
    name = "bench"
    label = "linebot_bench"

    def ready(self) -> None:
        from django_linebot import signals

        signals.message.connect(reply, weak=False, dispatch_uid="bench-reply")
