"""The development tools are an opt-in app: a production install has neither the commands nor /_fake/."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEVTOOLS = {"linebot_fake_platform", "linebot_simulate"}
SETTINGS = """
SECRET_KEY = "x"
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "django_linebot"{extra}]
DATABASES = {{"default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}}}
ROOT_URLCONF = "django_linebot.urls"
LINEBOT = {{"CHANNEL_SECRET": "s", "CHANNEL_ACCESS_TOKEN": "t", "ENCRYPTION_KEY": "k"}}
USE_TZ = True
"""
SHOW = (
    "import django, json; django.setup(); "
    "from django.core.management import get_commands; from django.urls import resolve, Resolver404\n"
    "def served(path):\n"
    "    try:\n"
    "        resolve(path)\n"
    "        return True\n"
    "    except Resolver404:\n"
    "        return False\n"
    "print(json.dumps({'commands': sorted(get_commands()), 'fake_sent': served('/_fake/sent')}))"
)


def _install(tmp_path: Path, extra: str) -> dict:
    (tmp_path / "site_settings.py").write_text(SETTINGS.format(extra=extra))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
    }
    done = subprocess.run(
        [sys.executable, "-c", SHOW], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_production_install_has_no_development_tools(tmp_path) -> None:
    found = _install(tmp_path, "")
    assert not DEVTOOLS & set(found["commands"])
    assert "linebot_setwebhook" in found["commands"]  # the app's own commands are there
    assert found["fake_sent"] is False


def test_the_devtools_app_brings_the_commands(tmp_path) -> None:
    found = _install(tmp_path, ', "django_linebot.devtools"')
    assert set(found["commands"]) >= DEVTOOLS


@pytest.mark.parametrize("name", sorted(DEVTOOLS))
def test_the_commands_live_in_the_devtools_app(name) -> None:
    assert (ROOT / "django_linebot" / "devtools" / "management" / "commands" / f"{name}.py").is_file()
    assert not (ROOT / "django_linebot" / "management" / "commands" / f"{name}.py").exists()


def _example_apps(**environ: str) -> list[str]:
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONDONTWRITEBYTECODE": "1", **environ}
    code = "import json, example_project.settings as s; print(json.dumps(s.INSTALLED_APPS))"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_example_project_has_them_in_development_only() -> None:
    assert "django_linebot.devtools" in _example_apps()  # scripts/run.sh on a fresh checkout
    production = {"DJANGO_SECRET_KEY": "a-real-secret-key", "LINEBOT_ENCRYPTION_KEY": "a-real-encryption-key"}
    assert "django_linebot.devtools" not in _example_apps(**production)
