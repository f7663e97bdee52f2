from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ... import conf
from ...tasks import prune_webhook_events


class Command(BaseCommand):
    help = "Delete processed webhook events older than LINEBOT['EVENT_RETENTION_DAYS'] (or --days)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None, help="keep this many days (1 or more)")

    def handle(self, *args: Any, days: int | None, **options: Any) -> None:
        if days is not None and not 1 <= days <= conf.MAX_DAYS:
            raise CommandError(f"--days {days}: give a number of days from 1 to {conf.MAX_DAYS}")
        deleted = prune_webhook_events(days)
        self.stdout.write(f"deleted {deleted} processed event(s)")
