"""The layers point one way: the import graph of ``django_linebot``, read with ``ast``.

Every ``import`` counts, at module level or inside a function (a function-level import that dodges
a cycle is still a cycle). Optional dependencies and the standard library are outside the graph;
only the app's own modules are its nodes.

    sdk  <-  conf  <-  models  <-  services (channels, inbound, send, richmenus, ...)  <-  views,
    tasks, admin, api, management commands
"""

from __future__ import annotations

import ast
from pathlib import Path

import django_linebot

ROOT = "django_linebot"
PACKAGE = Path(django_linebot.__file__).parent

#: Optional dependencies, imported where a feature needs them: never part of the graph.
OPTIONAL = {"jwt", "redis", "httpx", "yaml", "jsonschema", "psycopg", "hypothesis", "pytest"}
#: Django and what runs on it: the SDK imports none of them.
FRAMEWORKS = {"django", "rest_framework", "celery", "kombu", "asgiref"}
#: What models must not import: everything above them (with the names of 0.1's service modules).
ABOVE_MODELS = [
    "clients",
    "tokens",
    "dispatch",
    "channels",
    "inbound",
    "send",
    "richmenus",
    "queue",
    "tasks",
    "views",
    "urls",
    "admin",
    "api",
    "management",
]


def module_names(package: Path = PACKAGE) -> dict[str, Path]:
    """Every module of the package, by dotted name (a package by its own name, for its ``__init__``)."""
    names = {}
    for path in sorted(package.rglob("*.py")):
        parts = [ROOT, *path.relative_to(package).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> tuple[set[str], set[str]]:
    """(the app's modules ``name`` imports, the top-level names of other packages it imports)."""
    is_package = path.name == "__init__.py"
    here = name.split(".") if is_package else name.split(".")[:-1]
    internal: set[str] = set()
    external: set[str] = set()

    def add(target: str) -> None:
        if target.split(".")[0] != ROOT:
            external.add(target.split(".")[0])
            return
        while target not in modules:  # a name imported from a module: the module
            target = target.rpartition(".")[0]
        parts = target.split(".")
        for depth in range(2, len(parts) + 1):  # importing a.b.c runs a.b's __init__ too
            ancestor = ".".join(parts[:depth])
            if not name.startswith(ancestor + ".") and ancestor != name:
                internal.add(ancestor)

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(here[: len(here) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            if base.split(".")[0] != ROOT:
                add(base)
                continue
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                add(submodule if submodule in modules else base)
    return internal, external - OPTIONAL


def import_graph(package: Path = PACKAGE) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(internal edges, external imports) for every module of the package."""
    modules = module_names(package)
    graph, outside = {}, {}
    for name, path in modules.items():
        graph[name], outside[name] = imports_of(name, path, modules)
    return graph, outside


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module, or a module importing itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(start: str) -> None:  # Tarjan's algorithm, iterative (no recursion limit)
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, edges = work[-1]
            for target in edges:
                if target not in index:
                    index[target] = low[target] = counter[0]
                    counter[0] += 1
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph.get(target, ())))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1 or node in graph.get(node, ()):
                        found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def violations(package: Path = PACKAGE) -> list[str]:
    """Every way the package's imports break its layers, in words (empty: none)."""
    graph, outside = import_graph(package)
    problems = [f"import cycle: {' <-> '.join(component)}" for component in cycles(graph)]
    for name in sorted(graph):
        if name == f"{ROOT}.sdk" or name.startswith(f"{ROOT}.sdk."):
            for target in sorted(graph[name]):
                if not target.startswith(f"{ROOT}.sdk"):
                    problems.append(f"{name} imports {target}: the SDK imports nothing of the app")
            for package in sorted(outside[name] & FRAMEWORKS):
                problems.append(f"{name} imports {package}: the SDK runs without Django")
        if name == f"{ROOT}.models" or name.startswith(f"{ROOT}.models."):
            for target in sorted(graph[name]):
                layer = target.split(".")[1]
                if layer in ABOVE_MODELS:
                    problems.append(f"{name} imports {target}, a layer above the models")
        if name == f"{ROOT}.api" or name.startswith(f"{ROOT}.api."):
            for target in sorted(graph[name]):
                if target.split(".")[1] == "admin":
                    problems.append(f"{name} imports {target}: the REST API does not use the admin")
    return problems


def test_the_layers_point_one_way() -> None:
    assert violations() == []


def test_the_graph_sees_function_level_and_relative_imports(tmp_path) -> None:
    """The checker itself: a cycle through a function-level import, and the layer rules, are found."""
    package = tmp_path / ROOT
    (package / "models").mkdir(parents=True)
    (package / "sdk").mkdir()
    files = {
        "__init__.py": "",
        "models/__init__.py": "from .channel import Channel\n",
        "models/channel.py": "class Channel:\n    def get_api(self):\n        from ..channels import get_api\n",
        "channels.py": "from .models import Channel\n",
        "sdk/__init__.py": "import django\nfrom ..conf import get\n",
        "conf.py": "import jwt\n",
    }
    for name, text in files.items():
        (package / name).write_text(text, encoding="utf-8")
    found = violations(package)
    assert (
        "import cycle: django_linebot.channels <-> django_linebot.models <-> django_linebot.models.channel"
        in (found)
    )
    assert "django_linebot.models.channel imports django_linebot.channels, a layer above the models" in found
    assert "django_linebot.sdk imports django_linebot.conf: the SDK imports nothing of the app" in found
    assert "django_linebot.sdk imports django: the SDK runs without Django" in found
    assert not any("jwt" in problem for problem in found)


def test_the_models_import_only_what_is_below_them() -> None:
    graph, _ = import_graph()
    below = {f"{ROOT}.{name}" for name in ("conf", "crypto", "fields", "richmenu_images")}
    for name, targets in graph.items():
        if name.startswith(f"{ROOT}.models"):
            assert {
                t for t in targets if not t.startswith(f"{ROOT}.models") and not t.startswith(f"{ROOT}.sdk")
            } <= below, name
