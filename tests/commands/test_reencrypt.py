"""linebot_reencrypt moves every stored secret to the first ENCRYPTION_KEY (issue 11), on real rows."""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import TextField, Value
from django.utils import timezone

from django_linebot import crypto
from django_linebot.channels import get_access_token
from django_linebot.models import Channel, ChannelAccessToken

from ..factories import ChannelAccessTokenFactory, ChannelFactory

pytestmark = pytest.mark.django_db

OLD = "the passphrase of 2024"
NEW = Fernet.generate_key().decode()


def legacy(plain: str, key: str) -> str:
    """A value as django-linebot 0.1 stored it: Fernet under one SHA-256 of the key."""
    fernet = Fernet(base64.urlsafe_b64encode(hashlib.sha256(key.encode()).digest()))
    return crypto.PREFIX + fernet.encrypt(plain.encode()).decode()


def store_raw(model, pk: int, **raw: str) -> None:
    """Write stored values as they are (an expression skips the field's encryption)."""
    model.objects.filter(pk=pk).update(**{k: Value(v, output_field=TextField()) for k, v in raw.items()})


def raw(model, pk: int, field: str) -> str:
    from django.db.models import ExpressionWrapper, F

    return model.objects.values_list(ExpressionWrapper(F(field), output_field=TextField()), flat=True).get(
        pk=pk
    )


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("linebot_reencrypt", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def rows(settings):
    """Rows of today's databases: 0.1's SHA-256 values, values under an older key, plain text, and one
    value no configured key opens."""
    settings.LINEBOT = {**settings.LINEBOT, "ENCRYPTION_KEY": OLD}
    shop = ChannelFactory(name="Shop", slug="shop", channel_secret="x", auth_mode="short_lived")
    store_raw(
        Channel,
        shop.pk,
        channel_secret=legacy("shop-secret", OLD),
        previous_channel_secret=legacy("shop-old-secret", OLD),
    )
    token = ChannelAccessTokenFactory(
        channel=shop, kind="short_lived", token="issued-token", expires_at=timezone.now() + timedelta(days=1)
    )  # under OLD with the scrypt derivation
    cafe = ChannelFactory(name="Cafe", slug="cafe", channel_secret="x", channel_access_token="x")
    store_raw(Channel, cafe.pk, channel_secret="plain-cafe-secret")  # stored before encryption
    store_raw(Channel, cafe.pk, channel_access_token=legacy("lost-token", "a key nobody has any more"))
    settings.LINEBOT = {**settings.LINEBOT, "ENCRYPTION_KEY": [NEW, OLD]}
    return shop, token, cafe


def test_dry_run_counts_and_changes_nothing(rows) -> None:
    shop, token, cafe = rows
    before = [raw(Channel, shop.pk, "channel_secret"), raw(ChannelAccessToken, token.pk, "token")]
    out, err = run("--dry-run")
    assert "would re-encrypt 4 value(s)" in out and "0 already current" in out
    assert "1 cannot be decrypted" in out
    assert f"linebot.Channel #{cafe.pk} channel_access_token" in err
    assert [raw(Channel, shop.pk, "channel_secret"), raw(ChannelAccessToken, token.pk, "token")] == before


def test_every_secret_moves_to_the_first_key(rows, settings) -> None:
    shop, token, cafe = rows
    lost = raw(Channel, cafe.pk, "channel_access_token")
    out, err = run()
    assert "re-encrypted 4 value(s)" in out and "1 cannot be decrypted" in out
    assert f"cannot decrypt linebot.Channel #{cafe.pk} channel_access_token" in err
    new = Fernet(NEW.encode())
    for model, pk, field, plain in [
        (Channel, shop.pk, "channel_secret", "shop-secret"),
        (Channel, shop.pk, "previous_channel_secret", "shop-old-secret"),
        (ChannelAccessToken, token.pk, "token", "issued-token"),
        (Channel, cafe.pk, "channel_secret", "plain-cafe-secret"),
    ]:
        stored = raw(model, pk, field)
        assert new.decrypt(stored[len(crypto.PREFIX) :].encode()).decode() == plain
    assert raw(Channel, cafe.pk, "channel_access_token") == lost  # reported, not overwritten
    # The old key can go: everything readable is under the new one.
    settings.LINEBOT = {**settings.LINEBOT, "ENCRYPTION_KEY": NEW}
    shop = Channel.objects.get(pk=shop.pk)
    assert (shop.channel_secret, shop.previous_channel_secret) == ("shop-secret", "shop-old-secret")
    assert ChannelAccessToken.objects.get(pk=token.pk).token == "issued-token"
    out, _ = run()
    assert "re-encrypted 0 value(s)" in out and "4 already current" in out


def test_without_a_key_it_says_what_to_set(settings) -> None:
    settings.DEBUG = False
    settings.LINEBOT = {k: v for k, v in settings.LINEBOT.items() if k != "ENCRYPTION_KEY"}
    with pytest.raises(CommandError, match="ENCRYPTION_KEY"):
        run()


def test_the_documented_way_off_secret_key(settings) -> None:
    """0.1 in production without ENCRYPTION_KEY encrypted with SECRET_KEY: E007's hint gets the data back."""
    settings.DEBUG = False
    shop = ChannelFactory(name="Shop", slug="shop", channel_secret="x", channel_access_token="x")
    store_raw(
        Channel,
        shop.pk,
        channel_secret=legacy("shop-secret", settings.SECRET_KEY),
        channel_access_token=legacy("shop-token", settings.SECRET_KEY),
    )
    settings.LINEBOT = {**settings.LINEBOT, "ENCRYPTION_KEY": [NEW, settings.SECRET_KEY]}
    out, err = run()
    assert "re-encrypted 2 value(s)" in out and not err
    settings.LINEBOT = {**settings.LINEBOT, "ENCRYPTION_KEY": NEW}
    shop = Channel.objects.get(pk=shop.pk)
    assert (shop.channel_secret, get_access_token(shop)) == ("shop-secret", "shop-token")
