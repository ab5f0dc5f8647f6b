"""Demo tables about people: population, labour force, education level, occupations,
lifelong learning, and the yearly *Gebieden in Nederland* tables."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...core.catalog import TOTAL_PERSONS_KEY, TableSpec, Topic
from .content import Content, long_facts, round_to, yearly
from .labour import labour
from .levels import aggregate
from .population import YEARS, population
from .world import REGION_PROFILES, gemeente_codes, world

__all__ = ["gebieden", "kerncijfers", "bevolking_leeftijd", "arbeidsdeelname", "binding",
           "beroepen", "onderwijsniveau", "leeractiviteiten"]


def _year_index(years) -> np.ndarray:
    return np.asarray(years) - YEARS[0]


def _atoms_years(first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
    return np.arange(len(world().atoms)), np.arange(first, last + 1)


# --------------------------------------------------------------------------- Gebieden

#: More classifications with a Code/Naam pair (group, key number of Code). They share the
#: titles "Code" and "Naam" with the arbeidsmarktregio pair: only the group tells them apart.
_GEBIEDEN_EXTRA = (("COROP-gebieden", 8), ("Landsdelen", 22))
_LOCATIONS = "Lokaliseringen van gemeenten"
#: Omgevingsadressendichtheid per inhabitant per km² (a plausible synthetic ratio).
_ADDRESS_DENSITY_PER_INHABITANT = 1.35


def gebieden(spec: TableSpec, seed: int) -> Content:
    """Gemeente → codes and names of its regions in ``spec.years[0]``; Inwonertal."""
    year = spec.years[0]
    w = world()
    gm = w.gemeenten[(w.gemeenten["first_year"] <= year) & (w.gemeenten["last_year"] >= year)]
    gm = gm.sort_values("code")
    names = dict(zip(w.regions["code"], w.regions["name"]))
    persons = population(seed)[:, _year_index(year)].sum(axis=(1, 2))
    atoms = w.atoms
    current = gemeente_codes(atoms, np.full(len(atoms), year))
    inwoners = pd.Series(persons, index=current).groupby(level=0).sum()
    area = pd.Series(atoms["area"].to_numpy(), index=current).groupby(level=0).sum()
    by_title = {(t.group, t.title): t.key for t in spec.topics}
    inwonertal_key = by_title[("Statistische gegevens", "Inwonertal")]
    number = int(inwonertal_key.rsplit("_", 1)[1])
    extra = [Topic(f"Code_{n}", "Code", "code", f"{_LOCATIONS}/{group}", "String") for group, n in _GEBIEDEN_EXTRA]
    extra += [Topic(f"Naam_{n + 1}", "Naam", "naam", f"{_LOCATIONS}/{group}", "String")
              for group, n in _GEBIEDEN_EXTRA]
    extra.append(Topic(f"Omgevingsadressendichtheid_{number + 1}", "Omgevingsadressendichtheid",
                       "per km²", "Statistische gegevens", "Long"))
    code_of = {
        "Codes en namen van gemeenten": gm["code"], "Arbeidsmarktregio's": gm["am"], "Provincies": gm["pv"],
        "COROP-gebieden": gm["cr"], "Landsdelen": gm["ld"],
    }
    values = pd.DataFrame({"RegioS": gm["code"].to_numpy()})
    for topic in [*spec.topics, *extra]:
        group = topic.group.rpartition("/")[2] if topic.group else None
        if topic.title == "Code":
            values[topic.key] = code_of[group].to_numpy()
        elif topic.title in ("Naam", "Sortering naam"):
            values[topic.key] = code_of[group].map(names).to_numpy()
    values[inwonertal_key] = inwoners.reindex(gm["code"]).to_numpy()
    density = inwoners / area * _ADDRESS_DENSITY_PER_INHABITANT
    values[extra[-1].key] = np.rint(density.reindex(gm["code"]).to_numpy())
    regions = list(zip(gm["code"], gm["name"]))
    return Content(values, extra_topics=tuple(extra), regions=regions, period_text=str(year))


# --------------------------------------------------------------------------- 70072NED

_AGE_BANDS = ((0, 5), (5, 10), (10, 15), (15, 20), (20, 25), (25, 45), (45, 65), (65, 80), (80, 106))
_ABSOLUTE = ("JongerDan5Jaar_4", "k_5Tot10Jaar_5", "k_10Tot15Jaar_6", "k_15Tot20Jaar_7", "k_20Tot25Jaar_8",
             "k_25Tot45Jaar_9", "k_45Tot65Jaar_10", "k_65Tot80Jaar_11", "k_80JaarOfOuder_12")
_BAND_TITLES = ("Jonger dan 5 jaar", "5 tot 10 jaar", "10 tot 15 jaar", "15 tot 20 jaar", "20 tot 25 jaar",
                "25 tot 45 jaar", "45 tot 65 jaar", "65 tot 80 jaar", "80 jaar of ouder")


def _relative_key(absolute: str) -> str:
    stem, number = absolute.rsplit("_", 1)
    return f"{stem}_{int(number) + 9}"


#: Migration background is empty for the latest years (whether 70072NED moved to
#: Herkomstland is unknown; the demo takes the harder case).
_MIGRATION_GAP_YEARS = 2


def _households_migration(persons: np.ndarray) -> dict[str, np.ndarray]:
    """Private households, one-person households and persons with a migration background
    ``[atom, year]``: central gemeenten have smaller households and more migrants."""
    atoms = world().atoms
    central = atoms["central"].to_numpy(dtype=float)[:, None]
    grey = atoms["grey"].to_numpy()[:, None]
    size = 2.25 - 0.35 * central - 0.1 * grey
    households = np.rint(persons / size)
    single = np.rint(households * (0.36 + 0.12 * central + 0.03 * grey))
    migrants = np.rint(persons * np.clip(0.15 + 0.22 * central - 0.06 * grey, 0.04, 0.6))
    return {"TotaalAantalParticuliereHuishoudens_82": households, "Eenpersoonshuishoudens_83": single,
            "TotaalMetMigratieachtergrond_35": migrants}


def kerncijfers(spec: TableSpec, seed: int) -> Content:
    """70072NED: population on 1 January, sex, age bands (absolute and %), households and
    migration background."""
    atoms, years = _atoms_years(*spec.years)
    persons = population(seed)[:, _year_index(years)]              # [atom, year, sex, age]
    arrays = {"TotaleBevolking_1": persons.sum(axis=(2, 3)), "Mannen_2": persons[:, :, 0].sum(axis=2),
              "Vrouwen_3": persons[:, :, 1].sum(axis=2)}
    both = persons.sum(axis=2)
    for key, (lo, hi) in zip(_ABSOLUTE, _AGE_BANDS):
        arrays[key] = both[:, :, lo:hi].sum(axis=2)
    arrays.update(_households_migration(arrays["TotaleBevolking_1"]))
    values = aggregate(world(), yearly(long_facts(arrays, {"atom": atoms, "year": years})), spec.levels, ["Perioden"])
    total = values["TotaleBevolking_1"]
    for key in _ABSOLUTE:
        values[_relative_key(key)] = np.round(values[key] / total * 100, 1)
    values["Eenpersoonshuishoudens_86"] = np.round(values["Eenpersoonshuishoudens_83"]
                                                   / values["TotaalAantalParticuliereHuishoudens_82"] * 100, 1)
    values["TotaalMetMigratieachtergrond_44"] = np.round(values["TotaalMetMigratieachtergrond_35"] / total * 100, 1)
    recent = values["Perioden"].isin([f"{y}JJ00" for y in years[-_MIGRATION_GAP_YEARS:]])
    values.loc[recent, ["TotaalMetMigratieachtergrond_35", "TotaalMetMigratieachtergrond_44"]] = np.nan
    known = {t.key: t for t in spec.topics}
    ages = known["JongerDan5Jaar_4"].group
    relative = known["JongerDan5Jaar_13"].group
    sexes = f"{known['TotaleBevolking_1'].group}/Geslacht"
    extra = [Topic("Mannen_2", "Mannen", "aantal", sexes, "Long"), Topic("Vrouwen_3", "Vrouwen", "aantal", sexes, "Long")]
    extra += [Topic(k, t, "aantal", ages, "Long") for k, t in zip(_ABSOLUTE, _BAND_TITLES)]
    extra += [Topic(_relative_key(k), t, "%", relative, decimals=1) for k, t in zip(_ABSOLUTE, _BAND_TITLES)]
    extra = [t for t in extra if t.key not in known]
    return Content(values, extra_topics=tuple(extra))


# --------------------------------------------------------------------------- 03759ned

#: Years of 03759ned in the demo (kept small: 2016, 2021 and 2026).
BEVOLKING_YEARS = (2016, 2021, 2026)


def bevolking_leeftijd(spec: TableSpec, seed: int) -> Content:
    """03759ned: persons by sex and single year of age (0-94, 95+), 1 January and average."""
    atoms = np.arange(len(world().atoms))
    years = np.array(BEVOLKING_YEARS)
    persons = population(seed)
    arrays = {}
    for name, offset in (("BevolkingOp1Januari_1", 0), ("next", 1)):
        index = np.minimum(_year_index(years) + offset, len(YEARS) - 1)
        by_sex = persons[:, index]                                  # [atom, year, sex, age]
        by_sex = np.concatenate([by_sex.sum(axis=2, keepdims=True), by_sex], axis=2)
        columns = [by_sex.sum(axis=3)] + [by_sex[..., a] for a in range(95)] + [by_sex[..., 95:].sum(axis=3),
                                                                              by_sex[..., 105:].sum(axis=3)]
        arrays[name] = np.stack(columns, axis=-1)                  # [atom, year, sex3, age98]
    sexes = [m[0] for m in spec.dimension("Geslacht").members]
    ages = [key for key, _ in spec.dimension("Leeftijd").members]       # Totaal, 0 … 94, 95+, 105+
    facts = yearly(long_facts(arrays, {"atom": atoms, "year": years, "Geslacht": sexes, "Leeftijd": ages}))
    values = aggregate(world(), facts, spec.levels, ["Perioden", "Geslacht", "Leeftijd"])
    latest = values["Perioden"] == f"{years[-1]}JJ00"
    average = (values["BevolkingOp1Januari_1"] + values.pop("next")) / 2
    values["GemiddeldeBevolking_2"] = np.where(latest, np.nan, np.rint(average))
    values["BurgerlijkeStaat"] = spec.dimension("BurgerlijkeStaat").members[0][0]
    return Content(values, period_keys=tuple(f"{y}JJ00" for y in years))


# --------------------------------------------------------------------------- labour tables

def _persoonskenmerken(cells: np.ndarray) -> dict[str, np.ndarray]:
    """Member key → ``[atom, year]`` sums of labour cells ``[atom, year, sex, group, edu]``."""
    return {
        TOTAL_PERSONS_KEY: cells.sum(axis=(2, 3, 4)), "3000": cells[:, :, 0].sum(axis=(2, 3)),
        "4000": cells[:, :, 1].sum(axis=(2, 3)),
        "53105": cells[:, :, :, 0].sum(axis=(2, 3)), "53500": cells[:, :, :, 1].sum(axis=(2, 3)),
        "53700": cells[:, :, :, 2].sum(axis=(2, 3)), "53950": cells[:, :, :, 3].sum(axis=(2, 3)),
        "2018700": cells[..., 0].sum(axis=(2, 3)), "2018740": cells[..., 1].sum(axis=(2, 3)),
        "2018790": cells[..., 2].sum(axis=(2, 3)),
    }


def _labour_facts(spec: TableSpec, seed: int, members: list[str]) -> pd.DataFrame:
    atoms, years = _atoms_years(*spec.years)
    cells = labour(seed)
    index = _year_index(years)
    arrays = {}
    for name, source in (("pop", cells.population), ("lf", cells.labour_force), ("emp", cells.employed)):
        by_member = _persoonskenmerken(source[:, index])
        arrays[name] = np.stack([by_member[m] for m in members], axis=-1)
    facts = long_facts(arrays, {"atom": atoms, "year": years, "Persoonskenmerken": members})
    facts = yearly(facts)
    return facts


def _thousands(values) -> np.ndarray:
    return np.round(np.asarray(values, dtype=float) / 1000)


#: Gemeente cells with fewer unemployed than this are unreliable ('.') in 86088NED.
_UNRELIABLE_BELOW = 500


def arbeidsdeelname(spec: TableSpec, seed: int) -> Content:
    """86088NED: labour force, employed, unemployed, rates; x 1 000 whole, % 1 decimal.

    As in a survey, the unemployment of small gemeenten (subgroups) is unreliable: null."""
    members = [m[0] for m in spec.dimension("Persoonskenmerken").members]
    values = aggregate(world(), _labour_facts(spec, seed, members), spec.levels, ["Perioden", "Persoonskenmerken"])
    pop, lf, emp = (values.pop(c) for c in ("pop", "lf", "emp"))
    values["BeroepsEnNietBeroepsbevolking_1"] = _thousands(pop)
    values["Beroepsbevolking_2"] = _thousands(lf)
    values["WerkzameBeroepsbevolking_3"] = _thousands(emp)
    values["WerklozeBeroepsbevolking_4"] = _thousands(lf - emp)
    values["Werkloosheidspercentage_5"] = np.round((lf - emp) / lf * 100, 1)
    values["NietBeroepsbevolking_6"] = _thousands(pop - lf)
    values["NettoArbeidsparticipatie_7"] = np.round(emp / pop * 100, 1)
    unreliable = values["RegioS"].str.startswith("GM") & (lf - emp < _UNRELIABLE_BELOW)
    values.loc[unreliable, ["WerklozeBeroepsbevolking_4", "Werkloosheidspercentage_5"]] = np.nan
    return Content(values)


def binding(spec: TableSpec, seed: int) -> Content:
    """86111NED by Geslacht: the population 15-75 split by its bond with the labour market.

    Werkzaam = wil meer uren werken (beschikbaar) + wil niet meer; niet-werkzaam = werkloos +
    niet-beroepsbevolking, which splits into beschikbaar niet gezocht (ontmoediging, andere
    reden), gezocht niet beschikbaar and niet gezocht niet beschikbaar."""
    facts = _labour_facts(spec, seed, [TOTAL_PERSONS_KEY, "3000", "4000"])
    facts["Persoonskenmerken"] = facts["Persoonskenmerken"].cat.rename_categories({TOTAL_PERSONS_KEY: "T001038"})
    covid = facts["year"].isin([2020, 2021]).to_numpy()
    unemployment = (facts["lf"] - facts["emp"]) / facts["lf"]
    semi = 0.075 * (facts["pop"] - facts["lf"]) * np.sqrt(unemployment / unemployment.mean())
    facts["available"], facts["searched"] = semi * 0.6, semi * 0.4
    facts["deeltijd"] = facts["emp"] * np.where(covid, 0.05, 0.04)
    facts = facts.rename(columns={"Persoonskenmerken": "Geslacht"})
    v = aggregate(world(), facts, spec.levels, ["Perioden", "Geslacht"])
    inactive = v["pop"] - v["lf"]
    parts = {
        "BeroepsEnNietBeroepsbevolking_1": v["pop"], "WerkzameBeroepsbevolking_2": v["emp"],
        "WilMeerUrenWerkenBeschikbaar_3": v["deeltijd"], "WilNietMeerWerkenOfNietBeschikbaar_4": v["emp"] - v["deeltijd"],
        "NietWerkzameBevolking_5": v["pop"] - v["emp"], "WerklozeBeroepsbevolking_6": v["lf"] - v["emp"],
        "NietBeroepsbevolking_7": inactive, "BeschikbaarNietGezocht_8": v["available"],
        "NietGezochtVanwegeOntmoediging_9": v["available"] * 0.3,
        "NietGezochtVanwegeAndereReden_10": v["available"] * 0.7, "GezochtNietBeschikbaar_11": v["searched"],
        "NietGezochtNietBeschikbaar_12": inactive - v["available"] - v["searched"],
    }
    values = v[["RegioS", "Perioden", "Geslacht"]].assign(**{key: _thousands(x) for key, x in parts.items()})
    return Content(values)


#: BRC 2014 beroepsklasse → (share of the employed in NL, relative share of 55-75 year olds).
_OCCUPATIONS = {
    "01": (7.5, 1.3), "02": (3.0, 0.9), "03": (10.0, 0.75), "04": (14.0, 1.05), "05": (4.5, 1.3),
    "06": (4.0, 1.2), "07": (15.0, 1.0), "08": (4.5, 0.6), "09": (2.2, 1.6), "10": (14.0, 1.0),
    "11": (10.0, 0.8), "12": (6.0, 1.15), "13": (2.5, 0.9),
}
#: Beroepsklasse → SBI letters whose regional specialisation lifts it.
_OCCUPATION_SECTORS = {"09": "A", "07": "C", "12": "H", "08": "J", "04": "K", "06": "O", "10": "Q"}


def beroepen(spec: TableSpec, seed: int) -> Content:
    """86112NED: employed by beroepsklasse, total and aged 55-75; x 1 000 (both sexes only)."""
    atoms, years = _atoms_years(*spec.years)
    w = world()
    rng = np.random.default_rng(np.random.PCG64([seed, 12]))
    cells = labour(seed).employed[:, _year_index(years)]
    employed = cells.sum(axis=(2, 3, 4))
    older = cells[:, :, :, 3].sum(axis=(2, 3))
    classes = list(_OCCUPATIONS)
    base = np.array([_OCCUPATIONS[c][0] for c in classes])
    tilt = np.ones((len(atoms), len(classes)))
    for i, cls in enumerate(classes):
        letter = _OCCUPATION_SECTORS.get(cls)
        if letter:
            tilt[:, i] = [REGION_PROFILES[am].sectors.get(letter, 1.0) ** 0.6 for am in w.atoms["am"]]
    hoog = w.atoms["hoog"].to_numpy()[:, None]
    tilt *= np.where(np.isin(classes, ["04", "05", "08", "02"]), hoog ** 0.5, hoog ** -0.3)
    shares = base * tilt * rng.lognormal(0, 0.06, tilt.shape)
    shares /= shares.sum(axis=1, keepdims=True)
    by_class = employed[:, :, None] * shares[:, None, :]
    weight = np.array([_OCCUPATIONS[c][1] for c in classes])
    by_class_old = by_class * weight
    by_class_old *= (older / by_class_old.sum(axis=2))[:, :, None]
    total = np.concatenate([employed[:, :, None], by_class], axis=2)
    total_old = np.concatenate([older[:, :, None], by_class_old], axis=2)
    arrays = {"WerkzameBeroepsbevolking_1": np.stack([total, total_old], axis=-1)}
    persons = [key for key, _ in spec.dimension("Persoonskenmerken").members]
    facts = long_facts(arrays, {"atom": atoms, "year": years, "Beroep": [m[0] for m in spec.dimension("Beroep").members],
                                "Persoonskenmerken": persons})
    facts = yearly(facts)
    values = aggregate(w, facts, spec.levels, ["Perioden", "Beroep", "Persoonskenmerken"])
    values["WerkzameBeroepsbevolking_1"] = _thousands(values["WerkzameBeroepsbevolking_1"])
    values["Geslacht"] = spec.dimension("Geslacht").members[0][0]
    return Content(values)


def onderwijsniveau(spec: TableSpec, seed: int) -> Content:
    """85525NED: population 15-75 (rounded to 100) and % laag/middelbaar/hoog.

    The smallest gemeente has no values in the last two years, as GM0088 at CBS in 2023 and 2024."""
    atoms, years = _atoms_years(*spec.years)
    cells = labour(seed).population[:, _year_index(years)]
    edu = cells.sum(axis=(2, 3))
    facts = long_facts({"pop": edu.sum(axis=2), "laag": edu[..., 0], "mid": edu[..., 1], "hoog": edu[..., 2]},
                       {"atom": atoms, "year": years})
    facts = yearly(facts)
    values = aggregate(world(), facts, spec.levels, ["Perioden"])
    pop = values.pop("pop")
    values["Bevolking_1"] = round_to(pop, 100)
    for key, column in (("k_1BasisonderwijsVmboMbo1_2", "laag"), ("k_2HavoVwoMbo24_3", "mid"), ("k_3HboWo_4", "hoog")):
        values[key] = np.round(values.pop(column) / pop * 100, 1)
    smallest = _smallest_gemeente(values)
    topics = [t.key for t in spec.topics]
    recent = values["Perioden"].isin([f"{year}JJ00" for year in years[-2:]])
    values.loc[(values["RegioS"] == smallest) & recent, topics] = np.nan
    values["Geslacht"] = spec.dimension("Geslacht").members[0][0]
    values["Leeftijd"] = spec.dimension("Leeftijd").members[0][0]
    return Content(values)


def _smallest_gemeente(values: pd.DataFrame) -> str:
    gm = values[values["RegioS"].str.startswith("GM")]
    return gm.groupby("RegioS")["Bevolking_1"].min().idxmin()


#: Persoonskenmerk (title) → (share of the population 15-75, % deelname, % formeel, % niet-formeel) in 2023.
_LEARNING = {"Totaal personen": (1.0, 32.4, 9.0, 27.0), "Leeftijd: 25 tot 65 jaar": (0.69, 26.4, 6.0, 23.0),
             "Onderwijsniveau: laag": (0.27, 18.0, 5.5, 14.0), "Onderwijsniveau: middelbaar": (0.38, 29.0, 8.0, 24.0),
             "Onderwijsniveau: hoog": (0.35, 45.0, 12.0, 39.0)}
#: National population 15-75 in 2023, thousands.
_POPULATION_15_75 = 13_326


def leeractiviteiten(spec: TableSpec, seed: int) -> Content:
    """85315NED (national): population 15-75 (x 1 000) by participation in lifelong learning."""
    rng = np.random.default_rng(np.random.PCG64([seed, 15]))
    persons = dict((title, key) for key, title in spec.dimension("Persoonskenmerken").members)
    llo = [key for key, _ in spec.dimension("LevenLangOntwikkelen").members]   # totaal, deelname, geen, formeel, niet
    rows = []
    for year in range(spec.years[0], spec.years[1] + 1):
        covid = {2020: -6.0, 2021: -3.0}.get(year, 0.0)
        trend = 0.3 * (year - 2023)
        for title, (share, part, formal, nonformal) in _LEARNING.items():
            pop = _POPULATION_15_75 * share * (1 + 0.004 * (year - 2023))
            rate = (part + covid + trend + rng.normal(0, 0.4)) / 100
            counts = (pop, pop * rate, pop * (1 - rate), pop * (formal + trend) / 100,
                      pop * (nonformal + covid + trend) / 100)
            rows += [{"Persoonskenmerken": persons[title], "LevenLangOntwikkelen": key, "Perioden": f"{year}JJ00",
                      "Bevolking15Tot75Jaar_1": round(count)} for key, count in zip(llo, counts)]
    values = pd.DataFrame(rows).assign(Geslacht=spec.dimension("Geslacht").members[0][0],
                                       Arbeidspositie=spec.dimension("Arbeidspositie").members[0][0])
    return Content(values)
