"""LINE's standard rich menu layouts (the templates of LINE Official Account Manager).

A layout is a grid of ``columns`` x ``rows`` cells; each area covers a rectangle of whole cells. The
grid lines are computed once per size with :func:`split`, so neighbouring areas share an edge: no gap,
no overlap, and every area inside the image (2500 split in three is 833/834/833).

No Django here: the admin emits :func:`layouts_for_json` into the page, tests and the API use
:func:`area_bounds`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import limits

LARGE_SIZE = limits.RICH_MENU_LARGE_SIZE
COMPACT_SIZE = limits.RICH_MENU_COMPACT_SIZE

#: An area of a layout: (column, row, column span, row span), in grid cells.
Cell = tuple[int, int, int, int]
#: An area's bounds in pixels: (x, y, width, height).
Bounds = tuple[int, int, int, int]


@dataclass(frozen=True)
class Layout:
    """One standard layout: a name, the size it is drawn for, its grid and its areas' cells."""

    key: str
    label: str
    size: tuple[int, int]
    columns: int
    rows: int
    cells: tuple[Cell, ...]

    def bounds(self, width: int | None = None, height: int | None = None) -> list[Bounds]:
        """The areas' bounds for an image of ``width`` x ``height`` (the layout's own size by default)."""
        return area_bounds(self, width or self.size[0], height or self.size[1])


def split(total: int, parts: int) -> list[int]:
    """``total`` pixels in ``parts`` whole sizes that add up to ``total``; the extra pixels go to the
    middle parts (2500 in 3 is 833, 834, 833)."""
    if parts < 1 or total < parts:
        raise ValueError(f"cannot split {total} into {parts} parts")
    base, extra = divmod(total, parts)
    sizes = [base] * parts
    start = (parts - extra) // 2
    for i in range(start, start + extra):
        sizes[i] += 1
    return sizes


def _edges(total: int, parts: int) -> list[int]:
    edges = [0]
    for size in split(total, parts):
        edges.append(edges[-1] + size)
    return edges


def area_bounds(layout: Layout, width: int, height: int) -> list[Bounds]:
    """Every area of ``layout`` as (x, y, width, height) for a ``width`` x ``height`` image."""
    xs, ys = _edges(width, layout.columns), _edges(height, layout.rows)
    return [
        (xs[col], ys[row], xs[col + cspan] - xs[col], ys[row + rspan] - ys[row])
        for col, row, cspan, rspan in layout.cells
    ]


def _grid(columns: int, rows: int) -> tuple[Cell, ...]:
    return tuple((c, r, 1, 1) for r in range(rows) for c in range(columns))


#: The layouts LINE Official Account Manager offers, large ones first.
LAYOUTS: tuple[Layout, ...] = (
    Layout("large-3x2", "Large: 6 areas (3 x 2)", LARGE_SIZE, 3, 2, _grid(3, 2)),
    Layout("large-2x2", "Large: 4 areas (2 x 2)", LARGE_SIZE, 2, 2, _grid(2, 2)),
    Layout(
        "large-1-3",
        "Large: 1 on top, 3 below",
        LARGE_SIZE,
        3,
        2,
        ((0, 0, 3, 1), (0, 1, 1, 1), (1, 1, 1, 1), (2, 1, 1, 1)),
    ),
    Layout(
        "large-2-1",
        "Large: 2 on the left, 1 tall on the right",
        LARGE_SIZE,
        2,
        2,
        ((0, 0, 1, 1), (0, 1, 1, 1), (1, 0, 1, 2)),
    ),
    Layout(
        "large-1-2",
        "Large: 1 tall on the left, 2 on the right",
        LARGE_SIZE,
        2,
        2,
        ((0, 0, 1, 2), (1, 0, 1, 1), (1, 1, 1, 1)),
    ),
    Layout("large-1x2", "Large: 2 rows", LARGE_SIZE, 1, 2, _grid(1, 2)),
    Layout("large-1", "Large: 1 area", LARGE_SIZE, 1, 1, _grid(1, 1)),
    Layout("compact-3", "Compact: 3 areas", COMPACT_SIZE, 3, 1, _grid(3, 1)),
    Layout("compact-2", "Compact: 2 areas", COMPACT_SIZE, 2, 1, _grid(2, 1)),
    Layout("compact-2-1", "Compact: 2/3 and 1/3", COMPACT_SIZE, 3, 1, ((0, 0, 2, 1), (2, 0, 1, 1))),
    Layout("compact-1-2", "Compact: 1/3 and 2/3", COMPACT_SIZE, 3, 1, ((0, 0, 1, 1), (1, 0, 2, 1))),
    Layout("compact-1", "Compact: 1 area", COMPACT_SIZE, 1, 1, _grid(1, 1)),
)
#: :data:`LAYOUTS` by key.
LAYOUTS_BY_KEY: dict[str, Layout] = {layout.key: layout for layout in LAYOUTS}


def layouts_for_json() -> list[dict[str, Any]]:
    """Every layout with its areas in pixels at its own size, for a page's script."""
    return [
        {"key": lay.key, "label": lay.label, "size": list(lay.size), "areas": [list(b) for b in lay.bounds()]}
        for lay in LAYOUTS
    ]
