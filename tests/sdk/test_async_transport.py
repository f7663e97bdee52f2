"""The async client's HTTP/1.1 transport (sdk/_asyncio_transport.py): keep-alive, framing, errors.

The fake platform covers every operation through it (test_operations.py); here a scripted socket
server on 127.0.0.1 answers with the framings and failures the fake does not produce, and the fake's
own faults show that the errors read as with httpx's default transport.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from django_linebot.sdk import LineBotNetworkError, LineBotTimeoutError
from django_linebot.sdk._asyncio_transport import AsyncioTransport
from django_linebot.sdk.aio import AsyncLineBotApi

TEXT = [{"type": "text", "text": "hi"}]
JSON = b"Content-Type: application/json\r\n"


class ScriptedServer:
    """Answers the n-th request (over all connections) with ``answers[n]`` (raw bytes, or None: close).

    Counts the connections it accepted; stops after ``len(answers)`` requests or 10 seconds idle.
    """

    def __init__(self, answers: list[bytes | None]) -> None:
        self.answers = answers
        self.connections = 0
        self.requests: list[bytes] = []
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(10)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        for _ in range(len(self.answers)):  # at most one connection per answer
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._connection, args=(conn,), daemon=True).start()

    def _read_request(self, conn: socket.socket) -> bytes | None:
        data = b""
        while b"\r\n\r\n" not in data and len(data) < 1_000_000:
            chunk = conn.recv(65536)
            if not chunk:
                return None
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = next(
            (
                int(line.split(b":")[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length")
            ),
            0,
        )
        while len(body) < length:
            chunk = conn.recv(65536)
            if not chunk:
                return None
            body += chunk
        return head

    def _connection(self, conn: socket.socket) -> None:
        conn.settimeout(10)
        with conn:
            while len(self.requests) < len(self.answers):
                try:
                    head = self._read_request(conn)
                except OSError:
                    return
                if head is None:
                    return
                answer = self.answers[len(self.requests)]
                self.requests.append(head)
                if answer is None:
                    return
                conn.sendall(answer)
                if (
                    b"Connection: close" in answer
                    or b"Content-Length" not in answer
                    and b"chunked" not in answer
                ):
                    return

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def scripted() -> Iterator[Callable[[list[bytes | None]], ScriptedServer]]:
    servers: list[ScriptedServer] = []

    def make(answers: list[bytes | None]) -> ScriptedServer:
        servers.append(ScriptedServer(answers))
        return servers[-1]

    yield make
    for server in servers:
        server.close()


def _ok(body: dict[str, Any], extra: bytes = b"") -> bytes:
    raw = json.dumps(body).encode()
    return b"HTTP/1.1 200 OK\r\n" + JSON + extra + b"Content-Length: %d\r\n\r\n" % len(raw) + raw


def _run(url: str, calls: Callable[[AsyncLineBotApi], Any], timeout: float = 5) -> Any:
    async def main() -> Any:
        async with AsyncLineBotApi(channel_access_token="t", api_endpoint=url, timeout=timeout) as api:
            return await calls(api)

    return asyncio.run(main())


def test_the_client_uses_the_light_transport_unless_a_proxy_is_set(monkeypatch) -> None:
    api = AsyncLineBotApi(channel_access_token="t")
    assert isinstance(api.client._transport, AsyncioTransport)
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    proxied = AsyncLineBotApi(channel_access_token="t")
    assert not isinstance(proxied.client._transport, AsyncioTransport)
    assert any(t is not None for t in proxied.client._mounts.values())  # httpx routes through the proxy
    asyncio.run(api.aclose())
    asyncio.run(proxied.aclose())


def test_one_connection_serves_calls_one_after_another(scripted) -> None:
    server = scripted([_ok({"userId": "U1", "basicId": f"@{i}"}) for i in range(3)])

    async def calls(api: AsyncLineBotApi) -> list[str]:
        return [(await api.get_bot_info()).basic_id for _ in range(3)]

    assert _run(server.url, calls) == ["@0", "@1", "@2"]
    assert server.connections == 1
    head = server.requests[0].decode()
    assert head.startswith("GET /v2/bot/info HTTP/1.1\r\n") and "\r\nauthorization: bearer t" in head.lower()


def test_connection_close_opens_a_new_connection(scripted) -> None:
    server = scripted([_ok({"basicId": "@a"}, b"Connection: close\r\n"), _ok({"basicId": "@b"})])

    async def calls(api: AsyncLineBotApi) -> list[str]:
        return [(await api.get_bot_info()).basic_id for _ in range(2)]

    assert _run(server.url, calls) == ["@a", "@b"]
    assert server.connections == 2


def test_a_chunked_answer_and_one_ended_by_closing_are_read_whole(scripted) -> None:
    body = json.dumps({"basicId": "@chunked", "displayName": "x" * 70_000}).encode()
    chunks = b"".join(
        b"%x\r\n%s\r\n" % (len(body[i : i + 1000]), body[i : i + 1000]) for i in range(0, len(body), 1000)
    )
    chunked = b"HTTP/1.1 200 OK\r\n" + JSON + b"Transfer-Encoding: chunked\r\n\r\n" + chunks + b"0\r\n\r\n"
    closing = b"HTTP/1.1 200 OK\r\n" + JSON + b"\r\n" + json.dumps({"basicId": "@closed"}).encode()
    server = scripted([chunked, closing])

    async def calls(api: AsyncLineBotApi) -> list[Any]:
        first = await api.get_bot_info()
        second = await api.get_bot_info()
        return [first.basic_id, len(first.display_name), second.basic_id]

    assert _run(server.url, calls) == ["@chunked", 70_000, "@closed"]
    assert server.connections == 1  # the chunked answer left the connection reusable


def test_a_large_download_streams_to_a_file_and_a_cut_one_says_it_broke_off(scripted, tmp_path) -> None:
    big = bytes(range(256)) * 2000  # 512,000 bytes: more than is read at once
    whole = b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: %d\r\n\r\n" % len(big) + big
    cut = (
        b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
        % (len(big))
        + big[:1000]
    )
    server = scripted([whole, cut])

    async def calls(api: AsyncLineBotApi) -> str:
        res = await api.get_message_content("m1", to=tmp_path / "a.jpg")
        assert res.path == str(tmp_path / "a.jpg") and res.content_type == "image/jpeg"
        try:
            await api.get_message_content("m2", to=tmp_path / "b.jpg")
        except LineBotNetworkError as exc:
            return str(exc)
        return ""

    async def run() -> str:
        async with AsyncLineBotApi(
            channel_access_token="t", api_endpoint=server.url, api_data_endpoint=server.url, timeout=5
        ) as api:
            return await calls(api)

    message = asyncio.run(run())
    assert (tmp_path / "a.jpg").read_bytes() == big
    host_port = server.url.split("://")[1]
    assert message.startswith(f"GET {server.url}/v2/bot/message/m2/content broke off: ")
    assert host_port in message


def test_a_short_body_is_an_error_not_a_truncated_response(scripted) -> None:
    short = b"HTTP/1.1 200 OK\r\n" + JSON + b"Content-Length: 100\r\nConnection: close\r\n\r\n{}"
    server = scripted([short])

    async def calls(api: AsyncLineBotApi) -> Any:
        return await api.get_bot_info()

    with pytest.raises(LineBotNetworkError, match="get_bot_info|/v2/bot/info"):
        _run(server.url, calls)


def test_an_unanswered_request_and_a_slow_answer_read_as_with_httpx(line_platform) -> None:
    host_port = line_platform.url.split("://", 1)[1]
    line_platform.add_fault(drop="before")
    line_platform.add_fault(delay=3, path="/v2/bot/info")

    async def calls(api: AsyncLineBotApi) -> list[str]:
        out = []
        for call in (lambda: api.push_message("U1", TEXT), api.get_bot_info):
            try:
                await call()
            except LineBotNetworkError as exc:
                out.append(f"{type(exc).__name__}: {exc}")
        return out

    dropped, slow = _run(line_platform.url, calls, timeout=1)
    assert dropped in (
        f"LineBotNetworkError: POST {line_platform.url}/v2/bot/message/push failed: "
        f"{host_port} closed the connection without answering",
        f"LineBotNetworkError: POST {line_platform.url}/v2/bot/message/push failed: {host_port} reset the connection",
    )
    assert slow == (
        f"LineBotTimeoutError: GET {line_platform.url}/v2/bot/info timed out: "
        f"{host_port} did not answer within the 1s read timeout"
    )


def test_a_malformed_answer_is_a_network_error(scripted) -> None:
    server = scripted([b"HELLO\r\nnot http\r\n\r\n"])

    async def calls(api: AsyncLineBotApi) -> Any:
        return await api.get_bot_info()

    with pytest.raises(LineBotNetworkError) as info:
        _run(server.url, calls)
    assert not isinstance(info.value, LineBotTimeoutError)


def test_the_transport_refuses_other_schemes() -> None:
    async def main() -> None:
        async with httpx.AsyncClient(transport=AsyncioTransport()) as client:
            await client.get("ftp://127.0.0.1/x")

    with pytest.raises(httpx.UnsupportedProtocol):
        asyncio.run(main())


def test_a_body_left_half_read_closes_its_connection(scripted) -> None:
    big = b"x" * 600_000
    answer = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(big) + big
    server = scripted([answer, _ok({"basicId": "@next"})])

    async def main() -> bytes:
        async with httpx.AsyncClient(transport=AsyncioTransport()) as client:
            async with client.stream("GET", server.url + "/big") as res:
                async for _chunk in res.aiter_raw():
                    break  # stop early: the rest of the body is still on the wire
            return (await client.get(server.url + "/v2/bot/info")).content

    assert json.loads(asyncio.run(main())) == {"basicId": "@next"}
    assert server.connections == 2  # the half-read connection was not reused
