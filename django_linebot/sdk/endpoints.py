"""The endpoint table: every LINE operation the clients call, in one place.

One :class:`Endpoint` per operation of LINE's client OpenAPI documents (messaging-api,
channel-access-token, insight, manage-audience, liff, module, module-attach, shop), plus the two
documented audience authority-level calls that the documents lack. Each row holds what a request
needs (verb, path template, host), the name of the success response's schema (for the typed
response hook), the Perl SDK's names for the same call and the link to LINE's reference. Both
clients (:class:`~django_linebot.sdk.LineBotApi` and the async one) build every request from these
rows, so no endpoint is written twice; the method names are the snake_case of the operationId,
with the Perl names as aliases of the same method.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

REFERENCE_BASE = "https://developers.line.biz/en/reference/"

Host = Literal["api", "data", "manager"]

_CAMEL_SPLIT = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_TEMPLATE_FIELD = re.compile(r"\{([^}]+)\}")


def snake_case(operation_id: str) -> str:
    """LINE's ``operationId`` in snake_case, as LINE's reference and line-bot-sdk name it.

    ``getFollowers`` -> ``get_followers``, ``addLIFFApp`` -> ``add_liff_app``,
    ``issueChannelTokenByJWT`` -> ``issue_channel_token_by_jwt``.
    """
    return _CAMEL_SPLIT.sub("_", operation_id).lower()


@dataclass(frozen=True)
class Page:
    """How a paginated operation pages: the cursor it sends back and the list it fills.

    ``cursor="start"``: the response's ``next`` token goes into the ``start`` query parameter;
    ``cursor="page"``: the ``page`` number goes up by one while ``hasNextPage`` is true.
    """

    items: str
    cursor: Literal["start", "page"] = "start"


@dataclass(frozen=True)
class Endpoint:
    """One LINE operation: the request's shape and the names it is called by."""

    #: LINE's ``operationId`` (``None``: a documented call absent from the OpenAPI documents).
    operation_id: str | None
    method: str
    #: LINE's path template, ``/v2/bot/profile/{userId}``.
    path: str
    #: ``api`` (api.line.me), ``data`` (api-data.line.me) or ``manager`` (manager.line.biz).
    host: Host = "api"
    #: The ``$ref`` name of the success response's schema; ``"binary"`` for a download; ``None``: no body.
    response: str | None = None
    #: Earlier names of the same call: the Perl SDK's (``LINE::Bot::API``), kept as aliases.
    perl: tuple[str, ...] = ()
    #: The OpenAPI document the operation is in.
    document: str = "messaging-api"
    #: Where LINE documents it, relative to :data:`REFERENCE_BASE`.
    reference: str = ""
    #: How it pages, for the ``iter_*`` helpers (``None``: one page).
    page: Page | None = None
    #: Set by ``__post_init__``: the snake_case name and the path's placeholders, in order.
    name: str = field(init=False)
    path_params: tuple[str, ...] = field(init=False)
    #: The path with ``{}`` for each placeholder, and the placeholders' snake_case names (for errors).
    path_format: str = field(init=False, repr=False)
    path_arg_names: tuple[str, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        name = snake_case(self.operation_id) if self.operation_id else self.perl[0]
        params = tuple(_TEMPLATE_FIELD.findall(self.path))
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "path_params", params)
        object.__setattr__(self, "path_format", _TEMPLATE_FIELD.sub("{}", self.path))
        object.__setattr__(self, "path_arg_names", tuple(snake_case(p) for p in params))

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the clients answer to for this operation: LINE's first, then the Perl ones."""
        return (self.name, *(n for n in self.perl if n != self.name))

    @property
    def url(self) -> str:
        """The link to LINE's reference for this operation."""
        return REFERENCE_BASE + self.reference

    @property
    def idempotent(self) -> bool:
        """GET, PUT and DELETE may be retried as they are; a POST only with a retry key."""
        return self.method in ("GET", "PUT", "DELETE", "HEAD")


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "getWebhookEndpoint",
        "GET",
        "/v2/bot/channel/webhook/endpoint",
        response="GetWebhookEndpointResponse",
        perl=("get_webhook_endpoint_information",),
        reference="messaging-api/#get-webhook-endpoint-information",
    ),
    Endpoint(
        "setWebhookEndpoint",
        "PUT",
        "/v2/bot/channel/webhook/endpoint",
        perl=("set_webhook_url",),
        reference="messaging-api/#set-webhook-endpoint-url",
    ),
    Endpoint(
        "testWebhookEndpoint",
        "POST",
        "/v2/bot/channel/webhook/test",
        response="TestWebhookEndpointResponse",
        reference="messaging-api/#test-webhook-endpoint",
    ),
    Endpoint(
        "getMessageContent",
        "GET",
        "/v2/bot/message/{messageId}/content",
        host="data",
        response="binary",
        reference="messaging-api/#get-content",
    ),
    Endpoint(
        "getMessageContentPreview",
        "GET",
        "/v2/bot/message/{messageId}/content/preview",
        host="data",
        response="binary",
        reference="messaging-api/#get-image-or-video-preview",
    ),
    Endpoint(
        "getMessageContentTranscodingByMessageId",
        "GET",
        "/v2/bot/message/{messageId}/content/transcoding",
        host="data",
        response="GetMessageContentTranscodingResponse",
        reference="messaging-api/#verify-video-or-audio-preparation-status",
    ),
    Endpoint(
        "replyMessage",
        "POST",
        "/v2/bot/message/reply",
        response="ReplyMessageResponse",
        reference="messaging-api/#send-reply-message",
    ),
    Endpoint(
        "pushMessage",
        "POST",
        "/v2/bot/message/push",
        response="PushMessageResponse",
        reference="messaging-api/#send-push-message",
    ),
    Endpoint(
        "multicast",
        "POST",
        "/v2/bot/message/multicast",
        response="MulticastResponse",
        reference="messaging-api/#send-multicast-message",
    ),
    Endpoint(
        "narrowcast",
        "POST",
        "/v2/bot/message/narrowcast",
        response="NarrowcastResponse",
        reference="messaging-api/#send-narrowcast-message",
    ),
    Endpoint(
        "getNarrowcastProgress",
        "GET",
        "/v2/bot/message/progress/narrowcast",
        response="NarrowcastProgressResponse",
        perl=("get_narrowcast_message_status",),
        reference="messaging-api/#get-narrowcast-progress-status",
    ),
    Endpoint(
        "broadcast",
        "POST",
        "/v2/bot/message/broadcast",
        response="BroadcastResponse",
        reference="messaging-api/#send-broadcast-message",
    ),
    Endpoint(
        "getMessageQuota",
        "GET",
        "/v2/bot/message/quota",
        response="MessageQuotaResponse",
        perl=("get_target_limit_for_additional_messages",),
        reference="messaging-api/#get-quota",
    ),
    Endpoint(
        "getMessageQuotaConsumption",
        "GET",
        "/v2/bot/message/quota/consumption",
        response="QuotaConsumptionResponse",
        perl=("get_number_of_messages_sent_this_month",),
        reference="messaging-api/#get-consumption",
    ),
    Endpoint(
        "getNumberOfSentReplyMessages",
        "GET",
        "/v2/bot/message/delivery/reply",
        response="NumberOfMessagesResponse",
        reference="messaging-api/#get-number-of-reply-messages",
    ),
    Endpoint(
        "getNumberOfSentPushMessages",
        "GET",
        "/v2/bot/message/delivery/push",
        response="NumberOfMessagesResponse",
        reference="messaging-api/#get-number-of-push-messages",
    ),
    Endpoint(
        "getNumberOfSentMulticastMessages",
        "GET",
        "/v2/bot/message/delivery/multicast",
        response="NumberOfMessagesResponse",
        reference="messaging-api/#get-number-of-multicast-messages",
    ),
    Endpoint(
        "getNumberOfSentBroadcastMessages",
        "GET",
        "/v2/bot/message/delivery/broadcast",
        response="NumberOfMessagesResponse",
        perl=("get_number_of_send_broadcast_messages",),
        reference="messaging-api/#get-number-of-broadcast-messages",
    ),
    Endpoint(
        "validateReply",
        "POST",
        "/v2/bot/message/validate/reply",
        perl=("validate_reply_message_objects",),
        reference="messaging-api/#validate-message-objects-of-reply-message",
    ),
    Endpoint(
        "validatePush",
        "POST",
        "/v2/bot/message/validate/push",
        perl=("validate_push_message_objects",),
        reference="messaging-api/#validate-message-objects-of-push-message",
    ),
    Endpoint(
        "validateMulticast",
        "POST",
        "/v2/bot/message/validate/multicast",
        perl=("validate_multicast_message_objects",),
        reference="messaging-api/#validate-message-objects-of-multicast-message",
    ),
    Endpoint(
        "validateNarrowcast",
        "POST",
        "/v2/bot/message/validate/narrowcast",
        perl=("validate_narrowcast_message_objects",),
        reference="messaging-api/#validate-message-objects-of-narrowcast-message",
    ),
    Endpoint(
        "validateBroadcast",
        "POST",
        "/v2/bot/message/validate/broadcast",
        perl=("validate_broadcast_message_objects",),
        reference="messaging-api/#validate-message-objects-of-broadcast-message",
    ),
    Endpoint(
        "getAggregationUnitUsage",
        "GET",
        "/v2/bot/message/aggregation/info",
        response="GetAggregationUnitUsageResponse",
        reference="messaging-api/#get-number-of-units-used-this-month",
    ),
    Endpoint(
        "getAggregationUnitNameList",
        "GET",
        "/v2/bot/message/aggregation/list",
        response="GetAggregationUnitNameListResponse",
        reference="messaging-api/#get-name-list-of-units-used-this-month",
        page=Page("customAggregationUnits"),
    ),
    Endpoint(
        "getProfile",
        "GET",
        "/v2/bot/profile/{userId}",
        response="UserProfileResponse",
        reference="messaging-api/#get-profile",
    ),
    Endpoint(
        "getFollowers",
        "GET",
        "/v2/bot/followers/ids",
        response="GetFollowersResponse",
        reference="messaging-api/#get-follower-ids",
        page=Page("userIds"),
    ),
    Endpoint(
        "getBotInfo",
        "GET",
        "/v2/bot/info",
        response="BotInfoResponse",
        reference="messaging-api/#get-bot-info",
    ),
    Endpoint(
        "getGroupMemberProfile",
        "GET",
        "/v2/bot/group/{groupId}/member/{userId}",
        response="GroupUserProfileResponse",
        reference="messaging-api/#get-group-member-profile",
    ),
    Endpoint(
        "getRoomMemberProfile",
        "GET",
        "/v2/bot/room/{roomId}/member/{userId}",
        response="RoomUserProfileResponse",
        reference="messaging-api/#get-room-member-profile",
    ),
    Endpoint(
        "getGroupMembersIds",
        "GET",
        "/v2/bot/group/{groupId}/members/ids",
        response="MembersIdsResponse",
        reference="messaging-api/#get-group-member-user-ids",
        page=Page("memberIds"),
    ),
    Endpoint(
        "getRoomMembersIds",
        "GET",
        "/v2/bot/room/{roomId}/members/ids",
        response="MembersIdsResponse",
        reference="messaging-api/#get-room-member-user-ids",
        page=Page("memberIds"),
    ),
    Endpoint("leaveGroup", "POST", "/v2/bot/group/{groupId}/leave", reference="messaging-api/#leave-group"),
    Endpoint("leaveRoom", "POST", "/v2/bot/room/{roomId}/leave", reference="messaging-api/#leave-room"),
    Endpoint(
        "getGroupSummary",
        "GET",
        "/v2/bot/group/{groupId}/summary",
        response="GroupSummaryResponse",
        reference="messaging-api/#get-group-summary",
    ),
    Endpoint(
        "getGroupMemberCount",
        "GET",
        "/v2/bot/group/{groupId}/members/count",
        response="GroupMemberCountResponse",
        perl=("get_member_in_group_count",),
        reference="messaging-api/#get-members-group-count",
    ),
    Endpoint(
        "getRoomMemberCount",
        "GET",
        "/v2/bot/room/{roomId}/members/count",
        response="RoomMemberCountResponse",
        perl=("get_member_in_room_count",),
        reference="messaging-api/#get-members-room-count",
    ),
    Endpoint(
        "createRichMenu",
        "POST",
        "/v2/bot/richmenu",
        response="RichMenuIdResponse",
        reference="messaging-api/#create-rich-menu",
    ),
    Endpoint(
        "validateRichMenuObject",
        "POST",
        "/v2/bot/richmenu/validate",
        reference="messaging-api/#validate-rich-menu-object",
    ),
    Endpoint(
        "getRichMenuImage",
        "GET",
        "/v2/bot/richmenu/{richMenuId}/content",
        host="data",
        response="binary",
        perl=("download_rich_menu_image",),
        reference="messaging-api/#download-rich-menu-image",
    ),
    Endpoint(
        "setRichMenuImage",
        "POST",
        "/v2/bot/richmenu/{richMenuId}/content",
        host="data",
        perl=("upload_rich_menu_image",),
        reference="messaging-api/#upload-rich-menu-image",
    ),
    Endpoint(
        "getRichMenu",
        "GET",
        "/v2/bot/richmenu/{richMenuId}",
        response="RichMenuResponse",
        reference="messaging-api/#get-rich-menu",
    ),
    Endpoint(
        "deleteRichMenu",
        "DELETE",
        "/v2/bot/richmenu/{richMenuId}",
        reference="messaging-api/#delete-rich-menu",
    ),
    Endpoint(
        "getRichMenuList",
        "GET",
        "/v2/bot/richmenu/list",
        response="RichMenuListResponse",
        reference="messaging-api/#get-rich-menu-list",
    ),
    Endpoint(
        "setDefaultRichMenu",
        "POST",
        "/v2/bot/user/all/richmenu/{richMenuId}",
        reference="messaging-api/#set-default-rich-menu",
    ),
    Endpoint(
        "getDefaultRichMenuId",
        "GET",
        "/v2/bot/user/all/richmenu",
        response="RichMenuIdResponse",
        reference="messaging-api/#get-default-rich-menu-id",
    ),
    Endpoint(
        "cancelDefaultRichMenu",
        "DELETE",
        "/v2/bot/user/all/richmenu",
        reference="messaging-api/#cancel-default-rich-menu",
    ),
    Endpoint(
        "createRichMenuAlias",
        "POST",
        "/v2/bot/richmenu/alias",
        reference="messaging-api/#create-rich-menu-alias",
    ),
    Endpoint(
        "getRichMenuAlias",
        "GET",
        "/v2/bot/richmenu/alias/{richMenuAliasId}",
        response="RichMenuAliasResponse",
        reference="messaging-api/#get-rich-menu-alias-by-id",
    ),
    Endpoint(
        "updateRichMenuAlias",
        "POST",
        "/v2/bot/richmenu/alias/{richMenuAliasId}",
        reference="messaging-api/#update-rich-menu-alias",
    ),
    Endpoint(
        "deleteRichMenuAlias",
        "DELETE",
        "/v2/bot/richmenu/alias/{richMenuAliasId}",
        reference="messaging-api/#delete-rich-menu-alias",
    ),
    Endpoint(
        "getRichMenuAliasList",
        "GET",
        "/v2/bot/richmenu/alias/list",
        response="RichMenuAliasListResponse",
        reference="messaging-api/#get-rich-menu-alias-list",
    ),
    Endpoint(
        "getRichMenuIdOfUser",
        "GET",
        "/v2/bot/user/{userId}/richmenu",
        response="RichMenuIdResponse",
        reference="messaging-api/#get-rich-menu-id-of-user",
    ),
    Endpoint(
        "unlinkRichMenuIdFromUser",
        "DELETE",
        "/v2/bot/user/{userId}/richmenu",
        perl=("unlink_rich_menu_from_user",),
        reference="messaging-api/#unlink-rich-menu-from-user",
    ),
    Endpoint(
        "linkRichMenuIdToUser",
        "POST",
        "/v2/bot/user/{userId}/richmenu/{richMenuId}",
        perl=("link_rich_menu_to_user",),
        reference="messaging-api/#link-rich-menu-to-user",
    ),
    Endpoint(
        "linkRichMenuIdToUsers",
        "POST",
        "/v2/bot/richmenu/bulk/link",
        perl=("link_rich_menu_to_multiple_users",),
        reference="messaging-api/#link-rich-menu-to-users",
    ),
    Endpoint(
        "unlinkRichMenuIdFromUsers",
        "POST",
        "/v2/bot/richmenu/bulk/unlink",
        perl=("unlink_rich_menu_from_multiple_users",),
        reference="messaging-api/#unlink-rich-menu-from-users",
    ),
    Endpoint(
        "richMenuBatch",
        "POST",
        "/v2/bot/richmenu/batch",
        reference="messaging-api/#batch-control-rich-menus-of-users",
    ),
    Endpoint(
        "validateRichMenuBatchRequest",
        "POST",
        "/v2/bot/richmenu/validate/batch",
        reference="messaging-api/#validate-batch-control-rich-menus-request",
    ),
    Endpoint(
        "getRichMenuBatchProgress",
        "GET",
        "/v2/bot/richmenu/progress/batch",
        response="RichMenuBatchProgressResponse",
        reference="messaging-api/#get-batch-control-rich-menus-progress-status",
    ),
    Endpoint(
        "issueLinkToken",
        "POST",
        "/v2/bot/user/{userId}/linkToken",
        response="IssueLinkTokenResponse",
        reference="messaging-api/#issue-link-token",
    ),
    Endpoint(
        "markMessagesAsRead",
        "POST",
        "/v2/bot/message/markAsRead",
        reference="partner-docs/#mark-messages-from-users-as-read",
    ),
    Endpoint(
        "pushMessagesByPhone",
        "POST",
        "/bot/pnp/push",
        reference="partner-docs/#send-line-notification-message",
    ),
    Endpoint(
        "getPNPMessageStatistics",
        "GET",
        "/v2/bot/message/delivery/pnp",
        response="NumberOfMessagesResponse",
        reference="partner-docs/#get-number-of-sent-line-notification-messages",
    ),
    Endpoint(
        "getMembershipSubscription",
        "GET",
        "/v2/bot/membership/subscription/{userId}",
        response="GetMembershipSubscriptionResponse",
        reference="messaging-api/#get-a-users-membership-subscription-status",
    ),
    Endpoint(
        "getMembershipList",
        "GET",
        "/v2/bot/membership/list",
        response="MembershipListResponse",
        reference="messaging-api/#get-membership-plans",
    ),
    Endpoint(
        "getJoinedMembershipUsers",
        "GET",
        "/v2/bot/membership/{membershipId}/users/ids",
        response="GetJoinedMembershipUsersResponse",
        reference="messaging-api/#get-membership-user-ids",
        page=Page("userIds"),
    ),
    Endpoint(
        "listCoupon",
        "GET",
        "/v2/bot/coupon",
        response="MessagingApiPagerCouponListResponse",
        reference="messaging-api/#get-coupons-list",
        page=Page("items"),
    ),
    Endpoint(
        "createCoupon",
        "POST",
        "/v2/bot/coupon",
        response="CouponCreateResponse",
        reference="messaging-api/#create-coupon",
    ),
    Endpoint(
        "getCouponDetail",
        "GET",
        "/v2/bot/coupon/{couponId}",
        response="CouponResponse",
        reference="messaging-api/#get-coupon",
    ),
    Endpoint(
        "closeCoupon", "PUT", "/v2/bot/coupon/{couponId}/close", reference="messaging-api/#discontinue-coupon"
    ),
    Endpoint(
        "showLoadingAnimation",
        "POST",
        "/v2/bot/chat/loading/start",
        response="ShowLoadingAnimationResponse",
        reference="messaging-api/#display-a-loading-indicator",
    ),
    Endpoint(
        "markMessagesAsReadByToken",
        "POST",
        "/v2/bot/chat/markAsRead",
        reference="messaging-api/#mark-as-read",
    ),
    Endpoint(
        "issueStatelessChannelToken",
        "POST",
        "/oauth2/v3/token",
        response="IssueStatelessChannelAccessTokenResponse",
        document="channel-access-token",
        reference="messaging-api/#issue-stateless-channel-access-token",
    ),
    Endpoint(
        "getsAllValidChannelAccessTokenKeyIds",
        "GET",
        "/oauth2/v2.1/tokens/kid",
        response="ChannelAccessTokenKeyIdsResponse",
        perl=("get_valid_channel_access_token_v2_1",),
        document="channel-access-token",
        reference="messaging-api/#get-all-valid-channel-access-token-key-ids-v2-1",
    ),
    Endpoint(
        "issueChannelTokenByJWT",
        "POST",
        "/oauth2/v2.1/token",
        response="IssueChannelAccessTokenResponse",
        perl=("issue_channel_access_token_v2_1",),
        document="channel-access-token",
        reference="messaging-api/#issue-channel-access-token-v2-1",
    ),
    Endpoint(
        "verifyChannelTokenByJWT",
        "GET",
        "/oauth2/v2.1/verify",
        response="VerifyChannelAccessTokenResponse",
        document="channel-access-token",
        reference="messaging-api/#verify-channel-access-token-v2-1",
    ),
    Endpoint(
        "revokeChannelTokenByJWT",
        "POST",
        "/oauth2/v2.1/revoke",
        document="channel-access-token",
        reference="messaging-api/#revoke-channel-access-token-v2-1",
    ),
    Endpoint(
        "issueChannelToken",
        "POST",
        "/v2/oauth/accessToken",
        response="IssueShortLivedChannelAccessTokenResponse",
        perl=("issue_channel_access_token",),
        document="channel-access-token",
        reference="messaging-api/#issue-shortlived-channel-access-token",
    ),
    Endpoint(
        "verifyChannelToken",
        "POST",
        "/v2/oauth/verify",
        response="VerifyChannelAccessTokenResponse",
        document="channel-access-token",
        reference="messaging-api/#verify-channel-access-token",
    ),
    Endpoint(
        "revokeChannelToken",
        "POST",
        "/v2/oauth/revoke",
        perl=("revoke_channel_access_token",),
        document="channel-access-token",
        reference="messaging-api/#revoke-longlived-or-shortlived-channel-access-token",
    ),
    Endpoint(
        "getFriendsDemographics",
        "GET",
        "/v2/bot/insight/demographic",
        response="GetFriendsDemographicsResponse",
        perl=("get_friend_demographics",),
        document="insight",
        reference="messaging-api/#get-demographic",
    ),
    Endpoint(
        "getNumberOfMessageDeliveries",
        "GET",
        "/v2/bot/insight/message/delivery",
        response="GetNumberOfMessageDeliveriesResponse",
        document="insight",
        reference="messaging-api/#get-number-of-delivery-messages",
    ),
    Endpoint(
        "getNumberOfFollowers",
        "GET",
        "/v2/bot/insight/followers",
        response="GetNumberOfFollowersResponse",
        document="insight",
        reference="messaging-api/#get-number-of-followers",
    ),
    Endpoint(
        "getMessageEvent",
        "GET",
        "/v2/bot/insight/message/event",
        response="GetMessageEventResponse",
        perl=("get_user_interaction_statistics",),
        document="insight",
        reference="messaging-api/#get-message-event",
    ),
    Endpoint(
        "getStatisticsPerUnit",
        "GET",
        "/v2/bot/insight/message/event/aggregation",
        response="GetStatisticsPerUnitResponse",
        document="insight",
        reference="messaging-api/#get-statistics-per-unit",
    ),
    Endpoint(
        "getRichMenuInsightSummary",
        "GET",
        "/v2/bot/insight/richmenu/{richMenuId}/summary",
        response="GetRichMenuInsightSummaryResponse",
        document="insight",
        reference="messaging-api/#get-rich-menu-insight-summary",
    ),
    Endpoint(
        "getRichMenuInsightDaily",
        "GET",
        "/v2/bot/insight/richmenu/{richMenuId}/daily",
        response="GetRichMenuInsightDailyResponse",
        document="insight",
        reference="messaging-api/#get-rich-menu-insight-daily",
    ),
    Endpoint(
        "createAudienceGroup",
        "POST",
        "/v2/bot/audienceGroup/upload",
        response="CreateAudienceGroupResponse",
        perl=("create_audience_for_uploading",),
        document="manage-audience",
        reference="messaging-api/#create-upload-audience-group",
    ),
    Endpoint(
        "addAudienceToAudienceGroup",
        "PUT",
        "/v2/bot/audienceGroup/upload",
        document="manage-audience",
        reference="messaging-api/#update-upload-audience-group",
    ),
    Endpoint(
        "createAudienceForUploadingUserIds",
        "POST",
        "/v2/bot/audienceGroup/upload/byFile",
        host="data",
        response="CreateAudienceGroupResponse",
        document="manage-audience",
        reference="messaging-api/#create-upload-audience-group-by-file",
    ),
    Endpoint(
        "addUserIdsToAudience",
        "PUT",
        "/v2/bot/audienceGroup/upload/byFile",
        host="data",
        document="manage-audience",
        reference="messaging-api/#update-upload-audience-group-by-file",
    ),
    Endpoint(
        "createClickBasedAudienceGroup",
        "POST",
        "/v2/bot/audienceGroup/click",
        response="CreateClickBasedAudienceGroupResponse",
        perl=("create_audience_for_click_based_retargeting", "create_audience_for_click_based_retartgeting"),
        document="manage-audience",
        reference="messaging-api/#create-click-audience-group",
    ),
    Endpoint(
        "createImpBasedAudienceGroup",
        "POST",
        "/v2/bot/audienceGroup/imp",
        response="CreateImpBasedAudienceGroupResponse",
        perl=("create_audience_for_impression_based_retargeting",),
        document="manage-audience",
        reference="messaging-api/#create-imp-audience-group",
    ),
    Endpoint(
        "updateAudienceGroupDescription",
        "PUT",
        "/v2/bot/audienceGroup/{audienceGroupId}/updateDescription",
        perl=("rename_audience",),
        document="manage-audience",
        reference="messaging-api/#set-description-audience-group",
    ),
    Endpoint(
        "deleteAudienceGroup",
        "DELETE",
        "/v2/bot/audienceGroup/{audienceGroupId}",
        perl=("delete_audience",),
        document="manage-audience",
        reference="messaging-api/#delete-audience-group",
    ),
    Endpoint(
        "getAudienceData",
        "GET",
        "/v2/bot/audienceGroup/{audienceGroupId}",
        response="GetAudienceDataResponse",
        document="manage-audience",
        reference="messaging-api/#get-audience-group",
    ),
    Endpoint(
        "getAudienceGroups",
        "GET",
        "/v2/bot/audienceGroup/list",
        response="GetAudienceGroupsResponse",
        perl=("get_data_for_multiple_audience",),
        document="manage-audience",
        reference="messaging-api/#get-audience-groups",
        page=Page("audienceGroups", "page"),
    ),
    Endpoint(
        "getSharedAudienceData",
        "GET",
        "/v2/bot/audienceGroup/shared/{audienceGroupId}",
        response="GetSharedAudienceDataResponse",
        document="manage-audience",
        reference="messaging-api/#get-shared-audience",
    ),
    Endpoint(
        "getSharedAudienceGroups",
        "GET",
        "/v2/bot/audienceGroup/shared/list",
        response="GetSharedAudienceGroupsResponse",
        document="manage-audience",
        reference="messaging-api/#get-shared-audience-list",
        page=Page("audienceGroups", "page"),
    ),
    Endpoint(
        "addLIFFApp",
        "POST",
        "/liff/v1/apps",
        response="AddLiffAppResponse",
        document="liff",
        reference="liff-server/#add-liff-app",
    ),
    Endpoint(
        "getAllLIFFApps",
        "GET",
        "/liff/v1/apps",
        response="GetAllLiffAppsResponse",
        document="liff",
        reference="liff-server/#get-all-liff-apps",
    ),
    Endpoint(
        "updateLIFFApp",
        "PUT",
        "/liff/v1/apps/{liffId}",
        document="liff",
        reference="liff-server/#update-liff-app",
    ),
    Endpoint(
        "deleteLIFFApp",
        "DELETE",
        "/liff/v1/apps/{liffId}",
        document="liff",
        reference="liff-server/#delete-liff-app",
    ),
    Endpoint(
        "detachModule",
        "POST",
        "/v2/bot/channel/detach",
        document="module",
        reference="partner-docs/#unlink-detach-module-channel-by-operation-mc-admin",
    ),
    Endpoint(
        "acquireChatControl",
        "POST",
        "/v2/bot/chat/{chatId}/control/acquire",
        document="module",
        reference="partner-docs/#acquire-control-api",
    ),
    Endpoint(
        "releaseChatControl",
        "POST",
        "/v2/bot/chat/{chatId}/control/release",
        document="module",
        reference="partner-docs/#release-control-api",
    ),
    Endpoint(
        "getModules",
        "GET",
        "/v2/bot/list",
        response="GetModulesResponse",
        document="module",
        reference="partner-docs/#get-multiple-bot-info-api",
        page=Page("bots"),
    ),
    Endpoint(
        "attachModule",
        "POST",
        "/module/auth/v1/token",
        host="manager",
        response="AttachModuleResponse",
        document="module-attach",
        reference="partner-docs/#link-attach-by-operation-module-channel-provider",
    ),
    Endpoint(
        "missionStickerV3",
        "POST",
        "/shop/v3/mission",
        document="shop",
        reference="partner-docs/#send-mission-stickers-v3",
    ),
    # Documented by LINE (https://developers.line.biz/en/reference/messaging-api/#get-authority-level),
    # absent from the OpenAPI documents; line-bot-sdk names them get/update_audience_group_authority_level.
    Endpoint(
        None,
        "GET",
        "/v2/bot/audienceGroup/authorityLevel",
        response="GetAudienceGroupAuthorityLevelResponse",
        perl=("get_audience_group_authority_level", "get_authority_level"),
        document="manage-audience",
        reference="messaging-api/#get-authority-level",
    ),
    Endpoint(
        None,
        "PUT",
        "/v2/bot/audienceGroup/authorityLevel",
        perl=("update_audience_group_authority_level", "update_authority_level"),
        document="manage-audience",
        reference="messaging-api/#change-authority-level",
    ),
)

#: Every endpoint by its snake_case name.
BY_NAME: dict[str, Endpoint] = {ep.name: ep for ep in ENDPOINTS}
#: Every endpoint by LINE's operationId (the 110 of the OpenAPI documents).
BY_OPERATION_ID: dict[str, Endpoint] = {ep.operation_id: ep for ep in ENDPOINTS if ep.operation_id}
