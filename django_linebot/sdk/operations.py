"""Every LINE operation as a thin, typed, documented method, shared by the sync and async clients.

:class:`Operations` holds one method per row of :mod:`~django_linebot.sdk.endpoints`, named after
LINE's ``operationId`` in snake_case, with the Perl SDK's names as aliases of the same function.
A method only turns its arguments into a request (path segments, query, JSON body, form or file)
and hands it to ``self._call``; sending is the client's job: :class:`~django_linebot.sdk.LineBotApi`
implements ``_request`` with ``requests`` and returns the response,
:class:`~django_linebot.sdk.aio.AsyncLineBotApi` implements it with ``httpx`` and returns a
coroutine. So no endpoint is written twice, and the type checker sees every method of the sync
client here and of the async client in ``aio.pyi`` (generated from this module by
``scripts/gen_sdk_stubs.py``; a test keeps it current).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any, BinaryIO, cast
from urllib.parse import quote

from .content import ContentResponse
from .endpoints import BY_NAME, ENDPOINTS, Endpoint
from .limits import RICH_MENU_IMAGE_FORMATS
from .response import LineBotResponse
from .responses import (
    BY_SCHEMA,
    AddLiffAppResponse,
    AttachModuleResponse,
    BotInfoResponse,
    BroadcastResponse,
    ChannelAccessTokenKeyIdsResponse,
    CouponCreateResponse,
    CouponResponse,
    CreateAudienceGroupResponse,
    CreateClickBasedAudienceGroupResponse,
    CreateImpBasedAudienceGroupResponse,
    GetAggregationUnitNameListResponse,
    GetAggregationUnitUsageResponse,
    GetAllLiffAppsResponse,
    GetAudienceDataResponse,
    GetAudienceGroupsResponse,
    GetFollowersResponse,
    GetFriendsDemographicsResponse,
    GetJoinedMembershipUsersResponse,
    GetMembershipSubscriptionResponse,
    GetMessageContentTranscodingResponse,
    GetMessageEventResponse,
    GetModulesResponse,
    GetNumberOfFollowersResponse,
    GetNumberOfMessageDeliveriesResponse,
    GetRichMenuInsightDailyResponse,
    GetRichMenuInsightSummaryResponse,
    GetSharedAudienceDataResponse,
    GetSharedAudienceGroupsResponse,
    GetStatisticsPerUnitResponse,
    GetWebhookEndpointResponse,
    GroupMemberCountResponse,
    GroupSummaryResponse,
    GroupUserProfileResponse,
    IssueChannelAccessTokenResponse,
    IssueLinkTokenResponse,
    IssueShortLivedChannelAccessTokenResponse,
    IssueStatelessChannelAccessTokenResponse,
    MembershipListResponse,
    MembersIdsResponse,
    MessageQuotaResponse,
    MessagingApiPagerCouponListResponse,
    MulticastResponse,
    NarrowcastProgressResponse,
    NarrowcastResponse,
    NumberOfMessagesResponse,
    PushMessageResponse,
    QuotaConsumptionResponse,
    ReplyMessageResponse,
    RichMenuAliasListResponse,
    RichMenuAliasResponse,
    RichMenuBatchProgressResponse,
    RichMenuIdResponse,
    RichMenuListResponse,
    RichMenuResponse,
    RoomMemberCountResponse,
    RoomUserProfileResponse,
    ShowLoadingAnimationResponse,
    TestWebhookEndpointResponse,
    UserProfileResponse,
    VerifyChannelAccessTokenResponse,
)
from .secret import Secret, SecretForm
from .validation import validate_messages, validate_recipients, validate_retry_key

if TYPE_CHECKING:
    from .retry import RetryPolicy

JWT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
#: A safety stop for the ``iter_*`` helpers: no listing of LINE's has anywhere near this many pages.
MAX_PAGES = 100_000

Json = dict[str, Any]
Messages = Sequence[Mapping[str, Any]] | Mapping[str, Any]
Target = str | os.PathLike[str] | IO[bytes] | None
#: Perl's options hash, ``{"retry_key": key}``, accepted where a retry key is.
RetryKey = str | Mapping[str, Any] | None
FileArg = str | os.PathLike[str] | bytes | BinaryIO


def _seg(value: str | int, name: str) -> str:
    """Quote one path segment (user IDs and rich menu IDs are never trusted).

    ``""``, ``"."`` and ``".."`` are refused: URL normalisation would turn
    ``/v2/bot/profile/..`` into ``/v2/bot/`` and send the request somewhere else.
    Anything but a string or a number (a dict, a list) is a ``TypeError``, never a request.
    ``name`` is the caller's argument, for the error.
    """
    if type(value) is not str:
        if value is None:
            raise ValueError(f"{name} is required")
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise TypeError(f"{name} must be a string, not {type(value).__name__}")
    text = str(value)
    if text in ("", ".", ".."):
        raise ValueError(f"{name} must not be {'empty' if not text else repr(text)}")
    return quote(text, safe="")


def _drop_none(data: Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(data, SecretForm):
        return data
    return {k: v for k, v in data.items() if v is not None}


def _query_value(value: Any, name: str) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int):
        return value
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return list(value)
    raise TypeError(f"query parameter {name} must be a string or a number, not {type(value).__name__}")


def _retry_key(value: RetryKey) -> str | None:
    """The keyword's value, or the ``retry_key`` of Perl's options hash ``{"retry_key": key}``."""
    if isinstance(value, Mapping):
        unknown = set(value) - {"retry_key"}
        if unknown:
            raise TypeError(f"unknown options {sorted(unknown)}: the options hash takes retry_key")
        value = value.get("retry_key")
    return validate_retry_key(value)


def _read(file: FileArg) -> bytes:
    if isinstance(file, bytes | bytearray):
        return bytes(file)
    if hasattr(file, "read"):
        return file.read()
    with open(file, "rb") as fh:
        return fh.read()


class Operations:
    """The LINE operations, each a thin method over ``self._call`` (see the module's docstring)."""

    #: Set by the client: raise the typed error on a refusal.
    raise_errors: bool
    #: Set by the client: the retry policy for direct SDK users (``None``: no retries).
    retry: RetryPolicy | None
    #: Set by the client: where its calls go (``api.line.me``, ``api-data.line.me``, ``manager.line.biz``).
    api_endpoint: str
    api_data_endpoint: str
    manager_endpoint: str

    # ------------------------------------------------------------------ core

    def _request(
        self,
        endpoint: Endpoint,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        form: Mapping[str, Any] | None = None,
        body: bytes | None = None,
        files: Mapping[str, Any] | None = None,
        content_type: str | None = None,
        retry_key: str | None = None,
        headers: Mapping[str, str] | None = None,
        auth: bool = True,
        to: Target = None,
    ) -> LineBotResponse:
        raise NotImplementedError  # the client's one request path

    def _base(self, host: str) -> str:
        """The endpoint of an operation's ``host`` in the table (``"data"``, ``"manager"`` or the API)."""
        if host == "data":
            return self.api_data_endpoint
        if host == "manager":
            return self.manager_endpoint
        return self.api_endpoint

    def _response_class(self, schema: str | None) -> type[LineBotResponse]:
        """The class a response of ``schema`` (the spec's ``$ref`` name, or None) is built as.

        The typed class of :mod:`~django_linebot.sdk.responses` for the schema (so a refusal too
        reads the declared fields as ``None``), else the plain :class:`LineBotResponse`.
        """
        return BY_SCHEMA.get(schema, LineBotResponse) if schema else LineBotResponse

    def _call(
        self,
        name: str,
        *segments: str | int,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        form: Mapping[str, Any] | None = None,
        body: bytes | None = None,
        files: Mapping[str, Any] | None = None,
        content_type: str | None = None,
        retry_key: str | None = None,
        headers: Mapping[str, str] | None = None,
        auth: bool = True,
        to: Target = None,
    ) -> LineBotResponse:
        """Build operation ``name``'s request from its table row and send it through ``_request``."""
        endpoint = BY_NAME[name]
        if segments:
            quoted = [_seg(v, n) for v, n in zip(segments, endpoint.path_arg_names, strict=True)]
            path = endpoint.path_format.format(*quoted)
        else:
            path = endpoint.path
        query: Mapping[str, Any] | None = None
        if isinstance(params, SecretForm):
            query = params  # credentials: revealed only as the request is encoded
        elif params:
            query = {k: _query_value(v, k) for k, v in params.items() if v is not None}
        return self._request(
            endpoint,
            path,
            params=query,
            json=json,
            form=form,
            body=body,
            files=files,
            content_type=content_type,
            retry_key=retry_key,
            headers=headers,
            auth=auth,
            to=to,
        )

    def _pages(self, name: str, kwargs: dict[str, Any], max_pages: int) -> Iterator[Any]:
        """Every item of every page of paginated operation ``name``, following ``next``/``page``.

        Stops at the last page, when LINE repeats a cursor, or after ``max_pages`` pages; a
        refusal raises the typed error. The async client overrides this with an async generator.
        """
        endpoint = BY_NAME[name]
        assert endpoint.page is not None
        method = getattr(self, name)
        seen: set[Any] = set()
        for _ in range(max_pages):
            res = method(**kwargs).raise_for_status()
            data = res.data if isinstance(res.data, dict) else {}
            yield from data.get(endpoint.page.items) or []
            cursor = _next_cursor(endpoint, data, kwargs)
            if cursor is None or cursor in seen:
                return
            seen.add(cursor)
            kwargs = {**kwargs, endpoint.page.cursor: cursor}

    # -------------------------------------------------------------- messages

    def _send(self, name: str, body: Json, retry_key: RetryKey, **options: Any) -> LineBotResponse:
        body["messages"] = validate_messages(body["messages"])
        for key, value in options.items():
            if value is not None:
                body[key] = value
        return self._call(name, json=body, retry_key=_retry_key(retry_key))

    def reply_message(
        self, reply_token: str, messages: Messages, *, notification_disabled: bool | None = None
    ) -> ReplyMessageResponse:
        """Reply to an event with up to five messages.

        Args:
            reply_token: the event's ``reply_token`` (valid once, for a short time).
            messages: a message object or a list of them (``SendMessage().build()``).
            notification_disabled: True sends them without a notification sound.

        Returns: ``sent_messages`` (each with its ``id``).

        Reference: https://developers.line.biz/en/reference/messaging-api/#send-reply-message
        """
        return cast(
            ReplyMessageResponse,
            self._send(
                "reply_message",
                {"replyToken": reply_token, "messages": messages},
                None,
                notificationDisabled=notification_disabled,
            ),
        )

    def push_message(
        self,
        to: str,
        messages: Messages,
        retry_key: RetryKey = None,
        *,
        notification_disabled: bool | None = None,
        custom_aggregation_units: list[str] | None = None,
    ) -> PushMessageResponse:
        """Send messages to one user, group or room at any time.

        Args:
            to: a user, group or room ID.
            messages: a message object or a list of up to five.
            retry_key: a UUID making the call safe to retry (``X-Line-Retry-Key``); Perl's options hash
                ``{"retry_key": key}`` works too.
            notification_disabled: True sends them silently.
            custom_aggregation_units: the unit name for per-unit statistics.

        Returns: ``sent_messages``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#send-push-message
        """
        return cast(
            PushMessageResponse,
            self._send(
                "push_message",
                {"to": to, "messages": messages},
                retry_key,
                notificationDisabled=notification_disabled,
                customAggregationUnits=custom_aggregation_units,
            ),
        )

    def multicast(
        self,
        to: Sequence[str],
        messages: Messages,
        retry_key: RetryKey = None,
        *,
        notification_disabled: bool | None = None,
        custom_aggregation_units: list[str] | None = None,
    ) -> MulticastResponse:
        """Send the same messages to up to 500 users.

        Args:
            to: the user IDs (at most 500).
            messages: a message object or a list of up to five.
            retry_key: a UUID making the call safe to retry; ``{"retry_key": key}`` works too.
            notification_disabled: True sends them silently.
            custom_aggregation_units: the unit name for per-unit statistics.

        Returns: an empty body on success.

        Reference: https://developers.line.biz/en/reference/messaging-api/#send-multicast-message
        """
        validate_recipients(to)
        return cast(
            MulticastResponse,
            self._send(
                "multicast",
                {"to": list(to), "messages": messages},
                retry_key,
                notificationDisabled=notification_disabled,
                customAggregationUnits=custom_aggregation_units,
            ),
        )

    def broadcast(
        self,
        messages: Messages,
        retry_key: RetryKey = None,
        *,
        notification_disabled: bool | None = None,
    ) -> BroadcastResponse:
        """Send messages to every friend of the LINE Official Account.

        Args:
            messages: a message object or a list of up to five.
            retry_key: a UUID making the call safe to retry; ``{"retry_key": key}`` works too.
            notification_disabled: True sends them silently.

        Returns: an empty body on success.

        Reference: https://developers.line.biz/en/reference/messaging-api/#send-broadcast-message
        """
        return cast(
            BroadcastResponse,
            self._send(
                "broadcast", {"messages": messages}, retry_key, notificationDisabled=notification_disabled
            ),
        )

    def narrowcast(
        self,
        messages: Messages,
        recipient: Mapping[str, Any] | None = None,
        filter: Mapping[str, Any] | None = None,  # noqa: A002 - the Perl SDK's name
        limit: Mapping[str, Any] | None = None,
        retry_key: RetryKey = None,
        *,
        notification_disabled: bool | None = None,
    ) -> NarrowcastResponse:
        """Send messages to the friends an audience, a recipient object or demographic filter selects.

        Args:
            messages: a message object or a list of up to five.
            recipient: a recipient object (audience, redelivery, operators ``and``/``or``/``not``).
            filter: a demographic filter object.
            limit: ``{"max": n, "upToRemainingQuota": bool}``.
            retry_key: a UUID making the call safe to retry; ``{"retry_key": key}`` works too.
            notification_disabled: True sends them silently.

        Returns: an empty body (HTTP 202); the ``request_id`` to follow with ``get_narrowcast_progress``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#send-narrowcast-message
        """
        return cast(
            NarrowcastResponse,
            self._send(
                "narrowcast",
                {"messages": messages},
                retry_key,
                recipient=recipient,
                filter=filter,
                limit=limit,
                notificationDisabled=notification_disabled,
            ),
        )

    def get_narrowcast_progress(self, request_id: str) -> NarrowcastProgressResponse:
        """Get how far a narrowcast has got.

        Args:
            request_id: the ``request_id`` of the narrowcast call.

        Returns: ``phase``, ``success_count``, ``failure_count``, ``target_count``, ``failed_description``,
        ``error_code``, ``accepted_time``, ``completed_time``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-narrowcast-progress-status
        """
        return cast(
            NarrowcastProgressResponse,
            self._call("get_narrowcast_progress", params={"requestId": request_id}),
        )

    def push_messages_by_phone(
        self,
        to: str,
        messages: Messages,
        *,
        notification_disabled: bool | None = None,
        delivery_tag: str | None = None,
    ) -> LineBotResponse:
        """Send a LINE notification message to a user by phone number (partner-only API).

        Args:
            to: the phone number in E.164 format, hashed with SHA-256.
            messages: a message object or a list of up to five.
            notification_disabled: True sends them silently.
            delivery_tag: returned in the delivery completion event's ``delivery.data`` (16-100 chars).

        Returns: an empty body on success.

        Reference: https://developers.line.biz/en/reference/partner-docs/#send-line-notification-message
        """
        body: Json = {"to": to, "messages": validate_messages(messages)}
        if notification_disabled is not None:
            body["notificationDisabled"] = notification_disabled
        headers = {"X-Line-Delivery-Tag": delivery_tag} if delivery_tag is not None else None
        return self._call("push_messages_by_phone", json=body, headers=headers)

    def _validate(self, name: str, messages: Messages) -> LineBotResponse:
        return self._call(name, json={"messages": validate_messages(messages)})

    def validate_reply(self, messages: Messages) -> LineBotResponse:
        """Ask LINE whether messages are valid for a reply, without sending them.

        Args:
            messages: a message object or a list of them.

        Returns: an empty body when valid; a 400 with ``details`` otherwise.

        Reference: https://developers.line.biz/en/reference/messaging-api/#validate-message-objects-of-reply-message
        """
        return self._validate("validate_reply", messages)

    def validate_push(self, messages: Messages) -> LineBotResponse:
        """Ask LINE whether messages are valid for a push, without sending them.

        Args:
            messages: a message object or a list of them.

        Returns: an empty body when valid; a 400 with ``details`` otherwise.

        Reference: https://developers.line.biz/en/reference/messaging-api/#validate-message-objects-of-push-message
        """
        return self._validate("validate_push", messages)

    def validate_multicast(self, messages: Messages) -> LineBotResponse:
        """Ask LINE whether messages are valid for a multicast, without sending them.

        Args:
            messages: a message object or a list of them.

        Returns: an empty body when valid; a 400 with ``details`` otherwise.

        Reference: https://developers.line.biz/en/reference/messaging-api/#validate-message-objects-of-multicast-message
        """
        return self._validate("validate_multicast", messages)

    def validate_narrowcast(self, messages: Messages) -> LineBotResponse:
        """Ask LINE whether messages are valid for a narrowcast, without sending them.

        Args:
            messages: a message object or a list of them.

        Returns: an empty body when valid; a 400 with ``details`` otherwise.

        Reference: https://developers.line.biz/en/reference/messaging-api/#validate-message-objects-of-narrowcast-message
        """
        return self._validate("validate_narrowcast", messages)

    def validate_broadcast(self, messages: Messages) -> LineBotResponse:
        """Ask LINE whether messages are valid for a broadcast, without sending them.

        Args:
            messages: a message object or a list of them.

        Returns: an empty body when valid; a 400 with ``details`` otherwise.

        Reference: https://developers.line.biz/en/reference/messaging-api/#validate-message-objects-of-broadcast-message
        """
        return self._validate("validate_broadcast", messages)

    # ----------------------------------------------------------- content

    def get_message_content(self, message_id: str, to: Target = None) -> ContentResponse:
        """Download what a user sent (image, video, audio, file).

        Args:
            message_id: the message event's ``message_id``.
            to: a path or a binary file to stream into; None keeps the bytes in memory.

        Returns: ``content`` (bytes) or ``path``, ``content_type``, and ``fh`` (an open file, as in Perl).

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-content
        """
        return cast(ContentResponse, self._call("get_message_content", message_id, to=to))

    def get_message_content_preview(self, message_id: str, to: Target = None) -> ContentResponse:
        """Download the preview image of an image or video a user sent.

        Args:
            message_id: the message event's ``message_id``.
            to: a path or a binary file to stream into; None keeps the bytes in memory.

        Returns: ``content`` (bytes) or ``path``, ``content_type`` and ``fh``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-image-or-video-preview
        """
        return cast(ContentResponse, self._call("get_message_content_preview", message_id, to=to))

    def get_message_content_transcoding_by_message_id(
        self, message_id: str
    ) -> GetMessageContentTranscodingResponse:
        """Ask whether a video or audio a user sent is ready to download.

        Args:
            message_id: the message event's ``message_id``.

        Returns: ``status`` (``processing``, ``succeeded`` or ``failed``).

        Reference: https://developers.line.biz/en/reference/messaging-api/#verify-video-or-audio-preparation-status
        """
        return cast(
            GetMessageContentTranscodingResponse,
            self._call("get_message_content_transcoding_by_message_id", message_id),
        )

    def show_loading_animation(
        self, chat_id: str, loading_seconds: int | None = None
    ) -> ShowLoadingAnimationResponse:
        """Show the loading animation in a one-to-one chat until the next message or the time runs out.

        Args:
            chat_id: the user ID of the chat.
            loading_seconds: 5 to 60 in steps of 5 (LINE's default is 20).

        Returns: an empty body (HTTP 202).

        Reference: https://developers.line.biz/en/reference/messaging-api/#display-a-loading-indicator
        """
        body = _drop_none({"chatId": chat_id, "loadingSeconds": loading_seconds})
        return cast(ShowLoadingAnimationResponse, self._call("show_loading_animation", json=body))

    def mark_messages_as_read(self, user_id: str) -> LineBotResponse:
        """Mark a user's messages as read (partner-only API).

        Args:
            user_id: the user whose messages to mark.

        Returns: an empty body on success.

        Reference: https://developers.line.biz/en/reference/partner-docs/#mark-messages-from-users-as-read
        """
        return self._call("mark_messages_as_read", json={"chat": {"userId": user_id}})

    def mark_messages_as_read_by_token(self, mark_as_read_token: str) -> LineBotResponse:
        """Mark a chat as read up to the message that carried the token.

        Args:
            mark_as_read_token: the ``markAsReadToken`` of a message event.

        Returns: an empty body on success.

        Reference: https://developers.line.biz/en/reference/messaging-api/#mark-as-read
        """
        return self._call("mark_messages_as_read_by_token", json={"markAsReadToken": mark_as_read_token})

    # ----------------------------------------------------- quota & statistics

    def get_message_quota(self) -> MessageQuotaResponse:
        """Get this month's limit of additional messages.

        Returns: ``type`` (``none`` or ``limited``) and ``value``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-quota
        """
        return cast(MessageQuotaResponse, self._call("get_message_quota"))

    def get_message_quota_consumption(self) -> QuotaConsumptionResponse:
        """Get how many messages count against this month's quota so far.

        Returns: ``total_usage``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-consumption
        """
        return cast(QuotaConsumptionResponse, self._call("get_message_quota_consumption"))

    def get_number_of_sent_reply_messages(self, date: str) -> NumberOfMessagesResponse:
        """Get how many reply messages were sent on a day.

        Args:
            date: ``yyyyMMdd`` (UTC+9).

        Returns: ``status`` (``ready``, ``unready``, ``out_of_service``) and ``success``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-number-of-reply-messages
        """
        return cast(
            NumberOfMessagesResponse, self._call("get_number_of_sent_reply_messages", params={"date": date})
        )

    def get_number_of_sent_push_messages(self, date: str) -> NumberOfMessagesResponse:
        """Get how many push messages were sent on a day.

        Args:
            date: ``yyyyMMdd`` (UTC+9).

        Returns: ``status`` and ``success``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-number-of-push-messages
        """
        return cast(
            NumberOfMessagesResponse, self._call("get_number_of_sent_push_messages", params={"date": date})
        )

    def get_number_of_sent_multicast_messages(self, date: str) -> NumberOfMessagesResponse:
        """Get how many multicast messages were sent on a day.

        Args:
            date: ``yyyyMMdd`` (UTC+9).

        Returns: ``status`` and ``success``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-number-of-multicast-messages
        """
        return cast(
            NumberOfMessagesResponse,
            self._call("get_number_of_sent_multicast_messages", params={"date": date}),
        )

    def get_number_of_sent_broadcast_messages(self, date: str) -> NumberOfMessagesResponse:
        """Get how many broadcast messages were sent on a day.

        Args:
            date: ``yyyyMMdd`` (UTC+9).

        Returns: ``status`` and ``success``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-number-of-broadcast-messages
        """
        return cast(
            NumberOfMessagesResponse,
            self._call("get_number_of_sent_broadcast_messages", params={"date": date}),
        )

    def get_pnp_message_statistics(self, date: str) -> NumberOfMessagesResponse:
        """Get how many LINE notification messages were sent on a day (partner-only API).

        Args:
            date: ``yyyyMMdd`` (UTC+9).

        Returns: ``status`` and ``success``.

        Reference: https://developers.line.biz/en/reference/partner-docs/#get-number-of-sent-line-notification-messages
        """
        return cast(NumberOfMessagesResponse, self._call("get_pnp_message_statistics", params={"date": date}))

    def get_aggregation_unit_usage(self) -> GetAggregationUnitUsageResponse:
        """Get how many aggregation units were used this month.

        Returns: ``num_of_custom_aggregation_units``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-number-of-units-used-this-month
        """
        return cast(GetAggregationUnitUsageResponse, self._call("get_aggregation_unit_usage"))

    def get_aggregation_unit_name_list(
        self, limit: int | str | None = None, start: str | None = None
    ) -> GetAggregationUnitNameListResponse:
        """Get one page of the aggregation unit names used this month (see ``iter_aggregation_unit_names``).

        Args:
            limit: the page size (LINE's default and maximum is 100).
            start: the ``next`` token of the previous page.

        Returns: ``custom_aggregation_units`` and ``next`` (None on the last page).

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-name-list-of-units-used-this-month
        """
        return cast(
            GetAggregationUnitNameListResponse,
            self._call("get_aggregation_unit_name_list", params={"limit": limit, "start": start}),
        )

    def get_number_of_message_deliveries(self, date: str) -> GetNumberOfMessageDeliveriesResponse:
        """Get how many messages the account delivered on a day, by kind.

        Args:
            date: ``yyyyMMdd`` (UTC+9); Perl's ``{"date": ...}`` works too.

        Returns: ``status``, ``broadcast``, ``targeting``, ``auto_response``, ``welcome_response``, ``chat``,
        ``api_broadcast``, ``api_push``, ``api_multicast``, ``api_narrowcast``, ``api_reply``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-number-of-delivery-messages
        """
        return cast(
            GetNumberOfMessageDeliveriesResponse,
            self._call("get_number_of_message_deliveries", params={"date": date}),
        )

    def get_number_of_followers(self, date: str | None = None) -> GetNumberOfFollowersResponse:
        """Get the number of friends, targeted reaches and blocks on a day.

        Args:
            date: ``yyyyMMdd`` (UTC+9); Perl's ``{"date": ...}`` works too.

        Returns: ``status``, ``followers``, ``targeted_reaches``, ``blocks``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-number-of-followers
        """
        return cast(
            GetNumberOfFollowersResponse, self._call("get_number_of_followers", params={"date": date})
        )

    def get_friends_demographics(self) -> GetFriendsDemographicsResponse:
        """Get the friends' demographics: genders, ages, areas, app types, subscription periods.

        Returns: ``available``, ``genders``, ``ages``, ``areas``, ``app_types``, ``subscription_periods``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-demographic
        """
        return cast(GetFriendsDemographicsResponse, self._call("get_friends_demographics"))

    def get_message_event(self, request_id: str) -> GetMessageEventResponse:
        """Get how users interacted with a narrowcast or broadcast.

        Args:
            request_id: the ``request_id`` of the send; Perl's ``{"requestId": ...}`` works too.

        Returns: ``overview``, ``messages``, ``clicks``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-message-event
        """
        return cast(
            GetMessageEventResponse, self._call("get_message_event", params={"requestId": request_id})
        )

    def get_statistics_per_unit(
        self, custom_aggregation_unit: str, from_: str, to: str
    ) -> GetStatisticsPerUnitResponse:
        """Get the statistics of the messages sent under one aggregation unit.

        Args:
            custom_aggregation_unit: the unit's name.
            from_: the first day, ``yyyyMMdd`` (UTC+9).
            to: the last day, ``yyyyMMdd``.

        Returns: ``overview``, ``messages``, ``clicks``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-statistics-per-unit
        """
        params = {"customAggregationUnit": custom_aggregation_unit, "from": from_, "to": to}
        return cast(GetStatisticsPerUnitResponse, self._call("get_statistics_per_unit", params=params))

    def get_rich_menu_insight_summary(
        self, rich_menu_id: str, from_: str, to: str
    ) -> GetRichMenuInsightSummaryResponse:
        """Get a rich menu's impressions and clicks over a period.

        Args:
            rich_menu_id: the rich menu.
            from_: the first day, ``yyyyMMdd`` (UTC+9).
            to: the last day, ``yyyyMMdd``.

        Returns: the summary (``impressions``, ``clicks`` and per-area figures).

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-rich-menu-insight-summary
        """
        return cast(
            GetRichMenuInsightSummaryResponse,
            self._call("get_rich_menu_insight_summary", rich_menu_id, params={"from": from_, "to": to}),
        )

    def get_rich_menu_insight_daily(
        self, rich_menu_id: str, from_: str, to: str
    ) -> GetRichMenuInsightDailyResponse:
        """Get a rich menu's impressions and clicks day by day.

        Args:
            rich_menu_id: the rich menu.
            from_: the first day, ``yyyyMMdd`` (UTC+9).
            to: the last day, ``yyyyMMdd``.

        Returns: the figures per day.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-rich-menu-insight-daily
        """
        return cast(
            GetRichMenuInsightDailyResponse,
            self._call("get_rich_menu_insight_daily", rich_menu_id, params={"from": from_, "to": to}),
        )

    # ------------------------------------------------- users, groups, rooms

    def get_profile(self, user_id: str) -> UserProfileResponse:
        """Get a user's profile.

        Args:
            user_id: the user's ID.

        Returns: ``display_name``, ``user_id``, ``picture_url``, ``status_message``, ``language``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-profile
        """
        return cast(UserProfileResponse, self._call("get_profile", user_id))

    def get_followers(self, limit: int | None = None, start: str | None = None) -> GetFollowersResponse:
        """Get one page of the friends' user IDs (see ``iter_followers`` for all of them).

        Args:
            limit: the page size (LINE's default 300, at most 1000).
            start: the ``next`` token of the previous page; Perl's ``{"limit": ..., "start": ...}`` works too.

        Returns: ``user_ids`` and ``next`` (None on the last page).

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-follower-ids
        """
        return cast(
            GetFollowersResponse, self._call("get_followers", params={"limit": limit, "start": start})
        )

    def get_bot_info(self) -> BotInfoResponse:
        """Get the bot's own profile.

        Returns: ``user_id``, ``basic_id``, ``premium_id``, ``display_name``, ``picture_url``, ``chat_mode``,
        ``mark_as_read_mode``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-bot-info
        """
        return cast(BotInfoResponse, self._call("get_bot_info"))

    def get_group_summary(self, group_id: str) -> GroupSummaryResponse:
        """Get a group's ID, name and icon.

        Args:
            group_id: the group.

        Returns: ``group_id``, ``group_name``, ``picture_url``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-group-summary
        """
        return cast(GroupSummaryResponse, self._call("get_group_summary", group_id))

    def get_group_member_profile(self, group_id: str, user_id: str) -> GroupUserProfileResponse:
        """Get the profile of a group member.

        Args:
            group_id: the group.
            user_id: the member.

        Returns: ``display_name``, ``user_id``, ``picture_url``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-group-member-profile
        """
        return cast(GroupUserProfileResponse, self._call("get_group_member_profile", group_id, user_id))

    def get_room_member_profile(self, room_id: str, user_id: str) -> RoomUserProfileResponse:
        """Get the profile of a room member.

        Args:
            room_id: the room.
            user_id: the member.

        Returns: ``display_name``, ``user_id``, ``picture_url``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-room-member-profile
        """
        return cast(RoomUserProfileResponse, self._call("get_room_member_profile", room_id, user_id))

    def get_group_member_count(self, group_id: str) -> GroupMemberCountResponse:
        """Get how many members a group has.

        Args:
            group_id: the group.

        Returns: ``count``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-members-group-count
        """
        return cast(GroupMemberCountResponse, self._call("get_group_member_count", group_id))

    def get_room_member_count(self, room_id: str) -> RoomMemberCountResponse:
        """Get how many members a room has.

        Args:
            room_id: the room.

        Returns: ``count``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-members-room-count
        """
        return cast(RoomMemberCountResponse, self._call("get_room_member_count", room_id))

    def get_group_members_ids(self, group_id: str, start: str | None = None) -> MembersIdsResponse:
        """Get one page of a group's member user IDs (see ``iter_group_members_ids``).

        Args:
            group_id: the group.
            start: the ``next`` token of the previous page.

        Returns: ``member_ids`` and ``next`` (None on the last page).

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-group-member-user-ids
        """
        return cast(
            MembersIdsResponse, self._call("get_group_members_ids", group_id, params={"start": start})
        )

    def get_room_members_ids(self, room_id: str, start: str | None = None) -> MembersIdsResponse:
        """Get one page of a room's member user IDs (see ``iter_room_members_ids``).

        Args:
            room_id: the room.
            start: the ``next`` token of the previous page.

        Returns: ``member_ids`` and ``next`` (None on the last page).

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-room-member-user-ids
        """
        return cast(MembersIdsResponse, self._call("get_room_members_ids", room_id, params={"start": start}))

    def leave_group(self, group_id: str) -> LineBotResponse:
        """Make the bot leave a group.

        Args:
            group_id: the group.

        Returns: an empty body on success.

        Reference: https://developers.line.biz/en/reference/messaging-api/#leave-group
        """
        return self._call("leave_group", group_id)

    def leave_room(self, room_id: str) -> LineBotResponse:
        """Make the bot leave a room.

        Args:
            room_id: the room.

        Returns: an empty body on success.

        Reference: https://developers.line.biz/en/reference/messaging-api/#leave-room
        """
        return self._call("leave_room", room_id)

    def issue_link_token(self, user_id: str) -> IssueLinkTokenResponse:
        """Issue a link token to connect a user's LINE account with your service's account.

        Args:
            user_id: the user.

        Returns: ``link_token``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#issue-link-token
        """
        return cast(IssueLinkTokenResponse, self._call("issue_link_token", user_id))

    # ------------------------------------------------------------ membership

    def get_membership_subscription(self, user_id: str) -> GetMembershipSubscriptionResponse:
        """Get the memberships a user has joined.

        Args:
            user_id: the user.

        Returns: ``subscriptions``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-a-users-membership-subscription-status
        """
        return cast(GetMembershipSubscriptionResponse, self._call("get_membership_subscription", user_id))

    def get_membership_list(self) -> MembershipListResponse:
        """Get the account's membership plans.

        Returns: ``memberships``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-membership-plans
        """
        return cast(MembershipListResponse, self._call("get_membership_list"))

    def get_joined_membership_users(
        self, membership_id: int, start: str | None = None, limit: int | None = None
    ) -> GetJoinedMembershipUsersResponse:
        """Get one page of the users who joined a membership (see ``iter_joined_membership_users``).

        Args:
            membership_id: the membership plan.
            start: the ``next`` token of the previous page.
            limit: the page size (at most 1000).

        Returns: ``user_ids`` and ``next`` (None on the last page).

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-membership-user-ids
        """
        return cast(
            GetJoinedMembershipUsersResponse,
            self._call("get_joined_membership_users", membership_id, params={"start": start, "limit": limit}),
        )

    # ---------------------------------------------------------------- coupons

    def list_coupon(
        self, status: Sequence[str] | None = None, start: str | None = None, limit: int | None = None
    ) -> MessagingApiPagerCouponListResponse:
        """Get one page of the account's coupons (see ``iter_coupons``).

        Args:
            status: only coupons in these states (``DRAFT``, ``RUNNING``, ``CLOSED``).
            start: the ``next`` token of the previous page.
            limit: the page size.

        Returns: ``items`` (coupon summaries) and ``next`` (None on the last page).

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-coupons-list
        """
        statuses = list(status) if status is not None else None
        return cast(
            MessagingApiPagerCouponListResponse,
            self._call("list_coupon", params={"status": statuses, "start": start, "limit": limit}),
        )

    def create_coupon(self, coupon: Mapping[str, Any]) -> CouponCreateResponse:
        """Create a coupon.

        Args:
            coupon: the coupon object (``title``, ``startTimestamp``, ``endTimestamp``, ``reward``,
                ``acquisitionCondition``, ``visibility``, ``timezone``, ...).

        Returns: ``coupon_id``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#create-coupon
        """
        return cast(CouponCreateResponse, self._call("create_coupon", json=dict(coupon)))

    def get_coupon_detail(self, coupon_id: str) -> CouponResponse:
        """Get a coupon.

        Args:
            coupon_id: the coupon.

        Returns: the coupon's fields (``coupon_id``, ``title``, ``status``, ``reward``, ...).

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-coupon
        """
        return cast(CouponResponse, self._call("get_coupon_detail", coupon_id))

    def close_coupon(self, coupon_id: str) -> LineBotResponse:
        """Discontinue a coupon.

        Args:
            coupon_id: the coupon.

        Returns: an empty body on success.

        Reference: https://developers.line.biz/en/reference/messaging-api/#discontinue-coupon
        """
        return self._call("close_coupon", coupon_id)

    # ------------------------------------------------------------ webhook URL

    def set_webhook_endpoint(self, endpoint: str) -> LineBotResponse:
        """Set the channel's webhook URL.

        Args:
            endpoint: an ``https://`` URL; Perl's ``{"endpoint": url}`` works too.

        Returns: an empty body on success.

        Reference: https://developers.line.biz/en/reference/messaging-api/#set-webhook-endpoint-url
        """
        return self._call("set_webhook_endpoint", json={"endpoint": endpoint})

    def get_webhook_endpoint(self) -> GetWebhookEndpointResponse:
        """Get the channel's webhook URL and whether it is active.

        Returns: ``endpoint`` and ``active``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-webhook-endpoint-information
        """
        return cast(GetWebhookEndpointResponse, self._call("get_webhook_endpoint"))

    def test_webhook_endpoint(self, endpoint: str | None = None) -> TestWebhookEndpointResponse:
        """Have LINE send a test webhook to the configured URL or to ``endpoint``.

        Args:
            endpoint: a URL to test instead of the configured one; Perl's ``{"endpoint": url}`` works too.

        Returns: ``success``, ``timestamp``, ``status_code``, ``reason``, ``detail``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#test-webhook-endpoint
        """
        return cast(
            TestWebhookEndpointResponse,
            self._call("test_webhook_endpoint", json={"endpoint": endpoint} if endpoint else {}),
        )

    # -------------------------------------------------------------- rich menus

    def create_rich_menu(self, rich_menu: Mapping[str, Any]) -> RichMenuIdResponse:
        """Create a rich menu (upload its image next with ``set_rich_menu_image``).

        Args:
            rich_menu: the rich menu object (``size``, ``selected``, ``name``, ``chatBarText``, ``areas``).

        Returns: ``rich_menu_id``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#create-rich-menu
        """
        return cast(RichMenuIdResponse, self._call("create_rich_menu", json=dict(rich_menu)))

    def validate_rich_menu_object(self, rich_menu: Mapping[str, Any]) -> LineBotResponse:
        """Ask LINE whether a rich menu object is valid, without creating it.

        Args:
            rich_menu: the rich menu object.

        Returns: an empty body when valid; a 400 with ``details`` otherwise.

        Reference: https://developers.line.biz/en/reference/messaging-api/#validate-rich-menu-object
        """
        return self._call("validate_rich_menu_object", json=dict(rich_menu))

    def get_rich_menu(self, rich_menu_id: str) -> RichMenuResponse:
        """Get a rich menu.

        Args:
            rich_menu_id: the rich menu.

        Returns: ``rich_menu_id``, ``size``, ``selected``, ``name``, ``chat_bar_text``, ``areas``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-rich-menu
        """
        return cast(RichMenuResponse, self._call("get_rich_menu", rich_menu_id))

    def delete_rich_menu(self, rich_menu_id: str) -> LineBotResponse:
        """Delete a rich menu.

        Args:
            rich_menu_id: the rich menu.

        Returns: an empty body on success.

        Reference: https://developers.line.biz/en/reference/messaging-api/#delete-rich-menu
        """
        return self._call("delete_rich_menu", rich_menu_id)

    def get_rich_menu_list(self) -> RichMenuListResponse:
        """Get every rich menu of the channel.

        Returns: ``richmenus``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-rich-menu-list
        """
        return cast(RichMenuListResponse, self._call("get_rich_menu_list"))

    def set_rich_menu_image(
        self, rich_menu_id: str, content_type: str, file_path_or_bytes: FileArg
    ) -> LineBotResponse:
        """Upload a rich menu's image (JPEG or PNG, at most 1 MB).

        Args:
            rich_menu_id: the rich menu.
            content_type: ``image/jpeg`` or ``image/png``.
            file_path_or_bytes: a path, the bytes, or a binary file.

        Returns: an empty body on success.

        Reference: https://developers.line.biz/en/reference/messaging-api/#upload-rich-menu-image
        """
        if content_type not in RICH_MENU_IMAGE_FORMATS.values():
            raise ValueError(f"content_type must be {' or '.join(RICH_MENU_IMAGE_FORMATS.values())}")
        payload = _read(file_path_or_bytes)
        return self._call("set_rich_menu_image", rich_menu_id, body=payload, content_type=content_type)

    def get_rich_menu_image(self, rich_menu_id: str, to: Target = None) -> ContentResponse:
        """Download a rich menu's image.

        Args:
            rich_menu_id: the rich menu.
            to: a path or a binary file to stream into; None keeps the bytes in memory.

        Returns: ``content`` (bytes) or ``path``, ``content_type`` and ``fh``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#download-rich-menu-image
        """
        return cast(ContentResponse, self._call("get_rich_menu_image", rich_menu_id, to=to))

    def set_default_rich_menu(self, rich_menu_id: str) -> LineBotResponse:
        """Make a rich menu the default for every user without one of their own.

        Args:
            rich_menu_id: the rich menu.

        Returns: an empty body on success.

        Reference: https://developers.line.biz/en/reference/messaging-api/#set-default-rich-menu
        """
        return self._call("set_default_rich_menu", rich_menu_id)

    def get_default_rich_menu_id(self) -> RichMenuIdResponse:
        """Get the default rich menu's ID.

        Returns: ``rich_menu_id``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-default-rich-menu-id
        """
        return cast(RichMenuIdResponse, self._call("get_default_rich_menu_id"))

    def cancel_default_rich_menu(self) -> LineBotResponse:
        """Unset the default rich menu.

        Returns: an empty body on success.

        Reference: https://developers.line.biz/en/reference/messaging-api/#cancel-default-rich-menu
        """
        return self._call("cancel_default_rich_menu")

    def link_rich_menu_id_to_user(self, user_id: str, rich_menu_id: str) -> LineBotResponse:
        """Show a rich menu to one user.

        Args:
            user_id: the user.
            rich_menu_id: the rich menu.

        Returns: an empty body on success.

        Reference: https://developers.line.biz/en/reference/messaging-api/#link-rich-menu-to-user
        """
        return self._call("link_rich_menu_id_to_user", user_id, rich_menu_id)

    def link_rich_menu_id_to_users(self, user_ids: Sequence[str], rich_menu_id: str) -> LineBotResponse:
        """Show a rich menu to up to 500 users.

        Args:
            user_ids: the users (at most 500).
            rich_menu_id: the rich menu.

        Returns: an empty body (HTTP 202).

        Reference: https://developers.line.biz/en/reference/messaging-api/#link-rich-menu-to-users
        """
        validate_recipients(user_ids, "user_ids")
        body = {"richMenuId": rich_menu_id, "userIds": list(user_ids)}
        return self._call("link_rich_menu_id_to_users", json=body)

    def get_rich_menu_id_of_user(self, user_id: str) -> RichMenuIdResponse:
        """Get the ID of the rich menu linked to a user.

        Args:
            user_id: the user.

        Returns: ``rich_menu_id``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-rich-menu-id-of-user
        """
        return cast(RichMenuIdResponse, self._call("get_rich_menu_id_of_user", user_id))

    def unlink_rich_menu_id_from_user(self, user_id: str) -> LineBotResponse:
        """Remove the rich menu linked to a user.

        Args:
            user_id: the user.

        Returns: an empty body on success.

        Reference: https://developers.line.biz/en/reference/messaging-api/#unlink-rich-menu-from-user
        """
        return self._call("unlink_rich_menu_id_from_user", user_id)

    def unlink_rich_menu_id_from_users(self, user_ids: Sequence[str]) -> LineBotResponse:
        """Remove the rich menus linked to up to 500 users.

        Args:
            user_ids: the users (at most 500).

        Returns: an empty body (HTTP 202).

        Reference: https://developers.line.biz/en/reference/messaging-api/#unlink-rich-menu-from-users
        """
        validate_recipients(user_ids, "user_ids")
        return self._call("unlink_rich_menu_id_from_users", json={"userIds": list(user_ids)})

    def create_rich_menu_alias(self, rich_menu_alias_id: str, rich_menu_id: str) -> LineBotResponse:
        """Create an alias for a rich menu (for rich menu switch actions).

        Args:
            rich_menu_alias_id: the new alias.
            rich_menu_id: the rich menu it names.

        Returns: an empty body on success.

        Reference: https://developers.line.biz/en/reference/messaging-api/#create-rich-menu-alias
        """
        body = {"richMenuAliasId": rich_menu_alias_id, "richMenuId": rich_menu_id}
        return self._call("create_rich_menu_alias", json=body)

    def get_rich_menu_alias(self, rich_menu_alias_id: str) -> RichMenuAliasResponse:
        """Get a rich menu alias.

        Args:
            rich_menu_alias_id: the alias.

        Returns: ``rich_menu_alias_id`` and ``rich_menu_id``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-rich-menu-alias-by-id
        """
        return cast(RichMenuAliasResponse, self._call("get_rich_menu_alias", rich_menu_alias_id))

    def update_rich_menu_alias(self, rich_menu_alias_id: str, rich_menu_id: str) -> LineBotResponse:
        """Point a rich menu alias at another rich menu.

        Args:
            rich_menu_alias_id: the alias.
            rich_menu_id: the rich menu it names from now on.

        Returns: an empty body on success.

        Reference: https://developers.line.biz/en/reference/messaging-api/#update-rich-menu-alias
        """
        return self._call("update_rich_menu_alias", rich_menu_alias_id, json={"richMenuId": rich_menu_id})

    def delete_rich_menu_alias(self, rich_menu_alias_id: str) -> LineBotResponse:
        """Delete a rich menu alias.

        Args:
            rich_menu_alias_id: the alias.

        Returns: an empty body on success.

        Reference: https://developers.line.biz/en/reference/messaging-api/#delete-rich-menu-alias
        """
        return self._call("delete_rich_menu_alias", rich_menu_alias_id)

    def get_rich_menu_alias_list(self) -> RichMenuAliasListResponse:
        """Get every rich menu alias of the channel.

        Returns: ``aliases``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-rich-menu-alias-list
        """
        return cast(RichMenuAliasListResponse, self._call("get_rich_menu_alias_list"))

    def rich_menu_batch(
        self, operations: Sequence[Mapping[str, Any]], resume_request_key: str | None = None
    ) -> LineBotResponse:
        """Link, unlink or replace the rich menus of many users in one job.

        Args:
            operations: the operations (``link``, ``unlink``, ``unlinkAll``).
            resume_request_key: the key to resume a failed job with.

        Returns: an empty body (HTTP 202); follow it with ``get_rich_menu_batch_progress``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#batch-control-rich-menus-of-users
        """
        body = _drop_none({"operations": list(operations), "resumeRequestKey": resume_request_key})
        return self._call("rich_menu_batch", json=body)

    def validate_rich_menu_batch_request(
        self, operations: Sequence[Mapping[str, Any]], resume_request_key: str | None = None
    ) -> LineBotResponse:
        """Ask LINE whether a rich menu batch request is valid, without running it.

        Args:
            operations: the operations (``link``, ``unlink``, ``unlinkAll``).
            resume_request_key: the key to resume a failed job with.

        Returns: an empty body when valid; a 400 with ``details`` otherwise.

        Reference: https://developers.line.biz/en/reference/messaging-api/#validate-batch-control-rich-menus-request
        """
        body = _drop_none({"operations": list(operations), "resumeRequestKey": resume_request_key})
        return self._call("validate_rich_menu_batch_request", json=body)

    def get_rich_menu_batch_progress(self, request_id: str) -> RichMenuBatchProgressResponse:
        """Get how far a rich menu batch job has got.

        Args:
            request_id: the ``request_id`` of the ``rich_menu_batch`` call.

        Returns: ``phase``, ``accepted_time``, ``completed_time``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-batch-control-rich-menus-progress-status
        """
        return cast(
            RichMenuBatchProgressResponse,
            self._call("get_rich_menu_batch_progress", params={"requestId": request_id}),
        )

    # ------------------------------------------------------ channel tokens

    def issue_channel_token(
        self, client_id: str, client_secret: str | Secret
    ) -> IssueShortLivedChannelAccessTokenResponse:
        """Issue a short-lived (30-day) channel access token from the channel ID and secret.

        Args:
            client_id: the channel ID; Perl's ``{"client_id": ..., "client_secret": ...}`` works too.
            client_secret: the channel secret.

        Returns: ``access_token``, ``expires_in``, ``token_type``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#issue-shortlived-channel-access-token
        """
        form = SecretForm(grant_type="client_credentials", client_id=client_id, client_secret=client_secret)
        return cast(
            IssueShortLivedChannelAccessTokenResponse,
            self._call("issue_channel_token", form=form, auth=False),
        )

    def verify_channel_token(self, access_token: str | Secret) -> VerifyChannelAccessTokenResponse:
        """Check a short- or long-lived channel access token.

        Args:
            access_token: the token.

        Returns: ``client_id``, ``expires_in``, ``scope``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#verify-channel-access-token
        """
        return cast(
            VerifyChannelAccessTokenResponse,
            self._call("verify_channel_token", form=SecretForm(access_token=access_token), auth=False),
        )

    def revoke_channel_token(self, access_token: str | Secret) -> LineBotResponse:
        """Revoke a short- or long-lived channel access token.

        Args:
            access_token: the token; Perl's ``{"access_token": ...}`` works too.

        Returns: an empty body on success.

        Reference: https://developers.line.biz/en/reference/messaging-api/#revoke-longlived-or-shortlived-channel-access-token
        """
        return self._call("revoke_channel_token", form=SecretForm(access_token=access_token), auth=False)

    def issue_channel_token_by_jwt(self, jwt: str | Secret) -> IssueChannelAccessTokenResponse:
        """Issue a v2.1 channel access token from a JWT assertion signed with the channel's assertion key.

        Args:
            jwt: the signed assertion; Perl's ``{"jwt": ...}`` works too.

        Returns: ``access_token``, ``expires_in``, ``token_type``, ``key_id``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#issue-channel-access-token-v2-1
        """
        form = SecretForm(
            grant_type="client_credentials", client_assertion_type=JWT_ASSERTION_TYPE, client_assertion=jwt
        )
        return cast(
            IssueChannelAccessTokenResponse, self._call("issue_channel_token_by_jwt", form=form, auth=False)
        )

    def gets_all_valid_channel_access_token_key_ids(
        self, jwt: str | Secret
    ) -> ChannelAccessTokenKeyIdsResponse:
        """Get the key IDs of every valid v2.1 channel access token.

        Args:
            jwt: a signed assertion; Perl's ``{"jwt": ...}`` works too.

        Returns: ``key_ids``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-all-valid-channel-access-token-key-ids-v2-1
        """
        params = SecretForm(client_assertion_type=JWT_ASSERTION_TYPE, client_assertion=jwt)
        return cast(
            ChannelAccessTokenKeyIdsResponse,
            self._call("gets_all_valid_channel_access_token_key_ids", params=params, auth=False),
        )

    def verify_channel_token_by_jwt(self, access_token: str | Secret) -> VerifyChannelAccessTokenResponse:
        """Check a v2.1 channel access token.

        Args:
            access_token: the token.

        Returns: ``client_id``, ``expires_in``, ``scope``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#verify-channel-access-token-v2-1
        """
        params = SecretForm(access_token=access_token)
        return cast(
            VerifyChannelAccessTokenResponse,
            self._call("verify_channel_token_by_jwt", params=params, auth=False),
        )

    def revoke_channel_token_by_jwt(
        self, client_id: str, client_secret: str | Secret, access_token: str | Secret
    ) -> LineBotResponse:
        """Revoke a v2.1 channel access token.

        Args:
            client_id: the channel ID.
            client_secret: the channel secret.
            access_token: the token to revoke.

        Returns: an empty body on success.

        Reference: https://developers.line.biz/en/reference/messaging-api/#revoke-channel-access-token-v2-1
        """
        form = SecretForm(client_id=client_id, client_secret=client_secret, access_token=access_token)
        return self._call("revoke_channel_token_by_jwt", form=form, auth=False)

    def issue_stateless_channel_token(
        self,
        *,
        jwt: str | Secret | None = None,
        client_id: str | None = None,
        client_secret: str | Secret | None = None,
    ) -> IssueStatelessChannelAccessTokenResponse:
        """Issue a 15-minute stateless channel access token, by JWT assertion or by channel ID and secret.

        Args:
            jwt: a signed assertion, or
            client_id: the channel ID, with
            client_secret: the channel secret.

        Returns: ``access_token``, ``expires_in``, ``token_type``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#issue-stateless-channel-access-token
        """
        if jwt:
            form = SecretForm(
                grant_type="client_credentials",
                client_assertion_type=JWT_ASSERTION_TYPE,
                client_assertion=jwt,
            )
        elif client_id and client_secret:
            form = SecretForm(
                grant_type="client_credentials", client_id=client_id, client_secret=client_secret
            )
        else:
            raise ValueError("issue_stateless_channel_token needs jwt, or client_id and client_secret")
        return cast(
            IssueStatelessChannelAccessTokenResponse,
            self._call("issue_stateless_channel_token", form=form, auth=False),
        )

    # -------------------------------------------------------------- audiences

    def create_audience_group(
        self,
        description: str,
        audiences: Sequence[Mapping[str, str]] | None = None,
        is_ifa_audience: bool | None = None,
        upload_description: str | None = None,
    ) -> CreateAudienceGroupResponse:
        """Create an audience from up to 10,000 user IDs or IFAs (for more, upload a file).

        Args:
            description: the audience's name (at most 120 characters).
            audiences: ``[{"id": user_id}, ...]``.
            is_ifa_audience: True when the IDs are IFAs.
            upload_description: the job's description.

        Returns: ``audience_group_id``, ``create_route``, ``type``, ``description``, ``created``, ...

        Reference: https://developers.line.biz/en/reference/messaging-api/#create-upload-audience-group
        """
        body = _drop_none(
            {
                "description": description,
                "isIfaAudience": is_ifa_audience,
                "uploadDescription": upload_description,
                "audiences": list(audiences) if audiences is not None else None,
            }
        )
        return cast(CreateAudienceGroupResponse, self._call("create_audience_group", json=body))

    def add_audience_to_audience_group(
        self,
        audience_group_id: int,
        audiences: Sequence[Mapping[str, str]],
        upload_description: str | None = None,
    ) -> LineBotResponse:
        """Add user IDs or IFAs (up to 10,000) to an audience created by upload.

        Args:
            audience_group_id: the audience.
            audiences: ``[{"id": user_id}, ...]``.
            upload_description: the job's description.

        Returns: an empty body (HTTP 202).

        Reference: https://developers.line.biz/en/reference/messaging-api/#update-upload-audience-group
        """
        body = _drop_none(
            {
                "audienceGroupId": int(audience_group_id),
                "audiences": list(audiences),
                "uploadDescription": upload_description,
            }
        )
        return self._call("add_audience_to_audience_group", json=body)

    def create_audience_for_uploading_user_ids(
        self,
        file: FileArg,
        description: str | None = None,
        is_ifa_audience: bool | None = None,
        upload_description: str | None = None,
    ) -> CreateAudienceGroupResponse:
        """Create an audience from a text file of user IDs or IFAs, one a line (up to 1,500,000).

        Args:
            file: a path, the bytes, or a binary file.
            description: the audience's name.
            is_ifa_audience: True when the IDs are IFAs.
            upload_description: the job's description.

        Returns: ``audience_group_id``, ``create_route``, ``type``, ``description``, ...

        Reference: https://developers.line.biz/en/reference/messaging-api/#create-upload-audience-group-by-file
        """
        fields = _drop_none(
            {
                "description": description,
                "isIfaAudience": None if is_ifa_audience is None else str(is_ifa_audience).lower(),
                "uploadDescription": upload_description,
            }
        )
        files = {
            **{k: (None, v) for k, v in fields.items()},
            "file": ("audience.txt", _read(file), "text/plain"),
        }
        return cast(
            CreateAudienceGroupResponse, self._call("create_audience_for_uploading_user_ids", files=files)
        )

    def add_user_ids_to_audience(
        self, file: FileArg, audience_group_id: int | None = None, upload_description: str | None = None
    ) -> LineBotResponse:
        """Add the user IDs or IFAs of a text file, one a line, to an audience created by upload.

        Args:
            file: a path, the bytes, or a binary file.
            audience_group_id: the audience.
            upload_description: the job's description.

        Returns: an empty body (HTTP 202).

        Reference: https://developers.line.biz/en/reference/messaging-api/#update-upload-audience-group-by-file
        """
        fields = _drop_none(
            {
                "audienceGroupId": None if audience_group_id is None else str(audience_group_id),
                "uploadDescription": upload_description,
            }
        )
        files = {
            **{k: (None, v) for k, v in fields.items()},
            "file": ("audience.txt", _read(file), "text/plain"),
        }
        return self._call("add_user_ids_to_audience", files=files)

    def create_click_based_audience_group(
        self, description: str, request_id: str, click_url: str | None = None
    ) -> CreateClickBasedAudienceGroupResponse:
        """Create an audience of the users who clicked a URL in a message.

        Args:
            description: the audience's name.
            request_id: the ``request_id`` of the broadcast or narrowcast.
            click_url: only users who clicked this URL (all URLs when omitted).

        Returns: ``audience_group_id``, ``request_id``, ``click_url``, ...

        Reference: https://developers.line.biz/en/reference/messaging-api/#create-click-audience-group
        """
        body = _drop_none({"description": description, "requestId": request_id, "clickUrl": click_url})
        return cast(
            CreateClickBasedAudienceGroupResponse, self._call("create_click_based_audience_group", json=body)
        )

    def create_imp_based_audience_group(
        self, description: str, request_id: str
    ) -> CreateImpBasedAudienceGroupResponse:
        """Create an audience of the users who saw a message.

        Args:
            description: the audience's name.
            request_id: the ``request_id`` of the broadcast or narrowcast.

        Returns: ``audience_group_id``, ``request_id``, ...

        Reference: https://developers.line.biz/en/reference/messaging-api/#create-imp-audience-group
        """
        body = {"description": description, "requestId": request_id}
        return cast(
            CreateImpBasedAudienceGroupResponse, self._call("create_imp_based_audience_group", json=body)
        )

    def update_audience_group_description(self, audience_group_id: int, description: str) -> LineBotResponse:
        """Rename an audience.

        Args:
            audience_group_id: the audience.
            description: its new name.

        Returns: an empty body on success.

        Reference: https://developers.line.biz/en/reference/messaging-api/#set-description-audience-group
        """
        return self._call(
            "update_audience_group_description", audience_group_id, json={"description": description}
        )

    def delete_audience_group(self, audience_group_id: int) -> LineBotResponse:
        """Delete an audience.

        Args:
            audience_group_id: the audience.

        Returns: an empty body on success.

        Reference: https://developers.line.biz/en/reference/messaging-api/#delete-audience-group
        """
        return self._call("delete_audience_group", audience_group_id)

    def get_audience_data(self, audience_group_id: int) -> GetAudienceDataResponse:
        """Get an audience and its jobs.

        Args:
            audience_group_id: the audience.

        Returns: ``audience_group``, ``jobs``, ``adaccount``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-audience-group
        """
        return cast(GetAudienceDataResponse, self._call("get_audience_data", audience_group_id))

    def get_audience_groups(
        self,
        page: int = 1,
        description: str | None = None,
        status: str | None = None,
        size: int | None = None,
        includes_external_public_groups: bool | None = None,
        create_route: str | None = None,
    ) -> GetAudienceGroupsResponse:
        """Get one page of the audiences (see ``iter_audience_groups``).

        Args:
            page: the page, from 1.
            description: only audiences whose name contains this.
            status: only audiences in this state (``READY``, ``IN_PROGRESS``, ...).
            size: the page size (at most 40).
            includes_external_public_groups: also public audiences of other channels.
            create_route: only audiences created this way (``OA_MANAGER``, ``MESSAGING_API``, ...).

        Returns: ``audience_groups``, ``has_next_page``, ``total_count``, ``page``, ``size``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-audience-groups
        """
        params = {
            "page": page,
            "description": description,
            "status": status,
            "size": size,
            "includesExternalPublicGroups": includes_external_public_groups,
            "createRoute": create_route,
        }
        return cast(GetAudienceGroupsResponse, self._call("get_audience_groups", params=params))

    def get_shared_audience_data(self, audience_group_id: int) -> GetSharedAudienceDataResponse:
        """Get an audience shared from the Business Manager.

        Args:
            audience_group_id: the audience.

        Returns: ``audience_group``, ``jobs``, ``owner``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-shared-audience
        """
        return cast(GetSharedAudienceDataResponse, self._call("get_shared_audience_data", audience_group_id))

    def get_shared_audience_groups(
        self,
        page: int = 1,
        description: str | None = None,
        status: str | None = None,
        size: int | None = None,
        create_route: str | None = None,
        includes_owned_audience_groups: bool | None = None,
    ) -> GetSharedAudienceGroupsResponse:
        """Get one page of the audiences shared from the Business Manager (``iter_shared_audience_groups``).

        Args:
            page: the page, from 1.
            description: only audiences whose name contains this.
            status: only audiences in this state.
            size: the page size (at most 40).
            create_route: only audiences created this way.
            includes_owned_audience_groups: also the Business Manager's own audiences.

        Returns: ``audience_groups``, ``has_next_page``, ``total_count``, ``page``, ``size``.

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-shared-audience-list
        """
        params = {
            "page": page,
            "description": description,
            "status": status,
            "size": size,
            "createRoute": create_route,
            "includesOwnedAudienceGroups": includes_owned_audience_groups,
        }
        return cast(GetSharedAudienceGroupsResponse, self._call("get_shared_audience_groups", params=params))

    def get_audience_group_authority_level(self) -> LineBotResponse:
        """Get whether new audiences are public or private to the channel.

        Returns: ``authority_level`` (``PUBLIC`` or ``PRIVATE``).

        Reference: https://developers.line.biz/en/reference/messaging-api/#get-authority-level
        """
        return self._call("get_audience_group_authority_level")

    def update_audience_group_authority_level(self, authority_level: str) -> LineBotResponse:
        """Make new audiences public or private to the channel.

        Args:
            authority_level: ``PUBLIC`` or ``PRIVATE``.

        Returns: an empty body on success.

        Reference: https://developers.line.biz/en/reference/messaging-api/#change-authority-level
        """
        if authority_level not in ("PUBLIC", "PRIVATE"):
            raise ValueError("authority_level must be PUBLIC or PRIVATE")
        return self._call("update_audience_group_authority_level", json={"authorityLevel": authority_level})

    # ------------------------------------------------------------------- LIFF

    def add_liff_app(self, liff_app: Mapping[str, Any]) -> AddLiffAppResponse:
        """Add a LIFF app to the channel.

        Args:
            liff_app: the app (``view`` with ``type`` and ``url``; ``description``, ``features``, ``scope``,
                ``botPrompt``, ``permanentLinkPattern``).

        Returns: ``liff_id``.

        Reference: https://developers.line.biz/en/reference/liff-server/#add-liff-app
        """
        return cast(AddLiffAppResponse, self._call("add_liff_app", json=dict(liff_app)))

    def get_all_liff_apps(self) -> GetAllLiffAppsResponse:
        """Get every LIFF app of the channel.

        Returns: ``apps``.

        Reference: https://developers.line.biz/en/reference/liff-server/#get-all-liff-apps
        """
        return cast(GetAllLiffAppsResponse, self._call("get_all_liff_apps"))

    def update_liff_app(self, liff_id: str, liff_app: Mapping[str, Any]) -> LineBotResponse:
        """Change a LIFF app's settings (only the fields given).

        Args:
            liff_id: the app.
            liff_app: the fields to change.

        Returns: an empty body on success.

        Reference: https://developers.line.biz/en/reference/liff-server/#update-liff-app
        """
        return self._call("update_liff_app", liff_id, json=dict(liff_app))

    def delete_liff_app(self, liff_id: str) -> LineBotResponse:
        """Delete a LIFF app.

        Args:
            liff_id: the app.

        Returns: an empty body on success.

        Reference: https://developers.line.biz/en/reference/liff-server/#delete-liff-app
        """
        return self._call("delete_liff_app", liff_id)

    # -------------------------------------------------- modules and chat control

    def attach_module(
        self,
        code: str,
        redirect_uri: str,
        *,
        client_id: str | None = None,
        client_secret: str | Secret | None = None,
        code_verifier: str | None = None,
        region: str | None = None,
        basic_search_id: str | None = None,
        scope: str | None = None,
        brand_type: str | None = None,
    ) -> AttachModuleResponse:
        """Attach a module channel to a LINE Official Account (on manager.line.biz).

        Args:
            code: the authorization code LINE sent to ``redirect_uri``.
            redirect_uri: the redirect URI of the authorization request.
            client_id: the module channel's ID.
            client_secret: the module channel's secret.
            code_verifier: the PKCE verifier, when the request used one.
            region, basic_search_id, scope, brand_type: as given in the authorization URL.

        Returns: ``bot_id`` and ``scopes``.

        Reference: https://developers.line.biz/en/reference/partner-docs/#link-attach-by-operation-module-channel-provider
        """
        fields = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": code_verifier,
            "client_id": client_id,
            "client_secret": client_secret,
            "region": region,
            "basic_search_id": basic_search_id,
            "scope": scope,
            "brand_type": brand_type,
        }
        form = SecretForm(**{k: v for k, v in fields.items() if v is not None})
        return cast(AttachModuleResponse, self._call("attach_module", form=form, auth=False))

    def detach_module(self, bot_id: str | None = None) -> LineBotResponse:
        """Detach the module channel from a LINE Official Account.

        Args:
            bot_id: the user ID of the account's bot.

        Returns: an empty body on success.

        Reference: https://developers.line.biz/en/reference/partner-docs/#unlink-detach-module-channel-by-operation-mc-admin
        """
        return self._call("detach_module", json=_drop_none({"botId": bot_id}))

    def acquire_chat_control(
        self, chat_id: str, expired: bool | None = None, ttl: int | None = None
    ) -> LineBotResponse:
        """Take the initiative (chat control) in a chat from the primary channel.

        Args:
            chat_id: the user, group or room ID.
            expired: True (LINE's default) hands control back after ``ttl``.
            ttl: seconds until control returns (default 3600, at most a year).

        Returns: an empty body on success.

        Reference: https://developers.line.biz/en/reference/partner-docs/#acquire-control-api
        """
        return self._call("acquire_chat_control", chat_id, json=_drop_none({"expired": expired, "ttl": ttl}))

    def release_chat_control(self, chat_id: str) -> LineBotResponse:
        """Hand the initiative (chat control) in a chat back to the primary channel.

        Args:
            chat_id: the user, group or room ID.

        Returns: an empty body on success.

        Reference: https://developers.line.biz/en/reference/partner-docs/#release-control-api
        """
        return self._call("release_chat_control", chat_id)

    def get_modules(self, start: str | None = None, limit: int | None = None) -> GetModulesResponse:
        """Get one page of the bots the module is attached to (see ``iter_modules``).

        Args:
            start: the ``next`` token of the previous page.
            limit: the page size (at most 100).

        Returns: ``bots`` and ``next`` (None on the last page).

        Reference: https://developers.line.biz/en/reference/partner-docs/#get-multiple-bot-info-api
        """
        return cast(GetModulesResponse, self._call("get_modules", params={"start": start, "limit": limit}))

    # ------------------------------------------------------------------- shop

    def mission_sticker_v3(
        self, to: str, product_id: str, product_type: str = "STICKER", send_present_message: bool = False
    ) -> LineBotResponse:
        """Give a user a mission sticker (partner-only API).

        Args:
            to: the user ID.
            product_id: the sticker package ID.
            product_type: ``STICKER``.
            send_present_message: LINE requires False.

        Returns: an empty body on success.

        Reference: https://developers.line.biz/en/reference/partner-docs/#send-mission-stickers-v3
        """
        body = {
            "to": to,
            "productId": product_id,
            "productType": product_type,
            "sendPresentMessage": send_present_message,
        }
        return self._call("mission_sticker_v3", json=body)

    # ------------------------------------------------------------ pagination

    def iter_followers(self, limit: int | None = None, *, max_pages: int = MAX_PAGES) -> Iterator[str]:
        """Every friend's user ID, page after page (``get_followers`` following ``next``)."""
        return self._pages("get_followers", {"limit": limit}, max_pages)

    def iter_group_members_ids(self, group_id: str, *, max_pages: int = MAX_PAGES) -> Iterator[str]:
        """Every member's user ID of a group, page after page."""
        return self._pages("get_group_members_ids", {"group_id": group_id}, max_pages)

    def iter_room_members_ids(self, room_id: str, *, max_pages: int = MAX_PAGES) -> Iterator[str]:
        """Every member's user ID of a room, page after page."""
        return self._pages("get_room_members_ids", {"room_id": room_id}, max_pages)

    def iter_aggregation_unit_names(
        self, limit: int | str | None = None, *, max_pages: int = MAX_PAGES
    ) -> Iterator[str]:
        """Every aggregation unit name used this month, page after page."""
        return self._pages("get_aggregation_unit_name_list", {"limit": limit}, max_pages)

    def iter_joined_membership_users(
        self, membership_id: int, limit: int | None = None, *, max_pages: int = MAX_PAGES
    ) -> Iterator[str]:
        """Every user ID that joined a membership, page after page."""
        return self._pages(
            "get_joined_membership_users", {"membership_id": membership_id, "limit": limit}, max_pages
        )

    def iter_coupons(
        self, status: Sequence[str] | None = None, limit: int | None = None, *, max_pages: int = MAX_PAGES
    ) -> Iterator[dict[str, Any]]:
        """Every coupon summary, page after page."""
        return self._pages("list_coupon", {"status": status, "limit": limit}, max_pages)

    def iter_modules(
        self, limit: int | None = None, *, max_pages: int = MAX_PAGES
    ) -> Iterator[dict[str, Any]]:
        """Every bot the module is attached to, page after page."""
        return self._pages("get_modules", {"limit": limit}, max_pages)

    def iter_audience_groups(
        self,
        description: str | None = None,
        status: str | None = None,
        size: int | None = None,
        includes_external_public_groups: bool | None = None,
        create_route: str | None = None,
        *,
        max_pages: int = MAX_PAGES,
    ) -> Iterator[dict[str, Any]]:
        """Every audience, page after page (``get_audience_groups`` while ``has_next_page``)."""
        kwargs = {
            "page": 1,
            "description": description,
            "status": status,
            "size": size,
            "includes_external_public_groups": includes_external_public_groups,
            "create_route": create_route,
        }
        return self._pages("get_audience_groups", kwargs, max_pages)

    def iter_shared_audience_groups(
        self,
        description: str | None = None,
        status: str | None = None,
        size: int | None = None,
        create_route: str | None = None,
        includes_owned_audience_groups: bool | None = None,
        *,
        max_pages: int = MAX_PAGES,
    ) -> Iterator[dict[str, Any]]:
        """Every audience shared from the Business Manager, page after page."""
        kwargs = {
            "page": 1,
            "description": description,
            "status": status,
            "size": size,
            "create_route": create_route,
            "includes_owned_audience_groups": includes_owned_audience_groups,
        }
        return self._pages("get_shared_audience_groups", kwargs, max_pages)

    # ------------------------------------------------ the Perl SDK's names
    # One function, two names: LINE::Bot::API's (and this SDK's earlier) names for the same calls.

    get_webhook_endpoint_information = get_webhook_endpoint
    set_webhook_url = set_webhook_endpoint
    get_narrowcast_message_status = get_narrowcast_progress
    get_target_limit_for_additional_messages = get_message_quota
    get_number_of_messages_sent_this_month = get_message_quota_consumption
    get_number_of_send_broadcast_messages = get_number_of_sent_broadcast_messages
    validate_reply_message_objects = validate_reply
    validate_push_message_objects = validate_push
    validate_multicast_message_objects = validate_multicast
    validate_narrowcast_message_objects = validate_narrowcast
    validate_broadcast_message_objects = validate_broadcast
    get_member_in_group_count = get_group_member_count
    get_member_in_room_count = get_room_member_count
    download_rich_menu_image = get_rich_menu_image
    upload_rich_menu_image = set_rich_menu_image
    unlink_rich_menu_from_user = unlink_rich_menu_id_from_user
    link_rich_menu_to_user = link_rich_menu_id_to_user
    link_rich_menu_to_multiple_users = link_rich_menu_id_to_users
    unlink_rich_menu_from_multiple_users = unlink_rich_menu_id_from_users
    get_valid_channel_access_token_v2_1 = gets_all_valid_channel_access_token_key_ids
    issue_channel_access_token_v2_1 = issue_channel_token_by_jwt
    issue_channel_access_token = issue_channel_token
    revoke_channel_access_token = revoke_channel_token
    get_friend_demographics = get_friends_demographics
    get_user_interaction_statistics = get_message_event
    create_audience_for_uploading = create_audience_group
    create_audience_for_click_based_retargeting = create_click_based_audience_group
    #: The Perl SDK's spelling, kept so ported code runs.
    create_audience_for_click_based_retartgeting = create_click_based_audience_group
    create_audience_for_impression_based_retargeting = create_imp_based_audience_group
    rename_audience = update_audience_group_description
    delete_audience = delete_audience_group
    get_data_for_multiple_audience = get_audience_groups
    get_authority_level = get_audience_group_authority_level
    update_authority_level = update_audience_group_authority_level


def _next_cursor(endpoint: Endpoint, data: Mapping[str, Any], kwargs: Mapping[str, Any]) -> Any:
    assert endpoint.page is not None
    if endpoint.page.cursor == "page":
        if not data.get("hasNextPage"):
            return None
        return int(kwargs.get("page") or 1) + 1
    return data.get("next") or None


# ---------------------------------------------------------------- Perl's hash arguments
# LINE::Bot::API takes some arguments as one hash: ``get_number_of_message_deliveries({date => ...})``.
# Every operation accepts that form (the hash's keys, in snake_case or LINE's camelCase, become the
# keyword arguments), and an argument of a scalar or list type that gets anything else raises a
# TypeError naming it: a ported call never turns into a wrong request.

#: The argument types checked on every call, by annotation (the others are objects LINE takes whole,
#: checked by the method or by the message validation).
_CHECKED: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "str | None": (str,),
    "str | Secret": (str, Secret),
    "str | Secret | None": (str, Secret),
    "int": (int, str),  # IDs in a path: a numeric string is the same segment
    "int | None": (int,),
    "int | str | None": (int, str),
    "bool": (bool,),
    "bool | None": (bool,),
    "list[str] | None": (list, tuple),
    "Sequence[str]": (list, tuple),
    "Sequence[str] | None": (list, tuple),
    "Sequence[Mapping[str, str]]": (list, tuple),
    "Sequence[Mapping[str, str]] | None": (list, tuple),
    "Sequence[Mapping[str, Any]]": (list, tuple),
}


def _accepts_hash(func: Callable[..., Any]) -> Callable[..., Any]:
    import inspect

    from .response import to_camel

    sig = inspect.signature(func)
    params = [p for p in sig.parameters.values() if p.name != "self"]
    positional = [p.name for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]
    # A first argument that may itself be an object (a message, a rich menu) is never unpacked.
    first = str(params[0].annotation) if params else ""
    first_takes_mapping = "Mapping" in first or "Messages" in first
    checked = {p.name: _CHECKED[str(p.annotation)] for p in params if str(p.annotation) in _CHECKED}
    by_key = {p.name: p.name for p in params} | {to_camel(p.name.rstrip("_")): p.name for p in params}
    name = func.__name__

    @functools.wraps(func)
    def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        if (
            len(args) == 1
            and not kwargs
            and not first_takes_mapping
            and type(args[0]) is not str
            and isinstance(args[0], Mapping)
        ):
            hash_ = args[0]
            unknown = [k for k in hash_ if k not in by_key]
            if unknown:
                raise TypeError(f"{name}() got unknown keys {sorted(map(str, unknown))} in its argument hash")
            args, kwargs = (), {by_key[k]: v for k, v in hash_.items()}
        for arg_name, value in (*zip(positional, args, strict=False), *kwargs.items()):
            kinds = checked.get(arg_name)
            if (
                kinds is not None
                and value is not None
                and type(value) not in kinds
                and not isinstance(value, kinds)
            ):
                wanted = " or ".join(k.__name__ for k in kinds)
                raise TypeError(f"{name}() argument {arg_name} must be {wanted}, not {type(value).__name__}")
        return func(self, *args, **kwargs)

    return call


def _install_hash_arguments(cls: type) -> None:
    wrapped: dict[int, Callable[..., Any]] = {}
    for endpoint in ENDPOINTS:
        for method_name in endpoint.names:
            func = cls.__dict__[method_name]
            if id(func) not in wrapped:
                wrapped[id(func)] = _accepts_hash(func)
            setattr(cls, method_name, wrapped[id(func)])


_install_hash_arguments(Operations)
