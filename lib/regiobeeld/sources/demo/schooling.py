"""Demo tables about education by woonregio: pupils and students (85701NED) and
graduates (85702NED).

mbo students follow the 16-21 year olds and lower education levels; hbo and wo follow
the 17-25 year olds, higher education levels and student towns. Each year is scaled to
a national total (mbo ≈ 500.000, hbo ≈ 500.000, wo ≈ 340.000). Rounded to tens.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ...core.catalog import TableSpec
from .content import Content, long_facts, round_to, yearly
from .labour import labour
from .levels import aggregate
from .population import YEARS, population
from .world import world

__all__ = ["leerlingen", "gediplomeerden", "students"]

#: National totals in 2019 and 2024.
_TOTALS = {"mbo": (505_000, 520_000), "hbo": (480_000, 500_000), "wo": (300_000, 345_000)}
#: mbo level shares: entree, niveau 2, 3, 4.
_MBO_LEVELS = np.array([0.03, 0.18, 0.24, 0.55])
#: Graduates per student: mbo entree, 2, 3, 4; hbo associate degree, bachelor, master; wo bachelor, master.
_MBO_RATES = np.array([0.55, 0.42, 0.33, 0.22])
_HBO_RATES = np.array([0.012, 0.14, 0.01])
_WO_RATES = np.array([0.085, 0.092])
_GRADUATES_MBO = 130_000


@lru_cache(maxsize=4)
def students(seed: int) -> dict[str, np.ndarray]:
    """Students as floats: ``mbo`` ``[atom, year, level(4)]``, ``hbo`` and ``wo`` ``[atom, year]``."""
    atoms = world().atoms
    rng = np.random.default_rng(np.random.PCG64([seed, 7]))
    persons = population(seed).sum(axis=2)
    edu = labour(seed).population.sum(axis=(2, 3))                 # [atom, year, edu]
    shares = edu / edu.sum(axis=2, keepdims=True)
    hoog = shares[..., 2] / shares[..., 2].mean()
    laag = shares[..., 0] / shares[..., 0].mean()
    student = 1 + 1.5 * atoms["student"].to_numpy()[:, None]
    progress = np.clip((YEARS - 2019) / 5, 0, None)
    raw = {
        "mbo": persons[:, :, 16:22].sum(axis=2) * (1.3 - 0.3 * hoog) * rng.lognormal(0, 0.05, (len(atoms), 1)),
        "hbo": persons[:, :, 17:25].sum(axis=2) * hoog ** 0.5 * student ** 0.5,
        "wo": persons[:, :, 18:26].sum(axis=2) * hoog ** 1.2 * student ** 1.3,
    }
    out = {}
    for name, values in raw.items():
        first, last = _TOTALS[name]
        out[name] = values * (first + (last - first) * progress) / values.sum(axis=0)
    levels = _MBO_LEVELS * np.stack([laag, laag ** 0.5, np.ones_like(laag), hoog ** 0.3], axis=-1)
    out["mbo"] = out["mbo"][..., None] * levels / levels.sum(axis=-1, keepdims=True)
    return out


def _content(spec: TableSpec, columns: np.ndarray, topic: str) -> Content:
    """Aggregate ``columns`` ``[atom, year, member]`` for the spec's years; round to tens."""
    dim = spec.dimensions[0]
    years = np.arange(spec.years[0], spec.years[1] + 1)
    facts = long_facts({topic: columns[:, years - YEARS[0]]},
                       {"atom": np.arange(columns.shape[0]), "year": years, dim.key: [k for k, _ in dim.members]})
    facts = yearly(facts)
    values = aggregate(world(), facts, spec.levels, ["Perioden", dim.key])
    values[topic] = round_to(values[topic], 10)
    return Content(values, school_years=True)


def leerlingen(spec: TableSpec, seed: int) -> Content:
    """85701NED: mbo (total and per level), hbo and wo students by woonregio."""
    s = students(seed)
    columns = np.concatenate([s["mbo"].sum(axis=-1, keepdims=True), s["mbo"],
                              s["hbo"][..., None], s["wo"][..., None]], axis=-1)
    return _content(spec, columns, "LeerlingenEnStudenten_1")


def gediplomeerden(spec: TableSpec, seed: int) -> Content:
    """85702NED: graduates of mbo (incl. extranei in the total), hbo and wo by woonregio."""
    s = students(seed)
    mbo = s["mbo"] * _MBO_RATES
    mbo *= _GRADUATES_MBO / mbo.sum(axis=(0, 2))[None, :, None]
    covid = np.where(YEARS == 2020, 1.05, 1.0)[None, :, None]
    columns = np.concatenate([mbo.sum(axis=-1, keepdims=True) * 1.02, mbo,
                              s["hbo"][..., None] * _HBO_RATES, s["wo"][..., None] * _WO_RATES], axis=-1) * covid
    return _content(spec, columns, "Gediplomeerden_1")
