"""Mismatch: vacancy rate per sector, graduates and employed by education level, and
lifelong learning (national only).

Functions take regional tidy frames (see :mod:`.aanbod`) and return the long indicator frame.
"""

from __future__ import annotations

import pandas as pd

from .aanbod import TOTAL_PERSONS, graduate_counts
from .frames import INDEX, result, strict_sum
from .model import NL
from .vraag import jobs_by_sector, ratio_per_100, yearly_vacancies

__all__ = ["vacancy_rate", "graduates_by_level", "employed_by_level", "lifelong_learning",
           "EDUCATION_KEYS"]

#: Persoonskenmerken keys of the three education levels (86088NED, 85315NED).
EDUCATION_KEYS = {"2018700": "laag", "2018740": "middelbaar", "2018790": "hoog"}

_GRADUATE_BANDS = {"Mbo entree": "laag", "Mbo niveau 2": "middelbaar", "Mbo niveau 3": "middelbaar",
                   "Mbo niveau 4": "middelbaar", "Hbo": "hoog", "Wo": "hoog"}


def _province_or_nl(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["region_code"].str.startswith("PV") | (frame["region_code"] == NL)]


def vacancy_rate(vac: pd.DataFrame, jobs_frame: pd.DataFrame) -> pd.DataFrame:
    """Vacaturegraad: open vacancies per 1.000 jobs (CBS's definition), per SBI section
    (category; ``""`` = A-U).

    ``mean of the 4 quarters of 83599NED vacatures / 83582NED banen in december of that
    year * 1000``, both x 1 000, per province and NL (complete years only). Level PV.
    """
    den = _province_or_nl(jobs_by_sector(jobs_frame).rename("den").reset_index())
    per_1000 = ratio_per_100(yearly_vacancies(vac), den, ["category"]) * 10
    return _province_or_nl(result(per_1000, "vacancy_rate"))


def _shares_of_total(counts: pd.Series) -> pd.Series:
    """``counts`` (indexed by :data:`INDEX` + category) as % of their sum per region and
    period; missing when any category is missing."""
    table = counts.unstack("category")
    total = table.sum(axis=1).where(table.notna().all(axis=1))
    return (table.div(total, axis=0) * 100).stack(future_stack=True)


def graduates_by_level(grads: pd.DataFrame) -> pd.DataFrame:
    """Gediplomeerden naar niveau: laag (mbo entree), middelbaar (mbo 2-4), hoog (hbo, wo)
    as % of all graduates of these levels (category).

    Source 85702NED (``graduates``) summed GM→AM; unit %.
    """
    counts = graduate_counts(grads).reset_index()
    counts["category"] = counts["category"].map(_GRADUATE_BANDS)
    return result(_shares_of_total(strict_sum(counts, [*INDEX, "category"])), "graduates_by_level")


def employed_by_level(labour: pd.DataFrame) -> pd.DataFrame:
    """Werkenden naar onderwijsniveau: werkzame beroepsbevolking laag / middelbaar / hoog
    as % of the three together (category).

    Source 86088NED (``labour``/``werkzaam``, Persoonskenmerken onderwijsniveau); level AM.
    """
    rows = labour[(labour["measure"] == "werkzaam") & labour["Persoonskenmerken"].isin(list(EDUCATION_KEYS))]
    rows = rows.assign(category=rows["Persoonskenmerken"].map(EDUCATION_KEYS))
    return result(_shares_of_total(rows.set_index([*INDEX, "category"])["value"]), "employed_by_level")


def lifelong_learning(learning: pd.DataFrame) -> pd.DataFrame:
    """Leven lang ontwikkelen: % who took part in formal / non-formal education in the
    last 4 weeks. Categories ``"formeel"``, ``"niet-formeel"`` (all persons) and
    ``"formeel|laag"``, ``"niet-formeel|hoog"``, ... per education level.

    Source 85315NED (``lifelong_learning``); level NL (national only; region ``"NL"``).
    """
    kinds = {"formeel_pct": "formeel", "niet_formeel_pct": "niet-formeel"}
    groups = {TOTAL_PERSONS: "", **EDUCATION_KEYS}
    rows = learning[learning["Persoonskenmerken"].isin(list(groups)) & learning["measure"].isin(list(kinds))]
    group = rows["Persoonskenmerken"].map(groups)
    kind = rows["measure"].map(kinds)
    category = kind.where(group == "", kind + "|" + group)
    rows = rows.assign(category=category, region_code=NL)
    return result(rows.set_index([*INDEX, "category"])["value"], "lifelong_learning")
