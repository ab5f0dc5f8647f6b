"""Demo tables of the aanbod outlook: the regional population forecast (85171NED), WW
seasonally corrected (85554NED) and young people in a vulnerable position (86223NED).

The forecast continues each atom's own growth from the latest demo year, slowing down,
and is published per gemeente of the **2021** indeling (so the gemeenten that merged
later appear under their old codes). WW is the benefit model of :mod:`.support` without
its seasonal swing. Young people 15-27 are split by education, work, benefit and UWV
registration from the population model; every total is a sum of the same cells.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...core.catalog import TableSpec
from .content import Content, long_facts, round_to, yearly
from .labour import labour
from .levels import aggregate
from .population import YEARS, population
from .support import MONTHS_FROM, benefits, monthly, months, season
from .world import gemeente_codes, world

__all__ = ["prognose", "ww_seizoengecorrigeerd", "jongeren", "INDELING_YEAR"]

#: The gemeente indeling of the forecast tables.
INDELING_YEAR = 2021
#: Growth of the forecast halves every this many years after the latest demo year.
_GROWTH_HALF_LIFE = 15


def prognose(spec: TableSpec, seed: int) -> Content:
    """85171NED: total population x 1 000 (one decimal) per gemeente of the 2021 indeling."""
    w = world()
    atoms = w.atoms
    years = np.arange(spec.years[0], spec.years[1] + 1)
    persons = population(seed).sum(axis=(2, 3)).astype(float)            # [atom, year]
    last = YEARS[-1]
    growth = atoms["growth"].to_numpy()[:, None] / 100
    ahead = np.maximum(years - last, 0)[None, :]
    factor = np.exp(growth * _GROWTH_HALF_LIFE / np.log(2) * (1 - 0.5 ** (ahead / _GROWTH_HALF_LIFE)))
    observed = persons[:, np.minimum(years, last) - YEARS[0]]
    projected = observed * factor
    codes = gemeente_codes(atoms, np.full(len(atoms), INDELING_YEAR))
    by_gemeente = pd.DataFrame(projected, index=codes, columns=[f"{y}JJ00" for y in years]).groupby(level=0).sum()
    values = by_gemeente.stack().rename("TotaleBevolking_1").reset_index()
    values.columns = ["RegioIndeling2021", "Perioden", "TotaleBevolking_1"]
    values["TotaleBevolking_1"] = np.round(values["TotaleBevolking_1"] / 1000, 1)
    values["Geslacht"], values["Leeftijd"] = "T001038", "10000"
    alive = w.gemeenten[(w.gemeenten["first_year"] <= INDELING_YEAR) & (w.gemeenten["last_year"] >= INDELING_YEAR)]
    regions = sorted(zip(alive["code"], alive["name"]))
    return Content(values, regions=regions, period_text=f"{years[0]}-{years[-1]}", final=True)


def ww_seizoengecorrigeerd(spec: TableSpec, seed: int) -> Content:
    """85554NED: persons with WW per month without the seasonal swing, rounded to tens,
    with a 95% interval (wider for smaller regions)."""
    shown = months(spec)
    start = (spec.years[0] - MONTHS_FROM) * 12
    ww = benefits(seed, *shown[-1])["ww"][:, start:start + len(shown)]
    corrected = ww / np.array([season(m) for _, m in shown])[None, :]
    facts = monthly(long_facts({"ww": corrected}, {"atom": np.arange(len(corrected)),
                                                   "month": np.arange(len(shown))}), shown)
    values = aggregate(world(), facts, spec.levels, ["Perioden"])
    value = values.pop("ww")
    margin = 1.96 * 3 * np.sqrt(value)
    marges = spec.dimension("Marges").members
    parts = [values.assign(Marges=key, PersonenMetEenWerkloosheidsuitkering_1=round_to(v, 10))
             for (key, _), v in zip(marges, (value, value - margin, value + margin))]
    out = pd.concat(parts, ignore_index=True)
    for dim in ("Geslacht", "Leeftijd", "Migratieachtergrond"):
        out[dim] = spec.dimension(dim).members[0][0]
    return Content(out)


#: Chances per young person: in education; working (in education, not); a benefit and a
#: UWV registration for those who neither learn nor work, and for the others.
_IN_EDUCATION, _WORKING = 0.62, (0.55, 0.86)
_BENEFIT, _REGISTERED = (0.32, 0.03), (0.28, 0.03)


def _youth_cells(seed: int, years: np.ndarray) -> np.ndarray:
    """Young people 15-27 as floats ``[atom, year, education, work, benefit, registered]``
    (index 0 = yes, 1 = no)."""
    atoms = world().atoms
    young = population(seed)[:, years - YEARS[0], :, 15:27].sum(axis=(2, 3)).astype(float)
    cells = labour(seed)
    unemployment = cells.unemployed.sum(axis=(2, 3, 4)) / cells.labour_force.sum(axis=(2, 3, 4))
    u = (unemployment / unemployment.mean(axis=0))[:, years - YEARS[0]]
    edu = np.clip(_IN_EDUCATION + 0.08 * atoms["student"].to_numpy()[:, None], 0, 0.9) * np.ones_like(u)
    out = np.zeros((*young.shape, 2, 2, 2, 2))
    for e, p_edu in enumerate((edu, 1 - edu)):
        work = np.clip(_WORKING[e] / u ** (0.3 * e), 0, 0.95)
        for k, p_work in enumerate((work, 1 - work)):
            vulnerable = int(e == 1 and k == 1)
            benefit = np.clip(_BENEFIT[1 - vulnerable] * u ** 0.5, 0, 0.9)
            registered = np.clip(_REGISTERED[1 - vulnerable] * u ** 0.5, 0, 0.9)
            for b, p_b in enumerate((benefit, 1 - benefit)):
                for r, p_r in enumerate((registered, 1 - registered)):
                    out[:, :, e, k, b, r] = young * p_edu * p_work * p_b * p_r
    return out


def _with_totals(cells: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
    """``cells`` with a total first along each of ``axes`` (member order: total, yes, no)."""
    for axis in axes:
        cells = np.concatenate([cells.sum(axis=axis, keepdims=True), cells], axis=axis)
    return cells


def jongeren(spec: TableSpec, seed: int) -> Content:
    """86223NED: young people 15-27 by the four dimensions, rounded to hundreds; the UWV
    dimension has no total (as on the CBS page)."""
    years = np.arange(spec.years[0], spec.years[1] + 1)
    cells = _with_totals(_youth_cells(seed, years), (2, 3, 4))
    dims = [d for d in spec.dimensions if d.type == "Dimension"]
    axes = {"atom": np.arange(cells.shape[0]), "year": years,
            **{d.key: [key for key, _ in d.members] for d in dims}}
    facts = yearly(long_facts({"Jongeren15Tot27Jaar_1": cells}, axes))
    values = aggregate(world(), facts, spec.levels, ["Perioden", *(d.key for d in dims)])
    values["Jongeren15Tot27Jaar_1"] = round_to(values["Jongeren15Tot27Jaar_1"], 100)
    return Content(values)
