"""What a rich menu's change page shows of it: the image with its tappable areas, and the tab strip of
the menus its ``richmenuswitch`` areas link (:func:`django_linebot.richmenus.switch_group`).

A switch area is a link to the change page of the menu its alias points at, as a user's phone switches
the menu; an alias no menu of the channel has is drawn dashed red and says so.
"""

from __future__ import annotations

import base64

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from ..models import RichMenu
from ..richmenus import SwitchGroup

__all__ = ["render_preview", "render_tabs"]

_AREA_STYLE = (
    "position:absolute;left:{}%;top:{}%;width:{}%;height:{}%;box-sizing:border-box;display:flex;"
    "align-items:center;justify-content:center;overflow:hidden;text-decoration:none;"
)
_GREEN = "border:3px solid #06c755;background:rgba(6,199,85,.25);"
_MISSING = "border:3px dashed #d32f2f;background:rgba(211,47,47,.18);"
_LABEL = (
    '<span style="background:#fff;color:#111;font:600 13px sans-serif;padding:2px 6px;border-radius:4px;'
    'max-width:95%;overflow:hidden;text-overflow:ellipsis;white-space:nowrap">{}. {}</span>'
)


def change_url(menu: RichMenu) -> str:
    """The admin change page of ``menu``."""
    return reverse("admin:linebot_richmenu_change", args=[menu.pk])


def render_preview(menu: RichMenu, group: SwitchGroup | None = None) -> str:
    """The image with every tappable area drawn over it and labelled with its action; with ``group``,
    each switch area links to the page of the menu its alias points at."""
    if not menu.image or not menu.width or not menu.height:
        return "Upload an image and save to see the menu."
    try:
        content_type, data = menu.read_image()
    except (OSError, ValidationError):
        return "The image file cannot be read."
    src = f"data:{content_type};base64,{base64.b64encode(data).decode()}"
    targets = group.targets if group is not None else {}
    parts = []
    for i, area in enumerate(menu.areas.all(), 1):
        box = tuple(
            round(100 * value / total, 3)
            for value, total in (
                (area.x, menu.width),
                (area.y, menu.height),
                (area.width, menu.width),
                (area.height, menu.height),
            )
        )
        kind = area.action.get("type", "")
        alias_id = str(area.action.get("richMenuAliasId", ""))
        if kind == "richmenuswitch" and group is not None and targets.get(alias_id) is not None:
            target = targets[alias_id]
            assert target is not None
            parts.append(
                format_html(
                    '<a class="linebot-area linebot-switch" data-action="{}" data-alias="{}" href="{}" '
                    'title="{}: opens {}" style="' + _AREA_STYLE + _GREEN + '">' + _LABEL + "</a>",
                    kind,
                    alias_id,
                    change_url(target),
                    area.label,
                    target.name,
                    *box,
                    i,
                    area.label,
                )
            )
        elif kind == "richmenuswitch" and group is not None:
            parts.append(
                format_html(
                    '<div class="linebot-area linebot-switch-missing" data-action="{}" data-alias="{}" '
                    'title="No menu of this channel has the alias {}: a tap here fails on LINE." '
                    'style="' + _AREA_STYLE + _MISSING + '">' + _LABEL + "</div>",
                    kind,
                    alias_id,
                    alias_id,
                    *box,
                    i,
                    f"{area.label} (no menu has this alias)",
                )
            )
        else:
            parts.append(
                format_html(
                    '<div class="linebot-area" data-action="{}" title="{}" style="'
                    + _AREA_STYLE
                    + _GREEN
                    + '">'
                    + _LABEL
                    + "</div>",
                    kind,
                    area.label,
                    *box,
                    i,
                    area.label,
                )
            )
    return format_html(
        '<div id="linebot-richmenu-preview" style="position:relative;max-width:800px;width:100%;'
        'line-height:0;border:1px solid #ccc">'
        '<img src="{}" alt="rich menu image" style="width:100%;height:auto;display:block">{}</div>'
        '<p style="margin-top:6px">{} x {} px, {} area(s). What users tap is drawn in green{}.</p>',
        src,
        SafeString("".join(parts)),
        menu.width,
        menu.height,
        len(parts),
        "; a switch area opens the menu it switches to" if targets else "",
    )


def render_tabs(group: SwitchGroup) -> str:
    """The group's menus as a tab strip, the current one marked; empty for a menu nothing links."""
    if not group.menus[1:]:  # alone: nothing to switch to
        return ""
    return format_html(
        '<nav id="linebot-richmenu-tabs" aria-label="menus linked by switch actions">'
        '<span class="linebot-tabs-title">Switches between:</span>{}</nav>',
        format_html_join(
            "",
            '<a href="{}" class="linebot-tab{}"{}>{}</a>',
            (
                (
                    change_url(m),
                    " current" if m.pk == group.menu.pk else "",
                    SafeString(' aria-current="page"') if m.pk == group.menu.pk else "",
                    m.name,
                )
                for m in group.menus
            ),
        ),
    )
