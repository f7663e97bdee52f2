"""Build and sign webhook bodies the way LINE sends them."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

from ..sdk.signature import compute_signature


def make_event(
    event_type: str = "message", *, source: dict[str, Any] | None = None, **fields: Any
) -> dict[str, Any]:
    """One webhook event object with LINE's envelope filled in."""
    event: dict[str, Any] = {
        "type": event_type,
        "mode": "active",
        "timestamp": int(time.time() * 1000),
        "source": source or {"type": "user", "userId": "U" + uuid.uuid4().hex},
        "webhookEventId": uuid.uuid4().hex.upper()[:26],
        "deliveryContext": {"isRedelivery": False},
    }
    if event_type not in (
        "unfollow",
        "leave",
        "memberLeft",
        "unsend",
        "videoPlayComplete",
        "deactivated",
        "botSuspended",
        "botResumed",
    ):
        event["replyToken"] = uuid.uuid4().hex
    if event_type == "message" and "message" not in fields:
        fields["message"] = {
            "type": "text",
            "id": str(uuid.uuid4().int)[:18],
            "text": "hello",
            "quoteToken": "q",
        }
    event.update(fields)
    return event


def make_webhook_body(*events: dict[str, Any], destination: str = "Ubot") -> bytes:
    """The body LINE would post for ``events`` (sign it with :func:`sign_body`)."""
    return json.dumps({"destination": destination, "events": list(events)}).encode()


def sign_body(body: bytes | str, channel_secret: str) -> str:
    """The ``X-Line-Signature`` header value for ``body``."""
    return compute_signature(body, channel_secret)
