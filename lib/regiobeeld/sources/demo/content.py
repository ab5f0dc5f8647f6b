"""What a table builder returns: the values of a demo table and its extra shape."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...core.catalog import Topic

__all__ = ["Content", "long_facts", "round_to", "yearly", "labelled"]


@dataclass(frozen=True)
class Content:
    """The data of one demo table.

    ``values`` holds the dimension columns (unpadded keys) and one column per topic key,
    only for cells that exist; the cube is completed with missing cells later.
    """

    values: pd.DataFrame
    extra_topics: tuple[Topic, ...] = ()              # realistic topics the catalog does not use
    period_suffix: str = ""                           # "2024 december" style titles
    school_years: bool = False                        # yearly periods titled "2023/'24"
    nader_voorlopig: bool = False
    final: bool = False                               # no voorlopige periods (a forecast)
    period_keys: tuple[str, ...] | None = None        # publish only these periods
    regions: list[tuple[str, str]] | None = None      # RegioS members, when not by levels
    period_text: str | None = None                    # TableInfos.Period
    period_rows: tuple[tuple[str, str, str], ...] | None = None   # (key, title, status), when not by spec.years


def long_facts(arrays: dict[str, np.ndarray], axes: dict[str, list]) -> pd.DataFrame:
    """A long frame from equally shaped arrays; ``axes`` names each axis and its labels.

    ``long_facts({"pop": a}, {"atom": range(n), "year": years})`` gives columns
    ``atom, year, pop`` with one row per cell (last axis fastest).
    """
    shape = next(iter(arrays.values())).shape
    positions = np.meshgrid(*[np.arange(len(labels)) for labels in axes.values()], indexing="ij")
    columns = {name: labelled(grid.reshape(-1), labels) for (name, labels), grid in zip(axes.items(), positions)}
    for name, values in arrays.items():
        columns[name] = np.broadcast_to(values, shape).reshape(-1)
    return pd.DataFrame(columns)


def labelled(positions: np.ndarray, labels) -> np.ndarray | pd.Categorical:
    """``labels[positions]``: numbers as an array, text as a Categorical (fast to group)."""
    labels = np.asarray(labels)
    if labels.dtype.kind in "iuf":
        return labels[positions]
    return pd.Categorical.from_codes(positions, categories=list(labels))


def yearly(facts: pd.DataFrame) -> pd.DataFrame:
    """``facts`` with a ``Perioden`` column (``"2024JJ00"``) made from its ``year`` column."""
    years, positions = np.unique(facts["year"].to_numpy(), return_inverse=True)
    return facts.assign(Perioden=labelled(positions, [f"{y}JJ00" for y in years]))


def round_to(values, step: float) -> np.ndarray:
    """Round to a multiple of ``step`` (10 for 'afgerond op tientallen')."""
    return np.round(np.asarray(values, dtype=float) / step) * step
