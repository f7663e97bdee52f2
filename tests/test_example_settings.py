"""The example settings use public development values only in development (issue 11).

Each case imports ``example_project.settings`` in a fresh process with exactly the environment given.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .processes import ROOT

SHOW = (
    "import json, example_project.settings as s; "
    "print(json.dumps({'DEBUG': s.DEBUG, 'SECRET_KEY': s.SECRET_KEY, 'LINEBOT': s.LINEBOT}))"
)
PRODUCTION = {"DJANGO_SECRET_KEY": "a-real-secret-key", "LINEBOT_ENCRYPTION_KEY": "a-real-encryption-key"}
PUBLIC = {
    "example-channel-secret",
    "example-channel-access-token",
    "example-project-encryption-key",
    "example-project-insecure-key",
}


def load(**environ: str) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONDONTWRITEBYTECODE": "1", **environ}
    return subprocess.run(
        [sys.executable, "-c", SHOW], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def settings_of(**environ: str) -> dict:
    done = load(**environ)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def refused(**environ: str) -> str:
    """The ImproperlyConfigured message the settings refuse to load with."""
    done = load(**environ)
    assert done.returncode != 0, done.stdout
    [line] = [
        x for x in done.stderr.splitlines() if x.startswith("django.core.exceptions.ImproperlyConfigured")
    ]
    return line


def public_values(loaded: dict) -> set[str]:
    values = {loaded["SECRET_KEY"], *(v for v in loaded["LINEBOT"].values() if isinstance(v, str))}
    return values & PUBLIC


def test_nothing_set_is_the_local_fake_platform() -> None:
    """``bash scripts/run.sh`` on a fresh checkout: development values, the fake LINE platform."""
    loaded = settings_of()
    assert loaded["DEBUG"] is True
    assert loaded["LINEBOT"]["API_ENDPOINT"] == "http://127.0.0.1:8765"
    assert loaded["LINEBOT"]["CHANNEL_SECRET"] == "example-channel-secret"


def test_only_the_access_token_is_refused() -> None:
    message = refused(LINE_CHANNEL_ACCESS_TOKEN="a-real-token")
    assert "LINE_CHANNEL_SECRET is not set" in message
    # DEBUG on does not make the public secret acceptable next to a real token either
    assert "LINE_CHANNEL_SECRET" in refused(LINE_CHANNEL_ACCESS_TOKEN="a-real-token", DJANGO_DEBUG="1")


def test_only_the_secret_is_refused() -> None:
    assert "LINE_CHANNEL_ACCESS_TOKEN is not set" in refused(
        LINE_CHANNEL_SECRET="a-real-secret", **PRODUCTION
    )


def test_real_channel_without_django_secrets_is_refused() -> None:
    message = refused(LINE_CHANNEL_SECRET="s", LINE_CHANNEL_ACCESS_TOKEN="t")
    assert "DJANGO_SECRET_KEY is not set" in message and "DJANGO_DEBUG=1" in message
    message = refused(LINE_CHANNEL_SECRET="s", LINE_CHANNEL_ACCESS_TOKEN="t", DJANGO_SECRET_KEY="k")
    assert "LINEBOT_ENCRYPTION_KEY is not set" in message


def test_production_with_a_settings_channel() -> None:
    loaded = settings_of(
        LINE_CHANNEL_SECRET="s", LINE_CHANNEL_ACCESS_TOKEN="t", DJANGO_DEBUG="0", **PRODUCTION
    )
    assert loaded["DEBUG"] is False and not public_values(loaded)
    assert loaded["LINEBOT"]["API_ENDPOINT"] is None and loaded["LINEBOT"]["API_DATA_ENDPOINT"] is None


def test_multi_channel_deployment_talks_to_line_not_the_fake() -> None:
    """Channels in the database, no LINE_CHANNEL_* variables: real tokens must not go to 127.0.0.1:8765."""
    for environ in ({"DJANGO_DEBUG": "0", **PRODUCTION}, PRODUCTION):
        loaded = settings_of(**environ)
        assert loaded["LINEBOT"]["API_ENDPOINT"] is None and loaded["LINEBOT"]["API_DATA_ENDPOINT"] is None
        assert (
            loaded["LINEBOT"]["CHANNEL_SECRET"] is None and loaded["LINEBOT"]["CHANNEL_ACCESS_TOKEN"] is None
        )
        assert loaded["DEBUG"] is False and not public_values(loaded)
    assert "DJANGO_SECRET_KEY" in refused(DJANGO_DEBUG="0", LINEBOT_ENCRYPTION_KEY="k")
    assert "LINEBOT_ENCRYPTION_KEY" in refused(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="k")


def test_debug_on_allows_the_development_values() -> None:
    loaded = settings_of(DJANGO_DEBUG="1", LINE_CHANNEL_SECRET="s", LINE_CHANNEL_ACCESS_TOKEN="t")
    assert loaded["DEBUG"] is True and loaded["LINEBOT"]["API_ENDPOINT"] is None
    assert public_values(loaded) == {"example-project-encryption-key", "example-project-insecure-key"}
    assert loaded["LINEBOT"]["CHANNEL_SECRET"] == "s"


def test_an_explicit_local_fake_platform() -> None:
    loaded = settings_of(DJANGO_DEBUG="0", LINE_FAKE_PLATFORM_URL="http://127.0.0.1:9999")
    assert loaded["LINEBOT"]["API_ENDPOINT"] == "http://127.0.0.1:9999" and loaded["DEBUG"] is False
    assert loaded["LINEBOT"]["CHANNEL_SECRET"] == "example-channel-secret"


def test_a_fake_platform_elsewhere_is_not_development() -> None:
    message = refused(LINE_FAKE_PLATFORM_URL="http://fake.internal:8765")
    assert "DJANGO_SECRET_KEY" in message
    loaded = settings_of(LINE_FAKE_PLATFORM_URL="http://fake.internal:8765", **PRODUCTION)
    assert loaded["LINEBOT"]["API_ENDPOINT"] == "http://fake.internal:8765"
    assert loaded["DEBUG"] is False and not public_values(loaded)


@pytest.mark.parametrize("value", ["true", "yes", "2"])
def test_django_debug_must_be_0_or_1(value) -> None:
    assert "DJANGO_DEBUG" in refused(DJANGO_DEBUG=value)
