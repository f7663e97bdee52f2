"""Menus linked by richmenuswitch actions form a group: the tabs and the clickable preview of the admin page."""

from __future__ import annotations

import re

import pytest

from django_linebot import richmenus
from django_linebot.models import RichMenu

from ..factories import ChannelFactory, RichMenuAliasFactory, RichMenuAreaFactory, RichMenuFactory

pytestmark = pytest.mark.django_db

URL = "/admin/linebot/richmenu/"


def switch_to(menu: RichMenu, alias_id: str, x: int = 1250) -> None:
    RichMenuAreaFactory(
        rich_menu=menu, x=x, action={"type": "richmenuswitch", "richMenuAliasId": alias_id, "data": alias_id}
    )


def make_menus(channel=None, names=("Shop", "News", "Help", "Alone")) -> dict[str, RichMenu]:
    kwargs = {"channel": channel} if channel is not None else {}
    menus = {name: RichMenuFactory(name=name, areas=1, **kwargs) for name in names}
    for name, menu in menus.items():
        RichMenuAliasFactory(rich_menu=menu, alias_id=f"{name.lower()}-{menu.channel_id}")
    return menus


def alias(menu: RichMenu) -> str:
    return menu.aliases.get().alias_id


def test_the_group_is_the_connected_component_in_three_queries(django_assert_num_queries) -> None:
    menus = make_menus()
    shop, news, help_, alone = (menus[n] for n in ("Shop", "News", "Help", "Alone"))
    switch_to(shop, alias(news))
    switch_to(news, alias(shop))
    switch_to(help_, alias(news))  # one way only: Help still belongs (links are followed both ways)
    switch_to(alone, "nowhere")  # an alias no menu has
    other = make_menus(ChannelFactory(), names=("Elsewhere",))["Elsewhere"]
    switch_to(other, alias(shop))  # another channel's area naming the same alias: not in the group
    for count in (2, 40):  # the same three queries, however many menus the channel holds
        for i in range(count - 2):
            RichMenuFactory(name=f"Filler {count}-{i}", areas=0)
        with django_assert_num_queries(3):
            group = richmenus.switch_group(shop)
        assert [m.name for m in group.menus] == ["Help", "News", "Shop"]
        assert group.targets == {alias(news): news}
    assert [m.name for m in richmenus.switch_group(help_).menus] == ["Help", "News", "Shop"]
    assert richmenus.switch_group(help_).targets == {alias(news): news}
    lonely = richmenus.switch_group(alone)
    assert lonely.menus == [alone] and lonely.targets == {"nowhere": None}
    assert richmenus.switch_group(other).menus == [other]
    assert richmenus.switch_group(other).targets == {alias(shop): None}


def test_change_page_shows_the_tabs_and_switch_areas_as_links(admin_client) -> None:
    menus = make_menus(names=("Shop", "News"))
    shop, news = menus["Shop"], menus["News"]
    switch_to(shop, alias(news))
    switch_to(news, alias(shop))
    RichMenuAreaFactory(
        rich_menu=news, x=0, width=100, action={"type": "richmenuswitch", "richMenuAliasId": "gone"}
    )
    html = admin_client.get(f"{URL}{shop.pk}/change/").content.decode()
    tabs = re.search(r'<nav id="linebot-richmenu-tabs".*?</nav>', html, re.S).group(0)
    assert re.findall(r'<a href="([^"]+)" class="linebot-tab( current)?"', tabs) == [
        (f"{URL}{news.pk}/change/", ""),
        (f"{URL}{shop.pk}/change/", " current"),
    ]
    assert 'aria-current="page">Shop</a>' in tabs
    link = re.search(r'<a class="linebot-area linebot-switch"[^>]*>', html).group(0)
    assert f'href="{URL}{news.pk}/change/"' in link and f'data-alias="{alias(news)}"' in link
    assert html.count('class="linebot-area"') == 1  # the other area, a postback, is not a link

    html = admin_client.get(f"{URL}{news.pk}/change/").content.decode()
    assert re.search(r'class="linebot-tab current" aria-current="page">News</a>', html)
    missing = re.search(r'<div class="linebot-area linebot-switch-missing".*?</div>', html, re.S).group(0)
    assert 'data-alias="gone"' in missing and "no menu has this alias" in missing and "href" not in missing


def test_a_menu_nothing_links_has_no_tabs(admin_client) -> None:
    menu = RichMenuFactory()
    html = admin_client.get(f"{URL}{menu.pk}/change/").content.decode()
    assert 'id="linebot-richmenu-tabs"' not in html and "linebot-switch" not in html


def test_the_tabs_follow_the_permissions() -> None:
    """No permission: no page; view only: the tabs and the links (to pages the viewer may see)."""
    from django.test import Client

    from ..helpers import user_with

    menus = make_menus(names=("Shop", "News"))
    switch_to(menus["Shop"], alias(menus["News"]))
    page = f"{URL}{menus['Shop'].pk}/change/"
    for perms, status in (([], 403), (["linebot.view_richmenu"], 200), (["linebot.change_richmenu"], 200)):
        client = Client()
        client.force_login(user_with(f"user-{status}-{perms[-1:]}", perms, staff=True))
        res = client.get(page)
        assert res.status_code == status
        html = res.content.decode()
        assert ('id="linebot-richmenu-tabs"' in html) == (status == 200)
        assert (f'href="{URL}{menus["News"].pk}/change/"' in html) == (status == 200)
