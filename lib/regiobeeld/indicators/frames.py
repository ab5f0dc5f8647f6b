"""Small frame helpers shared by the indicator modules: wide views of tidy frames, the
long indicator frame, period status, growth and completing the 35 regions."""

from __future__ import annotations

import pandas as pd

from ..core.regions import CODES
from ..core.shapes import member_identity, period_year
from .model import FRAME_COLUMNS, NL, STATUS_BY_RANK, least_final, status_rank

__all__ = ["period_year", "least_final", "least_final_by", "least_final_pair", "wide", "result", "growth",
           "complete_regions", "strict_sum", "identities", "is_member", "is_total", "INDEX"]

#: Index of the wide views: one row per region, period and its status.
INDEX = ["region_code", "period", "period_status"]



def identities(titles: pd.Series) -> pd.Series:
    """:func:`regiobeeld.core.shapes.member_identity` of every title (computed once per title)."""
    return titles.map({t: member_identity(t) for t in titles.unique()})


def is_member(frame: pd.DataFrame, dimension: str, wanted: str) -> pd.Series:
    """True for rows whose ``dimension`` member is ``wanted``: the same title, or (for a
    title a robust rule reads, such as an age range) the same meaning."""
    titles = frame[f"{dimension}_title"]
    identity = member_identity(wanted)
    same = titles == wanted
    return same | _means(titles, identity) if identity is not None else same


def is_total(frame: pd.DataFrame, dimension: str) -> pd.Series:
    """True for rows whose ``dimension`` member is a "Totaal…" member."""
    return _means(frame[f"{dimension}_title"], ("total",))


def _means(titles: pd.Series, identity: tuple) -> pd.Series:
    return identities(titles).map(lambda found: found == identity).astype(bool)


def least_final_by(statuses: pd.Series, by) -> pd.Series:
    """:func:`least_final` per group of ``by`` (vectorised)."""
    return status_rank(statuses).groupby(by).max().map(STATUS_BY_RANK)


def least_final_pair(left: pd.Series, right: pd.Series) -> pd.Series:
    """The least final of two aligned status columns, element by element."""
    ranks = pd.concat([status_rank(left), status_rank(right)], axis=1).max(axis=1)
    return ranks.map(STATUS_BY_RANK)


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
    status = least_final_by(frame["period_status"], frame["period"])
    combos = frame[["indicator", "period", "category"]].drop_duplicates()
    codes = pd.DataFrame({"region_code": [*CODES, NL]})
    grid = combos.merge(codes, how="cross")
    out = grid.merge(frame.drop(columns="period_status"), on=["indicator", "region_code", "period", "category"],
                     how="left")
    out["period_status"] = out["period"].map(status)
    return out[list(FRAME_COLUMNS)]
