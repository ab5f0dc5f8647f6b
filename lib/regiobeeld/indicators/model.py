"""The indicator model: what an indicator is, the computed set, and comparisons.

An :class:`IndicatorSet` holds every indicator for every region in one long frame
(``indicator, region_code, period, period_status, category, value``) plus what the
presentation needs around it: specs, sources, names, the dominant province of each
region, neighbours and the reasons indicators are missing. It answers the questions the
notebooks ask (value, series, comparison with NL and neighbours, rank among the 35).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import catalog
from ..core.errors import UnknownRegionError
from ..core.files import read_frame, write_frame
from ..core.formatting import format_period
from ..core.regions import CODES
from ..core.tidy import TableMeta
from .gemeenten import GemeenteValues

__all__ = ["IndicatorSpec", "Input", "Comparison", "IndicatorSet", "FRAME_COLUMNS", "NL", "RANKED_LEVELS",
           "STATUS_RANK", "STATUS_BY_RANK", "status_rank", "quartile_of_rank", "least_final"]

#: Columns of :attr:`IndicatorSet.frame`, in order.
FRAME_COLUMNS = ("indicator", "region_code", "period", "period_status", "category", "value")

#: Region code of Nederland in indicator frames (CBS's ``NL01`` is mapped to it).
NL = "NL"

#: Finality of a period status: definitief < nader voorlopig < voorlopig.
STATUS_RANK = {"": 0, "**": 1, "*": 2}
STATUS_BY_RANK = {rank: status for status, rank in STATUS_RANK.items()}

#: Levels whose values exist per arbeidsmarktregio (and are therefore ranked).
RANKED_LEVELS = ("AM", "GM→AM")


@dataclass(frozen=True)
class Input:
    """One catalogue query an indicator reads, and what of it the indicator cannot do without.

    ``topics``: the topic aliases it needs (``None``: every topic of the query);
    ``members``: the ``(filter dimension, member)`` pairs it needs; ``weighted_by``: for a
    query of shares summed from gemeenten, the topic that weighs each gemeente's shares
    (all other topics are the shares); ``pairs_with``: for a query of gemeente pairs (two
    geo dimensions), the key of the second one: the input then arrives as
    arbeidsmarktregio pairs (:func:`~regiobeeld.indicators.commuting.commuting_pairs`);
    ``combine``: for a query that reads gemeenten, how its rows become regions instead of the
    plain sum, called with the tidy frame and the membership of every Gebieden year (e.g.
    :func:`.published.published_or_summed`).
    """

    query: str
    topics: tuple[str, ...] | None = None
    members: tuple[tuple[str, str], ...] = ()
    weighted_by: str | None = None
    pairs_with: str | None = None
    combine: Callable[[pd.DataFrame, pd.DataFrame], pd.DataFrame] | None = None

    @property
    def table_id(self) -> str:
        return catalog.query(self.query).table_id

    @property
    def from_gemeenten(self) -> bool:
        """True when the regions are the sum of their gemeenten (the query reads GM rows)."""
        return "GM" in catalog.query(self.query).levels


@dataclass(frozen=True, kw_only=True)
class IndicatorSpec:
    """Everything about one indicator: identity, Dutch texts, unit, level, inputs and code.

    ``compute`` gets one frame per input, in the order of ``inputs`` (the regional frame of
    a gemeente query, else the tidy frame), plus ``years=`` for a growth (``window``); it
    returns the indicator's rows (``region_code, period, period_status, category, value``).
    """

    id: str
    theme: str                  # "aanbod" | "vraag" | "mismatch"
    label: str                  # Dutch label for the reader
    unit: str                   # "%", "aantal", "x 1 000", ...
    decimals: int               # decimals to show
    level: str                  # "AM", "GM→AM", "GM×GM→AM", "PV" or "NL"
    inputs: tuple[Input, ...]   # the queries it reads, in the order compute takes them
    compute: Callable[..., pd.DataFrame]
    definition: str             # Dutch one-line definition with formula
    higher_is: str | None = None    # "better" | "worse" | None
    headline: bool = False          # a kerncijfers tile
    category_label: str | None = None   # Dutch name of the category dimension, if any
    window: int = 0                 # growth over this many years up to the period (0: not a growth);
                                    # compute then takes the growth window ``years=``
    category_unit: str = ""         # unit of the categories when it differs from ``unit``
    share_of: str = ""              # what a percentage divides by: "van de beroepsbevolking"
    per_gemeente: bool = True       # False: no gemeente values even when summed from gemeenten
    region_categories: bool = False     # the categories are region codes (partner regions)
    gemeente_overview: bool = False     # a column of the kerncijfers gemeente overview
    forecast_year: int | None = None    # a forecast: its periods are projection years, pages show
                                        # this year by default and never tell its series as a past trend

    @property
    def tables(self) -> tuple[str, ...]:
        """The CBS table ids it reads, in input order."""
        return tuple(dict.fromkeys(i.table_id for i in self.inputs))

    def unit_for(self, category: str) -> str:
        """The unit of the value of ``category`` (``""`` = the total)."""
        return self.category_unit if category and self.category_unit else self.unit


@dataclass(frozen=True)
class Comparison:
    """One indicator value of a region, side by side with NL, neighbours and its rank."""

    indicator: str
    region: str
    code: str
    name: str
    period: str
    period_status: str
    value: float
    nl: float
    neighbours: dict[str, float]
    rank: int | None
    n: int


def quartile_of_rank(ranks: pd.Series) -> pd.Series:
    """1 (the lowest quarter of values) to 4 (the highest) per rank (1 = highest value),
    over the ranked regions; ``<NA>`` where there is no rank."""
    ranked = int(ranks.notna().sum())
    if not ranked:
        return ranks.astype("Int64")
    return (1 + (4 * (ranked - ranks) // ranked).clip(upper=3)).astype("Int64")


def status_rank(statuses: pd.Series) -> pd.Series:
    """:data:`STATUS_RANK` of each status (0 definitief, 1 nader voorlopig, 2 voorlopig; 0 for
    anything else), looked up once per distinct status (a frame repeats a few thousandfold)."""
    codes, uniques = pd.factorize(statuses.fillna(""))
    ranks = np.array([STATUS_RANK.get(status, 0) for status in uniques], dtype=int)
    return pd.Series(ranks[codes], index=statuses.index, name=statuses.name)


def least_final(statuses) -> str:
    """The least final status among ``statuses`` (any iterable; a missing one counts as
    final, as in :func:`status_rank`): ``"*"`` over ``"**"`` over ``""``."""
    ranks = [STATUS_RANK.get(status, 0) if isinstance(status, str) else 0 for status in statuses]
    return STATUS_BY_RANK[max(ranks)] if ranks else ""


class IndicatorSet:
    """Every indicator for all regions, with the context to present it.

    Parameters
    ----------
    frame : DataFrame
        Long frame with :data:`FRAME_COLUMNS`.
    specs : dict
        Indicator id → :class:`IndicatorSpec`, in presentation order.
    sources : dict
        Table id → :class:`regiobeeld.core.tidy.TableMeta`.
    names : dict
        Code → Dutch name (``"AM22"`` → ``"Rijnmond"``, ``"NL"`` → ``"Nederland"``,
        ``"PV28"`` → ``"Zuid-Holland"``).
    province_of : dict
        AM code → PV code of the province where most of its inhabitants live.
    demo : bool
        True when any source is demonstration data.
    fingerprint : str
        Hash of the inputs (data, library version, indicator code, params).
    neighbours : dict, optional
        AM code → neighbouring AM codes (from the params files).
    failures : dict, optional
        Indicator id → Dutch reason why it is absent from the set.
    gemeenten : GemeenteValues, optional
        The values per gemeente (:mod:`.gemeenten`); saved and loaded beside the set.
    """

    def __init__(self, frame: pd.DataFrame, specs: dict, sources: dict, names: dict,
                 province_of: dict, demo: bool, fingerprint: str,
                 neighbours: dict | None = None, failures: dict | None = None, gemeenten=None):
        self.frame = _normalise(frame)
        self.specs = dict(specs)
        self.sources = dict(sources)
        self.names = dict(names)
        self.province_of = dict(province_of)
        self.demo = bool(demo)
        self.fingerprint = fingerprint
        self.neighbours = {k: tuple(v) for k, v in (neighbours or {}).items()}
        self.failures = dict(failures or {})
        self.gemeenten = gemeenten
        self._groups = {key: part for key, part in self.frame.groupby("indicator", sort=False)}
        # The set never changes: lookups and ranks are built once per indicator, on first use.
        self._lookups: dict[str, _Lookup] = {}
        self._slice_cache: dict[tuple[str, str, str], dict[str, float]] = {}
        self._rank_cache: dict[tuple[str, str, str], dict[str, int]] = {}
        self._means: dict[str, dict[str, dict[tuple[str, str], float]]] = {}
        self._frames: dict[tuple, pd.DataFrame] = {}

    def __repr__(self) -> str:
        return (f"IndicatorSet({len(self._groups)} indicators, {len(self.frame)} rows, "
                f"demo={self.demo}, fingerprint={self.fingerprint[:12]!r})")

    # ------------------------------------------------------------------ lookups

    @property
    def indicators(self) -> list[str]:
        """Ids of the indicators present, in presentation order."""
        return [i for i in self.specs if i in self._groups]

    def has(self, indicator: str) -> bool:
        """True when ``indicator`` has rows in the set."""
        return indicator in self._groups

    def spec(self, indicator: str) -> IndicatorSpec:
        """The spec of ``indicator``; raises ``KeyError`` naming the known ids."""
        try:
            return self.specs[indicator]
        except KeyError:
            raise KeyError(f"Onbekende indicator {indicator!r}; bekend: {', '.join(self.specs)}") from None

    def rows(self, indicator: str) -> pd.DataFrame:
        """All rows of ``indicator`` (empty frame when it is absent)."""
        self.spec(indicator)
        part = self._groups.get(indicator)
        return part if part is not None else self.frame.iloc[0:0]

    def code_for(self, indicator: str, region: str) -> str:
        """The code whose value is shown for ``region``: the region itself, its dominant
        province for PV-level indicators, ``"NL"`` for national-only indicators."""
        level = self.spec(indicator).level
        if region == NL or region.startswith("PV"):
            return region
        if region not in CODES:
            raise UnknownRegionError(region, list(CODES))
        if level == "PV":
            return self.province_of.get(region, region)
        if level == "NL":
            return NL
        return region

    def area_name(self, code: str) -> str:
        """Dutch name of ``code`` as the reader sees it (``"provincie Zuid-Holland"`` for PV)."""
        name = self.names.get(code, code)
        return f"provincie {name}" if code.startswith("PV") else name

    def periods(self, indicator: str) -> list[str]:
        """Periods of ``indicator`` with at least one row, sorted ascending."""
        return list(self._lookup(indicator).periods)

    def latest_period(self, indicator: str) -> str:
        """The most recent period of ``indicator``; ``KeyError`` when it has no rows."""
        periods = self.periods(indicator)
        if not periods:
            raise KeyError(self._absent_message(indicator))
        return periods[-1]

    def _absent_message(self, indicator: str) -> str:
        reason = self.failures.get(indicator, "geen waarden berekend")
        return f"Indicator {indicator!r} ontbreekt: {reason}"

    def _lookup(self, indicator: str) -> "_Lookup":
        """The rows of ``indicator`` as dictionaries (see :class:`_Lookup`), built once."""
        if indicator not in self._lookups:
            self._lookups[indicator] = _Lookup.of(self.rows(indicator))
        return self._lookups[indicator]

    def _slice(self, indicator: str, period: str, category: str) -> dict[str, float]:
        """Code → value of every area in one period and category, built once."""
        key = (indicator, period, category)
        if key not in self._slice_cache:
            lookup = self._lookup(indicator)
            self._slice_cache[key] = {lookup.codes[i]: lookup.values[i]
                                      for i in lookup.slices.get((period, category), ())}
        return self._slice_cache[key]

    def shown_period(self, indicator: str) -> str:
        """The period pages show by default: the spec's forecast year when present, else the
        most recent period; ``KeyError`` when it has no rows."""
        year = self.spec(indicator).forecast_year
        periods = self.periods(indicator)
        chosen = [p for p in periods if year is not None and int(p[:4]) == year]
        return chosen[0] if chosen else self.latest_period(indicator)

    def _period(self, indicator: str, period: str | None) -> str:
        return self.shown_period(indicator) if period is None else period

    def value(self, indicator: str, region: str, period: str | None = None, category: str = "") -> float:
        """The value for ``region`` (NaN when missing); latest period by default."""
        if not self.has(indicator):
            return math.nan
        code = self.code_for(indicator, region)
        return self._lookup(indicator).value(code, self._period(indicator, period), category)

    def period_status(self, indicator: str, period: str | None = None) -> str:
        """``""``, ``"*"`` or ``"**"`` for ``period`` (latest by default)."""
        if not self.has(indicator):
            return ""
        return self._lookup(indicator).status.get(self._period(indicator, period), "")

    def series(self, indicator: str, region: str, category: str = "") -> pd.DataFrame:
        """Columns ``period, period_status, value`` for ``region``, periods ascending."""
        code = self.code_for(indicator, region)
        return self._copy_of(("series", indicator, code, category), lambda: self._series(indicator, code, category))

    def _series(self, indicator: str, code: str, category: str) -> pd.DataFrame:
        """The frame :meth:`series` copies, for the area ``code`` itself."""
        lookup = self._lookup(indicator)
        positions = lookup.runs.get((code, category), [])
        return pd.DataFrame({"period": pd.array([lookup.periods_of[i] for i in positions], dtype="str"),
                             "period_status": pd.array([lookup.statuses[i] for i in positions], dtype="str"),
                             "value": np.array([lookup.values[i] for i in positions], dtype="float64")})

    def _copy_of(self, key: tuple, build: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """A copy of the frame ``build`` gives, built once per ``key``: a warm kernel asks for
        the same series of Nederland and the neighbours on every region's page, and each
        caller may change its own copy."""
        if key not in self._frames:
            self._frames[key] = build()
        return self._frames[key].copy()

    def by_category(self, indicator: str, region: str, period: str | None = None) -> pd.DataFrame:
        """Columns ``category, value, nl`` for ``region`` (categories other than ``""``),
        in the order the indicator lists them."""
        if not self.has(indicator):
            return _category_frame([], [], [])
        period = self._period(indicator, period)
        code = self.code_for(indicator, region)
        return self._copy_of(("by_category", indicator, code, period),
                             lambda: self._by_category(indicator, code, period))

    def _by_category(self, indicator: str, code: str, period: str) -> pd.DataFrame:
        """The frame :meth:`by_category` copies, for the area ``code`` itself."""
        lookup = self._lookup(indicator)
        order = lookup.categories.get(period, [])
        return _category_frame(order, [lookup.value(code, period, category) for category in order],
                               [lookup.value(NL, period, category) for category in order])

    def rank(self, indicator: str, region: str, period: str | None = None, category: str = "") -> int | None:
        """Rank of ``region`` among the AM regions (1 = highest); None when not ranked or missing."""
        return self.compare(indicator, region, period, category).rank

    def _ranks(self, indicator: str, period: str, category: str) -> dict[str, int]:
        """AM code → rank (1 = highest), over regions with a value: the one rank of the
        pages, the records and the index; computed once per indicator, period and category
        (a warm kernel renders every region in turn)."""
        key = (indicator, period, category)
        if key not in self._rank_cache:
            values = self.region_values(indicator, period, category)
            self._rank_cache[key] = values.rank(ascending=False, method="min").astype(int).to_dict()
        return self._rank_cache[key]

    def area_values(self, indicator: str, period: str, category: str = "") -> dict[str, float]:
        """Code → value of every area with a row (regions, provinces, NL) in one period and
        category, in frame order."""
        return dict(self._slice(indicator, period, category))

    def region_values(self, indicator: str, period: str | None = None, category: str = "") -> pd.Series:
        """AM code → value of the regions with a value (those that are ranked); latest period
        by default."""
        values = self._slice(indicator, self._period(indicator, period), category)
        ranked = {code: value for code, value in values.items() if code in _AM_CODES and not math.isnan(value)}
        return pd.Series(list(ranked.values()), index=list(ranked), dtype=float)

    def compare(self, indicator: str, region: str, period: str | None = None,
                category: str = "") -> Comparison:
        """The :class:`Comparison` of ``region`` with NL, its neighbours and the 35 regions."""
        spec = self.spec(indicator)
        code = self.code_for(indicator, region)
        if not self.has(indicator):
            return Comparison(indicator, region, code, self.area_name(code), period or "", "",
                              math.nan, math.nan, {}, None, 0)
        period = self._period(indicator, period)
        values = self._slice(indicator, period, category)
        neighbours, rank, n = {}, None, 0
        if spec.level in RANKED_LEVELS:
            neighbours = {nb: values.get(nb, math.nan) for nb in self.neighbours.get(region, ())}
            ranks = self._ranks(indicator, period, category)
            n = len(ranks)
            rank = ranks.get(code)
        return Comparison(
            indicator=indicator, region=region, code=code, name=self.area_name(code),
            period=period, period_status=self._lookup(indicator).status_of(code, period, category),
            value=values.get(code, math.nan), nl=values.get(NL, math.nan),
            neighbours=neighbours, rank=rank, n=n,
        )

    # ------------------------------------------------------------------ presentation helpers

    def headline_table(self) -> pd.DataFrame:
        """One row per AM region and NL: ``region_code, name`` and per headline indicator
        ``<id>`` (value of :meth:`shown_period`, category ``""``), ``<id>_rank`` and ``<id>_quartile``
        (nullable ints, see :func:`quartile_of_rank`)."""
        codes = [*CODES, NL]
        out = pd.DataFrame({"region_code": codes, "name": [self.names.get(c, c) for c in codes]})
        for ind, spec in self.specs.items():
            if not spec.headline:
                continue
            if not self.has(ind):
                out[ind] = math.nan
                out[f"{ind}_rank"] = pd.array([pd.NA] * len(codes), dtype="Int64")
                continue
            period = self.shown_period(ind)
            values = self._slice(ind, period, "")
            shown = [c if c == NL else self.code_for(ind, c) for c in codes]
            out[ind] = [values.get(c, math.nan) for c in shown]
            ranks = self._ranks(ind, period, "") if spec.level in RANKED_LEVELS else {}
            out[f"{ind}_rank"] = pd.array([ranks.get(c, pd.NA) for c in codes], dtype="Int64")
            out[f"{ind}_quartile"] = quartile_of_rank(out[f"{ind}_rank"])
        return out

    def records(self, indicator: str, region: str) -> list[dict]:
        """Long rows for ``indicators.csv``: every period and category of ``region``'s value,
        beside Nederland, the neighbours' mean and the rank among the regions, rounded to
        the decimals the pages show."""
        spec = self.spec(indicator)
        code = self.code_for(indicator, region)
        lookup = self._lookup(indicator)
        ranked = spec.level in RANKED_LEVELS
        means = self._neighbour_means(indicator).get(region, {}) if code == region and ranked else {}
        tables = " ".join(spec.tables)
        out = []
        for position in sorted(lookup.areas.get(code, ()),
                               key=lambda i: (lookup.periods_of[i], lookup.categories_of[i])):
            period, category = lookup.periods_of[position], lookup.categories_of[position]
            values = self._slice(indicator, period, category)
            ranks = self._ranks(indicator, period, category) if ranked else {}
            place = ranks.get(code)
            out.append({
                "region": region, "area_code": code, "theme": spec.theme, "indicator": indicator,
                "label": spec.label, "category": self._category_text(spec, category), "period": period,
                "period_label": format_period(period), "period_status": lookup.statuses[position],
                "value": _rounded(lookup.values[position], spec.decimals), "unit": spec.unit_for(category),
                "nl": _rounded(values.get(NL, math.nan), spec.decimals),
                "neighbours_mean": _rounded(means.get((period, category), math.nan), spec.decimals),
                "rank": place, "ranked": len(ranks) if place is not None else None,
                "source_table": tables, "level": spec.level,
            })
        return out

    def _category_text(self, spec: IndicatorSpec, category: str) -> str:
        """A category as a reader sees it: a region code with its name ("AM19 Holland Rijnland"),
        as a sector's letter stands beside its name; any other category as it is."""
        name = self.names.get(category) if spec.region_categories else None
        return f"{category} {name}" if name else category

    def _neighbour_means(self, indicator: str) -> dict[str, dict[tuple[str, str], float]]:
        """Region → (period, category) → mean of its neighbours' values, for every region
        with neighbours at once; built once per indicator (see :func:`_neighbour_means`)."""
        if indicator not in self._means:
            self._means[indicator] = _neighbour_means(self.rows(indicator), self._lookup(indicator),
                                                      self.neighbours)
        return self._means[indicator]

    def index_all(self) -> None:
        """Build every indicator's lookup and neighbours' means now (before workers are
        forked from this process, so that none of them builds its own)."""
        for indicator in self._groups:
            self._lookup(indicator)
            self._neighbour_means(indicator)

    # ------------------------------------------------------------------ persistence

    def save(self, path: str | os.PathLike) -> None:
        """Write ``path`` (parquet frame) and ``path.json`` beside it, each atomically.

        The json and the gemeente values are written first, so a parquet file that exists
        always has them beside it.
        """
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.gemeenten is not None:
            self.gemeenten.save(_gemeente_path(path))
        else:       # never load another set's gemeente values beside this one
            _gemeente_path(path).unlink(missing_ok=True)
        info = {
            "fingerprint": self.fingerprint,
            "demo": self.demo,
            "names": self.names,
            "province_of": self.province_of,
            "neighbours": {k: list(v) for k, v in self.neighbours.items()},
            "failures": self.failures,
            "sources": {k: asdict(v) for k, v in self.sources.items()},
        }
        write_frame(path, self.frame, info)

    @classmethod
    def load(cls, path: str | os.PathLike, specs: dict) -> "IndicatorSet":
        """Read a set written by :meth:`save`. Specs are code, not data: pass them
        (normally :data:`regiobeeld.indicators.SPECS`)."""
        path = Path(path)
        info, frame = read_frame(path, "Indicatorbestand")
        return cls(
            frame=frame, specs=specs,
            sources={k: TableMeta(**v) for k, v in info["sources"].items()},
            names=info["names"], province_of=info["province_of"], demo=info["demo"],
            fingerprint=info["fingerprint"], neighbours=info.get("neighbours", {}),
            failures=info.get("failures", {}),
            gemeenten=GemeenteValues.load(_gemeente_path(path)) if _gemeente_path(path).exists() else None,
        )


def _neighbour_means(rows: pd.DataFrame, lookup: "_Lookup",
                     neighbours: dict[str, tuple[str, ...]]) -> dict[str, dict[tuple[str, str], float]]:
    """Region → (period, category) → mean of its neighbours' values in ``rows`` (one
    indicator's rows, ``lookup`` their positions), in one pandas groupby for all regions.

    Each region's group holds its neighbours' rows in frame order, exactly the rows a
    region-by-region mean would take: pandas' compensated float sum of a group follows
    its rows' order, and a mean on a rounding boundary (x,x5) must round as it always did.
    """
    owners, positions = [], []
    for region, around in neighbours.items():
        taken = sorted(i for code in around for i in lookup.areas.get(code, ()))
        owners += [region] * len(taken)
        positions += taken
    if not positions:
        return {}
    part = rows.iloc[positions][["period", "category", "value"]].assign(owner=owners)
    means: dict[str, dict[tuple[str, str], float]] = {}
    for (owner, period, category), mean in part.groupby(["owner", "period", "category"])["value"].mean().items():
        means.setdefault(owner, {})[(period, category)] = mean
    return means


def _category_frame(categories: list[str], values: list[float], nl: list[float]) -> pd.DataFrame:
    """The frame of :meth:`IndicatorSet.by_category`: ``category`` (str), ``value`` and ``nl`` (float)."""
    return pd.DataFrame({"category": pd.array(categories, dtype="str"),
                         "value": np.array(values, dtype="float64"), "nl": np.array(nl, dtype="float64")})


def _gemeente_path(path: Path) -> Path:
    """Where the gemeente values of the set saved at ``path`` live: ``<name>.gemeenten.parquet``."""
    return path.with_suffix(".gemeenten.parquet")


#: The AM codes, for membership tests.
_AM_CODES = frozenset(CODES)


@dataclass(frozen=True)
class _Lookup:
    """One indicator's rows as plain arrays and dictionaries of row positions, built once:
    a page asks the set hundreds of small questions, each now a lookup instead of a filter
    over the indicator's rows (positions are those of :meth:`IndicatorSet.rows`)."""

    codes: list[str]
    periods_of: list[str]
    categories_of: list[str]
    statuses: list[str]
    values: list[float]
    periods: tuple[str, ...]                            # ascending
    status: dict[str, str]                              # period → least final status
    cells: dict[tuple[str, str, str], int]              # (code, period, category) → first row
    slices: dict[tuple[str, str], list[int]]            # (period, category) → rows, in frame order
    runs: dict[tuple[str, str], list[int]]              # (code, category) → rows, periods ascending
    areas: dict[str, list[int]]                         # code → rows
    categories: dict[str, list[str]]                    # period → categories but "", in frame order

    @classmethod
    def of(cls, rows: pd.DataFrame) -> "_Lookup":
        codes, periods, categories, statuses = (rows[c].tolist() for c in
                                                ("region_code", "period", "category", "period_status"))
        cells: dict = {}
        slices: dict = {}
        runs: dict = {}
        areas: dict = {}
        ordered: dict = {}
        by_period: dict = {}
        for i, key in enumerate(zip(codes, periods, categories)):
            code, period, category = key
            cells.setdefault(key, i)
            slices.setdefault((period, category), []).append(i)
            runs.setdefault((code, category), []).append(i)
            areas.setdefault(code, []).append(i)
            by_period.setdefault(period, []).append(statuses[i])
            if category:
                ordered.setdefault(period, {})[category] = None
        for positions in runs.values():
            positions.sort(key=periods.__getitem__)
        return cls(codes=codes, periods_of=periods, categories_of=categories, statuses=statuses,
                   values=rows["value"].astype(float).tolist(), periods=tuple(sorted(by_period)),
                   status={period: least_final(found) for period, found in by_period.items()},
                   cells=cells, slices=slices, runs=runs, areas=areas,
                   categories={period: list(found) for period, found in ordered.items()})

    def value(self, code: str, period: str, category: str) -> float:
        """The value of one cell; NaN when there is no row."""
        position = self.cells.get((code, period, category))
        return math.nan if position is None else self.values[position]

    def status_of(self, code: str, period: str, category: str) -> str:
        """The period status of one cell; ``""`` when there is no row."""
        position = self.cells.get((code, period, category))
        return "" if position is None else self.statuses[position]


def _rounded(value: float, decimals: int) -> float:
    return round(float(value), decimals) if not math.isnan(value) else math.nan


def _normalise(frame: pd.DataFrame) -> pd.DataFrame:
    """Exactly :data:`FRAME_COLUMNS` with str keys and float values, in a stable order."""
    missing = [c for c in FRAME_COLUMNS if c not in frame.columns]
    if missing:
        from ..core.errors import SchemaError
        raise SchemaError(f"Indicatorframe: ontbrekende kolommen {', '.join(missing)}.")
    out = frame[list(FRAME_COLUMNS)].astype({
        "indicator": "str", "region_code": "str", "period": "str", "period_status": "str",
        "category": "str", "value": "float64"})
    return out.reset_index(drop=True)
