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

from .. import catalog
from ..errors import UnknownRegionError
from ..files import read_frame, write_frame
from ..formatting import format_period
from ..regions import CODES
from ..tidy import TableMeta
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
    """:data:`STATUS_RANK` of each status (0 definitief, 1 nader voorlopig, 2 voorlopig)."""
    return statuses.fillna("").map(STATUS_RANK).fillna(0).astype(int)


def least_final(statuses: pd.Series) -> str:
    """The least final status among ``statuses``: ``"*"`` over ``"**"`` over ``""``."""
    return STATUS_BY_RANK[int(status_rank(statuses).max())] if len(statuses) else ""


class IndicatorSet:
    """Every indicator for all regions, with the context to present it.

    Parameters
    ----------
    frame : DataFrame
        Long frame with :data:`FRAME_COLUMNS`.
    specs : dict
        Indicator id → :class:`IndicatorSpec`, in presentation order.
    sources : dict
        Table id → :class:`regiobeeld.tidy.TableMeta`.
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
        self._rank_cache: dict[tuple[str, str, str], pd.Series] = {}   # the set never changes
        self._key_cache: dict[str, dict[str, np.ndarray]] = {}
        self._context_cache: dict[str, tuple[dict, dict, pd.Series]] = {}

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
        return sorted(self.rows(indicator)["period"].unique().tolist())

    def latest_period(self, indicator: str) -> str:
        """The most recent period of ``indicator``; ``KeyError`` when it has no rows."""
        periods = self.periods(indicator)
        if not periods:
            raise KeyError(self._absent_message(indicator))
        return periods[-1]

    def _absent_message(self, indicator: str) -> str:
        reason = self.failures.get(indicator, "geen waarden berekend")
        return f"Indicator {indicator!r} ontbreekt: {reason}"

    def _select(self, indicator: str, code: str | None = None, period: str | None = None,
                category: str | None = None) -> pd.DataFrame:
        part = self.rows(indicator)
        keys = self._keys(indicator)
        mask = np.ones(len(part), dtype=bool)
        for column, wanted in (("region_code", code), ("period", period), ("category", category)):
            if wanted is not None:
                mask &= keys[column] == wanted
        return part[mask]

    def _keys(self, indicator: str) -> dict[str, np.ndarray]:
        """The indicator's key columns as NumPy object arrays, built once: notebooks select
        from these small frames hundreds of times a page, and comparing Arrow-backed
        strings through pandas costs several times more."""
        if indicator not in self._key_cache:
            part = self.rows(indicator)
            self._key_cache[indicator] = {c: part[c].to_numpy(dtype=object)
                                          for c in ("region_code", "period", "category")}
        return self._key_cache[indicator]

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
        hit = self._select(indicator, code, self._period(indicator, period), category)
        return float(hit["value"].iloc[0]) if len(hit) else math.nan

    def period_status(self, indicator: str, period: str | None = None) -> str:
        """``""``, ``"*"`` or ``"**"`` for ``period`` (latest by default)."""
        if not self.has(indicator):
            return ""
        hit = self._select(indicator, period=self._period(indicator, period))
        return least_final(hit["period_status"])

    def series(self, indicator: str, region: str, category: str = "") -> pd.DataFrame:
        """Columns ``period, period_status, value`` for ``region``, periods ascending."""
        code = self.code_for(indicator, region)
        hit = self._select(indicator, code, category=category)
        return hit[["period", "period_status", "value"]].sort_values("period", ignore_index=True)

    def by_category(self, indicator: str, region: str, period: str | None = None) -> pd.DataFrame:
        """Columns ``category, value, nl`` for ``region`` (categories other than ``""``),
        in the order the indicator lists them."""
        if not self.has(indicator):
            return pd.DataFrame({"category": pd.Series(dtype="str"), "value": pd.Series(dtype="float64"),
                                 "nl": pd.Series(dtype="float64")})
        period = self._period(indicator, period)
        code = self.code_for(indicator, region)
        part = self._select(indicator, period=period)
        part = part[part["category"] != ""]
        own = part[part["region_code"] == code][["category", "value"]]
        nl = part[part["region_code"] == NL][["category", "value"]].rename(columns={"value": "nl"})
        order = pd.unique(part["category"])
        out = pd.DataFrame({"category": order}).merge(own, on="category", how="left")
        out = out.merge(nl, on="category", how="left")
        return out.astype({"category": "str", "value": "float64", "nl": "float64"})

    def rank(self, indicator: str, region: str, period: str | None = None, category: str = "") -> int | None:
        """Rank of ``region`` among the AM regions (1 = highest); None when not ranked or missing."""
        return self.compare(indicator, region, period, category).rank

    def _ranks(self, indicator: str, period: str, category: str) -> pd.Series:
        """AM code → rank (1 = highest), over regions with a value; computed once per
        indicator, period and category (a warm kernel renders every region in turn)."""
        key = (indicator, period, category)
        if key not in self._rank_cache:
            self._rank_cache[key] = self._compute_ranks(indicator, period, category)
        return self._rank_cache[key]

    def _compute_ranks(self, indicator: str, period: str, category: str) -> pd.Series:
        return self.region_values(indicator, period, category).rank(ascending=False, method="min").astype(int)

    def region_values(self, indicator: str, period: str | None = None, category: str = "") -> pd.Series:
        """AM code → value of the regions with a value (those that are ranked); latest period
        by default."""
        part = self._select(indicator, period=self._period(indicator, period), category=category)
        part = part[part["region_code"].isin(CODES) & part["value"].notna()]
        return pd.Series(part["value"].to_numpy(dtype=float), index=part["region_code"].to_numpy())

    def compare(self, indicator: str, region: str, period: str | None = None,
                category: str = "") -> Comparison:
        """The :class:`Comparison` of ``region`` with NL, its neighbours and the 35 regions."""
        spec = self.spec(indicator)
        code = self.code_for(indicator, region)
        if not self.has(indicator):
            return Comparison(indicator, region, code, self.area_name(code), period or "", "",
                              math.nan, math.nan, {}, None, 0)
        period = self._period(indicator, period)
        part = self._select(indicator, period=period, category=category)
        values = dict(zip(part["region_code"], part["value"].astype(float)))
        status = self._select(indicator, code, period, category)["period_status"]
        neighbours, rank, n = {}, None, 0
        if spec.level in RANKED_LEVELS:
            neighbours = {nb: values.get(nb, math.nan) for nb in self.neighbours.get(region, ())}
            ranks = self._ranks(indicator, period, category)
            n = len(ranks)
            rank = int(ranks[code]) if code in ranks.index else None
        return Comparison(
            indicator=indicator, region=region, code=code, name=self.area_name(code),
            period=period, period_status=str(status.iloc[0]) if len(status) else "",
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
            part = self._select(ind, period=period, category="")
            values = dict(zip(part["region_code"], part["value"].astype(float)))
            shown = [c if c == NL else self.code_for(ind, c) for c in codes]
            out[ind] = [values.get(c, math.nan) for c in shown]
            ranks = self._ranks(ind, period, "") if spec.level in RANKED_LEVELS else pd.Series(dtype=int)
            out[f"{ind}_rank"] = pd.array([ranks.get(c, pd.NA) for c in codes], dtype="Int64")
            out[f"{ind}_quartile"] = quartile_of_rank(out[f"{ind}_rank"])
        return out

    def records(self, indicator: str, region: str) -> list[dict]:
        """Long rows for ``indicators.csv``: every period and category of ``region``'s value,
        beside Nederland, the neighbours' mean and the rank among the regions, rounded to
        the decimals the pages show."""
        spec = self.spec(indicator)
        code = self.code_for(indicator, region)
        part = self._select(indicator, code).sort_values(["period", "category"])
        every = self.rows(indicator)
        nl, rank, count = self._context(indicator)
        around = self.neighbours.get(region, ()) if code == region and spec.level in RANKED_LEVELS else ()
        mean = every[every["region_code"].isin(around)].groupby(["period", "category"])["value"].mean()
        out = []
        for row in part.itertuples(index=False):
            place = rank.get((code, row.period, row.category))
            out.append({
                "region": region, "area_code": code, "theme": spec.theme, "indicator": indicator,
                "label": spec.label, "category": row.category, "period": row.period,
                "period_label": format_period(row.period), "period_status": row.period_status,
                "value": _rounded(row.value, spec.decimals), "unit": spec.unit_for(row.category),
                "nl": _rounded(nl.get((row.period, row.category), math.nan), spec.decimals),
                "neighbours_mean": _rounded(mean.get((row.period, row.category), math.nan), spec.decimals),
                "rank": None if place is None else int(place),
                "ranked": int(count[(row.period, row.category)]) if place is not None else None,
                "source_table": " ".join(spec.tables), "level": spec.level,
            })
        return out

    def _context(self, indicator: str) -> tuple[dict, dict, pd.Series]:
        """Per ``(period, category)`` Nederland's value, per ``(code, period, category)`` the
        rank, and per ``(period, category)`` the number ranked; built once per indicator."""
        if indicator not in self._context_cache:
            every = self.rows(indicator)
            national = every[every["region_code"] == NL]
            nl = dict(zip(zip(national["period"], national["category"]), national["value"]))
            ranked = every[every["region_code"].isin(CODES) & every["value"].notna()] \
                if self.spec(indicator).level in RANKED_LEVELS else every.iloc[0:0]
            groups = ranked.groupby(["period", "category"])["value"]
            rank = dict(zip(zip(ranked["region_code"], ranked["period"], ranked["category"]),
                            groups.rank(ascending=False, method="min")))
            self._context_cache[indicator] = (nl, rank, groups.size())
        return self._context_cache[indicator]

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


def _gemeente_path(path: Path) -> Path:
    """Where the gemeente values of the set saved at ``path`` live: ``<name>.gemeenten.parquet``."""
    return path.with_suffix(".gemeenten.parquet")


def _rounded(value: float, decimals: int) -> float:
    return round(float(value), decimals) if not math.isnan(value) else math.nan


def _normalise(frame: pd.DataFrame) -> pd.DataFrame:
    """Exactly :data:`FRAME_COLUMNS` with str keys and float values, in a stable order."""
    missing = [c for c in FRAME_COLUMNS if c not in frame.columns]
    if missing:
        from ..errors import SchemaError
        raise SchemaError(f"Indicatorframe: ontbrekende kolommen {', '.join(missing)}.")
    out = frame[list(FRAME_COLUMNS)].astype({
        "indicator": "str", "region_code": "str", "period": "str", "period_status": "str",
        "category": "str", "value": "float64"})
    return out.reset_index(drop=True)
