"""The icons shipped with the image maker: each renders, and the shipped previews are what the code draws."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops

from django_linebot.richmenu_maker import (
    ICON_PREVIEW_SIZE,
    ICONS,
    ICONS_STATIC_DIR,
    AreaDesign,
    icon_mask,
    render_icon,
    render_menu,
)

EXPECTED = {
    "home", "cart", "calendar", "phone", "map-pin", "star", "info", "chat", "ticket", "user", "settings", "link",
}  # fmt: skip


def test_the_set_of_icons() -> None:
    assert set(ICONS) == EXPECTED


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_every_icon_renders_as_a_shape_of_its_own(key: str) -> None:
    mask = icon_mask(key, 120)
    assert mask.size == (120, 120) and mask.mode == "L"
    inked = sum(mask.histogram()[128:])
    assert 120 * 120 * 0.08 < inked < 120 * 120 * 0.8  # a real drawing: neither empty nor a filled square
    assert mask.getbbox() is not None
    others = [icon_mask(other, 120) for other in ICONS if other != key]
    for other in others:
        assert ImageChops.difference(mask, other).getbbox() is not None
    png = Image.open(io.BytesIO(render_icon(key, 64)))
    assert png.size == (64, 64) and png.mode == "RGBA"


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_every_icon_draws_in_a_menu_area(key: str) -> None:
    image = Image.open(io.BytesIO(render_menu("compact-1", [AreaDesign("", key, "#ffffff", "#000000")])))
    assert sum(image.convert("L").histogram()[:128]) > 10_000


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_the_shipped_preview_is_what_the_code_draws(key: str) -> None:
    shipped = Image.open(ICONS_STATIC_DIR / f"{key}.png").convert("RGBA")
    drawn = Image.open(io.BytesIO(render_icon(key, ICON_PREVIEW_SIZE))).convert("RGBA")
    assert shipped.size == drawn.size
    assert ImageChops.difference(shipped, drawn).getbbox() is None, (
        "run `python -m django_linebot.richmenu_maker` to write the previews again"
    )


def test_the_icons_carry_their_licence() -> None:
    readme = (ICONS_STATIC_DIR / "README.md").read_text()
    assert "Apache License 2.0" in readme


def test_unknown_icon_and_bad_size() -> None:
    with pytest.raises(ValueError, match="unknown icon"):
        icon_mask("rocket", 10)
    with pytest.raises(ValueError, match="at least 1"):
        icon_mask("home", 0)
