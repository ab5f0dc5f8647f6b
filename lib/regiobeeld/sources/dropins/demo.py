"""Demonstration exports of every kind, generated deterministically.

They are written as real CSV and XLSX files into ``<cache_dir>/eigen-data-demo/`` and read
through the same reader and checks as an adviser's own files. Every file says in its
header comment that the figures are invented, and the provenance carries the demo flag, so
the source line never presents them as UWV, SBB, DUO or KVK figures.

Magnitudes follow the real dashboards roughly: about 560.000 GWU and 160.000 WW-uitkeringen
in Nederland, spanningsindicator values between 0,2 and 6, vsv around 2%.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np

from ...core.files import atomic_write
from ...core.regions import CODES
from .writers import write_csv, write_xlsx

__all__ = ["DEMO_VERSION", "DEMO_FOLDER", "ensure_demo_exports", "demo_exports_ready", "demo_rows"]

#: Bump when the generated figures change, so fingerprints change with them.
DEMO_VERSION = "2"
DEMO_FOLDER = "eigen-data-demo"

_NOTE = ["regiobeeld demonstratie-data: verzonnen cijfers, geen echte gegevens van UWV, SBB, DUO of KVK"]

BEROEPSKLASSEN = {  # UWV beroepsklasse → typical national spanningsindicator
    "Pedagogische beroepen": 2.4, "Creatieve en taalkundige beroepen": 0.45,
    "Commerciële beroepen": 0.9, "Bedrijfseconomische en administratieve beroepen": 0.7,
    "Managers": 0.8, "Openbaar bestuur, veiligheid en juridische beroepen": 1.9,
    "Technische beroepen": 4.2, "ICT-beroepen": 3.4, "Agrarische beroepen": 1.7,
    "Zorg en welzijn": 2.9, "Dienstverlenende beroepen": 1.2, "Transport en logistiek": 1.4,
    "Overige beroepen": 0.2,
}
KANSRIJK = [
    ("Verpleegkundige", "mbo 4"), ("Verzorgende IG", "mbo 3"), ("Elektromonteur", "mbo 2-3"),
    ("Installatiemonteur", "mbo 2-3"), ("Leraar basisonderwijs", "hbo"),
    ("Software-ontwikkelaar", "hbo"), ("Loodgieter", "mbo 2"), ("Timmerman", "mbo 2"),
    ("Onderhoudsmonteur", "mbo 3"), ("Pedagogisch medewerker kinderopvang", "mbo 3"),
    ("Vrachtwagenchauffeur", "mbo 2"), ("Procesoperator", "mbo 3-4"),
    ("Apothekersassistent", "mbo 4"), ("Werkvoorbereider bouw", "mbo 4"),
    ("Medewerker klantcontact ICT", "mbo 4"), ("Fysiotherapeut", "hbo"),
]
GWU_GROUPS = {"Totaal": 1.0, "WW": 0.17, "Bijstand": 0.38, "Arbeidsongeschiktheid": 0.16,
              "Zonder uitkering": 0.29, "Jonger dan 27 jaar": 0.14, "50 jaar of ouder": 0.36,
              "Laagopgeleid": 0.41}
WW_GROUPS = {"Totaal": 1.0, "Jonger dan 27 jaar": 0.09, "27 tot 50 jaar": 0.45,
             "50 jaar of ouder": 0.46, "Korter dan 6 maanden": 0.48, "6 maanden of langer": 0.52}
SECTORS = {"Totaal": 1.0, "Zorg en welzijn": 0.19, "Handel": 0.16, "Zakelijke dienstverlening": 0.14,
           "Industrie": 0.09, "Bouw": 0.07, "Horeca": 0.08, "Vervoer en logistiek": 0.06,
           "ICT": 0.06, "Onderwijs": 0.06, "Openbaar bestuur": 0.04, "Overig": 0.05}
SBB_SECTORS = {"Techniek en gebouwde omgeving": (0.30, 0.22), "Zorg, welzijn en sport": (0.20, 0.16),
               "Handel": (0.11, 0.17), "Mobiliteit, transport, logistiek en maritiem": (0.10, 0.08),
               "Voedsel, groen en gastvrijheid": (0.13, 0.16), "Ict en creatieve industrie": (0.05, 0.06),
               "Zakelijke dienstverlening en veiligheid": (0.06, 0.09),
               "Specialistisch vakmanschap": (0.05, 0.06)}
SBI = {"Totaal": 1.0, "A Landbouw, bosbouw en visserij": 0.04, "C Industrie": 0.04,
       "F Bouwnijverheid": 0.12, "G Handel": 0.16, "H Vervoer en opslag": 0.03,
       "I Horeca": 0.04, "J Informatie en communicatie": 0.06,
       "M Specialistische zakelijke diensten": 0.20, "P Onderwijs": 0.05,
       "Q Gezondheids- en welzijnszorg": 0.10, "Overige sectoren": 0.16}
QUARTERS = [f"{y}Q{q}" for y in (2023, 2024, 2025) for q in (1, 2, 3, 4)][2:10]   # 2023Q3–2025Q2
MONTHS = [f"2025-{m:02d}" for m in range(1, 7)]
SCHOOL_YEARS = [f"{y}/{y + 1}" for y in range(2019, 2024)]


def _rng(kind: str) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32(f"regiobeeld-demo-{kind}-{DEMO_VERSION}".encode()))


#: Rough inhabitants (x 1 000) per region in code order, so demo magnitudes look plausible.
_SIZES = (590, 650, 330, 630, 440, 690, 560, 390, 250, 430, 260, 1000, 330, 680, 350, 1400, 560,
          280, 1100, 1350, 300, 390, 670, 480, 680, 780, 290, 600, 290, 240, 350, 140, 710, 560, 380)


def _weights() -> dict[str, float]:
    """Each region's share of Nederland (sums to 1)."""
    raw = np.array(_SIZES, dtype=float) * _rng("weights").uniform(0.9, 1.1, len(CODES))
    return dict(zip(CODES, raw / raw.sum()))


def _counts(kind: str, national: float, groups: dict[str, float], periods: list[str]) -> list[list]:
    """Rows (region, period, group, count) with NL = the sum of the regions."""
    rng, weights, rows = _rng(kind), _weights(), []
    for p_idx, period in enumerate(periods):
        level = national * (1 + 0.01 * p_idx)
        totals = {g: 0 for g in groups}
        for code in CODES:
            tilt = rng.uniform(0.8, 1.2, len(groups))
            for (group, share), t in zip(groups.items(), tilt):
                value = int(round(level * weights[code] * share * (1.0 if group == "Totaal" else t)))
                totals[group] += value
                rows.append([code, period, group, value])
        rows += [["Nederland", period, g, v] for g, v in totals.items()]
    return rows


def demo_rows(kind: str) -> tuple[list[str], list[list]]:
    """(header, rows) of the demo export of ``kind``."""
    rng, weights = _rng(kind), _weights()
    if kind == "spanningsindicator":
        rows = []
        factors = dict(zip(CODES, rng.uniform(0.7, 1.35, len(CODES))))
        for q_idx, quarter in enumerate(QUARTERS):
            season = 1 + 0.08 * np.sin(q_idx / 1.3) - 0.015 * q_idx
            for code, factor in [*factors.items(), ("Nederland", 1.0)]:
                values = [round(float(base * factor * season * rng.uniform(0.85, 1.15)), 2)
                          for base in BEROEPSKLASSEN.values()]
                rows += [[code, quarter, k, v] for k, v in zip(BEROEPSKLASSEN, values)]
                rows.append([code, quarter, "Totaal", round(float(np.mean(values)) * 0.75, 2)])
        return ["regio", "periode", "beroepsklasse", "spanningsindicator"], rows
    if kind == "kansrijke_beroepen":
        rows = []
        for code in CODES:
            picks = rng.choice(len(KANSRIJK), size=8, replace=False)
            rows += [[code, *KANSRIJK[i], int(rng.integers(20, 400) * weights[code] * 35)] for i in sorted(picks)]
        return ["regio", "beroep", "niveau", "aantal"], rows
    if kind == "gwu":
        return ["regio", "periode", "kenmerk", "aantal"], _counts(kind, 560_000, GWU_GROUPS, MONTHS)
    if kind == "ww":
        return ["regio", "periode", "kenmerk", "aantal"], _counts(kind, 160_000, WW_GROUPS, MONTHS)
    if kind == "vacatures":
        return ["regio", "periode", "sector", "aantal"], _counts(kind, 410_000, SECTORS, QUARTERS)
    if kind == "vestigingen":
        return ["regio", "periode", "sector", "aantal"], _counts(kind, 2_400_000, SBI, ["2025"])
    if kind == "leerbanen":
        rows = []
        for code in [*CODES, "Nederland"]:
            w = 1.0 if code == "Nederland" else weights[code]
            parts = [[code, "2025", sector, int(70_000 * w * a * rng.uniform(0.8, 1.2)),
                      int(230_000 * w * b * rng.uniform(0.8, 1.2))]
                     for sector, (a, b) in SBB_SECTORS.items()]
            rows += [[code, "2025", "Totaal", sum(p[3] for p in parts), sum(p[4] for p in parts)], *parts]
        return ["regio", "periode", "sector", "leerbanen", "leerbedrijven"], rows
    if kind == "vsv":
        rows, totals = [], {}
        for code in CODES:
            base = rng.uniform(1.3, 2.6)
            for y_idx, year in enumerate(SCHOOL_YEARS):
                pupils = int(1_250_000 * weights[code] * (1 + 0.005 * y_idx))
                count = int(round(pupils * base / 100 * (1 + 0.04 * (y_idx - 2))))
                rows.append([code, year, count, pupils, round(100 * count / pupils, 2)])
                n, p = totals.get(year, (0, 0))
                totals[year] = (n + count, p + pupils)
        rows += [["Nederland", y, n, p, round(100 * n / p, 2)] for y, (n, p) in totals.items()]
        return ["regio", "schooljaar", "aantal", "deelnemers", "percentage"], rows
    raise KeyError(kind)


#: The demo file of each kind (name → kind). Two kinds as Excel, the rest CSV.
_FILES = {"spanningsindicator_demo.xlsx": "spanningsindicator", "vacatures_demo.xlsx": "vacatures",
          "kansrijke_beroepen_demo.csv": "kansrijke_beroepen", "gwu_demo.csv": "gwu",
          "ww_demo.csv": "ww", "leerbanen_demo.csv": "leerbanen", "vsv_demo.csv": "vsv",
          "vestigingen_demo.csv": "vestigingen"}


def demo_exports_ready(settings) -> bool:
    """True when ``<cache_dir>/eigen-data-demo/`` holds every demo export of :data:`DEMO_VERSION`."""
    folder = Path(settings.cache_dir) / DEMO_FOLDER
    return (folder / f".version-{DEMO_VERSION}").exists() and all((folder / name).exists() for name in _FILES)


def ensure_demo_exports(settings) -> Path:
    """Write the demo exports into ``<cache_dir>/eigen-data-demo/`` (once per
    :data:`DEMO_VERSION`) and return that folder."""
    folder = Path(settings.cache_dir) / DEMO_FOLDER
    if demo_exports_ready(settings):
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for name, kind in _FILES.items():
        header, rows = demo_rows(kind)
        write = write_xlsx if name.endswith(".xlsx") else write_csv
        # the temporary file is hidden (never listed as an export); no reader sees half a file
        atomic_write(folder / name, write=lambda tmp: write(tmp, [*_NOTE, f"soort: {kind}"], header, rows))
    (folder / f".version-{DEMO_VERSION}").touch()
    return folder
