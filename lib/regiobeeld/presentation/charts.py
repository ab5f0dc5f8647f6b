"""Charts in the house style: tidy data in, an SVG :class:`~regiobeeld.presentation.svg.Chart` out, no I/O.

Drawn with the small renderer in :mod:`regiobeeld.presentation.svg` (matplotlib cost 30–70 ms per
chart; this about 1 ms). Every label goes through :mod:`regiobeeld.core.formatting` (Dutch
numbers). Meaning never rests on colour alone: the region is also bold and directly
labelled, Nederland is dashed or hatched, highlighted categories carry a ``◆`` marker.
:func:`line_chart` and :func:`bar_chart` are the two general drawings; the named charts
(and the own-data sections) are built on them. :func:`figure_to_svg` gives the SVG text
for :func:`regiobeeld.presentation.blocks.figure_block`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from ..core.formatting import MISSING, format_number, format_period, is_missing
from . import style
from .svg import HATCHES, Canvas, Chart, Scale, nice_ticks, text_width

__all__ = ["index_series", "trend_chart", "forecast_chart", "comparison_bars", "category_bars", "partner_bars",
           "population_pyramid", "grouped_bars", "line_chart", "bar_chart", "Line", "Bar", "Key", "figure_to_svg",
           "HIGHLIGHT_MARK"]

#: Marker appended to highlighted category labels, so emphasis is not colour alone.
HIGHLIGHT_MARK = "◆"
WIDTH = 672     # px; the 7-inch figures of the matplotlib era
FONT = 12       # tick labels, axis labels, legend
SMALL = 11      # value labels at bars and line ends
TITLE = 13
AXIS = "#5B5B5B"
GRID = "#DDDDDD"
_PAD = 8


@dataclass(frozen=True)
class Key:
    """A legend entry: a ``"box"`` (with optional hatch), a ``"line"`` (dash, marker), a
    black ``"tick"`` or plain ``"text"``."""

    label: str
    colour: str = "#000000"
    kind: str = "box"
    hatch: str = ""
    dash: str = ""
    marker: str = ""


@dataclass(frozen=True)
class Line:
    """One series of :func:`line_chart`; NaN values are skipped (the line joins over them)."""

    label: str
    values: Sequence[float]
    colour: str
    width: float = 1.5
    dash: str = ""
    marker: str = ""
    end_label: bool = False
    bold: bool = False
    end_text: str = ""      # written at the line's end instead of its last value (a name)


@dataclass(frozen=True)
class Bar:
    """One row of :func:`bar_chart`: ``text`` replaces the value label, ``ref`` draws a
    black Nederland tick; a missing value gets no bar and the label ``"."``."""

    label: str
    value: float
    colour: str
    hatch: str = ""
    bold: bool = False
    text: str | None = None
    ref: float | None = None


def index_series(frame: pd.DataFrame, base_period: str) -> pd.DataFrame:
    """The series as an index, ``base_period`` = 100 (all NaN when the base is missing or 0),
    so counts of areas of different size share one axis."""
    periods = frame["period"].tolist()
    scale = float(frame["value"].iloc[periods.index(base_period)]) if base_period in periods else math.nan
    return frame.assign(value=frame["value"] / scale * 100 if scale else math.nan)


def figure_to_svg(chart: Chart | str) -> str:
    """The chart as standalone SVG text (kept for the call sites of the matplotlib era)."""
    return chart.svg if isinstance(chart, Chart) else str(chart)


# ---------------------------------------------------------------- shared pieces

def _axis_label(unit: str) -> str:
    return "" if unit in ("aantal", "") else unit


def _finite(values) -> list[float]:
    return [float(v) for v in values if v is not None and not is_missing(v)]


def _tick_text(value: float, ticks: Sequence[float], decimals: int) -> str:
    """Tick labels with the decimals their step needs (never more than ``decimals`` + 1)."""
    step = abs(ticks[1] - ticks[0]) if len(ticks) > 1 else 1.0
    needed = next((d for d in range(4) if abs(step * 10 ** d - round(step * 10 ** d)) < 1e-6), 3)
    return format_number(value, min(needed, max(decimals, 0) + 1))


def _key_width(key: Key) -> float:
    return (0 if key.kind == "text" else 22) + text_width(key.label, FONT) + 16


def _legend_rows(keys: Sequence[Key], width: float) -> list[list[tuple[Key, float]]]:
    rows: list[list[tuple[Key, float]]] = []
    x = width
    for key in keys:
        if x + _key_width(key) > width and x > 0:
            rows.append([])
            x = 0.0
        rows[-1].append((key, x))
        x += _key_width(key)
    return rows


def _draw_key(canvas: Canvas, key: Key, x: float, y: float) -> None:
    if key.kind == "box":
        canvas.rect(x, y - 6, 16, 12, key.colour, key.hatch)
    elif key.kind == "line":
        canvas.line(x, y, x + 18, y, key.colour, 2, key.dash)
        if key.marker:
            canvas.marker(x + 9, y, key.colour, key.marker, 6)
    elif key.kind == "tick":
        canvas.line(x + 8, y - 7, x + 8, y + 7, key.colour, 2)
    canvas.text(x + (0 if key.kind == "text" else 22), y, key.label, size=FONT)


def _header_height(title: str, keys: Sequence[Key]) -> float:
    return _PAD + (20 if title else 0) + 20 * len(_legend_rows(keys, WIDTH - 2 * _PAD)) + 6


def _draw_header(canvas: Canvas, title: str, keys: Sequence[Key]) -> None:
    y = _PAD + 8
    if title:
        canvas.text(_PAD, y, title, size=TITLE, weight="bold")
        y += 20
    for row in _legend_rows(keys, WIDTH - 2 * _PAD):
        for key, x in row:
            _draw_key(canvas, key, _PAD + x, y)
        y += 20


def _guides(guides: Sequence[float | tuple[float, str]]) -> list[tuple[float, str]]:
    """Reference lines as ``(value, label)``; a bare value is labelled with itself."""
    def shown(value: float) -> str:
        return format_number(value, next((d for d in range(3) if abs(value * 10 ** d - round(value * 10 ** d)) < 1e-9), 2))

    return [g if isinstance(g, tuple) else (float(g), shown(g)) for g in guides]


def _value_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    return [t for t in nice_ticks(lo, hi, count) if lo - 1e-9 <= t <= hi + 1e-9]


def _x_value_axis(canvas: Canvas, x: Scale, ticks: Sequence[float], top: float, bottom: float,
                  decimals: int, label: str, fmt=None) -> None:
    """Vertical grid lines, tick labels under the plot and the axis label below them."""
    for t in ticks:
        canvas.line(x(t), top, x(t), bottom, GRID, 0.8)
    canvas.line(x.start, bottom, x.end, bottom, AXIS, 1)
    for t in ticks:
        canvas.line(x(t), bottom, x(t), bottom + 4, AXIS, 1)
    for t in ticks:
        canvas.text(x(t), bottom + 13, fmt(t) if fmt else _tick_text(t, ticks, decimals), size=FONT,
                    anchor="middle")
    if label:  # centred under the plot, but shifted to stay inside the chart
        half = text_width(label, FONT) / 2
        centre = min(max((x.start + x.end) / 2, _PAD + half), canvas.width - _PAD - half)
        canvas.text(centre, bottom + 32, label, size=FONT, anchor="middle")


def _y_value_axis(canvas: Canvas, y: Scale, ticks: Sequence[float], left: float, right: float,
                  decimals: int, label: str) -> None:
    """Horizontal grid lines, tick labels left of the plot and the rotated axis label (each
    kind drawn in one go: none overlaps another, and the SVG groups their shared style)."""
    for t in ticks:
        canvas.line(left, y(t), right, y(t), GRID, 0.8)
    for t in ticks:
        canvas.line(left - 4, y(t), left, y(t), AXIS, 1)
    for t in ticks:
        canvas.text(left - 7, y(t), _tick_text(t, ticks, decimals), size=FONT, anchor="end")
    canvas.line(left, y.start, left, y.end, AXIS, 1)
    if label:
        canvas.text(_PAD + FONT / 2, (y.start + y.end) / 2, label, size=FONT, anchor="middle", rotate=-90)


def _x_labels(canvas: Canvas, positions: Sequence[tuple[float, str]], bottom: float, spacing: float) -> None:
    """Category labels under a vertical chart; turned 35° when they would overlap."""
    turn = _turned([t for _, t in positions], spacing)
    for x, _ in positions:
        canvas.line(x, bottom, x, bottom + 4, AXIS, 1)
    for x, label in positions:
        if turn:
            canvas.text(x + 3, bottom + 12, label, size=FONT, anchor="end", rotate=-35)
        else:
            canvas.text(x, bottom + 13, label, size=FONT, anchor="middle")


def _turned(labels: Sequence[str], spacing: float) -> bool:
    return any(text_width(t, FONT) > spacing - 6 for t in labels)


def _x_labels_height(labels: Sequence[str], spacing: float) -> float:
    widest = max((text_width(t, FONT) for t in labels), default=0)
    return 0.58 * widest + 20 if _turned(labels, spacing) else 24


def _spread(wanted: list[float], gap: float) -> list[float]:
    """Positions as close to ``wanted`` as possible but ``gap`` apart (end labels must not overlap)."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    placed = [0.0] * len(wanted)
    last = -math.inf
    for i in order:
        placed[i] = max(wanted[i], last + gap)
        last = placed[i]
    return placed


# ---------------------------------------------------------------- general drawings

def line_chart(x_labels: Sequence[str], lines: Sequence[Line], *, unit: str = "", decimals: int = 1,
               title: str = "", guides: Sequence[float] = (), from_zero: bool = False,
               shown: Sequence[int] | None = None, height: float = 330) -> Chart:
    """Lines over categorical x positions (periods), legend on top, Dutch value axis.

    ``shown`` are the indices of the x labels to print (all when None); ``guides`` are
    dotted, labelled reference lines (a value, or ``(value, label)``) drawn where they fall
    in the axis; a line with ``end_label`` has its last value (or its ``end_text``) written
    next to it.
    """
    values = [v for line in lines for v in _finite(line.values)] or [0.0]
    lo, hi = min(values), max(values)
    if from_zero:
        lo = min(0.0, lo)
    pad = (hi - lo) * 0.05 or abs(hi) * 0.05 or 1.0
    ticks = nice_ticks(lo - (0 if from_zero and lo == 0 else pad), hi + pad, 5)
    ends = [(line, _last(line.values)) for line in lines if line.end_label]
    ends = [(line, i, v) for line, (i, v) in ends if i is not None]
    end_texts = [line.end_text or format_number(v, decimals) for line, _, v in ends]
    keys = [Key(line.label, line.colour, "line", dash=line.dash, marker=line.marker) for line in lines
            if line.label]
    label = _axis_label(unit)
    left = _PAD + (FONT + 8 if label else 0) + max(text_width(_tick_text(t, ticks, decimals), FONT)
                                                   for t in ticks) + 8
    right = WIDTH - _PAD - max((text_width(t, SMALL, True) + 8 for t in end_texts), default=6)
    count = len(x_labels)
    shown = list(range(count)) if shown is None else list(shown)
    x, spacing = _period_axis(count, shown, left, right)
    if _turned([x_labels[i] for i in shown], spacing):  # room for the first turned label
        left = max(left, _PAD + 0.82 * text_width(x_labels[shown[0]], FONT) - (x(0) - left) + 3)
        x, spacing = _period_axis(count, shown, left, right)
    top = _header_height(title, keys)
    bottom = height - _x_labels_height([x_labels[i] for i in shown], spacing)
    y = Scale(ticks[0], ticks[-1], bottom, top)
    canvas = Canvas(WIDTH, height)
    _draw_header(canvas, title, keys)
    _y_value_axis(canvas, y, ticks, left, right, decimals, label)
    canvas.line(left, bottom, right, bottom, AXIS, 1)
    _x_labels(canvas, [(x(i), x_labels[i]) for i in shown], bottom, spacing)
    for g, text in _guides(guides):
        if ticks[0] <= g <= ticks[-1]:
            canvas.line(left, y(g), right, y(g), AXIS, 0.8, "2 2")
            canvas.text(left + 3, y(g) - 7, text, size=SMALL - 1, fill=AXIS)
    for line in lines:
        points = [(x(i), y(float(v))) for i, v in enumerate(line.values) if not is_missing(v)]
        canvas.polyline(points, line.colour, line.width, line.dash)
        for px, py in points if line.marker else ():
            canvas.marker(px, py, line.colour, line.marker, 6 if line.marker == "circle" else 5)
    for (line, i, v), text, ty in zip(ends, end_texts, _spread([y(v) for _, _, v in ends], SMALL + 2)):
        canvas.text(x(i) + 6, ty, text, size=SMALL, fill=line.colour, weight="bold" if line.bold else "normal")
    return canvas.chart()


def _period_axis(count: int, shown: Sequence[int], left: float, right: float) -> tuple[Scale, float]:
    """The x scale of :func:`line_chart` and the px between two printed labels."""
    x = Scale(-0.3, count - 0.7, left, right)
    step = shown[1] - shown[0] if len(shown) > 1 else 1
    return x, (x(1) - x(0)) * step if count > 1 else right - left


def _last(values: Sequence[float]) -> tuple[int | None, float]:
    for i in range(len(values) - 1, -1, -1):
        if not is_missing(values[i]):
            return i, float(values[i])
    return None, math.nan


def bar_chart(bars: Sequence[Bar], *, legend: Sequence[Key] = (), unit: str = "", decimals: int = 1,
              title: str = "", guides: Sequence[float | tuple[float, str]] = (), row: float = 26,
              baseline: float = 0.0) -> Chart:
    """Horizontal bars, top to bottom in the given order, each labelled with its value at the
    end of its bar (left of a bar below the baseline). A Nederland tick that would stand in the
    label's way moves the label inside the bar's end, so a label never reads as the Nederland
    marker. Bars start at ``baseline`` (0, or 1 for a location quotient); ``guides`` are
    labelled reference lines. The axis makes room for every label."""
    texts = [b.text if b.text is not None else format_number(b.value, decimals) for b in bars]
    widths = [text_width(t, SMALL, b.bold) + 6 for t, b in zip(texts, bars)]
    values = _finite(b.value for b in bars)
    refs = _finite(b.ref for b in bars)
    lo, hi = min([baseline, *values, *refs]), max([baseline, *values, *refs])
    if hi == lo:
        hi = lo + 1.0
    left = _PAD + max(text_width(b.label, FONT, b.bold) for b in bars) + 10
    right = WIDTH - _PAD - 20  # half of the last tick label
    above = [w for w, b in zip(widths, bars) if is_missing(b.value) or b.value >= baseline]
    need_right = max(above or [0])
    need_left = max([w for w, b in zip(widths, bars) if not is_missing(b.value) and b.value < baseline] or [0])
    per_px = (hi - lo) / max(40.0, right - left - need_left - need_right)
    hi_axis, lo_axis = hi + need_right * per_px, lo - need_left * per_px if lo < baseline else lo
    ticks = _value_ticks(lo_axis, hi_axis)
    label = _axis_label(unit)
    top = _header_height(title, legend) + (14 if guides else 0)
    bottom = top + row * len(bars)
    height = bottom + (44 if label else 26)
    x = Scale(lo_axis, hi_axis, left, right)
    canvas = Canvas(WIDTH, height)
    _draw_header(canvas, title, legend)
    _x_value_axis(canvas, x, ticks, top, bottom, decimals, label)
    canvas.line(x(baseline), top, x(baseline), bottom, AXIS, 1)
    for g, text in _guides(guides):
        if lo_axis <= g <= hi_axis:
            canvas.line(x(g), top, x(g), bottom, AXIS, 0.8, "2 2")
            canvas.text(x(g), top - 8, text, size=SMALL - 1, anchor="middle", fill=AXIS)
    # Names, bars, Nederland ticks and values each in one go (the SVG groups their shared
    # style); a row's value still lies over its bar and tick, and rows never overlap.
    rows = [(top + (i + 0.5) * row, bar, _ref(bar)) for i, bar in enumerate(bars)]
    for cy, bar, _ in rows:
        canvas.text(left - 8, cy, bar.label, size=FONT, anchor="end", weight="bold" if bar.bold else "normal")
    for cy, bar, _ in rows:
        if not is_missing(bar.value):
            canvas.rect(x(baseline), cy - 0.35 * row, x(bar.value) - x(baseline), 0.7 * row, bar.colour, bar.hatch)
    for cy, bar, ref in rows:
        if ref is not None and not is_missing(bar.value):
            canvas.line(x(ref), cy - 0.35 * row - 3, x(ref), cy + 0.35 * row + 3, "#000000", 2)
    for (cy, bar, ref), text, width in zip(rows, texts, widths):
        weight = "bold" if bar.bold else "normal"
        if is_missing(bar.value):
            canvas.text(x(baseline) + 4, cy, MISSING if bar.text is None else text, size=SMALL, weight=weight)
        else:
            _bar_label(canvas, x, bar, text, width, ref, baseline, cy, weight)
    return canvas.chart()


def _ref(bar: Bar) -> float | None:
    """The bar's Nederland value, when it has one."""
    return None if bar.ref is None or is_missing(bar.ref) else float(bar.ref)


def _bar_label(canvas: Canvas, x: Scale, bar: Bar, text: str, width: float, ref: float | None,
               baseline: float, cy: float, weight: str) -> None:
    """The value at the end of its bar: outside, or inside in white when the Nederland tick
    stands where the label would be (and the bar is long enough to hold it)."""
    sign = 1 if bar.value >= baseline else -1
    end = x(bar.value)
    blocked = ref is not None and 0 <= sign * (x(ref) - end) <= width + 2
    if blocked and abs(end - x(baseline)) > width + 4:
        canvas.text(end - sign * 4, cy, text, size=SMALL, anchor="end" if sign > 0 else "start",
                    weight=weight, fill="#FFFFFF")
        return
    start = max(end, x(ref)) if blocked and sign > 0 else min(end, x(ref)) if blocked else end
    canvas.text(start + sign * 4, cy, text, size=SMALL, anchor="start" if sign > 0 else "end", weight=weight)


# ---------------------------------------------------------------- the named charts

def trend_chart(region: tuple[str, pd.DataFrame], nl: pd.DataFrame | None = None,
                neighbours: Mapping[str, pd.DataFrame] | None = None, *, unit: str = "",
                decimals: int = 1, title: str = "") -> Chart:
    """A line chart of a time series: the region (bold, labelled), Nederland (dashed)
    and the neighbouring regions (thin grey, dotted, each named at its end).

    Parameters
    ----------
    region : (name, frame)
        Frame with columns ``period, period_status, value`` (as ``IndicatorSet.series``).
    nl, neighbours : frames of the same shape (neighbours by name); either may be missing.
    unit, decimals : the y-axis label and the decimals shown.
    """
    name, frame = region
    frames = [frame] + ([nl] if nl is not None else []) + list((neighbours or {}).values())
    statuses: dict[str, str] = {}  # per period the longest status any series has ("**" over "*")
    for data in frames:
        for period, status in zip(data["period"].tolist(), data["period_status"].tolist()):
            status = status if isinstance(status, str) else ""
            if len(status) >= len(statuses.get(period, "")):
                statuses[period] = status
    periods = sorted(statuses)

    def aligned(data: pd.DataFrame) -> list[float]:
        pairs = zip(data["period"].tolist(), data["value"].tolist())
        known = {p: v for p, v in reversed(list(pairs)) if not is_missing(v)}  # the first value wins
        return [known.get(p, math.nan) for p in periods]

    lines = [Line("Buurregio's" if i == 0 else "", aligned(data), style.NEIGHBOURS, 1.1, "1.5 2",
                  end_label=True, end_text=label)
             for i, (label, data) in enumerate((neighbours or {}).items())]
    if nl is not None:
        lines.append(Line("Nederland", aligned(nl), style.NATIONAL, 2.2, "6 3", end_label=True))
    lines.append(Line(name, aligned(frame), style.REGION, 3.2, marker="circle", end_label=True, bold=True))
    step = max(1, -(-len(periods) // 10))
    shown = list(range(len(periods) - 1, -1, -step))[::-1]
    labels = [format_period(p, statuses[p], short=True) for p in periods]
    return line_chart(labels, lines, unit=unit, decimals=decimals, title=title, shown=shown)


def forecast_chart(areas: Sequence[tuple[str, pd.DataFrame, pd.DataFrame]], *, unit: str = "",
                   decimals: int = 1, title: str = "") -> Chart:
    """An index (today = 100, a dotted guide) over observed years as solid lines and over
    forecast years as dashed lines with markers, on an axis of every calendar year, so the
    gap between the last observation and the forecast years reads as time. ``areas``:
    (name, observed, forecast) per area, the page's region first (bold), each frame with
    ``period`` and ``value`` (yearly keys); a forecast line starts at the last observed value."""
    frames = [frame for _, observed, forecast in areas for frame in (observed, forecast)]
    years = sorted({int(p[:4]) for frame in frames for p in frame["period"]})
    axis = list(range(years[0], years[-1] + 1)) if years else []

    def on_axis(frame: pd.DataFrame) -> list[float]:
        known = {int(p[:4]): v for p, v in zip(frame["period"], frame["value"]) if not is_missing(v)}
        return [known.get(year, math.nan) for year in axis]

    lines = []
    for number, (name, observed, forecast) in enumerate(areas):
        colour, width = (style.REGION, 3.2) if number == 0 else (style.NATIONAL, 2.2)
        seen = on_axis(observed)
        last, value = _last(seen)
        ahead = on_axis(forecast)
        if last is not None:
            ahead[last] = value
        lines.append(Line(f"{name}, waargenomen", seen, colour, width))
        lines.append(Line(f"{name}, prognose", ahead, colour, width, "5 3", "circle", end_label=True,
                          bold=number == 0))
    shown = [i for i, year in enumerate(axis) if year % 5 == 0 or i in (0, len(axis) - 1)]
    return line_chart([str(year) for year in axis], lines, unit=unit, decimals=decimals, title=title,
                      shown=shown, guides=[(100.0, "nu = 100")])


def comparison_bars(values: Sequence[tuple[str, float, str]], *, unit: str = "",
                    decimals: int = 1, title: str = "", row: float = 26) -> Chart:
    """Horizontal bars comparing the region with its neighbours (or its gemeenten) and Nederland.

    ``values`` holds ``(label, value, role)`` with role ``"region"``, ``"neighbour"``,
    ``"gemeente"`` or ``"nl"``. Sorted from high to low; the region is blue and bold,
    Nederland dark and hatched, neighbours and gemeenten grey; a missing value is labelled
    ``"."``. ``row`` is the height of one bar's row (px).
    """
    rows = sorted(values, key=lambda r: (is_missing(r[1]), -(0 if is_missing(r[1]) else r[1])))
    colours = {"region": style.REGION, "nl": style.NATIONAL, "neighbour": style.NEIGHBOURS,
               "gemeente": style.NEIGHBOURS}
    bars = [Bar(label, value, colours[role], "///" if role == "nl" else "", role == "region")
            for label, value, role in rows]
    return bar_chart(bars, unit=unit, decimals=decimals, title=title, row=row)


def category_bars(labels: Sequence[str], values: Sequence[float], nl: Sequence[float] | None = None,
                  *, highlight: Sequence[str] = (), highlight_label: str = "", unit: str = "",
                  decimals: int = 1, name: str = "Regio", title: str = "", baseline: float = 0.0) -> Chart:
    """Horizontal bars per category (e.g. sector), in the given order, with Nederland as a
    black tick per bar. Categories in ``highlight`` get the highlight colour AND a
    ``◆`` after their label; ``highlight_label`` explains the marker in the legend. With
    ``baseline`` 1 (a location quotient) the bars grow from 1, labelled "1 = als Nederland"."""
    marked = set(highlight)
    refs = list(nl) if nl is not None else [None] * len(labels)
    bars = [Bar(f"{label} {HIGHLIGHT_MARK}" if label in marked else label, value,
                style.HIGHLIGHT if label in marked else style.REGION, ref=ref)
            for label, value, ref in zip(labels, values, refs)]
    legend = [Key(name, style.REGION)]
    if marked and highlight_label:
        legend.append(Key(f"{HIGHLIGHT_MARK} {highlight_label}", style.HIGHLIGHT))
    if nl is not None:
        legend.append(Key("Nederland", kind="tick"))
    guides = [(baseline, f"{format_number(baseline, 0)} = als Nederland")] if baseline else []
    return bar_chart(bars, legend=legend, unit=unit, decimals=decimals, title=title, row=25,
                     baseline=baseline, guides=guides)


def partner_bars(origins: Sequence[tuple[str, float]], destinations: Sequence[tuple[str, float]], *,
                 name: str, unit: str = "", decimals: int = 1, title: str = "") -> Chart:
    """The largest partner regions of the commuting of region ``name`` in one figure: first
    where the people who work in it live (``"uit …"``), then where its working residents
    work (``"naar …"``), each group largest first, in its own colour AND hatch."""
    inbound, outbound = style.REGION, style.PALETTE[1]
    bars = [Bar(f"uit {label}", value, inbound) for label, value in origins]
    bars += [Bar(f"naar {label}", value, outbound, "///") for label, value in destinations]
    legend = [Key(f"wonen in …, werken in {name}", inbound), Key(f"wonen in {name}, werken in …", outbound, hatch="///")]
    return bar_chart(bars, legend=legend, unit=unit, decimals=decimals, title=title, row=25)


def _band_start(band: str) -> int:
    match = re.match(r"\s*(\d+)", band)
    return int(match.group(1)) if match else 999


def _shares(data: pd.DataFrame) -> dict[tuple[str, str], float]:
    """``{(sex, band): % of the total}`` from ``category`` (``"Mannen|50-54"``) and ``value``;
    plain Python, as pivot_table alone took 4 ms."""
    values = data["value"].tolist()
    total = sum(_finite(values))
    out: dict[tuple[str, str], float] = {}
    for category, value in zip(data["category"].tolist(), values):
        sex, _, band = str(category).partition("|")
        if total and not is_missing(value):
            out[(sex, band)] = out.get((sex, band), 0.0) + value / total * 100
    return out


def population_pyramid(frame: pd.DataFrame, nl: pd.DataFrame | None = None, *, name: str = "Regio",
                       title: str = "") -> Chart:
    """A population pyramid in % of the total population: men left, women right, the
    region as bars and Nederland as a black outline.

    ``frame`` and ``nl`` have columns ``category`` (``"Mannen|50-54"``) and ``value`` (aantal).
    """
    own = _shares(frame)
    bands = sorted({band for _, band in own}, key=_band_start)
    sides = {sex: [own.get((sex, band), 0.0) for band in bands] for sex in ("Mannen", "Vrouwen")}
    ref = _shares(nl) if nl is not None else None
    extent = max([0.1, *sides["Mannen"], *sides["Vrouwen"], *(ref.values() if ref is not None else [])])
    ticks = nice_ticks(-extent, extent, 6)
    edge = max(-ticks[0], ticks[-1])
    keys = [Key(f"{name}, mannen", style.REGION), Key(f"{name}, vrouwen", style.PALETTE[1])]
    keys += [Key("Nederland", kind="line")] if ref is not None else []
    row = 16
    left = _PAD + FONT + 8 + text_width("100-104", FONT) + 8
    top = _header_height(title, keys)
    bottom = top + row * len(bands)
    x = Scale(-edge, edge, left, WIDTH - _PAD - 10)
    canvas = Canvas(WIDTH, bottom + 44)
    _draw_header(canvas, title, keys)
    _x_value_axis(canvas, x, [t for t in ticks if abs(t) <= edge], top, bottom, 1,
                  "% van de bevolking (mannen links, vrouwen rechts)",
                  fmt=lambda t: _tick_text(abs(t), ticks, 0) + "%")
    canvas.text(_PAD + FONT / 2, (top + bottom) / 2, "leeftijd", size=FONT, anchor="middle", rotate=-90)
    canvas.line(left, top, left, bottom, AXIS, 1)

    def row_top(i: int) -> float:  # the youngest band at the bottom
        return bottom - (i + 1) * row

    for i, band in enumerate(bands):
        canvas.rect(x(0), row_top(i) + 0.05 * row, x(-sides["Mannen"][i]) - x(0), 0.9 * row, style.REGION)
        canvas.rect(x(0), row_top(i) + 0.05 * row, x(sides["Vrouwen"][i]) - x(0), 0.9 * row, style.PALETTE[1])
        if i % 2 == 0:
            canvas.text(left - 8, row_top(i) + row / 2, band, size=FONT, anchor="end")
    canvas.line(x(0), top, x(0), bottom, AXIS, 0.8)
    if ref is not None:
        for sign, sex in ((-1, "Mannen"), (1, "Vrouwen")):
            points = [p for i, band in enumerate(bands) for v in (ref.get((sex, band), 0.0),)
                      for p in ((x(sign * v), row_top(i) + row), (x(sign * v), row_top(i)))]
            canvas.polyline(points, "#000000", 1.3)
    return canvas.chart()


def grouped_bars(groups: Sequence[str], series: Mapping[str, Sequence[float]], *, unit: str = "",
                 decimals: int = 1, title: str = "") -> Chart:
    """Vertical bars per group (e.g. education level) for two or more series (e.g.
    graduates and workers); each series has its own colour AND hatch, values on top."""
    colours = [style.PALETTE[i % len(style.PALETTE)] for i in range(len(series))]
    hatches = [HATCHES[i % len(HATCHES)] for i in range(len(series))]
    keys = [Key(label, c, hatch=h) for label, c, h in zip(series, colours, hatches)]
    values = [v for vs in series.values() for v in _finite(vs)] or [0.0]
    lo, hi = min(0.0, *values), max(0.0, *values)
    ticks = nice_ticks(lo * 1.1, hi * 1.1 or 1.0, 5)
    label = _axis_label(unit)
    left = _PAD + (FONT + 8 if label else 0) + max(text_width(_tick_text(t, ticks, decimals), FONT)
                                                   for t in ticks) + 8
    right = WIDTH - _PAD - 10
    slot = (right - left) / max(1, len(groups))
    top = _header_height(title, keys)
    bottom = 330 - _x_labels_height(list(groups), slot)
    y = Scale(ticks[0], ticks[-1], bottom, top)
    canvas = Canvas(WIDTH, 330)
    _draw_header(canvas, title, keys)
    _y_value_axis(canvas, y, ticks, left, right, decimals, label)
    _x_labels(canvas, [(left + (g + 0.5) * slot, text) for g, text in enumerate(groups)], bottom, slot)
    width = 0.8 * slot / max(1, len(series))
    for i, (values_i, colour, hatch) in enumerate(zip(series.values(), colours, hatches)):
        for g, value in enumerate(values_i):
            cx = left + (g + 0.5) * slot + (i - (len(series) - 1) / 2) * width
            if is_missing(value):
                canvas.text(cx, y(0) - 8, MISSING, size=SMALL, anchor="middle")
                continue
            canvas.rect(cx - 0.475 * width, y(0), 0.95 * width, y(value) - y(0), colour, hatch)
            canvas.text(cx, y(value) + (-8 if value >= 0 else 8), format_number(value, decimals), size=SMALL,
                        anchor="middle")
    canvas.line(left, y(0), right, y(0), AXIS, 1)
    return canvas.chart()
