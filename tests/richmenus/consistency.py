"""What LINE holds (as the fake platform has it) against what the database says."""

from __future__ import annotations

from typing import Any

from django_linebot.models import RichMenu, RichMenuAlias, RichMenuUserLink


def assert_line_agrees(fake: Any, orphans: frozenset[str] = frozenset()) -> None:
    """Every published menu, alias, default and one-by-one link of the database is on LINE, and LINE has
    no menu, alias or link the database does not know, but the ``orphans`` named."""
    published = {m.line_rich_menu_id: m for m in RichMenu.objects.filter(status=RichMenu.Status.PUBLISHED)}
    assert set(fake.rich_menus) - orphans == set(published), (set(fake.rich_menus), set(published))
    aliases = {
        a.alias_id: a.rich_menu.line_rich_menu_id
        for a in RichMenuAlias.objects.select_related("rich_menu")
        if a.rich_menu.status == RichMenu.Status.PUBLISHED
    }
    assert fake.aliases == aliases
    default = RichMenu.objects.filter(is_default=True).first()
    assert fake.default_rich_menu == (default.line_rich_menu_id if default else None)
    links = {
        link.user_id: link.rich_menu.line_rich_menu_id
        for link in RichMenuUserLink.objects.select_related("rich_menu")
    }
    assert fake.user_rich_menus == links


def request_ids(fake: Any, method: str, path_start: str) -> list[str]:
    """The request ids LINE gave the requests ``method path_start...``."""
    return [r.request_id for r in fake.requests if r.method == method and r.path.startswith(path_start)]
