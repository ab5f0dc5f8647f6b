"""From gemeenten to arbeidsmarktregio's (and Nederland).

CBS publishes many tables per gemeente only. :func:`to_regions` sums the gemeenten of
each arbeidsmarktregio with the membership of the period's **own** year (CBS *Gebieden
in Nederland* of that year), so a gemeente that merged counts under its old code before
the merger and its new code after it. A regional sum with ANY member missing is missing:
a partial sum would silently understate the region, and NaN never becomes 0.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .frames import least_final_by, period_year, strict_sum
from .model import NL

__all__ = ["MIN_COVERAGE", "membership_year", "to_regions", "to_regions_weighted", "national",
           "observation_keys"]

#: Columns of a tidy frame that are not part of an observation's identity.
_NOT_KEYS = ("region_code", "region_name", "period", "period_title", "period_status", "value", "unit")


def membership_year(year: int, available: Iterable[int]) -> int:
    """``year`` clipped to the membership years ``available`` (the nearest one outside)."""
    years = sorted(available)
    return min(max(year, years[0]), years[-1])


def observation_keys(frame: pd.DataFrame) -> list[str]:
    """The columns besides region and period that identify an observation (measure and
    the other dimensions, keys and titles)."""
    return [c for c in frame.columns if c not in _NOT_KEYS]


def _status_by_period(frame: pd.DataFrame) -> pd.Series:
    status = frame.get("period_status", pd.Series("", index=frame.index)).fillna("")
    return least_final_by(status, frame["period"])


def national(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with CBS's ``NL01`` renamed to ``"NL"`` (tables that publish AM/PV/NL)."""
    return frame.assign(region_code=frame["region_code"].replace({"NL01": NL}))


def to_regions(frame: pd.DataFrame, membership: pd.DataFrame) -> pd.DataFrame:
    """Sum gemeente rows to arbeidsmarktregio's and Nederland.

    Parameters
    ----------
    frame : DataFrame
        Tidy frame (see :mod:`regiobeeld.tidy`) with ``GM`` rows and optionally ``NL01``
        and ``PV`` rows.
    membership : DataFrame
        ``gemeente_code, am_code, year``: the concatenated memberships of every year needed.
        Period ``YYYY...`` uses membership year ``YYYY``, clipped to the years present.

    Returns
    -------
    DataFrame
        ``region_code`` (AM codes, ``"NL"``, and the ``PV`` rows of ``frame`` as published),
        ``period``, ``period_status``, the observation keys and ``value``. NL is the
        table's ``NL01`` row when published, else the strict sum of all gemeenten.
    """
    keys = observation_keys(frame)
    gm = frame[frame["region_code"].str.startswith("GM")]
    combos = gm[["period", *keys]].drop_duplicates()
    years = sorted(membership["year"].unique())
    combos = combos.assign(year=[membership_year(y, years) for y in period_year(combos["period"])])
    expected = combos.merge(membership[["gemeente_code", "am_code", "year"]], on="year")
    values = gm.rename(columns={"region_code": "gemeente_code"})[["gemeente_code", "period", *keys, "value"]]
    joined = expected.merge(values, on=["gemeente_code", "period", *keys], how="left")
    parts = [strict_sum(joined, ["am_code", "period", *keys]).reset_index().rename(columns={"am_code": "region_code"})]
    published = national(frame[frame["region_code"].str.startswith(("NL01", "PV"))])
    parts.append(published[["region_code", "period", *keys, "value"]])
    if not (published["region_code"] == NL).any():
        parts.append(strict_sum(joined, ["period", *keys]).reset_index().assign(region_code=NL))
    out = pd.concat(parts, ignore_index=True)
    out.insert(2, "period_status", out["period"].map(_status_by_period(frame)).fillna(""))
    return out


#: A weighted share may leave out gemeenten without a value when those that have one
#: carry at least this part of the region's weight (CBS has no 85525NED value for
#: GM0088 Schiermonnikoog, which must not blank all of Friesland).
MIN_COVERAGE = 0.99


def to_regions_weighted(frame: pd.DataFrame, membership: pd.DataFrame, weight: str,
                        shares: Iterable[str]) -> pd.DataFrame:
    """Population-weighted mean of percentage measures from gemeenten to regions.

    For each share measure ``s`` the region value is ``sum(w * s) / sum(w)`` over its
    gemeenten that have ``s``, with ``w`` the ``weight`` measure. Gemeenten without ``s``
    are left out only while the others cover at least :data:`MIN_COVERAGE` of the
    region's total weight; otherwise, or when any weight is missing, the value is
    missing. NL uses the published ``NL01`` percentages when present. Returns the
    :func:`to_regions` frame with the weight and the share measures.
    """
    shares = list(shares)
    keys = [k for k in observation_keys(frame) if k != "measure" and not k.endswith("_title")]
    on = ["region_code", "period", *keys]
    weights = frame[frame["measure"] == weight]
    merged = frame[frame["measure"].isin(shares)].merge(
        weights[[*on, "value"]].rename(columns={"value": "_w"}), on=on, how="left")
    known = merged["value"].notna()
    products = merged.assign(value=merged["value"].fillna(0.0) * merged["_w"] / 100)
    covered = merged.assign(measure=_COVERED + merged["measure"], value=merged["_w"].where(known, 0.0))
    regional = to_regions(pd.concat([weights, products.drop(columns="_w"), covered.drop(columns="_w")],
                                    ignore_index=True), membership)
    reg_on = ["region_code", "period", *keys]
    totals = regional[regional["measure"] == weight]
    coverage = regional[regional["measure"].str.startswith(_COVERED)]
    coverage = coverage.assign(measure=coverage["measure"].str.removeprefix(_COVERED))
    parts = regional[regional["measure"].isin(shares)]
    parts = parts.merge(coverage[[*reg_on, "measure", "value"]].rename(columns={"value": "_c"}),
                        on=[*reg_on, "measure"], how="left")
    parts = parts.merge(totals[[*reg_on, "value"]].rename(columns={"value": "_w"}), on=reg_on, how="left")
    enough = parts["_c"] >= MIN_COVERAGE * parts["_w"]
    parts = parts.assign(value=(parts["value"] / parts["_c"] * 100).where(enough)).drop(columns=["_c", "_w"])
    return pd.concat([totals, parts], ignore_index=True)


_COVERED = "_covered:"
