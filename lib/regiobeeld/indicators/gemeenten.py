"""Indicator values per gemeente: the regions' own arithmetic, applied to the gemeenten.

An indicator has gemeente values when the region's value is built from gemeenten (level
``GM→AM``, every input :attr:`~.model.Input.from_gemeenten`) and its spec keeps
``per_gemeente`` (the default). The population pyramid opts out: a pyramid does not sort
into one figure per gemeente. Indicators read from AM, PV or NL rows have no gemeente
figures at all, and neither have those of gemeente pairs (pendel): their compute functions
take arbeidsmarktregio pairs, and a gemeente's own pendel would need its own pairs.

The spec's own compute function gets each input's gemeente rows unaggregated
(``region_code`` = the GM code), plus the Nederland rows of the regional frame, so a
ratio against Nederland (the location quotient) means the same as for the regions: one
call for all gemeenten, no second copy of the arithmetic.

Only the latest period of each indicator is kept (the one the pages show; earlier periods
would multiply the rows every notebook kernel loads). It is placed in that period's
indeling: the gemeenten of the *Gebieden in Nederland* table of the period's year
(clipped to the years published), with their CBS name and arbeidsmarktregio. Every gemeente of that indeling gets a row, NaN where the
computation gives no value (a gemeente formed by a merger has no growth over the years
before it), so a missing gemeente shows as missing and is never left out.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from functools import lru_cache

import numpy as np
import pandas as pd

from ..core import catalog
from ..core.files import read_frame, write_frame
from ..core.regions import membership_year
from ..core.shapes import period_year

__all__ = ["COLUMNS", "GemeenteValues", "has_gemeente_values", "compute_gemeenten", "gemeente_rows",
           "indeling_year"]

log = logging.getLogger(__name__)

#: Columns of :attr:`GemeenteValues.frame`, in order.
COLUMNS = ("indicator", "gemeente_code", "region_code", "name", "period", "category", "value")


def has_gemeente_values(spec) -> bool:
    """True when ``spec``'s regional value is built from gemeenten and it does not opt out."""
    return (spec.per_gemeente and spec.level == "GM→AM"
            and all(i.from_gemeenten and not i.pairs_with for i in spec.inputs))


@lru_cache(maxsize=None)
def indeling_year(period: str) -> int:
    """The year of the *Gebieden in Nederland* table (:data:`catalog.GEBIEDEN_TABLES`) whose
    indeling (membership, names) the gemeente values of ``period`` use."""
    return membership_year(int(period_year(pd.Series([period])).iloc[0]), catalog.GEBIEDEN_TABLES)


def gemeente_rows(tidy: pd.DataFrame, regional: pd.DataFrame) -> pd.DataFrame:
    """The frame a compute function gets for the gemeenten: the tidy frame's GM rows in the
    layout of the regional frame ``regional`` (same columns, same status per period) and
    ``regional``'s Nederland rows."""
    gm = tidy[tidy["region_code"].str.startswith("GM")]
    status = regional.drop_duplicates("period").set_index("period")["period_status"]
    gm = gm.assign(period_status=gm["period"].map(status).fillna(""))
    columns = [c for c in regional.columns if c in gm.columns]
    return pd.concat([gm[columns], regional[regional["region_code"] == "NL"][columns]], ignore_index=True)


class GemeenteValues:
    """Every gemeente value of every indicator that has them, in one tidy frame
    (:data:`COLUMNS`), and per indicator the Dutch reason its gemeente values are missing."""

    def __init__(self, frame: pd.DataFrame | None = None, failures: dict[str, str] | None = None):
        frame = pd.DataFrame(columns=list(COLUMNS)) if frame is None else frame
        self.frame = frame[list(COLUMNS)].astype({c: "str" for c in COLUMNS if c != "value"}
                                                 | {"value": "float64"}).reset_index(drop=True)
        self.failures = dict(failures or {})
        self._groups = dict(tuple(self.frame.groupby("indicator", sort=False)))
        self._cells: dict[str, tuple[pd.DataFrame, dict[tuple[str, str, str], np.ndarray]]] = {}

    @classmethod
    def of_parts(cls, placed: dict[str, pd.DataFrame], failures: dict[str, str]) -> "GemeenteValues":
        """The values of :func:`compute_gemeenten`'s two dicts, rows in the order of ``placed``."""
        return cls(pd.concat(placed.values(), ignore_index=True) if placed else None, failures)

    def __repr__(self) -> str:
        return f"GemeenteValues({len(self._groups)} indicators, {len(self.frame)} rows)"

    def has(self, indicator: str) -> bool:
        """True when ``indicator`` has gemeente rows."""
        return indicator in self._groups

    def of_region(self, indicator: str, region: str, period: str, category: str = "") -> pd.DataFrame:
        """Columns ``gemeente_code, name, value`` of the gemeenten of ``region`` in ``period``'s
        indeling, highest value first, missing values last (then by name)."""
        ordered, positions = self._ordered(indicator)
        return ordered.iloc[positions.get((region, period, category), [])].reset_index(drop=True)

    def _ordered(self, indicator: str) -> tuple[pd.DataFrame, dict[tuple[str, str, str], np.ndarray]]:
        """``indicator``'s rows in the order of :meth:`of_region`, and per (region, period,
        category) the positions of its rows there; built once per indicator, so a page's
        lookups neither filter nor sort. One stable sort of all rows orders each region's
        rows as a sort of those rows alone would."""
        if indicator not in self._cells:
            part = self._groups.get(indicator, self.frame.iloc[0:0])
            part = part.sort_values(["value", "name"], ascending=[False, True], na_position="last", kind="stable")
            self._cells[indicator] = (part[["gemeente_code", "name", "value"]],
                                      part.groupby(["region_code", "period", "category"], sort=False).indices)
        return self._cells[indicator]

    def save(self, path: str | os.PathLike) -> None:
        """Write ``path`` (parquet) and ``path.json`` (the failures), each atomically, json first."""
        write_frame(path, self.frame, self.failures)

    @classmethod
    def load(cls, path: str | os.PathLike) -> "GemeenteValues":
        """Read what :meth:`save` wrote; ``CacheError`` when it is unreadable."""
        failures, frame = read_frame(path, "Gemeentebestand")
        return cls(frame, failures)


def compute_gemeenten(specs, computed, frames: Callable, membership: Callable,
                      years: int) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """The gemeente values of every spec in ``specs`` (id → spec) with
    :func:`has_gemeente_values` whose indicator is in ``computed`` (ids): indicator → its
    rows (:data:`COLUMNS`), and indicator → the Dutch reason its values are missing.

    ``frames(entry)`` gives the gemeente frame of an input (see :func:`gemeente_rows`),
    ``membership(years)`` the concatenated memberships of those years, ``years`` the growth
    window. Any failure loses only that indicator's gemeente values (logged, with a
    Dutch reason).
    """
    parts, failures = {}, {}
    for indicator, spec in specs.items():
        if indicator not in computed or not has_gemeente_values(spec):
            continue
        try:
            values = spec.compute(*[frames(entry) for entry in spec.inputs], **({"years": years} if spec.window else {}))
            parts[indicator] = _placed(values, membership, indicator)
        except Exception:       # noqa: BLE001 - a gemeente view never costs the indicator itself
            failures[indicator] = "de cijfers per gemeente konden niet worden berekend"
            log.exception("Indicator %s: cijfers per gemeente mislukt", indicator)
    return parts, failures


def _placed(values: pd.DataFrame, membership: Callable, indicator: str) -> pd.DataFrame:
    """The latest period of ``values`` (compute output) on the grid of every gemeente of
    that period's indeling."""
    values = values[values["period"] == values["period"].max()]
    gm = values[values["region_code"].str.startswith("GM")]
    if gm.empty:
        raise ValueError(f"{indicator}: the computation gives no gemeente rows")
    combos = values[["period", "category"]].drop_duplicates()
    combos = combos.assign(year=[indeling_year(p) for p in combos["period"]])
    members = membership(combos["year"].unique())[["gemeente_code", "gemeente_naam", "am_code", "year"]]
    grid = combos.merge(members, on="year")
    gm = gm.rename(columns={"region_code": "gemeente_code"})[["gemeente_code", "period", "category", "value"]]
    out = grid.merge(gm, on=["gemeente_code", "period", "category"], how="left")
    return out.rename(columns={"gemeente_naam": "name", "am_code": "region_code"}).assign(indicator=indicator)[
        list(COLUMNS)]
