"""Test helpers for projects that use django-linebot.

:class:`FakeLinePlatform` is a local LINE platform on 127.0.0.1. The pytest
plugin (loaded automatically once the package is installed) adds fixtures:
``line_platform`` (a running fake, emptied before each test), ``line_api``
(a :class:`~django_linebot.sdk.LineBotApi` pointed at it) and
``line_webhook_body`` (signs a webhook body for your own view tests).
"""

from .fake import ChannelState, FakeLinePlatform, Fault, RecordedRequest
from .webhooks import make_event, make_webhook_body, sign_body

__all__ = [
    "ChannelState",
    "FakeLinePlatform",
    "Fault",
    "RecordedRequest",
    "make_event",
    "make_webhook_body",
    "sign_body",
]
