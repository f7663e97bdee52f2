"""A fake LINE platform: a threaded HTTP server on 127.0.0.1 for tests.

It answers the Messaging API and channel access token endpoints from memory,
records every request, injects faults on demand, and, when given LINE's
OpenAPI documents, refuses any request whose shape disagrees with them::

    with FakeLinePlatform() as line:
        api = LineBotApi(channel_access_token="t", api_endpoint=line.url, api_data_endpoint=line.url)
        api.push_message("U1", [{"type": "text", "text": "hi"}])
        assert line.sent_messages[0]["messages"][0]["text"] == "hi"
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..sdk import limits
from .fake_routes import _ROUTES, RecordedRequest, _Reply, route
from .openapi import SpecValidator

MAX_RICH_MENU_IMAGE = limits.RICH_MENU_IMAGE_MAX_BYTES
AUTH_FAILED = "Authentication failed. Confirm that the access token in the authorization header is valid."
SEND_KINDS = limits.SEND_KINDS
# Documented LINE endpoints missing from the OpenAPI documents we validate against.
OUTSIDE_SPEC = {
    ("GET", "/v2/bot/audienceGroup/authorityLevel"),
    ("PUT", "/v2/bot/audienceGroup/authorityLevel"),
}


@dataclass
class Fault:
    """What to do to matching requests instead of (or after) answering them."""

    status: int | None = None
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: str | None = None  # "before": close without answering; "after": process, then close
    path: str | None = None  # a regex searched in the path
    method: str | None = None
    times: int | None = 1  # None: for ever

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method == method) and (
            self.path is None or re.search(self.path, path) is not None
        )


class FakeLinePlatform:
    """The fake platform. ``start()``/``stop()`` or use it as a context manager."""

    def __init__(
        self,
        spec_dir: str | None = None,
        access_tokens: set[str] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        seed: int = 0,
    ) -> None:
        self.validator = SpecValidator(spec_dir) if spec_dir else None
        self.access_tokens = access_tokens  # None: any non-empty bearer token is accepted
        self._host, self._port = host, port
        self._lock = threading.RLock()
        self._random = random.Random(seed)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.rate_limits: dict[str, tuple[int, float]] = {}
        self.reset()

    # ------------------------------------------------------------- control

    def reset(self) -> None:
        """Forget every request, message, rich menu, token and fault."""
        with self._lock:
            self.requests: list[RecordedRequest] = []
            self.sent_messages: list[dict[str, Any]] = []
            self.retry_keys: dict[str, str] = {}
            self.rich_menus: dict[str, dict[str, Any]] = {}
            self.rich_menu_images: dict[str, tuple[str, bytes]] = {}
            self.aliases: dict[str, str] = {}
            self.default_rich_menu: str | None = None
            self.user_rich_menus: dict[str, str] = {}
            self.contents: dict[str, tuple[str, bytes]] = {}
            self.profiles: dict[str, dict[str, Any]] = {}
            self.followers: list[str] = []
            self.issued_tokens: dict[str, dict[str, Any]] = {}
            self.audiences: dict[int, dict[str, Any]] = {}
            self.authority_level = "PUBLIC"
            self.webhook_endpoint = "https://example.com/line/webhook/"
            self.quota = 1000
            self.narrowcast_phase = "succeeded"  # or "waiting", "sending", "failed"
            self.faults: list[Fault] = []
            self.fault_rate = 0.0
            self.fault_kinds: tuple[str, ...] = ()
            self._window: dict[str, list[float]] = {}
            self.extra: dict[str, Any] = {}  # state of the routes in fake_line_more

    def start(self) -> FakeLinePlatform:
        platform = self

        class Handler(_Handler):
            fake = platform

        self._server = ThreadingHTTPServer((self._host, self._port), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-line", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeLinePlatform:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the fake platform first"
        host, port = self._server.socket.getsockname()[:2]
        return f"http://{host}:{port}"

    def add_fault(self, **kwargs: Any) -> Fault:
        """Inject a :class:`Fault` (``status=500``, ``delay=2``, ``drop="after"``, ``times=3``...)."""
        fault = Fault(**kwargs)
        with self._lock:
            self.faults.append(fault)
        return fault

    def set_fault_rate(self, rate: float, kinds: tuple[str, ...] = ("500", "429", "drop")) -> None:
        """Fail about ``rate`` of send requests at random with one of ``kinds``
        (``"500"``, ``"429"``, ``"timeout"``, ``"drop"``, ``"drop_after"``)."""
        with self._lock:
            self.fault_rate, self.fault_kinds = rate, kinds

    def set_rate_limit(self, path_regex: str, limit: int, per_seconds: float = 1.0) -> None:
        """Answer 429 once more than ``limit`` requests hit ``path_regex`` within ``per_seconds``."""
        with self._lock:
            self.rate_limits[path_regex] = (limit, per_seconds)

    def requests_to(self, path: str, method: str | None = None) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == path and (method is None or r.method == method)]

    @property
    def last_request(self) -> RecordedRequest:
        with self._lock:
            return self.requests[-1]

    # ------------------------------------------------------------ dispatch

    def _pick_fault(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.matches(method, path):
                    if fault.times is not None:
                        fault.times -= 1
                        if fault.times <= 0:
                            self.faults.remove(fault)
                    return fault
            sending = path.startswith("/v2/bot/message/") and method == "POST"
            if sending and self.fault_rate and self._random.random() < self.fault_rate:
                kind = self._random.choice(self.fault_kinds)
                return {
                    "500": Fault(status=500),
                    "429": Fault(status=429, body={"message": "Too many requests"}),
                    "timeout": Fault(delay=3.0, drop="before"),
                    "drop": Fault(drop="before"),
                    "drop_after": Fault(drop="after"),
                }[kind]
        return None

    def _rate_limited(self, path: str) -> bool:
        now = time.monotonic()
        with self._lock:
            for regex, (limit, per) in self.rate_limits.items():
                if re.search(regex, path):
                    window = [t for t in self._window.get(regex, []) if now - t < per]
                    if len(window) >= limit:
                        self._window[regex] = window
                        return True
                    window.append(now)
                    self._window[regex] = window
        return False

    def handle(self, req: RecordedRequest) -> tuple[int, Any, dict[str, str]]:
        """Answer one request: (status, JSON body or (content type, bytes), headers)."""
        if req.path == "/_fake/sent" and req.method == "GET":
            # Not LINE's: lets another process (``linebot_simulate``) read what the bot sent.
            since = int(req.query.get("since") or 0)
            with self._lock:
                sent = [{k: v for k, v in m.items() if k != "body"} for m in self.sent_messages[since:]]
                return 200, {"sent": sent, "next": since + len(sent)}, {}
        if self.validator is not None and (req.method, req.path) not in OUTSIDE_SPEC:
            body = req.json if req.json is not None else req.form
            if body is None and req.body:
                body = req.body
            op, errors = self.validator.check(
                req.method, req.path, req.query, req.header("content-type"), body
            )
            req.operation_id = op.operation_id if op else None
            req.spec_errors = errors
            if op is None:
                return 404, {"message": "Not found"}, {}
            if errors:
                details = [{"message": e, "property": e.split(":")[0]} for e in errors]
                return 400, {"message": "The request body has 1 error(s)", "details": details}, {}
        for method, regex, func in _ROUTES:
            if method != req.method:
                continue
            match = regex.match(req.path)
            if match:
                if not func.__name__.startswith("oauth_"):
                    auth = req.header("authorization") or ""
                    token = auth[7:] if auth.startswith("Bearer ") else ""
                    known = self.access_tokens
                    if (
                        not token
                        or token == "None"
                        or (known is not None and token not in known and token not in self.issued_tokens)
                    ):
                        return 401, {"message": AUTH_FAILED}, {}
                if self._rate_limited(req.path):
                    return 429, {"message": "Too many requests"}, {}
                try:
                    with self._lock:
                        result = func(self, req, *match.groups())
                except _Reply as reply:
                    return reply.status, reply.body, reply.headers
                if isinstance(result, tuple):
                    return result
                return 200, result if result is not None else {}, {}
        return 404, {"message": "Not found"}, {}

    # ------------------------------------------------------------- helpers

    def _accept_send(
        self, req: RecordedRequest, kind: str, status: int = 200
    ) -> tuple[int, Any, dict[str, str]]:
        key = req.header("x-line-retry-key")
        request_id = req.request_id
        if key is not None:
            try:
                uuid.UUID(key)
            except ValueError:
                raise _Reply(
                    400, {"message": "The value for the 'X-Line-Retry-Key' header is invalid"}
                ) from None
            if kind == "reply":
                raise _Reply(400, {"message": "X-Line-Retry-Key is not supported for reply"})
            if key in self.retry_keys:
                accepted = self.retry_keys[key]
                raise _Reply(
                    409,
                    {"message": "The retry key is already accepted", "sentMessages": []},
                    {"x-line-accepted-request-id": accepted},
                )
        if self.quota is not None and self.quota <= 0 and kind != "reply":
            raise _Reply(429, {"message": "You have reached your monthly limit."})
        body = req.json or {}
        self.sent_messages.append(
            {
                "kind": kind,
                "to": body.get("to"),
                "reply_token": body.get("replyToken"),
                "messages": body.get("messages", []),
                "retry_key": key,
                "request_id": request_id,
                "body": body,
            }
        )
        if key is not None:
            self.retry_keys[key] = request_id
        if kind == "narrowcast":
            return 202, {}, {}
        sent = [{"id": str(self._random.randrange(10**17, 10**18))} for _ in body.get("messages", [])]
        return status, {"sentMessages": sent} if kind in ("reply", "push") else {}, {}

    def messages_to(self, user_id: str) -> list[dict[str, Any]]:
        """Every message object delivered to ``user_id`` (push, reply by token, or multicast)."""
        with self._lock:
            out = []
            for sent in self.sent_messages:
                to = sent["to"]
                if to == user_id or (isinstance(to, list) and user_id in to):
                    out.extend(sent["messages"])
            return out


_ID = "([^/]+)"


@route("POST", "/v2/bot/message/(reply|push|multicast|broadcast|narrowcast)")
def send(fake: FakeLinePlatform, req: RecordedRequest, kind: str) -> Any:
    return fake._accept_send(req, kind)


@route("GET", "/v2/bot/message/progress/narrowcast")
def narrowcast_progress(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    rid = req.query.get("requestId")
    if not any(s["request_id"] == rid and s["kind"] == "narrowcast" for s in fake.sent_messages):
        raise _Reply(404, {"message": "Not found"})
    body: dict[str, Any] = {"phase": fake.narrowcast_phase, "acceptedTime": "2026-01-01T00:00:00.000Z"}
    if fake.narrowcast_phase == "succeeded":
        body.update(successCount=1, failureCount=0, targetCount=1, completedTime="2026-01-01T00:00:01.000Z")
    elif fake.narrowcast_phase == "failed":
        body.update(
            failedDescription="audience too small", errorCode=2, completedTime="2026-01-01T00:00:01.000Z"
        )
    return body


@route("POST", "/v2/bot/message/validate/(reply|push|multicast|narrowcast|broadcast)")
def validate_messages(fake: FakeLinePlatform, req: RecordedRequest, kind: str) -> Any:
    return {}


@route("GET", "/v2/bot/message/quota")
def quota(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    return {"type": "limited", "value": fake.quota}


@route("GET", "/v2/bot/message/quota/consumption")
def consumption(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    return {"totalUsage": sum(1 for s in fake.sent_messages if s["kind"] != "reply")}


@route("GET", "/v2/bot/message/delivery/(reply|push|multicast|broadcast)")
def delivery(fake: FakeLinePlatform, req: RecordedRequest, kind: str) -> Any:
    return {"status": "ready", "success": sum(1 for s in fake.sent_messages if s["kind"] == kind)}


@route("GET", "/v2/bot/insight/message/delivery")
def insight_delivery(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    return {"status": "ready", "broadcast": 0, "targeting": 0}


@route("GET", "/v2/bot/insight/followers")
def insight_followers(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    return {
        "status": "ready",
        "followers": len(fake.followers),
        "targetedReaches": len(fake.followers),
        "blocks": 0,
    }


@route("GET", "/v2/bot/insight/demographic")
def demographic(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    return {
        "available": True,
        "genders": [],
        "ages": [],
        "areas": [],
        "appTypes": [],
        "subscriptionPeriods": [],
    }


@route("GET", "/v2/bot/insight/message/event")
def message_event(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    return {
        "overview": {"requestId": req.query.get("requestId"), "timestamp": 0, "delivered": 0},
        "messages": [],
        "clicks": [],
    }


@route("GET", "/v2/bot/profile/" + _ID)
def profile(fake: FakeLinePlatform, req: RecordedRequest, user_id: str) -> Any:
    return fake.profiles.get(user_id) or {
        "displayName": f"User {user_id[-4:]}",
        "userId": user_id,
        "language": "en",
        "pictureUrl": "https://profile.line-scdn.net/fake",
        "statusMessage": "Hello",
    }


@route("GET", "/v2/bot/followers/ids")
def followers(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    limit = int(req.query.get("limit") or 1000)
    start = int(req.query.get("start") or 0)
    ids = fake.followers[start : start + limit]
    body: dict[str, Any] = {"userIds": ids}
    if start + limit < len(fake.followers):
        body["next"] = str(start + limit)
    return body


@route("GET", "/v2/bot/info")
def bot_info(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    return {
        "userId": "Ufakebot",
        "basicId": "@fakebot",
        "displayName": "Fake bot",
        "chatMode": "bot",
        "markAsReadMode": "auto",
    }


@route("GET", "/v2/bot/group/" + _ID + "/summary")
def group_summary(fake: FakeLinePlatform, req: RecordedRequest, group_id: str) -> Any:
    return {
        "groupId": group_id,
        "groupName": "Fake group",
        "pictureUrl": "https://profile.line-scdn.net/g",
    }


@route("GET", "/v2/bot/(group|room)/" + _ID + "/member/" + _ID)
def member_profile(fake: FakeLinePlatform, req: RecordedRequest, kind: str, chat: str, user_id: str) -> Any:
    return {
        "displayName": f"Member {user_id[-4:]}",
        "userId": user_id,
        "pictureUrl": "https://profile.line-scdn.net/m",
    }


@route("GET", "/v2/bot/(group|room)/" + _ID + "/members/count")
def member_count(fake: FakeLinePlatform, req: RecordedRequest, kind: str, chat: str) -> Any:
    return {"count": 3}


@route("GET", "/v2/bot/(group|room)/" + _ID + "/members/ids")
def member_ids(fake: FakeLinePlatform, req: RecordedRequest, kind: str, chat: str) -> Any:
    return {"memberIds": ["U1", "U2", "U3"]}


@route("POST", "/v2/bot/(group|room)/" + _ID + "/leave")
def leave(fake: FakeLinePlatform, req: RecordedRequest, kind: str, chat: str) -> Any:
    return {}


@route("POST", "/v2/bot/user/" + _ID + "/linkToken")
def link_token(fake: FakeLinePlatform, req: RecordedRequest, user_id: str) -> Any:
    return {"linkToken": uuid.uuid4().hex}


@route("GET", "/v2/bot/channel/webhook/endpoint")
def get_webhook(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    return {"endpoint": fake.webhook_endpoint, "active": True}


@route("PUT", "/v2/bot/channel/webhook/endpoint")
def set_webhook(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    fake.webhook_endpoint = (req.json or {}).get("endpoint", "")
    return {}


@route("POST", "/v2/bot/channel/webhook/test")
def test_webhook(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    return {
        "success": True,
        "timestamp": "2026-01-01T00:00:00Z",
        "statusCode": 200,
        "reason": "OK",
        "detail": "200",
    }


@route("GET", "/v2/bot/message/" + _ID + "/content")
def content(fake: FakeLinePlatform, req: RecordedRequest, message_id: str) -> Any:
    if message_id not in fake.contents:
        raise _Reply(404, {"message": "Not found"})
    return 200, fake.contents[message_id], {}


@route("GET", "/v2/bot/message/" + _ID + "/content/preview")
def content_preview(fake: FakeLinePlatform, req: RecordedRequest, message_id: str) -> Any:
    if message_id not in fake.contents:
        raise _Reply(404, {"message": "Not found"})
    return 200, ("image/jpeg", fake.contents[message_id][1][:64]), {}


@route("GET", "/v2/bot/message/" + _ID + "/content/transcoding")
def transcoding(fake: FakeLinePlatform, req: RecordedRequest, message_id: str) -> Any:
    return {"status": "succeeded"}


@route("POST", "/v2/bot/chat/loading/start")
def loading(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    return 202, {}, {}


@route("POST", "/v2/bot/(?:message|chat)/markAsRead")
def mark_as_read(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    return {}


# ------------------------------------------------------------ rich menus


def _menu(fake: FakeLinePlatform, rich_menu_id: str) -> dict[str, Any]:
    if rich_menu_id not in fake.rich_menus:
        raise _Reply(404, {"message": "Not found"})
    return fake.rich_menus[rich_menu_id]


def _check_menu(body: dict[str, Any]) -> None:
    size = body.get("size") or {}
    width, height = size.get("width", 0), size.get("height", 0)
    if (
        not limits.RICH_MENU_MIN_WIDTH <= width <= limits.RICH_MENU_MAX_WIDTH
        or height < limits.RICH_MENU_MIN_HEIGHT
    ):
        raise _Reply(
            400,
            {
                "message": "The request body has 1 error(s)",
                "details": [{"message": "invalid size", "property": "size"}],
            },
        )
    if len(body.get("areas") or []) > limits.RICH_MENU_MAX_AREAS:
        raise _Reply(
            400,
            {
                "message": "The request body has 1 error(s)",
                "details": [{"message": "too many areas", "property": "areas"}],
            },
        )


@route("POST", "/v2/bot/richmenu")
def create_menu(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    body = req.json or {}
    _check_menu(body)
    rich_menu_id = "richmenu-" + uuid.uuid4().hex
    fake.rich_menus[rich_menu_id] = {"richMenuId": rich_menu_id, **body}
    return {"richMenuId": rich_menu_id}


@route("POST", "/v2/bot/richmenu/validate")
def validate_menu(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    _check_menu(req.json or {})
    return {}


@route("GET", "/v2/bot/richmenu/list")
def list_menus(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    return {"richmenus": list(fake.rich_menus.values())}


@route("GET", "/v2/bot/richmenu/alias/list")
def list_aliases(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    return {"aliases": [{"richMenuAliasId": a, "richMenuId": m} for a, m in fake.aliases.items()]}


@route("POST", "/v2/bot/richmenu/alias")
def create_alias(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    body = req.json or {}
    alias, menu = body.get("richMenuAliasId"), body.get("richMenuId", "")
    if not isinstance(alias, str):
        raise _Reply(
            400, {"message": "The request body has 1 error(s)", "details": [{"property": "richMenuAliasId"}]}
        )
    _menu(fake, menu)
    if alias in fake.aliases:
        raise _Reply(400, {"message": "conflict richmenu alias id"})
    fake.aliases[alias] = menu
    return {}


@route("GET", "/v2/bot/richmenu/alias/" + _ID)
def get_alias(fake: FakeLinePlatform, req: RecordedRequest, alias: str) -> Any:
    if alias not in fake.aliases:
        raise _Reply(404, {"message": "Not found"})
    return {"richMenuAliasId": alias, "richMenuId": fake.aliases[alias]}


@route("POST", "/v2/bot/richmenu/alias/" + _ID)
def update_alias(fake: FakeLinePlatform, req: RecordedRequest, alias: str) -> Any:
    if alias not in fake.aliases:
        raise _Reply(404, {"message": "Not found"})
    menu = (req.json or {}).get("richMenuId", "")
    _menu(fake, menu)
    fake.aliases[alias] = menu
    return {}


@route("DELETE", "/v2/bot/richmenu/alias/" + _ID)
def delete_alias(fake: FakeLinePlatform, req: RecordedRequest, alias: str) -> Any:
    if fake.aliases.pop(alias, None) is None:
        raise _Reply(404, {"message": "Not found"})
    return {}


@route("POST", "/v2/bot/richmenu/bulk/link")
def bulk_link(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    body = req.json or {}
    _menu(fake, body.get("richMenuId", ""))
    for user_id in body.get("userIds", []):
        fake.user_rich_menus[user_id] = body["richMenuId"]
    return 202, {}, {}


@route("POST", "/v2/bot/richmenu/bulk/unlink")
def bulk_unlink(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    for user_id in (req.json or {}).get("userIds", []):
        fake.user_rich_menus.pop(user_id, None)
    return 202, {}, {}


@route("POST", "/v2/bot/richmenu/batch")
def batch(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    for op in (req.json or {}).get("operations", []):
        if op.get("type") == "link":
            for user, menu in list(fake.user_rich_menus.items()):
                if menu == op.get("from"):
                    fake.user_rich_menus[user] = op["to"]
        elif op.get("type") == "unlink":
            fake.user_rich_menus = {u: m for u, m in fake.user_rich_menus.items() if m != op.get("from")}
        elif op.get("type") == "unlinkAll":
            fake.user_rich_menus.clear()
    return 202, {}, {}


@route("POST", "/v2/bot/richmenu/validate/batch")
def validate_batch(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    return {}


@route("GET", "/v2/bot/richmenu/progress/batch")
def batch_progress(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    return {
        "phase": "succeeded",
        "acceptedTime": "2026-01-01T00:00:00.000Z",
        "completedTime": "2026-01-01T00:00:01.000Z",
    }


@route("GET", "/v2/bot/richmenu/" + _ID + "/content")
def get_menu_image(fake: FakeLinePlatform, req: RecordedRequest, rich_menu_id: str) -> Any:
    _menu(fake, rich_menu_id)
    if rich_menu_id not in fake.rich_menu_images:
        raise _Reply(404, {"message": "Not found"})
    return 200, fake.rich_menu_images[rich_menu_id], {}


@route("POST", "/v2/bot/richmenu/" + _ID + "/content")
def set_menu_image(fake: FakeLinePlatform, req: RecordedRequest, rich_menu_id: str) -> Any:
    _menu(fake, rich_menu_id)
    ctype = (req.header("content-type") or "").split(";")[0]
    if ctype not in limits.RICH_MENU_IMAGE_FORMATS.values():
        raise _Reply(415, {"message": "Unsupported Media Type"})
    if len(req.body) > MAX_RICH_MENU_IMAGE:
        raise _Reply(413, {"message": "Request Entity Too Large"})
    if rich_menu_id in fake.rich_menu_images:
        raise _Reply(400, {"message": "An image has already been uploaded to the richmenu"})
    fake.rich_menu_images[rich_menu_id] = (ctype, req.body)
    return {}


@route("GET", "/v2/bot/richmenu/" + _ID)
def get_menu(fake: FakeLinePlatform, req: RecordedRequest, rich_menu_id: str) -> Any:
    return _menu(fake, rich_menu_id)


@route("DELETE", "/v2/bot/richmenu/" + _ID)
def delete_menu(fake: FakeLinePlatform, req: RecordedRequest, rich_menu_id: str) -> Any:
    _menu(fake, rich_menu_id)
    del fake.rich_menus[rich_menu_id]
    fake.rich_menu_images.pop(rich_menu_id, None)
    return {}


@route("POST", "/v2/bot/user/all/richmenu/" + _ID)
def set_default(fake: FakeLinePlatform, req: RecordedRequest, rich_menu_id: str) -> Any:
    _menu(fake, rich_menu_id)
    fake.default_rich_menu = rich_menu_id
    return {}


@route("GET", "/v2/bot/user/all/richmenu")
def get_default(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    if fake.default_rich_menu is None:
        raise _Reply(404, {"message": "no default richmenu"})
    return {"richMenuId": fake.default_rich_menu}


@route("DELETE", "/v2/bot/user/all/richmenu")
def cancel_default(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    fake.default_rich_menu = None
    return {}


@route("GET", "/v2/bot/user/" + _ID + "/richmenu")
def user_menu(fake: FakeLinePlatform, req: RecordedRequest, user_id: str) -> Any:
    if user_id not in fake.user_rich_menus:
        raise _Reply(404, {"message": "the user has no richmenu"})
    return {"richMenuId": fake.user_rich_menus[user_id]}


@route("DELETE", "/v2/bot/user/" + _ID + "/richmenu")
def unlink_user(fake: FakeLinePlatform, req: RecordedRequest, user_id: str) -> Any:
    fake.user_rich_menus.pop(user_id, None)
    return {}


@route("POST", "/v2/bot/user/" + _ID + "/richmenu/" + _ID)
def link_user(fake: FakeLinePlatform, req: RecordedRequest, user_id: str, rich_menu_id: str) -> Any:
    _menu(fake, rich_menu_id)
    fake.user_rich_menus[user_id] = rich_menu_id
    return {}


# -------------------------------------------------------- channel tokens


def _issue(fake: FakeLinePlatform, kind: str, expires_in: int, key_id: str | None = None) -> dict[str, Any]:
    token = f"fake-{kind}-" + uuid.uuid4().hex
    fake.issued_tokens[token] = {
        "kind": kind,
        "expires_in": expires_in,
        "key_id": key_id,
        "revoked": False,
    }
    body: dict[str, Any] = {"access_token": token, "expires_in": expires_in, "token_type": "Bearer"}
    if key_id:
        body["key_id"] = key_id
    return body


def _form(req: RecordedRequest, *names: str) -> list[str]:
    form = req.form or {}
    missing = [n for n in names if not form.get(n)]
    if missing:
        raise _Reply(400, {"error": "invalid_request", "error_description": f"{missing[0]} is required"})
    return [form[n] for n in names]


@route("POST", "/v2/oauth/accessToken")
def oauth_issue(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    _form(req, "grant_type", "client_id", "client_secret")
    return _issue(fake, "short", 2592000)


@route("POST", "/v2/oauth/verify")
def oauth_verify(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    (token,) = _form(req, "access_token")
    info = fake.issued_tokens.get(token)
    if not info or info["revoked"]:
        raise _Reply(400, {"error": "invalid_request", "error_description": "access token expired"})
    return {"client_id": "1234567890", "expires_in": info["expires_in"], "scope": "P CM"}


@route("POST", "/v2/oauth/revoke")
def oauth_revoke(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    (token,) = _form(req, "access_token")
    if token in fake.issued_tokens:
        fake.issued_tokens[token]["revoked"] = True
    return {}


@route("POST", "/oauth2/v2.1/token")
def oauth_issue_v21(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    _form(req, "grant_type", "client_assertion_type", "client_assertion")
    return _issue(fake, "v2.1", 2592000, key_id=uuid.uuid4().hex[:22])


@route("GET", "/oauth2/v2.1/tokens/kid")
def oauth_kids(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    if not req.query.get("client_assertion"):
        raise _Reply(400, {"error": "invalid_request", "error_description": "client_assertion is required"})
    kids = [t["key_id"] for t in fake.issued_tokens.values() if t["key_id"] and not t["revoked"]]
    return {"kids": kids}


@route("GET", "/oauth2/v2.1/verify")
def oauth_verify_v21(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    info = fake.issued_tokens.get(req.query.get("access_token", ""))
    if not info or info["revoked"]:
        raise _Reply(400, {"error": "invalid_request", "error_description": "access token expired"})
    return {"client_id": "1234567890", "expires_in": info["expires_in"], "scope": "P CM"}


@route("POST", "/oauth2/v2.1/revoke")
def oauth_revoke_v21(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    _, _, token = _form(req, "client_id", "client_secret", "access_token")
    if token in fake.issued_tokens:
        fake.issued_tokens[token]["revoked"] = True
    return {}


@route("POST", "/oauth2/v3/token")
def oauth_stateless(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    form = req.form or {}
    if not (form.get("client_assertion") or (form.get("client_id") and form.get("client_secret"))):
        raise _Reply(400, {"error": "invalid_request", "error_description": "credentials are required"})
    body = _issue(fake, "stateless", 900)
    return body


# -------------------------------------------------------------- audiences


def _new_audience(fake: FakeLinePlatform, req: RecordedRequest, kind: str) -> Any:
    group_id = len(fake.audiences) + 1000
    body = req.json or {}
    fake.audiences[group_id] = {
        "audienceGroupId": group_id,
        "type": kind,
        "description": body.get("description", ""),
        "status": "READY",
        "audienceCount": len(body.get("audiences") or []),
        "created": int(time.time()),
    }
    return (
        202,
        {**fake.audiences[group_id], "createRoute": "MESSAGING_API", "permission": "READ_WRITE"},
        {},
    )


@route("POST", "/v2/bot/audienceGroup/upload")
def audience_upload(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    return _new_audience(fake, req, "UPLOAD")


@route("POST", "/v2/bot/audienceGroup/click")
def audience_click(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    return _new_audience(fake, req, "CLICK")


@route("POST", "/v2/bot/audienceGroup/imp")
def audience_imp(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    return _new_audience(fake, req, "IMP")


def _audience(fake: FakeLinePlatform, group_id: str) -> dict[str, Any]:
    try:
        return fake.audiences[int(group_id)]
    except (KeyError, ValueError):
        raise _Reply(404, {"message": "audience group not found"}) from None


@route("PUT", "/v2/bot/audienceGroup/" + _ID + "/updateDescription")
def audience_rename(fake: FakeLinePlatform, req: RecordedRequest, group_id: str) -> Any:
    _audience(fake, group_id)["description"] = (req.json or {}).get("description", "")
    return {}


@route("GET", "/v2/bot/audienceGroup/list")
def audience_list(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    groups = list(fake.audiences.values())
    return {
        "audienceGroups": groups,
        "hasNextPage": False,
        "totalCount": len(groups),
        "page": int(req.query.get("page") or 1),
        "size": 20,
    }


@route("GET", "/v2/bot/audienceGroup/authorityLevel")
def get_authority(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    return {"authorityLevel": fake.authority_level}


@route("PUT", "/v2/bot/audienceGroup/authorityLevel")
def set_authority(fake: FakeLinePlatform, req: RecordedRequest) -> Any:
    fake.authority_level = (req.json or {}).get("authorityLevel", "PUBLIC")
    return {}


@route("GET", "/v2/bot/audienceGroup/" + _ID)
def audience_get(fake: FakeLinePlatform, req: RecordedRequest, group_id: str) -> Any:
    return {"audienceGroup": _audience(fake, group_id), "jobs": []}


@route("DELETE", "/v2/bot/audienceGroup/" + _ID)
def audience_delete(fake: FakeLinePlatform, req: RecordedRequest, group_id: str) -> Any:
    _audience(fake, group_id)
    del fake.audiences[int(group_id)]
    return {}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out at once, with no 40 ms delayed-ACK stall
    wbufsize = 64 * 1024
    fake: FakeLinePlatform

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def _serve(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        req = RecordedRequest(
            self.command,
            parts.path,
            {k: v[-1] for k, v in parse_qs(parts.query).items()},
            headers,
            body,
            request_id=str(uuid.uuid4()),
        )
        ctype = headers.get("content-type", "")
        if body and ctype.startswith("application/json"):
            try:
                req.json = json.loads(body)
            except ValueError:
                req.json = None
        elif body and ctype.startswith("application/x-www-form-urlencoded"):
            req.form = {k: v[-1] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
        with self.fake._lock:
            self.fake.requests.append(req)
        fault = self.fake._pick_fault(req.method, req.path)
        if fault and fault.delay:
            time.sleep(fault.delay)
        if fault and fault.drop == "before":
            self.close_connection = True
            self.connection.close()
            return
        if fault and fault.status and not fault.drop:
            status, payload, extra = (
                fault.status,
                fault.body or {"message": HTTPStatus(fault.status).phrase},
                fault.headers,
            )
        else:
            status, payload, extra = self.fake.handle(req)
        if fault and fault.drop == "after":
            self.close_connection = True
            self.connection.close()
            return
        req.status = status
        if isinstance(payload, tuple):
            ctype_out, raw = payload
        else:
            ctype_out, raw = "application/json", json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype_out)
        self.send_header("Content-Length", str(len(raw)))
        self.send_header("x-line-request-id", req.request_id)
        for k, v in extra.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(raw)

    do_GET = do_POST = do_PUT = do_DELETE = _serve


# The routes of the operations beyond messaging and rich menus (LIFF, modules, coupons, ...).
from . import fake_line_more  # noqa: E402, F401
