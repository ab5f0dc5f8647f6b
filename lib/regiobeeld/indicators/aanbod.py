"""Aanbod (supply): inhabitants, age, education, labour force, unused potential, benefits.

Every function takes **regional** tidy frames, i.e. frames whose ``region_code`` holds AM
codes, ``"NL"`` (and sometimes PV codes): either what CBS publishes per arbeidsmarktregio
(:func:`.aggregate.national`) or gemeenten summed by :func:`.aggregate.to_regions`. Each
returns the long indicator frame (``indicator, region_code, period, period_status,
category, value``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.catalog import TOTAL_PERSONS
from .frames import INDEX, growth, is_member, is_total, period_year, result, strict_sum, wide

__all__ = [
    "population", "population_growth", "age_structure", "age_pyramid", "share_50_65",
    "green_pressure", "grey_pressure", "demographic_pressure", "education_level",
    "higher_educated", "labour_force", "net_participation", "unemployment_rate",
    "unused_potential", "working_age_population", "benefits_rate", "social_assistance_rate",
    "reintegration_rate", "pupils", "graduates", "graduate_counts", "AGE_BANDS", "GRADUATE_LEVELS", "PUPIL_LEVELS",
    "UNUSED_PARTS",
]

#: Age bands of the age structure (Dutch category) → 70072NED population measures.
AGE_BANDS = {
    "0 tot 15 jaar": ("0-5", "5-10", "10-15"),
    "15 tot 25 jaar": ("15-20", "20-25"),
    "25 tot 45 jaar": ("25-45",),
    "45 tot 65 jaar": ("45-65",),
    "65 tot 80 jaar": ("65-80",),
    "80 jaar of ouder": ("80+",),
}
_YOUNG = ("0-5", "5-10", "10-15", "15-20")          # 0 to 20
_WORKING = ("20-25", "25-45", "45-65")               # 20 to 65
_OLD = ("65-80", "80+")                              # 65 and older
_AGE_15_65 = ("15-20", "20-25", "25-45", "45-65")

#: 03759ned Geslacht keys (confirmed) → Dutch category.
_SEXES = {"3000": "Mannen", "4000": "Vrouwen"}

#: Benefit measures of 80794ned → Dutch category.
_BENEFITS = {"ww": "WW", "bijstand": "Bijstand", "arbeidsongeschikt": "Arbeidsongeschiktheid",
             "wajong": "Wajong"}

#: 85701NED Onderwijssoort key (confirmed; the titles are not known) → Dutch category.
PUPIL_LEVELS = {
    "A041867": "Mbo, totaal", "A042650": "Mbo entree", "A042656": "Mbo niveau 2", "A042662": "Mbo niveau 3",
    "A042668": "Mbo niveau 4", "A025294": "Hbo", "A025297": "Wo",
}

#: 85702NED Onderwijssoort key → graduate level (Dutch category), in order.
GRADUATE_LEVELS = {
    "A042649": "Mbo entree", "A042655": "Mbo niveau 2", "A042661": "Mbo niveau 3",
    "A042667": "Mbo niveau 4", "A028669": "Hbo", "A043049": "Hbo", "A043051": "Hbo",
    "A043054": "Wo", "A043055": "Wo",
}


def _sum(table: pd.DataFrame, measures) -> pd.Series:
    """Row sum of ``measures``; missing if any of them is missing (never a partial sum)."""
    cols = table[list(measures)]
    return cols.sum(axis=1).where(cols.notna().all(axis=1))


def population(pop: pd.DataFrame) -> pd.DataFrame:
    """Inwoners: population on 1 January.

    Source 70072NED (query ``population``, measure ``bevolking``); level GM→AM; unit aantal.
    """
    return result(wide(pop)["bevolking"], "population")


def population_growth(pop: pd.DataFrame, years: int = 5) -> pd.DataFrame:
    """Groei inwoners: ``(P_t / P_{t-years} - 1) * 100``.

    Source 70072NED (``population``/``bevolking``); level GM→AM, each year with its own
    membership; unit %. Only years whose base year is present.
    """
    return result(growth(wide(pop)["bevolking"], years), "population_growth")


def age_structure(pop: pd.DataFrame) -> pd.DataFrame:
    """Leeftijdsopbouw: share of each age band (:data:`AGE_BANDS`) in the population.

    ``band / sum of all bands * 100``. Source 70072NED (``population``, age measures);
    level GM→AM; unit %; category = band.
    """
    table = wide(pop)
    bands = pd.DataFrame({band: _sum(table, cols) for band, cols in AGE_BANDS.items()})
    shares = bands.div(_sum(bands, bands.columns), axis=0) * 100
    return result(shares.stack(future_stack=True).rename_axis([*INDEX, "category"]), "age_structure")


def _age_years(keys: pd.Series) -> pd.Series:
    """Age in years of 03759ned Leeftijd keys (``10010`` = 0, ``10000+100n`` = n, ``22000`` = 95+)."""
    num = keys.astype(int)
    return pd.Series(np.where(num == 10010, 0, np.where(num == 22000, 95, (num - 10000) // 100)),
                     index=keys.index)


def _ages(ages: pd.DataFrame) -> pd.DataFrame:
    """The 03759ned frame with ``age`` (years, 95 = 95+) and ``sex`` (Dutch) columns."""
    return ages.assign(age=_age_years(ages["Leeftijd"]), sex=ages["Geslacht"].map(_SEXES))


def age_pyramid(ages: pd.DataFrame) -> pd.DataFrame:
    """Bevolkingspiramide: inhabitants by sex and 5-year age group.

    Category ``"Mannen|50-54"`` (``"Vrouwen|95+"`` for the open top group). Source
    03759ned (``population_ages``, single years of age per sex); level GM→AM; unit
    aantal; the periods fetched (latest year and ten years before).
    """
    frame = _ages(ages)
    low = frame["age"] // 5 * 5
    band = np.where(frame["age"] >= 95, "95+", low.astype(str) + "-" + (low + 4).astype(str))
    frame = frame.assign(category=frame["sex"] + "|" + band)
    return result(strict_sum(frame, [*INDEX, "category"]), "age_pyramid")


def share_50_65(ages: pd.DataFrame) -> pd.DataFrame:
    """Aandeel 50 tot 65 jaar: inhabitants aged 50-64 / inhabitants aged 15-64 * 100.

    Source 03759ned (``population_ages``, both sexes summed); level GM→AM; unit %.
    """
    frame = _ages(ages)
    frame = frame[(frame["age"] >= 15) & (frame["age"] < 65)]
    older = strict_sum(frame[frame["age"] >= 50], INDEX)
    return result(older / strict_sum(frame, INDEX) * 100, "share_50_65")


def _pressure(pop: pd.DataFrame, numerator, indicator: str) -> pd.DataFrame:
    table = wide(pop)
    return result(_sum(table, numerator) / _sum(table, _WORKING) * 100, indicator)


def green_pressure(pop: pd.DataFrame) -> pd.DataFrame:
    """Groene druk: inhabitants 0-20 / inhabitants 20-65 * 100.

    Source 70072NED (``population``: 0-5 + 5-10 + 10-15 + 15-20 over 20-25 + 25-45 + 45-65);
    level GM→AM; unit per 100 inwoners van 20 tot 65 jaar.
    """
    return _pressure(pop, _YOUNG, "green_pressure")


def grey_pressure(pop: pd.DataFrame) -> pd.DataFrame:
    """Grijze druk: inhabitants 65+ / inhabitants 20-65 * 100.

    Source 70072NED (``population``: 65-80 + 80+ over 20-25 + 25-45 + 45-65); level GM→AM.
    """
    return _pressure(pop, _OLD, "grey_pressure")


def demographic_pressure(pop: pd.DataFrame) -> pd.DataFrame:
    """Demografische druk: (inhabitants 0-20 + 65+) / inhabitants 20-65 * 100.

    Source 70072NED (``population``); level GM→AM; the sum of green and grey pressure.
    """
    return _pressure(pop, (*_YOUNG, *_OLD), "demographic_pressure")


def education_level(edu: pd.DataFrame) -> pd.DataFrame:
    """Onderwijsniveau 15-75 jaar: % laag, middelbaar, hoog (category).

    Source 85525NED (``education_level``); level GM→AM as the population-weighted mean
    ``sum(pop * pct) / sum(pop)`` (:func:`.aggregate.to_regions_weighted`); unit %.
    """
    table = wide(edu)
    cats = table[["laag_pct", "middelbaar_pct", "hoog_pct"]].set_axis(["laag", "middelbaar", "hoog"], axis=1)
    return result(cats.stack(future_stack=True).rename_axis([*INDEX, "category"]), "education_level")


def higher_educated(edu: pd.DataFrame) -> pd.DataFrame:
    """Hoogopgeleiden: % of inhabitants 15-75 with hbo/wo as highest level.

    Source 85525NED (``education_level``/``hoog_pct``); level GM→AM, population-weighted; unit %.
    """
    return result(wide(edu)["hoog_pct"], "higher_educated")


def _labour_total(labour: pd.DataFrame, measure: str, indicator: str) -> pd.DataFrame:
    rows = labour[is_member(labour, "Persoonskenmerken", TOTAL_PERSONS) & (labour["measure"] == measure)]
    return result(rows.set_index(INDEX)["value"], indicator)


def labour_force(labour: pd.DataFrame) -> pd.DataFrame:
    """Beroepsbevolking (x 1 000), Totaal personen.

    Source 86088NED (``labour``/``beroepsbevolking``); level AM (published by CBS).
    """
    return _labour_total(labour, "beroepsbevolking", "labour_force")


def net_participation(labour: pd.DataFrame) -> pd.DataFrame:
    """Netto arbeidsparticipatie: werkzame beroepsbevolking / bevolking 15-75 * 100.

    Source 86088NED (``labour``/``participatie_pct``, as published); level AM; unit %.
    """
    return _labour_total(labour, "participatie_pct", "net_participation")


def unemployment_rate(labour: pd.DataFrame) -> pd.DataFrame:
    """Werkloosheid: werkloze beroepsbevolking / beroepsbevolking * 100.

    Source 86088NED (``labour``/``werkloosheid_pct``, as published); level AM; unit %.
    Category ``""`` = Totaal personen; other categories = Persoonskenmerken titles
    (sex, age, education level).
    """
    rows = labour[labour["measure"] == "werkloosheid_pct"]
    category = rows["Persoonskenmerken_title"].where(~is_member(rows, "Persoonskenmerken", TOTAL_PERSONS), "")
    return result(rows.assign(category=category).set_index([*INDEX, "category"])["value"], "unemployment_rate")


#: The parts of the unused labour potential (category → 86111NED measures summed).
UNUSED_PARTS = {
    "werkloos": ("werkloos",),
    "semi_werkloos": ("beschikbaar_niet_gezocht", "gezocht_niet_beschikbaar"),
    "onderbenut_deeltijd": ("onderbenut_deeltijd",),
}


def unused_potential(potential: pd.DataFrame) -> pd.DataFrame:
    """Onbenut arbeidspotentieel, computed from its parts (86111NED has no such topic).

    Category ``""``: (werkloze beroepsbevolking + semi-werklozen + onderbenutte
    deeltijdwerkers) / beroeps- en niet-beroepsbevolking (15-75) * 100, unit %, where
    semi-werklozen = niet-beroepsbevolking "Beschikbaar, niet gezocht" + "Gezocht, niet
    beschikbaar" and onderbenutte deeltijdwerkers = werkzame beroepsbevolking "Wil meer
    uren werken, beschikbaar". Categories ``"werkloos"``, ``"semi_werkloos"``,
    ``"onderbenut_deeltijd"``: the parts themselves, x 1 000. Source 86111NED
    (``potential``, Totaal mannen en vrouwen); level AM.
    """
    table = wide(potential)
    parts = pd.DataFrame({name: _sum(table, measures) for name, measures in UNUSED_PARTS.items()})
    parts.insert(0, "", _sum(parts, list(UNUSED_PARTS)) / table["bevolking_15_75"] * 100)
    return result(parts.stack(future_stack=True).rename_axis([*INDEX, "category"]), "unused_potential")


def working_age_population(pop: pd.DataFrame) -> pd.DataFrame:
    """Inhabitants 15-65 per region and year (``region_code, year, pop_15_65``): the
    denominator of the per-1.000 rates (70072NED 15-20 + 20-25 + 25-45 + 45-65)."""
    table = wide(pop)
    out = _sum(table, _AGE_15_65).rename("pop_15_65").reset_index()
    out["year"] = period_year(out["period"])
    return out[["region_code", "year", "pop_15_65"]]


def _per_1000(counts: pd.Series, pop: pd.DataFrame) -> pd.Series:
    """``counts`` (indexed by :data:`INDEX` [+ category]) per 1.000 inhabitants 15-65 of the
    period's year, or of the latest year available when that year is not (yet) published."""
    denom = working_age_population(pop)
    frame = counts.rename("count").reset_index()
    years = sorted(denom["year"].unique())
    wanted = period_year(frame["period"])
    frame["year"] = [max([y for y in years if y <= w] or years[:1]) for w in wanted]
    frame = frame.merge(denom, on=["region_code", "year"], how="left")
    frame["value"] = frame["count"] / frame["pop_15_65"] * 1000
    return frame.set_index(list(counts.index.names))["value"]


def _same_month(periods: pd.Series) -> pd.Series:
    """True for monthly periods in the same month as the latest one (``2025MM05``, ``2024MM05``, ...)."""
    latest = periods.max()
    return periods.str.slice(4) == latest[4:]


def benefits_rate(benefits: pd.DataFrame, pop: pd.DataFrame) -> pd.DataFrame:
    """Uitkeringen per 1.000 inwoners van 15 tot 65 jaar, per type (category WW, Bijstand,
    Arbeidsongeschiktheid, Wajong).

    Source 80794ned (``benefits``: ww, bijstand (tot de AOW-leeftijd), arbeidsongeschikt,
    wajong) summed GM→AM, over 70072NED inhabitants 15-65 (1 January of the same year, or
    the latest year available), summed GM→AM. Periods: the latest month and the same month
    in earlier years.
    """
    rows = benefits[benefits["measure"].isin(list(_BENEFITS)) & _same_month(benefits["period"])]
    counts = rows.assign(category=rows["measure"].map(_BENEFITS)).set_index([*INDEX, "category"])["value"]
    return result(_per_1000(counts, pop), "benefits_rate")


def social_assistance_rate(benefits: pd.DataFrame, pop: pd.DataFrame) -> pd.DataFrame:
    """Bijstand (tot de AOW-leeftijd) per 1.000 inwoners van 15 tot 65 jaar.

    The Bijstand category of :func:`benefits_rate`, as a headline figure (category ``""``).
    """
    rate = benefits_rate(benefits, pop)
    rate = rate[rate["category"] == "Bijstand"]
    return rate.assign(indicator="social_assistance_rate", category="")


def _varying_dimension(frame: pd.DataFrame) -> str:
    """The one extra dimension of ``frame`` with more than one member (its key column)."""
    dims = [c.removesuffix("_title") for c in frame.columns if c.endswith("_title") and c != "period_title"]
    varying = [d for d in dims if frame[d].nunique() > 1]
    if len(varying) != 1:
        raise ValueError(f"expected one dimension with several members, found {varying or 'none'}")
    return varying[0]


def reintegration_rate(reint: pd.DataFrame, pop: pd.DataFrame) -> pd.DataFrame:
    """Lopende re-integratie-/participatievoorzieningen per 1.000 inwoners van 15 tot 65 jaar.

    Category = type title; ``""`` for the "Totaal…" type. Source 85588NED
    (``reintegration``, status Lopende voorzieningen; its dimension keys are not known, so
    the type dimension is the one with several members) summed GM→AM, over 70072NED
    inhabitants 15-65; every month fetched.
    """
    type_key = _varying_dimension(reint)
    category = reint[f"{type_key}_title"].where(~is_total(reint, type_key), "")
    counts = reint.assign(category=category).set_index([*INDEX, "category"])["value"]
    return result(_per_1000(counts, pop), "reintegration_rate")


def pupils(pupil_frame: pd.DataFrame) -> pd.DataFrame:
    """Leerlingen en studenten per onderwijssoort (category = :data:`PUPIL_LEVELS` label).

    Source 85701NED (``pupils``, by woongemeente; the :data:`PUPIL_LEVELS` members) summed
    GM→AM; unit aantal.
    """
    rows = pupil_frame[pupil_frame["Onderwijssoort"].isin(list(PUPIL_LEVELS))]
    counts = rows.assign(category=rows["Onderwijssoort"].map(PUPIL_LEVELS)).set_index([*INDEX, "category"])
    return result(counts["value"], "pupils")


def graduate_counts(grads: pd.DataFrame) -> pd.Series:
    """Graduates per :data:`GRADUATE_LEVELS` level, indexed by :data:`INDEX` + category."""
    rows = grads[grads["Onderwijssoort"].isin(list(GRADUATE_LEVELS))]
    rows = rows.assign(category=rows["Onderwijssoort"].map(GRADUATE_LEVELS))
    return strict_sum(rows, [*INDEX, "category"])


def graduates(grads: pd.DataFrame) -> pd.DataFrame:
    """Gediplomeerden per niveau: Mbo entree, Mbo niveau 2, 3, 4, Hbo (associate degree,
    bachelor, master), Wo (bachelor, master).

    Source 85702NED (``graduates``, by woongemeente) summed GM→AM; unit aantal.
    """
    return result(graduate_counts(grads), "graduates")
