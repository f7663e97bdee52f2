"""``LineBotApi``: the LINE Messaging API client.

Every endpoint is a thin method over one request path, :meth:`LineBotApi._request`.
Method names follow the Perl SDK ``LINE::Bot::API``; endpoints the Perl SDK never
had are named after their OpenAPI ``operationId`` in snake_case.
"""

from __future__ import annotations

import functools
import http.client
import logging
import os
import socket
import ssl
from collections.abc import Mapping, Sequence
from typing import IO, Any, BinaryIO
from urllib.parse import quote, urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.auth import AuthBase
from urllib3.exceptions import ReadTimeoutError

from . import signature as _signature
from .errors import LineBotNetworkError, LineBotTimeoutError
from .events import Event, parse_events_from_json
from .limits import RICH_MENU_IMAGE_FORMATS
from .response import LineBotResponse
from .secret import Secret, SecretForm, reveal
from .validation import (
    validate_messages,
    validate_recipients,
    validate_retry_key,
)

logger = logging.getLogger("django_linebot.sdk")

API_ENDPOINT = "https://api.line.me"
API_DATA_ENDPOINT = "https://api-data.line.me"
#: (connect, read) seconds. LINE answers in well under a second; a hung
#: connection must not hold a worker for ever.
DEFAULT_TIMEOUT: tuple[float, float] = (5.0, 30.0)
JWT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
_CHUNK = 64 * 1024

Json = dict[str, Any]
Messages = Sequence[Mapping[str, Any]] | Mapping[str, Any]
Target = str | os.PathLike[str] | IO[bytes] | None


def _seg(value: str | int, name: str) -> str:
    """Quote one path segment (user IDs and rich menu IDs are never trusted).

    ``""``, ``"."`` and ``".."`` are refused: URL normalisation would turn
    ``/v2/bot/profile/..`` into ``/v2/bot/`` and send the request somewhere else.
    ``name`` is the caller's argument, for the ``ValueError``.
    """
    if value is None:
        raise ValueError(f"{name} is required")
    text = str(value)
    if text in ("", ".", ".."):
        raise ValueError(f"{name} must not be {'empty' if not text else repr(text)}")
    return quote(text, safe="")


def _drop_none(data: Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(data, SecretForm):
        return data
    return {k: v for k, v in data.items() if v is not None}


@functools.cache
def user_agent() -> str:
    """``django-linebot/<version>``: the installed distribution's version, else the package's own."""
    from importlib.metadata import version

    try:
        release = version("django-linebot")
    except (ImportError, ValueError, OSError):  # not installed (PackageNotFoundError), broken metadata
        from .. import __version__ as release
    return f"django-linebot/{release}"


class BearerAuth(AuthBase):
    """Sets ``Authorization: Bearer <token>`` on a request as ``requests`` prepares it.

    The token lives only here (its ``repr`` is masked), so no header dict in any of
    the client's frames holds it, and a traceback or error report cannot show it.
    """

    __slots__ = ("token",)

    def __init__(self, token: str | None) -> None:
        self.token = token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self.token}"
        return request

    def __repr__(self) -> str:
        return "<BearerAuth ********>"


def _where(base: str) -> tuple[str, str]:
    """``(endpoint without any user:password, "host:port")``, for error messages."""
    parts = urlsplit(base)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port or {"https": 443, "http": 80}.get(parts.scheme, "")
    except ValueError:  # a port that is not a number: requests refused the URL itself
        port = ""
    return (
        f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}{parts.path}",
        f"{host}:{port}" if port else host,
    )


def _chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and what it wraps (urllib3's ``reason``, ``args``, causes), breadth first, bounded."""
    seen: list[BaseException] = []
    todo: list[object] = [exc]
    while todo and len(seen) < 16:
        item = todo.pop(0)
        if not isinstance(item, BaseException) or any(item is s for s in seen):
            continue
        seen.append(item)
        todo.extend((getattr(item, "reason", None), item.__cause__, item.__context__, *item.args))
    return seen


def _seconds(timeout: float | tuple[float, float], which: int) -> float:
    return timeout[which] if isinstance(timeout, tuple) else timeout


def _cause(exc: requests.RequestException, host_port: str) -> str:
    """What went wrong on the way to ``host_port``, in a few words (never the URL's query or a header)."""
    chain = _chain(exc)

    def first(*kinds: type[BaseException]) -> BaseException | None:
        return next((e for e in chain if isinstance(e, kinds)), None)

    if (err := first(ssl.SSLError)) is not None:
        return f"TLS with {host_port} failed ({getattr(err, 'reason', None) or type(err).__name__})"
    if first(requests.exceptions.SSLError) is not None:
        return f"TLS with {host_port} failed"
    if first(requests.exceptions.ProxyError) is not None:
        return f"the proxy failed to connect to {host_port}"
    if first(ConnectionRefusedError) is not None:
        return f"cannot connect to {host_port} (connection refused)"
    if first(socket.gaierror) is not None:
        return f"cannot resolve {host_port.rpartition(':')[0] or host_port} (DNS lookup failed)"
    if first(ConnectionResetError) is not None:
        return f"{host_port} reset the connection"
    if first(http.client.RemoteDisconnected) is not None:
        return f"{host_port} closed the connection without answering"
    if first(requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError):
        return f"the answer from {host_port} was cut off ({type(exc).__name__})"
    strerror = next((e.strerror for e in chain if isinstance(e, OSError) and e.strerror), None)
    if strerror:  # requests' own errors are OSErrors too, but without a strerror
        return f"cannot connect to {host_port} ({str(strerror).lower()})"
    return f"connection to {host_port} failed ({type(exc).__name__})"


def _network_error(
    method: str,
    base: str,
    path: str,
    exc: requests.RequestException,
    timeout: float | tuple[float, float],
    failed: str = "failed",
) -> LineBotNetworkError:
    """The typed error for a request that got no (complete) answer: method, URL, host and cause.

    ``failed`` says when: ``"failed"`` before any answer, ``"broke off"`` while reading it.
    """
    url, host_port = _where(base)
    what = f"{method} {url}{path}"
    if isinstance(exc, requests.ConnectTimeout):
        return LineBotTimeoutError(
            f"{what} timed out: no connection to {host_port}"
            f" within the {_seconds(timeout, 0)}s connect timeout"
        )
    if any(isinstance(e, requests.ReadTimeout | ReadTimeoutError | TimeoutError) for e in _chain(exc)):
        return LineBotTimeoutError(
            f"{what} timed out: {host_port} did not answer within the {_seconds(timeout, 1)}s read timeout"
        )
    return LineBotNetworkError(f"{what} {failed}: {_cause(exc, host_port)}")


class LineBotApi:
    """A client for one LINE channel.

    ``LineBotApi(channel_secret=..., channel_access_token=...)``. One pooled
    :class:`requests.Session` serves every call; ``timeout`` is ``(connect, read)``
    seconds or one number for both; ``api_endpoint`` and ``api_data_endpoint``
    point the client elsewhere (a proxy, or the fake platform in tests).

    Calls return a :class:`~django_linebot.sdk.LineBotResponse`; call its
    ``raise_for_status()`` to turn a refusal into a typed
    :class:`~django_linebot.sdk.LineBotApiError`, or make the client with
    ``raise_errors=True`` to have every call raise it on a refusal. A request that gets no HTTP
    answer at all raises :class:`LineBotNetworkError` or :class:`LineBotTimeoutError`, whose
    message names the URL, the host and the cause (``cannot connect to 127.0.0.1:9 (connection
    refused)``, ``... did not answer within the 30.0s read timeout``).

    Credentials never show: the token is kept in a masked :class:`BearerAuth`, the secret in a
    :class:`~django_linebot.sdk.secret.Secret` (either may be given as a ``Secret``), so neither
    the client's ``repr`` nor any frame of a traceback holds them. Every request carries
    ``User-Agent: django-linebot/<version>`` (``user_agent`` attribute).
    """

    def __init__(
        self,
        channel_secret: str | Secret | None = None,
        channel_access_token: str | Secret | None = None,
        api_endpoint: str | None = None,
        api_data_endpoint: str | None = None,
        timeout: float | tuple[float, float] | None = None,
        session: requests.Session | None = None,
        pool_maxsize: int = 20,
        raise_errors: bool = False,
    ) -> None:
        self.channel_secret = channel_secret  # type: ignore[assignment]
        self.channel_access_token = channel_access_token  # type: ignore[assignment]
        #: True: every call raises the typed LineBotApiError when LINE refuses it.
        self.raise_errors = raise_errors
        #: Sent as ``User-Agent`` with every request.
        self.user_agent = user_agent()
        self.api_endpoint = (api_endpoint or API_ENDPOINT).rstrip("/")
        self.api_data_endpoint = (api_data_endpoint or API_DATA_ENDPOINT).rstrip("/")
        self.timeout = DEFAULT_TIMEOUT if timeout is None else timeout
        if session is None:
            session = requests.Session()
            adapter = HTTPAdapter(pool_connections=4, pool_maxsize=pool_maxsize)
            session.mount("https://", adapter)
            session.mount("http://", adapter)
        self.session = session

    @property
    def channel_secret(self) -> str | None:
        """The channel secret (kept masked inside the client; accepts a ``str`` or a :class:`Secret`)."""
        return reveal(self._secret)

    @channel_secret.setter
    def channel_secret(self, secret: str | Secret | None) -> None:
        self._secret = None if secret is None else Secret(secret)

    @property
    def channel_access_token(self) -> str | None:
        """The bearer token (kept in a masked :class:`BearerAuth`; accepts a ``str`` or a :class:`Secret`)."""
        return self._auth.token

    @channel_access_token.setter
    def channel_access_token(self, token: str | Secret | None) -> None:
        self._auth = BearerAuth(reveal(token))

    def __repr__(self) -> str:
        return f"<LineBotApi {self.api_endpoint}>"

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> LineBotApi:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ core

    def _request(
        self,
        method: str,
        path: str,
        *,
        data_host: bool = False,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        form: Mapping[str, Any] | None = None,
        body: bytes | BinaryIO | None = None,
        content_type: str | None = None,
        retry_key: str | None = None,
        auth: bool = True,
        download: bool = False,
        to: Target = None,
    ) -> LineBotResponse:
        # No local here ever holds a credential: the token goes in through the masked
        # BearerAuth, form fields that are credentials through a SecretForm, and a failure
        # is raised outside the ``except`` so the traceback carries no requests frames.
        base = self.api_data_endpoint if data_host else self.api_endpoint
        headers = {"User-Agent": self.user_agent}
        if retry_key is not None:
            headers["X-Line-Retry-Key"] = retry_key
        if content_type is not None:
            headers["Content-Type"] = content_type
        failure: LineBotNetworkError | None = None
        try:
            resp = self.session.request(
                method,
                base + path,
                params=_drop_none(params) if params else None,
                json=json,
                data=form if form is not None else body,
                headers=headers,
                auth=self._auth if auth else None,
                timeout=self.timeout,
                stream=download,
            )
        except requests.RequestException as exc:
            failure = _network_error(method, base, path, exc, self.timeout)
        if failure is None:
            try:
                result = self._response(resp, retry_key, download, to)
            except requests.RequestException as exc:
                failure = _network_error(method, base, path, exc, self.timeout, "broke off")
            finally:
                resp.close()
        if failure is not None:
            logger.warning("LINE %s", failure)
            raise failure
        return result.raise_for_status() if self.raise_errors else result

    def _response(
        self, resp: requests.Response, retry_key: str | None, download: bool, to: Target
    ) -> LineBotResponse:
        status = resp.status_code
        headers = resp.headers
        ctype = headers.get("Content-Type", "")
        logger.debug(
            "LINE %s %s -> %s (request id %s)",
            resp.request.method,
            resp.request.path_url.split("?")[0],
            status,
            headers.get("x-line-request-id"),
        )
        if download and status == 200:
            if to is None:
                return LineBotResponse(status, headers, content=resp.content, content_type=ctype)
            return self._stream_to(resp, to, ctype)
        data: Any = {}
        raw = resp.content
        if raw and ctype.startswith("application/json"):
            try:
                data = resp.json()
            except ValueError:
                data = {"message": raw[:200].decode("utf-8", "replace")}
        elif raw:
            data = {"message": raw[:200].decode("utf-8", "replace")}
        already = status == 409 and retry_key is not None and bool(headers.get("x-line-accepted-request-id"))
        return LineBotResponse(status, headers, data, already_accepted=already)

    @staticmethod
    def _stream_to(resp: requests.Response, to: Target, ctype: str) -> LineBotResponse:
        path: str | None = None
        if hasattr(to, "write"):
            out = to
            for chunk in resp.iter_content(_CHUNK):
                out.write(chunk)  # type: ignore[union-attr]
        else:
            path = os.fspath(to)  # type: ignore[arg-type]
            with open(path, "wb") as fh:
                for chunk in resp.iter_content(_CHUNK):
                    fh.write(chunk)
        return LineBotResponse(resp.status_code, resp.headers, content_type=ctype, path=path)

    def _send(self, path: str, body: Json, retry_key: str | None, **options: Any) -> LineBotResponse:
        body["messages"] = validate_messages(body["messages"])
        for key, value in options.items():
            if value is not None:
                body[key] = value
        return self._request("POST", path, json=body, retry_key=validate_retry_key(retry_key))

    # -------------------------------------------------------------- webhook

    def validate_signature(self, body: bytes | str, signature: str | None) -> bool:
        """Check ``X-Line-Signature`` against this channel's secret (constant time)."""
        if not self.channel_secret:
            return False
        return _signature.validate_signature(body, signature, self.channel_secret)

    @staticmethod
    def parse_events_from_json(body: bytes | str) -> list[Event]:
        """Typed events from a webhook body (see :mod:`django_linebot.sdk.events`)."""
        return parse_events_from_json(body)

    # ------------------------------------------------------------- messages

    def reply_message(
        self, reply_token: str, messages: Messages, *, notification_disabled: bool | None = None
    ) -> LineBotResponse:
        return self._send(
            "/v2/bot/message/reply",
            {"replyToken": reply_token, "messages": messages},
            None,
            notificationDisabled=notification_disabled,
        )

    def push_message(
        self,
        to: str,
        messages: Messages,
        retry_key: str | None = None,
        *,
        notification_disabled: bool | None = None,
        custom_aggregation_units: list[str] | None = None,
    ) -> LineBotResponse:
        return self._send(
            "/v2/bot/message/push",
            {"to": to, "messages": messages},
            retry_key,
            notificationDisabled=notification_disabled,
            customAggregationUnits=custom_aggregation_units,
        )

    def multicast(
        self,
        to: Sequence[str],
        messages: Messages,
        retry_key: str | None = None,
        *,
        notification_disabled: bool | None = None,
        custom_aggregation_units: list[str] | None = None,
    ) -> LineBotResponse:
        validate_recipients(to)
        return self._send(
            "/v2/bot/message/multicast",
            {"to": list(to), "messages": messages},
            retry_key,
            notificationDisabled=notification_disabled,
            customAggregationUnits=custom_aggregation_units,
        )

    def broadcast(
        self,
        messages: Messages,
        retry_key: str | None = None,
        *,
        notification_disabled: bool | None = None,
    ) -> LineBotResponse:
        return self._send(
            "/v2/bot/message/broadcast",
            {"messages": messages},
            retry_key,
            notificationDisabled=notification_disabled,
        )

    def narrowcast(
        self,
        messages: Messages,
        recipient: Mapping[str, Any] | None = None,
        filter: Mapping[str, Any] | None = None,  # noqa: A002 - the Perl SDK's name
        limit: Mapping[str, Any] | None = None,
        retry_key: str | None = None,
        *,
        notification_disabled: bool | None = None,
    ) -> LineBotResponse:
        return self._send(
            "/v2/bot/message/narrowcast",
            {"messages": messages},
            retry_key,
            recipient=recipient,
            filter=filter,
            limit=limit,
            notificationDisabled=notification_disabled,
        )

    def get_narrowcast_message_status(self, request_id: str) -> LineBotResponse:
        return self._request("GET", "/v2/bot/message/progress/narrowcast", params={"requestId": request_id})

    def _validate_messages_for(self, kind: str, messages: Messages) -> LineBotResponse:
        body = {"messages": validate_messages(messages)}
        return self._request("POST", f"/v2/bot/message/validate/{kind}", json=body)

    def validate_reply_message_objects(self, messages: Messages) -> LineBotResponse:
        return self._validate_messages_for("reply", messages)

    def validate_push_message_objects(self, messages: Messages) -> LineBotResponse:
        return self._validate_messages_for("push", messages)

    def validate_multicast_message_objects(self, messages: Messages) -> LineBotResponse:
        return self._validate_messages_for("multicast", messages)

    def validate_narrowcast_message_objects(self, messages: Messages) -> LineBotResponse:
        return self._validate_messages_for("narrowcast", messages)

    def validate_broadcast_message_objects(self, messages: Messages) -> LineBotResponse:
        return self._validate_messages_for("broadcast", messages)

    def get_message_content(self, message_id: str, to: Target = None) -> LineBotResponse:
        """Download what a user sent; bytes in ``.content``, or streamed to a path or file."""
        return self._request(
            "GET",
            f"/v2/bot/message/{_seg(message_id, 'message_id')}/content",
            data_host=True,
            download=True,
            to=to,
        )

    def get_message_content_preview(self, message_id: str, to: Target = None) -> LineBotResponse:
        return self._request(
            "GET",
            f"/v2/bot/message/{_seg(message_id, 'message_id')}/content/preview",
            data_host=True,
            download=True,
            to=to,
        )

    def get_message_content_transcoding_by_message_id(self, message_id: str) -> LineBotResponse:
        return self._request(
            "GET", f"/v2/bot/message/{_seg(message_id, 'message_id')}/content/transcoding", data_host=True
        )

    def show_loading_animation(self, chat_id: str, loading_seconds: int | None = None) -> LineBotResponse:
        body = _drop_none({"chatId": chat_id, "loadingSeconds": loading_seconds})
        return self._request("POST", "/v2/bot/chat/loading/start", json=body)

    def mark_messages_as_read(self, user_id: str) -> LineBotResponse:
        return self._request("POST", "/v2/bot/message/markAsRead", json={"chat": {"userId": user_id}})

    def mark_messages_as_read_by_token(self, mark_as_read_token: str) -> LineBotResponse:
        return self._request("POST", "/v2/bot/chat/markAsRead", json={"markAsReadToken": mark_as_read_token})

    # ----------------------------------------------------- quota & insight

    def get_target_limit_for_additional_messages(self) -> LineBotResponse:
        return self._request("GET", "/v2/bot/message/quota")

    def get_number_of_messages_sent_this_month(self) -> LineBotResponse:
        return self._request("GET", "/v2/bot/message/quota/consumption")

    def _delivery(self, kind: str, date: str) -> LineBotResponse:
        return self._request("GET", f"/v2/bot/message/delivery/{kind}", params={"date": date})

    def get_number_of_sent_reply_messages(self, date: str) -> LineBotResponse:
        return self._delivery("reply", date)

    def get_number_of_sent_push_messages(self, date: str) -> LineBotResponse:
        return self._delivery("push", date)

    def get_number_of_sent_multicast_messages(self, date: str) -> LineBotResponse:
        return self._delivery("multicast", date)

    def get_number_of_send_broadcast_messages(self, date: str) -> LineBotResponse:
        return self._delivery("broadcast", date)

    def get_number_of_message_deliveries(self, date: str) -> LineBotResponse:
        return self._request("GET", "/v2/bot/insight/message/delivery", params={"date": date})

    def get_number_of_followers(self, date: str) -> LineBotResponse:
        return self._request("GET", "/v2/bot/insight/followers", params={"date": date})

    def get_friend_demographics(self) -> LineBotResponse:
        return self._request("GET", "/v2/bot/insight/demographic")

    def get_user_interaction_statistics(self, request_id: str) -> LineBotResponse:
        """Perl: ``get_user_interaction_statistics({ requestId => ... })``."""
        return self._request("GET", "/v2/bot/insight/message/event", params={"requestId": request_id})

    # ------------------------------------------------- users, groups, rooms

    def get_profile(self, user_id: str) -> LineBotResponse:
        return self._request("GET", f"/v2/bot/profile/{_seg(user_id, 'user_id')}")

    def get_followers(self, limit: int | None = None, start: str | None = None) -> LineBotResponse:
        return self._request("GET", "/v2/bot/followers/ids", params={"limit": limit, "start": start})

    def get_bot_info(self) -> LineBotResponse:
        return self._request("GET", "/v2/bot/info")

    def get_group_summary(self, group_id: str) -> LineBotResponse:
        return self._request("GET", f"/v2/bot/group/{_seg(group_id, 'group_id')}/summary")

    def get_group_member_profile(self, group_id: str, user_id: str) -> LineBotResponse:
        return self._request(
            "GET", f"/v2/bot/group/{_seg(group_id, 'group_id')}/member/{_seg(user_id, 'user_id')}"
        )

    def get_room_member_profile(self, room_id: str, user_id: str) -> LineBotResponse:
        return self._request(
            "GET", f"/v2/bot/room/{_seg(room_id, 'room_id')}/member/{_seg(user_id, 'user_id')}"
        )

    def get_member_in_group_count(self, group_id: str) -> LineBotResponse:
        return self._request("GET", f"/v2/bot/group/{_seg(group_id, 'group_id')}/members/count")

    def get_member_in_room_count(self, room_id: str) -> LineBotResponse:
        return self._request("GET", f"/v2/bot/room/{_seg(room_id, 'room_id')}/members/count")

    def get_group_members_ids(self, group_id: str, start: str | None = None) -> LineBotResponse:
        return self._request(
            "GET", f"/v2/bot/group/{_seg(group_id, 'group_id')}/members/ids", params={"start": start}
        )

    def get_room_members_ids(self, room_id: str, start: str | None = None) -> LineBotResponse:
        return self._request(
            "GET", f"/v2/bot/room/{_seg(room_id, 'room_id')}/members/ids", params={"start": start}
        )

    def leave_group(self, group_id: str) -> LineBotResponse:
        return self._request("POST", f"/v2/bot/group/{_seg(group_id, 'group_id')}/leave")

    def leave_room(self, room_id: str) -> LineBotResponse:
        return self._request("POST", f"/v2/bot/room/{_seg(room_id, 'room_id')}/leave")

    def issue_link_token(self, user_id: str) -> LineBotResponse:
        return self._request("POST", f"/v2/bot/user/{_seg(user_id, 'user_id')}/linkToken")

    # ------------------------------------------------------------ webhook URL

    def set_webhook_url(self, endpoint: str) -> LineBotResponse:
        return self._request("PUT", "/v2/bot/channel/webhook/endpoint", json={"endpoint": endpoint})

    def get_webhook_endpoint_information(self) -> LineBotResponse:
        return self._request("GET", "/v2/bot/channel/webhook/endpoint")

    def test_webhook_endpoint(self, endpoint: str | None = None) -> LineBotResponse:
        body = {"endpoint": endpoint} if endpoint else {}
        return self._request("POST", "/v2/bot/channel/webhook/test", json=body)

    # -------------------------------------------------------------- rich menus

    def create_rich_menu(self, rich_menu: Mapping[str, Any]) -> LineBotResponse:
        return self._request("POST", "/v2/bot/richmenu", json=dict(rich_menu))

    def validate_rich_menu_object(self, rich_menu: Mapping[str, Any]) -> LineBotResponse:
        return self._request("POST", "/v2/bot/richmenu/validate", json=dict(rich_menu))

    def get_rich_menu(self, rich_menu_id: str) -> LineBotResponse:
        return self._request("GET", f"/v2/bot/richmenu/{_seg(rich_menu_id, 'rich_menu_id')}")

    def delete_rich_menu(self, rich_menu_id: str) -> LineBotResponse:
        return self._request("DELETE", f"/v2/bot/richmenu/{_seg(rich_menu_id, 'rich_menu_id')}")

    def get_rich_menu_list(self) -> LineBotResponse:
        return self._request("GET", "/v2/bot/richmenu/list")

    def upload_rich_menu_image(
        self,
        rich_menu_id: str,
        content_type: str,
        file_path_or_bytes: str | os.PathLike[str] | bytes,
    ) -> LineBotResponse:
        if content_type not in RICH_MENU_IMAGE_FORMATS.values():
            raise ValueError(f"content_type must be {' or '.join(RICH_MENU_IMAGE_FORMATS.values())}")
        if isinstance(file_path_or_bytes, bytes | bytearray):
            payload = bytes(file_path_or_bytes)
        else:
            with open(file_path_or_bytes, "rb") as fh:
                payload = fh.read()
        return self._request(
            "POST",
            f"/v2/bot/richmenu/{_seg(rich_menu_id, 'rich_menu_id')}/content",
            data_host=True,
            body=payload,
            content_type=content_type,
        )

    def download_rich_menu_image(self, rich_menu_id: str, to: Target = None) -> LineBotResponse:
        return self._request(
            "GET",
            f"/v2/bot/richmenu/{_seg(rich_menu_id, 'rich_menu_id')}/content",
            data_host=True,
            download=True,
            to=to,
        )

    def set_default_rich_menu(self, rich_menu_id: str) -> LineBotResponse:
        return self._request("POST", f"/v2/bot/user/all/richmenu/{_seg(rich_menu_id, 'rich_menu_id')}")

    def get_default_rich_menu_id(self) -> LineBotResponse:
        return self._request("GET", "/v2/bot/user/all/richmenu")

    def cancel_default_rich_menu(self) -> LineBotResponse:
        return self._request("DELETE", "/v2/bot/user/all/richmenu")

    def link_rich_menu_to_user(self, user_id: str, rich_menu_id: str) -> LineBotResponse:
        return self._request(
            "POST", f"/v2/bot/user/{_seg(user_id, 'user_id')}/richmenu/{_seg(rich_menu_id, 'rich_menu_id')}"
        )

    def link_rich_menu_to_multiple_users(self, user_ids: Sequence[str], rich_menu_id: str) -> LineBotResponse:
        validate_recipients(user_ids, "user_ids")
        return self._request(
            "POST",
            "/v2/bot/richmenu/bulk/link",
            json={"richMenuId": rich_menu_id, "userIds": list(user_ids)},
        )

    def get_rich_menu_id_of_user(self, user_id: str) -> LineBotResponse:
        return self._request("GET", f"/v2/bot/user/{_seg(user_id, 'user_id')}/richmenu")

    def unlink_rich_menu_from_user(self, user_id: str) -> LineBotResponse:
        return self._request("DELETE", f"/v2/bot/user/{_seg(user_id, 'user_id')}/richmenu")

    def unlink_rich_menu_from_multiple_users(self, user_ids: Sequence[str]) -> LineBotResponse:
        validate_recipients(user_ids, "user_ids")
        return self._request("POST", "/v2/bot/richmenu/bulk/unlink", json={"userIds": list(user_ids)})

    def create_rich_menu_alias(self, rich_menu_alias_id: str, rich_menu_id: str) -> LineBotResponse:
        return self._request(
            "POST",
            "/v2/bot/richmenu/alias",
            json={"richMenuAliasId": rich_menu_alias_id, "richMenuId": rich_menu_id},
        )

    def get_rich_menu_alias(self, rich_menu_alias_id: str) -> LineBotResponse:
        return self._request(
            "GET", f"/v2/bot/richmenu/alias/{_seg(rich_menu_alias_id, 'rich_menu_alias_id')}"
        )

    def update_rich_menu_alias(self, rich_menu_alias_id: str, rich_menu_id: str) -> LineBotResponse:
        return self._request(
            "POST",
            f"/v2/bot/richmenu/alias/{_seg(rich_menu_alias_id, 'rich_menu_alias_id')}",
            json={"richMenuId": rich_menu_id},
        )

    def delete_rich_menu_alias(self, rich_menu_alias_id: str) -> LineBotResponse:
        return self._request(
            "DELETE", f"/v2/bot/richmenu/alias/{_seg(rich_menu_alias_id, 'rich_menu_alias_id')}"
        )

    def get_rich_menu_alias_list(self) -> LineBotResponse:
        return self._request("GET", "/v2/bot/richmenu/alias/list")

    def rich_menu_batch(
        self, operations: list[Mapping[str, Any]], resume_request_key: str | None = None
    ) -> LineBotResponse:
        body = _drop_none({"operations": list(operations), "resumeRequestKey": resume_request_key})
        return self._request("POST", "/v2/bot/richmenu/batch", json=body)

    def validate_rich_menu_batch_request(
        self, operations: list[Mapping[str, Any]], resume_request_key: str | None = None
    ) -> LineBotResponse:
        body = _drop_none({"operations": list(operations), "resumeRequestKey": resume_request_key})
        return self._request("POST", "/v2/bot/richmenu/validate/batch", json=body)

    def get_rich_menu_batch_progress(self, request_id: str) -> LineBotResponse:
        return self._request("GET", "/v2/bot/richmenu/progress/batch", params={"requestId": request_id})

    # ------------------------------------------------------ channel tokens

    def issue_channel_access_token(self, client_id: str, client_secret: str | Secret) -> LineBotResponse:
        """Short-lived (30 day) token from the channel ID and secret."""
        form = SecretForm(grant_type="client_credentials", client_id=client_id, client_secret=client_secret)
        return self._request("POST", "/v2/oauth/accessToken", form=form, auth=False)

    def verify_channel_token(self, access_token: str | Secret) -> LineBotResponse:
        return self._request(
            "POST", "/v2/oauth/verify", form=SecretForm(access_token=access_token), auth=False
        )

    def revoke_channel_access_token(self, access_token: str | Secret) -> LineBotResponse:
        return self._request(
            "POST", "/v2/oauth/revoke", form=SecretForm(access_token=access_token), auth=False
        )

    def issue_channel_access_token_v2_1(self, jwt: str | Secret) -> LineBotResponse:
        """v2.1 token from a JWT assertion signed with the channel's assertion key."""
        form = SecretForm(
            grant_type="client_credentials", client_assertion_type=JWT_ASSERTION_TYPE, client_assertion=jwt
        )
        return self._request("POST", "/oauth2/v2.1/token", form=form, auth=False)

    def get_valid_channel_access_token_v2_1(self, jwt: str | Secret) -> LineBotResponse:
        params = SecretForm(client_assertion_type=JWT_ASSERTION_TYPE, client_assertion=jwt)
        return self._request("GET", "/oauth2/v2.1/tokens/kid", params=params, auth=False)

    def verify_channel_token_by_jwt(self, access_token: str | Secret) -> LineBotResponse:
        params = SecretForm(access_token=access_token)
        return self._request("GET", "/oauth2/v2.1/verify", params=params, auth=False)

    def revoke_channel_token_by_jwt(
        self, client_id: str, client_secret: str | Secret, access_token: str | Secret
    ) -> LineBotResponse:
        form = SecretForm(client_id=client_id, client_secret=client_secret, access_token=access_token)
        return self._request("POST", "/oauth2/v2.1/revoke", form=form, auth=False)

    def issue_stateless_channel_token(
        self,
        *,
        jwt: str | Secret | None = None,
        client_id: str | None = None,
        client_secret: str | Secret | None = None,
    ) -> LineBotResponse:
        """15-minute token, by JWT assertion or by channel ID and secret."""
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
        return self._request("POST", "/oauth2/v3/token", form=form, auth=False)

    # operationId names for the endpoints the Perl SDK already covers
    issue_channel_token = issue_channel_access_token
    revoke_channel_token = revoke_channel_access_token
    issue_channel_token_by_jwt = issue_channel_access_token_v2_1
    gets_all_valid_channel_access_token_key_ids = get_valid_channel_access_token_v2_1
    link_rich_menu_id_to_users = link_rich_menu_to_multiple_users
    unlink_rich_menu_id_from_users = unlink_rich_menu_from_multiple_users

    # -------------------------------------------------------------- audiences

    def create_audience_for_uploading(
        self,
        description: str,
        audiences: Sequence[Mapping[str, str]] | None = None,
        is_ifa_audience: bool | None = None,
        upload_description: str | None = None,
    ) -> LineBotResponse:
        body = _drop_none(
            {
                "description": description,
                "isIfaAudience": is_ifa_audience,
                "uploadDescription": upload_description,
                "audiences": list(audiences) if audiences is not None else None,
            }
        )
        return self._request("POST", "/v2/bot/audienceGroup/upload", json=body)

    def create_audience_for_click_based_retargeting(
        self, description: str, request_id: str, click_url: str | None = None
    ) -> LineBotResponse:
        body = _drop_none({"description": description, "requestId": request_id, "clickUrl": click_url})
        return self._request("POST", "/v2/bot/audienceGroup/click", json=body)

    def create_audience_for_impression_based_retargeting(
        self, description: str, request_id: str
    ) -> LineBotResponse:
        body = {"description": description, "requestId": request_id}
        return self._request("POST", "/v2/bot/audienceGroup/imp", json=body)

    def rename_audience(self, audience_group_id: int, description: str) -> LineBotResponse:
        return self._request(
            "PUT",
            f"/v2/bot/audienceGroup/{_seg(audience_group_id, 'audience_group_id')}/updateDescription",
            json={"description": description},
        )

    def get_audience_data(self, audience_group_id: int) -> LineBotResponse:
        return self._request("GET", f"/v2/bot/audienceGroup/{_seg(audience_group_id, 'audience_group_id')}")

    def delete_audience(self, audience_group_id: int) -> LineBotResponse:
        return self._request(
            "DELETE", f"/v2/bot/audienceGroup/{_seg(audience_group_id, 'audience_group_id')}"
        )

    def get_data_for_multiple_audience(
        self,
        page: int = 1,
        description: str | None = None,
        status: str | None = None,
        size: int | None = None,
        includes_external_public_groups: bool | None = None,
        create_route: str | None = None,
    ) -> LineBotResponse:
        params = {
            "page": page,
            "description": description,
            "status": status,
            "size": size,
            "includesExternalPublicGroups": (
                None
                if includes_external_public_groups is None
                else str(includes_external_public_groups).lower()
            ),
            "createRoute": create_route,
        }
        return self._request("GET", "/v2/bot/audienceGroup/list", params=params)

    def update_authority_level(self, authority_level: str) -> LineBotResponse:
        if authority_level not in ("PUBLIC", "PRIVATE"):
            raise ValueError("authority_level must be PUBLIC or PRIVATE")
        return self._request(
            "PUT", "/v2/bot/audienceGroup/authorityLevel", json={"authorityLevel": authority_level}
        )

    def get_authority_level(self) -> LineBotResponse:
        return self._request("GET", "/v2/bot/audienceGroup/authorityLevel")
