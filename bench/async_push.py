"""1,000 concurrent pushes from one event loop: AsyncLineBotApi vs line-bot-sdk's AsyncMessagingApi.

    python -m bench.async_push [--pushes 1000] [--rounds 5] [--connections 100]

Both clients push to the same minimal local server (bench/quick_server.py, 127.0.0.1) in the same run,
with the same connection pool size; the table shows the best and the median wall time of ``--rounds``
rounds of ``asyncio.gather`` over ``--pushes`` pushes, and pushes per second.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from bench.quick_server import QuickServer

USER = "U" + "0" * 32
TEXT = "Sale starts now"


async def _rounds(push: Callable[[int], Awaitable[Any]], pushes: int, rounds: int) -> list[float]:
    await asyncio.gather(*(push(i) for i in range(min(100, pushes))))  # warm the pool
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        await asyncio.gather(*(push(i) for i in range(pushes)))
        times.append(time.perf_counter() - started)
    return times


async def ours(url: str, pushes: int, rounds: int, connections: int) -> list[float]:
    from django_linebot.sdk.aio import AsyncLineBotApi

    messages = [{"type": "text", "text": TEXT}]
    async with AsyncLineBotApi(
        channel_access_token="t", api_endpoint=url, timeout=120, max_connections=connections
    ) as api:

        async def push(i: int) -> Any:
            res = await api.push_message(USER, messages)
            assert res.is_success
            return res

        return await _rounds(push, pushes, rounds)


async def theirs(url: str, pushes: int, rounds: int, connections: int) -> list[float] | None:
    try:
        from linebot.v3.messaging import (
            AsyncApiClient,
            AsyncMessagingApi,
            Configuration,
            PushMessageRequest,
            TextMessage,
        )
    except ImportError:
        print("line-bot-sdk is not installed (pip install -e '.[bench]'): skipped")
        return None
    config = Configuration(access_token="t", host=url)
    config.connection_pool_maxsize = connections
    async with AsyncApiClient(config) as client:
        api = AsyncMessagingApi(client)

        async def push(i: int) -> Any:
            request = PushMessageRequest(to=USER, messages=[TextMessage(text=TEXT)])
            return await api.push_message(request)

        return await _rounds(push, pushes, rounds)


def report(results: dict[str, list[float]], pushes: int) -> list[str]:
    lines = [f"{'client':<34} {'best s':>8} {'median s':>9} {'pushes/s':>9}"]
    for name, times in results.items():
        best, median = min(times), statistics.median(times)
        lines.append(f"{name:<34} {best:>8.3f} {median:>9.3f} {pushes / median:>9.0f}")
    if len(results) == 2:
        a, b = (statistics.median(t) for t in results.values())
        lines.append(f"line-bot-sdk takes {b / a:.2f}x ours (median)")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pushes", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=100)
    args = parser.parse_args()
    results: dict[str, list[float]] = {}
    with QuickServer() as server:
        results["django-linebot AsyncLineBotApi"] = asyncio.run(
            ours(server.url, args.pushes, args.rounds, args.connections)
        )
        official = asyncio.run(theirs(server.url, args.pushes, args.rounds, args.connections))
        if official is not None:
            results["line-bot-sdk AsyncMessagingApi"] = official
    print("\n".join(report(results, args.pushes)))
    out = Path("bench/results")
    out.mkdir(parents=True, exist_ok=True)
    (out / "async_push.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
