"""Perl fidelity of the client, pagination, the retry policy and the async client's behaviour."""

from __future__ import annotations

import asyncio
import inspect
import subprocess
import sys
import uuid
from typing import Any

import pytest

from django_linebot.sdk import LineBotApi, NotFoundError
from django_linebot.sdk.aio import AsyncLineBotApi
from django_linebot.sdk.endpoints import ENDPOINTS
from django_linebot.sdk.errors import LineBotNetworkError, TooManyRequestsError
from django_linebot.sdk.operations import _CHECKED, Operations
from django_linebot.sdk.retry import RetryPolicy, parse_retry_after

TEXT = [{"type": "text", "text": "hello"}]


def _api(fake, **kwargs: Any) -> LineBotApi:
    return LineBotApi(
        channel_access_token="fake-channel-access-token",
        api_endpoint=fake.url,
        api_data_endpoint=fake.url,
        timeout=5,
        **kwargs,
    )


def _aapi(fake, **kwargs: Any) -> AsyncLineBotApi:
    return AsyncLineBotApi(
        channel_access_token="fake-channel-access-token",
        api_endpoint=fake.url,
        api_data_endpoint=fake.url,
        timeout=5,
        **kwargs,
    )


# ------------------------------------------------------------------ Perl fidelity


def test_perl_options_hash_carries_the_retry_key(line_platform, line_api) -> None:
    key = str(uuid.uuid4())
    assert line_api.push_message("U1", TEXT, {"retry_key": key}).is_success
    assert line_platform.last_request.header("x-line-retry-key") == key
    key2 = str(uuid.uuid4())
    line_api.multicast(["U1", "U2"], TEXT, {"retry_key": key2})
    assert line_platform.last_request.header("x-line-retry-key") == key2
    line_api.broadcast(TEXT, {})
    assert line_platform.last_request.header("x-line-retry-key") is None
    with pytest.raises(TypeError, match="retry_key"):
        line_api.push_message("U1", TEXT, {"retrykey": key})
    with pytest.raises(ValueError, match="UUID"):
        line_api.push_message("U1", TEXT, {"retry_key": "nope"})


def test_perl_hash_arguments_send_the_right_request(line_platform, line_api) -> None:
    """``get_number_of_message_deliveries({"date": ...})`` sent ``?date=date`` before."""
    line_api.get_number_of_message_deliveries({"date": "20191231"})
    assert line_platform.last_request.query == {"date": "20191231"}
    line_api.get_number_of_followers({"date": "20191230"})
    assert line_platform.last_request.query == {"date": "20191230"}
    line_api.get_user_interaction_statistics({"requestId": "req-1"})
    assert line_platform.last_request.query == {"requestId": "req-1"}
    line_api.get_followers({"limit": 100, "start": "5"})
    assert line_platform.last_request.query == {"limit": "100", "start": "5"}
    assert line_api.set_webhook_url({"endpoint": "https://example.com/hook"}).is_success
    assert line_platform.last_request.json == {"endpoint": "https://example.com/hook"}
    line_api.test_webhook_endpoint({"endpoint": "https://example.com/hook"})
    assert line_platform.last_request.json == {"endpoint": "https://example.com/hook"}
    token = line_api.issue_channel_access_token({"client_id": "1", "client_secret": "s"}).access_token
    assert line_platform.last_request.form["client_id"] == "1"
    assert line_api.revoke_channel_access_token({"access_token": token}).is_success
    assert line_api.issue_channel_access_token_v2_1({"jwt": "a.b.c"}).is_success
    keys = line_api.get_valid_channel_access_token_v2_1({"jwt": "a.b.c"})
    assert isinstance(keys.key_ids, list)
    with pytest.raises(TypeError, match="unknown keys"):
        line_api.get_number_of_message_deliveries({"day": "20191231"})


def _value_for(annotation: str) -> Any:
    if "Messages" in annotation:
        return TEXT
    if annotation.startswith(("Sequence[str]", "list[str]")):
        return ["U1"]
    if annotation.startswith("Sequence[Mapping"):
        return [{"id": "U1"}]
    if "Mapping" in annotation:
        return {"type": "x"}
    if annotation.startswith("int"):
        return 1
    if annotation.startswith("bool"):
        return False
    if annotation == "FileArg":
        return b"U1\n"
    return "x1"


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_a_wrong_argument_type_is_a_type_error_never_a_request(endpoint, line_platform, line_api) -> None:
    """Audit of every method: a dict where a scalar or a list belongs raises TypeError before sending."""
    func = inspect.unwrap(getattr(Operations, endpoint.name))
    params = [p for p in inspect.signature(func).parameters.values() if p.name != "self"]
    checked = [p for p in params if str(p.annotation) in _CHECKED or str(p.annotation) == "RetryKey"]
    for target in checked:
        kwargs = {
            p.name: _value_for(str(p.annotation))
            for p in params
            if p.default is inspect.Parameter.empty or p is target
        }
        kwargs[target.name] = {"bogus": "hash"}
        before = len(line_platform.requests)
        with pytest.raises(TypeError):
            getattr(line_api, endpoint.name)(**kwargs)
        assert len(line_platform.requests) == before, f"{endpoint.name}({target.name}=dict) sent a request"


def test_renamed_click_audience_alias_keeps_the_perl_spelling(line_platform, line_api) -> None:
    request_id = line_api.narrowcast(TEXT).request_id
    res = line_api.create_audience_for_click_based_retartgeting("clicks", request_id)
    assert res.is_success and line_platform.last_request.path == "/v2/bot/audienceGroup/click"
    assert (
        LineBotApi.create_audience_for_click_based_retartgeting
        is LineBotApi.create_click_based_audience_group
    )


def test_message_content_has_perls_fh(line_platform, line_api, tmp_path) -> None:
    line_platform.contents["m1"] = ("image/jpeg", b"\xff\xd8bytes")
    line_api.api_data_endpoint = line_platform.url
    res = line_api.get_message_content("m1")
    with res.fh as fh:
        assert fh.read() == b"\xff\xd8bytes"
        assert fh.name
    res = line_api.get_message_content("m1", to=tmp_path / "c.jpg")
    with res.fh as fh:
        assert fh.name == str(tmp_path / "c.jpg") and fh.read() == b"\xff\xd8bytes"


def test_coupon_messages_are_accepted(line_platform, line_api) -> None:
    coupon = {"type": "coupon", "couponId": "COUPON0001"}
    assert line_api.push_message("U1", [coupon]).is_success
    assert line_platform.last_request.json["messages"] == [coupon]
    assert not line_platform.last_request.spec_errors


# ---------------------------------------------------------------------- pagination


def test_iter_followers_follows_next_to_the_end(line_platform, line_api) -> None:
    line_platform.followers = [f"U{i:04d}" for i in range(750)]
    assert list(line_api.iter_followers(limit=300)) == line_platform.followers
    assert [r.query.get("start") for r in line_platform.requests_to("/v2/bot/followers/ids")] == [
        None,
        "300",
        "600",
    ]
    assert len(list(line_api.iter_followers(limit=300, max_pages=2))) == 600


def test_pagination_stops_when_the_cursor_repeats(line_platform, line_api) -> None:
    line_platform.add_fault(
        status=200, body={"userIds": ["U1"], "next": "same"}, path="/followers/ids", times=None
    )
    assert list(line_api.iter_followers()) == ["U1", "U1"]
    assert len(line_platform.requests) == 2


def test_page_numbered_listings_follow_has_next_page(line_platform, line_api) -> None:
    line_platform.extra["shared_audiences"] = [
        {"audienceGroupId": i, "description": f"a{i}"} for i in range(45)
    ]
    groups = list(line_api.iter_shared_audience_groups(size=20))
    assert [g["audienceGroupId"] for g in groups] == list(range(45))
    assert [r.query["page"] for r in line_platform.requests] == ["1", "2", "3"]


def test_every_paginated_operation_has_a_helper() -> None:
    helpers = {
        n: inspect.getsource(getattr(Operations, n)) for n in vars(Operations) if n.startswith("iter_")
    }
    for ep in ENDPOINTS:
        if ep.page is not None:
            assert any(f'"{ep.name}"' in src for src in helpers.values()), ep.name


def test_a_refused_page_raises(line_platform, line_api) -> None:
    line_platform.add_fault(status=404, path="/membership/", times=1)
    with pytest.raises(NotFoundError):
        list(line_api.iter_joined_membership_users(1))


# ---------------------------------------------------------------------- retry policy


class Waits(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def test_idempotent_calls_are_retried_after_5xx(line_platform) -> None:
    waits = Waits()
    api = _api(line_platform, retry=RetryPolicy(attempts=3, backoff=0.25, sleep=waits))
    line_platform.add_fault(status=503, path="/v2/bot/info", times=2)
    assert api.get_bot_info().is_success
    assert len(line_platform.requests) == 3
    assert waits == [0.25, 0.5]


def test_retry_after_is_honoured_and_a_too_long_one_ends_the_retries(line_platform) -> None:
    waits = Waits()
    api = _api(line_platform, retry=RetryPolicy(max_retry_after=30, sleep=waits))
    line_platform.add_fault(status=429, headers={"Retry-After": "7"}, path="/v2/bot/info", times=1)
    assert api.get_bot_info().is_success
    assert waits == [7.0]
    line_platform.reset()
    line_platform.add_fault(status=429, headers={"Retry-After": "120"}, path="/v2/bot/info", times=1)
    res = api.get_bot_info()
    assert res.http_status == 429 and len(line_platform.requests) == 1


def test_a_post_without_retry_key_is_never_retried(line_platform) -> None:
    waits = Waits()
    api = _api(line_platform, retry=RetryPolicy(attempts=5, sleep=waits))
    line_platform.add_fault(status=500, path="/message/push", times=1)
    assert api.push_message("U1", TEXT).http_status == 500
    assert len(line_platform.requests) == 1 and waits == []
    line_platform.add_fault(drop="before", path="/message/push", times=1)
    with pytest.raises(LineBotNetworkError):
        api.push_message("U1", TEXT)
    assert len(line_platform.requests) == 2 and waits == []


def test_a_post_with_a_retry_key_is_retried_and_delivered_once(line_platform) -> None:
    waits = Waits()
    api = _api(line_platform, retry=RetryPolicy(backoff=0, sleep=waits))
    line_platform.add_fault(drop="after", path="/message/push", times=1)  # processed, answer lost
    res = api.push_message("U1", TEXT, retry_key=str(uuid.uuid4()))
    assert res.is_success and res.already_accepted  # the repeat got LINE's 409 for an accepted key
    assert len(line_platform.sent_messages) == 1 and len(waits) == 1


def test_the_monthly_quota_is_not_retried(line_platform) -> None:
    waits = Waits()
    api = _api(line_platform, retry=RetryPolicy(sleep=waits), raise_errors=True)
    line_platform.quota = 0
    with pytest.raises(TooManyRequestsError):
        api.push_message("U1", TEXT, retry_key=str(uuid.uuid4()))
    assert len(line_platform.requests) == 1 and waits == []


def test_lost_connections_are_retried_for_gets(line_platform) -> None:
    waits = Waits()
    api = _api(line_platform, retry=RetryPolicy(backoff=0, sleep=waits))
    line_platform.add_fault(drop="before", path="/v2/bot/profile/", times=1)
    assert api.get_profile("U1").display_name
    assert len(line_platform.requests) == 2


def test_without_a_policy_nothing_is_retried(line_platform, line_api) -> None:
    line_platform.add_fault(status=503, path="/v2/bot/info", times=1)
    assert line_api.get_bot_info().http_status == 503
    assert len(line_platform.requests) == 1


def test_retry_after_forms() -> None:
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert parse_retry_after("soon") is None
    with pytest.raises(ValueError):
        RetryPolicy(attempts=0)


# ---------------------------------------------------------------------- async client


def test_async_client_retries_pages_and_errors_like_the_sync_one(line_platform) -> None:
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    async def main() -> None:
        policy = RetryPolicy(backoff=0.5, async_sleep=record)
        async with _aapi(line_platform, retry=policy, raise_errors=True) as api:
            line_platform.add_fault(status=502, path="/v2/bot/info", times=1)
            assert (await api.get_bot_info()).is_success
            assert waits == [0.5]
            line_platform.followers = [f"U{i}" for i in range(25)]
            assert [u async for u in api.iter_followers(limit=10)] == line_platform.followers
            with pytest.raises(NotFoundError) as caught:
                await api.get_rich_menu("no-such-menu")
            assert caught.value.status == 404
            assert (await api.get_number_of_message_deliveries({"date": "20191231"})).is_success
            assert line_platform.last_request.query == {"date": "20191231"}
            with pytest.raises(TypeError):
                await api.get_profile({"user": "hash"})  # type: ignore[arg-type]

    asyncio.run(main())


def test_async_network_errors_name_the_host_and_cause() -> None:
    async def main() -> str:
        async with AsyncLineBotApi(
            channel_access_token="t", api_endpoint="http://127.0.0.1:9", timeout=2
        ) as api:
            try:
                await api.get_bot_info()
            except LineBotNetworkError as exc:
                return str(exc)
        return ""

    message = asyncio.run(main())
    assert (
        message
        == "GET http://127.0.0.1:9/v2/bot/info failed: cannot connect to 127.0.0.1:9 (connection refused)"
    )


def test_async_downloads_stream_like_the_sync_ones(line_platform, tmp_path) -> None:
    line_platform.contents["m9"] = ("video/mp4", b"v" * 150_000)

    async def main() -> None:
        async with _aapi(line_platform) as api:
            res = await api.get_message_content("m9", to=tmp_path / "v.mp4")
            assert res.path == str(tmp_path / "v.mp4") and res.content_type == "video/mp4"
            assert (await api.get_message_content("m9")).content == b"v" * 150_000

    asyncio.run(main())
    assert (tmp_path / "v.mp4").read_bytes() == b"v" * 150_000


def test_the_sync_client_does_not_import_httpx() -> None:
    code = "import sys, django_linebot.sdk.client; print('httpx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "False"
