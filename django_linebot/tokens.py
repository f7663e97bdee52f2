"""Issued channel access tokens: issue on demand, cache until near expiry, rotate, revoke.

Two workers that need a token at the same moment issue one, not two: the second
waits on a row lock on the channel (``SELECT ... FOR UPDATE`` on PostgreSQL) and
then finds the token the first one stored.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from . import conf
from .clients import get_client
from .crypto import readable
from .models import Channel, ChannelAccessToken
from .sdk import LineBotApi
from .sdk.responses import (
    IssueChannelAccessTokenResponse,
    IssueShortLivedChannelAccessTokenResponse,
    IssueStatelessChannelAccessTokenResponse,
)
from .sdk.secret import Secret

logger = logging.getLogger("django_linebot.tokens")

#: LINE lets a channel hold at most 30 valid short-lived or v2.1 tokens; stay one below.
MAX_ACTIVE_TOKENS = 29
ASSERTION_AUDIENCE = "https://api.line.me/"
TOKEN_LIFETIME_V2_1 = 60 * 60 * 24 * 30


def _secret(channel: Channel) -> Secret:
    """The channel secret, masked, for the token endpoints (no frame holds it in clear)."""
    return Secret(readable(channel.channel_secret, "the channel secret"))


def _oauth_client() -> LineBotApi:
    return get_client(("oauth",), None, None, raise_errors=False)


@sensitive_variables()
def make_assertion_jwt(channel: Channel, token_lifetime: int = TOKEN_LIFETIME_V2_1) -> str:
    """The JWT assertion LINE's v2.1 endpoints want, signed RS256 with the channel's assertion key.

    A key that cannot sign raises ``ValueError`` naming the channel and the kind of failure only:
    the key never appears in the message, in a local variable of this frame or in a chained traceback.
    """
    import jwt

    if not (channel.assertion_private_key and channel.assertion_key_id and channel.channel_id):
        raise ValueError(
            f"{channel!r} needs a channel ID, an assertion private key and its key ID for v2.1 tokens"
        )
    now = int(time.time())
    payload = {
        "iss": channel.channel_id,
        "sub": channel.channel_id,
        "aud": ASSERTION_AUDIENCE,
        "exp": now + 30 * 60,
        "token_exp": token_lifetime,
    }
    try:
        return jwt.encode(
            payload,
            _assertion_key(channel),
            algorithm="RS256",
            headers={"kid": channel.assertion_key_id, "typ": "JWT"},
        )
    except (ValueError, TypeError, jwt.PyJWTError) as exc:
        failure = ValueError(
            f"{channel!r}: the assertion private key cannot sign the JWT ({type(exc).__name__}); "
            "paste the private key as JWK JSON or PEM"
        )
    raise failure  # outside the except: no chained traceback with the key in its frames


@sensitive_variables()
def _assertion_key(channel: Channel) -> object:
    from jwt.algorithms import RSAAlgorithm

    text = readable(channel.assertion_private_key, "the assertion private key").strip()
    return RSAAlgorithm.from_jwk(text) if text.startswith("{") else text


def _usable(channel: Channel) -> ChannelAccessToken | None:
    now = timezone.now()
    fraction = conf.get("TOKEN_REFRESH_FRACTION")
    token = (
        channel.access_tokens.filter(revoked_at__isnull=True, expires_at__gt=now)
        .order_by("-expires_at")
        .first()
    )
    if token is not None and token.expires_at - now > (token.expires_at - token.issued_at) * fraction:
        return token
    return None


@sensitive_variables()
def get_issued_token(channel: Channel) -> str:
    """A valid issued token for ``channel``: the cached one, or a new one issued under a row lock."""
    token = _usable(channel)
    if token is not None:
        return token.token
    with transaction.atomic():
        Channel.objects.select_for_update().filter(pk=channel.pk).first()
        token = _usable(channel)
        if token is None:
            token = issue_token(channel)
    return token.token


@sensitive_variables()
def issue_token(channel: Channel) -> ChannelAccessToken:
    """Ask LINE for a new token of the channel's kind and store it (raises ``LineBotApiError``)."""
    api = _oauth_client()
    mode = channel.auth_mode
    if mode in (Channel.AuthMode.SHORT_LIVED, Channel.AuthMode.V2_1):
        _make_room(channel)
    res: (
        IssueShortLivedChannelAccessTokenResponse
        | IssueChannelAccessTokenResponse
        | IssueStatelessChannelAccessTokenResponse
    )
    if mode == Channel.AuthMode.SHORT_LIVED:
        res = api.issue_channel_access_token(client_id=channel.channel_id, client_secret=_secret(channel))
        kind = ChannelAccessToken.Kind.SHORT_LIVED
    elif mode == Channel.AuthMode.V2_1:
        res = api.issue_channel_access_token_v2_1(jwt=Secret(make_assertion_jwt(channel)))
        kind = ChannelAccessToken.Kind.V2_1
    elif mode == Channel.AuthMode.STATELESS:
        res = api.issue_stateless_channel_token(client_id=channel.channel_id, client_secret=_secret(channel))
        kind = ChannelAccessToken.Kind.STATELESS
    else:
        raise ValueError(f"{channel!r} uses a long-lived token; nothing to issue")
    res.raise_for_status()
    now = timezone.now()
    token = ChannelAccessToken.objects.create(
        channel=channel,
        kind=kind,
        token=res.access_token,
        key_id=res.data.get("key_id", ""),
        issued_at=now,
        expires_at=now + timedelta(seconds=int(res.expires_in)),
    )
    logger.info("issued %s token %s for %r", kind, token.key_id or token.pk, channel)
    return token


def _make_room(channel: Channel) -> None:
    """Revoke the oldest valid tokens so that one more stays under LINE's cap."""
    valid = list(
        channel.access_tokens.filter(revoked_at__isnull=True, expires_at__gt=timezone.now()).order_by(
            "issued_at"
        )
    )
    for token in valid[: max(0, len(valid) - MAX_ACTIVE_TOKENS + 1)]:
        revoke_token(token)


@sensitive_variables()
def revoke_token(token: ChannelAccessToken) -> None:
    """Revoke on LINE and record when. Stateless tokens cannot be revoked on LINE: they are retired here."""
    channel = token.channel
    api = _oauth_client()
    if token.kind == ChannelAccessToken.Kind.V2_1:
        api.revoke_channel_token_by_jwt(
            client_id=channel.channel_id,
            client_secret=_secret(channel),
            access_token=Secret(token.token),
        ).raise_for_status()
    elif token.kind == ChannelAccessToken.Kind.SHORT_LIVED:
        api.revoke_channel_access_token(access_token=Secret(token.token)).raise_for_status()
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    logger.info("revoked %s token %s for %r", token.kind, token.key_id or token.pk, channel)


def rotate_tokens(channels: list[Channel] | None = None) -> list[str]:
    """Replace short-lived and v2.1 tokens that expire within ``TOKEN_ROTATE_DAYS_BEFORE`` days.

    The replaced tokens are revoked once the new one is stored. Returns one line per channel.
    """
    if channels is None:
        channels = list(
            Channel.objects.filter(
                is_active=True, auth_mode__in=[Channel.AuthMode.SHORT_LIVED, Channel.AuthMode.V2_1]
            )
        )
    soon = timezone.now() + timedelta(days=conf.get("TOKEN_ROTATE_DAYS_BEFORE"))
    report = []
    for channel in channels:
        with transaction.atomic():
            Channel.objects.select_for_update().filter(pk=channel.pk).first()
            valid = channel.access_tokens.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())
            newest = valid.order_by("-expires_at").first()
            if newest is not None and newest.expires_at > soon:
                report.append(f"{channel.slug}: token valid until {newest.expires_at:%Y-%m-%d}, kept")
                continue
            new = issue_token(channel)
            replaced = list(valid.exclude(pk=new.pk))
        for old in replaced:
            revoke_token(old)
        report.append(f"{channel.slug}: new token until {new.expires_at:%Y-%m-%d}, {len(replaced)} revoked")
    return report
