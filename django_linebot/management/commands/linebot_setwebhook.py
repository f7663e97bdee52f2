from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...channels import get_api, settings_channel
from ...conf import app_settings
from ...models import Channel
from ...sdk import LineBotApiError
from ...sdk.validation import validate_webhook_url


class Command(BaseCommand):
    help = "Set a channel's webhook URL on LINE (https only), then ask LINE to test it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("url", help="e.g. https://bot.example.com/line/webhook/shop/")
        parser.add_argument("--channel", help="channel slug (default: the LINEBOT settings channel)")
        parser.add_argument("--no-test", action="store_true", help="do not ask LINE to test the URL")

    def handle(self, *args: Any, url: str, channel: str | None, no_test: bool, **options: Any) -> None:
        try:
            validate_webhook_url(url)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if channel:
            target = Channel.objects.filter(slug=channel).first()
            if target is None:
                raise CommandError(f"no channel with slug {channel!r}")
        elif not app_settings.CHANNEL_ACCESS_TOKEN:
            raise CommandError(
                "LINEBOT['CHANNEL_ACCESS_TOKEN'] is not set: name a channel of the database with --channel"
            )
        else:
            target = settings_channel()
        try:
            api = get_api(target, raise_errors=False)
            api.set_webhook_url(url).raise_for_status()
            self.stdout.write(f"webhook URL of {target} set to {url}")
            if not no_test:
                res = api.test_webhook_endpoint(url).raise_for_status()
                self.stdout.write(
                    f"LINE test: success={res.data.get('success')} status={res.data.get('statusCode')} "
                    f"reason={res.data.get('reason')}"
                )
        except (LineBotApiError, ImproperlyConfigured) as err:
            raise CommandError(str(err)) from None
