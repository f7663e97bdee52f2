"""Menus linked by switch actions in a real browser: a tap on a switch area in the preview opens the other menu."""

from __future__ import annotations

import pytest

from ..factories import RichMenuAliasFactory, RichMenuAreaFactory, RichMenuFactory
from .support import CHROMEDRIVER, CHROMIUM

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (CHROMIUM and CHROMEDRIVER),
        reason="needs Debian's chromium and chromium-driver (scripts/test.sh installs them with apt-get)",
    ),
]


def test_clicking_a_switch_area_opens_the_other_menu_with_its_tab_marked(
    browser,  # noqa: F811
    live_server,
    django_user_model,
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

    django_user_model.objects.create_superuser("admin", "admin@example.com", "pw-for-test")
    shop = RichMenuFactory(name="Shop", areas=1)
    news = RichMenuFactory(name="News", areas=1)
    RichMenuAliasFactory(rich_menu=shop, alias_id="tab-shop")
    RichMenuAliasFactory(rich_menu=news, alias_id="tab-news")
    for menu, target in ((shop, "tab-news"), (news, "tab-shop")):
        RichMenuAreaFactory(
            rich_menu=menu,
            x=1250,
            action={"type": "richmenuswitch", "richMenuAliasId": target, "data": target},
        )

    shop_page = f"/admin/linebot/richmenu/{shop.pk}/change/"
    news_page = f"/admin/linebot/richmenu/{news.pk}/change/"
    browser.get(f"{live_server.url}/admin/login/?next={shop_page}")
    browser.find_element(By.NAME, "username").send_keys("admin")
    browser.find_element(By.NAME, "password").send_keys("pw-for-test")
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    wait = WebDriverWait(browser, timeout=30, poll_frequency=0.1)
    wait.until(expected_conditions.url_contains(shop_page))

    def current_tab() -> str:
        tabs = wait.until(expected_conditions.presence_of_element_located((By.ID, "linebot-richmenu-tabs")))
        return tabs.find_element(By.CSS_SELECTOR, ".linebot-tab.current").text

    assert current_tab() == "Shop"
    tabs = browser.find_elements(By.CSS_SELECTOR, "#linebot-richmenu-tabs .linebot-tab")
    assert [t.text for t in tabs] == ["News", "Shop"]

    switch = wait.until(
        expected_conditions.presence_of_element_located(
            (By.CSS_SELECTOR, "#linebot-richmenu-preview .linebot-switch")
        )
    )
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", switch)
    wait.until(expected_conditions.element_to_be_clickable(switch))
    assert switch.text == "2. richmenuswitch: → tab-news"
    switch.click()  # as a user's phone switches the menu
    wait.until(expected_conditions.url_contains(news_page))
    assert current_tab() == "News"

    # and back: News' switch area opens Shop
    back = browser.find_element(By.CSS_SELECTOR, "#linebot-richmenu-preview .linebot-switch")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", back)
    wait.until(expected_conditions.element_to_be_clickable(back))
    back.click()
    wait.until(expected_conditions.url_contains(shop_page))
    assert current_tab() == "Shop"
