"""The input frames the indicators read: each built once per query, its failure remembered.

:class:`Inputs` turns a query's tidy table into the frame an indicator's compute function
gets (the regional sum of a gemeente table, its commuting pairs or weighted shares, else
the tidy frame), and says in short Dutch why one could not be built
(:class:`InputMissing`); :func:`requirements` names what an indicator cannot do without.
"""

from __future__ import annotations

import logging

import pandas as pd

from ..core import catalog
from ..core.errors import DemoTableMissing, OfflineDataMissing, RegiobeeldError, SourceUnreachable, TableNotFoundError
from ..core.regions import membership as membership_of
from ..core.regions import membership_year
from ..core.tidy import BASE_COLUMNS, check_schema
from ..sources.cbs import missing_member
from .aggregate import national, to_regions, to_regions_weighted
from .commuting import commuting_pairs
from .frames import period_year
from .gemeenten import gemeente_rows
from .model import IndicatorSpec, Input

__all__ = ["Inputs", "InputMissing", "requirements", "source_reason"]

log = logging.getLogger(__name__)


def requirements(spec: IndicatorSpec, entry: Input) -> list[str]:
    """The :attr:`TableMeta.missing` keys that ``spec`` cannot do without in input ``entry``:
    its topic aliases, every filter dimension of the query and its required members."""
    query = catalog.query(entry.query)
    topics = entry.topics if entry.topics is not None else tuple(alias for alias, _ in query.topics)
    members = [missing_member(dim, member) for dim, member in entry.members]
    return [*topics, *(dim for dim, _ in query.filters), *members]


class Inputs:
    """Regional input frames, each built once on first use; remembers what failed and why.

    ``gebieden`` (year → the membership read from that year's Gebieden in Nederland table
    and the table's meta) may be shared by several instances on the same cache, so each
    table is read once among them."""

    def __init__(self, store, unavailable: dict[str, RegiobeeldError], gebieden: dict | None = None):
        self.store = store
        self.frames: dict[str, pd.DataFrame] = {}
        self.errors: dict[str, str] = {}
        self.sources: dict = {}     # query name → the meta of its table
        self.tidy: dict[str, pd.DataFrame] = {}
        self.missing: dict[str, dict[str, str]] = {}
        self._unavailable = unavailable
        self._gebieden: dict[int, tuple] = {} if gebieden is None else gebieden
        self._gemeente_frames: dict[str, pd.DataFrame] = {}
        self._combined: dict[tuple[int, ...], pd.DataFrame] = {}

    def get(self, entry: Input, needs: list[str] = ()) -> pd.DataFrame:
        """The regional frame of input ``entry`` (built once per query); raises
        :class:`InputMissing` with a short Dutch reason when it cannot be built or lacks
        one of ``needs`` (missing keys)."""
        name = entry.query
        if name not in self.frames and name not in self.errors:
            try:
                self.frames[name] = self._build(entry)
            except Exception as exc:    # noqa: BLE001 - any failure loses only this input's indicators
                table_id = getattr(exc, "table_id", None) or entry.table_id
                self.errors[name] = source_reason(table_id, exc)
                log.warning("Invoer %s (%s) niet beschikbaar: %s", name, table_id, exc,
                            exc_info=not isinstance(exc, RegiobeeldError))
        if name in self.errors:
            raise InputMissing(self.errors[name])
        missing = self.missing.get(name, {})
        lacking = [missing[key] for key in needs if key in missing]
        if lacking:
            raise InputMissing(lacking[0].removesuffix("."))
        return self.frames[name]

    def gemeente_frame(self, entry: Input) -> pd.DataFrame:
        """The frame of input ``entry`` for its gemeenten (see :func:`.gemeenten.gemeente_rows`),
        built once per query like the regional frame."""
        if entry.query not in self._gemeente_frames:
            self._gemeente_frames[entry.query] = gemeente_rows(self.tidy[entry.query], self.get(entry))
        return self._gemeente_frames[entry.query]

    def _result(self, query_name: str):
        if query_name in self._unavailable:
            raise self._unavailable[query_name]
        result = self.store.get(query_name)
        self.sources[query_name] = result.meta
        self.tidy[query_name] = check_schema(result.data, BASE_COLUMNS, f"invoer {query_name}")
        self.missing[query_name] = result.meta.missing
        return result.data

    def membership(self, years) -> pd.DataFrame:
        """Memberships of ``years`` (clipped to the Gebieden tables), concatenated; the same
        frame for the same years (treat it as read-only)."""
        available = sorted(catalog.GEBIEDEN_TABLES)
        wanted = tuple(sorted({membership_year(int(y), available) for y in years}))
        if wanted not in self._combined:
            self._combined[wanted] = self._concatenated(wanted)
        return self._combined[wanted]

    def _concatenated(self, wanted: tuple[int, ...]) -> pd.DataFrame:
        return pd.concat([self._membership_of(year) for year in wanted], ignore_index=True)

    def _membership_of(self, year: int) -> pd.DataFrame:
        """The membership of ``year``; its Gebieden table counts as read here."""
        gebieden = catalog.gebieden_query(year)
        if gebieden.name in self._unavailable:
            raise self._unavailable[gebieden.name]
        if year not in self._gebieden:
            result = self.store.get(gebieden)        # one read for the membership and its source
            self._gebieden[year] = membership_of(result.data, year), result.meta
        membership, self.sources[gebieden.name] = self._gebieden[year]
        return membership

    def _build(self, entry: Input) -> pd.DataFrame:
        data = self._result(entry.query)
        if not entry.from_gemeenten:
            return national(data) if "region_code" in data.columns else data
        if entry.combine is not None:
            return entry.combine(data, self.membership(catalog.GEBIEDEN_TABLES))
        membership = self.membership(period_year(data["period"]).unique())
        if entry.pairs_with:
            return commuting_pairs(data, membership, entry.pairs_with)
        if entry.weighted_by:
            shares = tuple(alias for alias, _ in catalog.query(entry.query).topics if alias != entry.weighted_by)
            return to_regions_weighted(data, membership, entry.weighted_by, shares)
        return to_regions(data, membership)


class InputMissing(Exception):
    """An input frame could not be built or lacks what an indicator needs (the reason is the message)."""


def source_reason(table_id: str, exc: Exception) -> str:
    """The reader's short Dutch reason why a source could not be used (no URLs, paths or commands)."""
    if isinstance(exc, SourceUnreachable):
        return f"CBS was niet bereikbaar en tabel {table_id} staat niet in de cache"
    if isinstance(exc, DemoTableMissing):
        return f"CBS-tabel {table_id} is niet beschikbaar in de demonstratiegegevens"
    if isinstance(exc, OfflineDataMissing):
        return f"CBS-tabel {table_id} staat niet in de cache (offline gewerkt)"
    if isinstance(exc, TableNotFoundError) or "HTTP 404" in str(exc):
        return f"CBS-tabel {table_id} bestaat niet (meer) bij de bron"
    if isinstance(exc, RegiobeeldError):
        return f"CBS-tabel {table_id} kon niet worden opgehaald"
    return f"CBS-tabel {table_id} kon niet worden verwerkt"
