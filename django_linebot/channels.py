"""Channels: their LINE clients, their access tokens, and the channel in ``LINEBOT`` settings.

One pooled :class:`~django_linebot.sdk.LineBotApi` per channel is kept across requests
(:func:`get_api`). Issued access tokens are issued on demand, cached until near expiry,
rotated and revoked here. Two workers that need a token at the same moment issue one, not
two: the second waits on a row lock on the channel (``SELECT ... FOR UPDATE`` on PostgreSQL)
and then finds the token the first one stored.
"""

from __future__ import annotations

import copy
import logging
import threading
import time
from collections.abc import Hashable
from datetime import timedelta
from typing import Any

import jwt
from django.core.signals import setting_changed
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables
from jwt.algorithms import RSAAlgorithm

from .conf import app_settings
from .crypto import readable
from .models import Channel, ChannelAccessToken
from .sdk import LineBotApi
from .sdk.responses import (
    IssueChannelAccessTokenResponse,
    IssueShortLivedChannelAccessTokenResponse,
    IssueStatelessChannelAccessTokenResponse,
)
from .sdk.secret import Secret

logger = logging.getLogger(__name__)

#: The slug the settings channel's row is given, unless a channel has it already.
SETTINGS_CHANNEL_SLUG = "settings"
SETTINGS_CHANNEL_NAME = "LINEBOT settings"


def settings_channel() -> Channel:
    """The row standing for the channel configured in ``LINEBOT``, created on first use.

    Its secret, previous secret and access token are read from ``LINEBOT`` whenever it is loaded
    and never stored (see :class:`~django_linebot.models.Channel`). It is slugged ``settings``
    (or ``settings-2``, ... if a channel has that slug) and served at ``/webhook/``. Two
    processes creating it at once make one row: the database allows one ``from_settings`` row.
    """
    channel = Channel.objects.filter(from_settings=True).first()
    if channel is not None:
        return channel
    slug, n = SETTINGS_CHANNEL_SLUG, 1
    while Channel.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{SETTINGS_CHANNEL_SLUG}-{n}"
    channel, created = Channel.objects.get_or_create(
        from_settings=True, defaults={"slug": slug, "name": SETTINGS_CHANNEL_NAME}
    )
    if created:
        logger.info("created the row of the channel in LINEBOT settings (slug %r)", channel.slug)
        channel.read_settings_secrets()
    return channel


#: How long (seconds) a process keeps a webhook channel's row (see :func:`webhook_channel`).
WEBHOOK_CHANNEL_TTL = 30.0

_webhook_channels: dict[str | None, tuple[Channel, float]] = {}


def webhook_channel(slug: str | None, fresh: bool = False) -> Channel | None:
    """The active channel served at ``/webhook/<slug>/`` (``None``: ``/webhook/``, the settings channel).

    The row (with its decrypted secrets) is kept in this process for :data:`WEBHOOK_CHANNEL_TTL`
    seconds, so a delivery costs no query for it; inside a transaction it is read, not kept. A save
    or delete of any channel in this process, and a change of ``LINEBOT``, forget every kept row at
    once; a change made by another process is seen after at most the TTL, or at once with
    ``fresh=True`` (the webhook view reads the row again before refusing a signature, so a secret
    rotated elsewhere is used at once). Each call returns a copy: receivers of concurrent requests
    never share one instance.
    ``None`` for an unknown or inactive channel (not kept: the next call looks again).
    """
    now = time.monotonic()
    # Inside a transaction (a test's, a caller's) the row is read, not kept: a rollback sends no
    # signal, and a row kept from it could name a channel that was never committed.
    keep = not connection.in_atomic_block
    kept = _webhook_channels.get(slug) if keep and not fresh else None
    if kept is None or now - kept[1] > WEBHOOK_CHANNEL_TTL:
        channel: Channel | None
        if slug is None:
            channel = settings_channel() if app_settings.CHANNEL_SECRET else None
        else:
            channel = Channel.objects.filter(slug=slug, from_settings=False).first()
        if channel is None or not channel.is_active:
            _webhook_channels.pop(slug, None)
            return None
        if not keep:
            return channel
        kept = (channel, now)
        _webhook_channels[slug] = kept
    return copy.copy(kept[0])


_channels_by_pk: dict[int, tuple[Channel, float]] = {}


def kept_channel(pk: int) -> Channel | None:
    """The channel row ``pk``, kept in this process as :func:`webhook_channel` keeps its rows.

    For the Celery task dispatching stored events: a task costs no query (and no decryption) for its
    channel. Kept for :data:`WEBHOOK_CHANNEL_TTL` seconds, forgotten at once by a save or delete of
    any channel in this process; read, not kept, inside a transaction. Each call returns a copy.
    ``None`` if there is no such row.
    """
    now = time.monotonic()
    keep = not connection.in_atomic_block
    kept = _channels_by_pk.get(pk) if keep else None
    if kept is None or now - kept[1] > WEBHOOK_CHANNEL_TTL:
        channel = Channel.objects.filter(pk=pk).first()
        if channel is None or not keep:
            _channels_by_pk.pop(pk, None)
            return channel
        kept = (channel, now)
        _channels_by_pk[pk] = kept
    return copy.copy(kept[0])


def forget_webhook_channels() -> None:
    """Forget the channel rows that :func:`webhook_channel` and :func:`kept_channel` keep."""
    _webhook_channels.clear()
    _channels_by_pk.clear()


@receiver(post_save, sender=Channel, dispatch_uid="linebot-forget-webhook-channels-save")
@receiver(post_delete, sender=Channel, dispatch_uid="linebot-forget-webhook-channels-delete")
def _forget_on_change(**kwargs: object) -> None:
    forget_webhook_channels()


def settings_channel_configured() -> bool:
    """Whether ``LINEBOT`` configures a channel (a ``CHANNEL_SECRET`` or a ``CHANNEL_ACCESS_TOKEN``)."""
    return bool(app_settings.CHANNEL_SECRET or app_settings.CHANNEL_ACCESS_TOKEN)


def channel_or_settings(channel: Channel | None) -> Channel:
    """``channel``, or for ``None`` the channel in ``LINEBOT`` settings.

    ``ValueError`` for ``None`` when ``LINEBOT`` configures no channel: name one of the database.
    """
    if channel is not None:
        return channel
    if not settings_channel_configured():
        raise ValueError(
            "No channel given, and LINEBOT has no CHANNEL_SECRET or CHANNEL_ACCESS_TOKEN: name a channel."
        )
    return settings_channel()


@sensitive_variables()
def get_api(channel: Channel, raise_errors: bool | None = None) -> LineBotApi:
    """A ready client for ``channel``, with a valid access token (pooled, shared between requests).

    Its calls raise the typed ``LineBotApiError`` when LINE refuses them, unless
    ``raise_errors=False`` (or ``LINEBOT["RAISE_LINE_ERRORS"] = False``) asks for the
    SDK's plain responses.
    """
    return get_client(
        ("channel", channel.pk), channel.channel_secret, get_access_token(channel), raise_errors
    )


@sensitive_variables()
def get_access_token(channel: Channel) -> str:
    """The long-lived token, or a valid issued one (issuing it now if needed)."""
    if channel.auth_mode == Channel.AuthMode.LONG_LIVED:
        return readable(channel.channel_access_token, f"{channel!r}'s access token")
    return get_issued_token(channel)


_clients: dict[Hashable, LineBotApi] = {}
_lock = threading.Lock()


@sensitive_variables("channel_secret", "channel_access_token")
def get_client(
    key: Hashable,
    channel_secret: str | Secret | None,
    channel_access_token: str | Secret | None,
    raise_errors: bool | None = None,
) -> LineBotApi:
    """The client for channel ``key``, pointed where ``LINEBOT`` says, with these credentials.

    ``raise_errors``: whether LINE's refusals raise (``None``: ``LINEBOT["RAISE_LINE_ERRORS"]``).
    The client keeps the credentials masked (see :mod:`django_linebot.sdk.secret`).
    """
    if raise_errors is None:
        raise_errors = bool(app_settings.RAISE_LINE_ERRORS)
    key = (key, raise_errors)
    client = _clients.get(key)
    if client is None:
        with _lock:
            client = _clients.get(key)
            if client is None:
                client = LineBotApi(
                    api_endpoint=app_settings.API_ENDPOINT,
                    api_data_endpoint=app_settings.API_DATA_ENDPOINT,
                    timeout=app_settings.TIMEOUT,
                    raise_errors=raise_errors,
                )
                _clients[key] = client
    client.channel_secret = channel_secret
    client.channel_access_token = channel_access_token
    return client


def clear_clients() -> None:
    with _lock:
        for client in _clients.values():
            client.close()
        _clients.clear()


@receiver(setting_changed)
def _reset_on_settings_change(setting: str, **kwargs: object) -> None:
    if setting == "LINEBOT":
        clear_clients()
        forget_webhook_channels()


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
def _assertion_key(channel: Channel) -> Any:
    text = readable(channel.assertion_private_key, "the assertion private key").strip()
    return RSAAlgorithm.from_jwk(text) if text.startswith("{") else text


def _usable(channel: Channel) -> ChannelAccessToken | None:
    now = timezone.now()
    fraction = app_settings.TOKEN_REFRESH_FRACTION
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
    soon = timezone.now() + timedelta(days=app_settings.TOKEN_ROTATE_DAYS_BEFORE)
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
