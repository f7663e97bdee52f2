"""LINE's standard rich menu layouts: whole pixel sizes, no gap, no overlap, inside the image."""

from __future__ import annotations

import pytest

from django_linebot.sdk import limits
from django_linebot.sdk.richmenu_layouts import LAYOUTS, LAYOUTS_BY_KEY, layouts_for_json, split


def test_split_gives_the_extra_pixel_to_the_middle():
    assert split(2500, 3) == [833, 834, 833]
    assert split(1686, 2) == [843, 843]
    assert split(10, 4) == [2, 3, 3, 2]


@pytest.mark.parametrize("total,parts", [(0, 1), (3, 4), (5, 0)])
def test_split_refuses_what_cannot_be_split(total, parts):
    with pytest.raises(ValueError):
        split(total, parts)


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda lay: lay.key)
@pytest.mark.parametrize("size", [None, (800, 540), (2500, 843), (1200, 405)])
def test_every_layout_tiles_the_image_exactly(layout, size):
    width, height = size or layout.size
    bounds = layout.bounds(width, height)
    assert 1 <= len(bounds) <= limits.RICH_MENU_MAX_AREAS
    area_sum = 0
    for x, y, w, h in bounds:
        assert w > 0 and h > 0 and x >= 0 and y >= 0 and x + w <= width and y + h <= height
        area_sum += w * h
    # the areas cover the image exactly once: the sum of their sizes is the image and none overlap
    assert area_sum == width * height
    for i, a in enumerate(bounds):
        for b in bounds[i + 1 :]:
            overlap_w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
            overlap_h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
            assert overlap_w <= 0 or overlap_h <= 0, (a, b)


def test_large_3x2_is_lines_833_834_833():
    assert LAYOUTS_BY_KEY["large-3x2"].bounds() == [
        (0, 0, 833, 843),
        (833, 0, 834, 843),
        (1667, 0, 833, 843),
        (0, 843, 833, 843),
        (833, 843, 834, 843),
        (1667, 843, 833, 843),
    ]


def test_layouts_for_json_has_every_layout_in_pixels():
    data = layouts_for_json()
    assert [d["key"] for d in data] == [lay.key for lay in LAYOUTS]
    assert data[0]["size"] == [2500, 1686] and data[0]["areas"][1] == [833, 0, 834, 843]
