"""Demo tables about social security: benefit recipients per month (80794ned) and
re-integration provisions per month (85588NED).

Each benefit is a rate on the right population (bijstand and WW lean on the gemeente's
unemployment, arbeidsongeschiktheid on its age), scaled each month to a national path;
AOW is simply everyone over the AOW age. Values are rounded to tens after aggregation.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ...core.catalog import TableSpec
from .content import Content, labelled, long_facts, round_to
from .labour import labour
from .levels import aggregate
from .odata import LAST_MONTH
from .population import YEARS, population
from .world import world

__all__ = ["uitkeringen", "reintegratie", "benefits", "months", "monthly", "season", "MONTHS_FROM"]

#: First month of the benefit model (80794ned starts here).
MONTHS_FROM = 2022
#: National paths (first month, last month) per benefit, persons.
_PATHS = {
    "ww": (175_000, 250_000), "bijstand": (410_000, 400_000), "bijstand_aow": (45_000, 49_000),
    "wao": (160_000, 125_000), "wga": (220_000, 255_000), "wajong": (250_000, 256_000), "iva": (210_000, 235_000),
}
#: AOW age in months above 66 (66 jaar en 4 maanden in 2022; 67 from 2025 on).
_AOW_EXTRA_MONTHS = {2022: 4, 2023: 7, 2024: 10}


def months(spec: TableSpec) -> list[tuple[int, int]]:
    """``(year, month)`` of a monthly table's periods."""
    return [(y, m) for y in range(spec.years[0], spec.years[1] + 1)
            for m in range(1, (LAST_MONTH if y == spec.years[1] else 12) + 1)]


def _interpolated(persons: np.ndarray, year: int, month: int) -> np.ndarray:
    """Persons ``[atom, age]`` in a month, between 1 January of ``year`` and of the next."""
    y = year - YEARS[0]
    nxt = min(y + 1, len(YEARS) - 1)
    share = (month - 1) / 12
    return persons[:, y] * (1 - share) + persons[:, nxt] * share


@lru_cache(maxsize=4)
def benefits(seed: int, last_year: int = 2025, last_month: int = 6) -> dict[str, np.ndarray]:
    """Benefit recipients as floats ``[atom, month]`` from January 2022, per benefit."""
    atoms = world().atoms
    rng = np.random.default_rng(np.random.PCG64([seed, 5]))
    months = [(y, m) for y in range(MONTHS_FROM, last_year + 1) for m in range(1, (last_month if y == last_year else 12) + 1)]
    persons = population(seed).sum(axis=2)                         # [atom, year, age]
    cells = labour(seed)
    unemployment = (cells.unemployed.sum(axis=(2, 3, 4)) / cells.labour_force.sum(axis=(2, 3, 4)))
    u = unemployment / unemployment.mean(axis=0)
    grey = atoms["grey"].to_numpy()
    central = np.where(atoms["central"], 1.5, 1.0)
    noise = {name: rng.lognormal(0, 0.08, len(atoms)) for name in _PATHS}
    out: dict[str, list[np.ndarray]] = {name: [] for name in (*_PATHS, "aow", "bijstand_gerelateerd")}
    for i, (year, month) in enumerate(months):
        ages = _interpolated(persons, year, month)
        working = ages[:, 18:67].sum(axis=1)
        extra = _AOW_EXTRA_MONTHS.get(year, 12) / 12
        aow = ages[:, 67:].sum(axis=1) + ages[:, 66] * (1 - extra)
        lf = cells.labour_force[:, year - YEARS[0]].sum(axis=(1, 2, 3))
        uy = u[:, year - YEARS[0]]
        raw = {
            "ww": lf * uy ** 0.7 * season(month), "bijstand": working * uy ** 1.8 * central,
            "bijstand_aow": aow * uy ** 1.2 * central, "wao": ages[:, 50:67].sum(axis=1) * (1 + 0.2 * grey),
            "wga": working * uy ** 0.5 * (1 + 0.15 * grey), "wajong": working * (1 + 0.1 * grey),
            "iva": ages[:, 40:67].sum(axis=1) * uy ** 0.5 * (1 + 0.15 * grey),
        }
        progress = i / max(len(months) - 1, 1)
        for name, values in raw.items():
            first, last = _PATHS[name]
            values = values * noise[name]
            out[name].append(values * (first + (last - first) * progress) / values.sum())
        out["aow"].append(aow)
        out["bijstand_gerelateerd"].append(out["bijstand"][-1] * 1.05)
    return {name: np.stack(values, axis=1) for name, values in out.items()}


def season(month: int) -> float:
    """The seasonal factor of WW in ``month`` (high in winter)."""
    return 1 + 0.05 * np.cos(2 * np.pi * (month - 1.5) / 12)


def monthly(facts: pd.DataFrame, months: list[tuple[int, int]]) -> pd.DataFrame:
    """Replace the ``month`` position column by ``year`` and ``Perioden`` (``"2024MM07"``)."""
    position = facts.pop("month").to_numpy()
    years = np.array([y for y, _ in months])
    return facts.assign(year=years[position], Perioden=labelled(position, [f"{y}MM{m:02d}" for y, m in months]))


def uitkeringen(spec: TableSpec, seed: int) -> Content:
    """80794ned: benefit recipients per month, rounded to tens."""
    shown = months(spec)
    last_year, last_month = shown[-1]
    b = benefits(seed, last_year, last_month)
    start = (spec.years[0] - MONTHS_FROM) * 12
    b = {name: values[:, start:start + len(shown)] for name, values in b.items()}
    ao = b["wao"] + b["wga"] + b["wajong"] + b["iva"]
    tot = 0.93 * (b["ww"] + b["bijstand_gerelateerd"] + ao)
    arrays = {
        "UitkeringsontvangersTotaal_1": tot + b["aow"], "TotDeAOWLeeftijd_2": tot, "VanafDeAOWLeeftijd_3": b["aow"],
        "Werkloosheid_4": b["ww"], "BijstandGerelateerdTotAOWLeeftijd_5": b["bijstand_gerelateerd"],
        "BijstandGerelateerdVanafAOWLeeftijd_6": b["bijstand_aow"], "BijstandTotDeAOWLeeftijd_7": b["bijstand"],
        "ArbeidsongeschiktheidTotaal_8": ao, "WAOUitkering_9": b["wao"], "WIAUitkeringWGARegeling_10": b["wga"],
        "WajongUitkering_11": b["wajong"], "AlgemeneOuderdomswet_12": b["aow"],
    }
    facts = long_facts(arrays, {"atom": np.arange(ao.shape[0]), "month": np.arange(len(shown))})
    facts = monthly(facts, shown)
    values = aggregate(world(), facts, spec.levels, ["Perioden"])
    for key in arrays:
        values[key] = round_to(values[key], 10)
    return Content(values)


#: Type of provision → (national stock of running provisions first month, last month).
_PROVISIONS = {
    "A048803": (38_000, 43_000), "A048804": (2_000, 2_600), "A048805": (1_200, 900),
    "A048806": (450, 300), "A048807": (7_200, 8_600),
}
_PROVISIONS_TOTAL = (95_000, 102_000)


def reintegratie(spec: TableSpec, seed: int) -> Content:
    """85588NED: re-integration provisions per month by type and status, rounded to tens."""
    shown = months(spec)
    last_year, last_month = shown[-1]
    rng = np.random.default_rng(np.random.PCG64([seed, 6]))
    start = (spec.years[0] - MONTHS_FROM) * 12
    bijstand = benefits(seed, last_year, last_month)["bijstand"][:, start:start + len(shown)]
    type_dim, status_dim = spec.dimensions[0], spec.dimensions[1]
    progress = np.linspace(0, 1, len(shown))
    stocks = []
    for key, _ in type_dim.members:
        first, last = _PROVISIONS.get(key, _PROVISIONS_TOTAL)
        raw = bijstand * rng.lognormal(0, 0.25, (bijstand.shape[0], 1))
        stocks.append(raw * (first + (last - first) * progress) / raw.sum(axis=0))
    running = np.stack(stocks, axis=-1)                                # [atom, month, type]
    with_ended = running * 1.07
    arrays = {"voorzieningen": np.stack([with_ended, running], axis=-1)}
    facts = long_facts(arrays, {"atom": np.arange(running.shape[0]), "month": np.arange(len(shown)),
                                type_dim.key: [k for k, _ in type_dim.members],
                                status_dim.key: [k for k, _ in status_dim.members]})
    facts = monthly(facts, shown)
    values = aggregate(world(), facts, spec.levels, ["Perioden", type_dim.key, status_dim.key])
    values["ReIntegratieParticipatievoorzieningen_1"] = round_to(values.pop("voorzieningen"), 10)
    return Content(values)
