"""JSON in and out of the REST API that cannot make it answer 500.

In: bodies nested too deep, numbers that overflow to infinity, NaN, lone surrogates
and NUL characters (which PostgreSQL's ``jsonb`` refuses) are a 400 naming where
they are. Out: a stored value holding a lone surrogate is shown with U+FFFD.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from rest_framework import serializers
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

#: deeper JSON than this is refused (LINE's deepest objects, flex bubbles, stay far below)
MAX_JSON_DEPTH = 64

_BAD_CHARS = re.compile("[\x00\ud800-\udfff]")
_SURROGATES = re.compile("[\ud800-\udfff]")


class JSONProblem(ValueError):
    """A JSON value the API does not store; ``path`` says where (``messages[0].text``)."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}" if path else problem)
        self.path = path

    @property
    def field(self) -> str:
        """The top-level key the problem is under (or ``""`` for the whole body)."""
        return re.split(r"[.\[]", self.path, maxsplit=1)[0]


def check_json(data: Any, path: str = "") -> None:
    """Raise :class:`JSONProblem` if ``data`` nests deeper than :data:`MAX_JSON_DEPTH`, holds a
    number that is not finite, or a string (or key) with a lone surrogate or a NUL."""
    stack: list[tuple[Any, str, int]] = [(data, path, 0)]
    while stack:
        value, where, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise JSONProblem(where, f"nested more than {MAX_JSON_DEPTH} levels deep")
        if isinstance(value, str):
            _check_text(value, where)
        elif isinstance(value, float) and not math.isfinite(value):
            raise JSONProblem(where, "a number too large (or not a number)")
        elif isinstance(value, dict):
            for key, item in value.items():
                _check_text(str(key), where)
                stack.append((item, f"{where}.{key}" if where else str(key), depth + 1))
        elif isinstance(value, list):
            stack.extend((item, f"{where}[{i}]", depth + 1) for i, item in enumerate(value))


def _check_text(text: str, where: str) -> None:
    bad = _BAD_CHARS.search(text)
    if bad:
        what = "a NUL character" if bad.group() == "\x00" else "a lone surrogate (not valid Unicode)"
        raise JSONProblem(where, f"holds {what}")


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def load_json(text: str | bytes, path: str = "") -> Any:
    """``json.loads`` for untrusted text: any problem is a ``ValueError`` (:class:`JSONProblem`
    for the checks of :func:`check_json`), never a ``RecursionError``."""
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise JSONProblem(path, f"nested more than {MAX_JSON_DEPTH} levels deep") from None
    check_json(data, path)
    return data


def problem_detail(exc: JSONProblem) -> dict[str, list[str]]:
    """A DRF error body naming the field the problem is under."""
    return {exc.field or "detail": [str(exc)]}


class SafeJSONParser(JSONParser):
    """DRF's JSON parser, plus the checks of :func:`load_json`: a 400 naming the field, never a 500."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(f"JSON parse error - nested more than {MAX_JSON_DEPTH} levels deep") from None
        try:
            check_json(data)
        except JSONProblem as exc:
            raise ParseError(problem_detail(exc)) from None
        return data


def readable(value: Any) -> Any:
    """``value`` with every lone surrogate in its strings (and keys) replaced by U+FFFD."""
    if isinstance(value, str):
        return _SURROGATES.sub("\ufffd", value)
    if isinstance(value, dict):
        return {readable(k): readable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [readable(v) for v in value]
    return value


class ReadableJSONField(serializers.JSONField):
    """A JSON field whose stored strings are always encodable (lone surrogates shown as U+FFFD)."""

    def to_representation(self, value: Any) -> Any:
        try:
            return readable(super().to_representation(value))
        except RecursionError:
            return "(nested too deeply to show)"
