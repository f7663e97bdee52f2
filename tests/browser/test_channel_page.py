"""The channel change page in headless Chromium: the webhook URL's copy button works with no external JS."""

from __future__ import annotations

import pytest

from ..factories import ChannelFactory
from .support import CHROMEDRIVER, CHROMIUM

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="needs Debian's chromium and chromium-driver"),
]


def test_copy_button_copies_the_webhook_url(browser, live_server, django_user_model) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

    django_user_model.objects.create_superuser("admin", "admin@example.com", "pw-for-test")
    channel = ChannelFactory(slug="shop")
    page = f"/admin/linebot/channel/{channel.pk}/change/"
    browser.get(f"{live_server.url}/admin/login/?next={page}")
    browser.find_element(By.NAME, "username").send_keys("admin")
    browser.find_element(By.NAME, "password").send_keys("pw-for-test")
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    wait = WebDriverWait(browser, timeout=30, poll_frequency=0.1)
    code = wait.until(expected_conditions.presence_of_element_located((By.ID, "linebot-webhook-url")))
    assert code.text == live_server.url.replace("http://", "https://") + "/line/webhook/shop/"
    assert not browser.find_elements(By.CSS_SELECTOR, "script[src*='clipboard']")
    button = browser.find_element(By.ID, "linebot-webhook-url-copy")
    button.click()
    wait.until(lambda _: button.text != "Copy")
    assert button.text == "Copied"
