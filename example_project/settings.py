"""The example bot. Secrets come from the environment; public development values only in development.

Development mode (public example values for whatever is not set):

- ``DJANGO_DEBUG=1``;
- or nothing configured at all: no ``DJANGO_DEBUG``, ``LINE_CHANNEL_SECRET``, ``LINE_CHANNEL_ACCESS_TOKEN``,
  ``DJANGO_SECRET_KEY`` nor ``LINEBOT_ENCRYPTION_KEY`` (``bash scripts/run.sh`` on a fresh checkout);
- or ``LINE_FAKE_PLATFORM_URL`` naming the fake LINE platform on this machine (127.0.0.1/localhost).

With no ``LINE_CHANNEL_ACCESS_TOKEN`` in development, the bot talks to the fake LINE platform
(``LINE_FAKE_PLATFORM_URL``, default http://127.0.0.1:8765) with an example channel.

Anything else is production: ``DJANGO_SECRET_KEY`` and ``LINEBOT_ENCRYPTION_KEY`` must be set (the
settings refuse to load, naming the missing variable), ``DEBUG`` is off unless ``DJANGO_DEBUG=1``, and
LINE is the real one: a deployment whose channels are all in the database (no ``LINE_CHANNEL_*``)
sends their tokens to LINE, never to the fake. ``LINE_CHANNEL_SECRET`` and ``LINE_CHANNEL_ACCESS_TOKEN``
go together in every mode: one without the other refuses to load.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .settings_base import *  # noqa: F403
from .settings_base import BASE_DIR, database_from_url, debug_flag, is_loopback_url, secret_setting

DEFAULT_FAKE_LINE_URL = "http://127.0.0.1:8765"
_env = os.environ
_debug = debug_flag(_env)
_secret = _env.get("LINE_CHANNEL_SECRET", "")
_token = _env.get("LINE_CHANNEL_ACCESS_TOKEN", "")
if bool(_secret) != bool(_token):
    _missing, _set = ("LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN")[:: 1 if _token else -1]
    raise ImproperlyConfigured(
        f"{_missing} is not set, but {_set} is: set both (the secret proves that webhooks come from LINE), "
        "or neither to use the channels of the database or the local fake LINE platform."
    )
_nothing_configured = _debug is None and not any(
    _env.get(name)
    for name in (
        "LINE_CHANNEL_SECRET",
        "LINE_CHANNEL_ACCESS_TOKEN",
        "DJANGO_SECRET_KEY",
        "LINEBOT_ENCRYPTION_KEY",
    )
)
FAKE_LINE_URL = _env.get("LINE_FAKE_PLATFORM_URL") or DEFAULT_FAKE_LINE_URL
#: The bot talks to the fake LINE platform, not to LINE.
USE_FAKE_LINE = not _token and bool(_env.get("LINE_FAKE_PLATFORM_URL") or _nothing_configured or _debug)
DEVELOPMENT = bool(_debug) or (USE_FAKE_LINE and is_loopback_url(FAKE_LINE_URL))

DEBUG = DEVELOPMENT if _debug is None else _debug
if DEVELOPMENT:
    # linebot_fake_platform and linebot_simulate: development tools, never in a production install.
    INSTALLED_APPS = [*INSTALLED_APPS, "django_linebot.devtools"]  # noqa: F405
SECRET_KEY = secret_setting(_env, "DJANGO_SECRET_KEY", "example-project-insecure-key", DEVELOPMENT)

DATABASES = {"default": database_from_url(_env.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))}

MEDIA_ROOT = _env.get("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media"))
MEDIA_URL = "media/"

_example_channel = USE_FAKE_LINE and DEVELOPMENT  # the fake platform accepts any token
LINEBOT = {
    "CHANNEL_SECRET": _secret or ("example-channel-secret" if _example_channel else None),
    "CHANNEL_ACCESS_TOKEN": _token or ("example-channel-access-token" if _example_channel else None),
    "API_ENDPOINT": FAKE_LINE_URL if USE_FAKE_LINE else None,
    "API_DATA_ENDPOINT": FAKE_LINE_URL if USE_FAKE_LINE else None,
    "ENCRYPTION_KEY": secret_setting(
        _env, "LINEBOT_ENCRYPTION_KEY", "example-project-encryption-key", DEVELOPMENT
    ),
}

CELERY_BROKER_URL = _env.get("CELERY_BROKER_URL", "memory://")
# With no broker configured, tasks run in-process.
CELERY_TASK_ALWAYS_EAGER = "CELERY_BROKER_URL" not in _env
# Longer than any retry countdown or rate-limit wait, so Redis never hands a waiting task out twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 3600}
CELERY_TASK_ACKS_LATE = True
# Celery's Django fix-up closes the database connection around every task unless told to reuse it;
# a new PostgreSQL login per task halves the outbox's throughput.
CELERY_DB_REUSE_MAX = 1000
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The beat schedule is django_linebot.tasks.BEAT_SCHEDULE, set in example_project/celery.py.
if CELERY_BROKER_URL.startswith("redis://"):
    LINEBOT["RATE_LIMIT_REDIS_URL"] = CELERY_BROKER_URL
