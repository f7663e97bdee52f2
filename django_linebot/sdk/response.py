"""The result of every :class:`~django_linebot.sdk.LineBotApi` call."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Self

from .errors import LineBotApiError, error_class_for

_CAMEL_BOUNDARY = re.compile(r"_([a-z0-9])")


def to_camel(name: str) -> str:
    """``display_name`` -> ``displayName``."""
    return _CAMEL_BOUNDARY.sub(lambda m: m.group(1).upper(), name)


class LineBotResponse:
    """What LINE answered.

    ``is_success``, ``http_status``, ``request_id`` (``x-line-request-id``),
    ``accepted_request_id``, ``message`` and ``details`` (for errors), the parsed
    JSON body as ``data`` and, for downloads, ``content`` and ``content_type``
    (or ``path`` when streamed to a file).

    Each call returns the subclass for its response schema (see :mod:`.responses`):
    ``get_profile`` a ``UserProfileResponse`` whose ``display_name``, ``status_message`` ...
    are declared and typed. A field the schema declares but the body lacks reads as
    ``None`` (``profile.status_message``, ``followers.next`` on the last page); a name
    the schema does not declare and the body does not hold raises ``AttributeError``
    naming it, so a typo is caught (and flagged by a type checker before it runs).
    A field LINE sends beyond the schema is still readable under its snake_case name.
    """

    #: ``snake_case attribute -> JSON key`` of the fields the response schema declares.
    _fields: ClassVar[dict[str, str]] = {}

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
        #: The HTTP status LINE answered with.
        self.http_status: int = http_status
        #: The response headers (case-insensitive).
        self.headers: Mapping[str, str] = headers
        #: The parsed JSON body (``{}`` when there is none).
        self.data: Any = data
        #: A download's bytes, when kept in memory.
        self.content: bytes | None = content
        #: A download's ``Content-Type``.
        self.content_type: str | None = content_type
        #: Where a download was streamed to, when given a path.
        self.path: str | None = path
        #: A 409 for a retry key LINE had already accepted (counts as success).
        self.already_accepted: bool = already_accepted

    @property
    def is_success(self) -> bool:
        """2xx, or a 409 saying this retry key was already accepted."""
        return 200 <= self.http_status < 300 or self.already_accepted

    @property
    def request_id(self) -> str | None:
        """LINE's ``x-line-request-id`` for this call (quote it to LINE's support)."""
        return self.headers.get("x-line-request-id")

    @property
    def accepted_request_id(self) -> str | None:
        """On a 409 for a retry key: the request id of the request LINE already accepted."""
        return self.headers.get("x-line-accepted-request-id")

    @property
    def message(self) -> str | None:
        """LINE's error message (``message``, else the OAuth ``error_description`` or ``error``)."""
        if isinstance(self.data, dict):
            msg = self.data.get("message") or self.data.get("error_description")
            return msg or self.data.get("error")
        return None

    @property
    def details(self) -> list[dict[str, Any]]:
        """LINE's error details (``[{"property": ..., "message": ...}]``; empty when none)."""
        if isinstance(self.data, dict):
            return list(self.data.get("details") or [])
        return []

    @property
    def error(self) -> str | None:
        """The OAuth endpoints' ``error`` code (``invalid_request`` ...), ``None`` when LINE sends none."""
        value = self.data.get("error") if isinstance(self.data, dict) else None
        return value if isinstance(value, str) else None

    @property
    def error_description(self) -> str | None:
        """The OAuth endpoints' ``error_description``, ``None`` when LINE sends none."""
        value = self.data.get("error_description") if isinstance(self.data, dict) else None
        return value if isinstance(value, str) else None

    def raise_for_status(self) -> Self:
        """Raise the typed :class:`LineBotApiError` for a failure; return self (typed as it is) otherwise."""
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

    if not TYPE_CHECKING:  # type checkers see only the declared fields, so they flag typos

        def __getattr__(self, name: str) -> Any:
            if name.startswith("__"):  # copy, pickle and friends probe for dunders
                raise AttributeError(name)
            data = object.__getattribute__(self, "data")
            key = type(self)._fields.get(name)
            if key is not None:
                return data.get(key) if isinstance(data, dict) else None
            if isinstance(data, dict):
                if name in data:
                    return data[name]
                camel = to_camel(name)
                if camel in data:
                    return data[camel]
            raise AttributeError(f"{type(self).__name__} has no field {name!r}")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.http_status} request_id={self.request_id!r}>"


__all__ = ["LineBotResponse", "LineBotApiError", "to_camel"]
