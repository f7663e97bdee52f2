from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.signals import got_request_exception
from django.dispatch import Signal
from django.test import override_settings

from django_linebot import signals
from django_linebot.channels import clear_clients
from django_linebot.testing import sign_body

from .processes import free_port

SECRET = "test-channel-secret"


@pytest.fixture
def linebot_settings(settings, line_platform):
    """LINEBOT pointed at the fake platform."""
    settings.LINEBOT = {
        **settings.LINEBOT,
        "API_ENDPOINT": line_platform.url,
        "API_DATA_ENDPOINT": line_platform.url,
        "TIMEOUT": 5,
    }
    clear_clients()
    yield settings.LINEBOT
    clear_clients()


class SignalLog:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]

    def events(self, name: str) -> list[Any]:
        return [kw["event"] for n, kw in self.calls if n == name]


@pytest.fixture
def signal_log() -> Iterator[SignalLog]:
    """Records every django-linebot signal sent during the test."""
    log = SignalLog()
    connected: list[tuple[Signal, Any]] = []
    named = {**{name: sig for name, sig in vars(signals).items() if isinstance(sig, Signal)}}
    for name, sig in named.items():

        def rec(sender: Any, _name: str = name, **kwargs: Any) -> None:
            log.calls.append((_name, kwargs))

        sig.connect(rec, weak=False, dispatch_uid=f"test-log-{name}")
        connected.append((sig, name))
    yield log
    for sig, name in connected:
        sig.disconnect(dispatch_uid=f"test-log-{name}")


@pytest.fixture
def post_webhook(client):
    """POST a body to the webhook, signed with ``secret`` (or with ``signature`` as given)."""

    def post(
        body: bytes,
        *,
        url: str = "/line/webhook/",
        secret: str = SECRET,
        signature: str | None = None,
        **extra: Any,
    ):
        sig = signature if signature is not None else sign_body(body, secret)
        headers = {"HTTP_X_LINE_SIGNATURE": sig} if sig != "" else {}
        return client.post(url, data=body, content_type="application/json", **headers, **extra)

    return post


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
