from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...tasks import requeue_stale_chunks


class Command(BaseCommand):
    help = (
        "Deliver again outbox chunks left queued or sending for --minutes (default 10) without any change: "
        "the stale-chunk sweep, for cron when LINEBOT['SEND_MODE'] is 'inline' (with Celery, beat runs "
        "the linebot.requeue_stale_chunks task)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--minutes", type=int, default=10)

    def handle(self, *args: Any, minutes: int, **options: Any) -> None:
        if minutes < 0:
            raise CommandError("--minutes must be 0 or more")
        count = requeue_stale_chunks(minutes)
        self.stdout.write(f"handed {count} stale chunk(s) to delivery")
