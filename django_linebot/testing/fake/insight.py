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
    """The figures of :attr:`ChannelState.rich_menu_insights` between ``from`` and ``to``: per day
    (``daily``) or summed (``summary``); only ``richMenuId`` when none (LINE's privacy threshold)."""
    if rich_menu_id not in ch.rich_menus:
        raise Reply(404, {"message": "Not found"})
    first, last = req.query.get("from"), req.query.get("to")
    if not (isinstance(first, str) and isinstance(last, str) and first.isdigit() and last.isdigit()):
        raise Reply(400, {"message": "The request parameters 'from' and 'to' are required (yyyyMMdd)"})
    days = sorted(d for d in ch.rich_menu_insights.get(rich_menu_id, {}) if first <= d <= last)
    if not days:
        return {"richMenuId": rich_menu_id}
    figures = [ch.rich_menu_insights[rich_menu_id][d] for d in days]
    areas = [area.get("bounds", {}) for area in ch.rich_menus[rich_menu_id].get("areas", [])]

    def metrics(pairs: list[Any]) -> Any:
        if kind == "summary":
            return {"count": sum(p[0] for p in pairs), "uniqueUsers": sum(p[1] for p in pairs)}
        return [{"date": d, "count": p[0], "uniqueUsers": p[1]} for d, p in zip(days, pairs, strict=True)]

    def clicks(i: int) -> list[Any]:
        return [(f.get("clicks") or [])[i] if i < len(f.get("clicks") or []) else [0, 0] for f in figures]

    return {
        "richMenuId": rich_menu_id,
        "metricsFrom": days[0],
        "metricsTo": days[-1],
        "impression": {"metrics": metrics([f.get("impression") or [0, 0] for f in figures])},
        "clicks": [{"bounds": bounds, "metrics": metrics(clicks(i))} for i, bounds in enumerate(areas)],
    }
