from .channel import ChannelAccessTokenAdmin, ChannelAdmin
from .rich_menu import RichMenuAdmin
from .webhook_event import WebhookEventAdmin

__all__ = ["ChannelAccessTokenAdmin", "ChannelAdmin", "RichMenuAdmin", "WebhookEventAdmin"]
