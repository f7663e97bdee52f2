"""Shared :class:`LineBotApi` instances: one pooled client per channel, kept across requests."""

from __future__ import annotations

import threading
from collections.abc import Hashable

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.views.decorators.debug import sensitive_variables

from .conf import app_settings
from .sdk import LineBotApi
from .sdk.secret import Secret

_clients: dict[Hashable, LineBotApi] = {}
_lock = threading.Lock()


@sensitive_variables("channel_secret", "channel_access_token")
def get_client(
    key: Hashable,
    channel_secret: str | Secret | None,
    channel_access_token: str | Secret | None,
    raise_errors: bool | None = None,
) -> LineBotApi:
    """The client for channel ``key``, pointed where ``LINEBOT`` says, with these credentials.

    ``raise_errors``: whether LINE's refusals raise (``None``: ``LINEBOT["RAISE_LINE_ERRORS"]``).
    The client keeps the credentials masked (see :mod:`django_linebot.sdk.secret`).
    """
    if raise_errors is None:
        raise_errors = bool(app_settings.RAISE_LINE_ERRORS)
    key = (key, raise_errors)
    client = _clients.get(key)
    if client is None:
        with _lock:
            client = _clients.get(key)
            if client is None:
                client = LineBotApi(
                    api_endpoint=app_settings.API_ENDPOINT,
                    api_data_endpoint=app_settings.API_DATA_ENDPOINT,
                    timeout=app_settings.TIMEOUT,
                    raise_errors=raise_errors,
                )
                _clients[key] = client
    client.channel_secret = channel_secret
    client.channel_access_token = channel_access_token
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
