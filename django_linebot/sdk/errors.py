"""Typed errors raised by :class:`~django_linebot.sdk.LineBotApi`.

Every error carries the HTTP status, LINE's message and details, and the
``x-line-request-id`` of the failed call. None of them ever holds the access
token: only the response LINE sent back is kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MONTHLY_QUOTA_MESSAGE = "You have reached your monthly limit."


class LineBotApiError(Exception):
    """A call to the LINE platform failed."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        details: list[dict[str, Any]] | None = None,
        request_id: str | None = None,
        accepted_request_id: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message: str = message
        self.status: int | None = status
        self.details: list[dict[str, Any]] = details or []
        self.request_id: str | None = request_id
        self.accepted_request_id: str | None = accepted_request_id
        self.headers: dict[str, str] = dict(headers or {})

    @property
    def retryable(self) -> bool:
        """Whether sending the same request again (with its retry key) may succeed."""
        return False

    def __str__(self) -> str:
        """The one text of a LINE error, wherever it is shown (admin messages, the outbox's
        ``last_error``, the REST API's ``detail``, logs): ``HTTP 400: <message> [<property>: <detail>]
        (request id <id>)``."""
        parts = [self.message]
        if self.status is not None:
            parts.insert(0, f"HTTP {self.status}:")
        for detail in self.details:
            if not isinstance(detail, Mapping):
                continue
            prop = detail.get("property")
            text = detail.get("message", "")
            parts.append(f"[{prop}: {text}]" if prop else f"[{text}]")
        if self.request_id:
            parts.append(f"(request id {self.request_id})")
        return " ".join(parts)

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"{name}(status={self.status!r}, message={self.message!r}, request_id={self.request_id!r})"


class BadRequestError(LineBotApiError):
    """400: the request was refused as malformed."""


class UnauthorizedError(LineBotApiError):
    """401: the access token is missing, invalid or expired."""


class ForbiddenError(LineBotApiError):
    """403: the channel is not allowed to use this endpoint."""


class NotFoundError(LineBotApiError):
    """404: the user, group, room, rich menu or content does not exist."""


class ConflictError(LineBotApiError):
    """409: the retry key was already accepted (see ``accepted_request_id``)."""


class TooManyRequestsError(LineBotApiError):
    """429: either a rate limit or the monthly message quota."""


class RateLimitError(TooManyRequestsError):
    """429: too many requests per second; retry later."""

    @property
    def retryable(self) -> bool:
        return True


class MonthlyQuotaExceededError(TooManyRequestsError):
    """429: the monthly message quota is used up; retrying will not help."""


class ServerError(LineBotApiError):
    """5xx: LINE failed; the request can be retried with its retry key."""

    @property
    def retryable(self) -> bool:
        return True


class LineBotNetworkError(LineBotApiError):
    """The request did not complete: connection refused, reset or dropped.

    The message names the method, the URL (without its query or any user:password), the
    ``host:port`` and the cause, e.g. ``POST https://api.line.me/v2/bot/message/reply failed:
    cannot connect to api.line.me:443 (connection refused)``.
    """

    @property
    def retryable(self) -> bool:
        return True


class LineBotTimeoutError(LineBotNetworkError):
    """LINE did not answer within the timeout; the message says which one (connect or read) and the host."""


_BY_STATUS: dict[int, type[LineBotApiError]] = {
    400: BadRequestError,
    401: UnauthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
}


def error_class_for(status: int, message: str) -> type[LineBotApiError]:
    """Pick the error class for an HTTP status and LINE's message."""
    if status == 429:
        if message == MONTHLY_QUOTA_MESSAGE or "monthly limit" in message.lower():
            return MonthlyQuotaExceededError
        return RateLimitError
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, LineBotApiError)
