"""See a message before it is sent: LINE messages as HTML that looks like a LINE chat, or as terminal text.

Framework-free (no Django): message JSON (dicts, as sent to LINE) in, a string out. The HTML needs
the stylesheet ``django_linebot/preview/preview.css`` (:data:`CSS`, a static file of the app).
"""

from __future__ import annotations

from .chat import EMOJI_URL, Side, emoji_url, event_as_messages, render_chat, render_messages
from .flex import render_flex
from .text import describe_message, message_lines

__all__ = [
    "CSS",
    "EMOJI_URL",
    "JS",
    "Side",
    "describe_message",
    "emoji_url",
    "event_as_messages",
    "message_lines",
    "render_chat",
    "render_flex",
    "render_messages",
]

#: The preview's stylesheet, a path for Django's ``static()``.
CSS = "django_linebot/preview/preview.css"
#: The "preview" button of :class:`django_linebot.widgets.MessagesJSONWidget`.
JS = "django_linebot/preview/preview.js"
