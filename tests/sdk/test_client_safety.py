"""The request path: path segments that cannot escape, network errors that say where and why,
a User-Agent on every request, credentials that never show (issues 10 and 11)."""

from __future__ import annotations

import importlib.metadata
import socket
from collections.abc import Callable
from typing import Any

import pytest
import requests

from django_linebot import __version__
from django_linebot.sdk import LineBotApi, LineBotNetworkError, LineBotTimeoutError
from django_linebot.sdk.client import BearerAuth, _network_error, user_agent
from django_linebot.sdk.secret import Secret, SecretForm

TOKEN = "tok-3c9a71d2"
TEXT = [{"type": "text", "text": "hi"}]

# (public method, call with the bad ID, the argument it must name)
SEGMENT_CALLS: list[tuple[str, Callable[[LineBotApi, str], Any], str]] = [
    ("get_profile", lambda a, v: a.get_profile(v), "user_id"),
    ("unlink_rich_menu_from_user", lambda a, v: a.unlink_rich_menu_from_user(v), "user_id"),
    ("get_rich_menu_id_of_user", lambda a, v: a.get_rich_menu_id_of_user(v), "user_id"),
    ("link_rich_menu_to_user(user)", lambda a, v: a.link_rich_menu_to_user(v, "richmenu-1"), "user_id"),
    ("link_rich_menu_to_user(menu)", lambda a, v: a.link_rich_menu_to_user("U1", v), "rich_menu_id"),
    ("issue_link_token", lambda a, v: a.issue_link_token(v), "user_id"),
    ("get_rich_menu", lambda a, v: a.get_rich_menu(v), "rich_menu_id"),
    ("delete_rich_menu", lambda a, v: a.delete_rich_menu(v), "rich_menu_id"),
    ("set_default_rich_menu", lambda a, v: a.set_default_rich_menu(v), "rich_menu_id"),
    ("download_rich_menu_image", lambda a, v: a.download_rich_menu_image(v), "rich_menu_id"),
    (
        "upload_rich_menu_image",
        lambda a, v: a.upload_rich_menu_image(v, "image/png", b"\x89PNG"),
        "rich_menu_id",
    ),
    ("get_rich_menu_alias", lambda a, v: a.get_rich_menu_alias(v), "rich_menu_alias_id"),
    ("update_rich_menu_alias", lambda a, v: a.update_rich_menu_alias(v, "richmenu-1"), "rich_menu_alias_id"),
    ("delete_rich_menu_alias", lambda a, v: a.delete_rich_menu_alias(v), "rich_menu_alias_id"),
    ("get_message_content", lambda a, v: a.get_message_content(v), "message_id"),
    ("get_message_content_preview", lambda a, v: a.get_message_content_preview(v), "message_id"),
    ("get_group_summary", lambda a, v: a.get_group_summary(v), "group_id"),
    ("get_group_member_profile", lambda a, v: a.get_group_member_profile("C1", v), "user_id"),
    ("get_room_member_profile", lambda a, v: a.get_room_member_profile(v, "U1"), "room_id"),
    ("get_group_members_ids", lambda a, v: a.get_group_members_ids(v), "group_id"),
    ("leave_group", lambda a, v: a.leave_group(v), "group_id"),
    ("leave_room", lambda a, v: a.leave_room(v), "room_id"),
    ("get_audience_data", lambda a, v: a.get_audience_data(v), "audience_group_id"),
    ("delete_audience", lambda a, v: a.delete_audience(v), "audience_group_id"),
]


@pytest.mark.parametrize("bad, shown", [("..", "'..'"), (".", "'.'"), ("", "empty")])
@pytest.mark.parametrize("name, call, argument", SEGMENT_CALLS, ids=[c[0] for c in SEGMENT_CALLS])
def test_dot_and_empty_ids_are_refused_before_sending(
    name, call, argument, bad, shown, line_platform, line_api
) -> None:
    """``get_profile("..")`` would send ``GET /v2/bot/`` once urllib3 normalises the path."""
    with pytest.raises(ValueError) as info:
        call(line_api, bad)
    assert str(info.value) == f"{argument} must not be {shown}"
    assert line_platform.requests == []


def test_a_missing_id_is_refused(line_platform, line_api) -> None:
    with pytest.raises(ValueError, match="^user_id is required$"):
        line_api.get_profile(None)  # type: ignore[arg-type]
    assert line_platform.requests == []


def test_ids_with_dots_inside_are_still_sent_quoted(line_platform, line_api) -> None:
    for value in ("U.1", "...", "a/../b"):
        line_api.get_profile(value)
    paths = [r.path for r in line_platform.requests]
    assert len(paths) == 3 and all(p.startswith("/v2/bot/profile/") for p in paths)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_connection_refused_names_url_host_and_cause(caplog) -> None:
    port = _closed_port()
    api = LineBotApi(channel_access_token=TOKEN, api_endpoint=f"http://127.0.0.1:{port}", timeout=2)
    with pytest.raises(LineBotNetworkError) as info:
        api.reply_message("rt", TEXT)
    expected = (
        f"POST http://127.0.0.1:{port}/v2/bot/message/reply failed: "
        f"cannot connect to 127.0.0.1:{port} (connection refused)"
    )
    assert str(info.value) == expected
    assert any(expected in r.getMessage() for r in caplog.records)
    assert info.value.__context__ is None and info.value.__cause__ is None  # no requests frames chained
    assert not isinstance(info.value, LineBotTimeoutError)


def test_a_dropped_connection_says_the_host_closed_it(line_platform, line_api) -> None:
    line_platform.add_fault(drop="before")
    with pytest.raises(LineBotNetworkError) as info:
        line_api.push_message("U1", TEXT)
    host_port = line_platform.url.split("://", 1)[1]
    prefix = f"POST {line_platform.url}/v2/bot/message/push failed: {host_port} "
    # closed with the request unread, the kernel may answer with a reset instead of a clean close
    assert str(info.value) in (
        prefix + "closed the connection without answering",
        prefix + "reset the connection",
    )


def test_a_connect_timeout_names_the_host_and_which_timeout() -> None:
    error = _network_error(
        "POST", "https://api.line.me", "/v2/bot/message/push", requests.ConnectTimeout("pool"), (5.0, 30.0)
    )
    assert isinstance(error, LineBotTimeoutError)
    assert str(error) == (
        "POST https://api.line.me/v2/bot/message/push timed out: "
        "no connection to api.line.me:443 within the 5.0s connect timeout"
    )


@pytest.mark.parametrize(
    "cause, text",
    [
        (socket.gaierror(-2, "Name or service not known"), "cannot resolve api.line.me (DNS lookup failed)"),
        (ConnectionResetError(104, "Connection reset by peer"), "api.line.me:443 reset the connection"),
        (OSError(113, "No route to host"), "cannot connect to api.line.me:443 (no route to host)"),
        (requests.exceptions.SSLError("bad handshake"), "TLS with api.line.me:443 failed"),
        (ValueError("odd"), "connection to api.line.me:443 failed (ConnectionError)"),
    ],
)
def test_other_causes_in_a_few_words(cause, text) -> None:
    error = _network_error("GET", "https://api.line.me", "/v2/bot/info", requests.ConnectionError(cause), 5)
    assert str(error) == f"GET https://api.line.me/v2/bot/info failed: {text}"


def test_the_error_never_shows_a_password_in_the_endpoint() -> None:
    port = _closed_port()
    api = LineBotApi(
        channel_access_token=TOKEN, api_endpoint=f"http://proxyuser:pw-7f3e@127.0.0.1:{port}", timeout=2
    )
    with pytest.raises(LineBotNetworkError) as info:
        api.get_bot_info()
    assert "pw-7f3e" not in str(info.value) and "proxyuser" not in str(info.value)
    assert f"GET http://127.0.0.1:{port}/v2/bot/info failed" in str(info.value)


def test_a_credential_in_the_query_never_reaches_the_message() -> None:
    port = _closed_port()
    api = LineBotApi(api_endpoint=f"http://127.0.0.1:{port}", timeout=2)
    with pytest.raises(LineBotNetworkError) as info:
        api.verify_channel_token_by_jwt(TOKEN)
    assert TOKEN not in str(info.value) and "access_token" not in str(info.value)


def test_every_request_says_who_sends_it(line_platform, line_api) -> None:
    expected = f"django-linebot/{importlib.metadata.version('django-linebot')}"
    line_api.get_bot_info()
    line_api.push_message("U1", TEXT)
    line_api.issue_channel_access_token("1234567890", "secret")  # no bearer token, still the agent
    line_platform.contents["m1"] = ("image/jpeg", b"\xff\xd8")
    line_api.get_message_content("m1")  # the data host
    assert [r.header("user-agent") for r in line_platform.requests] == [expected] * 4
    assert line_platform.requests[0].header("authorization") == "Bearer fake-channel-access-token"
    assert line_platform.requests[2].header("authorization") is None


def test_the_user_agent_falls_back_to_the_package_version(monkeypatch) -> None:
    def not_installed(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    user_agent.cache_clear()
    try:
        assert user_agent() == f"django-linebot/{__version__}"
    finally:
        user_agent.cache_clear()


def test_credentials_are_masked_but_sent(line_platform) -> None:
    api = LineBotApi(
        channel_secret=Secret("sec-41b8"),
        channel_access_token=Secret(TOKEN),
        api_endpoint=line_platform.url,
    )
    api.get_bot_info()
    assert line_platform.last_request.header("authorization") == f"Bearer {TOKEN}"
    assert api.channel_access_token == TOKEN and api.channel_secret == "sec-41b8"
    api.issue_channel_access_token("1234567890", Secret("sec-41b8"))
    assert line_platform.last_request.form["client_secret"] == "sec-41b8"
    form = SecretForm(client_id="1", client_secret=Secret("sec-41b8"))
    for shown in (repr(api), repr(vars(api)), repr(BearerAuth(TOKEN)), repr(form), str(Secret(TOKEN))):
        assert TOKEN not in shown and "sec-41b8" not in shown
    assert dict(form) == {"client_id": "1", "client_secret": "sec-41b8"}
