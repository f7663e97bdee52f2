"""System checks explain a wrong LINEBOT setting."""

from __future__ import annotations

import sys

import pytest
from django.core.checks import ERROR, run_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

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
    settings.DEBUG = True  # only then does SECRET_KEY stand in for it
    settings.LINEBOT = {"CHANNEL_SECRET": "s", "CHANNEL_ACCESS_TOKEN": "t"}
    [problem] = check_settings()
    assert problem.id == "linebot.W003" and "SECRET_KEY" in problem.msg and "ENCRYPTION_KEY" in problem.hint


# ----------------------------------------------------------------- every key (issue 10)

OK = {"CHANNEL_SECRET": "s", "CHANNEL_ACCESS_TOKEN": "t"}


def not_callable_hook() -> None:  # a callable USER_CHANNELS hook, found by its dotted path
    return None


NOT_CALLABLE = 42


@pytest.mark.parametrize(
    ("overrides", "expected_id", "words"),
    [
        ({"MAX_BODY_SIZE": True}, "linebot.E003", ["True", "bytes"]),
        ({"CHANNEL_SECRET": 12345, "CHANNEL_ACCESS_TOKEN": "t"}, "linebot.E006", ["CHANNEL_SECRET", "int"]),
        ({"PREVIOUS_CHANNEL_SECRET": ["x"]}, "linebot.E006", ["PREVIOUS_CHANNEL_SECRET", "string"]),
        ({"ENCRYPTION_KEY": 123}, "linebot.E008", ["ENCRYPTION_KEY", "list"]),
        ({"ENCRYPTION_KEY": ["new", ""]}, "linebot.E008", ["non-empty"]),
        ({"TIMEOUT": (1, 2, 3)}, "linebot.E005", ["(connect, read)"]),
        ({"TIMEOUT": float("nan")}, "linebot.E005", ["nan"]),
        ({"API_ENDPOINT": "api.line.me"}, "linebot.E009", ["API_ENDPOINT", "http(s) URL"]),
        ({"API_DATA_ENDPOINT": "ftp://example.com"}, "linebot.E009", ["API_DATA_ENDPOINT"]),
        ({"API_ENDPOINT": 8765}, "linebot.E009", ["int"]),
        ({"API_ENDPOINT": "http://127.0.0.1:notaport"}, "linebot.E009", ["API_ENDPOINT"]),
        ({"API_ENDPOINT": "http://proxy.internal:8080"}, "linebot.W004", ["http://", "proxy.internal"]),
        ({"API_DATA_ENDPOINT": "http://10.0.0.5"}, "linebot.W004", ["API_DATA_ENDPOINT", "10.0.0.5"]),
        ({"TOKEN_REFRESH_FRACTION": 1}, "linebot.E010", ["between 0 and 1"]),
        ({"TOKEN_REFRESH_FRACTION": 0}, "linebot.E010", ["between 0 and 1"]),
        ({"TOKEN_REFRESH_FRACTION": "0.1"}, "linebot.E010", ["'0.1'"]),
        ({"TOKEN_ROTATE_DAYS_BEFORE": 0}, "linebot.E011", ["whole number > 0", "days"]),
        ({"TOKEN_ROTATE_DAYS_BEFORE": 1.5}, "linebot.E011", ["whole number"]),
        ({"TOKEN_ROTATE_DAYS_BEFORE": 10**10}, "linebot.E011", ["at most 36500"]),
        ({"EVENT_RETENTION_DAYS": 10**10}, "linebot.E004", ["36500"]),
        ({"RATE_LIMITS": [("push", 10, 1)]}, "linebot.E012", ["dict", "(requests, seconds)"]),
        ({"RATE_LIMITS": {"push": 100}}, "linebot.E012", ["'push'", "(requests, seconds)"]),
        ({"RATE_LIMITS": {"push": (100, 0)}}, "linebot.E012", ["seconds > 0"]),
        ({"RATE_LIMITS": {"push": (0.5, 1)}}, "linebot.E012", ["whole"]),
        ({"RATE_LIMITS": {"pushh": (10, 1)}}, "linebot.W005", ["'pushh'", "push"]),
        ({"RATE_LIMIT_SAFETY": 0}, "linebot.E013", ["above 0 and at most 1"]),
        ({"RATE_LIMIT_SAFETY": 1.5}, "linebot.E013", ["1.5"]),
        ({"RATE_LIMIT_REDIS_URL": "localhost:6379"}, "linebot.E014", ["redis://"]),
        ({"RATE_LIMIT_REDIS_URL": 6379}, "linebot.E014", ["int"]),
        ({"RATE_LIMIT_MAX_SLEEP": -1}, "linebot.E016", ["RATE_LIMIT_MAX_SLEEP", "> 0"]),
        ({"SEND_MAX_ATTEMPTS": 0}, "linebot.E017", ["SEND_MAX_ATTEMPTS", "whole number > 0"]),
        ({"SEND_MAX_ATTEMPTS": "8"}, "linebot.E017", ["'8'"]),
        ({"SEND_BACKOFF_BASE": 0}, "linebot.E018", ["SEND_BACKOFF_BASE"]),
        ({"SEND_BACKOFF_MAX": None}, "linebot.E018", ["SEND_BACKOFF_MAX"]),
        ({"SEND_BACKOFF_BASE": 60.0, "SEND_BACKOFF_MAX": 10.0}, "linebot.W006", ["maximum"]),
        ({"NARROWCAST_POLL_INTERVAL": 0}, "linebot.E019", ["NARROWCAST_POLL_INTERVAL"]),
        ({"NARROWCAST_MAX_POLLS": -5}, "linebot.E020", ["NARROWCAST_MAX_POLLS"]),
        ({"API_PERMISSION_CLASSES": "rest_framework.permissions.IsAdminUser"}, "linebot.E021", ["list"]),
        (
            {"API_AUTHENTICATION_CLASSES": ["rest_framework.authentication.NoSuchAuth"]},
            "linebot.E021",
            ["NoSuchAuth", "cannot be imported"],
        ),
        ({"API_PERMISSION_CLASSES": ["nosuchpackage.Perm"]}, "linebot.E021", ["nosuchpackage"]),
        ({"API_PERMISSION_CLASSES": [3]}, "linebot.E021", ["int"]),
        ({"USER_CHANNELS": "nosuchpackage.channels"}, "linebot.E022", ["USER_CHANNELS", "nosuchpackage"]),
        ({"USER_CHANNELS": "tests.test_checks.NOT_CALLABLE"}, "linebot.E022", ["not callable"]),
        ({"USER_CHANNELS": 1}, "linebot.E022", ["int"]),
        ({"RAISE_LINE_ERRORS": "no"}, "linebot.E023", ["True or False"]),
        ({"SEND_MODE": "threads"}, "linebot.E024", ["'threads'", "inline"]),
        ({"API_THROTTLE_RATE": "60/fortnight"}, "linebot.E025", ["requests/period"]),
        ({"API_THROTTLE_RATE": "many/min"}, "linebot.E025", ["many"]),
        ({"API_THROTTLE_RATE": 60}, "linebot.E025", ["60"]),
        ({"TRACK_USERS": "yes"}, "linebot.E030", ["TRACK_USERS", "True or False"]),
        ({"ERASE_PROFILE_ON_UNFOLLOW": 1}, "linebot.E030", ["ERASE_PROFILE_ON_UNFOLLOW"]),
        ({"PROFILE_REFRESH_DAYS": 0}, "linebot.E031", ["PROFILE_REFRESH_DAYS", "days"]),
    ],
)
def test_every_key_is_checked(overrides, expected_id, words, settings) -> None:
    settings.LINEBOT = {"ENCRYPTION_KEY": "k", **OK, **overrides}
    problems = [p for p in check_settings() if p.id == expected_id]
    assert len(problems) == 1, [(p.id, p.msg) for p in check_settings()]
    text = f"{problems[0].msg} {problems[0].hint or ''}"
    for word in words:
        assert word in text


@pytest.mark.parametrize(
    "overrides",
    [
        {"API_ENDPOINT": "http://127.0.0.1:8765", "API_DATA_ENDPOINT": "http://localhost:8765/"},
        {"API_ENDPOINT": "http://[::1]:8765", "API_DATA_ENDPOINT": "https://api-data.line.me"},
        {"API_ENDPOINT": None},
        {"TIMEOUT": 3, "TOKEN_REFRESH_FRACTION": 0.5, "TOKEN_ROTATE_DAYS_BEFORE": 1},
        {"RATE_LIMITS": {"push": (1000, 1), "broadcast": [30, 3600.0], "reply": None}},
        {"RATE_LIMITS": {"profile": (100, 1), "audience": None}, "TRACK_USERS": True},
        {"RATE_LIMIT_SAFETY": 1, "RATE_LIMIT_MAX_SLEEP": 0.5, "RATE_LIMIT_REDIS_URL": None},
        {"RATE_LIMIT_REDIS_URL": "redis://127.0.0.1:6379/1"},
        {"SEND_MAX_ATTEMPTS": 1, "SEND_BACKOFF_BASE": 1, "SEND_BACKOFF_MAX": 1},
        {"NARROWCAST_POLL_INTERVAL": 0.2, "NARROWCAST_MAX_POLLS": 1},
        {"API_PERMISSION_CLASSES": ["rest_framework.permissions.IsAdminUser"]},
        {"API_AUTHENTICATION_CLASSES": []},
        {"USER_CHANNELS": "tests.test_checks.not_callable_hook"},
        {"USER_CHANNELS": not_callable_hook},
        {"RAISE_LINE_ERRORS": False},
        {"SEND_MODE": "inline"},
        {"API_THROTTLE_RATE": "60/min"},
        {"API_THROTTLE_RATE": None},
        {"ENCRYPTION_KEY": ["new", "old"]},
    ],
)
def test_good_values_pass(overrides, settings) -> None:
    settings.LINEBOT = {"ENCRYPTION_KEY": "k", **OK, **overrides}
    assert [p for p in check_settings() if p.id != "linebot.W001"] == []


def test_each_concern_is_its_own_linebot_check(settings) -> None:
    from django.core.checks import registry

    from django_linebot import checks

    registered = {c.__name__: c for c in registry.registry.get_checks() if c.__module__ == checks.__name__}
    names = [n for n in vars(checks) if n.startswith("check_") and n != "check_settings"]
    assert len(names) >= 24
    for name in names:
        assert name in registered and "linebot" in registered[name].tags
    settings.LINEBOT = {"ENCRYPTION_KEY": "k", **OK, "RATE_LIMIT_SAFETY": 2}
    found = run_checks(tags=["linebot"])
    assert "linebot.E013" in {p.id for p in found}


def test_redis_missing_suggests_the_extra(settings, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "redis", None)  # import redis now raises ImportError
    settings.LINEBOT = {"ENCRYPTION_KEY": "k", **OK, "RATE_LIMIT_REDIS_URL": "redis://127.0.0.1:6379/1"}
    [problem] = [p for p in check_settings() if p.id == "linebot.E015"]
    assert "redis" in problem.msg and "django-linebot[redis]" in problem.hint


def test_messages_hold_no_secret(settings) -> None:
    settings.LINEBOT = {
        "ENCRYPTION_KEY": 987654321,
        "CHANNEL_SECRET": 1234567890,
        "CHANNEL_ACCESS_TOKEN": 5555555555,
        "RATE_LIMIT_REDIS_URL": "http://:hunter2-password@redis.internal:6379/0",
        "API_ENDPOINT": "ftp://user:s3cr3t-pass@proxy.internal",
    }
    text = " ".join(f"{p.msg} {p.hint}" for p in check_settings())
    assert {"linebot.E006", "linebot.E008", "linebot.E014", "linebot.E009"} <= {
        p.id for p in check_settings()
    }
    for secret in ("987654321", "1234567890", "5555555555", "hunter2", "s3cr3t"):
        assert secret not in text


def test_manage_py_check_reports_a_wrong_key(settings) -> None:
    settings.LINEBOT = {"ENCRYPTION_KEY": "k", **OK, "DISPATCH": "threads", "TIMEOUT": 0}
    with pytest.raises(SystemCheckError) as exc:
        call_command("check", "--tag", "linebot")
    assert "linebot.E002" in str(exc.value) and "linebot.E005" in str(exc.value)


# ---------------------------------------------------------------- encryption key (issue 11)


def test_no_encryption_key_in_production_is_an_error(settings) -> None:
    settings.DEBUG = False
    settings.LINEBOT = dict(OK)
    [problem] = check_settings()
    assert problem.id == "linebot.E007" and problem.level == ERROR
    assert "DEBUG" in problem.msg and "Fernet.generate_key()" in problem.hint
    assert "linebot_reencrypt" in problem.hint
