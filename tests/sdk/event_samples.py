"""Webhook event and message samples, one of each type in LINE's webhook spec.

Used by tests/sdk/test_events.py (the parser) and tests/webhook/test_view.py (the view).
"""

from __future__ import annotations

from django_linebot.sdk import events as ev

USER = {"type": "user", "userId": "U1"}
GROUP = {"type": "group", "groupId": "C1", "userId": "U2"}
ROOM = {"type": "room", "roomId": "R1", "userId": "U3"}


def event_payload(etype: str, source=USER, **extra):
    """One webhook event object of type ``etype`` from ``source``, with ``extra`` fields."""
    return {
        "type": etype,
        "mode": "active",
        "timestamp": 1700000000000,
        "source": source,
        "webhookEventId": f"01H{etype.upper()}",
        "deliveryContext": {"isRedelivery": False},
        **extra,
    }


MESSAGES = {
    "text": {
        "id": "1",
        "type": "text",
        "text": "@bot hi $",
        "quoteToken": "qt",
        "quotedMessageId": "0",
        "emojis": [{"index": 8, "length": 1, "productId": "p", "emojiId": "001"}],
        "mention": {
            "mentionees": [{"index": 0, "length": 4, "type": "user", "userId": "Ubot", "isSelf": True}]
        },
    },
    "image": {
        "id": "2",
        "type": "image",
        "quoteToken": "q",
        "contentProvider": {
            "type": "external",
            "originalContentUrl": "https://e/o.jpg",
            "previewImageUrl": "https://e/p.jpg",
        },
        "imageSet": {"id": "set", "index": 1, "total": 2},
    },
    "video": {
        "id": "3",
        "type": "video",
        "quoteToken": "q",
        "duration": 6000,
        "contentProvider": {"type": "line"},
    },
    "audio": {"id": "4", "type": "audio", "duration": 3000, "contentProvider": {"type": "line"}},
    "file": {"id": "5", "type": "file", "fileName": "a.pdf", "fileSize": 1234},
    "location": {
        "id": "6",
        "type": "location",
        "title": "LINE",
        "address": "Tokyo",
        "latitude": 35.6,
        "longitude": 139.7,
    },
    "sticker": {
        "id": "7",
        "type": "sticker",
        "quoteToken": "q",
        "packageId": "1",
        "stickerId": "2",
        "stickerResourceType": "STATIC",
        "keywords": ["hi"],
    },
}

EVENTS = [
    (
        "message",
        ev.MessageEvent,
        {"replyToken": "rt", "message": MESSAGES["text"]},
        "is_message_event",
    ),
    (
        "messageEdited",
        ev.MessageEditedEvent,
        {"message": MESSAGES["text"]},
        "is_message_edited_event",
    ),
    ("unsend", ev.UnsendEvent, {"unsend": {"messageId": "325708"}}, "is_unsend_event"),
    (
        "follow",
        ev.FollowEvent,
        {"replyToken": "rt", "follow": {"isUnblocked": True}},
        "is_follow_event",
    ),
    ("unfollow", ev.UnfollowEvent, {}, "is_unfollow_event"),
    ("join", ev.JoinEvent, {"replyToken": "rt"}, "is_join_event"),
    ("leave", ev.LeaveEvent, {}, "is_leave_event"),
    (
        "memberJoined",
        ev.MemberJoinedEvent,
        {"replyToken": "rt", "joined": {"members": [{"type": "user", "userId": "U4"}]}},
        "is_member_join_event",
    ),
    (
        "memberLeft",
        ev.MemberLeftEvent,
        {"left": {"members": [{"type": "user", "userId": "U5"}]}},
        "is_member_leave_event",
    ),
    (
        "postback",
        ev.PostbackEvent,
        {
            "replyToken": "rt",
            "postback": {
                "data": "a=1",
                "params": {
                    "datetime": "2026-01-01T10:00",
                    "newRichMenuAliasId": "b",
                    "status": "SUCCESS",
                },
            },
        },
        "is_postback_event",
    ),
    (
        "videoPlayComplete",
        ev.VideoPlayCompleteEvent,
        {"replyToken": "rt", "videoPlayComplete": {"trackingId": "track"}},
        "is_video_play_complete_event",
    ),
    (
        "beacon",
        ev.BeaconEvent,
        {"replyToken": "rt", "beacon": {"hwid": "d41d8cd98f", "type": "enter", "dm": "1234"}},
        "is_beacon_detection_event",
    ),
    (
        "accountLink",
        ev.AccountLinkEvent,
        {"replyToken": "rt", "link": {"result": "ok", "nonce": "n"}},
        "is_account_link_event",
    ),
    ("activated", ev.ActivatedEvent, {"chatControl": {"expireAt": 1}}, "is_activated_event"),
    ("deactivated", ev.DeactivatedEvent, {}, "is_deactivated_event"),
    ("botSuspended", ev.BotSuspendedEvent, {}, "is_bot_suspended_event"),
    ("botResumed", ev.BotResumedEvent, {}, "is_bot_resumed_event"),
    (
        "membership",
        ev.MembershipEvent,
        {"replyToken": "rt", "membership": {"type": "joined", "membershipId": 3189}},
        "is_membership_event",
    ),
    (
        "module",
        ev.ModuleEvent,
        {"module": {"type": "attached", "botId": "U", "scopes": ["message:send"]}},
        "is_module_event",
    ),
    ("delivery", ev.DeliveryEvent, {"delivery": {"data": "hash"}}, "is_delivery_event"),
]
