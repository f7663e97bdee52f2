"""The fake platform's answers for the operations beyond messaging and rich menus.

Aggregation units, LINE notification messages (PNP), memberships, coupons, per-unit and rich menu
insights, audiences by file and shared audiences, LIFF apps, modules and chat control, and the
mission sticker: simple answers in the shape LINE's OpenAPI documents give, with state where a
follow-up call reads it (a LIFF app added is listed, a coupon created can be read and closed),
and ``next`` / ``hasNextPage`` pagination where LINE pages.
"""

from __future__ import annotations

import email.parser
import email.policy
from typing import Any

from .fake_routes import PlatformState, RecordedRequest, _Reply, route

_ID = "([^/]+)"


def _state(fake: PlatformState, name: str, default: Any) -> Any:
    """Per-platform state of these routes, forgotten by ``fake.reset()``."""
    return fake.extra.setdefault(name, default)


def _page(items: list[Any], req: RecordedRequest, key: str, default_limit: int = 100) -> dict[str, Any]:
    """One ``start``/``limit`` page of ``items`` under ``key``, with ``next`` while more remain."""
    try:
        limit = max(1, int(req.query.get("limit") or default_limit))
        start = max(0, int(req.query.get("start") or 0))
    except ValueError:
        raise _Reply(400, {"message": "start and limit must be numbers here"}) from None
    body: dict[str, Any] = {key: items[start : start + limit]}
    if start + limit < len(items):
        body["next"] = str(start + limit)
    return body


def _multipart(req: RecordedRequest) -> dict[str, bytes]:
    """The fields of a multipart/form-data body, by name."""
    head = f"Content-Type: {req.header('content-type') or ''}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + req.body)
    fields: dict[str, bytes] = {}
    if message.is_multipart():
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if name:
                payload = part.get_payload(decode=True)
                fields[str(name)] = payload if isinstance(payload, bytes) else b""
    return fields


# ------------------------------------------------------------ aggregation units


@route("GET", "/v2/bot/message/aggregation/info")
def aggregation_usage(fake: PlatformState, req: RecordedRequest) -> Any:
    return {"numOfCustomAggregationUnits": len(_state(fake, "aggregation_units", []))}


@route("GET", "/v2/bot/message/aggregation/list")
def aggregation_names(fake: PlatformState, req: RecordedRequest) -> Any:
    return _page(_state(fake, "aggregation_units", []), req, "customAggregationUnits")


# ------------------------------------------------------------------------ PNP


@route("POST", "/bot/pnp/push")
def pnp_push(fake: PlatformState, req: RecordedRequest) -> Any:
    body = req.json or {}
    fake.sent_messages.append(
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
def pnp_statistics(fake: PlatformState, req: RecordedRequest) -> Any:
    sent = sum(1 for m in fake.sent_messages if m["kind"] == "pnp")
    return {"status": "ready", "success": sent}


# ---------------------------------------------------------------- memberships


def _memberships(fake: PlatformState) -> dict[int, dict[str, Any]]:
    return _state(
        fake,
        "memberships",
        {
            1: {
                "membershipId": 1,
                "title": "Gold",
                "description": "The fake platform's one plan",
                "benefits": ["A sticker"],
                "price": 500.0,
                "currency": "JPY",
                "memberCount": 0,
                "memberLimit": None,
                "isInAppPurchase": False,
                "isPublished": True,
            }
        },
    )


def _members(fake: PlatformState) -> dict[int, list[str]]:
    return _state(fake, "membership_users", {})


@route("GET", "/v2/bot/membership/subscription/" + _ID)
def membership_subscription(fake: PlatformState, req: RecordedRequest, user_id: str) -> Any:
    plans = _memberships(fake)
    subs = [
        {
            "membership": {
                "membershipId": plan_id,
                "title": plans[plan_id]["title"],
                "description": plans[plan_id]["description"],
                "benefits": plans[plan_id]["benefits"],
                "price": plans[plan_id]["price"],
                "currency": plans[plan_id]["currency"],
            },
            "user": {
                "membershipNo": users.index(user_id) + 1,
                "joinedTime": 1700000000,
                "nextBillingDate": "2026-12-01",
                "totalSubscriptionMonths": 1,
            },
        }
        for plan_id, users in _members(fake).items()
        if user_id in users and plan_id in plans
    ]
    if not subs:
        raise _Reply(404, {"message": "The user has no membership"})
    return {"subscriptions": subs}


@route("GET", "/v2/bot/membership/list")
def membership_list(fake: PlatformState, req: RecordedRequest) -> Any:
    return {"memberships": list(_memberships(fake).values())}


@route("GET", "/v2/bot/membership/" + _ID + "/users/ids")
def membership_users(fake: PlatformState, req: RecordedRequest, membership_id: str) -> Any:
    try:
        plan = int(membership_id)
    except ValueError:
        raise _Reply(400, {"message": "membershipId must be a number"}) from None
    if plan not in _memberships(fake):
        raise _Reply(404, {"message": "Membership not found"})
    return _page(_members(fake).get(plan, []), req, "userIds", 300)


# -------------------------------------------------------------------- coupons


def _coupons(fake: PlatformState) -> dict[str, dict[str, Any]]:
    return _state(fake, "coupons", {})


def _coupon(fake: PlatformState, coupon_id: str) -> dict[str, Any]:
    try:
        return _coupons(fake)[coupon_id]
    except KeyError:
        raise _Reply(404, {"message": "Coupon not found"}) from None


@route("GET", "/v2/bot/coupon")
def coupon_list(fake: PlatformState, req: RecordedRequest) -> Any:
    wanted = req.query.get("status")
    items = [
        {"couponId": c["couponId"], "title": c["title"]}
        for c in _coupons(fake).values()
        if not wanted or c["status"] == wanted
    ]
    return _page(items, req, "items", 20)


@route("POST", "/v2/bot/coupon")
def coupon_create(fake: PlatformState, req: RecordedRequest) -> Any:
    coupons = _coupons(fake)
    coupon_id = f"COUPON{len(coupons) + 1:04d}"
    coupons[coupon_id] = {**(req.json or {}), "couponId": coupon_id, "status": "RUNNING"}
    return {"couponId": coupon_id}


@route("GET", "/v2/bot/coupon/" + _ID)
def coupon_detail(fake: PlatformState, req: RecordedRequest, coupon_id: str) -> Any:
    return _coupon(fake, coupon_id)


@route("PUT", "/v2/bot/coupon/" + _ID + "/close")
def coupon_close(fake: PlatformState, req: RecordedRequest, coupon_id: str) -> Any:
    coupon = _coupon(fake, coupon_id)
    if coupon["status"] == "CLOSED":
        raise _Reply(400, {"message": "The coupon is already closed"})
    coupon["status"] = "CLOSED"
    return {}


# ------------------------------------------------------------------- insights


@route("GET", "/v2/bot/insight/message/event/aggregation")
def statistics_per_unit(fake: PlatformState, req: RecordedRequest) -> Any:
    return {
        "overview": {"uniqueImpression": None, "uniqueClick": None, "uniqueMediaPlayed": None},
        "messages": [],
        "clicks": [],
    }


@route("GET", "/v2/bot/insight/richmenu/" + _ID + "/(summary|daily)")
def rich_menu_insight(fake: PlatformState, req: RecordedRequest, rich_menu_id: str, kind: str) -> Any:
    if rich_menu_id not in fake.rich_menus:
        raise _Reply(404, {"message": "Not found"})
    return {
        "richMenuId": rich_menu_id,
        "metricsFrom": req.query.get("from"),
        "metricsTo": req.query.get("to"),
    }


# ------------------------------------------------------------------ audiences


@route("PUT", "/v2/bot/audienceGroup/upload")
def audience_add(fake: PlatformState, req: RecordedRequest) -> Any:
    body = req.json or {}
    group = fake.audiences.get(body.get("audienceGroupId"))  # type: ignore[arg-type]
    if group is None:
        raise _Reply(404, {"message": "audience group not found"})
    group["audienceCount"] += len(body.get("audiences") or [])
    return 202, {}, {}


@route("POST", "/v2/bot/audienceGroup/upload/byFile")
def audience_by_file(fake: PlatformState, req: RecordedRequest) -> Any:
    fields = _multipart(req)
    if "file" not in fields:
        raise _Reply(400, {"message": "file is required"})
    group_id = len(fake.audiences) + 1000
    fake.audiences[group_id] = {
        "audienceGroupId": group_id,
        "type": "UPLOAD",
        "description": fields.get("description", b"").decode("utf-8", "replace"),
        "status": "IN_PROGRESS",
        "audienceCount": len(fields["file"].split()),
        "created": 1700000000,
    }
    return 202, {**fake.audiences[group_id], "createRoute": "MESSAGING_API", "permission": "READ_WRITE"}, {}


@route("PUT", "/v2/bot/audienceGroup/upload/byFile")
def audience_add_by_file(fake: PlatformState, req: RecordedRequest) -> Any:
    fields = _multipart(req)
    try:
        group = fake.audiences[int(fields.get("audienceGroupId", b""))]
    except (KeyError, ValueError):
        raise _Reply(404, {"message": "audience group not found"}) from None
    group["audienceCount"] += len(fields.get("file", b"").split())
    return 202, {}, {}


def _shared(fake: PlatformState) -> list[dict[str, Any]]:
    return _state(fake, "shared_audiences", [])


@route("GET", "/v2/bot/audienceGroup/shared/list")
def shared_audience_list(fake: PlatformState, req: RecordedRequest) -> Any:
    groups = _shared(fake)
    try:
        page = max(1, int(req.query.get("page") or 1))
        size = max(1, min(40, int(req.query.get("size") or 20)))
    except ValueError:
        raise _Reply(400, {"message": "page and size must be numbers"}) from None
    items = groups[(page - 1) * size : page * size]
    return {
        "audienceGroups": items,
        "hasNextPage": page * size < len(groups),
        "totalCount": len(groups),
        "page": page,
        "size": size,
    }


@route("GET", "/v2/bot/audienceGroup/shared/" + _ID)
def shared_audience(fake: PlatformState, req: RecordedRequest, group_id: str) -> Any:
    for group in _shared(fake):
        if str(group["audienceGroupId"]) == group_id:
            return {
                "audienceGroup": group,
                "jobs": [],
                "owner": {"serviceType": "bm", "id": "1", "name": "Fake"},
            }
    raise _Reply(404, {"message": "audience group not found"})


# ----------------------------------------------------------------------- LIFF


def _liff(fake: PlatformState) -> dict[str, dict[str, Any]]:
    return _state(fake, "liff_apps", {})


@route("POST", "/liff/v1/apps")
def liff_add(fake: PlatformState, req: RecordedRequest) -> Any:
    apps = _liff(fake)
    liff_id = f"1234567890-{len(apps) + 1:08d}"
    apps[liff_id] = {**(req.json or {}), "liffId": liff_id}
    return {"liffId": liff_id}


@route("GET", "/liff/v1/apps")
def liff_list(fake: PlatformState, req: RecordedRequest) -> Any:
    apps = list(_liff(fake).values())
    if not apps:
        raise _Reply(404, {"message": "no LIFF app"})  # LINE answers 404 when there is none
    return {"apps": apps}


@route("PUT", "/liff/v1/apps/" + _ID)
def liff_update(fake: PlatformState, req: RecordedRequest, liff_id: str) -> Any:
    app = _liff(fake).get(liff_id)
    if app is None:
        raise _Reply(404, {"message": "LIFF app not found"})
    for key, value in (req.json or {}).items():
        app[key] = {**app.get(key, {}), **value} if isinstance(value, dict) else value
    return {}


@route("DELETE", "/liff/v1/apps/" + _ID)
def liff_delete(fake: PlatformState, req: RecordedRequest, liff_id: str) -> Any:
    if _liff(fake).pop(liff_id, None) is None:
        raise _Reply(404, {"message": "LIFF app not found"})
    return {}


# ----------------------------------------------------- modules and chat control


def _bots(fake: PlatformState) -> list[dict[str, Any]]:
    return _state(fake, "module_bots", [])


# Named oauth_*: the fake asks no bearer token of it (LINE takes the module channel's ID and secret).
@route("POST", "/module/auth/v1/token")
def oauth_module_attach(fake: PlatformState, req: RecordedRequest) -> Any:
    form = req.form or {}
    if form.get("grant_type") != "authorization_code" or not form.get("code"):
        raise _Reply(400, {"error": "invalid_request", "error_description": "code is required"})
    bot_id = f"Ubot{len(_bots(fake)) + 1:028d}"
    _bots(fake).append({"userId": bot_id, "basicId": "@fake", "displayName": "Fake bot"})
    return {"bot_id": bot_id, "scopes": ["message:send", "message:receive"]}


@route("POST", "/v2/bot/channel/detach")
def module_detach(fake: PlatformState, req: RecordedRequest) -> Any:
    bot_id = (req.json or {}).get("botId")
    bots = _bots(fake)
    bots[:] = [b for b in bots if b["userId"] != bot_id]
    return {}


@route("POST", "/v2/bot/chat/" + _ID + "/control/(acquire|release)")
def chat_control(fake: PlatformState, req: RecordedRequest, chat_id: str, action: str) -> Any:
    control = _state(fake, "chat_control", {})
    if action == "acquire":
        control[chat_id] = req.json or {}
    else:
        control.pop(chat_id, None)
    return {}


@route("GET", "/v2/bot/list")
def module_bots(fake: PlatformState, req: RecordedRequest) -> Any:
    return _page(_bots(fake), req, "bots", 100)


# ----------------------------------------------------------------------- shop


@route("POST", "/shop/v3/mission")
def mission_sticker(fake: PlatformState, req: RecordedRequest) -> Any:
    _state(fake, "mission_stickers", []).append(req.json or {})
    return {}
