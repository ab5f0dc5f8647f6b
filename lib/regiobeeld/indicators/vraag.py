"""Vraag (demand): jobs per sector, job growth, location quotients, occupations,
CBS tightness and replacement demand.

Functions take regional tidy frames (AM codes, ``"NL"``, PV codes; see
:mod:`.aanbod`) and return the long indicator frame.
"""

from __future__ import annotations

import pandas as pd

from ..core.catalog import AGE_55_75, TOTAL_PERSONS
from .frames import (
    INDEX,
    growth,
    identities,
    is_member,
    is_total,
    least_final_by,
    least_final_pair,
    period_year,
    result,
)
from .model import NL

__all__ = ["jobs", "jobs_growth", "sector_share", "location_quotient", "occupations", "tightness",
           "replacement_demand", "sector_categories", "jobs_by_sector", "yearly_vacancies", "ratio_per_100",
           "TOTAL_SBI"]

#: Title prefix of the SBI total "A-U Alle economische activiteiten".
TOTAL_SBI = "A-U"


def _sbi_title(frame: pd.DataFrame) -> str:
    return next(c for c in frame.columns if c.endswith("SBI2008_title"))


def sector_categories(frame: pd.DataFrame) -> pd.Series:
    """Category of each SBI row: ``""`` for A-U (all activities), the title for a single
    section (``"Q Gezondheids- en welzijnszorg"``), NaN for aggregates such as B-F."""
    titles = frame[_sbi_title(frame)]
    section = titles.str.match(r"^[A-U] ")
    total = titles.str.startswith(TOTAL_SBI + " ")
    return titles.where(section).where(~total, "")


def jobs_by_sector(jobs_frame: pd.DataFrame) -> pd.Series:
    """Jobs (x 1 000) indexed by :data:`INDEX` + category, sections and the total ``""``."""
    frame = jobs_frame.assign(category=sector_categories(jobs_frame)).dropna(subset=["category"])
    return frame.set_index([*INDEX, "category"])["value"]


def jobs(jobs_frame: pd.DataFrame) -> pd.DataFrame:
    """Banen van werknemers in december (x 1 000), total (category ``""``) and per SBI section.

    Source 83582NED (``jobs``) summed GM→AM; secret gemeente cells make the region's sector
    value missing, honestly (never a partial sum).
    """
    return result(jobs_by_sector(jobs_frame), "jobs")


def _jobs_wide(jobs_frame: pd.DataFrame) -> pd.DataFrame:
    return jobs_by_sector(jobs_frame).unstack("category")


def jobs_growth(jobs_frame: pd.DataFrame, years: int = 5) -> pd.DataFrame:
    """Groei banen: ``(J_t / J_{t-years} - 1) * 100`` of all jobs (A-U).

    Source 83582NED (``jobs``) summed GM→AM; unit %; only years whose base year is present.
    """
    return result(growth(_jobs_wide(jobs_frame)[""], years), "jobs_growth")


def _shares(jobs_frame: pd.DataFrame) -> pd.DataFrame:
    table = _jobs_wide(jobs_frame)
    return table.drop(columns="").div(table[""], axis=0) * 100


def sector_share(jobs_frame: pd.DataFrame) -> pd.DataFrame:
    """Aandeel sector in de banen: jobs in the section / all jobs (A-U) * 100.

    Source 83582NED (``jobs``) summed GM→AM; unit %; category = SBI section.
    """
    shares = _shares(jobs_frame)
    return result(shares.stack(future_stack=True), "sector_share")


def location_quotient(jobs_frame: pd.DataFrame) -> pd.DataFrame:
    """Locatiequotiënt: sector share in the region / sector share in Nederland.

    Source 83582NED (``jobs``) summed GM→AM; unit index (NL = 1); category = SBI section.
    """
    shares = _shares(jobs_frame).stack(future_stack=True).rename("share").reset_index()
    nl = shares[shares["region_code"] == NL][["period", "category", "share"]].rename(columns={"share": "nl"})
    merged = shares.merge(nl, on=["period", "category"], how="left")
    merged["value"] = merged["share"] / merged["nl"]
    return result(merged.set_index([*INDEX, "category"])["value"], "location_quotient")


def _by_class(occ: pd.DataFrame) -> pd.DataFrame:
    """Rows of the total and of the beroepsklassen (titles starting with their two-digit
    BRC code), with ``category`` = the class title, ``""`` for the total. Finer BRC
    groups (three or four digits) are left out."""
    kind = identities(occ["Beroep_title"]).map(lambda identity: identity[0] if identity else None)
    rows = occ[kind.isin(["total", "code"])]
    return rows.assign(category=rows["Beroep_title"].where(~is_total(rows, "Beroep"), ""))


def occupations(occ: pd.DataFrame) -> pd.DataFrame:
    """Werkzame beroepsbevolking per beroepsklasse (x 1 000); ``""`` = all occupations.

    Source 86112NED (``occupations``, Totaal personen); level AM (published by CBS).
    """
    rows = _by_class(occ[is_member(occ, "Persoonskenmerken", TOTAL_PERSONS)])
    return result(rows.set_index([*INDEX, "category"])["value"], "occupations")


def replacement_demand(occ: pd.DataFrame) -> pd.DataFrame:
    """Werkenden van 55 jaar en ouder: employed 55-75 / all employed * 100, per
    beroepsklasse (category; ``""`` = all occupations).

    Source 86112NED (``occupations``, Persoonskenmerken 55 tot 75 jaar and Totaal
    personen); level AM; unit %. Workers aged 55+ reach the AOW age within about 12 years.
    """
    frame = _by_class(occ)
    group = pd.Series(None, index=frame.index, dtype=object)
    group[is_member(frame, "Persoonskenmerken", TOTAL_PERSONS)] = "total"
    group[is_member(frame, "Persoonskenmerken", AGE_55_75)] = "older"
    table = frame.assign(group=group).dropna(subset=["group"]).set_index([*INDEX, "category", "group"])["value"]
    table = table.unstack("group")
    return result(table["older"] / table["total"] * 100, "replacement_demand")


def yearly_vacancies(vac: pd.DataFrame) -> pd.Series:
    """Mean open vacancies (x 1 000) of each complete year (all 4 quarters present and
    known), indexed by :data:`INDEX` (period ``YYYYJJ00``, least final quarter status) +
    category (:func:`sector_categories`)."""
    frame = vac.assign(category=sector_categories(vac), year=period_year(vac["period"]))
    frame = frame.dropna(subset=["category"])
    groups = [frame["region_code"], frame["year"], frame["category"]]
    value = frame["value"].groupby(groups).mean().mask(frame["value"].isna().groupby(groups).any())
    quarters = frame["period"].groupby(groups).nunique()
    status = least_final_by(frame["period_status"], groups)
    out = pd.DataFrame({"value": value, "quarters": quarters, "period_status": status}).reset_index()
    out = out[out["quarters"] == 4]
    out["period"] = out["year"].astype(str) + "JJ00"
    return out.set_index([*INDEX, "category"])["value"]


def ratio_per_100(num: pd.Series, den: pd.DataFrame, on: list[str]) -> pd.Series:
    """``num / den * 100`` matched on region, period and ``on``; status = least final of both."""
    left = num.rename("num").reset_index()
    merged = left.merge(den, on=["region_code", "period", *on], how="inner", suffixes=("", "_den"))
    merged["value"] = merged["num"] / merged["den"] * 100
    merged["period_status"] = least_final_pair(merged["period_status"], merged["period_status_den"])
    return merged.set_index(list(num.index.names))["value"]


def tightness(vac: pd.DataFrame, labour: pd.DataFrame) -> pd.DataFrame:
    """CBS-krapte: open vacancies per 100 unemployed, per province and NL, per complete year.

    ``mean of the 4 quarters of 83599NED vacatures (A-U) / 86088NED werkloze
    beroepsbevolking (Totaal personen) of that year * 100``, both x 1 000. Source 83599NED
    (``vacancies``) and 86088NED (``labour``); level PV (a region shows its dominant
    province).
    """
    vacancies = yearly_vacancies(vac)
    vacancies = vacancies[vacancies.index.get_level_values("category") == ""].droplevel("category")
    rows = labour[(labour["measure"] == "werkloos") & is_member(labour, "Persoonskenmerken", TOTAL_PERSONS)]
    den = rows[["region_code", "period", "period_status", "value"]].rename(columns={"value": "den"})
    out = result(ratio_per_100(vacancies, den, []), "tightness")
    return out[out["region_code"].str.startswith("PV") | (out["region_code"] == NL)]
