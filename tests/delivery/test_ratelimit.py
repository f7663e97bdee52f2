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
    waits = []
    for _ in range(5):
        ok, wait = ratelimit.reserve("k1", 0.5, 10.0)
        assert ok
        waits.append(wait)
    assert waits[0] == 0.0  # a fresh key: send now
    for k, wait in enumerate(waits):
        # slot k is k intervals after the first, less the time these calls took
        assert k * 0.5 - 0.3 < wait <= k * 0.5


def test_far_slots_are_not_reserved(backend) -> None:
    assert ratelimit.reserve("k2", 10.0, 1.0)[0] is True
    ok, wait = ratelimit.reserve("k2", 10.0, 1.0)
    assert ok is False and 8.0 < wait <= 10.0
    ok, wait2 = ratelimit.reserve("k2", 10.0, 1.0)
    assert ok is False and wait2 <= wait  # nothing was reserved by the refused call


def test_keys_are_independent(backend) -> None:
    ratelimit.reserve("a", 10.0, 1.0)
    assert ratelimit.reserve("b", 10.0, 1.0) == (True, 0.0)


def stored_tat(backend: str, key: str, redis_url: str | None) -> float:
    if backend == "redis":
        import redis

        return float(redis.Redis.from_url(redis_url).get(key))
    from django_linebot.models import RateLimitState

    return RateLimitState.objects.get(key=key).tat


def test_concurrent_callers_share_one_schedule(backend, request, settings) -> None:
    """40 reservations from 4 threads advance one schedule by exactly 40 intervals: no slot is shared."""
    from django.db import connection

    if backend == "database" and connection.vendor == "sqlite":
        pytest.skip(
            "concurrent writers need PostgreSQL (SQLite locks the table); scripts/test.sh runs this there"
        )
    outcomes: list[bool] = []
    lock = threading.Lock()

    def worker():
        try:
            for _ in range(10):
                ok, _wait = ratelimit.reserve("shared", 0.5, 60.0)
                with lock:
                    outcomes.append(ok)
        finally:
            connection.close()

    started = time.time()
    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert outcomes == [True] * 40
    span = stored_tat(backend, "shared", settings.LINEBOT.get("RATE_LIMIT_REDIS_URL")) - started
    # the first slot is "now"; each of the 40 pushed the next one 0.5 s further
    assert 40 * 0.5 <= span < 40 * 0.5 + 5


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
