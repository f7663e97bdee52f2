"""The dashboard's figures: what the admin's dashboard page draws, read from the app's own tables.

Nothing here calls LINE: followers, blocks, targeted reaches and the message quota come from
:class:`~django_linebot.models.ChannelDailyStats` (stored daily by ``linebot.record_daily_stats``),
rich menu impressions and clicks from :class:`~django_linebot.models.RichMenuDailyStats`
(``linebot.record_rich_menu_stats``),
deliveries from the outbox, webhook events from the event log. Each figure is a :class:`Table`: its
columns and rows, which the page draws as a chart, shows as a table and offers as CSV.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import ChannelDailyStats, OutgoingMessage, RichMenuDailyStats, WebhookEvent

#: Webhook events read for the processing-time percentiles (the newest ones, past it).
MAX_TIMED_EVENTS = 200_000


@dataclass
class Table:
    """One figure: a title, column names and rows; ``series`` are the columns a chart draws per day."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    #: The chart: day labels and one list of values per series name (``None``: no value that day).
    labels: list[str] = field(default_factory=list)
    series: dict[str, list[float | None]] = field(default_factory=dict)
    stacked: bool = False
    #: A meter per label (``series["used"]`` against ``series["of"]``) instead of a chart over days.
    meter: bool = False
    note: str = ""
    #: What the chart and the table say when there are no rows.
    empty: str = "No data yet."


def days_of(start: date, end: date) -> list[date]:
    """Every day from ``start`` to ``end`` included."""
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def percentile(values: list[float], q: float) -> float | None:
    """The ``q`` percentile (0-100) of sorted ``values``, nearest-rank; None for none."""
    if not values:
        return None
    rank = max(1, math.ceil(q / 100 * len(values)))
    return values[min(rank, len(values)) - 1]


def followers_table(channels: QuerySet[Any], days: list[date]) -> Table:
    """Followers, targeted reaches and blocks per day (summed over the channels)."""
    rows = (
        ChannelDailyStats.objects.filter(channel__in=channels, date__gte=days[0], date__lte=days[-1])
        .values("date")
        .annotate(f=Sum("followers"), t=Sum("targeted_reaches"), b=Sum("blocks"))
        .order_by("date")
    )
    by_day: dict[date, dict[str, Any]] = {row["date"]: dict(row) for row in rows}
    table = Table(
        "followers",
        "Followers, targeted reaches and blocks per day",
        ["date", "followers", "targeted reaches", "blocks"],
        [[d.isoformat(), by_day[d]["f"], by_day[d]["t"], by_day[d]["b"]] for d in days if d in by_day],
        labels=[d.isoformat() for d in days],
        note="LINE's figures (get_number_of_followers), stored daily by linebot.record_daily_stats.",
    )
    for name, key in (("followers", "f"), ("targeted reaches", "t"), ("blocks", "b")):
        table.series[name] = [by_day[d][key] if d in by_day else None for d in days]
    return table


def quota_table(channels: QuerySet[Any], today: date) -> Table:
    """This month's messages against the quota, per channel: LINE's count and the outbox's."""
    month_start = timezone.now().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    rows: list[list[Any]] = []
    for channel in channels.order_by("name"):
        latest = ChannelDailyStats.objects.filter(channel=channel, date__gte=today.replace(day=1)).first()
        sent = OutgoingMessage.objects.filter(
            channel=channel,
            created_at__gte=month_start,
            status__in=[OutgoingMessage.Status.SENT, OutgoingMessage.Status.PARTIAL],
        ).exclude(kind=OutgoingMessage.Kind.REPLY)
        by_kind = dict(sent.values_list("kind").annotate(n=Count("id")).order_by())
        recipients = sent.filter(kind=OutgoingMessage.Kind.PUSH).count() + (
            sent.filter(kind=OutgoingMessage.Kind.MULTICAST).aggregate(n=Sum("recipient_count"))["n"] or 0
        )
        quota = latest.quota if latest else None
        usage = latest.quota_usage if latest else None
        rows.append(
            [
                str(channel),
                quota,
                usage,
                None if quota in (None, 0) or usage is None else round(100 * usage / quota, 1),
                recipients,
                sum(by_kind.values()),
            ]
        )
    table = Table(
        "quota",
        "Messages this month against the quota",
        [
            "channel",
            "quota",
            "used (LINE)",
            "used %",
            "push and multicast recipients (outbox)",
            "sends counted (outbox)",
        ],
        rows,
        labels=[row[0] for row in rows],
        meter=True,
        note="LINE's quota and consumption as of the last linebot.record_daily_stats; broadcasts and "
        "narrowcasts count each friend reached, which only LINE knows.",
    )
    table.series = {"used": [row[2] for row in rows], "of": [row[1] for row in rows]}
    return table


def deliveries_table(channels: QuerySet[Any], days: list[date], since: datetime) -> Table:
    """Outbox messages per day by kind and outcome."""
    rows = (
        OutgoingMessage.objects.filter(channel__in=channels, created_at__gte=since)
        .annotate(day=TruncDate("created_at"))
        .values("day", "kind", "status")
        .annotate(n=Count("id"))
        .order_by("day", "kind", "status")
    )
    table = Table(
        "deliveries",
        "Deliveries per day by kind and outcome (the outbox)",
        ["date", "kind", "outcome", "messages"],
        [],
        labels=[d.isoformat() for d in days],
        stacked=True,
    )
    per_outcome: dict[str, dict[date, float]] = defaultdict(lambda: defaultdict(float))
    for row in rows:
        table.rows.append([row["day"].isoformat(), row["kind"], row["status"], row["n"]])
        per_outcome[row["status"]][row["day"]] += row["n"]
    for outcome in sorted(per_outcome):
        table.series[outcome] = [per_outcome[outcome].get(d, 0) for d in days]
    return table


def events_table(channels: QuerySet[Any], days: list[date], since: datetime) -> Table:
    """Webhook events per day by type, their failures and processing-time percentiles (ms)."""
    events = WebhookEvent.objects.filter(channel__in=channels, received_at__gte=since)
    counts = (
        events.annotate(day=TruncDate("received_at"))
        .values("day", "event_type")
        .annotate(n=Count("id"), failed=Count("id", filter=Q(status=WebhookEvent.Status.FAILED)))
        .order_by("day", "event_type")
    )
    durations: dict[tuple[date, str], list[float]] = defaultdict(list)
    timed = (
        events.exclude(processed_at=None)
        .order_by("-received_at")
        .values_list("received_at", "processed_at", "event_type")[:MAX_TIMED_EVENTS]
    )
    tz = timezone.get_current_timezone()
    seen = 0
    for received, processed, event_type in timed.iterator(chunk_size=2048):
        seen += 1
        if processed is None:
            continue
        day = timezone.localtime(received, tz).date()
        durations[(day, event_type)].append(max(0.0, (processed - received).total_seconds() * 1000))
    table = Table(
        "events",
        "Webhook events per day by type, failures and processing time",
        ["date", "type", "events", "failed", "p50 ms", "p95 ms", "p99 ms"],
        [],
        labels=[d.isoformat() for d in days],
        note=(
            f"Processing times of the newest {MAX_TIMED_EVENTS} events only."
            if seen >= MAX_TIMED_EVENTS
            else "Processing time: from receipt to the receivers' end."
        ),
    )
    per_type: dict[str, dict[date, float]] = defaultdict(dict)
    failed: dict[date, float] = defaultdict(float)
    for row in counts:
        values = sorted(durations.get((row["day"], row["event_type"]), []))
        table.rows.append(
            [
                row["day"].isoformat(),
                row["event_type"],
                row["n"],
                row["failed"],
                *(_ms(percentile(values, q)) for q in (50, 95, 99)),
            ]
        )
        per_type[row["event_type"]][row["day"]] = row["n"]
        failed[row["day"]] += row["failed"]
    for event_type in sorted(per_type):
        table.series[event_type] = [per_type[event_type].get(d, 0) for d in days]
    table.series["failed"] = [failed.get(d, 0) for d in days]
    return table


#: What the rich menu chart says for a channel whose plan has no rich menu insight.
NO_RICH_MENU_INSIGHT = "LINE provides no rich menu statistics for this channel."


def channels_without_rich_menu_insight(channels: QuerySet[Any]) -> list[Any]:
    """The channels whose latest answer from LINE's rich menu insight was a refusal (their plan)."""
    latest = (
        ChannelDailyStats.objects.filter(channel=OuterRef("pk"))
        .exclude(rich_menu_insight=None)
        .order_by("-date")
        .values("rich_menu_insight")[:1]
    )
    return list(channels.annotate(insight=Subquery(latest)).filter(insight=False).order_by("name"))


def rich_menus_table(channels: QuerySet[Any], days: list[date]) -> Table:
    """Each published rich menu's impressions and clicks per day, as LINE's insight gave them; the
    chart draws their sums. Says so when LINE provides no rich menu statistics to a channel."""
    rows = (
        RichMenuDailyStats.objects.filter(channel__in=channels, date__gte=days[0], date__lte=days[-1])
        .select_related("channel")
        .order_by("date", "name", "line_rich_menu_id")
    )
    table = Table(
        "richmenus",
        "Rich menu impressions and clicks per day",
        [
            "date",
            "rich menu",
            "LINE rich menu ID",
            "impressions",
            "unique impressions",
            "clicks",
            "clicks by area (x,y width x height: taps)",
        ],
        [],
        labels=[d.isoformat() for d in days],
        note="LINE's rich menu insight (getRichMenuInsightDaily) of each published menu, stored by "
        "linebot.record_rich_menu_stats; LINE gives no figures for days below its privacy threshold.",
    )
    impressions: dict[date, float] = {}
    clicks: dict[date, float] = {}
    for row in rows:
        areas = " ".join(
            f"{a.get('x')},{a.get('y')} {a.get('width')}x{a.get('height')}: {a.get('count')}"
            for a in (row.areas if isinstance(row.areas, list) else [])
            if isinstance(a, dict)
        )
        table.rows.append(
            [
                row.date.isoformat(),
                row.name,
                row.line_rich_menu_id,
                row.impressions,
                row.unique_impressions,
                row.clicks,
                areas,
            ]
        )
        impressions[row.date] = impressions.get(row.date, 0) + (row.impressions or 0)
        clicks[row.date] = clicks.get(row.date, 0) + (row.clicks or 0)
    if table.rows:
        # a day without a row has no figures (not asked yet, or below LINE's threshold): no point
        table.series = {
            "impressions": [impressions.get(d) for d in days],
            "clicks": [clicks.get(d) for d in days],
        }
    refused = channels_without_rich_menu_insight(channels)
    if refused and len(refused) == channels.count():
        table.empty = (
            NO_RICH_MENU_INSIGHT
            if len(refused) == 1
            else "LINE provides no rich menu statistics for these channels."
        )
    elif refused:
        names = ", ".join(str(channel) for channel in refused)
        table.note += f" LINE provides no rich menu statistics for: {names}."
    return table


def _ms(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def tables(channels: QuerySet[Any], days: int = 30) -> list[Table]:
    """Every figure of the dashboard for ``channels`` over the last ``days`` days."""
    today = timezone.localdate()
    window = days_of(today - timedelta(days=days - 1), today)
    since = timezone.make_aware(datetime.combine(window[0], datetime.min.time()))
    return [
        followers_table(channels, window),
        quota_table(channels, today),
        deliveries_table(channels, window, since),
        events_table(channels, window, since),
        rich_menus_table(channels, window),
    ]
