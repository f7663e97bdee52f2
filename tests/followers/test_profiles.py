"""The profile task (rate limiter, retries), the scheduled refresh, the import command, daily figures."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from django_linebot.channels import settings_channel
from django_linebot.models import ChannelDailyStats, LineUser
from django_linebot.tasks import fetch_profile, record_daily_stats, refresh_profiles
from django_linebot.tasks.followers import PROFILE_MAX_RETRIES, line_day

from ..factories import ChannelFactory, LineUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fast(linebot_settings, settings):
    settings.LINEBOT = {**settings.LINEBOT, "SEND_BACKOFF_BASE": 0.0}
    return settings.LINEBOT


def profile_requests(line_platform, user):
    return line_platform.requests_to(f"/v2/bot/profile/{user.user_id}")


def test_the_task_stores_the_profile(fast, line_platform) -> None:
    user = LineUserFactory()
    line_platform.profiles[user.user_id] = {
        "displayName": "Ken",
        "userId": user.user_id,
        "language": "th",
        "pictureUrl": "https://x.example/p",
    }
    assert fetch_profile.apply((user.pk,)).result == "fetched"
    user.refresh_from_db()
    assert (user.display_name, user.language, user.picture_url) == ("Ken", "th", "https://x.example/p")
    assert user.profile_fetched_at is not None and user.profile_error == ""


def test_a_picture_url_that_is_not_https_is_not_kept(fast, line_platform) -> None:
    user = LineUserFactory()
    line_platform.profiles[user.user_id] = {
        "displayName": "K",
        "userId": user.user_id,
        "pictureUrl": "javascript:alert(1)",
    }
    fetch_profile.apply((user.pk,))
    user.refresh_from_db()
    assert user.display_name == "K" and user.picture_url == ""


def test_the_task_waits_for_the_rate_limiter(fast, settings, line_platform) -> None:
    settings.LINEBOT = {**settings.LINEBOT, "RATE_LIMITS": {"profile": (1, 3600.0)}}
    first, second = LineUserFactory(), LineUserFactory()
    assert fetch_profile.apply((first.pk,)).result == "fetched"
    assert fetch_profile.apply((second.pk,)).result == "later"  # its slot is an hour off
    assert profile_requests(line_platform, first) and not profile_requests(line_platform, second)
    second.refresh_from_db()
    assert second.profile_fetched_at is None  # left for linebot.refresh_profiles


def test_the_task_retries_server_errors_and_429s(fast, line_platform) -> None:
    user = LineUserFactory()
    line_platform.add_fault(status=500, path="/v2/bot/profile/", times=1)
    line_platform.add_fault(status=429, path="/v2/bot/profile/", times=1)
    assert fetch_profile.apply((user.pk,)).result == "fetched"
    assert len(profile_requests(line_platform, user)) == 3
    user.refresh_from_db()
    assert user.display_name


def test_the_task_gives_up_after_its_retries(fast, line_platform) -> None:
    user = LineUserFactory()
    line_platform.add_fault(status=500, path="/v2/bot/profile/", times=None)
    fetch_profile.apply((user.pk,))
    assert len(profile_requests(line_platform, user)) == PROFILE_MAX_RETRIES + 1
    user.refresh_from_db()
    assert user.profile_fetched_at is None and "500" in user.profile_error


def test_a_user_line_has_no_profile_for(fast, line_platform) -> None:
    user = LineUserFactory()
    line_platform.add_fault(status=404, body={"message": "Not found"}, path="/v2/bot/profile/", times=1)
    assert fetch_profile.apply((user.pk,)).result == "none"
    assert len(profile_requests(line_platform, user)) == 1  # a 404 is not retried
    user.refresh_from_db()
    assert user.profile_fetched_at is not None and "no profile" in user.profile_error


def test_refresh_queues_missing_and_stale_profiles_of_followers_only(fast, line_platform) -> None:
    missing = LineUserFactory()
    stale = LineUserFactory(display_name="Old", profile_fetched_at=timezone.now() - timedelta(days=30))
    fresh = LineUserFactory(display_name="New", profile_fetched_at=timezone.now())
    gone = LineUserFactory(status=LineUser.Status.UNFOLLOWED)
    assert refresh_profiles() == 2
    assert profile_requests(line_platform, missing) and profile_requests(line_platform, stale)
    assert not profile_requests(line_platform, fresh) and not profile_requests(line_platform, gone)
    assert refresh_profiles() == 0


def test_import_followers_pages_then_profiles_with_a_progress_bar(fast, line_platform) -> None:
    channel = settings_channel()
    known = LineUserFactory(
        user_id="U" + "0" * 32,
        status=LineUser.Status.UNFOLLOWED,
        display_name="Known",
        profile_fetched_at=timezone.now(),
    )
    line_platform.followers = [known.user_id] + [f"U{n:032x}" for n in range(1, 1300)]
    out, err = io.StringIO(), io.StringIO()
    call_command("linebot_import_followers", "--no-profiles", stdout=out, stderr=err)
    assert len(line_platform.requests_to("/v2/bot/followers/ids")) == 2  # two pages of 1000
    assert LineUser.objects.filter(channel=channel, status=LineUser.Status.FOLLOWING).count() == 1300
    assert "1300 follower(s), 1299 new" in out.getvalue()
    assert "followers: 1300" in err.getvalue()
    assert not [r for r in line_platform.requests if r.path.startswith("/v2/bot/profile/")]

    line_platform.followers = line_platform.followers[:25]
    err = io.StringIO()
    call_command("linebot_import_followers", stdout=io.StringIO(), stderr=err)
    fetched = [r for r in line_platform.requests if r.path.startswith("/v2/bot/profile/")]
    assert len(fetched) == 1299  # every follower without a profile, once
    assert "profiles: [" in err.getvalue() and "1299/1299 (100%)" in err.getvalue()
    assert not LineUser.objects.filter(status=LineUser.Status.FOLLOWING, profile_fetched_at=None).exists()


def test_import_names_a_channel_by_slug(fast, line_platform) -> None:
    channel = ChannelFactory(slug="shop")
    line_platform.followers = ["U" + "1" * 32]
    call_command("linebot_import_followers", "--channel", "shop", "--no-progress", stdout=io.StringIO())
    assert LineUser.objects.get().channel == channel
    with pytest.raises(CommandError, match="no channel with slug"):
        call_command("linebot_import_followers", "--channel", "nope")


def test_import_reports_a_refusal(fast, line_platform) -> None:
    line_platform.add_fault(
        status=403,
        body={"message": "Access to this API is not available"},
        path="/v2/bot/followers/ids",
        times=1,
    )
    with pytest.raises(CommandError, match="HTTP 403"):
        call_command("linebot_import_followers", stderr=io.StringIO())


def test_daily_stats_store_followers_and_quota(fast, settings, line_platform) -> None:
    channel = settings_channel()
    line_platform.followers = ["U1", "U2", "U3"]
    line_platform.quota = 500
    assert record_daily_stats() == 1
    row = ChannelDailyStats.objects.get(channel=channel)
    assert row.date == line_day()
    assert (row.followers, row.targeted_reaches, row.blocks, row.quota, row.quota_usage) == (3, 3, 0, 500, 0)
    request = line_platform.requests_to("/v2/bot/insight/followers")[0]
    assert request.query["date"] == line_day().strftime("%Y%m%d")
    line_platform.followers.append("U4")
    record_daily_stats()  # within LINE's 60 insight calls an hour: not asked again, the figures stay
    assert len(line_platform.requests_to("/v2/bot/insight/followers")) == 1
    assert ChannelDailyStats.objects.get(channel=channel).followers == 3
    settings.LINEBOT = {**settings.LINEBOT, "RATE_LIMITS": {"insight": None}}
    record_daily_stats()  # the same day again: the row is rewritten, not doubled
    assert ChannelDailyStats.objects.get(channel=channel).followers == 4


def test_daily_stats_of_a_refusing_channel_keep_what_is_known(fast, line_platform) -> None:
    settings_channel()
    line_platform.add_fault(status=500, path="/v2/bot/insight/followers", times=1)
    assert record_daily_stats() == 1
    row = ChannelDailyStats.objects.get()
    assert row.followers is None and row.quota is not None
