"""The one place django-linebot reads settings: the ``LINEBOT`` dict.

Values are read on every access, so ``override_settings(LINEBOT=...)`` works in tests.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # The settings-only channel: the simplest set-up, no database row needed.
    "CHANNEL_SECRET": None,
    "CHANNEL_ACCESS_TOKEN": None,
    # During a secret rotation, signatures made with this one are still accepted.
    "PREVIOUS_CHANNEL_SECRET": None,
    # Where LINE is (a proxy, or the fake platform in tests and the example project).
    "API_ENDPOINT": None,
    "API_DATA_ENDPOINT": None,
    # (connect, read) seconds for every call to LINE.
    "TIMEOUT": (5.0, 30.0),
    # Webhook bodies larger than this are refused with 413.
    "MAX_BODY_SIZE": 1024 * 1024,
    # "sync": receivers run in the request; "celery": in a Celery task after commit.
    "DISPATCH": "sync",
    # Encrypts channel secrets, tokens and private keys at rest: a Fernet key (used as is) or a passphrase
    # (scrypt, once per process); a list to rotate (the first encrypts, all decrypt; then linebot_reencrypt).
    # None: SECRET_KEY and SECRET_KEY_FALLBACKS, only while DEBUG is on (system check linebot.E007 otherwise).
    "ENCRYPTION_KEY": None,
    # Issued tokens are renewed when less than this fraction of their life is left.
    "TOKEN_REFRESH_FRACTION": 0.1,
    # The rotation task replaces v2.1 and short-lived tokens this many days before they expire.
    "TOKEN_ROTATE_DAYS_BEFORE": 7,
    # Outgoing requests per (channel, endpoint): {kind: (requests, per seconds)}; merged over LINE's limits.
    "RATE_LIMITS": {},
    # Stay at this fraction of LINE's limits, so network jitter never tips a second over.
    "RATE_LIMIT_SAFETY": 0.95,
    # A shared rate limiter in Redis (e.g. "redis://localhost:6379/1"); None: in the database.
    "RATE_LIMIT_REDIS_URL": None,
    # A task waits at most this long for a rate-limit slot before it reschedules itself.
    "RATE_LIMIT_MAX_SLEEP": 2.0,
    # Attempts per chunk for network errors, timeouts, 5xx and rate-limit 429s.
    "SEND_MAX_ATTEMPTS": 8,
    # Exponential backoff between attempts: base * 2**(attempt-1) seconds, capped, with jitter.
    "SEND_BACKOFF_BASE": 2.0,
    "SEND_BACKOFF_MAX": 300.0,
    # Narrowcast progress is polled this often (seconds), at most NARROWCAST_MAX_POLLS times.
    "NARROWCAST_POLL_INTERVAL": 30.0,
    "NARROWCAST_MAX_POLLS": 2880,
    # The REST API's DRF authentication and permission classes (dotted paths). None: session
    # authentication only, and Django's model permissions (django_linebot.api.permissions).
    "API_AUTHENTICATION_CLASSES": None,
    "API_PERMISSION_CLASSES": None,
    # Requests per user to the REST API, DRF's "<n>/<second|minute|hour|day>"; None: no throttling.
    "API_THROTTLE_RATE": "120/minute",
    # Who may see which channels in the REST API and the admin: a dotted path to a callable
    # ``(user) -> QuerySet[Channel] | None``. None (the default, or the callable returning None):
    # every channel and the settings-only channel. A queryset: only those channels.
    "USER_CHANNELS": None,
    # The clients django-linebot hands out (receivers' ``api``, ``channels.get_api(channel)``) raise the
    # typed LineBotApiError when LINE refuses a call. False: they return the response, as the
    # bare SDK does, and the caller checks it.
    "RAISE_LINE_ERRORS": True,
    # How the outbox delivers after commit: "celery" (a send_chunk task per chunk, run by your
    # workers) or "inline" (in the same process, for small projects without Celery).
    "SEND_MODE": "celery",
    # Processed webhook events older than this many days are pruned (None: keep for ever).
    "EVENT_RETENTION_DAYS": 30,
}

DISPATCH_MODES = ("sync", "celery")
#: The most days a setting or a command takes (beyond it, date arithmetic overflows long before).
MAX_DAYS = 36500


def user_settings() -> dict[str, Any]:
    value = getattr(settings, "LINEBOT", {})
    return value if isinstance(value, dict) else {}


def get(name: str) -> Any:
    """One ``LINEBOT`` setting, or its default."""
    if name not in DEFAULTS:
        raise KeyError(f"unknown django-linebot setting {name!r}")
    return user_settings().get(name, DEFAULTS[name])
