"""A reply token is usable once, and a registered one for a minute of the fake's clock (no sleeping)."""

from __future__ import annotations

import requests

from django_linebot.sdk import limits

TEXT = [{"type": "text", "text": "hi"}]


def test_a_second_reply_with_the_same_token_is_refused(line_platform, line_api) -> None:
    line_api.reply_message("rt-1", TEXT).raise_for_status()
    again = line_api.reply_message("rt-1", TEXT)
    assert again.http_status == 400 and again.data == {"message": "Invalid reply token"}
    assert len(line_platform.sent_messages) == 1


def test_a_registered_token_expires_after_a_minute(line_platform, line_api) -> None:
    line_platform.set_time(1_700_000_000.0)
    line_platform.register_reply_token("fresh")
    line_platform.register_reply_token("stale")
    line_platform.advance(limits.REPLY_TOKEN_SECONDS)
    line_api.reply_message("fresh", TEXT).raise_for_status()  # exactly a minute: still good
    line_platform.advance(1)
    res = line_api.reply_message("stale", TEXT)
    assert res.http_status == 400 and res.data["message"] == "Invalid reply token"
    assert [s["reply_token"] for s in line_platform.sent_messages] == ["fresh"]


def test_a_refused_send_does_not_spend_the_token(line_platform, line_api) -> None:
    bad = [
        {
            "type": "template",
            "altText": "a",
            "template": {
                "type": "confirm",
                "text": "t",
                "actions": [
                    {"type": "postback", "label": "y"},
                    {"type": "message", "label": "n", "text": "n"},
                ],
            },
        }
    ]
    assert line_api.reply_message("rt-2", bad).http_status == 400
    line_api.reply_message("rt-2", TEXT).raise_for_status()


def test_the_clock_and_tokens_over_http(line_platform, line_api) -> None:
    base = line_platform.url + "/_fake"
    assert requests.post(f"{base}/clock", json={"now": 1_700_000_000}, timeout=5).json() == {
        "now": 1_700_000_000
    }
    res = requests.post(f"{base}/reply-tokens", json={"tokens": ["t1"]}, timeout=5)
    assert res.status_code == 201
    requests.post(
        f"{base}/clock", json={"advance": limits.REPLY_TOKEN_SECONDS + 1}, timeout=5
    ).raise_for_status()
    assert line_api.reply_message("t1", TEXT).http_status == 400
    assert requests.post(f"{base}/clock", json={"now": None}, timeout=5).json()["now"] > 1_700_000_000
