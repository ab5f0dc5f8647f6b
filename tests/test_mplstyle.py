"""The matplotlib house style for an adviser's own charts: the page charts' palette, Dutch
numbers, deterministic SVG, and a place on the page with alt text and a source line."""

from __future__ import annotations

import pytest

from regiobeeld.presentation import style
from regiobeeld.presentation.mplstyle import STYLE_FILE, dutch_axis, figure_svg, house_style

plt = pytest.importorskip("matplotlib.pyplot", reason="matplotlib is installed with the test extras")


def test_style_file_uses_the_house_palette():
    import matplotlib

    params = matplotlib.rc_params_from_file(str(STYLE_FILE), use_default_template=False)
    colours = [c.lstrip("#").upper() for c in params["axes.prop_cycle"].by_key()["color"]]
    assert colours == [c.lstrip("#").upper() for c in style.PALETTE]


def _chart():
    with house_style():
        fig, ax = plt.subplots()
        ax.bar(["a", "b"], [1234.5, 2000.0])
        dutch_axis(ax.yaxis, 1)
    return fig


def test_own_chart_is_dutch_deterministic_and_closed():
    fig = _chart()
    fig.canvas.draw()
    assert "1.000,0" in [label.get_text() for label in fig.axes[0].get_yticklabels()]
    first, second = figure_svg(fig), figure_svg(_chart())
    assert first == second and "<path" in first
    assert "date" not in first      # no metadata at all (svgcompact)
    assert plt.get_fignums() == []


def test_page_places_an_own_chart_with_its_source():
    import pandas as pd

    from regiobeeld.core.errors import ConfigError
    from regiobeeld.core.settings import Settings
    from regiobeeld.indicators import SPECS, IndicatorSet
    from regiobeeld.presentation.report import Page

    frame = pd.DataFrame([("unemployment_rate", code, "2024JJ00", "", "", v) for code, v in (("AM22", 4.0), ("NL", 3.7))],
                         columns=["indicator", "region_code", "period", "period_status", "category", "value"])
    iset = IndicatorSet(frame, SPECS, {}, {"AM22": "Rijnmond", "NL": "Nederland"}, {}, True, "f")
    page = Page("AM22", "eigen", Settings(), indicators=iset)
    block = page.own_chart(_chart(), "Eigen grafiek", "Twee staven.", indicators=["unemployment_rate"])
    assert "Eigen grafiek" in block.html and 'alt="Twee staven."' in block.html and "Bron: " in block.html
    assert block.chart is not None
    with pytest.raises(ConfigError, match="bron"):
        page.own_chart(_chart(), "Zonder bron", "Twee staven.")
