"""Issue 17's rows, from the JSON the benchmarks of this run wrote to ``bench/results/``.

    python -m bench.summary      # scripts/bench.sh runs it last

Rows whose benchmark did not run are said to be missing, not guessed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
FULL = "django-linebot view (store + signals)"
MINIMAL = "minimal view, django-linebot parser"
#: The floors' row names (see bench/webhook_server.py, which serves them).
FLOORS = ("floor: body as one row", "floor: a row per event")


def _load(name: str) -> dict[str, Any] | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def _met(ok: bool) -> str:
    return "met" if ok else "not met"


def _refused(*results: dict[str, Any]) -> str:
    """Empty when every answer of ``results`` was a 200; else what was not (the figures then measure
    errors, not the view: the row says so and counts as not met)."""
    bad = {
        code: count
        for result in results
        for code, count in result.get("statuses", {}).items()
        if str(code) != "200"
    }
    return f" INVALID: answers other than 200 {bad}" if bad else ""


def floors(server: dict[str, Any], n: int) -> str:
    """The floors' shares of the minimal view's requests, and the full view's share of each floor."""
    full, minimal = server[f"{n}_event/{FULL}"], server[f"{n}_event/{MINIMAL}"]
    shares = []
    for name in FLOORS:
        floor = server.get(f"{n}_event/{name}")
        if not floor or not floor["requests_per_second"] or not minimal["requests_per_second"]:
            shares.append(f"{name}: missing")
            continue
        floor_rate = floor["requests_per_second"]
        shares.append(
            f"{name} {floor_rate / minimal['requests_per_second']:.0%} of the minimal view, "
            f"p99 {floor['p99_ms']:.1f} ms; full view {full['requests_per_second'] / floor_rate:.0%} of it"
        )
    return "; ".join(shares)


def main() -> None:
    print("issue 17: the stored webhook path, a big send, reply latency (2 gunicorn workers, this machine)")
    server = _load("webhook_server")
    if server:
        full, minimal = server[f"1_event/{FULL}"], server[f"1_event/{MINIMAL}"]
        share = (
            full["requests_per_second"] / minimal["requests_per_second"]
            if minimal["requests_per_second"]
            else 0
        )
        print(
            f"  full view, 1-event delivery: {full['requests_per_second']:,.0f} req/s = {share:.0%} "
            f"of the minimal view's {minimal['requests_per_second']:,.0f} req/s, p99 {full['p99_ms']:.1f} ms "
            f"(goal: at least 45%, p99 at most 15 ms: "
            f"{_met(share >= 0.45 and full['p99_ms'] <= 15 and not _refused(full, minimal))})"
            f"{_refused(full, minimal)}"
        )
        hundred = server[f"100_event/{FULL}"]
        events = hundred["requests_per_second"] * 100
        print(
            f"  full view, 100-event delivery: {hundred['requests_per_second']:,.1f} req/s = "
            f"{events:,.0f} events/s, p99 {hundred['p99_ms']:.0f} ms "
            f"(goal: at least 14,000 events/s: {_met(events >= 14_000 and not _refused(hundred))})"
            f"{_refused(hundred)}"
        )
        for n in (1, 100):
            print(f"    {n}-event floors (see bench/webhook_server.py): {floors(server, n)}")
    else:
        print("  full view rows: missing (bench.webhook_server did not run)")
    returned = _load("multicast_return")
    fanout = _load("multicast_fanout")
    if returned:
        print(
            f"  send.multicast of {returned['recipients']:,} IDs returns in {returned['fastest_s']:.2f} s "
            f"(median {returned['median_s']:.2f} s of {len(returned['runs_s'])}), peak "
            f"{returned['peak_memory_bytes'] / 1e6:.0f} MB "
            f"(goal: at most 1.5 s: {_met(returned['fastest_s'] <= 1.5)})"
        )
    elif fanout:
        print(
            f"  send.multicast of {fanout['recipients']:,} IDs returns in {fanout['seconds_to_queue']:.2f} s "
            f"(goal: at most 1.5 s: {_met(fanout['seconds_to_queue'] <= 1.5)})"
        )
    else:
        print("  multicast row: missing (bench.multicast_return did not run)")
    latency = _load("reply_latency")
    if not latency:
        print("  reply latency: missing (bench.reply_latency did not run)")
        return
    print(
        f"\n  reply latency (ms)          {'answer p99':>10} {'reply p50':>10} {'p90':>7} {'p99':>7}  "
        "p99 vs hand-written"
    )
    rates = sorted({int(key.rsplit("@ ", 1)[1].split("/")[0]) for key in latency})
    for rate in rates:
        theirs = latency.get(f"hand-written view, line-bot-sdk @ {rate}/s")
        for key, label in (
            ("django-linebot, DISPATCH sync", "sync"),
            ("django-linebot, DISPATCH celery", "celery"),
            ("hand-written view, line-bot-sdk", "hand-written"),
        ):
            row = latency.get(f"{key} @ {rate}/s")
            if row is None:
                continue
            versus = ""
            if theirs and theirs["reply_p99_ms"] and label != "hand-written":
                versus = (
                    f"{row['reply_p99_ms'] / theirs['reply_p99_ms']:.2f}x "
                    f"({row['reply_p99_ms'] - theirs['reply_p99_ms']:+.1f} ms)"
                )
            print(
                f"  {f'{label} @ {rate}/s':<27} {row['answer_p99_ms']:>10.1f} {row['reply_p50_ms']:>10.1f} "
                f"{row['reply_p90_ms']:>7.1f} {row['reply_p99_ms']:>7.1f}  {versus}{_refused(row)}"
            )
        sync = latency.get(f"django-linebot, DISPATCH sync @ {rate}/s")
        celery = latency.get(f"django-linebot, DISPATCH celery @ {rate}/s")
        if sync and theirs:
            ok = sync["reply_p99_ms"] <= theirs["reply_p99_ms"] + 5 and not _refused(sync)
            print(f"    -> {rate}/s: sync p99 within the hand-written view's + 5 ms: {_met(ok)}")
        if celery:
            print(
                f"    -> {rate}/s: celery mode answers LINE in p99 <= 10 ms: "
                f"{_met(celery['answer_p99_ms'] <= 10 and not _refused(celery))}"
            )


if __name__ == "__main__":
    main()
