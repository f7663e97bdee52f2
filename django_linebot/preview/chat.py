"""A list of LINE messages as HTML that looks like a LINE chat (framework-free: strings in, a string out).

Every string of the input is HTML-escaped; every CSS value comes from LINE's vocabulary or a strict
pattern (see :mod:`.values`); images are ``<img>`` only when ``remote_images`` is true (the admin's
default is false: no request leaves the admin page), a framed placeholder with the URL otherwise.
A message this module does not know, or cannot read, is a labelled raw block: never an exception.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from ..sdk import limits
from .flex import render_flex
from .values import as_dict, as_list, color, esc, number, raw_block, style, text

__all__ = ["EMOJI_URL", "Side", "emoji_url", "event_as_messages", "render_chat", "render_messages"]

Side = Literal["bot", "user", "system"]

#: Where LINE serves a LINE emoji's image (``productId``, ``emojiId``).
EMOJI_URL = "https://stickershop.line-scdn.net/sticonshop/v1/sticon/{product_id}/android/{emoji_id}.png"


def emoji_url(product_id: Any, emoji_id: Any) -> str | None:
    """The image URL of a LINE emoji, or ``None`` when its ids are not plain ids."""
    ids = (text(product_id), text(emoji_id))
    if all(i and i.isascii() and i.isalnum() for i in ids):
        return EMOJI_URL.format(product_id=ids[0], emoji_id=ids[1])
    return None


def render_messages(messages: Any, *, remote_images: bool = False, side: Side = "bot") -> str:
    """``messages`` (a list of message objects, as sent to LINE) as one chat, from ``side``."""
    return render_chat([(side, messages)], remote_images=remote_images)


def render_chat(turns: Iterable[tuple[Side, Any]], *, remote_images: bool = False) -> str:
    """A conversation: each turn is ``(side, messages)``; the last message's quick reply shows at the end."""
    rows = []
    last: dict[str, Any] = {}
    for side, messages in turns:
        if not isinstance(messages, list):
            messages = [messages]
        for message in messages:
            rows.append(_row(side, message, remote_images))
            last = as_dict(message)
    chips = _quick_reply(last.get("quickReply"), remote_images)
    return f'<div class="lbp-chat">{"".join(rows)}{chips}</div>'


def _row(side: Side, message: Any, remote_images: bool) -> str:
    try:
        body = _message(message, remote_images)
    except Exception as exc:  # noqa: BLE001 - a preview never fails its page: show what could not be drawn
        body = raw_block(f"cannot draw this message ({type(exc).__name__})", message)
    if side == "system":
        return f'<div class="lbp-row lbp-system">{body}</div>'
    sender = as_dict(as_dict(message).get("sender"))
    name = f'<div class="lbp-sender">{esc(sender.get("name"))}</div>' if sender.get("name") else ""
    avatar = '<div class="lbp-avatar" aria-hidden="true"></div>' if side == "bot" else ""
    kind = esc(as_dict(message).get("type") or "raw")
    return (
        f'<div class="lbp-row lbp-{side}" data-type="{kind}">{avatar}'
        f'<div class="lbp-col">{name}{body}</div></div>'
    )


def _message(message: Any, remote_images: bool) -> str:
    if not isinstance(message, dict):
        return raw_block("not a message object", message)
    kind = message.get("type")
    if kind == "text":
        return f'<div class="lbp-bubble-text">{_text_with_emojis(message, remote_images)}</div>'
    if kind == "textV2":
        return f'<div class="lbp-bubble-text">{_text_v2(message, remote_images)}</div>'
    if kind == "sticker":
        return (
            f'<div class="lbp-sticker lbp-placeholder" title="sticker">'
            f"<span>sticker</span><small>{esc(message.get('packageId'))}/{esc(message.get('stickerId'))}</small>"
            "</div>"
        )
    if kind == "image":
        return _media(message, remote_images, "image")
    if kind == "video":
        return _media(message, remote_images, "▶ video")
    if kind == "audio":
        seconds = number(message.get("duration")) / 1000
        url = esc(message.get("originalContentUrl"))
        return f'<div class="lbp-bubble-text lbp-audio">♪ audio {seconds:.0f}s<br><small>{url}</small></div>'
    if kind == "file":
        return f'<div class="lbp-bubble-text lbp-file">file: {esc(message.get("fileName"))}</div>'
    if kind == "location":
        return (
            f'<div class="lbp-location"><div class="lbp-location-title">{esc(message.get("title"))}</div>'
            f'<div class="lbp-location-address">{esc(message.get("address"))}</div>'
            f'<div class="lbp-location-map lbp-placeholder">📍 {number(message.get("latitude")):.5f}, '
            f"{number(message.get('longitude')):.5f}</div></div>"
        )
    if kind == "imagemap":
        return _imagemap(message, remote_images)
    if kind == "template":
        return _template(message, remote_images)
    if kind == "flex":
        flex = render_flex(message.get("contents"), remote_images)
        return f'<div class="lbp-flex" title="{esc(message.get("altText"))}">{flex}</div>'
    if kind == "coupon":
        return f'<div class="lbp-bubble-text lbp-coupon">coupon {esc(message.get("couponId"))}</div>'
    return raw_block(f"unknown message type {text(kind)!r}", message)


def _media(message: dict[str, Any], remote_images: bool, label: str) -> str:
    url = message.get("previewImageUrl") or message.get("originalContentUrl")
    return f'<div class="lbp-media">{_picture(url, remote_images, None, label)}</div>'


def _utf16_to_index(value: str, unit: int) -> int:
    """The ``str`` index of UTF-16 code unit ``unit`` of ``value`` (LINE counts in UTF-16)."""
    count = 0
    for i, char in enumerate(value):
        if count >= unit:
            return i
        count += 2 if ord(char) > 0xFFFF else 1
    return len(value)


def _emoji(product_id: Any, emoji_id: Any, remote_images: bool) -> str:
    url = emoji_url(product_id, emoji_id)
    label = f"LINE emoji {text(product_id)}/{text(emoji_id)}"
    if remote_images and url:
        return f'<img class="lbp-emoji" src="{esc(url)}" alt="{esc(label)}">'
    return f'<span class="lbp-emoji lbp-placeholder" title="{esc(label)}">☺</span>'


def _text_with_emojis(message: dict[str, Any], remote_images: bool) -> str:
    """The text, each emoji's ``$`` (or, as webhooks report it, its ``length`` units) drawn as the emoji."""
    value = text(message.get("text"))
    spans = []
    for emoji in as_list(message.get("emojis")):
        emoji = as_dict(emoji)
        index = int(number(emoji.get("index"), -1))
        if index < 0:
            continue
        start = _utf16_to_index(value, index)
        size = int(number(emoji.get("length"), 1)) or 1
        end = _utf16_to_index(value, index + size)
        spans.append((start, max(end, start + 1), emoji))
    out, pos = [], 0
    for start, end, emoji in sorted(spans, key=lambda s: s[0]):
        if start < pos or start >= len(value):
            continue
        out.append(esc(value[pos:start]))
        out.append(_emoji(emoji.get("productId"), emoji.get("emojiId"), remote_images))
        pos = end
    out.append(esc(value[pos:]))
    return "".join(out)


def _text_v2(message: dict[str, Any], remote_images: bool) -> str:
    """``{name}`` placeholders replaced by their substitution: a mention or an emoji."""
    value = text(message.get("text"))
    substitution = as_dict(message.get("substitution"))
    out, pos = [], 0
    while pos < len(value):
        open_at = value.find("{", pos)
        close_at = value.find("}", open_at + 1) if open_at >= 0 else -1
        if open_at < 0 or close_at < 0:
            break
        key = value[open_at + 1 : close_at]
        sub = as_dict(substitution.get(key))
        out.append(esc(value[pos:open_at]))
        if sub.get("type") == "emoji":
            out.append(_emoji(sub.get("productId"), sub.get("emojiId"), remote_images))
        elif sub.get("type") == "mention":
            mentionee = as_dict(sub.get("mentionee"))
            who = "@All" if mentionee.get("type") == "all" else f"@{text(mentionee.get('userId'))[:8]}…"
            out.append(f'<span class="lbp-mention">{esc(who)}</span>')
        else:
            out.append(esc(value[open_at : close_at + 1]))
        pos = close_at + 1
    out.append(esc(value[pos:]))
    return "".join(out)


def _picture(url: Any, remote_images: bool, ratio: tuple[float, float] | None, label: str) -> str:
    frame = style(aspect_ratio=f"{ratio[0]:g} / {ratio[1]:g}") if ratio else ""
    if remote_images and isinstance(url, str) and url.startswith("https://"):
        return f'<div class="lbp-frame"{frame}><img src="{esc(url)}" alt="{esc(label)}" loading="lazy"></div>'
    return (
        f'<div class="lbp-frame lbp-placeholder"{frame}><span class="lbp-placeholder-text">{esc(label)}'
        f"<br><small>{esc(url)}</small></span></div>"
    )


def _label(action: Any) -> str:
    action = as_dict(action)
    return text(action.get("label") or action.get("text") or action.get("type") or "(no action)")


def _action_title(action: Any) -> str:
    action = as_dict(action)
    target = action.get("uri") or action.get("linkUri") or action.get("data") or action.get("text") or ""
    return f"{text(action.get('type'))}: {text(target)}"


def _imagemap(message: dict[str, Any], remote_images: bool) -> str:
    base = as_dict(message.get("baseSize"))
    side = limits.IMAGEMAP_BASE_WIDTH
    width, height = number(base.get("width"), side) or side, number(base.get("height"), side) or side
    base_url = text(message.get("baseUrl"))
    url = f"{base_url}/1040" if base_url else None
    areas = []
    for number_, action in enumerate(as_list(message.get("actions")), 1):
        action = as_dict(action)
        area = as_dict(action.get("area"))
        box = style(
            left=f"{number(area.get('x')) / width * 100:.3f}%",
            top=f"{number(area.get('y')) / height * 100:.3f}%",
            width=f"{number(area.get('width')) / width * 100:.3f}%",
            height=f"{number(area.get('height')) / height * 100:.3f}%",
        )
        areas.append(
            f'<div class="lbp-area" title="{esc(_action_title(action))}"{box}>'
            f"<span>{number_}. {esc(action.get('label') or _action_title(action))}</span></div>"
        )
    video = ""
    if isinstance(message.get("video"), dict):
        area = as_dict(message["video"].get("area"))
        box = style(
            left=f"{number(area.get('x')) / width * 100:.3f}%",
            top=f"{number(area.get('y')) / height * 100:.3f}%",
            width=f"{number(area.get('width')) / width * 100:.3f}%",
            height=f"{number(area.get('height')) / height * 100:.3f}%",
        )
        video = f'<div class="lbp-area lbp-area-video"{box}><span>▶ video</span></div>'
    picture = _picture(url, remote_images, (width, height), f"imagemap: {text(message.get('altText'))}")
    return f'<div class="lbp-imagemap">{picture}{video}{"".join(areas)}</div>'


def _buttons(actions: Any) -> str:
    return "".join(
        f'<div class="lbp-t-action" title="{esc(_action_title(a))}">{esc(_label(a))}</div>'
        for a in as_list(actions)
    )


def _template_card(
    column: dict[str, Any], template: dict[str, Any], remote_images: bool, width: str | None = None
) -> str:
    parts = []
    thumb = column.get("thumbnailImageUrl")
    if thumb:
        ratio = (1.0, 1.0) if template.get("imageAspectRatio") == "square" else (1.51, 1.0)
        bg = column.get("imageBackgroundColor") or template.get("imageBackgroundColor")
        pic = _picture(thumb, remote_images, ratio, "image")
        parts.append(f'<div class="lbp-t-thumb"{style(background_color=color(bg))}>{pic}</div>')
    if column.get("title"):
        parts.append(f'<div class="lbp-t-title">{esc(column.get("title"))}</div>')
    parts.append(f'<div class="lbp-t-text">{esc(column.get("text"))}</div>')
    parts.append(f'<div class="lbp-t-actions">{_buttons(column.get("actions"))}</div>')
    tap = (
        f' title="{esc(_action_title(column["defaultAction"]))}"'
        if isinstance(column.get("defaultAction"), dict)
        else ""
    )
    sized = style(flex=f"0 0 {width}", width=width) if width else ""
    return f'<div class="lbp-t-card"{tap}{sized}>{"".join(parts)}</div>'


def _template(message: dict[str, Any], remote_images: bool) -> str:
    template = as_dict(message.get("template"))
    kind = template.get("type")
    if kind == "buttons":
        body = _template_card(template, template, remote_images)
    elif kind == "confirm":
        body = (
            f'<div class="lbp-t-card lbp-t-confirm"><div class="lbp-t-text">{esc(template.get("text"))}</div>'
            f'<div class="lbp-t-actions lbp-t-row">{_buttons(template.get("actions"))}</div></div>'
        )
    elif kind == "carousel":
        cards = "".join(
            _template_card(as_dict(c), template, remote_images, "240px")
            for c in as_list(template.get("columns"))
        )
        body = f'<div class="lbp-carousel">{cards}</div>'
    elif kind == "image_carousel":
        images = []
        for column in as_list(template.get("columns")):
            column = as_dict(column)
            action = column.get("action")
            pic = _picture(column.get("imageUrl"), remote_images, (1.0, 1.0), "image")
            images.append(
                f'<div class="lbp-t-imagecard" title="{esc(_action_title(action))}">{pic}'
                f'<div class="lbp-t-imagelabel">{esc(as_dict(action).get("label"))}</div></div>'
            )
        body = f'<div class="lbp-carousel">{"".join(images)}</div>'
    else:
        return raw_block(f"unknown template type {text(kind)!r}", message)
    alt = esc(message.get("altText"))
    return f'<div class="lbp-template lbp-template-{esc(kind)}" title="{alt}">{body}</div>'


def _quick_reply(quick_reply: Any, remote_images: bool) -> str:
    items = as_list(as_dict(quick_reply).get("items"))
    if not items:
        return ""
    chips = []
    for item in items:
        item = as_dict(item)
        action = as_dict(item.get("action"))
        icon = ""
        if item.get("imageUrl"):
            url = item.get("imageUrl")
            icon = (
                f'<img src="{esc(url)}" alt="">'
                if remote_images and isinstance(url, str) and url.startswith("https://")
                else '<span class="lbp-chip-icon lbp-placeholder"></span>'
            )
        chips.append(
            f'<span class="lbp-chip" title="{esc(_action_title(action))}">{icon}{esc(_label(action))}</span>'
        )
    return f'<div class="lbp-quick-reply">{"".join(chips)}</div>'


def event_as_messages(event: Any) -> tuple[Side, list[Any]]:
    """What a webhook event shows in the chat: the user's message, or a line saying what happened."""
    event = as_dict(event)
    kind = text(event.get("type"))
    if kind == "message":
        message = as_dict(event.get("message"))
        if message.get("type") in ("image", "video", "audio", "file"):
            provider = as_dict(message.get("contentProvider"))
            url = provider.get("previewImageUrl") or provider.get("originalContentUrl")
            shown = {**message, "previewImageUrl": url or f"(content {text(message.get('id'))} on LINE)"}
            return "user", [shown]
        return "user", [message]
    if kind == "postback":
        data = as_dict(event.get("postback")).get("data")
        return "system", [{"type": "text", "text": f"(the user tapped a button: postback {text(data)})"}]
    what = {
        "follow": "(the user added the bot as a friend)",
        "unfollow": "(the user blocked the bot)",
        "join": "(the bot joined the chat)",
        "leave": "(the bot left the chat)",
        "memberJoined": "(members joined)",
        "memberLeft": "(members left)",
        "beacon": "(a beacon event)",
        "accountLink": "(account link)",
        "unsend": "(the user unsent a message)",
        "videoPlayComplete": "(the user watched a video to the end)",
    }.get(kind, f"({kind or 'unknown'} event)")
    return "system", [{"type": "text", "text": what}]
