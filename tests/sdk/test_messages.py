"""Message builders (the seed's examples, ported) and local validation of LINE's limits."""

from __future__ import annotations

import subprocess
import sys

import pytest

from django_linebot.sdk.messages import (
    Column,
    ImageColumn,
    ImagemapMessage,
    QuickReply,
    SendMessage,
    TemplateMessage,
)
from django_linebot.sdk.validation import validate_messages


def test_seed_send_message_builder() -> None:
    messages = (
        SendMessage()
        .add_text(text="Closing the distance")
        .add_image(
            image_url="http://example.com/image.jpg",
            preview_url="http://example.com/image_preview.jpg",
        )
        .add_video(
            video_url="http://example.com/video.mp4",
            preview_url="http://example.com/video_preview.jpg",
        )
        .add_audio(audio_url="http://example.com/image.m4a", duration=3601_000)
        .add_location(
            title="LINE Corporation.",
            address="Hikarie Shibuya-ku Tokyo 151-0002",
            latitude=35.6591,
            longitude=139.7040,
        )
    )
    assert messages.build() == [
        {"type": "text", "text": "Closing the distance"},
        {
            "type": "image",
            "originalContentUrl": "http://example.com/image.jpg",
            "previewImageUrl": "http://example.com/image_preview.jpg",
        },
        {
            "type": "video",
            "originalContentUrl": "http://example.com/video.mp4",
            "previewImageUrl": "http://example.com/video_preview.jpg",
        },
        {
            "type": "audio",
            "originalContentUrl": "http://example.com/image.m4a",
            "duration": 3601000,
        },
        {
            "type": "location",
            "title": "LINE Corporation.",
            "address": "Hikarie Shibuya-ku Tokyo 151-0002",
            "latitude": 35.6591,
            "longitude": 139.704,
        },
    ]
    assert SendMessage().add_sticker(package_id="1", sticker_id="2").build() == [
        {"type": "sticker", "packageId": "1", "stickerId": "2"}
    ]


def test_seed_text_with_emojis() -> None:
    emojis = [
        {"index": 0, "productId": "5ac1bfd5040ab15980c9b435", "emojiId": "001"},
        {"index": 13, "productId": "5ac1bfd5040ab15980c9b435", "emojiId": "002"},
    ]
    [msg] = SendMessage().add_text(text="$ LINE Emoji $", emojis=emojis).build()
    assert msg == {"type": "text", "text": "$ LINE Emoji $", "emojis": emojis}


def test_seed_imagemap_with_video() -> None:
    imagemap = (
        ImagemapMessage(
            base_url="https://example.com/bot/images/rm001",
            alt_text="this is an imagemap",
            base_width=1040,
            base_height=1040,
            video={
                "originalContentUrl": "https://example.com/video.mp4",
                "previewImageUrl": "https://example.com/video_preview.jpg",
                "area": {"x": 0, "y": 0, "width": 1040, "height": 585},
            },
        )
        .add_uri_action(uri="http://example.com/", area_x=0, area_y=0, area_width=1040, area_height=520)
        .add_message_action(text="message", area_x=0, area_y=520, area_width=1040, area_height=520)
    )
    [msg] = SendMessage().add_imagemap(imagemap.build()).build()
    assert msg["type"] == "imagemap" and msg["baseSize"] == {"width": 1040, "height": 1040}
    assert msg["actions"] == [
        {
            "type": "uri",
            "linkUri": "http://example.com/",
            "area": {"x": 0, "y": 0, "width": 1040, "height": 520},
        },
        {
            "type": "message",
            "text": "message",
            "area": {"x": 0, "y": 520, "width": 1040, "height": 520},
        },
    ]
    assert msg["video"]["area"]["height"] == 585


def test_seed_buttons_template() -> None:
    buttons = (
        TemplateMessage.new_buttons(
            alt_text="this is a buttons template",
            image_url="https://example.com/bot/images/image.jpg",
            title="buttons",
            text="description",
        )
        .add_postback_action(label="postback", data="postback data", text="postback message")
        .add_message_action(label="message", text="message")
        .add_uri_action(label="uri", uri="http://example.com/")
        .add_message_action(label="message2", text="message2")
    )
    [msg] = SendMessage().add_template(buttons.build()).build()
    tpl = msg["template"]
    assert msg["altText"] == "this is a buttons template"
    assert tpl["type"] == "buttons" and tpl["thumbnailImageUrl"] == "https://example.com/bot/images/image.jpg"
    assert tpl["actions"][0] == {
        "type": "postback",
        "label": "postback",
        "data": "postback data",
        "displayText": "postback message",
    }
    assert len(tpl["actions"]) == 4


def test_seed_confirm_template_with_two_actions() -> None:
    """The seed's confirm example has three actions, which LINE refuses: ported with two."""
    confirm = (
        TemplateMessage.new_confirm(alt_text="this is a confirm template", text="confirm")
        .add_postback_action(label="postback", data="postback data", text="postback message")
        .add_message_action(label="message", text="message")
    )
    assert len(confirm.build()["template"]["actions"]) == 2
    confirm.add_uri_action(label="uri", uri="http://example.com/")
    with pytest.raises(ValueError, match="confirm template takes exactly 2"):
        confirm.build()


def test_seed_carousel_and_image_carousel() -> None:
    carousel = TemplateMessage.new_carousel(alt_text="this is a carousel template")
    for i in range(1, 6):
        column = (
            Column(
                image_url="https://example.com/bot/images/item.jpg",
                title=f"carousel {i}",
                text=f"description {i}",
            )
            .add_postback_action(label="postback", data="postback data", text="postback message")
            .add_message_action(label="message", text="message")
            .add_uri_action(label="uri", uri="http://example.com/")
        )
        carousel.add_column(column.build())
    msg = carousel.build()
    assert len(msg["template"]["columns"]) == 5 and msg["template"]["columns"][4]["title"] == "carousel 5"

    image_carousel = TemplateMessage.new_image_carousel(alt_text="this is a image carousel template")
    image_carousel.add_column(
        ImageColumn(image_url="https://example.com/bot/images/item1.jpg")
        .add_postback_action(label="postback", data="postback data", text="postback message")
        .build()
    )
    image_carousel.add_column(
        ImageColumn(image_url="https://example.com/bot/images/item2.jpg")
        .add_message_action(label="message", text="message")
        .build()
    )
    image_carousel.add_column(
        ImageColumn(image_url="https://example.com/bot/images/item3.jpg")
        .add_uri_action(label="uri", uri="http://example.com/")
        .build()
    )
    msg = image_carousel.build()
    assert [c["action"]["type"] for c in msg["template"]["columns"]] == [
        "postback",
        "message",
        "uri",
    ]


def test_every_action_kind_and_quick_reply() -> None:
    quick = (
        QuickReply()
        .add_postback_action(
            label="pb",
            data="d",
            display_text="shown",
            input_option="openKeyboard",
            fill_in_text="x",
        )
        .add_message_action(label="m", text="t")
        .add_uri_action(label="u", uri="https://example.com", alt_uri_desktop="https://example.com/pc")
        .add_datetime_picker_action(
            label="when",
            data="dt",
            mode="date",
            initial="2026-01-01",
            max="2026-12-31",
            min="2026-01-01",
        )
        .with_image("https://example.com/cam.png")
        .add_camera_action(label="cam")
        .add_camera_roll_action(label="roll")
        .add_location_action(label="loc")
        .add_rich_menu_switch_action(rich_menu_alias_id="menu-b", data="switch", label="B")
        .add_clipboard_action(label="copy", clipboard_text="code")
    )
    [msg] = SendMessage().add_text(text="pick", quick_reply=quick, sender={"name": "Bot"}).build()
    items = msg["quickReply"]["items"]
    assert [i["action"]["type"] for i in items] == [
        "postback",
        "message",
        "uri",
        "datetimepicker",
        "camera",
        "cameraRoll",
        "location",
        "richmenuswitch",
        "clipboard",
    ]
    assert items[4]["imageUrl"] == "https://example.com/cam.png" and "imageUrl" not in items[5]
    assert items[2]["action"]["altUri"] == {"desktop": "https://example.com/pc"}
    assert msg["sender"] == {"name": "Bot"}
    [flex] = (
        SendMessage()
        .add_flex(
            alt_text="flex",
            contents={
                "type": "bubble",
                "body": {"type": "box", "layout": "vertical", "contents": []},
            },
        )
        .build()
    )
    assert flex["type"] == "flex" and flex["contents"]["type"] == "bubble"


def test_builders_send_what_the_spec_accepts(line_platform, line_api) -> None:
    if line_platform.validator is None:
        pytest.skip("LINE's OpenAPI documents are not beside the project (../shared/line-openapi)")
    quick = (
        QuickReply()
        .add_datetime_picker_action(label="when", data="dt")
        .add_rich_menu_switch_action(rich_menu_alias_id="b", data="s", label="B")
        .add_clipboard_action(label="c", clipboard_text="x")
    )
    buttons = (
        TemplateMessage.new_buttons(alt_text="a", text="t")
        .add_camera_action(label="c")
        .add_camera_roll_action(label="r")
        .add_location_action(label="l")
    )
    carousel = TemplateMessage.new_carousel(alt_text="c").add_column(
        Column(text="t").add_message_action(label="m", text="m")
    )
    messages = (
        SendMessage()
        .add_text(text="q", quick_reply=quick)
        .add_template(buttons)
        .add_template(carousel)
        .add_sticker(package_id="1", sticker_id="2")
    )
    res = line_api.push_message("U1", messages.build())
    assert line_platform.last_request.spec_errors == [] and res.is_success


@pytest.mark.parametrize(
    ("messages", "match"),
    [
        ([], "at least one"),
        ([{"type": "text", "text": "x"}] * 6, "at most 5"),
        ([{"type": "text", "text": "a" * 5001}], r"messages\[0\].text is 5001 UTF-16 units"),
        ([{"type": "text", "text": "😀" * 2501}], "5002 UTF-16 units"),
        ([{"type": "text"}], r"messages\[0\].text is required"),
        ([{"type": "txt", "text": "x"}], r"messages\[0\].type must be one of"),
        (
            [
                {
                    "type": "template",
                    "altText": "a" * 1501,
                    "template": {"type": "confirm", "text": "t", "actions": [{}, {}]},
                }
            ],
            r"altText is 1501 characters",
        ),
        (
            [
                {
                    "type": "template",
                    "altText": "a",
                    "template": {"type": "buttons", "text": "t", "actions": [{}] * 5},
                }
            ],
            r"template.actions has 5 actions",
        ),
        (
            [
                {
                    "type": "template",
                    "altText": "a",
                    "template": {
                        "type": "carousel",
                        "columns": [{"text": "t", "actions": [{}]}] * 11,
                    },
                }
            ],
            "columns has 11 columns",
        ),
        (
            [
                {
                    "type": "template",
                    "altText": "a",
                    "template": {
                        "type": "carousel",
                        "columns": [
                            {"text": "t", "actions": [{}]},
                            {"text": "t", "actions": [{}, {}]},
                        ],
                    },
                }
            ],
            "same number of actions",
        ),
        (
            [
                {
                    "type": "template",
                    "altText": "a",
                    "template": {
                        "type": "carousel",
                        "columns": [{"text": "t", "actions": [{}] * 4}],
                    },
                }
            ],
            r"columns\[0\].actions has 4",
        ),
        (
            [{"type": "text", "text": "x", "quickReply": {"items": [{}] * 14}}],
            "quickReply.items has 14 items",
        ),
    ],
)
def test_local_validation_names_the_field(messages, match) -> None:
    with pytest.raises(ValueError, match=match):
        validate_messages(messages)


def test_limits_are_inclusive() -> None:
    validate_messages([{"type": "text", "text": "a" * 5000}] * 5)
    validate_messages([{"type": "text", "text": "x", "quickReply": {"items": [{}] * 13}}])


def test_multicast_recipient_limit_checked_before_sending(line_platform, line_api) -> None:
    with pytest.raises(ValueError, match="at most 500"):
        line_api.multicast([f"U{i}" for i in range(501)], [{"type": "text", "text": "x"}])
    with pytest.raises(ValueError, match="at most 5"):
        line_api.push_message("U1", [{"type": "text", "text": "x"}] * 6)
    assert line_platform.requests == []
    assert line_api.multicast([f"U{i}" for i in range(500)], [{"type": "text", "text": "x"}]).is_success


def test_seed_echo_bot(line_platform, line_api) -> None:
    """The seed's synopsis: validate, parse, reply with the same text."""
    from django_linebot.testing import make_event, make_webhook_body, sign_body

    body = make_webhook_body(make_event("message", replyToken="rt1"), make_event("follow"))
    signature = sign_body(body, "fake-channel-secret")
    assert line_api.validate_signature(body, signature)
    for event in line_api.parse_events_from_json(body):
        if not (event.is_message_event and event.is_text_message):
            continue
        line_api.reply_message(
            event.reply_token, SendMessage().add_text(text=event.text).build()
        ).raise_for_status()
    [sent] = line_platform.sent_messages
    assert sent["reply_token"] == "rt1" and sent["messages"] == [{"type": "text", "text": "hello"}]


def test_sdk_import_pulls_in_no_django_or_pydantic() -> None:
    code = "import sys, django_linebot.sdk, django_linebot.sdk.messages; bad=[m for m in sys.modules if m.split('.')[0] in ('django','pydantic')]; print(bad); sys.exit(1 if bad else 0)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr
