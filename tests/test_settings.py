"""tests/settings.py is a settings module of its own: no star import, no example app, the suite's own URLs."""

from __future__ import annotations

import ast

from django.conf import settings

from .processes import ROOT


def test_the_test_settings_import_no_settings_module() -> None:
    tree = ast.parse((ROOT / "tests" / "settings.py").read_text())
    imported = [
        (node.module, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module != "pathlib"
        for alias in node.names
    ]
    assert imported == [("example_project.settings_base", "database_from_url")]  # a function, no settings


def test_the_suite_runs_without_the_example_bot() -> None:
    assert "example_project.bot" not in settings.INSTALLED_APPS
    assert settings.ROOT_URLCONF == "tests.urls"
    assert settings.SECRET_KEY == "test-suite-insecure-key" and settings.DEBUG is False
