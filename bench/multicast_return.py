"""How long ``send.multicast`` of 1,000,000 IDs holds its caller: the time until the call returns.

    python -m bench.multicast_return [--recipients N] [--runs 3]   # with DATABASE_URL and REDIS_URL set

The chunks are written and handed to Celery (one ``linebot.queue_message_chunks`` task, on a queue
of this run that no worker reads: nothing is delivered; ``bench.multicast_fanout`` measures delivery).
Each run is timed on its own; the fastest and the median are reported, then a separate run under
``tracemalloc`` reports the call's peak memory above the caller's list (not timed: tracing slows it).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
import tracemalloc
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT = [{"type": "text", "text": "Sale starts now"}]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--recipients", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args, _ = parser.parse_known_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    import redis
    from django.core.management import call_command

    from django_linebot import send
    from django_linebot.models import OutgoingMessage
    from example_project.celery import app

    call_command("migrate", verbosity=0)
    redis_url = os.environ["REDIS_URL"]
    queue = f"linebot-bench-return-{uuid.uuid4().hex[:8]}"
    app.conf.update(task_always_eager=False, broker_url=redis_url, task_default_queue=queue)
    users = [f"U{i:032x}" for i in range(args.recipients)]
    times: list[float] = []
    try:
        for _ in range(max(1, min(args.runs, 10))):
            started = time.perf_counter()
            send.multicast(None, users, TEXT)
            times.append(time.perf_counter() - started)
            OutgoingMessage.objects.all().delete()
        tracemalloc.start()
        try:
            send.multicast(None, users, TEXT)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    finally:
        OutgoingMessage.objects.all().delete()
        redis.Redis.from_url(redis_url).delete(queue)
    result = {
        "recipients": args.recipients,
        "runs_s": [round(t, 3) for t in times],
        "fastest_s": round(min(times), 3),
        "median_s": round(statistics.median(times), 3),
        "peak_memory_bytes": peak,
    }
    print(f"send.multicast of {args.recipients:,} IDs (a list), {len(times)} runs")
    print(f"  returned in: {', '.join(f'{t:.2f} s' for t in times)}")
    print(
        f"  -> fastest {result['fastest_s']:.2f} s, median {result['median_s']:.2f} s (goal: at most 1.5 s); "
        f"peak memory of the call {peak / 1e6:.1f} MB"
    )
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "multicast_return.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
