"""The shared rate limiter, on the database and on a real Redis."""

from __future__ import annotations

import threading
import time

import pytest

from django_linebot import ratelimit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(params=["database", "redis"])
def backend(request, settings):
    url = request.getfixturevalue("redis_url") if request.param == "redis" else None
    if url:
        import redis

        redis.Redis.from_url(url).flushdb()
    settings.LINEBOT = {**settings.LINEBOT, "RATE_LIMIT_REDIS_URL": url}
    return request.param


def test_slots_are_spaced(backend) -> None:
    slots = []
    for _ in range(5):
        ok, wait = ratelimit.reserve("k1", 0.05, 10.0)
        assert ok
        slots.append((wait, time.time() + wait))
    assert slots[0][0] == 0.0  # a fresh key: send now
    gaps = [b[1] - a[1] for a, b in zip(slots, slots[1:], strict=False)]
    assert min(gaps) > 0.05 - 0.01


def test_far_slots_are_not_reserved(backend) -> None:
    assert ratelimit.reserve("k2", 10.0, 1.0)[0] is True
    ok, wait = ratelimit.reserve("k2", 10.0, 1.0)
    assert ok is False and 8.0 < wait <= 10.0
    ok, wait2 = ratelimit.reserve("k2", 10.0, 1.0)
    assert ok is False and wait2 <= wait  # nothing was reserved by the refused call


def test_keys_are_independent(backend) -> None:
    ratelimit.reserve("a", 10.0, 1.0)
    assert ratelimit.reserve("b", 10.0, 1.0) == (True, 0.0)


def test_concurrent_callers_share_one_schedule(backend) -> None:
    from django.db import connection

    results: list[float] = []
    lock = threading.Lock()

    def worker():
        try:
            for _ in range(10):
                ok, wait = ratelimit.reserve("shared", 0.05, 10.0)
                assert ok
                with lock:
                    results.append(time.time() + wait)  # when this caller may send
        finally:
            connection.close()

    if backend == "database" and connection.vendor == "sqlite":
        pytest.skip(
            "concurrent writers need PostgreSQL (SQLite locks the table); scripts/test.sh runs this there"
        )
    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(results) == 40
    # no two callers got slots closer than the interval, whatever the interleaving
    slots = sorted(results)
    gaps = [b - a for a, b in zip(slots, slots[1:], strict=False)]
    assert min(gaps) > 0.05 - 0.01


def test_line_limits_and_safety(settings) -> None:
    assert ratelimit.limit_for("multicast") == (200, 1.0)
    assert ratelimit.limit_for("push") == (2000, 1.0)
    assert ratelimit.limit_for("broadcast") == (60, 3600.0)
    assert ratelimit.interval_for("reply") is None
    assert ratelimit.interval_for("multicast") == pytest.approx(1 / (200 * 0.95))
    settings.LINEBOT = {**settings.LINEBOT, "RATE_LIMITS": {"multicast": (10, 1.0)}, "RATE_LIMIT_SAFETY": 1.0}
    assert ratelimit.interval_for("multicast") == pytest.approx(0.1)


def test_acquire_sleeps_for_a_near_slot(settings) -> None:
    settings.LINEBOT = {**settings.LINEBOT, "RATE_LIMITS": {"push": (10, 1.0)}, "RATE_LIMIT_SAFETY": 1.0}
    started = time.monotonic()
    for _ in range(3):
        assert ratelimit.acquire("c", "push") == (True, 0.0)
    assert time.monotonic() - started >= 0.18
