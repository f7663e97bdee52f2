"""System checks that explain a wrong ``LINEBOT`` setting."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Warning, register

from . import conf


@register()
def check_settings(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    problems: list[Any] = []
    raw = getattr(settings, "LINEBOT", {})
    if not isinstance(raw, dict):
        return [
            Error(
                "LINEBOT must be a dict.",
                hint='LINEBOT = {"CHANNEL_SECRET": ..., "CHANNEL_ACCESS_TOKEN": ...}',
                id="linebot.E001",
            )
        ]
    unknown = sorted(set(raw) - set(conf.DEFAULTS))
    if unknown:
        problems.append(
            Warning(
                f"LINEBOT has unknown key(s): {', '.join(unknown)}.",
                hint=f"Known keys: {', '.join(sorted(conf.DEFAULTS))}.",
                id="linebot.W001",
            )
        )
    if conf.get("DISPATCH") not in conf.DISPATCH_MODES:
        problems.append(
            Error(
                f"LINEBOT['DISPATCH'] is {conf.get('DISPATCH')!r}.",
                hint='Use "sync" (receivers run in the request) or "celery" (in a Celery task).',
                id="linebot.E002",
            )
        )
    size = conf.get("MAX_BODY_SIZE")
    if not isinstance(size, int) or size <= 0:
        problems.append(
            Error("LINEBOT['MAX_BODY_SIZE'] must be a positive number of bytes.", id="linebot.E003")
        )
    if bool(conf.get("CHANNEL_SECRET")) != bool(conf.get("CHANNEL_ACCESS_TOKEN")):
        problems.append(
            Warning(
                "LINEBOT sets only one of CHANNEL_SECRET and CHANNEL_ACCESS_TOKEN.",
                hint="The settings-only channel needs both: the secret checks webhooks, the token sends.",
                id="linebot.W002",
            )
        )
    if not conf.get("ENCRYPTION_KEY"):
        problems.append(
            Warning(
                "LINEBOT['ENCRYPTION_KEY'] is not set: channel secrets and tokens are encrypted "
                "with SECRET_KEY.",
                hint="Set a long random ENCRYPTION_KEY of its own, so rotating SECRET_KEY does not make "
                "stored secrets unreadable.",
                id="linebot.W003",
            )
        )
    days = conf.get("EVENT_RETENTION_DAYS")
    if days is not None and (not isinstance(days, int) or days < 1):
        problems.append(
            Error(
                "LINEBOT['EVENT_RETENTION_DAYS'] must be a whole number of days, or None.",
                id="linebot.E004",
            )
        )
    timeout = conf.get("TIMEOUT")
    parts = timeout if isinstance(timeout, tuple | list) else (timeout,)
    if not parts or not all(isinstance(p, int | float) and p > 0 for p in parts):
        problems.append(
            Error(
                "LINEBOT['TIMEOUT'] must be seconds > 0, or a (connect, read) pair.",
                id="linebot.E005",
            )
        )
    return problems


@register("linebot")
def check_send_mode(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    """``SEND_MODE`` is known, and ``"celery"`` has a Celery app to queue the outbox's tasks with."""
    from .send import SEND_MODES

    mode = conf.get("SEND_MODE")
    if mode not in SEND_MODES:
        return [
            Error(
                f"LINEBOT['SEND_MODE'] is {mode!r}.",
                hint='Use "celery" (Celery workers deliver the outbox) or "inline" (delivered in the '
                "process that sends, after commit: for small projects without Celery).",
                id="linebot.E090",
            )
        ]
    if mode != "celery":
        return []
    import warnings

    from celery import current_app

    with warnings.catch_warnings():  # Celery's fallback app warns that it has no celeryconfig
        warnings.simplefilter("ignore")
        app = current_app._get_current_object()
        fallback = app.main == "default" and not app.set_as_current  # the app Celery makes when none is
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
