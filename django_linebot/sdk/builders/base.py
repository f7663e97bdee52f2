"""The machinery every builder shares: fields declared once, JSON out, JSON in, checks with paths.

A builder is a keyword-only dataclass. Each field is a Python snake_case name whose JSON key is its
camelCase form (or ``Rule(key=...)``); its type hint is checked when the builder is built, and the
:class:`Rule` in ``Annotated[...]`` adds what LINE's schema cannot say (UTF-16 lengths, counts,
patterns). ``build()`` returns the JSON-ready dict and raises :class:`BuildError` naming the path of
the first wrong value (``body.contents[2].action.uri: ...``); ``from_json()`` reads that JSON back
into builders, refusing keys the object does not have.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Callable, Mapping
from typing import Annotated, Any, ClassVar, Literal, Self, Union, get_args, get_origin

from ..validation import utf16_length

Json = dict[str, Any]

__all__ = ["BuildError", "Builder", "Rule", "Json", "at", "item"]


class BuildError(ValueError):
    """A value LINE would refuse; ``path`` names it (``contents.body.contents[2].action.uri``)."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}" if path else reason)


@dataclasses.dataclass(frozen=True)
class Rule:
    """What a field's type hint cannot say; put it in ``Annotated[type, Rule(...)]``."""

    #: The JSON key, when it is not the camelCase form of the field's name.
    key: str | None = None
    #: Length of a string in UTF-16 code units (LINE's unit), or of a list in items.
    max_length: int | None = None
    min_length: int | None = None
    #: Bounds of a number (inclusive).
    minimum: float | None = None
    maximum: float | None = None
    #: A regular expression the whole string matches; ``pattern_rule`` says it in words.
    pattern: str | None = None
    pattern_rule: str = ""
    #: Any further check of the value: returns the reason it is wrong, or ``None``.
    check: Callable[[Any], str | None] | None = None


def at(path: str, key: str) -> str:
    """The path of ``key`` inside ``path``."""
    return f"{path}.{key}" if path else key


def item(path: str, index: int) -> str:
    """The path of item ``index`` of the list at ``path``."""
    return f"{path}[{index}]"


def _camel(name: str) -> str:
    head, *rest = name.rstrip("_").split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


@dataclasses.dataclass(frozen=True)
class _Field:
    name: str
    key: str
    hint: Any
    rule: Rule | None
    required: bool


class Builder:
    """Base of every builder. Subclasses are ``@dataclass(kw_only=True)`` classes.

    ``TYPE`` is the object's ``"type"`` in LINE's JSON, when it has one. A class made with
    ``polymorphic=True`` (``class Action(Builder, polymorphic=True)``) reads JSON into the subclass
    its ``"type"`` names.
    """

    TYPE: ClassVar[str | None] = None
    #: The key order of the JSON the object was read from (``from_json``), kept when it is built.
    _key_order: tuple[str, ...] = ()
    _kinds: ClassVar[dict[str, type[Builder]]]
    _fields_cache: ClassVar[tuple[_Field, ...] | None] = None

    def __init_subclass__(cls, polymorphic: bool = False, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._fields_cache = None
        if polymorphic:
            cls._kinds = {}
        elif cls.__dict__.get("TYPE") is not None:
            for base in cls.__mro__[1:]:
                kinds = base.__dict__.get("_kinds")
                if kinds is not None:
                    kinds[cls.__dict__["TYPE"]] = cls

    # ----------------------------------------------------------------- fields

    @classmethod
    def _fields(cls) -> tuple[_Field, ...]:
        cached: tuple[_Field, ...] | None = cls.__dict__.get("_fields_cache")
        if cached is not None:
            return cached
        hints = typing.get_type_hints(cls, include_extras=True)
        own = set(cls.__dict__.get("__annotations__", {}))
        found: list[_Field] = []
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            hint, rule = _split(hints[f.name])
            key = rule.key if rule and rule.key else _camel(f.name)
            required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            found.append(_Field(f.name, key, hint, rule, required))
        # the object's own fields first, the ones every kind shares (quickReply, sender) last
        ordered = tuple(sorted(found, key=lambda f: f.name not in own))
        cls._fields_cache = ordered
        return ordered

    # ------------------------------------------------------------------ build

    def build(self) -> Json:
        """The JSON LINE takes, checked; :class:`BuildError` names the first wrong value's path."""
        return self.build_at("")

    def validate(self) -> None:
        """Check the object as :meth:`build` does, without keeping the JSON."""
        self.build_at("")

    def build_at(self, path: str) -> Json:
        """:meth:`build`, with errors' paths below ``path``."""
        out: Json = {}
        if self.TYPE is not None:
            out["type"] = self.TYPE
        for f in self._fields():
            value = getattr(self, f.name)
            where = at(path, f.key)
            if value is None:
                if f.required:
                    raise BuildError(where, "is required")
                continue
            out[f.key] = _encode(value, f.hint, f.rule, where)
        order = self._key_order
        if order:
            rank = {key: i for i, key in enumerate(order)}
            out = dict(sorted(out.items(), key=lambda kv: rank.get(kv[0], len(rank))))
        self.check(out, path)
        return out

    def check(self, built: Json, path: str) -> None:
        """Rules across fields (a subclass's); ``built`` is this object's JSON, ``path`` its place."""

    # ------------------------------------------------------------- from JSON

    @classmethod
    def from_json(cls, data: Any, path: str = "") -> Self:
        """Builders from LINE's JSON (``path`` prefixes error paths); checked as :meth:`build` checks."""
        obj = cls._read(data, path)
        obj.build_at(path)
        return obj

    @classmethod
    def _read(cls, data: Any, path: str) -> Self:
        if not isinstance(data, Mapping):
            raise BuildError(path, f"must be an object, got {type(data).__name__}")
        kinds: dict[str, type[Builder]] | None = cls.__dict__.get("_kinds")
        if kinds is not None:
            kind = data.get("type")
            target = kinds.get(kind) if isinstance(kind, str) else None
            if target is None or not issubclass(target, cls):
                raise BuildError(at(path, "type"), f"must be one of {sorted(kinds)}, got {kind!r}")
            return target._read(data, path)
        if cls.TYPE is not None and data.get("type", cls.TYPE) != cls.TYPE:
            raise BuildError(at(path, "type"), f"must be {cls.TYPE!r}, got {data.get('type')!r}")
        by_key = {f.key: f for f in cls._fields()}
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            if key == "type" and cls.TYPE is not None:
                continue
            f = by_key.get(key)
            if f is None:
                raise BuildError(at(path, key), f"is not a field of {cls.__name__} (it has {sorted(by_key)})")
            kwargs[f.name] = _decode(value, f.hint, at(path, key))
        missing = [f.key for f in cls._fields() if f.required and f.name not in kwargs]
        if missing:
            raise BuildError(at(path, missing[0]), "is required")
        obj = cls(**kwargs)
        obj._key_order = tuple(data)  # so an unchanged object builds the same JSON text
        return obj


def _split(hint: Any) -> tuple[Any, Rule | None]:
    """``Annotated[T, Rule(...)]`` (or ``Annotated[...] | None``) -> ``(T or T | None, the rule)``."""
    if get_origin(hint) is Annotated:
        inner, *extras = get_args(hint)
        return inner, next((e for e in extras if isinstance(e, Rule)), None)
    if get_origin(hint) in (Union, types.UnionType):
        rule = None
        members = []
        for member in get_args(hint):
            inner, found = _split(member)
            rule = rule or found
            members.append(inner)
        return Union[tuple(members)], rule  # noqa: UP007 - built at run time
    return hint, None


# ------------------------------------------------------------------ encoding


def _members(hint: Any) -> tuple[Any, ...]:
    if get_origin(hint) in (Union, types.UnionType):
        return tuple(a for a in get_args(hint) if a is not type(None))
    return (hint,)


def _name(hint: Any) -> str:
    if isinstance(hint, type):
        return hint.__name__
    if get_origin(hint) is Literal:
        return " or ".join(repr(a) for a in get_args(hint))
    return str(hint).replace("typing.", "")


def _encode(value: Any, hint: Any, rule: Rule | None, path: str) -> Any:
    members = _members(hint)
    for member in members:
        origin = get_origin(member)
        if isinstance(member, type) and issubclass(member, Builder):
            if isinstance(value, member):
                return value.build_at(path)
        elif origin is list:
            if isinstance(value, list | tuple):
                inner, inner_rule = _split(get_args(member)[0])
                _check_rule(value, rule, path)
                return [_encode(v, inner, inner_rule, item(path, i)) for i, v in enumerate(value)]
        elif origin is dict:
            if isinstance(value, Mapping):
                inner, inner_rule = _split(get_args(member)[1])
                return {str(k): _encode(v, inner, inner_rule, at(path, str(k))) for k, v in value.items()}
        elif origin is Literal:
            if value in get_args(member) and not isinstance(value, bool):
                _check_rule(value, rule, path)
                return value
        elif member is float:
            if isinstance(value, int | float) and not isinstance(value, bool):
                _check_rule(value, rule, path)
                return value
        elif member is int:
            if isinstance(value, int) and not isinstance(value, bool):
                _check_rule(value, rule, path)
                return value
        elif member is Any or (isinstance(member, type) and isinstance(value, member)):
            _check_rule(value, rule, path)
            return value
    expected = " or ".join(_name(m) for m in members)
    shown = repr(value)
    raise BuildError(
        path, f"must be {expected}, got {shown if len(shown) < _SHOWN else shown[:_SHOWN] + '...'}"
    )


#: Characters of a wrong value an error message shows.
_SHOWN = 80


def _check_rule(value: Any, rule: Rule | None, path: str) -> None:
    if isinstance(value, str) and any("\ud800" <= c <= "\udfff" for c in value):
        raise BuildError(path, "is not valid Unicode (it holds a lone surrogate)")
    if rule is None:
        return
    if isinstance(value, str | list | tuple):
        size = utf16_length(value) if isinstance(value, str) else len(value)
        unit = "UTF-16 units" if isinstance(value, str) else "items"
        if rule.max_length is not None and size > rule.max_length:
            raise BuildError(path, f"has {size} {unit}; the limit is {rule.max_length}")
        if rule.min_length is not None and size < rule.min_length:
            raise BuildError(path, f"has {size} {unit}; at least {rule.min_length} are needed")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if rule.minimum is not None and value < rule.minimum:
            raise BuildError(path, f"is {value}; the minimum is {rule.minimum:g}")
        if rule.maximum is not None and value > rule.maximum:
            raise BuildError(path, f"is {value}; the maximum is {rule.maximum:g}")
    if rule.pattern is not None and isinstance(value, str) and not re.fullmatch(rule.pattern, value):
        raise BuildError(path, f"must be {rule.pattern_rule or 'of the form ' + rule.pattern}, got {value!r}")
    if rule.check is not None:
        reason = rule.check(value)
        if reason:
            raise BuildError(path, reason)


# ------------------------------------------------------------------ decoding


def _decode(value: Any, hint: Any, path: str) -> Any:
    if value is None:
        return None
    members = _members(_split(hint)[0])
    builders = [m for m in members if isinstance(m, type) and issubclass(m, Builder)]
    if builders and isinstance(value, Mapping):
        if len(builders) == 1:
            return builders[0]._read(value, path)
        by_type: dict[str, type[Builder]] = {}
        for b in builders:
            by_type.update(b.__dict__.get("_kinds") or ({b.TYPE: b} if b.TYPE else {}))
        kind = value.get("type")
        target = by_type.get(kind) if isinstance(kind, str) else None
        if target is None:
            raise BuildError(at(path, "type"), f"must be one of {sorted(by_type)}, got {kind!r}")
        return target._read(value, path)
    for member in members:
        origin = get_origin(member)
        if origin is list and isinstance(value, list):
            (inner,) = get_args(member)
            return [_decode(v, inner, item(path, i)) for i, v in enumerate(value)]
        if origin is dict and isinstance(value, Mapping):
            _, inner = get_args(member)
            return {k: _decode(v, inner, at(path, str(k))) for k, v in value.items()}
    return value  # a plain value: checked when built
