from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...channels import rotate_tokens
from ...models import Channel
from ...sdk import LineBotApiError

ROTATED_MODES = (Channel.AuthMode.SHORT_LIVED, Channel.AuthMode.V2_1)


class Command(BaseCommand):
    help = "Replace short-lived and v2.1 tokens that expire soon, and revoke the replaced ones."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--channel", help="only this channel slug")

    def handle(self, *args: Any, channel: str | None, **options: Any) -> None:
        channels = None
        if channel:
            target = Channel.objects.filter(slug=channel).first()
            if target is None:
                raise CommandError(f"no channel with slug {channel!r}")
            if target.auth_mode not in ROTATED_MODES:
                raise CommandError(
                    f"channel {channel!r} uses {target.get_auth_mode_display()}: only short-lived and v2.1 "
                    "tokens are rotated"
                )
            channels = [target]
        try:
            report = rotate_tokens(channels)
        except (LineBotApiError, ImproperlyConfigured, ValueError) as err:
            raise CommandError(str(err)) from None
        for line in report:
            self.stdout.write(line)
