from .audience import Audience
from .channel import Channel
from .line_user import ChannelDailyStats, LineUser, RichMenuDailyStats
from .outbox import OutgoingChunk, OutgoingMessage, RateLimitState
from .rich_menu import RichMenu, RichMenuAlias, RichMenuArea, RichMenuScheduleLog, RichMenuUserLink
from .token import ChannelAccessToken
from .webhook_event import ChannelDispatch, WebhookEvent

__all__ = [
    "Audience",
    "Channel",
    "ChannelDailyStats",
    "ChannelAccessToken",
    "ChannelDispatch",
    "LineUser",
    "OutgoingChunk",
    "OutgoingMessage",
    "RateLimitState",
    "RichMenu",
    "RichMenuAlias",
    "RichMenuArea",
    "RichMenuDailyStats",
    "RichMenuScheduleLog",
    "RichMenuUserLink",
    "WebhookEvent",
]
