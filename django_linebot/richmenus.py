"""The rich menu life cycle on LINE: publish, set the default, link users, aliases, delete, sync.

LINE images cannot be replaced: a published menu whose image or areas change is published as
a new LINE menu, and its aliases and default status move to the new one before the old one is
deleted. Every function takes the rows of :mod:`django_linebot.models` and calls LINE through the
menu's channel (:func:`django_linebot.channels.get_api`); LINE's refusals raise
``LineBotApiError``, local checks ``ValidationError``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .channels import get_api, settings_channel
from .models import Channel, RichMenu, RichMenuAlias
from .sdk import LineBotApi, LineBotResponse, limits

logger = logging.getLogger(__name__)

LINK_CHUNK = limits.RICH_MENU_USERS_PER_REQUEST


def _api(menu: RichMenu) -> LineBotApi:
    return get_api(menu.channel, raise_errors=False)


def publish(menu: RichMenu) -> bool:
    """Create the menu on LINE and upload its image; False if LINE already has this content.

    On failure LINE keeps nothing half-made (a menu whose image upload failed
    is deleted again) and the row keeps its previous state.
    """
    menu.full_clean_for_line()
    content_hash = menu.content_hash()
    if menu.status == RichMenu.Status.PUBLISHED and menu.published_hash == content_hash:
        return False
    api = _api(menu)
    new_id = api.create_rich_menu(menu.to_line()).raise_for_status().rich_menu_id
    content_type, data = menu.read_image()
    try:
        api.upload_rich_menu_image(new_id, content_type, data).raise_for_status()
        old_id = menu.line_rich_menu_id if menu.status == RichMenu.Status.PUBLISHED else ""
        if old_id:
            for alias in menu.aliases.all():
                api.update_rich_menu_alias(alias.alias_id, new_id).raise_for_status()
            if menu.is_default:
                api.set_default_rich_menu(new_id).raise_for_status()
    except Exception:
        api.delete_rich_menu(new_id)
        raise
    if old_id:
        res = api.delete_rich_menu(old_id)
        if not res.is_success:
            logger.warning("old LINE rich menu %s of %r not deleted: %s", old_id, menu, res.message)
    menu.line_rich_menu_id = new_id
    menu.status = RichMenu.Status.PUBLISHED
    menu.published_hash = content_hash
    menu.published_at = timezone.now()
    menu.save(update_fields=["line_rich_menu_id", "status", "published_hash", "published_at", "updated_at"])
    return True


def _published_id(menu: RichMenu) -> str:
    if menu.status != RichMenu.Status.PUBLISHED or not menu.line_rich_menu_id:
        raise ValidationError(f"Rich menu {menu.name!r} is not published on LINE yet.")
    return menu.line_rich_menu_id


def set_default(menu: RichMenu) -> None:
    """Make ``menu`` the one every user without a linked menu sees."""
    rich_menu_id = _published_id(menu)
    _api(menu).set_default_rich_menu(rich_menu_id).raise_for_status()
    with transaction.atomic():
        RichMenu.objects.filter(channel=menu.channel, is_default=True).exclude(pk=menu.pk).update(
            is_default=False
        )
        menu.is_default = True
        menu.save(update_fields=["is_default", "updated_at"])


def link_users(menu: RichMenu, user_ids: Iterable[str]) -> int:
    """Link users to ``menu``, ``limits.RICH_MENU_USERS_PER_REQUEST`` per request; returns how many."""
    rich_menu_id = _published_id(menu)
    api = _api(menu)
    return _in_chunks(list(user_ids), lambda chunk: api.link_rich_menu_to_multiple_users(chunk, rich_menu_id))


def unlink_users(menu: RichMenu, user_ids: Iterable[str]) -> int:
    """Unlink users from whatever menu they are linked to, chunked as :func:`link_users`; returns how many."""
    return _in_chunks(list(user_ids), _api(menu).unlink_rich_menu_from_multiple_users)


def delete_on_line(menu: RichMenu) -> None:
    """Delete the menu on LINE (its aliases go with it); the row stays as a draft."""
    if menu.line_rich_menu_id:
        res = _api(menu).delete_rich_menu(menu.line_rich_menu_id)
        if res.http_status != 404:
            res.raise_for_status()
    menu.aliases.all().delete()
    menu.line_rich_menu_id = ""
    menu.status = RichMenu.Status.DRAFT
    menu.published_hash = ""
    menu.is_default = False
    menu.save(update_fields=["line_rich_menu_id", "status", "published_hash", "is_default", "updated_at"])


def create_or_switch_alias(alias_id: str, menu: RichMenu) -> RichMenuAlias:
    """Point ``alias_id`` at ``menu`` on LINE, creating the alias if it is new."""
    rich_menu_id = _published_id(menu)
    api = _api(menu)
    existing = RichMenuAlias.objects.filter(alias_id=alias_id, rich_menu__channel=menu.channel).first()
    if existing is None and api.get_rich_menu_alias(alias_id).http_status == 404:
        api.create_rich_menu_alias(alias_id, rich_menu_id).raise_for_status()
    else:
        api.update_rich_menu_alias(alias_id, rich_menu_id).raise_for_status()
    if existing is not None:
        existing.rich_menu = menu
        existing.save(update_fields=["rich_menu"])
        return existing
    return RichMenuAlias.objects.create(alias_id=alias_id, rich_menu=menu)


def delete_alias_on_line(alias: RichMenuAlias) -> None:
    """Delete the alias on LINE (gone there already is fine) and here."""
    res = _api(alias.rich_menu).delete_rich_menu_alias(alias.alias_id)
    if res.http_status != 404:
        res.raise_for_status()
    alias.delete()


def sync(channel: Channel | None = None) -> dict[str, int]:
    """Import the channel's menus created elsewhere on LINE and mark as gone the ones LINE no longer has.

    ``channel=None``: the channel in ``LINEBOT`` settings.
    """
    channel = channel if channel is not None else settings_channel()
    api = get_api(channel, raise_errors=False)
    menus = api.get_rich_menu_list().raise_for_status().data.get("richmenus", [])
    default = api.get_default_rich_menu_id()
    default_id = default.data.get("richMenuId") if default.is_success else None
    on_line = {m["richMenuId"]: m for m in menus}
    known = {r.line_rich_menu_id: r for r in RichMenu.objects.filter(channel=channel) if r.line_rich_menu_id}
    imported = 0
    for rich_menu_id, menu in on_line.items():
        if rich_menu_id in known:
            continue
        row = RichMenu(
            channel=channel,
            name=menu.get("name", "")[: limits.RICH_MENU_NAME_MAX_LENGTH],
            chat_bar_text=menu.get("chatBarText", "")[: limits.RICH_MENU_CHAT_BAR_TEXT_MAX_LENGTH],
            selected=bool(menu.get("selected")),
            line_rich_menu_id=rich_menu_id,
            status=RichMenu.Status.PUBLISHED,
            published_at=timezone.now(),
            is_default=rich_menu_id == default_id,
        )
        _attach_image(api, row, rich_menu_id, menu)
        row.save()
        for area in menu.get("areas", []):
            bounds = area.get("bounds", {})
            row.areas.create(
                x=bounds.get("x", 0),
                y=bounds.get("y", 0),
                width=bounds.get("width", 0),
                height=bounds.get("height", 0),
                action=area.get("action", {}),
            )
        row.published_hash = row.content_hash()
        row.save(update_fields=["published_hash"])
        imported += 1
    gone = 0
    for rich_menu_id, row in known.items():
        if rich_menu_id not in on_line and row.status != RichMenu.Status.GONE:
            row.status = RichMenu.Status.GONE
            row.is_default = False
            row.save(update_fields=["status", "is_default", "updated_at"])
            gone += 1
        elif rich_menu_id in on_line and row.is_default != (rich_menu_id == default_id):
            row.is_default = rich_menu_id == default_id
            row.save(update_fields=["is_default", "updated_at"])
    return {"imported": imported, "gone": gone, "on_line": len(on_line)}


def _attach_image(api: LineBotApi, row: RichMenu, rich_menu_id: str, menu: dict[str, Any]) -> None:
    res = api.download_rich_menu_image(rich_menu_id)
    if res.is_success and res.content:
        ext = "png" if (res.content_type or "").endswith("png") else "jpg"
        row.image.save(f"{rich_menu_id}.{ext}", ContentFile(res.content), save=False)
    size = menu.get("size", {})
    row.width, row.height = row.width or size.get("width", 0), row.height or size.get("height", 0)


def _in_chunks(user_ids: list[str], call: Callable[[list[str]], LineBotResponse]) -> int:
    for start in range(0, len(user_ids), LINK_CHUNK):
        call(user_ids[start : start + LINK_CHUNK]).raise_for_status()
    return len(user_ids)
