"""The example project's settings that hold no secrets and read nothing from the environment.

The example project's secrets, ``DEBUG`` and LINE endpoints are in ``settings.py``; the helpers here
decide between its development and production modes. The test suite's settings (tests/settings.py) are
complete in themselves and take only :func:`database_from_url` from here.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def database_from_url(url: str) -> dict[str, Any]:
    """``sqlite:///path``, ``sqlite:///:memory:`` or ``postgres://user:pass@host:port/name``."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        name = parts.path[1:] if parts.path.startswith("/") else parts.path
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": name or ":memory:"}
    if parts.scheme in ("postgres", "postgresql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
        }
    raise ValueError(f"unsupported DATABASE_URL scheme: {parts.scheme!r}")


def is_loopback_url(url: str) -> bool:
    """Whether ``url`` is an http(s) URL to this machine (127.0.0.0/8, ::1 or localhost)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return False
    if parts.scheme not in ("http", "https"):
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def debug_flag(environ: Mapping[str, str]) -> bool | None:
    """``DJANGO_DEBUG``: True for "1", False for "0", None when it is not set."""
    value = environ.get("DJANGO_DEBUG")
    if value is None or value == "":
        return None
    if value not in ("0", "1"):
        raise ImproperlyConfigured(f"DJANGO_DEBUG is {value!r}: set it to 1 (development) or 0 (production)")
    return value == "1"


def secret_setting(environ: Mapping[str, str], name: str, development_default: str, development: bool) -> str:
    """The environment variable ``name``; its public development default only in development mode."""
    value = environ.get(name, "")
    if value:
        return value
    if development:
        return development_default
    raise ImproperlyConfigured(
        f"{name} is not set. Production needs DJANGO_SECRET_KEY and LINEBOT_ENCRYPTION_KEY; for "
        "development on your machine set DJANGO_DEBUG=1 to use the example project's public values."
    )


ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_linebot",
    "example_project.bot",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "example_project.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
WSGI_APPLICATION = "example_project.wsgi.application"
ASGI_APPLICATION = "example_project.asgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
STATIC_URL = "static/"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django_linebot": {"handlers": ["console"], "level": "INFO"}},
}
