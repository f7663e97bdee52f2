"""System checks explain a wrong LINEBOT setting."""

from __future__ import annotations

import pytest

from django_linebot.checks import check_settings


def ids(settings_value, settings) -> set[str]:
    if isinstance(settings_value, dict):
        settings_value = {"ENCRYPTION_KEY": "k", **settings_value}
    settings.LINEBOT = settings_value
    return {p.id for p in check_settings()}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("nope", {"linebot.E001"}),
        ({"CHANNEL_SECRET": "s", "CHANNEL_ACCESS_TOKEN": "t", "TYPO": 1}, {"linebot.W001"}),
        (
            {"CHANNEL_SECRET": "s", "CHANNEL_ACCESS_TOKEN": "t", "DISPATCH": "threads"},
            {"linebot.E002"},
        ),
        (
            {"CHANNEL_SECRET": "s", "CHANNEL_ACCESS_TOKEN": "t", "MAX_BODY_SIZE": 0},
            {"linebot.E003"},
        ),
        ({"CHANNEL_SECRET": "s"}, {"linebot.W002"}),
        (
            {"CHANNEL_SECRET": "s", "CHANNEL_ACCESS_TOKEN": "t", "EVENT_RETENTION_DAYS": 0},
            {"linebot.E004"},
        ),
        ({"CHANNEL_SECRET": "s", "CHANNEL_ACCESS_TOKEN": "t", "TIMEOUT": -1}, {"linebot.E005"}),
        ({"CHANNEL_SECRET": "s", "CHANNEL_ACCESS_TOKEN": "t", "TIMEOUT": (3, 10)}, set()),
        ({}, set()),
    ],
)
def test_checks(value, expected, settings) -> None:
    assert ids(value, settings) == expected


def test_messages_explain(settings) -> None:
    settings.LINEBOT = {"DISPATCH": "threads"}
    [problem] = [p for p in check_settings() if p.id == "linebot.E002"]
    assert "threads" in problem.msg and "celery" in problem.hint


def test_missing_encryption_key_is_explained(settings) -> None:
    settings.LINEBOT = {"CHANNEL_SECRET": "s", "CHANNEL_ACCESS_TOKEN": "t"}
    [problem] = check_settings()
    assert problem.id == "linebot.W003" and "SECRET_KEY" in problem.msg and "ENCRYPTION_KEY" in problem.hint
