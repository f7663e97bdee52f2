from .channel import Channel, SettingsChannel
from .webhook_event import WebhookEvent

__all__ = ["Channel", "SettingsChannel", "WebhookEvent"]
