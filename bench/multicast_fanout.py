"""A 1,000,000-recipient multicast through real Celery workers to the fake LINE platform.

    bash scripts/bench.sh            # starts PostgreSQL and Redis, then runs this and the others
    python -m bench.multicast_fanout [--recipients N] [--workers 2]   # with DATABASE_URL and REDIS_URL set

The fake platform enforces LINE's multicast limit (200 requests a second per channel)
and answers 429 past it. Reported: throughput as a fraction of the limit, the 429s,
every user delivered exactly once, and (in the same run) the client's per-request
overhead next to a bare requests.Session and the official line-bot-sdk.
"""

from __future__ import annotations

import argparse
import json
import os
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 200


def limiter_ceiling(slots: int = 600) -> float:
    """The rate the shared limiter lets through when sending costs nothing (8 threads, bounded)."""
    import threading

    from django_linebot.ratelimit import acquire

    channel = f"ceiling-{uuid.uuid4().hex[:6]}"
    times: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + 30

    def worker() -> None:
        while time.monotonic() < deadline:
            ok, _ = acquire(channel, "multicast")
            with lock:
                if len(times) >= slots:
                    return
                if ok:
                    times.append(time.monotonic())

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=40)
    times.sort()
    return (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--recipients", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2, help="Celery worker instances")
    parser.add_argument("--pool", default="threads", choices=["threads", "prefork"])
    parser.add_argument("--concurrency", type=int, default=8, help="threads or processes per worker")
    parser.add_argument("--timeout", type=float, default=900.0)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from bench.client_overhead import measure, report
    from django_linebot import send
    from django_linebot.models import OutgoingChunk, OutgoingMessage
    from django_linebot.testing import FakeLinePlatform
    from example_project.celery import app
    from tests.processes import celery_worker, stop

    call_command("migrate", verbosity=0)
    OutgoingMessage.objects.all().delete()
    redis_url = os.environ["REDIS_URL"]
    queue = f"linebot-bench-{uuid.uuid4().hex[:8]}"
    app.conf.update(task_always_eager=False, broker_url=redis_url, task_default_queue=queue)

    with FakeLinePlatform() as fake:
        fake.set_rate_limit(r"/v2/bot/message/multicast$", LIMIT, 1.0)
        workers = [
            celery_worker(
                f"bench{i}", queue, redis_url, fake.url, pool=args.pool, concurrency=args.concurrency
            )
            for i in range(args.workers)
        ]
        try:
            users = [f"U{i:032x}" for i in range(args.recipients)]
            started = time.monotonic()
            message = send.multicast(None, users, [{"type": "text", "text": "Sale starts now"}])
            queued = time.monotonic() - started
            pending = OutgoingChunk.PENDING_STATUSES
            deadline = time.monotonic() + args.timeout
            while message.chunks.filter(status__in=pending).exists() and time.monotonic() < deadline:
                time.sleep(0.5)
            elapsed = time.monotonic() - started
        finally:
            for proc in workers:
                stop(proc, timeout=30)

        requests = fake.requests_to("/v2/bot/message/multicast")
        accepted = [r for r in requests if r.status == 200]
        too_many = sum(1 for r in requests if r.status == 429)
        delivered = Counter(u for s in fake.sent_messages for u in s["to"])
        span = accepted[-1].received_at - accepted[0].received_at if len(accepted) > 1 else 0.0
        rate = (len(accepted) - 1) / span if span else 0.0
        failed = message.chunks.exclude(status=OutgoingChunk.Status.SENT).count()

    results = {
        "recipients": args.recipients,
        "chunks": message.chunks.count(),
        "workers": f"{args.workers} x {args.concurrency} {args.pool}",
        "seconds_to_queue": round(queued, 2),
        "seconds_total": round(elapsed, 2),
        "requests_per_second": round(rate, 1),
        "fraction_of_line_limit": round(rate / LIMIT, 3),
        "http_429": too_many,
        "users_delivered": len(delivered),
        "users_delivered_twice": sum(1 for n in delivered.values() if n > 1),
        "chunks_not_sent": failed,
    }
    overhead = measure(1000)
    ceiling = limiter_ceiling()
    OutgoingMessage.objects.all().delete()

    print(f"multicast fan-out: {args.recipients:,} recipients in {results['chunks']} requests")
    for key, value in results.items():
        print(f"  {key:<24} {value}")
    print(f"  -> send.multicast of {args.recipients:,} IDs returned in {queued:.2f} s (goal: at most 1.5 s)")
    print(
        f"  -> {rate:.1f} requests/s = {rate / LIMIT:.1%} of LINE's {LIMIT}/s limit, {too_many} x 429 "
        f"(target: at least 90%, no 429)"
    )
    print(
        f"  limiter alone (8 threads, nothing sent): {ceiling:.1f} slots/s = {ceiling / LIMIT:.1%} "
        "of the limit "
        "(target: 95%, LINEBOT['RATE_LIMIT_SAFETY'])"
    )
    print("\nclient per-request overhead (multicast of 500, same run):")
    print("\n".join("  " + line for line in report(overhead)))
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "multicast_fanout.json").write_text(
        json.dumps({**results, "limiter_slots_per_second": ceiling, "client_overhead_us": overhead}, indent=2)
    )


if __name__ == "__main__":
    main()
