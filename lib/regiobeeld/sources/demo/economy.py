"""Demo tables about work: jobs of employees by SBI section (83582NED) and open
vacancies (83599NED).

Jobs follow where people work: a gemeente's jobs are its employed residents times a
commuting factor (central gemeenten attract, the rest commute out), scaled to a national
path of ≈ 7,8 M (2015) → 8,8 M (2024) with a dip in 2020. The sector mix is the national
mix tilted by the region's specialisations. Vacancies are jobs times a sector rate,
scaled to a national quarterly path (COVID dip in 2020, peak in 2022).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ...core.catalog import TableSpec
from .content import Content, long_facts, yearly
from .labour import labour
from .levels import aggregate
from .odata import LAST_QUARTER
from .population import YEARS, population
from .world import REGION_PROFILES, world

__all__ = ["banen", "vacatures", "jobs", "SECTIONS", "JOBS_NL"]

#: SBI section → (share of employee jobs in NL %, vacancy rate % of jobs).
SECTIONS: dict[str, tuple[float, float]] = {
    "A": (1.1, 3.0), "B": (0.1, 2.0), "C": (9.0, 4.5), "D": (0.4, 4.0), "E": (0.4, 3.5), "F": (4.2, 6.0),
    "G": (15.0, 4.0), "H": (4.8, 4.5), "I": (5.5, 6.0), "J": (3.4, 7.0), "K": (2.6, 4.0), "L": (0.8, 3.0),
    "M": (6.5, 6.0), "N": (9.0, 5.0), "O": (5.7, 3.5), "P": (6.4, 3.0), "Q": (16.0, 5.5), "R": (1.9, 3.0),
    "S": (1.6, 3.0), "T": (0.05, 2.0), "U": (0.02, 2.0),
}
#: Employee jobs in December, Nederland.
JOBS_NL = dict(zip(range(2015, 2027), (7.80, 7.95, 8.15, 8.35, 8.55, 8.45, 8.65, 8.80, 8.85, 8.88, 8.92, 8.95)))
#: Open vacancies (x 1 000) at the end of each quarter, Nederland: (year, quarter) → number.
VACANCIES_NL = {(2019 + i // 4, i % 4 + 1): v for i, v in enumerate((
    270, 280, 285, 290, 285, 210, 225, 240, 270, 320, 370, 400, 440, 470, 460, 440,
    430, 420, 410, 405, 410, 400, 395, 390, 390, 385, 380, 380))}
#: Provincie → vacancy factor (tight Randstad and Utrecht, looser north and Limburg).
_TENSION = {"PV20": 0.82, "PV21": 0.9, "PV22": 0.88, "PV23": 1.0, "PV24": 0.9, "PV25": 1.0, "PV26": 1.2,
            "PV27": 1.12, "PV28": 1.0, "PV29": 0.95, "PV30": 1.08, "PV31": 0.85}
#: SBI sections that are secret ('.') for gemeenten under this many inhabitants.
_SECRET_SECTIONS, _SECRET_BELOW = ("B", "D", "T", "U"), 40_000


@lru_cache(maxsize=4)
def jobs(seed: int) -> np.ndarray:
    """Employee jobs in December as floats ``[atom, year, section]`` (sections of :data:`SECTIONS`)."""
    atoms = world().atoms
    rng = np.random.default_rng(np.random.PCG64([seed, 3]))
    employed = labour(seed).employed.sum(axis=(2, 3, 4))
    commute = np.where(atoms["central"], 1.35, 0.85) * rng.lognormal(0, 0.1, len(atoms))
    total = employed * commute[:, None]
    total *= np.array([JOBS_NL[y] * 1e6 for y in YEARS]) / total.sum(axis=0)
    letters = list(SECTIONS)
    base = np.array([SECTIONS[s][0] for s in letters])
    tilt = np.array([[REGION_PROFILES[am].sectors.get(s, 1.0) for s in letters] for am in atoms["am"]])
    mix = base * tilt * rng.lognormal(0, 0.15, tilt.shape)
    mix /= mix.sum(axis=1, keepdims=True)
    drift = 1 + 0.01 * (YEARS - 2020)[None, :, None] * (np.array(letters) == "Q")   # care grows
    shares = mix[:, None, :] * drift
    shares /= shares.sum(axis=2, keepdims=True)
    return total[:, :, None] * shares


def _sbi_columns(by_section: np.ndarray, members) -> np.ndarray:
    """Section array ``[..., 21]`` → member array ``[..., len(members)]`` incl. A-U and B-F."""
    letters = list(SECTIONS)
    columns = []
    for _, title in members:
        head = title.split(" ", 1)[0]
        if head == "A-U":
            columns.append(by_section.sum(axis=-1))
        elif "-" in head:
            lo, hi = head.split("-")
            columns.append(by_section[..., letters.index(lo):letters.index(hi) + 1].sum(axis=-1))
        else:
            columns.append(by_section[..., letters.index(head)])
    return np.stack(columns, axis=-1)


def banen(spec: TableSpec, seed: int) -> Content:
    """83582NED: employee jobs in December by SBI section, x 1 000 with 1 decimal."""
    dim = spec.dimension("BedrijfstakkenBranchesSBI2008")
    years = np.arange(spec.years[0], spec.years[1] + 1)
    by_member = _sbi_columns(jobs(seed)[:, years - YEARS[0]], dim.members)
    facts = long_facts({"banen": by_member}, {"atom": np.arange(by_member.shape[0]), "year": years,
                                              dim.key: [k for k, _ in dim.members]})
    facts = yearly(facts)
    values = aggregate(world(), facts.assign(inwoners=_inhabitants(seed, facts)), spec.levels, ["Perioden", dim.key])
    values["BanenVanWerknemersInDecember_1"] = np.round(values.pop("banen") / 1000, 1)
    secret_keys = [k for k, t in dim.members if t.split(" ", 1)[0] in _SECRET_SECTIONS]
    small = values["RegioS"].str.startswith("GM") & (values.pop("inwoners") < _SECRET_BELOW)
    values.loc[small & values[dim.key].isin(secret_keys), "BanenVanWerknemersInDecember_1"] = np.nan
    return Content(values, period_suffix=" december", nader_voorlopig=True)


def _inhabitants(seed: int, facts: pd.DataFrame) -> np.ndarray:
    """Inhabitants of each fact's atom in its year (summed per region, member and period)."""
    persons = population(seed).sum(axis=(2, 3))
    return persons[facts["atom"].to_numpy(), facts["year"].to_numpy() - YEARS[0]]


def vacatures(spec: TableSpec, seed: int) -> Content:
    """83599NED: open vacancies by SBI section at quarter end, x 1 000 with 1 decimal."""
    dim = spec.dimension("BedrijfstakkenBranchesSBI2008")
    atoms = world().atoms
    rng = np.random.default_rng(np.random.PCG64([seed, 4]))
    quarters = [(y, q) for y in range(spec.years[0], spec.years[1] + 1) for q in range(1, 5)
                if (y, q) in VACANCIES_NL and (y < spec.years[1] or q <= LAST_QUARTER)]
    rates = np.array([v[1] for v in SECTIONS.values()]) / 100
    tension = atoms["pv"].map(_TENSION).to_numpy()
    all_jobs = jobs(seed)
    frames = []
    for year, quarter in quarters:
        current = all_jobs[:, year - YEARS[0]]
        vacancies = current * rates * tension[:, None] * rng.lognormal(0, 0.04, current.shape)
        vacancies *= VACANCIES_NL[year, quarter] * 1000 / vacancies.sum()
        by_member = _sbi_columns(vacancies, dim.members)
        frame = long_facts({"vacatures": by_member}, {"atom": np.arange(len(atoms)), dim.key: [k for k, _ in dim.members]})
        frames.append(frame.assign(year=year, Perioden=f"{year}KW{quarter:02d}"))
    values = aggregate(world(), pd.concat(frames, ignore_index=True), spec.levels, ["Perioden", dim.key])
    values["OpenstaandeVacatures_1"] = np.round(values.pop("vacatures") / 1000, 1)
    return Content(values)
