"""The wheel and sdist carry migrations, templates and py.typed; the wheel installs and runs in a fresh venv."""

from __future__ import annotations

import email
import fnmatch
import hashlib
import os
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
    "django_linebot/templates/admin/linebot/richmenu/change_form.html",
    "django_linebot/static/django_linebot/richmenu_editor.js",
    "django_linebot/static/django_linebot/richmenu_action.js",
    "django_linebot/templates/django_linebot/widgets/richmenu_action.html",
    "django_linebot/templates/django_linebot/widgets/kept_image.html",
    "django_linebot/migrations/0004_richmenualias_plural.py",
    "django_linebot/templates/django_linebot/api/filter_form.html",
    "django_linebot/sdk/client.py",
    "django_linebot/sdk/aio.pyi",
    "django_linebot/testing/fake_line.py",
    "django_linebot/static/django_linebot/richmenu_icons/README.md",
    "django_linebot/templates/admin/linebot/richmenu_maker.html",
    "django_linebot/static/django_linebot/preview/preview.css",
    "django_linebot/static/django_linebot/preview/preview.js",
    "django_linebot/templates/django_linebot/widgets/messages_json.html",
    "django_linebot/templates/admin/linebot/preview_page.html",
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


#: The official Apache-2.0 text (https://www.apache.org/licenses/LICENSE-2.0.txt), byte for byte.
APACHE_2_0_SHA256 = "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30"
BASE_URL = "https://github.com/django-linebot/django-linebot"
PROJECT_URLS = {
    "Homepage": BASE_URL,
    "Documentation": f"{BASE_URL}#readme",
    "Source": BASE_URL,
    "Issues": f"{BASE_URL}/issues",
    "Changelog": f"{BASE_URL}/blob/main/CHANGELOG.md",
}
#: What a build writes or what is not the project's: left out of the copy and of the tree snapshot.
NOT_SOURCE = (".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".ruff_cache")
NOT_SOURCE += (".hypothesis", "media", "db.sqlite3")


def tree_snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file and directory under ``root`` (bar NOT_SOURCE) with its size and modification time."""
    snapshot = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not any(fnmatch.fnmatch(d, p) for p in NOT_SOURCE)]
        for name in [*dirnames, *filenames]:
            path = Path(dirpath, name)
            if path.is_file() and any(fnmatch.fnmatch(name, p) for p in NOT_SOURCE):
                continue
            stat = path.lstat()
            snapshot[str(path.relative_to(root))] = (stat.st_size, stat.st_mtime_ns)
    return snapshot


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """The sdist, and the wheel built from it, of a copy of the tree: the working tree is never written."""
    before = {name: ROOT.joinpath(name).exists() for name in ("build", "dist", "django_linebot.egg-info")}
    snapshot = tree_snapshot(ROOT)
    source = tmp_path_factory.mktemp("source") / "django-linebot"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(  # no --sdist/--wheel: the wheel is built from the sdist, which proves the sdist complete
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(source)],
        cwd=source,
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert {name: ROOT.joinpath(name).exists() for name in before} == before
    assert tree_snapshot(ROOT) == snapshot, "the build wrote into the working tree"
    return out


def wheel_metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as zf:
        [name] = [n for n in zf.namelist() if n.endswith(".dist-info/METADATA")]
        return email.message_from_bytes(zf.read(name))


def test_wheel_metadata_names_the_licence_and_the_urls(dist) -> None:
    [wheel] = dist.glob("*.whl")
    metadata = wheel_metadata(wheel)
    assert metadata["License-Expression"] == "Apache-2.0"
    assert sorted(metadata.get_all("License-File")) == ["LICENSE", "NOTICE"]
    urls = dict(line.split(", ", 1) for line in metadata.get_all("Project-URL"))
    assert urls == PROJECT_URLS
    with zipfile.ZipFile(wheel) as zf:
        [licence] = [n for n in zf.namelist() if n.endswith(".dist-info/licenses/LICENSE")]
        text = zf.read(licence)
    assert hashlib.sha256(text).hexdigest() == APACHE_2_0_SHA256
    assert b"TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION" in text


def test_the_licence_file_is_the_official_apache_2_0_text() -> None:
    assert hashlib.sha256((ROOT / "LICENSE").read_bytes()).hexdigest() == APACHE_2_0_SHA256
    assert "Copyright 2026 the django-linebot developers" in (ROOT / "NOTICE").read_text()


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
    for path in [*MUST_SHIP, "LICENSE", "NOTICE", "README.md", "CHANGELOG.md", "pyproject.toml"]:
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
