"""Encryption at rest for channel secrets, access tokens and private keys.

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under keys derived
from ``LINEBOT["ENCRYPTION_KEY"]`` (a string, or a list whose first item
encrypts and whose others still decrypt, for key rotation). Without it the
project's ``SECRET_KEY`` is used, and a system check says so.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from . import conf

PREFIX = "fernet:"


def _keys() -> tuple[str, ...]:
    configured = conf.get("ENCRYPTION_KEY") or settings.SECRET_KEY
    keys = (configured,) if isinstance(configured, str) else tuple(configured)
    if not keys or not all(isinstance(k, str) and k for k in keys):
        raise ImproperlyConfigured("LINEBOT['ENCRYPTION_KEY'] must be a string or a list of strings")
    return keys


@lru_cache(maxsize=8)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet(
        [Fernet(base64.urlsafe_b64encode(hashlib.sha256(k.encode("utf-8")).digest())) for k in keys]
    )


class SecretNotReadable(ImproperlyConfigured):
    """A stored secret cannot be decrypted with the configured ``ENCRYPTION_KEY``."""


class Undecryptable(str):
    """A stored secret that the configured keys cannot decrypt.

    Loading such a row does not fail (the admin and the API still list it, saying
    "cannot decrypt: check ENCRYPTION_KEY"); using the secret does, with
    :class:`SecretNotReadable`. The string is the stored ciphertext, so saving the
    row again keeps it unchanged.
    """

    def __repr__(self) -> str:
        return "<cannot decrypt: check ENCRYPTION_KEY>"

    __str__ = str.__str__


CANNOT_DECRYPT = "cannot decrypt: check ENCRYPTION_KEY"


def readable(value: str, what: str = "a stored LINE secret") -> str:
    """``value``, or :class:`SecretNotReadable` if it could not be decrypted."""
    if isinstance(value, Undecryptable):
        raise SecretNotReadable(
            f"{what} cannot be decrypted: LINEBOT['ENCRYPTION_KEY'] (or SECRET_KEY) changed. "
            "Put the old key after the new one in a list to keep reading old values."
        )
    return value


def encrypt(value: str) -> str:
    return PREFIX + _fernet(_keys()).encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(value: str) -> str:
    """The plain text of a stored value; :class:`Undecryptable` if no configured key opens it."""
    if not value.startswith(PREFIX):
        return value  # stored before encryption was enabled
    try:
        return _fernet(_keys()).decrypt(value[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken:
        return Undecryptable(value)
