"""Compute every indicator once for all regions, and cache the result.

:func:`ensure_indicators` is the one entry point: it prefetches the data, and either
loads ``<cache_dir>/indicators/<fingerprint>.parquet`` (+ ``.json``) or computes the set
with :func:`compute_all` and writes it atomically. The fingerprint covers the cached
data, the library version, the indicator code and the region params, so any change to
them recomputes. Failures are contained per indicator: a source that cannot be
delivered, a topic, member or filter dimension it lacks (:attr:`TableMeta.missing`), a
level it does not publish, or any exception while computing removes only the indicators
that depend on it; :attr:`IndicatorSet.failures` says which and why in short Dutch (the
details and tracebacks go to the log). With a helper process the indicators are computed
in groups that share no input, some of them there (:mod:`.groups`); the set is the same.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from .. import __version__
from ..core import catalog
from ..core.errors import CacheError, OfflineDataMissing, RegiobeeldError, SourceError
from ..core.hashing import digest, files_digest
from ..core.regions import CODES, load_regions
from .gemeenten import GemeenteValues
from .groups import KEPT_HERE, Part, compute_parts
from .inputs import Inputs, requirements
from .model import FRAME_COLUMNS, NL, IndicatorSet
from .specs import SPECS

__all__ = ["compute_all", "ensure_indicators", "load_indicators", "save_prepared", "indicator_fingerprint", "cache_path",
           "prepare", "input_queries", "gemeente_queries", "queries_read", "requirements", "indicators_reading"]

log = logging.getLogger(__name__)

def input_queries(specs=None) -> list[str]:
    """The catalogue query names the indicators read, in first-use order."""
    return list(dict.fromkeys(i.query for spec in (specs or SPECS).values() for i in spec.inputs))


def gemeente_queries(specs=None) -> list[str]:
    """The input queries summed from gemeenten (they need the membership of each period's year)."""
    return list(dict.fromkeys(i.query for spec in (specs or SPECS).values() for i in spec.inputs
                              if i.from_gemeenten))


def queries_read(specs=None) -> list[catalog.Query]:
    """Every query the indicators need, in catalogue order: the Gebieden in Nederland
    tables and the inputs."""
    wanted = {catalog.gebieden_query(year).name for year in catalog.GEBIEDEN_TABLES} | set(input_queries(specs))
    return [query for name, query in catalog.QUERIES.items() if name in wanted]


def indicators_reading(query_names) -> list[str]:
    """Ids of the indicators that read any of ``query_names``; a Gebieden in Nederland query
    feeds every indicator summed from gemeenten."""
    names = set(query_names)
    if names & {catalog.gebieden_query(year).name for year in catalog.GEBIEDEN_TABLES}:
        names |= set(gemeente_queries())
    return [spec.id for spec in SPECS.values() if names & {i.query for i in spec.inputs}]


def compute_all(store, *, fingerprint: str | None = None, unavailable: dict[str, RegiobeeldError] | None = None,
                growth_years: int | None = None, helper=None) -> IndicatorSet:
    """Every indicator of :data:`SPECS` for all regions, AM codes, NL and PV codes.

    Parameters
    ----------
    store : regiobeeld.store.data.DataStore
        Where the tidy tables come from (normally already prefetched).
    fingerprint : str, optional
        Stored in the set; defaults to :func:`indicator_fingerprint` of ``store``.
    unavailable : dict, optional
        Query name → the error of queries known to have failed in the prefetch.
    growth_years : int, optional
        Window of the growth indicators; defaults to ``growth_years`` of params/defaults.yaml.
    helper : concurrent.futures.Executor, optional
        A :func:`~regiobeeld.store.data.helper_pool` that computes groups of indicators
        beside this process (see :func:`.groups.compute_parts`); used only when every query
        was delivered. The set is the same with or without it.
    """
    regions = load_regions(store.settings.params_dir)
    years = growth_years or next(iter(regions.values())).growth_years
    inputs = Inputs(store, dict(unavailable or {}))
    own, helped = compute_parts(inputs, years, None if unavailable else helper)
    members = _latest_membership(inputs)
    province_of = _province_of(inputs, members)
    parts = [own.read(inputs), *helped]
    frames, failures = _in_order(_joined(parts, "frames")), _in_order(_joined(parts, "failures"))
    sources = _sources(_joined(parts, "sources"))
    return IndicatorSet(
        frame=pd.concat(frames.values(), ignore_index=True) if frames else pd.DataFrame(columns=list(FRAME_COLUMNS)),
        specs=SPECS, sources=sources, names=_names(regions, _joined(parts, "provinces"), members),
        province_of=province_of, demo=any(m.demo for m in sources.values()),
        fingerprint=fingerprint or indicator_fingerprint(store),
        neighbours={code: list(region.neighbours) for code, region in regions.items()},
        failures=failures, gemeenten=_gemeenten(parts),
    )


def _joined(parts: list[Part], name: str) -> dict:
    """The dicts ``name`` of ``parts`` in one: only sources are read by several parts (the
    Gebieden queries), each from the same cache entry."""
    return {key: value for part in parts for key, value in getattr(part, name).items()}


def _sources(read: dict) -> dict:
    """Table id → meta of the queries ``read`` (query name → meta), in table id order; of a
    table that several queries read, the meta of the one read last in :func:`input_queries`
    order, as the indicators read them."""
    ranks = {query: rank for rank, query in enumerate(input_queries())}
    by_table = {read[query].table_id: read[query] for query in sorted(read, key=lambda q: (ranks.get(q, -1), q))}
    return dict(sorted(by_table.items()))


def _in_order(by_indicator: dict) -> dict:
    """``by_indicator`` in :data:`SPECS` order."""
    return {indicator: by_indicator[indicator] for indicator in SPECS if indicator in by_indicator}


def _gemeenten(parts: list[Part]) -> GemeenteValues:
    """The values per gemeente of every part, in :data:`SPECS` order."""
    return GemeenteValues.of_parts(_in_order(_joined(parts, "gemeenten")),
                                   _in_order(_joined(parts, "gemeente_failures")))


def _latest_membership(inputs: Inputs) -> pd.DataFrame | None:
    try:
        return inputs.membership([max(catalog.GEBIEDEN_TABLES)])
    except RegiobeeldError:
        return None


def _names(regions: dict, provinces_read: dict[str, dict[str, str]], members: pd.DataFrame | None) -> dict[str, str]:
    """AM names from the params files, "Nederland", and province names from the tidy frames
    (``provinces_read``: query → PV code → name, taken in :func:`input_queries` order) and the
    latest membership ``members``."""
    names = {code: region.name for code, region in regions.items()}
    provinces: dict[str, str] = {}
    for query in input_queries():
        provinces.update(provinces_read.get(query, {}))
    if members is not None:
        provinces.update(zip(members["pv_code"], members["pv_naam"]))
    names.update({code: str(name).removesuffix(" (PV)").strip() for code, name in provinces.items()})
    names[NL] = "Nederland"
    return names


def _province_of(inputs: Inputs, members: pd.DataFrame | None) -> dict[str, str]:
    """AM code → the PV code where most of its inhabitants live (latest membership
    ``members`` and the latest population per gemeente; by number of gemeenten when
    population is unavailable)."""
    if members is None:
        return {}
    weight = pd.Series(1.0, index=members.index)
    pop = inputs.tidy.get(KEPT_HERE)
    if pop is not None:
        latest = pop[(pop["measure"] == "bevolking") & (pop["period"] == pop["period"].max())]
        by_code = latest.set_index("region_code")["value"]
        weight = members["gemeente_code"].map(by_code).fillna(0.0)
    totals = weight.groupby([members["am_code"], members["pv_code"]]).sum()
    dominant = totals.groupby(level="am_code").idxmax()
    return {am: pv for am, (_, pv) in dominant.items() if am in CODES}


# --------------------------------------------------------------------------- caching

def _code_hash(params_dir: Path) -> str:
    """Hash of the indicator package sources and the region params files."""
    files = sorted(Path(__file__).parent.glob("*.py")) + sorted(Path(params_dir).glob("*.yaml"))
    return files_digest(files, seed=__version__)


def indicator_fingerprint(store) -> str:
    """Data fingerprint of ``store`` + library version + indicator code + params."""
    return digest(store.fingerprint(), _code_hash(store.settings.params_dir))[:24]


def cache_path(settings, fingerprint: str) -> Path:
    """``<cache_dir>/indicators/<fingerprint>.parquet``."""
    return Path(settings.cache_dir) / "indicators" / f"{fingerprint}.parquet"


def _prefetch(store, helper=None) -> dict[str, RegiobeeldError]:
    """Refresh every query (a stale cache entry stands in when CBS fails; ``helper`` as in
    :meth:`~regiobeeld.store.data.DataStore.refresh`); query name → the error of those
    without any usable data.

    Raises one summarising error when nothing at all is usable (e.g. CBS unreachable and
    an empty cache), since then no indicator can be computed.
    """
    from ..store.data import failure_summary, progress

    if store.settings.offline:
        missing = store.missing(queries_read())
        if len(missing) == len({q.table_id for q in queries_read()}):
            raise OfflineDataMissing(missing)
    report = store.refresh(queries_read(), helper)
    if report.failures and not report.tables:
        raise SourceError(failure_summary(report.failures))
    progress.info(report.summary())
    return dict(report.failures)


def ensure_indicators(settings, helper=None) -> IndicatorSet:
    """Prefetch the data (sharing the demo tables with ``helper``, a
    :func:`~regiobeeld.store.data.helper_pool`, when given), then load the cached indicator
    set or compute and cache it.

    Safe with parallel processes: the files are written to temporary names and renamed.
    A set with failures is not cached, so the next call tries the missing sources again.
    Raises regiobeeld errors (e.g. :class:`~regiobeeld.core.errors.OfflineDataMissing`) when no
    data at all can be had.
    """
    from ..store.data import DataStore

    with DataStore(settings) as store:
        unavailable = _prefetch(store, helper)
        fingerprint = indicator_fingerprint(store)
        path = cache_path(settings, fingerprint)
        if path.exists():
            try:
                return IndicatorSet.load(path, SPECS)
            except CacheError as exc:
                log.warning("%s; de indicatoren worden opnieuw berekend.", exc)
        iset = compute_all(store, fingerprint=fingerprint, unavailable=unavailable, helper=helper)
    if not iset.failures:       # a failure may be passing (network): do not make it permanent
        iset.save(path)
    return iset


def prepare(settings) -> IndicatorSet:
    """Everything a batch render needs, done once before any worker runs: every table
    fetched, every indicator computed, and with demo data the demo exports written.

    With demo data a helper process writes the demo exports meanwhile and then shares the
    building of the demo tables; should it fail, the exports are written here."""
    if settings.source != "demo":
        return ensure_indicators(settings)
    from ..sources.dropins.demo import demo_exports_ready, ensure_demo_exports
    from ..store.data import helper_pool

    with helper_pool() as helper:
        exports = None if demo_exports_ready(settings) else helper.submit(ensure_demo_exports, settings)
        indicators = ensure_indicators(settings, helper)
        if exports is not None and exports.exception() is not None:
            ensure_demo_exports(settings)       # its own error, if any, is raised here
    return indicators


#: The batch's prepared set, read once per process (a warm kernel renders many pages).
_PREPARED: dict[tuple[str, int, int], IndicatorSet] = {}


def _prepared_key(path: Path) -> tuple[str, int, int]:
    stat = Path(path).stat()
    return str(path), stat.st_mtime_ns, stat.st_size


def save_prepared(iset: IndicatorSet, path: Path) -> None:
    """Write the batch's prepared set to ``path`` and keep it as this process's copy of that
    file: workers forked from this process read nothing (see :func:`load_indicators`)."""
    iset.save(path)
    iset.index_all()
    _PREPARED.clear()
    _PREPARED[_prepared_key(path)] = iset


def load_indicators(settings) -> IndicatorSet:
    """The indicator set a notebook shows: the file the batch runner prepared
    (``settings.indicators_file``), read once per process; otherwise (JupyterLab, plain
    papermill) :func:`ensure_indicators`."""
    path = settings.indicators_file
    if path is None:
        return ensure_indicators(settings)
    try:
        key = _prepared_key(path)
    except OSError:
        raise CacheError(f"De voorbereide indicatoren ontbreken: {path} (REGIOBEELD_INDICATORS).") from None
    if key not in _PREPARED:
        _PREPARED.clear()
        _PREPARED[key] = IndicatorSet.load(path, SPECS)
    return _PREPARED[key]
