"""The CBS client: the only module that touches the network.

:class:`CbsClient` turns a :class:`~regiobeeld.core.catalog.Query` into a tidy
:class:`~regiobeeld.core.tidy.TableResult` over ``cbsodata`` 1.3.5. Per query it downloads
``TableInfos``, ``DataProperties``, the dimension sets, then one filtered ``TypedDataSet``
request per filter chunk. Topics are resolved by title (and TopicGroup), members by
stripped key or title, so yearly editions with shifted ``_N`` keys work unchanged.
Every dimension set is downloaded (small, and its titles name the rows of the tidy frame).

A topic, filter member or filter dimension that the table lacks does not fail the query:
the rest is fetched and :attr:`TableMeta.missing` says what is absent, so only the
indicators that need it are lost. A plain dimension the query does not filter (such as
``Geslacht``) is restricted to its "Totaal…" member. Members and periods are matched by
the robust rules of :mod:`regiobeeld.core.shapes`.

Every request goes through :class:`~regiobeeld.sources.feed.Feed` (the one adapter over
``cbsodata``) and is bounded by one :class:`Budget` per client: a host that refuses the
connection or has no DNS name is not tried again, and all requests of a run together
stop at ``settings.deadline``. A failed page is retried on its own (timeouts, broken
connections, truncated JSON, HTTP 5xx and 429), after the server's ``Retry-After`` or
an exponential backoff.
"""

from __future__ import annotations

import itertools
import logging
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, NamedTuple
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from ..core.catalog import DEMO_CATALOG, LEVEL_PREFIXES, PeriodSelection, Query
from ..core.errors import ConfigError, SourceError, SourceUnreachable, TableNotFoundError
from ..core.settings import Settings
from ..core.shapes import match_member, parse_period, total_member
from ..core.tidy import BASE_COLUMNS, TableMeta, TableResult, check_schema
from .feed import Feed, FeedError, Page

__all__ = ["CbsClient", "Budget", "Clause", "assemble", "FetchStats", "TableShape", "resolve_topic", "resolve_topics",
           "select_periods", "period_status", "build_filters", "chunk_sizes", "query_clauses", "DIMENSION_TYPES",
           "PAGE_ROWS"]

#: DataProperties types that are dimensions (the rest are topics and groups).
DIMENSION_TYPES = ("Dimension", "GeoDimension", "GeoDetail", "TimeDimension")
_GEO_TYPES = ("GeoDimension", "GeoDetail")
#: Ending of the TopicGroups that hold the percentages beside the counts (70072NED).
_RELATIVE = ", relatief"
#: A region key: CBS's level prefix and digits (``NL01``, ``AM22``, ``GM0363``).
_REGION_KEY = re.compile(r"^(NL|LD|PV|CR|AM|GM)\d")
_STATUS_MARKS = {"voorlopig": "*", "nader voorlopig": "**"}
_log = logging.getLogger(__name__)


@dataclass
class FetchStats:
    """What one fetch cost: entity downloads (incl. retries), payload bytes, rows, seconds."""

    requests: int = 0
    bytes: int = 0
    rows: int = 0
    seconds: float = 0.0


# --------------------------------------------------------------------------- resolving

def _group_chain(prop: dict, groups: dict) -> list[str]:
    """Titles of the TopicGroups above ``prop``, nearest first."""
    chain, parent = [], prop.get("ParentID")
    while parent is not None and parent in groups:
        chain.append(groups[parent]["Title"].strip())
        parent = groups[parent].get("ParentID")
    return chain


def _qualified(prop: dict, groups: dict) -> str:
    chain = _group_chain(prop, groups)
    return f"{chain[0]}/{prop['Title'].strip()}" if chain else prop["Title"].strip()


def resolve_topic(props: list[dict], spec: str, table_id: str) -> dict:
    """The DataProperties Topic row for ``spec``: ``"Title"``, or ``"Group/…/Title"`` with
    TopicGroups on its path (when several match, one outside a ``"…, relatief"`` group wins
    unless the path names such a group, then the one whose direct parent is the last group
    named); ``"*"`` is the table's only topic.

    Raises SourceError naming the table and the title when zero or several topics match.
    """
    topics = [p for p in props if p.get("Type") == "Topic"]
    if spec == "*" and len(topics) == 1:
        return topics[0]
    groups = {p["ID"]: p for p in props if p.get("Type") == "TopicGroup"}
    group_titles = {g["Title"].strip() for g in groups.values()}
    parts = [part.strip() for part in spec.split("/")]
    path, title = [], spec.strip()
    if len(parts) > 1 and all(part in group_titles for part in parts[:-1]):
        path, title = parts[:-1], parts[-1]
    matches = [t for t in topics if t["Title"].strip() == title
               and all(group in _group_chain(t, groups) for group in path)]
    if len(matches) > 1 and path and not any(part.endswith(_RELATIVE) for part in path):
        absolute = [t for t in matches if not any(g.endswith(_RELATIVE) for g in _group_chain(t, groups))]
        matches = absolute or matches
    if len(matches) > 1 and path:
        matches = [t for t in matches if _group_chain(t, groups)[0] == path[-1]]
    if len(matches) == 1:
        return matches[0]
    problem = "ontbreekt" if not matches else f"is niet eenduidig ({len(matches)} treffers)"
    raise SourceError(f"CBS-tabel {table_id}: onderwerp {spec!r} {problem}.", table_id=table_id)


def resolve_topics(props: list[dict], query: Query) -> tuple[dict[str, dict], dict[str, str]]:
    """Topic rows by alias for the topics that resolve; alias → Dutch reason for the others."""
    found, missing = {}, {}
    for alias, spec in query.topics:
        try:
            found[alias] = resolve_topic(props, spec, query.table_id)
        except SourceError as exc:
            missing[alias] = str(exc)
            groups = {p["ID"]: p for p in props if p.get("Type") == "TopicGroup"}
            available = "; ".join(_qualified(p, groups) for p in props if p.get("Type") == "Topic")
            _log.warning("%s Onderwerpen in de tabel (gebruik 'Groep/Titel' in catalog.py): %s", exc, available)
    return found, missing


def missing_member(dimension: str, wanted: str) -> str:
    """The :attr:`TableMeta.missing` key of a filter member (``"Persoonskenmerken=Totaal personen"``)."""
    return f"{dimension}={wanted}"


def select_periods(rows: list[dict], selection: PeriodSelection) -> list[str]:
    """Padded Perioden keys: the ``count`` newest of the frequency, ``every`` periods apart.

    Periods are read by :func:`regiobeeld.core.shapes.parse_period` (a school year counts as a
    year). The newest period of the frequency is always taken; older ones only when published.
    """
    parsed = [(parse_period(r["Key"], r.get("Title") or ""), r["Key"]) for r in rows]
    by_ordinal = {p.ordinal: key for p, key in parsed if p is not None and p.frequency == selection.frequency}
    if not by_ordinal:
        return []
    latest = max(by_ordinal)
    wanted = [latest - i * selection.every for i in range(selection.count)]
    return [by_ordinal[o] for o in wanted if o in by_ordinal]


def period_status(row: dict) -> str:
    """``""``, ``"*"`` (voorlopig) or ``"**"`` (nader voorlopig) of a Perioden row."""
    status = (row.get("Status") or "").strip().lower()
    if status:
        return _STATUS_MARKS.get(status, "")
    title = (row.get("Title") or "").strip()
    return title[len(title.rstrip("*")):]


# --------------------------------------------------------------------------- filters

def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


class Clause(NamedTuple):
    """One condition of a query filter: ``dimension`` equals (or, ``contains``, contains) ``value``."""

    dimension: str
    value: str
    contains: bool = False

    def __str__(self) -> str:
        """The OData ``$filter`` text."""
        if self.contains:
            return f"substringof({_quote(self.value)},{self.dimension})"
        return f"{self.dimension} eq {_quote(self.value)}"


def _geo_keys(dim_types: dict[str, str]) -> list[str]:
    """The keys of the geo dimensions, in table order (two in a residence × work table)."""
    return [k for k, t in dim_types.items() if t in _GEO_TYPES]


def _geo_and_time(dim_types: dict[str, str]) -> tuple[str | None, str | None]:
    """The keys of the first geo dimension and of the TimeDimension (``None`` when absent)."""
    geo = next(iter(_geo_keys(dim_types)), None)
    return geo, next((k for k, t in dim_types.items() if t == "TimeDimension"), None)


def _level_clauses(geo: str, levels: tuple[str, ...], rows: list[dict], explicit: bool) -> list[Clause]:
    """The clauses restricting ``geo`` to ``levels``: one ``substringof`` per level, or
    (``explicit``, when it has such members) one ``eq`` per member whose key starts with a
    level's prefix."""
    prefixes = tuple(LEVEL_PREFIXES[level] for level in levels)
    keys = [Clause(geo, r["Key"]) for r in rows if r["Key"].strip().startswith(prefixes)] if explicit else []
    return keys or [Clause(geo, level, contains=True) for level in levels]


def dimension_key(name: str, dims: dict[str, list[dict]], titles: dict[str, str]) -> str | None:
    """The key of the dimension called ``name`` (its key, else its unique title)."""
    if name in dims:
        return name
    found = [key for key, title in titles.items() if title == name.strip()]
    return found[0] if len(found) == 1 else None


def query_clauses(query: Query, dims: dict[str, list[dict]], dim_types: dict[str, str],
                  table_id: str, dim_titles: dict[str, str] | None = None) -> tuple[list[list[Clause]], dict[str, str]]:
    """One list of OR-clauses per restricted dimension (the filter ANDs the groups), and
    what the table lacks: filter key (dimension, or :func:`missing_member`) → Dutch reason.
    Filter dimensions are found by key or title (``dim_titles``: key → title); an empty
    member tuple keeps every member.

    Levels restrict every geo dimension, ``query.periods`` the TimeDimension (ignored
    for a table without one, such as Gebieden in Nederland). In a table with two geo
    dimensions (residence × work region) the first comes first, as explicit member keys,
    so the requests can be cut per chunk of it (see :func:`chunk_sizes`). A filter
    dimension or member that the table lacks is left out and reported; a plain dimension
    without a filter is restricted to its "Totaal…" member.
    """
    geo, time_key = _geo_and_time(dim_types)
    geos = _geo_keys(dim_types)
    dim_titles = dim_titles or {}
    groups: list[list[Clause]] = []
    missing: dict[str, str] = {}
    if query.levels and not geo:
        raise SourceError(f"CBS-tabel {table_id} heeft geen regiodimensie; query {query.name!r} vraagt "
                          f"toch regioniveaus {', '.join(query.levels)}.", table_id=table_id)
    if query.levels:
        for position, key in enumerate(geos):
            groups.append(_level_clauses(key, query.levels, dims.get(key, []), len(geos) > 1 and position == 0))
    if query.periods and time_key:
        keys = select_periods(dims[time_key], query.periods)
        if not keys:
            raise SourceError(f"CBS-tabel {table_id}: geen perioden van soort "
                              f"{query.periods.frequency} gevonden.", table_id=table_id)
        groups.append([Clause(time_key, k) for k in keys])
    filtered = set()
    for name, members in query.filters:
        dimension = dimension_key(name, dims, dim_titles)
        if dimension is None:
            missing[name] = f"CBS-tabel {table_id}: dimensie {name!r} ontbreekt."
            continue
        filtered.add(dimension)
        if not members:
            continue
        keys = []
        for member in members:
            key = match_member(dims[dimension], member)
            if key is None:
                missing[missing_member(name, member)] = (
                    f"CBS-tabel {table_id}: dimensie {name!r} heeft geen categorie {member!r}.")
            else:
                keys.append(key)
        if keys:
            groups.append([Clause(dimension, k) for k in dict.fromkeys(keys)])
        else:
            missing[name] = f"CBS-tabel {table_id}: dimensie {name!r} heeft geen van de gevraagde categorieën."
    for dimension, kind in dim_types.items():
        if kind == "Dimension" and dimension not in filtered:
            total = total_member(dims[dimension])
            if total is not None:
                groups.append([Clause(dimension, total)])
    return groups, missing


#: Rows CBS sends per page of a data set.
PAGE_ROWS = 10_000


def chunk_sizes(groups: list[list[Clause]], shape: "TableShape", chunk_size: int,
                page_rows: int = PAGE_ROWS) -> list[int]:
    """The chunk size of each OR-group: ``chunk_size``, except the first geo group of a
    table with two geo dimensions, cut so one request fits in one page (CBS reportedly
    ignores ``$skip`` on such a table, so its answers must never need a second page)."""
    sizes = [chunk_size] * len(groups)
    geos = shape.geos
    if len(geos) < 2 or not groups or groups[0][0].dimension != geos[0]:
        return sizes
    per_member = 1
    for dimension, rows in shape.dims.items():
        if dimension == geos[0]:
            continue
        group = next((g for g in groups if g[0].dimension == dimension), None)
        if group is None:
            per_member *= len(rows)
            continue
        counts = sorted((sum(c.value in r["Key"] for r in rows) if c.contains else 1 for c in group), reverse=True)
        per_member *= sum(counts[:chunk_size])      # the most rows one chunk of the group can select
    sizes[0] = max(1, min(chunk_size, page_rows // max(per_member, 1)))
    return sizes


def build_filters(groups: list[list[Clause]], chunk_size: int | list[int]) -> list[str | None]:
    """The ``$filter`` texts: OR-groups longer than their chunk size (``chunk_size``, or one
    per group) are split, then combined."""
    if not groups:
        return [None]
    sizes = [chunk_size] * len(groups) if isinstance(chunk_size, int) else chunk_size
    chunked = [[group[i:i + size] for i in range(0, len(group), size)] for group, size in zip(groups, sizes)]
    filters = []
    for combo in itertools.product(*chunked):
        filters.append(" and ".join(f"({' or '.join(map(str, part))})" for part in combo))
    return filters


# --------------------------------------------------------------------------- client

@dataclass(frozen=True)
class TableShape:
    """The metadata of one table: TableInfos, DataProperties and every dimension's members."""

    table_id: str
    infos: list[dict]
    props: list[dict]
    dims: dict[str, list[dict]]

    @property
    def dim_types(self) -> dict[str, str]:
        """Dimension key → its Type (Dimension, GeoDimension, GeoDetail, TimeDimension).

        The region dimension is found by its type whatever its key (``RegioS``,
        ``RegioIndeling2021``); in a table without a geo-typed dimension, the first plain
        dimension named "…regio…" (key or title) whose every member key is a region code
        counts as one. Other plain dimensions of region codes stay plain (82070ENG's
        ``CaribbeanNetherlands``)."""
        types = {p["Key"]: p["Type"] for p in self.props if p.get("Type") in DIMENSION_TYPES}
        if not any(kind in _GEO_TYPES for kind in types.values()):
            titles = self.dim_titles
            regional = [key for key, kind in types.items() if kind == "Dimension" and self.dims.get(key)
                        and "regio" in f"{key} {titles.get(key, '')}".lower()
                        and all(_REGION_KEY.match(row["Key"].strip()) for row in self.dims[key])]
            if regional:
                types[regional[0]] = "GeoDimension"
        return types

    @property
    def dim_titles(self) -> dict[str, str]:
        """Dimension key → its stripped title."""
        return {p["Key"]: (p.get("Title") or "").strip() for p in self.props if p.get("Type") in DIMENSION_TYPES}

    @property
    def geo(self) -> str | None:
        """The key of the (first) region dimension, if any."""
        return _geo_and_time(self.dim_types)[0]

    @property
    def geos(self) -> list[str]:
        """The keys of every region dimension (residence and work region in a pendel table)."""
        return _geo_keys(self.dim_types)

    @property
    def time_key(self) -> str | None:
        """The key of the period dimension, if any."""
        return _geo_and_time(self.dim_types)[1]


class Budget:
    """What one client may still spend on the network.

    All requests together stop at ``seconds`` after the first one; after a failure that
    means no connection at all (refused, DNS), none is tried again. Either way the next
    request raises :class:`~regiobeeld.core.errors.SourceUnreachable` at once.
    """

    def __init__(self, seconds: float, host: str, clock: Callable[[], float] = time.monotonic):
        self.seconds, self.host, self._clock = float(seconds), host, clock
        self._ends: float | None = None
        self.attempts = 0           # requests started
        self.down: str | None = None

    def left(self) -> float:
        """Seconds left (the whole budget before the first request)."""
        return self.seconds if self._ends is None else self._ends - self._clock()

    def timeout(self, wanted: float, table_id: str = "") -> float:
        """The timeout for the next request (``wanted``, shortened to what is left); counts it."""
        if self._ends is None:
            self._ends = self._clock() + self.seconds
        problem = self.down
        if problem is None and self.left() <= 0:
            problem = f"geen antwoord binnen de tijdslimiet van {self.seconds:g} s (REGIOBEELD_CBS_DEADLINE)"
        if problem:
            raise SourceUnreachable(f"CBS ({self.host}) is niet bereikbaar: {problem}.", table_id=table_id or None)
        self.attempts += 1
        return min(wanted, self.left())


class CbsClient:
    """Fetch catalogue queries from a CBS OData v3 host (``settings.cbs_url``).

    Parameters
    ----------
    settings : Settings
        ``cbs_url``, ``timeout``, ``deadline``, ``retries``, ``backoff`` and ``chunk_size`` are used.
    sleep : callable
        Called with the delay between attempts (tests pass a no-op or a recorder).
    """

    def __init__(self, settings: Settings, sleep: Callable[[float], None] = time.sleep):
        self.settings = settings
        self.base_url = settings.cbs_url.rstrip("/")
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(f"Ongeldige CBS-URL {settings.cbs_url!r} (REGIOBEELD_CBS_URL): gebruik de vorm "
                              "https://opendata.cbs.nl of http://127.0.0.1:8080.")
        self.feed = Feed(self.base_url)
        self.budget = Budget(settings.deadline, parts.netloc)
        self._sleep = sleep

    def fetch(self, query: Query) -> TableResult:
        """Download ``query`` and return it as a tidy :class:`TableResult`."""
        return self.fetch_with_stats(query)[0]

    def fetch_with_stats(self, query: Query) -> tuple[TableResult, FetchStats]:
        """Like :meth:`fetch`, plus what it cost (:class:`FetchStats`)."""
        stats = FetchStats()
        started = time.perf_counter()

        shape = self.shape(query.table_id, stats)

        def rows_for(select: list[str], groups: list[list[Clause]]) -> list[dict]:
            rows: list[dict] = []
            for text in build_filters(groups, chunk_sizes(groups, shape, self.settings.chunk_size)):
                rows += self._data(query.table_id, select, text, stats)
            stats.rows = len(rows)
            return rows

        result = assemble(query, shape, rows_for, self.settings.cbs_url)
        stats.seconds = time.perf_counter() - started
        return result, stats

    def shape(self, table_id: str, stats: FetchStats | None = None) -> TableShape:
        """The metadata of ``table_id`` (no data rows); TableNotFoundError when it is gone."""
        stats = stats or FetchStats()
        infos = self._metadata(table_id, "TableInfos", stats)
        props = self._metadata(table_id, "DataProperties", stats)
        dims = {p["Key"]: self._metadata(table_id, p["Key"], stats)
                for p in props if p.get("Type") in DIMENSION_TYPES}
        return TableShape(table_id, infos, props, dims)

    def table_titles(self) -> dict[str, str]:
        """Identifier → title of every table the host lists (for suggestions)."""
        rows = self._attempt("", "de tabellijst", lambda timeout: self.feed.table_list(timeout), FetchStats())
        return {str(r.get("Identifier", "")): str(r.get("Title") or "").strip() for r in rows}

    # -- requests
    def _metadata(self, table_id: str, entity: str, stats: FetchStats) -> list[dict]:
        page = self._attempt(table_id, entity, lambda timeout: self.feed.metadata(table_id, entity, timeout), stats)
        stats.bytes += page.bytes
        return page.rows

    def _data(self, table_id: str, select: list[str], filters: str | None, stats: FetchStats) -> list[dict]:
        """Every page of the TypedDataSet; a failed page is retried from itself, not from page 1."""
        rows: list[dict] = []
        previous: list[dict] | None = None
        ref = self.feed.first(table_id, "TypedDataSet", select, filters)
        while ref is not None:
            page: Page = self._attempt(table_id, "TypedDataSet", lambda timeout: self.feed.page(ref, timeout), stats)
            if page.rows and page.rows == previous:
                raise SourceError(f"CBS-tabel {table_id}: de server gaf twee keer dezelfde pagina (hij negeert $skip); "
                                  "de rijen zouden dubbel tellen.", table_id=table_id)
            stats.bytes += page.bytes
            rows += page.rows
            previous, ref = page.rows, page.next
        return rows

    def _attempt(self, table_id: str, entity: str, call: Callable[[float], object], stats: FetchStats):
        """``call(timeout)`` with retries inside the budget; raises SourceError subclasses."""
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            stats.requests += 1
            try:
                return call(self.budget.timeout(self.settings.timeout, table_id))
            except FeedError as exc:
                failure = exc
            delay = failure.retry_after if failure.retry_after is not None else self.settings.backoff * 2 ** attempt
            if failure.kind != "transient" or attempt + 1 == attempts or delay >= self.budget.left():
                raise self._final(table_id, entity, failure, attempt + 1)
            self._sleep(delay)

    def _final(self, table_id: str, entity: str, failure: FeedError, attempts: int) -> SourceError:
        """The SourceError for a request that will not be tried again."""
        url = f"{self.base_url}/ODataFeed/odata/{table_id}/{entity}"
        if failure.kind == "unreachable":
            self.budget.down = failure.problem
            return SourceUnreachable(f"CBS ({self.budget.host}) is niet bereikbaar: {failure.problem}.",
                                     table_id=table_id or None)
        if failure.kind == "missing":
            return TableNotFoundError(
                f"CBS-tabel {table_id!r} bestaat niet (meer) op {self.base_url} ({entity}: HTTP 404); "
                "zoek de nieuwe editie op StatLine.",
                table_id=table_id, url=url, status=404)
        return SourceError(
            f"CBS-tabel {table_id}: downloaden van {entity} van {url} mislukt na {attempts} "
            f"poging(en): {failure.problem}. Probeer het later opnieuw of werk offline met de cache.",
            table_id=table_id, url=url, status=failure.status)


def assemble(query: Query, shape: TableShape,
             rows_for: Callable[[list[str], list[list[Clause]]], list[dict] | pd.DataFrame],
             source_url: str) -> TableResult:
    """The tidy result of ``query`` on a table of ``shape``: resolves its topics and filter
    clauses, asks ``rows_for(select, groups)`` for the matching TypedDataSet rows (the
    filter ANDs the OR-groups) and tidies them. The CBS client and the built-in demo
    source both answer through here, so their results have the same shape."""
    topics, missing = resolve_topics(shape.props, query)
    if not topics:
        raise SourceError(" ".join(missing.values()), table_id=query.table_id)
    select = [*shape.dims, *dict.fromkeys(t["Key"] for t in topics.values())]
    groups, missing_filters = query_clauses(query, shape.dims, shape.dim_types, query.table_id, shape.dim_titles)
    missing.update(missing_filters)
    data = check_schema(_tidy(rows_for(select, groups), shape.dims, shape.geo, shape.time_key, topics),
                        BASE_COLUMNS, f"CBS-tabel {query.table_id}")
    return TableResult(data, _meta(query, shape.infos, topics, data, missing, source_url))


def _meta(query: Query, infos: list[dict], topics: dict[str, dict], data: pd.DataFrame,
          missing: dict[str, str], source_url: str) -> TableMeta:
    """The :class:`TableMeta` of a query result (``source_url``: where it came from)."""
    info = infos[0] if infos else {}
    statuses = {}
    if "period" in data.columns:
        pairs = data[["period", "period_status"]].drop_duplicates()
        statuses = dict(zip(pairs["period"], pairs["period_status"]))
    return TableMeta(
        table_id=query.table_id,
        title=(info.get("Title") or query.table_id).strip(),
        modified=info.get("Modified"),
        retrieved=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        source_url=source_url,
        demo=info.get("Catalog") == DEMO_CATALOG,
        query=query.name,
        units={alias: (t.get("Unit") or "").strip() for alias, t in topics.items()},
        topic_keys={alias: t["Key"] for alias, t in topics.items()},
        period_status=statuses,
        period=info.get("Period"),
        missing=missing,
    )


# --------------------------------------------------------------------------- tidy

def _per_key(padded: pd.Series, make: Callable[[str], str]) -> np.ndarray:
    """``make(key)`` for every row, computed once per distinct key (keys repeat a lot)."""
    codes, uniques = pd.factorize(padded)
    return np.array([make(key) for key in uniques] + [""], dtype=object)[codes]


def _dimension_columns(frame: pd.DataFrame, dims: dict[str, list[dict]], geo: str | None,
                       time_key: str | None) -> pd.DataFrame:
    """Stripped keys and titles of every dimension, named per the tidy contract."""
    out = {}
    for key, rows in dims.items():
        padded = frame[key] if key in frame else pd.Series([], dtype=object)
        by_key = {r["Key"]: r for r in rows}
        codes = _per_key(padded, str.strip)
        titles = _per_key(padded, lambda k: (by_key.get(k, {}).get("Title") or "").strip())
        if key == geo:
            out["region_code"], out["region_name"] = codes, titles
        elif key == time_key:
            out["period"] = codes
            out["period_title"] = _per_key(padded, lambda k: (by_key.get(k, {}).get("Title") or "").strip()
                                           .rstrip("*").strip())
            out["period_status"] = _per_key(padded, lambda k: period_status(by_key.get(k, {})))
        else:
            out[key], out[f"{key}_title"] = codes, titles
    first = [c for c in ("region_code", "region_name", "period", "period_title", "period_status") if c in out]
    order = first + [c for c in out if c not in first]
    return pd.DataFrame({c: out[c] for c in order}, index=frame.index)


def _tidy(rows: list[dict] | pd.DataFrame, dims: dict[str, list[dict]], geo: str | None, time_key: str | None,
          topics: dict[str, dict]) -> pd.DataFrame:
    """The long tidy frame (see :mod:`regiobeeld.core.tidy`) of TypedDataSet rows (dicts or a frame)."""
    if isinstance(rows, pd.DataFrame):
        frame = rows.reset_index(drop=True)
    else:
        frame = pd.DataFrame.from_records(rows) if rows else pd.DataFrame(columns=[*dims])
    keys = _dimension_columns(frame, dims, geo, time_key)
    numeric = all(t.get("Datatype") != "String" for t in topics.values())
    parts = []
    for alias, topic in topics.items():
        raw = frame[topic["Key"]] if topic["Key"] in frame else pd.Series(np.nan, index=frame.index)
        if topic.get("Datatype") == "String":
            value = raw.astype(object).map(lambda v: v.strip() if isinstance(v, str) else v)
        else:
            value = pd.to_numeric(raw, errors="coerce").astype("float64")
            value = value if numeric else value.astype(object)
        part = keys.assign(measure=alias, value=value, unit=(topic.get("Unit") or "").strip())
        parts.append(part)
    if not parts:
        return keys.assign(measure=pd.Series(dtype=str), value=pd.Series(dtype="float64"), unit="")
    data = pd.concat(parts, ignore_index=True)
    return data.astype({c: "str" for c in data.columns if c != "value"})
