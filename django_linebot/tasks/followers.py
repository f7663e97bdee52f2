"""Celery tasks of followers, audiences and the dashboard's daily figures.

Arguments are primary keys, never objects.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from http import HTTPStatus
from typing import Any
from zoneinfo import ZoneInfo

from celery import Task, shared_task
from django.utils import timezone

from .. import audiences, followers, queue
from ..channels import get_api
from ..models import Audience, Channel, ChannelDailyStats, LineUser, RichMenu, RichMenuDailyStats
from ..ratelimit import acquire
from ..sdk import LineBotApiError
from .outbox import backoff

logger = logging.getLogger(__name__)

#: Attempts of a profile fetch refused by a network error, a 5xx or a 429.
PROFILE_MAX_RETRIES = 5
#: Profile fetches queued per run of ``linebot.refresh_profiles`` (the next run takes the rest).
REFRESH_BATCH = 4000
#: LINE counts its insight days in Japan's time.
LINE_TIMEZONE = ZoneInfo("Asia/Tokyo")
#: Days of rich menu figures asked each run, up to yesterday: a day LINE completes late, or days the
#: beat missed, are written on a later run.
RICH_MENU_DAYS = 7


@shared_task(bind=True, name=queue.FETCH_PROFILE, max_retries=PROFILE_MAX_RETRIES, ignore_result=True)
def fetch_profile(self: Task, line_user_id: int) -> str:
    """Fetch one user's profile from LINE, within the channel's ``profile`` rate limit.

    When the limiter has no slot soon enough, the task comes back when it has (from a worker; run
    in-process, the user is left to ``linebot.refresh_profiles``). Network errors, 5xx and 429s are
    retried with backoff, up to :data:`PROFILE_MAX_RETRIES` times.
    """
    user = LineUser.objects.select_related("channel").filter(pk=line_user_id).first()
    if user is None or not user.channel.is_active:
        return "skipped"
    ok, wait = acquire(f"channel:{user.channel_id}", "profile")
    if not ok:
        if self.request.is_eager:
            return "later"
        raise self.retry(countdown=wait)
    try:
        found = followers.fetch_profile(user)
    except LineBotApiError as err:
        if err.retryable and self.request.retries < PROFILE_MAX_RETRIES:
            logger.info("profile of LINE user row %s: %s; retrying", line_user_id, err)
            raise self.retry(countdown=backoff(self.request.retries + 1)) from None
        LineUser.objects.filter(pk=user.pk).update(
            profile_error=str(err)[: LineUser._meta.get_field("profile_error").max_length],
            updated_at=timezone.now(),
        )
        logger.warning("profile of LINE user row %s not fetched: %s", line_user_id, err)
        return "failed"
    return "fetched" if found else "none"


@shared_task(name=queue.REFRESH_PROFILES, ignore_result=True)
def refresh_profiles(batch: int = REFRESH_BATCH) -> int:
    """Beat task: queue ``fetch_profile`` for followers without a profile or with a stale one
    (``PROFILE_REFRESH_DAYS``), at most ``batch`` a run. Returns how many it queued."""
    ids = list(
        followers.stale_profiles().order_by("profile_fetched_at", "pk").values_list("pk", flat=True)[:batch]
    )
    return sum(1 for pk in ids if followers.queue_profile_fetch(pk))


def line_day(now: datetime | None = None) -> date:
    """Yesterday in LINE's time zone: the last day LINE's insight figures cover."""
    return (now or timezone.now()).astimezone(LINE_TIMEZONE).date() - timedelta(days=1)


def record_channel_stats(channel: Channel, day: date) -> ChannelDailyStats:
    """Store one channel's followers, targeted reaches and blocks of ``day``, and its quota now."""
    api = get_api(channel, raise_errors=False)
    values: dict[str, object] = {}
    ok, _ = acquire(f"channel:{channel.pk}", "insight", max_wait=0)
    if ok:
        res = api.get_number_of_followers(day.strftime("%Y%m%d"))
        if res.is_success and isinstance(res.data, dict):
            data = res.data
            values["insight_status"] = str(data.get("status") or "")[:16]
            for field, key in (
                ("followers", "followers"),
                ("targeted_reaches", "targetedReaches"),
                ("blocks", "blocks"),
            ):
                value = data.get(key)
                values[field] = value if isinstance(value, int) and value >= 0 else None
    quota = api.get_message_quota()
    if quota.is_success and isinstance(quota.data, dict):
        value = quota.data.get("value")
        values["quota"] = value if quota.data.get("type") == "limited" and isinstance(value, int) else None
    usage = api.get_message_quota_consumption()
    if usage.is_success and isinstance(usage.data, dict) and isinstance(usage.data.get("totalUsage"), int):
        values["quota_usage"] = usage.data["totalUsage"]
    row, _ = ChannelDailyStats.objects.update_or_create(channel=channel, date=day, defaults=values)
    return row


def record_rich_menu_stats_of(channel: Channel, day: date) -> int:
    """Ask LINE for the figures of the channel's published menus not asked yet on ``day``, one call
    (``getRichMenuInsightDaily`` over the :data:`RICH_MENU_DAYS` days up to ``day``) per free slot of
    the channel's ``insight`` rate limit, and store them; how many menus were asked.

    The day's :class:`ChannelDailyStats` row remembers the menus asked (``rich_menus_asked``) and
    whether LINE gives the channel rich menu statistics (``rich_menu_insight``): a 4xx other than 404
    (that menu gone from LINE) and 429 means it does not (its plan); nothing is stored, and it is asked
    again the next day. A 5xx or 429 leaves the menu to the next run.
    """
    row, _ = ChannelDailyStats.objects.get_or_create(channel=channel, date=day)
    if row.rich_menu_insight is False:
        return 0
    asked = [str(v) for v in row.rich_menus_asked] if isinstance(row.rich_menus_asked, list) else []
    menus = (
        RichMenu.objects.filter(channel=channel, status=RichMenu.Status.PUBLISHED)
        .exclude(line_rich_menu_id="")
        .exclude(line_rich_menu_id__in=asked)
        .order_by("pk")
    )
    first = (day - timedelta(days=RICH_MENU_DAYS - 1)).strftime("%Y%m%d")
    api = None
    count = 0
    for menu in menus:
        ok, _ = acquire(f"channel:{channel.pk}", "insight", max_wait=0)
        if not ok:
            break
        api = api or get_api(channel, raise_errors=False)
        res = api.get_rich_menu_insight_daily(menu.line_rich_menu_id, first, day.strftime("%Y%m%d"))
        count += 1
        status = res.http_status
        if res.is_success:
            row.rich_menu_insight = True
            store_rich_menu_days(channel, menu, res.data)
        elif status == HTTPStatus.TOO_MANY_REQUESTS or status >= HTTPStatus.INTERNAL_SERVER_ERROR:
            break
        elif status != HTTPStatus.NOT_FOUND:
            logger.info("LINE gives %r no rich menu statistics: %s %s", channel, status, res.message)
            row.rich_menu_insight = False
            break
        asked.append(menu.line_rich_menu_id)
    row.rich_menus_asked = asked
    row.save(update_fields=["rich_menu_insight", "rich_menus_asked", "recorded_at"])
    return count


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _day(value: Any) -> date | None:
    try:
        return datetime.strptime(value, "%Y%m%d").date() if isinstance(value, str) else None
    except ValueError:
        return None


def store_rich_menu_days(channel: Channel, menu: RichMenu, data: Any) -> int:
    """Write one ``getRichMenuInsightDaily`` answer as a :class:`RichMenuDailyStats` row per day;
    how many. An answer below LINE's privacy threshold (``richMenuId`` only) writes nothing."""
    if not isinstance(data, dict):
        return 0
    days: dict[date, dict[str, Any]] = {}

    def of(when: date) -> dict[str, Any]:
        return days.setdefault(when, {"impressions": None, "unique_impressions": None, "areas": []})

    impression = data.get("impression")
    for metric in (impression.get("metrics") if isinstance(impression, dict) else None) or []:
        when = _day(metric.get("date")) if isinstance(metric, dict) else None
        if when is not None:
            of(when).update(
                impressions=_count(metric.get("count")), unique_impressions=_count(metric.get("uniqueUsers"))
            )
    for click in data.get("clicks") or []:
        if not isinstance(click, dict):
            continue
        bounds = click.get("bounds")
        if not isinstance(bounds, dict):
            bounds = {}
        area = {key: _count(bounds.get(key)) for key in ("x", "y", "width", "height")}
        for metric in click.get("metrics") or []:
            when = _day(metric.get("date")) if isinstance(metric, dict) else None
            if when is not None:
                of(when)["areas"].append(
                    {
                        **area,
                        "count": _count(metric.get("count")),
                        "uniqueUsers": _count(metric.get("uniqueUsers")),
                    }
                )
    for when, values in days.items():
        counts = [a["count"] for a in values["areas"] if a["count"] is not None]
        RichMenuDailyStats.objects.update_or_create(
            channel=channel,
            line_rich_menu_id=menu.line_rich_menu_id,
            date=when,
            defaults={
                **values,
                "rich_menu": menu,
                "name": menu.name,
                "clicks": sum(counts) if counts else None,
            },
        )
    return len(days)


@shared_task(name=queue.RECORD_DAILY_STATS, ignore_result=True)
def record_daily_stats() -> int:
    """Beat task (daily): every active channel's figures of yesterday (LINE's day); how many stored."""
    day = line_day()
    stored = 0
    for channel in Channel.objects.filter(is_active=True):
        try:
            record_channel_stats(channel, day)
            stored += 1
        except Exception as err:  # noqa: BLE001 - one channel's failure does not stop the others
            logger.warning("daily figures of %r not recorded: %s: %s", channel, type(err).__name__, err)
    return stored


@shared_task(name=queue.RECORD_RICH_MENU_STATS, ignore_result=True)
def record_rich_menu_stats() -> int:
    """Beat task (every 10 minutes): the rich menu figures of every active channel's published menus,
    each menu asked once a LINE day, as LINE's ``insight`` rate limit lets it (one call a slot: the
    next runs ask the others). Returns how many menus were asked."""
    day = line_day()
    asked = 0
    for channel in Channel.objects.filter(is_active=True):
        try:
            asked += record_rich_menu_stats_of(channel, day)
        except Exception as err:  # noqa: BLE001 - one channel's failure does not stop the others
            logger.warning("rich menu figures of %r not recorded: %s: %s", channel, type(err).__name__, err)
    return asked


@shared_task(name=queue.SYNC_AUDIENCES, ignore_result=True)
def sync_audiences(everything: bool = False) -> int:
    """Beat task: read LINE's status of the audiences in progress (``everything``: of all of them, to
    see those that expired). Returns how many were read."""
    rows = Audience.objects.exclude(audience_group_id=None).select_related("channel")
    if not everything:
        rows = rows.filter(status__in=audiences.PENDING_STATUSES)
    else:
        rows = rows.exclude(status=Audience.Status.GONE)
    read = 0
    for audience in rows[:1000]:
        try:
            audiences.refresh(audience)
            read += 1
        except Exception as err:  # noqa: BLE001 - the next run tries again
            logger.warning("audience %s not synced: %s: %s", audience.pk, type(err).__name__, err)
    return read


__all__ = [
    "fetch_profile",
    "record_daily_stats",
    "record_rich_menu_stats",
    "record_rich_menu_stats_of",
    "refresh_profiles",
    "store_rich_menu_days",
    "sync_audiences",
]
