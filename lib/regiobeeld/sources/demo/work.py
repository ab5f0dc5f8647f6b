"""Demo tables about where and how people work: positie in de werkkring per gemeente
(86008NED) and jobs by residence and work gemeente (85481NED).

Positions split the employed of the labour cells (:mod:`.labour`) into permanent and
flexible employees and self-employed (with and without staff); central gemeenten have
more flexible contracts, the others more self-employed. Rates are whole percents of
the summed counts, as CBS shows them per gemeente.

Commuting distributes the employed residents of each atom over the jobs of every atom
(:func:`.economy.jobs`, all sections) by affinity (own gemeente ≫ own region ≫
neighbouring region ≫ the rest; central gemeenten attract), fitted to both totals, so
most jobs are internal and the neighbours are the largest partners.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ...core.catalog import TableSpec
from ...core.regions import load_regions
from ...core.settings import Settings
from .content import Content, long_facts, round_to, yearly
from .economy import jobs
from .labour import labour
from .levels import aggregate, region_members
from .odata import MONTHS
from .population import YEARS
from .world import gemeente_codes, world

__all__ = ["posities", "pendel", "commuting_matrix", "UNKNOWN_HOME", "UNKNOWN_WORK"]

#: Share of the employed per position, before the gemeente's own tilt (NL ≈ CBS 2023).
_POSITION_SHARES = {"vast": 0.62, "flex": 0.23, "zzp": 0.115, "zmp": 0.035}
#: Share of a gemeente's jobs whose residence is unknown (GM0000), and of its employed
#: residents whose work gemeente is unknown.
UNKNOWN_HOME, UNKNOWN_WORK = 0.012, 0.004
_UNKNOWN = ("GM0000", "Gemeente onbekend")
_TOTAL = ("NL01", "Nederland")


def _employed(seed: int, years) -> tuple[np.ndarray, np.ndarray]:
    """Population 15-75 and employed per ``[atom, year]`` for ``years``."""
    index = np.searchsorted(YEARS, np.asarray(years))
    cells = labour(seed)
    return (cells.population[:, index].sum(axis=(2, 3, 4)), cells.employed[:, index].sum(axis=(2, 3, 4)))


def posities(spec: TableSpec, seed: int) -> Content:
    """86008NED: counts (whole persons, rounded to 10) and position rates (whole percents)
    for the totals of the four person dimensions; other members have no values."""
    atoms = world().atoms
    years = np.arange(spec.years[0], spec.years[1] + 1)
    pop, emp = _employed(seed, years)
    rng = np.random.default_rng(np.random.PCG64([seed, 11]))
    central = atoms["central"].to_numpy()[:, None]
    tilt = {"vast": 1.0, "flex": np.where(central, 1.25, 0.95), "zzp": np.where(central, 0.9, 1.12)
            * rng.lognormal(0, 0.12, (len(atoms), 1)), "zmp": np.where(central, 0.8, 1.1)}
    raw = {k: _POSITION_SHARES[k] * tilt[k] * np.ones_like(emp) for k in _POSITION_SHARES}
    total = sum(raw.values())
    arrays = {"pop": pop, "emp": emp, **{k: emp * v / total for k, v in raw.items()}}
    facts = yearly(long_facts(arrays, {"atom": np.arange(len(atoms)), "year": years}))
    v = aggregate(world(), facts, spec.levels, ["Perioden"])
    emp_sum = v["emp"]

    def pct(*parts: str) -> np.ndarray:
        return np.round(sum(v[p] for p in parts) / emp_sum * 100)

    totals = {dim.key: dim.members[0][0] for dim in spec.dimensions if dim.members}   # each lists its total first
    values = v[["RegioS", "Perioden"]].assign(
        **totals,
        BeroepsEnNietBeroepsbevolking_1=round_to(v["pop"], 10), WerkzameBeroepsbevolking_2=round_to(emp_sum, 10),
        NettoArbeidsparticipatie_3=np.round(emp_sum / v["pop"] * 100),
        Werknemer_4=pct("vast", "flex"), WerknemerMetVasteArbeidsrelatie_5=pct("vast"),
        WerknemerMetFlexibeleArbeidsrelatie_6=pct("flex"), Zelfstandige_7=pct("zzp", "zmp"),
        ZelfstandigeZonderPersoneelZzp_8=pct("zzp"), ZelfstMetPersoneelEnMeewGezinslid_9=pct("zmp"))
    return Content(values)


@lru_cache(maxsize=8)
def commuting_matrix(seed: int, year: int) -> np.ndarray:
    """Employee jobs ``[home atom, work atom]`` in December of ``year`` (known gemeenten)."""
    atoms = world().atoms
    neighbours = {code: set(r.neighbours) for code, r in load_regions(Settings().params_dir).items()}
    jobs_by_atom = jobs(seed)[:, int(np.searchsorted(YEARS, year))].sum(axis=1)
    residents = _employed(seed, [year])[1][:, 0]
    am = atoms["am"].to_numpy()
    same_region = am[:, None] == am[None, :]
    next_door = np.array([[w in neighbours[h] for w in am] for h in am])
    affinity = np.where(same_region, 1.0, np.where(next_door, 0.06, 0.002))
    affinity *= np.where(atoms["central"].to_numpy(), 2.5, 1.0)[None, :]
    np.fill_diagonal(affinity, 8.0)
    rows = residents / residents.sum() * jobs_by_atom.sum()
    flows = affinity * rows[:, None]
    for _ in range(30):      # fit both totals: residents' jobs and the jobs of each gemeente
        flows *= (jobs_by_atom / flows.sum(axis=0))[None, :]
        flows *= (rows / flows.sum(axis=1))[:, None]
    return flows


def pendel(spec: TableSpec, seed: int) -> Content:
    """85481NED: WoonregioS × WerkregioS × December, x 1 000 with one decimal; gemeenten
    of each December's own indeling, GM0000 (unknown) and the NL01 total on both sides."""
    atoms = world().atoms
    years = list(range(spec.years[0], spec.years[1] + 1))
    parts = []
    for year in years:
        codes = gemeente_codes(atoms, np.full(len(atoms), year))
        flows = commuting_matrix(seed, year)
        gemeenten = sorted(set(codes))
        onehot = (codes[:, None] == np.array(gemeenten)[None, :]).astype(float)
        pairs = pd.DataFrame(onehot.T @ flows @ onehot * (1 - UNKNOWN_HOME - UNKNOWN_WORK),
                             index=gemeenten, columns=gemeenten)
        pairs.loc[_UNKNOWN[0]] = flows.sum(axis=0) @ onehot * UNKNOWN_HOME
        pairs[_UNKNOWN[0]] = np.append(flows.sum(axis=1) @ onehot * UNKNOWN_WORK, 0.0)
        pairs.loc[_TOTAL[0]] = pairs.sum(axis=0)
        pairs[_TOTAL[0]] = pairs.sum(axis=1)
        long = pairs.rename_axis(index="WoonregioS", columns="WerkregioS").stack().rename("value").reset_index()
        parts.append(long.assign(Perioden=f"{year}MM12"))
    values = pd.concat(parts, ignore_index=True)
    values["BanenVanWerknemers_1"] = np.round(values.pop("value") / 1000, 1)
    gemeenten = region_members(world(), ("GM",), years[0], years[-1])
    periods = tuple((f"{y}MM12", f"{y} {MONTHS[11]}" + ("*" if y == years[-1] else ""),
                     "Voorlopig" if y == years[-1] else "Definitief") for y in years)
    return Content(values, regions=[_TOTAL, _UNKNOWN, *gemeenten], period_rows=periods)

