"""The dashboard: an admin page per channel and for all channels, its charts drawn here as SVG.

No chart library, no CDN, no request leaves the page: each chart is inline SVG made on the server,
with its numbers as a table below it and as CSV (``?csv=<chart>``). It is the changelist of
:class:`~django_linebot.models.ChannelDailyStats` ("Dashboard" in the admin's menu), so it needs
that model's view permission.
"""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from .. import access, dashboard
from ..models import Channel, ChannelDailyStats
from .helpers import ChannelScopedAdmin

#: The series' colours, in order (LINE green first).
COLOURS = ("#06c755", "#2f6fde", "#e8590c", "#ba2121", "#7048e8", "#0b7285", "#868e96", "#e64980")
#: Series whose name says what they are keep their colour in every chart.
NAMED_COLOURS = {
    "sent": "#06c755",
    "processed": "#06c755",
    "failed": "#ba2121",
    "partial": "#e8590c",
    "held": "#ced4da",
    "queued": "#868e96",
    "sending": "#2f6fde",
    "cancelled": "#adb5bd",
}
WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 640, 220, 48, 28, 10
#: The most days the page shows.
MAX_DAYS_SHOWN = 366


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:g}"


def colours(names: list[str]) -> list[str]:
    """A colour per series: its own for a named outcome, the next of the palette otherwise."""
    palette = iter(c for c in COLOURS * 4 if c not in NAMED_COLOURS.values())
    return [NAMED_COLOURS.get(name) or next(palette, "#333") for name in names]


def meter_svg(table: dashboard.Table) -> SafeString:
    """One horizontal meter per label: ``used`` against ``of`` (no meter where either is unknown)."""
    used, limit = table.series.get("used", []), table.series.get("of", [])
    bars = [
        (label, u, q) for label, u, q in zip(table.labels, used, limit, strict=False) if u is not None and q
    ]
    if not bars:
        return format_html('<p class="linebot-nodata">{}</p>', table.empty)
    row_h, label_w = 34, 160
    height = row_h * len(bars) + 8
    parts = []
    for i, (label, u, q) in enumerate(bars):
        share = min(1.0, u / q)
        width = WIDTH - label_w - 90
        colour = "#ba2121" if share >= 0.9 else ("#e8590c" if share >= 0.7 else "#06c755")
        parts.append(
            format_html(
                '<text x="0" y="{}" font-size="12">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="16" fill="#e9ecef"/>'
                '<rect x="{}" y="{}" width="{}" height="16" fill="{}"><title>{} of {}</title></rect>'
                '<text x="{}" y="{}" font-size="12">{} / {} ({}%)</text>',
                i * row_h + 20,
                label[:24],
                label_w,
                i * row_h + 8,
                width,
                label_w,
                i * row_h + 8,
                round(width * share, 1),
                colour,
                _number(u),
                _number(q),
                label_w + width + 6,
                i * row_h + 20,
                _number(u),
                _number(q),
                round(100 * u / q),
            )
        )
    body = mark_safe("".join(str(p) for p in parts))  # noqa: S308 - each part escaped by format_html
    return format_html(
        '<svg viewBox="0 0 {} {}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">{}</svg>',
        WIDTH + 60,
        height,
        table.title,
        body,
    )


def chart_svg(table: dashboard.Table) -> SafeString:
    """The table's series as an SVG chart: lines, stacked bars for a ``stacked`` table, meters for a
    ``meter`` one."""
    if table.meter:
        return meter_svg(table)
    labels, series = table.labels, table.series
    palette = colours(list(series))
    if not labels or not series:
        return format_html('<p class="linebot-nodata">{}</p>', table.empty)
    values = [v for values in series.values() for v in values if v is not None]
    if table.stacked:
        totals = [sum((vals[i] or 0) for vals in series.values()) for i in range(len(labels))]
        top = max(totals, default=0)
    else:
        top = max(values, default=0)
    if not values or top <= 0:
        return format_html('<p class="linebot-nodata">{}</p>', table.empty)
    plot_w, plot_h = WIDTH - PAD_LEFT - 8, HEIGHT - PAD_BOTTOM - PAD_TOP
    step = plot_w / max(1, len(labels))

    def y(value: float) -> float:
        return round(PAD_TOP + plot_h - plot_h * value / top, 1)

    parts: list[str] = []
    if table.stacked:
        bottoms = [0.0] * len(labels)
        for colour, (name, vals) in zip(palette, series.items(), strict=False):
            for i, value in enumerate(vals):
                if not value:
                    continue
                top_y, base_y = y(bottoms[i] + value), y(bottoms[i])
                parts.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                        "<title>{} {}: {}</title></rect>",
                        round(PAD_LEFT + i * step + step * 0.15, 1),
                        top_y,
                        round(step * 0.7, 1),
                        round(base_y - top_y, 1),
                        colour,
                        labels[i],
                        name,
                        _number(value),
                    )
                )
                bottoms[i] += value
    else:
        for colour, (name, vals) in zip(palette, series.items(), strict=False):
            points = [
                f"{round(PAD_LEFT + i * step + step / 2, 1)},{y(v)}"
                for i, v in enumerate(vals)
                if v is not None
            ]
            if len(points) == 1:
                x, y0 = points[0].split(",")
                parts.append(format_html('<circle cx="{}" cy="{}" r="3" fill="{}"/>', x, y0, colour))
            elif points:
                parts.append(
                    format_html(
                        '<polyline points="{}" fill="none" stroke="{}" stroke-width="2">'
                        "<title>{}</title></polyline>",
                        " ".join(points),
                        colour,
                        name,
                    )
                )
    axis = format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#999"/>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#999"/>'
        '<text x="{}" y="{}" font-size="11" text-anchor="end">{}</text>'
        '<text x="{}" y="{}" font-size="11" text-anchor="end">0</text>'
        '<text x="{}" y="{}" font-size="11">{}</text>'
        '<text x="{}" y="{}" font-size="11" text-anchor="end">{}</text>',
        PAD_LEFT,
        PAD_TOP,
        PAD_LEFT,
        PAD_TOP + plot_h,
        PAD_LEFT,
        PAD_TOP + plot_h,
        WIDTH - 8,
        PAD_TOP + plot_h,
        PAD_LEFT - 4,
        PAD_TOP + 10,
        _number(top),
        PAD_LEFT - 4,
        PAD_TOP + plot_h,
        PAD_LEFT,
        HEIGHT - 8,
        labels[0],
        WIDTH - 8,
        HEIGHT - 8,
        labels[-1],
    )
    legend = format_html_join(
        "",
        '<span><i style="background:{}"></i>{}</span>',
        ((colour, name) for colour, name in zip(palette, series, strict=False)),
    )
    body = mark_safe("".join(str(p) for p in parts))  # noqa: S308 - each part escaped by format_html
    return format_html(
        '<svg viewBox="0 0 {} {}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">{}{}</svg>'
        '<div class="linebot-legend">{}</div>',
        WIDTH,
        HEIGHT,
        table.title,
        axis,
        body,
        legend,
    )


def _cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def table_csv(table: dashboard.Table) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="linebot-{table.key}.csv"'
    writer = csv.writer(response)
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([_cell(v) for v in row])
    return response


@admin.register(ChannelDailyStats)
class DashboardAdmin(ChannelScopedAdmin):
    """The dashboard page, in place of the daily figures' list (view permission of the model)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        channels = access.restrict(Channel.objects.all(), request.user, "pk")
        selected = None
        raw = request.GET.get("channel", "")
        if raw.isdigit():
            selected = channels.filter(pk=int(raw)).first()
        scope = channels.filter(pk=selected.pk) if selected is not None else channels
        days_raw = request.GET.get("days", "30")
        days = min(MAX_DAYS_SHOWN, max(1, int(days_raw[:6]))) if days_raw.isdigit() else 30
        tables = dashboard.tables(scope, days)
        wanted = request.GET.get("csv")
        if wanted:
            for table in tables:
                if table.key == wanted:
                    return table_csv(table)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Dashboard: {selected}" if selected is not None else "Dashboard: all channels",
            "opts": self.model._meta,
            "channels": list(channels.order_by("name")),
            "selected": selected,
            "days": days,
            "charts": [(table, chart_svg(table)) for table in tables],
            "query": request.GET.copy(),
        }
        return TemplateResponse(request, "admin/linebot/dashboard.html", context)
