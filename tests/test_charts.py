"""Charts: Dutch tick labels, provisional periods, highlight marks, SVG output."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from matplotlib.figure import Figure

from regiobeeld import charts, style
from regiobeeld.formatting import format_period


def _series(values, statuses=None, start=2020):
    periods = [f"{start + i}JJ00" for i in range(len(values))]
    return pd.DataFrame({"period": periods, "period_status": statuses or [""] * len(values), "value": values})


def _texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(lambda o: hasattr(o, "get_text"))]


@pytest.mark.parametrize("key,status,expected", [
    ("2024JJ00", "*", "2024*"), ("2024KW02", "", "2024-K2"), ("2024MM07", "**", "jul '24**"),
])
def test_short_period(key, status, expected):
    assert format_period(key, status, short=True) == expected


def test_trend_chart_marks_provisional_and_labels_last_values_in_dutch():
    own = _series([1234.5, 1300.25, 1400.75], ["", "**", "*"])
    nl = _series([1000.0, 1100.0, 1200.0])
    fig = charts.trend_chart(("Rijnmond", own), nl, {"AM19": _series([900.0, math.nan, 950.0])},
                             unit="x 1 000", decimals=1)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2020", "2021**", "2022*"]
    texts = _texts(fig)
    assert "1.400,8" in texts and "1.200,0" in texts      # direct end labels, Dutch format
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["Buurregio's", "Nederland", "Rijnmond"]
    region_line = [line for line in ax.get_lines() if line.get_label() == "Rijnmond"][0]
    assert region_line.get_color() == style.REGION and region_line.get_linestyle() == "-"
    nl_line = [line for line in ax.get_lines() if line.get_label() == "Nederland"][0]
    assert nl_line.get_linestyle() == "--"


def test_trend_chart_thins_monthly_ticks_and_keeps_latest():
    periods = [f"{2022 + (m // 12)}MM{m % 12 + 1:02d}" for m in range(37)]
    own = pd.DataFrame({"period": periods, "period_status": [""] * 36 + ["*"], "value": range(37)})
    fig = charts.trend_chart(("R", own))
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert len(labels) <= 10 and labels[-1] == "jan '25*"


def test_comparison_bars_sorted_region_bold_missing_dot():
    rows = [("Nederland", 3.7, "nl"), ("Rijnmond", 3.4, "region"), ("Haaglanden", 4.6, "neighbour"),
            ("Leeg", math.nan, "neighbour")]
    fig = charts.comparison_bars(rows, unit="%", decimals=1)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["Haaglanden", "Nederland", "Rijnmond", "Leeg"]   # high to low, missing last
    bold = {t.get_text(): t.get_fontweight() for t in ax.get_yticklabels()}
    assert bold["Rijnmond"] == "bold" and bold["Haaglanden"] == "normal"
    texts = [t.strip() for t in _texts(fig)]
    assert "3,4" in texts and "4,6" in texts and "." in texts


def test_category_bars_mark_highlight_with_symbol_not_only_colour():
    fig = charts.category_bars(["C Industrie", "G Handel"], [12.5, 20.0], [10.0, 25.0],
                               highlight=["C Industrie"], highlight_label="cruciale sector", unit="%")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["C Industrie ◆", "G Handel"]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["Regio", "◆ cruciale sector", "Nederland"]
    colours = [p.get_facecolor() for p in ax.patches]
    from matplotlib.colors import to_rgba
    assert colours[0] == to_rgba(style.HIGHLIGHT) and colours[1] == to_rgba(style.REGION)


def test_population_pyramid_shares_men_left():
    frame = pd.DataFrame({"category": ["Mannen|5-9", "Vrouwen|5-9", "Mannen|0-4", "Vrouwen|0-4"],
                          "value": [25.0, 25.0, 10.0, 40.0]})
    fig = charts.population_pyramid(frame, frame, name="Rijnmond")
    ax = fig.axes[0]
    widths = sorted(round(p.get_width(), 6) for p in ax.patches if hasattr(p, "get_width"))
    assert widths == [-25.0, -10.0, 25.0, 40.0]                         # % of total (100)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["0-4"]     # every other band, in age order
    ax.figure.canvas.draw()
    assert any(t.get_text().endswith("%") and not t.get_text().startswith("-") for t in ax.get_xticklabels())


def test_grouped_bars_hatched_series_and_value_labels():
    fig = charts.grouped_bars(["laag", "middelbaar", "hoog"],
                              {"Gediplomeerden": [5.0, 50.5, 44.5], "Werkenden": [15.0, 40.0, math.nan]},
                              unit="%")
    ax = fig.axes[0]
    hatches = {p.get_hatch() for p in ax.patches}
    assert hatches == {"", "///"}
    texts = _texts(fig)
    assert "50,5" in texts and "." in texts


def test_figure_to_svg_keeps_text_and_is_deterministic():
    def svg():
        return charts.figure_to_svg(charts.comparison_bars([("Rijnmond", 1234.5, "region")], decimals=1))
    first, second = svg(), svg()
    assert first.startswith("<?xml") and "<text" in first
    assert "1.234,5" in first
    assert first == second
    assert not re.search(r"<dc:date>", first)


def test_index_series():
    frame = _series([200.0, 210.0, math.nan])
    assert charts.index_series(frame, "2020JJ00")["value"].tolist()[:2] == [100.0, 105.0]
    assert charts.index_series(frame, "2022JJ00")["value"].isna().all()


def test_negative_bar_label_sits_left_of_the_bar():
    fig = charts.comparison_bars([("Zeeland", -0.3, "neighbour"), ("Rijnmond", 4.1, "region")])
    label = [t for t in fig.axes[0].texts if t.get_text().strip() == "-0,3"][0]
    assert label.get_ha() == "right" and label.get_position()[0] == -0.3


def test_category_value_label_clears_the_nl_tick():
    fig = charts.category_bars(["A", "B"], [2.0, 5.0], [3.0, 4.0])
    positions = {t.get_text().strip(): t.get_position()[0] for t in fig.axes[0].texts}
    assert positions == {"2,0": 3.0, "5,0": 5.0}
