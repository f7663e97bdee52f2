"""The image maker's rendering: LINE's sizes, under 1 MB, the label inside its area, the layouts' geometry."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from django_linebot import richmenu_maker
from django_linebot.richmenu_maker import ICONS, LAYOUTS, AreaDesign, render_menu, split
from django_linebot.sdk import limits, richmenu_layouts

WHITE, BLACK = "#ffffff", "#000000"


def open_png(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return image


def dark_pixels(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    """Pixels darker than mid-grey inside ``box`` (x0, y0, x1, y1)."""
    grey = image.convert("L").crop(box)
    return sum(grey.histogram()[:128])


def test_split_adds_up_with_the_extra_pixels_in_the_middle() -> None:
    assert split(2500, 3) == [833, 834, 833]
    assert split(1686, 2) == [843, 843]
    assert split(2500, 2) == [1250, 1250]
    assert split(10, 4) == [2, 3, 3, 2]
    with pytest.raises(ValueError):
        split(10, 0)


@pytest.mark.parametrize("key", list(LAYOUTS))
def test_every_layout_tiles_its_image_without_gaps_or_overlaps(key: str) -> None:
    layout = LAYOUTS[key]
    width, height = layout.size
    assert layout.size in (richmenu_maker.LARGE_SIZE, richmenu_maker.COMPACT_SIZE)
    area_sum = 0
    for x, y, w, h in layout.bounds():
        assert x >= 0 and y >= 0 and w > 0 and h > 0
        assert x + w <= width and y + h <= height
        area_sum += w * h
    assert area_sum == width * height  # together exactly the image ...
    boxes = layout.bounds()
    for i, (ax, ay, aw, ah) in enumerate(boxes):  # ... and no two overlap
        for bx, by, bw, bh in boxes[i + 1 :]:
            assert ax + aw <= bx or bx + bw <= ax or ay + ah <= by or by + bh <= ay


def test_the_maker_draws_the_sdk_layouts() -> None:
    """One geometry: the maker's layouts are the SDK's table, the one the admin's editor fills areas from."""
    assert LAYOUTS == richmenu_layouts.LAYOUTS_BY_KEY
    assert list(LAYOUTS) == [layout.key for layout in richmenu_layouts.LAYOUTS]


def test_the_3x2_layout_is_lines_own() -> None:
    bounds = LAYOUTS["large-3x2"].bounds()
    assert [(x, w) for x, _, w, _ in bounds[:3]] == [(0, 833), (833, 834), (1667, 833)]
    assert {h for *_, h in bounds} == {843} and {y for _, y, _, _ in bounds} == {0, 843}


@pytest.mark.parametrize("key", ["large-3x2", "compact-3", "large-1"])
def test_a_rendered_menu_is_an_rgb_png_of_lines_size_under_1_mb(key: str) -> None:
    layout = LAYOUTS[key]
    designs = [
        AreaDesign(f"Area number {i} with a rather long label", icon, bg, WHITE)
        for i, (icon, bg) in enumerate(
            zip(ICONS, ["#06c755", "#1e88e5", "#fb8c00", "#8e24aa", "#00897b", "#e53935"])
        )
    ][: len(layout.cells)]
    data = render_menu(layout, designs)
    image = open_png(data)
    assert image.size == layout.size
    assert image.mode == "RGB"
    assert len(data) < limits.RICH_MENU_IMAGE_MAX_BYTES
    # LINE's own check of the image, as the model runs it
    from django_linebot.richmenu_images import validate_rich_menu_image

    buf = io.BytesIO(data)
    buf.size = len(data)  # type: ignore[attr-defined]
    validate_rich_menu_image(buf)


def test_a_noisy_worst_case_stays_under_the_limit() -> None:
    """Long labels of mixed characters and every icon on alternating colours: still far below 1 MB."""
    designs = [
        AreaDesign("Wj@#% " * 10, icon, bg, fg)
        for icon, bg, fg in zip(list(ICONS)[:6], [WHITE, BLACK] * 3, [BLACK, WHITE] * 3)
    ]
    data = render_menu("large-3x2", designs)
    assert len(data) < limits.RICH_MENU_IMAGE_MAX_BYTES / 4


def test_the_label_is_drawn_inside_its_area_and_nowhere_else() -> None:
    """Black text on white areas: dark pixels in area 2 only, and away from its edges."""
    layout = LAYOUTS["compact-3"]
    data = render_menu(layout, [AreaDesign("", "", WHITE, BLACK), AreaDesign("Shop", "", WHITE, BLACK)])
    image = open_png(data)
    first, second, third = layout.bounds()
    assert dark_pixels(image, (first[0], 0, first[0] + first[2], first[3])) == 0
    assert dark_pixels(image, (third[0], 0, third[0] + third[2], third[3])) == 0
    inside = dark_pixels(image, (second[0], 0, second[0] + second[2], second[3]))
    assert inside > 2000
    # the text's bounding box lies inside the area, with a margin
    mask = image.convert("L").point(lambda v: 255 if v < 128 else 0)
    x0, y0, x1, y1 = mask.getbbox()
    assert second[0] + 20 < x0 and x1 < second[0] + second[2] - 20 and y0 > 20 and y1 < second[3] - 20


def test_a_long_label_wraps_and_shrinks_to_fit_its_area() -> None:
    layout = LAYOUTS["compact-3"]
    label = "A label far too long for one line of a third of a compact menu " * 3
    image = open_png(render_menu(layout, [AreaDesign(label, "", WHITE, BLACK)]))
    mask = image.convert("L").point(lambda v: 255 if v < 128 else 0)
    x0, y0, x1, y1 = mask.getbbox()
    _, _, first_width, first_height = layout.bounds()[0]
    assert x1 < first_width and y1 < first_height  # nothing spills into area 2 or off the image
    assert y1 - y0 > 200  # several lines, not one


def test_a_label_without_spaces_is_cut_to_fit() -> None:
    image = open_png(render_menu("compact-3", [AreaDesign("W" * 60, "", WHITE, BLACK)]))
    mask = image.convert("L").point(lambda v: 255 if v < 128 else 0)
    assert mask.getbbox()[2] < LAYOUTS["compact-3"].bounds()[0][2]


def test_icon_and_label_are_stacked_in_the_area() -> None:
    image = open_png(render_menu("compact-1", [AreaDesign("Home", "home", WHITE, BLACK)]))
    grey = image.convert("L")
    top_half = dark_pixels(grey, (0, 0, 2500, 421))
    bottom_half = dark_pixels(grey, (0, 421, 2500, 843))
    assert top_half > 5000 and bottom_half > 1000  # the icon above, the label below


def test_areas_not_designed_stay_white_and_colours_are_the_ones_given() -> None:
    image = open_png(render_menu("large-2x2", [AreaDesign("", "", "#ff0000", WHITE)]))
    assert image.getpixel((10, 10)) == (255, 0, 0)
    assert image.getpixel((2490, 1676)) == (255, 255, 255)


@pytest.mark.parametrize(
    ("layout", "areas", "message"),
    [
        ("no-such-layout", [], "unknown layout"),
        ("compact-1", [AreaDesign(), AreaDesign()], "2 area designs"),
        ("compact-1", [AreaDesign(icon="rocket")], "unknown icon"),
        ("compact-1", [AreaDesign(background="not a colour")], "is not a colour"),
    ],
)
def test_bad_designs_are_value_errors(layout: str, areas: list[AreaDesign], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        render_menu(layout, areas)


def test_a_font_that_cannot_be_loaded_is_a_value_error(tmp_path) -> None:
    bad = tmp_path / "bad.ttf"
    bad.write_bytes(b"not a font")
    with pytest.raises(ValueError, match="cannot load the font"):
        render_menu("compact-1", [AreaDesign("x")], font_path=str(bad))


@pytest.fixture
def fonts(monkeypatch):
    """Set :data:`FONT_CANDIDATES` for one test, the caches emptied before and after."""

    def use(*candidates: str) -> None:
        monkeypatch.setattr(richmenu_maker, "FONT_CANDIDATES", candidates)
        richmenu_maker.installed_fonts.cache_clear()

    yield use
    monkeypatch.undo()
    richmenu_maker.installed_fonts.cache_clear()


DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
LIBERATION = "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"


def test_without_any_truetype_font_pillows_own_font_draws_the_label(fonts) -> None:
    fonts("/nonexistent/font.ttf")
    assert richmenu_maker.installed_fonts() == (None,) and richmenu_maker.find_font() is None
    image = open_png(render_menu("compact-1", [AreaDesign("Hello", "", WHITE, BLACK)]))
    assert dark_pixels(image, (0, 0, 2500, 843)) > 1000


@pytest.mark.skipif(not Path(DEJAVU).is_file(), reason="needs fonts-dejavu-core")
def test_each_label_gets_the_first_font_that_draws_it(fonts) -> None:
    fonts("/nonexistent/font.ttf", DEJAVU)
    assert richmenu_maker.missing_characters("Menu Жé", DEJAVU) == []
    assert richmenu_maker.missing_characters("メニュー メ", DEJAVU) == ["メ", "ニ", "ュ", "ー"]
    assert richmenu_maker.font_for("Menu") == DEJAVU
    assert richmenu_maker.missing_characters("é", None) == ["é"]  # Pillow's font: ASCII only
    if Path(LIBERATION).is_file():  # Liberation first, DejaVu for what Liberation lacks
        fonts(LIBERATION, DEJAVU)
        assert richmenu_maker.font_for("Menu") == LIBERATION
        assert "✓" in richmenu_maker.missing_characters("✓", LIBERATION)
        assert richmenu_maker.font_for("Done ✓") == DEJAVU


@pytest.mark.skipif(not Path(DEJAVU).is_file(), reason="needs fonts-dejavu-core")
def test_a_label_no_installed_font_draws_is_an_error_not_boxes(fonts) -> None:
    fonts(DEJAVU)
    with pytest.raises(ValueError, match="area 2: no installed font draws 'お知らせ'.*fonts-noto-cjk"):
        render_menu("compact-3", [AreaDesign("Menu"), AreaDesign("お知らせ")])
    # the same label in a font given that draws it (DejaVu stands in for a CJK font: it draws the Latin)
    assert render_menu("compact-3", [AreaDesign("Menu")], font_path=DEJAVU)
