"""The message preview in a real browser (Debian's headless Chromium): the boxes are where the JSON says.

Each case opens an outbox row's admin page, measures the drawn elements (``getBoundingClientRect``) and
takes a screenshot of the chat. With ``LINEBOT_PREVIEW_SCREENSHOTS=<dir>`` the screenshots are written
there (``docs/`` holds the README's: ``preview-text-emojis.png`` and the others).
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from ..factories import OutgoingMessageFactory
from ..preview.samples import BUTTONS, CAROUSEL, RECEIPT, TEXT_WITH_EMOJIS
from .support import CHROMEDRIVER, CHROMIUM

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (CHROMIUM and CHROMEDRIVER),
        reason="needs Debian's chromium and chromium-driver (scripts/test.sh installs them with apt-get)",
    ),
]


def open_preview(
    driver: Any, live_server: Any, django_user_model: Any, messages: list[dict[str, Any]]
) -> Any:
    """Log in, open the outbox row holding ``messages``, and return its drawn chat element."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

    django_user_model.objects.create_superuser("admin", "admin@example.com", "pw-for-test")
    row = OutgoingMessageFactory(messages=messages)
    page = f"/admin/linebot/outgoingmessage/{row.pk}/change/"
    driver.get(f"{live_server.url}/admin/login/?next={page}")
    driver.find_element(By.NAME, "username").send_keys("admin")
    driver.find_element(By.NAME, "password").send_keys("pw-for-test")
    driver.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    wait = WebDriverWait(driver, timeout=30, poll_frequency=0.1)
    wait.until(expected_conditions.url_contains(page))
    chat = wait.until(expected_conditions.presence_of_element_located((By.CLASS_NAME, "lbp-chat")))
    # the stylesheet is applied once the avatar is a 36px circle
    wait.until(lambda _: chat.find_element(By.CLASS_NAME, "lbp-avatar").rect["width"] == 36)
    driver.execute_script("arguments[0].scrollIntoView()", chat)
    return chat


def rects(driver: Any, root: Any, selector: str) -> list[dict[str, float]]:
    return driver.execute_script(
        "return Array.from(arguments[0].querySelectorAll(arguments[1])).map(e => e.getBoundingClientRect().toJSON())",
        root,
        selector,
    )


def screenshot(chat: Any, name: str) -> None:
    png = chat.screenshot_as_png
    image = Image.open(io.BytesIO(png))
    assert image.size[0] > 200 and image.size[1] > 60
    target = os.environ.get("LINEBOT_PREVIEW_SCREENSHOTS")
    if target:
        Path(target, f"preview-{name}.png").write_bytes(png)


def test_text_with_emojis(browser, live_server, django_user_model) -> None:  # noqa: F811
    chat = open_preview(browser, live_server, django_user_model, [TEXT_WITH_EMOJIS])
    bubble = rects(browser, chat, ".lbp-bubble-text")[0]
    emojis = rects(browser, chat, ".lbp-emoji")
    assert len(emojis) == 2
    for emoji in emojis:  # inline, inside the bubble, about one line high
        assert bubble["left"] <= emoji["left"] and emoji["right"] <= bubble["right"]
        assert bubble["top"] <= emoji["top"] and emoji["bottom"] <= bubble["bottom"]
        assert 10 < emoji["height"] < 30
    assert emojis[0]["left"] < emojis[1]["left"] or emojis[0]["top"] < emojis[1]["top"]
    screenshot(chat, "text-emojis")


def test_buttons_template(browser, live_server, django_user_model) -> None:  # noqa: F811
    chat = open_preview(browser, live_server, django_user_model, [BUTTONS])
    card = rects(browser, chat, ".lbp-t-card")[0]
    thumb, title, text = (rects(browser, chat, s)[0] for s in (".lbp-t-thumb", ".lbp-t-title", ".lbp-t-text"))
    actions = rects(browser, chat, ".lbp-t-action")
    assert len(actions) == 3
    # the thumbnail (1.51:1), then the title, the text and the actions stacked, each the card's width
    assert (
        thumb["bottom"]
        <= title["top"]
        < text["top"]
        < actions[0]["top"]
        < actions[1]["top"]
        < actions[2]["top"]
    )
    assert abs(thumb["width"] / thumb["height"] - 1.51) < 0.05
    assert all(abs(a["width"] - card["width"]) < 2 for a in actions)
    screenshot(chat, "buttons")


def test_flex_receipt_bubble(browser, live_server, django_user_model) -> None:  # noqa: F811
    chat = open_preview(browser, live_server, django_user_model, [RECEIPT])
    bubble = rects(browser, chat, ".lbp-bubble")[0]
    assert abs(bubble["width"] - 300) < 1  # a mega bubble
    # the PAY row: flex 1, 2, 1 with "md" (8px) spacing -> widths 1:2:1 of what the spacing leaves
    row = browser.execute_script(
        "return Array.from(arguments[0].querySelectorAll('.lbp-f-horizontal'))"
        ".find(b => b.textContent.startsWith('PAY'))",
        chat,
    )
    pay, bar, percent = (c.rect for c in row.find_elements("xpath", "./*"))
    assert pay["x"] < bar["x"] < percent["x"]  # in the JSON's order, left to right
    assert abs(bar["width"] - 2 * pay["width"]) < 1.5 and abs(percent["width"] - pay["width"]) < 1
    assert abs(bar["x"] - (pay["x"] + pay["width"] + 8)) < 1  # spacing md
    assert bar["height"] == 8
    # an item row: the name at its natural width on the left, the price filling the rest, right-aligned
    item = browser.execute_script(
        "return Array.from(arguments[0].querySelectorAll('.lbp-f-horizontal'))"
        ".find(b => b.textContent.startsWith('Energy Drink'))",
        chat,
    )
    name, price = item.find_elements("xpath", "./*")
    assert name.rect["x"] < price.rect["x"] and name.value_of_css_property("text-align") in ("start", "left")
    assert price.value_of_css_property("text-align") == "end"
    assert abs(name.rect["width"] + price.rect["width"] - item.rect["width"]) < 1
    footer = rects(browser, chat, ".lbp-footer")[0]
    button = rects(browser, chat, ".lbp-f-button-primary")[0]
    assert footer["top"] < button["top"] and button["height"] == 40  # height sm
    assert rects(browser, chat, ".lbp-body")[0]["bottom"] <= footer["top"] + 1
    screenshot(chat, "flex-receipt")


def test_flex_carousel(browser, live_server, django_user_model) -> None:  # noqa: F811
    chat = open_preview(browser, live_server, django_user_model, [CAROUSEL])
    bubbles = rects(browser, chat, ".lbp-bubble")
    assert len(bubbles) == 2
    assert all(abs(b["width"] - 260) < 1 for b in bubbles)  # kilo
    assert bubbles[0]["right"] < bubbles[1]["left"] and abs(bubbles[0]["top"] - bubbles[1]["top"]) < 1
    hero = rects(browser, chat, ".lbp-hero .lbp-frame")[0]
    assert abs(hero["width"] / hero["height"] - 20 / 13) < 0.02  # aspectRatio 20:13, full width
    primary, secondary = (
        rects(browser, chat, ".lbp-f-button-primary")[0],
        rects(browser, chat, ".lbp-f-button-secondary")[0],
    )
    assert (
        primary["left"] < secondary["left"] and abs(primary["width"] - 2 * secondary["width"]) < 1.5
    )  # flex 2:1
    chips = rects(browser, chat, ".lbp-chip")
    assert len(chips) == 2 and all(c["top"] > max(b["bottom"] for b in bubbles) for c in chips)
    screenshot(chat, "flex-carousel")


def test_the_widgets_preview_button_draws_the_json(browser, live_server, django_user_model) -> None:  # noqa: F811
    """The JSON widget's button posts the textarea (with the CSRF token) and shows the drawn chat below it."""
    import json

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

    django_user_model.objects.create_superuser("admin", "admin@example.com", "pw-for-test")
    page = "/admin/linebot/outgoingmessage/preview/"
    browser.get(f"{live_server.url}/admin/login/?next={page}")
    browser.find_element(By.NAME, "username").send_keys("admin")
    browser.find_element(By.NAME, "password").send_keys("pw-for-test")
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    wait = WebDriverWait(browser, timeout=30, poll_frequency=0.1)
    wait.until(expected_conditions.url_contains(page))
    source = wait.until(expected_conditions.presence_of_element_located((By.ID, "id_messages")))
    browser.execute_script(
        "arguments[0].value = arguments[1]",
        source,
        json.dumps([BUTTONS, {"type": "text", "text": "<b>x</b>"}]),
    )
    browser.find_element(By.CLASS_NAME, "lbp-preview-button").click()
    output = browser.find_element(By.ID, "id_messages_preview")
    wait.until(lambda _: len(output.find_elements(By.CLASS_NAME, "lbp-row")) == 2)
    assert [a.text for a in output.find_elements(By.CLASS_NAME, "lbp-t-action")] == [
        "Buy",
        "Add to cart",
        "View detail",
    ]
    assert output.find_elements(By.CLASS_NAME, "lbp-bubble-text")[0].text == "<b>x</b>"  # text, not markup
    browser.execute_script("arguments[0].value = '{oops'", source)
    browser.find_element(By.CLASS_NAME, "lbp-preview-button").click()
    wait.until(lambda _: output.text.startswith("Not JSON"))
