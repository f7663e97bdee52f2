"""The rich menu admin page in a real browser (Debian's headless Chromium): the areas are drawn over the image."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from ..factories import RichMenuAreaFactory, RichMenuFactory
from .support import CHROMEDRIVER, CHROMIUM, menu_image

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (CHROMIUM and CHROMEDRIVER),
        reason="needs Debian's chromium and chromium-driver (scripts/test.sh installs them with apt-get)",
    ),
]


def test_rich_menu_page_draws_areas(browser, live_server, django_user_model, tmp_path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

    django_user_model.objects.create_superuser("admin", "admin@example.com", "pw-for-test")
    menu = RichMenuFactory(name="Main menu", chat_bar_text="Open menu", image=menu_image(), areas=0)
    RichMenuAreaFactory(
        rich_menu=menu, x=0, width=833, action={"type": "uri", "uri": "https://shop.example.com/"}
    )
    RichMenuAreaFactory(rich_menu=menu, x=833, width=834, action={"type": "postback", "data": "news"})
    RichMenuAreaFactory(
        rich_menu=menu,
        x=1667,
        width=833,
        action={"type": "richmenuswitch", "richMenuAliasId": "help", "data": "help"},
    )

    change_page = f"/admin/linebot/richmenu/{menu.pk}/change/"
    browser.get(f"{live_server.url}/admin/login/?next={change_page}")
    browser.find_element(By.NAME, "username").send_keys("admin")
    browser.find_element(By.NAME, "password").send_keys("pw-for-test")
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    # The click only starts the login POST and its redirect: wait for the change page, its image and its areas.
    wait = WebDriverWait(browser, timeout=30, poll_frequency=0.1)
    wait.until(expected_conditions.url_contains(change_page))
    preview = wait.until(expected_conditions.presence_of_element_located((By.ID, "linebot-richmenu-preview")))
    image = preview.find_element(By.TAG_NAME, "img")
    wait.until(
        lambda _: browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image)
    )
    wait.until(lambda _: len(preview.find_elements(By.CLASS_NAME, "linebot-area")) == 3)
    areas = preview.find_elements(By.CLASS_NAME, "linebot-area")
    assert [a.text for a in areas] == [
        "1. uri: https://shop.example.com/",
        "2. postback: news",
        "3. richmenuswitch: → help (no menu has this alias)",  # no menu here has the alias "help"
    ]
    assert browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image) == 2500
    img_box = image.rect
    for area in areas:
        box = area.rect
        assert box["width"] > 50 and box["height"] > 50
        assert img_box["x"] - 1 <= box["x"] and box["x"] + box["width"] <= img_box["x"] + img_box["width"] + 1
    # the three areas tile the image side by side
    assert abs(sum(a.rect["width"] for a in areas) - img_box["width"]) < 3

    browser.execute_script("arguments[0].scrollIntoView(); window.scrollBy(0, -260)", preview)
    shot = tmp_path / "rich-menu-admin.png"
    assert browser.save_screenshot(str(shot))
    png = Image.open(shot).convert("RGB")
    assert png.size[0] >= 1000
    raw = png.tobytes()
    green = sum(1 for i in range(0, len(raw), 3) if raw[i + 1] > 150 and raw[i] < 120 and raw[i + 2] < 140)
    assert green > 500, "the green area borders are not on the screenshot"
    target = os.environ.get("LINEBOT_SCREENSHOT_TO")
    if target:
        Path(target).write_bytes(shot.read_bytes())
