"""Compute every indicator once for all regions, and cache the result.

:func:`ensure_indicators` is the one entry point: it prefetches the data, and either
loads ``<cache_dir>/indicators/<fingerprint>.parquet`` (+ ``.json``) or computes the set
with :func:`compute_all` and writes it atomically. The fingerprint covers the cached
data, the library version, the indicator code and the region params, so any change to
them recomputes. Failures are contained per indicator: a source that cannot be
delivered, a topic, member or filter dimension it lacks (:attr:`TableMeta.missing`), a
level it does not publish, or any exception while computing removes only the indicators
that depend on it; :attr:`IndicatorSet.failures` says which and why in short Dutch (the
details and tracebacks go to the log).
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from .. import __version__
from ..core import catalog
from ..core.errors import (
    CacheError,
    DemoTableMissing,
    OfflineDataMissing,
    RegiobeeldError,
    SourceError,
    SourceUnreachable,
    TableNotFoundError,
)
from ..core.hashing import digest, files_digest
from ..core.regions import CODES, load_regions, membership_year
from ..core.regions import membership as membership_of
from ..core.tidy import BASE_COLUMNS, check_schema
from ..sources.cbs import missing_member
from .aggregate import national, to_regions, to_regions_weighted
from .commuting import commuting_pairs
from .frames import complete_regions, period_year
from .gemeenten import GemeenteValues, compute_gemeenten, gemeente_rows
from .model import NL, RANKED_LEVELS, IndicatorSet, IndicatorSpec, Input
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


def requirements(spec: IndicatorSpec, entry: Input) -> list[str]:
    """The :attr:`TableMeta.missing` keys that ``spec`` cannot do without in input ``entry``:
    its topic aliases, every filter dimension of the query and its required members."""
    query = catalog.query(entry.query)
    topics = entry.topics if entry.topics is not None else tuple(alias for alias, _ in query.topics)
    members = [missing_member(dim, member) for dim, member in entry.members]
    return [*topics, *(dim for dim, _ in query.filters), *members]


def indicators_reading(query_names) -> list[str]:
    """Ids of the indicators that read any of ``query_names``; a Gebieden in Nederland query
    feeds every indicator summed from gemeenten."""
    names = set(query_names)
    if names & {catalog.gebieden_query(year).name for year in catalog.GEBIEDEN_TABLES}:
        names |= set(gemeente_queries())
    return [spec.id for spec in SPECS.values() if names & {i.query for i in spec.inputs}]


class _Inputs:
    """Regional input frames, each built once on first use; remembers what failed and why."""

    def __init__(self, store, unavailable: dict[str, RegiobeeldError]):
        self.store = store
        self.frames: dict[str, pd.DataFrame] = {}
        self.errors: dict[str, str] = {}
        self.sources: dict = {}
        self.tidy: dict[str, pd.DataFrame] = {}
        self.missing: dict[str, dict[str, str]] = {}
        self._unavailable = unavailable
        self._memberships: dict[int, pd.DataFrame] = {}
        self._gemeente_frames: dict[str, pd.DataFrame] = {}
        self._combined: dict[tuple[int, ...], pd.DataFrame] = {}

    def get(self, entry: Input, needs: list[str] = ()) -> pd.DataFrame:
        """The regional frame of input ``entry`` (built once per query); raises
        :class:`_InputMissing` with a short Dutch reason when it cannot be built or lacks
        one of ``needs`` (missing keys)."""
        name = entry.query
        if name not in self.frames and name not in self.errors:
            try:
                self.frames[name] = self._build(entry)
            except Exception as exc:    # noqa: BLE001 - any failure loses only this input's indicators
                table_id = getattr(exc, "table_id", None) or entry.table_id
                self.errors[name] = _source_reason(table_id, exc)
                log.warning("Invoer %s (%s) niet beschikbaar: %s", name, table_id, exc,
                            exc_info=not isinstance(exc, RegiobeeldError))
        if name in self.errors:
            raise _InputMissing(self.errors[name])
        missing = self.missing.get(name, {})
        lacking = [missing[key] for key in needs if key in missing]
        if lacking:
            raise _InputMissing(lacking[0].removesuffix("."))
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
        self.sources[result.meta.table_id] = result.meta
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
        for year in wanted:
            if year not in self._memberships:
                gebieden = catalog.gebieden_query(year)
                if gebieden.name in self._unavailable:
                    raise self._unavailable[gebieden.name]
                result = self.store.get(gebieden)        # one read for the membership and its source
                self._memberships[year] = membership_of(result.data, year)
                self.sources[gebieden.table_id] = result.meta
        return pd.concat([self._memberships[y] for y in wanted], ignore_index=True)

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


class _InputMissing(Exception):
    """An input frame could not be built or lacks what an indicator needs (the reason is the message)."""


def _source_reason(table_id: str, exc: Exception) -> str:
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


def _compute_one(spec: IndicatorSpec, inputs: _Inputs, years: int) -> pd.DataFrame:
    """One indicator's frame; raises :class:`_InputMissing` (inputs) or any error of its code."""
    args = [inputs.get(entry, requirements(spec, entry)) for entry in spec.inputs]
    frame = spec.compute(*args, **({"years": years} if spec.window else {}))
    if spec.level in RANKED_LEVELS:
        frame = complete_regions(frame)
        am = frame["region_code"].str.startswith("AM")
        if not frame.loc[am, "value"].notna().any():
            tables = ", ".join(spec.tables)
            raise _InputMissing(f"CBS-tabel {tables} bevat geen cijfers per arbeidsmarktregio")
    return frame


def compute_all(store, *, fingerprint: str | None = None, unavailable: dict[str, RegiobeeldError] | None = None,
                growth_years: int | None = None) -> IndicatorSet:
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
    """
    regions = load_regions(store.settings.params_dir)
    years = growth_years or next(iter(regions.values())).growth_years
    inputs = _Inputs(store, dict(unavailable or {}))
    frames, failures = [], {}
    for indicator, spec in SPECS.items():
        try:
            frames.append(_compute_one(spec, inputs, years))
        except _InputMissing as exc:
            failures[indicator] = str(exc)
            log.warning("Indicator %s niet berekend: %s", indicator, exc)
        except Exception:       # noqa: BLE001 - one indicator's bug never ends the page or the batch
            failures[indicator] = "de berekening mislukte door een onverwachte fout"
            log.exception("Indicator %s: berekening mislukt", indicator)
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["indicator", "region_code", "period", "period_status", "category", "value"])
    names = _names(regions, inputs)
    computed = set(SPECS) - set(failures)
    return IndicatorSet(
        frame=frame, specs=SPECS, sources=inputs.sources, names=names,
        province_of=_province_of(inputs), demo=any(m.demo for m in inputs.sources.values()),
        fingerprint=fingerprint or indicator_fingerprint(store),
        neighbours={code: list(region.neighbours) for code, region in regions.items()},
        failures=failures, gemeenten=_gemeenten(inputs, computed, years),
    )


def _gemeenten(inputs: _Inputs, computed: set[str], years: int) -> GemeenteValues:
    """The values per gemeente; a failure here costs only the gemeente views (logged)."""
    try:
        return compute_gemeenten(SPECS, computed, inputs.gemeente_frame, inputs.membership, years)
    except Exception:       # noqa: BLE001 - the indicators themselves are already computed
        log.exception("Cijfers per gemeente: berekening mislukt")
        return GemeenteValues(failures={i: "de cijfers per gemeente konden niet worden berekend" for i in computed})


def _latest_membership(inputs: _Inputs) -> pd.DataFrame | None:
    try:
        return inputs.membership([max(catalog.GEBIEDEN_TABLES)])
    except RegiobeeldError:
        return None


def _names(regions: dict, inputs: _Inputs) -> dict[str, str]:
    """AM names from the params files, "Nederland", and province names from the data."""
    names = {code: region.name for code, region in regions.items()}
    provinces: dict[str, str] = {}
    for frame in inputs.tidy.values():
        if "region_code" in frame.columns and "region_name" in frame.columns:
            rows = frame[frame["region_code"].str.startswith("PV")][["region_code", "region_name"]]
            provinces.update(zip(rows["region_code"], rows["region_name"]))
    members = _latest_membership(inputs)
    if members is not None:
        provinces.update(zip(members["pv_code"], members["pv_naam"]))
    names.update({code: str(name).removesuffix(" (PV)").strip() for code, name in provinces.items()})
    names[NL] = "Nederland"
    return names


def _province_of(inputs: _Inputs) -> dict[str, str]:
    """AM code → the PV code where most of its inhabitants live (latest membership and the
    latest population per gemeente; by number of gemeenten when population is unavailable)."""
    members = _latest_membership(inputs)
    if members is None:
        return {}
    weight = pd.Series(1.0, index=members.index)
    pop = inputs.tidy.get("population")
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
        iset = compute_all(store, fingerprint=fingerprint, unavailable=unavailable)
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
