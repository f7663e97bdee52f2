"""Check requests against LINE's official OpenAPI documents.

The documents are not shipped with this package: point :class:`SpecValidator`
at a folder holding LINE's ``messaging-api.yml`` and friends (a checkout of
``line/line-openapi``). Needs the ``test`` extra (PyYAML and jsonschema).
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SPEC_FILES = (
    "messaging-api.yml",
    "channel-access-token.yml",
    "manage-audience.yml",
    "insight.yml",
    "liff.yml",
    "module.yml",
    "module-attach.yml",
    "shop.yml",
)
ENV_VAR = "LINEBOT_OPENAPI_DIR"


def find_spec_dir(*candidates: str | os.PathLike[str]) -> Path | None:
    """The first folder holding ``messaging-api.yml``: ``$LINEBOT_OPENAPI_DIR``, then ``candidates``."""
    env = os.environ.get(ENV_VAR)
    for cand in ([env] if env else []) + list(candidates):
        path = Path(cand)
        if (path / "messaging-api.yml").is_file():
            return path
    return None


@dataclass
class Operation:
    operation_id: str
    method: str
    template: str
    regex: re.Pattern[str]
    document: str
    data_host: bool
    body_schemas: dict[str, Any] = field(default_factory=dict)
    body_required: bool = False
    query_required: list[str] = field(default_factory=list)


class SpecValidator:
    """Match a request to its operation and list how it disagrees with the spec."""

    def __init__(self, spec_dir: str | os.PathLike[str]) -> None:
        import jsonschema
        import yaml
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT4

        self.spec_dir = Path(spec_dir)
        self.operations: list[Operation] = []
        registry: Registry = Registry()
        for name in SPEC_FILES:
            path = self.spec_dir / name
            if not path.is_file():
                continue
            with open(path, encoding="utf-8") as fh:
                doc = yaml.safe_load(fh)
            _split_discriminators(doc)
            uri = f"urn:line-openapi:{name}"
            registry = registry.with_resource(uri, Resource.from_contents(doc, default_specification=DRAFT4))
            self._collect(doc, name, uri)
        self._registry = registry

        def discriminator(validator: Any, disc: Any, instance: Any, schema: Any) -> Any:
            if not isinstance(instance, dict):
                return
            prop = disc.get("propertyName")
            value = instance.get(prop)
            mapping = disc.get("mapping") or {}
            if value not in mapping:
                yield jsonschema.ValidationError(f"{prop}={value!r} is not one of {sorted(mapping)}")
                return
            yield from validator.descend(instance, {"$ref": mapping[value]})

        self._validator_cls = jsonschema.validators.extend(
            jsonschema.Draft4Validator, {"discriminator": discriminator}
        )
        # literal paths before templated ones: /richmenu/list before /richmenu/{id}
        self.operations.sort(key=lambda op: (op.template.count("{"), -len(op.template)))

    def _collect(self, doc: dict[str, Any], name: str, uri: str) -> None:
        default_data = "api-data" in (doc.get("servers") or [{}])[0].get("url", "")
        for template, ops in doc.get("paths", {}).items():
            regex = re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$")
            for method, op in ops.items():
                if method not in ("get", "post", "put", "delete", "patch"):
                    continue
                servers = op.get("servers")
                data_host = "api-data" in servers[0]["url"] if servers else default_data
                body = op.get("requestBody") or {}
                schemas = {
                    ctype: {"$ref": uri + "#" + content["schema"]["$ref"][1:]}
                    if "$ref" in content.get("schema", {})
                    else _rebase(content.get("schema", {}), uri)
                    for ctype, content in (body.get("content") or {}).items()
                }
                params = op.get("parameters", [])
                query_required = [p["name"] for p in params if p.get("in") == "query" and p.get("required")]
                self.operations.append(
                    Operation(
                        op["operationId"],
                        method.upper(),
                        template,
                        regex,
                        name,
                        data_host,
                        schemas,
                        bool(body.get("required")),
                        query_required,
                    )
                )

    def match(self, method: str, path: str) -> Operation | None:
        for op in self.operations:
            if op.method == method and op.regex.match(path):
                return op
        return None

    def check(
        self,
        method: str,
        path: str,
        query: dict[str, Any],
        content_type: str | None,
        body: Any,
    ) -> tuple[Operation | None, list[str]]:
        """The operation and a list of disagreements (empty when the request conforms)."""
        op = self.match(method, path)
        if op is None:
            return None, [f"no operation in the spec for {method} {path}"]
        errors = [f"query parameter {name!r} is required" for name in op.query_required if name not in query]
        ctype = (content_type or "").split(";")[0].strip()
        if op.body_schemas:
            if body is None or body == b"" or body == {}:
                if op.body_required:
                    errors.append("a request body is required")
                return op, errors
            schema = op.body_schemas.get(ctype) or op.body_schemas.get("*/*")
            if schema is None:
                errors.append(f"content type {ctype!r} is not one of {sorted(op.body_schemas)}")
                return op, errors
            if ctype in ("application/json", "application/x-www-form-urlencoded"):
                validator = self._validator_cls(schema, registry=self._registry)
                for err in sorted(validator.iter_errors(body), key=lambda e: list(e.path)):
                    where = ".".join(str(p) for p in err.absolute_path) or "(body)"
                    errors.append(f"{where}: {err.message}")
        return op, errors

    def check_component(self, name: str, instance: Any, document: str = "messaging-api.yml") -> list[str]:
        """How ``instance`` disagrees with the schema component ``name`` of ``document`` (empty: it
        conforms): for objects that are not a whole request body (a Flex bubble, an action, a rich
        menu area)."""
        schema = {"$ref": f"urn:line-openapi:{document}#/components/schemas/{name}"}
        checker = self._validator_cls(schema, registry=self._registry)
        errors = sorted(checker.iter_errors(instance), key=lambda e: [str(p) for p in e.absolute_path])
        return [f"{'.'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}" for e in errors]


def _rebase(schema: Any, uri: str) -> Any:
    """Point in-document ``$ref``s of an inline schema at their document."""
    if isinstance(schema, dict):
        return {
            k: (uri + v if k == "$ref" and isinstance(v, str) and v.startswith("#") else _rebase(v, uri))
            for k, v in schema.items()
        }
    if isinstance(schema, list):
        return [_rebase(v, uri) for v in schema]
    return schema


def _split_discriminators(doc: dict[str, Any]) -> None:
    """Give each subtype a discriminator-free copy of its base, so validation cannot loop."""
    schemas = doc.get("components", {}).get("schemas", {})
    for base_name, base in list(schemas.items()):
        disc = base.get("discriminator")
        if not disc:
            continue
        plain_name = base_name + "__plain"
        plain = copy.deepcopy(base)
        plain.pop("discriminator")
        schemas[plain_name] = plain
        base_ref = f"#/components/schemas/{base_name}"
        for target in (disc.get("mapping") or {}).values():
            sub = schemas.get(target.rsplit("/", 1)[-1], {})
            for part in sub.get("allOf", []):
                if part.get("$ref") == base_ref:
                    part["$ref"] = f"#/components/schemas/{plain_name}"
