from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ...models import Channel
from ...tokens import rotate_tokens


class Command(BaseCommand):
    help = "Replace short-lived and v2.1 tokens that expire soon, and revoke the replaced ones."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--channel", help="only this channel slug")

    def handle(self, *args: Any, channel: str | None, **options: Any) -> None:
        channels = [Channel.objects.get(slug=channel)] if channel else None
        for line in rotate_tokens(channels):
            self.stdout.write(line)
