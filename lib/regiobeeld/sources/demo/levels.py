"""Aggregate atom-level figures to the region levels a table publishes.

Every published number is a sum over atoms (see :mod:`.world`): a gemeente in year
*y* is the sum of its atoms under that year's indeling; AM, CR, PV, LD and NL are sums
of their atoms. Ratios are computed afterwards from the aggregated sums, never averaged.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .world import World, gemeente_codes

__all__ = ["aggregate", "region_members"]

_LEVEL_COLUMN = {"LD": "ld", "PV": "pv", "CR": "cr", "AM": "am"}


def aggregate(world: World, facts: pd.DataFrame, levels, keys: list[str]) -> pd.DataFrame:
    """Sum ``facts`` per region of each of ``levels``.

    ``facts`` has an ``atom`` column (position in ``world.atoms``), a ``year`` column,
    the key columns ``keys`` (e.g. ``["Perioden", "Geslacht"]``) and numeric columns to
    sum. Returns ``RegioS`` + ``keys`` + the summed columns.
    """
    position = facts["atom"].to_numpy()
    numeric = [c for c in facts.columns if c not in ("atom", "year", *keys)]
    parts = []
    for level in levels:
        frame = facts[keys + numeric].assign(RegioS=_region_of(world.atoms, level, position, facts["year"]))
        summed = frame.groupby(["RegioS", *keys], sort=False, observed=True, as_index=False)[numeric].sum()
        parts.append(summed.astype({key: object for key in ["RegioS", *keys]}))
    return pd.concat(parts, ignore_index=True)


def _region_of(atoms: pd.DataFrame, level: str, position: np.ndarray, years: pd.Series) -> pd.Categorical:
    """The code of the ``level`` region of each fact (atom ``position`` in ``years``), worked
    out per atom (and per year for gemeenten) and spread to the facts by position."""
    if level == "NL":
        return pd.Categorical.from_codes(np.zeros(len(position), dtype=np.int8), ["NL01"])
    if level == "GM":
        distinct, year_index = np.unique(years.to_numpy(), return_inverse=True)
        per_year = pd.Categorical(np.concatenate([gemeente_codes(atoms, np.full(len(atoms), y)) for y in distinct]))
        codes = per_year.codes.reshape(len(distinct), len(atoms))[year_index, position]
        return pd.Categorical.from_codes(codes, per_year.categories)
    per_atom = pd.Categorical(atoms[_LEVEL_COLUMN[level]].to_numpy(dtype=object))
    return pd.Categorical.from_codes(per_atom.codes[position], per_atom.categories)


def region_members(world: World, levels, first_year: int, last_year: int) -> list[tuple[str, str]]:
    """``(code, title)`` of the regions of ``levels`` in CBS order; gemeenten that existed
    at some time between ``first_year`` and ``last_year``."""
    regions = world.regions[world.regions["level"].isin(levels)]
    gemeenten = world.gemeenten
    alive = set(gemeenten.loc[(gemeenten["first_year"] <= last_year) & (gemeenten["last_year"] >= first_year), "code"])
    keep = (regions["level"] != "GM") | regions["code"].isin(alive)
    return list(zip(regions.loc[keep, "code"], regions.loc[keep, "title"]))
