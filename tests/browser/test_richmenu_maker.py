"""The image maker in a real browser (Debian's headless Chromium): make a menu, preview it, publish it."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from django_linebot.models import RichMenu

from .support import CHROMEDRIVER, CHROMIUM

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (CHROMIUM and CHROMEDRIVER),
        reason="needs Debian's chromium and chromium-driver (scripts/test.sh installs them with apt-get)",
    ),
]

MAKER = "/admin/linebot/richmenu/maker/"


def test_make_preview_and_publish_a_menu_with_the_maker(
    browser,  # noqa: F811
    live_server,
    django_user_model,
    linebot_settings,
    line_platform,
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.select import Select
    from selenium.webdriver.support.wait import WebDriverWait

    django_user_model.objects.create_superuser("admin", "admin@example.com", "pw-for-test")
    browser.get(f"{live_server.url}/admin/login/?next={MAKER}")
    browser.find_element(By.NAME, "username").send_keys("admin")
    browser.find_element(By.NAME, "password").send_keys("pw-for-test")
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    wait = WebDriverWait(browser, timeout=30, poll_frequency=0.1)
    wait.until(expected_conditions.presence_of_element_located((By.ID, "linebot-maker-form")))

    def visible_areas() -> list[str]:
        return [
            el.get_attribute("data-area")
            for el in browser.find_elements(By.CLASS_NAME, "linebot-maker-area")
            if el.is_displayed()
        ]

    # The large 3 x 2 layout is chosen at first: six areas; the compact one with three shows three.
    assert visible_areas() == ["1", "2", "3", "4", "5", "6"]
    Select(browser.find_element(By.ID, "id_layout")).select_by_value("compact-3")
    wait.until(lambda _: visible_areas() == ["1", "2", "3"])
    assert len(browser.find_elements(By.CSS_SELECTOR, "#linebot-layout-diagram div")) == 3

    browser.find_element(By.ID, "id_name").send_keys("Shop menu")
    browser.find_element(By.ID, "id_chat_bar_text").send_keys("Menu")
    areas = [
        ("Shop", "cart", "uri", "https://shop.example.com/"),
        ("Call us", "phone", "message", ""),
        ("Coupons", "ticket", "postback", "coupons"),
    ]
    for i, (label, icon, kind, value) in enumerate(areas):
        browser.find_element(By.ID, f"id_area-{i}-label").send_keys(label)
        Select(browser.find_element(By.ID, f"id_area-{i}-icon")).select_by_value(icon)
        Select(browser.find_element(By.ID, f"id_area-{i}-action_type")).select_by_value(kind)
        if value:
            browser.find_element(By.ID, f"id_area-{i}-action_value").send_keys(value)
    # the value field says what it wants for the action type chosen
    assert (
        browser.find_element(By.ID, "id_area-2-action_value").get_attribute("placeholder") == "postback data"
    )
    assert (
        browser.find_element(By.ID, "id_area-0-action_value").get_attribute("placeholder").startswith("URL")
    )
    # a colour picker is not typed into: set its value as the picker would
    browser.execute_script("document.getElementById('id_area-2-background').value = '#e53935'")

    browser.find_element(By.NAME, "preview").click()
    preview = wait.until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "#linebot-maker-preview img"))
    )
    wait.until(
        lambda _: browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth", preview)
    )
    assert browser.execute_script("return arguments[0].naturalWidth", preview) == 2500
    assert browser.execute_script("return arguments[0].naturalHeight", preview) == 843
    assert line_platform.requests == [] and not RichMenu.objects.exists()  # a preview sends and saves nothing
    assert browser.find_element(By.ID, "id_area-0-label").get_attribute("value") == "Shop"  # kept

    browser.find_element(By.ID, "id_publish").click()
    browser.find_element(By.ID, "id_make_default").click()
    browser.find_element(By.NAME, "create").click()
    wait.until(expected_conditions.url_matches(r"/admin/linebot/richmenu/\d+/change/$"))
    messages = browser.find_element(By.CLASS_NAME, "messagelist").text
    menu = RichMenu.objects.get()
    assert f"published as {menu.line_rich_menu_id}" in messages and "now the default menu" in messages

    # What the fake LINE platform received: the menu, its image, the default.
    sent = [(r.method, r.path) for r in line_platform.requests]
    assert sent == [
        ("POST", "/v2/bot/richmenu"),
        ("POST", f"/v2/bot/richmenu/{menu.line_rich_menu_id}/content"),
        ("POST", f"/v2/bot/user/all/richmenu/{menu.line_rich_menu_id}"),
    ]
    body = line_platform.requests[0].json
    assert body["name"] == "Shop menu" and body["chatBarText"] == "Menu"
    assert body["size"] == {"width": 2500, "height": 843}
    assert [a["bounds"] for a in body["areas"]] == [
        {"x": 0, "y": 0, "width": 833, "height": 843},
        {"x": 833, "y": 0, "width": 834, "height": 843},
        {"x": 1667, "y": 0, "width": 833, "height": 843},
    ]
    assert [a["action"] for a in body["areas"]] == [
        {"type": "uri", "uri": "https://shop.example.com/"},
        {"type": "message", "text": "Call us"},
        {"type": "postback", "data": "coupons"},
    ]
    content_type, png = line_platform.rich_menu_images[menu.line_rich_menu_id]
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert content_type == "image/png" and image.size == (2500, 843)
    assert image.getpixel((1680, 10)) == (0xE5, 0x39, 0x35)  # area 3's colour, as set in the page
    assert line_platform.default_rich_menu == menu.line_rich_menu_id
    # and the row says what LINE holds: published, the default, nothing edited since
    assert line_platform.rich_menus[menu.line_rich_menu_id]["areas"] == body["areas"]
    assert menu.status == RichMenu.Status.PUBLISHED and menu.is_default and not menu.edited_since_publish
    assert [(a.x, a.width) for a in menu.areas.all()] == [(0, 833), (833, 834), (1667, 833)]
