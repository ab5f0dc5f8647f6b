"""Regional figures as CBS publishes them, with gemeente sums only where it does not.

Tables such as 85554NED (WW) and 86223NED (jongeren) publish arbeidsmarktregio rows
(``(AM)``) beside gemeenten. A published AM figure is preferred over the sum of rounded
gemeente figures (86223NED rounds to 100, 84556NED to 10); gemeenten are summed
(:func:`.aggregate.to_regions`, membership of the period's own year) only for the
region, period and observation CBS does not publish.
"""

from __future__ import annotations

import pandas as pd

from .aggregate import national, observation_keys, to_regions
from .frames import period_year

__all__ = ["published_or_summed", "value_for_year"]


def published_or_summed(frame: pd.DataFrame, membership: pd.DataFrame) -> pd.DataFrame:
    """AM and NL rows of ``frame`` as published; the others summed from its gemeenten.

    Returns ``region_code`` (AM codes and ``"NL"``), ``period``, ``period_status``, the
    observation keys and ``value``. A published row wins even when its value is missing
    (CBS suppressed it; a sum of the same gemeenten would not be more reliable).
    """
    keys = observation_keys(frame)
    codes = frame["region_code"]
    published = national(frame[codes.str.startswith(("AM", "NL01"))])
    published = published[["region_code", "period", "period_status", *keys, "value"]]
    gemeenten = frame[codes.str.startswith("GM")]
    if gemeenten.empty:
        return published.reset_index(drop=True)
    summed = to_regions(gemeenten, membership)
    summed = summed[summed["region_code"].str.startswith("AM") | (summed["region_code"] == "NL")]
    on = ["region_code", "period", *keys]
    seen = summed[on].merge(published[on].drop_duplicates(), on=on, how="left", indicator=True)["_merge"]
    missing = summed[(seen == "left_only").to_numpy()]
    return pd.concat([published, missing[published.columns]], ignore_index=True)


def value_for_year(frame: pd.DataFrame, values: pd.DataFrame, name: str) -> pd.DataFrame:
    """``frame`` with a column ``name``: the ``values`` (``region_code, period, value``, yearly)
    of the same region for the calendar year of each period, or of the latest earlier year
    present (the earliest when none is earlier). Missing where the region has no value."""
    years = sorted(period_year(values["period"]).unique())
    if not years:
        return frame.assign(**{name: float("nan")})
    wanted = period_year(frame["period"])
    chosen = [max([y for y in years if y <= w] or years[:1]) for w in wanted]
    table = values.assign(_year=period_year(values["period"]))[["region_code", "_year", "value"]]
    out = frame.assign(_year=chosen).merge(table.rename(columns={"value": name}), on=["region_code", "_year"],
                                           how="left")
    return out.drop(columns="_year")
