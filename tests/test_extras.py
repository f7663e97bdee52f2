"""The core app works without the optional extras; a feature that needs one says which to install.

The subprocess tests block ``rest_framework``, ``django_filters``, ``drf_spectacular`` and ``redis`` with an
import hook (as if ``pip install django-linebot`` had been run without extras) and run a minimal project
whose only third-party app is ``django_linebot``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from django_linebot import extras
from django_linebot.checks import check_api_extra, check_settings

ROOT = Path(__file__).resolve().parents[1]
BLOCKED = ["rest_framework", "django_filters", "drf_spectacular", "redis"]

BLOCKER = f"""
import sys

BLOCKED = {BLOCKED!r}


class _Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {{name!r}} (blocked by the test)", name=name)
        return None


sys.meta_path.insert(0, _Blocker())
"""

SETTINGS = """
SECRET_KEY = "test-extras-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["testserver"]
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "django_linebot"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}
ROOT_URLCONF = "urls"
USE_TZ = True
LINEBOT = {"CHANNEL_SECRET": "s3cret", "CHANNEL_ACCESS_TOKEN": "t0ken", "ENCRYPTION_KEY": "k",
           "SEND_MODE": "inline"}
"""

CORE_URLS = """
from django.urls import include, path

urlpatterns = [path("line/", include("django_linebot.urls"))]
"""

API_URLS = """
from django.urls import include, path

urlpatterns = [path("line/", include("django_linebot.urls")), path("api/line/", include("django_linebot.api.urls"))]
"""

# django.setup(), migrate, manage.py check, then a signed webhook with one follow event; prints what happened.
CORE_SCRIPT = """
import base64, hashlib, hmac, io, json, sys
import blocker  # noqa: F401 - first: nothing below may import the blocked packages
import django
from django.core.management import call_command

django.setup()
call_command("migrate", verbosity=0)
out = io.StringIO()
call_command("check", stdout=out, stderr=out)
from django.test import Client
from django_linebot.models import WebhookEvent

event = {"type": "follow", "mode": "active", "timestamp": 1700000000000, "webhookEventId": "E1",
         "deliveryContext": {"isRedelivery": False}, "source": {"type": "user", "userId": "U1"},
         "replyToken": "r1"}
body = json.dumps({"destination": "Ubot", "events": [event]}).encode()
signature = base64.b64encode(hmac.new(b"s3cret", body, hashlib.sha256).digest()).decode()
res = Client().post("/line/webhook/", body, content_type="application/json", HTTP_X_LINE_SIGNATURE=signature)
blocked = sorted(m for m in sys.modules if m.split(".")[0] in blocker.BLOCKED)
print(json.dumps({"check": out.getvalue(), "status": res.status_code, "events": WebhookEvent.objects.count(),
                  "blocked_imported": blocked}))
"""

CHECK_SCRIPT = """
import sys
import blocker  # noqa: F401
from django.core.management import execute_from_command_line

execute_from_command_line(["manage.py", "check"])
"""


def run_project(tmp_path: Path, urls: str, script: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "blocker.py").write_text(BLOCKER)
    (tmp_path / "settings.py").write_text(SETTINGS)
    (tmp_path / "urls.py").write_text(textwrap.dedent(urls))
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "settings",
        "PYTHONPATH": f"{tmp_path}:{ROOT}",  # this checkout's django_linebot, not an installed one
    }
    return subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_core_works_without_any_extra(tmp_path) -> None:
    done = run_project(tmp_path, CORE_URLS, CORE_SCRIPT)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert "no issues" in result["check"], result["check"]
    assert result["status"] == 200 and result["events"] == 1
    assert result["blocked_imported"] == []


def test_the_blocker_really_blocks(tmp_path) -> None:
    """The hook above is what makes the core test mean something: with it, DRF does not import."""
    script = "import blocker\ntry:\n    import rest_framework\nexcept ImportError:\n    print('blocked')\n"
    done = run_project(tmp_path, CORE_URLS, script)
    assert done.stdout.strip() == "blocked", done.stderr[-2000:]


def test_the_api_urls_without_the_api_extra_name_the_extra(tmp_path) -> None:
    done = run_project(tmp_path, API_URLS, CHECK_SCRIPT)
    assert done.returncode != 0
    output = done.stdout + done.stderr
    assert 'pip install "django-linebot[api]"' in output, output[-3000:]


def test_check_e026_names_the_missing_extra_for_the_urlconf(tmp_path) -> None:
    script = (
        "import blocker, django\ndjango.setup()\n"
        "from django_linebot.checks import check_api_extra\n"
        "print('|'.join(f'{p.id}: {p.msg} {p.hint}' for p in check_api_extra()))\n"
    )
    done = run_project(tmp_path, API_URLS, script)
    assert done.returncode == 0, done.stderr[-3000:]
    [problem] = done.stdout.strip().splitlines()[-1:]
    assert problem.startswith("linebot.E026: ") and "django_linebot.api.urls" in problem
    assert "rest_framework" in problem and 'pip install "django-linebot[api]"' in problem
    done = run_project(tmp_path, CORE_URLS, script)  # the core URLs alone need no extra
    assert done.returncode == 0 and done.stdout.strip() == "", done.stderr[-3000:]


@pytest.mark.parametrize("key", ["API_THROTTLE_RATE", "API_PERMISSION_CLASSES", "API_AUTHENTICATION_CLASSES"])
def test_check_e026_for_api_settings_without_the_extra(key, settings, monkeypatch) -> None:
    settings.LINEBOT = {"ENCRYPTION_KEY": "k", key: None}
    assert check_api_extra() == []  # installed: nothing to say
    monkeypatch.setitem(sys.modules, "drf_spectacular", None)  # import drf_spectacular now raises ImportError
    [problem] = check_api_extra()
    assert problem.id == "linebot.E026" and key in problem.msg and "drf_spectacular" in problem.msg
    assert 'pip install "django-linebot[api]"' in problem.hint
    assert "linebot.E026" in {p.id for p in check_settings()}


def test_check_e026_is_quiet_when_nothing_uses_the_api(settings, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "rest_framework", None)
    settings.ROOT_URLCONF = "django_linebot.urls"  # the webhook only
    settings.LINEBOT = {"ENCRYPTION_KEY": "k", "CHANNEL_SECRET": "s", "CHANNEL_ACCESS_TOKEN": "t"}
    assert check_api_extra() == []


def test_missing_extra_names_the_extra(monkeypatch) -> None:
    assert extras.missing("api") == [] and extras.missing("redis") == []
    monkeypatch.setitem(sys.modules, "redis", None)
    with pytest.raises(ImportError, match=r'pip install "django-linebot\[redis\]" \(not importable: redis\)'):
        extras.require("redis", "The shared rate limiter")


def test_nothing_outside_the_api_imports_its_packages() -> None:
    """The import hook proves it for what the core test runs; this covers every module of the package."""
    offenders = []
    for path in sorted((ROOT / "django_linebot").rglob("*.py")):
        if (ROOT / "django_linebot" / "api") in path.parents:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            stripped = line.strip()
            if stripped.startswith(("import ", "from ")) and any(
                stripped.split()[1].split(".")[0] == name for name in BLOCKED[:3]
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {stripped}")
    assert offenders == []
