"""LineUser rows kept right from follow, unfollow and message events: any order, any number of times."""

from __future__ import annotations

import itertools

import pytest
from django.apps import apps

from django_linebot import followers, signals
from django_linebot.channels import settings_channel
from django_linebot.models import LineUser, WebhookEvent
from django_linebot.testing import make_event

pytestmark = pytest.mark.django_db

USER = "U" + "a" * 32
T0 = 1_750_000_000_000  # ms


def event(kind: str, at: int, **fields):
    return make_event(kind, source={"type": "user", "userId": USER}, timestamp=at, **fields)


def user() -> LineUser:
    return LineUser.objects.get(channel=settings_channel(), user_id=USER)


def test_follow_creates_a_following_user_with_its_profile(tracking, post_events, line_platform) -> None:
    line_platform.profiles[USER] = {
        "displayName": "Aiko",
        "userId": USER,
        "language": "ja",
        "pictureUrl": "https://profile.line-scdn.net/aiko",
    }
    post_events(event("follow", T0))
    row = user()
    assert row.status == LineUser.Status.FOLLOWING
    assert row.followed_at is not None and row.followed_at.timestamp() * 1000 == T0
    assert (row.display_name, row.language, row.picture_url) == (
        "Aiko",
        "ja",
        "https://profile.line-scdn.net/aiko",
    )
    assert len(line_platform.requests_to(f"/v2/bot/profile/{USER}")) == 1


def test_unfollow_then_message_and_follow_again(tracking, post_events) -> None:
    post_events(event("follow", T0))
    post_events(event("unfollow", T0 + 1000))
    row = user()
    assert row.status == LineUser.Status.UNFOLLOWED
    assert row.unfollowed_at.timestamp() * 1000 == T0 + 1000
    post_events(event("follow", T0 + 2000))
    assert user().status == LineUser.Status.FOLLOWING
    post_events(event("message", T0 + 3000))
    assert user().last_event_at.timestamp() * 1000 == T0 + 3000


def test_a_late_follow_does_not_revive_a_user_who_unfollowed_later(tracking, post_events) -> None:
    post_events(event("unfollow", T0 + 5000))
    post_events(event("follow", T0))  # delivered late: it happened before the unfollow
    row = user()
    assert row.status == LineUser.Status.UNFOLLOWED
    assert row.followed_at.timestamp() * 1000 == T0
    assert row.last_event_at.timestamp() * 1000 == T0 + 5000


@pytest.mark.parametrize("order", list(itertools.permutations(range(4))))
def test_every_order_of_the_same_events_gives_the_same_row(tracking, post_events, order) -> None:
    history = [
        event("follow", T0),
        event("message", T0 + 100),
        event("unfollow", T0 + 200),
        event("follow", T0 + 300),
    ]
    for i in order:
        post_events(history[i])
    row = user()
    assert row.status == LineUser.Status.FOLLOWING
    assert row.followed_at.timestamp() * 1000 == T0 + 300
    assert row.unfollowed_at.timestamp() * 1000 == T0 + 200
    assert row.last_event_at.timestamp() * 1000 == T0 + 300


def test_redeliveries_and_replays_change_nothing(tracking, post_events) -> None:
    follow = event("follow", T0)
    unfollow = event("unfollow", T0 + 10)
    post_events(follow, unfollow)
    before = user()
    redelivered = {**follow, "deliveryContext": {"isRedelivery": True}}
    post_events(redelivered)  # same webhookEventId: not even dispatched
    same_event_new_id = {**follow, "webhookEventId": "01REDELIVEREDWITHNEWID0000"}
    post_events(same_event_new_id)  # dispatched again: its time is older than the unfollow
    from django_linebot import inbound

    for row in WebhookEvent.objects.all():
        inbound.replay(row)
    after = user()
    assert LineUser.objects.count() == 1
    assert (after.status, after.followed_at, after.unfollowed_at, after.last_event_at) == (
        before.status,
        before.followed_at,
        before.unfollowed_at,
        before.last_event_at,
    )


def test_a_message_from_a_user_never_followed_is_unknown(tracking, post_events) -> None:
    post_events(event("message", T0))
    assert user().status == LineUser.Status.UNKNOWN


def test_group_events_and_standby_messages_make_no_user(tracking, post_events) -> None:
    post_events(make_event("message", source={"type": "group", "groupId": "C1"}, timestamp=T0))
    post_events({**event("message", T0), "mode": "standby"})
    assert not LineUser.objects.exists()


def test_the_profile_is_erased_on_unfollow_when_asked(tracking, settings, post_events) -> None:
    post_events(event("follow", T0))
    assert user().display_name
    settings.LINEBOT = {**settings.LINEBOT, "ERASE_PROFILE_ON_UNFOLLOW": True}
    post_events(event("unfollow", T0 + 1))
    row = user()
    assert (row.display_name, row.picture_url, row.language, row.profile_fetched_at) == ("", "", "", None)


def test_the_profile_stays_on_unfollow_by_default(tracking, post_events) -> None:
    post_events(event("follow", T0))
    post_events(event("unfollow", T0 + 1))
    assert user().display_name


def test_nothing_is_kept_without_track_users(linebot_settings, post_events) -> None:
    assert not followers.receivers_connected()
    post_events(event("follow", T0))
    assert not LineUser.objects.exists()


def test_ready_connects_the_receivers_only_with_track_users(settings) -> None:
    config = apps.get_app_config("linebot")
    config.ready()
    assert not followers.receivers_connected()
    settings.LINEBOT = {**settings.LINEBOT, "TRACK_USERS": True}
    try:
        config.ready()
        assert followers.receivers_connected()
        assert all(
            any(key[0] == "django_linebot.followers" for key, _, _ in sig.receivers)
            for sig in (signals.follow, signals.unfollow, signals.message)
        )
    finally:
        followers.disconnect_receivers()
    assert not followers.receivers_connected()


def test_no_profile_is_fetched_when_the_broker_is_down(tracking, post_events, line_platform, caplog) -> None:
    from example_project.celery import app

    from ..delivery.celery_apps import configured
    from ..processes import free_port

    with configured(app, task_always_eager=False, broker_url=f"redis://127.0.0.1:{free_port()}/0"):
        post_events(event("follow", T0))
    assert user().status == LineUser.Status.FOLLOWING
    assert not line_platform.requests_to(f"/v2/bot/profile/{USER}")
    assert any("linebot.refresh_profiles will fetch it" in r.getMessage() for r in caplog.records)
    from django_linebot.tasks import refresh_profiles

    assert refresh_profiles() == 1  # the broker is back (the tests' eager Celery)
    assert user().display_name
