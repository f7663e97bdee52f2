"""The channel configured in LINEBOT is a Channel row: made on first use, its secrets never stored."""

from __future__ import annotations

import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import TextField, Value

from django_linebot import send
from django_linebot.channels import get_api, settings_channel
from django_linebot.models import Channel
from django_linebot.testing import make_event, make_webhook_body, sign_body

pytestmark = pytest.mark.django_db

SETTINGS_SECRET = "test-channel-secret"  # tests/settings.py's LINEBOT
SETTINGS_TOKEN = "test-channel-access-token"


def stored(pk: int) -> tuple[str, str, str]:
    """The row's secret columns as the database holds them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT channel_secret, previous_channel_secret, channel_access_token "
            "FROM linebot_channel WHERE id = %s",
            [pk],
        )
        return cursor.fetchone()


def test_made_on_first_use_with_the_settings_secrets_in_memory_only(settings) -> None:
    settings.LINEBOT = {**settings.LINEBOT, "PREVIOUS_CHANNEL_SECRET": "the-old-secret"}
    assert not Channel.objects.exists()
    channel = settings_channel()
    assert (channel.slug, channel.name, channel.from_settings) == ("settings", "LINEBOT settings", True)
    assert (channel.channel_secret, channel.channel_access_token) == (SETTINGS_SECRET, SETTINGS_TOKEN)
    assert channel.previous_channel_secret == "the-old-secret"
    assert stored(channel.pk) == ("", "", "")
    channel.name = "Our bot"
    channel.save()  # saving the loaded row writes "" again, and keeps the values in memory
    assert stored(channel.pk) == ("", "", "")
    assert channel.channel_secret == SETTINGS_SECRET
    again = settings_channel()
    assert again.pk == channel.pk and again.name == "Our bot" and again.channel_access_token == SETTINGS_TOKEN
    assert Channel.objects.get(pk=channel.pk).channel_secret == SETTINGS_SECRET  # every load reads LINEBOT


def test_the_secrets_follow_linebot(settings) -> None:
    pk = settings_channel().pk
    settings.LINEBOT = {**settings.LINEBOT, "CHANNEL_SECRET": "rotated", "CHANNEL_ACCESS_TOKEN": "new-token"}
    channel = Channel.objects.get(pk=pk)
    assert (channel.channel_secret, channel.channel_access_token) == ("rotated", "new-token")
    assert get_api(channel).channel_access_token == "new-token"


def test_a_taken_slug_gives_a_free_variant() -> None:
    Channel.objects.create(name="Mine", slug="settings", channel_secret="s", channel_access_token="t")
    Channel.objects.create(name="Mine too", slug="settings-2", channel_secret="s", channel_access_token="t")
    assert settings_channel().slug == "settings-3"


def test_the_database_holds_one_settings_row() -> None:
    settings_channel()
    with pytest.raises(IntegrityError), transaction.atomic():
        Channel.objects.create(name="Second", slug="second", from_settings=True)
    assert Channel.objects.filter(from_settings=True).count() == 1


def test_its_secret_cannot_be_rotated_on_the_row() -> None:
    channel = settings_channel()
    with pytest.raises(ValueError, match="LINEBOT settings"):
        channel.rotate_secret("new-secret")
    with pytest.raises(ValueError, match="LINEBOT settings"):
        channel.end_previous_secret()
    assert stored(channel.pk) == ("", "", "")


def test_sending_without_a_channel_uses_it() -> None:
    message = send.push(None, "U1", [{"type": "text", "text": "hi"}])
    assert message.channel == settings_channel() and message.channel.from_settings


def test_sending_without_a_channel_when_linebot_has_none(settings) -> None:
    settings.LINEBOT = {**settings.LINEBOT, "CHANNEL_SECRET": None, "CHANNEL_ACCESS_TOKEN": None}
    with pytest.raises(ValueError, match="name a channel"):
        send.push(None, "U1", [{"type": "text", "text": "hi"}])
    assert not Channel.objects.exists()


def test_no_secret_in_linebot_no_webhook_and_no_row(client, settings) -> None:
    settings.LINEBOT = {**settings.LINEBOT, "CHANNEL_SECRET": None}
    body = make_webhook_body(make_event("follow"))
    res = client.post(
        "/line/webhook/", body, content_type="application/json", HTTP_X_LINE_SIGNATURE=sign_body(body, "x")
    )
    assert res.status_code == 404 and not Channel.objects.exists()


def test_its_row_is_served_at_the_webhook_only(client) -> None:
    channel = settings_channel()
    body = make_webhook_body(make_event("follow"))
    signed = {"content_type": "application/json", "HTTP_X_LINE_SIGNATURE": sign_body(body, SETTINGS_SECRET)}
    assert client.post(f"/line/webhook/{channel.slug}/", body, **signed).status_code == 404
    assert client.post("/line/webhook/", body, **signed).status_code == 200
    assert channel.webhook_events.count() == 1


def test_linebot_reencrypt_skips_it() -> None:
    channel = settings_channel()
    # a value that got onto the row some other way than save() (which writes ""): left alone
    Channel.objects.filter(pk=channel.pk).update(channel_secret=Value("plain", output_field=TextField()))
    out = StringIO()
    call_command("linebot_reencrypt", stdout=out)
    assert "re-encrypted 0 value(s)" in out.getvalue()
    assert stored(channel.pk)[0] == "plain"


def test_the_admin_shows_its_secrets_as_from_settings(admin_client) -> None:
    channel = settings_channel()
    url = f"/admin/linebot/channel/{channel.pk}/change/"
    html = admin_client.get(url).content.decode()
    assert (
        "From LINEBOT settings (set)" in html and SETTINGS_SECRET not in html and SETTINGS_TOKEN not in html
    )
    assert 'name="channel_secret"' not in html and 'name="channel_access_token"' not in html
    assert "/line/webhook/" in admin_client.get("/admin/linebot/channel/").content.decode()
    form = {"name": "Our bot", "is_active": "on", "channel_id": "", "bot_user_id": "", "assertion_key_id": ""}
    inline = {"access_tokens-TOTAL_FORMS": "0", "access_tokens-INITIAL_FORMS": "0"}
    res = admin_client.post(url, {**form, **inline})
    assert res.status_code == 302, res.context["adminform"].form.errors if res.context else res
    assert Channel.objects.get(pk=channel.pk).name == "Our bot"
    assert stored(channel.pk) == ("", "", "")


@pytest.mark.django_db(transaction=True)
def test_processes_making_it_at_once_make_one_row() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "concurrent writers need PostgreSQL (SQLite locks the table); scripts/test.sh runs this there"
        )
    barrier = threading.Barrier(6, timeout=10)
    made: list[int] = []
    failed: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            made.append(settings_channel().pk)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            failed.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert failed == [] and len(made) == 6 and len(set(made)) == 1
    assert Channel.objects.filter(from_settings=True).count() == 1
