"""Typed responses: one class per response schema, declared fields None when absent, typos caught."""

from __future__ import annotations

import asyncio
import copy
import importlib.util
import pickle
import re
import sys
import textwrap
from pathlib import Path

import pytest

from django_linebot.sdk import LineBotResponse
from django_linebot.sdk import responses as r
from django_linebot.sdk.content import ContentResponse
from django_linebot.sdk.endpoints import ENDPOINTS
from django_linebot.sdk.operations import Operations

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    spec = importlib.util.spec_from_file_location(
        "gen_sdk_responses", ROOT / "scripts" / "gen_sdk_responses.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_sdk_responses"] = module
    spec.loader.exec_module(module)
    return module


def test_generated_module_is_what_the_spec_makes(line_spec_dir) -> None:
    if line_spec_dir is None:
        pytest.skip("LINE's OpenAPI documents are not here ($LINEBOT_OPENAPI_DIR or ../shared/line-openapi)")
    expected = _generator().generate(line_spec_dir)
    assert (ROOT / "django_linebot" / "sdk" / "responses.py").read_text(encoding="utf-8") == expected, (
        "run python scripts/gen_sdk_responses.py"
    )


def test_every_operation_with_a_response_schema_has_its_class(line_spec_dir) -> None:
    if line_spec_dir is None:
        pytest.skip("LINE's OpenAPI documents are not here ($LINEBOT_OPENAPI_DIR or ../shared/line-openapi)")
    generator = _generator().Generator(line_spec_dir)
    schemas = {schema for _, schema in generator.operations}
    assert schemas == set(r.BY_SCHEMA)
    for endpoint in ENDPOINTS:
        if endpoint.operation_id and endpoint.response not in (None, "binary"):
            cls = r.BY_SCHEMA[endpoint.response]
            assert r.BY_OPERATION[endpoint.operation_id] is cls
            assert Operations._response_class(None, endpoint.response) is cls  # type: ignore[arg-type]


def test_every_operation_declares_the_class_it_returns() -> None:
    import inspect

    for endpoint in ENDPOINTS:
        returns = inspect.unwrap(getattr(Operations, endpoint.name)).__annotations__["return"]
        if endpoint.response == "binary":
            assert returns == "ContentResponse", endpoint.name
        elif endpoint.response in r.BY_SCHEMA:
            assert returns == endpoint.response, endpoint.name
        else:
            assert returns == "LineBotResponse", endpoint.name


def test_profile_fields_typed_and_absent_ones_none(line_api, line_platform) -> None:
    line_platform.profiles["U1"] = {"displayName": "Brown", "userId": "U1"}
    profile = line_api.get_profile("U1")
    assert type(profile) is r.UserProfileResponse
    assert profile.display_name == "Brown" and profile.user_id == "U1"
    assert profile.status_message is None and profile.picture_url is None and profile.language is None
    # the Perl-style accessors stay
    assert profile.is_success and profile.http_status == 200 and profile.message is None
    assert profile.details == [] and profile.request_id


def test_a_name_the_schema_does_not_declare_raises_naming_it(line_api) -> None:
    profile = line_api.get_profile("U1")
    with pytest.raises(AttributeError, match=r"UserProfileResponse has no field 'dispaly_name'"):
        profile.dispaly_name  # type: ignore[attr-defined]  # noqa: B018


def test_followers_next_is_none_on_the_last_page(line_api, line_platform) -> None:
    line_platform.followers = [f"U{i:032x}" for i in range(3)]
    first = line_api.get_followers(limit=2)
    assert type(first) is r.GetFollowersResponse
    assert first.next == "2" and len(first.user_ids) == 2
    last = line_api.get_followers(limit=2, start=first.next)
    assert last.next is None and last.user_ids == [f"U{2:032x}"]


def test_bot_info_premium_id_is_none_when_unset(line_api) -> None:
    info = line_api.get_bot_info()
    assert type(info) is r.BotInfoResponse
    assert info.premium_id is None and info.basic_id == "@fakebot" and info.chat_mode == "bot"


def test_error_description_is_none_when_line_sends_none(line_api, line_platform) -> None:
    line_platform.add_fault(path="/v2/oauth/accessToken", status=400, body={"error": "invalid_client"})
    res = line_api.issue_channel_token("1234", "secret")
    assert not res.is_success
    assert res.error == "invalid_client" and res.error_description is None
    assert res.message == "invalid_client"
    # on a refusal the schema's fields read None too
    assert type(res) is r.IssueShortLivedChannelAccessTokenResponse and res.access_token is None


def test_error_description_when_line_sends_it(line_api) -> None:
    res = line_api.verify_channel_token("not-issued")
    assert not res.is_success and res.error_description and res.error == "invalid_request"


def test_a_field_line_adds_beyond_the_spec_stays_readable(line_api, line_platform) -> None:
    line_platform.profiles["U2"] = {"displayName": "B", "userId": "U2", "newThing": 3}
    assert line_api.get_profile("U2").new_thing == 3


def test_nested_objects_are_plain_dicts_in_camel_case(line_api) -> None:
    menu = {
        "size": {"width": 2500, "height": 843},
        "selected": False,
        "name": "m",
        "chatBarText": "Menu",
        "areas": [
            {
                "bounds": {"x": 0, "y": 0, "width": 2500, "height": 843},
                "action": {"type": "message", "text": "hi"},
            }
        ],
    }
    created = line_api.create_rich_menu(menu)
    assert type(created) is r.RichMenuIdResponse
    listing = line_api.get_rich_menu_list()
    assert type(listing) is r.RichMenuListResponse
    [item] = listing.richmenus
    assert item["richMenuId"] == created.rich_menu_id and item["chatBarText"] == "Menu"


def test_key_ids_is_the_perl_name_of_kids() -> None:
    res = r.ChannelAccessTokenKeyIdsResponse(200, {}, {"kids": ["k1", "k2"]})
    assert res.kids == ["k1", "k2"] and res.key_ids == ["k1", "k2"]


def test_downloads_and_bodiless_answers() -> None:
    assert issubclass(ContentResponse, LineBotResponse)
    res = LineBotResponse(200, {}, {})
    with pytest.raises(AttributeError, match="no field 'anything'"):
        res.anything  # type: ignore[attr-defined]  # noqa: B018


def test_responses_copy_and_pickle() -> None:
    res = r.UserProfileResponse(200, {"x-line-request-id": "rid"}, {"displayName": "B", "userId": "U"})
    for clone in (copy.copy(res), pickle.loads(pickle.dumps(res))):
        assert type(clone) is r.UserProfileResponse
        assert clone.display_name == "B" and clone.status_message is None and clone.request_id == "rid"


def test_async_client_builds_the_same_classes(line_platform) -> None:
    pytest.importorskip("httpx")
    from django_linebot.sdk.aio import AsyncLineBotApi

    async def run() -> tuple[object, object]:
        async with AsyncLineBotApi(
            channel_access_token="t", api_endpoint=line_platform.url, api_data_endpoint=line_platform.url
        ) as api:
            return await api.get_profile("U1"), await api.get_bot_info()

    profile, info = asyncio.run(run())
    assert type(profile) is r.UserProfileResponse and profile.display_name
    assert type(info) is r.BotInfoResponse and info.premium_id is None


MYPY_SNIPPET = """
from django_linebot.sdk import LineBotApi

api = LineBotApi(channel_access_token="t")
profile = api.get_profile("U1")
reveal_type(profile.display_name)
reveal_type(profile.status_message)
profile.dispaly_name
"""


def test_a_type_checker_sees_the_fields_and_flags_a_typo(tmp_path) -> None:
    api = pytest.importorskip("mypy.api")
    source = tmp_path / "snippet.py"
    source.write_text(textwrap.dedent(MYPY_SNIPPET))
    out, err, status = api.run(
        [str(source), "--no-incremental", "--cache-dir", str(tmp_path / "cache"), "--follow-imports=silent"]
    )
    assert status == 1, out + err
    assert re.search(r'Revealed type is "(builtins\.)?str"', out), out
    assert re.search(r'Revealed type is "(builtins\.)?str \| None"', out), out
    assert '"UserProfileResponse" has no attribute "dispaly_name"' in out
