"""Rich menu objects (a menu, its size, areas and bounds) and batch operations on users' menus.

::

    RichMenu(size=RichMenuSize(width=2500, height=843), selected=False, name="main", chat_bar_text="Menu",
             areas=[RichMenuArea(bounds=RichMenuBounds(x=0, y=0, width=1250, height=843),
                                 action=RichMenuSwitchAction(rich_menu_alias_id="b", data="to-b"))])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, ClassVar

from ..limits import (
    RICH_MENU_BATCH_MAX_OPERATIONS,
    RICH_MENU_BATCH_RESUME_KEY_PATTERN,
    RICH_MENU_CHAT_BAR_TEXT_MAX_LENGTH,
    RICH_MENU_MAX_AREAS,
    RICH_MENU_MAX_WIDTH,
    RICH_MENU_MIN_ASPECT_RATIO,
    RICH_MENU_MIN_HEIGHT,
    RICH_MENU_MIN_WIDTH,
    RICH_MENU_NAME_MAX_LENGTH,
)
from .actions import Action, check_placement
from .base import Builder, BuildError, Json, Rule, at, item

__all__ = [
    "RichMenu",
    "RichMenuArea",
    "RichMenuBatch",
    "RichMenuBatchLink",
    "RichMenuBatchOperation",
    "RichMenuBatchUnlink",
    "RichMenuBatchUnlinkAll",
    "RichMenuBounds",
    "RichMenuSize",
]

Count = Annotated[int, Rule(minimum=0)]
Side = Annotated[int, Rule(minimum=1)]


@dataclass(kw_only=True)
class RichMenuSize(Builder):
    """The rich menu image's size, in pixels."""

    width: Annotated[int, Rule(minimum=RICH_MENU_MIN_WIDTH, maximum=RICH_MENU_MAX_WIDTH)]
    height: Annotated[int, Rule(minimum=RICH_MENU_MIN_HEIGHT)]

    def check(self, built: Json, path: str) -> None:
        if self.width / self.height < RICH_MENU_MIN_ASPECT_RATIO:
            raise BuildError(
                at(path, "height"), f"width / height must be at least {RICH_MENU_MIN_ASPECT_RATIO}"
            )


@dataclass(kw_only=True)
class RichMenuBounds(Builder):
    """A rectangle of the rich menu image."""

    x: Count
    y: Count
    width: Side
    height: Side


@dataclass(kw_only=True)
class RichMenuArea(Builder):
    """A tappable area and its action."""

    bounds: RichMenuBounds
    action: Action

    def check(self, built: Json, path: str) -> None:
        check_placement(self.action, at(path, "action"), "rich menu")


@dataclass(kw_only=True)
class RichMenu(Builder):
    """A rich menu, as ``create_rich_menu`` takes it."""

    size: RichMenuSize
    selected: bool
    name: Annotated[str, Rule(min_length=1, max_length=RICH_MENU_NAME_MAX_LENGTH)]
    chat_bar_text: Annotated[str, Rule(min_length=1, max_length=RICH_MENU_CHAT_BAR_TEXT_MAX_LENGTH)]
    areas: Annotated[list[RichMenuArea], Rule(max_length=RICH_MENU_MAX_AREAS)]

    def check(self, built: Json, path: str) -> None:
        for i, area in enumerate(self.areas):
            b = area.bounds
            if b.x + b.width > self.size.width or b.y + b.height > self.size.height:
                raise BuildError(
                    at(item(at(path, "areas"), i), "bounds"),
                    f"reaches outside the {self.size.width}x{self.size.height} menu",
                )


@dataclass(kw_only=True)
class RichMenuBatchOperation(Builder, polymorphic=True):
    """Base of the batch operations."""


@dataclass(kw_only=True)
class RichMenuBatchLink(RichMenuBatchOperation):
    """Users linked to rich menu ``from_`` are linked to ``to`` instead."""

    TYPE: ClassVar[str | None] = "link"
    from_: str
    to: str


@dataclass(kw_only=True)
class RichMenuBatchUnlink(RichMenuBatchOperation):
    """Users linked to rich menu ``from_`` are unlinked."""

    TYPE: ClassVar[str | None] = "unlink"
    from_: str


@dataclass(kw_only=True)
class RichMenuBatchUnlinkAll(RichMenuBatchOperation):
    """Every user's rich menu is unlinked."""

    TYPE: ClassVar[str | None] = "unlinkAll"


@dataclass(kw_only=True)
class RichMenuBatch(Builder):
    """A batch request: operations run in order, resumable with ``resume_request_key``."""

    operations: Annotated[
        list[RichMenuBatchOperation], Rule(min_length=1, max_length=RICH_MENU_BATCH_MAX_OPERATIONS)
    ]
    resume_request_key: (
        Annotated[
            str,
            Rule(
                pattern=RICH_MENU_BATCH_RESUME_KEY_PATTERN.strip("^$"),
                pattern_rule="1-100 of a-z, A-Z, 0-9, _ and -",
            ),
        ]
        | None
    ) = None
