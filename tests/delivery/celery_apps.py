"""Pointing this process's Celery app somewhere else for one test, and back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def reset_connections(app: Any) -> None:
    """Drop the broker connections made with the previous broker URL."""
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def configured(app: Any, **conf: Any) -> Iterator[Any]:
    """``app.conf.update(**conf)`` for the duration, with fresh broker connections before and after."""
    saved = {key: app.conf[key] for key in conf}
    app.conf.update(**conf)
    reset_connections(app)
    try:
        yield app
    finally:
        app.conf.update(**saved)
        reset_connections(app)
