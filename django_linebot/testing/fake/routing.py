"""What a request to the fake is, how a route answers, and the table every route module adds to.

A route is a function ``(channel: ChannelState, request: RecordedRequest, *groups) -> answer``
registered with :func:`route`; its answer is a JSON body (200), a ``(status, body, headers)``
tuple, or a :class:`Reply` raised.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: The answer LINE gives when a request's bearer token is not a valid access token.
AUTH_FAILED = "Authentication failed. Confirm that the access token in the authorization header is valid."
#: The pattern of one path segment (an ID) in a route.
ID = "([^/]+)"


@dataclass
class RecordedRequest:
    """One request the fake received, as it received it (and how it answered: ``status``)."""

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
    #: The channel whose access token the request carried (``None``: no token, or not one asked for).
    channel: str | None = None

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def summary(self) -> dict[str, Any]:
        """What ``GET /_fake/requests`` shows of it: no header values (they hold tokens)."""
        return {
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "json": self.json,
            "status": self.status,
            "operation_id": self.operation_id,
            "spec_errors": self.spec_errors,
            "request_id": self.request_id,
            "channel": self.channel,
            "received_at": self.received_at,
        }


class Reply(Exception):
    """Raised by a route to answer with ``status`` (LINE's error answers)."""

    def __init__(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
        self.status, self.body, self.headers = status, body, headers or {}


def bad_request(details: list[tuple[str, str]]) -> Reply:
    """LINE's 400 for a body that breaks its rules: ``details`` are (property, message) pairs."""
    return Reply(
        400,
        {
            "message": f"The request body has {len(details)} error(s)",
            "details": [{"message": message, "property": prop} for prop, message in details],
        },
    )


@dataclass(frozen=True)
class Route:
    method: str
    regex: re.Pattern[str]
    func: Callable[..., Any]
    #: Asks for a bearer token (the OAuth endpoints take the channel's ID and secret instead).
    auth: bool = True
    #: Runs under the platform's lock (a route that calls out, as the webhook test does, does not).
    locked: bool = True


ROUTES: list[Route] = []


def route(
    method: str, pattern: str, *, auth: bool = True, locked: bool = True
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function to answer ``method`` on paths matching ``pattern`` (whole)."""

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        ROUTES.append(Route(method, re.compile("^" + pattern + "$"), func, auth, locked))
        return func

    return register


def page(items: list[Any], req: RecordedRequest, key: str, default_limit: int = 100) -> dict[str, Any]:
    """One ``start``/``limit`` page of ``items`` under ``key``, with ``next`` while more remain."""
    try:
        limit = max(1, int(req.query.get("limit") or default_limit))
        start = max(0, int(req.query.get("start") or 0))
    except ValueError:
        raise Reply(400, {"message": "start and limit must be numbers here"}) from None
    body: dict[str, Any] = {key: items[start : start + limit]}
    if start + limit < len(items):
        body["next"] = str(start + limit)
    return body
