"""The channel and token admin: write-only secrets, token and webhook actions, LINE errors as messages."""

from __future__ import annotations

import json
import logging

import pytest

from django_linebot.channels import get_access_token
from django_linebot.models import Channel, ChannelAccessToken

from ..factories import ChannelFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/linebot/channel/"
SECRETS = ("s3cr3t-value", "old-s3cr3t", "t0ken-value")


@pytest.fixture
def channel() -> Channel:
    return ChannelFactory(
        name="Shop",
        slug="shop",
        channel_id="1234567890",
        channel_secret="s3cr3t-value",
        previous_channel_secret="old-s3cr3t",
        channel_access_token="t0ken-value",
    )


def run_action(admin_client, action: str, pks, changelist: str = CHANGELIST, **extra):
    return admin_client.post(
        changelist, {"action": action, "_selected_action": list(pks), **extra}, follow=True
    )


def test_secrets_never_rendered(admin_client, channel) -> None:
    for url in (CHANGELIST, f"{CHANGELIST}{channel.pk}/change/"):
        html = admin_client.get(url).content.decode()
        assert not any(secret in html for secret in SECRETS)
    assert "Stored (hidden)" in admin_client.get(f"{CHANGELIST}{channel.pk}/change/").content.decode()


def form_data(**overrides):
    data = {
        "name": "Shop 2",
        "slug": "shop",
        "channel_id": "1234567890",
        "bot_user_id": "",
        "channel_secret": "",
        "previous_channel_secret": "",
        "auth_mode": "long_lived",
        "channel_access_token": "",
        "assertion_private_key": "",
        "assertion_key_id": "",
        "is_active": "on",
        "access_tokens-TOTAL_FORMS": "0",
        "access_tokens-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_blank_secret_keeps_the_stored_one(admin_client, channel) -> None:
    res = admin_client.post(f"{CHANGELIST}{channel.pk}/change/", form_data(channel_access_token="new-token"))
    assert res.status_code == 302, res.content.decode()[:2000]
    channel.refresh_from_db()
    assert channel.name == "Shop 2" and channel.channel_secret == "s3cr3t-value"
    assert channel.channel_access_token == "new-token"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"channel_secret": ""}, "channel_secret"),
        ({"channel_secret": "s", "auth_mode": "long_lived"}, "channel_access_token"),
        ({"channel_secret": "s", "auth_mode": "short_lived", "channel_id": ""}, "channel_id"),
        ({"channel_secret": "s", "auth_mode": "v2_1", "assertion_key_id": "k"}, "assertion_private_key"),
    ],
)
def test_add_form_explains_what_is_missing(admin_client, overrides, field) -> None:
    res = admin_client.post(f"{CHANGELIST}add/", form_data(slug="new", **overrides))
    assert res.status_code == 200 and not Channel.objects.exists()
    assert field in res.context["adminform"].form.errors


def test_issue_and_revoke_token_actions(admin_client, linebot_settings, line_platform, channel) -> None:
    channel.auth_mode = Channel.AuthMode.SHORT_LIVED
    channel.save()
    res = run_action(admin_client, "issue_token", [channel.pk])
    assert "issued a token valid until" in res.content.decode()
    token = ChannelAccessToken.objects.get()
    assert token.token not in res.content.decode()
    html = admin_client.get(f"/admin/linebot/channelaccesstoken/{token.pk}/change/").content.decode()
    html += admin_client.get("/admin/linebot/channelaccesstoken/").content.decode()
    html += admin_client.get(f"{CHANGELIST}{channel.pk}/change/").content.decode()
    assert token.token not in html
    res = run_action(admin_client, "revoke", [token.pk], changelist="/admin/linebot/channelaccesstoken/")
    assert "Revoked 1 token(s)" in res.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None and line_platform.issued_tokens[token.token]["revoked"]


@pytest.mark.parametrize("status", [400, 429, 500])
def test_line_refusing_shows_a_message_and_keeps_rows(
    status, admin_client, linebot_settings, line_platform, channel
) -> None:
    channel.auth_mode = Channel.AuthMode.SHORT_LIVED
    channel.save()
    line_platform.add_fault(
        path="/v2/oauth/accessToken",
        status=status,
        body={"message": "refused here", "details": [{"message": "bad id", "property": "client_id"}]},
    )
    res = run_action(admin_client, "issue_token", [channel.pk])
    html = res.content.decode()
    assert res.status_code == 200
    request_id = line_platform.requests[-1].request_id
    assert f"HTTP {status}: refused here [client_id: bad id] (request id {request_id})" in html
    assert not ChannelAccessToken.objects.exists()


def test_revoke_refused_keeps_token_valid(admin_client, linebot_settings, line_platform, channel) -> None:
    channel.auth_mode = Channel.AuthMode.SHORT_LIVED
    channel.save()
    get_access_token(channel)
    token = ChannelAccessToken.objects.get()
    line_platform.add_fault(path="/v2/oauth/revoke", status=500)
    res = run_action(admin_client, "revoke", [token.pk], changelist="/admin/linebot/channelaccesstoken/")
    assert "HTTP 500: " in res.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None


def test_set_and_test_webhook(admin_client, linebot_settings, line_platform, channel) -> None:
    res = run_action(admin_client, "set_webhook_url", [channel.pk])
    assert b"Set the webhook URL" in res.content and b"https://testserver/line/webhook/shop/" in res.content
    res = run_action(
        admin_client,
        "set_webhook_url",
        [channel.pk],
        apply="1",
        url="https://bot.example.com/line/webhook/shop/",
    )
    assert "webhook URL set to https://bot.example.com/line/webhook/shop/" in res.content.decode()
    assert line_platform.webhook_endpoint == "https://bot.example.com/line/webhook/shop/"
    res = run_action(admin_client, "test_webhook", [channel.pk])
    assert "LINE reached the webhook: HTTP 200." in res.content.decode()
    assert "webhook: True" not in res.content.decode()
    line_platform.add_fault(
        path="/webhook/test",
        status=200,
        body={"success": False, "statusCode": 404, "reason": "ERROR_STATUS_CODE", "detail": "404 Not Found"},
    )
    res = run_action(admin_client, "test_webhook", [channel.pk])
    assert "LINE could not reach the webhook (HTTP 404): failed: ERROR_STATUS_CODE 404 Not Found." in (
        res.content.decode()
    )
    line_platform.add_fault(
        path="/webhook/endpoint", status=400, body={"message": "Invalid webhook endpoint URL"}
    )
    res = run_action(admin_client, "set_webhook_url", [channel.pk], apply="1", url="https://bad.example.com/")
    assert "Invalid webhook endpoint URL" in res.content.decode()


def test_rotate_and_sync_actions(admin_client, linebot_settings, line_platform, channel) -> None:
    channel.auth_mode = Channel.AuthMode.SHORT_LIVED
    channel.save()
    assert "new token until" in run_action(admin_client, "rotate_tokens", [channel.pk]).content.decode()
    assert "0 menu(s) on LINE" in run_action(admin_client, "sync_rich_menus", [channel.pk]).content.decode()


def test_no_secret_in_logs_or_errors(admin_client, linebot_settings, line_platform, channel, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    channel.auth_mode = Channel.AuthMode.SHORT_LIVED
    channel.save()
    run_action(admin_client, "issue_token", [channel.pk])
    line_platform.add_fault(status=500, times=None)
    pages = run_action(admin_client, "issue_token", [channel.pk]).content.decode()
    pages += run_action(admin_client, "revoke_tokens", [channel.pk]).content.decode()
    token = ChannelAccessToken.objects.get().token
    for secret in (*SECRETS, token):
        assert secret not in pages
        for record in caplog.records:
            assert secret not in record.getMessage()
            assert secret not in str(record.exc_info or "")


def test_create_channel_command(monkeypatch, capsys) -> None:
    from django.core.management import CommandError, call_command

    monkeypatch.setenv("LINE_CHANNEL_SECRET", "cli-secret")
    monkeypatch.setenv("LINE_CHANNEL_ACCESS_TOKEN", "cli-token")
    call_command("linebot_create_channel", "My Shop")
    channel = Channel.objects.get(slug="my-shop")
    assert channel.channel_secret == "cli-secret" and channel.channel_access_token == "cli-token"
    out = capsys.readouterr().out
    assert "cli-secret" not in out and "cli-token" not in out
    with pytest.raises(CommandError, match="exists"):
        call_command("linebot_create_channel", "My Shop")
    with pytest.raises(CommandError, match="--channel-id"):
        call_command("linebot_create_channel", "Other", "--auth-mode", "short_lived")


def test_setwebhook_command(linebot_settings, line_platform, channel, capsys) -> None:
    from django.core.management import CommandError, call_command

    call_command("linebot_setwebhook", "https://bot.example.com/line/webhook/shop/", "--channel", "shop")
    assert line_platform.webhook_endpoint == "https://bot.example.com/line/webhook/shop/"
    assert "success=True" in capsys.readouterr().out
    line_platform.add_fault(status=400, body={"message": "Invalid webhook endpoint URL"})
    with pytest.raises(CommandError, match="Invalid webhook endpoint URL"):
        call_command("linebot_setwebhook", "https://x.example.com/")


def test_private_key_never_rendered_or_logged(admin_client, linebot_settings, line_platform, caplog) -> None:
    from cryptography.hazmat.primitives.asymmetric import rsa
    from jwt.algorithms import RSAAlgorithm

    caplog.set_level(logging.DEBUG)
    jwk = RSAAlgorithm.to_jwk(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    private_d = json.loads(jwk)["d"]
    channel = ChannelFactory(
        name="Keyed",
        slug="keyed",
        channel_id="1",
        channel_secret="s3cr3t-value",
        auth_mode="v2_1",
        assertion_private_key=jwk,
        assertion_key_id="kid-1",
    )
    html = admin_client.get(f"{CHANGELIST}{channel.pk}/change/").content.decode()
    html += run_action(admin_client, "issue_token", [channel.pk]).content.decode()
    line_platform.add_fault(status=500, times=None)
    html += run_action(admin_client, "issue_token", [channel.pk]).content.decode()
    assert private_d not in html and "s3cr3t-value" not in html
    for record in caplog.records:
        assert private_d not in record.getMessage()
    for text in (repr(channel), str(channel)):
        assert private_d not in text


def test_slug_help_text_shows_the_placeholder(admin_client, channel) -> None:
    html = admin_client.get(f"{CHANGELIST}add/").content.decode()
    assert "…/webhook/&lt;slug&gt;/" in html and "…/webhook//" not in html


def test_change_page_shows_the_absolute_webhook_url_to_copy(admin_client, channel) -> None:
    html = admin_client.get(f"{CHANGELIST}{channel.pk}/change/").content.decode()
    assert '<code id="linebot-webhook-url">https://testserver/line/webhook/shop/</code>' in html
    assert 'id="linebot-webhook-url-copy"' in html and "navigator.clipboard" in html
    assert "<script src" not in html.split('id="linebot-webhook-url"')[1].split("</fieldset>")[0]


def test_settings_channel_page_shows_the_settings_webhook_url(admin_client, linebot_settings) -> None:
    from django_linebot.channels import settings_channel

    html = admin_client.get(f"{CHANGELIST}{settings_channel().pk}/change/").content.decode()
    assert '<code id="linebot-webhook-url">https://testserver/line/webhook/</code>' in html


def test_add_page_and_unknown_ids_have_no_webhook_url(admin_client, channel) -> None:
    assert "linebot-webhook-url" not in admin_client.get(f"{CHANGELIST}add/").content.decode()
    assert admin_client.get(f"{CHANGELIST}not-a-number/change/").status_code in (200, 302)


def test_set_webhook_form_refuses_http(admin_client, linebot_settings, line_platform, channel) -> None:
    res = run_action(admin_client, "set_webhook_url", [channel.pk], apply="1", url="http://bot.example.com/")
    assert "webhook URL set to" not in res.content.decode()
    assert not [r for r in line_platform.requests if r.path.endswith("/webhook/endpoint")]
