"""The synthetic geography of the demonstration data: regions and gemeenten.

Everything here is invented except the names and codes of the 35 arbeidsmarktregio's,
the 12 provincies and 4 landsdelen. Gemeente codes start at ``GM7001``, a range CBS
does not use, so a demo row can never be mistaken for a real gemeente. The geography
does not depend on the seed; only the numbers do (see the builders in :mod:`.tables`).

The unit of all figures is the **atom**: a gemeente as it existed before any merger.
A merged gemeente is the sum of its atoms from the merger year on; see
:func:`gemeente_codes`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from ...core.regions import CODES, load_regions
from ...core.settings import Settings

__all__ = [
    "World", "world", "gemeente_codes", "PROVINCES", "LANDSDELEN", "REGION_PROFILES",
    "MERGERS", "FIRST_YEAR", "LAST_YEAR", "NL_POPULATION_2016",
]

#: Years the demo world covers (1 January populations, yearly and monthly figures).
FIRST_YEAR, LAST_YEAR = 2015, 2026

#: Population of Nederland on 1 January 2016 (the profiles are rescaled to it).
NL_POPULATION_2016 = 17_100_000

#: Provincie code → (CBS name, landsdeel code).
PROVINCES: dict[str, tuple[str, str]] = {
    "PV20": ("Groningen", "LD01"), "PV21": ("Fryslân", "LD01"), "PV22": ("Drenthe", "LD01"),
    "PV23": ("Overijssel", "LD02"), "PV24": ("Flevoland", "LD02"), "PV25": ("Gelderland", "LD02"),
    "PV26": ("Utrecht", "LD03"), "PV27": ("Noord-Holland", "LD03"), "PV28": ("Zuid-Holland", "LD03"),
    "PV29": ("Zeeland", "LD03"), "PV30": ("Noord-Brabant", "LD04"), "PV31": ("Limburg", "LD04"),
}
LANDSDELEN: dict[str, str] = {
    "LD01": "Noord-Nederland", "LD02": "Oost-Nederland", "LD03": "West-Nederland", "LD04": "Zuid-Nederland",
}
#: Number of synthetic COROP-gebieden per provincie (40 in all, as at CBS).
_COROP_PER_PROVINCE = {"PV20": 3, "PV21": 3, "PV22": 3, "PV23": 3, "PV24": 1, "PV25": 4,
                       "PV26": 1, "PV27": 6, "PV28": 6, "PV29": 3, "PV30": 4, "PV31": 3}
_COMPASS = ("Noordelijk ", "Zuidelijk ", "Oostelijk ", "Westelijk ", "Midden-", "Zuidoostelijk ")


@dataclass(frozen=True)
class Profile:
    """What makes an arbeidsmarktregio different: size, growth, age, education, work."""

    gemeenten: dict[str, int]   # provincie → number of gemeenten (dominant first)
    population: float           # 1 January 2016, thousands (rescaled to NL ≈ 17,1 M)
    growth: float               # % per year
    grey: float                 # -1 young … +1 grey (tilts the age pyramid)
    hoog: float                 # odds factor of hbo/wo
    unemployment: float         # factor on the unemployment rate
    sectors: dict[str, float]   # SBI section letter → specialisation factor


def _p(gm, pop, growth, grey, hoog, u, **sectors) -> Profile:
    return Profile(gm, pop, growth, grey, hoog, u, sectors)


#: Invented but plausible profiles of the 35 regions.
REGION_PROFILES: dict[str, Profile] = {
    "AM01": _p({"PV20": 10, "PV22": 4}, 700, 0.25, 0.2, 1.0, 1.25),
    "AM02": _p({"PV21": 18}, 646, 0.1, 0.55, 0.8, 1.05, A=1.8),
    "AM03": _p({"PV22": 6}, 330, -0.1, 0.9, 0.8, 1.05, A=1.5),
    "AM05": _p({"PV23": 14}, 627, 0.2, 0.4, 0.85, 1.1, C=1.5),
    "AM06": _p({"PV25": 10, "PV23": 1, "PV24": 1}, 690, 0.4, 0.45, 0.95, 0.9),
    "AM07": _p({"PV25": 9}, 660, 0.45, 0.2, 1.0, 1.05, D=2.0),
    "AM08": _p({"PV25": 6, "PV31": 1}, 540, 0.6, 0.0, 1.15, 1.05, Q=1.2),
    "AM09": _p({"PV25": 8}, 390, -0.15, 0.85, 0.75, 0.85, C=1.6),
    "AM10": _p({"PV25": 8}, 250, 0.4, 0.3, 0.8, 0.8, A=1.8, H=1.4),
    "AM11": _p({"PV24": 5}, 410, 0.9, -0.4, 0.8, 1.2, A=1.6),
    "AM12": _p({"PV27": 6, "PV26": 1}, 250, 0.5, 0.6, 1.35, 0.85, J=1.6),
    "AM13": _p({"PV26": 14}, 950, 1.0, -0.6, 1.4, 0.85, J=1.3, K=1.3, M=1.3),
    "AM14": _p({"PV26": 6, "PV25": 1}, 310, 0.9, 0.0, 1.2, 0.8, J=1.3),
    "AM15": _p({"PV27": 17}, 660, 0.3, 0.55, 0.85, 0.9, A=1.7),
    "AM17": _p({"PV27": 7}, 340, 0.7, 0.15, 0.9, 1.0, C=1.3),
    "AM18": _p({"PV27": 7, "PV26": 1}, 1300, 1.0, -0.8, 1.35, 1.15, J=2.0, K=2.0, M=1.5),
    "AM19": _p({"PV28": 12}, 560, 0.7, 0.1, 1.1, 0.85),
    "AM20": _p({"PV28": 4}, 260, 0.6, 0.2, 0.95, 0.85),
    "AM21": _p({"PV28": 5}, 1100, 0.85, -0.35, 1.15, 1.25, O=2.0),
    "AM22": _p({"PV28": 14}, 1400, 0.7, -0.15, 0.9, 1.35, H=2.0),
    "AM23": _p({"PV28": 7}, 290, 0.4, 0.35, 0.85, 1.05, C=1.3),
    "AM24": _p({"PV29": 13}, 380, -0.1, 0.95, 0.75, 0.85, A=2.0, D=2.5, C=1.3),
    "AM25": _p({"PV30": 14}, 710, 0.4, 0.4, 0.85, 0.95, H=1.4),
    "AM26": _p({"PV30": 11}, 470, 0.6, 0.0, 0.95, 1.0, H=1.5),
    "AM27": _p({"PV30": 10}, 650, 0.4, 0.2, 0.9, 0.8, A=2.0, C=1.2),
    "AM28": _p({"PV30": 13}, 590, 0.7, 0.0, 1.1, 0.95, C=1.9, M=1.2),
    "AM29": _p({"PV31": 7}, 290, 0.2, 0.45, 0.75, 0.8, A=2.5, H=1.6),
    "AM30": _p({"PV31": 16}, 600, -0.2, 1.0, 0.9, 1.2),
    "AM32": _p({"PV30": 7}, 240, 0.3, 0.3, 0.8, 0.95, C=1.6),
    "AM33": _p({"PV31": 7, "PV30": 1}, 240, 0.0, 0.75, 0.8, 0.95),
    "AM34": _p({"PV28": 6}, 240, 0.5, 0.3, 1.05, 0.85),
    "AM35": _p({"PV28": 2, "PV26": 1}, 180, 0.3, 0.2, 0.8, 0.8, C=1.2),
    "AM36": _p({"PV23": 10, "PV25": 4, "PV22": 2}, 470, 0.6, 0.0, 0.9, 0.8),
    "AM37": _p({"PV27": 7}, 530, 0.6, 0.45, 1.25, 0.9, C=1.4),
    "AM38": _p({"PV25": 5, "PV26": 3}, 330, 0.8, -0.2, 0.9, 0.8, A=2.0, C=1.2),
}

#: Gemeente mergers: (region, number of old gemeenten, first year of the new gemeente).
#: The old gemeenten are the smallest of the region's dominant provincie; the minority-
#: provincie gemeenten of a region are its smallest ones (border villages).
MERGERS: tuple[tuple[str, int, int], ...] = (("AM01", 3, 2019), ("AM27", 2, 2023))

_NAME_HEADS = (
    "Aal", "Beek", "Bor", "Dal", "Dor", "Eem", "Elst", "Gaas", "Gro", "Haar", "Hol", "Hul",
    "Ker", "Kol", "Lan", "Lin", "Mar", "Mol", "Noor", "Oos", "Oud", "Ree", "Ros", "Sle",
    "Sto", "Ter", "Uit", "Vel", "Vlie", "Waal", "Wes", "Wol", "Zan", "Zev", "Bra", "Fen",
)
_NAME_MIDS = ("", "", "", "ke", "re", "ne", "le", "ter", "sel", "en")
_NAME_TAILS = (
    "dam", "dorp", "wijk", "veen", "hoven", "broek", "lo", "horst", "mond", "rade",
    "sum", "zijl", "ster", "naar", "kamp", "hout", "berg", "heide", "burg", "wold",
    "meer", "stein", "oord", "waard", "haven", "gaast",
)


@dataclass(frozen=True)
class World:
    """The demo geography.

    ``atoms``: one row per atom (index: gemeente code) with ``name, am, pv, ld, cr,
    successor, merge_year, central`` and the profile columns ``pop2016, growth, grey,
    student, hoog, unemployment, area``. ``gemeenten``: every gemeente that ever
    existed (``code, name, am, pv, ld, cr, first_year, last_year``). ``regions``: every
    region (``code, level, title, name``) in CBS order NL, LD, PV, CR, AM, GM.
    """

    atoms: pd.DataFrame
    gemeenten: pd.DataFrame
    regions: pd.DataFrame


def gemeente_codes(atoms: pd.DataFrame, years) -> np.ndarray:
    """The gemeente code of each atom in each of ``years`` (array-like, same length)."""
    years = np.asarray(years)
    merged = years >= atoms["merge_year"].to_numpy()
    return np.where(merged, atoms["successor"].to_numpy(), atoms.index.to_numpy())


@lru_cache(maxsize=1)
def world() -> World:
    """Build the demo geography (cached; it does not depend on the seed)."""
    names = {code: region.name for code, region in load_regions(Settings().params_dir).items()}
    rng = np.random.default_rng(np.random.PCG64(20_160_101))
    name_pool = _gemeente_names(rng)
    atoms = pd.DataFrame([row for am in CODES for row in _region_atoms(am, rng)])
    atoms["pop2016"] *= NL_POPULATION_2016 / atoms["pop2016"].sum()
    atoms["area"] = atoms["pop2016"] / atoms.pop("density")
    atoms["name"] = name_pool[: len(atoms)]
    atoms.index = pd.Index([f"GM{7001 + i}" for i in range(len(atoms))], name="code")
    atoms["successor"] = atoms.index
    atoms["merge_year"] = 9999
    atoms["cr"] = _corop(atoms)
    new_gemeenten = []
    for n, (am, _, year) in enumerate(MERGERS):
        code = f"GM{7401 + n}"
        old = atoms.index[(atoms["am"] == am) & atoms["merged"]]
        atoms.loc[old, ["successor", "merge_year"]] = [code, year]
        first = atoms.loc[old[0]]
        new_gemeenten.append({"code": code, "name": name_pool[len(atoms) + n], "am": am, "pv": first["pv"],
                              "ld": first["ld"], "cr": first["cr"], "first_year": year, "last_year": LAST_YEAR})
    atoms = atoms.drop(columns="merged")
    old_ones = pd.DataFrame({
        "code": atoms.index, **{c: atoms[c].to_numpy() for c in ("name", "am", "pv", "ld", "cr")},
        "first_year": FIRST_YEAR,
        "last_year": np.where(atoms["merge_year"] < 9999, atoms["merge_year"] - 1, LAST_YEAR),
    })
    gemeenten = pd.concat([old_ones, pd.DataFrame(new_gemeenten)], ignore_index=True)
    return World(atoms=atoms, gemeenten=gemeenten, regions=_regions(names, gemeenten))


def _region_atoms(am: str, rng: np.random.Generator) -> list[dict]:
    """The atoms of one region: sizes, provincie and profile, largest (central) first."""
    profile = REGION_PROFILES[am]
    merger = next((m for m in MERGERS if m[0] == am), None)
    extra = merger[1] - 1 if merger else 0          # a merger of n gemeenten adds n - 1 atoms
    dominant = next(iter(profile.gemeenten))
    provinces = [dominant] * (profile.gemeenten[dominant] + extra)
    provinces += [pv for pv, n in list(profile.gemeenten.items())[1:] for _ in range(n)]
    sizes = np.sort(rng.lognormal(0.0, 0.75, len(provinces)))[::-1]
    sizes[0] *= 2.5
    sizes = sizes / sizes.sum() * profile.population * 1000
    merged = range(profile.gemeenten[dominant] + extra - merger[1], profile.gemeenten[dominant] + extra) \
        if merger else range(0)
    rows = []
    for i, (size, pv) in enumerate(zip(sizes, provinces)):
        central = i == 0
        rows.append({
            "am": am, "pv": pv, "ld": PROVINCES[pv][1], "central": central, "pop2016": size,
            "growth": profile.growth + rng.normal(0, 0.2) + (0.25 if central else 0.0),
            "grey": profile.grey + rng.normal(0, 0.2) - (0.45 if central else 0.0),
            "student": (0.4 if central and profile.hoog >= 1.0 else 0.0) + (0.15 if central else 0.0),
            "hoog": profile.hoog * np.exp(rng.normal(0, 0.12) + (0.15 if central else 0.0)),
            "unemployment": profile.unemployment * np.exp(rng.normal(0, 0.1)) * (1.3 if central else 0.92),
            "density": np.exp(rng.normal(6.0, 0.5) + (1.2 if central else 0.0)),
            "merged": i in merged,
        })
    return rows


def _gemeente_names(rng: np.random.Generator) -> list[str]:
    """Unique Dutch-sounding invented names, in a fixed shuffled order."""
    names = sorted({h + m + t for h in _NAME_HEADS for m in _NAME_MIDS for t in _NAME_TAILS})
    names = [n for n in names if not _awkward(n)]
    rng.shuffle(names)
    return names[:400]


def _awkward(name: str) -> bool:
    low = name.lower()
    return any(triple in low for triple in ("eee", "ooo", "aaa", "rrr", "lll", "nnn", "sss")) or len(name) > 14


def _corop(atoms: pd.DataFrame) -> list[str]:
    """Groups of neighbouring gemeenten (in region order) of about equal population
    within each provincie."""
    codes = pd.Series("", index=atoms.index)
    number = 1
    for pv, count in _COROP_PER_PROVINCE.items():
        members = atoms[atoms["pv"] == pv]
        share = members["pop2016"].cumsum() / members["pop2016"].sum() - members["pop2016"] / members["pop2016"].sum() / 2
        chunk = np.minimum((share * count).astype(int).to_numpy(), count - 1)
        if len(set(chunk)) < count:          # a very large gemeente swallowed a group
            chunk = np.concatenate([np.full(len(part), i) for i, part in
                                    enumerate(np.array_split(np.arange(len(members)), count))])
        codes[members.index] = [f"CR{number + c:02d}" for c in chunk]
        number += count
    return codes.tolist()


def _regions(am_names: dict[str, str], gemeenten: pd.DataFrame) -> pd.DataFrame:
    rows = [{"code": "NL01", "level": "NL", "title": "Nederland", "name": "Nederland"}]
    rows += [{"code": c, "level": "LD", "title": f"{n} (LD)", "name": n} for c, n in LANDSDELEN.items()]
    rows += [{"code": c, "level": "PV", "title": f"{n} (PV)", "name": n} for c, (n, _) in PROVINCES.items()]
    number = 1
    for pv, count in _COROP_PER_PROVINCE.items():
        province = PROVINCES[pv][0]
        for i in range(count):
            name = province if count == 1 else f"{_COMPASS[i]}{province}"
            rows.append({"code": f"CR{number:02d}", "level": "CR", "title": f"{name} (CR)", "name": name})
            number += 1
    rows += [{"code": c, "level": "AM", "title": f"{am_names[c]} (AM)", "name": am_names[c]} for c in CODES]
    rows += [{"code": c, "level": "GM", "title": n, "name": n}
             for c, n in sorted(zip(gemeenten["code"], gemeenten["name"]))]
    return pd.DataFrame(rows)
