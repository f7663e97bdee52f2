"""Reply latency a LINE user feels: a signed delivery posted, a receiver replies, the reply reaches LINE.

    python -m bench.reply_latency [--seconds 5] [--rates 100 400]   # with DATABASE_URL and REDIS_URL set

Side by side in one run, under gunicorn -w 2 on 127.0.0.1, against the fake LINE platform:
django-linebot with DISPATCH="sync" (the receiver replies inside the request, every event stored),
with DISPATCH="celery" (the view stores and answers; a real Celery worker on Redis dispatches), and
a hand-written Django view using line-bot-sdk's WebhookParser and MessagingApi (no storage).
Deliveries are sent open-loop at a fixed rate; reported: the webhook's answer time (what LINE
waits for) and the reply latency (post sent -> reply received by the fake), p50/p90/p99.
The fake platform runs in a process of its own (``linebot_fake_platform``), as LINE's API is not in
the process sending its webhooks: in the load generator's process, receiving the replies Celery sends
took its interpreter lock while the senders' clocks ran.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SECRET = "test-channel-secret"


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))] * 1000 if values else float("nan")


def run_rate(port: int, path: str, rate: int, seconds: float, tag: str) -> tuple[dict[str, float], list[str]]:
    """Post ``rate`` deliveries a second for ``seconds``; the send times by reply token, answer times."""
    from django_linebot.testing import make_event, make_webhook_body, sign_body

    count = int(rate * seconds)
    payloads = []
    for i in range(count):
        token = f"{tag}-{i}-{uuid.uuid4().hex[:8]}"
        body = make_webhook_body(make_event(replyToken=token))
        payloads.append((token, body, sign_body(body, SECRET)))
    sent: dict[str, float] = {}
    answers: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def post(token: str, body: bytes, sig: str) -> None:
        started = time.time()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("POST", path, body, {"Content-Type": "application/json", "X-Line-Signature": sig})
            status = conn.getresponse().status
            conn.close()
        except OSError:
            status = 0
        with lock:
            sent[token] = started
            answers.append(time.time() - started)
            statuses[status] = statuses.get(status, 0) + 1

    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=64) as pool:
        for i, (token, body, sig) in enumerate(payloads):
            due = start + i / rate
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            pool.submit(post, token, body, sig)
    return {"sent_at": sent, "answers": answers, "statuses": statuses}, list(sent)  # type: ignore[return-value]


def _replies(fake_url: str, wanted: set[str], seconds: float = 30) -> dict[str, float]:
    """When the fake got the reply to each of ``wanted`` (reply tokens), read from its ``/_fake/requests``."""
    import requests

    found: dict[str, float] = {}
    since = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = requests.get(f"{fake_url}/_fake/requests", params={"since": since}, timeout=30).json()
        since = page["next"]
        for r in page["requests"]:
            token = r["json"].get("replyToken") if isinstance(r["json"], dict) else None
            if r["path"] == "/v2/bot/message/reply" and token in wanted:
                found[token] = r["received_at"]
        if len(found) == len(wanted):
            break
        time.sleep(0.2)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rates", type=int, nargs="+", default=[100, 400])
    parser.add_argument("--gunicorn-workers", type=int, default=2)
    parser.add_argument(
        "--modes",
        nargs="+",
        choices=["sync", "celery", "hand-written"],
        default=["sync", "celery", "hand-written"],
    )
    parser.add_argument(
        "--worker",
        default="--pool=prefork --concurrency=4",
        help="the Celery worker's pool (default: prefork, 2 processes per core; threads share one core)",
    )
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from bench.webhook_server import fresh_event_log
    from django_linebot.models import WebhookEvent
    from tests.processes import free_port, start, stop, wait_for_port

    call_command("migrate", verbosity=0)
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6392/3")
    modes = [
        mode
        for key, mode in (
            ("sync", ("django-linebot, DISPATCH sync", "/line/webhook/", "sync")),
            ("celery", ("django-linebot, DISPATCH celery", "/line/webhook/", "celery")),
            ("hand-written", ("hand-written view, line-bot-sdk", "/official-reply/", "sync")),
        )
        if key in args.modes
    ]
    report: dict[str, Any] = {}
    fake_port = free_port()
    fake_proc = start(["-m", "django", "linebot_fake_platform", "--port", str(fake_port)], dict(os.environ))
    fake_url = f"http://127.0.0.1:{fake_port}"
    try:
        wait_for_port(fake_port, fake_proc)
        for name, path, dispatch in modes:
            queue = f"linebot-latency-{uuid.uuid4().hex[:8]}"
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "bench.latency_settings",
                "LINEBOT_FAKE_URL": fake_url,
                "LINEBOT_BENCH_DISPATCH": dispatch,
                "LINEBOT_BENCH_QUEUE": queue,
                "REDIS_URL": redis_url,
            }
            port = free_port()
            procs = [
                start(
                    [
                        "-m",
                        "gunicorn",
                        "django.core.wsgi:get_wsgi_application()",
                        "-b",
                        f"127.0.0.1:{port}",
                        "-w",
                        str(args.gunicorn_workers),
                        "--log-level",
                        "warning",
                    ],
                    env,
                )
            ]
            if dispatch == "celery":
                procs.append(
                    start(
                        [
                            "-m",
                            "celery",
                            "-A",
                            "example_project",
                            "worker",
                            *args.worker.split(),
                            "-Q",
                            queue,
                            "-n",
                            f"latency-{queue}@%h",
                            "--without-gossip",
                            "--without-mingle",
                            "--without-heartbeat",
                            "--loglevel=WARNING",
                        ],
                        env,
                    )
                )
            try:
                wait_for_port(port, procs[0])
                # Connections, imports, the first token; until the replies are in, as a Celery worker
                # boots after gunicorn answers. At 100/s, so that each gunicorn worker most likely
                # serves some of it.
                _, warm = run_rate(port, path, 100, 1.0, "warmup")
                if len(_replies(fake_url, set(warm))) < len(warm):
                    print(f"  ({name}: not every warm-up delivery was replied to within 30 s)")
                time.sleep(1.0)
                for rate in args.rates:
                    fresh_event_log()
                    tag = f"{dispatch}-{path.strip('/').replace('/', '-')}-{rate}"
                    result, tokens = run_rate(port, path, rate, args.seconds, tag)
                    replies = _replies(fake_url, set(tokens))
                    latencies = [replies[t] - result["sent_at"][t] for t in replies]
                    answers = result["answers"]
                    row = {
                        "deliveries": len(tokens),
                        "replies": len(replies),
                        "answer_p50_ms": round(_pct(answers, 0.5), 1),
                        "answer_p99_ms": round(_pct(answers, 0.99), 1),
                        "reply_p50_ms": round(_pct(latencies, 0.5), 1),
                        "reply_p90_ms": round(_pct(latencies, 0.9), 1),
                        "reply_p99_ms": round(_pct(latencies, 0.99), 1),
                        "statuses": result["statuses"],
                    }
                    report[f"{name} @ {rate}/s"] = row
            finally:
                for proc in procs:
                    stop(proc, timeout=30)
    finally:
        stop(fake_proc, timeout=30)
    WebhookEvent.objects.all().delete()
    print(
        f"reply latency, gunicorn -w {args.gunicorn_workers}, {args.seconds:.0f} s per rate, "
        "one event a delivery"
    )
    print(f"  {'':<44} {'answer p50':>10} {'p99':>7} {'reply p50':>10} {'p90':>7} {'p99':>7}  replies")
    for key, row in report.items():
        print(
            f"  {key:<44} {row['answer_p50_ms']:>10.1f} {row['answer_p99_ms']:>7.1f} "
            f"{row['reply_p50_ms']:>10.1f} "
            f"{row['reply_p90_ms']:>7.1f} {row['reply_p99_ms']:>7.1f}  {row['replies']}/{row['deliveries']} "
            f"{row['statuses']}"
        )
    for rate in args.rates:
        ours = report.get(f"django-linebot, DISPATCH sync @ {rate}/s")
        theirs = report.get(f"hand-written view, line-bot-sdk @ {rate}/s")
        celery = report.get(f"django-linebot, DISPATCH celery @ {rate}/s")
        if ours and theirs:
            print(
                f"  -> {rate}/s: sync reply p99 {ours['reply_p99_ms']:.1f} ms vs hand-written "
                f"{theirs['reply_p99_ms']:.1f} ms "
                f"({ours['reply_p99_ms'] - theirs['reply_p99_ms']:+.1f} ms; "
                "goal: at most +5 ms, while storing every event)"
            )
        if celery:
            print(
                f"  -> {rate}/s: celery mode answers LINE in p99 {celery['answer_p99_ms']:.1f} ms "
                "(goal: 10 ms)"
            )
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "reply_latency.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
