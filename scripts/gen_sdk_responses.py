"""Generate ``django_linebot/sdk/responses.py`` from LINE's OpenAPI documents.

    python scripts/gen_sdk_responses.py [SPEC_DIR]   # default: $LINEBOT_OPENAPI_DIR or ../shared/line-openapi

One response class per response schema of the client documents (messaging-api, channel-access-token,
insight, manage-audience, liff, module, module-attach, shop), with each field declared under its
snake_case name and its type, and one ``TypedDict`` per nested object schema (its keys in LINE's
camelCase, as the JSON holds them). The documents themselves stay outside the project; the generated
module is committed, and ``tests/sdk/test_responses.py`` checks it is what this script makes from them.
"""

from __future__ import annotations

import json
import keyword
import os
import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "django_linebot" / "sdk" / "responses.py"
DOCUMENTS = (
    "messaging-api",
    "channel-access-token",
    "insight",
    "manage-audience",
    "liff",
    "module",
    "module-attach",
    "shop",
)
#: Accessors of LineBotResponse itself: a schema field of the same name is read through them.
BASE_ATTRIBUTES = frozenset(
    {
        "http_status",
        "headers",
        "data",
        "content",
        "content_type",
        "path",
        "already_accepted",
        "is_success",
        "request_id",
        "accepted_request_id",
        "message",
        "details",
        "error",
        "error_description",
        "raise_for_status",
    }
)
#: Extra names for a field, where another SDK's users know it by another name: {class: {alias: field}}.
ALIASES = {
    # The Perl SDK's get_valid_channel_access_token_v2_1 response reads ``key_ids``.
    "ChannelAccessTokenKeyIdsResponse": {"key_ids": "kids"},
}
_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z]|\d|\b)|[A-Z]?[a-z]+|[A-Z]+|\d+")


def q(text: str) -> str:
    """A double-quoted Python string literal (the project's format)."""
    return json.dumps(text, ensure_ascii=False)


def spec_dir(argv: list[str]) -> Path:
    if len(argv) > 1:
        return Path(argv[1])
    env = os.environ.get("LINEBOT_OPENAPI_DIR")
    return Path(env) if env else ROOT.parent / "shared" / "line-openapi"


def snake(name: str) -> str:
    """``displayName`` -> ``display_name``, ``richMenuId`` -> ``rich_menu_id``, ``kids`` -> ``kids``."""
    out = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name)
    out = re.sub(r"(?<=[A-Z])([A-Z][a-z])", r"_\1", out)
    return out.lower()


class Generator:
    def __init__(self, directory: Path) -> None:
        self.schemas: dict[str, dict[str, Any]] = {}
        self.operations: list[tuple[str, str]] = []  # (operationId, response schema)
        for doc in DOCUMENTS:
            spec = yaml.safe_load((directory / f"{doc}.yml").read_text(encoding="utf-8"))
            for name, schema in (spec.get("components", {}).get("schemas") or {}).items():
                self.schemas.setdefault(name, schema)
            for methods in spec["paths"].values():
                for method, op in methods.items():
                    if method not in ("get", "post", "put", "delete", "patch"):
                        continue
                    answers = op.get("responses", {})
                    ok = answers.get("200") or answers.get("201") or answers.get("202") or {}
                    schema = (ok.get("content") or {}).get("application/json", {}).get("schema") or {}
                    if "$ref" in schema:
                        self.operations.append((op["operationId"], schema["$ref"].rsplit("/", 1)[1]))
        self.response_schemas = {schema for _, schema in self.operations}
        self.typed_dicts: dict[str, str] = {}
        self.pending: list[str] = []

    # ---------------------------------------------------------------- types

    def dict_name(self, name: str) -> str:
        """The TypedDict's name: the schema's, or ``<schema>Object`` where a response class has that name."""
        return f"{name}Object" if name in self.response_schemas else name

    def is_object(self, schema: dict[str, Any]) -> bool:
        return schema.get("type", "object") == "object" and bool(schema.get("properties"))

    def annotation(self, schema: dict[str, Any]) -> str:
        """The Python type of a value of ``schema`` as the JSON holds it."""
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[1]
            target = self.schemas[name]
            if (
                self.is_object(target)
                and "discriminator" not in target
                and not any(k in target for k in ("allOf", "oneOf", "anyOf"))
            ):
                if name not in self.typed_dicts:
                    self.typed_dicts[name] = ""
                    self.pending.append(name)
                return self.dict_name(name)
            if any(k in target for k in ("allOf", "oneOf", "anyOf")) or "discriminator" in target:
                return "dict[str, Any]"
            return self.annotation(target)
        kind = schema.get("type")
        if kind in _SCALARS:
            return _SCALARS[kind]
        if kind == "array":
            return f"list[{self.annotation(schema.get('items') or {})}]"
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and extra:
            return f"dict[str, {self.annotation(extra)}]"
        return "dict[str, Any]" if kind == "object" or "discriminator" in schema else "Any"

    # ---------------------------------------------------------------- output

    @staticmethod
    def summary(schema: dict[str, Any], fallback: str) -> str:
        text = (schema.get("description") or "").strip().split("\n")[0].strip()
        text = text.replace('"""', "'''").replace("\\", "\\\\")
        return text or fallback

    def typed_dict(self, name: str) -> str:
        schema = self.schemas[name]
        fields = sorted(schema["properties"].items())
        doc = self.summary(schema, f"LINE's ``{name}`` object")
        cls = self.dict_name(name)
        if all(key.isidentifier() and not keyword.iskeyword(key) for key, _ in fields):
            rows = [f"    {key}: {self.annotation(prop)}" for key, prop in fields]
            return f'class {cls}(TypedDict, total=False):\n    """{doc}"""\n\n' + "\n".join(rows) + "\n"
        # The functional form, for keys that are not identifiers.
        rows = [f"        {q(key)}: {self.annotation(prop)}," for key, prop in fields]
        return (
            f"{cls} = TypedDict(\n    {q(cls)},\n    {{\n"
            + "\n".join(rows)
            + "\n    },\n    total=False,\n)\n"
        )

    def response_class(self, name: str, operations: list[str]) -> str:
        schema = self.schemas[name]
        required = set(schema.get("required") or [])
        url = (schema.get("externalDocs") or {}).get("url")
        lines = [f"class {name}(LineBotResponse):"]
        doc = self.summary(schema, f"What LINE answers to {', '.join(operations)}.")
        if not doc.endswith("."):
            doc += "."
        lines.append(f'    """{doc}')
        lines.append("")
        lines.append(f"    Returned by {', '.join(f'``{op}``' for op in operations)}.")
        if url:
            lines.append(f"    LINE's reference: {url}")
        lines.append('    """')
        lines.append("")
        lines.append("    __slots__ = ()")
        fields: dict[str, str] = {}
        for key, prop in sorted((schema.get("properties") or {}).items()):
            attr = snake(key)
            if attr in BASE_ATTRIBUTES or keyword.iskeyword(attr):
                continue
            fields[attr] = key
            kind = self.annotation(prop)
            if key not in required:
                kind = f"{kind} | None"
            note = self.summary(prop, "")
            if note:
                lines.append(f"    #: {note}")
            lines.append(f"    {attr}: {kind}")
        for alias, target in ALIASES.get(name, {}).items():
            lines.append(f"    #: Another name of ``{snake(target)}``.")
            kind = self.annotation(schema["properties"][target])
            lines.append(f"    {alias}: {kind}{'' if target in required else ' | None'}")
            fields[alias] = target
        if fields:
            lines.append("    _fields: ClassVar[dict[str, str]] = {")
            lines.extend(f"        {q(attr)}: {q(key)}," for attr, key in fields.items())
            lines.append("    }")
        else:
            lines.append("    _fields: ClassVar[dict[str, str]] = {}")
        return "\n".join(lines) + "\n"

    def render(self) -> str:
        by_schema: dict[str, list[str]] = {}
        for op, schema in self.operations:
            by_schema.setdefault(schema, []).append(op)
        classes = [self.response_class(name, ops) for name, ops in sorted(by_schema.items())]
        dicts: list[str] = []
        while self.pending:
            name = self.pending.pop(0)
            self.typed_dicts[name] = self.typed_dict(name)
        dicts = [self.typed_dicts[name] for name in sorted(self.typed_dicts)]
        head = '''"""Typed responses: one class per response schema of LINE's OpenAPI documents.

GENERATED by ``scripts/gen_sdk_responses.py`` from LINE's OpenAPI documents; do not edit by hand.

Every field a schema declares is an attribute under its snake_case name (``profile.display_name``
reads ``displayName``), typed for editors and type checkers; a declared field the response lacks
reads as ``None``. Nested objects are plain dicts, typed as the ``TypedDict`` of their schema
(keys in LINE's camelCase). :data:`BY_OPERATION` maps each ``operationId`` to its class and
:data:`BY_SCHEMA` each schema name to its class.

Fields the spec marks required are typed without ``None``: they are there on a success. On a
refusal (``is_success`` false, when the client does not raise) every field reads as ``None``.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypedDict

from .response import LineBotResponse

# ruff: noqa: E501
'''
        body = "\n\n".join(dicts + classes)
        by_op = "\n".join(f"    {q(op)}: {schema}," for op, schema in sorted(self.operations))
        by_name = "\n".join(f"    {q(name)}: {name}," for name in sorted(by_schema))
        tail = (
            "\n\n#: The response class of each operation, by LINE's ``operationId``.\n"
            f"BY_OPERATION: dict[str, type[LineBotResponse]] = {{\n{by_op}\n}}\n"
            "#: The response class of each response schema, by the schema's name.\n"
            f"BY_SCHEMA: dict[str, type[LineBotResponse]] = {{\n{by_name}\n}}\n"
        )
        names = (
            sorted(by_schema) + sorted(map(self.dict_name, self.typed_dicts)) + ["BY_OPERATION", "BY_SCHEMA"]
        )
        exports = "\n__all__ = [\n" + "\n".join(f"    {q(n)}," for n in names) + "\n]\n"
        return head + "\n\n" + body + tail + exports


def generate(directory: Path) -> str:
    """The source of ``responses.py`` made from the documents in ``directory``."""
    return Generator(directory).render()


def main(argv: list[str]) -> int:
    directory = spec_dir(argv)
    if not (directory / "messaging-api.yml").is_file():
        print(f"LINE's OpenAPI documents are not in {directory}", file=sys.stderr)
        return 1
    OUTPUT.write_text(generate(directory), encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
