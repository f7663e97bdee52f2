"""The wheel and sdist carry migrations, templates and py.typed; the wheel installs and runs in a fresh venv."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import django_linebot

ROOT = Path(__file__).resolve().parents[2]
MUST_SHIP = [
    "django_linebot/py.typed",
    "django_linebot/migrations/0001_initial.py",
    "django_linebot/templates/admin/linebot/action_form.html",
    "django_linebot/templates/django_linebot/api/filter_form.html",
    "django_linebot/sdk/client.py",
    "django_linebot/testing/fake_line.py",
]

SETTINGS = """
SECRET_KEY = "x"
INSTALLED_APPS = ["django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
                  "django.contrib.sessions", "django.contrib.messages", "django_linebot"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}
LINEBOT = {"CHANNEL_SECRET": "s", "CHANNEL_ACCESS_TOKEN": "t", "ENCRYPTION_KEY": "k"}
USE_TZ = True
MIDDLEWARE = ["django.contrib.sessions.middleware.SessionMiddleware",
              "django.contrib.auth.middleware.AuthenticationMiddleware",
              "django.contrib.messages.middleware.MessageMiddleware"]
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True,
              "OPTIONS": {"context_processors": ["django.template.context_processors.request",
                                                 "django.contrib.auth.context_processors.auth",
                                                 "django.contrib.messages.context_processors.messages"]}}]
"""


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    shutil.rmtree(ROOT / "build", ignore_errors=True)  # setuptools would reuse stale files from it
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--sdist", "--wheel", "--outdir", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out


def test_wheel_and_sdist_contents(dist) -> None:
    [wheel] = dist.glob("*.whl")
    [sdist] = dist.glob("*.tar.gz")
    assert wheel.name.startswith(f"django_linebot-{django_linebot.__version__}-")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    for path in MUST_SHIP:
        assert path in names, path
    assert not any(n.startswith(("tests/", "bench/", "example_project/")) for n in names)
    source = {
        f"django_linebot/migrations/{p.name}" for p in (ROOT / "django_linebot" / "migrations").glob("*.py")
    }
    assert {n for n in names if n.startswith("django_linebot/migrations/")} == source
    with tarfile.open(sdist) as tar:
        members = {m.split("/", 1)[1] for m in tar.getnames() if "/" in m}
    for path in [*MUST_SHIP, "LICENSE", "README.md", "CHANGELOG.md", "pyproject.toml"]:
        assert path in members, path


def test_wheel_installs_in_a_fresh_venv(dist, tmp_path) -> None:
    [wheel] = dist.glob("*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    project = tmp_path / "project"
    project.mkdir()
    (project / "settings.py").write_text(SETTINGS)
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "settings", "PYTHONPATH": str(project)}
    for args in (["check"], ["migrate", "--noinput"], ["linebot_prune_events"]):
        out = subprocess.run(
            [str(python), "-m", "django", *args],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert out.returncode == 0, out.stderr
    out = subprocess.run(
        [str(python), "-c", "import django_linebot.sdk as s; print(s.LineBotApi.__name__)"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.stdout.strip() == "LineBotApi"
