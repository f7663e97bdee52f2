"""Messages as terminal text (what ``linebot_simulate`` prints): alt text, then visible texts and buttons."""

from __future__ import annotations

from django_linebot.devtools.management.commands import linebot_simulate
from django_linebot.preview import describe_message, message_lines

from .samples import BUTTONS, CAROUSEL, EVERY_KIND, RECEIPT
from .test_render import ODD


def test_flex_bubble_prints_alt_text_then_rows_and_buttons() -> None:
    lines = message_lines(RECEIPT)
    assert lines[0] == "[Your receipt]"
    assert "  Energy Drink  $2.99" in lines and "  TOTAL  $7.31" in lines
    assert lines[-1] == "  [See the order]"
    assert lines.index("  RECEIPT") < lines.index("  Brown Store") < lines.index("  TOTAL  $7.31")


def test_flex_carousel_numbers_its_bubbles_and_lists_quick_replies() -> None:
    lines = message_lines(CAROUSEL)
    assert lines[:4] == ["[Our products]", "  #1", "  Arm Chair, White", "  $49  .99"]
    assert "  [Add to Cart]  [Info]" in lines and "  #2" in lines
    assert lines[-1] == "quick replies: [More] [Camera]"


def test_buttons_template_prints_title_text_and_buttons() -> None:
    assert message_lines(BUTTONS) == [
        "[Menu: choose an option]",
        "  Menu",
        "  Please select",
        "  [Buy] [Add to cart] [View detail]",
    ]


def test_describe_indents_the_following_lines() -> None:
    assert describe_message(BUTTONS, indent="      ").splitlines()[1] == "        Menu"
    assert describe_message({"type": "text", "text": "Hello bot!"}) == "Hello bot!"
    assert (
        describe_message({"type": "sticker", "packageId": "446", "stickerId": "1989"}) == "(sticker 446/1989)"
    )


def test_every_kind_and_odd_json_describe_without_raising() -> None:
    for message in [*EVERY_KIND, *ODD]:
        assert all(isinstance(line, str) for line in message_lines(message))


def test_linebot_simulate_prints_through_the_preview() -> None:
    assert linebot_simulate.describe_message is describe_message
