"""The CBS client: the only module that touches the network.

:class:`CbsClient` turns a :class:`~regiobeeld.catalog.Query` into a tidy
:class:`~regiobeeld.tidy.TableResult` over ``cbsodata`` 1.3.5. Per query it downloads
``TableInfos``, ``DataProperties``, the dimension sets, then one filtered ``TypedDataSet``
request per filter chunk. Topics are resolved by title (and TopicGroup), members by
stripped key or title, so yearly editions with shifted ``_N`` keys work unchanged.
Every dimension set is downloaded (small, and its titles name the rows of the tidy frame).

Every request goes through :class:`~regiobeeld.feed.Feed` (the one adapter over
``cbsodata``) and is bounded by one :class:`Budget` per client: a host that refuses the
connection or has no DNS name is not tried again, and all requests of a run together
stop at ``settings.deadline``. A failed page is retried on its own (timeouts, broken
connections, truncated JSON, HTTP 5xx and 429), after the server's ``Retry-After`` or
an exponential backoff.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from .catalog import DEMO_CATALOG, PeriodSelection, Query
from .errors import ConfigError, SourceError, SourceUnreachable, TableNotFoundError
from .feed import Feed, FeedError, Page
from .settings import Settings
from .tidy import TableMeta, TableResult

__all__ = ["CbsClient", "Budget", "FetchStats", "resolve_topic", "select_periods", "period_status",
           "build_filters"]

_DIMENSION_TYPES = ("Dimension", "GeoDimension", "GeoDetail", "TimeDimension")
_GEO_TYPES = ("GeoDimension", "GeoDetail")
_STATUS_MARKS = {"voorlopig": "*", "nader voorlopig": "**"}
_PERIODS_PER_YEAR = {"JJ": 1, "KW": 4, "MM": 12}


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
    """The DataProperties Topic row for ``spec`` ("Title" or "Group/Title").

    Raises SourceError naming the table, the title and the available topics when zero or
    several topics match.
    """
    topics = [p for p in props if p.get("Type") == "Topic"]
    groups = {p["ID"]: p for p in props if p.get("Type") == "TopicGroup"}
    group_titles = {g["Title"].strip() for g in groups.values()}
    group, title = None, spec.strip()
    if "/" in title:
        head, tail = title.rsplit("/", 1)
        if head.strip() in group_titles:
            group, title = head.strip(), tail.strip()
    matches = [t for t in topics if t["Title"].strip() == title
               and (group is None or group in _group_chain(t, groups))]
    if len(matches) == 1:
        return matches[0]
    problem = "komt niet voor" if not matches else f"is niet eenduidig ({len(matches)} treffers)"
    available = "; ".join(_qualified(t, groups) for t in topics)
    raise SourceError(
        f"CBS-tabel {table_id}: onderwerp {spec!r} {problem}. Gebruik 'Groep/Titel' uit: {available}.",
        table_id=table_id)


def _member_key(rows: list[dict], wanted: str, table_id: str, dimension: str) -> str:
    """The padded key of the dimension row whose stripped Key (first) or Title equals ``wanted``."""
    wanted = wanted.strip()
    by_key = [row["Key"] for row in rows if row["Key"].strip() == wanted]
    by_title = [row["Key"] for row in rows if (row.get("Title") or "").strip() == wanted]
    if by_key or len(by_title) == 1:
        return (by_key or by_title)[0]
    problem = (f"heeft meerdere categorieën met titel {wanted!r} ({', '.join(k.strip() for k in by_title)}); "
               "gebruik de sleutel" if by_title else f"heeft geen categorie {wanted!r} (niet als sleutel of titel)")
    raise SourceError(f"CBS-tabel {table_id}: dimensie {dimension} {problem}. Controleer de query in catalog.py.",
                      table_id=table_id)


def _period_ordinal(key: str) -> int:
    per_year = _PERIODS_PER_YEAR[key[4:6]]
    sub = int(key[6:8])
    return int(key[:4]) * per_year + max(sub, 1) - 1


def select_periods(rows: list[dict], selection: PeriodSelection) -> list[str]:
    """Padded Perioden keys: the ``count`` newest of the frequency, ``every`` periods apart.

    The newest period of the frequency is always taken; older ones only when published.
    """
    keys = [r["Key"] for r in rows if r["Key"].strip()[4:6] == selection.frequency]
    if not keys:
        return []
    by_ordinal = {_period_ordinal(k.strip()): k for k in keys}
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


def _clause_groups(query: Query, dims: dict[str, list[dict]], geo: str | None, time_key: str | None,
                   table_id: str) -> list[list[str]]:
    """One list of OR-clauses per restricted dimension; the filter ANDs the groups.

    ``query.periods`` is ignored for a table without a TimeDimension (Gebieden in Nederland).
    """
    groups: list[list[str]] = []
    if query.levels and not geo:
        raise SourceError(f"CBS-tabel {table_id} heeft geen regiodimensie; query {query.name!r} vraagt "
                          f"toch regioniveaus {', '.join(query.levels)}.", table_id=table_id)
    if query.levels:
        groups.append([f"substringof({_quote(level)},{geo})" for level in query.levels])
    if query.periods and time_key:
        keys = select_periods(dims[time_key], query.periods)
        if not keys:
            raise SourceError(f"CBS-tabel {table_id}: geen perioden van soort "
                              f"{query.periods.frequency} gevonden.", table_id=table_id)
        groups.append([f"{time_key} eq {_quote(k)}" for k in keys])
    for dimension, members in query.filters:
        if dimension not in dims:
            raise SourceError(f"CBS-tabel {table_id}: dimensie {dimension!r} bestaat niet; "
                              f"wel: {', '.join(dims)}.", table_id=table_id)
        keys = [_member_key(dims[dimension], m, table_id, dimension) for m in members]
        groups.append([f"{dimension} eq {_quote(k)}" for k in dict.fromkeys(keys)])
    return groups


def build_filters(groups: list[list[str]], chunk_size: int) -> list[str | None]:
    """The ``$filter`` texts: OR-groups longer than ``chunk_size`` are split, then combined."""
    if not groups:
        return [None]
    chunked = [[group[i:i + chunk_size] for i in range(0, len(group), chunk_size)] for group in groups]
    filters = []
    for combo in itertools.product(*chunked):
        filters.append(" and ".join(f"({' or '.join(part)})" for part in combo))
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
    def geo(self) -> str | None:
        """The key of the region dimension, if any."""
        return next((p["Key"] for p in self.props if p.get("Type") in _GEO_TYPES), None)

    @property
    def time_key(self) -> str | None:
        """The key of the period dimension, if any."""
        return next((p["Key"] for p in self.props if p.get("Type") == "TimeDimension"), None)


class Budget:
    """What one client may still spend on the network.

    All requests together stop at ``seconds`` after the first one; after a failure that
    means no connection at all (refused, DNS), none is tried again. Either way the next
    request raises :class:`~regiobeeld.errors.SourceUnreachable` at once.
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
        table_id = query.table_id
        shape = self.shape(table_id, stats)
        topics = {alias: resolve_topic(shape.props, spec, table_id) for alias, spec in query.topics}
        select = [*shape.dims, *dict.fromkeys(t["Key"] for t in topics.values())]
        groups = _clause_groups(query, shape.dims, shape.geo, shape.time_key, table_id)
        rows: list[dict] = []
        for text in build_filters(groups, self.settings.chunk_size):
            rows += self._data(table_id, select, text, stats)
        data = _tidy(rows, shape.dims, shape.geo, shape.time_key, topics)
        meta = self._meta(query, shape.infos, topics, data)
        stats.rows = len(rows)
        stats.seconds = time.perf_counter() - started
        return TableResult(data, meta), stats

    def shape(self, table_id: str, stats: FetchStats | None = None) -> TableShape:
        """The metadata of ``table_id`` (no data rows); TableNotFoundError when it is gone."""
        stats = stats or FetchStats()
        infos = self._metadata(table_id, "TableInfos", stats)
        props = self._metadata(table_id, "DataProperties", stats)
        dims = {p["Key"]: self._metadata(table_id, p["Key"], stats)
                for p in props if p.get("Type") in _DIMENSION_TYPES}
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
        ref = self.feed.first(table_id, "TypedDataSet", select, filters)
        while ref is not None:
            page: Page = self._attempt(table_id, "TypedDataSet", lambda timeout: self.feed.page(ref, timeout), stats)
            stats.bytes += page.bytes
            rows += page.rows
            ref = page.next
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
                "controleer het tabelnummer in catalog.py of zoek de nieuwe editie op StatLine.",
                table_id=table_id, url=url, status=404)
        return SourceError(
            f"CBS-tabel {table_id}: downloaden van {entity} van {url} mislukt na {attempts} "
            f"poging(en): {failure.problem}. Probeer het later opnieuw of werk offline met de cache.",
            table_id=table_id, url=url, status=failure.status)

    def _meta(self, query: Query, infos: list[dict], topics: dict[str, dict], data: pd.DataFrame) -> TableMeta:
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
            source_url=self.settings.cbs_url,
            demo=info.get("Catalog") == DEMO_CATALOG,
            query=query.name,
            units={alias: (t.get("Unit") or "").strip() for alias, t in topics.items()},
            topic_keys={alias: t["Key"] for alias, t in topics.items()},
            period_status=statuses,
            period=info.get("Period"),
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


def _tidy(rows: list[dict], dims: dict[str, list[dict]], geo: str | None, time_key: str | None,
          topics: dict[str, dict]) -> pd.DataFrame:
    """The long tidy frame (see :mod:`regiobeeld.tidy`) of TypedDataSet rows."""
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
