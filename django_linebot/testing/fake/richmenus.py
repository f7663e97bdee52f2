"""The fake's rich menu routes: menus and their images, aliases, the default menu, per-user links,
and the batch operations."""

from __future__ import annotations

import uuid
from typing import Any

from ...sdk import limits
from .routing import ID, RecordedRequest, Reply, bad_request, route
from .rules import check_rich_menu_actions
from .state import ChannelState


def _menu(ch: ChannelState, rich_menu_id: str) -> dict[str, Any]:
    if rich_menu_id not in ch.rich_menus:
        raise Reply(404, {"message": "Not found"})
    return ch.rich_menus[rich_menu_id]


def _check_menu(body: dict[str, Any]) -> None:
    size = body.get("size") or {}
    width, height = size.get("width", 0), size.get("height", 0)
    if (
        not limits.RICH_MENU_MIN_WIDTH <= width <= limits.RICH_MENU_MAX_WIDTH
        or height < limits.RICH_MENU_MIN_HEIGHT
    ):
        raise bad_request([("size", "invalid size")])
    if len(body.get("areas") or []) > limits.RICH_MENU_MAX_AREAS:
        raise bad_request([("areas", "too many areas")])
    check_rich_menu_actions(body)


@route("POST", "/v2/bot/richmenu")
def create_menu(ch: ChannelState, req: RecordedRequest) -> Any:
    body = req.json or {}
    _check_menu(body)
    rich_menu_id = "richmenu-" + uuid.uuid4().hex
    ch.rich_menus[rich_menu_id] = {"richMenuId": rich_menu_id, **body}
    return {"richMenuId": rich_menu_id}


@route("POST", "/v2/bot/richmenu/validate")
def validate_menu(ch: ChannelState, req: RecordedRequest) -> Any:
    _check_menu(req.json or {})
    return {}


@route("GET", "/v2/bot/richmenu/list")
def list_menus(ch: ChannelState, req: RecordedRequest) -> Any:
    return {"richmenus": list(ch.rich_menus.values())}


@route("GET", "/v2/bot/richmenu/alias/list")
def list_aliases(ch: ChannelState, req: RecordedRequest) -> Any:
    return {"aliases": [{"richMenuAliasId": a, "richMenuId": m} for a, m in ch.aliases.items()]}


@route("POST", "/v2/bot/richmenu/alias")
def create_alias(ch: ChannelState, req: RecordedRequest) -> Any:
    body = req.json or {}
    alias, menu = body.get("richMenuAliasId"), body.get("richMenuId", "")
    if not isinstance(alias, str):
        raise bad_request([("richMenuAliasId", "must be specified")])
    _menu(ch, menu)
    if alias in ch.aliases:
        raise Reply(400, {"message": "conflict richmenu alias id"})
    ch.aliases[alias] = menu
    return {}


@route("GET", "/v2/bot/richmenu/alias/" + ID)
def get_alias(ch: ChannelState, req: RecordedRequest, alias: str) -> Any:
    if alias not in ch.aliases:
        raise Reply(404, {"message": "Not found"})
    return {"richMenuAliasId": alias, "richMenuId": ch.aliases[alias]}


@route("POST", "/v2/bot/richmenu/alias/" + ID)
def update_alias(ch: ChannelState, req: RecordedRequest, alias: str) -> Any:
    if alias not in ch.aliases:
        raise Reply(404, {"message": "Not found"})
    menu = (req.json or {}).get("richMenuId", "")
    _menu(ch, menu)
    ch.aliases[alias] = menu
    return {}


@route("DELETE", "/v2/bot/richmenu/alias/" + ID)
def delete_alias(ch: ChannelState, req: RecordedRequest, alias: str) -> Any:
    if ch.aliases.pop(alias, None) is None:
        raise Reply(404, {"message": "Not found"})
    return {}


@route("POST", "/v2/bot/richmenu/bulk/link")
def bulk_link(ch: ChannelState, req: RecordedRequest) -> Any:
    body = req.json or {}
    _menu(ch, body.get("richMenuId", ""))
    for user_id in body.get("userIds", []):
        ch.user_rich_menus[user_id] = body["richMenuId"]
    return 202, {}, {}


@route("POST", "/v2/bot/richmenu/bulk/unlink")
def bulk_unlink(ch: ChannelState, req: RecordedRequest) -> Any:
    for user_id in (req.json or {}).get("userIds", []):
        ch.user_rich_menus.pop(user_id, None)
    return 202, {}, {}


@route("POST", "/v2/bot/richmenu/batch")
def batch(ch: ChannelState, req: RecordedRequest) -> Any:
    for op in (req.json or {}).get("operations", []):
        if op.get("type") == "link":
            for user, menu in list(ch.user_rich_menus.items()):
                if menu == op.get("from"):
                    ch.user_rich_menus[user] = op["to"]
        elif op.get("type") == "unlink":
            ch.user_rich_menus = {u: m for u, m in ch.user_rich_menus.items() if m != op.get("from")}
        elif op.get("type") == "unlinkAll":
            ch.user_rich_menus.clear()
    return 202, {}, {}


@route("POST", "/v2/bot/richmenu/validate/batch")
def validate_batch(ch: ChannelState, req: RecordedRequest) -> Any:
    return {}


@route("GET", "/v2/bot/richmenu/progress/batch")
def batch_progress(ch: ChannelState, req: RecordedRequest) -> Any:
    return {
        "phase": "succeeded",
        "acceptedTime": "2026-01-01T00:00:00.000Z",
        "completedTime": "2026-01-01T00:00:01.000Z",
    }


@route("GET", "/v2/bot/richmenu/" + ID + "/content")
def get_menu_image(ch: ChannelState, req: RecordedRequest, rich_menu_id: str) -> Any:
    _menu(ch, rich_menu_id)
    if rich_menu_id not in ch.rich_menu_images:
        raise Reply(404, {"message": "Not found"})
    return 200, ch.rich_menu_images[rich_menu_id], {}


@route("POST", "/v2/bot/richmenu/" + ID + "/content")
def set_menu_image(ch: ChannelState, req: RecordedRequest, rich_menu_id: str) -> Any:
    _menu(ch, rich_menu_id)
    ctype = (req.header("content-type") or "").split(";")[0]
    if ctype not in limits.RICH_MENU_IMAGE_FORMATS.values():
        raise Reply(415, {"message": "Unsupported Media Type"})
    if len(req.body) > limits.RICH_MENU_IMAGE_MAX_BYTES:
        raise Reply(413, {"message": "Request Entity Too Large"})
    if rich_menu_id in ch.rich_menu_images:
        raise Reply(400, {"message": "An image has already been uploaded to the richmenu"})
    ch.rich_menu_images[rich_menu_id] = (ctype, req.body)
    return {}


@route("GET", "/v2/bot/richmenu/" + ID)
def get_menu(ch: ChannelState, req: RecordedRequest, rich_menu_id: str) -> Any:
    return _menu(ch, rich_menu_id)


@route("DELETE", "/v2/bot/richmenu/" + ID)
def delete_menu(ch: ChannelState, req: RecordedRequest, rich_menu_id: str) -> Any:
    _menu(ch, rich_menu_id)
    del ch.rich_menus[rich_menu_id]
    ch.rich_menu_images.pop(rich_menu_id, None)
    # LINE deletes the menu's aliases with it.
    for alias in [alias for alias, menu in ch.aliases.items() if menu == rich_menu_id]:
        del ch.aliases[alias]
    return {}


@route("POST", "/v2/bot/user/all/richmenu/" + ID)
def set_default(ch: ChannelState, req: RecordedRequest, rich_menu_id: str) -> Any:
    _menu(ch, rich_menu_id)
    ch.default_rich_menu = rich_menu_id
    return {}


@route("GET", "/v2/bot/user/all/richmenu")
def get_default(ch: ChannelState, req: RecordedRequest) -> Any:
    if ch.default_rich_menu is None:
        raise Reply(404, {"message": "no default richmenu"})
    return {"richMenuId": ch.default_rich_menu}


@route("DELETE", "/v2/bot/user/all/richmenu")
def cancel_default(ch: ChannelState, req: RecordedRequest) -> Any:
    ch.default_rich_menu = None
    return {}


@route("GET", "/v2/bot/user/" + ID + "/richmenu")
def user_menu(ch: ChannelState, req: RecordedRequest, user_id: str) -> Any:
    if user_id not in ch.user_rich_menus:
        raise Reply(404, {"message": "the user has no richmenu"})
    return {"richMenuId": ch.user_rich_menus[user_id]}


@route("DELETE", "/v2/bot/user/" + ID + "/richmenu")
def unlink_user(ch: ChannelState, req: RecordedRequest, user_id: str) -> Any:
    ch.user_rich_menus.pop(user_id, None)
    return {}


@route("POST", "/v2/bot/user/" + ID + "/richmenu/" + ID)
def link_user(ch: ChannelState, req: RecordedRequest, user_id: str, rich_menu_id: str) -> Any:
    _menu(ch, rich_menu_id)
    ch.user_rich_menus[user_id] = rich_menu_id
    return {}
