"""The rich menu editor in headless Chromium: drawing areas, the action forms, the template buttons,
and the whole way from an empty database to a published default menu, clicks and keys counted."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from django_linebot.models import RichMenu

from ..factories import RichMenuFactory
from .support import CHROMEDRIVER, CHROMIUM, menu_image

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="needs Debian's chromium and chromium-driver"),
]

#: Where the README's screenshot is written when LINEBOT_SCREENSHOTS=1.
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "richmenu-editor.png"


def log_in(driver, live_server, django_user_model, page: str):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.wait import WebDriverWait

    django_user_model.objects.create_superuser("admin", "admin@example.com", "pw-for-test")
    driver.get(f"{live_server.url}/admin/login/?next={page}")
    driver.find_element(By.NAME, "username").send_keys("admin")
    driver.find_element(By.NAME, "password").send_keys("pw-for-test")
    driver.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    wait = WebDriverWait(driver, timeout=30, poll_frequency=0.1)
    wait.until(lambda _: "/login/" not in driver.current_url and page in driver.current_url)
    return wait


def errors(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".errornote, .errorlist")]


def test_drag_draws_an_area_and_moves_it(browser, live_server, django_user_model) -> None:  # noqa: F811
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions

    menu = RichMenuFactory(name="Main menu", chat_bar_text="Open menu", image=menu_image(), areas=0)
    page = f"/admin/linebot/richmenu/{menu.pk}/change/"
    wait = log_in(browser, live_server, django_user_model, page)
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
    assert [a.text for a in stage.find_elements(By.CLASS_NAME, "linebot-edit-area")] == ["1. message"]
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
    # the new row is a blank message form: typing its text labels the drawing
    browser.find_element(By.NAME, "areas-0-action__text").send_keys("hi")
    wait.until(lambda _: stage.find_element(By.CLASS_NAME, "linebot-edit-area").text == "1. hi")
    browser.find_element(By.NAME, "_continue").click()
    wait.until(lambda _: "was changed successfully" in browser.page_source or errors(browser))
    assert not errors(browser), errors(browser)
    saved = RichMenu.objects.get().areas.get()
    assert (saved.x, saved.y + saved.height, saved.width) == (100, 843, width)
    assert saved.action == {"type": "message", "text": "hi"}


def test_the_type_select_shows_only_its_fields_and_the_raw_json_follows(
    browser,  # noqa: F811
    live_server,
    django_user_model,
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.select import Select

    menu = RichMenuFactory(image=menu_image(), areas=1)  # a postback area
    wait = log_in(browser, live_server, django_user_model, f"/admin/linebot/richmenu/{menu.pk}/change/")
    wait.until(expected_conditions.presence_of_element_located((By.ID, "linebot-richmenu-editor")))

    def shown() -> list[str]:
        return [
            el.get_attribute("name").rsplit("__", 1)[1]
            for el in browser.find_elements(By.CSS_SELECTOR, "[name^='areas-0-action__']")
            if el.is_displayed()
        ]

    assert shown() == ["type", "data", "displayText", "inputOption", "fillInText", "label"]
    Select(browser.find_element(By.NAME, "areas-0-action__type")).select_by_value("uri")
    assert shown() == ["type", "uri", "altUri.desktop", "label"]
    browser.find_element(By.NAME, "areas-0-action__uri").send_keys("https://example.com")
    raw = browser.find_element(By.NAME, "areas-0-action")
    assert raw.get_attribute("value") == '{"type":"uri","uri":"https://example.com"}'
    # the templates: large ones only, for this 2500 x 843 image the compact ones
    labels = [b.text for b in browser.find_elements(By.CSS_SELECTOR, "#linebot-richmenu-templates button")]
    assert labels and all(label.startswith("Compact") for label in labels), labels
    browser.find_element(By.CSS_SELECTOR, "button[data-layout='compact-3']").click()
    boxes = [
        [int(browser.find_element(By.NAME, f"areas-{i}-{k}").get_attribute("value")) for k in ("x", "width")]
        for i in range(1, 4)
    ]
    assert boxes == [[0, 833], [833, 834], [1667, 833]]
    assert browser.find_element(By.NAME, "areas-0-DELETE").is_selected()  # the saved area goes
    # the chat bar text is not cut at 14 by the browser: the server says "at most 14"
    chat_bar = browser.find_element(By.ID, "id_chat_bar_text")
    chat_bar.clear()
    chat_bar.send_keys("x" * 15)
    assert chat_bar.get_attribute("value") == "x" * 15
    browser.find_element(By.NAME, "_continue").click()
    wait.until(lambda _: errors(browser))
    assert any("at most 14" in e for e in errors(browser)), errors(browser)


class Operator:
    """The operator's hands: every click and keystroke made through it is counted."""

    def __init__(self, driver) -> None:
        self.browser = driver
        self.clicks = 0
        self.keys = 0

    def click(self, element) -> None:
        self.clicks += 1
        element.click()

    def type(self, element, text: str) -> None:
        """Click into a field and type ``text``."""
        self.click(element)
        self.keys += len(text)
        element.send_keys(text)

    def tab_and_type(self, element, text: str) -> None:
        """Tab into the next field and type ``text``."""
        from selenium.webdriver.common.keys import Keys

        self.keys += 1 + len(text)
        self.browser.switch_to.active_element.send_keys(Keys.TAB)
        assert self.browser.switch_to.active_element == element
        element.send_keys(text)

    def choose(self, select_element, value: str) -> None:
        """Open a select and pick an option: two clicks."""
        from selenium.webdriver.support.select import Select

        self.clicks += 2
        Select(select_element).select_by_value(value)

    def upload(self, file_input, path: Path) -> None:
        """Choose a file: the button, then a double-click on the file in the dialog (three clicks)."""
        self.clicks += 3
        file_input.send_keys(str(path))

    def drag(self, element, start: tuple[int, int], end: tuple[int, int]) -> None:
        """Press at ``start`` (offsets from the element's centre), move to ``end``, release: one click."""
        from selenium.webdriver.common.action_chains import ActionChains

        self.clicks += 1
        ActionChains(self.browser).move_to_element_with_offset(
            element, *start
        ).click_and_hold().move_by_offset(end[0] - start[0], end[1] - start[1]).release().perform()


def large_menu_png(path: Path) -> Path:
    img = Image.new("RGB", (2500, 1686), (250, 250, 250))
    draw = ImageDraw.Draw(img)
    names = ["SHOP", "NEWS", "HELP", "COUPONS", "MAP", "CALL"]
    colours = [
        (255, 183, 77),
        (129, 199, 132),
        (100, 181, 246),
        (240, 98, 146),
        (255, 241, 118),
        (149, 117, 205),
    ]
    xs, ys = [0, 833, 1667, 2500], [0, 843, 1686]
    for i, (name, colour) in enumerate(zip(names, colours, strict=True)):
        col, row = i % 3, i // 3
        draw.rectangle([xs[col] + 16, ys[row] + 16, xs[col + 1] - 16, ys[row + 1] - 16], fill=colour)
        draw.text((xs[col] + 260, ys[row] + 360), name, fill=(30, 30, 30), font_size=120)
    img.save(path, "PNG")
    return path


def test_from_an_empty_database_to_the_default_menu(
    browser,  # noqa: F811
    live_server,
    django_user_model,
    linebot_settings,
    line_platform,
    tmp_path,
) -> None:
    """Log in, add a 3x2 menu (template, one area deleted and drawn again by dragging, six actions
    typed in their forms, no JSON), save, publish, set as default; what the fake LINE platform got is
    checked, and the operator's clicks and keys are counted (the README shows them)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions

    png = large_menu_png(tmp_path / "menu.png")
    wait = log_in(browser, live_server, django_user_model, "/admin/")
    assert not RichMenu.objects.exists()
    op = Operator(browser)
    add = wait.until(
        expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, "a.addlink[href$='/richmenu/add/']"))
    )
    op.click(add)
    wait.until(expected_conditions.presence_of_element_located((By.ID, "linebot-richmenu-editor")))
    # the channel of the settings is chosen already
    op.type(browser.find_element(By.ID, "id_name"), "Main menu")
    op.tab_and_type(browser.find_element(By.ID, "id_chat_bar_text"), "Menu")
    op.upload(browser.find_element(By.ID, "id_image"), png)
    stage = browser.find_element(By.ID, "linebot-richmenu-editor")
    img = stage.find_element(By.TAG_NAME, "img")
    wait.until(lambda _: browser.execute_script("return arguments[0].naturalWidth", img) == 2500)
    # only the large templates fit a 2500 x 1686 image
    template = wait.until(
        expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, "button[data-layout='large-3x2']"))
    )
    assert not browser.find_elements(By.CSS_SELECTOR, "button[data-layout^='compact']")
    op.click(template)
    wait.until(lambda _: len(stage.find_elements(By.CLASS_NAME, "linebot-edit-area")) == 6)
    # delete the 6th area, then draw it again by dragging across its cell
    op.click(browser.find_elements(By.CSS_SELECTOR, "#areas-group tr.dynamic-areas .inline-deletelink")[-1])
    wait.until(lambda _: len(stage.find_elements(By.CLASS_NAME, "linebot-edit-area")) == 5)
    browser.execute_script("arguments[0].scrollIntoView()", stage)
    w, h = stage.rect["width"], stage.rect["height"]
    # from the image's bottom right corner up to the free cell's top left: both ends snap to the edges
    op.drag(stage, (int(w / 2) - 2, int(h / 2) - 2), (int(w * (1667 / 2500 - 0.5)) + 3, 3))
    wait.until(lambda _: len(stage.find_elements(By.CLASS_NAME, "linebot-edit-area")) == 6)
    drawn = [
        int(browser.find_element(By.NAME, f"areas-5-{k}").get_attribute("value"))
        for k in ("x", "y", "width", "height")
    ]
    assert drawn == [1667, 843, 833, 843], drawn

    # six actions: five messages and a postback, typed in their forms
    texts = ["Shop", "News", "Help", None, "Map", "Call us"]
    for i, text in enumerate(texts):
        if text is None:
            op.choose(browser.find_element(By.NAME, f"areas-{i}-action__type"), "postback")
            op.type(browser.find_element(By.NAME, f"areas-{i}-action__data"), "coupons")
        else:
            op.type(browser.find_element(By.NAME, f"areas-{i}-action__text"), text)
    labels = [a.text for a in stage.find_elements(By.CLASS_NAME, "linebot-edit-area")]
    assert labels == ["1. Shop", "2. News", "3. Help", "4. coupons", "5. Map", "6. Call us"]
    if os.environ.get("LINEBOT_SCREENSHOTS") == "1":
        browser.execute_script("document.getElementById('linebot-richmenu-templates').scrollIntoView()")
        browser.execute_script("window.scrollBy(0, -60)")
        assert browser.save_screenshot(str(SCREENSHOT))

    op.click(browser.find_element(By.NAME, "_continue"))
    wait.until(lambda _: "was added successfully" in browser.page_source or errors(browser))
    assert not errors(browser), errors(browser)
    menu = RichMenu.objects.get()
    op.click(browser.find_element(By.CSS_SELECTOR, "button[name=linebot_button][value=publish]"))
    wait.until(lambda _: "published as" in browser.page_source or errors(browser))
    if not browser.find_elements(By.CSS_SELECTOR, "button[name=linebot_button][value=set_default]"):
        op.click(browser.find_element(By.LINK_TEXT, "Main menu"))  # back on the list: open the menu
    op.click(
        wait.until(
            expected_conditions.element_to_be_clickable(
                (By.CSS_SELECTOR, "button[name=linebot_button][value=set_default]")
            )
        )
    )
    wait.until(lambda _: "now the default menu" in browser.page_source or errors(browser))
    menu.refresh_from_db()

    sent = [(r.method, r.path) for r in line_platform.requests]
    assert sent == [
        ("POST", "/v2/bot/richmenu"),
        ("POST", f"/v2/bot/richmenu/{menu.line_rich_menu_id}/content"),
        ("POST", f"/v2/bot/user/all/richmenu/{menu.line_rich_menu_id}"),
    ]
    body = line_platform.requests[0].json
    assert body["name"] == "Main menu" and body["chatBarText"] == "Menu"
    assert body["size"] == {"width": 2500, "height": 1686}
    assert [a["bounds"] for a in body["areas"]] == [
        {"x": x, "y": y, "width": w, "height": 843}
        for y in (0, 843)
        for x, w in ((0, 833), (833, 834), (1667, 833))
    ]
    assert [a["action"] for a in body["areas"]] == [
        {"type": "message", "text": "Shop"},
        {"type": "message", "text": "News"},
        {"type": "message", "text": "Help"},
        {"type": "postback", "data": "coupons"},
        {"type": "message", "text": "Map"},
        {"type": "message", "text": "Call us"},
    ]
    content_type, data = line_platform.rich_menu_images[menu.line_rich_menu_id]
    assert content_type == "image/png" and Image.open(io.BytesIO(data)).size == (2500, 1686)
    assert line_platform.default_rich_menu == menu.line_rich_menu_id

    print(
        f"\nrich menu editor, 3x2 menu from the admin's index to the default: {op.clicks} clicks, {op.keys} keystrokes"
    )
    assert op.clicks < 25 and op.keys < 60, (op.clicks, op.keys)
