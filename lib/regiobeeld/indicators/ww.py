"""WW: persons with an unemployment benefit per 1.000 of the labour force, monthly.

Source 85554NED (seasonally corrected, the ``Marges`` member ``Waarde`` and the total of
every other dimension, selected by the query) over the labour force of 86088NED. Region
rows are the AM rows CBS publishes: the query reads no gemeenten, since CBS's seasonally
corrected figures of a selection are computed separately and do not add up.
"""

from __future__ import annotations

import pandas as pd

from .aanbod import labour_force
from .frames import INDEX, result
from .published import value_for_year

__all__ = ["ww_rate", "ww_rate_from_labour"]


def ww_rate(ww: pd.DataFrame, labour_force: pd.DataFrame) -> pd.DataFrame:
    """WW per 1.000 van de beroepsbevolking: ``persons with WW / (labour force x 1 000) * 1 000``.

    ``ww``: regional frame (AM codes and ``"NL"``; measure ``ww``, unit aantal), one row
    per region and month. ``labour_force``: the ``labour_force`` indicator frame
    (:func:`.aanbod.labour_force`, x 1 000, yearly). Each month uses the labour force of
    its own year, or the latest earlier year published. Every month is kept (a series).
    """
    rows = ww[INDEX + ["value"]]
    rows = value_for_year(rows, labour_force[["region_code", "period", "value"]], "_labour")
    rate = rows["value"] / rows["_labour"]   # count / (thousands * 1 000) * 1 000
    return result(rate.set_axis(pd.MultiIndex.from_frame(rows[INDEX])), "ww_rate")


def ww_rate_from_labour(ww: pd.DataFrame, labour: pd.DataFrame) -> pd.DataFrame:
    """:func:`ww_rate` over the ``labour`` input (86088NED), through the ``labour_force`` indicator."""
    return ww_rate(ww, labour_force(labour))
