"""System checks that explain a wrong ``LINEBOT`` setting: what is wrong, and what is expected.

One function per concern, each registered with the ``linebot`` tag
(``python manage.py check --tag linebot``). The messages name the setting and the value's type
or shape, never a secret's value; URLs are shown without their user and password.

Ids: E001 LINEBOT not a dict, W001 unknown keys, E002 DISPATCH, E003 MAX_BODY_SIZE, W002 half a
settings channel, W003 SECRET_KEY used for encryption (DEBUG on), E004 EVENT_RETENTION_DAYS,
E005 TIMEOUT, E006 the settings channel's secrets, E007 no ENCRYPTION_KEY with DEBUG off,
E008 ENCRYPTION_KEY's type, E009 API endpoints, W004 plain http:// endpoint, E010
TOKEN_REFRESH_FRACTION, E011 TOKEN_ROTATE_DAYS_BEFORE, E012 RATE_LIMITS, W005 RATE_LIMITS kind,
E013 RATE_LIMIT_SAFETY, E014 RATE_LIMIT_REDIS_URL, E015 redis not installed, E016
RATE_LIMIT_MAX_SLEEP, E017 SEND_MAX_ATTEMPTS, E018 SEND_BACKOFF_*, W006 backoff base above its cap,
E019 NARROWCAST_POLL_INTERVAL, E020 NARROWCAST_MAX_POLLS, E021 API_*_CLASSES, E022 USER_CHANNELS,
E023 RAISE_LINE_ERRORS, E024 SEND_MODE, E025 API_THROTTLE_RATE, E026 the REST API used without the
``api`` extra (E015 is the ``redis`` extra's).
"""

from __future__ import annotations

import ipaddress
import math
from importlib import import_module
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register
from django.utils.module_loading import import_string

from . import conf, extras

TAG = "linebot"
#: DRF's throttle periods: the first letter of the period counts.
THROTTLE_PERIODS = {"s": "second", "m": "minute", "h": "hour", "d": "day"}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _type(value: Any) -> str:
    return type(value).__name__


def _safe_url(value: str) -> str:
    """``value`` without user and password, for messages."""
    try:
        parts = urlsplit(value)
        if parts.username is None and parts.password is None:
            return value
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "<unparsable URL>"
    return parts._replace(netloc=f"***@{host}{port}").geturl()


def _positive(
    name: str,
    check_id: str,
    *,
    integer: bool = False,
    allow_none: bool = False,
    unit: str = "",
    maximum: float | None = None,
) -> list[CheckMessage]:
    """An Error unless ``LINEBOT[name]`` is a number > 0 (a whole one if ``integer``, at most ``maximum``),
    or None if allowed."""
    value = conf.get(name)
    if value is None and allow_none:
        return []
    ok = _is_int(value) if integer else _is_number(value)
    if ok and value > 0 and (maximum is None or value <= maximum):
        return []
    kind = "a whole number" if integer else "a number"
    expected = f"{kind} > 0" + (f" and at most {maximum}" if maximum is not None else "")
    expected += (f" ({unit})" if unit else "") + (", or None" if allow_none else "")
    return [Error(f"LINEBOT['{name}'] is {value!r}: expected {expected}.", id=check_id)]


def check_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Every ``LINEBOT`` settings check below, in order (each is also registered on its own)."""
    checks = (
        check_linebot_is_dict,
        check_unknown_keys,
        check_dispatch,
        check_max_body_size,
        check_settings_channel,
        check_encryption_key,
        check_event_retention_days,
        check_timeout,
        check_endpoints,
        check_token_refresh_fraction,
        check_token_rotate_days,
        check_rate_limits,
        check_rate_limit_safety,
        check_rate_limit_redis,
        check_rate_limit_max_sleep,
        check_send_max_attempts,
        check_send_backoff,
        check_narrowcast_poll_interval,
        check_narrowcast_max_polls,
        check_api_classes,
        check_user_channels,
        check_raise_line_errors,
        check_send_mode,
        check_celery_app,
        check_api_throttle_rate,
        check_api_extra,
        check_followers_settings,
    )
    return [problem for check in checks for problem in check(app_configs, **kwargs)]


@register(TAG)
def check_linebot_is_dict(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """LINEBOT is a dict."""
    raw = getattr(settings, "LINEBOT", {})
    if isinstance(raw, dict):
        return []
    return [
        Error(
            f"LINEBOT must be a dict, not {_type(raw)}.",
            hint='LINEBOT = {"CHANNEL_SECRET": ..., "CHANNEL_ACCESS_TOKEN": ...}',
            id="linebot.E001",
        )
    ]


@register(TAG)
def check_unknown_keys(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Every LINEBOT key is one django-linebot reads (a typo is otherwise silently ignored)."""
    unknown = sorted(str(key) for key in set(conf.user_settings()) - set(conf.DEFAULTS))
    if not unknown:
        return []
    return [
        Warning(
            f"LINEBOT has unknown key(s): {', '.join(unknown)}.",
            hint=f"Known keys: {', '.join(sorted(conf.DEFAULTS))}.",
            id="linebot.W001",
        )
    ]


@register(TAG)
def check_dispatch(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """DISPATCH is one of the known modes."""
    value = conf.get("DISPATCH")
    if isinstance(value, str) and value in conf.DISPATCH_MODES:
        return []
    return [
        Error(
            f"LINEBOT['DISPATCH'] is {value!r}.",
            hint='Use "sync" (receivers run in the request) or "celery" (in a Celery task).',
            id="linebot.E002",
        )
    ]


@register(TAG)
def check_max_body_size(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """MAX_BODY_SIZE is a positive number of bytes."""
    value = conf.get("MAX_BODY_SIZE")
    if _is_int(value) and value > 0:
        return []
    return [
        Error(
            f"LINEBOT['MAX_BODY_SIZE'] is {value!r}: it must be a positive number of bytes.",
            hint="e.g. 1024 * 1024 (LINE's webhook bodies are far smaller).",
            id="linebot.E003",
        )
    ]


@register(TAG)
def check_settings_channel(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The settings-only channel: strings (or None), and the secret and the token together."""
    problems: list[CheckMessage] = []
    for name in ("CHANNEL_SECRET", "CHANNEL_ACCESS_TOKEN", "PREVIOUS_CHANNEL_SECRET"):
        value = conf.get(name)
        if value is not None and not isinstance(value, str):
            problems.append(
                Error(
                    f"LINEBOT['{name}'] is a {_type(value)}: expected a string, or None.",
                    hint="Copy it from the LINE Developers console, e.g. from an environment variable.",
                    id="linebot.E006",
                )
            )
    if bool(conf.get("CHANNEL_SECRET")) != bool(conf.get("CHANNEL_ACCESS_TOKEN")):
        problems.append(
            Warning(
                "LINEBOT sets only one of CHANNEL_SECRET and CHANNEL_ACCESS_TOKEN.",
                hint="The settings-only channel needs both: the secret checks webhooks, the token sends.",
                id="linebot.W002",
            )
        )
    return problems


@register(TAG)
def check_encryption_key(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """ENCRYPTION_KEY: set (SECRET_KEY stands in only while DEBUG is on), a string or a list of them."""
    if not isinstance(getattr(settings, "LINEBOT", {}), dict):
        return []  # linebot.E001 says what to fix first
    value = conf.get("ENCRYPTION_KEY")
    generate = (
        'Generate one: python -c "from cryptography.fernet import Fernet; '
        'print(Fernet.generate_key().decode())"'
    )
    if value is None or value == "":
        if settings.DEBUG:
            return [
                Warning(
                    "LINEBOT['ENCRYPTION_KEY'] is not set: channel secrets and tokens are encrypted "
                    "with SECRET_KEY (only while DEBUG is on).",
                    hint="Set a long random ENCRYPTION_KEY of its own, so rotating SECRET_KEY does not "
                    f"make stored secrets unreadable. {generate}",
                    id="linebot.W003",
                )
            ]
        return [
            Error(
                "LINEBOT['ENCRYPTION_KEY'] is not set, and with DEBUG off SECRET_KEY is not used in its "
                "place: channel secrets and tokens can be neither stored nor read.",
                hint=f"{generate}. Data stored while SECRET_KEY was the key: set "
                "ENCRYPTION_KEY = [new_key, old_secret_key], then run manage.py linebot_reencrypt.",
                id="linebot.E007",
            )
        ]
    keys = [value] if isinstance(value, str) else value
    if isinstance(keys, list | tuple) and keys and all(isinstance(k, str) and k for k in keys):
        return []
    return [
        Error(
            f"LINEBOT['ENCRYPTION_KEY'] is a {_type(value)} that is not a non-empty string or a list of "
            "non-empty strings.",
            hint="A Fernet key (used as is) or a long passphrase (slow to derive); a list to rotate: "
            f"the first key encrypts, every key decrypts. {generate}",
            id="linebot.E008",
        )
    ]


@register(TAG)
def check_event_retention_days(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """EVENT_RETENTION_DAYS is a whole number of days, or None."""
    value = conf.get("EVENT_RETENTION_DAYS")
    if value is None or (_is_int(value) and 1 <= value <= conf.MAX_DAYS):
        return []
    return [
        Error(
            f"LINEBOT['EVENT_RETENTION_DAYS'] is {value!r}: it must be a whole number of days (1 to "
            f"{conf.MAX_DAYS}), or None.",
            hint="None keeps processed webhook events for ever.",
            id="linebot.E004",
        )
    ]


@register(TAG)
def check_timeout(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """TIMEOUT is seconds > 0, or a (connect, read) pair of them."""
    value = conf.get("TIMEOUT")
    parts = value if isinstance(value, tuple | list) else (value,)
    if 1 <= len(parts) <= 2 and all(_is_number(p) and p > 0 for p in parts):
        return []
    return [
        Error(
            f"LINEBOT['TIMEOUT'] is {value!r}: it must be seconds > 0, or a (connect, read) pair.",
            hint="e.g. 10 or (5.0, 30.0). Without a finite timeout a stuck connection blocks a worker.",
            id="linebot.E005",
        )
    ]


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@register(TAG)
def check_endpoints(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """API_ENDPOINT and API_DATA_ENDPOINT are http(s) URLs; plain http only to a loopback host."""
    problems: list[CheckMessage] = []
    for name in ("API_ENDPOINT", "API_DATA_ENDPOINT"):
        value = conf.get(name)
        if value is None:
            continue
        try:
            parts = urlsplit(value) if isinstance(value, str) else None
            host = parts.hostname if parts else None
            if parts is not None:
                parts.port  # noqa: B018 - raises ValueError for a port that is not a number
        except ValueError:
            parts = host = None
        if parts is None or parts.scheme not in ("http", "https") or not host:
            shown = _safe_url(value) if isinstance(value, str) else f"a {_type(value)}"
            problems.append(
                Error(
                    f"LINEBOT['{name}'] is {shown!r}: expected an http(s) URL, or None for LINE itself.",
                    hint="e.g. https://api.line.me (the default), or http://127.0.0.1:8765 for the fake "
                    "LINE platform.",
                    id="linebot.E009",
                )
            )
        elif parts.scheme == "http" and not _is_loopback(host):
            problems.append(
                Warning(
                    f"LINEBOT['{name}'] is plain http:// to {host}: access tokens and messages would "
                    "cross the network unencrypted.",
                    hint="Use https://, or None for LINE itself; plain http only to 127.0.0.1/localhost "
                    "(the fake LINE platform).",
                    id="linebot.W004",
                )
            )
    return problems


@register(TAG)
def check_token_refresh_fraction(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """TOKEN_REFRESH_FRACTION is strictly between 0 and 1."""
    value = conf.get("TOKEN_REFRESH_FRACTION")
    if _is_number(value) and 0 < value < 1:
        return []
    return [
        Error(
            f"LINEBOT['TOKEN_REFRESH_FRACTION'] is {value!r}: expected a number between 0 and 1 (exclusive).",
            hint="Issued tokens are renewed when less than this fraction of their life is left; "
            "the default is 0.1.",
            id="linebot.E010",
        )
    ]


@register(TAG)
def check_token_rotate_days(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """TOKEN_ROTATE_DAYS_BEFORE is a whole number of days > 0."""
    return _positive(
        "TOKEN_ROTATE_DAYS_BEFORE", "linebot.E011", integer=True, unit="days", maximum=conf.MAX_DAYS
    )


@register(TAG)
def check_rate_limits(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """RATE_LIMITS is {kind: (requests, seconds)} (None for a kind: no limit), for kinds LINE limits."""
    from .sdk.limits import API_RATE_LIMITS
    from .sdk.limits import RATE_LIMITS as SEND_LIMITS

    LINE_LIMITS = {**SEND_LIMITS, **API_RATE_LIMITS}
    value = conf.get("RATE_LIMITS")
    shape = 'e.g. {"push": (1000, 1.0), "broadcast": (30, 3600.0)}: at most 1000 pushes a second'
    if value is None:
        return []
    if not isinstance(value, dict):
        return [
            Error(
                f"LINEBOT['RATE_LIMITS'] is a {_type(value)}: expected a dict {{kind: (requests, seconds)}}.",
                hint=shape,
                id="linebot.E012",
            )
        ]
    problems: list[CheckMessage] = []
    for kind, limit in value.items():
        if limit is not None and not (
            isinstance(limit, tuple | list)
            and len(limit) == 2
            and _is_int(limit[0])
            and limit[0] > 0
            and _is_number(limit[1])
            and limit[1] > 0
        ):
            problems.append(
                Error(
                    f"LINEBOT['RATE_LIMITS'][{kind!r}] is {limit!r}: expected (requests, seconds), a whole "
                    "number of requests > 0 per a number of seconds > 0, or None for no limit.",
                    hint=shape,
                    id="linebot.E012",
                )
            )
        if kind not in LINE_LIMITS:
            problems.append(
                Warning(
                    f"LINEBOT['RATE_LIMITS'] has the unknown kind {kind!r}: it limits nothing.",
                    hint=f"Known kinds: {', '.join(sorted(LINE_LIMITS))}.",
                    id="linebot.W005",
                )
            )
    return problems


@register(TAG)
def check_rate_limit_safety(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """RATE_LIMIT_SAFETY is in (0, 1]."""
    value = conf.get("RATE_LIMIT_SAFETY")
    if _is_number(value) and 0 < value <= 1:
        return []
    return [
        Error(
            f"LINEBOT['RATE_LIMIT_SAFETY'] is {value!r}: expected a number above 0 and at most 1.",
            hint="The fraction of LINE's limits to use; the default 0.95 leaves room for network jitter.",
            id="linebot.E013",
        )
    ]


@register(TAG)
def check_rate_limit_redis(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """RATE_LIMIT_REDIS_URL is a Redis URL (or None), and the redis package is installed when it is set."""
    value = conf.get("RATE_LIMIT_REDIS_URL")
    if value is None or value == "":
        return []
    scheme = urlsplit(value).scheme if isinstance(value, str) else None
    if scheme not in ("redis", "rediss", "unix"):
        shown = _safe_url(value) if isinstance(value, str) else f"a {_type(value)}"
        return [
            Error(
                f"LINEBOT['RATE_LIMIT_REDIS_URL'] is {shown!r}: expected a redis://, rediss:// or unix:// "
                "URL, or None to keep the rate limiter in the database.",
                hint='e.g. "redis://localhost:6379/1"',
                id="linebot.E014",
            )
        ]
    try:
        import redis  # noqa: F401
    except ImportError:
        return [
            Error(
                "LINEBOT['RATE_LIMIT_REDIS_URL'] is set but the redis package is not installed.",
                hint='pip install "django-linebot[redis]" (or pip install redis), or set '
                "RATE_LIMIT_REDIS_URL to None to keep the rate limiter in the database.",
                id="linebot.E015",
            )
        ]
    return []


@register(TAG)
def check_rate_limit_max_sleep(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """RATE_LIMIT_MAX_SLEEP is seconds > 0."""
    return _positive("RATE_LIMIT_MAX_SLEEP", "linebot.E016", unit="seconds")


@register(TAG)
def check_send_max_attempts(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """SEND_MAX_ATTEMPTS is a whole number > 0."""
    return _positive("SEND_MAX_ATTEMPTS", "linebot.E017", integer=True, unit="attempts per chunk")


@register(TAG)
def check_send_backoff(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """SEND_BACKOFF_BASE and SEND_BACKOFF_MAX are seconds > 0, the base not above the cap."""
    problems = _positive("SEND_BACKOFF_BASE", "linebot.E018", unit="seconds")
    problems += _positive("SEND_BACKOFF_MAX", "linebot.E018", unit="seconds")
    base, cap = conf.get("SEND_BACKOFF_BASE"), conf.get("SEND_BACKOFF_MAX")
    if not problems and base > cap:
        problems.append(
            Warning(
                f"LINEBOT['SEND_BACKOFF_BASE'] ({base!r}) is above SEND_BACKOFF_MAX ({cap!r}): every retry "
                "waits the maximum.",
                hint="The wait is base * 2**(attempt-1) seconds, capped at SEND_BACKOFF_MAX.",
                id="linebot.W006",
            )
        )
    return problems


@register(TAG)
def check_narrowcast_poll_interval(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """NARROWCAST_POLL_INTERVAL is seconds > 0."""
    return _positive("NARROWCAST_POLL_INTERVAL", "linebot.E019", unit="seconds")


@register(TAG)
def check_narrowcast_max_polls(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """NARROWCAST_MAX_POLLS is a whole number > 0."""
    return _positive("NARROWCAST_MAX_POLLS", "linebot.E020", integer=True)


def _import_problem(path: str) -> str | None:
    """Why ``path`` does not import, or None."""
    try:
        import_string(path)
    except ImportError as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - the imported module itself failed: say how
        return f"importing it raised {type(exc).__name__}: {exc}"
    return None


@register(TAG)
def check_api_classes(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """API_AUTHENTICATION_CLASSES and API_PERMISSION_CLASSES are lists of importable classes, or None."""
    problems: list[CheckMessage] = []
    for name in ("API_AUTHENTICATION_CLASSES", "API_PERMISSION_CLASSES"):
        value = conf.get(name)
        if value is None:
            continue
        if not isinstance(value, list | tuple):
            problems.append(
                Error(
                    f"LINEBOT['{name}'] is a {_type(value)}: expected a list of dotted paths to DRF "
                    "classes, or None.",
                    hint='e.g. ["rest_framework.authentication.SessionAuthentication"]',
                    id="linebot.E021",
                )
            )
            continue
        for item in value:
            if isinstance(item, type):
                continue
            why = _import_problem(item) if isinstance(item, str) else f"it is a {_type(item)}"
            if why:
                problems.append(
                    Error(
                        f"LINEBOT['{name}'] has {item!r}, which cannot be imported: {why}.",
                        hint="Each item is a dotted path to a class (or the class itself).",
                        id="linebot.E021",
                    )
                )
    return problems


@register(TAG)
def check_user_channels(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """USER_CHANNELS is None, a callable, or a dotted path to one."""
    value = conf.get("USER_CHANNELS")
    hint = 'A dotted path to a callable (user) -> QuerySet[Channel] | None, e.g. "myproject.access.channels".'
    if value is None or (callable(value) and not isinstance(value, str)):
        return []
    why: str | None
    if not isinstance(value, str):
        why = f"it is a {_type(value)}"
    else:
        why = _import_problem(value)
        if why is None and not callable(import_string(value)):
            why = "it is not callable"
    if why is None:
        return []
    return [
        Error(
            f"LINEBOT['USER_CHANNELS'] is {value!r}: expected a callable, a dotted path to one, or None; "
            f"{why}.",
            hint=hint,
            id="linebot.E022",
        )
    ]


@register(TAG)
def check_raise_line_errors(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """RAISE_LINE_ERRORS is True or False."""
    value = conf.get("RAISE_LINE_ERRORS")
    if isinstance(value, bool):
        return []
    return [
        Error(
            f"LINEBOT['RAISE_LINE_ERRORS'] is {value!r}: expected True or False.",
            hint="True: LINE's refusals raise LineBotApiError; False: calls return the response.",
            id="linebot.E023",
        )
    ]


@register(TAG)
def check_followers_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """TRACK_USERS and ERASE_PROFILE_ON_UNFOLLOW are True or False; PROFILE_REFRESH_DAYS is days > 0."""
    problems: list[CheckMessage] = [
        Error(
            f"LINEBOT['{name}'] is {conf.get(name)!r}: expected True or False.",
            hint="LineUser rows are kept (and profiles erased on unfollow) only when True.",
            id="linebot.E030",
        )
        for name in ("TRACK_USERS", "ERASE_PROFILE_ON_UNFOLLOW")
        if not isinstance(conf.get(name), bool)
    ]
    return problems + _positive(
        "PROFILE_REFRESH_DAYS", "linebot.E031", integer=True, unit="days", maximum=conf.MAX_DAYS
    )


@register(TAG)
def check_send_mode(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """SEND_MODE is "celery" or "inline"."""
    value = conf.get("SEND_MODE")
    if isinstance(value, str) and value in conf.SEND_MODES:
        return []
    return [
        Error(
            f'LINEBOT[\'SEND_MODE\'] is {value!r}: expected "celery" or "inline".',
            hint='"celery": the outbox is sent by Celery tasks; "inline": in this process after commit.',
            id="linebot.E024",
        )
    ]


@register(TAG)
def check_api_throttle_rate(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """API_THROTTLE_RATE is None or DRF's "requests/period" (e.g. "60/min")."""
    value = conf.get("API_THROTTLE_RATE")
    if value is None:
        return []
    if isinstance(value, str) and value.count("/") == 1:
        count, period = value.split("/")
        if count.isdigit() and int(count) > 0 and period[:1] in THROTTLE_PERIODS:
            return []
    return [
        Error(
            f"LINEBOT['API_THROTTLE_RATE'] is {value!r}: expected \"requests/period\" with a whole number "
            "> 0 and a period of s, min, hour or day, or None for no throttling.",
            hint='e.g. "60/min" or "1000/day"',
            id="linebot.E025",
        )
    ]


@register(TAG)
def check_celery_app(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    """With ``SEND_MODE = "celery"``, a Celery app is there to queue the outbox's tasks with."""
    mode = conf.get("SEND_MODE")
    if mode != "celery":
        return []
    import warnings

    from celery import current_app

    with warnings.catch_warnings():  # Celery's fallback app warns that it has no celeryconfig
        warnings.simplefilter("ignore")
        app = current_app  # a proxy of the current app: attribute reads go to it
        # the app Celery makes when none is; set_as_current is set in Celery.__init__, celery-types lacks it
        fallback = app.main == "default" and not app.set_as_current  # type: ignore[attr-defined]
        if not fallback or app.conf.broker_url or app.conf.task_always_eager:
            return []
    return [
        Warning(
            "django-linebot sends through Celery (LINEBOT['SEND_MODE'] = \"celery\"), but this project "
            "has no Celery app configured: queued messages would never be sent.",
            hint="Add your_project/celery.py: app = Celery('your_project'); "
            "app.config_from_object('django.conf:settings', namespace='CELERY'); app.autodiscover_tasks(); "
            "import it in your_project/__init__.py (from .celery import app as celery_app), and set "
            "CELERY_BROKER_URL (e.g. 'redis://localhost:6379/0'). Or, without Celery, set "
            "LINEBOT['SEND_MODE'] = 'inline' to send in-process after commit.",
            id="linebot.W090",
        )
    ]


#: the LINEBOT keys only the REST API reads
API_KEYS = ("API_AUTHENTICATION_CLASSES", "API_PERMISSION_CLASSES", "API_THROTTLE_RATE")


def _urlconf_needs_extra(extra: str) -> bool:
    """Whether importing ``ROOT_URLCONF`` fails for want of ``extra`` (it includes a URLconf needing it)."""
    urlconf = getattr(settings, "ROOT_URLCONF", None)
    if not isinstance(urlconf, str) or not urlconf:
        return False
    try:
        import_module(urlconf)
    except extras.MissingExtra as exc:
        return exc.extra == extra
    except Exception:  # noqa: BLE001, S110 - any other problem is Django's URL check's to report
        pass
    return False


@register(TAG)
def check_api_extra(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The REST API's packages (the ``api`` extra) are installed when the project uses the API: its URLs
    included in the URLconf, or a LINEBOT key only the API reads."""
    absent = extras.missing("api")
    if not absent:
        return []
    uses = []
    if _urlconf_needs_extra("api"):
        uses.append('the URLconf includes "django_linebot.api.urls"')
    keys = [key for key in API_KEYS if key in conf.user_settings()]
    if keys:
        uses.append(f"LINEBOT sets {', '.join(keys)}")
    if not uses:
        return []
    return [
        Error(
            f"The REST API is used ({'; '.join(uses)}), but its packages are not installed: "
            f"{', '.join(absent)} cannot be imported.",
            hint='pip install "django-linebot[api]" (Django REST framework, django-filter, drf-spectacular); '
            "or remove the API's URLs and settings.",
            id="linebot.E026",
        )
    ]
