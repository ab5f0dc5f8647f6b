"""Demo population by atom, year, sex and single year of age (1 January).

A cohort model: the size of a birth cohort (baby boom 1946–1972), Gompertz survival,
a migration bump at 20–40, and per gemeente a tilt towards the elderly (grey) or towards
25-40 year olds (young), and a student bump in university towns. Totals follow each gemeente's growth path, rescaled so Nederland goes
from 17,1 M (2016) to 18,1 M (2026). Counts are whole persons; every total in every
table is a sum of these integers, so the tables agree with each other.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .world import FIRST_YEAR, LAST_YEAR, NL_POPULATION_2016, world

__all__ = ["YEARS", "AGES", "population", "NL_POPULATION_2026"]

YEARS = np.arange(FIRST_YEAR, LAST_YEAR + 1)
AGES = np.arange(0, 106)            # 0-105; survival beyond 105 is negligible
NL_POPULATION_2026 = 18_100_000


def _cohort_size(birth_year: np.ndarray) -> np.ndarray:
    """Relative size of a birth cohort: baby boom 1946-1972 (peak mid 1960s), smaller after."""
    boom = np.exp(-0.5 * ((birth_year - 1964) / 9.0) ** 2) * 0.45
    echo = np.exp(-0.5 * ((birth_year - 1992) / 7.0) ** 2) * 0.08
    return 1.0 + boom + echo - 0.08 * (birth_year > 2010)


def _survival(age: np.ndarray) -> np.ndarray:
    """Gompertz survival to ``age``."""
    return np.exp(-0.00002 / 0.1 * (np.exp(0.1 * age) - 1.0))


@lru_cache(maxsize=4)
def population(seed: int) -> np.ndarray:
    """Persons as int64 array ``[atom, year, sex (0 men, 1 women), age]``."""
    atoms = world().atoms
    rng = np.random.default_rng(np.random.PCG64(seed))
    years = YEARS - 2016
    growth = (atoms["growth"].to_numpy() + rng.normal(0, 0.05, len(atoms)))[:, None] / 100
    totals = atoms["pop2016"].to_numpy()[:, None] * (1 + growth) ** years[None, :]
    target = NL_POPULATION_2016 * (NL_POPULATION_2026 / NL_POPULATION_2016) ** (years / 10)
    totals *= target / totals.sum(axis=0)

    age = AGES[None, None, :].astype(float)
    base = _cohort_size(YEARS[None, :, None] - age) * _survival(age)
    base = base * (1 + 0.12 * np.exp(-0.5 * ((age - 28) / 8.0) ** 2))
    grey = atoms["grey"].to_numpy()[:, None, None]
    student = atoms["student"].to_numpy()[:, None, None]
    # Grey gemeenten have more elderly; young ones more people aged 25-40 (not more children).
    shape = base * np.exp(0.3 * grey * (np.maximum(age, 35) - 40) / 30) \
        * (1 + 0.35 * np.maximum(-grey, 0) * np.exp(-0.5 * ((age - 31) / 7.0) ** 2)) \
        * (1 + student * np.exp(-0.5 * ((age - 22) / 3.5) ** 2))
    shape /= shape.sum(axis=-1, keepdims=True)
    persons = shape * totals[:, :, None]
    men_share = np.clip(0.505 - 0.0028 * np.maximum(age - 60, 0), 0.3, 0.51)
    by_sex = np.stack([persons * men_share, persons * (1 - men_share)], axis=2)
    return np.rint(by_sex).astype(np.int64)
