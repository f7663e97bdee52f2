"""Flex bubbles and carousels as HTML laid out with CSS flexbox, the way LINE lays them out.

Boxes become flex containers (``horizontal`` and ``baseline`` a row, ``vertical`` a column); a child's
``flex`` is its grow ratio with a zero basis, so ``flex: 1`` and ``flex: 2`` take one and two thirds of a
row; ``spacing`` and ``margin`` are the gap before a child; the sizes are LINE's keywords in pixels
(see :mod:`.values`). Unknown or malformed parts render as a labelled raw block, never an exception.
"""

from __future__ import annotations

from typing import Any

from .values import (
    BORDER_WIDTH,
    BUBBLE_WIDTH,
    CORNER_RADIUS,
    IMAGE_SIZE,
    SPACING,
    TEXT_SIZE,
    angle,
    as_dict,
    as_list,
    aspect_ratio,
    color,
    esc,
    length,
    number,
    raw_block,
    style,
    text,
)

__all__ = ["render_flex"]

#: Deeper boxes than this render as a raw block (LINE refuses much shallower nesting anyway).
MAX_DEPTH = 24
_BLOCK_PADDING = {"header": "20px", "body": "20px", "footer": "10px"}
_ALIGN = {"start": "flex-start", "end": "flex-end", "center": "center"}
_JUSTIFY = {
    "flex-start": "flex-start",
    "center": "center",
    "flex-end": "flex-end",
    "space-between": "space-between",
    "space-around": "space-around",
    "space-evenly": "space-evenly",
}
_TEXT_ALIGN = {"start": "start", "end": "end", "center": "center"}


class _Context:
    def __init__(self, remote_images: bool) -> None:
        self.remote_images = remote_images


def render_flex(contents: Any, remote_images: bool = False) -> str:
    """A Flex container (``bubble`` or ``carousel``) as HTML."""
    ctx = _Context(remote_images)
    container = as_dict(contents)
    kind = container.get("type")
    if kind == "bubble":
        return _bubble(container, ctx, in_carousel=False)
    if kind == "carousel":
        bubbles = "".join(
            _bubble(as_dict(b), ctx, in_carousel=True) for b in as_list(container.get("contents"))
        )
        return f'<div class="lbp-carousel">{bubbles}</div>'
    return raw_block(f"flex container {text(kind)!r}", contents)


def _bubble(bubble: dict[str, Any], ctx: _Context, in_carousel: bool) -> str:
    if bubble.get("type") != "bubble":
        return raw_block(f"not a bubble: {text(bubble.get('type'))!r}", bubble)
    size = bubble.get("size") if bubble.get("size") in BUBBLE_WIDTH else "mega"
    width_css = BUBBLE_WIDTH[str(size)]
    styles = as_dict(bubble.get("styles"))
    direction = "rtl" if bubble.get("direction") == "rtl" else "ltr"
    blocks: list[str] = []
    for name in ("header", "hero", "body", "footer"):
        part = bubble.get(name)
        if not isinstance(part, dict):
            continue
        block_style = as_dict(styles.get(name))
        separator = ""
        if block_style.get("separator") is True and blocks:
            sep_color = color(block_style.get("separatorColor")) or "#d4d6da"
            separator = f'<div class="lbp-separator"{style(border_top_color=sep_color)}></div>'
        if name == "hero":
            inner = _component(part, ctx, parent="vertical", first=True, spacing=None, depth=1)
        elif part.get("type") == "box":
            inner = _box(part, ctx, depth=1, root_padding=_BLOCK_PADDING[name])
        else:
            inner = raw_block(f"{name} must be a box", part)
        bg = color(block_style.get("backgroundColor"))
        blocks.append(
            f'{separator}<div class="lbp-block lbp-{name}"{style(background_color=bg)}>{inner}</div>'
        )
    outer = style(flex=f"0 0 {width_css}", width=width_css) if in_carousel else style(width=width_css)
    return (
        f'<div class="lbp-bubble lbp-bubble-{esc(size)}" dir="{direction}" data-size="{esc(size)}"{outer}>'
        f"{''.join(blocks)}</div>"
    )


def _child_flex(component: dict[str, Any], parent: str) -> dict[str, str | None]:
    """The flex item properties of a child of a ``parent`` box."""
    default = 1 if parent in ("horizontal", "baseline") else 0
    grow = component.get("flex", default)
    grow = int(number(grow, default)) if number(grow, -1) >= 0 else default
    has_width = parent != "vertical" and length(component.get("width")) is not None
    if grow == 0 or has_width:
        return {"flex": "0 0 auto"}
    return {"flex": f"{grow} 0 0", "min_width": "0"}


def _position(component: dict[str, Any]) -> dict[str, str | None]:
    props: dict[str, str | None] = {}
    if component.get("position") == "absolute":
        props["position"] = "absolute"
    for side in ("top", "bottom", "start", "end"):
        value = length(component.get(f"offset{side.capitalize()}"), SPACING)
        if value is not None:
            css = {"start": "inset-inline-start", "end": "inset-inline-end"}.get(side, side)
            props[css.replace("-", "_")] = value
    if props and "position" not in props:
        props["position"] = "relative"
    return props


def _component(
    component: Any, ctx: _Context, parent: str, first: bool, spacing: str | None, depth: int
) -> str:
    """One component inside a ``parent`` box, with the margin before it (``spacing`` or its ``margin``)."""
    if not isinstance(component, dict):
        return raw_block("not a component", component)
    kind = component.get("type")
    item = _child_flex(component, parent)
    margin = length(component.get("margin"), SPACING) or spacing
    if not first and margin and component.get("position") != "absolute":
        item["margin_top" if parent == "vertical" else "margin_inline_start"] = margin
    item.update(_position(component))
    align = _ALIGN.get(str(component.get("alignSelf")) if component.get("alignSelf") else "")
    if align:
        item["align_self"] = align
    gravity = {"top": "flex-start", "bottom": "flex-end", "center": "center"}.get(
        str(component.get("gravity"))
    )
    if kind == "box":
        return _box(component, ctx, depth + 1, item=item)
    if kind == "text":
        return _text(component, item, gravity, parent)
    if kind == "button":
        return _button(component, item, gravity)
    if kind == "image":
        return _image(component, ctx, item, gravity, parent)
    if kind == "icon":
        return _icon(component, ctx, item)
    if kind == "video":
        return _video(component, ctx, item)
    if kind == "separator":
        sep = color(component.get("color")) or "#d4d6da"
        border = "border_top" if parent == "vertical" else "border_inline_start"
        item[border] = f"1px solid {sep}"
        item["flex"] = "0 0 auto"
        item.pop("min_width", None)
        if parent != "vertical":
            item["align_self"] = "stretch"
        return f'<div class="lbp-f-separator"{style(**item)}></div>'
    if kind == "filler":
        return f'<div class="lbp-f-filler"{style(**item)}></div>'
    if kind == "spacer":
        size = length(component.get("size"), SPACING) or SPACING["md"]
        item["flex"] = "0 0 auto"
        item["height" if parent == "vertical" else "width"] = size
        return f'<div class="lbp-f-spacer"{style(**item)}></div>'
    return raw_block(f"unknown component {text(kind)!r}", component)


def _box(
    box: dict[str, Any],
    ctx: _Context,
    depth: int,
    item: dict[str, str | None] | None = None,
    root_padding: str | None = None,
) -> str:
    if depth > MAX_DEPTH:
        return raw_block("boxes nested too deep", "…")
    layout = str(box["layout"]) if box.get("layout") in ("horizontal", "vertical", "baseline") else "vertical"
    props: dict[str, str | None] = dict(item or {})
    props["display"] = "flex"
    props["flex_direction"] = "column" if layout == "vertical" else "row"
    if layout == "baseline":
        props["align_items"] = "baseline"
    props["justify_content"] = _JUSTIFY.get(str(box.get("justifyContent")))
    props["align_items"] = _JUSTIFY.get(str(box.get("alignItems"))) or props.get("align_items")
    props["background_color"] = color(box.get("backgroundColor"))
    border = length(box.get("borderWidth"), BORDER_WIDTH)
    if border or box.get("borderColor"):
        props["border"] = f"{border or '1px'} solid {color(box.get('borderColor')) or '#000000'}"
    props["border_radius"] = length(box.get("cornerRadius"), CORNER_RADIUS)
    for name in ("width", "height", "maxWidth", "maxHeight"):
        value = length(box.get(name))
        if value:
            props[{"maxWidth": "max_width", "maxHeight": "max_height"}.get(name, name)] = value
    pad_all = length(box.get("paddingAll"), SPACING) or root_padding
    for side in ("Top", "Bottom", "Start", "End"):
        css = {"Start": "padding_inline_start", "End": "padding_inline_end"}.get(
            side, f"padding_{side.lower()}"
        )
        props[css] = length(box.get(f"padding{side}"), SPACING) or pad_all
    background = as_dict(box.get("background"))
    if background.get("type") == "linearGradient":
        start = color(background.get("startColor")) or "#ffffff"
        end = color(background.get("endColor")) or "#ffffff"
        center = color(background.get("centerColor"))
        position = length(background.get("centerPosition")) if center else None
        stops = [start, f"{center} {position or '50%'}" if center else None, end]
        props["background_image"] = (
            f"linear-gradient({angle(background.get('angle')) or '0deg'}, {', '.join(s for s in stops if s)})"
        )
    spacing = length(box.get("spacing"), SPACING)
    children = []
    first = True
    for child in as_list(box.get("contents")):
        children.append(_component(child, ctx, layout, first, spacing, depth))
        if not (isinstance(child, dict) and child.get("position") == "absolute"):
            first = False
    tappable = " lbp-tappable" if isinstance(box.get("action"), dict) else ""
    title = _action_title(box.get("action"))
    return (
        f'<div class="lbp-f-box lbp-f-{layout}{tappable}" data-layout="{layout}"{title}{style(**props)}>'
        f"{''.join(children)}</div>"
    )


def _action_title(action: Any) -> str:
    action = as_dict(action)
    if not action:
        return ""
    target = action.get("uri") or action.get("data") or action.get("text") or action.get("label") or ""
    return f' title="{esc(text(action.get("type")) + ": " + text(target))}"'


def _text_props(component: dict[str, Any], props: dict[str, str | None]) -> dict[str, str | None]:
    props["font_size"] = length(component.get("size"), TEXT_SIZE)
    props["color"] = color(component.get("color"))
    if component.get("weight") == "bold":
        props["font_weight"] = "bold"
    if component.get("style") == "italic":
        props["font_style"] = "italic"
    decoration = component.get("decoration")
    if decoration in ("underline", "line-through"):
        props["text_decoration"] = str(decoration)
    return props


def _text(component: dict[str, Any], item: dict[str, str | None], gravity: str | None, parent: str) -> str:
    props = _text_props(component, dict(item))
    props["text_align"] = _TEXT_ALIGN.get(str(component.get("align")))
    if gravity and parent == "horizontal":
        props["align_self"] = gravity
    line_spacing = length(component.get("lineSpacing"))
    if line_spacing:
        props["line_height"] = f"calc(1.4em + {line_spacing})"
    max_lines = int(number(component.get("maxLines"), 0))
    if component.get("wrap") is True:
        props["white_space"] = "pre-wrap"
        props["overflow_wrap"] = "anywhere"
        if max_lines > 0:
            props.update(display="-webkit-box", _webkit_line_clamp=str(max_lines), overflow="hidden")
            props["_webkit_box_orient"] = "vertical"
    spans = [s for s in as_list(component.get("contents")) if isinstance(s, dict) and s.get("type") == "span"]
    if spans:
        body = "".join(f"<span{style(**_text_props(s, {}))}>{esc(s.get('text'))}</span>" for s in spans)
    else:
        body = esc(component.get("text"))
    classes = "lbp-f-text" + (" lbp-f-wrap" if component.get("wrap") is True else " lbp-f-nowrap")
    return f'<div class="{classes}"{style(**props)}>{body}</div>'


def _button(component: dict[str, Any], item: dict[str, str | None], gravity: str | None) -> str:
    kind = component.get("style") if component.get("style") in ("primary", "secondary", "link") else "link"
    props = dict(item)
    props["height"] = "40px" if component.get("height") == "sm" else "52px"
    tint = color(component.get("color"))
    if tint:
        props["color" if kind == "link" else "background_color"] = tint
    if gravity:
        props["align_self"] = gravity
    action = as_dict(component.get("action"))
    label = action.get("label") or action.get("type") or "(no action)"
    return (
        f'<div class="lbp-f-button lbp-f-button-{kind}"{_action_title(action)}{style(**props)}>'
        f"<span>{esc(label)}</span></div>"
    )


def _picture(
    url: Any, ctx: _Context, ratio: tuple[float, float], mode: str, bg: str | None, label: str
) -> str:
    """An image frame of aspect ratio ``ratio``: the image itself only when remote images are allowed."""
    frame = style(aspect_ratio=f"{ratio[0]:g} / {ratio[1]:g}", background_color=bg)
    if ctx.remote_images and isinstance(url, str) and url.startswith("https://"):
        fit = "cover" if mode == "cover" else "contain"
        inner = f'<img src="{esc(url)}" alt="{esc(label)}" loading="lazy"{style(object_fit=fit)}>'
    else:
        inner = f'<span class="lbp-placeholder-text">{esc(label)}<br><small>{esc(url)}</small></span>'
    return f'<div class="lbp-frame"{frame}>{inner}</div>'


def _image(
    component: dict[str, Any], ctx: _Context, item: dict[str, str | None], gravity: str | None, parent: str
) -> str:
    props = dict(item)
    size = component.get("size", "md")
    width = length(size, IMAGE_SIZE) or IMAGE_SIZE["md"]
    props["width"] = width
    props["max_width"] = "100%"
    align = {"start": "flex-start", "end": "flex-end"}.get(str(component.get("align")), "center")
    if parent == "vertical":
        props["align_self"] = props.get("align_self") or align
    elif gravity:
        props["align_self"] = gravity
    ratio = aspect_ratio(component.get("aspectRatio"))
    mode = "cover" if component.get("aspectMode") == "cover" else "fit"
    frame = _picture(component.get("url"), ctx, ratio, mode, color(component.get("backgroundColor")), "image")
    return f'<div class="lbp-f-image"{_action_title(component.get("action"))}{style(**props)}>{frame}</div>'


def _icon(component: dict[str, Any], ctx: _Context, item: dict[str, str | None]) -> str:
    props = dict(item)
    props["flex"] = "0 0 auto"
    props.pop("min_width", None)
    size = length(component.get("size"), TEXT_SIZE) or TEXT_SIZE["md"]
    w, h = aspect_ratio(component.get("aspectRatio"))
    props["width"] = f"calc({size} * {w / h:.4g})"
    props["height"] = size
    url = component.get("url")
    if ctx.remote_images and isinstance(url, str) and url.startswith("https://"):
        return f'<img class="lbp-f-icon" src="{esc(url)}" alt="icon"{style(**props)}>'
    return f'<span class="lbp-f-icon lbp-placeholder" title="{esc(url)}"{style(**props)}></span>'


def _video(component: dict[str, Any], ctx: _Context, item: dict[str, str | None]) -> str:
    ratio = aspect_ratio(component.get("aspectRatio"), (16.0, 9.0))
    poster = _picture(component.get("previewUrl"), ctx, ratio, "cover", None, "▶ video")
    return f'<div class="lbp-f-video"{style(**item)}>{poster}</div>'
