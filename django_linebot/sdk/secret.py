"""Credentials that never show themselves: in reprs, log lines, tracebacks or error reports.

Django's technical 500 page and error e-mails print every local variable of every
frame with ``repr``. A token or a channel secret held in a plain ``str`` (an argument,
a header dict, a form dict) lands there verbatim. Wrapped in :class:`Secret` it shows
as ``Secret('********')``; the raw text comes out only through :meth:`Secret.reveal`,
which the client calls at the moment ``requests`` encodes the request.

This module imports nothing heavy: the models use it without loading ``requests``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

MASK = "********"


class Secret:
    """A token, channel secret or JWT assertion whose ``repr`` and ``str`` are masked.

    ``Secret(value)`` (a ``Secret`` given a ``Secret`` keeps the inner value).
    ``reveal()`` gives the raw text; ``bool()`` says whether it is non-empty.
    """

    __slots__ = ("_value",)
    _value: str

    def __init__(self, value: str | Secret) -> None:
        self._value = value._value if isinstance(value, Secret) else value

    def reveal(self) -> str:
        """The raw text, for the one place that must send it."""
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash((Secret, self._value))

    def __repr__(self) -> str:
        return f"Secret({MASK!r})"

    __str__ = __repr__


def reveal(value: str | Secret | None) -> str | None:
    """The raw text of ``value``, whether it is a :class:`Secret` or a plain string."""
    return value.reveal() if isinstance(value, Secret) else value


class SecretForm(Mapping[str, str]):
    """Form fields (or query parameters) some of which are credentials.

    ``requests`` reads it like a dict when it encodes the body, so the values are
    revealed there and nowhere else; its ``repr`` shows the field names only.
    """

    __slots__ = ("_fields",)

    def __init__(self, **fields: str | Secret) -> None:
        self._fields = fields

    def __getitem__(self, name: str) -> str:
        value = self._fields[name]
        return value.reveal() if isinstance(value, Secret) else value

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)

    def __repr__(self) -> str:
        return f"<SecretForm {', '.join(self._fields)}: values hidden>"

    __str__ = __repr__
