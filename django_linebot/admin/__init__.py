from .channel import ChannelAccessTokenAdmin, ChannelAdmin
from .outbox import OutgoingMessageAdmin
from .rich_menu import RichMenuAdmin
from .rich_menu_schedule import RichMenuScheduleLogAdmin
from .webhook_event import WebhookEventAdmin

__all__ = [
    "ChannelAccessTokenAdmin",
    "ChannelAdmin",
    "OutgoingMessageAdmin",
    "RichMenuAdmin",
    "RichMenuScheduleLogAdmin",
    "WebhookEventAdmin",
]
