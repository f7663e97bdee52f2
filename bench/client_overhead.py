"""Per-request cost of a multicast (500 recipients): bare requests.Session, django-linebot, line-bot-sdk.

    python -m bench.client_overhead [--requests 2000]

All three talk to the same minimal local server in the same run; the table shows
microseconds per request and each client's overhead over the bare session.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import requests

from bench.quick_server import QuickServer
from django_linebot.sdk import LineBotApi

USERS = [f"U{i:032x}" for i in range(500)]
MESSAGES = [{"type": "text", "text": "Sale starts now"}]


def _time(call: Any, n: int) -> float:
    for _ in range(min(50, n)):
        call()
    started = time.perf_counter()
    for _ in range(n):
        call()
    return (time.perf_counter() - started) / n * 1e6


def measure(n: int) -> dict[str, float]:
    results: dict[str, float] = {}
    with QuickServer() as server:
        session = requests.Session()
        body = {"to": USERS, "messages": MESSAGES}
        headers = {"Authorization": "Bearer t", "X-Line-Retry-Key": "123e4567-e89b-12d3-a456-426614174000"}
        results["bare requests.Session"] = _time(
            lambda: session.post(
                server.url + "/v2/bot/message/multicast", json=body, headers=headers, timeout=5
            ),
            n,
        )
        ours = LineBotApi(channel_access_token="t", api_endpoint=server.url, timeout=5)
        results["django-linebot LineBotApi"] = _time(
            lambda: ours.multicast(USERS, MESSAGES, retry_key="123e4567-e89b-12d3-a456-426614174000"), n
        )
        try:
            from linebot.v3.messaging import (
                ApiClient,
                Configuration,
                MessagingApi,
                MulticastRequest,
                TextMessage,
            )
        except ImportError:
            print("line-bot-sdk is not installed (pip install -e '.[bench]'): skipped")
        else:
            client = ApiClient(Configuration(access_token="t", host=server.url))
            official = MessagingApi(client)

            def official_call() -> None:
                request = MulticastRequest(to=USERS, messages=[TextMessage(text="Sale starts now")])
                official.multicast(request, x_line_retry_key="123e4567-e89b-12d3-a456-426614174000")

            results["line-bot-sdk MessagingApi"] = _time(official_call, n)
    return results


def report(results: dict[str, float]) -> list[str]:
    bare = results["bare requests.Session"]
    lines = [f"{'client':<28} {'us/request':>11} {'over bare':>10} {'ratio':>7}"]
    for name, us in results.items():
        lines.append(f"{name:<28} {us:>11.1f} {us - bare:>+10.1f} {us / bare:>7.2f}")
    if "line-bot-sdk MessagingApi" in results:
        ours = results["django-linebot LineBotApi"] - bare
        theirs = results["line-bot-sdk MessagingApi"] - bare
        verdict = (
            f"line-bot-sdk costs {theirs / ours:.1f}x ours"
            if ours > 20
            else "ours is within the noise of the bare session"
        )
        lines.append(
            f"overhead over bare: django-linebot {ours:+.1f} us, line-bot-sdk {theirs:+.1f} us ({verdict})"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    results = measure(args.requests)
    print("\n".join(report(results)))
    out = Path("bench/results")
    out.mkdir(parents=True, exist_ok=True)
    (out / "client_overhead.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
