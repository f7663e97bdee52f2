from __future__ import annotations

import os
import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ....conf import app_settings
from ....testing import FakeLinePlatform
from ....testing.fake import DEFAULT_CHANNEL


class Command(BaseCommand):
    help = "Run the fake LINE platform on 127.0.0.1 (for local development without LINE credentials)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8765, help="0: any free port")
        parser.add_argument(
            "--spec-dir",
            default=None,
            help="LINE's OpenAPI folder: refuse requests that disagree with it",
        )

    def handle(self, *args: Any, port: int, spec_dir: str | None, **options: Any) -> None:
        if not 0 <= port <= 65535:
            raise CommandError(f"--port {port} is not a TCP port (0 to 65535)")
        if spec_dir is not None and not os.path.isdir(spec_dir):
            raise CommandError(f"--spec-dir {spec_dir} is not a folder (LINE's OpenAPI spec files)")
        # LINEBOT's channel secret signs the webhook test delivery (testWebhookEndpoint) to the bot.
        secret = app_settings.CHANNEL_SECRET
        fake = FakeLinePlatform(
            port=port, spec_dir=spec_dir, channel_secrets={DEFAULT_CHANNEL: secret} if secret else None
        )
        if fake.validator is not None and not fake.validator.operations:
            raise CommandError(f"--spec-dir {spec_dir} holds none of LINE's OpenAPI files")
        try:
            fake.start()
        except OSError as exc:
            raise CommandError(f"port {port} on 127.0.0.1: {exc.strerror or exc}") from None
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            self.stdout.write(f"fake LINE platform on {fake.url} (Ctrl-C to stop)")
            self.stdout.write(f"its state: {fake.url}/_fake/state, what the bot sent: {fake.url}/_fake/sent")
            seen = 0
            try:
                while not stop.wait(0.5):
                    for sent in fake.sent_messages[seen:]:
                        texts = [m.get("text") or m.get("type") for m in sent["messages"]]
                        self.stdout.write(
                            f"LINE <- {sent['kind']} to {sent['to'] or sent['reply_token']}: {texts}"
                        )
                    seen = len(fake.sent_messages)
            except KeyboardInterrupt:
                pass
        finally:
            fake.stop()
