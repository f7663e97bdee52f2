"""The fake's insight routes: delivery and follower counts, demographics, message events, per-unit
statistics and rich menu insights."""

from __future__ import annotations

from typing import Any

from .routing import ID, RecordedRequest, Reply, route
from .state import ChannelState


@route("GET", "/v2/bot/insight/message/delivery")
def insight_delivery(ch: ChannelState, req: RecordedRequest) -> Any:
    return {"status": "ready", "broadcast": 0, "targeting": 0}


@route("GET", "/v2/bot/insight/followers")
def insight_followers(ch: ChannelState, req: RecordedRequest) -> Any:
    return {
        "status": "ready",
        "followers": len(ch.followers),
        "targetedReaches": len(ch.followers),
        "blocks": 0,
    }


@route("GET", "/v2/bot/insight/demographic")
def demographic(ch: ChannelState, req: RecordedRequest) -> Any:
    return {
        "available": True,
        "genders": [],
        "ages": [],
        "areas": [],
        "appTypes": [],
        "subscriptionPeriods": [],
    }


@route("GET", "/v2/bot/insight/message/event")
def message_event(ch: ChannelState, req: RecordedRequest) -> Any:
    return {
        "overview": {"requestId": req.query.get("requestId"), "timestamp": 0, "delivered": 0},
        "messages": [],
        "clicks": [],
    }


@route("GET", "/v2/bot/insight/message/event/aggregation")
def statistics_per_unit(ch: ChannelState, req: RecordedRequest) -> Any:
    return {
        "overview": {"uniqueImpression": None, "uniqueClick": None, "uniqueMediaPlayed": None},
        "messages": [],
        "clicks": [],
    }


@route("GET", "/v2/bot/insight/richmenu/" + ID + "/(summary|daily)")
def rich_menu_insight(ch: ChannelState, req: RecordedRequest, rich_menu_id: str, kind: str) -> Any:
    if rich_menu_id not in ch.rich_menus:
        raise Reply(404, {"message": "Not found"})
    return {
        "richMenuId": rich_menu_id,
        "metricsFrom": req.query.get("from"),
        "metricsTo": req.query.get("to"),
    }
