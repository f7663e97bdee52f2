"""The encryption key: a Fernet key as is, a passphrase through scrypt, SECRET_KEY only in DEBUG (issue 11)."""

from __future__ import annotations

import base64
import hashlib

import pytest
from cryptography.fernet import Fernet, InvalidToken

from django_linebot import crypto

PASSPHRASE = "correct horse battery staple"


def token_of(stored: str) -> bytes:
    assert stored.startswith(crypto.PREFIX)
    return stored[len(crypto.PREFIX) :].encode("ascii")


def sha256_fernet(key: str) -> Fernet:
    """How django-linebot 0.1 turned a configured key into a Fernet key."""
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(key.encode()).digest()))


def test_a_fernet_key_is_used_as_is(settings) -> None:
    key = Fernet.generate_key().decode()
    settings.LINEBOT = {**settings.LINEBOT, "ENCRYPTION_KEY": key}
    stored = crypto.encrypt("channel-secret")
    assert Fernet(key.encode()).decrypt(token_of(stored)) == b"channel-secret"
    assert crypto.decrypt(stored) == "channel-secret"


def test_a_passphrase_goes_through_scrypt(settings) -> None:
    settings.LINEBOT = {**settings.LINEBOT, "ENCRYPTION_KEY": PASSPHRASE}
    stored = crypto.encrypt("channel-secret")
    assert crypto.SCRYPT_N >= 2**14 and crypto.SCRYPT_R >= 8 and crypto.SCRYPT_P >= 1
    expected = hashlib.scrypt(
        PASSPHRASE.encode(),
        salt=crypto.SCRYPT_SALT,
        n=crypto.SCRYPT_N,
        r=crypto.SCRYPT_R,
        p=crypto.SCRYPT_P,
        maxmem=256 * 1024 * 1024,
        dklen=32,
    )
    assert Fernet(base64.urlsafe_b64encode(expected)).decrypt(token_of(stored)) == b"channel-secret"
    with pytest.raises(InvalidToken):  # not the fast SHA-256 any more
        sha256_fernet(PASSPHRASE).decrypt(token_of(stored))


def test_the_slow_derivation_runs_once_per_key(monkeypatch) -> None:
    calls = []
    real = hashlib.scrypt

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(crypto.hashlib, "scrypt", counting)
    crypto.derive_key.cache_clear()
    first = crypto.derive_key("a passphrase only this test uses")
    assert crypto.derive_key("a passphrase only this test uses") == first
    assert len(calls) == 1
    assert crypto.derive_key(Fernet.generate_key().decode()) and len(calls) == 1  # a Fernet key: no KDF


@pytest.mark.parametrize(
    ("key", "fernet"),
    [
        (Fernet.generate_key().decode(), True),
        ("x" * 44, False),  # 44 characters, but not base64 of 32 bytes
        ("example-project-encryption-key", False),
        (base64.urlsafe_b64encode(b"k" * 31).decode(), False),
    ],
    ids=["fernet-key", "44-chars-not-base64", "passphrase", "31-bytes"],
)
def test_what_counts_as_a_fernet_key(key, fernet) -> None:
    assert crypto.is_fernet_key(key) is fernet


def test_values_of_the_old_sha256_derivation_stay_readable(settings) -> None:
    settings.LINEBOT = {**settings.LINEBOT, "ENCRYPTION_KEY": PASSPHRASE}
    old = crypto.PREFIX + sha256_fernet(PASSPHRASE).encrypt(b"stored by 0.1").decode()
    assert crypto.decrypt(old) == "stored by 0.1"
    assert not crypto.is_current(old)
    assert crypto.is_current(crypto.encrypt("new"))


def test_a_list_encrypts_with_the_first_and_decrypts_with_all(settings) -> None:
    new, old = Fernet.generate_key().decode(), "the old passphrase"
    settings.LINEBOT = {**settings.LINEBOT, "ENCRYPTION_KEY": old}
    under_old = crypto.encrypt("v")
    settings.LINEBOT = {**settings.LINEBOT, "ENCRYPTION_KEY": [new, old]}
    assert crypto.decrypt(under_old) == "v" and not crypto.is_current(under_old)
    under_new = crypto.encrypt("v")
    assert Fernet(new.encode()).decrypt(token_of(under_new)) == b"v"
    settings.LINEBOT = {**settings.LINEBOT, "ENCRYPTION_KEY": [new]}
    assert isinstance(crypto.decrypt(under_old), crypto.Undecryptable)


def test_secret_key_is_never_used_with_debug_off(settings) -> None:
    settings.DEBUG = False
    settings.LINEBOT = {k: v for k, v in settings.LINEBOT.items() if k != "ENCRYPTION_KEY"}
    with pytest.raises(crypto.EncryptionKeyMissing, match="ENCRYPTION_KEY"):
        crypto.encrypt("channel-secret")
    stored = crypto.PREFIX + sha256_fernet(settings.SECRET_KEY).encrypt(b"x").decode()
    loaded = crypto.decrypt(stored)
    assert isinstance(loaded, crypto.Undecryptable)
    with pytest.raises(crypto.SecretNotReadable, match="not set or changed"):
        crypto.readable(loaded)


def test_secret_key_and_its_fallbacks_in_debug(settings) -> None:
    settings.DEBUG = True
    settings.LINEBOT = {k: v for k, v in settings.LINEBOT.items() if k != "ENCRYPTION_KEY"}
    settings.SECRET_KEY = "the-old-django-secret-key-" + "x" * 30
    stored = crypto.encrypt("channel-secret")
    settings.SECRET_KEY = "the-new-django-secret-key-" + "y" * 30
    settings.SECRET_KEY_FALLBACKS = ["the-old-django-secret-key-" + "x" * 30]
    assert crypto.decrypt(stored) == "channel-secret"  # Django's own rotation keeps working
    assert not crypto.is_current(stored)
    settings.SECRET_KEY_FALLBACKS = []
    assert isinstance(crypto.decrypt(stored), crypto.Undecryptable)


@pytest.mark.django_db
def test_a_channel_saved_without_a_key_in_production_says_why(settings) -> None:
    from django.db import transaction

    from django_linebot.models import Channel

    settings.DEBUG = False
    settings.LINEBOT = {k: v for k, v in settings.LINEBOT.items() if k != "ENCRYPTION_KEY"}
    with pytest.raises(crypto.EncryptionKeyMissing, match="DEBUG"), transaction.atomic():
        Channel.objects.create(name="Shop", slug="shop", channel_secret="s", channel_access_token="t")
    assert not Channel.objects.exists()
