"""Messages the preview tests draw: one of each kind LINE sends, and the four the README shows."""

from __future__ import annotations

from typing import Any

TEXT_WITH_EMOJIS: dict[str, Any] = {
    "type": "text",
    "text": "$ Welcome to the shop! $ Your order has shipped.",
    "emojis": [
        {"index": 0, "productId": "5ac1bfd5040ab15980c9b435", "emojiId": "001"},
        {"index": 23, "productId": "5ac1bfd5040ab15980c9b435", "emojiId": "002"},
    ],
}

BUTTONS: dict[str, Any] = {
    "type": "template",
    "altText": "Menu: choose an option",
    "template": {
        "type": "buttons",
        "thumbnailImageUrl": "https://example.com/bot/images/menu.jpg",
        "imageAspectRatio": "rectangle",
        "imageBackgroundColor": "#FFFFFF",
        "title": "Menu",
        "text": "Please select",
        "defaultAction": {"type": "uri", "label": "View detail", "uri": "https://example.com/page/123"},
        "actions": [
            {"type": "postback", "label": "Buy", "data": "action=buy&itemid=123"},
            {"type": "postback", "label": "Add to cart", "data": "action=add&itemid=123"},
            {"type": "uri", "label": "View detail", "uri": "https://example.com/page/123"},
        ],
    },
}


def _item(name: str, price: str) -> dict[str, Any]:
    return {
        "type": "box",
        "layout": "horizontal",
        "contents": [
            {"type": "text", "text": name, "size": "sm", "color": "#555555", "flex": 0},
            {"type": "text", "text": price, "size": "sm", "color": "#111111", "align": "end"},
        ],
    }


#: LINE's "receipt" showcase bubble, plus a flex-ratio row (1:2:1) the layout test measures.
RECEIPT: dict[str, Any] = {
    "type": "flex",
    "altText": "Your receipt",
    "contents": {
        "type": "bubble",
        "styles": {"footer": {"separator": True}},
        "body": {
            "type": "box",
            "layout": "vertical",
            "contents": [
                {"type": "text", "text": "RECEIPT", "weight": "bold", "color": "#1DB446", "size": "sm"},
                {"type": "text", "text": "Brown Store", "weight": "bold", "size": "xxl", "margin": "md"},
                {
                    "type": "text",
                    "text": "Miraina Tower, 4-1-6 Shinjuku, Tokyo",
                    "size": "xs",
                    "color": "#aaaaaa",
                    "wrap": True,
                },
                {"type": "separator", "margin": "xxl"},
                {
                    "type": "box",
                    "layout": "vertical",
                    "margin": "xxl",
                    "spacing": "sm",
                    "contents": [
                        _item("Energy Drink", "$2.99"),
                        _item("Chewing Gum", "$0.99"),
                        _item("Bottled Water", "$3.33"),
                        {"type": "separator", "margin": "xxl"},
                        _item("ITEMS", "3"),
                        _item("TOTAL", "$7.31"),
                    ],
                },
                {
                    "type": "box",
                    "layout": "horizontal",
                    "margin": "md",
                    "spacing": "md",
                    "contents": [
                        {"type": "text", "text": "PAY", "flex": 1, "size": "xs", "color": "#aaaaaa"},
                        {
                            "type": "box",
                            "layout": "vertical",
                            "flex": 2,
                            "height": "8px",
                            "cornerRadius": "4px",
                            "background": {
                                "type": "linearGradient",
                                "angle": "90deg",
                                "startColor": "#1DB446",
                                "endColor": "#0D7A2B",
                            },
                            "contents": [],
                        },
                        {"type": "text", "text": "100%", "flex": 1, "size": "xs", "align": "end"},
                    ],
                },
                {"type": "separator", "margin": "xxl"},
                {
                    "type": "box",
                    "layout": "horizontal",
                    "margin": "md",
                    "contents": [
                        {"type": "text", "text": "PAYMENT ID", "size": "xs", "color": "#aaaaaa", "flex": 0},
                        {
                            "type": "text",
                            "text": "#743289384279",
                            "color": "#aaaaaa",
                            "size": "xs",
                            "align": "end",
                        },
                    ],
                },
            ],
        },
        "footer": {
            "type": "box",
            "layout": "vertical",
            "contents": [
                {
                    "type": "button",
                    "style": "primary",
                    "height": "sm",
                    "action": {
                        "type": "uri",
                        "label": "See the order",
                        "uri": "https://example.com/orders/1",
                    },
                }
            ],
        },
    },
}


def _product(name: str, price: str, colour: str) -> dict[str, Any]:
    return {
        "type": "bubble",
        "size": "kilo",
        "hero": {
            "type": "image",
            "url": f"https://example.com/images/{name.lower().replace(' ', '-')}.jpg",
            "size": "full",
            "aspectRatio": "20:13",
            "aspectMode": "cover",
        },
        "body": {
            "type": "box",
            "layout": "vertical",
            "spacing": "sm",
            "backgroundColor": colour,
            "contents": [
                {"type": "text", "text": name, "wrap": True, "weight": "bold", "size": "xl"},
                {
                    "type": "box",
                    "layout": "baseline",
                    "contents": [
                        {
                            "type": "text",
                            "text": price,
                            "wrap": True,
                            "weight": "bold",
                            "size": "xl",
                            "flex": 0,
                        },
                        {
                            "type": "text",
                            "text": ".99",
                            "wrap": True,
                            "weight": "bold",
                            "size": "sm",
                            "flex": 0,
                        },
                    ],
                },
            ],
        },
        "footer": {
            "type": "box",
            "layout": "horizontal",
            "spacing": "sm",
            "contents": [
                {
                    "type": "button",
                    "style": "primary",
                    "flex": 2,
                    "action": {"type": "postback", "label": "Add to Cart", "data": f"add={name}"},
                },
                {
                    "type": "button",
                    "style": "secondary",
                    "flex": 1,
                    "action": {"type": "uri", "label": "Info", "uri": "https://example.com/info"},
                },
            ],
        },
    }


CAROUSEL: dict[str, Any] = {
    "type": "flex",
    "altText": "Our products",
    "contents": {
        "type": "carousel",
        "contents": [
            _product("Arm Chair, White", "$49", "#FFFFFF"),
            _product("Metal Desk Lamp", "$11", "#F7F1E1"),
        ],
    },
    "quickReply": {
        "items": [
            {"type": "action", "action": {"type": "message", "label": "More", "text": "more"}},
            {"type": "action", "action": {"type": "camera", "label": "Camera"}},
        ]
    },
}

#: One of every message type LINE sends, for the "never crashes, always escapes" tests.
EVERY_KIND: list[dict[str, Any]] = [
    TEXT_WITH_EMOJIS,
    {
        "type": "textV2",
        "text": "Hi {user}! {smile}",
        "substitution": {
            "user": {"type": "mention", "mentionee": {"type": "user", "userId": "U0123456789abcdef"}},
            "smile": {"type": "emoji", "productId": "5ac1bfd5040ab15980c9b435", "emojiId": "002"},
        },
    },
    {"type": "sticker", "packageId": "446", "stickerId": "1988"},
    {
        "type": "image",
        "originalContentUrl": "https://example.com/original.jpg",
        "previewImageUrl": "https://example.com/preview.jpg",
    },
    {
        "type": "video",
        "originalContentUrl": "https://example.com/original.mp4",
        "previewImageUrl": "https://example.com/poster.jpg",
    },
    {"type": "audio", "originalContentUrl": "https://example.com/original.m4a", "duration": 60000},
    {
        "type": "location",
        "title": "my location",
        "address": "1-6-1 Yotsuya, Shinjuku-ku, Tokyo",
        "latitude": 35.687574,
        "longitude": 139.72922,
    },
    {
        "type": "imagemap",
        "baseUrl": "https://example.com/bot/images/rm001",
        "altText": "This is an imagemap",
        "baseSize": {"width": 1040, "height": 1040},
        "video": {
            "originalContentUrl": "https://example.com/video.mp4",
            "previewImageUrl": "https://example.com/video_preview.jpg",
            "area": {"x": 0, "y": 0, "width": 1040, "height": 585},
        },
        "actions": [
            {
                "type": "uri",
                "linkUri": "https://example.com/",
                "area": {"x": 0, "y": 586, "width": 520, "height": 454},
            },
            {"type": "message", "text": "Hello", "area": {"x": 520, "y": 586, "width": 520, "height": 454}},
        ],
    },
    BUTTONS,
    {
        "type": "template",
        "altText": "Are you sure?",
        "template": {
            "type": "confirm",
            "text": "Are you sure?",
            "actions": [
                {"type": "message", "label": "Yes", "text": "yes"},
                {"type": "message", "label": "No", "text": "no"},
            ],
        },
    },
    {
        "type": "template",
        "altText": "this is a carousel template",
        "template": {
            "type": "carousel",
            "columns": [
                {
                    "thumbnailImageUrl": "https://example.com/bot/images/item1.jpg",
                    "title": "this is menu",
                    "text": "description",
                    "actions": [{"type": "postback", "label": "Buy", "data": "action=buy&itemid=111"}],
                },
                {
                    "title": "this is menu 2",
                    "text": "description 2",
                    "actions": [
                        {"type": "uri", "label": "View detail", "uri": "https://example.com/page/222"}
                    ],
                },
            ],
        },
    },
    {
        "type": "template",
        "altText": "this is an image carousel template",
        "template": {
            "type": "image_carousel",
            "columns": [
                {
                    "imageUrl": "https://example.com/bot/images/item1.jpg",
                    "action": {"type": "postback", "label": "Buy", "data": "action=buy&itemid=111"},
                },
                {
                    "imageUrl": "https://example.com/bot/images/item2.jpg",
                    "action": {"type": "uri", "label": "View", "uri": "https://example.com/page/222"},
                },
            ],
        },
    },
    RECEIPT,
    CAROUSEL,
    {"type": "coupon", "couponId": "01JYNW8JMQVFBNS5M8N1CR1AFK"},
]
