"""Golden files: every named chart, drawn from fixed inputs, is byte-identical to its SVG
in ``tests/golden/``. The renderer is deterministic, so any change in a chart's look
shows here as a diff to review.

Regenerate after an intended change (then look at the new files in a browser)::

    REGIOBEELD_UPDATE_GOLDENS=1 .venv/bin/python -m pytest tests/test_chart_goldens.py -p no:cacheprovider
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import pandas as pd
import pytest

from regiobeeld.presentation import charts

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("REGIOBEELD_UPDATE_GOLDENS") == "1"


def _series(values, start=2016, last_status="*"):
    return pd.DataFrame({"period": [f"{start + i}JJ00" for i in range(len(values))],
                         "period_status": [""] * (len(values) - 1) + [last_status], "value": values})


CHARTS = {
    "trend_with_named_neighbours": lambda: charts.trend_chart(
        ("Rijnmond", _series([5.1, 4.8, 4.0, 4.6, 4.4])), _series([4.0, 3.8, 3.4, 3.6, 3.7]),
        {"Haaglanden": _series([4.9, 4.6, 4.1, 4.3, 4.2]), "Drechtsteden": _series([3.9, 3.7, 3.5, 3.3, 3.4])},
        unit="%", decimals=1),
    "comparison_bars": lambda: charts.comparison_bars(
        [("Rijnmond", 4.4, "region"), ("Haaglanden", 4.2, "neighbour"), ("Drechtsteden", math.nan, "neighbour"),
         ("Nederland", 3.7, "nl")], unit="%", decimals=1),
    "gemeente_bars": lambda: charts.comparison_bars(
        [("Schiedam", 38.2, "gemeente"), ("Rotterdam", 52.7, "gemeente"), ("Albrandswaard", math.nan, "gemeente"),
         ("Ridderkerk", 18.4, "gemeente"), ("Rijnmond", 44.2, "region"), ("Nederland", 33.9, "nl")],
        unit="per 1.000 inwoners van 15 tot 65 jaar", decimals=1, row=20),
    "category_bars_nl_ticks_near_ends": lambda: charts.category_bars(
        ["C Industrie", "G Handel", "Q Gezondheids- en welzijnszorg"], [12.0, 15.1, 18.0], [12.4, 13.0, 18.3],
        highlight=["C Industrie", "Q Gezondheids- en welzijnszorg"], highlight_label="cruciale sector",
        unit="%", decimals=1, name="Rijnmond"),
    "location_quotients_around_one": lambda: charts.category_bars(
        ["A Landbouw", "C Industrie", "H Vervoer en opslag"], [0.35, 1.12, 1.87], unit="index (NL = 1)",
        decimals=2, name="Rijnmond", baseline=1.0),
    "bars_with_labelled_guides": lambda: charts.bar_chart(
        [charts.Bar("ICT", 4.5, "#0058B8"), charts.Bar("Zorg", 1.6, "#007A99")],
        guides=(0.67, 1.5, 4.0), unit="spanningsindicator", decimals=1),
    "population_pyramid": lambda: charts.population_pyramid(
        pd.DataFrame({"category": ["Mannen|5-9", "Vrouwen|5-9", "Mannen|0-4", "Vrouwen|0-4"],
                      "value": [25.0, 25.0, 10.0, 40.0]}),
        pd.DataFrame({"category": ["Mannen|5-9", "Vrouwen|5-9", "Mannen|0-4", "Vrouwen|0-4"],
                      "value": [30.0, 30.0, 20.0, 20.0]}), name="Rijnmond"),
    "partner_bars": lambda: charts.partner_bars(
        [("Haaglanden", 14.1), ("Drechtsteden", 6.1)], [("Haaglanden", 30.9), ("Zeeland", math.nan)],
        name="Rijnmond", unit="x 1 000 banen", decimals=1),
    "grouped_bars": lambda: charts.grouped_bars(
        ["laag", "middelbaar", "hoog"], {"Gediplomeerden": [5.0, 50.5, 44.5], "Werkenden": [15.0, 40.0, math.nan]},
        unit="%"),
}


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_chart_matches_its_golden_file(name):
    svg = charts.figure_to_svg(CHARTS[name]())
    path = GOLDEN / f"{name}.svg"
    if UPDATE:
        path.write_text(svg, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"{path.name} ontbreekt; maak het met REGIOBEELD_UPDATE_GOLDENS=1 (zie de docstring).")
    assert svg == path.read_text(encoding="utf-8"), f"{name} differs from {path.name}; review and regenerate"
