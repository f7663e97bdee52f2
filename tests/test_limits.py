"""Each LINE limit and pattern is written once, in ``django_linebot/sdk/limits.py``.

The scan reads the package's source (``ast``, so comments and docstrings do not count) and fails on:

- a number that is one of LINE's limits, written outside ``limits.py`` (the distinctive values
  anywhere; the small ones, 2 to 13, where they bound a length or a count: compared with ``len(...)``,
  given as ``max_length=``/``max_num=``/``min_length=``, or as the step of a ``range``);
- a string holding one of LINE's patterns (the alias ID character class), or a literal tuple, list or
  set of two or more of the strings of a type list of ``limits.py`` (message, action, template types,
  send kinds, image formats);
- a constant of ``limits.py`` that nothing in the package uses.

What is not a LINE limit but has the same value is named in :data:`ALLOWED`, with the reason.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from django_linebot.models import OutgoingMessage
from django_linebot.sdk import events, limits

PACKAGE = Path(limits.__file__).resolve().parent.parent
LIMITS_FILE = Path(limits.__file__).resolve()

#: Values too common to scan everywhere: checked only where they bound a length or a count.
SMALL = range(2, 14)

#: (path in the package, value): why the same number there is not a LINE limit.
ALLOWED: dict[tuple[str, object], str] = {
    ("api/views.py", 500): "HTTP 4xx: 400 <= status < 500",
    ("api/views.py", 200): "HTTP 200 in the schema's documented responses",
    ("management/commands/linebot_reencrypt.py", 500): "database rows read per batch",
    ("sdk/client.py", 20): "the connection pool size of requests' adapter",
    ("sdk/client.py", 200): "HTTP 200 of a download",
    ("sdk/flow.py", 200): "200 bytes of a non-JSON answer kept as its message",
    ("sdk/_asyncio_transport.py", 200): "HTTP 1xx: 100 <= status < 200, the interim answers",
    ("sdk/_asyncio_transport.py", ("http", "https")): "the URL schemes the async transport speaks",
    ("sdk/errors.py", 500): "HTTP 5xx: LINE's server errors",
    ("sdk/response.py", 200): "HTTP 2xx: 200 <= status < 300",
    ("testing/fake/audiences.py", 20): "the fake's page size of audience groups",
    ("testing/fake/channel.py", 200): "HTTP 200: the webhook test's success",
    ("testing/fake/channel.py", 300): "HTTP 2xx: 200 <= status < 300, the webhook test's success",
    ("testing/fake/faults.py", 60): "the longest delay a fault set over HTTP may wait, in seconds",
    ("testing/fake/faults.py", 200): "the lowest HTTP status a fault set over HTTP may answer",
    ("testing/fake/faults.py", 500): "HTTP 500, a fault the fake injects",
    ("testing/fake/messages.py", ("reply", "push")): "the kinds whose answer lists sentMessages",
    ("testing/fake/messages.py", 200): "HTTP 200 answered by the fake",
    ("testing/fake/more.py", 500.0): "the price of the fake's sample coupon",
    ("testing/fake/more.py", 300): "the fake's page size of membership user IDs",
    ("testing/fake/more.py", 20): "the fake's default page size of a list",
    ("testing/fake/richmenus.py", 200): "HTTP 200 answered by the fake",
    ("testing/fake/server.py", 200): "HTTP 200 answered by the fake",
    ("views.py", 500): "HTTP 500 of the webhook view (a secret that cannot be read)",
    ("api/serializers.py", ("push", "multicast", "broadcast", "narrowcast")): (
        "the kinds the REST API offers (not reply: a reply token comes with a webhook event)"
    ),
    ("checks.py", 2): "the shape of a setting: a (connect, read) or (requests, seconds) pair",
    ("conf.py", 1024 * 1024): "the default cap of a webhook body: the deployment's choice, not LINE's",
    ("conf.py", 300.0): "the default cap of the send backoff, in seconds",
    ("crypto.py", 32): "bytes of a Fernet key, and the key cache size",
    ("devtools/management/commands/linebot_simulate.py", 200): "HTTP 200, 200 characters of an error",
    ("models/channel.py", 32): "the column width of the LINE channel ID (10 digits today)",
    ("models/outbox.py", 200): "the column width of a rate limiter key",
    ("sdk/response.py", 300): "HTTP 2xx: 200 <= status < 300",
    ("dashboard.py", 50): "the median: the 50th percentile of processing times",
    ("tasks/outbox.py", 10_000): "stale chunks handed over per sweep (not the audience JSON limit)",
    ("sdk/aio.py", 200): "HTTP 200 of a download (as sdk/client.py)",
    ("sdk/retry.py", 500): "HTTP 500, a status the retry policy retries",
    ("sdk/retry.py", 60.0): "the policy's default cap on a Retry-After wait, in seconds",
    ("tasks/__init__.py", 300): "the beat schedule: every 300 seconds",
    ("api/permissions.py", 1000): "the REST API's largest page size",
    ("management/commands/linebot_replay_events.py", 1000): "the command's default number of events",
    ("tasks/inbound.py", 1000): "webhook events replayed per task run",
    ("inbound.py", 60): "seconds a queued drain of a channel's events counts as on its way",
    ("inbound.py", 200): "stored events a channel drain reads at a time",
    ("inbound.py", 1000): "events a channel drain dispatches before it queues itself again",
    ("api/serializers.py", 100_000): "the REST API's cap on user IDs in one request body",
    ("sdk/operations.py", 100_000): "the iter_* helpers' safety stop on pages",
    ("sdk/events.py", 40): "characters of a bad number quoted in an error",
    ("checks.py", ("http", "https")): "the schemes of a webhook URL the check accepts",
    (
        "devtools/management/commands/linebot_simulate.py",
        ("http", "https"),
    ): "the schemes of a URL to simulate to",
    ("testing/fake/channel.py", ("http", "https")): "the schemes of a webhook URL the fake calls",
    ("testing/fake/channel.py", 1000): "the fake's default page size",
    ("testing/fake/state.py", 1000): "the fake's message quota",
    ("testing/fake/audiences.py", 40): "the fake's largest page size",
    ("admin/dashboard.py", 160): "pixels of a chart's label column",
    ("followers.py", 1000): "follower IDs asked per get_followers page (LINE's largest page)",
    ("followers.py", 100_000): "a safety stop on get_followers pages",
    ("models/audience.py", 1000): "the column width of a click audience's URL",
    ("models/line_user.py", 1000): "the column width of a picture URL",
    ("tasks/followers.py", 1000): "audiences synced per task run",
    ("admin/richmenu_maker.py", 40): "the maker's label length (a design limit) and file name length",
    ("admin/richmenu_maker.py", 1000): "the maker form's cap on an action value (LINE's checks apply too)",
    ("richmenu_maker.py", 40): "coordinates of an icon drawing",
    ("richmenu_maker.py", 360): "degrees of an icon's chord",
}


def _sources() -> Iterator[tuple[str, ast.AST]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == LIMITS_FILE or "migrations" in path.parts:
            continue
        rel = path.relative_to(PACKAGE).as_posix()
        yield rel, ast.parse(path.read_text(encoding="utf-8"), filename=rel)


def _numbers(value: object) -> Iterator[int | float]:
    if isinstance(value, bool):
        return
    if isinstance(value, int | float):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _numbers(inner)
    elif isinstance(value, tuple | list | set | frozenset):
        for inner in value:
            yield from _numbers(inner)


def _constants() -> dict[str, object]:
    return {name: value for name, value in vars(limits).items() if name.isupper()}


LIMIT_NUMBERS = {n for value in _constants().values() for n in _numbers(value)} - {1.0}
STRING_SETS = [
    frozenset(value)
    for value in _constants().values()
    if isinstance(value, tuple | frozenset) and all(isinstance(v, str) for v in value)
] + [frozenset(limits.RICH_MENU_IMAGE_FORMATS.values())]
PATTERNS = ["a-z0-9_-"]
LENGTH_KEYWORDS = {"max_length", "min_length", "max_num", "min_num", "max_value"}


def _value(node: ast.AST) -> object:
    """The number ``node`` stands for (a literal, or arithmetic on literals like ``1024 * 1024``)."""
    try:
        value = ast.literal_eval(node)
    except ValueError:
        if isinstance(node, ast.BinOp):
            try:
                return eval(compile(ast.Expression(node), "<limit>", "eval"), {"__builtins__": {}})  # noqa: S307
            except Exception:  # noqa: BLE001 - not arithmetic on literals
                return None
        return None
    return value


def _is_len(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "len"


def _bounds_a_count(node: ast.Constant, parent: ast.AST | None) -> bool:
    if isinstance(parent, ast.Compare):
        return any(_is_len(side) for side in [parent.left, *parent.comparators])
    if isinstance(parent, ast.keyword):
        return parent.arg in LENGTH_KEYWORDS
    if isinstance(parent, ast.Call) and isinstance(parent.func, ast.Name) and parent.func.id == "range":
        return len(parent.args) == 3 and parent.args[2] is node
    return False


def scan() -> list[str]:
    """Every place outside ``limits.py`` that writes one of its limits or patterns again."""
    found = []
    for rel, tree in _sources():
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            where = f"{rel}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.BinOp) and not isinstance(parents.get(node), ast.BinOp):
                value = _value(node)
                if value in LIMIT_NUMBERS and value not in SMALL and (rel, value) not in ALLOWED:
                    found.append(f"{where}: {ast.unparse(node)} (= {value}) is a LINE limit")
            elif isinstance(node, ast.Constant) and not isinstance(parents.get(node), ast.BinOp):
                value = node.value
                if isinstance(value, str):
                    if any(pattern in value for pattern in PATTERNS):
                        found.append(f"{where}: {value!r} is a LINE pattern")
                    continue
                if isinstance(value, bool) or value not in LIMIT_NUMBERS or (rel, value) in ALLOWED:
                    continue
                if value not in SMALL or _bounds_a_count(node, parents.get(node)):
                    found.append(f"{where}: {value!r} is a LINE limit")
            elif isinstance(node, ast.Tuple | ast.List | ast.Set):
                strings = [
                    e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
                ]
                if (
                    len(set(strings)) >= 2
                    and len(strings) == len(node.elts)
                    and (rel, tuple(strings)) not in ALLOWED
                    and any(set(strings) <= known for known in STRING_SETS)
                ):
                    found.append(f"{where}: {strings} is a type list of limits.py")
    return found


def test_no_line_limit_or_pattern_is_written_outside_limits_py() -> None:
    assert scan() == []


def test_every_constant_of_limits_py_is_used() -> None:
    used: set[str] = set()
    for _, tree in _sources():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "limits"
            ):
                used.add(node.attr)
            elif isinstance(node, ast.ImportFrom) and (node.module or "").endswith("limits"):
                used.update(alias.name for alias in node.names)
    assert sorted(set(_constants()) - used) == []


def test_every_exception_is_still_needed() -> None:
    """An entry of ALLOWED whose number is gone from its file is removed, so the list stays honest."""
    present = set()
    for rel, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and not isinstance(node.value, bool):
                present.add((rel, node.value))
            elif isinstance(node, ast.BinOp | ast.Tuple | ast.List | ast.Set):
                value = _value(node)
                if isinstance(value, int | float):
                    present.add((rel, value))
                elif isinstance(value, tuple | list) and all(isinstance(v, str) for v in value):
                    present.add((rel, tuple(value)))
    assert sorted(map(str, set(ALLOWED) - present)) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("MAX_AREAS = 20\n", "20 is a LINE limit"),
        ("x = 1024 * 1024\n", "1024 * 1024 (= 1048576) is a LINE limit"),
        ("ok = len(items) > 13\n", "13 is a LINE limit"),
        ("f = CharField(max_length=14)\n", "14 is a LINE limit"),
        ("ratio = 1.45\n", "1.45 is a LINE limit"),
        ('r = r"^[a-z0-9_-]{1,32}$"\n', "is a LINE pattern"),
        ('if t in ("text", "textV2"): pass\n', "is a type list of limits.py"),
        ('if c in ("image/jpeg", "image/png"): pass\n', "is a type list of limits.py"),
    ],
)
def test_the_scan_finds_a_limit_written_again(tmp_path, monkeypatch, source: str, expected: str) -> None:
    """The scan is not vacuous: each kind of copy, planted in a module, is reported."""
    module = tmp_path / "planted.py"
    module.write_text(source)
    monkeypatch.setattr(
        "tests.test_limits._sources", lambda: iter([("planted.py", ast.parse(source, filename="planted.py"))])
    )
    found = scan()
    assert len(found) == 1 and expected in found[0], found


def test_a_small_number_outside_a_count_is_not_a_limit(monkeypatch) -> None:
    source = "for attempt in range(2):\n    pass\nhost = address[:2]\n"
    monkeypatch.setattr("tests.test_limits._sources", lambda: iter([("planted.py", ast.parse(source))]))
    assert scan() == []


def test_send_kinds_are_the_outbox_kinds() -> None:
    """The outbox's kinds and the rate limiter's are LINE's send endpoints, the same five."""
    assert list(limits.SEND_KINDS) == list(OutgoingMessage.Kind.values)
    assert set(limits.RATE_LIMITS) == set(limits.SEND_KINDS)


def test_webhook_message_types_are_not_the_send_types() -> None:
    """Two different LINE lists, each in its one home: what a webhook carries (``file``, no ``flex``)
    is in ``sdk.events``; what can be sent is in ``sdk.limits``."""
    assert "file" in events.MESSAGE_TYPES and "file" not in limits.MESSAGE_TYPES
    assert "flex" in limits.MESSAGE_TYPES and "flex" not in events.MESSAGE_TYPES


def test_the_signature_header_is_named_once() -> None:
    """``X-Line-Signature`` is written in ``sdk/signature.py`` alone; the view and the simulator import it."""
    from django_linebot.sdk.signature import SIGNATURE_HEADER

    found = [
        f"{rel}:{node.lineno}"
        for rel, tree in _sources()
        if rel != "sdk/signature.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.lower() == SIGNATURE_HEADER.lower()
    ]
    assert found == []
