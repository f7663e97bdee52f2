from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.signals import got_request_exception
from django.dispatch import Signal
from django.test import override_settings

from django_linebot import signals

from .processes import free_port

# linebot_settings, signal_log and post_webhook come from django-linebot's pytest plugin
# (django_linebot/testing/pytest_plugin.py), as they do in a project that uses the app.


__all__ = ["override_settings"]


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory) -> Iterator[str]:
    """A real Redis: $LINEBOT_TEST_REDIS_URL, or a redis-server started here on 127.0.0.1."""
    import os
    import shutil
    import subprocess
    import time

    url = os.environ.get("LINEBOT_TEST_REDIS_URL")
    if url:
        yield url
        return
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("needs redis-server (scripts/test.sh installs it with apt-get)")
    port = free_port()
    workdir = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def connect() -> Iterator[Callable[[Signal, Callable[..., Any]], None]]:
    """Connect receivers for one test: ``connect(signal, func)``; all are disconnected at its end."""
    done: list[tuple[Signal, str]] = []

    def connect_(signal: Signal, func: Callable[..., Any]) -> None:
        uid = f"test-{func.__name__}-{len(done)}"
        signal.connect(func, weak=False, dispatch_uid=uid)
        done.append((signal, uid))

    yield connect_
    for signal, uid in done:
        signal.disconnect(dispatch_uid=uid)


def _watched_signals() -> list[Signal]:
    return [
        *(sig for sig in vars(signals).values() if isinstance(sig, Signal)),
        got_request_exception,
    ]


@pytest.fixture(autouse=True)
def _no_channel_row_kept() -> Iterator[None]:
    """No channel row kept in the process from an earlier test (``channels.webhook_channel`` and
    ``kept_channel`` keep rows; a flushed row would make a test's first INSERT fail its foreign key)."""
    from django_linebot.channels import forget_webhook_channels

    forget_webhook_channels()
    yield
    forget_webhook_channels()


@pytest.fixture(autouse=True)
def _no_receiver_left_connected() -> Iterator[None]:
    """A receiver a test connects must be gone at its end: a leftover would run in every later test.

    The leftovers are disconnected here (so one leak fails one test, not the rest), then reported.
    """
    before = {sig: list(sig.receivers) for sig in _watched_signals()}
    yield
    left = []
    for sig, receivers in before.items():
        added = [ref for _, ref, _ in sig.receivers if all(ref is not old for _, old, _ in receivers)]
        if added:
            left += [repr(ref() if isinstance(ref, weakref.ReferenceType) else ref) for ref in added]
            with sig.lock:
                sig.receivers = receivers
                sig.sender_receivers_cache.clear()
    assert not left, f"receivers left connected: {left}"
