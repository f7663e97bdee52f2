"""The typed settings object: defaults, override_settings, unknown names, and the types mypy sees."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.test import override_settings

from django_linebot import conf
from django_linebot.conf import AppSettings, Setting, app_settings

SETTING_NAMES = sorted(conf.DEFAULTS)


def test_defaults_are_the_settings_of_the_class():
    declared = {name for name, value in vars(AppSettings).items() if isinstance(value, Setting)}
    assert declared == set(conf.DEFAULTS)
    assert "RATE_LIMIT_SAFETY" in declared and conf.DEFAULTS["RATE_LIMIT_SAFETY"] == 0.95
    for name in declared:
        setting = getattr(AppSettings, name)
        assert setting.name == name and setting.doc.strip(), name


@pytest.mark.parametrize("name", SETTING_NAMES)
def test_each_setting_reads_its_default_then_the_linebot_value(name):
    marker = object()
    with override_settings(LINEBOT={}):
        assert getattr(app_settings, name) == conf.DEFAULTS[name]
    with override_settings(LINEBOT={name: marker}):
        assert getattr(app_settings, name) is marker
        assert conf.get(name) is marker
    with override_settings(LINEBOT={}):
        assert getattr(app_settings, name) == conf.DEFAULTS[name]


def test_values_are_read_on_every_access():
    with override_settings(LINEBOT={"RATE_LIMIT_SAFETY": 0.5}):
        assert app_settings.RATE_LIMIT_SAFETY == 0.5
        with override_settings(LINEBOT={"RATE_LIMIT_SAFETY": 0.25}):
            assert app_settings.RATE_LIMIT_SAFETY == 0.25
        assert app_settings.RATE_LIMIT_SAFETY == 0.5
    with override_settings(LINEBOT={}):
        assert app_settings.RATE_LIMIT_SAFETY == 0.95


def test_linebot_missing_or_not_a_dict_gives_the_defaults(settings):
    settings.LINEBOT = ["not", "a", "dict"]
    assert app_settings.SEND_MAX_ATTEMPTS == 8
    del settings.LINEBOT
    assert app_settings.SEND_MODE == "celery"


def test_unknown_name_is_an_import_error():
    with pytest.raises(ImportError):
        exec("from django_linebot.conf import RATE_LIMIT_SAFETY", {})
    with pytest.raises(ImportError):
        exec("from django_linebot.conf import NOPE", {})
    assert not hasattr(importlib.import_module("django_linebot.conf"), "__getattr__")


def test_unknown_name_is_an_attribute_error_and_settings_are_read_only():
    with pytest.raises(AttributeError):
        app_settings.NOPE  # noqa: B018
    with pytest.raises(AttributeError):
        app_settings.RATE_LIMIT_SAFETY = 0.5
    with pytest.raises(AttributeError):
        app_settings.NOPE = 1
    with pytest.raises(KeyError, match="NOPE"):
        conf.get("NOPE")


def test_mypy_sees_the_types_and_flags_unknown_names(tmp_path):
    pytest.importorskip("mypy")
    snippet = tmp_path / "uses_settings.py"
    snippet.write_text(
        textwrap.dedent(
            """\
            from django_linebot.conf import AppSettings, app_settings

            reveal_type(app_settings.RATE_LIMIT_SAFETY)
            reveal_type(app_settings.SEND_MAX_ATTEMPTS)
            reveal_type(app_settings.DISPATCH)
            reveal_type(app_settings.EVENT_RETENTION_DAYS)
            reveal_type(AppSettings.TIMEOUT.default)
            app_settings.NOPE
            """
        )
    )
    conf_py = Path(conf.__file__)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            "",
            "--no-incremental",
            "--follow-imports=silent",
            "--hide-error-context",
            "--no-error-summary",
            str(conf_py),
            str(snippet),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    # mypy names builtins with or without their module, by version.
    lines = [line.split(": ", 1)[1].replace("builtins.", "") for line in result.stdout.splitlines()]
    assert lines == [
        'note: Revealed type is "float"',
        'note: Revealed type is "int"',
        "note: Revealed type is \"Literal['sync'] | Literal['celery']\"",
        'note: Revealed type is "int | None"',
        'note: Revealed type is "float | tuple[float, float]"',
        'error: "AppSettings" has no attribute "NOPE"  [attr-defined]',
    ], result.stdout + result.stderr


def test_the_readme_settings_table_lists_every_setting():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Settings reference") :]
    section = section[: section.index("\n## ", 1)]
    documented = {
        key
        for line in section.splitlines()
        if line.startswith("| `")
        for key in re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split("|")[1])
    }
    assert documented == set(conf.DEFAULTS)
