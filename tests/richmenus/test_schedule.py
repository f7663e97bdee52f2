"""Display periods: validated on the model, applied on LINE by the beat task, with a frozen clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from django_linebot import queue, richmenus, tasks
from django_linebot.models import RichMenu, RichMenuScheduleLog

from ..factories import RichMenuFactory
from .consistency import assert_line_agrees

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def test_a_period_needs_both_ends_in_order() -> None:
    menu = RichMenuFactory()
    menu.display_from = T0
    with pytest.raises(ValidationError) as info:
        menu.full_clean()
    assert "display_until" in info.value.message_dict
    menu.display_until = T0
    with pytest.raises(ValidationError, match="must end after it starts"):
        menu.full_clean()
    menu.display_until = T0 + HOUR
    menu.full_clean()


def test_periods_of_a_channel_do_not_overlap() -> None:
    RichMenuFactory(name="Sale", display_from=T0, display_until=T0 + 2 * HOUR)
    menu = RichMenuFactory(name="Other", display_from=T0 + HOUR, display_until=T0 + 3 * HOUR)
    with pytest.raises(ValidationError, match="overlaps the one of 'Sale'"):
        menu.full_clean()
    menu.display_from = T0 + 2 * HOUR  # starts when the other ends
    menu.full_clean()


def test_the_admin_form_shows_the_overlap(admin_user, settings) -> None:
    from django.contrib.admin import site
    from django.test import RequestFactory

    settings.TIME_ZONE = "UTC"
    sale = RichMenuFactory(name="Sale", display_from=T0, display_until=T0 + 2 * HOUR)
    other = RichMenuFactory(name="Other")
    request = RequestFactory().get("/")
    request.user = admin_user
    form_class = site._registry[RichMenu].get_form(request, other)
    data = {
        "channel": other.channel_id,
        "name": "Other",
        "chat_bar_text": "Menu",
        "display_from_0": "2026-12-01",
        "display_from_1": "10:00:00",
        "display_until_0": "2026-12-01",
        "display_until_1": "12:00:00",
    }
    form = form_class(data, instance=other)
    assert not form.is_valid()
    assert form.errors["display_from"] == [
        f"The display period overlaps the one of {sale.name!r} (2026-12-01 09:00 to 2026-12-01 11:00)."
    ]


def scheduled(fake):
    """A default menu outside periods, and a sale menu scheduled from T0 to T0 + 2 h."""
    base, sale = RichMenuFactory(name="Base"), RichMenuFactory(name="Sale")
    richmenus.publish(base)
    richmenus.publish(sale)
    richmenus.set_default(base)
    sale.display_from, sale.display_until = T0, T0 + 2 * HOUR
    sale.save()
    return base, sale


def test_the_default_follows_the_periods(line_platform, linebot_settings) -> None:
    base, sale = scheduled(line_platform)
    assert richmenus.apply_schedule(T0 - HOUR) == []  # before: the base menu stays
    assert line_platform.default_rich_menu == base.line_rich_menu_id

    (started,) = richmenus.apply_schedule(T0)
    assert line_platform.default_rich_menu == sale.line_rich_menu_id
    assert started.rich_menu == sale and "display period of 'Sale' started" in started.what
    assert_line_agrees(line_platform)

    sent = len(line_platform.requests)
    assert richmenus.apply_schedule(T0 + HOUR) == []  # idempotent: nothing sent, nothing recorded
    assert len(line_platform.requests) == sent

    (ended,) = richmenus.apply_schedule(T0 + 2 * HOUR)  # the end is excluded
    assert line_platform.default_rich_menu == base.line_rich_menu_id
    assert "display period of 'Sale' ended: 'Base' is the default menu again" in ended.what
    base.refresh_from_db()
    assert base.is_default and base.fallback_default
    assert_line_agrees(line_platform)
    assert richmenus.apply_schedule(T0 + 3 * HOUR) == []
    assert RichMenuScheduleLog.objects.count() == 2


def test_without_a_default_outside_periods_the_default_is_cancelled(line_platform, linebot_settings) -> None:
    sale = RichMenuFactory(name="Sale", display_from=T0, display_until=T0 + HOUR)
    richmenus.publish(sale)
    richmenus.apply_schedule(T0)
    assert line_platform.default_rich_menu == sale.line_rich_menu_id
    (ended,) = richmenus.apply_schedule(T0 + HOUR)
    assert line_platform.default_rich_menu is None and "default menu cancelled" in ended.what
    assert_line_agrees(line_platform)


def test_channels_without_periods_are_left_alone(line_platform, linebot_settings) -> None:
    menu = RichMenuFactory()
    richmenus.publish(menu)
    line_platform.requests.clear()
    assert richmenus.apply_schedule(T0) == []
    assert line_platform.requests == []


def test_a_refusal_is_recorded_once_and_retried(line_platform, linebot_settings) -> None:
    base, sale = scheduled(line_platform)
    line_platform.add_fault(method="POST", path="^/v2/bot/user/all/richmenu/", status=500, times=2)
    (failed,) = richmenus.apply_schedule(T0)
    assert "HTTP 500" in failed.error and "request id" in failed.error
    assert richmenus.apply_schedule(T0 + timedelta(minutes=1)) == []  # the same refusal: not again
    assert line_platform.default_rich_menu == base.line_rich_menu_id
    assert_line_agrees(line_platform)
    (started,) = richmenus.apply_schedule(T0 + timedelta(minutes=2))
    assert started.error == "" and line_platform.default_rich_menu == sale.line_rich_menu_id


def test_an_unpublished_menu_in_its_period_is_skipped(line_platform, linebot_settings) -> None:
    base = RichMenuFactory(name="Base")
    richmenus.publish(base)
    richmenus.set_default(base)
    RichMenuFactory(name="Draft", display_from=T0, display_until=T0 + HOUR)
    assert richmenus.apply_schedule(T0) == []
    assert line_platform.default_rich_menu == base.line_rich_menu_id


def test_the_beat_task_runs_every_minute(line_platform, linebot_settings, monkeypatch) -> None:
    entry = tasks.BEAT_SCHEDULE["linebot-apply-rich-menu-schedule"]
    assert entry == {"task": queue.APPLY_RICH_MENU_SCHEDULE, "schedule": 60.0}
    base, sale = scheduled(line_platform)
    sale.display_from = datetime.now(UTC) - HOUR
    sale.save()
    assert queue.task(queue.APPLY_RICH_MENU_SCHEDULE).apply().get() == 1
    assert line_platform.default_rich_menu == sale.line_rich_menu_id


def test_the_change_page_shows_the_log(admin_client, line_platform, linebot_settings) -> None:
    _, sale = scheduled(line_platform)
    richmenus.apply_schedule(T0)
    page = admin_client.get(f"/admin/linebot/richmenu/{sale.pk}/change/").content.decode()
    assert "2026-12-01 09:00: display period of &#x27;Sale&#x27; started" in page
    log = admin_client.get("/admin/linebot/richmenuschedulelog/").content.decode()
    assert "display period of &#x27;Sale&#x27; started" in log
