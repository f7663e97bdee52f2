"""``sdk.builders``: one of each object of LINE's messaging spec, checked against the spec; one invalid
variant of each, refused with an error naming the path; JSON read back; the seed's builders take them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from django_linebot.sdk import builders as b
from django_linebot.sdk.messages import QuickReply as SeedQuickReply
from django_linebot.sdk.messages import SendMessage, TemplateMessage
from django_linebot.testing.openapi import SpecValidator

from .builder_catalogue import CATALOGUE

#: Schema components of messaging-api.yml that are not objects a bot builds to send: responses,
#: webhook and progress payloads, abstract bases (built through their subtypes), string enums,
#: and the request bodies the client assembles from the builders' output.
NOT_BUILT = re.compile(
    r"Response|Request$|^(SentMessage|NotificationDisabled|QuotaType|ErrorDetail|ChatReference|Subscription"
    r"|SubscribedMembership.*|Membership|RichMenuBatchProgressPhase)$"
    r"|^(Recipient|DemographicFilter|Message|SubstitutionObject|MentionTarget|ImagemapAction|Template"
    r"|FlexContainer|FlexComponent|FlexBoxBackground|Action|RichMenuBatchOperation)$"
    r"|Demographic$|^TemplateImage|^Flex(BoxBorderWidth|BoxCornerRadius|BoxSpacing|Margin|BoxPadding"
    r"|ImageSize|IconSize|TextFontSize|SpanSize|Offset)$"
    r"|^Coupon(?!Message)|^(CashBack|Discount|AcquisitionCondition|NormalAcquisition|LotteryAcquisition"
    r"|ReferralAcquisition)"
)
#: Request bodies that are themselves the object (a rich menu, a batch): built, though named ...Request.
BUILT_REQUESTS = {"RichMenuRequest", "RichMenuBatchRequest"}


@pytest.fixture(scope="module")
def spec(line_spec_dir: Path | None) -> SpecValidator:
    if line_spec_dir is None:
        pytest.skip("LINE's OpenAPI documents are not here ($LINEBOT_OPENAPI_DIR or ../shared/line-openapi)")
    return SpecValidator(line_spec_dir)


def test_the_catalogue_holds_every_buildable_object_of_the_spec(line_spec_dir: Path | None) -> None:
    """The count of the issue, from the spec itself: every component a bot builds has a case."""
    if line_spec_dir is None:
        pytest.skip("LINE's OpenAPI documents are not here ($LINEBOT_OPENAPI_DIR or ../shared/line-openapi)")
    import yaml

    with open(line_spec_dir / "messaging-api.yml", encoding="utf-8") as fh:
        schemas = yaml.safe_load(fh)["components"]["schemas"]
    buildable = {n for n in schemas if not NOT_BUILT.search(n)} | BUILT_REQUESTS
    assert sorted(buildable ^ set(CATALOGUE)) == []
    assert len(CATALOGUE) == 75


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_each_object_builds_what_the_spec_accepts(spec: SpecValidator, name: str) -> None:
    valid, _, _ = CATALOGUE[name]
    built = valid().build()
    assert spec.check_component(name, built) == []


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_each_object_reads_back_from_its_json(name: str) -> None:
    valid, _, _ = CATALOGUE[name]
    obj = valid()
    built = obj.build()
    again = type(obj).from_json(built)
    assert again == obj and again.build() == built


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_an_invalid_variant_of_each_is_refused_naming_the_path(name: str) -> None:
    _, invalid, path = CATALOGUE[name]
    with pytest.raises(b.BuildError) as caught:
        invalid().build()
    assert caught.value.path == path, str(caught.value)
    assert str(caught.value).startswith(f"{path}: " if path else caught.value.reason)


def test_the_error_names_the_path_from_the_message_down() -> None:
    message = b.FlexMessage(
        alt_text="hi",
        contents=b.Bubble(
            body=b.Box(
                layout="vertical",
                contents=[b.Text(text="a"), b.Separator(), b.Button(action=b.UriAction(label="go", uri="x"))],
            )
        ),
    )
    with pytest.raises(b.BuildError, match=r"^contents\.body\.contents\[2\]\.action\.uri: must be a URI"):
        message.build()


@pytest.mark.parametrize(
    ("component", "layout"),
    [(b.Icon(url="https://example.com/i.png"), "vertical"), (b.Span(text="s"), "horizontal")],
)
def test_a_component_outside_the_box_layout_that_holds_it_is_refused(
    component: b.Component, layout: str
) -> None:
    box = b.Box(layout=layout, contents=[component])  # type: ignore[arg-type]
    with pytest.raises(b.BuildError, match=rf"^contents\[0\]\.type: a {layout} box holds"):
        box.build()


def test_a_video_is_refused_outside_a_hero() -> None:
    video = b.Video(
        url="https://example.com/v.mp4",
        preview_url="https://example.com/p.png",
        alt_content=b.Image(url="https://example.com/p.png"),
    )
    with pytest.raises(b.BuildError, match=r"^body\.contents\[0\]\.type"):
        b.Bubble(body=b.Box(layout="vertical", contents=[video])).build()
    assert b.Bubble(hero=video).build()["hero"]["type"] == "video"


def test_lengths_count_utf16_units_as_line_does() -> None:
    """An emoji outside the BMP is two UTF-16 units: 10 of them fill a 20-unit label."""
    assert b.MessageAction(label="😀" * 10, text="x").build()["label"] == "😀" * 10
    with pytest.raises(b.BuildError, match=r"^label: has 22 UTF-16 units; the limit is 20"):
        b.MessageAction(label="😀" * 11, text="x").build()


def test_emoji_index_is_in_utf16_units() -> None:
    text = "😀 $"  # the $ is at UTF-16 index 3
    assert b.TextMessage(text=text, emojis=[b.Emoji(index=3, product_id="p", emoji_id="001")]).build()
    with pytest.raises(b.BuildError, match=r"^emojis\[0\]\.index"):
        b.TextMessage(text=text, emojis=[b.Emoji(index=2, product_id="p", emoji_id="001")]).build()


def test_a_bubble_over_30_kb_is_refused() -> None:
    big = b.Bubble(body=b.Box(layout="vertical", contents=[b.Text(text="x" * 4000) for _ in range(8)]))
    with pytest.raises(b.BuildError, match=r"^bubble: is \d+ bytes; the limit is 30720"):
        big.build()


def test_the_rich_menu_switch_action_is_refused_outside_rich_menus() -> None:
    switch = b.RichMenuSwitchAction(label="B", rich_menu_alias_id="b", data="b")
    assert b.RichMenuArea(bounds=b.RichMenuBounds(x=0, y=0, width=1, height=1), action=switch).build()
    with pytest.raises(b.BuildError, match=r"^items\[0\]\.action\.type: a rich menu switch action"):
        b.QuickReply(items=[b.QuickReplyItem(action=switch)]).build()
    with pytest.raises(b.BuildError, match=r"^footer\.contents\[0\]\.action\.type"):
        b.Bubble(footer=b.Box(layout="vertical", contents=[b.Button(action=switch)])).build()


def test_json_with_an_unknown_key_is_refused_naming_it() -> None:
    with pytest.raises(b.BuildError, match=r"^body\.contents\[0\]\.colour: is not a field of Text"):
        b.Bubble.from_json(
            {
                "type": "bubble",
                "body": {
                    "type": "box",
                    "layout": "vertical",
                    "contents": [{"type": "text", "text": "a", "colour": "#000000"}],
                },
            }
        )
    with pytest.raises(b.BuildError, match=r"^action\.type: must be one of"):
        b.Button.from_json({"type": "button", "action": {"type": "teleport"}})


def test_the_standalone_actions_go_wherever_line_takes_an_action() -> None:
    action = b.PostbackAction(label="Buy", data="buy")
    component_places = [
        b.Button(action=action),
        b.Box(layout="vertical", contents=[], action=action),
        b.Image(url="https://example.com/i.png", action=action),
        b.Text(text="t", action=action),
        b.Bubble(action=action),
    ]
    for obj in component_places:
        assert obj.build()["action"] == action.build()
    assert b.ButtonsTemplate(text="t", actions=[action], default_action=action).build()["defaultAction"]
    assert b.QuickReplyItem(action=action).build()["action"]["data"] == "buy"
    assert b.RichMenuArea(bounds=b.RichMenuBounds(x=0, y=0, width=1, height=1), action=action).build()


def test_the_seed_builders_take_the_new_objects() -> None:
    bubble = b.Bubble(body=b.Box(layout="vertical", contents=[b.Text(text="hi")]))
    quick = b.QuickReply(items=[b.QuickReplyItem(action=b.MessageAction(label="Hi", text="Hi"))])
    messages = (
        SendMessage()
        .add_flex(alt_text="hi", contents=bubble, quick_reply=quick, sender=b.Sender(name="Cony"))
        .add(b.StickerMessage(package_id="446", sticker_id="1988"))
        .add_text(
            text="$",
            emojis=[b.Emoji(index=0, product_id="p", emoji_id="001")],
            quick_reply=SeedQuickReply().add_camera_action(label="c"),
        )
        .add_template(
            TemplateMessage.new_buttons(
                alt_text="a", text="t", default_action=b.UriAction(uri="https://e.com")
            ).add_message_action(label="m", text="m")
        )
    )
    built = messages.build()
    assert built[0] == {
        "type": "flex",
        "altText": "hi",
        "contents": bubble.build(),
        "quickReply": quick.build(),
        "sender": {"name": "Cony"},
    }
    assert built[1] == {"type": "sticker", "packageId": "446", "stickerId": "1988"}
    assert built[2]["emojis"] == [{"index": 0, "productId": "p", "emojiId": "001"}]
    assert built[3]["template"]["defaultAction"] == {"type": "uri", "uri": "https://e.com"}
    with pytest.raises(ValueError, match=r"messages\[4\] must be a message object"):
        messages.add("hello")


def test_a_built_flex_message_is_accepted_by_the_fake_line_platform(line_platform, line_api) -> None:
    if line_platform.validator is None:
        pytest.skip("LINE's OpenAPI documents are not beside the project (../shared/line-openapi)")
    message = b.FlexMessage(
        alt_text="Receipt",
        contents=b.Bubble(
            hero=b.Image(url="https://example.com/hero.png", size="full", aspect_ratio="20:13"),
            body=b.Box(layout="vertical", contents=[b.Text(text="Total", weight="bold"), b.Text(text="$10")]),
            footer=b.Box(
                layout="vertical",
                contents=[
                    b.Button(style="primary", action=b.UriAction(label="Pay", uri="https://example.com/pay"))
                ],
            ),
        ),
        quick_reply=b.QuickReply(items=[b.QuickReplyItem(action=b.LocationAction(label="Where"))]),
    )
    res = line_api.push_message("U1", [message.build(), b.TextMessage(text="thanks").build()])
    assert line_platform.last_request.spec_errors == [] and res.is_success


def test_the_client_takes_builders_and_names_the_path_from_the_request(line_platform, line_api) -> None:
    bubble = b.Bubble(body=b.Box(layout="vertical", contents=[b.Text(text="hi")]))
    res = line_api.push_message(
        "U1", [b.FlexMessage(alt_text="hi", contents=bubble), b.TextMessage(text="x")]
    )
    assert res.is_success
    sent = line_platform.last_request.json["messages"]
    assert sent == [
        {"type": "flex", "altText": "hi", "contents": bubble.build()},
        {"type": "text", "text": "x"},
    ]
    bubble.body.contents.append(b.Text(text="bad", color="red"))  # type: ignore[union-attr]
    with pytest.raises(b.BuildError, match=r"^messages\[0\]\.contents\.body\.contents\[1\]\.color: "):
        line_api.push_message("U1", [b.FlexMessage(alt_text="hi", contents=bubble)])


@pytest.mark.django_db
def test_the_outbox_takes_builders(linebot_settings) -> None:
    from django_linebot import send

    row = send.push(None, "U1", [b.TextMessage(text="Your order is on its way!")])
    assert row.messages == [{"type": "text", "text": "Your order is on its way!"}]


def test_the_readme_push_a_flex_bubble_example(line_platform, line_api) -> None:
    """The README's example, as written there."""
    bubble = b.Bubble(
        hero=b.Image(
            url="https://example.com/cafe.jpg", size="full", aspect_ratio="20:13", aspect_mode="cover"
        ),
        body=b.Box(
            layout="vertical",
            contents=[
                b.Text(text="Brown Cafe", weight="bold", size="xl"),
                b.Box(
                    layout="baseline",
                    margin="md",
                    contents=[
                        b.Icon(url="https://example.com/star.png", size="sm"),
                        b.Text(text="4.0", size="sm", color="#999999", margin="md"),
                    ],
                ),
            ],
        ),
        footer=b.Box(
            layout="vertical",
            spacing="sm",
            contents=[
                b.Button(style="primary", action=b.UriAction(label="Call", uri="tel:0312345678")),
                b.Button(
                    action=b.PostbackAction(label="Reserve", data="reserve=brown", display_text="Reserve")
                ),
            ],
        ),
    )
    message = b.FlexMessage(alt_text="Brown Cafe: 4.0 stars", contents=bubble)
    assert line_api.push_message("U1", [message]).is_success
    if line_platform.validator is not None:
        assert line_platform.last_request.spec_errors == []
    assert line_platform.last_request.json["messages"][0]["contents"]["footer"]["contents"][0] == {
        "type": "button",
        "action": {"type": "uri", "label": "Call", "uri": "tel:0312345678"},
        "style": "primary",
    }
