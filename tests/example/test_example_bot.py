"""The README's path end to end: the example project, the fake LINE platform, and linebot_simulate, as processes."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import requests

from ..processes import ROOT, free_port, start, stop, wait_for_port


@pytest.fixture
def example_bot(tmp_path):
    fake_port, web_port = free_port(), free_port()
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "LINE_CHANNEL_ACCESS_TOKEN")
        },
        "DJANGO_SETTINGS_MODULE": "example_project.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "LINE_FAKE_PLATFORM_URL": f"http://127.0.0.1:{fake_port}",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run(
        manage + ["migrate", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=120
    )
    procs = [
        start(["manage.py", "linebot_fake_platform", "--port", str(fake_port)], env),
        start(["manage.py", "runserver", f"127.0.0.1:{web_port}", "--noreload"], env),
    ]
    try:
        wait_for_port(fake_port, procs[0])
        wait_for_port(web_port, procs[1])
        yield env, f"http://127.0.0.1:{web_port}/line/webhook/", f"http://127.0.0.1:{fake_port}"
    finally:
        for proc in procs:
            stop(proc)


def test_simulate_a_conversation(example_bot) -> None:
    env, webhook, fake = example_bot
    out = subprocess.run(
        [sys.executable, "manage.py", "linebot_simulate", "--webhook", webhook],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert "you > Hello bot!" in lines and "bot < Hello bot!" in lines  # the echo
    assert any(line.startswith("bot < Thanks for adding me!") for line in lines)  # the follow greeting
    assert any(line.startswith("bot < (sticker 446/1989)") for line in lines)
    assert any("[What next?]" in line for line in lines)  # the postback menu
    assert "4 of 4 events answered" in lines
    sent = requests.get(f"{fake}/_fake/sent", timeout=5).json()["sent"]
    assert {"type": "text", "text": "Hello bot!"} in [m for s in sent for m in s["messages"]]
    assert all(s["kind"] == "reply" for s in sent)


def test_rich_menu_demo_publishes(example_bot) -> None:
    env, _, fake = example_bot
    out = subprocess.run(
        [sys.executable, "manage.py", "bot_richmenu_demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "tab-shop is the default" in out.stdout


def test_simulate_explains_a_bot_that_is_not_running(example_bot) -> None:
    env, _, _ = example_bot
    out = subprocess.run(
        [sys.executable, "manage.py", "linebot_simulate", "--webhook", "http://127.0.0.1:9/line/webhook/"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode != 0 and "is the bot running?" in out.stderr
