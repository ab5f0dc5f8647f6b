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
    atoms = world.atoms
    position = facts["atom"].to_numpy()
    numeric = [c for c in facts.columns if c not in ("atom", "year", *keys)]
    parts = []
    for level in levels:
        if level == "NL":
            codes = np.full(len(facts), "NL01", dtype=object)
        elif level == "GM":
            codes = gemeente_codes(atoms.iloc[position], facts["year"].to_numpy())
        else:
            codes = atoms[_LEVEL_COLUMN[level]].to_numpy()[position]
        frame = facts[keys + numeric].assign(RegioS=pd.Categorical(codes))
        summed = frame.groupby(["RegioS", *keys], sort=False, observed=True, as_index=False)[numeric].sum()
        parts.append(summed.astype({key: object for key in ["RegioS", *keys]}))
    return pd.concat(parts, ignore_index=True)


def region_members(world: World, levels, first_year: int, last_year: int) -> list[tuple[str, str]]:
    """``(code, title)`` of the regions of ``levels`` in CBS order; gemeenten that existed
    at some time between ``first_year`` and ``last_year``."""
    regions = world.regions[world.regions["level"].isin(levels)]
    gemeenten = world.gemeenten
    alive = set(gemeenten.loc[(gemeenten["first_year"] <= last_year) & (gemeenten["last_year"] >= first_year), "code"])
    keep = (regions["level"] != "GM") | regions["code"].isin(alive)
    return list(zip(regions.loc[keep, "code"], regions.loc[keep, "title"]))
