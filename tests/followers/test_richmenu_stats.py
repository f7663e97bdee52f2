"""Rich menu statistics: ``linebot.record_rich_menu_stats`` against the fake LINE platform (real HTTP),
and the dashboard's rich menu chart, table and CSV with figures, with none, and for a channel whose
plan has no rich menu insight."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from django_linebot import richmenus, tasks
from django_linebot.channels import settings_channel
from django_linebot.dashboard import NO_RICH_MENU_INSIGHT
from django_linebot.models import ChannelDailyStats, RichMenu, RichMenuDailyStats
from django_linebot.tasks.followers import RICH_MENU_DAYS, line_day

from ..factories import ChannelDailyStatsFactory, ChannelFactory, RichMenuDailyStatsFactory, RichMenuFactory

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/linebot/channeldailystats/"
INSIGHT = r"^/v2/bot/insight/richmenu/"


@pytest.fixture
def unlimited(linebot_settings, settings):
    """No insight rate limit: every menu is asked in one run."""
    settings.LINEBOT = {**settings.LINEBOT, "RATE_LIMITS": {"insight": None}}
    return settings.LINEBOT


def published(name: str) -> RichMenu:
    menu = RichMenuFactory(name=name)
    richmenus.publish(menu)
    menu.refresh_from_db()
    assert menu.line_rich_menu_id
    return menu


def yyyymmdd(days_before: int) -> str:
    return (line_day() - timedelta(days=days_before)).strftime("%Y%m%d")


def chart_section(html: str) -> str:
    """The rich menu chart's ``<section>`` of the dashboard page."""
    start = html.index('id="chart-richmenus"')
    return html[start : html.index("</section>", start)]


def insight_requests(line_platform) -> list:
    return [r for r in line_platform.requests if r.path.startswith("/v2/bot/insight/richmenu/")]


def test_each_published_menu_is_asked_once_a_day_and_its_days_stored(unlimited, line_platform) -> None:
    main, sale = published("Main"), published("Sale")
    RichMenuFactory(name="Draft")  # not on LINE: not asked
    line_platform.rich_menu_insights[main.line_rich_menu_id] = {
        yyyymmdd(1): {"impression": [300, 191], "clicks": [[45, 22], [22, 21]]},
        yyyymmdd(0): {"impression": [267, 222], "clicks": [[78, 35], [23, 22]]},
        yyyymmdd(RICH_MENU_DAYS + 3): {"impression": [1, 1], "clicks": [[1, 1], [0, 0]]},  # before the window
    }
    assert tasks.record_rich_menu_stats() == 2
    requests = insight_requests(line_platform)
    assert sorted(r.path for r in requests) == sorted(
        f"/v2/bot/insight/richmenu/{m.line_rich_menu_id}/daily" for m in (main, sale)
    )
    assert {(r.query["from"], r.query["to"]) for r in requests} == {
        (yyyymmdd(RICH_MENU_DAYS - 1), yyyymmdd(0))
    }
    rows = list(RichMenuDailyStats.objects.order_by("date"))
    assert [(r.date, r.impressions, r.unique_impressions, r.clicks) for r in rows] == [
        (line_day() - timedelta(days=1), 300, 191, 67),
        (line_day(), 267, 222, 101),
    ]
    assert all(r.rich_menu == main and r.name == "Main" and r.channel == settings_channel() for r in rows)
    assert rows[1].areas == [
        {"x": 0, "y": 0, "width": 1250, "height": 843, "count": 78, "uniqueUsers": 35},
        {"x": 1250, "y": 0, "width": 1250, "height": 843, "count": 23, "uniqueUsers": 22},
    ]
    # Sale is below LINE's privacy threshold: LINE answers only its ID, nothing is stored
    day = ChannelDailyStats.objects.get(channel=settings_channel(), date=line_day())
    assert day.rich_menu_insight is True
    assert sorted(day.rich_menus_asked) == sorted([main.line_rich_menu_id, sale.line_rich_menu_id])
    assert tasks.record_rich_menu_stats() == 0  # asked today already
    assert len(insight_requests(line_platform)) == 2


def test_figures_asked_again_are_rewritten_not_doubled(unlimited, line_platform) -> None:
    main = published("Main")
    figures = line_platform.rich_menu_insights.setdefault(main.line_rich_menu_id, {})
    figures[yyyymmdd(0)] = {"impression": [10, 5], "clicks": [[1, 1], [2, 2]]}
    tasks.record_rich_menu_stats()
    ChannelDailyStats.objects.update(rich_menus_asked=[])  # as on the next LINE day
    figures[yyyymmdd(0)] = {"impression": [12, 6], "clicks": [[3, 1], [2, 2]]}
    tasks.record_rich_menu_stats()
    assert list(RichMenuDailyStats.objects.values_list("impressions", "clicks")) == [(12, 5)]


def test_one_call_per_free_slot_of_the_insight_rate_limit(linebot_settings, line_platform) -> None:
    published("Main"), published("Sale")
    assert tasks.record_rich_menu_stats() == 1  # LINE's 60 insight calls an hour: one now
    assert tasks.record_rich_menu_stats() == 0  # the next slot is a minute away: a later run
    assert len(insight_requests(line_platform)) == 1
    assert len(ChannelDailyStats.objects.get().rich_menus_asked) == 1


def test_a_channel_without_rich_menu_insight_records_nothing(unlimited, line_platform, admin_client) -> None:
    main = published("Main")
    published("Sale")
    line_platform.rich_menu_insights[main.line_rich_menu_id] = {yyyymmdd(0): {"impression": [1, 1]}}
    line_platform.add_fault(
        status=403, body={"message": "Not available for your plan"}, path=INSIGHT, times=None
    )
    assert tasks.record_rich_menu_stats() == 1  # the first refusal says it for the channel
    assert not RichMenuDailyStats.objects.exists()
    assert ChannelDailyStats.objects.get().rich_menu_insight is False
    assert tasks.record_rich_menu_stats() == 0  # not asked again this day
    assert len(insight_requests(line_platform)) == 1
    html = admin_client.get(DASHBOARD).content.decode()
    section = chart_section(html)
    assert NO_RICH_MENU_INSIGHT in section and "<svg" not in section


@pytest.mark.parametrize("status", [500, 429])
def test_a_failed_call_is_asked_again_on_the_next_run(unlimited, line_platform, status) -> None:
    main = published("Main")
    line_platform.rich_menu_insights[main.line_rich_menu_id] = {yyyymmdd(0): {"impression": [5, 4]}}
    line_platform.add_fault(status=status, path=INSIGHT, times=1)
    tasks.record_rich_menu_stats()
    day = ChannelDailyStats.objects.get()
    assert day.rich_menu_insight is None and day.rich_menus_asked == []
    assert not RichMenuDailyStats.objects.exists()
    assert tasks.record_rich_menu_stats() == 1
    assert RichMenuDailyStats.objects.get().impressions == 5


def test_a_menu_gone_from_line_does_not_stop_the_others(unlimited, line_platform) -> None:
    gone, main = published("Gone"), published("Main")
    del line_platform.rich_menus[gone.line_rich_menu_id]  # deleted in LINE's console: 404
    line_platform.rich_menu_insights[main.line_rich_menu_id] = {yyyymmdd(0): {"impression": [7, 7]}}
    assert tasks.record_rich_menu_stats() == 2
    assert list(RichMenuDailyStats.objects.values_list("name", "impressions")) == [("Main", 7)]
    assert ChannelDailyStats.objects.get().rich_menu_insight is True


def test_odd_answers_store_what_is_sound() -> None:
    from django_linebot.tasks.followers import store_rich_menu_days

    menu = RichMenuFactory(line_rich_menu_id="richmenu-x")
    data = {
        "richMenuId": "richmenu-x",
        "impression": {"metrics": [{"date": "2026x", "count": 3}, {"date": "20260213", "count": -1}, "?"]},
        "clicks": [{"bounds": "?", "metrics": [{"date": "20260213", "count": True, "uniqueUsers": 2}]}, 5],
    }
    assert store_rich_menu_days(menu.channel, menu, data) == 1
    row = RichMenuDailyStats.objects.get()
    assert (row.impressions, row.clicks) == (None, None)
    assert row.areas == [
        {"x": None, "y": None, "width": None, "height": None, "count": None, "uniqueUsers": 2}
    ]
    assert store_rich_menu_days(menu.channel, menu, ["not", "a", "dict"]) == 0


def test_the_task_is_in_the_beat_schedule() -> None:
    entry = tasks.BEAT_SCHEDULE["linebot-record-rich-menu-stats"]
    assert entry["task"] == "linebot.record_rich_menu_stats" and entry["schedule"] > 0


# ------------------------------------------------------------------ dashboard


def test_the_dashboard_draws_rich_menu_figures(admin_client, linebot_settings) -> None:
    today = timezone.localdate()
    for days_ago, impressions in ((1, 300), (2, 250)):
        RichMenuDailyStatsFactory(date=today - timedelta(days=days_ago), impressions=impressions)
    RichMenuDailyStatsFactory(
        date=today - timedelta(days=1), line_rich_menu_id="richmenu-sale", name="<Sale>"
    )
    html = admin_client.get(DASHBOARD).content.decode()
    section = chart_section(html)
    assert "Rich menu impressions and clicks per day" in section
    assert "<svg" in section and "<polyline" in section
    assert "&lt;Sale&gt;" in section and "<Sale>" not in section
    assert "0,0 1250x843: 45" in section  # the clicks of each area
    res = admin_client.get(f"{DASHBOARD}?csv=richmenus")
    rows = list(csv.reader(io.StringIO(res.content.decode())))
    assert rows[0][:6] == [
        "date",
        "rich menu",
        "LINE rich menu ID",
        "impressions",
        "unique impressions",
        "clicks",
    ]
    assert len(rows) == 4
    assert [(r[0], r[1], r[3]) for r in rows[1:]] == [
        ((today - timedelta(days=2)).isoformat(), "Main", "250"),
        ((today - timedelta(days=1)).isoformat(), "<Sale>", "300"),
        ((today - timedelta(days=1)).isoformat(), "Main", "300"),
    ]


def test_the_dashboard_without_rich_menu_figures(admin_client, linebot_settings) -> None:
    html = admin_client.get(DASHBOARD).content.decode()
    section = chart_section(html)
    assert "No data yet." in section and NO_RICH_MENU_INSIGHT not in section
    rows = list(csv.reader(io.StringIO(admin_client.get(f"{DASHBOARD}?csv=richmenus").content.decode())))
    assert len(rows) == 1


def test_the_dashboard_names_the_channels_without_rich_menu_insight(admin_client, linebot_settings) -> None:
    shop = ChannelFactory(name="Shop")
    yesterday = timezone.localdate() - timedelta(days=1)
    ChannelDailyStatsFactory(channel=shop, date=yesterday - timedelta(days=1), rich_menu_insight=True)
    ChannelDailyStatsFactory(channel=shop, date=yesterday, rich_menu_insight=False)
    ChannelDailyStatsFactory(channel=settings_channel(), date=yesterday, rich_menu_insight=True)
    RichMenuDailyStatsFactory(date=timezone.localdate() - timedelta(days=1))
    every = admin_client.get(DASHBOARD).content.decode()
    assert "LINE provides no rich menu statistics for: Shop." in every
    one = admin_client.get(f"{DASHBOARD}?channel={shop.pk}").content.decode()
    assert NO_RICH_MENU_INSIGHT in one
    ours = admin_client.get(f"{DASHBOARD}?channel={settings_channel().pk}").content.decode()
    assert "no rich menu statistics" not in ours
    # a later answer wins: LINE gives the statistics again (a plan changed)
    ChannelDailyStatsFactory(channel=shop, date=timezone.localdate(), rich_menu_insight=True)
    assert NO_RICH_MENU_INSIGHT not in admin_client.get(f"{DASHBOARD}?channel={shop.pk}").content.decode()
