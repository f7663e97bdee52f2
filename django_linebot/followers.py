"""Followers: a :class:`~django_linebot.models.LineUser` row per user of each channel.

When ``LINEBOT["TRACK_USERS"]`` is on, :meth:`~django_linebot.apps.LineBotConfig.ready` connects
this module's receivers to ``signals.follow``, ``signals.unfollow`` and ``signals.message``. They
keep each user's status right whatever order LINE delivers the events in, and however often: the
follow and unfollow times are the events' own timestamps, and the later one wins, so a follow
delivered late (or redelivered) never revives a user who unfollowed after it.

Profiles are never fetched in the webhook request: a new follower (or a user seen for the first time)
gets the ``linebot.fetch_profile`` task queued after commit, which waits for the rate limiter;
``linebot.refresh_profiles`` fetches stale ones again on a schedule. With
``LINEBOT["ERASE_PROFILE_ON_UNFOLLOW"]`` an unfollow blanks the stored profile.

:func:`import_followers` reads the followers LINE knows (``get_followers``, page after page) into
rows, and then their profiles (``manage.py linebot_import_followers``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import queue, ratelimit, signals
from .channels import channel_or_settings, get_api
from .conf import app_settings
from .models import Channel, LineUser, OutgoingMessage, WebhookEvent
from .sdk import LineBotApi, LineBotApiError, limits
from .sdk.events import Event

logger = logging.getLogger(__name__)

#: Follower IDs asked for per page of ``get_followers`` (LINE's largest page).
FOLLOWERS_PAGE = 1000
#: Rows written per batch by :func:`import_followers`.
IMPORT_BATCH = 400

_UID = "django_linebot.followers"


# ---------------------------------------------------------------- events


def event_time(event: Event) -> datetime:
    """The event's own time (LINE's ``timestamp``, in ms), or now when it has none."""
    stamp = event.timestamp
    if isinstance(stamp, int) and not isinstance(stamp, bool):
        try:
            return datetime.fromtimestamp(stamp / 1000, tz=UTC)
        except (OverflowError, OSError, ValueError):
            pass
    return timezone.now()


def record_event(channel: Channel, user_id: str, event_type: str, at: datetime) -> LineUser:
    """Apply one follow, unfollow or message event of ``user_id`` at time ``at``; return the row.

    Idempotent and order-free: applying the same events again, or in another order, leaves the same
    row. Runs under a row lock, so two workers handling events of one user do not lose either.
    A profile fetch is queued (after commit) when the user is following and has no profile yet.
    """
    with transaction.atomic():
        user, _ = LineUser.objects.select_for_update().get_or_create(channel=channel, user_id=user_id)
        was = user.status
        if user.last_event_at is None or at > user.last_event_at:
            user.last_event_at = at
        if event_type == "follow" and (user.followed_at is None or at > user.followed_at):
            user.followed_at = at
        elif event_type == "unfollow" and (user.unfollowed_at is None or at > user.unfollowed_at):
            user.unfollowed_at = at
        user.status = user.derived_status()
        if (
            user.status == LineUser.Status.UNFOLLOWED
            and was != LineUser.Status.UNFOLLOWED
            and app_settings.ERASE_PROFILE_ON_UNFOLLOW
        ):
            user.erase_profile()
        user.save()
        if user.status != LineUser.Status.UNFOLLOWED and user.profile_fetched_at is None:
            pk = user.pk
            transaction.on_commit(lambda: queue_profile_fetch(pk))
    return user


def _on_user_event(sender: Any, event: Event, channel: Channel, **kwargs: Any) -> None:
    """The receiver of follow, unfollow and message events (user sources only)."""
    user_id = event.user_id
    if not isinstance(user_id, str) or not user_id or not isinstance(event.type, str):
        return
    if event.is_standby and event.type == "message":
        return  # another channel has chat control; the user is not talking to this bot
    if len(user_id) > (LineUser._meta.get_field("user_id").max_length or 0):
        return  # not a LINE user ID
    record_event(channel, user_id, event.type, event_time(event))


#: The signals the receivers listen to.
TRACKED_SIGNALS = (signals.follow, signals.unfollow, signals.message)


def connect_receivers() -> None:
    """Connect the receivers that keep :class:`LineUser` rows (``AppConfig.ready`` does, with TRACK_USERS)."""
    for signal in TRACKED_SIGNALS:
        signal.connect(_on_user_event, dispatch_uid=_UID)


def disconnect_receivers() -> None:
    """Disconnect what :func:`connect_receivers` connected."""
    for signal in TRACKED_SIGNALS:
        signal.disconnect(dispatch_uid=_UID)


def receivers_connected() -> bool:
    """Whether the receivers are connected (``TRACK_USERS`` was on when Django started)."""
    return any(key[0] == _UID for key, _, _ in signals.follow.receivers)


# --------------------------------------------------------------- profiles


def queue_profile_fetch(user_pk: int) -> bool:
    """Queue ``linebot.fetch_profile`` for a row; a broker that cannot be reached is logged, not raised.

    Such a user is fetched later by ``linebot.refresh_profiles``.
    """
    try:
        queue.task(queue.FETCH_PROFILE).delay(user_pk)
    except Exception as exc:  # noqa: BLE001 - kombu's OperationalError, a refused connection, ...
        logger.error(
            "could not queue the profile fetch of LINE user row %s (%s: %s); "
            "linebot.refresh_profiles will fetch it",
            user_pk,
            type(exc).__name__,
            exc,
        )
        return False
    return True


def apply_profile(user: LineUser, data: dict[str, Any]) -> LineUser:
    """Store a ``get_profile`` answer on the row (saved)."""
    name_length = LineUser._meta.get_field("display_name").max_length or 0
    url_length = LineUser._meta.get_field("picture_url").max_length or 0
    language_length = LineUser._meta.get_field("language").max_length or 0
    user.display_name = str(data.get("displayName") or "")[:name_length]
    picture = str(data.get("pictureUrl") or "")
    user.picture_url = picture if len(picture) <= url_length and picture.startswith("https://") else ""
    user.language = str(data.get("language") or "")[:language_length]
    user.profile_fetched_at = timezone.now()
    user.profile_error = ""
    user.save(
        update_fields=[
            "display_name",
            "picture_url",
            "language",
            "profile_fetched_at",
            "profile_error",
            "updated_at",
        ]
    )
    return user


def fetch_profile(user: LineUser, api: LineBotApi | None = None) -> bool:
    """Fetch and store the user's profile now; False when LINE has none for them (404: not a friend).

    Other refusals raise :class:`~django_linebot.sdk.LineBotApiError`. No rate limiting here: the
    callers (the task, the import) take a slot first.
    """
    api = api or get_api(user.channel, raise_errors=False)
    res = api.get_profile(user.user_id)
    if res.http_status == 404:
        user.profile_fetched_at = timezone.now()
        user.profile_error = "LINE has no profile for this user (not a friend, or blocked)"
        user.save(update_fields=["profile_fetched_at", "profile_error", "updated_at"])
        return False
    res.raise_for_status()
    apply_profile(user, res.data if isinstance(res.data, dict) else {})
    return True


def stale_profiles(channel: Channel | None = None) -> Any:
    """Following users whose profile was never fetched or is older than ``PROFILE_REFRESH_DAYS``."""
    cutoff = timezone.now() - timedelta(days=app_settings.PROFILE_REFRESH_DAYS)
    rows = LineUser.objects.filter(status__in=[LineUser.Status.FOLLOWING, LineUser.Status.UNKNOWN]).filter(
        Q(profile_fetched_at__isnull=True) | Q(profile_fetched_at__lt=cutoff)
    )
    return rows.filter(channel=channel) if channel is not None else rows


# ----------------------------------------------------------------- import


def _batches(ids: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for user_id in ids:
        batch.append(user_id)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _wait_for_slot(channel: Channel, kind: str) -> None:
    """Block until the rate limiter gives a ``kind`` slot on the channel (in small sleeps)."""
    for _ in range(100_000):
        ok, wait = ratelimit.acquire(f"channel:{channel.pk}", kind)
        if ok:
            return
        time.sleep(min(wait, 30.0))
    raise RuntimeError(f"no {kind} rate-limit slot for {channel!r}")  # pragma: no cover


def import_followers(
    channel: Channel | None = None,
    *,
    profiles: bool = True,
    progress: Callable[[str, int, int | None], None] | None = None,
) -> dict[str, int]:
    """Read every follower LINE lists for the channel into :class:`LineUser` rows, then their profiles.

    Followers are read page after page (``get_followers``) and written in batches, so a million
    followers never sit in memory at once. A known user becomes ``following`` (LINE's list is the
    truth now); a new one is created. With ``profiles``, each follower without a profile is fetched,
    at the rate limiter's pace. ``progress(stage, done, total)`` is called as it goes (``stage``:
    ``"followers"`` or ``"profiles"``; ``total`` None while unknown). Returns the counts.
    """
    channel = channel_or_settings(channel)
    api = get_api(channel)
    report = progress or (lambda stage, done, total: None)
    now = timezone.now()
    counts = {"followers": 0, "created": 0, "profiles": 0, "profile_errors": 0}
    ids = api.iter_followers(limit=FOLLOWERS_PAGE)
    for batch in _batches(ids, IMPORT_BATCH):
        with transaction.atomic():
            known = set(
                LineUser.objects.filter(channel=channel, user_id__in=batch).values_list("user_id", flat=True)
            )
            fresh = [u for u in dict.fromkeys(batch) if u not in known]
            LineUser.objects.bulk_create(
                [LineUser(channel=channel, user_id=u, status=LineUser.Status.FOLLOWING) for u in fresh],
                ignore_conflicts=True,
            )
            LineUser.objects.filter(channel=channel, user_id__in=known).exclude(
                status=LineUser.Status.FOLLOWING
            ).update(status=LineUser.Status.FOLLOWING, updated_at=now)
        counts["followers"] += len(batch)
        counts["created"] += len(fresh)
        report("followers", counts["followers"], None)
    if profiles:
        todo = LineUser.objects.filter(
            channel=channel, status=LineUser.Status.FOLLOWING, profile_fetched_at__isnull=True
        )
        total = todo.count()
        report("profiles", 0, total)
        fetch_api = get_api(channel, raise_errors=False)
        for done, user in enumerate(todo.order_by("pk").iterator(chunk_size=IMPORT_BATCH), 1):
            _wait_for_slot(channel, "profile")
            try:
                if fetch_profile(user, fetch_api):
                    counts["profiles"] += 1
                else:
                    counts["profile_errors"] += 1
            except LineBotApiError as err:
                counts["profile_errors"] += 1
                logger.warning("profile of %s not fetched: %s", user.user_id, err)
            report("profiles", done, total)
    return counts


# ------------------------------------------------------------ conversation


#: Bubbles on a conversation page: the newest ones.
TIMELINE_LENGTH = 100


@dataclass(frozen=True)
class TimelineItem:
    """One bubble of a user's conversation: an incoming event or an outgoing message."""

    at: datetime
    incoming: bool
    kind: str
    text: str
    status: str
    error: str
    #: The row it stands for (a WebhookEvent or an OutgoingMessage).
    row: Any


def message_text(message: Any) -> str:
    """A message object as readable text: its text, its alt text, or its type in brackets."""
    if not isinstance(message, dict):
        return "[?]"
    kind = str(message.get("type") or "?")
    if kind in limits.TEXT_MESSAGE_TYPES:
        return str(message.get("text") or "")
    if message.get("altText"):
        return f"[{kind}] {message['altText']}"
    if kind == "location":
        return f"[location] {message.get('title') or ''} {message.get('address') or ''}".rstrip()
    if kind == "sticker":
        return f"[sticker {message.get('packageId', '')}/{message.get('stickerId', '')}]"
    if kind == "file" and message.get("fileName"):
        return f"[file] {message['fileName']}"
    return f"[{kind}]"


def event_text(payload: Any) -> str:
    """What a webhook event says, as readable text."""
    if not isinstance(payload, dict):
        return "[?]"
    kind = str(payload.get("type") or "?")
    if kind == "message":
        return message_text(payload.get("message"))
    if kind == "postback":
        postback = payload.get("postback")
        return f"[postback] {postback.get('data', '') if isinstance(postback, dict) else ''}"
    return {
        "follow": "[followed the account]",
        "unfollow": "[blocked the account]",
        "unsend": "[unsent a message]",
        "accountLink": "[linked an account]",
        "beacon": "[came near a beacon]",
        "videoPlayComplete": "[watched a video to its end]",
    }.get(kind, f"[{kind}]")


def _ms_time(value: Any, default: datetime) -> datetime:
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value / 1000, tz=UTC)
        except (OverflowError, OSError, ValueError):
            pass
    return default


def timeline(user: LineUser, limit: int = TIMELINE_LENGTH) -> list[TimelineItem]:
    """The user's last ``limit`` incoming events and the bot's pushes and replies to them, oldest first.

    Multicasts, broadcasts and narrowcasts that reached the user are not listed (their recipients are
    not one user).
    """
    events = list(
        # WebhookEvent.user_id is source.userId copied on store: the (user_id, channel, received_at)
        # index finds the user's events without reading every payload.
        WebhookEvent.objects.filter(channel=user.channel, user_id=user.user_id).order_by(
            "-received_at", "-id"
        )[:limit]
    )
    tokens = [
        str(e.payload.get("replyToken"))
        for e in events
        if isinstance(e.payload, dict) and e.payload.get("replyToken")
    ]
    sent = OutgoingMessage.objects.filter(channel=user.channel).filter(
        Q(kind=OutgoingMessage.Kind.PUSH, to=user.user_id)
        | Q(kind=OutgoingMessage.Kind.REPLY, reply_token__in=tokens[:limit])
    )
    items = [
        TimelineItem(
            at=_ms_time(e.payload.get("timestamp") if isinstance(e.payload, dict) else None, e.received_at),
            incoming=True,
            kind=e.event_type,
            text=event_text(e.payload),
            status=e.status,
            error=e.error.splitlines()[0] if e.error else "",
            row=e,
        )
        for e in events
    ]
    for message in sent.order_by("-created_at", "-id")[:limit]:
        texts = [message_text(m) for m in (message.messages if isinstance(message.messages, list) else [])]
        items.append(
            TimelineItem(
                at=message.sent_at or message.created_at,
                incoming=False,
                kind=message.kind,
                text="\n".join(texts),
                status=message.status,
                error=message.last_error,
                row=message,
            )
        )
    items.sort(key=lambda item: item.at)
    return items[-limit:]
