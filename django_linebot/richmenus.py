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
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .channels import get_api, settings_channel
from .models import Channel, RichMenu, RichMenuAlias, RichMenuArea, RichMenuScheduleLog, RichMenuUserLink
from .sdk import LineBotApi, LineBotApiError, LineBotNetworkError, LineBotResponse, limits

logger = logging.getLogger(__name__)

LINK_CHUNK = limits.RICH_MENU_USERS_PER_REQUEST


def _api(menu: RichMenu) -> LineBotApi:
    return get_api(menu.channel, raise_errors=False)


class RollbackFailed(LineBotApiError):
    """An operation failed and undoing its first steps on LINE failed too: LINE and the database
    may disagree. The message names what failed and what is left, with LINE's request ids; the
    attributes (status, request id) are those of the first undo step LINE refused."""


@dataclass
class PublishResult:
    """What :func:`publish` did: whether it changed anything on LINE, and what it could not tidy up
    (each warning names LINE's request id)."""

    changed: bool
    warnings: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.changed


class _Undo:
    """The steps done on LINE so far, undone in reverse order when a later step fails."""

    def __init__(self) -> None:
        self.steps: list[tuple[str, Callable[[], LineBotResponse]]] = []

    def add(self, what: str, call: Callable[[], LineBotResponse]) -> None:
        self.steps.append((what, call))

    def run(self, err: BaseException) -> NoReturn:
        """Undo every step, then raise ``err``, or :class:`RollbackFailed` if a step could not be undone."""
        failures: list[tuple[str, Exception]] = []
        for what, call in reversed(self.steps):
            try:
                res = call()
                if res.http_status != 404:
                    res.raise_for_status()
            except Exception as undo_err:  # noqa: BLE001 - every undo step is tried, each failure named
                failures.append((what, undo_err))
        if not failures:
            raise err
        first = next((e for _, e in failures if isinstance(e, LineBotApiError)), None)
        left = "; ".join(f"{what}: {undo_err}" for what, undo_err in failures)
        logger.error("rich menu operation failed (%s) and was not undone: %s", err, left)
        raise RollbackFailed(
            f"{err}; undoing it on LINE failed, LINE and the database disagree until fixed by hand: {left}",
            status=first.status if first else None,
            details=first.details if first else None,
            request_id=first.request_id if first else None,
        ) from err


def _step(
    undo: _Undo, what: str, back: Callable[[], LineBotResponse], call: Callable[[], LineBotResponse]
) -> LineBotResponse:
    """Run one step on LINE and record how to undo it (``what``, ``back``) when LINE did it, or may
    have done it: an answer lost on the way back (a network error) counts as done, so a later failure
    undoes it too (every undo step is harmless when the step had not happened). A refusal records
    nothing. The response is returned unchecked."""
    try:
        res = call()
    except LineBotNetworkError:
        undo.add(what, back)
        raise
    if res.is_success:
        undo.add(what, back)
    return res


def publish(menu: RichMenu) -> PublishResult:
    """Create the menu on LINE, upload its image and move what pointed at the previous LINE menu to it.

    The aliases (recreated on LINE when they are gone with a menu LINE no longer has), the default
    status and the users linked one by one (:class:`~django_linebot.models.RichMenuUserLink`,
    ``limits.RICH_MENU_USERS_PER_REQUEST`` per request) move to the new LINE menu, then the previous
    one is deleted. All or nothing: when a step fails, the steps before it are undone on LINE and the
    row keeps its previous state, then the error is raised (:class:`RollbackFailed` when LINE refused
    an undo step too). A previous menu LINE does not delete is a warning of the result.
    ``changed`` is False when LINE already has this content.
    """
    menu.full_clean_for_line()
    content_hash = menu.content_hash()
    if menu.status == RichMenu.Status.PUBLISHED and menu.published_hash == content_hash:
        return PublishResult(False)
    content_type, data = menu.read_image()
    api = _api(menu)
    old_id = menu.line_rich_menu_id if menu.status == RichMenu.Status.PUBLISHED else ""
    new_id = api.create_rich_menu(menu.to_line()).raise_for_status().rich_menu_id
    undo = _Undo()
    undo.add(f"delete the new LINE menu {new_id}", lambda: api.delete_rich_menu(new_id))
    try:
        api.upload_rich_menu_image(new_id, content_type, data).raise_for_status()
        for alias in menu.aliases.all():
            _point_alias(api, undo, alias.alias_id, new_id, old_id)
        if menu.is_default:
            _step(
                undo,
                "set the default back",
                (lambda: api.set_default_rich_menu(old_id)) if old_id else api.cancel_default_rich_menu,
                lambda: api.set_default_rich_menu(new_id),
            ).raise_for_status()
        users = list(menu.user_links.values_list("user_id", flat=True))
        for chunk in _chunks(users):
            _step(
                undo,
                f"link {len(chunk)} user(s) back",
                _relink(api, chunk, old_id),
                _link(api, chunk, new_id),
            ).raise_for_status()
    except Exception as err:
        undo.run(err)
    result = PublishResult(True)
    if old_id:
        res = api.delete_rich_menu(old_id)
        if not res.is_success and res.http_status != 404:
            text = _error_text(res)
            logger.warning("old LINE rich menu %s of %r not deleted: %s", old_id, menu, text)
            result.warnings.append(
                f"the previous LINE menu {old_id} was not deleted ({text}); "
                "delete it on LINE (nothing points at it any more)"
            )
    menu.line_rich_menu_id = new_id
    menu.status = RichMenu.Status.PUBLISHED
    menu.published_hash = content_hash
    menu.published_at = timezone.now()
    menu.save(update_fields=["line_rich_menu_id", "status", "published_hash", "published_at", "updated_at"])
    return result


def _point_alias(api: LineBotApi, undo: _Undo, alias_id: str, new_id: str, old_id: str) -> None:
    """Point ``alias_id`` at ``new_id``, creating it when LINE no longer has it; how to undo that."""
    delete = (f"delete the alias {alias_id}", lambda: api.delete_rich_menu_alias(alias_id))
    back = (f"point the alias {alias_id} back", lambda: api.update_rich_menu_alias(alias_id, old_id))
    # without old_id it pointed at a menu LINE no longer has: undone by deleting it
    res = _step(undo, *(back if old_id else delete), lambda: api.update_rich_menu_alias(alias_id, new_id))
    if res.http_status == 404:
        _step(undo, *delete, lambda: api.create_rich_menu_alias(alias_id, new_id)).raise_for_status()
        return
    res.raise_for_status()


def _link(api: LineBotApi, user_ids: list[str], rich_menu_id: str) -> Callable[[], LineBotResponse]:
    return lambda: api.link_rich_menu_to_multiple_users(user_ids, rich_menu_id)


def _relink(api: LineBotApi, user_ids: list[str], rich_menu_id: str) -> Callable[[], LineBotResponse]:
    if rich_menu_id:
        return lambda: api.link_rich_menu_to_multiple_users(user_ids, rich_menu_id)
    return lambda: api.unlink_rich_menu_from_multiple_users(user_ids)


def _unlink(api: LineBotApi, user_ids: list[str]) -> Callable[[], LineBotResponse]:
    return lambda: api.unlink_rich_menu_from_multiple_users(user_ids)


def _delete_alias(api: LineBotApi, alias_id: str) -> Callable[[], LineBotResponse]:
    return lambda: api.delete_rich_menu_alias(alias_id)


def _recreate_alias(api: LineBotApi, alias_id: str, rich_menu_id: str) -> Callable[[], LineBotResponse]:
    return lambda: api.create_rich_menu_alias(alias_id, rich_menu_id)


def _error_text(res: LineBotResponse) -> str:
    try:
        res.raise_for_status()
    except LineBotApiError as err:
        return str(err)
    return ""


def _published_id(menu: RichMenu) -> str:
    if menu.status != RichMenu.Status.PUBLISHED or not menu.line_rich_menu_id:
        raise ValidationError(f"Rich menu {menu.name!r} is not published on LINE yet.")
    return menu.line_rich_menu_id


def set_default(menu: RichMenu) -> None:
    """Make ``menu`` the one every user without a linked menu sees, and the default outside display
    periods (see :func:`apply_schedule`)."""
    _switch_default(menu)
    RichMenu.objects.filter(channel=menu.channel, fallback_default=True).exclude(pk=menu.pk).update(
        fallback_default=False
    )
    menu.fallback_default = True
    menu.save(update_fields=["fallback_default", "updated_at"])


def _switch_default(menu: RichMenu) -> None:
    rich_menu_id = _published_id(menu)
    _api(menu).set_default_rich_menu(rich_menu_id).raise_for_status()
    with transaction.atomic():
        RichMenu.objects.filter(channel=menu.channel, is_default=True).exclude(pk=menu.pk).update(
            is_default=False
        )
        menu.is_default = True
        menu.save(update_fields=["is_default", "updated_at"])


def link_users(menu: RichMenu, user_ids: Iterable[str]) -> int:
    """Link users to ``menu``, ``limits.RICH_MENU_USERS_PER_REQUEST`` per request; returns how many.

    Each chunk LINE accepts is recorded (:class:`~django_linebot.models.RichMenuUserLink`), so a
    republished menu takes its users along; a refused chunk raises, the ones before it stay linked.
    """
    rich_menu_id = _published_id(menu)
    api = _api(menu)
    ids = list(dict.fromkeys(user_ids))
    for chunk in _chunks(ids):
        api.link_rich_menu_to_multiple_users(chunk, rich_menu_id).raise_for_status()
        with transaction.atomic():
            RichMenuUserLink.objects.filter(channel=menu.channel, user_id__in=chunk).delete()
            RichMenuUserLink.objects.bulk_create(
                [RichMenuUserLink(channel=menu.channel, user_id=u, rich_menu=menu) for u in chunk]
            )
    return len(ids)


def unlink_users(menu: RichMenu, user_ids: Iterable[str]) -> int:
    """Unlink users from whatever menu of ``menu``'s channel they are linked to (they see the default
    again), chunked as :func:`link_users`; returns how many."""
    api = _api(menu)
    ids = list(dict.fromkeys(user_ids))
    for chunk in _chunks(ids):
        api.unlink_rich_menu_from_multiple_users(chunk).raise_for_status()
        RichMenuUserLink.objects.filter(channel=menu.channel, user_id__in=chunk).delete()
    return len(ids)


def delete_on_line(menu: RichMenu) -> bool:
    """Delete the menu on LINE with its aliases, its default status and its users' links; the row
    stays as a draft. False when LINE had nothing of it (a draft: nothing is sent).

    The aliases and links go first, the menu last; when a step fails the ones before it are undone
    and the error raised (:class:`RollbackFailed` when LINE refused an undo step too).
    """
    rich_menu_id = menu.line_rich_menu_id
    aliases = list(menu.aliases.values_list("alias_id", flat=True))
    if not rich_menu_id and not aliases:
        _forget_line_state(menu)
        return False
    api = _api(menu)
    on_line = menu.status == RichMenu.Status.PUBLISHED
    undo = _Undo()
    deleted = False
    try:
        for alias_id in aliases:
            res = _step(
                undo if on_line else _Undo(),  # a gone menu's alias pointed nowhere: nothing to recreate
                f"recreate the alias {alias_id}",
                _recreate_alias(api, alias_id, rich_menu_id),
                _delete_alias(api, alias_id),
            )
            if res.http_status != 404:
                res.raise_for_status()
                deleted = True
        if on_line:
            users = list(menu.user_links.values_list("user_id", flat=True))
            for chunk in _chunks(users):
                _step(
                    undo,
                    f"link {len(chunk)} user(s) again",
                    _relink(api, chunk, rich_menu_id),
                    _unlink(api, chunk),
                ).raise_for_status()
            if menu.is_default:
                _step(
                    undo,
                    "set the default again",
                    lambda: api.set_default_rich_menu(rich_menu_id),
                    api.cancel_default_rich_menu,
                ).raise_for_status()
        if rich_menu_id:
            res = api.delete_rich_menu(rich_menu_id)
            if res.http_status != 404:
                res.raise_for_status()
                deleted = True
    except Exception as err:
        undo.run(err)
    _forget_line_state(menu)
    return deleted


def _forget_line_state(menu: RichMenu) -> None:
    with transaction.atomic():
        menu.aliases.all().delete()
        menu.user_links.all().delete()
        menu.line_rich_menu_id = ""
        menu.status = RichMenu.Status.DRAFT
        menu.published_hash = ""
        menu.is_default = False
        menu.fallback_default = False
        menu.save(
            update_fields=[
                "line_rich_menu_id",
                "status",
                "published_hash",
                "is_default",
                "fallback_default",
                "updated_at",
            ]
        )


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


@dataclass
class SwitchGroup:
    """The menus a user can reach from one menu by tapping ``richmenuswitch`` areas, and back.

    ``menus``: the connected component (links followed both ways, the channel's menus only), in name
    order, the menu itself included (alone when nothing links it). ``targets``: every alias ID the
    menu's own switch areas name -> the menu the alias points at, or None when no menu of the channel
    has that alias (a tap there fails on LINE).
    """

    menu: RichMenu
    menus: list[RichMenu]
    targets: dict[str, RichMenu | None]


def switch_group(menu: RichMenu) -> SwitchGroup:
    """The :class:`SwitchGroup` of ``menu``: three queries whatever the channel holds (its menus, its
    aliases, its switch areas), the graph walked in memory."""
    menus = {m.pk: m for m in RichMenu.objects.filter(channel_id=menu.channel_id).only("id", "name")}
    menus[menu.pk] = menu
    alias_menu: dict[str, int] = {}
    for alias_id, menu_id in RichMenuAlias.objects.filter(rich_menu__channel_id=menu.channel_id).values_list(
        "alias_id", "rich_menu_id"
    ):
        alias_menu.setdefault(alias_id, menu_id)
    switches = RichMenuArea.objects.filter(
        rich_menu__channel_id=menu.channel_id, action__type="richmenuswitch"
    ).values_list("rich_menu_id", "action")
    neighbours: dict[int, set[int]] = {pk: set() for pk in menus}
    named: list[str] = []
    for menu_id, action in switches:
        alias_id = str(action.get("richMenuAliasId", "")) if isinstance(action, dict) else ""
        if menu_id == menu.pk and alias_id not in named:
            named.append(alias_id)
        target = alias_menu.get(alias_id)
        if target is not None and target in neighbours and menu_id in neighbours:
            neighbours[menu_id].add(target)
            neighbours[target].add(menu_id)
    seen, todo = {menu.pk}, [menu.pk]
    while todo:  # bounded: each menu of the channel enters ``todo`` at most once
        for other in neighbours[todo.pop()] - seen:
            seen.add(other)
            todo.append(other)
    group = sorted((menus[pk] for pk in seen), key=lambda m: (m.name, m.pk))
    targets = {alias_id: menus.get(alias_menu.get(alias_id, -1)) for alias_id in named}
    return SwitchGroup(menu=menu, menus=group, targets=targets)


def apply_schedule(now: datetime | None = None) -> list[RichMenuScheduleLog]:
    """Make each channel's default menu on LINE the one whose display period holds ``now``.

    Outside every period the default goes back to the menu set with :func:`set_default`
    (``fallback_default``); with none, a scheduled menu whose period ended stops being the default.
    Only channels with a scheduled menu are looked at. Idempotent: LINE is called only when the
    default must change; each change (or refusal) is recorded as a
    :class:`~django_linebot.models.RichMenuScheduleLog` and logged. Returns the new records.
    """
    now = now or timezone.now()
    scheduled = RichMenu.objects.filter(display_from__isnull=False).values_list("channel_id", flat=True)
    done = []
    for channel in Channel.objects.filter(pk__in=scheduled):
        entry = _apply_channel_schedule(channel, now)
        if entry is not None:
            done.append(entry)
    return done


def _apply_channel_schedule(channel: Channel, now: datetime) -> RichMenuScheduleLog | None:
    menus = list(RichMenu.objects.filter(channel=channel).select_related("channel"))
    current = next((m for m in menus if m.is_default), None)
    in_period = next((m for m in menus if m.in_display_period(now)), None)
    if in_period is not None and in_period.status != RichMenu.Status.PUBLISHED:
        logger.warning("rich menu %r is in its display period but not published on LINE", in_period)
        in_period = None
    fallback = next((m for m in menus if m.fallback_default and m.status == RichMenu.Status.PUBLISHED), None)
    wanted = in_period or fallback
    if wanted is not None and current is not None and wanted.pk == current.pk:
        return None
    ended = f"display period of {current.name!r} ended" if current is not None else "outside display periods"
    if wanted is None:
        if current is None or current.display_from is None:
            return None  # not made the default by a schedule: left alone
        what = f"{ended}: default menu cancelled (none is set as default outside periods)"
        assert current is not None
        target = current
    elif wanted is in_period:
        what = f"display period of {wanted.name!r} started: now the default menu"
        target = wanted
    else:
        what = f"{ended}: {wanted.name!r} is the default menu again"
        target = wanted
    try:
        if wanted is None:
            get_api(channel, raise_errors=False).cancel_default_rich_menu().raise_for_status()
            target.is_default = False
            target.save(update_fields=["is_default", "updated_at"])
        else:
            _switch_default(wanted)
    except LineBotApiError as err:
        logger.error("rich menu schedule of %s: %s failed: %s", channel, what, err)
        last = RichMenuScheduleLog.objects.filter(channel=channel).first()
        if last is not None and last.what == what and last.error:
            return None  # the same refusal as a minute ago: logged, not recorded again
        return RichMenuScheduleLog.objects.create(
            channel=channel,
            at=now,
            rich_menu=target,
            line_rich_menu_id=target.line_rich_menu_id,
            what=what,
            error=str(err),
        )
    logger.info("rich menu schedule of %s: %s", channel, what)
    return RichMenuScheduleLog.objects.create(
        channel=channel, at=now, rich_menu=target, line_rich_menu_id=target.line_rich_menu_id, what=what
    )


def _attach_image(api: LineBotApi, row: RichMenu, rich_menu_id: str, menu: dict[str, Any]) -> None:
    res = api.download_rich_menu_image(rich_menu_id)
    if res.is_success and res.content:
        ext = "png" if (res.content_type or "").endswith("png") else "jpg"
        row.image.save(f"{rich_menu_id}.{ext}", ContentFile(res.content), save=False)
    size = menu.get("size", {})
    row.width, row.height = row.width or size.get("width", 0), row.height or size.get("height", 0)


def _chunks(user_ids: list[str]) -> list[list[str]]:
    return [user_ids[start : start + LINK_CHUNK] for start in range(0, len(user_ids), LINK_CHUNK)]
