"""The webhook test really posts a signed, empty delivery to a local endpoint and reports its answer."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from django_linebot.sdk.signature import validate_signature

from ..processes import free_port

SECRET = "test-channel-secret"  # LINEBOT["CHANNEL_SECRET"] of tests/settings.py


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[tuple[dict[str, str], bytes]]]]:
    """A local endpoint that keeps what it gets and answers 200."""
    got: list[tuple[dict[str, str], bytes]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.append(({k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook/", got
    server.shutdown()
    server.server_close()


def test_the_delivery_is_signed_with_the_channels_secret(line_platform, line_api, receiver) -> None:
    url, got = receiver
    line_platform.channel().secret = "s3cret"
    res = line_api.test_webhook_endpoint(url).raise_for_status()
    assert res.data["success"] is True and res.data["statusCode"] == 200 and res.data["reason"] == "OK"
    [(headers, body)] = got
    assert json.loads(body) == {"destination": "Ufakebot", "events": []}
    assert validate_signature(body, headers["x-line-signature"], "s3cret")


def test_the_endpoint_set_on_the_channel_is_called(line_platform, line_api, receiver) -> None:
    url, got = receiver
    line_platform.add_channel("default", secret="s", webhook_endpoint=url)
    line_api.test_webhook_endpoint().raise_for_status()
    assert len(got) == 1


@pytest.mark.django_db(transaction=True)
def test_the_bots_own_webhook_accepts_it(line_platform, line_api, live_server) -> None:
    line_platform.channel().secret = SECRET
    res = line_api.test_webhook_endpoint(f"{live_server.url}/line/webhook/").raise_for_status()
    assert (res.data["success"], res.data["statusCode"]) == (True, 200)


@pytest.mark.django_db(transaction=True)
def test_without_the_secret_the_bot_refuses_and_line_says_so(line_platform, line_api, live_server) -> None:
    res = line_api.test_webhook_endpoint(f"{live_server.url}/line/webhook/").raise_for_status()
    assert res.data["success"] is False and res.data["reason"] == "ERROR_STATUS_CODE"
    assert 400 <= res.data["statusCode"] < 500
    line_platform.channel().secret = "not-the-bots-secret"
    res = line_api.test_webhook_endpoint(f"{live_server.url}/line/webhook/").raise_for_status()
    assert res.data["success"] is False and 400 <= res.data["statusCode"] < 500


def test_nothing_listening_is_could_not_connect(line_platform, line_api) -> None:
    res = line_api.test_webhook_endpoint(f"http://127.0.0.1:{free_port()}/hook/").raise_for_status()
    assert res.data["success"] is False and res.data["reason"] == "COULD_NOT_CONNECT"


def test_an_endpoint_elsewhere_is_not_called(line_platform, line_api) -> None:
    res = line_api.test_webhook_endpoint("https://bot.example.com/line/webhook/").raise_for_status()
    assert res.data["success"] is True and res.data["statusCode"] == 200
