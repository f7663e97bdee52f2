"""Channel secrets in the admin: out of error reports, write-only, rotation that ends, unreadable keys shown."""

from __future__ import annotations

import sys
from datetime import timedelta
from typing import Any

import pytest
from django.core.signals import got_request_exception
from django.test import Client
from django.utils import timezone
from django.views.debug import ExceptionReporter

from django_linebot.crypto import CANNOT_DECRYPT
from django_linebot.models import Channel
from django_linebot.models.channel import PREVIOUS_SECRET_DEFAULT_VALIDITY
from django_linebot.testing import sign_body

from ..factories import ChannelFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/linebot/channel/"
STORED = {
    "channel_secret": "stored-s3cr3t",
    "previous_channel_secret": "stored-old-s3cr3t",
    "channel_access_token": "stored-t0ken",
    "assertion_private_key": "-----BEGIN PRIVATE KEY-----stored-key-material",
}
POSTED = {
    "channel_secret": "posted-s3cr3t",
    "previous_channel_secret": "posted-old-s3cr3t",
    "channel_access_token": "posted-t0ken",
    "assertion_private_key": "-----BEGIN PRIVATE KEY-----posted-key-material",
}


@pytest.fixture
def channel() -> Channel:
    return ChannelFactory(name="Shop", slug="shop", channel_id="1234567890", **STORED)


def form_data(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Shop",
        "slug": "shop",
        "channel_id": "1234567890",
        "bot_user_id": "",
        "previous_secret_valid_until_0": "",
        "previous_secret_valid_until_1": "",
        "auth_mode": "long_lived",
        "assertion_key_id": "",
        "is_active": "on",
        "access_tokens-TOTAL_FORMS": "0",
        "access_tokens-INITIAL_FORMS": "0",
        **{name: "" for name in POSTED},
    }
    data.update(overrides)
    return data


def error_reports(monkeypatch, url: str, data: dict[str, str]) -> str:
    """POST ``data`` while saving a channel fails; Django's technical 500 report, as text and HTML."""
    reports: list[str] = []

    def explode(self: Channel, *args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    def report(sender: Any, request: Any, **kwargs: Any) -> None:
        reporter = ExceptionReporter(request, *sys.exc_info())
        reports.extend([reporter.get_traceback_text(), reporter.get_traceback_html()])

    monkeypatch.setattr(Channel, "save", explode)
    got_request_exception.connect(report, dispatch_uid="test-channel-report")
    try:
        client = Client(raise_request_exception=False)
        from django.contrib.auth.models import User

        root = User.objects.filter(username="root").first()
        client.force_login(root or User.objects.create_superuser("root", "root@example.com", "pw"))
        assert client.post(url, data).status_code == 500
    finally:
        got_request_exception.disconnect(dispatch_uid="test-channel-report")
    assert len(reports) == 2 and "the database went away" in reports[0]
    return "\n".join(reports)


def test_no_secret_in_the_500_report_of_a_channel_add(monkeypatch) -> None:
    text = error_reports(monkeypatch, f"{CHANGELIST}add/", form_data(slug="new", **POSTED))
    assert "channel_secret" in text  # the POST section is there, its values are not
    for secret in POSTED.values():
        assert secret not in text


def test_no_secret_in_the_500_report_of_a_channel_change(monkeypatch, channel) -> None:
    text = error_reports(monkeypatch, f"{CHANGELIST}{channel.pk}/change/", form_data(**POSTED))
    for secret in (*POSTED.values(), *STORED.values()):
        assert secret not in text
    text = error_reports(monkeypatch, f"{CHANGELIST}{channel.pk}/change/", form_data(name="Renamed"))
    for secret in STORED.values():
        assert secret not in text


def test_change_page_and_list_show_no_secret(admin_client, channel) -> None:
    html = admin_client.get(f"{CHANGELIST}{channel.pk}/change/").content.decode()
    html += admin_client.get(CHANGELIST).content.decode()
    for secret in STORED.values():
        assert secret not in html


def test_rotate_secret_ends_after_a_day_by_default(channel) -> None:
    body = b'{"destination": "U0", "events": []}'
    channel.rotate_secret("new-s3cr3t")
    channel.refresh_from_db()
    expected = timezone.now() + PREVIOUS_SECRET_DEFAULT_VALIDITY
    assert timedelta(days=1) == PREVIOUS_SECRET_DEFAULT_VALIDITY
    assert channel.previous_secret_valid_until is not None
    assert abs(channel.previous_secret_valid_until - expected) < timedelta(minutes=5)
    assert channel.check_signature(body, sign_body(body, STORED["channel_secret"]))
    channel.previous_secret_valid_until = timezone.now() - timedelta(seconds=1)
    assert not channel.check_signature(body, sign_body(body, STORED["channel_secret"]))
    channel.end_previous_secret()
    channel.refresh_from_db()
    assert channel.previous_channel_secret == "" and channel.previous_secret_valid_until is None


def test_admin_previous_secret_gets_the_default_end_and_can_end_now(admin_client, channel) -> None:
    channel.end_previous_secret()
    url = f"{CHANGELIST}{channel.pk}/change/"
    res = admin_client.post(url, form_data(previous_channel_secret="typed-old-s3cr3t"))
    assert res.status_code == 302, res.content.decode()[:3000]
    channel.refresh_from_db()
    assert channel.previous_channel_secret == "typed-old-s3cr3t"
    until = channel.previous_secret_valid_until
    assert until is not None and timedelta(hours=23) < until - timezone.now() <= timedelta(days=1)
    page = admin_client.get(url).content.decode()
    listing = admin_client.get(CHANGELIST).content.decode()
    assert "The previous secret is accepted until" in page and "is accepted until" in listing
    assert 'name="end_previous_secret"' in page and "typed-old-s3cr3t" not in page + listing
    res = admin_client.post(url, form_data(end_previous_secret="on"))
    assert res.status_code == 302
    channel.refresh_from_db()
    assert channel.previous_channel_secret == "" and channel.previous_secret_valid_until is None
    body = b'{"destination": "U0", "events": []}'
    assert not channel.check_signature(body, sign_body(body, "typed-old-s3cr3t"))
    assert "No previous secret" in admin_client.get(CHANGELIST).content.decode()


def test_wrong_encryption_key_lists_rows_with_cannot_decrypt(admin_client, settings, channel) -> None:
    settings.LINEBOT = {**settings.LINEBOT, "ENCRYPTION_KEY": "a-different-key"}
    listing = admin_client.get(CHANGELIST)
    assert listing.status_code == 200 and CANNOT_DECRYPT in listing.content.decode()
    url = f"{CHANGELIST}{channel.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200 and CANNOT_DECRYPT in page.content.decode()
    res = admin_client.post(url, form_data(name="Renamed"))
    assert res.status_code == 302, res.content.decode()[:3000]
    settings.LINEBOT = {**settings.LINEBOT, "ENCRYPTION_KEY": "test-encryption-key-not-for-production"}
    channel.refresh_from_db()
    assert channel.name == "Renamed" and channel.channel_secret == STORED["channel_secret"]
    assert channel.channel_access_token == STORED["channel_access_token"]


def test_view_only_page_shows_no_secret(channel) -> None:
    from django.contrib.auth.models import Permission, User

    viewer = User.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_channel"))
    client = Client()
    client.force_login(viewer)
    page = client.get(f"{CHANGELIST}{channel.pk}/change/")
    html = page.content.decode()
    assert page.status_code == 200 and 'name="_save"' not in html
    for secret in STORED.values():
        assert secret not in html
    assert "Stored (hidden)" in html and "The previous secret is accepted until" in html
