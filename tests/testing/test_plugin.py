"""The pytest plugin ships the fixtures a project needs, and finds LINE's OpenAPI documents where told."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

import django_linebot.testing as testing
from django_linebot.testing import make_event, make_webhook_body, pytest_plugin
from django_linebot.testing.openapi import ENV_VAR

TESTS = Path(__file__).resolve().parents[1]


def test_the_plugin_ships_the_fixtures_and_the_suite_uses_them() -> None:
    for name in ("post_webhook", "signal_log", "linebot_settings", "line_platform", "line_api"):
        assert callable(getattr(pytest_plugin, name)), name
    conftest = ast.parse((TESTS / "conftest.py").read_text())
    defined = {n.name for n in ast.walk(conftest) if isinstance(n, ast.FunctionDef | ast.ClassDef)}
    assert not defined & {"post_webhook", "signal_log", "linebot_settings", "SignalLog"}


def test_the_documented_fixtures_exist() -> None:
    doc = testing.__doc__ or ""
    assert "line_webhook_body" not in doc
    for name in ("post_webhook", "signal_log", "line_platform", "line_api", "linebot_settings"):
        assert f"``{name}``" in doc and hasattr(pytest_plugin, name)


@pytest.mark.django_db
def test_post_webhook_signs_with_the_settings_secret(post_webhook, signal_log) -> None:
    body = make_webhook_body(make_event("follow"))
    assert post_webhook(body).status_code == 200
    assert "follow" in signal_log.names()
    assert post_webhook(body, secret="wrong").status_code != 200
    assert post_webhook(body, signature="").status_code != 200


def _config(root: Path, ini: str = "") -> SimpleNamespace:
    return SimpleNamespace(rootpath=root, getini=lambda name: ini)


def _spec(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "messaging-api.yml").write_text("openapi: 3.0.0\n")
    return folder


def test_the_env_var_then_the_ini_option_then_the_fallback(tmp_path, monkeypatch) -> None:
    root = tmp_path / "project"
    root.mkdir()
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert pytest_plugin.spec_dir_for(_config(root)) is None
    fallback = _spec(tmp_path / "shared" / "line-openapi")
    assert pytest_plugin.spec_dir_for(_config(root)) == fallback
    ini = _spec(root / "vendor" / "line-openapi")
    assert pytest_plugin.spec_dir_for(_config(root, "vendor/line-openapi")) == ini
    env = _spec(tmp_path / "elsewhere")
    monkeypatch.setenv(ENV_VAR, str(env))
    assert pytest_plugin.spec_dir_for(_config(root, "vendor/line-openapi")) == env


def test_in_another_project_without_the_documents_the_test_is_skipped_with_the_reason(tmp_path) -> None:
    (tmp_path / "test_spec.py").write_text("def test_needs_spec(line_openapi_dir):\n    pass\n")
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    env = {k: v for k, v in os.environ.items() if k not in (ENV_VAR, "DJANGO_SETTINGS_MODULE")}
    env["PYTHONPATH"] = str(TESTS.parent)  # this checkout's django_linebot, not the one installed
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-rs", "-p", "no:cacheprovider", "test_spec.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 skipped" in done.stdout and ENV_VAR in done.stdout and "linebot_openapi_dir" in done.stdout
