from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...inbound import replay_events
from ...models import WebhookEvent


class Command(BaseCommand):
    help = "Dispatch stored webhook events again: failed ones by default, or those named."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("ids", nargs="*", type=int, help="WebhookEvent primary keys")
        parser.add_argument("--status", default="failed", choices=[s.value for s in WebhookEvent.Status])
        parser.add_argument("--limit", type=int, default=1000, help="at most this many events")

    def handle(self, *args: Any, ids: list[int], status: str, limit: int, **options: Any) -> None:
        if limit < 1:
            raise CommandError(f"--limit {limit}: give a number of events of 1 or more")
        wrong = [i for i in ids if not 1 <= i < 2**63]
        if wrong:
            raise CommandError(f"no webhook event can have the id {', '.join(map(str, wrong))}")
        if ids:
            missing = sorted(
                set(ids) - set(WebhookEvent.objects.filter(pk__in=ids).values_list("pk", flat=True))
            )
            if missing:
                raise CommandError(f"no webhook event with id {', '.join(map(str, missing))}")
        rows = WebhookEvent.objects.filter(pk__in=ids) if ids else WebhookEvent.objects.filter(status=status)
        rows = rows.order_by("received_at", "id")[:limit]
        done, failed = replay_events(rows)
        self.stdout.write(f"replayed {done + failed} event(s): {done} processed, {failed} failed")
