"""Faults the fake injects: set ones (:class:`Fault`), random ones on sends, and rate limits."""

from __future__ import annotations

import random
import re
import threading
import time
from dataclasses import asdict, dataclass, field, fields
from typing import Any

#: The random faults :meth:`FaultPlan.set_rate` picks from, by name.
RANDOM_KINDS = ("500", "429", "timeout", "drop", "drop_after")


@dataclass
class Fault:
    """What to do to matching requests instead of (or after) answering them."""

    status: int | None = None
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: str | None = None  # "before": close without answering; "after": process, then close
    path: str | None = None  # a regex searched in the path
    method: str | None = None
    times: int | None = 1  # None: for ever

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method == method) and (
            self.path is None or re.search(self.path, path) is not None
        )

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> Fault:
        """A fault from ``POST /_fake/faults``'s body; ``ValueError`` saying what is wrong."""
        if not isinstance(data, dict):
            raise ValueError("the body must be a JSON object of Fault's fields")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown fields {unknown}; a fault has {sorted(known)}")
        checks: dict[str, tuple[type, ...]] = {
            "status": (int, type(None)),
            "body": (dict, type(None)),
            "headers": (dict,),
            "delay": (int, float),
            "drop": (str, type(None)),
            "path": (str, type(None)),
            "method": (str, type(None)),
            "times": (int, type(None)),
        }
        for name, value in data.items():
            if isinstance(value, bool) or not isinstance(value, checks[name]):
                raise ValueError(f"{name}: {value!r} is not of the right type")
        status = data.get("status")
        if status is not None and not 200 <= status <= 599:
            raise ValueError(f"status: {status} is not an HTTP status")
        if data.get("drop") not in (None, "before", "after"):
            raise ValueError('drop: "before", "after" or null')
        if not 0 <= data.get("delay", 0) <= 60:
            raise ValueError("delay: seconds, from 0 to 60")
        if data.get("path") is not None:
            try:
                re.compile(data["path"])
            except re.error as exc:
                raise ValueError(f"path: not a regular expression ({exc})") from None
        headers = data.get("headers") or {}
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in headers.items()):
            raise ValueError("headers: names and values are strings")
        return cls(**data)


class FaultPlan:
    """The faults to inject: set ones first, then random ones on sends at ``rate``."""

    def __init__(self, seed: int = 0) -> None:
        self._lock = threading.RLock()
        self._random = random.Random(seed)
        self.rate_limits: dict[str, tuple[int, float]] = {}
        self.clear()

    def clear(self) -> None:
        """Forget every set fault, the random rate and the rate limit windows (not the limits)."""
        with self._lock:
            self.faults: list[Fault] = []
            self.rate = 0.0
            self.kinds: tuple[str, ...] = ()
            self._window: dict[str, list[float]] = {}

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self.faults.append(fault)
        return fault

    def set_rate(self, rate: float, kinds: tuple[str, ...]) -> None:
        unknown = set(kinds) - set(RANDOM_KINDS)
        if unknown or not 0 <= rate <= 1:
            raise ValueError(f"a rate from 0 to 1 and kinds among {RANDOM_KINDS}")
        with self._lock:
            self.rate, self.kinds = rate, kinds

    def set_rate_limit(self, path_regex: str, limit: int, per_seconds: float = 1.0) -> None:
        with self._lock:
            self.rate_limits[path_regex] = (limit, per_seconds)

    def pick(self, method: str, path: str) -> Fault | None:
        """The fault for this request (a set one spends one of its ``times``), or ``None``."""
        with self._lock:
            for fault in self.faults:
                if fault.matches(method, path):
                    if fault.times is not None:
                        fault.times -= 1
                        if fault.times <= 0:
                            self.faults.remove(fault)
                    return fault
            sending = path.startswith("/v2/bot/message/") and method == "POST"
            if sending and self.rate and self._random.random() < self.rate:
                kind = self._random.choice(self.kinds)
                return {
                    "500": Fault(status=500),
                    "429": Fault(status=429, body={"message": "Too many requests"}),
                    "timeout": Fault(delay=3.0, drop="before"),
                    "drop": Fault(drop="before"),
                    "drop_after": Fault(drop="after"),
                }[kind]
        return None

    def rate_limited(self, path: str) -> bool:
        """Whether this request to ``path`` is one too many for a rate limit set on it."""
        now = time.monotonic()
        with self._lock:
            for regex, (limit, per) in self.rate_limits.items():
                if re.search(regex, path):
                    window = [t for t in self._window.get(regex, []) if now - t < per]
                    if len(window) >= limit:
                        self._window[regex] = window
                        return True
                    window.append(now)
                    self._window[regex] = window
        return False
