"""Where people port code from the Perl SDK (``LINE::Bot::API``): its names and return values."""

from __future__ import annotations

import json

import pytest

from django_linebot.sdk import parse_events_from_json
from django_linebot.sdk.messages import SendMessage

USER = {"type": "user", "userId": "U1"}


def _one(etype: str, **extra: object):
    body = {"events": [{"type": etype, "mode": "active", "timestamp": 1, "source": USER, **extra}]}
    [event] = parse_events_from_json(json.dumps(body))
    return event


def test_video_viewing_complete_is_perls_name_of_video_play_complete() -> None:
    event = _one("videoPlayComplete", replyToken="rt", videoPlayComplete={"trackingId": "t"})
    assert event.is_video_viewing_complete_event is True
    assert event.is_video_play_complete_event is True
    assert _one("follow").is_video_viewing_complete_event is False


def test_unsend_message_id_is_the_unsent_messages_id() -> None:
    event = _one("unsend", unsend={"messageId": "325708"})
    assert event.message_id == "325708"
    assert event.unsend_message_id == "325708"


def test_account_link_has_the_link_object() -> None:
    event = _one("accountLink", replyToken="rt", link={"result": "ok", "nonce": "n"})
    assert event.link == {"result": "ok", "nonce": "n"}
    assert event.link_result == "ok" and event.link_nonce == "n"


def test_beacon_device_message_is_decoded_bytes_and_the_hex_stays_available() -> None:
    event = _one("beacon", replyToken="rt", beacon={"hwid": "d41d8cd98f", "type": "enter", "dm": "1234ff"})
    assert event.beacon_device_message == b"\x12\x34\xff"
    assert event.beacon_device_message_hex == "1234ff"


@pytest.mark.parametrize("dm", ["zz", "123", 17])
def test_a_malformed_device_message_reads_as_none_not_an_exception(dm: object) -> None:
    event = _one("beacon", replyToken="rt", beacon={"hwid": "h", "type": "enter", "dm": dm})
    assert event.beacon_device_message is None
    assert event.beacon_device_message_hex == dm


def test_beacon_without_device_message() -> None:
    event = _one("beacon", replyToken="rt", beacon={"hwid": "h", "type": "enter"})
    assert event.beacon_device_message is None and event.beacon_device_message_hex is None


@pytest.mark.parametrize("sender", ["dummy", ["name", "Bot"], 3])
def test_sender_that_is_not_an_object_names_sender(sender: object) -> None:
    with pytest.raises(ValueError, match=r"sender must be an object") as info:
        SendMessage().add_text(text="hi", sender=sender)  # type: ignore[arg-type]
    assert "dictionary update sequence" not in str(info.value)


def test_sender_object_is_sent() -> None:
    [msg] = SendMessage().add_image("https://e/i.jpg", "https://e/p.jpg", sender={"name": "Bot"}).build()
    assert msg["sender"] == {"name": "Bot"}
