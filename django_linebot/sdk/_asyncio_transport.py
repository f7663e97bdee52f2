"""A light HTTP/1.1 transport for httpx on asyncio streams: what ``AsyncLineBotApi`` sends through.

httpx's default transport (httpcore on anyio) scans every pooled connection, with a ``poll()`` and a
``getpeername()`` per idle one, each time a request starts or ends, so with the 100 connections
of a busy push loop most of the client's time went to the pool, not to LINE. This transport keeps
one list of idle keep-alive connections per origin and takes the last one, checking it with
asyncio's own end-of-stream flag (no system call); it writes each request in one ``write`` and
reads a response with ``StreamReader``. It speaks HTTP/1.1 only (what LINE's API needs), over TCP
or TLS, honours the request's connect/read/write timeouts and raises httpx's own exceptions, so
callers see the same errors as with the default transport. It does not limit the number of
connections itself: the client that uses it does (``AsyncLineBotApi``'s ``max_connections``).
Proxies are not its business: the client uses httpx's default transport when the environment
names a proxy.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator
from typing import Any

import httpx

#: A response body up to this size is read at once and its connection handed back before the
#: response is returned; a larger one (a download) is streamed.
_EAGER = 256 * 1024
_CHUNK = 64 * 1024
_NO_BODY_STATUSES = frozenset({204, 304})

Origin = tuple[str, str, int]


class _Connection:
    """One open connection: its streams and until when it may be reused (event loop time)."""

    __slots__ = ("reader", "writer", "expires")

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.expires = 0.0

    def usable(self, now: float) -> bool:
        """Still open at both ends and not idle for too long."""
        return now < self.expires and not self.reader.at_eof() and not self.writer.is_closing()

    def close(self) -> None:
        """Close the connection (without waiting for the close to complete)."""
        self.writer.close()


def _timeout(request: httpx.Request, which: str) -> float | None:
    value: float | None = request.extensions.get("timeout", {}).get(which)
    return value


class _Body(httpx.AsyncByteStream):
    """A response body streamed from its connection; the connection goes back to the pool once read."""

    def __init__(
        self,
        transport: AsyncioTransport,
        origin: Origin,
        conn: _Connection,
        request: httpx.Request,
        length: int | None,
        chunked: bool,
        keep_alive: bool,
    ) -> None:
        self._transport = transport
        self._origin = origin
        self._conn: _Connection | None = conn
        self._request = request
        self._length = length
        self._chunked = chunked
        self._keep_alive = keep_alive

    async def __aiter__(self) -> AsyncIterator[bytes]:
        conn = self._conn
        if conn is None:
            raise httpx.StreamClosed()
        read = _timeout(self._request, "read")
        reader = conn.reader
        try:
            if self._chunked:
                while True:
                    async with asyncio.timeout(read):
                        size_line = await reader.readuntil(b"\r\n")
                    size = int(size_line.split(b";", 1)[0].strip(), 16)
                    if size == 0:
                        async with asyncio.timeout(read):
                            while await reader.readuntil(b"\r\n") != b"\r\n":  # trailers
                                pass
                        break
                    async with asyncio.timeout(read):
                        data = await reader.readexactly(size + 2)
                    yield data[:-2]
            elif self._length is not None:
                left = self._length
                while left:
                    async with asyncio.timeout(read):
                        data = await reader.read(min(left, _CHUNK))
                    if not data:
                        raise asyncio.IncompleteReadError(b"", left)
                    left -= len(data)
                    yield data
            else:  # delimited by the end of the connection
                while True:
                    async with asyncio.timeout(read):
                        data = await reader.read(_CHUNK)
                    if not data:
                        break
                    yield data
        except BaseException as exc:  # a failure, a cancellation or the iterator closed early
            self._conn = None
            conn.close()
            error = _translate(exc, "read")
            if error is exc:
                raise
            raise _for(self._request, error) from exc
        self._conn = None
        self._transport._release(self._origin, conn, self._keep_alive)

    async def aclose(self) -> None:
        if self._conn is not None:  # not read to the end: the connection is in an unknown state
            self._conn.close()
            self._conn = None


def _translate(exc: BaseException, phase: str) -> BaseException:
    """httpx's exception for a failure while reading or writing (other exceptions pass through)."""
    if isinstance(exc, TimeoutError):
        return httpx.ReadTimeout("timed out") if phase == "read" else httpx.WriteTimeout("timed out")
    if isinstance(exc, asyncio.IncompleteReadError):
        if phase == "head" and not exc.partial:
            return httpx.RemoteProtocolError("Server disconnected without sending a response.")
        return httpx.RemoteProtocolError("peer closed connection without sending complete message body")
    if isinstance(exc, asyncio.LimitOverrunError | ValueError):
        return httpx.RemoteProtocolError(f"malformed response ({type(exc).__name__})")
    if isinstance(exc, OSError):
        return httpx.WriteError(str(exc)) if phase == "write" else httpx.ReadError(str(exc))
    return exc


def _for(request: httpx.Request, error: BaseException) -> BaseException:
    """``error`` with its ``request`` set, when it is one of httpx's request errors."""
    if isinstance(error, httpx.RequestError):
        error.request = request
    return error


class AsyncioTransport(httpx.AsyncBaseTransport):
    """HTTP/1.1 keep-alive transport for :class:`httpx.AsyncClient` on asyncio streams.

    ``max_keepalive``: idle connections kept per origin; ``keepalive_expiry``: seconds an idle
    connection is kept; ``ssl_context``: for ``https`` (httpx's default context when None).
    """

    def __init__(
        self,
        *,
        max_keepalive: int = 100,
        keepalive_expiry: float = 5.0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self._idle: dict[Origin, list[_Connection]] = {}
        self._max_keepalive = max_keepalive
        self._expiry = keepalive_expiry
        self._ssl = ssl_context

    def _ssl_context(self) -> ssl.SSLContext:
        if self._ssl is None:
            self._ssl = httpx.create_ssl_context()
        return self._ssl

    async def _connect(self, origin: Origin, request: httpx.Request) -> _Connection:
        scheme, host, port = origin
        tls = self._ssl_context() if scheme == "https" else None
        try:
            async with asyncio.timeout(_timeout(request, "connect")):
                reader, writer = await asyncio.open_connection(
                    host, port, ssl=tls, server_hostname=host if tls else None, limit=_CHUNK
                )
        except TimeoutError as exc:
            raise httpx.ConnectTimeout("timed out", request=request) from exc
        except OSError as exc:  # refused, unreachable, DNS (gaierror), TLS (SSLError)
            raise httpx.ConnectError(str(exc) or type(exc).__name__, request=request) from exc
        return _Connection(reader, writer)

    def _release(self, origin: Origin, conn: _Connection, keep_alive: bool) -> None:
        idle = self._idle.setdefault(origin, [])
        if not keep_alive or len(idle) >= self._max_keepalive or conn.reader.at_eof():
            conn.close()
            return
        conn.expires = asyncio.get_running_loop().time() + self._expiry
        idle.append(conn)

    def _reuse(self, origin: Origin) -> _Connection | None:
        idle = self._idle.get(origin)
        if not idle:
            return None
        now = asyncio.get_running_loop().time()
        while idle:
            conn = idle.pop()
            if conn.usable(now):
                return conn
            conn.close()
        return None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` on a pooled (or new) connection and return the response, its body streamed."""
        url = request.url
        if url.scheme not in ("http", "https"):
            raise httpx.UnsupportedProtocol(f"unsupported URL scheme {url.scheme!r}", request=request)
        origin = (url.scheme, url.host, url.port or (443 if url.scheme == "https" else 80))
        conn = self._reuse(origin) or await self._connect(origin, request)
        try:
            await self._write(conn, request)
            return await self._read(origin, conn, request)
        except _WriteFailed as failed:
            conn.close()
            cause = failed.__cause__ or failed
            raise _for(request, _translate(cause, "write")) from cause
        except BaseException as exc:
            conn.close()
            error = _translate(exc, "head")
            if error is exc:
                raise
            raise _for(request, error) from exc

    async def _write(self, conn: _Connection, request: httpx.Request) -> None:
        parts = [b"%s %s HTTP/1.1\r\n" % (request.method.encode("ascii"), request.url.raw_path)]
        parts.extend(b"%s: %s\r\n" % (name, value) for name, value in request.headers.raw)
        parts.append(b"\r\n")
        writer = conn.writer
        try:
            async with asyncio.timeout(_timeout(request, "write")):
                try:
                    body = request.content  # a body given as bytes/JSON/form is read already
                except httpx.RequestNotRead:
                    writer.write(b"".join(parts))
                    await self._write_stream(writer, request)
                else:
                    parts.append(body)
                    writer.write(b"".join(parts))
                await writer.drain()
        except (OSError, TimeoutError) as exc:
            raise _WriteFailed() from exc

    @staticmethod
    async def _write_stream(writer: asyncio.StreamWriter, request: httpx.Request) -> None:
        chunked = request.headers.get("Transfer-Encoding", "").lower() == "chunked"
        assert isinstance(request.stream, httpx.AsyncByteStream)
        async for chunk in request.stream:
            if chunk:
                writer.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
                await writer.drain()
        if chunked:
            writer.write(b"0\r\n\r\n")

    async def _read(self, origin: Origin, conn: _Connection, request: httpx.Request) -> httpx.Response:
        read = _timeout(request, "read")
        while True:
            async with asyncio.timeout(read):
                head = await conn.reader.readuntil(b"\r\n\r\n")
            lines = head[:-4].split(b"\r\n")
            version, status_text, reason = (lines[0].split(b" ", 2) + [b""])[:3]
            status = int(status_text)
            if not 100 <= status < 200 or status == 101:
                break  # 100 Continue and other interim answers come before the real one
        if not version.startswith(b"HTTP/1."):
            raise ValueError("not an HTTP/1 response")
        headers: list[tuple[bytes, bytes]] = []
        length: int | None = None
        chunked = False
        close = version == b"HTTP/1.0"
        for line in lines[1:]:
            name, colon, value = line.partition(b":")
            if not colon:
                raise ValueError("a header line without a colon")
            name, value = name.strip(), value.strip()
            headers.append((name, value))
            lower = name.lower()
            if lower == b"content-length":
                length = int(value)
            elif lower == b"transfer-encoding":
                chunked = b"chunked" in value.lower()
            elif lower == b"connection":
                close = (
                    b"close" in value.lower()
                    if version != b"HTTP/1.0"
                    else b"keep-alive" not in value.lower()
                )
        extensions: dict[str, Any] = {"http_version": version, "reason_phrase": reason}
        if request.method == "HEAD" or status in _NO_BODY_STATUSES:
            length, chunked = 0, False
        elif chunked:
            length = None
        elif length is None:
            close = True  # the body ends with the connection
        if length is not None and length <= _EAGER:
            async with asyncio.timeout(read):
                body = await conn.reader.readexactly(length) if length else b""
            self._release(origin, conn, not close)
            return httpx.Response(
                status, headers=headers, stream=httpx.ByteStream(body), extensions=extensions
            )
        stream = _Body(self, origin, conn, request, length, chunked, not close)
        return httpx.Response(status, headers=headers, stream=stream, extensions=extensions)

    async def aclose(self) -> None:
        """Close the idle connections."""
        idle, self._idle = self._idle, {}
        for conns in idle.values():
            for conn in conns:
                conn.close()


class _WriteFailed(Exception):
    """Sending the request failed (its cause says why)."""


__all__ = ["AsyncioTransport"]
