from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...channels import settings_channel
from ...models import Channel
from ...richmenus import sync
from ...sdk import LineBotApiError


class Command(BaseCommand):
    help = "Import rich menus made elsewhere on LINE and mark the ones LINE no longer has."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--channel", help="channel slug (default: every active channel, or the settings channel)"
        )

    def handle(self, *args: Any, channel: str | None, **options: Any) -> None:
        if channel:
            targets = list(Channel.objects.filter(slug=channel))
            if not targets:
                raise CommandError(f"no channel with slug {channel!r}")
        else:
            targets = list(Channel.objects.filter(is_active=True)) or [settings_channel()]
        for target in targets:
            try:
                result = sync(target)
            except (LineBotApiError, ImproperlyConfigured) as err:
                raise CommandError(f"{target}: {err}") from None
            self.stdout.write(
                f"{target}: {result['on_line']} on LINE, "
                f"{result['imported']} imported, {result['gone']} marked gone"
            )
