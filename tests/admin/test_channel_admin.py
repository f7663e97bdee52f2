"""Channel secrets are write-only in the admin and never rendered back."""

from __future__ import annotations

import pytest

from django_linebot.models import Channel

pytestmark = pytest.mark.django_db


def test_secrets_never_rendered(admin_client) -> None:
    channel = Channel.objects.create(
        name="Shop",
        slug="shop",
        channel_secret="s3cr3t-value",
        previous_channel_secret="old-s3cr3t",
        channel_access_token="t0ken-value",
    )
    for url in ("/admin/linebot/channel/", f"/admin/linebot/channel/{channel.pk}/change/"):
        html = admin_client.get(url).content.decode()
        assert "s3cr3t-value" not in html and "t0ken-value" not in html and "old-s3cr3t" not in html


def test_blank_secret_keeps_the_stored_one(admin_client) -> None:
    channel = Channel.objects.create(
        name="Shop", slug="shop", channel_secret="s3cr3t-value", channel_access_token="t0ken-value"
    )
    res = admin_client.post(
        f"/admin/linebot/channel/{channel.pk}/change/",
        {
            "name": "Shop 2",
            "slug": "shop",
            "channel_id": "",
            "bot_user_id": "",
            "channel_secret": "",
            "previous_channel_secret": "",
            "channel_access_token": "new-token",
            "is_active": "on",
        },
    )
    assert res.status_code == 302, res.content
    channel.refresh_from_db()
    assert (
        channel.name == "Shop 2"
        and channel.channel_secret == "s3cr3t-value"
        and channel.channel_access_token == "new-token"
    )


def test_add_channel_requires_secret(admin_client) -> None:
    res = admin_client.post(
        "/admin/linebot/channel/add/",
        {
            "name": "X",
            "slug": "x",
            "channel_secret": "",
            "channel_access_token": "t",
            "is_active": "on",
        },
    )
    assert res.status_code == 200 and not Channel.objects.exists()
