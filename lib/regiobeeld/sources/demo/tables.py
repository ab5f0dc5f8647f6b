"""Build every demo table in CBS OData shape, from the catalog spec and a builder."""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

import pandas as pd

from ...core import catalog
from ...core.catalog import TableSpec
from ...core.errors import DemoTableMissing
from . import economy, outlook, people, schooling, support, work
from .content import Content
from .levels import region_members
from .odata import category_groups, data_properties, dimension_rows, period_rows, periods, table_infos, typed_data_set
from .world import world

__all__ = ["build_table", "build_tables", "clear_caches", "DEFAULT_SEED", "MODIFIED"]

DEFAULT_SEED = 2026
#: TableInfos.Modified of every demo table (fixed, so output is deterministic).
MODIFIED = "2026-11-02T02:00:00"

_BUILDERS: dict[str, Callable[[TableSpec, int], Content]] = {
    "70072NED": people.kerncijfers,
    "03759ned": people.bevolking_leeftijd,
    catalog.ARBEIDSDEELNAME: people.arbeidsdeelname,
    "86111NED": people.binding,
    "86112NED": people.beroepen,
    "85525NED": people.onderwijsniveau,
    "85315NED": people.leeractiviteiten,
    "80794ned": support.uitkeringen,
    "85588NED": support.reintegratie,
    "85701NED": schooling.leerlingen,
    "85702NED": schooling.gediplomeerden,
    "83582NED": economy.banen,
    "83599NED": economy.vacatures,
    "86008NED": work.posities,
    "85481NED": work.pendel,
    **{table_id: people.gebieden for table_id in catalog.GEBIEDEN_TABLES.values()},
    "85171NED": outlook.prognose,
    "85554NED": outlook.ww_seizoengecorrigeerd,
    "86223NED": outlook.jongeren,
}


def build_tables(seed: int = DEFAULT_SEED) -> dict[str, dict[str, list[dict] | pd.DataFrame]]:
    """Every table of :data:`regiobeeld.core.catalog.TABLES` as OData entity sets.

    Returns ``table_id → entity set name → rows``: ``TableInfos``, ``DataProperties``,
    ``CategoryGroups`` and one set per dimension are lists of dicts; ``TypedDataSet`` is a
    DataFrame (``ID``, padded dimension keys, topic columns; ``None`` where missing).
    Same seed, same output.
    """
    return {table_id: build_table(table_id, seed) for table_id in catalog.TABLES}


@lru_cache(maxsize=64)
def build_table(table_id: str, seed: int = DEFAULT_SEED) -> dict[str, list[dict] | pd.DataFrame]:
    """One demo table (see :func:`build_tables`); cached, so treat the result as read-only."""
    spec = catalog.table(table_id)
    try:
        builder = _BUILDERS[table_id]
    except KeyError:
        raise DemoTableMissing(f"CBS-tabel {table_id} is niet beschikbaar in de demonstratiegegevens.",
                               table_id=table_id) from None
    content = builder(spec, seed)
    topics = [*spec.topics, *content.extra_topics]
    period_list = (periods(spec, content.period_suffix, content.nader_voorlopig, content.school_years, content.final)
                   if spec.frequency else [])
    if content.period_rows is not None:
        period_list = list(content.period_rows)
    if content.period_keys is not None:
        period_list = [p for p in period_list if p[0] in content.period_keys]
    groups = category_groups(spec)
    sets: dict[str, list[dict] | pd.DataFrame] = {
        "TableInfos": [table_infos(spec, content.period_text or _period_text(period_list), MODIFIED)],
        "DataProperties": data_properties(spec, topics),
        "CategoryGroups": groups,
    }
    members: dict[str, list[str]] = {}
    for dim in spec.dimensions:
        if dim.type == "TimeDimension":
            sets[dim.key] = period_rows(period_list)
            members[dim.key] = [key for key, _, _ in period_list]
            continue
        if dim.type == "GeoDimension":
            pairs = content.regions or region_members(world(), spec.levels, *_years(period_list, spec))
        else:
            pairs = list(dim.members)
        sets[dim.key] = dimension_rows(spec, dim.key, pairs, groups)
        members[dim.key] = [code for code, _ in pairs]
    sets["TypedDataSet"] = typed_data_set(members, content.values, topics)
    return sets


def clear_caches() -> None:
    """Forget every cached table and model (tests use it to rebuild from scratch)."""
    from . import labour, population
    for cached in (build_table, population.population, labour.labour, economy.jobs, support.benefits,
                   schooling.students, work.commuting_matrix):
        cached.cache_clear()


def _years(period_list, spec: TableSpec) -> tuple[int, int]:
    if not period_list:
        return spec.years
    return int(period_list[0][0][:4]), int(period_list[-1][0][:4])


def _period_text(period_list) -> str:
    """TableInfos.Period, e.g. ``"2015-2024"``."""
    if not period_list:
        return ""
    first, last = period_list[0][0][:4], period_list[-1][0][:4]
    return first if first == last else f"{first}-{last}"
