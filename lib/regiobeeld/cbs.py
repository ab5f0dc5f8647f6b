"""The CBS client: the only module that touches the network.

:class:`CbsClient` turns a :class:`~regiobeeld.catalog.Query` into a tidy
:class:`~regiobeeld.tidy.TableResult` over ``cbsodata`` 1.3.5. Per query it downloads
``TableInfos``, ``DataProperties``, the dimension sets, then one filtered ``TypedDataSet``
request per filter chunk. Topics are resolved by title (and TopicGroup), members by
stripped key or title, so yearly editions with shifted ``_N`` keys work unchanged.
Every dimension set is downloaded (small, and its titles name the rows of the tidy frame).

Every request has a timeout and is retried with exponential backoff on connection
errors, timeouts, truncated JSON and HTTP 5xx. ``cbsodata.options`` is a process-wide
global; it is touched only inside :func:`_cbsodata_options`, which restores it.
"""

from __future__ import annotations

import ipaddress
import itertools
import json
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import requests
from cbsodata import cbsodata3

from .catalog import DEMO_CATALOG, PeriodSelection, Query
from .errors import ConfigError, SourceError, TableNotFoundError
from .settings import Settings
from .tidy import TableMeta, TableResult

__all__ = ["CbsClient", "FetchStats", "resolve_topic", "select_periods", "period_status", "build_filters"]

_DIMENSION_TYPES = ("Dimension", "GeoDimension", "GeoDetail", "TimeDimension")
_GEO_TYPES = ("GeoDimension", "GeoDetail")
_STATUS_MARKS = {"voorlopig": "*", "nader voorlopig": "**"}
_PERIODS_PER_YEAR = {"JJ": 1, "KW": 4, "MM": 12}
_OPTIONS_LOCK = threading.RLock()   # cbsodata.options is process-wide


@dataclass
class FetchStats:
    """What one fetch cost: entity downloads (incl. retries), payload bytes, rows, seconds."""

    requests: int = 0
    bytes: int = 0
    rows: int = 0
    seconds: float = 0.0


# --------------------------------------------------------------------------- cbsodata options

def _is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _proxies_for(base_url: str) -> dict:
    """No proxy for loopback hosts; the environment's proxies (honouring no_proxy) otherwise."""
    if _is_loopback(urlsplit(base_url).hostname or ""):
        return {"http": None, "https": None}
    return requests.utils.get_environ_proxies(base_url)


@contextmanager
def _cbsodata_options(base_url: str):
    """Point cbsodata at ``base_url`` for the duration of the block; yields ``host[:port]``.

    The only place in regiobeeld that touches ``cbsodata.options``; it is restored in
    ``finally`` and guarded by a lock because it is process-wide.
    """
    parts = urlsplit(base_url)
    options = cbsodata3.options
    with _OPTIONS_LOCK:
        saved = (options.catalog_url, options.use_https, dict(options.requests))
        try:
            options.catalog_url = parts.netloc
            options.use_https = parts.scheme == "https"
            options.requests = {**saved[2], "proxies": _proxies_for(base_url)}
            yield parts.netloc
        finally:
            options.catalog_url, options.use_https, options.requests = saved


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

class CbsClient:
    """Fetch catalogue queries from a CBS OData v3 host (``settings.cbs_url``).

    Parameters
    ----------
    settings : Settings
        ``cbs_url``, ``timeout``, ``retries``, ``backoff`` and ``chunk_size`` are used.
    sleep : callable
        Called with the backoff delay between attempts (tests pass a no-op).
    """

    def __init__(self, settings: Settings, sleep: Callable[[float], None] = time.sleep):
        self.settings = settings
        self.base_url = settings.cbs_url.rstrip("/")
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(f"Ongeldige CBS-URL {settings.cbs_url!r} (REGIOBEELD_CBS_URL): gebruik de vorm "
                              "https://opendata.cbs.nl of http://127.0.0.1:8080.")
        self._sleep = sleep

    def fetch(self, query: Query) -> TableResult:
        """Download ``query`` and return it as a tidy :class:`TableResult`."""
        return self.fetch_with_stats(query)[0]

    def fetch_with_stats(self, query: Query) -> tuple[TableResult, FetchStats]:
        """Like :meth:`fetch`, plus what it cost (:class:`FetchStats`)."""
        stats = FetchStats()
        started = time.perf_counter()
        table_id = query.table_id
        infos = self._download(table_id, "TableInfos", stats)
        props = self._download(table_id, "DataProperties", stats)
        dim_props = [p for p in props if p.get("Type") in _DIMENSION_TYPES]
        dims = {p["Key"]: self._download(table_id, p["Key"], stats) for p in dim_props}
        geo = next((p["Key"] for p in dim_props if p["Type"] in _GEO_TYPES), None)
        time_key = next((p["Key"] for p in dim_props if p["Type"] == "TimeDimension"), None)
        topics = {alias: resolve_topic(props, spec, table_id) for alias, spec in query.topics}
        select = [*dims, *dict.fromkeys(t["Key"] for t in topics.values())]
        groups = _clause_groups(query, dims, geo, time_key, table_id)
        rows: list[dict] = []
        for text in build_filters(groups, self.settings.chunk_size):
            rows += self._download(table_id, "TypedDataSet", stats, select=select, filters=text)
        data = _tidy(rows, dims, geo, time_key, topics)
        meta = self._meta(query, infos, topics, data)
        stats.rows = len(rows)
        stats.seconds = time.perf_counter() - started
        return TableResult(data, meta), stats

    def table_exists(self, table_id: str) -> bool:
        """True when the host serves ``table_id`` (one TableInfos request)."""
        try:
            self._download(table_id, "TableInfos", FetchStats())
        except TableNotFoundError:
            return False
        return True

    # -- requests
    def _download(self, table_id: str, entity: str, stats: FetchStats, select=None, filters=None) -> list[dict]:
        """One entity set (all pages), with timeout and retries; raises SourceError."""
        url = f"{self.base_url}/ODataFeed/odata/{table_id}/{entity}"
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            stats.requests += 1
            try:
                rows = self._request(table_id, entity, url, select, filters)
            except _Transient as exc:
                failure = exc
            else:
                stats.bytes += len(json.dumps(rows, ensure_ascii=False).encode("utf-8"))
                return rows
            if attempt + 1 < attempts:
                self._sleep(self.settings.backoff * 2 ** attempt)
        raise _failed(table_id, entity, url, attempts, failure.problem, failure.status)

    def _request(self, table_id: str, entity: str, url: str, select, filters) -> list[dict]:
        """One attempt; raises _Transient (retry), TableNotFoundError or SourceError."""
        try:
            with _cbsodata_options(self.base_url) as catalog_url:
                return cbsodata3._download_metadata(table_id, entity, select=select, filters=filters,
                                                    catalog_url=catalog_url, timeout=self.settings.timeout)
        except requests.HTTPError as exc:
            status, detail = _http_status(exc), _error_detail(exc)
            if status == 404:
                raise TableNotFoundError(
                    f"CBS-tabel {table_id!r} bestaat niet (meer) op {self.base_url} ({entity}: HTTP 404); "
                    "controleer het tabelnummer in catalog.py of zoek de nieuwe editie op StatLine.",
                    table_id=table_id, url=url, status=404) from None
            problem = f"HTTP {status}" + (f" ({detail})" if detail else "")
            if status is not None and (status >= 500 or status == 429):
                raise _Transient(problem, status) from None
            raise _failed(table_id, entity, url, 1, problem, status) from None
        except requests.RequestException as exc:
            raise _Transient(f"verbindingsfout ({type(exc).__name__}: {exc})") from None
        except (ValueError, KeyError) as exc:     # truncated or invalid JSON
            raise _Transient(f"ongeldig antwoord ({type(exc).__name__}: {exc})") from None

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


class _Transient(Exception):
    """A failure worth retrying (connection, timeout, invalid JSON, HTTP 5xx/429)."""

    def __init__(self, problem: str, status: int | None = None):
        super().__init__(problem)
        self.problem, self.status = problem, status


def _failed(table_id: str, entity: str, url: str, attempts: int, problem: str, status: int | None) -> SourceError:
    return SourceError(
        f"CBS-tabel {table_id}: downloaden van {entity} van {url} mislukt na {attempts} "
        f"poging(en): {problem}. Probeer het later opnieuw of werk offline met de cache.",
        table_id=table_id, url=url, status=status)


def _response(exc: requests.HTTPError) -> requests.Response | None:
    """The response behind ``exc`` (cbsodata re-raises HTTPError without it, ``from`` the original)."""
    for candidate in (exc, exc.__cause__):
        response = getattr(candidate, "response", None)
        if response is not None:
            return response
    return None


def _http_status(exc: requests.HTTPError) -> int | None:
    response = _response(exc)
    return None if response is None else response.status_code


def _error_detail(exc: requests.HTTPError) -> str:
    """The server's own error message (OData ``odata.error``), shortened; "" when absent."""
    response = _response(exc)
    if response is None:
        return ""
    try:
        return str(response.json()["odata.error"]["message"]["value"])[:200]
    except (ValueError, KeyError, TypeError):
        return response.text[:200].strip()


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
