"""Encryption at rest for channel secrets, access tokens and private keys.

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256). ``LINEBOT["ENCRYPTION_KEY"]``
is a string, or a list whose first item encrypts and whose others still decrypt (key rotation;
``python manage.py linebot_reencrypt`` then moves every stored value to the first key).

How a configured key becomes a Fernet key:

- a real Fernet key (``Fernet.generate_key()``: URL-safe base64 of 32 random bytes) is used as is;
- any other string goes through scrypt (n=2**17, r=8, p=1: OWASP's recommended minimum, with a fixed
  salt of this app) so a guessed passphrase costs an attacker with a database dump about 0.4 s and
  128 MiB per guess instead of a microsecond. The derivation runs once per key and process (cached),
  so the cost is paid at the first encryption or decryption only.

Values written by django-linebot 0.1 used one SHA-256 of the key; that derivation is kept, for
decryption only, so those rows stay readable until ``linebot_reencrypt`` moves them.

Without ``ENCRYPTION_KEY``, the project's ``SECRET_KEY`` (and ``SECRET_KEY_FALLBACKS``, to decrypt)
are used only while ``DEBUG`` is on; otherwise nothing is encrypted, stored secrets load as
:class:`Undecryptable`, and the system check ``linebot.E007`` says what to set.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import time
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .conf import app_settings

logger = logging.getLogger(__name__)

PREFIX = "fernet:"

#: scrypt's parameters for a key that is not a Fernet key (OWASP password storage guidance:
#: N=2**17, r=8, p=1). Changing them changes every derived key: add a new version of the salt.
SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_SALT = b"django-linebot/ENCRYPTION_KEY/scrypt/v1"
_SCRYPT_MAXMEM = 256 * 1024 * 1024  # the derivation needs 128 * r * n bytes = 128 MiB


class EncryptionKeyMissing(ImproperlyConfigured):
    """Neither ``LINEBOT["ENCRYPTION_KEY"]`` nor (with ``DEBUG`` on) ``SECRET_KEY`` gives a key."""


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


def is_fernet_key(key: str) -> bool:
    """Whether ``key`` is a Fernet key as ``Fernet.generate_key()`` makes them (used as is)."""
    if len(key) != 44:
        return False
    try:
        return len(base64.urlsafe_b64decode(key.encode("ascii"))) == 32
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return False


@lru_cache(maxsize=32)
def derive_key(key: str) -> bytes:
    """The Fernet key for a configured key: itself if it is one, else scrypt of it (slow, cached)."""
    if is_fernet_key(key):
        return key.encode("ascii")
    started = time.monotonic()
    derived = hashlib.scrypt(
        key.encode("utf-8"),
        salt=SCRYPT_SALT,
        n=SCRYPT_N,
        r=SCRYPT_R,
        p=SCRYPT_P,
        maxmem=_SCRYPT_MAXMEM,
        dklen=32,
    )
    logger.debug("derived an encryption key with scrypt in %.2f s", time.monotonic() - started)
    return base64.urlsafe_b64encode(derived)


def legacy_key(key: str) -> bytes:
    """The Fernet key django-linebot 0.1 made of a configured key (one SHA-256): decryption only."""
    return base64.urlsafe_b64encode(hashlib.sha256(key.encode("utf-8")).digest())


def configured_keys() -> tuple[str, ...]:
    """The keys in use, the encrypting one first.

    ``LINEBOT["ENCRYPTION_KEY"]``; without it ``SECRET_KEY`` and ``SECRET_KEY_FALLBACKS``, but only
    while ``DEBUG`` is on. Raises :class:`EncryptionKeyMissing` otherwise, and
    ``ImproperlyConfigured`` for a key that is not a non-empty string.
    """
    configured = app_settings.ENCRYPTION_KEY
    if not configured:
        if not settings.DEBUG:
            raise EncryptionKeyMissing(
                "LINEBOT['ENCRYPTION_KEY'] is not set, and SECRET_KEY is used in its place only while "
                "DEBUG is on: set ENCRYPTION_KEY (a Fernet key) to store or read LINE secrets."
            )
        configured = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    keys = (configured,) if isinstance(configured, str) else tuple(configured)
    if not keys or not all(isinstance(k, str) and k for k in keys):
        raise ImproperlyConfigured("LINEBOT['ENCRYPTION_KEY'] must be a string or a list of strings")
    return keys


@lru_cache(maxsize=8)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    """Encrypts with the first key; decrypts with any key, then with the legacy derivations."""
    current = [Fernet(derive_key(k)) for k in keys]
    return MultiFernet(current + [Fernet(legacy_key(k)) for k in keys])


def readable(value: str, what: str = "a stored LINE secret") -> str:
    """``value``, or :class:`SecretNotReadable` if it could not be decrypted."""
    if isinstance(value, Undecryptable):
        raise SecretNotReadable(
            f"{what} cannot be decrypted: LINEBOT['ENCRYPTION_KEY'] is not set or changed. "
            "Put the old key after the new one in a list to keep reading old values."
        )
    return value


def encrypt(value: str) -> str:
    """``value`` encrypted under the first configured key, as stored in the database."""
    return PREFIX + _fernet(configured_keys()).encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(value: str) -> str:
    """The plain text of a stored value; :class:`Undecryptable` if no configured key opens it."""
    if not value.startswith(PREFIX):
        return value  # stored before encryption was enabled
    try:
        fernet = _fernet(configured_keys())
    except ImproperlyConfigured:
        return Undecryptable(value)
    try:
        return fernet.decrypt(value[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError):
        return Undecryptable(value)


def is_current(value: str) -> bool:
    """Whether a stored value is encrypted under the first configured key with its current derivation.

    False for plain text stored before encryption, for values under an older key or the legacy
    derivation, and for values no key opens: ``linebot_reencrypt`` rewrites the first two.
    """
    if not value.startswith(PREFIX):
        return False
    try:
        Fernet(derive_key(configured_keys()[0])).decrypt(value[len(PREFIX) :].encode("ascii"))
    except (InvalidToken, UnicodeError):
        return False
    return True
