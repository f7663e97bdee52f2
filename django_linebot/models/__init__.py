from .channel import Channel
from .outbox import OutgoingChunk, OutgoingMessage, RateLimitState
from .rich_menu import RichMenu, RichMenuAlias, RichMenuArea, RichMenuScheduleLog, RichMenuUserLink
from .token import ChannelAccessToken
from .webhook_event import WebhookEvent

__all__ = [
    "Channel",
    "ChannelAccessToken",
    "OutgoingChunk",
    "OutgoingMessage",
    "RateLimitState",
    "RichMenu",
    "RichMenuAlias",
    "RichMenuArea",
    "RichMenuScheduleLog",
    "RichMenuUserLink",
    "WebhookEvent",
]
