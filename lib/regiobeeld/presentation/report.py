"""The facade the notebooks call: one :class:`Page` per region and theme.

Each method is one notebook cell: it returns an :class:`~regiobeeld.presentation.blocks.HTMLBlock`
(a figure, table, sentence or box) that Jupyter displays. A missing indicator or a
failed source gives a notice box instead, never an exception, so a page always
renders. :meth:`Page.finish` emits the machine-readable outputs the runner collects.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from functools import partial

import numpy as np
import pandas as pd

from ..core import naming
from ..core.errors import ConfigError, RegiobeeldError, UnknownNameError
from ..core.formatting import MISSING_FOOTNOTE, format_ordinal, format_period
from ..core.regions import check_code, load_region
from ..core.settings import Settings
from ..indicators.model import NL, RANKED_LEVELS
from ..indicators.specs import THEMES
from . import blocks, charts, links, tables, text
from .blocks import INDICATORS_MIME, PAGE_MIME, HTMLBlock, escape, source_refs
from .gemeenteblocks import GemeenteBlocks

__all__ = ["Page", "THEME_TITLES", "THEME_PAGES", "INDICATORS_MIME", "PAGE_MIME", "source_refs"]

#: Theme id → Dutch title; the order of the pages.
THEME_TITLES = {"kerncijfers": "Kerncijfers", **THEMES, "eigen": "Eigen analyse"}
#: Theme id → (file name of its page, one-line description).
THEME_PAGES = {
    "aanbod": ("10_aanbod.html", "Inwoners, beroepsbevolking, werkloosheid, uitkeringen en onderwijs"),
    "vraag": ("20_vraag.html", "Banen per sector, beroepen, krapte, vervangingsvraag, werkkring en pendel"),
    "mismatch": ("30_mismatch.html", "Krapte per sector, onderwijs en werk, leven lang ontwikkelen"),
    "eigen": ("40_eigen.html", "Voorbeeld van een eigen analyse: eigen bewerking en eigen grafiek"),
}
_AGGREGATE_SECTOR = re.compile(r"^[A-U]-[A-U] ")
_TOTAL = re.compile(r"\btotaal\b", re.IGNORECASE)
_BREAKDOWN = re.compile(r"^([^:|]+)(?::|\|)")      # "Leeftijd" of "Leeftijd: 15 tot 25 jaar"
_STATUS_NOTE = "* = voorlopig cijfer, ** = nader voorlopig cijfer"
_SECTOR_INDICATORS = ("jobs", "sector_share", "location_quotient", "vacancy_rate")


class Page(GemeenteBlocks):
    """One notebook page: region ``region`` (``"AM22"``) and ``theme`` (see :data:`THEME_TITLES`).

    Settings default to :meth:`Settings.from_env`. The indicators are loaded lazily, once,
    with :func:`regiobeeld.indicators.ensure_indicators`, unless ``indicators`` (an
    :class:`IndicatorSet`) is given.
    """

    def __init__(self, region: str, theme: str, settings: Settings | None = None, *, indicators=None):
        self.region = check_code(region)
        if theme not in THEME_TITLES:
            raise ConfigError(f"Onbekend thema {theme!r}; kies uit: {', '.join(THEME_TITLES)}.")
        self.theme = theme
        self.settings = settings if settings is not None else Settings.from_env()
        self.params = load_region(self.region, self.settings.params_dir)
        self.name = self.params.name
        self._indicators = indicators
        self._error: str | None = None
        self._shown: list[str] = []
        self._reasons: set[str] = set()     # failure reasons already said on this page

    def __repr__(self) -> str:
        return f"Page({self.region!r}, {self.theme!r})"

    # ------------------------------------------------------------------ data

    @property
    def indicators(self):
        """The :class:`IndicatorSet` (``None`` when it could not be built; see :meth:`header`)."""
        if self._indicators is None and self._error is None:
            from ..indicators import load_indicators
            try:
                self._indicators = load_indicators(self.settings)
            except RegiobeeldError as exc:
                self._error = str(exc)
        return self._indicators

    def data(self, indicator: str, category: str | None = None) -> pd.DataFrame:
        """The tidy frame behind every sentence, chart and table of ``indicator``: each period
        and category of the region (or its province, or Nederland), Nederland and the
        neighbours, with Dutch labels. ``category`` keeps one category (``""`` = the total).

        Columns: ``indicator, label, categorie_code, categorie, periode_code, periode,
        gebied_code, gebied, rol`` (regio, buurregio, Nederland)``, waarde, eenheid``.
        """
        self._check(indicator, category or "")
        data = self.indicators
        if data is None:
            raise RegiobeeldError(f"De cijfers konden niet worden berekend: {self._error}")
        spec = data.spec(indicator)
        code = data.code_for(indicator, self.region)
        roles = {code: "regio"}
        if code == self.region:
            roles.update((nb, "buurregio") for nb in self._neighbours())
        roles[NL] = "Nederland"
        part = data.rows(indicator)
        part = part[part["region_code"].isin(roles)]
        if category is not None:
            part = part[part["category"] == category]
        order = {c: i for i, c in enumerate(roles)}
        part = part.assign(order=part["region_code"].map(order)).sort_values(
            ["order", "category", "period"], kind="stable")
        return pd.DataFrame({
            "indicator": indicator, "label": spec.label,
            "categorie_code": part["category"].to_numpy(),
            "categorie": [text.category_label(c) for c in part["category"]],
            "periode_code": part["period"].to_numpy(),
            "periode": [format_period(p, st) for p, st in zip(part["period"], part["period_status"])],
            "gebied_code": part["region_code"].to_numpy(),
            "gebied": [data.area_name(c) for c in part["region_code"]],
            "rol": [roles[c] for c in part["region_code"]],
            "waarde": part["value"].to_numpy(),
            "eenheid": [spec.unit_for(c) for c in part["category"]],
        })

    @property
    def title(self) -> str:
        return naming.page_heading(self.name, THEME_TITLES[self.theme])

    def _check(self, indicator: str, category: str = "") -> None:
        """Raise :class:`UnknownNameError` (with close matches) for a misspelt indicator or category."""
        from ..indicators import SPECS

        data = self.indicators
        specs = data.specs if data is not None else SPECS
        if indicator not in specs:
            raise UnknownNameError("Onbekende indicator", indicator, specs)
        if category and data is not None and data.has(indicator):
            known = [c for c in pd.unique(data.rows(indicator)["category"]) if c]
            if not known:
                raise UnknownNameError(f"{indicator} heeft geen categorieën; onbekende categorie", category, [])
            if category not in known:
                raise UnknownNameError(f"Onbekende categorie van {indicator}", category, known)

    def _absent(self, indicator: str, category: str = "") -> HTMLBlock | None:
        """A notice when ``indicator`` cannot be shown, else None (and remember it is shown);
        a misspelt indicator or category raises :class:`UnknownNameError`."""
        self._check(indicator, category)
        data = self.indicators
        if data is None:
            return blocks.notice_box("Gegevens niet beschikbaar",
                                     "De cijfers konden niet worden berekend; de reden staat bovenaan deze pagina.")
        spec = data.spec(indicator)
        if not data.has(indicator):
            reason = data.failures.get(indicator, "de bron leverde geen cijfers")
            if reason in self._reasons:      # one failing source: its reason is said once a page
                reason = "om dezelfde reden als hierboven"
            else:
                self._reasons.add(reason)
            return blocks.notice_box(f"Niet beschikbaar: {spec.label}",
                                     f"{spec.label} ontbreekt op deze pagina: {reason}.")
        if indicator not in self._shown:
            self._shown.append(indicator)
        return None

    def _source(self, indicator: str, note: str = "") -> str:
        data = self.indicators
        refs = source_refs(data, indicator)
        if refs:
            return blocks.source_line(refs, note)
        spec = data.spec(indicator)
        return f"Bron: CBS StatLine, tabel {', '.join(spec.tables)}; bewerking regiobeeld" + (
            f". {note}" if note else "")

    def _figure(self, fig, alt: str, indicator: str, title: str, note: str = "", category: str | None = None
                ) -> HTMLBlock:
        block = blocks.figure_block(charts.figure_to_svg(fig), alt, self._source(indicator, note), title)
        return replace(self._keeping(block, indicator, category), chart=fig)

    def _keeping(self, block: HTMLBlock, indicator: str, category: str | None = None) -> HTMLBlock:
        """``block`` with the frame behind it (see :meth:`data`), built when asked for."""
        return replace(block, data_source=partial(self.data, indicator, category))

    def _neighbours(self) -> tuple[str, ...]:
        return self.indicators.neighbours.get(self.region) or self.params.neighbours

    # ------------------------------------------------------------------ page frame

    def header(self) -> HTMLBlock:
        """The page title, the data date, and the demo banner for demonstration data."""
        data = self.indicators
        parts = [f'<header class="rb-header"><h1>{escape(self.title)}</h1>'
                 f'<p class="rb-subtitle">Arbeidsmarktregio {escape(self.name)} ({escape(self.region)}); '
                 f"analyse voor de regionale meerjarenagenda. {escape(naming.DISCLAIMER)}</p></header>"]
        text_parts = [self.title]
        if data is None:
            notice = blocks.notice_box("Gegevens niet beschikbaar", str(self._error))
            parts.append(notice.html)
            text_parts.append(notice.text)
        else:
            if data.demo:
                banner = blocks.demo_banner()
                parts.append(banner.html)
                text_parts.append(banner.text)
            parts.append(f'<p class="rb-note rb-reading">{escape(text.READING_NOTE)}</p>')
            text_parts.append(text.READING_NOTE)
        return HTMLBlock("".join(parts), "\n".join(text_parts))

    def theme_links(self) -> HTMLBlock:
        """Links to the theme pages of this region (relative, so the bundle works offline)."""
        items = "".join(f'<li><a href="{escape(href)}">{escape(THEME_TITLES[theme])}</a>: {escape(about)}</li>'
                        for theme, (href, about) in THEME_PAGES.items())
        plain = "; ".join(f"{THEME_TITLES[t]} ({href})" for t, (href, _) in THEME_PAGES.items())
        return HTMLBlock(f'<nav class="rb-themes" aria-label="Thema\'s"><ul>{items}</ul></nav>',
                         f"Thema's: {plain}")

    # ------------------------------------------------------------------ sentences, charts, tables

    def sentence(self, indicator: str, category: str = "") -> HTMLBlock:
        """The latest value compared with Nederland, the neighbours and the 35 regions."""
        if (notice := self._absent(indicator, category)) is not None:
            return notice
        data = self.indicators
        sentence = text.comparison_sentence(data.spec(indicator), data.compare(indicator, self.region,
                                                                               category=category), category)
        return self._keeping(HTMLBlock(f'<p class="rb-sentence">{escape(sentence)}</p>', sentence),
                             indicator, category)

    def trend(self, indicator: str, category: str = "") -> HTMLBlock:
        """A line chart of the series: the region, Nederland and the neighbours."""
        if (notice := self._absent(indicator, category)) is not None:
            return notice
        data = self.indicators
        spec = data.spec(indicator)
        code = data.code_for(indicator, self.region)
        name = data.area_name(code)
        own = data.series(indicator, self.region, category)
        nl = data.series(indicator, "NL", category) if spec.level != "NL" else None
        known = int(own["value"].notna().sum())
        if known < 2:
            why = "zijn geen cijfers" if known == 0 else "is maar één periode"
            return blocks.notice_box(f"Geen ontwikkeling: {spec.label}",
                                     f"Voor {name} {why} beschikbaar; een ontwikkeling is niet te tonen.")
        neighbours = {}
        if code == self.region:
            neighbours = {data.names.get(nb, nb): data.series(indicator, nb, category) for nb in self._neighbours()}
        label = text.indicator_label(spec, category)
        alt = text.trend_sentence(spec, name, own, nl, category)
        unit, decimals = spec.unit, spec.decimals
        if unit in text.ABSOLUTE_UNITS:  # counts: compare the development, as an index
            base = own.dropna(subset=["value"])["period"].iloc[0]
            own = charts.index_series(own, base)
            nl = charts.index_series(nl, base) if nl is not None else None
            neighbours = {nb: charts.index_series(frame, base) for nb, frame in neighbours.items()}
            unit, decimals = f"index ({format_period(base)} = 100)", 1
        fig = charts.trend_chart((name, own), nl, neighbours, unit=unit, decimals=decimals)
        return self._figure(fig, alt, indicator, f"{label}: ontwikkeling", category=category)

    def compare(self, indicator: str, category: str = "") -> HTMLBlock:
        """Bars of the latest value: the region, its neighbours and Nederland (for a
        province-level indicator: every province)."""
        if (notice := self._absent(indicator, category)) is not None:
            return notice
        data = self.indicators
        spec = data.spec(indicator)
        c = data.compare(indicator, self.region, category=category)
        if spec.level == "PV":
            rows = [(data.names.get(code, code), value, "region" if code == c.code else "neighbour")
                    for code, value in data.area_values(indicator, c.period, category).items()
                    if code.startswith("PV")]
        else:
            rows = [(c.name, c.value, "region")]
            rows += [(data.names.get(nb, nb), value, "neighbour") for nb, value in c.neighbours.items()]
        if spec.unit not in text.ABSOLUTE_UNITS:
            rows.append(("Nederland", c.nl, "nl"))
        label = text.indicator_label(spec, category, c.period)
        fig = charts.comparison_bars(rows, unit=spec.unit, decimals=spec.decimals)
        alt = text.comparison_sentence(spec, c, category)
        note = MISSING_FOOTNOTE if any(math.isnan(v) for _, v, _ in rows) else ""
        return self._figure(fig, alt, indicator,
                            f"{label}, {format_period(c.period, c.period_status)}", note, category)

    def categories(self, indicator: str) -> HTMLBlock:
        """Bars per category (sector, age group, benefit type, ...) with Nederland as a tick;
        for sector indicators the crucial sectors are highlighted and named. A total is left
        out beside its own parts; location quotients are drawn around 1."""
        if (notice := self._absent(indicator)) is not None:
            return notice
        data = self.indicators
        spec = data.spec(indicator)
        cats = _parts_only(_in_level_order(data.by_category(indicator, self.region)))
        period = data.latest_period(indicator)
        when = format_period(period, data.period_status(indicator, period))
        name = data.area_name(data.code_for(indicator, self.region))
        if cats["value"].notna().sum() == 0:
            return blocks.notice_box(f"Geen cijfers: {spec.label}",
                                     f"Voor {name} zijn geen cijfers per {(spec.category_label or 'categorie').lower()} "
                                     f"beschikbaar ({when}).")
        sectors = indicator in _SECTOR_INDICATORS
        highlight = text.crucial_categories(cats["category"]) if sectors else []
        unit = spec.unit_for("categorie")
        around_one = spec.unit == "index (NL = 1)"   # Nederland is the baseline itself
        nl = None if unit in text.ABSOLUTE_UNITS or spec.level == "NL" or around_one else cats["nl"].tolist()
        labels = [text.category_label(c) for c in cats["category"]]
        fig = charts.category_bars(labels, cats["value"].tolist(), nl,
                                   highlight=[text.category_label(c) for c in highlight],
                                   highlight_label="cruciale sector", unit=unit,
                                   decimals=spec.decimals, name=name,
                                   baseline=1.0 if around_one else 0.0)
        listing = _listing(labels, cats["category"].tolist(), cats["value"].tolist(),
                           lambda value: text.format_value(value, unit, spec.decimals))
        alt = f"{spec.label} in {name} naar {(spec.category_label or 'categorie').lower()}, {when}. Hoogst: {listing}."
        if highlight:
            alt += f" Cruciale sectoren: {', '.join(highlight)}."
        notes = [text.crucial_note() if sectors else "",
                 MISSING_FOOTNOTE if cats["value"].isna().any() else ""]
        note = " ".join(n for n in notes if n)
        return self._figure(fig, alt, indicator, f"{spec.label} in {name}, {when}", note)

    def pyramid(self) -> HTMLBlock:
        """The population pyramid of the latest year, Nederland as an outline."""
        indicator = "age_pyramid"
        if (notice := self._absent(indicator)) is not None:
            return notice
        data = self.indicators
        period = data.latest_period(indicator)
        own = data.by_category(indicator, self.region, period)
        fig = charts.population_pyramid(own[["category", "value"]],
                                         own[["category", "nl"]].rename(columns={"nl": "value"}),
                                         name=self.name)
        share = data.compare("share_50_65", self.region) if data.has("share_50_65") else None
        extra = (f" {text.comparison_sentence(data.spec('share_50_65'), share)}" if share is not None else "")
        total = own["value"].sum()
        alt = (f"Bevolkingspiramide van {self.name}, {format_period(period)}: "
               f"{text.format_value(total, 'aantal', 0)} inwoners naar geslacht en leeftijd, Nederland als lijn."
               + extra)
        return self._figure(fig, alt, indicator, f"Bevolking naar leeftijd en geslacht, {format_period(period)}")

    def forecast(self) -> HTMLBlock:
        """The population forecast (index, today = 100) after the observed population as the
        same index, for the region and Nederland; the forecast years are named in the text."""
        indicator = "population_forecast_index"
        if (notice := self._absent(indicator) or self._absent("population")) is not None:
            return notice
        data = self.indicators
        spec = data.spec(indicator)
        base = data.latest_period("population")
        areas, said = [], []
        for code in (self.region, NL):
            name = data.area_name(code)
            ahead = data.series(indicator, code)
            areas.append((name, charts.index_series(data.series("population", code), base), ahead))
            values = ", ".join(f"{format_period(p)} {text.format_bare(v, spec.unit, spec.decimals)}"
                               for p, v in zip(ahead["period"], ahead["value"]))
            said.append(f"{name}: {values}")
        today = format_period(base)
        fig = charts.forecast_chart(areas, unit=f"index ({today} = 100)", decimals=spec.decimals)
        alt = (f"Inwoners waargenomen tot en met {today} en volgens de prognose van CBS/PBL, als index "
               f"({today} = 100). {'; '.join(said)}.")
        return self._figure(fig, alt, indicator, f"Inwoners nu en volgens de prognose (index, {today} = 100)")

    def table(self, indicator: str) -> HTMLBlock:
        """A table: per category the region and Nederland (latest period), or for an
        indicator without categories the region, neighbours and Nederland over the last five periods."""
        if (notice := self._absent(indicator)) is not None:
            return notice
        data = self.indicators
        spec = data.spec(indicator)
        period = data.latest_period(indicator)
        code = data.code_for(indicator, self.region)
        name = data.area_name(code)
        if spec.category_label:
            cats = _parts_only(_in_level_order(data.by_category(indicator, self.region, period)))
            when = format_period(period, data.period_status(indicator, period))
            frame = pd.DataFrame({spec.category_label: [text.category_label(c) for c in cats["category"]],
                                  f"{name} {when}": cats["value"],
                                  f"Nederland {when}": cats["nl"]})
        else:
            periods = data.periods(indicator)[-5:]
            codes = [code] + ([nb for nb in self._neighbours()] if code == self.region else []) + ["NL"]
            frame = pd.DataFrame({"Gebied": [data.area_name(c) for c in codes]})
            for p in periods:
                values = data.area_values(indicator, p)
                frame[format_period(p, data.period_status(indicator, p))] = np.array(
                    [values.get(c, math.nan) for c in codes], dtype="float64")
        unit = spec.unit_for("categorie") if spec.category_label else spec.unit
        table = tables.html_table(frame, sources=source_refs(data, indicator), title=spec.label, unit=unit,
                                  decimals=spec.decimals)
        return self._keeping(table, indicator)

    def level_mix(self) -> HTMLBlock:
        """Graduates against workers by education level (laag, middelbaar, hoog), in %."""
        for indicator in ("graduates_by_level", "employed_by_level"):
            if (notice := self._absent(indicator)) is not None:
                return notice
        data = self.indicators
        grads = data.by_category("graduates_by_level", self.region).set_index("category")["value"]
        work = data.by_category("employed_by_level", self.region).set_index("category")["value"]
        levels = ["laag", "middelbaar", "hoog"]
        fig = charts.grouped_bars(levels, {"Gediplomeerden": [grads.get(lv, math.nan) for lv in levels],
                                           "Werkenden": [work.get(lv, math.nan) for lv in levels]},
                                  unit="%", decimals=1)
        alt = text.level_mix_observation(self.name, grads.to_dict(), work.to_dict()) or (
            f"Gediplomeerden en werkenden naar onderwijsniveau in {self.name}.")
        periods = {i: format_period(data.latest_period(i), data.period_status(i, data.latest_period(i)))
                   for i in ("graduates_by_level", "employed_by_level")}
        return self._joint_figure(fig, alt, ("graduates_by_level", "employed_by_level"),
                                  f"Gediplomeerden ({periods['graduates_by_level']}) en werkenden "
                                  f"({periods['employed_by_level']}) naar onderwijsniveau, {self.name}")

    def _joint_figure(self, fig, alt: str, indicators: tuple[str, ...], title: str) -> HTMLBlock:
        """A figure of several indicators: the source line of each (once) and their frames together."""
        caption = ". ".join(dict.fromkeys(self._source(i) for i in indicators))
        block = blocks.figure_block(charts.figure_to_svg(fig), alt, caption, title)
        frames = lambda: pd.concat([self.data(i) for i in indicators], ignore_index=True)  # noqa: E731
        return replace(block, chart=fig, data_source=frames)

    def commuting_partners(self) -> HTMLBlock:
        """The five regions most of the region's inbound commuters come from and most of its
        outbound commuters go to (banen x 1 000), in one chart."""
        indicators = ("commuting_top_origins", "commuting_top_destinations")
        for indicator in indicators:
            if (notice := self._absent(indicator)) is not None:
                return notice
        data = self.indicators
        tops = {}
        for indicator in indicators:
            cats = data.by_category(indicator, self.region).dropna(subset=["value"])
            cats = cats.sort_values("value", ascending=False, kind="stable")
            tops[indicator] = [(data.names.get(code, code), value) for code, value in zip(cats["category"], cats["value"])]
        origins, destinations = tops.values()
        if not origins and not destinations:
            return blocks.notice_box("Geen cijfers: pendel", f"Voor {self.name} zijn geen pendelcijfers beschikbaar.")
        period = data.latest_period(indicators[0])
        when = format_period(period, data.period_status(indicators[0], period))
        fig = charts.partner_bars(origins, destinations, name=self.name, unit="x 1 000 banen", decimals=1)

        def listing(pairs):
            return text.ranked_listing(((n, text.format_value(v, "x 1 000", 1)) for n, v in pairs), limit=5) or "."

        alt = (f"Banen van werknemers in {self.name} naar woonregio, {when}; de meeste inkomende pendel komt uit "
               f"{listing(origins)}. Werkende inwoners van {self.name} met een baan elders werken vooral in "
               f"{listing(destinations)}.")
        return self._joint_figure(fig, alt, indicators,
                                  f"Grootste herkomst- en bestemmingsregio's van de pendel, {self.name}, {when}")

    def definitions(self) -> HTMLBlock:
        """Begrippen: the definition of every indicator shown on this page so far."""
        data = self.indicators
        if data is None:
            return self._absent("population")
        specs = [data.spec(i) for i in self._shown]
        level = {"PV": " Cijfer per provincie.", "NL": " Alleen landelijk beschikbaar."}
        items = "".join(f'<dt style="font-weight:bold">{escape(s.label)}</dt>'
                        f'<dd style="margin:0 0 .5rem 1rem">{escape(s.definition + level.get(s.level, ""))}</dd>'
                        for s in specs)
        return HTMLBlock(f'<dl class="rb-definitions">{items}</dl>',
                         "\n".join(f"{s.label}: {s.definition}{level.get(s.level, '')}" for s in specs))

    def own_chart(self, fig, title: str, alt: str, indicators=(), note: str = "") -> HTMLBlock:
        """An adviser's own matplotlib chart (see :mod:`regiobeeld.presentation.mplstyle`) as a page figure,
        with the source line of the ``indicators`` it shows (or ``note`` as its source)."""
        from .mplstyle import figure_svg

        for indicator in indicators:
            self._absent(indicator)
        lines = [self._source(i) for i in indicators] + ([note] if note else [])
        if not lines:
            raise ConfigError("Een eigen grafiek heeft een bron nodig: geef indicators=[...] of note='Bron: ...'.")
        block = blocks.figure_block(figure_svg(fig), alt, ". ".join(lines), title)
        return replace(block, chart=fig)

    # ------------------------------------------------------------------ kerncijfers

    def _headline(self) -> list[str]:
        data = self.indicators
        return [i for i, spec in data.specs.items() if spec.headline and data.has(i)]

    def tiles(self) -> HTMLBlock:
        """One tile per headline indicator: value, Nederland and rank among the regions."""
        data = self.indicators
        if data is None:
            return self._absent("population")
        tiles, plain = [], []
        for indicator in [i for i, spec in data.specs.items() if spec.headline]:
            spec = data.spec(indicator)
            if not data.has(indicator):
                reason = data.failures.get(indicator, "de bron leverde geen cijfers")
                tiles.append(f'<div class="rb-tile rb-tile-missing" role="note"><p class="rb-tile-label">'
                             f'{escape(spec.label)}</p><p>Niet beschikbaar: {escape(reason)}.</p></div>')
                plain.append(f"{spec.label}: niet beschikbaar ({reason})")
                continue
            self._absent(indicator)
            c = data.compare(indicator, self.region)
            label = text.indicator_label(spec, period=c.period)
            short = spec.unit if spec.unit in ("%", "aantal", "x 1 000") else "aantal"
            value = text.format_value(c.value, short, spec.decimals)
            nl = text.format_value(c.nl, short, spec.decimals)
            unit = spec.share_of if short == spec.unit else spec.unit
            rank = (f"{format_ordinal(c.rank)} van {c.n} regio's" if c.rank else
                    c.name if spec.level == "PV" else "")
            when = format_period(c.period, c.period_status)
            window = text.growth_window(spec, c.period)  # the years never break over two lines
            heading = escape(spec.label) + (f' <span style="white-space:nowrap">{escape(window)}</span>'
                                            if window else "")
            tiles.append(f'<div class="rb-tile"><p class="rb-tile-label">{heading}</p>'
                         f'<p class="rb-tile-value">{escape(value)}</p>'
                         f'<p class="rb-tile-unit">{escape(unit)}</p>'
                         f'<p class="rb-tile-meta">{escape(when)} · Nederland {escape(nl)}</p>'
                         f'<p class="rb-tile-rank">{escape(rank)}</p></div>')
            plain.append(f"{label}: {value}{' ' + unit if unit else ''} ({when}); Nederland {nl}; {rank}")
        style = ('<style>.rb-tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));'
                 "gap:.6rem}.rb-tile{border:1px solid #8C8C8C;border-radius:4px;padding:.5rem}"
                 ".rb-tile p{margin:.1rem 0}.rb-tile-value{font-size:1.5rem;font-weight:bold;color:#0058B8}"
                 "</style>")
        provincial = [data.spec(i).label for i in self._headline() if data.spec(i).level == "PV"]
        notes = [_STATUS_NOTE, MISSING_FOOTNOTE]
        if provincial:
            notes.insert(0, f"{text.dutch_list(provincial)}: cijfer van de provincie, zonder rang.")
        refs: dict[str, blocks.SourceRef] = {}
        for indicator in self._headline():
            for ref in source_refs(data, indicator):
                refs.setdefault(ref.table_id, ref)
        source = blocks.source_line(list(refs.values()))
        note = "".join(f'<p class="rb-note">{escape(n)}</p>' for n in notes) + f'<p class="rb-source">{escape(source)}</p>'
        notes.append(source)
        return HTMLBlock(f'{style}<div class="rb-tiles">{"".join(tiles)}</div>{note}', "\n".join([*plain, *notes]))

    def findings(self, n: int = 5) -> HTMLBlock:
        """4–6 key findings: the headline figures and trends that are most unusual among the
        regions (see :func:`regiobeeld.presentation.text.deviation_finding`)."""
        data = self.indicators
        if data is None:
            return self._absent("population")
        candidates = []
        for indicator in self._headline():
            spec = data.spec(indicator)
            ranked = spec.level in RANKED_LEVELS
            spread = data.region_values(indicator).std() if ranked else math.nan
            candidates.append(text.deviation_finding(indicator, spec, data.compare(indicator, self.region), spread))
            if not spec.window and spec.forecast_year is None and ranked:
                own = data.series(indicator, self.region)
                candidates.append(text.trend_finding(indicator, spec, self.name, own,
                                                     data.series(indicator, "NL"), _change_spread(data, indicator, own)))
        chosen = text.select_findings(candidates, n)
        items = "".join(f"<li>{escape(f.text)}</li>" for f in chosen)
        return HTMLBlock(f'<ul class="rb-findings">{items}</ul>', "\n".join(f"- {f.text}" for f in chosen))

    # ------------------------------------------------------------------ mismatch

    def observations(self) -> HTMLBlock:
        """Data-backed observations on the ontwikkelopgave (each sentence names its numbers)."""
        data = self.indicators
        if data is None:
            return self._absent("education_level")
        sentences = []

        def compare(indicator, category=""):
            if not data.has(indicator):
                return None
            self._absent(indicator)
            return data.compare(indicator, self.region, category=category)

        def levels(indicator):
            if not data.has(indicator):
                return {}
            self._absent(indicator)
            cats = data.by_category(indicator, self.region)
            return dict(zip(cats["category"], cats["value"]))

        if (c := compare("education_level", "laag")) is not None:
            sentences.append(text.low_educated_observation(c))
        sentences.append(text.level_mix_observation(self.name, levels("graduates_by_level"),
                                                    levels("employed_by_level")))
        if (c := compare("replacement_demand")) is not None:
            sentences.append(text.older_workers_observation(c))
        if (low := compare("lifelong_learning", "niet-formeel|laag")) is not None:
            high = compare("lifelong_learning", "niet-formeel|hoog")
            sentences.append(text.llo_observation(low.nl, high.nl, low.period, low.period_status))
        if (c := compare("tightness")) is not None:
            sentences.append(text.tightness_observation(data.spec("tightness"), c))
        sentences = [s for s in sentences if s]
        if not sentences:
            return blocks.notice_box("Geen waarnemingen", "De cijfers voor de ontwikkelopgave ontbreken.")
        items = "".join(f"<li>{escape(s)}</li>" for s in sentences)
        return HTMLBlock(f'<ul class="rb-observations">{items}</ul>', "\n".join(f"- {s}" for s in sentences))

    # ------------------------------------------------------------------ outside CBS

    def aanvullen(self, topic: str) -> HTMLBlock:
        """The box for data CBS cannot give: what is missing, where to find it, how to add it."""
        entry = links.topic(topic)
        return blocks.aanvullen_box(entry.missing, entry.links(), entry.how)

    def dropin(self, kind: str) -> HTMLBlock:
        """The adviser's own export of ``kind`` (see :mod:`regiobeeld.sources.dropins`); the
        aanvullen box when the drop-in reader is not available."""
        try:
            from ..sources.dropins import SCHEMAS
            from .dropins import section
        except ImportError:
            return self.aanvullen(kind)
        if kind not in SCHEMAS:
            raise UnknownNameError("Onbekende soort eigen data", kind, SCHEMAS)
        try:
            parts = section(kind, self.region, self.settings)
        except RegiobeeldError as exc:
            return blocks.notice_box("Eigen gegevens niet geladen", str(exc))
        if not parts:
            return self.aanvullen(kind)
        return HTMLBlock("".join(p.html for p in parts), "\n".join(p.text for p in parts))

    # ------------------------------------------------------------------ machine-readable output

    def finish(self) -> None:
        """Display the hidden outputs the runner collects: the long records of every
        indicator this page showed, and the page metadata."""
        from IPython.display import display

        data = self.indicators
        records, sources = [], []
        if data is not None:
            for indicator in self._shown:
                records.extend(_json_safe(r) for r in data.records(indicator, self.region))
            tables_used = dict.fromkeys(t for i in self._shown for t in data.spec(i).tables)
            for table_id in tables_used:
                meta = data.sources.get(table_id)
                if meta is not None:
                    sources.append({"table_id": table_id, "title": meta.title, "demo": meta.demo,
                                    "retrieved": meta.retrieved, "url": links.statline_url(table_id)})
        page = {"region": self.region, "region_name": self.name, "theme": self.theme, "title": self.title,
                "demo": bool(data.demo) if data is not None else False, "sources": sources}
        display({INDICATORS_MIME: records, "text/plain": f"{len(records)} cijfers vastgelegd voor de bundel"},
                raw=True)
        display({PAGE_MIME: page, "text/plain": f"Pagina {self.title} afgerond"}, raw=True)


def _in_level_order(cats: pd.DataFrame) -> pd.DataFrame:
    """Education levels read laag, middelbaar, hoog; other categories keep their order."""
    levels = ["laag", "middelbaar", "hoog"]
    if set(cats["category"].tolist()) != set(levels):
        return cats
    return cats.set_index("category").loc[levels].reset_index()


def _listing(labels: list[str], categories: list[str], values: list[float], shown) -> str:
    """The known values, highest first, as one ranking per breakdown ("Leeftijd: …" never
    beside "Geslacht: …"), each value as ``shown`` writes it. Ties keep the order of
    pandas' descending sort, as they always did."""
    known = [(label, category, value) for label, category, value in zip(labels, categories, values)
             if not math.isnan(value)]
    order = pd.Series([value for _, _, value in known], dtype="float64").sort_values(ascending=False).index
    ranked = [known[i] for i in order]
    by = [match.group(1) if (match := _BREAKDOWN.match(category)) else "" for _, category, _ in ranked]
    return "; ".join(text.ranked_listing((label, shown(value)) for (label, _, value), of in zip(ranked, by)
                                         if of == breakdown)
                     for breakdown in dict.fromkeys(by))


def _change_spread(data, indicator: str, own: pd.DataFrame) -> float:
    """The standard deviation among the regions of the change over ``own``'s known periods."""
    known = [period for period, value in zip(own["period"].tolist(), own["value"].tolist()) if not math.isnan(value)]
    if len(known) < 2:
        return math.nan
    first, last = (data.region_values(indicator, p).to_dict() for p in (known[0], known[-1]))
    unit = data.spec(indicator).unit
    changes = [text.change(first[code], last[code], unit)[0] for code in first if code in last]
    return float(pd.Series(changes, dtype="float64").std())


def _parts_only(cats: pd.DataFrame) -> pd.DataFrame:
    """The categories without aggregates ("B-F …" sector groups, "Mbo, totaal", ``"formeel"``
    beside ``"formeel|laag"``), so a total
    never stands beside its own parts as one more part."""
    categories = cats["category"].tolist()
    split = {c.split("|", 1)[0] for c in categories if "|" in c}
    parts = [not (_AGGREGATE_SECTOR.match(c) or _TOTAL.search(c) or c in split) for c in categories]
    return cats if all(parts) or not any(parts) else cats[parts]


def _json_safe(record: dict) -> dict:
    """NaN → None, so the output is valid JSON."""
    return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in record.items()}
