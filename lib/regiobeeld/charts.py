"""Charts in the house style: tidy data in, a matplotlib ``Figure`` out, no I/O.

Every label goes through :mod:`regiobeeld.formatting` (Dutch numbers; matplotlib's
locale does not reach ``ax.text``). Meaning never rests on colour alone: the region is
also bold and directly labelled, Nederland is dashed or hatched, highlighted
categories carry a ``◆`` marker. :func:`figure_to_svg` turns a figure into SVG text
(and closes it) for :func:`regiobeeld.blocks.figure_block`.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping, Sequence

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from . import style
from .formatting import MISSING, format_number, format_period, is_missing

__all__ = ["index_series", "trend_chart", "comparison_bars", "category_bars", "population_pyramid",
           "grouped_bars", "figure_to_svg", "HIGHLIGHT_MARK"]

#: Marker appended to highlighted category labels, so emphasis is not colour alone.
HIGHLIGHT_MARK = "◆"
_WIDTH = style.RC_PARAMS["figure.figsize"][0]
_HATCHES = ("", "///", "...", "xxx", "\\\\\\", "ooo")
_CHAR_INCH = 0.075  # mean width of a 9 pt DejaVu Sans character, in inches


def index_series(frame: pd.DataFrame, base_period: str) -> pd.DataFrame:
    """The series as an index, ``base_period`` = 100 (all NaN when the base is missing or 0),
    so counts of areas of different size share one axis."""
    base = frame.loc[frame["period"] == base_period, "value"]
    scale = float(base.iloc[0]) if len(base) else math.nan
    return frame.assign(value=frame["value"] / scale * 100 if scale else math.nan)


def _new_figure(height: float | None = None) -> tuple[Figure, object]:
    style.apply()
    size = (_WIDTH, height) if height else None
    fig = Figure(figsize=size)
    return fig, fig.add_subplot()


def _place(fig: Figure, *, left_chars: int, left_label: bool, bottom: float, top: float = 0.15,
           right: float = 0.45) -> None:
    """Set the axes margins in inches from the label lengths, without tight_layout's
    extra draw (half the render time of a chart). ``left_chars`` is the longest y tick label."""
    width, height = fig.get_size_inches()
    left = left_chars * _CHAR_INCH + 0.2 + (0.25 if left_label else 0)
    fig.subplots_adjust(left=left / width, right=1 - right / width, bottom=bottom / height,
                        top=1 - top / height)


def _tick_chars(ax, axis: str, decimals: int) -> int:
    ticks = ax.get_yticks() if axis == "y" else ax.get_xticks()
    return max((len(format_number(t, decimals)) for t in ticks), default=1)


def _value_axis(axis, decimals: int) -> None:
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: format_number(v, decimals)))


def _axis_label(unit: str) -> str:
    return "" if unit in ("aantal", "") else unit


def trend_chart(region: tuple[str, pd.DataFrame], nl: pd.DataFrame | None = None,
                neighbours: Mapping[str, pd.DataFrame] | None = None, *, unit: str = "",
                decimals: int = 1, title: str = "") -> Figure:
    """A line chart of a time series: the region (bold, labelled), Nederland (dashed)
    and the neighbouring regions (thin grey).

    Parameters
    ----------
    region : (name, frame)
        Frame with columns ``period, period_status, value`` (as ``IndicatorSet.series``).
    nl, neighbours : frames of the same shape; either may be missing.
    unit, decimals : the y-axis label and the decimals shown.
    """
    name, frame = region
    frames = [frame] + ([nl] if nl is not None else []) + list((neighbours or {}).values())
    every = pd.concat([f[["period", "period_status"]] for f in frames], ignore_index=True)
    statuses = every.sort_values("period_status", key=lambda s: s.str.len()).drop_duplicates(
        "period", keep="last").set_index("period")["period_status"]
    periods = sorted(statuses.index)
    position = {p: i for i, p in enumerate(periods)}
    fig, ax = _new_figure()

    def draw(data, **kwargs):
        data = data.dropna(subset=["value"])
        return ax.plot(data["period"].map(position), data["value"], **kwargs)

    for i, data in enumerate((neighbours or {}).values()):
        draw(data, color=style.NEIGHBOURS, linewidth=0.9, linestyle=":",
             label="Buurregio's" if i == 0 else None)
    if nl is not None:
        draw(nl, color=style.NATIONAL, linewidth=1.8, linestyle="--", label="Nederland")
    draw(frame, color=style.REGION, linewidth=2.6, marker="o", markersize=3.5, label=name)
    for data, colour, weight in ((frame, style.REGION, "bold"), (nl, style.NATIONAL, "normal")):
        if data is None or data["value"].notna().sum() == 0:
            continue
        last = data.dropna(subset=["value"]).iloc[-1]
        ax.annotate(format_number(last["value"], decimals), (position[last["period"]], last["value"]),
                    xytext=(5, 0), textcoords="offset points", va="center", color=colour,
                    fontsize=9, fontweight=weight)
    step = max(1, -(-len(periods) // 10))
    ticks = list(range(len(periods) - 1, -1, -step))[::-1]
    ax.set_xticks(ticks, [format_period(periods[i], statuses[periods[i]], short=True) for i in ticks])
    ax.set_xlim(-0.3, len(periods) - 0.3)
    return _finish_vertical(fig, ax, unit, decimals, title)


def _finish_vertical(fig: Figure, ax, unit: str, decimals: int, title: str) -> Figure:
    _value_axis(ax.yaxis, decimals)
    ax.yaxis.set_major_locator(MaxNLocator(5))
    ax.set_ylabel(_axis_label(unit))
    if title:
        ax.set_title(title, loc="left")
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper left", bbox_to_anchor=(0.01, 0.995), ncol=len(handles))
    _place(fig, left_chars=_tick_chars(ax, "y", decimals), left_label=bool(_axis_label(unit)), bottom=0.4,
           top=0.4 + (0.3 if title else 0), right=0.55)
    return fig


def comparison_bars(values: Sequence[tuple[str, float, str]], *, unit: str = "",
                    decimals: int = 1, title: str = "") -> Figure:
    """Horizontal bars comparing the region with its neighbours and Nederland.

    ``values`` holds ``(label, value, role)`` with role ``"region"``, ``"neighbour"`` or
    ``"nl"``. Sorted from high to low; the region is blue and bold, Nederland dark
    and hatched, neighbours grey; a missing value is labelled ``"."``.
    """
    rows = sorted(values, key=lambda r: (is_missing(r[1]), -(0 if is_missing(r[1]) else r[1])))
    colours = {"region": style.REGION, "nl": style.NATIONAL, "neighbour": style.NEIGHBOURS}
    fig, ax = _new_figure(0.8 + 0.28 * len(rows))
    ys = range(len(rows))[::-1]
    for y, (label, value, role) in zip(ys, rows):
        missing = is_missing(value)
        ax.barh(y, 0 if missing else value, color=colours[role], height=0.7,
                hatch="///" if role == "nl" else None, edgecolor="white" if role == "nl" else None,
                linewidth=0)
        _bar_label(ax, value, y, decimals, fontsize=9, fontweight="bold" if role == "region" else "normal")
    ax.set_yticks(list(ys), [r[0] for r in rows])
    for tick, (_, _, role) in zip(ax.get_yticklabels(), rows):
        tick.set_fontweight("bold" if role == "region" else "normal")
    _finish_hbar(ax, unit, decimals, title)
    _place(fig, left_chars=max(len(r[0]) for r in rows), left_label=False, bottom=0.6,
           top=0.1 + (0.3 if title else 0))
    return fig


def _bar_label(ax, value, y: float, decimals: int, clear=None, **kwargs) -> None:
    """The value at the end of a horizontal bar (outside it, also for negatives), beyond
    ``clear`` (e.g. the Nederland tick) when that lies further out; ``"."`` when missing."""
    if is_missing(value):
        ax.text(0, y, " " + MISSING, va="center", **kwargs)
    elif value < 0:
        ax.text(value, y, format_number(value, decimals) + " ", va="center", ha="right", **kwargs)
    else:
        at = value if is_missing(clear) or clear is None else max(value, clear)
        ax.text(at, y, " " + format_number(value, decimals), va="center", **kwargs)


def _finish_hbar(ax, unit: str, decimals: int, title: str) -> None:
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlim(right=ax.get_xlim()[1] * 1.12)
    _value_axis(ax.xaxis, decimals)
    ax.xaxis.set_major_locator(MaxNLocator(5))
    ax.set_xlabel(_axis_label(unit))
    ax.tick_params(axis="y", length=0)
    if title:
        ax.set_title(title, loc="left")


def category_bars(labels: Sequence[str], values: Sequence[float], nl: Sequence[float] | None = None,
                  *, highlight: Sequence[str] = (), highlight_label: str = "", unit: str = "",
                  decimals: int = 1, name: str = "Regio", title: str = "") -> Figure:
    """Horizontal bars per category (e.g. sector), in the given order, with Nederland as a
    black tick per bar. Categories in ``highlight`` get the highlight colour AND a
    ``◆`` after their label; ``highlight_label`` explains the marker in the legend."""
    marked = set(highlight)
    fig, ax = _new_figure(0.9 + 0.27 * len(labels))
    ys = list(range(len(labels)))[::-1]
    for y, label, value, ref in zip(ys, labels, values, nl if nl is not None else [None] * len(labels)):
        missing = is_missing(value)
        ax.barh(y, 0 if missing else value, height=0.7, linewidth=0,
                color=style.HIGHLIGHT if label in marked else style.REGION)
        _bar_label(ax, value, y, decimals, clear=ref, fontsize=8)
    if nl is not None:
        points = [(v, y) for v, y in zip(nl, ys) if not is_missing(v)]
        ax.scatter([p[0] for p in points], [p[1] for p in points], marker="|", s=160,
                   linewidths=2, color="black", zorder=3, label="Nederland")
    ax.set_yticks(ys, [f"{label} {HIGHLIGHT_MARK}" if label in marked else label for label in labels])
    handles = []
    from matplotlib.patches import Patch
    handles.append(Patch(color=style.REGION, label=name))
    if marked and highlight_label:
        handles.append(Patch(color=style.HIGHLIGHT, label=f"{HIGHLIGHT_MARK} {highlight_label}"))
    if nl is not None:
        handles.append(ax.collections[-1])
    _finish_hbar(ax, unit, decimals, title)
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.01, 0.995), ncol=len(handles))
    _place(fig, left_chars=max(len(t.get_text()) for t in ax.get_yticklabels()), left_label=False,
           bottom=0.6, top=0.4 + (0.3 if title else 0))
    return fig


def _band_start(band: str) -> int:
    match = re.match(r"\s*(\d+)", band)
    return int(match.group(1)) if match else 999


def population_pyramid(frame: pd.DataFrame, nl: pd.DataFrame | None = None, *, name: str = "Regio",
                       title: str = "") -> Figure:
    """A population pyramid in % of the total population: men left, women right, the
    region as bars and Nederland as a black outline.

    ``frame`` and ``nl`` have columns ``category`` (``"Mannen|50-54"``) and ``value`` (aantal).
    """
    def shares(data):
        split = data["category"].str.split("|", n=1, expand=True)
        out = pd.DataFrame({"sex": split[0], "band": split[1], "pct": data["value"] / data["value"].sum() * 100})
        return out.pivot_table(index="band", columns="sex", values="pct", aggfunc="sum")

    own = shares(frame)
    bands = sorted(own.index, key=_band_start)
    own = own.reindex(bands)
    fig, ax = _new_figure(4.6)
    ys = list(range(len(bands)))
    ax.barh(ys, -own.get("Mannen", 0), height=0.9, color=style.REGION, label=f"{name}, mannen", linewidth=0)
    ax.barh(ys, own.get("Vrouwen", 0), height=0.9, color=style.PALETTE[1], label=f"{name}, vrouwen",
            linewidth=0)
    if nl is not None:
        ref = shares(nl).reindex(bands)
        edges = [y - 0.45 for y in ys] + [ys[-1] + 0.45]
        for sign, column in ((-1, "Mannen"), (1, "Vrouwen")):
            values = list(sign * ref[column].fillna(0))
            ax.stairs(values, edges, orientation="horizontal", color="black", linewidth=1.1,
                      baseline=None, label="Nederland" if sign == 1 else None)
    ax.set_yticks(ys[::2], [bands[i] for i in ys[::2]])
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_number(abs(v), 1) + "%"))
    ax.xaxis.set_major_locator(MaxNLocator(6, symmetric=True))
    ax.axvline(0, color="#5B5B5B", linewidth=0.6)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel("% van de bevolking (mannen links, vrouwen rechts)")
    ax.set_ylabel("leeftijd")
    if title:
        ax.set_title(title, loc="left")
    ax.legend(loc="upper right", fontsize=8)
    _place(fig, left_chars=5, left_label=True, bottom=0.6, top=0.15 + (0.3 if title else 0), right=0.2)
    return fig


def grouped_bars(groups: Sequence[str], series: Mapping[str, Sequence[float]], *, unit: str = "",
                 decimals: int = 1, title: str = "") -> Figure:
    """Vertical bars per group (e.g. education level) for two or more series (e.g.
    graduates and workers); each series has its own colour AND hatch, values on top."""
    fig, ax = _new_figure()
    width = 0.8 / max(1, len(series))
    for i, (label, values) in enumerate(series.items()):
        xs = [g + (i - (len(series) - 1) / 2) * width for g in range(len(groups))]
        heights = [0 if is_missing(v) else v for v in values]
        ax.bar(xs, heights, width=width * 0.95, color=style.PALETTE[i % len(style.PALETTE)],
               hatch=_HATCHES[i % len(_HATCHES)], edgecolor="white", linewidth=0, label=label)
        for x, value in zip(xs, values):
            ax.text(x, 0 if is_missing(value) else value,
                    MISSING if is_missing(value) else format_number(value, decimals),
                    ha="center", va="bottom", fontsize=8)
    ax.set_xticks(range(len(groups)), list(groups))
    ax.set_ylim(top=ax.get_ylim()[1] * 1.1)
    return _finish_vertical(fig, ax, unit, decimals, title)


def figure_to_svg(fig: Figure) -> str:
    """The figure as SVG text (text kept as text, deterministic ids); the figure is closed."""
    buffer = io.StringIO()
    try:
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    finally:
        fig.clear()
    return buffer.getvalue()
