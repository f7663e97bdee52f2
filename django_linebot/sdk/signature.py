"""Webhook signature check: Base64(HMAC-SHA256(channel secret, raw body))."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

#: The request header LINE puts the signature of a webhook body in.
#: https://developers.line.biz/en/reference/messaging-api/#signature-validation
SIGNATURE_HEADER = "X-Line-Signature"


def compute_signature(body: bytes | str, channel_secret: str | bytes) -> str:
    """The ``X-Line-Signature`` LINE would send for ``body``."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    if isinstance(channel_secret, str):
        channel_secret = channel_secret.encode("utf-8")
    return base64.b64encode(hmac.new(channel_secret, body, hashlib.sha256).digest()).decode("ascii")


def validate_signature(body: bytes | str, signature: str | bytes | None, channel_secret: str | bytes) -> bool:
    """Whether ``signature`` signs ``body`` with ``channel_secret``.

    Compared in constant time. A missing, empty or malformed signature gives
    ``False``; this never raises for bad input.
    """
    if not signature or not channel_secret:
        return False
    try:
        if isinstance(signature, str):
            signature = signature.strip().encode("ascii")
        given = base64.b64decode(signature, validate=True)
    except (UnicodeError, binascii.Error, ValueError):
        return False
    if isinstance(body, str):
        body = body.encode("utf-8")
    if isinstance(channel_secret, str):
        channel_secret = channel_secret.encode("utf-8")
    expected = hmac.new(channel_secret, body, hashlib.sha256).digest()
    return hmac.compare_digest(expected, given)
