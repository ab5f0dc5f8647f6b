"""Generated Dutch sentences: comparisons, trends, key findings, ontwikkelopgave.

Functions take plain values: an indicator spec (``label, unit, decimals, level,
higher_is``) and a :class:`regiobeeld.indicators.Comparison` or a series frame
(``period, period_status, value``). Every sentence carries its number and, where one
exists, the Nederland figure; a missing value is said in words, never shown as 0.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from ..core.formatting import (
    format_change,
    format_number,
    format_ordinal,
    format_percent,
    format_period,
    is_missing,
    period_phrase,
)

__all__ = ["ABSOLUTE_UNITS", "MARGIN", "READING_NOTE", "MIN_SCORE", "growth_window", "indicator_label", "format_value",
           "format_bare", "long_unit", "area_name", "dutch_list", "tied_names", "ranked_listing",
           "within_margin", "relation", "against_nl", "comparison_sentence", "gemeente_sentence", "change",
           "trend_sentence", "Finding",
           "deviation_finding", "trend_finding", "select_findings", "low_educated_observation",
           "level_mix_observation", "older_workers_observation", "llo_observation",
           "tightness_observation", "CRUCIAL_SECTORS", "sbi_section",
           "crucial_categories", "crucial_note", "CATEGORY_LABELS", "category_label"]

_SHORT_UNITS = {"%": "", "aantal": "", "x 1 000": " duizend", "index (NL = 1)": "", "index (nu = 100)": ""}
#: Units of counts: a region's count is not compared with the country's, only ranked.
ABSOLUTE_UNITS = ("aantal", "x 1 000")
#: Two values differ less than this share of the reference value: "vrijwel gelijk".
MARGIN = 0.02
#: Said once per page: what a rank means and the margin every comparison uses.
READING_NOTE = ("Rang: 1 = de hoogste waarde van de arbeidsmarktregio's. \u201cVrijwel gelijk\u201d: het "
                "verschil is hoogstens 2% van het cijfer waarmee vergeleken wordt, of hoogstens één eenheid "
                "van het laatst getoonde decimaal.")
#: A finding below this unusualness (in standard deviations among the regions) is not news.
MIN_SCORE = 0.5


def growth_window(spec, period: str) -> str:
    """The years a growth spans up to ``period``: ``"2021–2026"``; ``""`` for other indicators."""
    if not (spec.window and period):
        return ""
    year = int(period[:4])
    return f"{year - spec.window}–{year}"


def indicator_label(spec, category: str = "", period: str = "") -> str:
    """The indicator's label, with its growth window when ``period`` is given and the category
    in brackets: ``"Groei inwoners 2021–2026"``, ``"Werkloosheid, Leeftijd: 15 tot 25 jaar"``."""
    window = growth_window(spec, period)
    return spec.label + (f" {window}" if window else "") + (f", {category_label(category)}" if category else "")


def format_value(value, unit: str, decimals: int) -> str:
    """A value with its unit as it reads in a sentence: ``"3,4%"``, ``"12,5 duizend"``,
    ``"8,88 miljoen"`` (never ``"8.880,0 duizend"``), ``"41,2 per 100 werklozen"``; missing → ``"."``."""
    if unit == "%":
        return format_percent(value, decimals)
    if unit == "x 1 000" and not is_missing(value) and abs(value) >= 1000:
        return f"{format_number(value / 1000, 2)} miljoen"
    text = format_number(value, decimals)
    if is_missing(value):
        return text
    return text + _SHORT_UNITS.get(unit, f" {unit}")


def format_bare(value, unit: str, decimals: int) -> str:
    """A value for a second mention: with ``%`` or ``duizend``, without a long unit such as
    ``"per 100 werklozen"`` (said once in the sentence)."""
    return format_value(value, unit if unit in _SHORT_UNITS else "aantal", decimals)


def long_unit(unit: str) -> str:
    """The unit when it must be spelled out once (``"per 100 werklozen"``), else ``""``."""
    return "" if unit in _SHORT_UNITS else unit


def area_name(name: str, level: str) -> str:
    """The area as it follows "in": ``"de provincie Zuid-Holland"`` for PV level."""
    if level == "PV":
        return "de " + (name if name.startswith("provincie") else f"provincie {name}")
    return name


def dutch_list(items) -> str:
    """``["a", "b", "c"] → "a, b en c"``."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def tied_names(names) -> str:
    """Names that share a value, with a common first word said once:
    ``["mbo 2", "mbo 3", "mbo 4"] → "mbo 2, 3 en 4"``."""
    names = [str(n) for n in names]
    heads = {n.split(" ", 1)[0] for n in names}
    if len(names) > 1 and len(heads) == 1 and all(" " in n for n in names):
        head = heads.pop()
        return f"{head} {dutch_list(n.split(' ', 1)[1] for n in names)}"
    return dutch_list(names)


def ranked_listing(pairs, limit: int = 3) -> str:
    """``(name, shown value)`` pairs, highest first, as a listing where ties share their value:
    ``"Hbo (12), mbo 2, 3 en 4 (elk 8)"``. At most ``limit`` distinct values."""
    groups: list[tuple[str, list[str]]] = []
    for name, shown in pairs:
        if groups and groups[-1][0] == shown:
            groups[-1][1].append(name)
        elif len(groups) < limit:
            groups.append((shown, [name]))
    return ", ".join(f"{tied_names(names)} ({'elk ' if len(names) > 1 else ''}{shown})"
                     for shown, names in groups)


def within_margin(value: float, other: float, decimals: int) -> bool:
    """True when ``value`` and ``other`` are "vrijwel gelijk" (see :data:`READING_NOTE`)."""
    return abs(value - other) <= max(MARGIN * abs(other), 10 ** -decimals) + 1e-9


def relation(value: float, other: float, decimals: int) -> str:
    """``"hoger dan"``, ``"lager dan"`` or ``"vrijwel gelijk aan"``: the one margin rule of every
    comparison sentence."""
    if within_margin(value, other, decimals):
        return "vrijwel gelijk aan"
    return "hoger dan" if value > other else "lager dan"


def against_nl(value: float, nl: float, decimals: int) -> str:
    """``"hoger dan in Nederland"``, ``"lager dan in Nederland"`` or ``"vrijwel gelijk aan Nederland"``."""
    said = relation(value, nl, decimals)
    return f"{said} Nederland" if said == "vrijwel gelijk aan" else f"{said} in Nederland"


def _neighbour_mean(neighbours: dict) -> float:
    values = [v for v in neighbours.values() if not is_missing(v)]
    return sum(values) / len(values) if values else math.nan


def _when(c) -> str:
    return format_period(c.period, c.period_status)


def comparison_sentence(spec, c, category: str = "") -> str:
    """One sentence on the latest value, compared with Nederland and the neighbours, with the
    rank among the regions; PV- and NL-level indicators say so.

    ``"Werkloosheid: in Rijnmond 3,4% (2024*), lager dan in Nederland (3,7%) en lager dan het
    gemiddelde van de buurregio's (3,9%). Rijnmond staat daarmee 12e van de 35 regio's."``
    """
    label = indicator_label(spec, category, c.period)
    fmt = lambda v: format_value(v, spec.unit, spec.decimals)  # noqa: E731
    bare = lambda v: format_bare(v, spec.unit, spec.decimals)  # noqa: E731
    if spec.level == "NL":
        if is_missing(c.nl):
            return f"{label}: voor Nederland is geen cijfer beschikbaar ({_when(c)})."
        return (f"{label}: landelijk cijfer {fmt(c.nl)} ({_when(c)}). CBS publiceert dit niet per "
                "regio; het landelijke cijfer is een indicatie voor de regio.")
    where = area_name(c.name, spec.level)
    if is_missing(c.value):
        return f"{label}: voor {where} is geen cijfer beschikbaar ({_when(c)})."
    of = f" {spec.share_of}" if spec.share_of and not category else ""
    text = f"{label}: in {where} {fmt(c.value)}{of} ({_when(c)})"
    if spec.unit in ABSOLUTE_UNITS:
        text += f"; in Nederland {bare(c.nl)}" if not is_missing(c.nl) else ""
    elif not is_missing(c.nl):
        text += f", {against_nl(c.value, c.nl, spec.decimals)} ({bare(c.nl)})"
    mean = _neighbour_mean(c.neighbours) if spec.unit not in ABSOLUTE_UNITS else math.nan
    if not is_missing(mean):
        text += (f" en {relation(c.value, mean, spec.decimals)} het gemiddelde van de "
                 f"buurregio's ({bare(mean)})")
    text += "."
    if spec.level == "PV":
        text += (f" CBS publiceert dit cijfer niet per arbeidsmarktregio; {where} is het laagste "
                 "niveau waarop het beschikbaar is.")
    elif c.rank:
        text += f" {c.name} staat daarmee {format_ordinal(c.rank)} van de {c.n} regio's."
    return text


class _Point(NamedTuple):
    """One period of a series frame with its value."""

    period: str
    status: str
    value: float


def _ends(series: pd.DataFrame, keep: Callable[[str], bool] = lambda period: True
          ) -> tuple[_Point, _Point] | None:
    """The first and the last period of ``series`` with a value, among the periods ``keep``
    accepts; None when there are fewer than two."""
    points = sorted((_Point(*row) for row in zip(series["period"].tolist(), series["period_status"].tolist(),
                                                 series["value"].tolist())
                     if not is_missing(row[2]) and keep(row[0])), key=lambda point: point.period)
    return (points[0], points[-1]) if len(points) >= 2 else None


def change(first: float, last: float, unit: str) -> tuple[float, str]:
    """The change between two values: relative (%) for counts, in procentpunt for % units and
    in punt for other ratios (a change of a ratio is never a relative %)."""
    if unit in ABSOLUTE_UNITS:
        return ((last / first - 1) * 100 if first else math.nan), "%"
    return last - first, " procentpunt" if unit == "%" else " punt"


def trend_sentence(spec, name: str, series: pd.DataFrame, nl: pd.DataFrame | None = None,
                   category: str = "") -> str:
    """``"Inwoners in Rijnmond: gestegen van 1.300.000 in 2016 naar 1.350.000 in 2026 (+3,8%;
    Nederland +5,1%)."`` Needs two periods with a value."""
    label = indicator_label(spec, category)
    ends = _ends(series)
    if ends is None:
        return f"{label}: voor {name} is geen reeks beschikbaar om een ontwikkeling te tonen."
    first, last = ends
    fmt = lambda v: format_bare(v, spec.unit, spec.decimals)  # noqa: E731
    since, until = (period_phrase(point.period, point.status) for point in (first, last))
    amount, unit = change(first.value, last.value, spec.unit)
    decimals = 1 if unit == "%" else spec.decimals
    if fmt(first.value) == fmt(last.value):
        text = f"{label} in {name}: gelijk gebleven op {fmt(last.value)} tussen {since} en {until}"
    else:
        verb = "gestegen" if last.value > first.value else "gedaald"
        text = f"{label} in {name}: {verb} van {fmt(first.value)} in {since} naar {fmt(last.value)} in {until}"
    detail = [long_unit(spec.unit)] if long_unit(spec.unit) else []
    detail += [format_change(amount, decimals, unit)] if not is_missing(amount) else []
    nl_ends = _ends(nl, lambda period: first.period <= period <= last.period) if nl is not None else None
    if nl_ends is not None and nl_ends[0].period == first.period:
        nl_amount, _ = change(nl_ends[0].value, nl_ends[1].value, spec.unit)
        if not is_missing(nl_amount):
            detail.append(f"Nederland {format_change(nl_amount, decimals, unit)}")
    return text + (f" ({'; '.join(detail)})." if detail else ".")


@dataclass(frozen=True)
class Finding:
    """A candidate key finding: the indicator, how unusual it is, and its sentence."""

    indicator: str
    score: float
    text: str
    kind: str  # "deviation" | "trend"


def gemeente_sentence(label: str, region: str, when: str, rows, unit: str, decimals: int) -> str:
    """What a chart of gemeenten shows, in words: the highest and lowest gemeente, the region
    and Nederland, and the gemeenten without a value. ``rows`` holds ``(name, value, role)``
    with role ``"gemeente"``, ``"region"`` or ``"nl"``."""
    known = sorted(((n, v) for n, v, r in rows if r == "gemeente" and not is_missing(v)), key=lambda p: -p[1])
    missing = [n for n, v, r in rows if r == "gemeente" and is_missing(v)]
    parts = [f"{label} per gemeente in {region}, {when}."]
    if known:
        parts.append(f"Hoogst: {known[0][0]} ({format_value(known[0][1], unit, decimals)}); "
                     f"laagst: {known[-1][0]} ({format_value(known[-1][1], unit, decimals)}).")
    refs = [f"{n}: {format_value(v, unit, decimals)}" for n, v, r in rows if r != "gemeente"]
    if refs:
        parts.append("; ".join(refs) + ".")
    if missing:
        parts.append(f"Geen cijfer voor {dutch_list(missing)}.")
    return " ".join(parts)


def _judgement(spec, above: bool) -> str:
    if spec.higher_is is None:
        return ""
    good = above == (spec.higher_is == "better")
    return " (gunstig)" if good else " (ongunstig)"


def _rank_bonus(rank: int | None, n: int) -> float:
    """Extra unusualness for the extremes among the regions: highest or lowest 1, second 0,5."""
    if not rank or n < 4:
        return 0.0
    return {1: 1.0, n: 1.0, 2: 0.5, n - 1: 0.5}.get(rank, 0.0)


def deviation_finding(indicator: str, spec, c, spread: float) -> Finding | None:
    """The region's deviation from Nederland as a finding. Score: the deviation in standard
    deviations among the regions (``spread``), plus a bonus for the highest and lowest
    ranks; 0 within the margin of :func:`within_margin`."""
    if (spec.level == "NL" or spec.unit in ABSOLUTE_UNITS or is_missing(c.value) or is_missing(c.nl)):
        return None
    label = indicator_label(spec, period=c.period)
    where = area_name(c.name, spec.level)
    fmt = lambda v: format_value(v, spec.unit, spec.decimals)  # noqa: E731
    if within_margin(c.value, c.nl, spec.decimals):
        return Finding(indicator, 0.0, f"{label} in {where}: vrijwel gelijk aan het landelijke cijfer, "
                       f"{fmt(c.value)} tegen {format_bare(c.nl, spec.unit, spec.decimals)} ({_when(c)}).",
                       "deviation")
    ranked = bool(c.rank) and spec.level != "PV"
    extreme = ranked and c.rank in (1, c.n)
    if extreme:
        how = f"het {'hoogst' if c.rank == 1 else 'laagst'} van de {c.n} regio's"
    else:
        how = f"{relation(c.value, c.nl, spec.decimals).replace(' dan', '')} dan landelijk"
    rank = f"; {format_ordinal(c.rank)} van de {c.n} regio's" if ranked and not extreme else ""
    text = (f"{label} in {where}: {how}{_judgement(spec, c.value > c.nl)}, {fmt(c.value)} tegen "
            f"{format_bare(c.nl, spec.unit, spec.decimals)} in Nederland ({_when(c)}{rank}).")
    z = abs(c.value - c.nl) / spread if spread and not is_missing(spread) else 0.0
    return Finding(indicator, z + (_rank_bonus(c.rank, c.n) if ranked else 0.0), text, "deviation")


def trend_finding(indicator: str, spec, name: str, series: pd.DataFrame,
                  nl: pd.DataFrame | None, spread: float) -> Finding | None:
    """The region's development over the series as a finding. Score: how far the region's
    change lies from the country's, in standard deviations of the regions' changes
    (``spread``), so a trend that follows the country scores low (0 within the margin)."""
    ends = _ends(series)
    if ends is None:
        return None
    first, last = ends
    amount, unit = change(first.value, last.value, spec.unit)
    nl_amount = math.nan
    if nl is not None:
        nl_ends = _ends(nl, lambda period: period in (first.period, last.period))
        if nl_ends is not None:
            nl_amount, _ = change(nl_ends[0].value, nl_ends[1].value, spec.unit)
    if is_missing(amount) or is_missing(nl_amount) or not spread or is_missing(spread):
        return None
    score = 0.0 if within_margin(amount, nl_amount, 1 if unit == "%" else spec.decimals) else (
        abs(amount - nl_amount) / spread)
    return Finding(indicator, score, trend_sentence(spec, name, series, nl), "trend")


def select_findings(findings: list[Finding | None], n: int = 5, max_trends: int = 2) -> list[Finding]:
    """The ``n`` (4–6) most unusual findings, at most one per indicator and ``max_trends``
    trends; findings below :data:`MIN_SCORE` only fill up to three. Most unusual first."""
    chosen, seen, trends = [], set(), 0
    for f in sorted((f for f in findings if f is not None), key=lambda f: -f.score):
        if f.indicator in seen or len(chosen) == n or (f.kind == "trend" and trends == max_trends):
            continue
        if f.score < MIN_SCORE and len(chosen) >= 3:
            break
        chosen.append(f)
        seen.add(f.indicator)
        trends += f.kind == "trend"
    return chosen


# ------------------------------------------------------------------ ontwikkelopgave

def low_educated_observation(c) -> str | None:
    """The share of low-educated inhabitants (15–75) against Nederland."""
    if is_missing(c.value) or is_missing(c.nl):
        return None
    return (f"In {period_phrase(c.period, c.period_status)} had {format_percent(c.value)} van de inwoners van 15 "
            f"tot 75 jaar in {c.name} een laag onderwijsniveau (hoogstens vmbo, mbo 1 of de onderbouw van "
            f"havo/vwo), {against_nl(c.value, c.nl, 1)} ({format_percent(c.nl)}). Zij hebben de "
            "minste toegang tot scholing.")


def level_mix_observation(name: str, graduates: dict[str, float], employed: dict[str, float]) -> str | None:
    """Graduates' level mix against the workers' level mix (levels laag/middelbaar/hoog, %):
    names the level with the largest gap."""
    levels = [lv for lv in ("laag", "middelbaar", "hoog")
              if not is_missing(graduates.get(lv)) and not is_missing(employed.get(lv))]
    if not levels:
        return None
    gap = max(levels, key=lambda lv: abs(graduates[lv] - employed[lv]))
    return (f"Onder de gediplomeerden uit {name} heeft {format_percent(graduates[gap])} een {gap} niveau, "
            f"onder de werkenden {format_percent(employed[gap])}. Op dit niveau verschilt de instroom uit "
            f"het onderwijs het meest van de huidige werkgelegenheid "
            f"({format_number(abs(graduates[gap] - employed[gap]), 1)} procentpunt); een eerste aanwijzing "
            "voor de aansluiting van het initiële onderwijs op de vraag.")


def older_workers_observation(c) -> str | None:
    """The share of workers aged 55+ (replacement demand within ~12 years)."""
    if is_missing(c.value):
        return None
    nl = f" (Nederland {format_percent(c.nl)})" if not is_missing(c.nl) else ""
    return (f"In {period_phrase(c.period, c.period_status)} was {format_percent(c.value)} van de werkenden in "
            f"{c.name} 55 jaar of ouder{nl}. Zij bereiken binnen ongeveer twaalf jaar "
            "de AOW-leeftijd; hun werk moet door anderen worden overgenomen, wat om om- en bijscholing vraagt.")


def llo_observation(low: float, high: float, period: str, status: str = "") -> str | None:
    """The national gap in non-formal learning between low and high educated (25–65)."""
    if is_missing(low) or is_missing(high):
        return None
    return (f"Landelijk volgde {format_percent(low)} van de laagopgeleiden "
            f"niet-formeel onderwijs (cursus, training), tegen {format_percent(high)} van de hoogopgeleiden "
            f"({format_period(period, status)}; een verschil van {format_number(high - low, 1)} procentpunt). "
            "CBS publiceert dit niet per regio; het landelijke verschil wijst op de groep die een "
            "leven-lang-ontwikkelenaanpak het moeilijkst bereikt.")


def tightness_observation(spec, c) -> str | None:
    """CBS krapte (vacatures per 100 werklozen) on province level, against Nederland."""
    if is_missing(c.value):
        return None
    where = area_name(c.name, "PV")
    nl = f", in Nederland {format_number(c.nl, spec.decimals)}" if not is_missing(c.nl) else ""
    return (f"In {period_phrase(c.period, c.period_status)} stonden in {where} {format_number(c.value, spec.decimals)} vacatures open "
            f"per 100 werklozen{nl}. Boven 100 zijn er meer vacatures dan werklozen: scholing van "
            "werkenden en zij-instromers wordt dan een deel van de oplossing voor de krapte.")


# ------------------------------------------------------------------ crucial sectors

#: The crucial sectors of the national agenda → SBI 2008 sections (an approximation:
#: kinderopvang is part of Q, techniek spans C–F, veiligheid is part of O).
CRUCIAL_SECTORS: dict[str, tuple[str, ...]] = {
    "Zorg en welzijn": ("Q",),
    "Kinderopvang": ("Q",),
    "Onderwijs": ("P",),
    "Veiligheid": ("O",),
    "Groen": ("A",),
    "Techniek, bouw en energie": ("C", "D", "E", "F"),
    "ICT": ("J",),
}


def sbi_section(category: str) -> str:
    """The SBI section letter(s) a sector label starts with: ``"Q Gezondheids- …" → "Q"``,
    ``"B-F Nijverheid …" → "B-F"``; ``""`` when there is none."""
    head = category.strip().split(" ", 1)[0]
    letters = head.split("-")
    if all(len(part) == 1 and part.isalpha() and part.isupper() for part in letters):
        return head
    return ""


def crucial_categories(categories) -> list[str]:
    """The categories (sector labels) that belong to a crucial sector."""
    sections = {s for group in CRUCIAL_SECTORS.values() for s in group}
    return [c for c in categories if sbi_section(c) in sections]


def crucial_note() -> str:
    """How the crucial sectors map to SBI sections (for the caption of a sector chart)."""
    mapping = "; ".join(f"{name} {', '.join(sections)}" for name, sections in CRUCIAL_SECTORS.items())
    return (f"◆ = cruciale sector van de landelijke agenda, benaderd met SBI-secties ({mapping}); "
            "kinderopvang valt binnen Q en veiligheid binnen O, dus dit is een benadering.")


# ------------------------------------------------------------------ category labels

#: Category keys that need a reader's label; others are shown as they are ("|" → ", ").
CATEGORY_LABELS = {
    "werkloos": "Werklozen",
    "semi_werkloos": "Semi-werklozen",
    "onderbenut_deeltijd": "Onderbenutte deeltijdwerkers",
    "deelname": "Deelname",
    "formeel": "Formeel onderwijs",
    "niet-formeel": "Niet-formeel onderwijs",
    "intern": "Intern: wonen en werken in de regio",
    "inkomend": "Inkomend: werken in de regio, wonen elders",
    "uitgaand": "Uitgaand: wonen in de regio, werken elders",
    "saldo": "Saldo: inkomend min uitgaand",
}


def category_label(category: str) -> str:
    """The reader's label of a category: ``"semi_werkloos" → "Semi-werklozen"``,
    ``"niet-formeel|laag" → "Niet-formeel onderwijs, laag"``."""
    parts = category.split("|")
    return ", ".join([CATEGORY_LABELS.get(parts[0], parts[0]), *parts[1:]])
