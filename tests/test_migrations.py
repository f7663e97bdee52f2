"""The migrations describe the models exactly: ``makemigrations --check`` finds nothing to write."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_makemigrations_finds_no_change() -> None:
    out = io.StringIO()
    try:
        call_command("makemigrations", "linebot", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:  # --check exits 1 when a migration is missing
        pytest.fail(f"the models and the migrations disagree (exit {exc.code}):\n{out.getvalue()}")
    assert "No changes detected" in out.getvalue()


def test_no_migration_names_a_private_class() -> None:
    """A migration that refers to a private mixin breaks ``migrate`` the day the mixin is renamed."""
    from pathlib import Path

    import django_linebot

    folder = Path(django_linebot.__file__).parent / "migrations"
    for path in folder.glob("0*.py"):
        assert "._" not in "".join(
            line for line in path.read_text().splitlines() if "bases=" in line or "django_linebot." in line
        ), path.name
