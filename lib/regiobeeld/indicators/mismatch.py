"""Mismatch: vacancy rate per sector, graduates and employed by education level, and
lifelong learning (national only).

Functions take regional tidy frames (see :mod:`.aanbod`) and return the long indicator frame.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .aanbod import graduate_counts
from .frames import INDEX, identities, is_total, result, strict_sum
from .model import NL
from .vraag import jobs_by_sector, ratio_per_100, yearly_vacancies

__all__ = ["vacancy_rate", "graduates_by_level", "employed_by_level", "lifelong_learning", "LLO_MEMBERS"]

#: 85315NED "Leven lang ontwikkelen" member titles → the kind of participation (category).
LLO_MEMBERS = {"Deelname leven lang ontwikkelen": "", "Volgt formeel onderwijs": "formeel",
               "Volgt niet-formeel onderwijs": "niet-formeel"}

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


def _education_level(frame: pd.DataFrame) -> pd.Series:
    """"laag", "middelbaar" or "hoog" for Persoonskenmerken "Onderwijsniveau: …" rows, else NaN."""
    found = identities(frame["Persoonskenmerken_title"])
    return found.map(lambda identity: identity[1] if identity and identity[0] == "education" else None)


def employed_by_level(labour: pd.DataFrame) -> pd.DataFrame:
    """Werkenden naar onderwijsniveau: werkzame beroepsbevolking laag / middelbaar / hoog
    as % of the three together (category).

    Source 86088NED (``labour``/``werkzaam``, Persoonskenmerken onderwijsniveau); level AM.
    """
    rows = labour[labour["measure"] == "werkzaam"].assign(category=_education_level(labour))
    rows = rows.dropna(subset=["category"])
    return result(_shares_of_total(rows.set_index([*INDEX, "category"])["value"]), "employed_by_level")


def lifelong_learning(learning: pd.DataFrame) -> pd.DataFrame:
    """Leven lang ontwikkelen: participants / population 15-75 * 100, both in thousands.

    85315NED has one count topic, the population 15-75 (x 1 000), by the dimension "Leven
    lang ontwikkelen": the share is computed as "Deelname leven lang ontwikkelen" (category
    ``""``), "Volgt formeel onderwijs" (``"formeel"``) and "Volgt niet-formeel onderwijs"
    (``"niet-formeel"``) over its "Totaal" member. All persons; per education level the
    category gets ``"|laag"``, ``"|middelbaar"``, ``"|hoog"``. Level NL (region ``"NL"``).
    """
    llo = next(c.removesuffix("_title") for c in learning.columns
               if c.endswith("_title") and learning[c].isin(list(LLO_MEMBERS)).any())
    level = _education_level(learning)
    person = level.where(level.notna(), np.where(is_total(learning, "Persoonskenmerken"), "", None))
    frame = learning.assign(person=person, kind=learning[f"{llo}_title"].map(LLO_MEMBERS), region_code=NL)
    frame = frame.dropna(subset=["person"])
    total = frame[is_total(frame, llo)][[*INDEX, "person", "value"]].rename(columns={"value": "total"})
    share = frame.dropna(subset=["kind"]).merge(total, on=[*INDEX, "person"])
    share["value"] = share["value"] / share["total"] * 100
    share["category"] = np.where(share["person"] == "", share["kind"],
                                 share["kind"].where(share["kind"] != "", "deelname") + "|" + share["person"])
    return result(share.set_index([*INDEX, "category"])["value"], "lifelong_learning")
