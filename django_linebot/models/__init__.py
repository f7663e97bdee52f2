from .channel import Channel, SettingsChannel
from .rich_menu import RichMenu, RichMenuAlias, RichMenuArea
from .token import ChannelAccessToken
from .webhook_event import WebhookEvent

__all__ = [
    "Channel",
    "ChannelAccessToken",
    "RichMenu",
    "RichMenuAlias",
    "RichMenuArea",
    "SettingsChannel",
    "WebhookEvent",
]
