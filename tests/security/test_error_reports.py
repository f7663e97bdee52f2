"""Issue 11, "Error reports": no secret in Django's technical 500 report, error e-mail or log line.

Each test forces a failure the way production meets it (a view that pushes while LINE is unreachable,
a channel whose token endpoint is down, a bad assertion key, a revocation that cannot reach LINE), then
renders every report Django makes of it: the debug page as HTML and as text (DEBUG on, where no
filter hides anything, so no frame may hold a secret at all), the admins' e-mail in text and HTML
(DEBUG off, SafeExceptionReporterFilter), and every log line with its traceback.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client
from django.views.debug import ExceptionReporter
from jwt.algorithms import RSAAlgorithm

from django_linebot.channels import clear_clients, get_access_token, get_api
from django_linebot.models import Channel, ChannelAccessToken

from ..factories import ChannelFactory
from ..processes import free_port

pytestmark = pytest.mark.django_db

SECRET = "chan-secret-5f1c9e7a"
LONG_LIVED_TOKEN = "ll-token-8d2b4e61"
ISSUE_PATHS = {
    "short_lived": "/v2/oauth/accessToken",
    "v2_1": "/oauth2/v2.1/token",
    "stateless": "/oauth2/v3/token",
}
JWT_START = "eyJ"  # every JWT (a signed assertion is a credential too) starts with base64url('{"')


@pytest.fixture(scope="module")
def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def reports_urls(settings):
    settings.ROOT_URLCONF = "tests.security.urls"


def point_line_at(settings, url: str) -> str:
    settings.LINEBOT = {**settings.LINEBOT, "API_ENDPOINT": url, "API_DATA_ENDPOINT": url, "TIMEOUT": 2}
    clear_clients()
    return url


def unreachable(settings) -> str:
    """LINE at a closed port on 127.0.0.1: every call is refused."""
    return point_line_at(settings, f"http://127.0.0.1:{free_port()}")


def make_channel(mode: str, rsa_key=None, **fields) -> Channel:
    values = {
        "name": mode,
        "slug": mode.replace("_", "-"),
        "channel_id": "1234567890",
        "channel_secret": SECRET,
        "auth_mode": mode,
    }
    if mode == "long_lived":
        values["channel_access_token"] = LONG_LIVED_TOKEN
    if mode == "v2_1" and rsa_key is not None:
        values["assertion_private_key"] = RSAAlgorithm.to_jwk(rsa_key)
        values["assertion_key_id"] = "kid-123"
    values.update(fields)
    return ChannelFactory(**values)


def key_material(rsa_key) -> list[str]:
    """Pieces of the private key as they could show: JWK members and PEM lines."""
    jwk = json.loads(RSAAlgorithm.to_jwk(rsa_key))
    pem = rsa_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return [jwk[name][:24] for name in ("d", "p", "q", "dp", "dq", "qi")] + pem.splitlines()[2:5]


def error_reports(settings, caplog, url: str, error: str) -> list[str]:
    """Every report Django makes of the 500 that ``GET url`` raises; ``error`` must be named in each."""
    caplog.set_level(logging.DEBUG)
    client = Client(raise_request_exception=False)
    texts: list[str] = []
    settings.DEBUG = True
    for accept in ("text/html", "text/plain"):
        response = client.get(url, HTTP_ACCEPT=accept)
        assert response.status_code == 500
        page = response.content.decode()
        assert error in page
        texts.append(page)
    assert "Local vars" in texts[0]  # the debug page really shows the frames' variables
    settings.DEBUG = False
    response = client.get(url)
    assert response.status_code == 500
    record = [r for r in caplog.records if r.name == "django.request"][-1]
    for is_email in (True, False):  # what AdminEmailHandler mails, and the plain report
        reporter = ExceptionReporter(record.request, *record.exc_info, is_email=is_email)
        texts += [reporter.get_traceback_text(), reporter.get_traceback_html()]
    settings.DEBUG = True  # the same report with the filter off
    reporter = ExceptionReporter(record.request, *record.exc_info)
    texts += [reporter.get_traceback_text(), reporter.get_traceback_html()]
    assert all(error in text for text in texts)
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    texts += [formatter.format(r) for r in caplog.records]
    texts += [str(r.exc_info[1]) for r in caplog.records if r.exc_info]
    return texts


def assert_no_secret(texts: Iterable[str], secrets: Iterable[str]) -> None:
    secrets = [s for s in secrets if s]
    for number, text in enumerate(texts):
        for secret in secrets:
            assert secret not in text, f"report #{number} shows {secret[:6]}…"


def test_push_while_line_is_unreachable(settings, caplog, reports_urls) -> None:
    """The bearer token of a long-lived channel, in a view's push to an unreachable LINE."""
    make_channel("long_lived")
    url = unreachable(settings)
    port = url.rsplit(":", 1)[1]
    texts = error_reports(settings, caplog, "/push/long-lived/", "LineBotNetworkError")
    assert_no_secret(texts, [SECRET, LONG_LIVED_TOKEN, f"Bearer {LONG_LIVED_TOKEN}"])
    assert any(f"cannot connect to 127.0.0.1:{port} (connection refused)" in text for text in texts)


@pytest.mark.parametrize("mode", ["short_lived", "v2_1", "stateless"])
def test_push_with_an_issued_token_while_line_is_unreachable(
    mode, rsa_key, settings, caplog, line_platform, reports_urls
) -> None:
    channel = make_channel(mode, rsa_key)
    point_line_at(settings, line_platform.url)
    token = get_access_token(channel)
    unreachable(settings)
    texts = error_reports(settings, caplog, f"/push/{channel.slug}/", "LineBotNetworkError")
    assert_no_secret(texts, [SECRET, token, JWT_START, *key_material(rsa_key)])


@pytest.mark.parametrize("mode", ["short_lived", "v2_1", "stateless"])
@pytest.mark.parametrize("down", ["closed port", "platform fault"])
def test_token_endpoint_down(mode, down, rsa_key, settings, caplog, line_platform, reports_urls) -> None:
    """A channel whose token must be issued in ``get_api()`` while LINE's token endpoint is down."""
    channel = make_channel(mode, rsa_key)
    if down == "closed port":
        unreachable(settings)
        error = "LineBotNetworkError"
    else:
        point_line_at(settings, line_platform.url)
        line_platform.add_fault(path=ISSUE_PATHS[mode], status=500, times=None)
        error = "ServerError"
    texts = error_reports(settings, caplog, f"/push/{channel.slug}/", error)
    sent = [r.form for r in line_platform.requests_to(ISSUE_PATHS[mode])]
    assert down == "closed port" or sent  # the fault case really sent the credentials
    assertions = [form.get("client_assertion", "") for form in sent]
    assert_no_secret(texts, [SECRET, JWT_START, *assertions, *key_material(rsa_key)])
    assert not ChannelAccessToken.objects.exists()


@pytest.mark.parametrize("mode", ["short_lived", "v2_1"])
def test_revoking_while_line_is_unreachable(
    mode, rsa_key, settings, caplog, line_platform, reports_urls
) -> None:
    """Revoking sends the token (and for v2.1 the channel secret) in a form."""
    channel = make_channel(mode, rsa_key)
    point_line_at(settings, line_platform.url)
    token = get_access_token(channel)
    row = ChannelAccessToken.objects.get()
    unreachable(settings)
    texts = error_reports(settings, caplog, f"/revoke/{row.pk}/", "LineBotNetworkError")
    assert_no_secret(texts, [SECRET, token, *key_material(rsa_key)])


def test_an_assertion_key_that_cannot_sign(settings, caplog, line_platform, reports_urls) -> None:
    """A broken v2.1 key: the error names the channel and the problem, never the key's text."""
    broken = "-----BEGIN PRIVATE KEY-----\nTOPSECRETKEYMATERIALxQ3v9\n-----END PRIVATE KEY-----\n"
    channel = make_channel("v2_1", assertion_private_key=broken, assertion_key_id="kid-1")
    point_line_at(settings, line_platform.url)
    texts = error_reports(settings, caplog, f"/push/{channel.slug}/", "assertion private key cannot sign")
    assert_no_secret(texts, [SECRET, "TOPSECRETKEYMATERIAL"])
    assert not line_platform.requests


def test_the_client_shows_no_credential(rsa_key, settings, line_platform) -> None:
    """The pooled client (shown as ``self`` in every SDK frame) and its attributes are masked."""
    point_line_at(settings, line_platform.url)
    for mode in ("long_lived", "short_lived"):
        channel = make_channel(mode)
        api = get_api(channel)
        token = api.channel_access_token
        assert token and api.channel_secret == SECRET  # still readable through the properties
        for text in (repr(api), str(api), repr(vars(api)), repr(api.__dict__.values())):
            assert SECRET not in text and token not in text


@pytest.mark.parametrize("debug", [True, False])
def test_a_signed_webhook_while_the_token_endpoint_is_down(debug, settings, caplog) -> None:
    """A short-lived channel's webhook whose receiver replies, while LINE cannot issue a token.

    Whether the view fails (500, token issued eagerly) or the receiver does (the event records the
    error), no page, log line, stored error or error report shows the channel secret.
    """
    from django_linebot import signals
    from django_linebot.models import WebhookEvent
    from django_linebot.testing import make_event, make_webhook_body, sign_body

    def reply(sender, event, api, **kwargs) -> None:
        api.reply_message(event.reply_token, [{"type": "text", "text": "thanks"}])

    channel = make_channel("short_lived")
    unreachable(settings)
    settings.DEBUG = debug
    caplog.set_level(logging.DEBUG)
    body = make_webhook_body(make_event("message"))
    signals.webhook_event.connect(reply, dispatch_uid="error-report-reply")
    try:
        response = Client(raise_request_exception=False).post(
            f"/line/webhook/{channel.slug}/",
            data=body,
            content_type="application/json",
            HTTP_X_LINE_SIGNATURE=sign_body(body, SECRET),
        )
    finally:
        signals.webhook_event.disconnect(dispatch_uid="error-report-reply")
    texts = [response.content.decode("utf-8", "replace")]
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    texts += [formatter.format(r) for r in caplog.records]
    for record in caplog.records:
        if record.exc_info and getattr(record, "request", None) is not None:
            reporter = ExceptionReporter(record.request, *record.exc_info, is_email=not debug)
            texts += [reporter.get_traceback_text(), reporter.get_traceback_html()]
    texts += [row.error for row in WebhookEvent.objects.all()]
    assert any("127.0.0.1" in text for text in texts)  # the failure did happen and was reported
    assert_no_secret(texts, [SECRET])
