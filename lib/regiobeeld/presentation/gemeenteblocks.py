"""The gemeente blocks of a :class:`~regiobeeld.presentation.report.Page`: the region's gemeenten per
indicator, and the gemeente overview of the kerncijfers page.

The partners who receive the pages are the region's gemeenten: each wants to see itself
beside the region and Nederland. The values come from
:class:`~regiobeeld.indicators.gemeenten.GemeenteValues` (computed once with the
indicator set); these methods only select and draw. A gemeente without a value shows as
``"."``, never left out; gemeente values that could not be computed cost only their block.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

import pandas as pd

from ..core import catalog
from ..core.errors import ConfigError, UnknownNameError
from ..core.formatting import MISSING_FOOTNOTE, format_period
from ..indicators.gemeenten import has_gemeente_values, indeling_year
from ..indicators.model import NL
from ..indicators.specs import SPECS
from . import blocks, charts, tables, text
from .blocks import HTMLBlock, source_refs

__all__ = ["GemeenteBlocks", "CHART_GEMEENTEN"]

#: Up to this many gemeenten a gemeente block is a bar chart; with more, a table.
CHART_GEMEENTEN = 20


class GemeenteBlocks:
    """The gemeente methods of :class:`~regiobeeld.presentation.report.Page` (which gives ``indicators``,
    ``region``, ``name``, ``_check`` and ``_absent``)."""

    def gemeenten(self, indicator: str, category: str = "") -> HTMLBlock:
        """The region's gemeenten by the latest value of ``indicator`` (highest first, a
        missing value last as ``"."``) beside the region and Nederland: a bar chart, or a
        table for more than :data:`CHART_GEMEENTEN` gemeenten. Counts (aantal, x 1 000) are
        shown without the region and Nederland, whose counts are of another size."""
        self._check(indicator, category)
        spec = (self.indicators.specs if self.indicators is not None else SPECS)[indicator]
        if not has_gemeente_values(spec):
            raise ConfigError(f"{indicator} heeft geen cijfers per gemeente (niveau {spec.level}).")
        if (notice := self._absent(indicator, category)) is not None:
            return notice
        data = self.indicators
        if not category and spec.category_label and not (data.rows(indicator)["category"] == "").any():
            known = [c for c in pd.unique(data.rows(indicator)["category"]) if c]
            raise UnknownNameError(f"{indicator} heeft geen totaal; kies een categorie in plaats van", category, known)
        period = data.latest_period(indicator)
        label = text.indicator_label(spec, period=period) + (f" ({text.category_label(category)})" if category else "")
        own = self._gemeente_values(indicator, period, category)
        if own is None or own.empty:
            return blocks.notice_box(f"Geen cijfers per gemeente: {spec.label}", self._gemeente_reason(indicator))
        when = format_period(period, data.period_status(indicator, period))
        unit = spec.unit_for(category)
        rows = [(name, value, "gemeente") for name, value in zip(own["name"], own["value"])]
        refs = [] if unit in text.ABSOLUTE_UNITS else [
            (self._region_label(), data.value(indicator, self.region, period, category), "region"),
            ("Nederland", data.value(indicator, NL, period, category), "nl")]
        note = MISSING_FOOTNOTE if own["value"].isna().any() else ""
        title = f"{label} per gemeente, {when}"
        keep = partial(self._gemeente_data, indicator, category, period, refs + rows)
        sources = self._gemeente_sources(indicator, period)
        if len(own) > CHART_GEMEENTEN:
            frame = pd.DataFrame({"Gebied": [n for n, _, _ in refs + rows],
                                  f"{text.indicator_label(spec, category)} {when}": [v for _, v, _ in refs + rows]})
            table = tables.html_table(frame, sources=sources, title=title, unit=unit, decimals=spec.decimals)
            return replace(table, data_source=keep)
        fig = charts.comparison_bars(rows + refs, unit=unit, decimals=spec.decimals, row=20)
        alt = text.gemeente_sentence(label, self.name, when, rows + refs, unit, spec.decimals)
        block = blocks.figure_block(charts.figure_to_svg(fig), alt, blocks.source_line(sources, note), title)
        return replace(block, chart=fig, data_source=keep)

    def gemeente_overview(self) -> HTMLBlock:
        """One row per gemeente of the region (alphabetical, in the indeling of the most
        recent column), then the region and Nederland; one column per indicator whose spec
        has ``gemeente_overview``, each with its latest period."""
        data = self.indicators
        if data is None:
            return self._absent("population")
        wanted = [i for i, spec in data.specs.items() if spec.gemeente_overview]
        columns = {}
        for indicator in wanted:
            period = data.latest_period(indicator) if data.has(indicator) else ""
            own = self._gemeente_values(indicator, period) if period else None
            if own is not None and not own.empty:
                self._absent(indicator)
                columns[indicator] = (period, own.set_index("gemeente_code")["value"], own)
        if not columns:
            return blocks.notice_box("Geen cijfers per gemeente", self._gemeente_reason(wanted[0]) if wanted else
                                     "Er zijn geen kerncijfers per gemeente.")
        latest = max(columns, key=lambda i: (indeling_year(columns[i][0]), columns[i][0]))
        gemeenten = columns[latest][2].sort_values("name", kind="stable")
        frame = pd.DataFrame({"Gemeente": [*gemeenten["name"], self._region_label(), "Nederland"]})
        units, refs = [], {}
        for indicator, (period, values, _) in columns.items():
            spec = data.spec(indicator)
            status = data.period_status(indicator, period)
            window = text.growth_window(spec, period)
            header = f"{spec.label} {window + status if window else format_period(period, status)}" + (
                " (%)" if spec.unit == "%" else "")
            frame[header] = [*gemeenten["gemeente_code"].map(values),
                             data.value(indicator, self.region, period), data.value(indicator, NL, period)]
            if spec.unit not in ("%", "aantal"):
                units.append(f"{spec.label} {spec.unit}")
            for ref in self._gemeente_sources(indicator, period):
                refs.setdefault((ref.table_id, ref.periods), ref)
        notes = [f"Eenheden: {'; '.join(units)}." if units else ""]
        lost = [data.spec(i).label for i in wanted if i not in columns]
        if lost:
            notes.append(f"Niet beschikbaar per gemeente: {text.dutch_list(lost)}.")
        table = tables.html_table(frame, sources=list(refs.values()), title=f"Gemeenten in {self.name}",
                                  decimals=[data.spec(i).decimals for i in columns],
                                  note=" ".join(n for n in notes if n))
        return table

    def _region_label(self) -> str:
        """The region beside its gemeenten: ``"Regio Groningen"`` is not the gemeente Groningen."""
        return self.name if self.name.startswith("Regio ") else f"Regio {self.name}"

    def _gemeente_values(self, indicator: str, period: str, category: str = "") -> pd.DataFrame | None:
        """The gemeenten of the region with their value (see ``GemeenteValues.of_region``);
        None when the set has no gemeente values of ``indicator``."""
        values = self.indicators.gemeenten
        if values is None or not values.has(indicator):
            return None
        return values.of_region(indicator, self.region, period, category)

    def _gemeente_reason(self, indicator: str) -> str:
        values = self.indicators.gemeenten
        reason = values.failures.get(indicator) if values is not None else None
        return f"{self.indicators.spec(indicator).label} per gemeente ontbreekt: " + (
            reason or "er zijn geen cijfers per gemeente berekend") + "."

    def _gemeente_sources(self, indicator: str, period: str) -> list[blocks.SourceRef]:
        """The indicator's tables for ``period`` and the Gebieden in Nederland table of its indeling."""
        data = self.indicators
        when = format_period(period, data.period_status(indicator, period))
        refs = [replace(ref, periods=when) for ref in source_refs(data, indicator)]
        year = indeling_year(period)
        meta = data.sources.get(catalog.GEBIEDEN_TABLES[year])
        if meta is not None:
            refs.append(blocks.SourceRef(table_id=meta.table_id, title=meta.title, periods=str(year),
                                         retrieved=meta.retrieved, demo=meta.demo))
        return refs

    def _gemeente_data(self, indicator: str, category: str, period: str, rows: list) -> pd.DataFrame:
        """The frame behind a gemeente block: one row per gemeente, the region and Nederland."""
        spec = self.indicators.spec(indicator)
        roles = {"gemeente": "gemeente", "region": "regio", "nl": "Nederland"}
        return pd.DataFrame({
            "indicator": indicator, "label": spec.label, "categorie_code": category,
            "categorie": text.category_label(category), "periode_code": period,
            "periode": format_period(period, self.indicators.period_status(indicator, period)),
            "gebied": [name for name, _, _ in rows], "rol": [roles[role] for _, _, role in rows],
            "waarde": [value for _, value, _ in rows], "eenheid": spec.unit_for(category)})
