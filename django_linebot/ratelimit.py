"""A rate limiter shared by every worker: per channel and endpoint, in Redis or the database.

It spaces requests evenly (GCRA, the generic cell rate algorithm): each request
reserves the next free slot, ``period / (limit * safety)`` seconds after the
previous one. A caller that would wait longer than ``max_wait`` reserves nothing
and is told how long to wait before asking again.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.db import IntegrityError, transaction

from .conf import app_settings
from .sdk import limits

#: LINE's documented limits: requests per period (seconds), per channel (:data:`.sdk.limits.RATE_LIMITS`).
LINE_LIMITS = limits.RATE_LIMITS
#: LINE's limits of the other endpoints django-linebot calls itself (:data:`.sdk.limits.API_RATE_LIMITS`).
API_LIMITS = limits.API_RATE_LIMITS

_GCRA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local wait = tat - now
if wait > tonumber(ARGV[2]) then return {0, tostring(wait)} end
local ttl = math.ceil((wait + tonumber(ARGV[1])) * 1000) + 1000
redis.call('SET', KEYS[1], tostring(tat + tonumber(ARGV[1])), 'PX', ttl)
return {1, tostring(wait)}
"""

_redis_clients: dict[str, Any] = {}
_lock = threading.Lock()


def limit_for(kind: str) -> tuple[int, float] | None:
    limits = {**LINE_LIMITS, **API_LIMITS, **(app_settings.RATE_LIMITS or {})}
    return limits.get(kind)


def interval_for(kind: str) -> float | None:
    """Seconds between two requests of ``kind`` on one channel (None: no limit)."""
    limit = limit_for(kind)
    if not limit:
        return None
    count, period = limit
    return period / (count * app_settings.RATE_LIMIT_SAFETY)


def reserve(key: str, interval: float, max_wait: float) -> tuple[bool, float]:
    """Reserve the next slot of ``key``: ``(True, wait)`` to send after ``wait`` seconds,
    or ``(False, wait)`` when the slot is further off than ``max_wait``."""
    url = app_settings.RATE_LIMIT_REDIS_URL
    if url:
        return _reserve_redis(url, key, interval, max_wait)
    return _reserve_db(key, interval, max_wait)


def acquire(channel_key: str, kind: str, max_wait: float | None = None) -> tuple[bool, float]:
    """Take a slot for one ``kind`` request on a channel, sleeping up to ``max_wait`` for it.

    Returns ``(True, 0)`` once the request may go, or ``(False, wait)`` when the
    caller should try again after ``wait`` seconds.
    """
    interval = interval_for(kind)
    if interval is None:
        return True, 0.0
    max_wait = app_settings.RATE_LIMIT_MAX_SLEEP if max_wait is None else max_wait
    ok, wait = reserve(f"linebot:rl:{channel_key}:{kind}", interval, max_wait)
    if ok and wait > 0:
        time.sleep(wait)
    return ok, (0.0 if ok else wait)


def _reserve_redis(url: str, key: str, interval: float, max_wait: float) -> tuple[bool, float]:
    client = _redis_clients.get(url)
    if client is None:
        import redis

        with _lock:
            client = _redis_clients.setdefault(url, redis.Redis.from_url(url))
    ok, wait = client.eval(_GCRA, 1, key, repr(interval), repr(max_wait))
    return bool(int(ok)), float(wait)


def _reserve_db(key: str, interval: float, max_wait: float) -> tuple[bool, float]:
    from .models import RateLimitState

    with transaction.atomic():
        state = RateLimitState.objects.select_for_update().filter(key=key).first()
        if state is None:
            try:
                with transaction.atomic():
                    state = RateLimitState.objects.create(key=key, tat=0.0)
            except IntegrityError:
                state = RateLimitState.objects.select_for_update().get(key=key)
        now = time.time()
        tat = max(state.tat, now)
        wait = tat - now
        if wait > max_wait:
            return False, wait
        RateLimitState.objects.filter(pk=state.pk).update(tat=tat + interval)
        return True, wait
