"""A LINE error has one text, ``str(error)`` (the SDK's formatter), wherever it is shown."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from django_linebot import send
from django_linebot.models import Channel, OutgoingMessage
from django_linebot.sdk import LineBotApiError

pytestmark = pytest.mark.django_db(transaction=True)

BODY = {"message": "The request body has 1 error(s)", "details": [{"message": "bad", "property": "to"}]}


@pytest.fixture
def channel() -> Channel:
    return Channel.objects.create(
        name="Shop", slug="shop", channel_secret="s3cr3t-value", channel_access_token="t0ken-value"
    )


def _expected(line_platform, path: str) -> str:
    [request] = line_platform.requests_to(path)
    error = LineBotApiError(
        BODY["message"], status=400, details=BODY["details"], request_id=request.request_id
    )
    text = str(error)
    assert text == f"HTTP 400: The request body has 1 error(s) [to: bad] (request id {request.request_id})"
    return text


def test_the_admin_message_is_str_of_the_error(
    admin_client, linebot_settings, line_platform, channel
) -> None:
    path = "/v2/bot/channel/webhook/test"
    line_platform.add_fault(path=path, status=400, body=BODY)
    res = admin_client.post(
        "/admin/linebot/channel/", {"action": "test_webhook", "_selected_action": [channel.pk]}, follow=True
    )
    assert res.status_code == 200
    assert f"Shop: {escape(_expected(line_platform, path))}" in res.content.decode()


def test_the_outbox_last_error_is_str_of_the_error(linebot_settings, line_platform, channel) -> None:
    path = "/v2/bot/message/push"
    line_platform.add_fault(path=path, status=400, body=BODY)
    message = send.push(channel, "U1", [{"type": "text", "text": "hi"}])
    message.refresh_from_db()
    chunk = message.chunks.get()
    assert message.status == OutgoingMessage.Status.FAILED
    assert chunk.last_error == message.last_error == _expected(line_platform, path)


def test_details_that_are_not_objects_are_left_out() -> None:
    """LINE's ``details`` is a list of objects; anything else in it is skipped, never a crash."""
    error = LineBotApiError("bad", status=400, details=["odd", {"message": "m", "property": "p"}])
    assert str(error) == "HTTP 400: bad [p: m]"
