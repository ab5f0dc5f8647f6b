"""Charts: Dutch labels, provisional periods, highlight marks, bars from zero, safe SVG."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from embedded import drawn, runs

from regiobeeld.core.formatting import format_period
from regiobeeld.presentation import charts, style
from regiobeeld.presentation.svg import Chart

NS = "{http://www.w3.org/2000/svg}"


def _series(values, statuses=None, start=2020):
    periods = [f"{start + i}JJ00" for i in range(len(values))]
    return pd.DataFrame({"period": periods, "period_status": statuses or [""] * len(values), "value": values})


def _root(chart: Chart) -> ET.Element:
    return drawn(charts.figure_to_svg(chart))


def _texts(chart: Chart) -> list[ET.Element]:
    return list(_root(chart).iter(NS + "text"))


def _strings(chart: Chart) -> list[str]:
    return [t.text for t in _texts(chart)]


def _lines(chart: Chart) -> list[ET.Element]:
    """The data lines: open paths (the axes and grid are paths without a fill)."""
    return [p for p in _root(chart).iter(NS + "path") if p.get("fill") == "none"]


def _points(path: ET.Element) -> list[tuple[float, float]]:
    """The points of a path of one run."""
    (points,) = runs(path.get("d"))
    return points


def _bars(chart: Chart) -> list[ET.Element]:
    """The data rectangles: everything but the white background and legend swatches (16 px wide)."""
    rects = list(_root(chart).iter(NS + "rect"))
    return [r for r in rects if r.get("width") not in ("100%", "16", "6")]


@pytest.mark.parametrize("key,status,expected", [
    ("2024JJ00", "*", "2024*"), ("2024KW02", "", "2024-K2"), ("2024MM07", "**", "jul '24**"),
])
def test_short_period(key, status, expected):
    assert format_period(key, status, short=True) == expected


def test_trend_chart_marks_provisional_and_labels_last_values_in_dutch():
    own = _series([1234.5, 1300.25, 1400.75], ["", "**", "*"])
    nl = _series([1000.0, 1100.0, 1200.0])
    chart = charts.trend_chart(("Rijnmond", own), nl, {"AM19": _series([900.0, math.nan, 950.0])},
                               unit="x 1 000", decimals=1)
    texts = _strings(chart)
    assert texts[:3] == ["Buurregio's", "Nederland", "Rijnmond"]           # legend, drawing order
    assert ["2020", "2021**", "2022*"] == [t for t in texts if t.startswith("202")]
    assert "1.400,8" in texts and "1.200,0" in texts                       # direct end labels, Dutch
    assert "x 1 000" in texts                                               # axis label
    end = [t for t in _texts(chart) if t.text == "1.400,8"][0]
    assert end.get("font-weight") == "bold" and end.get("fill") == style.REGION
    lines = _lines(chart)
    region = [p for p in lines if p.get("stroke") == style.REGION][0]
    national = [p for p in lines if p.get("stroke") == style.NATIONAL][0]
    assert region.get("stroke-dasharray") is None and national.get("stroke-dasharray")
    assert len(_points(region)) == 3
    neighbour = [p for p in lines if p.get("stroke") == style.NEIGHBOURS][0]
    assert len(_points(neighbour)) == 2                                     # the NaN is skipped
    assert len(list(_root(chart).iter(NS + "circle"))) == 3 + 1             # region markers + legend


def test_trend_chart_thins_monthly_ticks_and_keeps_latest():
    periods = [f"{2022 + (m // 12)}MM{m % 12 + 1:02d}" for m in range(37)]
    own = pd.DataFrame({"period": periods, "period_status": [""] * 36 + ["*"], "value": range(37)})
    labels = [t for t in _strings(charts.trend_chart(("R", own))) if "'" in t]
    assert len(labels) <= 10 and labels[-1] == "jan '25*"


def test_trend_ticks_of_an_index_axis_are_dutch_and_nice():
    own = _series([100.0, 104.5, 1112.0])
    texts = _strings(charts.trend_chart(("R", own), unit="index (2020 = 100)"))
    assert "index (2020 = 100)" in texts
    assert "1.000" in texts and "500" in texts


def test_comparison_bars_sorted_region_bold_missing_dot():
    rows = [("Nederland", 3.7, "nl"), ("Rijnmond", 3.4, "region"), ("Haaglanden", 4.6, "neighbour"),
            ("Leeg", math.nan, "neighbour")]
    chart = charts.comparison_bars(rows, unit="%", decimals=1)
    labels = [t for t in _texts(chart) if t.get("text-anchor") == "end"]
    assert [t.text for t in labels] == ["Haaglanden", "Nederland", "Rijnmond", "Leeg"]  # high to low
    bold = {t.text: t.get("font-weight") for t in labels}
    assert bold["Rijnmond"] == "bold" and bold["Haaglanden"] is None
    texts = _strings(chart)
    assert "3,4" in texts and "4,6" in texts and "." in texts
    bars = _bars(chart)
    assert len(bars) == 3                                                  # no bar for the missing one
    assert bars[1].get("fill").startswith("url(#hatch-")                   # Nederland hatched
    assert bars[0].get("fill") == style.NEIGHBOURS and bars[2].get("fill") == style.REGION
    assert len({b.get("x") for b in bars}) == 1                            # all start at zero


def test_category_bars_mark_highlight_with_symbol_not_only_colour():
    chart = charts.category_bars(["C Industrie", "G Handel"], [12.5, 20.0], [10.0, 25.0],
                                 highlight=["C Industrie"], highlight_label="cruciale sector", unit="%")
    texts = _strings(chart)
    assert texts[:3] == ["Regio", "◆ cruciale sector", "Nederland"]
    assert "C Industrie ◆" in texts and "G Handel" in texts
    bars = _bars(chart)
    assert [b.get("fill") for b in bars] == [style.HIGHLIGHT, style.REGION]
    ticks = [run for path in _root(chart).iter(NS + "path") if path.get("stroke") == "#000"
             for run in runs(path.get("d")) if run[0][0] == run[1][0]]
    assert len(ticks) == 2 + 1                                             # one NL tick per bar + legend


def test_population_pyramid_labels():
    """Its geometry (shares, men left) is pinned by the golden file in test_chart_goldens.py."""
    frame = pd.DataFrame({"category": ["Mannen|5-9", "Vrouwen|5-9", "Mannen|0-4", "Vrouwen|0-4"],
                          "value": [25.0, 25.0, 10.0, 40.0]})
    chart = charts.population_pyramid(frame, frame, name="Rijnmond")
    texts = _strings(chart)
    assert "0-4" in texts and "5-9" not in texts                           # every other band
    assert "leeftijd" in texts and "Nederland" in texts
    assert any(t.endswith("%") and not t.startswith("-") for t in texts)


def test_grouped_bars_hatched_series_and_value_labels():
    chart = charts.grouped_bars(["laag", "middelbaar", "hoog"],
                                {"Gediplomeerden": [5.0, 50.5, 44.5], "Werkenden": [15.0, 40.0, math.nan]},
                                unit="%")
    bars = _bars(chart)
    assert len(bars) == 5
    fills = [b.get("fill") for b in bars]
    assert fills[:3] == [style.PALETTE[0]] * 3 and all(f.startswith("url(#hatch-") for f in fills[3:])
    pattern = _root(chart).find(f"{NS}defs/{NS}pattern")
    assert pattern.find(NS + "rect").get("fill") == style.PALETTE[1]
    texts = _strings(chart)
    assert "50,5" in texts and "." in texts and "middelbaar" in texts


def test_negative_bar_label_sits_left_of_the_bar():
    chart = charts.comparison_bars([("Zeeland", -0.3, "neighbour"), ("Rijnmond", 4.1, "region")])
    label = [t for t in _texts(chart) if t.text == "-0,3"][0]
    bar = _bars(chart)[1]
    assert label.get("text-anchor") == "end"
    assert float(label.get("x")) < float(bar.get("x"))                     # left of the bar's end
    assert float(label.get("x")) > 0                                       # not cut off


def test_value_label_never_reads_as_the_nl_marker():
    chart = charts.category_bars(["A", "B"], [2.0, 5.0], [2.1, 4.0])
    labels = {t.text: t for t in _texts(chart) if t.text in ("2,0", "5,0")}
    assert labels["2,0"].get("fill") == "#FFF" and labels["2,0"].get("text-anchor") == "end"  # inside its bar
    assert labels["5,0"].get("fill") is None and labels["5,0"].get("text-anchor") is None      # after its bar


def test_location_quotients_grow_from_one_with_a_labelled_reference():
    chart = charts.category_bars(["A", "B"], [0.8, 1.3], baseline=1.0, unit="index (NL = 1)", decimals=2)
    a, b = _bars(chart)
    assert float(a.get("x")) + float(a.get("width")) == pytest.approx(float(b.get("x")))  # both meet at 1
    assert "1 = als Nederland" in _strings(chart)


def test_neighbour_lines_are_named_at_their_end():
    chart = charts.trend_chart(("Rijnmond", _series([1.0, 2.0])), _series([1.5, 1.6]),
                               {"Haaglanden": _series([1.2, 1.4]), "Drechtsteden": _series([0.9, 1.1])})
    texts = _strings(chart)
    assert "Haaglanden" in texts and "Drechtsteden" in texts


def test_svg_escapes_text_is_deterministic_and_self_contained():
    def svg():
        return charts.figure_to_svg(charts.comparison_bars(
            [("<script>alert(1)</script>", 1234.5, "region"), ("Nederland", 2.0, "nl")], decimals=1))
    first, second = svg(), svg()
    assert first == second
    assert first.startswith("<svg ") and "role='img'" in first and "<text" in first
    assert "<script" not in first and "&lt;script&gt;alert(1)&lt;/script&gt;" in first
    assert "1.234,5" in first
    assert re.findall(r"https?://[^'\"]*", first) == ["http://www.w3.org/2000/svg"]
    assert "xlink" not in first and "@import" not in first
    assert len(first) < 8000


def test_index_series():
    frame = _series([200.0, 210.0, math.nan])
    assert charts.index_series(frame, "2020JJ00")["value"].tolist()[:2] == [100.0, 105.0]
    assert charts.index_series(frame, "2022JJ00")["value"].isna().all()


def test_forecast_chart_joins_the_observed_line_to_dashed_forecast_points():
    observed = pd.DataFrame({"period": ["2024JJ00", "2025JJ00", "2026JJ00"], "value": [98.0, 99.0, 100.0]})
    ahead = pd.DataFrame({"period": ["2030JJ00", "2040JJ00", "2050JJ00"], "value": [103.2, 109.4, 113.5]})
    national = ahead.assign(value=[102.4, 107.0, 110.0])
    chart = charts.forecast_chart([("Rijnmond", observed, ahead), ("Nederland", observed, national)],
                                  unit="index (2026 = 100)")
    texts = _strings(chart)
    assert texts[:4] == ["Rijnmond, waargenomen", "Rijnmond, prognose", "Nederland, waargenomen",
                         "Nederland, prognose"]
    assert {"2024", "2030", "2040", "2050", "113,5", "110,0", "nu = 100"} <= set(texts)
    assert "2027" not in texts                                  # every year on the axis, a label every 5
    region = [p for p in _lines(chart) if p.get("stroke") == style.REGION]
    solid, dashed = sorted(region, key=lambda p: bool(p.get("stroke-dasharray")))
    assert len(_points(solid)) == 3 and len(_points(dashed)) == 4                              # from 2026 on
    years = [x for x, _ in _points(dashed)]
    assert years[2] - years[1] == pytest.approx(years[3] - years[2]) and years[1] - years[0] < years[2] - years[1]
