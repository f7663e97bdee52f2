"""Test helpers for projects that use django-linebot.

:class:`FakeLinePlatform` is a local LINE platform on 127.0.0.1 (the package
:mod:`django_linebot.testing.fake`, whose docstring lists its ``/_fake/`` HTTP endpoints).
:func:`make_event`, :func:`make_webhook_body` and :func:`sign_body` build and sign webhook bodies.
The pytest plugin (loaded automatically once the package is installed,
:mod:`django_linebot.testing.pytest_plugin`) adds the fixtures ``line_platform`` (a running fake,
emptied before each test), ``line_api`` (a :class:`~django_linebot.sdk.LineBotApi` pointed at it),
``linebot_settings`` (``LINEBOT`` pointed at it), ``post_webhook`` (POSTs a signed body to your
webhook), ``signal_log`` (the django-linebot signals sent) and ``line_spec_dir`` /
``line_openapi_dir`` (LINE's OpenAPI documents, when you have them).
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
