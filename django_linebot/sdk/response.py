"""The result of every :class:`~django_linebot.sdk.LineBotApi` call."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .errors import LineBotApiError, error_class_for

_CAMEL_BOUNDARY = re.compile(r"_([a-z0-9])")


def to_camel(name: str) -> str:
    """``display_name`` -> ``displayName``."""
    return _CAMEL_BOUNDARY.sub(lambda m: m.group(1).upper(), name)


class LineBotResponse:
    """What LINE answered.

    ``is_success``, ``http_status``, ``request_id`` (``x-line-request-id``),
    ``accepted_request_id``, ``message`` and ``details`` (for errors), the parsed
    JSON body as ``data`` and, for downloads, ``content`` and ``content_type``.
    Every field of a JSON object body is also an attribute under its snake_case
    name: ``profile.display_name``, ``quota.value``, ``menu.rich_menu_id``.
    """

    __slots__ = (
        "http_status",
        "headers",
        "data",
        "content",
        "content_type",
        "path",
        "already_accepted",
    )

    def __init__(
        self,
        http_status: int,
        headers: Mapping[str, str],
        data: Any = None,
        *,
        content: bytes | None = None,
        content_type: str | None = None,
        path: str | None = None,
        already_accepted: bool = False,
    ) -> None:
        self.http_status = http_status
        self.headers = headers
        self.data = data
        self.content = content
        self.content_type = content_type
        self.path = path
        self.already_accepted = already_accepted

    @property
    def is_success(self) -> bool:
        """2xx, or a 409 saying this retry key was already accepted."""
        return 200 <= self.http_status < 300 or self.already_accepted

    @property
    def request_id(self) -> str | None:
        return self.headers.get("x-line-request-id")

    @property
    def accepted_request_id(self) -> str | None:
        return self.headers.get("x-line-accepted-request-id")

    @property
    def message(self) -> str | None:
        if isinstance(self.data, dict):
            msg = self.data.get("message") or self.data.get("error_description")
            return msg or self.data.get("error")
        return None

    @property
    def details(self) -> list[dict[str, Any]]:
        if isinstance(self.data, dict):
            return list(self.data.get("details") or [])
        return []

    def raise_for_status(self) -> LineBotResponse:
        """Raise the typed :class:`LineBotApiError` for a failure; return self otherwise."""
        if self.is_success:
            return self
        message = self.message or f"LINE answered HTTP {self.http_status}"
        cls = error_class_for(self.http_status, message)
        raise cls(
            message,
            status=self.http_status,
            details=self.details,
            request_id=self.request_id,
            accepted_request_id=self.accepted_request_id,
            headers=self.headers,
        )

    def __getattr__(self, name: str) -> Any:
        data = object.__getattribute__(self, "data")
        if isinstance(data, dict):
            if name in data:
                return data[name]
            camel = to_camel(name)
            if camel in data:
                return data[camel]
        raise AttributeError(name)

    def __repr__(self) -> str:
        return f"<LineBotResponse {self.http_status} request_id={self.request_id!r}>"


__all__ = ["LineBotResponse", "LineBotApiError", "to_camel"]
