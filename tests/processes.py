"""Starting and stopping the real processes the integration tests and benchmarks run beside them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(args: Sequence[str], env: Mapping[str, str]) -> subprocess.Popen:
    """``python args...`` from the project folder, in a process group of its own, output discarded."""
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        env=dict(env),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for_port(port: int, proc: subprocess.Popen | None = None, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the process exited with {proc.returncode} before listening on {port}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


def stop(proc: subprocess.Popen, timeout: float = 20) -> None:
    """SIGTERM the process group; SIGKILL it if it is still there after ``timeout``."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


def celery_worker(
    name: str,
    queue: str,
    broker_url: str,
    fake_url: str,
    pool: str = "threads",
    concurrency: int = 8,
    extra_env: Mapping[str, str] | None = None,
) -> subprocess.Popen:
    """A Celery worker of the example project (``tests.settings_worker``) on ``queue`` only, using this
    process's database, ``broker_url`` and the fake LINE platform at ``fake_url``; ``extra_env``
    for the worker's settings (``LINEBOT_TEST_ECHO_BOT=1``: the example bot's receivers connected)."""
    from django.db import connection

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings_worker",
        "LINEBOT_TEST_DB_NAME": connection.settings_dict["NAME"],
        "CELERY_BROKER_URL": broker_url,
        "LINEBOT_TEST_QUEUE": queue,
        "LINEBOT_FAKE_URL": fake_url,
        **(extra_env or {}),
    }
    return start(
        [
            "-m",
            "celery",
            "-A",
            "example_project",
            "worker",
            f"--pool={pool}",
            f"--concurrency={concurrency}",
            "-Q",
            queue,
            "-n",
            f"{name}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=WARNING",
        ],
        env,
    )
