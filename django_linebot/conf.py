"""django-linebot's settings: a small typed object over the ``LINEBOT`` dict.

::

    from django_linebot.conf import app_settings

    app_settings.RATE_LIMIT_SAFETY  # float: LINEBOT["RATE_LIMIT_SAFETY"], or its default 0.95

Each ``LINEBOT`` key is a typed, read-only attribute of :data:`app_settings` (as django-allauth's
``app_settings``), with its default and its doc in one place: the :class:`AppSettings` class below.
A value is read from ``settings.LINEBOT`` on every access, so ``override_settings(LINEBOT=...)``
works in tests. A name that is not a setting is an ``AttributeError`` (and a mypy error), and the
module has no ``__getattr__``, so ``from django_linebot.conf import NOPE`` is an ``ImportError``.

The values are used as the user wrote them: the system checks (:mod:`django_linebot.checks`) say
when one is not of its type, and read them through :func:`get`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, Literal, TypeVar, get_args, overload

from django.conf import settings
from django.db.models import QuerySet

__all__ = [
    "DEFAULTS",
    "DISPATCH_MODES",
    "MAX_DAYS",
    "SEND_MODES",
    "AppSettings",
    "DispatchMode",
    "SendMode",
    "Setting",
    "app_settings",
    "get",
    "user_settings",
]

T = TypeVar("T")

#: Where webhook receivers run: in the request, or in a Celery task after commit.
DispatchMode = Literal["sync", "celery"]
#: How the outbox delivers after commit: Celery tasks, or in the same process.
SendMode = Literal["celery", "inline"]
DISPATCH_MODES: tuple[str, ...] = get_args(DispatchMode)
SEND_MODES: tuple[str, ...] = get_args(SendMode)
#: The most days a setting or a command takes (beyond it, date arithmetic overflows long before).
MAX_DAYS = 36500


def user_settings() -> dict[str, Any]:
    """The project's ``LINEBOT`` dict (``{}`` when it is missing, or not a dict: check linebot.E001)."""
    value = getattr(settings, "LINEBOT", {})
    return value if isinstance(value, dict) else {}


class Setting(Generic[T]):
    """One ``LINEBOT`` key of :class:`AppSettings`: its default and its doc.

    Read on an :class:`AppSettings` instance, it is ``LINEBOT[name]`` or the default, typed ``T``;
    read on the class, it is this descriptor (``AppSettings.TIMEOUT.default``).
    """

    __slots__ = ("default", "doc", "name")

    def __init__(self, default: T, doc: str) -> None:
        self.default = default
        self.doc = doc
        self.name = ""

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type[Any]) -> Setting[T]: ...

    @overload
    def __get__(self, instance: AppSettings, owner: type[Any] | None = None) -> T: ...

    def __get__(self, instance: AppSettings | None, owner: type[Any] | None = None) -> Setting[T] | T:
        if instance is None:
            return self
        value: T = user_settings().get(self.name, self.default)
        return value

    def __repr__(self) -> str:
        return f"<Setting {self.name} default={self.default!r}>"


class AppSettings:
    """Every ``LINEBOT`` key django-linebot reads, typed, with its default and its doc.

    Use the one instance, :data:`app_settings`. The attributes are read-only.
    """

    __slots__ = ()

    # -- The settings-only channel: the simplest set-up, no database row needed.
    CHANNEL_SECRET = Setting[str | None](None, "The settings-only channel's channel secret.")
    CHANNEL_ACCESS_TOKEN = Setting[str | None](None, "The settings-only channel's long-lived access token.")
    PREVIOUS_CHANNEL_SECRET = Setting[str | None](
        None, "During a secret rotation, signatures made with this one are still accepted."
    )

    # -- Where LINE is, and how long to wait for it.
    API_ENDPOINT = Setting[str | None](
        None, "Where LINE's API is (a proxy, or the fake platform in tests and the example project)."
    )
    API_DATA_ENDPOINT = Setting[str | None](None, "Where LINE's data API (content, rich menu images) is.")
    TIMEOUT = Setting[float | tuple[float, float]](
        (5.0, 30.0), "(connect, read) seconds for every call to LINE, or one number for both."
    )
    RAISE_LINE_ERRORS = Setting[bool](
        True,
        "The clients django-linebot hands out (receivers' ``api``, ``channels.get_api(channel)``) raise "
        "the typed LineBotApiError when LINE refuses a call. False: they return the response, as the bare "
        "SDK does, and the caller checks it.",
    )

    # -- Webhooks.
    MAX_BODY_SIZE = Setting[int](1024 * 1024, "Webhook bodies larger than this (bytes) are refused with 413.")
    DISPATCH = Setting[DispatchMode](
        "sync", '"sync": receivers run in the request; "celery": in a Celery task after commit.'
    )
    EVENT_RETENTION_DAYS = Setting[int | None](
        30, "Processed webhook events older than this many days are pruned (None: keep for ever)."
    )

    # -- Secrets at rest and access tokens.
    ENCRYPTION_KEY = Setting[str | Sequence[str] | None](
        None,
        "Encrypts channel secrets, tokens and private keys at rest: a Fernet key (used as is) or a "
        "passphrase (scrypt, once per process); a list to rotate (the first encrypts, all decrypt; then "
        "linebot_reencrypt). None: SECRET_KEY and SECRET_KEY_FALLBACKS, only while DEBUG is on (system "
        "check linebot.E007 otherwise).",
    )
    TOKEN_REFRESH_FRACTION = Setting[float](
        0.1, "Issued tokens are renewed when less than this fraction of their life is left."
    )
    TOKEN_ROTATE_DAYS_BEFORE = Setting[int](
        7, "The rotation task replaces v2.1 and short-lived tokens this many days before they expire."
    )

    # -- Rate limits.
    RATE_LIMITS = Setting[Mapping[str, tuple[int, float] | None] | None](
        {},
        "Outgoing requests per (channel, endpoint): {kind: (requests, per seconds)}, None for a kind: no "
        "limit; merged over LINE's limits.",
    )
    RATE_LIMIT_SAFETY = Setting[float](
        0.95, "Stay at this fraction of LINE's limits, so network jitter never tips a second over."
    )
    RATE_LIMIT_REDIS_URL = Setting[str | None](
        None, 'A shared rate limiter in Redis (e.g. "redis://localhost:6379/1"); None: in the database.'
    )
    RATE_LIMIT_MAX_SLEEP = Setting[float](
        2.0, "A task waits at most this long (seconds) for a rate-limit slot before it reschedules itself."
    )

    # -- The outbox.
    SEND_MODE = Setting[SendMode](
        "celery",
        'How the outbox delivers after commit: "celery" (a send_chunk task per chunk, run by your workers) '
        'or "inline" (in the same process, for small projects without Celery).',
    )
    SEND_MAX_ATTEMPTS = Setting[int](8, "Attempts per chunk for network errors, timeouts, 5xx and 429s.")
    SEND_BACKOFF_BASE = Setting[float](
        2.0, "Exponential backoff between attempts: base * 2**(attempt-1) seconds, capped, with jitter."
    )
    SEND_BACKOFF_MAX = Setting[float](300.0, "The cap of the backoff between attempts (seconds).")
    NARROWCAST_POLL_INTERVAL = Setting[float](30.0, "Narrowcast progress is polled this often (seconds).")
    NARROWCAST_MAX_POLLS = Setting[int](2880, "Narrowcast progress is polled at most this many times.")

    # -- Followers (personal data: off unless switched on).
    TRACK_USERS = Setting[bool](
        False,
        "Keep a LineUser row per user of each channel from follow, unfollow and message events, with "
        "the profile fetched by a Celery task (linebot.fetch_profile). Off: no receiver is connected.",
    )
    ERASE_PROFILE_ON_UNFOLLOW = Setting[bool](
        False,
        "When a user unfollows (blocks) the account, blank their display name, picture URL and language.",
    )
    PROFILE_REFRESH_DAYS = Setting[int](
        7, "linebot.refresh_profiles fetches again the profiles of followers older than this many days."
    )

    # -- The REST API and the admin.
    API_AUTHENTICATION_CLASSES = Setting[Sequence[str | type[Any]] | None](
        None, "The REST API's DRF authentication classes (dotted paths). None: session authentication only."
    )
    API_PERMISSION_CLASSES = Setting[Sequence[str | type[Any]] | None](
        None,
        "The REST API's DRF permission classes (dotted paths). None: Django's model permissions "
        "(django_linebot.api.permissions).",
    )
    API_THROTTLE_RATE = Setting[str | None](
        "120/minute",
        'Requests per user to the REST API, DRF\'s "<n>/<second|minute|hour|day>"; None: no throttling.',
    )
    USER_CHANNELS = Setting[str | Callable[[Any], QuerySet[Any] | None] | None](
        None,
        "Who may see which channels in the REST API and the admin: a callable (or its dotted path) "
        "``(user) -> QuerySet[Channel] | None``. None (the default, or the callable returning None): every "
        "channel and the settings-only channel. A queryset: only those channels.",
    )

    # -- The message preview (the admin's outbox and webhook events, the JSON widget).
    PREVIEW_REMOTE_IMAGES = Setting[bool](
        False,
        "Draw images, video posters and LINE emojis in message previews from their https URLs. False (the "
        "default): a framed placeholder with the URL, so an admin page makes no request outside the site.",
    )


#: django-linebot's settings: ``app_settings.RATE_LIMIT_SAFETY`` and so on.
app_settings = AppSettings()

#: Every setting's default, by name (the system checks and the docs read it).
DEFAULTS: dict[str, Any] = {
    name: value.default for name, value in vars(AppSettings).items() if isinstance(value, Setting)
}


def get(name: str) -> Any:
    """``LINEBOT[name]`` or its default, untyped: for the system checks only, which look at values
    of any type and report those that are not of the setting's. Code uses :data:`app_settings`."""
    if name not in DEFAULTS:
        raise KeyError(f"unknown django-linebot setting {name!r}")
    return user_settings().get(name, DEFAULTS[name])
