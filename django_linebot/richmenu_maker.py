"""The rich menu image maker: a layout, and per area a label, an icon and colours -> a PNG LINE takes.

For teams without a designer. :func:`render_menu` draws the image with Pillow at LINE's standard
sizes (:data:`LAYOUTS`, the SDK's standard layouts: large 2500x1686 and compact 2500x843, the areas
computed without gaps or overlaps, e.g. 833/834/833), each area filled with its background colour,
its icon (one of :data:`ICONS`, drawn here from code: no image files, Apache-2.0 like the project)
and its label, wrapped and shrunk until it fits.
The result is a PNG under ``limits.RICH_MENU_IMAGE_MAX_BYTES``.

Each label is written in the first font that draws all its characters: ``font_path`` if given,
DejaVu Sans Bold (Debian: ``fonts-dejavu-core``), Noto Sans CJK and Noto Sans Thai when installed,
and last Pillow's built-in font (Latin script only); a label no installed font draws is a
``ValueError`` naming its characters, never boxes in the image. No font ships with the app. No
Django import: the admin page (:mod:`django_linebot.admin.richmenu_maker`) wraps it.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .sdk import limits
from .sdk.richmenu_layouts import LAYOUTS_BY_KEY, Bounds, Layout, split

if TYPE_CHECKING:
    from PIL import ImageDraw, ImageFont

    AnyFont = ImageFont.FreeTypeFont | ImageFont.ImageFont

__all__ = [
    "ICONS",
    "LAYOUTS",
    "AreaDesign",
    "Bounds",
    "Layout",
    "find_font",
    "font_for",
    "installed_fonts",
    "missing_characters",
    "render_icon",
    "render_menu",
    "render_menu_image",
    "split",
]

#: LINE's standard rich menu sizes (Official Account Manager's templates), in pixels.
LARGE_SIZE = limits.RICH_MENU_LARGE_SIZE
COMPACT_SIZE = limits.RICH_MENU_COMPACT_SIZE

#: LINE's standard layouts by key: the SDK's table (:mod:`django_linebot.sdk.richmenu_layouts`), the
#: one the admin's editor fills areas from, so a made image and its areas share one geometry.
LAYOUTS: dict[str, Layout] = LAYOUTS_BY_KEY

#: The most areas any layout has (the admin page shows this many rows of area fields).
MAX_LAYOUT_AREAS = max(len(layout.cells) for layout in LAYOUTS.values())


# ------------------------------------------------------------------- icons
#
# Each icon is drawn on a square canvas with Pillow's primitives, in units of 1/100 of its side
# (``u``), white on black: the result is a mask, painted in the area's text colour. Drawn at four
# times the size and scaled down, for smooth edges. Apache-2.0, as the rest of the project.

IconPainter = Callable[["ImageDraw.ImageDraw", float], None]
ON, OFF = 255, 0


def _box(u: float, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
    return (x0 * u, y0 * u, x1 * u, y1 * u)


def _home(d: ImageDraw.ImageDraw, u: float) -> None:
    d.polygon([(50 * u, 8 * u), (94 * u, 48 * u), (6 * u, 48 * u)], fill=ON)
    d.rectangle(_box(u, 18, 44, 82, 92), fill=ON)
    d.rectangle(_box(u, 42, 62, 58, 92), fill=OFF)  # the door
    d.rectangle(_box(u, 68, 15, 78, 36), fill=ON)  # the chimney


def _cart(d: ImageDraw.ImageDraw, u: float) -> None:
    handle = [(4 * u, 14 * u), (18 * u, 14 * u), (30 * u, 66 * u), (84 * u, 66 * u)]
    d.line(handle, fill=ON, width=round(7 * u), joint="curve")
    d.polygon([(20 * u, 24 * u), (94 * u, 24 * u), (84 * u, 56 * u), (28 * u, 56 * u)], fill=ON)
    d.ellipse(_box(u, 28, 74, 44, 90), fill=ON)
    d.ellipse(_box(u, 70, 74, 86, 90), fill=ON)


def _calendar(d: ImageDraw.ImageDraw, u: float) -> None:
    d.rounded_rectangle(_box(u, 8, 16, 92, 92), radius=8 * u, fill=ON)
    d.rectangle(_box(u, 15, 36, 85, 85), fill=OFF)
    d.rounded_rectangle(_box(u, 24, 6, 34, 26), radius=3 * u, fill=ON)
    d.rounded_rectangle(_box(u, 66, 6, 76, 26), radius=3 * u, fill=ON)
    for row in range(3):
        for col in range(4):
            x, y = 21 + col * 16, 43 + row * 13
            d.rectangle(_box(u, x, y, x + 10, y + 8), fill=ON)


def _phone(d: ImageDraw.ImageDraw, u: float) -> None:
    d.rounded_rectangle(_box(u, 26, 4, 74, 96), radius=10 * u, fill=ON)
    d.rectangle(_box(u, 33, 16, 67, 80), fill=OFF)
    d.ellipse(_box(u, 45, 84, 55, 93), fill=OFF)
    d.rounded_rectangle(_box(u, 42, 8, 58, 12), radius=2 * u, fill=OFF)


def _map_pin(d: ImageDraw.ImageDraw, u: float) -> None:
    d.ellipse(_box(u, 18, 4, 82, 68), fill=ON)
    d.polygon([(22 * u, 50 * u), (78 * u, 50 * u), (50 * u, 96 * u)], fill=ON)
    d.ellipse(_box(u, 36, 21, 64, 49), fill=OFF)


def _star(d: ImageDraw.ImageDraw, u: float) -> None:
    points = []
    for i in range(10):
        radius = 46 if i % 2 == 0 else 19
        angle = -math.pi / 2 + i * math.pi / 5
        points.append(((50 + radius * math.cos(angle)) * u, (54 + radius * math.sin(angle)) * u))
    d.polygon(points, fill=ON)


def _info(d: ImageDraw.ImageDraw, u: float) -> None:
    d.ellipse(_box(u, 4, 4, 96, 96), fill=ON)
    d.ellipse(_box(u, 13, 13, 87, 87), fill=OFF)
    d.ellipse(_box(u, 43, 22, 57, 36), fill=ON)
    d.rounded_rectangle(_box(u, 44, 42, 56, 78), radius=3 * u, fill=ON)


def _chat(d: ImageDraw.ImageDraw, u: float) -> None:
    d.rounded_rectangle(_box(u, 4, 10, 96, 74), radius=18 * u, fill=ON)
    d.polygon([(24 * u, 66 * u), (46 * u, 70 * u), (18 * u, 94 * u)], fill=ON)
    for offset in (-23, 0, 23):  # three dots about the middle
        x = 50 + offset
        d.ellipse(_box(u, x - 7, 35, x + 7, 49), fill=OFF)


def _ticket(d: ImageDraw.ImageDraw, u: float) -> None:
    d.rounded_rectangle(_box(u, 4, 22, 96, 78), radius=6 * u, fill=ON)
    d.ellipse(_box(u, -8, 38, 16, 62), fill=OFF)
    d.ellipse(_box(u, 84, 38, 108, 62), fill=OFF)
    for y in range(26, 76, 11):
        d.rectangle(_box(u, 64, y, 68, y + 5), fill=OFF)  # the tear-off line
    d.rectangle(_box(u, 22, 40, 52, 46), fill=OFF)
    d.rectangle(_box(u, 22, 54, 46, 61), fill=OFF)


def _user(d: ImageDraw.ImageDraw, u: float) -> None:
    d.ellipse(_box(u, 30, 6, 70, 46), fill=ON)
    d.chord(_box(u, 10, 54, 90, 134), start=180, end=360, fill=ON)


def _settings(d: ImageDraw.ImageDraw, u: float) -> None:
    teeth = 8
    for i in range(teeth):
        angle = i * 2 * math.pi / teeth
        cos, sin = math.cos(angle), math.sin(angle)
        tooth = [(30, -8), (46, -8), (46, 8), (30, 8)]  # (radius, across): pointing right before turning
        d.polygon([((50 + r * cos - t * sin) * u, (50 + r * sin + t * cos) * u) for r, t in tooth], fill=ON)
    d.ellipse(_box(u, 16, 16, 84, 84), fill=ON)
    d.ellipse(_box(u, 36, 36, 64, 64), fill=OFF)


def _link(d: ImageDraw.ImageDraw, u: float) -> None:
    # Two chain links at 45 degrees, each a thick rounded outline.
    from PIL import Image, ImageDraw

    side = round(100 * u)
    layer = Image.new("L", (side, side), OFF)
    ld = ImageDraw.Draw(layer)
    ld.rounded_rectangle(_box(u, 4, 34, 58, 66), radius=16 * u, outline=ON, width=round(10 * u))
    ld.rounded_rectangle(_box(u, 42, 34, 96, 66), radius=16 * u, outline=ON, width=round(10 * u))
    ld.rectangle(_box(u, 30, 46, 70, 54), fill=ON)
    d.bitmap((0, 0), layer.rotate(45, resample=Image.Resampling.BICUBIC), fill=ON)


#: The icons shipped with the app: key -> (name shown to the operator, painter).
ICONS: dict[str, tuple[str, IconPainter]] = {
    "home": ("Home", _home),
    "cart": ("Shopping cart", _cart),
    "calendar": ("Calendar", _calendar),
    "phone": ("Phone", _phone),
    "map-pin": ("Map pin", _map_pin),
    "star": ("Star", _star),
    "info": ("Information", _info),
    "chat": ("Chat", _chat),
    "ticket": ("Coupon / ticket", _ticket),
    "user": ("User", _user),
    "settings": ("Settings", _settings),
    "link": ("Link", _link),
}

_SUPERSAMPLE = 4


def icon_mask(key: str, size: int) -> Any:
    """The icon ``key`` as an ``L`` mask of ``size`` x ``size`` pixels (255 where it is drawn)."""
    from PIL import Image, ImageDraw

    if key not in ICONS:
        raise ValueError(f"unknown icon {key!r}; one of {', '.join(ICONS)}")
    if size < 1:
        raise ValueError("size must be at least 1 pixel")
    big = size * _SUPERSAMPLE
    canvas = Image.new("L", (big, big), OFF)
    ICONS[key][1](ImageDraw.Draw(canvas), big / 100)
    return canvas.resize((size, size), Image.Resampling.LANCZOS)


def render_icon(key: str, size: int = 96, color: str = "#222222", background: str | None = None) -> bytes:
    """The icon as a PNG (transparent unless ``background`` is given): the admin page's picker shows these."""
    from PIL import Image

    mask = icon_mask(key, size)
    rgb = parse_color(color)
    if background is None:
        image = Image.new("RGBA", (size, size), (*rgb, 0))
        image.putalpha(mask)
    else:
        image = Image.new("RGB", (size, size), parse_color(background))
        image.paste(rgb, (0, 0), mask)
    buf = io.BytesIO()
    image.save(buf, "PNG", optimize=True)
    return buf.getvalue()


# -------------------------------------------------------------------- text

#: The fonts labels are written with, in order of preference; per label, the first installed one that
#: draws all its characters. DejaVu Sans Bold (Debian: fonts-dejavu-core; Fedora, Arch, Homebrew paths),
#: then Noto for the scripts DejaVu lacks: Chinese, Japanese, Korean (fonts-noto-cjk) and Thai
#: (fonts-noto-core). A bare file name is looked up in the system's font folders by Pillow.
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
    "/opt/homebrew/share/fonts/DejaVuSans-Bold.ttf",
    "DejaVuSans-Bold.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
    "NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansThai-Bold.ttf",
    "/usr/share/fonts/google-noto/NotoSansThai-Bold.ttf",
    "NotoSansThai-Bold.ttf",
)
#: A code point no font draws (a private-use one): what a font shows for a character it lacks.
_NO_GLYPH = "\U0010fffd"


def _loads(font_file: str) -> bool:
    from PIL import ImageFont

    if Path(font_file).is_absolute() and not Path(font_file).is_file():
        return False
    try:
        ImageFont.truetype(font_file, 12)
    except OSError:
        return False
    return True


@lru_cache(maxsize=8)
def installed_fonts(font_path: str | None = None) -> tuple[str | None, ...]:
    """The fonts to try, best first: ``font_path`` if given, the installed :data:`FONT_CANDIDATES`, and
    ``None`` (Pillow's built-in font, Latin script only). ``ValueError`` if ``font_path`` cannot be loaded.
    """
    if font_path and not _loads(font_path):
        raise ValueError(f"cannot load the font {font_path!r}")
    found: list[str | None] = [font_path] if font_path else []
    found += [candidate for candidate in FONT_CANDIDATES if _loads(candidate)]
    return (*dict.fromkeys(found), None)


def find_font(font_path: str | None = None) -> str | None:
    """The preferred font: ``font_path``, else the first installed candidate, else ``None`` (Pillow's)."""
    return installed_fonts(font_path)[0]


@lru_cache(maxsize=4096)
def _draws(font_file: str | None, char: str) -> bool:
    """Whether the font has a glyph for ``char`` (rather than the box it shows for what it lacks)."""
    from PIL import Image, ImageDraw

    font = _font(font_file, 24)

    def shape(text: str) -> bytes:
        canvas = Image.new("L", (48, 48), 0)
        ImageDraw.Draw(canvas).text((4, 4), text, font=font, fill=255)
        return canvas.tobytes()

    return shape(char) != shape(_NO_GLYPH)


def missing_characters(text: str, font_file: str | None) -> list[str]:
    """The characters of ``text`` the font cannot draw (each once, in order; spaces never count)."""
    return [char for char in dict.fromkeys(text) if not char.isspace() and not _draws(font_file, char)]


def font_for(text: str, font_path: str | None = None) -> str | None:
    """The first of :func:`installed_fonts` that draws every character of ``text``.

    ``ValueError`` naming the characters when none does (say, Japanese on a machine without
    ``fonts-noto-cjk``): better an error than boxes in the menu.
    """
    fonts = installed_fonts(font_path)
    for font_file in fonts:
        if not missing_characters(text, font_file):
            return font_file
    missing = "".join(missing_characters(text, fonts[0]))
    raise ValueError(
        f"no installed font draws {missing!r}: install one that does "
        "(Debian: fonts-noto-cjk for Chinese, Japanese and Korean, fonts-noto-core for Thai)"
    )


@lru_cache(maxsize=256)
def _font(font_file: str | None, size: int) -> AnyFont:
    from PIL import ImageFont

    if font_file is None:
        return ImageFont.load_default(size=size)
    return ImageFont.truetype(font_file, size)


def _split_long(word: str, fits: Callable[[str], bool]) -> list[str]:
    """A word too wide for the line, cut into pieces that fit (at least one character each)."""
    pieces, current = [], ""
    for char in word:
        if current and not fits(current + char):
            pieces.append(current)
            current = char
        else:
            current += char
    if current:
        pieces.append(current)
    return pieces


def wrap(text: str, font: AnyFont, max_width: float) -> list[str]:
    """``text`` in lines no wider than ``max_width`` (words kept whole where they fit; newlines kept)."""

    def fits(candidate: str) -> bool:
        return font.getlength(candidate) <= max_width

    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if fits(candidate):
                current = candidate
                continue
            if current:
                lines.append(current)
            pieces = _split_long(word, fits) if not fits(word) else [word]
            lines.extend(pieces[:-1])
            current = pieces[-1]
        lines.append(current)
    return lines


def _line_height(font: AnyFont) -> int:
    left, top, right, bottom = font.getbbox("Hg")
    return max(1, round((bottom - top) * 1.25))


def fit_text(
    text: str, font_file: str | None, max_width: float, max_height: float, largest: int
) -> tuple[AnyFont, list[str]]:
    """The largest font size (from ``largest`` down) at which ``text`` wraps into the box.

    When even the smallest size overflows, the lines that fit are kept and the last one ends in "...".
    """
    smallest = 10
    size = max(smallest, largest)
    while True:  # bounded: the size shrinks by at least 1 each turn down to ``smallest``
        font = _font(font_file, size)
        lines = wrap(text, font, max_width)
        if len(lines) * _line_height(font) <= max_height or size == smallest:
            break
        size = max(smallest, min(size - 1, int(size * 0.9)))
    room = max(1, int(max_height // _line_height(font)))
    if len(lines) > room:
        lines = lines[:room]
        last = lines[-1]
        while last and font.getlength(last + "…") > max_width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return font, lines


# ------------------------------------------------------------------ images


def parse_color(value: str) -> tuple[int, int, int]:
    """``#rgb``, ``#rrggbb`` or a CSS colour name as an RGB triple; ``ValueError`` otherwise."""
    from PIL import ImageColor

    try:
        rgb = ImageColor.getrgb(value.strip())
    except (ValueError, AttributeError):
        raise ValueError(f"{value!r} is not a colour (write it as #rrggbb)") from None
    return rgb[0], rgb[1], rgb[2]


@dataclass(frozen=True)
class AreaDesign:
    """What one area shows: a label, an icon key of :data:`ICONS` (or ``""``) and two colours."""

    label: str = ""
    icon: str = ""
    background: str = "#06c755"
    foreground: str = "#ffffff"


def _draw_area(image: Any, bounds: Bounds, design: AreaDesign, font_path: str | None) -> None:
    from PIL import ImageDraw

    background = parse_color(design.background)
    foreground = parse_color(design.foreground)
    x, y, w, h = bounds
    draw = ImageDraw.Draw(image)
    draw.rectangle((x, y, x + w - 1, y + h - 1), fill=background)
    pad = max(4, round(min(w, h) * 0.08))
    inner_w, inner_h = w - 2 * pad, h - 2 * pad
    label = design.label.strip()
    icon_size = 0
    if design.icon:
        share = 0.5 if label else 0.8
        icon_size = max(1, int(min(inner_w, inner_h * share)))
    gap = round(pad / 2) if design.icon and label else 0
    lines: list[str] = []
    line_h = 0
    font: AnyFont | None = None
    if label:
        text_h = inner_h - icon_size - gap
        largest = max(12, round(min(h, w) / (8 if design.icon else 6)))
        font_file = font_for(label, font_path)
        font, lines = fit_text(label, font_file, inner_w, text_h, largest)
        line_h = _line_height(font)
    block_h = icon_size + gap + len(lines) * line_h
    top = y + pad + max(0, (inner_h - block_h) // 2)
    if icon_size:
        image.paste(foreground, (x + (w - icon_size) // 2, top), icon_mask(design.icon, icon_size))
        top += icon_size + gap
    if font is not None:
        for line in lines:
            draw.text((x + w / 2, top + line_h / 2), line, font=font, fill=foreground, anchor="mm")
            top += line_h


def render_menu_image(
    layout: Layout | str, areas: Sequence[AreaDesign], *, font_path: str | None = None
) -> Any:
    """The menu as a Pillow RGB image of the layout's size; areas past ``len(areas)`` stay blank white.

    ``ValueError`` for an unknown layout, icon or colour, or more designs than the layout has areas.
    """
    from PIL import Image

    layout = _layout(layout)
    boxes = layout.bounds()
    if len(areas) > len(boxes):
        raise ValueError(f"{len(areas)} area designs; the layout {layout.key!r} has {len(boxes)} areas")
    for number, design in enumerate(areas, 1):  # every error before anything is drawn
        if design.icon and design.icon not in ICONS:
            raise ValueError(f"area {number}: unknown icon {design.icon!r}")
        parse_color(design.background)
        parse_color(design.foreground)
        try:
            font_for(design.label.strip(), font_path)
        except ValueError as exc:
            raise ValueError(f"area {number}: {exc}") from None
    image = Image.new("RGB", layout.size, (255, 255, 255))
    for bounds, design in zip(boxes, areas, strict=False):
        _draw_area(image, bounds, design, font_path)
    return image


def render_menu(layout: Layout | str, areas: Sequence[AreaDesign], *, font_path: str | None = None) -> bytes:
    """The menu as PNG bytes LINE takes: the layout's size, under ``limits.RICH_MENU_IMAGE_MAX_BYTES``.

    Flat colours compress to a few dozen kilobytes; should an image still come out too big, it is
    saved with a 256-colour palette, and ``ValueError`` is raised if even that is too big.
    """
    image = render_menu_image(layout, areas, font_path=font_path)
    data = _png(image)
    if len(data) > limits.RICH_MENU_IMAGE_MAX_BYTES:
        data = _png(image.quantize(colors=256))
    if len(data) > limits.RICH_MENU_IMAGE_MAX_BYTES:
        raise ValueError(
            f"the image is {len(data):,} bytes; LINE takes at most {limits.RICH_MENU_IMAGE_MAX_BYTES:,}"
        )
    return data


def _png(image: Any) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def _layout(layout: Layout | str) -> Layout:
    if isinstance(layout, Layout):
        return layout
    try:
        return LAYOUTS[layout]
    except KeyError:
        raise ValueError(f"unknown layout {layout!r}; one of {', '.join(LAYOUTS)}") from None


#: Where the icons' PNG previews ship (the admin page's icon strip shows them), with their README.
ICONS_STATIC_DIR = Path(__file__).resolve().parent / "static" / "django_linebot" / "richmenu_icons"
#: The side of the shipped PNG previews, in pixels.
ICON_PREVIEW_SIZE = 96


def write_icon_previews(directory: Path = ICONS_STATIC_DIR) -> list[Path]:
    """Write ``<key>.png`` of every icon, dark grey on transparent.

    Run as ``python -m django_linebot.richmenu_maker`` after changing an icon.
    """
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for key in ICONS:
        target = directory / f"{key}.png"
        target.write_bytes(render_icon(key, ICON_PREVIEW_SIZE))
        written.append(target)
    return written


if __name__ == "__main__":  # pragma: no cover - a maintainer's command, checked by the icons' test
    for written_path in write_icon_previews():
        print(written_path)
