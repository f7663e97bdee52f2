"""The one request path of both clients, without I/O: what to send, when to try again, what to return.

:class:`~django_linebot.sdk.LineBotApi` (``requests``) and
:class:`~django_linebot.sdk.aio.AsyncLineBotApi` (``httpx``) differ only in how they send a request
and sleep. Everything else lives here once: the headers of a call (:func:`prepare`), the retry loop
with its policy decisions and ``Retry-After`` (:func:`tries`, a generator the client drives), and
the wrapping of an answer into a typed response (:func:`wrap`).

A client drives :func:`tries` with a short loop (:func:`run` for the sync client; the async one
awaits the same two calls): while the flow yields ``None`` it sends the call once and sends the
flow what came back, the :class:`LineBotResponse` or, when no (complete) answer came, a
:class:`Failed` holding the typed network error; when it yields a number, it sleeps that long; the
flow's return value (``StopIteration.value``) is the call's result.
"""

from __future__ import annotations

import json as _json
import logging
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from .endpoints import Endpoint
from .errors import LineBotNetworkError
from .operations import Target
from .response import LineBotResponse
from .retry import RetryPolicy

logger: logging.Logger = logging.getLogger("django_linebot.sdk")


@dataclass(frozen=True, slots=True)
class Call:
    """One operation's request as both clients send it (the body and query stay with the client)."""

    endpoint: Endpoint
    #: The endpoint (``https://api.line.me``, ...) the path goes under.
    base: str
    path: str
    headers: dict[str, str]
    retry_key: str | None
    #: Where a download goes: ``None`` (into memory), a path, or a writable binary file object.
    to: Target

    @property
    def method(self) -> str:
        """The HTTP method."""
        return self.endpoint.method

    @property
    def url(self) -> str:
        """The full URL, without the query."""
        return self.base + self.path

    @property
    def download(self) -> bool:
        """Whether the answer is binary content (streamed, not parsed)."""
        return self.endpoint.response == "binary"


class Failed(NamedTuple):
    """A try that got no (complete) answer: the typed error, and whether the answer broke off midway."""

    error: LineBotNetworkError
    #: The answer started and then broke off (a download may be half-written into the caller's file).
    broke_off: bool = False


#: What :func:`tries` yields (``None``: send; a number: sleep that long), is sent and returns.
Flow = Generator[float | None, LineBotResponse | Failed | None, LineBotResponse]


def prepare(
    endpoint: Endpoint,
    base: str,
    path: str,
    user_agent: str,
    content_type: str | None = None,
    retry_key: str | None = None,
    headers: Mapping[str, str] | None = None,
    to: Target = None,
) -> Call:
    """The :class:`Call` for ``endpoint`` at ``base + path``, with its headers (never the token)."""
    sent = {"User-Agent": user_agent}
    if retry_key is not None:
        sent["X-Line-Retry-Key"] = retry_key
    if content_type is not None:
        sent["Content-Type"] = content_type
    if headers:
        sent.update(headers)
    return Call(endpoint, base, path, sent, retry_key, to)


def _wait(policy: RetryPolicy, attempt: int, call: Call, got: LineBotResponse | Failed) -> float | None:
    """Seconds to wait before trying ``call`` again after try ``attempt`` got ``got``; None: done."""
    if isinstance(got, Failed):
        # A download half-written into the caller's file cannot be taken back.
        if policy.network_errors and not (got.broke_off and hasattr(call.to, "write")):
            return policy.delay(attempt)
        return None
    if policy.retries_status(got.http_status, got.message):
        return policy.delay(attempt, got.headers.get("Retry-After"))
    return None


def tries(call: Call, policy: RetryPolicy | None, raise_errors: bool) -> Flow:
    """The retry loop of one call; see the module's docstring for how a client drives it.

    Yields ``None`` to have the call sent once (and is sent what came back), or the seconds to
    sleep before the next try (and is sent ``None``). Returns the response (after
    ``raise_for_status()`` when ``raise_errors``); raises the network error of the last try when it
    got no answer. Only what ``policy.may_repeat`` allows is tried more than once.
    """
    if policy is not None and not policy.may_repeat(call.method, call.retry_key):
        policy = None
    attempt = 0
    while True:
        attempt += 1
        got = yield None
        assert got is not None, "send() must give back what the try got"
        wait = None if policy is None else _wait(policy, attempt, call, got)
        if wait is None:
            break
        logger.info(
            "LINE %s %s: try %d got %s; trying again in %.1fs",
            call.method,
            call.path.split("?")[0],
            attempt,
            got.error if isinstance(got, Failed) else got.http_status,
            wait,
        )
        yield wait
    if isinstance(got, Failed):
        logger.warning("LINE %s", got.error)
        raise got.error
    return got.raise_for_status() if raise_errors else got


def run(
    flow: Flow, send: Callable[[], LineBotResponse | Failed], policy: RetryPolicy | None
) -> LineBotResponse:
    """Drive ``flow`` with a blocking ``send``, sleeping with ``policy.sleep`` (the sync client's loop)."""
    step = next(flow)
    try:
        while True:
            if step is None:
                step = flow.send(send())
            else:
                assert policy is not None  # only a policy makes the flow wait
                policy.sleep(step)
                step = flow.send(None)
    except StopIteration as done:
        result: LineBotResponse = done.value
        return result


def log_answer(call: Call, status: int, headers: Mapping[str, str]) -> None:
    """Log an answer at DEBUG: method, path (no query), status and LINE's request id."""
    logger.debug(
        "LINE %s %s -> %s (request id %s)",
        call.method,
        call.path.split("?")[0],
        status,
        headers.get("x-line-request-id"),
    )


def wrap(
    call: Call,
    status: int,
    headers: Mapping[str, str],
    raw: bytes,
    response_class: type[LineBotResponse],
) -> LineBotResponse:
    """The typed response to a (non-download) answer: its JSON, or its first 200 bytes as ``message``.

    A 409 to a call with a retry key that LINE had already accepted is marked ``already_accepted``.
    """
    data: Any = {}
    if raw and headers.get("Content-Type", "").startswith("application/json"):
        try:
            data = _json.loads(raw)
        except ValueError:
            data = {"message": raw[:200].decode("utf-8", "replace")}
    elif raw:
        data = {"message": raw[:200].decode("utf-8", "replace")}
    already = status == 409 and call.retry_key is not None and bool(headers.get("x-line-accepted-request-id"))
    return response_class(status, headers, data, already_accepted=already)


__all__ = ["Call", "Failed", "Flow", "log_answer", "prepare", "run", "tries", "wrap"]
