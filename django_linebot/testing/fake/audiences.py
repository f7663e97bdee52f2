"""The fake's audience routes: groups by user IDs, by file, by clicks and impressions; shared
audiences; the authority level."""

from __future__ import annotations

import email.parser
import email.policy
from typing import Any

from .routing import ID, RecordedRequest, Reply, route
from .state import ChannelState


def _new_audience(ch: ChannelState, req: RecordedRequest, kind: str) -> Any:
    group_id = len(ch.audiences) + 1000
    body = req.json or {}
    ch.audiences[group_id] = {
        "audienceGroupId": group_id,
        "type": kind,
        "description": body.get("description", ""),
        "status": "READY",
        "audienceCount": len(body.get("audiences") or []),
        "created": int(ch.platform.now()),
    }
    return (
        202,
        {**ch.audiences[group_id], "createRoute": "MESSAGING_API", "permission": "READ_WRITE"},
        {},
    )


@route("POST", "/v2/bot/audienceGroup/upload")
def audience_upload(ch: ChannelState, req: RecordedRequest) -> Any:
    return _new_audience(ch, req, "UPLOAD")


@route("POST", "/v2/bot/audienceGroup/click")
def audience_click(ch: ChannelState, req: RecordedRequest) -> Any:
    return _new_audience(ch, req, "CLICK")


@route("POST", "/v2/bot/audienceGroup/imp")
def audience_imp(ch: ChannelState, req: RecordedRequest) -> Any:
    return _new_audience(ch, req, "IMP")


def _audience(ch: ChannelState, group_id: str) -> dict[str, Any]:
    try:
        return ch.audiences[int(group_id)]
    except (KeyError, ValueError):
        raise Reply(404, {"message": "audience group not found"}) from None


@route("PUT", "/v2/bot/audienceGroup/" + ID + "/updateDescription")
def audience_rename(ch: ChannelState, req: RecordedRequest, group_id: str) -> Any:
    _audience(ch, group_id)["description"] = (req.json or {}).get("description", "")
    return {}


@route("GET", "/v2/bot/audienceGroup/list")
def audience_list(ch: ChannelState, req: RecordedRequest) -> Any:
    groups = list(ch.audiences.values())
    return {
        "audienceGroups": groups,
        "hasNextPage": False,
        "totalCount": len(groups),
        "page": int(req.query.get("page") or 1),
        "size": 20,
    }


@route("GET", "/v2/bot/audienceGroup/authorityLevel")
def get_authority(ch: ChannelState, req: RecordedRequest) -> Any:
    return {"authorityLevel": ch.authority_level}


@route("PUT", "/v2/bot/audienceGroup/authorityLevel")
def set_authority(ch: ChannelState, req: RecordedRequest) -> Any:
    ch.authority_level = (req.json or {}).get("authorityLevel", "PUBLIC")
    return {}


@route("GET", "/v2/bot/audienceGroup/" + ID)
def audience_get(ch: ChannelState, req: RecordedRequest, group_id: str) -> Any:
    return {"audienceGroup": _audience(ch, group_id), "jobs": []}


@route("DELETE", "/v2/bot/audienceGroup/" + ID)
def audience_delete(ch: ChannelState, req: RecordedRequest, group_id: str) -> Any:
    _audience(ch, group_id)
    del ch.audiences[int(group_id)]
    return {}


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


@route("PUT", "/v2/bot/audienceGroup/upload")
def audience_add(ch: ChannelState, req: RecordedRequest) -> Any:
    body = req.json or {}
    group = ch.audiences.get(body.get("audienceGroupId"))  # type: ignore[arg-type]
    if group is None:
        raise Reply(404, {"message": "audience group not found"})
    group["audienceCount"] += len(body.get("audiences") or [])
    return 202, {}, {}


@route("POST", "/v2/bot/audienceGroup/upload/byFile")
def audience_by_file(ch: ChannelState, req: RecordedRequest) -> Any:
    fields = _multipart(req)
    if "file" not in fields:
        raise Reply(400, {"message": "file is required"})
    group_id = len(ch.audiences) + 1000
    ch.audiences[group_id] = {
        "audienceGroupId": group_id,
        "type": "UPLOAD",
        "description": fields.get("description", b"").decode("utf-8", "replace"),
        "status": "IN_PROGRESS",
        "audienceCount": len(fields["file"].split()),
        "created": 1700000000,
    }
    return 202, {**ch.audiences[group_id], "createRoute": "MESSAGING_API", "permission": "READ_WRITE"}, {}


@route("PUT", "/v2/bot/audienceGroup/upload/byFile")
def audience_add_by_file(ch: ChannelState, req: RecordedRequest) -> Any:
    fields = _multipart(req)
    try:
        group = ch.audiences[int(fields.get("audienceGroupId", b""))]
    except (KeyError, ValueError):
        raise Reply(404, {"message": "audience group not found"}) from None
    group["audienceCount"] += len(fields.get("file", b"").split())
    return 202, {}, {}


def _shared(ch: ChannelState) -> list[dict[str, Any]]:
    return ch.extra.setdefault("shared_audiences", [])


@route("GET", "/v2/bot/audienceGroup/shared/list")
def shared_audience_list(ch: ChannelState, req: RecordedRequest) -> Any:
    groups = _shared(ch)
    try:
        page = max(1, int(req.query.get("page") or 1))
        size = max(1, min(40, int(req.query.get("size") or 20)))
    except ValueError:
        raise Reply(400, {"message": "page and size must be numbers"}) from None
    items = groups[(page - 1) * size : page * size]
    return {
        "audienceGroups": items,
        "hasNextPage": page * size < len(groups),
        "totalCount": len(groups),
        "page": page,
        "size": size,
    }


@route("GET", "/v2/bot/audienceGroup/shared/" + ID)
def shared_audience(ch: ChannelState, req: RecordedRequest, group_id: str) -> Any:
    for group in _shared(ch):
        if str(group["audienceGroupId"]) == group_id:
            return {
                "audienceGroup": group,
                "jobs": [],
                "owner": {"serviceType": "bm", "id": "1", "name": "Fake"},
            }
    raise Reply(404, {"message": "audience group not found"})
