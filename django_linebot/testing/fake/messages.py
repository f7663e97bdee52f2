"""The fake's messaging routes: send (reply, push, multicast, broadcast, narrowcast, PNP), validate,
quota and delivery counts, aggregation units."""

from __future__ import annotations

import uuid
from typing import Any

from ...sdk import limits
from .routing import RecordedRequest, Reply, page, route
from .rules import check_message_actions
from .state import ChannelState

SEND_KINDS = limits.SEND_KINDS
#: The kinds whose answer lists the IDs of the messages sent (LINE's answer).
ANSWERS_SENT_IDS = ("reply", "push")


def accept_send(ch: ChannelState, req: RecordedRequest, kind: str) -> tuple[int, Any, dict[str, str]]:
    """Check and keep one send request, answering as LINE does."""
    key = req.header("x-line-retry-key")
    request_id = req.request_id
    body = req.json or {}
    if key is not None:
        try:
            uuid.UUID(key)
        except ValueError:
            raise Reply(400, {"message": "The value for the 'X-Line-Retry-Key' header is invalid"}) from None
        if kind == "reply":
            raise Reply(400, {"message": "X-Line-Retry-Key is not supported for reply"})
        if key in ch.retry_keys:
            accepted = ch.retry_keys[key]
            raise Reply(
                409,
                {"message": "The retry key is already accepted", "sentMessages": []},
                {"x-line-accepted-request-id": accepted},
            )
    check_message_actions(body.get("messages"))
    if ch.quota is not None and ch.quota <= 0 and kind != "reply":
        raise Reply(429, {"message": "You have reached your monthly limit."})
    if kind == "reply":
        ch.use_reply_token(body.get("replyToken"))
    ch.record_send(
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
        ch.retry_keys[key] = request_id
    if kind == "narrowcast":
        return 202, {}, {}
    rand = ch.platform.rng
    sent = [{"id": str(rand.randrange(10**17, 10**18))} for _ in body.get("messages", [])]
    return 200, {"sentMessages": sent} if kind in ANSWERS_SENT_IDS else {}, {}


@route("POST", "/v2/bot/message/(reply|push|multicast|broadcast|narrowcast)")
def send(ch: ChannelState, req: RecordedRequest, kind: str) -> Any:
    return accept_send(ch, req, kind)


@route("GET", "/v2/bot/message/progress/narrowcast")
def narrowcast_progress(ch: ChannelState, req: RecordedRequest) -> Any:
    rid = req.query.get("requestId")
    if not any(s["request_id"] == rid and s["kind"] == "narrowcast" for s in ch.sent_messages):
        raise Reply(404, {"message": "Not found"})
    body: dict[str, Any] = {"phase": ch.narrowcast_phase, "acceptedTime": "2026-01-01T00:00:00.000Z"}
    if ch.narrowcast_phase == "succeeded":
        body.update(successCount=1, failureCount=0, targetCount=1, completedTime="2026-01-01T00:00:01.000Z")
    elif ch.narrowcast_phase == "failed":
        body.update(
            failedDescription="audience too small", errorCode=2, completedTime="2026-01-01T00:00:01.000Z"
        )
    return body


@route("POST", "/v2/bot/message/validate/(reply|push|multicast|narrowcast|broadcast)")
def validate_messages(ch: ChannelState, req: RecordedRequest, kind: str) -> Any:
    check_message_actions((req.json or {}).get("messages"))
    return {}


@route("GET", "/v2/bot/message/quota")
def quota(ch: ChannelState, req: RecordedRequest) -> Any:
    return {"type": "limited", "value": ch.quota}


@route("GET", "/v2/bot/message/quota/consumption")
def consumption(ch: ChannelState, req: RecordedRequest) -> Any:
    return {"totalUsage": sum(1 for s in ch.sent_messages if s["kind"] != "reply")}


@route("GET", "/v2/bot/message/delivery/(reply|push|multicast|broadcast)")
def delivery(ch: ChannelState, req: RecordedRequest, kind: str) -> Any:
    return {"status": "ready", "success": sum(1 for s in ch.sent_messages if s["kind"] == kind)}


# ------------------------------------------------------------ aggregation units


@route("GET", "/v2/bot/message/aggregation/info")
def aggregation_usage(ch: ChannelState, req: RecordedRequest) -> Any:
    return {"numOfCustomAggregationUnits": len(ch.extra.setdefault("aggregation_units", []))}


@route("GET", "/v2/bot/message/aggregation/list")
def aggregation_names(ch: ChannelState, req: RecordedRequest) -> Any:
    return page(ch.extra.setdefault("aggregation_units", []), req, "customAggregationUnits")


# ------------------------------------------------------------------------ PNP


@route("POST", "/bot/pnp/push")
def pnp_push(ch: ChannelState, req: RecordedRequest) -> Any:
    body = req.json or {}
    ch.record_send(
        {
            "kind": "pnp",
            "to": body.get("to"),
            "reply_token": None,
            "messages": body.get("messages", []),
            "retry_key": None,
            "request_id": req.request_id,
            "body": body,
        }
    )
    return {}


@route("GET", "/v2/bot/message/delivery/pnp")
def pnp_statistics(ch: ChannelState, req: RecordedRequest) -> Any:
    sent = sum(1 for m in ch.sent_messages if m["kind"] == "pnp")
    return {"status": "ready", "success": sent}
