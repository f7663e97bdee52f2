"""``async def`` receivers get the channel's AsyncLineBotApi as ``api`` and are awaited; sync ones are unchanged."""

from __future__ import annotations

import asyncio

import pytest

from django_linebot import signals
from django_linebot.models import WebhookEvent
from django_linebot.sdk import LineBotApi
from django_linebot.sdk.aio import AsyncLineBotApi
from django_linebot.testing import make_event, make_webhook_body

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_async_receiver_replies_with_the_async_client(
    post_webhook, linebot_settings, line_platform, connect
) -> None:
    seen: list[object] = []

    async def answer(sender, event, api, **kwargs):
        await asyncio.sleep(0)
        seen.append(type(api))
        res = await api.reply_message(event.reply_token, [{"type": "text", "text": f"re: {event.text}"}])
        seen.append(res.http_status)

    def sync_one(sender, event, api, **kwargs):
        seen.append(isinstance(api, LineBotApi))
        api.push_message(event.user_id, [{"type": "text", "text": "sync"}])

    connect(signals.message, answer)
    connect(signals.message, sync_one)
    assert post_webhook(make_webhook_body(make_event(replyToken="r-async"))).status_code == 200
    assert seen == [True, AsyncLineBotApi, 200]
    assert [s["kind"] for s in line_platform.sent_messages] == ["push", "reply"]  # sync receivers first
    assert line_platform.sent_messages[1]["messages"] == [{"type": "text", "text": "re: hello"}]
    assert WebhookEvent.objects.get().status == WebhookEvent.Status.PROCESSED


def test_a_refusal_raises_the_typed_error_and_is_recorded(
    post_webhook, linebot_settings, line_platform, connect
) -> None:
    line_platform.add_fault(path="/v2/bot/message/reply", status=400, times=1)

    async def answer(sender, event, api, **kwargs):
        await api.reply_message(event.reply_token, [{"type": "text", "text": "x"}])

    connect(signals.message, answer)
    assert post_webhook(make_webhook_body(make_event())).status_code == 200
    row = WebhookEvent.objects.get()
    assert row.status == WebhookEvent.Status.FAILED and "BadRequestError: HTTP 400" in row.error
