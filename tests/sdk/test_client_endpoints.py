"""Every public client method sends the request LINE documents: verb, path, headers, body."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from django_linebot.sdk import LineBotApi

TEXT = [{"type": "text", "text": "hello"}]
KEY = "123e4567-e89b-12d3-a456-426614174000"
MENU = {
    "size": {"width": 2500, "height": 843},
    "selected": False,
    "name": "menu",
    "chatBarText": "Tap",
    "areas": [
        {
            "bounds": {"x": 0, "y": 0, "width": 2500, "height": 843},
            "action": {"type": "postback", "data": "a=1"},
        }
    ],
}


@dataclass
class Case:
    name: str
    call: Callable[[LineBotApi, dict[str, Any]], Any]
    method: str
    path: str
    operation_id: str | None
    json: Any = None
    form: dict[str, str] | None = None
    query: dict[str, str] = field(default_factory=dict)
    auth: bool = True
    retry_key: str | None = None
    status: int = 200


def _menu(api: LineBotApi, ctx: dict[str, Any]) -> str:
    if "menu" not in ctx:
        ctx["menu"] = api.create_rich_menu(MENU).raise_for_status().rich_menu_id
    return ctx["menu"]


def _alias(api: LineBotApi, ctx: dict[str, Any]) -> str:
    if "alias" not in ctx:
        api.create_rich_menu_alias("alias-a", _menu(api, ctx)).raise_for_status()
        ctx["alias"] = "alias-a"
    return ctx["alias"]


def _audience(api: LineBotApi, ctx: dict[str, Any]) -> int:
    if "audience" not in ctx:
        ctx["audience"] = api.create_audience_for_uploading("aud").raise_for_status().audience_group_id
    return ctx["audience"]


def _content(api: LineBotApi, ctx: dict[str, Any]) -> str:
    ctx["fake"].contents["m1"] = ("image/jpeg", b"\xff\xd8jpeg-bytes")
    return "m1"


def _token(api: LineBotApi, ctx: dict[str, Any]) -> str:
    return api.issue_channel_access_token(client_id="1", client_secret="s").raise_for_status().access_token


def _narrowcast_id(api: LineBotApi, ctx: dict[str, Any]) -> str:
    return api.narrowcast(TEXT).raise_for_status().request_id


CASES = [
    Case(
        "reply_message",
        lambda a, c: a.reply_message("rt", TEXT),
        "POST",
        "/v2/bot/message/reply",
        "replyMessage",
        {"replyToken": "rt", "messages": TEXT},
    ),
    Case(
        "push_message",
        lambda a, c: a.push_message("U1", TEXT, retry_key=KEY),
        "POST",
        "/v2/bot/message/push",
        "pushMessage",
        {"to": "U1", "messages": TEXT},
        retry_key=KEY,
    ),
    Case(
        "multicast",
        lambda a, c: a.multicast(["U1", "U2"], TEXT, retry_key=KEY),
        "POST",
        "/v2/bot/message/multicast",
        "multicast",
        {"to": ["U1", "U2"], "messages": TEXT},
        retry_key=KEY,
    ),
    Case(
        "broadcast",
        lambda a, c: a.broadcast(TEXT, retry_key=KEY, notification_disabled=True),
        "POST",
        "/v2/bot/message/broadcast",
        "broadcast",
        {"messages": TEXT, "notificationDisabled": True},
        retry_key=KEY,
    ),
    Case(
        "narrowcast",
        lambda a, c: a.narrowcast(
            TEXT,
            recipient={"type": "audience", "audienceGroupId": 5},
            filter={"demographic": {"type": "gender", "oneOf": ["male"]}},
            limit={"max": 100},
            retry_key=KEY,
        ),
        "POST",
        "/v2/bot/message/narrowcast",
        "narrowcast",
        {
            "messages": TEXT,
            "recipient": {"type": "audience", "audienceGroupId": 5},
            "filter": {"demographic": {"type": "gender", "oneOf": ["male"]}},
            "limit": {"max": 100},
        },
        retry_key=KEY,
        status=202,
    ),
    Case(
        "get_narrowcast_message_status",
        lambda a, c: a.get_narrowcast_message_status(_narrowcast_id(a, c)),
        "GET",
        "/v2/bot/message/progress/narrowcast",
        "getNarrowcastProgress",
    ),
    Case(
        "validate_reply_message_objects",
        lambda a, c: a.validate_reply_message_objects(TEXT),
        "POST",
        "/v2/bot/message/validate/reply",
        "validateReply",
        {"messages": TEXT},
    ),
    Case(
        "validate_push_message_objects",
        lambda a, c: a.validate_push_message_objects(TEXT),
        "POST",
        "/v2/bot/message/validate/push",
        "validatePush",
        {"messages": TEXT},
    ),
    Case(
        "validate_multicast_message_objects",
        lambda a, c: a.validate_multicast_message_objects(TEXT),
        "POST",
        "/v2/bot/message/validate/multicast",
        "validateMulticast",
        {"messages": TEXT},
    ),
    Case(
        "validate_narrowcast_message_objects",
        lambda a, c: a.validate_narrowcast_message_objects(TEXT),
        "POST",
        "/v2/bot/message/validate/narrowcast",
        "validateNarrowcast",
        {"messages": TEXT},
    ),
    Case(
        "validate_broadcast_message_objects",
        lambda a, c: a.validate_broadcast_message_objects(TEXT),
        "POST",
        "/v2/bot/message/validate/broadcast",
        "validateBroadcast",
        {"messages": TEXT},
    ),
    Case(
        "get_message_content",
        lambda a, c: a.get_message_content(_content(a, c)),
        "GET",
        "/v2/bot/message/m1/content",
        "getMessageContent",
    ),
    Case(
        "get_message_content_preview",
        lambda a, c: a.get_message_content_preview(_content(a, c)),
        "GET",
        "/v2/bot/message/m1/content/preview",
        "getMessageContentPreview",
    ),
    Case(
        "get_message_content_transcoding_by_message_id",
        lambda a, c: a.get_message_content_transcoding_by_message_id("m1"),
        "GET",
        "/v2/bot/message/m1/content/transcoding",
        "getMessageContentTranscodingByMessageId",
    ),
    Case(
        "show_loading_animation",
        lambda a, c: a.show_loading_animation("U1", loading_seconds=5),
        "POST",
        "/v2/bot/chat/loading/start",
        "showLoadingAnimation",
        {"chatId": "U1", "loadingSeconds": 5},
        status=202,
    ),
    Case(
        "mark_messages_as_read",
        lambda a, c: a.mark_messages_as_read("U1"),
        "POST",
        "/v2/bot/message/markAsRead",
        "markMessagesAsRead",
        {"chat": {"userId": "U1"}},
    ),
    Case(
        "mark_messages_as_read_by_token",
        lambda a, c: a.mark_messages_as_read_by_token("tok"),
        "POST",
        "/v2/bot/chat/markAsRead",
        "markMessagesAsReadByToken",
        {"markAsReadToken": "tok"},
    ),
    Case(
        "get_target_limit_for_additional_messages",
        lambda a, c: a.get_target_limit_for_additional_messages(),
        "GET",
        "/v2/bot/message/quota",
        "getMessageQuota",
    ),
    Case(
        "get_number_of_messages_sent_this_month",
        lambda a, c: a.get_number_of_messages_sent_this_month(),
        "GET",
        "/v2/bot/message/quota/consumption",
        "getMessageQuotaConsumption",
    ),
    Case(
        "get_number_of_sent_reply_messages",
        lambda a, c: a.get_number_of_sent_reply_messages("20191231"),
        "GET",
        "/v2/bot/message/delivery/reply",
        "getNumberOfSentReplyMessages",
        query={"date": "20191231"},
    ),
    Case(
        "get_number_of_sent_push_messages",
        lambda a, c: a.get_number_of_sent_push_messages("20191231"),
        "GET",
        "/v2/bot/message/delivery/push",
        "getNumberOfSentPushMessages",
        query={"date": "20191231"},
    ),
    Case(
        "get_number_of_sent_multicast_messages",
        lambda a, c: a.get_number_of_sent_multicast_messages("20191231"),
        "GET",
        "/v2/bot/message/delivery/multicast",
        "getNumberOfSentMulticastMessages",
        query={"date": "20191231"},
    ),
    Case(
        "get_number_of_send_broadcast_messages",
        lambda a, c: a.get_number_of_send_broadcast_messages("20191231"),
        "GET",
        "/v2/bot/message/delivery/broadcast",
        "getNumberOfSentBroadcastMessages",
        query={"date": "20191231"},
    ),
    Case(
        "get_number_of_message_deliveries",
        lambda a, c: a.get_number_of_message_deliveries(date="20191231"),
        "GET",
        "/v2/bot/insight/message/delivery",
        "getNumberOfMessageDeliveries",
        query={"date": "20191231"},
    ),
    Case(
        "get_number_of_followers",
        lambda a, c: a.get_number_of_followers(date="20191231"),
        "GET",
        "/v2/bot/insight/followers",
        "getNumberOfFollowers",
        query={"date": "20191231"},
    ),
    Case(
        "get_friend_demographics",
        lambda a, c: a.get_friend_demographics(),
        "GET",
        "/v2/bot/insight/demographic",
        "getFriendsDemographics",
    ),
    Case(
        "get_user_interaction_statistics",
        lambda a, c: a.get_user_interaction_statistics(request_id="r1"),
        "GET",
        "/v2/bot/insight/message/event",
        "getMessageEvent",
        query={"requestId": "r1"},
    ),
    Case("get_profile", lambda a, c: a.get_profile("U1"), "GET", "/v2/bot/profile/U1", "getProfile"),
    Case(
        "get_followers",
        lambda a, c: a.get_followers(limit=100, start="0"),
        "GET",
        "/v2/bot/followers/ids",
        "getFollowers",
        query={"limit": "100", "start": "0"},
    ),
    Case("get_bot_info", lambda a, c: a.get_bot_info(), "GET", "/v2/bot/info", "getBotInfo"),
    Case(
        "get_group_summary",
        lambda a, c: a.get_group_summary("C1"),
        "GET",
        "/v2/bot/group/C1/summary",
        "getGroupSummary",
    ),
    Case(
        "get_group_member_profile",
        lambda a, c: a.get_group_member_profile("C1", "U1"),
        "GET",
        "/v2/bot/group/C1/member/U1",
        "getGroupMemberProfile",
    ),
    Case(
        "get_room_member_profile",
        lambda a, c: a.get_room_member_profile("R1", "U1"),
        "GET",
        "/v2/bot/room/R1/member/U1",
        "getRoomMemberProfile",
    ),
    Case(
        "get_member_in_group_count",
        lambda a, c: a.get_member_in_group_count("C1"),
        "GET",
        "/v2/bot/group/C1/members/count",
        "getGroupMemberCount",
    ),
    Case(
        "get_member_in_room_count",
        lambda a, c: a.get_member_in_room_count("R1"),
        "GET",
        "/v2/bot/room/R1/members/count",
        "getRoomMemberCount",
    ),
    Case(
        "get_group_members_ids",
        lambda a, c: a.get_group_members_ids("C1", start="x"),
        "GET",
        "/v2/bot/group/C1/members/ids",
        "getGroupMembersIds",
        query={"start": "x"},
    ),
    Case(
        "get_room_members_ids",
        lambda a, c: a.get_room_members_ids("R1"),
        "GET",
        "/v2/bot/room/R1/members/ids",
        "getRoomMembersIds",
    ),
    Case(
        "leave_group",
        lambda a, c: a.leave_group("C1"),
        "POST",
        "/v2/bot/group/C1/leave",
        "leaveGroup",
    ),
    Case("leave_room", lambda a, c: a.leave_room("R1"), "POST", "/v2/bot/room/R1/leave", "leaveRoom"),
    Case(
        "issue_link_token",
        lambda a, c: a.issue_link_token("U1"),
        "POST",
        "/v2/bot/user/U1/linkToken",
        "issueLinkToken",
    ),
    Case(
        "set_webhook_url",
        lambda a, c: a.set_webhook_url(endpoint="https://example.com/hook"),
        "PUT",
        "/v2/bot/channel/webhook/endpoint",
        "setWebhookEndpoint",
        {"endpoint": "https://example.com/hook"},
    ),
    Case(
        "get_webhook_endpoint_information",
        lambda a, c: a.get_webhook_endpoint_information(),
        "GET",
        "/v2/bot/channel/webhook/endpoint",
        "getWebhookEndpoint",
    ),
    Case(
        "test_webhook_endpoint",
        lambda a, c: a.test_webhook_endpoint(endpoint="https://example.com/hook"),
        "POST",
        "/v2/bot/channel/webhook/test",
        "testWebhookEndpoint",
        {"endpoint": "https://example.com/hook"},
    ),
    Case(
        "create_rich_menu",
        lambda a, c: a.create_rich_menu(MENU),
        "POST",
        "/v2/bot/richmenu",
        "createRichMenu",
        MENU,
    ),
    Case(
        "validate_rich_menu_object",
        lambda a, c: a.validate_rich_menu_object(MENU),
        "POST",
        "/v2/bot/richmenu/validate",
        "validateRichMenuObject",
        MENU,
    ),
    Case(
        "get_rich_menu",
        lambda a, c: a.get_rich_menu(_menu(a, c)),
        "GET",
        "/v2/bot/richmenu/{menu}",
        "getRichMenu",
    ),
    Case(
        "get_rich_menu_list",
        lambda a, c: a.get_rich_menu_list(),
        "GET",
        "/v2/bot/richmenu/list",
        "getRichMenuList",
    ),
    Case(
        "upload_rich_menu_image",
        lambda a, c: a.upload_rich_menu_image(_menu(a, c), "image/png", b"\x89PNG fake"),
        "POST",
        "/v2/bot/richmenu/{menu}/content",
        "setRichMenuImage",
    ),
    Case(
        "download_rich_menu_image",
        lambda a, c: (
            a.upload_rich_menu_image(_menu(a, c), "image/png", b"png"),
            a.download_rich_menu_image(_menu(a, c)),
        )[1],
        "GET",
        "/v2/bot/richmenu/{menu}/content",
        "getRichMenuImage",
    ),
    Case(
        "set_default_rich_menu",
        lambda a, c: a.set_default_rich_menu(_menu(a, c)),
        "POST",
        "/v2/bot/user/all/richmenu/{menu}",
        "setDefaultRichMenu",
    ),
    Case(
        "get_default_rich_menu_id",
        lambda a, c: (a.set_default_rich_menu(_menu(a, c)), a.get_default_rich_menu_id())[1],
        "GET",
        "/v2/bot/user/all/richmenu",
        "getDefaultRichMenuId",
    ),
    Case(
        "cancel_default_rich_menu",
        lambda a, c: a.cancel_default_rich_menu(),
        "DELETE",
        "/v2/bot/user/all/richmenu",
        "cancelDefaultRichMenu",
    ),
    Case(
        "link_rich_menu_to_user",
        lambda a, c: a.link_rich_menu_to_user("U1", _menu(a, c)),
        "POST",
        "/v2/bot/user/U1/richmenu/{menu}",
        "linkRichMenuIdToUser",
    ),
    Case(
        "link_rich_menu_to_multiple_users",
        lambda a, c: a.link_rich_menu_to_multiple_users(["U1", "U2"], _menu(a, c)),
        "POST",
        "/v2/bot/richmenu/bulk/link",
        "linkRichMenuIdToUsers",
        {"richMenuId": "{menu}", "userIds": ["U1", "U2"]},
        status=202,
    ),
    Case(
        "get_rich_menu_id_of_user",
        lambda a, c: (
            a.link_rich_menu_to_user("U1", _menu(a, c)),
            a.get_rich_menu_id_of_user("U1"),
        )[1],
        "GET",
        "/v2/bot/user/U1/richmenu",
        "getRichMenuIdOfUser",
    ),
    Case(
        "unlink_rich_menu_from_user",
        lambda a, c: a.unlink_rich_menu_from_user("U1"),
        "DELETE",
        "/v2/bot/user/U1/richmenu",
        "unlinkRichMenuIdFromUser",
    ),
    Case(
        "unlink_rich_menu_from_multiple_users",
        lambda a, c: a.unlink_rich_menu_from_multiple_users(["U1"]),
        "POST",
        "/v2/bot/richmenu/bulk/unlink",
        "unlinkRichMenuIdFromUsers",
        {"userIds": ["U1"]},
        status=202,
    ),
    Case(
        "delete_rich_menu",
        lambda a, c: a.delete_rich_menu(_menu(a, c)),
        "DELETE",
        "/v2/bot/richmenu/{menu}",
        "deleteRichMenu",
    ),
    Case(
        "create_rich_menu_alias",
        lambda a, c: a.create_rich_menu_alias("alias-b", _menu(a, c)),
        "POST",
        "/v2/bot/richmenu/alias",
        "createRichMenuAlias",
        {"richMenuAliasId": "alias-b", "richMenuId": "{menu}"},
    ),
    Case(
        "get_rich_menu_alias",
        lambda a, c: a.get_rich_menu_alias(_alias(a, c)),
        "GET",
        "/v2/bot/richmenu/alias/alias-a",
        "getRichMenuAlias",
    ),
    Case(
        "update_rich_menu_alias",
        lambda a, c: a.update_rich_menu_alias(_alias(a, c), _menu(a, c)),
        "POST",
        "/v2/bot/richmenu/alias/alias-a",
        "updateRichMenuAlias",
        {"richMenuId": "{menu}"},
    ),
    Case(
        "delete_rich_menu_alias",
        lambda a, c: a.delete_rich_menu_alias(_alias(a, c)),
        "DELETE",
        "/v2/bot/richmenu/alias/alias-a",
        "deleteRichMenuAlias",
    ),
    Case(
        "get_rich_menu_alias_list",
        lambda a, c: a.get_rich_menu_alias_list(),
        "GET",
        "/v2/bot/richmenu/alias/list",
        "getRichMenuAliasList",
    ),
    Case(
        "rich_menu_batch",
        lambda a, c: a.rich_menu_batch([{"type": "unlinkAll"}], resume_request_key="k1"),
        "POST",
        "/v2/bot/richmenu/batch",
        "richMenuBatch",
        {"operations": [{"type": "unlinkAll"}], "resumeRequestKey": "k1"},
        status=202,
    ),
    Case(
        "validate_rich_menu_batch_request",
        lambda a, c: a.validate_rich_menu_batch_request([{"type": "unlinkAll"}]),
        "POST",
        "/v2/bot/richmenu/validate/batch",
        "validateRichMenuBatchRequest",
        {"operations": [{"type": "unlinkAll"}]},
    ),
    Case(
        "get_rich_menu_batch_progress",
        lambda a, c: a.get_rich_menu_batch_progress("r1"),
        "GET",
        "/v2/bot/richmenu/progress/batch",
        "getRichMenuBatchProgress",
        query={"requestId": "r1"},
    ),
    Case(
        "issue_channel_access_token",
        lambda a, c: a.issue_channel_access_token(client_id="1", client_secret="s"),
        "POST",
        "/v2/oauth/accessToken",
        "issueChannelToken",
        form={"grant_type": "client_credentials", "client_id": "1", "client_secret": "s"},
        auth=False,
    ),
    Case(
        "verify_channel_token",
        lambda a, c: a.verify_channel_token(_token(a, c)),
        "POST",
        "/v2/oauth/verify",
        "verifyChannelToken",
        auth=False,
    ),
    Case(
        "revoke_channel_access_token",
        lambda a, c: a.revoke_channel_access_token(access_token="tok"),
        "POST",
        "/v2/oauth/revoke",
        "revokeChannelToken",
        form={"access_token": "tok"},
        auth=False,
    ),
    Case(
        "issue_channel_access_token_v2_1",
        lambda a, c: a.issue_channel_access_token_v2_1(jwt="j.w.t"),
        "POST",
        "/oauth2/v2.1/token",
        "issueChannelTokenByJWT",
        form={
            "grant_type": "client_credentials",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": "j.w.t",
        },
        auth=False,
    ),
    Case(
        "get_valid_channel_access_token_v2_1",
        lambda a, c: a.get_valid_channel_access_token_v2_1(jwt="j.w.t"),
        "GET",
        "/oauth2/v2.1/tokens/kid",
        "getsAllValidChannelAccessTokenKeyIds",
        query={
            "client_assertion": "j.w.t",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        },
        auth=False,
    ),
    Case(
        "verify_channel_token_by_jwt",
        lambda a, c: a.verify_channel_token_by_jwt(_token(a, c)),
        "GET",
        "/oauth2/v2.1/verify",
        "verifyChannelTokenByJWT",
        auth=False,
    ),
    Case(
        "revoke_channel_token_by_jwt",
        lambda a, c: a.revoke_channel_token_by_jwt("1", "s", "tok"),
        "POST",
        "/oauth2/v2.1/revoke",
        "revokeChannelTokenByJWT",
        form={"client_id": "1", "client_secret": "s", "access_token": "tok"},
        auth=False,
    ),
    Case(
        "issue_stateless_channel_token",
        lambda a, c: a.issue_stateless_channel_token(client_id="1", client_secret="s"),
        "POST",
        "/oauth2/v3/token",
        "issueStatelessChannelToken",
        form={"grant_type": "client_credentials", "client_id": "1", "client_secret": "s"},
        auth=False,
    ),
    Case(
        "create_audience_for_uploading",
        lambda a, c: a.create_audience_for_uploading(
            "aud", audiences=[{"id": "U1"}], upload_description="up"
        ),
        "POST",
        "/v2/bot/audienceGroup/upload",
        "createAudienceGroup",
        {"description": "aud", "uploadDescription": "up", "audiences": [{"id": "U1"}]},
        status=202,
    ),
    Case(
        "create_audience_for_click_based_retargeting",
        lambda a, c: a.create_audience_for_click_based_retargeting(
            "aud", request_id="r1", click_url="https://example.com/"
        ),
        "POST",
        "/v2/bot/audienceGroup/click",
        "createClickBasedAudienceGroup",
        {"description": "aud", "requestId": "r1", "clickUrl": "https://example.com/"},
        status=202,
    ),
    Case(
        "create_audience_for_impression_based_retargeting",
        lambda a, c: a.create_audience_for_impression_based_retargeting("aud", request_id="r1"),
        "POST",
        "/v2/bot/audienceGroup/imp",
        "createImpBasedAudienceGroup",
        {"description": "aud", "requestId": "r1"},
        status=202,
    ),
    Case(
        "rename_audience",
        lambda a, c: a.rename_audience(_audience(a, c), "new name"),
        "PUT",
        "/v2/bot/audienceGroup/{audience}/updateDescription",
        "updateAudienceGroupDescription",
        {"description": "new name"},
    ),
    Case(
        "get_audience_data",
        lambda a, c: a.get_audience_data(_audience(a, c)),
        "GET",
        "/v2/bot/audienceGroup/{audience}",
        "getAudienceData",
    ),
    Case(
        "get_data_for_multiple_audience",
        lambda a, c: a.get_data_for_multiple_audience(page=1, size=20, includes_external_public_groups=True),
        "GET",
        "/v2/bot/audienceGroup/list",
        "getAudienceGroups",
        query={"page": "1", "size": "20", "includesExternalPublicGroups": "true"},
    ),
    Case(
        "delete_audience",
        lambda a, c: a.delete_audience(_audience(a, c)),
        "DELETE",
        "/v2/bot/audienceGroup/{audience}",
        "deleteAudienceGroup",
    ),
    Case(
        "update_authority_level",
        lambda a, c: a.update_authority_level("PRIVATE"),
        "PUT",
        "/v2/bot/audienceGroup/authorityLevel",
        None,
        {"authorityLevel": "PRIVATE"},
    ),
    Case(
        "get_authority_level",
        lambda a, c: a.get_authority_level(),
        "GET",
        "/v2/bot/audienceGroup/authorityLevel",
        None,
    ),
]

DATA_HOST = {
    "get_message_content",
    "get_message_content_preview",
    "get_message_content_transcoding_by_message_id",
    "upload_rich_menu_image",
    "download_rich_menu_image",
}


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
