"""Notebook sections built from own exports: chart, table, sentence and source line.

:func:`section` never raises for a missing or bad file: no file gives the *aanvullen*
box, a bad file a *Niet geladen* box naming the file and the reason. All text from files
is escaped (through :mod:`regiobeeld.presentation.blocks`), so a cell with ``<script>`` shows as text.
"""

from __future__ import annotations

import re

import pandas as pd

from ..core.formatting import format_change, format_number, format_percent
from ..core.errors import ConfigError
from ..core.regions import check_code, load_region
from ..sources.dropins.mapping import NATIONAL, Membership, RegionIndex
from ..sources.dropins.periods import period_label, period_phrase_label, year_before
from ..sources.dropins.schemas import CATEGORIES, SCHEMAS, Schema, spanning_category
from ..store.dropins import DropinData, load
from . import blocks, charts, style
from . import text as sentences
from .blocks import HTMLBlock, escape

__all__ = ["section", "source_text", "CATEGORY_COLOURS"]

#: Colour per spanningsindicator category (all ≥ 3:1 on white); the name is always in text too.
CATEGORY_COLOURS = dict(zip(CATEGORIES, ("#0058B8", "#007A99", "#5B5B5B", "#B35C00", "#AF0E80")))
TOTAL = "totaal"

_NOUNS = {"gwu": ("geregistreerd werkzoekenden", "kenmerk", "aantal"),
          "ww": ("WW-uitkeringen", "kenmerk", "aantal"),
          "vacatures": ("vacatures", "sector", "aantal"),
          "vestigingen": ("vestigingen", "sector", "aantal"),
          "leerbanen": ("openstaande leerbanen", "sector", "leerbanen")}


def section(kind: str, region: str, settings, membership: Membership | None = None) -> list[HTMLBlock]:
    """The blocks of the section of ``kind`` for ``region`` (an AM code).

    No file → the *aanvullen* box; a bad file → a *Niet geladen* box; otherwise chart(s),
    table, a Dutch sentence and the source line.
    """
    schema = SCHEMAS[kind] if kind in SCHEMAS else None
    if schema is None:
        return [blocks.notice_box("Niet geladen", f"onbekende soort eigen data {kind!r}; "
                                  f"kies uit: {', '.join(SCHEMAS)}.")]
    code = check_code(region)
    name = _region_name(code, settings.params_dir)
    try:
        data = load(kind, settings, membership)
    except Exception as exc:  # noqa: BLE001 - a render must go on, whatever the file does
        return [blocks.notice_box("Niet geladen", f"{schema.title}: {exc}")]
    if data.file is None:
        return [_aanvullen(schema, name)]
    if not data.ok:
        return [_not_loaded(data)]
    if data.rows(code).empty:
        return [blocks.notice_box("Geen gegevens", f"{data.file.name}: geen rijen voor "
                                  f"{name} ({code}).", kind="info")]
    notes = [blocks.notice_box("Let op", note, kind="info") for note in data.notes]
    try:
        return _BUILDERS.get(kind, _by_group)(data, code, name) + notes
    except Exception as exc:  # noqa: BLE001
        return [blocks.notice_box("Niet geladen", f"{data.file.name}: kon niet worden getoond ({exc}).")]


def _region_name(code: str, params_dir) -> str:
    """The region's name as :meth:`RegionIndex.label` gives it, reading only the region's own
    params file (every file only when that one cannot be read)."""
    try:
        return load_region(code, params_dir).name
    except ConfigError:
        return RegionIndex.from_params(params_dir).label(code)


def source_text(data: DropinData) -> str:
    """``Bron: UWV, eigen export 'spanning_2025Q2.xlsx' (12-11-2026); bewerking regiobeeld``;
    demo files say they are demonstratie-data."""
    publisher = SCHEMAS[data.kind].publisher
    if data.demo:
        return (f"Bron: demonstratie-data in de vorm van een {publisher}-export '{data.file.name}' "
                f"({data.file.modified}), soort {data.kind}; verzonnen cijfers, geen echte {publisher}-cijfers")
    return (f"Bron: {publisher}, eigen export '{data.file.name}' ({data.file.modified}), "
            f"soort {data.kind}; bewerking regiobeeld")


# ---------------------------------------------------------------- boxes and small blocks

def _aanvullen(schema: Schema, name: str) -> HTMLBlock:
    how = (f"Download de export uit het dashboard (CSV of Excel) en zet het bestand, met een naam "
           f"die begint met '{schema.prefixes[0]}', in de map voor eigen data van regiobeeld. "
           "Welke kolommen het bestand nodig heeft, staat in de handleiding eigen data.")
    return blocks.aanvullen_box(f"{schema.title} voor {name}", list(schema.sources), how)


def _not_loaded(data: DropinData) -> HTMLBlock:
    shown = [str(i) for i in data.issues[:3] if i.count == 1]
    more = sum(i.count for i in data.issues) - len(shown)
    tail = f" (en nog {more} {'fout' if more == 1 else 'fouten'})" if more else ""
    head = "" if shown and shown[0].startswith(data.file.name) else f"{data.file.name}: "
    return blocks.notice_box("Niet geladen", f"{head}{' '.join(shown)}{tail} "
                             "Het bestand wordt niet gebruikt; verbeter het en maak de bundel opnieuw.")


def _source(data: DropinData) -> HTMLBlock:
    text = source_text(data)
    return HTMLBlock(f'<p class="rb-source">{escape(text)}</p>', text)


def _sentence(text: str) -> HTMLBlock:
    return HTMLBlock(f'<p class="rb-text">{escape(text)}</p>', text)


def _table(headers: list[str], rows: list[list[str]], numeric: set[int], caption: str) -> HTMLBlock:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = "".join(
        "<tr>" + "".join(f'<td class="rb-num">{escape(c)}</td>' if i in numeric else f"<td>{escape(c)}</td>"
                         for i, c in enumerate(row)) + "</tr>"
        for row in rows)
    html = (f'<table class="rb-table"><caption>{escape(caption)}</caption><thead><tr>{head}</tr>'
            f"</thead><tbody>{body}</tbody></table>")
    text = "\n".join(["\t".join(headers), *("\t".join(r) for r in rows)])
    return HTMLBlock(html, f"{caption}\n{text}")


def _region_and_nl(labels: list[str], own: list[float], nl: list[float] | None, name: str, *,
                   unit: str, decimals: int, guides: tuple[float, ...] = ()) -> str:
    """The line chart of the region (solid, dots) and Nederland (dashed, squares) from zero."""
    lines = [charts.Line(name, own, style.REGION, 2.2, marker="circle")]
    if nl is not None:
        lines.append(charts.Line("Nederland", nl, style.NATIONAL, 1.8, "6 3", marker="square"))
    return charts.figure_to_svg(charts.line_chart(labels, lines, unit=unit, decimals=decimals,
                                                  guides=guides, from_zero=True, height=300))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _is_total(series: pd.Series) -> pd.Series:
    return series.astype(str).str.strip().str.lower().str.startswith(TOTAL)


def _totals(rows: pd.DataFrame, group: str) -> pd.DataFrame:
    """The rows whose ``group`` is a total ("Totaal", "totaal WW")."""
    return rows[_is_total(rows[group])]


# ---------------------------------------------------------------- spanningsindicator

def _spanning(data: DropinData, code: str, name: str) -> list[HTMLBlock]:
    own, nl = data.rows(code), data.rows(NATIONAL)
    latest = own["periode"].max()
    now = own[(own["periode"] == latest) & ~_is_total(own["beroepsklasse"])].sort_values("spanningsindicator")
    nl = nl[nl["periode"] == latest]
    nl_values = dict(zip(nl["beroepsklasse"], nl["spanningsindicator"]))
    label = period_label(latest)
    out = []
    if not now.empty:
        cats = [spanning_category(v) for v in now["spanningsindicator"]]
        bars = [charts.Bar(str(k), v, CATEGORY_COLOURS[c], text=f"{format_number(v, 2)} {c}")
                for k, v, c in zip(now["beroepsklasse"], now["spanningsindicator"], cats)][::-1]
        legend = [charts.Key("categorie:", kind="text")] + [charts.Key(c, CATEGORY_COLOURS[c]) for c in CATEGORIES]
        svg = charts.figure_to_svg(charts.bar_chart(
            bars, legend=legend, decimals=1, guides=(0.25, 0.67, 1.5, 4.0),
            unit="spanningsindicator (vacatures per WW-uitkering < 6 maanden)"))
        top, low = now.iloc[-1], now.iloc[0]
        alt = (f"Spanningsindicator per beroepsklasse in {name}, {label}: hoogst bij "
               f"{top['beroepsklasse']} ({format_number(top['spanningsindicator'], 2)}, "
               f"{spanning_category(top['spanningsindicator'])}), laagst bij {low['beroepsklasse']} "
               f"({format_number(low['spanningsindicator'], 2)}, {spanning_category(low['spanningsindicator'])}).")
        out.append(blocks.figure_block(svg, alt, source_text(data),
                                       title=f"Spanningsindicator per beroepsklasse, {name}, {label}"))
        tight = sum(c in ("krap", "zeer krap") for c in cats)
        out.append(_sentence(
            f"In {period_phrase_label(latest)} was de spanning in {name} het grootst bij {top['beroepsklasse']} "
            f"({format_number(top['spanningsindicator'], 2)}, {spanning_category(top['spanningsindicator'])}) "
            f"en het kleinst bij {low['beroepsklasse']} ({format_number(low['spanningsindicator'], 2)}, "
            f"{spanning_category(low['spanningsindicator'])}). Van de {len(now)} beroepsklassen "
            f"{'was' if tight == 1 else 'waren'} er {tight} krap of zeer krap. De spanningsindicator van UWV (openstaande vacatures per "
            "WW-uitkering korter dan zes maanden) is iets anders dan de CBS-krapte (vacatures per 100 "
            "werklozen); vergelijk de twee niet met elkaar."))
        rows = [[r.beroepsklasse, format_number(r.spanningsindicator, 2), spanning_category(r.spanningsindicator),
                 format_number(nl_values.get(r.beroepsklasse), 2)]
                for r in now.iloc[::-1].itertuples()]
        out.append(_table(["Beroepsklasse", "Spanningsindicator", "Categorie", "Nederland"], rows, {1, 3},
                          f"Spanningsindicator per beroepsklasse, {name}, {label}"))
    out += _spanning_trend(data, code, name)
    out.append(_source(data))
    return out


def _spanning_trend(data: DropinData, code: str, name: str) -> list[HTMLBlock]:
    own, nl = (_totals(data.rows(area), "beroepsklasse") for area in (code, NATIONAL))
    own = own.sort_values("periode")
    if len(own) < 2:
        return [_sentence(f"Het bestand heeft geen rij 'Totaal' over meerdere kwartalen voor {name}, "
                          "dus de trend van de regio ontbreekt.")]
    nl = nl.set_index("periode")["spanningsindicator"]
    svg = _region_and_nl([period_label(p) for p in own["periode"]], own["spanningsindicator"].tolist(),
                         None if nl.empty else [nl.get(p, float("nan")) for p in own["periode"]], name,
                         unit="spanningsindicator", decimals=1, guides=(0.67, 1.5, 4.0))
    first, last = own.iloc[0], own.iloc[-1]
    alt = (f"Spanningsindicator van {name} per kwartaal: van {format_number(first['spanningsindicator'], 2)} "
           f"in {period_phrase_label(first['periode'])} naar {format_number(last['spanningsindicator'], 2)} "
           f"({spanning_category(last['spanningsindicator'])}) in {period_phrase_label(last['periode'])}.")
    return [blocks.figure_block(svg, alt, source_text(data), title=f"Spanningsindicator {name}, trend"),
            _sentence(alt)]


# ---------------------------------------------------------------- kansrijke beroepen

def _kansrijk(data: DropinData, code: str, name: str) -> list[HTMLBlock]:
    own = data.rows(code)
    own = own.sort_values(["aantal", "beroep"], ascending=[False, True], na_position="last")
    levels = own["niveau"].value_counts()
    most = sorted(levels[levels == levels.iloc[0]].index, key=str)
    text = (f"UWV noemt voor {name} {len(own)} kansrijke beroepen; de meeste op niveau "
            f"{sentences.tied_names(most)} ({'elk ' if len(most) > 1 else ''}{levels.iloc[0]}).")
    rows = [[r.beroep, r.niveau, format_number(r.aantal)] for r in own.itertuples()]
    return [_sentence(text),
            _table(["Beroep", "Niveau", "Aantal"], rows, {2}, f"Kansrijke beroepen, {name}"),
            _source(data)]


# ---------------------------------------------------------------- counts by group

def _by_group(data: DropinData, code: str, name: str) -> list[HTMLBlock]:
    noun, group, value = _NOUNS[data.kind]
    own, nl = data.rows(code), data.rows(NATIONAL)
    period = own["periode"].max()
    own, nl = own[own["periode"] == period], nl[nl["periode"] == period]
    own_total = own.loc[_is_total(own[group]), value].sum(min_count=1)
    nl_total = nl.loc[_is_total(nl[group]), value].sum(min_count=1)
    parts = own[~_is_total(own[group])].sort_values(value)
    nl_parts = dict(zip(nl[group], nl[value]))
    when = f"in {period_phrase_label(period)} " if period else ""
    has_total = pd.notna(own_total)
    total = own_total if has_total else parts[value].sum()
    out = []
    breakdowns = _breakdowns(parts, group)
    for by, part in breakdowns:  # one ranking per breakdown: never age beside duration
        bars = [charts.Bar(str(g), v, style.REGION, text=format_number(v) + (
                    f" ({format_percent(100 * v / own_total)})" if has_total else ""))
                for g, v in zip(part[group], part[value])][::-1]
        svg = charts.figure_to_svg(charts.bar_chart(bars, unit=f"aantal {noun}", decimals=0))
        top = part.iloc[-1]
        alt = (f"{_cap(noun)} naar {by} in {name} {when}".rstrip()
               + f": het grootst is {top[group]} met {format_number(top[value])}.")
        out.append(blocks.figure_block(svg, alt, source_text(data), title=f"{_cap(noun)} naar {by}, {name}"))
    if breakdowns:
        out.append(_sentence(_group_sentence(data, code, name, noun, group, value, breakdowns[0][1], total,
                                             has_total, nl_total, nl_parts, when)))
    headers = [group.capitalize(), f"Aantal {name}"]
    rows = []
    for r in parts.iloc[::-1].itertuples():
        v = getattr(r, value)
        row = [getattr(r, group), format_number(v)]
        if has_total:
            row.append(format_percent(100 * v / own_total))
        if pd.notna(nl_total):
            row.append(format_percent(100 * nl_parts[getattr(r, group)] / nl_total)
                       if getattr(r, group) in nl_parts else ".")
        if data.kind == "leerbanen":
            row.append(format_number(r.leerbedrijven))
        rows.append(row)
    if has_total:
        headers.append(f"Aandeel {name}")
    if pd.notna(nl_total):
        headers.append("Aandeel Nederland")
    if data.kind == "leerbanen":
        headers.append("Erkende leerbedrijven")
    out.append(_table(headers, rows, set(range(1, len(headers))),
                      f"{_cap(noun)} naar {group}, {name}{', ' + period_label(period) if period else ''}"))
    out.append(_source(data))
    return out


#: Breakdowns recognised in a free "kenmerk" column, so each gets its own ranking.
_BREAKDOWNS = (("duur", re.compile(r"maand|week", re.IGNORECASE)),
               ("leeftijd", re.compile(r"\bjaar\b|jonger|ouder", re.IGNORECASE)))


def _breakdowns(parts: pd.DataFrame, group: str) -> list[tuple[str, pd.DataFrame]]:
    """``parts`` (sorted by value) split into breakdowns: age and duration are recognised by
    their words, everything else stays in ``group`` (which comes first)."""
    def kind(label) -> str:
        return next((name for name, pattern in _BREAKDOWNS if pattern.search(str(label))), group)

    kinds = parts[group].map(kind)
    order = [group, "leeftijd", "duur"]
    return [(by, parts[kinds == by]) for by in order if (kinds == by).any()]


def _group_sentence(data, code, name, noun, group, value, parts, total, has_total, nl_total,
                    nl_parts, when) -> str:
    top = parts.iloc[-1]
    tied = parts[parts[value] == top[value]][group].astype(str).tolist()
    text = f"{_cap(when)}{'telde' if when else 'Telt'} {name} {format_number(total)} {noun}"
    if pd.notna(nl_total) and has_total:
        text += f" ({format_percent(100 * total / nl_total)} van Nederland)"
    noun_group = "groep" if group == "kenmerk" else group
    if len(tied) > 1:  # ties: every group named, one share (the Nederland share differs per group)
        text += (f". De grootste {noun_group}en zijn {sentences.dutch_list(tied)}, elk met "
                 f"{format_number(top[value])}" + (f" ({format_percent(100 * top[value] / total)})" if has_total else ""))
    else:
        text += f". De grootste {noun_group} is {top[group]} met {format_number(top[value])}"
        if has_total:
            nl_value = nl_parts.get(top[group])
            nl_share = (f"; Nederland {format_percent(100 * nl_value / nl_total)}"
                        if pd.notna(nl_total) and nl_value is not None else "")
            text += f" ({format_percent(100 * top[value] / total)}{nl_share})"
    change = _change(data.rows(code), group, value)
    return text + "." + (f" {change}" if change else "")


def _change(own: pd.DataFrame, group: str, value: str) -> str:
    """The change of the region's total (``own``: its rows) against the same period a year
    earlier (so a season is never read as growth); ``""`` when the file does not hold that period."""
    totals = _totals(own, group).set_index("periode")[value]
    latest = max(totals.index, default="")
    if not latest or year_before(latest) not in totals.index:
        return ""
    before, now = totals[year_before(latest)], totals[latest]
    pct = 100 * (now - before) / before if before else float("nan")
    return (f"Dat is {format_change(pct)} ten opzichte van {period_phrase_label(year_before(latest))} "
            f"({format_number(before)}).")


# ---------------------------------------------------------------- vsv

def _vsv(data: DropinData, code: str, name: str) -> list[HTMLBlock]:
    own = data.rows(code).sort_values("schooljaar")
    nl = data.rows(NATIONAL).set_index("schooljaar")
    measure = "percentage" if own["percentage"].notna().all() else "aantal"
    svg = _region_and_nl([str(y) for y in own["schooljaar"]], own[measure].tolist(),
                         [nl[measure].get(y, float("nan")) for y in own["schooljaar"]]
                         if measure in nl and not nl.empty else None, name,
                         unit="% voortijdig schoolverlaters" if measure == "percentage" else "aantal vsv'ers",
                         decimals=1 if measure == "percentage" else 0)
    last = own.iloc[-1]
    year = last["schooljaar"]
    pct = f" ({format_percent(last['percentage'], 2)} van de deelnemers" if pd.notna(last["percentage"]) else ""
    nl_pct = nl["percentage"].get(year) if "percentage" in nl else None
    if pct:
        pct += f"; Nederland {format_percent(nl_pct, 2)})" if nl_pct is not None and pd.notna(nl_pct) else ")"
    text = (f"In schooljaar {year} verlieten {format_number(last['aantal'])} jongeren in {name} het "
            f"onderwijs zonder startkwalificatie{pct}.")
    if len(own) > 1:
        first = own.iloc[0]
        text += (f" In {first['schooljaar']} waren dat er {format_number(first['aantal'])}.")
    out = [blocks.figure_block(svg, text, source_text(data),
                               title=f"Voortijdig schoolverlaters, {name}"), _sentence(text)]
    rows = [[r.schooljaar, format_number(r.aantal), format_number(r.deelnemers),
             format_percent(r.percentage, 2),
             format_percent(nl["percentage"].get(r.schooljaar), 2) if "percentage" in nl else "."]
            for r in own.itertuples()]
    out.append(_table(["Schooljaar", "Aantal vsv'ers", "Deelnemers", f"Percentage {name}", "Percentage Nederland"],
                      rows, {1, 2, 3, 4}, f"Voortijdig schoolverlaters, {name}"))
    out.append(_source(data))
    return out


_BUILDERS = {"spanningsindicator": _spanning, "kansrijke_beroepen": _kansrijk, "vsv": _vsv}
