"""Every public client method sends the request LINE documents: verb, path, headers, body."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from django_linebot.sdk import LineBotApi

from .endpoint_cases import CASES, DATA_HOST, MENU, TEXT, Case


def _fill(value: Any, ctx: dict[str, Any]) -> Any:
    if isinstance(value, str):
        return value.format(menu=ctx.get("menu", ""), audience=ctx.get("audience", ""))
    if isinstance(value, dict):
        return {k: _fill(v, ctx) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, ctx) for v in value]
    return value


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_method_sends_documented_request(case: Case, line_platform, line_api) -> None:
    # The data host is the same fake server under another name, so the Host header tells them apart.
    data_host = line_platform.url.replace("127.0.0.1", "localhost")
    line_api.api_data_endpoint = data_host
    ctx: dict[str, Any] = {"fake": line_platform}
    res = case.call(line_api, ctx)
    req = line_platform.last_request
    expected_host = data_host if case.name in DATA_HOST else line_platform.url
    assert req.header("host") == expected_host.split("//")[1]
    assert req.method == case.method
    assert req.path == _fill(case.path, ctx)
    assert res.http_status == case.status, res.data
    assert res.is_success
    assert res.request_id == req.request_id
    if case.auth:
        assert req.header("authorization") == "Bearer fake-channel-access-token"
    else:
        assert req.header("authorization") is None
    assert req.header("x-line-retry-key") == case.retry_key
    if case.json is not None:
        assert req.header("content-type") == "application/json"
        assert req.json == _fill(case.json, ctx)
    if case.form is not None:
        assert req.header("content-type") == "application/x-www-form-urlencoded"
        assert req.form == case.form
    for key, value in case.query.items():
        assert req.query[key] == value
    if case.operation_id and line_platform.validator is not None:
        assert req.operation_id == case.operation_id, f"{case.name}: matched {req.operation_id}"


def test_every_public_method_has_a_case() -> None:
    """Each case names a method of the client; every operation is in the table (the walk over all 110
    is tests/sdk/test_operations.py), and each public method is an operation, a helper or a pager."""
    from django_linebot.sdk.endpoints import ENDPOINTS

    names = {n for ep in ENDPOINTS for n in ep.names}
    assert {c.name for c in CASES} <= names
    public = {
        name
        for name in dir(LineBotApi)
        if not name.startswith("_")
        and callable(getattr(LineBotApi, name))
        and name not in {"close", "validate_signature", "parse_events_from_json"}
    }
    assert {n for n in public if not n.startswith("iter_")} == names


def test_downloads_stream_to_a_file(line_platform, tmp_path) -> None:
    line_platform.contents["m9"] = ("video/mp4", b"x" * 200_000)
    api = LineBotApi(
        channel_access_token="t",
        api_endpoint=line_platform.url,
        api_data_endpoint=line_platform.url,
    )
    res = api.get_message_content("m9", to=tmp_path / "video.mp4")
    assert res.is_success and res.content is None
    assert res.path == str(tmp_path / "video.mp4")
    assert res.content_type == "video/mp4"
    assert (tmp_path / "video.mp4").read_bytes() == b"x" * 200_000
    res = api.get_message_content("m9")
    assert res.content == b"x" * 200_000


def test_upload_rich_menu_image_from_a_path(line_platform, line_api, tmp_path) -> None:
    menu = line_api.create_rich_menu(MENU).rich_menu_id
    path = tmp_path / "menu.jpg"
    path.write_bytes(b"\xff\xd8\xff jpeg")
    line_api.api_data_endpoint = line_platform.url
    assert line_api.upload_rich_menu_image(menu, "image/jpeg", str(path)).is_success
    assert line_platform.last_request.header("content-type") == "image/jpeg"
    assert line_platform.rich_menu_images[menu] == ("image/jpeg", b"\xff\xd8\xff jpeg")
    with pytest.raises(ValueError, match="content_type"):
        line_api.upload_rich_menu_image(menu, "image/gif", b"GIF89a")


def test_response_fields_are_snake_case_attributes(line_api) -> None:
    profile = line_api.get_profile("Uabcdef")
    assert profile.display_name == "User cdef"
    assert profile.user_id == "Uabcdef"
    assert profile.data["displayName"] == "User cdef"
    assert line_api.get_target_limit_for_additional_messages().value == 1000
    with pytest.raises(AttributeError):
        _ = profile.no_such_field


def test_one_pooled_session_per_client(line_platform, line_api) -> None:
    session = line_api.session
    for _ in range(5):
        line_api.get_bot_info()
    assert line_api.session is session
    adapter = session.get_adapter(line_platform.url)
    assert len(adapter.poolmanager.pools) == 1


def test_retry_key_must_be_a_uuid(line_platform, line_api) -> None:
    with pytest.raises(ValueError, match="retry_key must be a UUID"):
        line_api.push_message("U1", TEXT, retry_key="not-a-uuid")
    assert line_platform.requests == []
    key = uuid.uuid4()
    line_api.push_message("U1", TEXT, retry_key=str(key))
    assert line_platform.last_request.header("x-line-retry-key") == str(key)
