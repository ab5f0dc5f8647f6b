"""The one data path: query → cache → (CBS or the demo tables) → tidy frame.

:class:`DataStore` answers every query from the cache when it can, and otherwise fetches
it with :class:`~regiobeeld.sources.cbs.CbsClient` and stores it. With ``source="demo"`` the
built-in demonstration tables are answered in memory by
:class:`~regiobeeld.sources.demo.source.DemoSource`, through the same query resolution and tidying
code as the client (:func:`regiobeeld.sources.cbs.assemble`), and written into the cache in the
same shapes. No HTTP server is involved.
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import os
import shutil
import tempfile
import time
from concurrent.futures import BrokenExecutor, Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd

from ..core import catalog, regions
from ..core.catalog import Query
from ..core.errors import (
    CacheError,
    ConfigError,
    OfflineDataMissing,
    RegiobeeldError,
    SourceError,
    SourceUnreachable,
    TableNotFoundError,
)
from ..core.hashing import files_digest
from ..core.settings import Settings
from ..core.tidy import TableResult
from ..sources.cbs import CbsClient, FetchStats
from .cache import Cache

__all__ = ["DataStore", "Offer", "PrefetchReport", "TableFigures", "demo_source_url", "failure_summary",
           "helper_pool", "offered", "taken_back", "SHARED_FROM"]

_log = logging.getLogger(__name__)
#: One line per table during the data phase; the CLI shows it on the console.
progress = logging.getLogger("regiobeeld.progress")
_LISTED = 3      # tables named in a summary before "en N andere"
#: A demo refresh that builds at least this many tables shares them with a helper process.
SHARED_FROM = 4

@lru_cache(maxsize=1)
def demo_source_url() -> str:
    """``TableMeta.source_url`` of demo data: says honestly where the numbers came from,
    and names the generator version (a hash of its code and the catalogue), so demo data
    cached by an older generator count as stale and are rebuilt."""
    demo = Path(catalog.__file__).resolve().parents[1] / "sources" / "demo"
    version = files_digest(sorted([*demo.glob("*.py"), Path(catalog.__file__).resolve()]))
    return f"regiobeeld-demo/{version[:12]}: ingebouwde demonstratiedata (geen CBS-cijfers)"


@dataclass(frozen=True)
class TableFigures:
    """What one query cost in a prefetch."""

    table_id: str
    query: str
    status: str            # cache status before the prefetch
    from_cache: bool
    requests: int = 0      # entity downloads by the client, retries included
    bytes: int = 0         # JSON payload received
    rows: int = 0
    seconds: float = 0.0
    fallback: str = ""     # why the (stale) cache entry was used although a refresh was due
    retrieved: str = ""    # when the entry used was downloaded (ISO), if it came from the cache


@dataclass
class PrefetchReport:
    """Per-query figures of one :meth:`DataStore.refresh` run, and the queries that failed."""

    tables: list[TableFigures] = field(default_factory=list)
    failures: dict[str, RegiobeeldError] = field(default_factory=dict)    # query name → error

    @property
    def requests(self) -> int:
        return sum(t.requests for t in self.tables)

    @property
    def bytes(self) -> int:
        return sum(t.bytes for t in self.tables)

    @property
    def seconds(self) -> float:
        return sum(t.seconds for t in self.tables)

    def summary(self) -> str:
        """One Dutch line: how many tables were fetched, came from the cache (stale ones with
        their age), or are not available (at most a few named)."""
        fetched = sum(not t.from_cache for t in self.tables)
        stale = [t for t in self.tables if t.fallback]
        parts = [f"{fetched} opgehaald", f"{len(self.tables) - fetched - len(stale)} uit de cache"]
        if stale:
            oldest = max(stale, key=lambda t: Cache.age_days(t.retrieved))
            parts.append(f"{len(stale)} uit de cache omdat verversen mislukte (oudste: {oldest.table_id}, "
                         f"{_age(oldest.retrieved)})")
        if self.failures:
            parts.append(f"niet beschikbaar: {_listed(self.failures)}")
        return f"Gegevens: {len(self.tables) + len(self.failures)} tabellen; " + ", ".join(parts) + "."

    @property
    def hit_rate(self) -> float:
        """Share of queries answered from the cache (1.0 when there were none)."""
        return sum(t.from_cache for t in self.tables) / len(self.tables) if self.tables else 1.0


class DataStore:
    """Cached access to every catalogue query.

    Parameters
    ----------
    settings : Settings
        ``source``, ``cache_dir``, ``offline``, ``force_refresh``, ``max_age_days`` and the
        client settings.
    sleep : callable, optional
        Passed to the client for retry backoff (tests pass a no-op).
    """

    def __init__(self, settings: Settings, sleep=time.sleep):
        self.settings = settings
        expected = demo_source_url() if settings.source == "demo" else settings.cbs_url
        self.cache = Cache(settings.cache_dir, max_age_days=settings.max_age_days, source=settings.source,
                           source_url=expected)
        self._sleep = sleep
        self._client: CbsClient | None = None

    def __enter__(self) -> "DataStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Forget the client (a later fetch makes a new one, with a fresh network budget)."""
        self._client = None

    # -- reading
    def get(self, query_or_name: Query | str) -> TableResult:
        """The tidy result of a query (or query name): cache first, fetch when needed.

        A stale entry whose refresh fails (CBS unreachable) is still returned, with a
        logged warning; its ``meta.retrieved`` tells how old it is.
        """
        query = _as_query(query_or_name)
        status = self.cache.status(query)
        if self.settings.offline:
            return self._offline(query, status)
        if status == "fresh" and not self.settings.force_refresh:
            return self.cache.get(query)
        try:
            self._fetch_and_store(query)
        except SourceError as exc:
            return self._fallback(query, status, exc)
        return self.cache.get(query)

    def _fallback(self, query: Query, status: str, exc: SourceError) -> TableResult:
        """The stale cache entry of ``query`` after its refresh failed; re-raises ``exc`` when
        there is none, or when the table is gone (HTTP 404)."""
        if status != "stale" or isinstance(exc, TableNotFoundError):
            raise exc
        cached = self.cache.get(query)
        _log.warning("Verversen van %s (%s) mislukt, de cache van %s wordt gebruikt: %s",
                     query.table_id, query.name, cached.meta.retrieved, exc)
        return cached

    def _offline(self, query: Query, status: str) -> TableResult:
        if status == "missing":
            raise OfflineDataMissing([query.table_id])
        return self.cache.get(query)        # raises CacheError naming the file when corrupt

    def _fetch_and_store(self, query: Query) -> FetchStats:
        """Fetch ``query`` and store it in the cache; what the fetch cost. The result is not
        read back here: a prefetch never uses it, and :meth:`get` reads the stored entry, so
        every caller sees the cache's own round trip."""
        result, stats = self.client().fetch_with_stats(query)
        _check_source(result, self.settings.source, self.client().base_url)
        if self.settings.source == "demo":
            result = replace(result, meta=replace(result.meta, source_url=demo_source_url()))
        self.cache.put(query, result)
        return stats

    def client(self) -> CbsClient:
        """The client of this store (for the demo source: the in-memory demo tables)."""
        if self._client is None:
            if self.settings.source == "demo":
                self._client = importlib.import_module("regiobeeld.sources.demo.source").DemoSource()
            else:
                self._client = CbsClient(self.settings, sleep=self._sleep)
        return self._client

    # -- many queries
    def prefetch(self, queries: Iterable[Query | str] | None = None,
                 helper: Executor | None = None) -> PrefetchReport:
        """Fetch every query that is missing, stale or corrupt (all with force_refresh);
        ``helper`` as in :meth:`refresh`.

        Offline, raises OfflineDataMissing listing all missing tables at once. Online, a
        table that cannot be fetched does not stop the others: they are stored first, then
        one SourceError summarising the failures is raised.
        """
        todo = _unique(queries)
        if self.settings.offline:
            missing = [q.table_id for q in todo if self.cache.status(q) == "missing"]
            if missing:
                raise OfflineDataMissing(missing)
        report = self.refresh(todo, helper)
        if report.failures:
            failures = list(report.failures.values())
            raise failures[0] if len(failures) == 1 else SourceError(failure_summary(report.failures))
        return report

    def refresh(self, queries: Iterable[Query | str] | None = None,
                helper: Executor | None = None) -> PrefetchReport:
        """Like :meth:`prefetch`, but never raises for one table: a table whose refresh fails
        keeps its stale cache entry, and one without any usable entry is listed in
        ``report.failures``. Logs one progress line per table, in order.

        Demo tables are CPU work: when several must be built and a ``helper`` (see
        :func:`helper_pool`) is given, it builds them from the end of the list while this
        process works from the front (see :meth:`_offered`).
        """
        todo = _unique(queries)
        statuses = [self.cache.status(query) for query in todo]
        report, said = PrefetchReport(), ""
        with self._offered(todo, statuses, helper) as offers:
            for number, (query, status) in enumerate(zip(todo, statuses), 1):
                try:
                    figures = taken_back(offers.get(query.name)) or self._prefetch_one(query, status)
                except (SourceError, CacheError) as exc:
                    report.failures[query.name] = exc
                    line = "niet beschikbaar" + (" (zie boven)" if _short(exc) == said else f": {_short(exc)}")
                    said = _short(exc)
                else:
                    report.tables.append(figures)
                    line = _outcome(figures)
                progress.info("Gegevens %d/%d: %s (%s) %s", number, len(todo), query.table_id, query.name, line)
        return report

    def _offered(self, todo: list[Query], statuses: list[str], helper: Executor | None):
        """:func:`offered` of the demo tables to build (query name → the helper's offer of
        :func:`_build_and_store`); nothing offered for CBS (network work) and for few tables."""
        build = {q.name: (_build_and_store, self.settings, q, s) for q, s in zip(todo, statuses)
                 if not self._use_cache(s)}
        if self.settings.source != "demo" or len(build) < SHARED_FROM:
            helper = None
        return offered(helper, build)

    def _use_cache(self, status: str) -> bool:
        return self.settings.offline or (status == "fresh" and not self.settings.force_refresh)

    def _prefetch_one(self, query: Query, status: str) -> TableFigures:
        if self._use_cache(status):
            if status == "missing":
                raise OfflineDataMissing([query.table_id])
            if status == "corrupt":
                self.cache.get(query)       # raises CacheError naming the file
            record = self.cache.read_record(self.cache.record_path(query))
            return TableFigures(query.table_id, query.name, status, from_cache=True,
                                retrieved=record["meta"]["retrieved"])
        try:
            stats = self._fetch_and_store(query)
        except SourceError as exc:
            cached = self._fallback(query, status, exc)
            return TableFigures(query.table_id, query.name, status, from_cache=True, fallback=_short(exc),
                                retrieved=cached.meta.retrieved)
        return TableFigures(query.table_id, query.name, status, False, stats.requests, stats.bytes,
                            stats.rows, stats.seconds)

    def missing(self, queries: Iterable[Query | str] | None = None) -> list[str]:
        """Sorted table ids of the queries without a cache entry."""
        return sorted({q.table_id for q in _unique(queries) if self.cache.status(q) == "missing"})

    def fingerprint(self, queries: Iterable[Query | str] | None = None) -> str:
        """A hash of the cache entries of ``queries``; changes whenever any of them does."""
        return self.cache.fingerprint(_unique(queries))

    def membership(self, year: int) -> pd.DataFrame:
        """Gemeente → arbeidsmarktregio and provincie in ``year`` (Gebieden in Nederland)."""
        if year not in catalog.GEBIEDEN_TABLES:
            raise ConfigError(f"Geen Gebieden in Nederland-tabel voor {year}; beschikbaar: "
                              f"{', '.join(map(str, sorted(catalog.GEBIEDEN_TABLES)))}.")
        return regions.membership(self.get(catalog.gebieden_query(year)).data, year)


def helper_pool() -> ProcessPoolExecutor:
    """One helper process for CPU work beside this one, started at the first task.

    Forked, not spawned: a spawned interpreter would first re-run the caller's main script
    (whatever it does besides), and pay the imports again. Only batch commands (``prefetch``,
    the runner's data stage) use it, before they start any thread of their own.
    """
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))


def _build_and_store(settings: Settings, query: Query, status: str) -> TableFigures | None:
    """In the helper process: :meth:`DataStore._prefetch_one` of ``query``; None when that
    fails, and then the main process builds the table itself and reports its own error."""
    try:
        return DataStore(settings)._prefetch_one(query, status)
    except Exception:       # noqa: BLE001 - the main process redoes the table and says what went wrong
        return None


@dataclass(frozen=True)
class Offer:
    """A task offered to the helper: its future (None when the helper could not take it)
    and its claim, a file that whoever starts the task first creates (see :func:`_claim`)."""

    future: Future | None
    claim: Path


@contextmanager
def offered(helper: Executor | None, tasks: dict) -> Iterator[dict[object, Offer]]:
    """Key → the :class:`Offer` to ``helper`` of each of ``tasks`` (key → a function and its
    arguments), submitted last first: the helper works from the end while the caller works
    from the front, taking each task back with :func:`taken_back`. Empty without a helper.
    When the block ends, the claims' folder is moved away (atomically), so the helper finds
    no claim left to take and starts nothing more, and then removed.

    No future is ever cancelled: the helper skips a task claimed here in no time, and a
    cancelled future would stop Python 3.11's pool from failing the others when its process
    dies (``terminate_broken`` raises InvalidStateError, CPython gh-107219), so a wait for
    a started task would never end."""
    if helper is None or not tasks:
        yield {}
        return
    root = Path(tempfile.mkdtemp(prefix="regiobeeld-claims-"))
    folder = root / "open"
    folder.mkdir()
    claims = {key: folder / str(number) for number, key in enumerate(tasks)}
    offers = {key: Offer(_submitted(helper, claims[key], task), claims[key]) for key, task in reversed(tasks.items())}
    try:
        yield offers
    finally:
        folder.rename(root / "closed")     # removing the claims one by one would free each for the helper
        shutil.rmtree(root)


def _submitted(helper: Executor, claim: Path, task: tuple) -> Future | None:
    """``helper``'s future of ``task`` run under ``claim``; None when the helper is broken
    (its process died): then the caller does the task."""
    try:
        return helper.submit(_claimed, claim, *task)
    except BrokenExecutor:
        return None


def _claimed(claim: Path, function, *args):
    """In the helper: ``function(*args)`` when the helper takes ``claim`` first, else None."""
    return function(*args) if _claim(claim) else None


def _claim(claim: Path) -> bool:
    """Take ``claim``, atomically across processes: True for the first to ask only, False
    once it is taken or its folder is gone (the offer is over)."""
    try:
        os.close(os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except (FileExistsError, FileNotFoundError):
        return False
    return True


def taken_back(offer: Offer | None):
    """What the helper made of a task; None when it has not started it (the caller
    claims it and does the task) or did not manage it (it failed, or its process died).
    Waits only for a task the helper has started."""
    if offer is None or _claim(offer.claim):
        return None
    try:
        return offer.future.result()
    except Exception:       # noqa: BLE001 - a broken helper only means the task is done here
        return None


def _check_source(result: TableResult, source: str, url: str) -> None:
    """Demonstration data never enter the CBS cache, nor CBS figures the demo cache."""
    if result.meta.demo != (source == "demo"):
        kind = "demonstratiedata" if result.meta.demo else "geen demonstratiedata"
        raise SourceError(f"Tabel {result.meta.table_id} van {url} bevat {kind}, maar de bron is {source!r}; "
                          "controleer REGIOBEELD_SOURCE en REGIOBEELD_CBS_URL.",
                          table_id=result.meta.table_id, url=url)


def failure_summary(failures: dict[str, RegiobeeldError]) -> str:
    """One short, true line about the queries that could not be had: the cause when they
    share one (CBS unreachable), at most a few tables plus a count, and what to do."""
    errors = list(failures.values())
    unreachable = [e for e in errors if isinstance(e, SourceUnreachable)]
    if unreachable:
        return (f"{unreachable[0]} Niet in de cache: {_listed(failures)}. Werk offline (--offline) met een "
                "snapshot van een collega (regiobeeld snapshot import BESTAND.zip), of probeer het later opnieuw.")
    return f"Niet op te halen: {_listed(failures)}. Eerste fout: {errors[0]}"


def _listed(failures: dict[str, RegiobeeldError]) -> str:
    """"3 tabellen (A, B, C)" or "5 tabellen (A, B, C en 2 andere)"."""
    tables = list(dict.fromkeys(str(e.table_id) for e in failures.values() if getattr(e, "table_id", None)))
    named = ", ".join(tables[:_LISTED]) + (f" en {len(tables) - _LISTED} andere" if len(tables) > _LISTED else "")
    return f"{len(tables)} tabel" + ("len" if len(tables) != 1 else "") + f" ({named})"


def _short(exc: RegiobeeldError) -> str:
    """The first sentence of an error: enough for a progress line or a reader's notice."""
    text = str(exc)
    return text if isinstance(exc, SourceUnreachable) else text.split(". ")[0].rstrip(".") + "."


def _outcome(figures: TableFigures) -> str:
    """How a table was answered, for its progress line."""
    if figures.fallback:
        return (f"uit de cache van {_date(figures.retrieved)} ({_age(figures.retrieved)}), "
                f"want verversen mislukte: {figures.fallback}")
    if figures.from_cache:
        return f"uit de cache ({_age(figures.retrieved)})"
    seconds = f"{figures.seconds:.1f}".replace(".", ",")
    return f"opgehaald ({figures.requests} verzoeken, {seconds} s)"


def _date(retrieved: str) -> str:
    return datetime.fromisoformat(retrieved).strftime("%d-%m-%Y")


def _age(retrieved: str) -> str:
    days = int(Cache.age_days(retrieved))
    return "van vandaag" if days < 1 else f"{days} dag{'en' if days != 1 else ''} oud"


def _as_query(query_or_name: Query | str) -> Query:
    if isinstance(query_or_name, Query):
        return query_or_name
    try:
        return catalog.query(query_or_name)
    except KeyError as exc:
        raise ConfigError(str(exc.args[0])) from None


def _unique(queries: Iterable[Query | str] | None) -> list[Query]:
    chosen = catalog.QUERIES.values() if queries is None else queries
    return list(dict.fromkeys(_as_query(q) for q in chosen))

