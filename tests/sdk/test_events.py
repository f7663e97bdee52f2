"""parse_events_from_json: every event type of LINE's webhook spec, typed, nothing dropped."""

from __future__ import annotations

import json

import pytest

from django_linebot.sdk import (
    InvalidWebhookBody,
    LineBotApi,
    parse_events_from_json,
    parse_webhook_body,
)
from django_linebot.sdk import events as ev

from .event_samples import EVENTS, GROUP, MESSAGES, ROOM, USER, event_payload


def test_text_message_accessors() -> None:
    [e] = parse_events_from_json(
        json.dumps({"events": [event_payload("message", replyToken="rt", message=MESSAGES["text"])]})
    )
    assert isinstance(e, ev.MessageEvent)
    assert e.is_message_event and e.is_text_message and not e.is_image_message
    assert e.text == "@bot hi $" and e.message_id == "1" and e.reply_token == "rt"
    assert e.is_user_event and e.user_id == "U1" and e.group_id is None and e.room_id is None
    assert e.emojis[0]["emojiId"] == "001"
    assert e.mentionees[0]["userId"] == "Ubot"
    assert e.quote_token == "qt" and e.quoted_message_id == "0"
    assert e.webhook_event_id == "01HMESSAGE" and e.is_redelivery is False
    assert e.mode == "active" and e.timestamp == 1700000000000
    assert e.raw["message"]["id"] == "1"


@pytest.mark.parametrize("mtype", sorted(MESSAGES))
def test_every_message_type(mtype) -> None:
    [e] = parse_events_from_json(
        json.dumps({"events": [event_payload("message", replyToken="rt", message=MESSAGES[mtype])]})
    )
    assert getattr(e, f"is_{mtype}_message") is True
    assert e.message_type == mtype and not e.is_unknown_message
    assert (e.text is not None) is (mtype == "text")


def test_message_type_accessors() -> None:
    body = {"events": [event_payload("message", message=m) for m in MESSAGES.values()]}
    by_type = {e.message_type: e for e in parse_events_from_json(json.dumps(body))}
    assert by_type["image"].content_provider_type == "external"
    assert by_type["image"].original_content_url == "https://e/o.jpg"
    assert by_type["image"].image_set == {"id": "set", "index": 1, "total": 2}
    assert by_type["video"].duration == 6000
    assert by_type["file"].file_name == "a.pdf" and by_type["file"].file_size == 1234
    assert by_type["location"].latitude == 35.6 and by_type["location"].address == "Tokyo"
    assert by_type["sticker"].sticker_id == "2" and by_type["sticker"].keywords == ["hi"]


@pytest.mark.parametrize(("etype", "cls", "extra", "predicate"), EVENTS, ids=[e[0] for e in EVENTS])
def test_every_event_type(etype, cls, extra, predicate) -> None:
    [e] = parse_events_from_json(json.dumps({"events": [event_payload(etype, **extra)]}))
    assert type(e) is cls
    assert getattr(e, predicate) is True
    others = [p for *_, p in EVENTS if p != predicate]
    assert not any(getattr(e, p) for p in others)
    assert e.type == etype and not e.is_unknown_event


def test_event_specific_accessors() -> None:
    by_type = {
        e.type: e
        for e in parse_events_from_json(
            json.dumps({"events": [event_payload(t, **x) for t, _, x, _ in EVENTS]})
        )
    }
    assert by_type["follow"].is_unblocked is True
    assert by_type["unsend"].unsend_message_id == "325708"
    assert by_type["memberJoined"].joined_user_ids == ["U4"]
    assert by_type["memberLeft"].left_user_ids == ["U5"]
    pb = by_type["postback"]
    assert pb.postback_data == "a=1" and pb.datetime == "2026-01-01T10:00"
    assert pb.new_rich_menu_alias_id == "b" and pb.rich_menu_switch_status == "SUCCESS"
    assert by_type["videoPlayComplete"].tracking_id == "track"
    assert by_type["beacon"].beacon_hwid == "d41d8cd98f" and by_type["beacon"].beacon_type == "enter"
    assert by_type["accountLink"].is_link_success and by_type["accountLink"].link_nonce == "n"
    assert by_type["membership"].membership_type == "joined"
    assert by_type["module"].module_type == "attached"
    assert by_type["delivery"].delivery_data == "hash"
    assert by_type["messageEdited"].text == "@bot hi $"


def test_postback_date_and_time_params() -> None:
    date, time_ = parse_events_from_json(
        json.dumps(
            {
                "events": [
                    event_payload("postback", postback={"data": "d", "params": {"date": "2026-01-02"}}),
                    event_payload("postback", postback={"data": "t", "params": {"time": "10:30"}}),
                ]
            }
        )
    )
    assert date.date == "2026-01-02" and time_.time == "10:30"


@pytest.mark.parametrize(
    ("source", "pred", "attr", "value"),
    [
        (USER, "is_user_event", "user_id", "U1"),
        (GROUP, "is_group_event", "group_id", "C1"),
        (ROOM, "is_room_event", "room_id", "R1"),
    ],
)
def test_sources(source, pred, attr, value) -> None:
    [e] = parse_events_from_json(json.dumps({"events": [event_payload("join", source=source)]}))
    assert getattr(e, pred) and getattr(e, attr) == value
    assert e.chat_id == value


def test_unknown_event_keeps_envelope_and_payload() -> None:
    raw = event_payload("somethingNew", replyToken="rt", newField={"x": 1})
    [e] = parse_events_from_json(json.dumps({"events": [raw]}))
    assert isinstance(e, ev.UnknownEvent) and e.is_unknown_event
    assert e.type == "somethingNew" and e.reply_token == "rt" and e.user_id == "U1"
    assert e.webhook_event_id == "01HSOMETHINGNEW" and e.raw == raw


def test_unknown_message_and_source_types_are_kept() -> None:
    raw = event_payload(
        "message",
        source={"type": "channel", "channelId": "X"},
        replyToken="rt",
        message={"id": "9", "type": "hologram"},
    )
    [e] = parse_events_from_json(json.dumps({"events": [raw]}))
    assert isinstance(e, ev.MessageEvent)
    assert e.is_unknown_message and e.message_id == "9" and e.text is None
    assert e.is_unknown_source and not e.is_user_event and e.raw == raw


def test_redelivery_and_standby() -> None:
    raw = event_payload("follow", mode="standby", deliveryContext={"isRedelivery": True})
    [e] = parse_events_from_json(json.dumps({"events": [raw]}))
    assert e.is_redelivery and e.is_standby and e.mode == "standby"


def test_destination_and_empty_verification_body() -> None:
    payload = parse_webhook_body(b'{"destination": "Ubot", "events": []}')
    assert payload.destination == "Ubot" and payload.events == []
    assert LineBotApi.parse_events_from_json(b'{"events": []}') == []


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"{",
        b"[]",
        b'{"events": {}}',
        b'{"no": 1}',
        b'{"events": [1]}',
        b"\xff\xfe",
        b"null",
        b'{"events": [{"type": "message", "timestamp": NaN}]}',
        b'{"events": [], "x": Infinity}',
    ],
)
def test_broken_bodies_raise_invalid_webhook_body(body) -> None:
    with pytest.raises(InvalidWebhookBody):
        parse_events_from_json(body)


def test_events_match_the_webhook_spec(line_spec_dir) -> None:
    """Every event type and message type in LINE's webhook.yml has a class here."""
    if line_spec_dir is None:
        pytest.skip("LINE's OpenAPI documents are not beside the project (../shared/line-openapi)")
    import yaml

    with open(line_spec_dir / "webhook.yml") as fh:
        schemas = yaml.safe_load(fh)["components"]["schemas"]
    assert set(schemas["Event"]["discriminator"]["mapping"]) | {"messageEdited"} == set(ev.EVENT_CLASSES)
    assert set(schemas["MessageContent"]["discriminator"]["mapping"]) == ev.MESSAGE_TYPES
    assert set(schemas["Source"]["discriminator"]["mapping"]) == ev.SOURCE_TYPES
