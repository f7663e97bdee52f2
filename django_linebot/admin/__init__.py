from .channel import ChannelAccessTokenAdmin, ChannelAdmin
from .outbox import OutgoingMessageAdmin
from .rich_menu import RichMenuAdmin
from .webhook_event import WebhookEventAdmin

__all__ = [
    "ChannelAccessTokenAdmin",
    "ChannelAdmin",
    "OutgoingMessageAdmin",
    "RichMenuAdmin",
    "WebhookEventAdmin",
]
