"""The fake platform's route table: what a request is, how a route answers, and how one is added.

:mod:`~django_linebot.testing.fake_line` (the platform and its messaging and rich menu routes) and
:mod:`~django_linebot.testing.fake_line_more` (every other operation) both add their routes here,
so neither imports the other's internals.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    json: Any = None
    form: dict[str, str] | None = None
    operation_id: str | None = None
    spec_errors: list[str] = field(default_factory=list)
    status: int | None = None
    request_id: str = ""
    received_at: float = field(default_factory=time.time)

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


class _Reply(Exception):
    def __init__(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
        self.status, self.body, self.headers = status, body, headers or {}


Route = tuple[str, re.Pattern[str], Callable[..., Any]]


class PlatformState(Protocol):
    """What a route of :mod:`fake_line_more` reads and writes of the platform."""

    sent_messages: list[dict[str, Any]]
    rich_menus: dict[str, dict[str, Any]]
    audiences: dict[int, dict[str, Any]]
    extra: dict[str, Any]

    def reset(self) -> None: ...


_ROUTES: list[Route] = []


def route(method: str, pattern: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        _ROUTES.append((method, re.compile("^" + pattern + "$"), func))
        return func

    return register
