"""The sync client reads the environment once (proxies, CA bundle), not at every call, and still obeys it.

requests reads it per call when a session's ``trust_env`` is on (os.environ walked twice and
~/.netrc looked for at every request); the client's own session reads it once instead, as the
async client and line-bot-sdk do. A session given by the caller is left as it is.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from django_linebot.sdk import LineBotApi


class _Recorder(BaseHTTPRequestHandler):
    """Answers every request 200 ``{}`` and records its request line's target (absolute through a proxy)."""

    seen: list[str]

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.server.seen.append(self.path)  # type: ignore[attr-defined]
        body = json.dumps({"userId": "U1", "basicId": "@bot"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.seen = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "NO_PROXY",
        "REQUESTS_CA_BUNDLE",
        "CURL_CA_BUNDLE",
    ):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    return monkeypatch


def test_an_environment_proxy_is_used(recorder, no_proxy_env) -> None:
    """The endpoint (port 9: nothing listens) is reached through the proxy named by HTTP_PROXY."""
    no_proxy_env.setenv("HTTP_PROXY", f"http://127.0.0.1:{recorder.server_port}")
    api = LineBotApi(channel_access_token="t", api_endpoint="http://127.0.0.1:9", timeout=5)
    assert api.get_bot_info().basic_id == "@bot"
    assert recorder.seen == ["http://127.0.0.1:9/v2/bot/info"]  # a proxy gets the absolute URL


def test_no_proxy_is_obeyed(recorder, no_proxy_env) -> None:
    no_proxy_env.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens: using it would fail
    no_proxy_env.setenv("NO_PROXY", "127.0.0.1")
    api = LineBotApi(channel_access_token="t", api_endpoint=f"http://127.0.0.1:{recorder.server_port}")
    assert api.get_bot_info().basic_id == "@bot"
    assert recorder.seen == ["/v2/bot/info"]


def test_the_environment_is_read_once_not_per_call(recorder, no_proxy_env) -> None:
    api = LineBotApi(channel_access_token="t", api_endpoint=f"http://127.0.0.1:{recorder.server_port}")
    assert api.get_bot_info().basic_id == "@bot"
    no_proxy_env.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # set after the first call: not seen
    assert api.get_bot_info().basic_id == "@bot"
    assert recorder.seen == ["/v2/bot/info", "/v2/bot/info"]
    assert api.session.trust_env is False


def test_the_ca_bundle_of_the_environment_is_kept(no_proxy_env, tmp_path) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_text("")
    no_proxy_env.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    assert LineBotApi(channel_access_token="t").session.verify == str(bundle)
    no_proxy_env.delenv("REQUESTS_CA_BUNDLE")
    assert LineBotApi(channel_access_token="t").session.verify is True


def test_a_session_given_by_the_caller_reads_the_environment_itself(recorder, no_proxy_env) -> None:
    session = requests.Session()
    api = LineBotApi(channel_access_token="t", api_endpoint="http://127.0.0.1:9", session=session, timeout=5)
    no_proxy_env.setenv("HTTP_PROXY", f"http://127.0.0.1:{recorder.server_port}")  # read by requests per call
    assert api.get_bot_info().basic_id == "@bot"
    assert recorder.seen == ["http://127.0.0.1:9/v2/bot/info"]
    assert session.trust_env is True
