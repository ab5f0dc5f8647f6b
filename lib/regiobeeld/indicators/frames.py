"""Small frame helpers shared by the indicator modules: wide views of tidy frames, the
long indicator frame, period status, growth and completing the 35 regions."""

from __future__ import annotations

import pandas as pd

from ..regions import CODES
from .model import FRAME_COLUMNS, NL

__all__ = ["period_year", "least_final", "wide", "result", "growth", "complete_regions", "strict_sum", "INDEX"]

#: Index of the wide views: one row per region, period and its status.
INDEX = ["region_code", "period", "period_status"]

#: Finality of a period status: definitief < nader voorlopig < voorlopig.
_STATUS_RANK = {"": 0, "**": 1, "*": 2}
_STATUS_BY_RANK = {rank: status for status, rank in _STATUS_RANK.items()}


def period_year(periods: pd.Series) -> pd.Series:
    """The calendar year of CBS period keys (``"2024MM07"`` → 2024)."""
    return periods.str.slice(0, 4).astype(int)


def least_final(statuses: pd.Series) -> str:
    """The least final status among ``statuses``: ``"*"`` over ``"**"`` over ``""``."""
    ranks = statuses.fillna("").map(_STATUS_RANK).fillna(0)
    return _STATUS_BY_RANK[int(ranks.max())] if len(ranks) else ""


def wide(frame: pd.DataFrame, columns: str = "measure", index: list[str] | None = None) -> pd.DataFrame:
    """One column per value of ``columns`` (default the measure), indexed by :data:`INDEX`
    (plus ``index``); missing cells stay NaN."""
    idx = [*INDEX, *(index or [])]
    return frame.set_index([*idx, columns])["value"].unstack(columns)


def strict_sum(frame: pd.DataFrame, by: list[str]) -> pd.Series:
    """Sum ``value`` per ``by``; a group with any missing value is missing (NaN never
    becomes 0, and a partial sum is never shown as the whole)."""
    groups = [frame[c] for c in by]
    total = frame["value"].groupby(groups, sort=False, dropna=False).sum()
    gap = frame["value"].isna().groupby(groups, sort=False, dropna=False).any()
    return total.mask(gap)


def result(values: pd.Series, indicator: str, category: str | pd.Series = "") -> pd.DataFrame:
    """The long indicator frame (:data:`FRAME_COLUMNS`) from ``values`` indexed by
    :data:`INDEX` (and optionally a ``category`` level, which wins over ``category``)."""
    out = values.rename("value").reset_index()
    if "category" not in out.columns:
        out["category"] = category
    out["indicator"] = indicator
    return out[list(FRAME_COLUMNS)]


def growth(values: pd.Series, years: int) -> pd.Series:
    """Percentage change over ``years`` years, ``(v_t / v_{t-years} - 1) * 100``, for every
    yearly period ``t`` whose base year is present; indexed like ``values``. The status is
    that of period ``t``."""
    now = values.rename("now").reset_index()
    now["_year"] = period_year(now["period"])
    extra = [c for c in now.columns if c not in (*INDEX, "now", "_year")]
    base = now[["region_code", *extra, "_year", "now"]].rename(columns={"now": "base"})
    base["_year"] += years
    merged = now.merge(base, on=["region_code", *extra, "_year"], how="inner")
    merged["value"] = (merged["now"] / merged["base"] - 1) * 100
    return merged.set_index(list(values.index.names))["value"]


def complete_regions(frame: pd.DataFrame) -> pd.DataFrame:
    """Give every period and category of an AM-level indicator frame all 35 AM codes and
    NL (NaN where absent) and drop other codes; statuses become the least final of each period."""
    status = frame.groupby("period")["period_status"].agg(least_final)
    combos = frame[["indicator", "period", "category"]].drop_duplicates()
    codes = pd.DataFrame({"region_code": [*CODES, NL]})
    grid = combos.merge(codes, how="cross")
    out = grid.merge(frame.drop(columns="period_status"), on=["indicator", "region_code", "period", "category"],
                     how="left")
    out["period_status"] = out["period"].map(status)
    return out[list(FRAME_COLUMNS)]
