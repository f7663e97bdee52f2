"""The webhook view under a real WSGI server (gunicorn on 127.0.0.1), with a bounded load generator.

    python -m bench.webhook_server [--seconds 5] [--clients 8]    # DATABASE_URL names a PostgreSQL database

Rows, same server, same run: django-linebot's view (signature, one transaction storing
every event, signals), a minimal view with django-linebot's parser, and a minimal
view with line-bot-sdk's WebhookParser. Each request carries fresh event IDs.

Two floors, for what this machine allows a view that stores before it answers: the minimal view
plus one INSERT of the body as a single text row (``floor: body as one row``), and plus one INSERT
PostgreSQL splits into a row per event, deduplicated by event ID (``floor: a row per event``). Both
are one round trip and one commit, with no Python per event; django-linebot's view is a share of each.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SECRET = "test-channel-secret"


def bodies(events_per_body: int, count: int) -> list[tuple[bytes, str]]:
    from bench.webhook_parse import mixed_body
    from django_linebot.sdk import compute_signature

    out = []
    for _ in range(count):
        body = mixed_body(events_per_body)
        out.append((body, compute_signature(body, SECRET)))
    return out


def fresh_event_log() -> None:
    """Empty the event log, and on PostgreSQL vacuum it: each row starts without the last one's dead rows."""
    from django.db import connection

    from django_linebot.models import WebhookEvent

    WebhookEvent.objects.all().delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(WebhookEvent._meta.db_table)}")


def make_floor_tables(drop: bool = False) -> None:
    """Create the floors' tables (``bench.urls.FLOOR_TABLES``) empty, or with ``drop`` remove them."""
    from django.db import connection

    from bench.urls import FLOOR_TABLES

    with connection.cursor() as cursor:
        for table, columns in FLOOR_TABLES.items():
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
            if not drop:
                cursor.execute(f"CREATE TABLE {table} ({columns})")


def load(
    port: int, path: str, payloads: list[tuple[bytes, str]], seconds: float, clients: int
) -> dict[str, Any]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    index = [0]
    deadline = time.monotonic() + seconds

    def client() -> None:
        while time.monotonic() < deadline:
            with lock:
                if index[0] >= len(payloads):
                    return
                body, sig = payloads[index[0]]
                index[0] += 1
            started = time.perf_counter()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("POST", path, body, {"Content-Type": "application/json", "X-Line-Signature": sig})
            status = conn.getresponse().status
            conn.close()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 60)
    wall = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else 0.0

    return {
        "requests": len(latencies),
        "requests_per_second": round(len(latencies) / wall, 1),
        "p50_ms": round(pct(0.50), 2),
        "p90_ms": round(pct(0.90), 2),
        "p99_ms": round(pct(0.99), 2),
        "mean_ms": round(statistics.mean(latencies) * 1000, 2) if latencies else 0.0,
        "statuses": statuses,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--gunicorn-workers", type=int, default=2)
    parser.add_argument(
        "--threads", type=int, default=1, help="gunicorn threads per worker (above 1: gthread workers)"
    )
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from bench.summary import FLOORS, floors
    from django_linebot.models import WebhookEvent
    from tests.processes import free_port, start, stop, wait_for_port

    call_command("migrate", verbosity=0)
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.server_settings"}
    proc = start(
        [
            "-m",
            "gunicorn",
            "django.core.wsgi:get_wsgi_application()",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(args.gunicorn_workers),
            "--threads",
            str(args.threads),
            "--log-level",
            "warning",
        ],
        env,
    )
    try:
        wait_for_port(port, proc)
        rows = [
            ("django-linebot view (store + signals)", "/line/webhook/"),
            ("minimal view, django-linebot parser", "/ours-parse-only/"),
            ("minimal view, line-bot-sdk parser", "/official/"),
            (FLOORS[0], "/ours-parse-and-insert/"),
            (FLOORS[1], "/ours-parse-and-insert-events/"),
        ]
        report: dict[str, Any] = {}
        threads = f" --threads {args.threads}" if args.threads > 1 else ""
        for n in (1, 100):
            budget = 15000 if n == 1 else 1500
            print(
                f"\n{n}-event body, {args.clients} clients, {args.seconds:.0f} s, "
                f"gunicorn -w {args.gunicorn_workers}{threads}"
            )
            print(f"  {'':<40} {'req/s':>8} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8}  statuses")
            for name, path in rows:
                fresh_event_log()
                make_floor_tables()  # each row starts from empty floors, as from an empty event log
                payloads = bodies(n, budget)
                load(port, path, payloads[:20], 2, 2)  # warm up
                result = load(port, path, payloads[20:], args.seconds, args.clients)
                report[f"{n}_event/{name}"] = result
                print(
                    f"  {name:<40} {result['requests_per_second']:>8.1f} {result['p50_ms']:>8.2f} "
                    f"{result['p90_ms']:>8.2f} {result['p99_ms']:>8.2f}  {result['statuses']}"
                )
            full = report[f"{n}_event/django-linebot view (store + signals)"]
            minimal = report[f"{n}_event/minimal view, django-linebot parser"]
            share = (
                full["requests_per_second"] / minimal["requests_per_second"]
                if minimal["requests_per_second"]
                else 0
            )
            print(f"  -> the floors: {floors(report, n)}")
            if n == 1:
                print(
                    f"  -> full view serves {share:.0%} of the minimal view's requests, "
                    f"p99 {full['p99_ms']:.1f} ms (goal: at least 45%, p99 at most 15 ms)"
                )
            else:
                print(
                    f"  -> full view stores and dispatches {full['requests_per_second'] * n:,.0f} events/s "
                    "(goal: at least 14,000)"
                )
            ours = report[f"{n}_event/minimal view, django-linebot parser"]["requests_per_second"]
            theirs = report[f"{n}_event/minimal view, line-bot-sdk parser"]["requests_per_second"]
            print(
                f"  -> same minimal view: django-linebot's parser serves {ours / theirs:.2f}x "
                "the requests of "
                "line-bot-sdk's"
            )
        WebhookEvent.objects.all().delete()
        make_floor_tables(drop=True)
    finally:
        stop(proc, timeout=30)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "webhook_server.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
