"""Flex Message Simulator exports (tests/sdk/flex_exports/) read into builders and built again.

The set covers every component and every property each component, block style and gradient has
(``test_the_exports_cover_every_component_and_style`` keeps it so as builders grow).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from django_linebot.sdk import builders as b

EXPORTS = sorted((Path(__file__).parent / "flex_exports").glob("*.json"))
BY_TYPE: dict[str, type[b.Builder]] = {
    cls.TYPE: cls
    for cls in (
        b.Box,
        b.Button,
        b.Image,
        b.Video,
        b.Icon,
        b.Text,
        b.Span,
        b.Separator,
        b.Filler,
        b.Bubble,
        b.Carousel,
        b.LinearGradient,
    )
    if cls.TYPE
}


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _keys(cls: type[b.Builder]) -> set[str]:
    return {f.key for f in cls._fields()} | ({"type"} if cls.TYPE else set())


def _seen(node: Any, seen: dict[str, set[str]]) -> None:
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            kind = node.get("type")
            if kind in BY_TYPE:
                seen.setdefault(kind, set()).update(node)
            if kind == "bubble" and "styles" in node:
                seen.setdefault("styles", set()).update(node["styles"])
                for block in node["styles"].values():
                    seen.setdefault("blockStyle", set()).update(block)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def test_there_is_a_set_of_exports() -> None:
    assert len(EXPORTS) >= 5


@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: p.stem)
def test_an_export_reads_into_builders_and_builds_back_the_same_json(path: Path) -> None:
    data = _load(path)
    obj = b.flex_from_json(data)
    assert isinstance(obj, b.Bubble | b.Carousel | b.FlexMessage)
    assert obj.build() == data
    assert json.dumps(obj.build(), indent=2) == json.dumps(data, indent=2)  # the same text, key order too
    assert b.flex_from_json(path.read_text(encoding="utf-8")).build() == data  # the text as exported


def test_the_exports_cover_every_component_and_style() -> None:
    seen: dict[str, set[str]] = {}
    for path in EXPORTS:
        _seen(_load(path), seen)
    missing = {kind: sorted(_keys(cls) - seen.get(kind, set())) for kind, cls in BY_TYPE.items()}
    missing["styles"] = sorted(_keys(b.BubbleStyles) - seen.get("styles", set()))
    missing["blockStyle"] = sorted(_keys(b.BlockStyle) - seen.get("blockStyle", set()))
    assert {kind: keys for kind, keys in missing.items() if keys} == {}
    assert any(_load(p).get("type") == "flex" for p in EXPORTS)  # a whole message too


def test_an_export_can_be_changed_and_built_again() -> None:
    bubble = b.flex_from_json(_load(Path(__file__).parent / "flex_exports" / "receipt_bubble.json"))
    assert isinstance(bubble, b.Bubble) and bubble.body is not None
    title = bubble.body.contents[1]
    assert isinstance(title, b.Text)
    title.text = "Another shop"
    bubble.body.contents.append(b.Button(action=b.UriAction(label="Receipt", uri="https://example.com/r/1")))
    built = bubble.build()
    assert built["body"]["contents"][1]["text"] == "Another shop"
    assert built["body"]["contents"][-1] == {
        "type": "button",
        "action": {"type": "uri", "label": "Receipt", "uri": "https://example.com/r/1"},
    }
    message = b.FlexMessage(alt_text="Your receipt", contents=bubble)
    assert message.build()["contents"] == built


def test_a_broken_export_is_refused_naming_the_path() -> None:
    data = _load(Path(__file__).parent / "flex_exports" / "shopping_carousel.json")
    data["contents"][1]["body"]["contents"][1]["action"]["uri"] = "x"  # a message action has no uri
    with pytest.raises(
        b.BuildError, match=r"^contents\[1\]\.body\.contents\[1\]\.action\.uri: is not a field"
    ):
        b.flex_from_json(data)
    with pytest.raises(b.BuildError, match="not JSON"):
        b.flex_from_json("{")
    with pytest.raises(b.BuildError, match=r"^type: must be one of \['bubble', 'carousel'\]"):
        b.flex_from_json({"type": "box", "layout": "vertical", "contents": []})


@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: p.stem)
def test_each_export_is_what_the_spec_accepts(line_spec_dir: Path | None, path: Path) -> None:
    """The exports are LINE's JSON, so what reads them cannot be fooled by a set made to fit."""
    if line_spec_dir is None:
        pytest.skip("LINE's OpenAPI documents are not here ($LINEBOT_OPENAPI_DIR or ../shared/line-openapi)")
    from django_linebot.testing.openapi import SpecValidator

    data = _load(path)
    schema = "FlexMessage" if data["type"] == "flex" else "FlexContainer"
    assert SpecValidator(line_spec_dir).check_component(schema, data) == []
