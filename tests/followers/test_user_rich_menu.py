"""The rich menu each LINE user sees, in the users' list and on a user's page: the menu linked to the
user, else the channel's default menu marked "(default)"; a link to the menu for who may view menus;
the list's query count independent of the number of users."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ..factories import ChannelFactory, LineUserFactory, RichMenuFactory, RichMenuUserLinkFactory
from ..helpers import user_with

pytestmark = pytest.mark.django_db

USERS = "/admin/linebot/lineuser/"


def client_of(username: str, perms: list[str]) -> Client:
    client = Client()
    client.force_login(user_with(username, perms, staff=True))
    return client


def cell(html: str, user_id: str) -> str:
    """The "rich menu" cell of the user's row in the list."""
    row = next(r for r in html.split("<tr") if user_id in r)
    match = re.search(r'<td class="field-rich_menu">(.*?)</td>', row, re.S)
    assert match, row
    return match.group(1)


def test_the_linked_menu_else_the_default_one(admin_client, linebot_settings) -> None:
    default = RichMenuFactory(name="Welcome", is_default=True)
    vip_menu = RichMenuFactory(name="<VIP>")
    vip, plain = LineUserFactory(), LineUserFactory()
    RichMenuUserLinkFactory(rich_menu=vip_menu, user_id=vip.user_id)
    other = ChannelFactory(name="Shop")
    stranger = LineUserFactory(channel=other)  # no link, and Shop has no default menu
    RichMenuUserLinkFactory(
        rich_menu=RichMenuFactory(channel=other), user_id=plain.user_id
    )  # Shop's, not ours
    html = admin_client.get(USERS).content.decode()
    assert (
        cell(html, vip.user_id) == f'<a href="/admin/linebot/richmenu/{vip_menu.pk}/change/">&lt;VIP&gt;</a>'
    )
    assert (
        cell(html, plain.user_id)
        == f'<a href="/admin/linebot/richmenu/{default.pk}/change/">Welcome (default)</a>'
    )
    assert cell(html, stranger.user_id) == "-"
    page = admin_client.get(f"{USERS}{plain.pk}/change/").content.decode()
    assert "Welcome (default)" in page and f"/admin/linebot/richmenu/{default.pk}/change/" in page


def test_the_menu_links_only_for_who_may_view_menus(linebot_settings) -> None:
    menu = RichMenuFactory(name="Welcome", is_default=True)
    user = LineUserFactory()
    nobody = client_of("nobody", [])
    users_only = client_of("users", ["linebot.view_lineuser"])
    menus_too = client_of("menus", ["linebot.view_lineuser", "linebot.view_richmenu"])
    assert nobody.get(USERS).status_code == 403
    assert nobody.get(f"{USERS}{user.pk}/change/").status_code == 403
    assert cell(users_only.get(USERS).content.decode(), user.user_id) == "Welcome (default)"
    page = users_only.get(f"{USERS}{user.pk}/change/").content.decode()
    assert "Welcome (default)" in page and "/admin/linebot/richmenu/" not in page
    link = f'<a href="/admin/linebot/richmenu/{menu.pk}/change/">Welcome (default)</a>'
    assert cell(menus_too.get(USERS).content.decode(), user.user_id) == link
    assert link in menus_too.get(f"{USERS}{user.pk}/change/").content.decode()


def list_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(USERS).status_code == 200
    return len(queries.captured_queries)


def test_the_list_makes_no_query_per_user(admin_client, linebot_settings) -> None:
    RichMenuFactory(name="Welcome", is_default=True)
    menu = RichMenuFactory(name="VIP")

    def add_users(count: int) -> None:
        for i in range(count):
            user = LineUserFactory()
            if i % 2:
                RichMenuUserLinkFactory(rich_menu=menu, user_id=user.user_id)

    add_users(2)
    few = list_queries(admin_client)
    add_users(12)
    many = list_queries(admin_client)
    html = admin_client.get(USERS).content.decode()
    assert html.count("Welcome (default)") == 7 and html.count(">VIP</a>") == 7
    assert few == many
