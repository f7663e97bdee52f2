from __future__ import annotations

import json
import math
import time
import uuid
from typing import Any
from urllib.parse import urlsplit

import requests
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ....conf import app_settings
from ....preview import describe_message
from ....sdk.signature import SIGNATURE_HEADER
from ....testing.webhooks import make_event, make_webhook_body, sign_body

SCRIPT = [
    ("follow", {}, "(adds the bot as a friend)"),
    ("message", {"message": {"type": "text", "text": "Hello bot!"}}, "Hello bot!"),
    (
        "message",
        {
            "message": {
                "type": "sticker",
                "packageId": "446",
                "stickerId": "1988",
                "stickerResourceType": "STATIC",
            }
        },
        "(a sticker)",
    ),
    ("postback", {"postback": {"data": "action=menu"}}, "(taps a button: action=menu)"),
]


def _http_url(option: str, url: str) -> str:
    """``url`` if it is an http(s) URL; CommandError naming ``option`` otherwise."""
    try:
        parts = urlsplit(url)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        ok = False
    if not ok:
        raise CommandError(f"{option} {url!r} is not an http(s) URL")
    return url


class Command(BaseCommand):
    help = (
        "Play a LINE user: send signed events (follow, text, sticker, postback) to a running webhook and "
        "print what the bot answered, read from the fake LINE platform."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--webhook", default="http://127.0.0.1:8000/line/webhook/")
        parser.add_argument(
            "--fake", default=None, help="the fake LINE platform (default: LINEBOT['API_ENDPOINT'])"
        )
        parser.add_argument("--text", action="append", help="send these texts instead of the demo script")
        parser.add_argument("--wait", type=float, default=5.0, help="seconds to wait for each answer")

    def handle(self, *args: Any, **opts: Any) -> None:
        fake = (opts["fake"] or app_settings.API_ENDPOINT or "").rstrip("/")
        secret = app_settings.CHANNEL_SECRET
        if not fake or not secret:
            raise CommandError("needs the fake platform's URL (--fake) and LINEBOT['CHANNEL_SECRET']")
        _http_url("--fake", fake)
        _http_url("--webhook", opts["webhook"])
        if not (math.isfinite(opts["wait"]) and opts["wait"] >= 0):
            raise CommandError(f"--wait {opts['wait']}: give seconds, 0 or more")
        user = "U" + uuid.uuid4().hex
        script = (
            [("message", {"message": {"type": "text", "text": t}}, t) for t in opts["text"]]
            if opts["text"]
            else SCRIPT
        )
        seen = self._sent(fake, 0)["next"]
        answered = 0
        for event_type, fields, said in script:
            fields = json.loads(json.dumps(fields))
            if "message" in fields:
                fields["message"].setdefault("id", str(uuid.uuid4().int)[:18])
                fields["message"].setdefault("quoteToken", uuid.uuid4().hex)
            event = make_event(event_type, source={"type": "user", "userId": user}, **fields)
            body = make_webhook_body(event)
            self.stdout.write(f"you > {said}")
            self._post(opts["webhook"], body, sign_body(body, secret))
            replies, seen = self._answers(fake, seen, event.get("replyToken"), user, opts["wait"])
            for message in replies:
                self.stdout.write(f"bot < {describe_message(message, indent='      ')}")
            if replies:
                answered += 1
            else:
                self.stdout.write("bot   (no answer)")
        self.stdout.write(f"{answered} of {len(script)} events answered")

    def _post(self, url: str, body: bytes, signature: str) -> None:
        headers = {"Content-Type": "application/json", SIGNATURE_HEADER: signature}
        try:
            res = requests.post(url, data=body, headers=headers, timeout=10)
        except requests.RequestException as exc:
            raise CommandError(f"cannot reach the webhook at {url}: {exc} (is the bot running?)") from None
        if res.status_code != 200:
            raise CommandError(f"the webhook answered HTTP {res.status_code}: {res.text[:200]}")

    def _sent(self, fake: str, since: int) -> dict[str, Any]:
        try:
            return requests.get(f"{fake}/_fake/sent", params={"since": since}, timeout=5).json()
        except (requests.RequestException, ValueError) as exc:
            raise CommandError(f"cannot reach the fake LINE platform at {fake}: {exc}") from None

    def _answers(
        self, fake: str, seen: int, reply_token: str | None, user: str, wait: float
    ) -> tuple[list[dict[str, Any]], int]:
        deadline = time.monotonic() + wait
        while True:
            page = self._sent(fake, seen)
            mine = [
                s
                for s in page["sent"]
                if (reply_token and s.get("reply_token") == reply_token) or s.get("to") == user
            ]
            if mine or time.monotonic() > deadline:
                return [m for s in mine for m in s["messages"]], page["next"]
            time.sleep(0.1)
