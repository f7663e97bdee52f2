"""``AsyncLineBotApi``: the async twin of :class:`~django_linebot.sdk.LineBotApi`, on ``httpx``.

Same methods (LINE's names and the Perl ones), same arguments, same responses and errors: both
clients inherit every operation from :class:`~django_linebot.sdk.operations.Operations`, built from
the one endpoint table; only the request path differs. Here ``_request`` is a coroutine, so every
operation returns an awaitable and every ``iter_*`` helper an async iterator::

    async with AsyncLineBotApi(channel_access_token=TOKEN) as api:
        res = await api.push_message(user_id, [{"type": "text", "text": "hi"}])
        async for user_id in api.iter_followers():
            ...

Needs the ``async`` extra (``pip install django-linebot[async]``); the sync client never imports
``httpx``. Type checkers read this module's signatures from ``aio.pyi``, generated from
``Operations`` by ``scripts/gen_sdk_stubs.py``.
"""

from __future__ import annotations

import asyncio
import functools
import os
from collections.abc import AsyncIterator, Generator, Mapping
from typing import Any
from urllib.request import getproxies

import httpx

from ._asyncio_transport import AsyncioTransport
from .client import (
    API_DATA_ENDPOINT,
    API_ENDPOINT,
    DEFAULT_TIMEOUT,
    MANAGER_ENDPOINT,
    _cause,
    _seconds,
    _where,
    user_agent,
)
from .content import ContentResponse
from .endpoints import BY_NAME, Endpoint
from .errors import LineBotNetworkError, LineBotTimeoutError
from .events import Event, parse_events_from_json
from .flow import Call, Failed, log_answer, prepare, tries, wrap
from .operations import Operations, Target, _next_cursor
from .response import LineBotResponse
from .retry import RetryPolicy
from .secret import Secret, reveal

_CHUNK = 64 * 1024


class AsyncBearerAuth(httpx.Auth):
    """Sets ``Authorization: Bearer <token>`` as httpx sends a request; its ``repr`` is masked."""

    def __init__(self, token: str | None) -> None:
        self.token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self.token}"
        yield request

    def __repr__(self) -> str:
        return "<AsyncBearerAuth ********>"


def _network_error(
    method: str,
    base: str,
    path: str,
    exc: httpx.HTTPError,
    timeout: float | tuple[float, float],
    failed: str = "failed",
) -> LineBotNetworkError:
    """The typed error for a request that got no (complete) answer, worded as the sync client's."""
    url, host_port = _where(base)
    what = f"{method} {url}{path}"
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return LineBotTimeoutError(
            f"{what} timed out: no connection to {host_port}"
            f" within the {_seconds(timeout, 0)}s connect timeout"
        )
    if isinstance(exc, httpx.TimeoutException):
        return LineBotTimeoutError(
            f"{what} timed out: {host_port} did not answer within the {_seconds(timeout, 1)}s read timeout"
        )
    if isinstance(exc, httpx.RemoteProtocolError) and failed == "failed":
        return LineBotNetworkError(f"{what} failed: {host_port} closed the connection without answering")
    return LineBotNetworkError(f"{what} {failed}: {_cause(exc, host_port)}")


class AsyncLineBotApi(Operations):
    """An async client for one LINE channel; see :class:`~django_linebot.sdk.LineBotApi` for the arguments.

    ``client`` may be a ready :class:`httpx.AsyncClient` (its pool is then the caller's);
    ``max_connections`` sizes the pool of the one the client makes. Close it with
    ``await api.aclose()`` or ``async with``.
    """

    def __init__(
        self,
        channel_secret: str | Secret | None = None,
        channel_access_token: str | Secret | None = None,
        api_endpoint: str | None = None,
        api_data_endpoint: str | None = None,
        timeout: float | tuple[float, float] | None = None,
        client: httpx.AsyncClient | None = None,
        max_connections: int = 100,
        raise_errors: bool = False,
        retry: RetryPolicy | None = None,
        manager_endpoint: str | None = None,
    ) -> None:
        self._secret = None if channel_secret is None else Secret(channel_secret)
        self._auth = AsyncBearerAuth(reveal(channel_access_token))
        #: True: every call raises the typed LineBotApiError when LINE refuses it.
        self.raise_errors = raise_errors
        #: Retries for direct SDK users (None: every call is sent once).
        self.retry = retry
        self.user_agent = user_agent()
        self.api_endpoint = (api_endpoint or API_ENDPOINT).rstrip("/")
        self.api_data_endpoint = (api_data_endpoint or API_DATA_ENDPOINT).rstrip("/")
        self.manager_endpoint = (manager_endpoint or MANAGER_ENDPOINT).rstrip("/")
        self.timeout = DEFAULT_TIMEOUT if timeout is None else timeout
        if client is None:
            connect, read = self.timeout if isinstance(self.timeout, tuple) else (self.timeout,) * 2
            # httpx's own transport when the environment names a proxy (it reads the proxy
            # variables only then); else the light one (see _asyncio_transport for why).
            transport = None if getproxies() else AsyncioTransport(max_keepalive=max_connections)
            client = httpx.AsyncClient(
                timeout=httpx.Timeout(read, connect=connect),
                limits=httpx.Limits(
                    max_connections=max_connections, max_keepalive_connections=max_connections
                ),
                transport=transport,
            )
        self.client = client
        # At most this many requests wait on the pool at once: httpx's pool slows down sharply when
        # hundreds of requests queue inside it, so the rest wait here, on a cheap semaphore.
        self._slots = asyncio.Semaphore(max_connections)

    @property
    def channel_secret(self) -> str | None:
        """The channel secret (kept masked inside the client)."""
        return reveal(self._secret)

    @property
    def channel_access_token(self) -> str | None:
        """The bearer token (kept in a masked :class:`AsyncBearerAuth`)."""
        return self._auth.token

    def __repr__(self) -> str:
        return f"<AsyncLineBotApi {self.api_endpoint}>"

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self.client.aclose()

    async def __aenter__(self) -> AsyncLineBotApi:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def validate_signature(self, body: bytes | str, signature: str | None) -> bool:
        """Check ``X-Line-Signature`` against this channel's secret (constant time; no I/O, so not async)."""
        from . import signature as _signature

        if not self.channel_secret:
            return False
        return _signature.validate_signature(body, signature, self.channel_secret)

    @staticmethod
    def parse_events_from_json(body: bytes | str) -> list[Event]:
        """Typed events from a webhook body (see :mod:`django_linebot.sdk.events`)."""
        return parse_events_from_json(body)

    # ------------------------------------------------------------------ core

    async def _request(  # type: ignore[override]
        self,
        endpoint: Endpoint,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        form: Mapping[str, Any] | None = None,
        body: bytes | None = None,
        files: Mapping[str, Any] | None = None,
        content_type: str | None = None,
        retry_key: str | None = None,
        headers: Mapping[str, str] | None = None,
        auth: bool = True,
        to: Target = None,
    ) -> LineBotResponse:
        base = self._base(endpoint.host)
        call = prepare(endpoint, base, path, self.user_agent, content_type, retry_key, headers, to)
        build = functools.partial(
            self.client.build_request,
            call.method,
            call.url,
            params=dict(params) if params else None,
            json=json,
            data=dict(form) if form is not None else None,
            content=body,
            files=files,
            headers=call.headers,
        )
        flow = tries(call, self.retry, self.raise_errors)
        step = next(flow)
        try:  # the flow's loop (flow.run for the sync client), awaiting the try and the sleep
            while True:
                if step is None:
                    step = flow.send(await self._try(call, build(), auth))
                    continue
                await (self.retry and self.retry.async_sleep or asyncio.sleep)(step)
                step = flow.send(None)
        except StopIteration as done:
            result: LineBotResponse = done.value
            return result

    async def _try(self, call: Call, request: httpx.Request, auth: bool) -> LineBotResponse | Failed:
        """Send ``request`` once: the response, or the network error of a try that got no full answer."""
        async with self._slots:
            try:
                resp = await self.client.send(request, auth=self._auth if auth else None, stream=True)
            except httpx.HTTPError as exc:
                return Failed(_network_error(call.method, call.base, call.path, exc, self.timeout))
            try:
                return await self._response(resp, call)
            except httpx.HTTPError as exc:
                error = _network_error(call.method, call.base, call.path, exc, self.timeout, "broke off")
                return Failed(error, broke_off=True)
            finally:
                await resp.aclose()

    async def _response(self, resp: httpx.Response, call: Call) -> LineBotResponse:
        status = resp.status_code
        headers = resp.headers
        log_answer(call, status, headers)
        if not (call.download and status == 200):
            raw = await resp.aread()
            return wrap(call, status, headers, raw, self._response_class(call.endpoint.response))
        ctype = headers.get("Content-Type", "")
        if call.to is None:
            return ContentResponse(status, headers, content=await resp.aread(), content_type=ctype)
        path: str | None = None
        if hasattr(call.to, "write"):
            async for chunk in resp.aiter_bytes(_CHUNK):
                call.to.write(chunk)
        else:
            path = os.fspath(call.to)
            with open(path, "wb") as fh:
                async for chunk in resp.aiter_bytes(_CHUNK):
                    fh.write(chunk)
        return ContentResponse(status, headers, content_type=ctype, path=path)

    def _pages(self, name: str, kwargs: dict[str, Any], max_pages: int) -> AsyncIterator[Any]:  # type: ignore[override]
        return self._async_pages(name, kwargs, max_pages)

    async def _async_pages(self, name: str, kwargs: dict[str, Any], max_pages: int) -> AsyncIterator[Any]:
        endpoint = BY_NAME[name]
        assert endpoint.page is not None
        method = getattr(self, name)
        seen: set[Any] = set()
        for _ in range(max_pages):
            res = (await method(**kwargs)).raise_for_status()
            data = res.data if isinstance(res.data, dict) else {}
            for item in data.get(endpoint.page.items) or []:
                yield item
            cursor = _next_cursor(endpoint, data, kwargs)
            if cursor is None or cursor in seen:
                return
            seen.add(cursor)
            kwargs = {**kwargs, endpoint.page.cursor: cursor}


__all__ = ["AsyncBearerAuth", "AsyncLineBotApi"]
