"""The optional parts of django-linebot, the packages each needs, and the error naming the extra to install.

``pip install "django-linebot[api]"`` adds the REST API (:mod:`django_linebot.api`);
``pip install "django-linebot[redis]"`` the shared rate limiter in Redis. The core app (webhook,
models, admin, outbox, Celery tasks) imports none of these packages. System checks ``linebot.E026``
(api) and ``linebot.E015`` (redis) say which extra a configured feature is missing.
"""

from __future__ import annotations

from importlib import import_module

#: extra -> the top-level modules it installs
EXTRAS: dict[str, tuple[str, ...]] = {
    "api": ("rest_framework", "django_filters", "drf_spectacular"),
    "redis": ("redis",),
}


class MissingExtra(ImportError):
    """A feature of django-linebot needs an extra that is not installed; the message says which."""

    def __init__(self, extra: str, feature: str, missing: list[str]) -> None:
        self.extra = extra
        self.missing = missing
        super().__init__(
            f'{feature} needs the "{extra}" extra: pip install "django-linebot[{extra}]" '
            f"(not importable: {', '.join(missing)})."
        )


def missing(extra: str) -> list[str]:
    """The modules of ``extra`` that do not import here (empty when the extra is installed)."""
    absent = []
    for name in EXTRAS[extra]:
        try:
            import_module(name)
        except ImportError:
            absent.append(name)
    return absent


def require(extra: str, feature: str) -> None:
    """Raise :class:`MissingExtra` unless every package of ``extra`` imports."""
    absent = missing(extra)
    if absent:
        raise MissingExtra(extra, feature, absent)
