"""The client's own session sends what ``requests.Session.request`` sends, without its per-call merging.

``LineBotApi`` prepares requests for its own session itself (``_transmit``): ``Session.request``
merges the session's auth, params, proxies and environment into every call, which the own session
does not have. These tests hold the two paths to the same bytes on the wire, over real HTTP to the
fake platform: a client given a plain session goes through ``Session.request``, the other through
the short path, for a JSON POST, a GET with a query, a form, a binary upload and a multipart upload.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from django_linebot.sdk import LineBotApi
from django_linebot.testing import FakeLinePlatform

TOKEN = "wire-test-token"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def fake() -> Iterator[FakeLinePlatform]:
    with FakeLinePlatform() as platform:
        yield platform


def _client(fake: FakeLinePlatform, session: requests.Session | None = None) -> LineBotApi:
    return LineBotApi(
        channel_secret="wire-secret",
        channel_access_token=TOKEN,
        api_endpoint=fake.url,
        api_data_endpoint=fake.url,
        session=session,
    )


def _plain_session() -> requests.Session:
    """A session as a caller would pass one, not reading the environment (the own session does not)."""
    session = requests.Session()
    session.trust_env = False
    return session


CALLS: dict[str, Callable[[LineBotApi, str], Any]] = {
    "json POST": lambda api, tag: api.reply_message(f"token-{tag}", [{"type": "text", "text": "hi"}]),
    "GET with a query": lambda api, tag: api.get_followers(limit=10, start=f"next-{tag}"),
    "form POST": lambda api, tag: api.issue_channel_token("1234567890", "wire-secret"),
    "binary upload": lambda api, tag: api.set_rich_menu_image(f"richmenu-{tag}", "image/png", PNG),
    "multipart upload": lambda api, tag: api.create_audience_for_uploading_user_ids(
        b"U" + b"0" * 32 + b"\n", description=f"audience {tag}"
    ),
}

#: What differs between any two multipart requests: the boundary (in the body and Content-Type).
_BOUNDARY = re.compile(rb"[0-9a-f]{32}")


def _wire(record: Any) -> tuple[Any, ...]:
    headers = {name: value for name, value in record.headers.items() if name not in {"host"}}
    if "content-type" in headers:
        headers["content-type"] = _BOUNDARY.sub(b"B", headers["content-type"].encode()).decode()
    return (record.method, record.path, record.query, headers, _BOUNDARY.sub(b"B", record.body))


@pytest.mark.parametrize("name", list(CALLS))
def test_own_session_sends_what_session_request_sends(fake: FakeLinePlatform, name: str) -> None:
    own, given = _client(fake), _client(fake, session=_plain_session())
    assert own._sends_own() and not given._sends_own()
    CALLS[name](own, "same")
    CALLS[name](given, "same")
    first, second = fake.requests[-2:]
    assert _wire(first) == _wire(second)
    assert first.header("user-agent") == own.user_agent
    assert first.header("accept-encoding") and first.header("connection") == "keep-alive"


def test_own_session_headers_and_cookies_are_sent(fake: FakeLinePlatform) -> None:
    """What a caller adds to ``client.session`` reaches LINE on the short path too."""
    api = _client(fake)
    api.session.headers["X-Extra"] = "yes"
    api.session.cookies.set("lb", "node-1")
    api.get_bot_info()
    record = fake.requests[-1]
    assert record.header("x-extra") == "yes"
    assert record.header("cookie") == "lb=node-1"
    assert record.header("authorization") == f"Bearer {TOKEN}"


def test_own_session_given_auth_params_or_proxies_goes_through_session_request(
    fake: FakeLinePlatform,
) -> None:
    """The short path leaves nothing out: a session given ``params`` (or auth, proxies) takes the full one."""
    api = _client(fake)
    api.session.params = {"extra": "1"}
    assert not api._sends_own()
    api.get_followers(limit=5)
    assert fake.requests[-1].query == {"extra": "1", "limit": "5"}
    api.session.params = {}
    assert api._sends_own()
    api.session.trust_env = True
    assert not api._sends_own()
