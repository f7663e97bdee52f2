"""Readable text of messages and events, the SVG charts and the percentiles, on odd input too."""

from __future__ import annotations

import pytest

from django_linebot.admin.dashboard import chart_svg, meter_svg
from django_linebot.dashboard import Table, percentile
from django_linebot.followers import event_text, message_text


@pytest.mark.parametrize(
    ("message", "text"),
    [
        ({"type": "text", "text": "hi"}, "hi"),
        ({"type": "textV2", "text": "hi {user}"}, "hi {user}"),
        ({"type": "flex", "altText": "Receipt", "contents": {}}, "[flex] Receipt"),
        ({"type": "template", "altText": "Pick one", "template": {}}, "[template] Pick one"),
        ({"type": "sticker", "packageId": "446", "stickerId": "1988"}, "[sticker 446/1988]"),
        ({"type": "location", "title": "Shop", "address": "Tokyo"}, "[location] Shop Tokyo"),
        ({"type": "file", "fileName": "a.pdf"}, "[file] a.pdf"),
        ({"type": "image"}, "[image]"),
        ({}, "[?]"),
        ("not a dict", "[?]"),
        (None, "[?]"),
    ],
)
def test_message_text(message, text) -> None:
    assert message_text(message) == text


@pytest.mark.parametrize(
    ("payload", "text"),
    [
        ({"type": "message", "message": {"type": "text", "text": "yo"}}, "yo"),
        ({"type": "postback", "postback": {"data": "tab=1"}}, "[postback] tab=1"),
        ({"type": "postback", "postback": "broken"}, "[postback] "),
        ({"type": "follow"}, "[followed the account]"),
        ({"type": "unfollow"}, "[blocked the account]"),
        ({"type": "somethingNew"}, "[somethingNew]"),
        ({"type": "message"}, "[?]"),
        ([], "[?]"),
    ],
)
def test_event_text(payload, text) -> None:
    assert event_text(payload) == text


def test_percentile_nearest_rank() -> None:
    values = sorted(float(v) for v in range(1, 101))
    assert (percentile(values, 50), percentile(values, 95), percentile(values, 99)) == (50.0, 95.0, 99.0)
    assert percentile([], 50) is None and percentile([7.0], 99) == 7.0


def table(**kwargs) -> Table:
    return Table("t", "<T>", ["date", "n"], [], **kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"labels": ["a", "b"], "series": {"n": [None, None]}},
        {"labels": ["a", "b"], "series": {"n": [0, 0]}},
        {"labels": ["a", "b"], "series": {"n": [0, 0]}, "stacked": True},
        {"labels": ["a"], "series": {"used": [None], "of": [None]}, "meter": True},
        {"labels": ["a"], "series": {"used": [5], "of": [0]}, "meter": True},
    ],
)
def test_charts_without_data_say_so(kwargs) -> None:
    assert "No data yet." in chart_svg(table(**kwargs))


def test_a_line_chart_skips_the_missing_days_and_escapes_names() -> None:
    svg = chart_svg(table(labels=["d1", "d2", "d3"], series={"<b>": [1, None, 3], "one": [None, 2, None]}))
    assert svg.count("<polyline") == 1 and svg.count("<circle") == 1
    assert "&lt;b&gt;" in svg and "<b>" not in svg and "&lt;T&gt;" in svg


def test_stacked_bars_and_meters() -> None:
    svg = chart_svg(table(labels=["d1", "d2"], series={"sent": [2, 1], "failed": [1, 0]}, stacked=True))
    assert svg.count("<rect") == 3 and "#ba2121" in svg and "#06c755" in svg
    meter = meter_svg(table(labels=["Shop"], series={"used": [950], "of": [1000]}, meter=True))
    assert "950 / 1,000 (95%)" in meter and "#ba2121" in meter  # nearly used up: red
