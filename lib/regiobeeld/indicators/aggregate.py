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

from ..core.regions import membership_year
from .frames import least_final_by, period_year, strict_sum
from .model import NL

__all__ = ["MIN_COVERAGE", "latest_of_each", "to_regions", "counts_to_regions",
           "to_regions_weighted", "national", "observation_keys"]

#: Columns of a tidy frame that are not part of an observation's identity.
_NOT_KEYS = ("region_code", "region_name", "period", "period_title", "period_status", "value", "unit")


def latest_of_each(membership: pd.DataFrame) -> pd.DataFrame:
    """One membership row per gemeente code: that of the latest year that has the code."""
    return membership.sort_values("year", kind="stable").drop_duplicates("gemeente_code", keep="last")


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
        Tidy frame (see :mod:`regiobeeld.core.tidy`) with ``GM`` rows and optionally ``NL01``
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


def counts_to_regions(frame: pd.DataFrame, membership: pd.DataFrame) -> pd.DataFrame:
    """:func:`to_regions` for a query whose topics must all be counts: a topic CBS
    publishes in % (a relative topic taken for the count it shares its title with) raises
    :class:`SchemaError` instead of being summed."""
    from ..core.errors import SchemaError

    relative = sorted(set(frame.loc[frame["unit"].str.strip() == "%", "measure"]))
    if relative:
        raise SchemaError(f"Onderwerp(en) {', '.join(relative)} zijn percentages, geen aantallen; "
                          "optellen over gemeenten kan niet.")
    return to_regions(frame, membership)


#: A weighted share may leave out gemeenten without a value when those that have one
#: carry at least this part of the region's weight (CBS has no 85525NED value for
#: GM0088 Schiermonnikoog, which must not blank all of Friesland).
MIN_COVERAGE = 0.99


def to_regions_weighted(frame: pd.DataFrame, membership: pd.DataFrame, weight: str,
                        shares: Iterable[str]) -> pd.DataFrame:
    """Population-weighted mean of percentage measures from gemeenten to regions.

    For each share measure ``s`` the region value is ``sum(w * s) / sum(w)`` over its
    gemeenten that have both ``s`` and ``w`` (the ``weight`` measure) in the period. The
    others are left out only while the included ones cover at least :data:`MIN_COVERAGE`
    of the region's reference weight: each gemeente's own ``w``, or, when that is missing
    (value empty or row absent), its ``w`` of the nearest period that has one. So the
    answer is the same whether a gemeente's row is absent, its share empty or its weight
    empty. A gemeente without any known weight makes the region missing. NL uses the
    published ``NL01`` percentages when present. Returns the :func:`to_regions` frame
    with the weight (strict sum) and the share measures.
    """
    shares = list(shares)
    keys = [k for k in observation_keys(frame) if k != "measure" and not k.endswith("_title")]
    weights = frame[frame["measure"] == weight]
    grid = _share_grid(frame, weight, shares, keys)
    known = grid["value"].notna() & grid["_w"].notna()
    parts = [
        grid.assign(measure=_PRODUCT + grid["measure"], value=(grid["value"] * grid["_w"] / 100).where(known, 0.0)),
        grid.assign(measure=_COVERED + grid["measure"], value=grid["_w"].where(known, 0.0)),
        grid.assign(measure=_REFERENCE + grid["measure"], value=grid["_ref"]),
    ]
    published = frame[frame["measure"].isin(shares) & ~frame["region_code"].str.startswith("GM")]
    regional = to_regions(pd.concat([weights, published, *(p.drop(columns=["_w", "_ref"]) for p in parts)],
                                    ignore_index=True), membership)
    on = ["region_code", "period", *keys, "measure"]

    def measure(prefix: str) -> pd.DataFrame:
        rows = regional[regional["measure"].str.startswith(prefix)]
        return rows.assign(measure=rows["measure"].str.removeprefix(prefix))[on + ["value"]].set_index(on)["value"]

    product, covered, reference = measure(_PRODUCT), measure(_COVERED), measure(_REFERENCE)
    mean = (product / covered * 100).where(covered >= MIN_COVERAGE * reference).rename("value").reset_index()
    status = regional[["period", "period_status"]].drop_duplicates("period")
    mean = mean.merge(status, on="period", how="left")
    published = regional[regional["measure"].isin(shares)]
    published = published[published["value"].notna() | ~published["region_code"].eq(NL)]
    mean = mean[~mean.set_index(on).index.isin(published.set_index(on).index)]
    totals = regional[regional["measure"] == weight]
    return pd.concat([totals, published, mean[totals.columns.intersection(mean.columns)]], ignore_index=True)


def _share_grid(frame: pd.DataFrame, weight: str, shares: list[str], keys: list[str]) -> pd.DataFrame:
    """One row per gemeente (seen in any period), period, observation keys and share
    measure, with ``value`` (NaN when absent), ``_w`` (own weight) and ``_ref`` (own
    weight, else that of the nearest period where it is known)."""
    gm = frame[frame["region_code"].str.startswith("GM")]
    codes = gm[["region_code"]].drop_duplicates()
    combos = gm[gm["measure"].isin(shares)][["period", "period_status", *keys, "measure"]].drop_duplicates()
    grid = codes.merge(combos, how="cross")
    rows = gm[gm["measure"].isin(shares)][["region_code", "period", *keys, "measure", "value"]]
    grid = grid.merge(rows, on=["region_code", "period", *keys, "measure"], how="left")
    own = gm[gm["measure"] == weight][["region_code", "period", *keys, "value"]].rename(columns={"value": "_w"})
    grid = grid.merge(own, on=["region_code", "period", *keys], how="left").sort_values("period")
    nearest = grid.groupby(["region_code", *keys, "measure"], dropna=False)["_w"]
    grid["_ref"] = grid["_w"].fillna(nearest.ffill()).fillna(nearest.bfill())
    return grid.sort_index()


_COVERED, _PRODUCT, _REFERENCE = "_covered:", "_product:", "_reference:"
