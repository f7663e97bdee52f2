"""An optional retry policy for direct SDK users: ``LineBotApi(retry=RetryPolicy())``.

The Django app does not use it (its outbox and Celery tasks retry deliveries with their own
bookkeeping); it is for scripts and services that call the SDK themselves. A policy retries:

- a call that got no answer (connection refused, reset, timeout) or an answer in ``statuses``
  (429, 500, 502, 503, 504 by default; never a 429 for the monthly quota, which no retry fixes),
- only when repeating it is safe: GET, PUT and DELETE, and a POST that carries a retry key
  (``X-Line-Retry-Key``: LINE accepts it once and answers 409 to the repeats). A POST without a
  retry key is never retried, as a second push could deliver the messages twice.

Between tries it waits ``backoff * 2 ** (try - 1)`` seconds (at most ``max_backoff``), or what the
answer's ``Retry-After`` asks; a ``Retry-After`` longer than ``max_retry_after`` ends the retries and
the caller gets that answer.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE"})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_MONTHLY = "monthly limit"


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry; see the module's docstring for which calls."""

    #: Tries in all, the first included (1: no retries).
    attempts: int = 3
    #: Seconds before the second try; doubled for each further one.
    backoff: float = 0.5
    max_backoff: float = 30.0
    #: The longest ``Retry-After`` honoured; a longer one ends the retries.
    max_retry_after: float = 60.0
    statuses: frozenset[int] = RETRY_STATUSES
    #: Retry a call that got no answer at all (a timeout or a refused, reset or dropped connection).
    network_errors: bool = True
    #: How the sync client waits (``time.sleep``); tests may pass a recorder.
    sleep: Callable[[float], object] = field(default=time.sleep, repr=False)
    #: How the async client waits (``asyncio.sleep`` when None).
    async_sleep: Callable[[float], Awaitable[object]] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("attempts must be at least 1")
        if self.backoff < 0 or self.max_backoff < 0 or self.max_retry_after < 0:
            raise ValueError("backoff, max_backoff and max_retry_after must not be negative")

    @staticmethod
    def may_repeat(method: str, retry_key: str | None) -> bool:
        """Whether a call may be sent again at all: idempotent, or a POST with a retry key."""
        return method.upper() in IDEMPOTENT_METHODS or retry_key is not None

    def retries_status(self, status: int, message: str | None) -> bool:
        """Whether an answer with this status (and error message) is worth another try."""
        if status not in self.statuses:
            return False
        return not (status == 429 and message is not None and _MONTHLY in message.lower())

    def delay(self, attempt: int, retry_after: str | None = None) -> float | None:
        """Seconds to wait after try ``attempt`` (1-based), or None when not to retry any more."""
        if attempt >= self.attempts:
            return None
        if retry_after:
            wait = parse_retry_after(retry_after)
            if wait is not None:
                return wait if wait <= self.max_retry_after else None
        return min(self.backoff * 2.0 ** (attempt - 1), self.max_backoff)


def parse_retry_after(value: str) -> float | None:
    """``Retry-After`` in seconds: a number of seconds or an HTTP date; None when unreadable."""
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


__all__ = ["IDEMPOTENT_METHODS", "RETRY_STATUSES", "RetryPolicy", "parse_retry_after"]
