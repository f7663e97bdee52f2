"""A framework-free client for the LINE Messaging API (no Django imports).

Method names follow the Perl SDK ``LINE::Bot::API``. With ``LineBotApi`` from this package::

    api = LineBotApi(channel_secret=SECRET, channel_access_token=TOKEN)
    api.push_message(user_id, SendMessage().add_text(text="hi").build()).raise_for_status()
"""

from typing import TYPE_CHECKING, Any

from .errors import (
    BadRequestError,
    ConflictError,
    ForbiddenError,
    LineBotApiError,
    LineBotNetworkError,
    LineBotTimeoutError,
    MonthlyQuotaExceededError,
    NotFoundError,
    RateLimitError,
    ServerError,
    TooManyRequestsError,
    UnauthorizedError,
)
from .events import Event, InvalidWebhookBody, parse_events_from_json, parse_webhook_body
from .response import LineBotResponse
from .signature import compute_signature, validate_signature

if TYPE_CHECKING:
    from .aio import AsyncLineBotApi
    from .client import API_DATA_ENDPOINT, API_ENDPOINT, DEFAULT_TIMEOUT, LineBotApi
    from .retry import RetryPolicy

# The client (and requests) load on first use, so the webhook path imports in a few milliseconds.
_FROM_CLIENT = {"API_DATA_ENDPOINT", "API_ENDPOINT", "DEFAULT_TIMEOUT", "LineBotApi"}


def __getattr__(name: str) -> Any:
    if name in _FROM_CLIENT:
        from . import client

        return getattr(client, name)
    if name == "AsyncLineBotApi":  # needs httpx, the ``async`` extra
        from .aio import AsyncLineBotApi

        return AsyncLineBotApi
    if name == "RetryPolicy":
        from .retry import RetryPolicy

        return RetryPolicy
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "API_DATA_ENDPOINT",
    "API_ENDPOINT",
    "DEFAULT_TIMEOUT",
    "AsyncLineBotApi",
    "BadRequestError",
    "ConflictError",
    "Event",
    "ForbiddenError",
    "InvalidWebhookBody",
    "LineBotApi",
    "LineBotApiError",
    "LineBotNetworkError",
    "LineBotResponse",
    "LineBotTimeoutError",
    "MonthlyQuotaExceededError",
    "NotFoundError",
    "RateLimitError",
    "RetryPolicy",
    "ServerError",
    "TooManyRequestsError",
    "UnauthorizedError",
    "compute_signature",
    "parse_events_from_json",
    "parse_webhook_body",
    "validate_signature",
]
