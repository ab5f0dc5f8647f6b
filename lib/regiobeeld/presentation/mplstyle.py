"""The house style for charts an adviser draws with matplotlib in JupyterLab.

The page charts are drawn by :mod:`regiobeeld.presentation.charts` (fast SVG); this gives an own
matplotlib chart the same colours, fonts and grid, Dutch number labels (1.234,5) and a
place on the page with a title, alt text and source line::

    with house_style():
        fig, ax = plt.subplots()
        ...
    page.own_chart(fig, "Titel", "Wat de grafiek laat zien", indicators=["unemployment_rate"])
"""

from __future__ import annotations

import io
from contextlib import contextmanager
from pathlib import Path

from ..core.formatting import format_number
from .svgcompact import compact

__all__ = ["STYLE_FILE", "house_style", "dutch_axis", "figure_svg"]

STYLE_FILE = Path(__file__).parent / "static" / "regiobeeld.mplstyle"


@contextmanager
def house_style():
    """Draw inside this block in the house style (``regiobeeld.presentation.mplstyle``)."""
    import matplotlib.pyplot as plt

    with plt.style.context(str(STYLE_FILE)):
        yield


def dutch_axis(axis, decimals: int = 0) -> None:
    """Dutch tick labels on ``axis`` (``ax.xaxis`` or ``ax.yaxis``): ``1.234,5``."""
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda value, _: format_number(value, decimals)))


def figure_svg(fig) -> str:
    """The figure as compact SVG text (:func:`~regiobeeld.presentation.svgcompact.compact`)
    without a date in it (the same chart gives the same bytes), and closed, so Jupyter does
    not show it a second time."""
    import matplotlib
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "regiobeeld"}):  # stable clip-path ids
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(fig)
    return compact(buffer.getvalue())
