"""The fake's answers for the operations beyond messaging, rich menus, audiences and insight.

Memberships, coupons, LIFF apps, modules and chat control, and the mission sticker: simple answers in
the shape LINE's OpenAPI documents give, with state where a follow-up call reads it (a LIFF app added
is listed, a coupon created can be read and closed), and ``next`` / ``hasNextPage`` pagination where
LINE pages. Their state lives in the channel's ``extra``, by name.
"""

from __future__ import annotations

from typing import Any

from .routing import ID, RecordedRequest, Reply, page, route
from .state import ChannelState

# ---------------------------------------------------------------- memberships


def _memberships(ch: ChannelState) -> dict[int, dict[str, Any]]:
    return ch.extra.setdefault(
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


def _members(ch: ChannelState) -> dict[int, list[str]]:
    return ch.extra.setdefault("membership_users", {})


@route("GET", "/v2/bot/membership/subscription/" + ID)
def membership_subscription(ch: ChannelState, req: RecordedRequest, user_id: str) -> Any:
    plans = _memberships(ch)
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
        for plan_id, users in _members(ch).items()
        if user_id in users and plan_id in plans
    ]
    if not subs:
        raise Reply(404, {"message": "The user has no membership"})
    return {"subscriptions": subs}


@route("GET", "/v2/bot/membership/list")
def membership_list(ch: ChannelState, req: RecordedRequest) -> Any:
    return {"memberships": list(_memberships(ch).values())}


@route("GET", "/v2/bot/membership/" + ID + "/users/ids")
def membership_users(ch: ChannelState, req: RecordedRequest, membership_id: str) -> Any:
    try:
        plan = int(membership_id)
    except ValueError:
        raise Reply(400, {"message": "membershipId must be a number"}) from None
    if plan not in _memberships(ch):
        raise Reply(404, {"message": "Membership not found"})
    return page(_members(ch).get(plan, []), req, "userIds", 300)


# -------------------------------------------------------------------- coupons


def _coupons(ch: ChannelState) -> dict[str, dict[str, Any]]:
    return ch.extra.setdefault("coupons", {})


def _coupon(ch: ChannelState, coupon_id: str) -> dict[str, Any]:
    try:
        return _coupons(ch)[coupon_id]
    except KeyError:
        raise Reply(404, {"message": "Coupon not found"}) from None


@route("GET", "/v2/bot/coupon")
def coupon_list(ch: ChannelState, req: RecordedRequest) -> Any:
    wanted = req.query.get("status")
    items = [
        {"couponId": c["couponId"], "title": c["title"]}
        for c in _coupons(ch).values()
        if not wanted or c["status"] == wanted
    ]
    return page(items, req, "items", 20)


@route("POST", "/v2/bot/coupon")
def coupon_create(ch: ChannelState, req: RecordedRequest) -> Any:
    coupons = _coupons(ch)
    coupon_id = f"COUPON{len(coupons) + 1:04d}"
    coupons[coupon_id] = {**(req.json or {}), "couponId": coupon_id, "status": "RUNNING"}
    return {"couponId": coupon_id}


@route("GET", "/v2/bot/coupon/" + ID)
def coupon_detail(ch: ChannelState, req: RecordedRequest, coupon_id: str) -> Any:
    return _coupon(ch, coupon_id)


@route("PUT", "/v2/bot/coupon/" + ID + "/close")
def coupon_close(ch: ChannelState, req: RecordedRequest, coupon_id: str) -> Any:
    coupon = _coupon(ch, coupon_id)
    if coupon["status"] == "CLOSED":
        raise Reply(400, {"message": "The coupon is already closed"})
    coupon["status"] = "CLOSED"
    return {}


# ----------------------------------------------------------------------- LIFF


def _liff(ch: ChannelState) -> dict[str, dict[str, Any]]:
    return ch.extra.setdefault("liff_apps", {})


@route("POST", "/liff/v1/apps")
def liff_add(ch: ChannelState, req: RecordedRequest) -> Any:
    apps = _liff(ch)
    liff_id = f"1234567890-{len(apps) + 1:08d}"
    apps[liff_id] = {**(req.json or {}), "liffId": liff_id}
    return {"liffId": liff_id}


@route("GET", "/liff/v1/apps")
def liff_list(ch: ChannelState, req: RecordedRequest) -> Any:
    apps = list(_liff(ch).values())
    if not apps:
        raise Reply(404, {"message": "no LIFF app"})  # LINE answers 404 when there is none
    return {"apps": apps}


@route("PUT", "/liff/v1/apps/" + ID)
def liff_update(ch: ChannelState, req: RecordedRequest, liff_id: str) -> Any:
    app = _liff(ch).get(liff_id)
    if app is None:
        raise Reply(404, {"message": "LIFF app not found"})
    for key, value in (req.json or {}).items():
        app[key] = {**app.get(key, {}), **value} if isinstance(value, dict) else value
    return {}


@route("DELETE", "/liff/v1/apps/" + ID)
def liff_delete(ch: ChannelState, req: RecordedRequest, liff_id: str) -> Any:
    if _liff(ch).pop(liff_id, None) is None:
        raise Reply(404, {"message": "LIFF app not found"})
    return {}


# ----------------------------------------------------- modules and chat control


def _bots(ch: ChannelState) -> list[dict[str, Any]]:
    return ch.extra.setdefault("module_bots", [])


# No bearer token: LINE takes the module channel's ID and secret.
@route("POST", "/module/auth/v1/token", auth=False)
def oauth_module_attach(ch: ChannelState, req: RecordedRequest) -> Any:
    form = req.form or {}
    if form.get("grant_type") != "authorization_code" or not form.get("code"):
        raise Reply(400, {"error": "invalid_request", "error_description": "code is required"})
    bot_id = f"Ubot{len(_bots(ch)) + 1:028d}"
    _bots(ch).append({"userId": bot_id, "basicId": "@fake", "displayName": "Fake bot"})
    return {"bot_id": bot_id, "scopes": ["message:send", "message:receive"]}


@route("POST", "/v2/bot/channel/detach")
def module_detach(ch: ChannelState, req: RecordedRequest) -> Any:
    bot_id = (req.json or {}).get("botId")
    bots = _bots(ch)
    bots[:] = [b for b in bots if b["userId"] != bot_id]
    return {}


@route("POST", "/v2/bot/chat/" + ID + "/control/(acquire|release)")
def chat_control(ch: ChannelState, req: RecordedRequest, chat_id: str, action: str) -> Any:
    control = ch.extra.setdefault("chat_control", {})
    if action == "acquire":
        control[chat_id] = req.json or {}
    else:
        control.pop(chat_id, None)
    return {}


@route("GET", "/v2/bot/list")
def module_bots(ch: ChannelState, req: RecordedRequest) -> Any:
    return page(_bots(ch), req, "bots", 100)


# ----------------------------------------------------------------------- shop


@route("POST", "/shop/v3/mission")
def mission_sticker(ch: ChannelState, req: RecordedRequest) -> Any:
    ch.extra.setdefault("mission_stickers", []).append(req.json or {})
    return {}
