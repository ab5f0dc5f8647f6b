"""Demo labour force: population 15-75 by sex, age group and education, with the
labour force and the employed in each cell.

Each cell has a participation and an unemployment rate (age, sex, education, gemeente
factor); each year both are scaled so Nederland meets a plausible national path
(unemployment 6,9% in 2015, 3,4% in 2019, a COVID bump in 2020-2021, ≈ 3,7% in 2024;
net participation 65,5% → 72,5%). Every labour table (86088NED, 86111NED, 86112NED,
85525NED) is a sum over these cells, so they agree with each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .population import YEARS, population
from .world import world

__all__ = ["AGE_GROUPS", "Labour", "labour", "UNEMPLOYMENT_NL", "PARTICIPATION_NL"]

#: Age groups (first age, end age exclusive) of the labour cells; together 15-75.
AGE_GROUPS = ((15, 25), (25, 45), (45, 55), (55, 75))

UNEMPLOYMENT_NL = dict(zip(YEARS.tolist(), (6.9, 6.0, 4.9, 3.8, 3.4, 3.8, 4.2, 3.5, 3.6, 3.7, 3.8, 3.9)))
PARTICIPATION_NL = dict(zip(YEARS.tolist(), (65.4, 66.1, 67.2, 68.3, 69.2, 68.8, 70.2, 72.0, 72.5, 72.5, 72.6, 72.7)))

_HOOG_BY_AGE = np.array([0.17, 0.46, 0.36, 0.27])
_LAAG_BY_AGE = np.array([0.36, 0.16, 0.22, 0.33])
_PART_BY_AGE = np.array([0.70, 0.88, 0.87, 0.50])
_PART_BY_EDU = np.array([0.80, 1.0, 1.07])
_PART_BY_SEX = np.array([1.04, 0.96])
_UNEMP_BY_AGE = np.array([2.2, 0.85, 0.7, 0.8])
_UNEMP_BY_EDU = np.array([1.6, 1.0, 0.65])


@dataclass(frozen=True)
class Labour:
    """Float arrays ``[atom, year, sex, age group, education]``."""

    population: np.ndarray
    labour_force: np.ndarray
    employed: np.ndarray

    @property
    def unemployed(self) -> np.ndarray:
        return self.labour_force - self.employed


@lru_cache(maxsize=4)
def labour(seed: int) -> Labour:
    """The labour cells of the demo world for ``seed``."""
    atoms = world().atoms
    rng = np.random.default_rng(np.random.PCG64([seed, 2]))
    persons = population(seed)
    by_group = np.stack([persons[..., lo:hi].sum(axis=-1) for lo, hi in AGE_GROUPS], axis=-1).astype(float)

    trend = (YEARS - 2016)[None, :, None] * 0.006
    odds = atoms["hoog"].to_numpy()[:, None, None]
    hoog = np.clip(_HOOG_BY_AGE[None, None, :] + trend, 0.05, 0.8)
    hoog = odds * hoog / (1 - hoog + odds * hoog)
    laag = np.clip(_LAAG_BY_AGE[None, None, :] - trend * 0.7, 0.05, 0.6) / odds ** 0.5
    laag = np.minimum(laag, 0.9 * (1 - hoog))
    shares = np.stack([laag, 1 - laag - hoog, hoog], axis=-1)          # [atom, year, group, edu]
    pop = by_group[..., None] * shares[:, :, None, :, :]

    u_atom = 0.45 + 0.55 * atoms["unemployment"].to_numpy() * np.exp(rng.normal(0, 0.04, len(atoms)))
    part = (_PART_BY_AGE[:, None] * _PART_BY_EDU[None, :])[None, None, None] \
        * _PART_BY_SEX[None, None, :, None, None] \
        * (1.0 - 0.06 * (u_atom - 1.0))[:, None, None, None, None]
    # Students in university towns work less often: lower participation at 15-25.
    student = atoms["student"].to_numpy()
    part = part * np.stack([1 - 0.25 * student] + [np.ones_like(student)] * 3, axis=-1)[:, None, None, :, None]
    unemp = (_UNEMP_BY_AGE[:, None] * _UNEMP_BY_EDU[None, :])[None, None, None] \
        * u_atom[:, None, None, None, None] * np.ones((1, len(YEARS), 1, 1, 1))
    for y, year in enumerate(YEARS.tolist()):
        rate = UNEMPLOYMENT_NL[year] / 100
        lf = pop[:, y] * part[:, 0]
        unemp[:, y] *= rate / ((lf * unemp[:, y]).sum() / lf.sum())
    part = np.broadcast_to(part, pop.shape).copy()
    for _ in range(3):      # the cap at 97% takes a little off; a few passes restore the path
        for y, year in enumerate(YEARS.tolist()):
            employed = pop[:, y] * part[:, y] * (1 - unemp[:, y])
            part[:, y] *= PARTICIPATION_NL[year] / 100 / (employed.sum() / pop[:, y].sum())
        part = np.minimum(part, 0.97)
    labour_force = pop * part
    return Labour(population=pop, labour_force=labour_force, employed=labour_force * (1 - unemp))
