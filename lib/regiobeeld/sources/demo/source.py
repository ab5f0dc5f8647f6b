"""The demo source: the built-in tables answered in memory, in the CBS client's shapes.

:class:`DemoSource` has the client methods the data path uses (``fetch_with_stats``,
``shape``, ``table_titles``) and answers them from :func:`~regiobeeld.sources.demo.build_table`
through :func:`regiobeeld.sources.cbs.assemble`, the code the client uses for downloaded rows:
same tidy frame, same :class:`~regiobeeld.core.tidy.TableMeta` (missing topics and members,
period statuses, demo flag). No HTTP server is started. A catalogued table without a demo
builder raises :class:`~regiobeeld.core.errors.DemoTableMissing`.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from ...core import catalog
from ...core.catalog import Query
from ...core.tidy import TableResult
from ..cbs import Clause, FetchStats, TableShape, assemble
from .tables import build_table

__all__ = ["DemoSource", "DEMO_URL"]

#: ``base_url`` of the demo source (named in messages; never contacted).
DEMO_URL = "regiobeeld-demo"


class DemoSource:
    """The built-in demonstration tables, queried like a CBS host."""

    base_url = DEMO_URL

    def fetch(self, query: Query) -> TableResult:
        """The tidy result of ``query`` on the demo tables."""
        return self.fetch_with_stats(query)[0]

    def fetch_with_stats(self, query: Query) -> tuple[TableResult, FetchStats]:
        """Like :meth:`fetch`, plus what it cost (no requests, no bytes)."""
        stats = FetchStats()
        started = time.perf_counter()
        data = build_table(query.table_id)["TypedDataSet"]

        def rows_for(select: list[str], groups: list[list[Clause]]) -> pd.DataFrame:
            rows = _matching(data, groups)[[c for c in select if c in data.columns]].astype(object)
            stats.rows = len(rows)
            return rows.where(rows.notna(), None)

        result = assemble(query, self.shape(query.table_id), rows_for, DEMO_URL)
        stats.seconds = time.perf_counter() - started
        return result, stats

    def shape(self, table_id: str) -> TableShape:
        """The metadata of demo table ``table_id``."""
        sets = build_table(table_id)
        bare = TableShape(table_id, sets["TableInfos"], sets["DataProperties"], {})
        return TableShape(table_id, bare.infos, bare.props, {key: sets[key] for key in bare.dim_types})

    def table_titles(self) -> dict[str, str]:
        """Identifier → title of every catalogued table (the demo has them all, or says so)."""
        return {table_id: spec.title for table_id, spec in catalog.TABLES.items()}


def _matching(frame: pd.DataFrame, groups: list[list[Clause]]) -> pd.DataFrame:
    """The rows of ``frame`` that match every group (a group matches when any clause does)."""
    mask = np.ones(len(frame), dtype=bool)
    for group in groups:
        hits = np.zeros(len(frame), dtype=bool)
        equal: dict[str, list[str]] = {}
        for clause in group:
            if clause.contains:
                hits |= frame[clause.dimension].astype(str).str.contains(clause.value, regex=False).to_numpy(bool)
            else:
                equal.setdefault(clause.dimension, []).append(clause.value)
        for dimension, values in equal.items():
            hits |= frame[dimension].isin(values).to_numpy(bool)
        mask &= hits
    return frame[mask]
