"""The dashboard and a conversation in a real browser (Debian's headless Chromium), with screenshots.

``LINEBOT_SCREENSHOT_DIR=docs`` writes them as ``docs/dashboard-admin.png`` and
``docs/conversation-admin.png`` (the README shows them).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image

from django_linebot.channels import settings_channel
from django_linebot.models import OutgoingMessage, WebhookEvent
from django_linebot.testing import make_event

from ..factories import (
    ChannelDailyStatsFactory,
    LineUserFactory,
    OutgoingMessageFactory,
    RichMenuDailyStatsFactory,
    WebhookEventFactory,
)
from .support import CHROMEDRIVER, CHROMIUM

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (CHROMIUM and CHROMEDRIVER),
        reason="needs Debian's chromium and chromium-driver (scripts/test.sh installs them with apt-get)",
    ),
]


def login(browser, live_server, django_user_model, page: str):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

    django_user_model.objects.create_superuser("admin", "admin@example.com", "pw-for-test")
    browser.get(f"{live_server.url}/admin/login/?next={page}")
    browser.find_element(By.NAME, "username").send_keys("admin")
    browser.find_element(By.NAME, "password").send_keys("pw-for-test")
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    wait = WebDriverWait(browser, timeout=30, poll_frequency=0.1)
    wait.until(expected_conditions.url_contains(page))
    return wait


def keep(shot: Path, name: str) -> None:
    target = os.environ.get("LINEBOT_SCREENSHOT_DIR")
    if target:
        (Path(target) / name).write_bytes(shot.read_bytes())


def event(user, days_ago: float, kind: str = "message", text: str = "", status: str = "processed", error=""):
    at = timezone.now() - timedelta(days=days_ago)
    fields = {"message": {"type": "text", "id": "1", "text": text}} if kind == "message" else {}
    payload = make_event(
        kind, source={"type": "user", "userId": user.user_id}, timestamp=int(at.timestamp() * 1000), **fields
    )
    row = WebhookEventFactory(
        channel=user.channel,
        event_type=kind,
        payload=payload,
        webhook_event_id=payload["webhookEventId"],
        status=status,
        error=error,
    )
    WebhookEvent.objects.filter(pk=row.pk).update(
        received_at=at, processed_at=at + timedelta(milliseconds=40 + (row.pk * 37) % 400)
    )
    return row


def test_the_dashboard_draws_its_charts(browser, live_server, django_user_model, tmp_path) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By

    channel = settings_channel()
    today = timezone.localdate()
    for n in range(1, 31):
        ChannelDailyStatsFactory(
            channel=channel,
            date=today - timedelta(days=n),
            followers=1200 + 9 * (30 - n) + (n % 4) * 3,
            targeted_reaches=1000 + 7 * (30 - n),
            blocks=40 + (30 - n) // 3,
            quota=5000,
            quota_usage=1830,
        )
    for n in range(1, 22):
        for name, menu_id, base in (("Main", "richmenu-main", 420), ("Summer sale", "richmenu-sale", 180)):
            RichMenuDailyStatsFactory(
                channel=channel,
                line_rich_menu_id=menu_id,
                name=name,
                date=today - timedelta(days=n),
                impressions=base + 11 * (n % 6) + 2 * (21 - n),
                unique_impressions=base // 2 + 5 * (n % 6),
                clicks=base // 6 + 3 * (n % 5),
            )
    users = [LineUserFactory(channel=channel) for _ in range(4)]
    for day in range(14):
        for i in range(day % 5 + 2):
            message = OutgoingMessageFactory(
                channel=channel,
                kind=("push", "multicast", "reply")[i % 3],
                status="failed" if (day + i) % 7 == 0 else "sent",
            )
            OutgoingMessage.objects.filter(pk=message.pk).update(
                created_at=timezone.now() - timedelta(days=day)
            )
        for i in range(day % 4 + 3):
            event(
                users[i % 4],
                day + 0.01 * i,
                ("message", "follow", "postback")[i % 3],
                "hi",
                "failed" if (day + i) % 9 == 0 else "processed",
            )
    wait = login(browser, live_server, django_user_model, "/admin/linebot/channeldailystats/")
    wait.until(lambda b: len(b.find_elements(By.CSS_SELECTOR, ".linebot-chart svg")) == 5)
    lines = browser.find_elements(By.CSS_SELECTOR, "#chart-followers polyline")
    bars = browser.find_elements(By.CSS_SELECTOR, "#chart-deliveries rect")
    assert len(lines) == 3 and len(bars) > 14
    menu_lines = browser.find_elements(By.CSS_SELECTOR, "#chart-richmenus polyline")
    assert len(menu_lines) == 2 and all(
        line.rect["width"] > 300 for line in menu_lines
    )  # impressions, clicks
    assert all(line.rect["width"] > 300 for line in lines)  # drawn across the chart, not collapsed
    css = browser.execute_script("return getComputedStyle(document.querySelector('.linebot-charts')).display")
    assert css == "grid"  # the app's stylesheet is served and applied
    shot = tmp_path / "dashboard.png"
    browser.set_window_size(1400, 1650)
    assert browser.save_screenshot(str(shot))
    assert Image.open(shot).size[0] >= 1000
    keep(shot, "dashboard-admin.png")


def test_a_conversation_as_chat_bubbles(browser, live_server, django_user_model, tmp_path) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By

    user = LineUserFactory(display_name="Aiko Tanaka", language="ja")
    first = event(user, 0.2, "follow")
    OutgoingMessage.objects.filter(
        pk=OutgoingMessageFactory(
            kind="reply",
            to="",
            reply_token=first.payload["replyToken"],
            status="sent",
            messages=[{"type": "text", "text": "Thanks for adding us! Type 'menu' any time."}],
        ).pk
    ).update(created_at=timezone.now() - timedelta(days=0.2) + timedelta(seconds=1))
    question = event(user, 0.1, text="Do you ship to Osaka?")
    OutgoingMessage.objects.filter(
        pk=OutgoingMessageFactory(
            kind="reply",
            to="",
            reply_token=question.payload["replyToken"],
            status="sent",
            messages=[{"type": "text", "text": "Yes! Delivery to Osaka takes 1-2 days."}],
        ).pk
    ).update(created_at=timezone.now() - timedelta(days=0.1) + timedelta(seconds=2))
    event(user, 0.05, text="Great, ordering now", status="failed", error="KeyError: 'order_id'")
    OutgoingMessage.objects.filter(
        pk=OutgoingMessageFactory(
            to=user.user_id,
            status="failed",
            last_error="HTTP 400: The property, 'to', in the request body is invalid",
            messages=[{"type": "flex", "altText": "Your order #1042", "contents": {}}],
        ).pk
    ).update(created_at=timezone.now() - timedelta(days=0.04))
    login(browser, live_server, django_user_model, f"/admin/linebot/lineuser/{user.pk}/conversation/")
    bubbles = browser.find_elements(By.CSS_SELECTOR, ".linebot-bubble")
    assert [b.get_attribute("class").split()[1] for b in bubbles] == [
        "linebot-in",
        "linebot-out",
        "linebot-in",
        "linebot-out",
        "linebot-in",
        "linebot-out",
    ]
    incoming, outgoing = bubbles[0].rect, bubbles[1].rect
    assert outgoing["x"] > incoming["x"] + 100  # the bot's bubbles on the right
    assert "KeyError" in bubbles[4].text and "HTTP 400" in bubbles[5].text
    assert browser.find_elements(By.NAME, "text")
    shot = tmp_path / "conversation.png"
    assert browser.save_screenshot(str(shot))
    keep(shot, "conversation-admin.png")
