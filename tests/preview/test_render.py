"""The preview renderer (framework-free): every kind draws, everything is escaped, odd JSON never raises."""

from __future__ import annotations

import copy
import re
from html.parser import HTMLParser
from typing import Any

import pytest

from django_linebot.preview import emoji_url, event_as_messages, render_chat, render_flex, render_messages

from .samples import BUTTONS, CAROUSEL, EVERY_KIND, RECEIPT, TEXT_WITH_EMOJIS

ATTACK = "<script>alert('x')</script>\"'&"


class Elements(HTMLParser):
    """The start tags of a document: (tag, attributes); it also proves the HTML parses as tags."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser


def with_every_string(value: Any, replace: Any, keep_types: bool) -> Any:
    """``value`` with each string replaced by ``replace(string)`` (``type`` values kept if ``keep_types``)."""
    if isinstance(value, dict):
        return {
            k: v if keep_types and k == "type" else with_every_string(v, replace, keep_types)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [with_every_string(v, replace, keep_types) for v in value]
    return replace(value) if isinstance(value, str) else value


def test_every_kind_draws_as_its_own_block() -> None:
    html = render_messages(EVERY_KIND)
    doc = parse(html)
    rows = [attrs.get("data-type") for tag, attrs in doc.tags if "lbp-row" in (attrs.get("class") or "")]
    assert rows == [m["type"] for m in EVERY_KIND]
    assert "lbp-raw" not in html  # every one of them is known
    text = "".join(doc.text)
    for visible in (
        "Welcome to the shop!",
        "446/1988",
        "my location",
        "Please select",
        "Add to cart",
        "Are you sure?",
        "this is menu 2",
        "Brown Store",
        "$7.31",
        "Metal Desk Lamp",
    ):
        assert visible in text, visible


def test_text_emojis_are_placeholders_at_their_index_without_remote_images() -> None:
    html = render_messages([TEXT_WITH_EMOJIS])
    assert html.count('class="lbp-emoji lbp-placeholder"') == 2
    assert "$" not in "".join(parse(html).text)  # both "$" became emojis
    assert "src=" not in html


def test_remote_images_draw_emojis_and_pictures_from_https_only() -> None:
    html = render_messages([TEXT_WITH_EMOJIS, *EVERY_KIND[3:5]], remote_images=True)
    srcs = [attrs["src"] for tag, attrs in parse(html).tags if tag == "img"]
    assert emoji_url("5ac1bfd5040ab15980c9b435", "001") in srcs
    assert "https://example.com/preview.jpg" in srcs and "https://example.com/poster.jpg" in srcs
    plain = render_messages(
        [{"type": "image", "previewImageUrl": "http://example.com/x.jpg"}], remote_images=True
    )
    assert "<img" not in plain and "http://example.com/x.jpg" in plain


def test_emoji_index_counts_utf16_units() -> None:
    """LINE counts the index in UTF-16: an emoji before the $ takes two units."""
    message = {"type": "text", "text": "😀 $!", "emojis": [{"index": 3, "productId": "p1", "emojiId": "001"}]}
    text = "".join(parse(render_messages([message])).text)
    assert text == "😀 ☺!"
    received = {
        "type": "text",
        "text": "hi (moon) x",
        "emojis": [{"index": 3, "length": 6, "productId": "p", "emojiId": "1"}],
    }
    assert "".join(parse(render_messages([received])).text) == "hi ☺ x"
    assert emoji_url("../x", "1") is None


def test_every_string_is_escaped() -> None:
    """A <script> in every string field (and the same with the types broken too) never comes out raw."""
    for keep_types in (True, False):
        hostile = with_every_string(copy.deepcopy(EVERY_KIND), lambda s: s + ATTACK, keep_types)
        for remote in (False, True):
            html = render_messages(hostile, remote_images=remote)
            assert "<script" not in html.lower()
            tags = {tag for tag, _ in parse(html).tags}
            assert tags <= {"div", "span", "small", "br", "img", "pre"}, tags
            if keep_types:  # drawn (not raw JSON): the attack shows as text, not run as markup
                assert ATTACK in "".join(parse(html).text)


def test_styles_take_only_line_values() -> None:
    """A colour or size that is not LINE's (CSS injection) is dropped, never written into style=""."""
    bubble = {
        "type": "bubble",
        "body": {
            "type": "box",
            "layout": "vertical",
            "backgroundColor": "#fff;background:url(https://evil.example/x)",
            "paddingAll": "1px;position:fixed",
            "background": {"type": "linearGradient", "angle": "1deg);x:url(//e", "startColor": "red"},
            "contents": [
                {"type": "text", "text": "a", "color": "#00000000", "size": "expression(1)"},
                {"type": "image", "url": "javascript:alert(1)", "aspectRatio": "1:0"},
            ],
        },
    }
    html = render_flex(bubble, remote_images=True)
    styles = " ".join(a.get("style") or "" for _, a in parse(html).tags)
    assert "url(" not in styles and "fixed" not in styles and "expression" not in styles
    assert "color:#00000000" in styles
    assert "javascript:" not in "".join(a.get("src") or "" for _, a in parse(html).tags)


ODD: list[Any] = [
    None,
    5,
    "hello",
    [],
    {},
    {"type": None},
    {"type": ["text"]},
    {"type": "text", "text": None, "emojis": "x"},
    {"type": "text", "text": "ab", "emojis": [{"index": 99}, {"index": -3}, None, {"index": "1"}]},
    {"type": "text", "text": "lone \ud800 surrogate"},
    {"type": "textV2", "text": "{a} {b", "substitution": {"a": {"type": "mention"}}},
    {"type": "imagemap", "baseSize": {"width": 0, "height": None}, "actions": [{"area": "x"}, 7]},
    {"type": "template", "template": None},
    {"type": "template", "template": {"type": "carousel", "columns": [None, {"actions": "no"}]}},
    {"type": "flex", "contents": None},
    {"type": "flex", "contents": {"type": "carousel", "contents": [None, {"type": "box"}]}},
    {
        "type": "flex",
        "contents": {
            "type": "bubble",
            "size": ["giga"],
            "styles": "none",
            "hero": {"type": "image", "size": 3, "aspectRatio": "a:b"},
            "body": {
                "type": "box",
                "layout": "sideways",
                "contents": [
                    None,
                    1,
                    {"type": "text", "text": 5, "flex": "x", "size": []},
                    {"type": "spaceship"},
                ],
            },
            "footer": "text",
        },
    },
    {"type": "location", "latitude": float("nan"), "longitude": 1e300},
    {"type": "audio", "duration": True},
    {"type": "sticker", "quickReply": {"items": [None, {"action": "x"}]}},
]


@pytest.mark.parametrize("message", ODD, ids=range(len(ODD)))
def test_odd_json_never_raises_and_is_utf8(message: Any) -> None:
    html = render_messages([message])
    html.encode("utf-8")
    parse(html)


def test_not_a_list_and_deep_nesting_still_draw() -> None:
    assert "lbp-raw" in render_messages("not messages")  # type: ignore[arg-type]
    deep: dict[str, Any] = {"type": "box", "layout": "vertical", "contents": []}
    node = deep
    for _ in range(3000):
        child: dict[str, Any] = {"type": "box", "layout": "vertical", "contents": []}
        node["contents"].append(child)
        node = child
    html = render_messages([{"type": "flex", "contents": {"type": "bubble", "body": deep}}])
    assert "nested too deep" in html


def test_unknown_types_render_as_labelled_raw_blocks() -> None:
    html = render_messages([{"type": "hologram", "beam": "<b>x</b>"}])
    assert "unknown message type &#x27;hologram&#x27;" in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_quick_reply_chips_follow_the_last_message_only() -> None:
    html = render_messages([CAROUSEL, RECEIPT])
    assert "lbp-quick-reply" not in html  # the carousel's quick reply is gone once another message follows
    html = render_messages([RECEIPT, CAROUSEL])
    assert html.index("lbp-quick-reply") > html.rindex("lbp-bubble")
    assert [a.get("title") for t, a in parse(html).tags if a.get("class") == "lbp-chip"] == [
        "message: more",
        "camera: ",
    ]


def test_flex_boxes_carry_their_layout_and_flex_ratios() -> None:
    html = render_flex(RECEIPT["contents"])
    pay_row = html[html.rindex('data-layout="horizontal"', 0, html.index(">PAY<")) : html.index(">100%<")]
    assert re.findall(r"flex:(\d) 0 0", pay_row) == ["1", "2", "1"]
    assert "linear-gradient(90deg, #1DB446, #0D7A2B)" in html
    assert "margin-inline-start:8px" in pay_row  # spacing md between the row's children


def test_buttons_template_shows_title_text_and_actions() -> None:
    doc = parse(render_messages([BUTTONS]))
    actions = [a.get("title") for t, a in doc.tags if a.get("class") == "lbp-t-action"]
    assert actions == [
        "postback: action=buy&itemid=123",
        "postback: action=add&itemid=123",
        "uri: https://example.com/page/123",
    ]


def test_webhook_events_as_the_users_side() -> None:
    side, messages = event_as_messages({"type": "message", "message": {"type": "text", "text": "hi"}})
    assert (side, messages) == ("user", [{"type": "text", "text": "hi"}])
    assert event_as_messages({"type": "postback", "postback": {"data": "a=1"}})[0] == "system"
    assert event_as_messages(None)[0] == "system"
    html = render_chat(
        [event_as_messages({"type": "follow"}), ("bot", [{"type": "text", "text": "Welcome"}])]
    )
    assert html.index("added the bot") < html.index("Welcome")
