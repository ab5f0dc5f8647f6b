"""Pendel: jobs by residence and work region, from gemeente pairs to arbeidsmarktregio pairs.

Source 85481NED (``BanenVanWerknemers_1``, x 1 000 with one decimal, December periods
``YYYYMM12``). It has two geographic dimensions: the tidy frame keeps the residence
gemeente in ``region_code`` and the work gemeente in a second column (``WerkregioS`` by
default). Only gemeente × gemeente rows are pairs; totals (``NL…``), LD/PV/CR rows are
ignored. ``GM0000`` (gemeente unknown) becomes the explicit region ``"onbekend"``: its
jobs count in a region's jobs and in the national sums, never as a neighbour. Pairs
under 50 jobs are published as 0, so sums of pairs slightly understate the totals.
"""

from __future__ import annotations

import pandas as pd

from ..core.errors import SchemaError
from ..core.regions import membership_year
from .aggregate import latest_of_each
from .frames import INDEX, least_final_by, period_year, result, strict_sum
from .model import NL

__all__ = ["UNKNOWN_GEMEENTE", "UNKNOWN_REGION", "FLOWS", "commuting_pairs", "commuting_flows",
           "commuting_own_share", "commuting_top"]

UNKNOWN_GEMEENTE = "GM0000"
UNKNOWN_REGION = "onbekend"

#: Categories of :func:`commuting_flows`.
FLOWS = ("intern", "inkomend", "uitgaand", "saldo")


def _regions(codes: pd.Series, years: pd.Series, membership: pd.DataFrame) -> pd.Series:
    """AM code of each gemeente code in the membership of its year, else of the latest
    year that has the code (the table's indeling may differ from the period's); GM0000 →
    onbekend."""
    keys = pd.DataFrame({"gemeente_code": codes.to_numpy(), "year": years.to_numpy()})
    found = keys.merge(membership[["gemeente_code", "am_code", "year"]], on=["gemeente_code", "year"], how="left")
    latest = latest_of_each(membership)
    fallback = found["gemeente_code"].map(latest.set_index("gemeente_code")["am_code"])
    found["am_code"] = found["am_code"].fillna(fallback)
    found.loc[found["gemeente_code"] == UNKNOWN_GEMEENTE, "am_code"] = UNKNOWN_REGION
    missing = sorted(set(found.loc[found["am_code"].isna(), "gemeente_code"]))
    if missing:
        raise SchemaError(f"85481NED: gemeentecode(s) {', '.join(missing[:5])} horen in geen arbeidsmarktregio.")
    return pd.Series(found["am_code"].to_numpy(), index=codes.index)


def commuting_pairs(frame: pd.DataFrame, membership: pd.DataFrame, work: str = "WerkregioS") -> pd.DataFrame:
    """Arbeidsmarktregio pairs: ``home, work, period, period_status, value`` (jobs x 1 000).

    Gemeenten are mapped with the membership of each period's own year (clipped to the
    years of ``membership``), a code missing there with the latest year that has it; a
    pair of regions with any missing gemeente pair is missing. An empty pair with a
    gemeente that is not in its period's membership is left out: CBS's cube lists every
    gemeente of every period, and a merged gemeente's later cells are empty. A gemeente
    code other than GM0000 in no membership year raises :class:`SchemaError`.
    """
    gm = frame[frame["region_code"].str.startswith("GM") & frame[work].str.startswith("GM")]
    available = sorted(membership["year"].unique())
    calendar = period_year(gm["period"])
    years = calendar.map({y: membership_year(y, available) for y in calendar.unique()})
    existing = pd.MultiIndex.from_frame(membership[["gemeente_code", "year"]])
    exists = [pd.MultiIndex.from_arrays([gm[side], years]).isin(existing) | (gm[side] == UNKNOWN_GEMEENTE)
              for side in ("region_code", work)]
    keep = (exists[0] & exists[1]) | gm["value"].notna()
    gm, years = gm[keep], years[keep]
    pairs = pd.DataFrame({"home": _regions(gm["region_code"], years, membership),
                          "work": _regions(gm[work], years, membership),
                          "period": gm["period"], "value": gm["value"]})
    out = strict_sum(pairs, ["home", "work", "period"]).reset_index()
    status = least_final_by(gm["period_status"].fillna(""), gm["period"])
    out.insert(3, "period_status", out["period"].map(status))
    return out


def _by_region(pairs: pd.DataFrame, side: str) -> pd.Series:
    return strict_sum(pairs.rename(columns={side: "region_code"}), INDEX)


def _with_nl(values: pd.Series) -> pd.Series:
    """``values`` per region plus NL, the strict sum of the regions of each period."""
    frame = values.rename("value").reset_index()
    nl = strict_sum(frame, ["period", "period_status"]).reset_index().assign(region_code=NL)
    return pd.concat([frame, nl[frame.columns]], ignore_index=True).set_index(INDEX)["value"]


def commuting_flows(pairs: pd.DataFrame) -> pd.DataFrame:
    """Pendel (banen x 1 000), categories :data:`FLOWS`: intern (living and working in the
    region), inkomend (working in it, living in another known region), uitgaand (living in
    it, working in another known region), saldo = inkomend - uitgaand. NL sums the regions."""
    known = pairs[(pairs["home"] != UNKNOWN_REGION) & (pairs["work"] != UNKNOWN_REGION)]
    same = known["home"] == known["work"]
    flows = pd.DataFrame({
        "intern": _by_region(known[same].drop(columns="work"), "home"),
        "inkomend": _by_region(known[~same].drop(columns="home"), "work"),
        "uitgaand": _by_region(known[~same].drop(columns="work"), "home"),
    })
    flows["saldo"] = flows["inkomend"] - flows["uitgaand"]
    stacked = pd.concat({c: _with_nl(flows[c]) for c in FLOWS}, names=["category"])
    return result(stacked.reorder_levels([*INDEX, "category"]), "commuting_flows")


def commuting_own_share(pairs: pd.DataFrame) -> pd.DataFrame:
    """Banen bezet door eigen inwoners: jobs in the region held by its residents / all jobs
    in the region (any residence, unknown included) * 100. NL: all regions together."""
    jobs = pairs[pairs["work"] != UNKNOWN_REGION]
    own = _by_region(jobs[jobs["home"] == jobs["work"]].drop(columns="home"), "work")
    total = _by_region(jobs.drop(columns="home"), "work")
    return result(_with_nl(own) / _with_nl(total) * 100, "commuting_own_share")


def commuting_top(pairs: pd.DataFrame, direction: str, n: int = 5) -> pd.DataFrame:
    """The ``n`` largest partner regions (category = AM code, value = jobs x 1 000).

    ``direction`` ``"origins"``: where the people working in the region live;
    ``"destinations"``: where its residents work. The region itself, the unknown region
    (on either side: it has no list of its own) and missing pairs are left out; ties go
    to the lower code. No NL rows.
    """
    own, partner = {"origins": ("work", "home"), "destinations": ("home", "work")}[direction]
    known = (pairs["home"] != UNKNOWN_REGION) & (pairs["work"] != UNKNOWN_REGION)
    cross = pairs[(pairs["home"] != pairs["work"]) & known].dropna(subset=["value"])
    ranked = cross.sort_values([own, "period", "value", partner], ascending=[True, True, False, True])
    top = ranked.groupby([own, "period"], sort=False).head(n)
    top = top.rename(columns={own: "region_code", partner: "category"})
    return result(top.set_index([*INDEX, "category"])["value"], f"commuting_top_{direction}")
