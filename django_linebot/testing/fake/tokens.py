"""The fake's channel access token routes (v2 short-lived, v2.1 by JWT assertion, v3 stateless).

They ask no bearer token: LINE takes the channel's ID and secret, or a JWT the channel signed. The
fake checks neither signature nor secret; a token it issues belongs to the channel that asked for it
(``client_id``, or the JWT's ``iss``), so that channel's state is what the token sees.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from typing import Any

from .routing import RecordedRequest, Reply, route
from .state import DEFAULT_CHANNEL, ChannelState

#: Seconds a short-lived (v2) or v2.1 token lives, as LINE answers: 30 days.
LONG_EXPIRY = 30 * 24 * 3600
#: Seconds a stateless (v3) token lives, as LINE answers: 15 minutes.
STATELESS_EXPIRY = 15 * 60


def _jwt_issuer(assertion: str) -> str | None:
    """The ``iss`` of a JWT, read without checking its signature (the fake trusts the caller)."""
    try:
        payload = assertion.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError, binascii.Error):
        return None
    issuer = claims.get("iss") if isinstance(claims, dict) else None
    return str(issuer) if issuer else None


def _issue(
    ch: ChannelState, channel_id: str | None, kind: str, expires_in: int, key_id: str | None = None
) -> dict[str, Any]:
    platform = ch.platform
    token = f"fake-{kind}-" + uuid.uuid4().hex
    owner = channel_id or DEFAULT_CHANNEL
    platform.issued_tokens[token] = {
        "kind": kind,
        "expires_in": expires_in,
        "key_id": key_id,
        "revoked": False,
        "channel": owner,
    }
    platform.token_channels[token] = owner
    body: dict[str, Any] = {"access_token": token, "expires_in": expires_in, "token_type": "Bearer"}
    if key_id:
        body["key_id"] = key_id
    return body


def _form(req: RecordedRequest, *names: str) -> list[str]:
    form = req.form or {}
    missing = [n for n in names if not form.get(n)]
    if missing:
        raise Reply(400, {"error": "invalid_request", "error_description": f"{missing[0]} is required"})
    return [form[n] for n in names]


def _verified(ch: ChannelState, token: str) -> dict[str, Any]:
    info = ch.platform.issued_tokens.get(token)
    if not info or info["revoked"]:
        raise Reply(400, {"error": "invalid_request", "error_description": "access token expired"})
    return {"client_id": info["channel"], "expires_in": info["expires_in"], "scope": "P CM"}


def _revoke(ch: ChannelState, token: str) -> None:
    if token in ch.platform.issued_tokens:
        ch.platform.issued_tokens[token]["revoked"] = True


@route("POST", "/v2/oauth/accessToken", auth=False)
def oauth_issue(ch: ChannelState, req: RecordedRequest) -> Any:
    _, client_id, _ = _form(req, "grant_type", "client_id", "client_secret")
    return _issue(ch, client_id, "short", LONG_EXPIRY)


@route("POST", "/v2/oauth/verify", auth=False)
def oauth_verify(ch: ChannelState, req: RecordedRequest) -> Any:
    (token,) = _form(req, "access_token")
    return _verified(ch, token)


@route("POST", "/v2/oauth/revoke", auth=False)
def oauth_revoke(ch: ChannelState, req: RecordedRequest) -> Any:
    (token,) = _form(req, "access_token")
    _revoke(ch, token)
    return {}


@route("POST", "/oauth2/v2.1/token", auth=False)
def oauth_issue_v21(ch: ChannelState, req: RecordedRequest) -> Any:
    _, _, assertion = _form(req, "grant_type", "client_assertion_type", "client_assertion")
    return _issue(ch, _jwt_issuer(assertion), "v2.1", LONG_EXPIRY, key_id=uuid.uuid4().hex[:22])


@route("GET", "/oauth2/v2.1/tokens/kid", auth=False)
def oauth_kids(ch: ChannelState, req: RecordedRequest) -> Any:
    assertion = req.query.get("client_assertion")
    if not assertion:
        raise Reply(400, {"error": "invalid_request", "error_description": "client_assertion is required"})
    owner = _jwt_issuer(assertion) or DEFAULT_CHANNEL
    kids = [
        t["key_id"]
        for t in ch.platform.issued_tokens.values()
        if t["key_id"] and not t["revoked"] and t["channel"] == owner
    ]
    return {"kids": kids}


@route("GET", "/oauth2/v2.1/verify", auth=False)
def oauth_verify_v21(ch: ChannelState, req: RecordedRequest) -> Any:
    return _verified(ch, req.query.get("access_token", ""))


@route("POST", "/oauth2/v2.1/revoke", auth=False)
def oauth_revoke_v21(ch: ChannelState, req: RecordedRequest) -> Any:
    _, _, token = _form(req, "client_id", "client_secret", "access_token")
    _revoke(ch, token)
    return {}


@route("POST", "/oauth2/v3/token", auth=False)
def oauth_stateless(ch: ChannelState, req: RecordedRequest) -> Any:
    form = req.form or {}
    assertion = form.get("client_assertion")
    if not (assertion or (form.get("client_id") and form.get("client_secret"))):
        raise Reply(400, {"error": "invalid_request", "error_description": "credentials are required"})
    owner = _jwt_issuer(assertion) if assertion else form.get("client_id")
    return _issue(ch, owner, "stateless", STATELESS_EXPIRY)
