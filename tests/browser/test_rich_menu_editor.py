"""The rich menu editor in headless Chromium: drawing an area by dragging fills the area's numbers."""

from __future__ import annotations

import os

import pytest

from django_linebot.models import RichMenu

from ..factories import RichMenuFactory
from .test_rich_menu_page import CHROMEDRIVER, CHROMIUM, browser, menu_image  # noqa: F401

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="needs Debian's chromium and chromium-driver"),
]


def test_drag_draws_an_area_and_moves_it(browser, live_server, django_user_model) -> None:  # noqa: F811
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

    django_user_model.objects.create_superuser("admin", "admin@example.com", "pw-for-test")
    menu = RichMenuFactory(name="Main menu", chat_bar_text="Open menu", image=menu_image(), areas=0)
    page = f"/admin/linebot/richmenu/{menu.pk}/change/"
    browser.get(f"{live_server.url}/admin/login/?next={page}")
    browser.find_element(By.NAME, "username").send_keys("admin")
    browser.find_element(By.NAME, "password").send_keys("pw-for-test")
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    wait = WebDriverWait(browser, timeout=30, poll_frequency=0.1)
    wait.until(expected_conditions.url_contains(page))
    stage = wait.until(expected_conditions.presence_of_element_located((By.ID, "linebot-richmenu-editor")))
    img = stage.find_element(By.TAG_NAME, "img")
    wait.until(lambda _: browser.execute_script("return arguments[0].naturalWidth", img) == 2500)
    browser.execute_script("arguments[0].scrollIntoView()", stage)
    w, h = stage.rect["width"], stage.rect["height"]
    # drag from the left edge (snaps to 0) at mid height to a third of the width and the bottom
    ActionChains(browser).move_to_element_with_offset(
        stage, int(-w / 2 + 3), 0
    ).click_and_hold().move_by_offset(int(w / 3), int(h / 2 - 3)).release().perform()
    values = [
        browser.find_element(By.NAME, f"areas-0-{k}").get_attribute("value")
        for k in ("x", "y", "width", "height")
    ]
    x, y, width, height = (int(v) for v in values)
    assert x == 0 and y + height == 843, values  # snapped to the image's left and bottom edges
    assert 700 < width < 950 and 300 < height < 500, values
    assert [a.text for a in stage.find_elements(By.CLASS_NAME, "linebot-edit-area")] == ["1."]
    target = os.environ.get("LINEBOT_EDITOR_SCREENSHOT_TO")  # docs/richmenu-editor.png is made this way
    if target:
        browser.execute_script("window.scrollBy(0, -120)")
        assert browser.save_screenshot(target)
    # typing a number redraws the area
    field = browser.find_element(By.NAME, "areas-0-x")
    field.clear()
    field.send_keys("100")
    wait.until(
        lambda _: (
            abs(
                stage.find_element(By.CLASS_NAME, "linebot-edit-area").rect["x"]
                - stage.rect["x"]
                - 100 * w / 2500
            )
            < 4
        )
    )
    action = browser.find_element(By.NAME, "areas-0-action")
    action.clear()
    action.send_keys('{"type": "message", "text": "hi"}')
    browser.find_element(By.NAME, "_continue").click()
    wait.until(
        lambda _: "was changed successfully" in browser.page_source or "errornote" in browser.page_source
    )
    assert "errornote" not in browser.page_source, [
        e.text for e in browser.find_elements(By.CLASS_NAME, "errorlist")
    ]
    saved = RichMenu.objects.get().areas.get()
    assert (saved.x, saved.y + saved.height, saved.width) == (100, 843, width)
