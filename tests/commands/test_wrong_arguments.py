"""Every management command reports a wrong argument with CommandError, never a traceback (issue 10)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from django_linebot.models import Channel

from ..factories import ChannelFactory, WebhookEventFactory
from ..processes import ROOT

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def shop():
    return ChannelFactory(name="Shop", slug="shop", channel_secret="s", channel_access_token="t")


@pytest.fixture
def secrets_env(monkeypatch):
    monkeypatch.setenv("LINE_CHANNEL_SECRET", "cli-secret")
    monkeypatch.setenv("LINE_CHANNEL_ACCESS_TOKEN", "cli-token")


@pytest.fixture
def busy_port():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    yield sock.getsockname()[1]
    sock.close()


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (["--slug", "not a slug"], "slug"),
        (["--slug", "x" * 65], "slug"),
        (["--channel-id", "1" * 40], "channel_id|LINE channel ID"),
        (
            [
                "--auth-mode",
                "v2_1",
                "--channel-id",
                "1",
                "--key-id",
                "k",
                "--private-key-file",
                "/no/such/key",
            ],
            "/no/such/key",
        ),
        (["--private-key-file", "/no/such/key"], "v2_1"),
        (["--key-id", "kid"], "v2_1"),
        (["--auth-mode", "nope"], "nope"),
    ],
)
def test_create_channel(args, match, secrets_env) -> None:
    with pytest.raises(CommandError, match=match):
        run("linebot_create_channel", "Shop", *args)
    assert not Channel.objects.exists()


def test_create_channel_name_without_a_slug(secrets_env) -> None:
    with pytest.raises(CommandError, match="--slug"):
        run("linebot_create_channel", "!!!")


def test_create_channel_duplicate_slug(secrets_env, shop) -> None:
    with pytest.raises(CommandError, match="shop"):
        run("linebot_create_channel", "Shop")


@pytest.mark.parametrize("content", ["not a key", '{"kty": "RSA"}', "-----BEGIN PRIVATE KEY-----\nAAAA\n"])
def test_create_channel_bad_private_key(content, secrets_env, tmp_path) -> None:
    path = tmp_path / "key.pem"
    path.write_text(content)
    args = ["--auth-mode", "v2_1", "--channel-id", "1", "--key-id", "k", "--private-key-file", str(path)]
    with pytest.raises(CommandError, match="private key"):
        run("linebot_create_channel", "Shop", *args)
    assert not Channel.objects.exists()


def test_create_channel_private_key_not_text(secrets_env, tmp_path) -> None:
    path = tmp_path / "key.der"
    path.write_bytes(b"\xff\xfe\x00binary")
    args = ["--auth-mode", "v2_1", "--channel-id", "1", "--key-id", "k", "--private-key-file", str(path)]
    with pytest.raises(CommandError, match="private key"):
        run("linebot_create_channel", "Shop", *args)


def test_create_channel_v2_1_with_a_real_key(secrets_env, tmp_path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path = tmp_path / "key.pem"
    path.write_bytes(pem)
    args = ["--auth-mode", "v2_1", "--channel-id", "1", "--key-id", "k", "--private-key-file", str(path)]
    assert "created channel" in run("linebot_create_channel", "Shop", *args)
    assert Channel.objects.get().assertion_private_key == pem.decode()


def fake_platform(*args: str) -> subprocess.CompletedProcess:
    """The command as an operator runs it (a process, bounded in time: it serves until stopped)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    return subprocess.run(
        [sys.executable, "-m", "django", "linebot_fake_platform", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("port", ["70000", "-1", "http"])
def test_fake_platform_bad_port(port) -> None:
    done = fake_platform("--port", port)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "port" in done.stderr


def test_fake_platform_port_in_use(busy_port) -> None:
    done = fake_platform("--port", str(busy_port))
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert f"CommandError: port {busy_port}" in done.stderr


def test_fake_platform_spec_dir(tmp_path) -> None:
    done = fake_platform("--port", "0", "--spec-dir", str(tmp_path / "nope"))
    assert done.returncode != 0 and "CommandError" in done.stderr and "nope" in done.stderr
    done = fake_platform("--port", "0", "--spec-dir", str(tmp_path))  # a folder with no spec in it
    assert done.returncode != 0 and "CommandError" in done.stderr and "OpenAPI" in done.stderr


@pytest.mark.parametrize("days", ["0", "-3", "x", str(10**12)])
def test_prune_events_bad_days(days) -> None:
    with pytest.raises(CommandError, match="days|invalid int"):
        run("linebot_prune_events", "--days", days)


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (["--limit", "0"], "limit"),
        (["--limit", "-1"], "limit"),
        (["--status", "nope"], "nope"),
        (["abc"], "invalid int"),
        (["999999"], "999999"),
        ([str(2**70)], str(2**70)),
        (["0"], "id 0"),
    ],
)
def test_replay_events(args, match) -> None:
    with pytest.raises(CommandError, match=match):
        run("linebot_replay_events", *args)


def test_replay_events_names_the_missing_ids() -> None:
    event = WebhookEventFactory(
        webhook_event_id="01HX", event_type="follow", payload={"type": "follow"}, status="processed"
    )
    with pytest.raises(CommandError, match="424242") as exc:
        run("linebot_replay_events", str(event.pk), "424242")
    assert str(event.pk) not in str(exc.value).replace("424242", "")


def test_rotate_tokens_unknown_channel() -> None:
    with pytest.raises(CommandError, match="nope"):
        run("linebot_rotate_tokens", "--channel", "nope")


def test_rotate_tokens_long_lived_channel(shop) -> None:
    with pytest.raises(CommandError, match="long-lived"):
        run("linebot_rotate_tokens", "--channel", "shop")


@pytest.mark.parametrize(
    ("url", "match"),
    [
        ("http://bot.example.com/line/webhook/", "https"),
        ("bot.example.com/line/webhook/", "https"),
        ("https://", "https"),
    ],
)
def test_setwebhook_refuses_a_url_that_is_not_https(url, match, shop) -> None:
    with pytest.raises(CommandError, match=match):
        run("linebot_setwebhook", url, "--channel", "shop")


def test_setwebhook_unknown_channel() -> None:
    with pytest.raises(CommandError, match="nope"):
        run("linebot_setwebhook", "https://bot.example.com/", "--channel", "nope")


def test_setwebhook_without_a_settings_channel(settings) -> None:
    settings.LINEBOT = {**settings.LINEBOT, "CHANNEL_ACCESS_TOKEN": None}
    with pytest.raises(CommandError, match="CHANNEL_ACCESS_TOKEN"):
        run("linebot_setwebhook", "https://bot.example.com/")


def test_setwebhook_undecryptable_token(shop, settings) -> None:
    settings.LINEBOT = {**settings.LINEBOT, "ENCRYPTION_KEY": "another key"}
    with pytest.raises(CommandError, match="cannot be decrypted"):
        run("linebot_setwebhook", "https://bot.example.com/", "--channel", "shop")


def test_setwebhook_line_unreachable(shop, settings) -> None:
    # tests.settings point LINE at 127.0.0.1:9, where nothing listens
    settings.LINEBOT = {**settings.LINEBOT, "TIMEOUT": 2}
    with pytest.raises(CommandError, match="failed|timed out"):
        run("linebot_setwebhook", "https://bot.example.com/", "--channel", "shop")


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (["--wait", "-1"], "wait"),
        (["--wait", "nan"], "wait"),
        (["--webhook", "ftp://127.0.0.1/line/webhook/"], "webhook"),
        (["--fake", "127.0.0.1:8765"], "fake"),
    ],
)
def test_simulate(args, match) -> None:
    with pytest.raises(CommandError, match=match):
        run("linebot_simulate", "--fake", "http://127.0.0.1:9", *args)


def test_sync_richmenus_unknown_channel() -> None:
    with pytest.raises(CommandError, match="nope"):
        run("linebot_sync_richmenus", "--channel", "nope")


def test_sync_richmenus_undecryptable_token(shop, settings) -> None:
    settings.LINEBOT = {**settings.LINEBOT, "ENCRYPTION_KEY": "another key"}
    with pytest.raises(CommandError, match="cannot be decrypted"):
        run("linebot_sync_richmenus", "--channel", "shop")


def test_reencrypt_unknown_option() -> None:
    with pytest.raises(CommandError):
        run("linebot_reencrypt", "--dryrun")


def test_import_followers_unknown_channel() -> None:
    with pytest.raises(CommandError, match="nope"):
        run("linebot_import_followers", "--channel", "nope")


def test_import_followers_unknown_option() -> None:
    with pytest.raises(CommandError):
        run("linebot_import_followers", "--profile")


def test_import_followers_without_a_settings_channel(settings) -> None:
    settings.LINEBOT = {**settings.LINEBOT, "CHANNEL_SECRET": None, "CHANNEL_ACCESS_TOKEN": None}
    with pytest.raises(CommandError, match="--channel"):
        run("linebot_import_followers")


def test_import_followers_undecryptable_token(shop, settings) -> None:
    settings.LINEBOT = {**settings.LINEBOT, "ENCRYPTION_KEY": "another key"}
    with pytest.raises(CommandError, match="cannot be decrypted"):
        run("linebot_import_followers", "--channel", "shop")


def test_import_followers_line_unreachable(shop, settings) -> None:
    settings.LINEBOT = {**settings.LINEBOT, "TIMEOUT": 2}  # LINE at 127.0.0.1:9, where nothing listens
    with pytest.raises(CommandError, match="failed|timed out|refused"):
        run("linebot_import_followers", "--channel", "shop", "--no-progress")


def test_every_command_is_covered() -> None:
    """A new command gets its wrong-argument test here too."""
    from pathlib import Path

    import django_linebot.management.commands as package

    names = {p.stem for p in Path(package.__file__).parent.glob("linebot_*.py")}
    source = Path(__file__).read_text()
    assert names and all(f'"{name}"' in source for name in names)


@pytest.mark.parametrize("args", [["--minutes", "-1"], ["--minutes", "soon"]])
def test_requeue_stale_wrong_minutes(args) -> None:
    with pytest.raises(CommandError):
        run("linebot_requeue_stale", *args)
