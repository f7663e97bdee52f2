"""Every operation of LINE's client OpenAPI documents, called under LINE's name by both clients.

The walk takes the operations from the documents themselves (110 in messaging-api,
channel-access-token, insight, manage-audience, liff, module, module-attach and shop), calls each
on ``LineBotApi`` and then on ``AsyncLineBotApi`` against the fake platform, which checks every
request against the spec: each must reach its operation, conform, and be answered with success.
"""

from __future__ import annotations

import asyncio
import inspect
import runpy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from django_linebot.sdk import LineBotApi
from django_linebot.sdk.aio import AsyncLineBotApi
from django_linebot.sdk.endpoints import BY_NAME, BY_OPERATION_ID, ENDPOINTS, snake_case
from django_linebot.sdk.operations import Operations
from django_linebot.testing.fake_line import FakeLinePlatform

ROOT = Path(__file__).resolve().parents[2]
TEXT = [{"type": "text", "text": "hello"}]
MENU = {
    "size": {"width": 2500, "height": 843},
    "selected": False,
    "name": "menu",
    "chatBarText": "Tap",
    "areas": [
        {
            "bounds": {"x": 0, "y": 0, "width": 2500, "height": 843},
            "action": {"type": "postback", "data": "a"},
        }
    ],
}
COUPON = {
    "title": "10% off",
    "startTimestamp": 1700000000,
    "endTimestamp": 1900000000,
    "maxUseCountPerTicket": 1,
    "visibility": "PUBLIC",
    "timezone": "ASIA_TOKYO",
    "acquisitionCondition": {"type": "normal"},
    "reward": {"type": "discount", "priceInfo": {"type": "percentage", "percentage": 10}},
}
LIFF_APP = {"view": {"type": "full", "url": "https://example.com/liff"}, "description": "app"}
SHARED = {"audienceGroupId": 77, "type": "UPLOAD", "description": "shared", "status": "READY"}


class Ctx:
    """Objects the calls need, made on the fake platform (with the sync client) when first asked for."""

    def __init__(self, fake: FakeLinePlatform, setup: LineBotApi) -> None:
        self.fake, self.api, self._cache = fake, setup, {}

    def _once(self, key: str, make: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    @property
    def menu(self) -> str:
        return self._once("menu", lambda: self.api.create_rich_menu(MENU).raise_for_status().rich_menu_id)

    @property
    def alias(self) -> str:
        return self._once(
            "alias", lambda: (self.api.create_rich_menu_alias("alias-a", self.menu), "alias-a")[1]
        )

    @property
    def audience(self) -> int:
        return self._once(
            "audience", lambda: self.api.create_audience_group("aud").raise_for_status().audience_group_id
        )

    @property
    def message(self) -> str:
        self.fake.contents["m1"] = ("image/jpeg", b"\xff\xd8jpeg")
        return "m1"

    @property
    def token(self) -> str:
        return self.api.issue_channel_token("1", "s").raise_for_status().access_token

    @property
    def coupon(self) -> str:
        return self._once("coupon", lambda: self.api.create_coupon(COUPON).raise_for_status().coupon_id)

    @property
    def liff(self) -> str:
        return self._once("liff", lambda: self.api.add_liff_app(LIFF_APP).raise_for_status().liff_id)

    @property
    def narrowcast(self) -> str:
        return self.api.narrowcast(TEXT).raise_for_status().request_id

    def member(self) -> str:
        self.fake.extra.setdefault("membership_users", {})[1] = ["U1", "U2"]
        return "U1"

    def shared(self) -> int:
        self.fake.extra["shared_audiences"] = [dict(SHARED)]
        return 77


# operationId -> the call under LINE's name. ``a`` is the client under test, ``c`` the Ctx.
CALLS: dict[str, Callable[[Any, Ctx], Any]] = {
    "getWebhookEndpoint": lambda a, c: a.get_webhook_endpoint(),
    "setWebhookEndpoint": lambda a, c: a.set_webhook_endpoint("https://example.com/hook"),
    "testWebhookEndpoint": lambda a, c: a.test_webhook_endpoint("https://example.com/hook"),
    "getMessageContent": lambda a, c: a.get_message_content(c.message),
    "getMessageContentPreview": lambda a, c: a.get_message_content_preview(c.message),
    "getMessageContentTranscodingByMessageId": lambda a, c: a.get_message_content_transcoding_by_message_id(
        c.message
    ),
    "replyMessage": lambda a, c: a.reply_message(f"reply-token-{type(a).__name__}", TEXT),  # each once
    "pushMessage": lambda a, c: a.push_message("U1", TEXT),
    "multicast": lambda a, c: a.multicast(["U1", "U2"], TEXT),
    "narrowcast": lambda a, c: a.narrowcast(TEXT),
    "getNarrowcastProgress": lambda a, c: a.get_narrowcast_progress(c.narrowcast),
    "broadcast": lambda a, c: a.broadcast(TEXT),
    "getMessageQuota": lambda a, c: a.get_message_quota(),
    "getMessageQuotaConsumption": lambda a, c: a.get_message_quota_consumption(),
    "getNumberOfSentReplyMessages": lambda a, c: a.get_number_of_sent_reply_messages("20260101"),
    "getNumberOfSentPushMessages": lambda a, c: a.get_number_of_sent_push_messages("20260101"),
    "getNumberOfSentMulticastMessages": lambda a, c: a.get_number_of_sent_multicast_messages("20260101"),
    "getNumberOfSentBroadcastMessages": lambda a, c: a.get_number_of_sent_broadcast_messages("20260101"),
    "validateReply": lambda a, c: a.validate_reply(TEXT),
    "validatePush": lambda a, c: a.validate_push(TEXT),
    "validateMulticast": lambda a, c: a.validate_multicast(TEXT),
    "validateNarrowcast": lambda a, c: a.validate_narrowcast(TEXT),
    "validateBroadcast": lambda a, c: a.validate_broadcast(TEXT),
    "getAggregationUnitUsage": lambda a, c: a.get_aggregation_unit_usage(),
    "getAggregationUnitNameList": lambda a, c: a.get_aggregation_unit_name_list(limit="10"),
    "getProfile": lambda a, c: a.get_profile("U1"),
    "getFollowers": lambda a, c: a.get_followers(limit=100),
    "getBotInfo": lambda a, c: a.get_bot_info(),
    "getGroupMemberProfile": lambda a, c: a.get_group_member_profile("C1", "U1"),
    "getRoomMemberProfile": lambda a, c: a.get_room_member_profile("R1", "U1"),
    "getGroupMembersIds": lambda a, c: a.get_group_members_ids("C1"),
    "getRoomMembersIds": lambda a, c: a.get_room_members_ids("R1"),
    "leaveGroup": lambda a, c: a.leave_group("C1"),
    "leaveRoom": lambda a, c: a.leave_room("R1"),
    "getGroupSummary": lambda a, c: a.get_group_summary("C1"),
    "getGroupMemberCount": lambda a, c: a.get_group_member_count("C1"),
    "getRoomMemberCount": lambda a, c: a.get_room_member_count("R1"),
    "createRichMenu": lambda a, c: a.create_rich_menu(MENU),
    "validateRichMenuObject": lambda a, c: a.validate_rich_menu_object(MENU),
    "getRichMenuImage": lambda a, c: (
        c.api.set_rich_menu_image(c.menu, "image/png", b"\x89PNG fake"),
        a.get_rich_menu_image(c.menu),
    )[1],
    "setRichMenuImage": lambda a, c: a.set_rich_menu_image(
        c.api.create_rich_menu(MENU).rich_menu_id, "image/jpeg", b"\xff\xd8\xff jpeg"
    ),
    "getRichMenu": lambda a, c: a.get_rich_menu(c.menu),
    "deleteRichMenu": lambda a, c: a.delete_rich_menu(c.api.create_rich_menu(MENU).rich_menu_id),
    "getRichMenuList": lambda a, c: a.get_rich_menu_list(),
    "setDefaultRichMenu": lambda a, c: a.set_default_rich_menu(c.menu),
    "getDefaultRichMenuId": lambda a, c: (c.api.set_default_rich_menu(c.menu), a.get_default_rich_menu_id())[
        1
    ],
    "cancelDefaultRichMenu": lambda a, c: a.cancel_default_rich_menu(),
    "createRichMenuAlias": lambda a, c: a.create_rich_menu_alias(f"alias-{id(a)}", c.menu),
    "getRichMenuAlias": lambda a, c: a.get_rich_menu_alias(c.alias),
    "updateRichMenuAlias": lambda a, c: a.update_rich_menu_alias(c.alias, c.menu),
    "deleteRichMenuAlias": lambda a, c: (
        c.api.create_rich_menu_alias(f"gone-{id(a)}", c.menu),
        a.delete_rich_menu_alias(f"gone-{id(a)}"),
    )[1],
    "getRichMenuAliasList": lambda a, c: a.get_rich_menu_alias_list(),
    "getRichMenuIdOfUser": lambda a, c: (
        c.api.link_rich_menu_id_to_user("U1", c.menu),
        a.get_rich_menu_id_of_user("U1"),
    )[1],
    "unlinkRichMenuIdFromUser": lambda a, c: (
        c.api.link_rich_menu_id_to_user("U1", c.menu),
        a.unlink_rich_menu_id_from_user("U1"),
    )[1],
    "linkRichMenuIdToUser": lambda a, c: a.link_rich_menu_id_to_user("U1", c.menu),
    "linkRichMenuIdToUsers": lambda a, c: a.link_rich_menu_id_to_users(["U1", "U2"], c.menu),
    "unlinkRichMenuIdFromUsers": lambda a, c: a.unlink_rich_menu_id_from_users(["U1", "U2"]),
    "richMenuBatch": lambda a, c: a.rich_menu_batch([{"type": "unlinkAll"}]),
    "validateRichMenuBatchRequest": lambda a, c: a.validate_rich_menu_batch_request([{"type": "unlinkAll"}]),
    "getRichMenuBatchProgress": lambda a, c: a.get_rich_menu_batch_progress(
        c.api.rich_menu_batch([{"type": "unlinkAll"}]).request_id
    ),
    "issueLinkToken": lambda a, c: a.issue_link_token("U1"),
    "markMessagesAsRead": lambda a, c: a.mark_messages_as_read("U1"),
    "pushMessagesByPhone": lambda a, c: a.push_messages_by_phone("a" * 64, TEXT, delivery_tag="x" * 16),
    "getPNPMessageStatistics": lambda a, c: a.get_pnp_message_statistics("20260101"),
    "getMembershipSubscription": lambda a, c: a.get_membership_subscription(c.member()),
    "getMembershipList": lambda a, c: a.get_membership_list(),
    "getJoinedMembershipUsers": lambda a, c: (c.member(), a.get_joined_membership_users(1, limit=10))[1],
    "listCoupon": lambda a, c: a.list_coupon(status=["RUNNING", "CLOSED"], limit=10),
    "createCoupon": lambda a, c: a.create_coupon(COUPON),
    "getCouponDetail": lambda a, c: a.get_coupon_detail(c.coupon),
    "closeCoupon": lambda a, c: a.close_coupon(c.api.create_coupon(COUPON).coupon_id),
    "showLoadingAnimation": lambda a, c: a.show_loading_animation("U1", 10),
    "markMessagesAsReadByToken": lambda a, c: a.mark_messages_as_read_by_token("mark-token"),
    "issueStatelessChannelToken": lambda a, c: a.issue_stateless_channel_token(
        client_id="1", client_secret="s"
    ),
    "getsAllValidChannelAccessTokenKeyIds": lambda a, c: a.gets_all_valid_channel_access_token_key_ids(
        "a.b.c"
    ),
    "issueChannelTokenByJWT": lambda a, c: a.issue_channel_token_by_jwt("a.b.c"),
    "verifyChannelTokenByJWT": lambda a, c: a.verify_channel_token_by_jwt(c.token),
    "revokeChannelTokenByJWT": lambda a, c: a.revoke_channel_token_by_jwt("1", "s", c.token),
    "issueChannelToken": lambda a, c: a.issue_channel_token("1", "s"),
    "verifyChannelToken": lambda a, c: a.verify_channel_token(c.token),
    "revokeChannelToken": lambda a, c: a.revoke_channel_token(c.token),
    "getFriendsDemographics": lambda a, c: a.get_friends_demographics(),
    "getNumberOfMessageDeliveries": lambda a, c: a.get_number_of_message_deliveries("20260101"),
    "getNumberOfFollowers": lambda a, c: a.get_number_of_followers("20260101"),
    "getMessageEvent": lambda a, c: a.get_message_event(c.narrowcast),
    "getStatisticsPerUnit": lambda a, c: a.get_statistics_per_unit("unit", "20260101", "20260131"),
    "getRichMenuInsightSummary": lambda a, c: a.get_rich_menu_insight_summary(c.menu, "20260101", "20260131"),
    "getRichMenuInsightDaily": lambda a, c: a.get_rich_menu_insight_daily(c.menu, "20260101", "20260131"),
    "createAudienceGroup": lambda a, c: a.create_audience_group("aud", [{"id": "U1"}]),
    "addAudienceToAudienceGroup": lambda a, c: a.add_audience_to_audience_group(c.audience, [{"id": "U2"}]),
    "createAudienceForUploadingUserIds": lambda a, c: a.create_audience_for_uploading_user_ids(
        b"U1\nU2\n", description="by file"
    ),
    "addUserIdsToAudience": lambda a, c: a.add_user_ids_to_audience(b"U3\n", audience_group_id=c.audience),
    "createClickBasedAudienceGroup": lambda a, c: a.create_click_based_audience_group("click", c.narrowcast),
    "createImpBasedAudienceGroup": lambda a, c: a.create_imp_based_audience_group("imp", c.narrowcast),
    "updateAudienceGroupDescription": lambda a, c: a.update_audience_group_description(c.audience, "renamed"),
    "deleteAudienceGroup": lambda a, c: a.delete_audience_group(
        c.api.create_audience_group("x").audience_group_id
    ),
    "getAudienceData": lambda a, c: a.get_audience_data(c.audience),
    "getAudienceGroups": lambda a, c: a.get_audience_groups(1, size=10),
    "getSharedAudienceData": lambda a, c: a.get_shared_audience_data(c.shared()),
    "getSharedAudienceGroups": lambda a, c: a.get_shared_audience_groups(1),
    "addLIFFApp": lambda a, c: a.add_liff_app(LIFF_APP),
    "getAllLIFFApps": lambda a, c: (c.liff, a.get_all_liff_apps())[1],
    "updateLIFFApp": lambda a, c: a.update_liff_app(c.liff, {"description": "renamed"}),
    "deleteLIFFApp": lambda a, c: a.delete_liff_app(c.api.add_liff_app(LIFF_APP).liff_id),
    "detachModule": lambda a, c: a.detach_module("Ubot"),
    "acquireChatControl": lambda a, c: a.acquire_chat_control("U1", expired=True, ttl=3600),
    "releaseChatControl": lambda a, c: a.release_chat_control("U1"),
    "getModules": lambda a, c: a.get_modules(limit=10),
    "attachModule": lambda a, c: a.attach_module(
        "auth-code", "https://example.com/cb", client_id="1", client_secret="s"
    ),
    "missionStickerV3": lambda a, c: a.mission_sticker_v3("U1", "1234"),
}


def _check(op_id: str, res: Any, fake: FakeLinePlatform, seen_from: int) -> list[str]:
    requests = fake.requests[seen_from:]
    mine = [r for r in requests if r.operation_id == op_id]
    problems = []
    if not mine:
        problems.append(f"{op_id}: no request reached it ({[(r.method, r.path) for r in requests]})")
    problems += [f"{op_id}: {r.spec_errors}" for r in requests if r.spec_errors]
    if not res.is_success:
        problems.append(f"{op_id}: HTTP {res.http_status} {res.data}")
    return problems


@pytest.fixture
def spec(line_platform):
    if line_platform.validator is None:
        pytest.skip("LINE's OpenAPI documents are not beside the project (../shared/line-openapi)")
    return line_platform.validator


def _clients(fake: FakeLinePlatform) -> dict[str, Any]:
    kwargs = {
        "channel_access_token": "fake-channel-access-token",
        "api_endpoint": fake.url,
        "api_data_endpoint": fake.url,
        "manager_endpoint": fake.url,
        "timeout": 5,
    }
    return {"sync": LineBotApi(**kwargs), "async": AsyncLineBotApi(**kwargs)}


def test_the_table_is_the_spec(spec) -> None:
    """The endpoint table holds each operation of the documents once, with its verb, path and host."""
    assert len(spec.operations) == 110
    assert {op.operation_id for op in spec.operations} == set(BY_OPERATION_ID)
    for op in spec.operations:
        ep = BY_OPERATION_ID[op.operation_id]
        assert (ep.method, ep.path) == (op.method, op.template), op.operation_id
        assert (ep.host == "data") == op.data_host, op.operation_id
        assert ep.name == snake_case(op.operation_id)


def test_every_operation_under_its_line_name_in_both_clients(spec, line_platform) -> None:
    """110 of 110: each operation, called by its LINE name, reaches the fake, conforms and succeeds."""
    assert set(CALLS) == {op.operation_id for op in spec.operations}
    clients = _clients(line_platform)
    setup = clients["sync"]
    problems: list[str] = []
    ctx = Ctx(line_platform, setup)
    done = 0
    for op in spec.operations:
        start = len(line_platform.requests)
        res = CALLS[op.operation_id](setup, ctx)
        problems += [f"sync {p}" for p in _check(op.operation_id, res, line_platform, start)]
        done += 1

    async def walk() -> int:
        count = 0
        async with clients["async"] as api:
            actx = Ctx(line_platform, setup)
            for op in spec.operations:
                start = len(line_platform.requests)
                res = await CALLS[op.operation_id](api, actx)
                problems.extend(f"async {p}" for p in _check(op.operation_id, res, line_platform, start))
                count += 1
        return count

    adone = asyncio.run(walk())
    setup.close()
    assert not problems, "\n".join(problems)
    assert (done, adone) == (110, 110)


def test_each_operation_has_one_method_under_every_name() -> None:
    """LINE's name and the Perl names are the same function; every method has a docstring and a link."""
    for ep in ENDPOINTS:
        funcs = {getattr(Operations, name) for name in ep.names}
        assert len(funcs) == 1, ep.names
        doc = inspect.getdoc(funcs.pop()) or ""
        assert doc and ep.url in doc, f"{ep.name}: docstring without the reference link"
    public = [n for n in dir(LineBotApi) if not n.startswith("_") and callable(getattr(LineBotApi, n))]
    assert all(inspect.getdoc(getattr(LineBotApi, n)) for n in public), [
        n for n in public if not inspect.getdoc(getattr(LineBotApi, n))
    ]
    names = {n for ep in ENDPOINTS for n in ep.names}
    assert "create_audience_for_click_based_retartgeting" in names
    assert len(BY_NAME) == 112


def test_async_client_has_every_method_of_the_sync_one() -> None:
    sync = {n for n in dir(LineBotApi) if not n.startswith("_") and callable(getattr(LineBotApi, n))}
    missing = sync - {n for n in dir(AsyncLineBotApi) if callable(getattr(AsyncLineBotApi, n))}
    assert missing == {"close"}, missing  # the async client closes with ``await api.aclose()``


def test_generated_files_are_current() -> None:
    """aio.pyi and docs/sdk-operations.md match the table and the methods (scripts/gen_sdk_files.py)."""
    gen = runpy.run_path(str(ROOT / "scripts" / "gen_sdk_files.py"), run_name="gen")
    assert (ROOT / "django_linebot/sdk/aio.pyi").read_text() == gen["aio_stub"]()
    assert (ROOT / "docs/sdk-operations.md").read_text() == gen["operations_table"]()
