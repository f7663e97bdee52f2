"""factory_boy factories for every model of the app: the one place a test row is typed out.

Each factory builds a valid row with the fewest fields; a test passes only the fields it is about::

    channel = ChannelFactory(slug="shop", channel_secret="s")
    message = OutgoingMessageFactory(channel=channel, status="failed")
    menu = RichMenuFactory(channel=channel, areas=0)

Rows without a ``channel`` belong to the row of the channel in ``LINEBOT`` settings
(:func:`django_linebot.channels.settings_channel`).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from django_linebot.channels import settings_channel
from django_linebot.models import (
    Audience,
    Channel,
    ChannelAccessToken,
    ChannelDailyStats,
    ChannelDispatch,
    LineUser,
    OutgoingChunk,
    OutgoingMessage,
    RateLimitState,
    RichMenu,
    RichMenuAlias,
    RichMenuArea,
    RichMenuDailyStats,
    RichMenuScheduleLog,
    RichMenuUserLink,
    WebhookEvent,
)

from .richmenu_images import upload

#: LINE's smallest full-width rich menu image; two areas of 1250 x 843 cover it.
MENU_WIDTH, MENU_HEIGHT = 2500, 843
AREA_WIDTH = 1250


class ChannelFactory(DjangoModelFactory):
    """A channel with its own name, slug and secret; in the long-lived mode (the default), a token too.

    Other modes get no long-lived token: ``ChannelFactory(auth_mode="short_lived", channel_id="1")``.
    """

    class Meta:
        model = Channel

    name = factory.Sequence(lambda n: f"Channel {n}")
    slug = factory.Sequence(lambda n: f"channel-{n}")
    channel_secret = factory.Sequence(lambda n: f"channel-secret-{n}")
    auth_mode = Channel.AuthMode.LONG_LIVED
    channel_access_token = factory.LazyAttributeSequence(
        lambda channel, n: (
            f"channel-access-token-{n}" if channel.auth_mode == Channel.AuthMode.LONG_LIVED else ""
        )
    )


class ChannelAccessTokenFactory(DjangoModelFactory):
    """A short-lived token LINE issued to a short-lived-token channel, valid for 30 days."""

    class Meta:
        model = ChannelAccessToken

    channel = factory.SubFactory(ChannelFactory, auth_mode=Channel.AuthMode.SHORT_LIVED)
    kind = ChannelAccessToken.Kind.SHORT_LIVED
    token = factory.Sequence(lambda n: f"issued-token-{n}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))


def _event_payload(row: Any) -> dict[str, Any]:
    return {
        "type": row.event_type,
        "mode": "active",
        "timestamp": 1_700_000_000_000,
        "source": {"type": "user", "userId": "U1"},
        "webhookEventId": row.webhook_event_id,
        "deliveryContext": {"isRedelivery": False},
    }


def _source_user_id(payload: Any) -> str:
    """A payload's ``source.userId`` as the store path keeps it ("" unless a string)."""
    source = payload.get("source") if isinstance(payload, dict) else None
    user_id = source.get("userId") if isinstance(source, dict) else None
    return user_id[:64] if isinstance(user_id, str) else ""


class WebhookEventFactory(DjangoModelFactory):
    """A stored follow event from user ``U1``, pending, on the settings channel."""

    class Meta:
        model = WebhookEvent

    channel = factory.LazyFunction(settings_channel)
    webhook_event_id = factory.Sequence(lambda n: f"01HEVENT{n:08d}")
    event_type = "follow"
    payload = factory.LazyAttribute(_event_payload)
    #: As the store path fills it: the payload's ``source.userId`` ("" if none).
    user_id = factory.LazyAttribute(lambda o: _source_user_id(o.payload))


class ChannelDispatchFactory(DjangoModelFactory):
    """A channel with a drain of its events queued a moment ago (Celery mode, PostgreSQL)."""

    class Meta:
        model = ChannelDispatch

    channel = factory.SubFactory(ChannelFactory)
    queued_at = factory.LazyFunction(timezone.now)


class OutgoingMessageFactory(DjangoModelFactory):
    """A queued push of one text message to user ``U1``."""

    class Meta:
        model = OutgoingMessage

    channel = factory.LazyFunction(settings_channel)
    kind = OutgoingMessage.Kind.PUSH
    to = "U1"
    messages = factory.LazyFunction(lambda: [{"type": "text", "text": "hello"}])


class OutgoingChunkFactory(DjangoModelFactory):
    """The first (or only) chunk of a message, for its ``to``."""

    class Meta:
        model = OutgoingChunk

    message = factory.SubFactory(OutgoingMessageFactory)
    index = 0
    recipients = factory.LazyAttribute(lambda chunk: [chunk.message.to] if chunk.message.to else [])


class RichMenuAreaFactory(DjangoModelFactory):
    """The left half of a 2500 x 843 menu, posting back ``tab=0``."""

    class Meta:
        model = RichMenuArea

    rich_menu = factory.SubFactory("tests.factories.RichMenuFactory", areas=0)
    x = 0
    y = 0
    width = AREA_WIDTH
    height = MENU_HEIGHT
    action = factory.LazyFunction(lambda: {"type": "postback", "data": "tab=0"})


class RichMenuFactory(DjangoModelFactory):
    """A draft menu "Main" with a 2500 x 843 PNG and ``areas`` side-by-side areas (2 unless told).

    Area ``i`` is 1250 x 843 at ``x = i * 1250`` and posts back ``tab=<i>``.
    """

    class Meta:
        model = RichMenu
        skip_postgeneration_save = True  # the areas are rows of their own: the menu needs no second save

    channel = factory.LazyFunction(settings_channel)
    name = "Main"
    chat_bar_text = "Menu"
    image = factory.LazyFunction(lambda: upload(MENU_WIDTH, MENU_HEIGHT))

    @factory.post_generation
    def areas(menu: RichMenu, create: bool, extracted: int | None, **kwargs: Any) -> None:
        if not create:
            return
        for i in range(2 if extracted is None else extracted):
            RichMenuAreaFactory(
                rich_menu=menu, x=i * AREA_WIDTH, action={"type": "postback", "data": f"tab={i}"}
            )


class RichMenuAliasFactory(DjangoModelFactory):
    """An alias of a draft menu, as stored here (nothing is sent to LINE)."""

    class Meta:
        model = RichMenuAlias

    rich_menu = factory.SubFactory(RichMenuFactory)
    alias_id = factory.Sequence(lambda n: f"alias-{n}")


class RichMenuUserLinkFactory(DjangoModelFactory):
    """A user recorded as linked to a draft menu one by one (nothing is sent to LINE)."""

    class Meta:
        model = RichMenuUserLink

    rich_menu = factory.SubFactory(RichMenuFactory)
    channel = factory.SelfAttribute("rich_menu.channel")
    user_id = factory.Sequence(lambda n: f"U{n:032d}")


class RichMenuScheduleLogFactory(DjangoModelFactory):
    """What the display-period task did: made a draft menu the default, now."""

    class Meta:
        model = RichMenuScheduleLog

    rich_menu = factory.SubFactory(RichMenuFactory)
    channel = factory.SelfAttribute("rich_menu.channel")
    at = factory.LazyFunction(timezone.now)
    what = "display period of 'Main' started: now the default menu"


class RateLimitStateFactory(DjangoModelFactory):
    """The database rate limiter's state of one key, with its next slot free now."""

    class Meta:
        model = RateLimitState

    key = factory.Sequence(lambda n: f"linebot:rl:test-{n}:push")
    tat = 0.0


class LineUserFactory(DjangoModelFactory):
    """A user following the settings channel since a day ago, without a profile yet."""

    class Meta:
        model = LineUser

    channel = factory.LazyFunction(settings_channel)
    user_id = factory.Sequence(lambda n: f"U{n:032x}")
    status = LineUser.Status.FOLLOWING
    followed_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    last_event_at = factory.LazyAttribute(lambda user: user.followed_at)


class AudienceFactory(DjangoModelFactory):
    """An upload audience of the settings channel, not on LINE yet."""

    class Meta:
        model = Audience

    channel = factory.LazyFunction(settings_channel)
    description = factory.Sequence(lambda n: f"Audience {n}")


class ChannelDailyStatsFactory(DjangoModelFactory):
    """The settings channel's figures of a day (one day further back for each row)."""

    class Meta:
        model = ChannelDailyStats

    channel = factory.LazyFunction(settings_channel)
    date = factory.Sequence(lambda n: timezone.now().date() - timedelta(days=n + 1))
    followers = 100
    targeted_reaches = 90
    blocks = 5
    insight_status = "ready"


class RichMenuDailyStatsFactory(DjangoModelFactory):
    """A published menu's figures of a day on the settings channel (one day further back each row)."""

    class Meta:
        model = RichMenuDailyStats

    channel = factory.LazyFunction(settings_channel)
    line_rich_menu_id = "richmenu-0123456789abcdef0123456789abcdef"
    name = "Main"
    date = factory.Sequence(lambda n: timezone.now().date() - timedelta(days=n + 1))
    impressions = 300
    unique_impressions = 190
    clicks = 67
    areas = factory.LazyFunction(
        lambda: [
            {"x": 0, "y": 0, "width": 1250, "height": 843, "count": 45, "uniqueUsers": 22},
            {"x": 1250, "y": 0, "width": 1250, "height": 843, "count": 22, "uniqueUsers": 21},
        ]
    )
