"""The fake is a package of one module per concern, still imported from where users import it."""

from __future__ import annotations

import importlib
from pathlib import Path

import django_linebot.testing as testing
from django_linebot.testing import fake, fake_line


def test_one_module_per_concern_and_api_area() -> None:
    modules = {p.stem for p in Path(fake.__file__).parent.glob("*.py")}
    assert {"server", "state", "faults", "routing", "rules"} <= modules
    assert {"messages", "richmenus", "audiences", "insight", "tokens", "channel", "more"} <= modules
    for name in modules:
        source = (Path(fake.__file__).parent / f"{name}.py").read_text()
        assert len(source.splitlines()) < 450, f"{name}.py holds more than one concern"


def test_imported_from_where_users_import_it() -> None:
    for name in ("FakeLinePlatform", "Fault", "RecordedRequest"):
        assert getattr(testing, name) is getattr(fake, name) is getattr(fake_line, name)


def test_the_old_modules_are_gone() -> None:
    for gone in ("fake_routes", "fake_line_more"):
        try:
            importlib.import_module(f"django_linebot.testing.{gone}")
        except ModuleNotFoundError:
            continue
        raise AssertionError(f"django_linebot.testing.{gone} still exists")


def test_the_package_documents_its_http_endpoints() -> None:
    doc = fake.__doc__ or ""
    for endpoint in ("/_fake/state", "/_fake/requests", "/_fake/faults", "/_fake/reset", "/_fake/sent"):
        assert endpoint in doc
