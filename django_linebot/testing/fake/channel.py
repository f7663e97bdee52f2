"""The fake's channel routes: profiles, followers, the bot, groups and rooms, account links,
message content, the loading animation, read marks, and the webhook endpoint and its test."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from ...sdk.signature import SIGNATURE_HEADER, compute_signature
from .routing import ID, RecordedRequest, Reply, route
from .state import ChannelState

#: The fake bot's user ID: ``destination`` of the webhook deliveries it makes.
BOT_USER_ID = "Ufakebot"
#: Hosts the webhook test really calls: this machine only.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
#: Seconds the webhook test waits for the bot's answer.
WEBHOOK_TIMEOUT = 5


@route("GET", "/v2/bot/profile/" + ID)
def profile(ch: ChannelState, req: RecordedRequest, user_id: str) -> Any:
    return ch.profiles.get(user_id) or {
        "displayName": f"User {user_id[-4:]}",
        "userId": user_id,
        "language": "en",
        "pictureUrl": "https://profile.line-scdn.net/fake",
        "statusMessage": "Hello",
    }


@route("GET", "/v2/bot/followers/ids")
def followers(ch: ChannelState, req: RecordedRequest) -> Any:
    given_limit, given_start = req.query.get("limit") or "", req.query.get("start") or ""
    if not all(value.isdigit() for value in (given_limit, given_start) if value):  # a start never given
        raise Reply(400, {"message": "The request parameters are invalid"})
    limit = int(given_limit) if given_limit else 1000
    start = int(given_start) if given_start else 0
    ids = ch.followers[start : start + limit]
    body: dict[str, Any] = {"userIds": ids}
    if start + limit < len(ch.followers):
        body["next"] = str(start + limit)
    return body


@route("GET", "/v2/bot/info")
def bot_info(ch: ChannelState, req: RecordedRequest) -> Any:
    return {
        "userId": BOT_USER_ID,
        "basicId": "@fakebot",
        "displayName": "Fake bot",
        "chatMode": "bot",
        "markAsReadMode": "auto",
    }


@route("GET", "/v2/bot/group/" + ID + "/summary")
def group_summary(ch: ChannelState, req: RecordedRequest, group_id: str) -> Any:
    return {
        "groupId": group_id,
        "groupName": "Fake group",
        "pictureUrl": "https://profile.line-scdn.net/g",
    }


@route("GET", "/v2/bot/(group|room)/" + ID + "/member/" + ID)
def member_profile(ch: ChannelState, req: RecordedRequest, kind: str, chat: str, user_id: str) -> Any:
    return {
        "displayName": f"Member {user_id[-4:]}",
        "userId": user_id,
        "pictureUrl": "https://profile.line-scdn.net/m",
    }


@route("GET", "/v2/bot/(group|room)/" + ID + "/members/count")
def member_count(ch: ChannelState, req: RecordedRequest, kind: str, chat: str) -> Any:
    return {"count": 3}


@route("GET", "/v2/bot/(group|room)/" + ID + "/members/ids")
def member_ids(ch: ChannelState, req: RecordedRequest, kind: str, chat: str) -> Any:
    return {"memberIds": ["U1", "U2", "U3"]}


@route("POST", "/v2/bot/(group|room)/" + ID + "/leave")
def leave(ch: ChannelState, req: RecordedRequest, kind: str, chat: str) -> Any:
    return {}


@route("POST", "/v2/bot/user/" + ID + "/linkToken")
def link_token(ch: ChannelState, req: RecordedRequest, user_id: str) -> Any:
    return {"linkToken": uuid.uuid4().hex}


@route("GET", "/v2/bot/channel/webhook/endpoint")
def get_webhook(ch: ChannelState, req: RecordedRequest) -> Any:
    return {"endpoint": ch.webhook_endpoint, "active": True}


@route("PUT", "/v2/bot/channel/webhook/endpoint")
def set_webhook(ch: ChannelState, req: RecordedRequest) -> Any:
    ch.webhook_endpoint = (req.json or {}).get("endpoint", "")
    return {}


@route("POST", "/v2/bot/channel/webhook/test", locked=False)
def test_webhook(ch: ChannelState, req: RecordedRequest) -> Any:
    """LINE posts a test delivery to the endpoint and reports how it answered.

    The fake really posts (``{"destination": ..., "events": []}``, signed with the channel's secret)
    when the endpoint is on this machine (127.0.0.1, localhost, ::1); any other endpoint is answered
    as a success without a call. Without a secret the delivery goes unsigned, and the bot refuses it.
    """
    endpoint = (req.json or {}).get("endpoint") or ch.webhook_endpoint
    stamp = datetime.fromtimestamp(ch.platform.now(), tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    try:
        parts = urlsplit(endpoint)
        local = parts.scheme in ("http", "https") and parts.hostname in LOCAL_HOSTS
    except (TypeError, ValueError):
        local = False
    if not local:
        return {"success": True, "timestamp": stamp, "statusCode": 200, "reason": "OK", "detail": "200"}
    body = json.dumps({"destination": BOT_USER_ID, "events": []}).encode()
    headers = {"Content-Type": "application/json", "User-Agent": "LineBotWebhook/2.0"}
    if ch.secret is not None:
        headers[SIGNATURE_HEADER] = compute_signature(body, ch.secret)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # straight to this machine
    try:
        request = urllib.request.Request(endpoint, body, headers)  # noqa: S310 - http(s), checked above
        with opener.open(request, timeout=WEBHOOK_TIMEOUT) as res:
            status = res.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except TimeoutError:
        return _webhook_failed(stamp, "REQUEST_TIMEOUT", f"no answer within {WEBHOOK_TIMEOUT} seconds")
    except (urllib.error.URLError, OSError) as exc:
        return _webhook_failed(stamp, "COULD_NOT_CONNECT", str(getattr(exc, "reason", exc)))
    ok = 200 <= status < 300
    return {
        "success": ok,
        "timestamp": stamp,
        "statusCode": status,
        "reason": "OK" if ok else "ERROR_STATUS_CODE",
        "detail": str(status),
    }


def _webhook_failed(stamp: str, reason: str, detail: str) -> dict[str, Any]:
    return {"success": False, "timestamp": stamp, "statusCode": 0, "reason": reason, "detail": detail}


@route("GET", "/v2/bot/message/" + ID + "/content")
def content(ch: ChannelState, req: RecordedRequest, message_id: str) -> Any:
    if message_id not in ch.contents:
        raise Reply(404, {"message": "Not found"})
    return 200, ch.contents[message_id], {}


@route("GET", "/v2/bot/message/" + ID + "/content/preview")
def content_preview(ch: ChannelState, req: RecordedRequest, message_id: str) -> Any:
    if message_id not in ch.contents:
        raise Reply(404, {"message": "Not found"})
    return 200, ("image/jpeg", ch.contents[message_id][1][:64]), {}


@route("GET", "/v2/bot/message/" + ID + "/content/transcoding")
def transcoding(ch: ChannelState, req: RecordedRequest, message_id: str) -> Any:
    return {"status": "succeeded"}


@route("POST", "/v2/bot/chat/loading/start")
def loading(ch: ChannelState, req: RecordedRequest) -> Any:
    return 202, {}, {}


@route("POST", "/v2/bot/(?:message|chat)/markAsRead")
def mark_as_read(ch: ChannelState, req: RecordedRequest) -> Any:
    return {}
