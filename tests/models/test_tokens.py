"""Channel access tokens: long-lived, short-lived, v2.1 (JWT) and stateless; caching, locking, rotation."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.db import connection
from django.utils import timezone
from jwt.algorithms import RSAAlgorithm

from django_linebot.channels import (
    MAX_ACTIVE_TOKENS,
    get_access_token,
    get_api,
    issue_token,
    revoke_token,
    rotate_tokens,
)
from django_linebot.models import Channel, ChannelAccessToken
from django_linebot.sdk import ServerError

from ..factories import ChannelFactory

pytestmark = pytest.mark.django_db

ISSUE_PATHS = {
    "short_lived": "/v2/oauth/accessToken",
    "v2_1": "/oauth2/v2.1/token",
    "stateless": "/oauth2/v3/token",
}


@pytest.fixture(scope="module")
def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def make_channel(mode: str, rsa_key=None, key_format: str = "jwk", **kwargs) -> Channel:
    fields = {
        "name": mode,
        "slug": mode.replace("_", "-"),
        "channel_id": "1234567890",
        "channel_secret": "chan-secret",
        "auth_mode": mode,
    }
    if mode == Channel.AuthMode.LONG_LIVED:
        fields["channel_access_token"] = "long-lived-token"
    if mode == Channel.AuthMode.V2_1:
        if key_format == "jwk":
            fields["assertion_private_key"] = RSAAlgorithm.to_jwk(rsa_key)
        else:
            fields["assertion_private_key"] = rsa_key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            ).decode()
        fields["assertion_key_id"] = "kid-123"
    fields.update(kwargs)
    return ChannelFactory(**fields)


def test_long_lived_token(linebot_settings, line_platform) -> None:
    channel = make_channel("long_lived")
    assert get_api(channel).channel_access_token == "long-lived-token"
    assert line_platform.requests == []


@pytest.mark.parametrize("mode", ["short_lived", "v2_1", "stateless"])
def test_issued_on_demand_and_cached(mode, rsa_key, linebot_settings, line_platform) -> None:
    channel = make_channel(mode, rsa_key)
    api = get_api(channel)
    assert api.channel_access_token in line_platform.issued_tokens
    assert len(line_platform.requests_to(ISSUE_PATHS[mode])) == 1
    assert get_api(channel).channel_access_token == api.channel_access_token
    assert len(line_platform.requests_to(ISSUE_PATHS[mode])) == 1
    assert api.get_bot_info().is_success  # the fake accepts the issued token
    row = ChannelAccessToken.objects.get()
    assert row.kind == mode and row.expires_at > timezone.now()


def test_reissued_shortly_before_expiry(linebot_settings, line_platform) -> None:
    channel = make_channel("short_lived")
    first = get_access_token(channel)
    row = ChannelAccessToken.objects.get()
    row.issued_at = timezone.now() - timedelta(days=28)
    row.expires_at = timezone.now() + timedelta(days=2)  # under 10% of 30 days left
    row.save()
    second = get_access_token(channel)
    assert second != first and ChannelAccessToken.objects.count() == 2


@pytest.mark.parametrize("key_format", ["jwk", "pem"])
def test_v21_assertion_is_a_signed_jwt(key_format, rsa_key, linebot_settings, line_platform) -> None:
    channel = make_channel("v2_1", rsa_key, key_format)
    get_access_token(channel)
    [req] = line_platform.requests_to("/oauth2/v2.1/token")
    assert req.form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    assertion = req.form["client_assertion"]
    assert jwt.get_unverified_header(assertion) == {"alg": "RS256", "typ": "JWT", "kid": "kid-123"}
    claims = jwt.decode(
        assertion, rsa_key.public_key(), algorithms=["RS256"], audience="https://api.line.me/"
    )
    assert claims["iss"] == claims["sub"] == "1234567890"
    assert claims["token_exp"] == 60 * 60 * 24 * 30
    assert ChannelAccessToken.objects.get().key_id


def test_line_refusing_to_issue_stores_nothing(linebot_settings, line_platform) -> None:
    channel = make_channel("short_lived")
    line_platform.add_fault(path="/v2/oauth/accessToken", status=500)
    with pytest.raises(ServerError):
        get_api(channel)
    assert not ChannelAccessToken.objects.exists()
    assert get_api(channel).channel_access_token  # the next call issues one


def test_stays_under_lines_cap(linebot_settings, line_platform) -> None:
    channel = make_channel("short_lived")
    for _ in range(MAX_ACTIVE_TOKENS):
        issue_token(channel)
    assert channel.access_tokens.filter(revoked_at__isnull=True).count() == MAX_ACTIVE_TOKENS
    issue_token(channel)
    assert channel.access_tokens.filter(revoked_at__isnull=True).count() == MAX_ACTIVE_TOKENS
    oldest = channel.access_tokens.order_by("issued_at", "id").first()
    assert oldest.revoked_at is not None and line_platform.issued_tokens[oldest.token]["revoked"]


def test_rotation_replaces_and_revokes(rsa_key, linebot_settings, line_platform) -> None:
    channel = make_channel("v2_1", rsa_key)
    old = issue_token(channel)
    assert rotate_tokens() == [f"v2-1: token valid until {old.expires_at:%Y-%m-%d}, kept"]
    ChannelAccessToken.objects.filter(pk=old.pk).update(expires_at=timezone.now() + timedelta(days=3))
    [line] = rotate_tokens()
    assert "1 revoked" in line
    old.refresh_from_db()
    assert old.revoked_at is not None and line_platform.issued_tokens[old.token]["revoked"]
    [revoke] = line_platform.requests_to("/oauth2/v2.1/revoke")
    assert revoke.form["client_id"] == "1234567890" and revoke.form["access_token"] == old.token
    new = channel.access_tokens.get(revoked_at__isnull=True)
    assert get_access_token(channel) == new.token


def test_rotate_command(rsa_key, linebot_settings, line_platform, capsys) -> None:
    from django.core.management import call_command

    make_channel("v2_1", rsa_key)
    call_command("linebot_rotate_tokens")
    assert "new token until" in capsys.readouterr().out
    assert ChannelAccessToken.objects.count() == 1


def test_stateless_tokens_are_retired_locally(linebot_settings, line_platform) -> None:
    channel = make_channel("stateless")
    get_access_token(channel)
    token = ChannelAccessToken.objects.get()
    revoke_token(token)
    assert token.revoked_at is not None
    assert not any(r.path.endswith("revoke") for r in line_platform.requests)


@pytest.mark.django_db(transaction=True)
def test_two_workers_issue_one_token(linebot_settings, line_platform) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite has none); scripts/test.sh runs this there")
    channel = make_channel("short_lived")
    line_platform.add_fault(path="/v2/oauth/accessToken", delay=0.3, times=None)  # slow LINE widens the race
    barrier = threading.Barrier(4, timeout=10)
    tokens = []

    def worker():
        try:
            barrier.wait()
            tokens.append(get_access_token(Channel.objects.get(pk=channel.pk)))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(tokens) == 4 and len(set(tokens)) == 1
    assert len(line_platform.requests_to("/v2/oauth/accessToken")) == 1
    assert ChannelAccessToken.objects.count() == 1


def test_secrets_are_encrypted_at_rest(rsa_key) -> None:
    channel = make_channel("v2_1", rsa_key, channel_access_token="tok-plain")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT channel_secret, channel_access_token, assertion_private_key FROM linebot_channel"
        )
        raw = cursor.fetchone()
    assert all(value.startswith("fernet:") for value in raw)
    assert "chan-secret" not in json.dumps(raw) and "tok-plain" not in json.dumps(raw)
    channel.refresh_from_db()
    assert channel.channel_secret == "chan-secret" and channel.channel_access_token == "tok-plain"
    for text in (repr(channel), str(channel)):
        assert "chan-secret" not in text and "tok-plain" not in text


def test_rotate_beat_task(rsa_key, linebot_settings, line_platform) -> None:
    from django_linebot.tasks import rotate_channel_tokens

    make_channel("v2_1", rsa_key)
    [line] = rotate_channel_tokens.delay().get()
    assert "new token until" in line and ChannelAccessToken.objects.count() == 1
