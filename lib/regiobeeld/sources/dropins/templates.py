"""Empty templates per kind: header comments with the dashboard link, columns, example rows.

Template files are named ``sjabloon_<kind>.csv``/``.xlsx`` so that they are never read as
data, even inside the drop-in folder; the comment says to rename the file.
"""

from __future__ import annotations

from pathlib import Path

from .schemas import SCHEMAS, Schema
from .writers import write_csv, write_xlsx

__all__ = ["write_templates", "template_comments", "EXAMPLES"]

#: Example rows per kind, in schema column order.
EXAMPLES: dict[str, list[list]] = {
    "spanningsindicator": [["AM22", "2025Q2", "ICT-beroepen", 2.45],
                           ["Rijnmond", "2025Q2", "Totaal", 1.12],
                           ["Nederland", "2025Q2", "ICT-beroepen", 2.8]],
    "kansrijke_beroepen": [["AM22", "Verpleegkundige", "mbo 4", 180],
                           ["Rijnmond", "Elektromonteur", "mbo 2-3", None]],
    "gwu": [["AM22", "2025-06", "Totaal", 61234], ["AM22", "2025-06", "50 jaar of ouder", 21000],
            ["Nederland", "2025-06", "Totaal", 561000]],
    "ww": [["AM22", "2025-06", "Totaal", 15210], ["AM22", "2025-06", "Jonger dan 27 jaar", 1400],
           ["Nederland", "2025-06", "Totaal", 160500]],
    "vacatures": [["AM22", "2025Q2", "Totaal", 38000], ["AM22", "2025Q2", "Zorg en welzijn", 7100]],
    "leerbanen": [["AM22", "2025", "Techniek en gebouwde omgeving", 2100, 5400],
                  ["AM22", "2025", "Zorg, welzijn en sport", 1500, 3100]],
    "vsv": [["AM23", "2023/2024", 1350, 61000, 2.2], ["GM0599", "2023/2024", 780, 30500, 2.56]],
    "vestigingen": [["AM22", "2025", "Totaal", 160000], ["AM22", "2025", "G Handel", 24500]],
}


def template_comments(schema: Schema) -> list[str]:
    """The ``#`` lines above a template's header."""
    lines = [f"regiobeeld sjabloon: {schema.title}",
             f"soort: {schema.kind}"]
    lines += [f"Bron: {name}, {url}" for name, url in schema.sources]
    for col in schema.columns:
        need = "verplicht" if col.required else "mag ontbreken"
        unit = f", eenheid {col.unit}" if col.unit else ""
        lines.append(f"kolom {col.name} ({need}{unit}): {col.description}")
    lines += [f"Sla op als {schema.prefixes[0]}_<periode>.csv of .xlsx in de map voor eigen data "
              "en vervang de voorbeeldrijen door de cijfers uit het dashboard.",
              "Uitleg: docs/eigen-data.md"]
    return lines


def write_templates(folder: Path, xlsx: bool = True) -> list[Path]:
    """Write ``sjabloon_<kind>.csv`` (and ``.xlsx``) for every kind into ``folder``;
    return the paths written."""
    folder = Path(folder)
    written = []
    for kind, schema in SCHEMAS.items():
        header = [c.name for c in schema.columns]
        comments = template_comments(schema)
        written.append(write_csv(folder / f"sjabloon_{kind}.csv", comments, header, EXAMPLES[kind]))
        if xlsx:
            written.append(write_xlsx(folder / f"sjabloon_{kind}.xlsx", comments, header, EXAMPLES[kind]))
    return written
