"""Shared :class:`LineBotApi` instances, one pooled client per access token."""

from __future__ import annotations

import threading

from django.core.signals import setting_changed
from django.dispatch import receiver

from . import conf
from .sdk import LineBotApi

_clients: dict[tuple[str | None, str | None], LineBotApi] = {}
_lock = threading.Lock()


def get_client(channel_secret: str | None, channel_access_token: str | None) -> LineBotApi:
    """A client for these credentials, pointed where ``LINEBOT`` says, reused across requests."""
    key = (channel_secret, channel_access_token)
    client = _clients.get(key)
    if client is None:
        with _lock:
            client = _clients.get(key)
            if client is None:
                client = LineBotApi(
                    channel_secret=channel_secret,
                    channel_access_token=channel_access_token,
                    api_endpoint=conf.get("API_ENDPOINT"),
                    api_data_endpoint=conf.get("API_DATA_ENDPOINT"),
                    timeout=conf.get("TIMEOUT"),
                )
                _clients[key] = client
    return client


def clear_clients() -> None:
    with _lock:
        for client in _clients.values():
            client.close()
        _clients.clear()


@receiver(setting_changed)
def _reset_on_settings_change(setting: str, **kwargs: object) -> None:
    if setting == "LINEBOT":
        clear_clients()
