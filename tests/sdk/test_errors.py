"""Typed errors, timeouts, dropped connections, and no token in any error or log."""

from __future__ import annotations

import logging
import socket
import threading
import time
import uuid

import pytest

from django_linebot.sdk import (
    BadRequestError,
    ConflictError,
    ForbiddenError,
    LineBotApi,
    LineBotApiError,
    LineBotNetworkError,
    LineBotTimeoutError,
    MonthlyQuotaExceededError,
    NotFoundError,
    RateLimitError,
    ServerError,
    UnauthorizedError,
)

TEXT = [{"type": "text", "text": "hi"}]
TOKEN = "fake-channel-access-token"


@pytest.mark.parametrize(
    ("status", "body", "cls", "retryable"),
    [
        (
            400,
            {
                "message": "The request body has 1 error(s)",
                "details": [{"message": "must be specified", "property": "messages[0].text"}],
            },
            BadRequestError,
            False,
        ),
        (401, {"message": "Authentication failed"}, UnauthorizedError, False),
        (403, {"message": "Access to this API is not available"}, ForbiddenError, False),
        (404, {"message": "Not found"}, NotFoundError, False),
        (409, {"message": "Conflict"}, ConflictError, False),
        (429, {"message": "Too many requests"}, RateLimitError, True),
        (
            429,
            {"message": "You have reached your monthly limit."},
            MonthlyQuotaExceededError,
            False,
        ),
        (500, {"message": "Internal server error"}, ServerError, True),
        (503, {"message": "Service unavailable"}, ServerError, True),
    ],
)
def test_each_status_raises_its_error(line_platform, line_api, status, body, cls, retryable) -> None:
    line_platform.add_fault(status=status, body=body)
    res = line_api.push_message("U1", TEXT)
    assert not res.is_success
    assert res.http_status == status
    assert res.message == body["message"]
    with pytest.raises(cls) as info:
        res.raise_for_status()
    err = info.value
    assert isinstance(err, LineBotApiError)
    assert err.status == status
    assert err.message == body["message"]
    assert err.details == body.get("details", [])
    assert err.request_id == line_platform.last_request.request_id
    assert err.retryable is retryable
    assert body["message"] in str(err) and err.request_id in str(err)


def test_details_appear_on_the_response(line_platform, line_api) -> None:
    line_platform.add_fault(
        status=400,
        body={
            "message": "bad",
            "details": [{"message": "too long", "property": "messages[0].text"}],
        },
    )
    res = line_api.reply_message("rt", TEXT)
    assert res.details == [{"message": "too long", "property": "messages[0].text"}]
    assert "messages[0].text: too long" in str(pytest.raises(BadRequestError, res.raise_for_status).value)


def test_409_for_a_retry_key_is_success_already_accepted(line_platform, line_api) -> None:
    key = str(uuid.uuid4())
    first = line_api.push_message("U1", TEXT, retry_key=key)
    assert first.http_status == 200
    again = line_api.push_message("U1", TEXT, retry_key=key)
    assert again.http_status == 409
    assert again.is_success and again.already_accepted
    assert again.accepted_request_id == first.request_id
    assert again.raise_for_status() is again
    assert len(line_platform.sent_messages) == 1


def test_seed_retry_loop(line_platform, line_api) -> None:
    """The seed's 'Handling Retries' loop, ported: retry with one key until LINE says 409."""
    line_platform.add_fault(status=500, times=2)
    key = str(uuid.uuid4())
    res = line_api.push_message("U1", TEXT, retry_key=key)
    attempts = 1
    while not res.is_success and attempts < 10:  # the seed sleeps 60 s; bounded here
        res = line_api.push_message("U1", TEXT, retry_key=key)
        attempts += 1
    assert res.is_success and attempts == 3
    # a retry after the response was lost: LINE answers 409, and nothing is sent twice
    res = line_api.push_message("U1", TEXT, retry_key=key)
    assert res.http_status == 409 and res.is_success
    assert len(line_platform.sent_messages) == 1


def test_timeout_against_a_server_that_never_answers() -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)  # accepts the connection, never answers
    port = sock.getsockname()[1]
    try:
        api = LineBotApi(
            channel_access_token=TOKEN, api_endpoint=f"http://127.0.0.1:{port}", timeout=(1, 0.5)
        )
        started = time.monotonic()
        with pytest.raises(LineBotTimeoutError) as info:
            api.get_bot_info()
        assert time.monotonic() - started < 5
        assert info.value.retryable
        assert TOKEN not in str(info.value)
    finally:
        sock.close()
    # the message names the URL, the host and which timeout expired
    assert str(info.value) == (
        f"GET http://127.0.0.1:{port}/v2/bot/info timed out: "
        f"127.0.0.1:{port} did not answer within the 0.5s read timeout"
    )


def test_dropped_connection_is_a_network_error(line_platform, line_api) -> None:
    line_platform.add_fault(drop="before")
    with pytest.raises(LineBotNetworkError) as info:
        line_api.push_message("U1", TEXT)
    assert not isinstance(info.value, LineBotTimeoutError)
    assert info.value.retryable


def test_connection_refused_is_a_network_error() -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    api = LineBotApi(channel_access_token=TOKEN, api_endpoint=f"http://127.0.0.1:{port}", timeout=2)
    with pytest.raises(LineBotNetworkError):
        api.get_bot_info()


def test_default_timeout_is_finite() -> None:
    api = LineBotApi(channel_access_token=TOKEN)
    connect, read = api.timeout
    assert 0 < connect < 60 and 0 < read < 120


def test_the_access_token_appears_in_no_error_or_log(line_platform, line_api, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    errors: list[BaseException] = []
    for status in (400, 401, 403, 404, 409, 429, 500):
        line_platform.add_fault(status=status, body={"message": f"failed {status}"})
        try:
            line_api.push_message("U1", TEXT).raise_for_status()
        except LineBotApiError as exc:
            errors.append(exc)
    line_platform.add_fault(drop="before")
    with pytest.raises(LineBotNetworkError) as info:
        line_api.get_bot_info()
    errors.append(info.value)
    assert len(errors) == 8
    for err in errors:
        for text in (str(err), repr(err), repr(vars(err))):
            assert TOKEN not in text
    for record in caplog.records:
        assert TOKEN not in record.getMessage()
    assert TOKEN not in repr(line_api)


def test_concurrent_calls_share_one_client(line_platform, line_api) -> None:
    results: list[int] = []

    def work() -> None:
        for _ in range(10):
            results.append(line_api.get_bot_info().http_status)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert results == [200] * 40
