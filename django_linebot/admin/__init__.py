from .audience import AudienceAdmin
from .channel import ChannelAccessTokenAdmin, ChannelAdmin
from .dashboard import DashboardAdmin
from .line_user import LineUserAdmin
from .outbox import OutgoingMessageAdmin
from .rich_menu import RichMenuAdmin
from .rich_menu_schedule import RichMenuScheduleLogAdmin
from .webhook_event import WebhookEventAdmin

__all__ = [
    "AudienceAdmin",
    "ChannelAccessTokenAdmin",
    "ChannelAdmin",
    "DashboardAdmin",
    "LineUserAdmin",
    "OutgoingMessageAdmin",
    "RichMenuAdmin",
    "RichMenuScheduleLogAdmin",
    "WebhookEventAdmin",
]
