"""Import a channel's followers (``get_followers`` pages, then their profiles) into LineUser rows."""

from __future__ import annotations

import time
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...channels import settings_channel, settings_channel_configured
from ...followers import import_followers
from ...models import Channel
from ...sdk import LineBotApiError


class Progress:
    """A plain progress line on stderr, rewritten in place (``\\r``) at most five times a second;
    each stage's last figures are always written."""

    def __init__(self, stream: Any, enabled: bool = True) -> None:
        self.stream = stream
        self.enabled = enabled
        self.last = 0.0
        self.stage = ""
        self.state: tuple[str, int, int | None] | None = None
        self.shown: tuple[str, int, int | None] | None = None

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if not self.enabled:
            return
        if self.state is not None and stage != self.state[0]:
            self._show(*self.state)
            self.stream.write("\n")
        self.state = (stage, done, total)
        now = time.monotonic()
        if stage == self.stage and now - self.last < 0.2 and not (total is not None and done >= total):
            return
        self.stage, self.last = stage, now
        self._show(stage, done, total)

    def _show(self, stage: str, done: int, total: int | None) -> None:
        if self.shown == (stage, done, total):
            return
        self.shown = (stage, done, total)
        if total:
            width = 30
            filled = width * done // total
            bar = "#" * filled + "-" * (width - filled)
            self.stream.write(f"\r{stage}: [{bar}] {done}/{total} ({100 * done // total}%)")
        else:
            self.stream.write(f"\r{stage}: {done}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.state is not None:
            self._show(*self.state)
            self.stream.write("\n")
            self.stream.flush()


class Command(BaseCommand):
    help = (
        "Import the followers LINE lists for a channel (get_followers, page after page) into LineUser "
        "rows, then fetch their profiles at the rate limiter's pace. Known users become 'following'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--channel", help="The channel's slug (default: the channel in LINEBOT settings)."
        )
        parser.add_argument("--no-profiles", action="store_true", help="Import the IDs only.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar on stderr.")

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options.get("channel")
        if slug:
            channel = Channel.objects.filter(slug=slug).first()
            if channel is None:
                raise CommandError(f"no channel with slug {slug!r}")
        elif settings_channel_configured():
            channel = settings_channel()
        else:
            raise CommandError("LINEBOT configures no channel: name one with --channel <slug>")
        progress = Progress(self.stderr._out, enabled=not options["no_progress"])
        try:
            counts = import_followers(channel, profiles=not options["no_profiles"], progress=progress)
        except (LineBotApiError, ImproperlyConfigured) as err:  # refused, unreachable, undecryptable token
            progress.close()
            raise CommandError(str(err)) from None
        progress.close()
        self.stdout.write(
            f"{channel}: {counts['followers']} follower(s), {counts['created']} new; "
            f"{counts['profiles']} profile(s) fetched, {counts['profile_errors']} not."
        )
