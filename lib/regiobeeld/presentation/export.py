"""The reusable figures of a bundle: ``indicators.csv`` (Dutch Excel) and ``indicators.xlsx``
(one sheet per theme), both with Dutch headers.

Each row is one value of one region (or its province, or Nederland for national-only
indicators) with its period in words, Nederland's value, the neighbours' mean, the rank
among the regions and the level explained (see :meth:`IndicatorSet.records`).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..indicators.gemeenten import has_gemeente_values
from ..indicators.specs import LEVEL_TEXT, SPECS, THEMES
from .spreadsheet import write_workbook

__all__ = ["CSV_COLUMNS", "write_csv", "join_csv", "write_xlsx"]

#: Record key → Dutch column header, in column order.
CSV_COLUMNS = {
    "region": "Regio", "area_code": "Gebied", "theme": "Thema", "indicator": "Indicator (code)",
    "label": "Indicator", "category": "Categorie", "period": "Periode (code)", "period_label": "Periode",
    "period_status": "Status (* voorlopig)", "value": "Waarde", "unit": "Eenheid", "nl": "Nederland",
    "neighbours_mean": "Gemiddelde buurregio's", "rank": "Rang (1 = hoogste)", "ranked": "Aantal regio's in rang",
    "level": "Niveau (code)", "level_text": "Niveau", "source_table": "CBS-tabel",
}


def _rows(records: list[dict]) -> tuple[list[str], list[list]]:
    """Headers and rows: the known columns in order (Dutch), then any other key as it is."""
    extra = sorted({key for record in records for key in record} - set(CSV_COLUMNS) - {"level_text"})
    keys = [*CSV_COLUMNS, *extra]
    level = keys.index("level_text")
    texts: dict[tuple, str] = {}            # (level, indicator) → level text: few, asked per row
    rows = []
    for record in records:
        row = [*map(record.get, keys)]
        about = record.get("level"), record.get("indicator")
        if about not in texts:
            texts[about] = _level_text(*about)
        row[level] = texts[about]
        rows.append(row)
    return [CSV_COLUMNS.get(key, key) for key in keys], rows


def _level_text(level, indicator) -> str:
    """The level in words, and whether the indicator is also computed per gemeente."""
    text = LEVEL_TEXT.get(level, "")
    spec = SPECS.get(indicator)
    return f"{text}; ook per gemeente berekend" if text and spec is not None and has_gemeente_values(spec) else text


def write_csv(path: Path, records: list[dict]) -> None:
    """Long-format indicators for Dutch Excel: UTF-8 with BOM, ``;``, decimal comma."""
    headers, rows = _rows(records)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
    Path(path).write_text("\ufeff" + buffer.getvalue(), encoding="utf-8")


def join_csv(path: Path, parts: list[Path]) -> bool:
    """Write the rows of ``parts`` (files of :func:`write_csv`), in order, under their common
    header into ``path``: the national file from the regions' files, without formatting every
    value again. False, and nothing written, when the headers differ."""
    header, bodies = None, []
    for part in parts:
        first, _, body = Path(part).read_bytes().partition(b"\r\n")
        if header is not None and first != header:
            return False
        header = first
        bodies.append(body)
    if header is None:
        return False
    Path(path).write_bytes(b"\r\n".join([header, b"".join(bodies)]))
    return True


def _csv_value(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float):
        return repr(value).replace(".", ",") if not value.is_integer() else str(int(value))
    return str(value)


def write_xlsx(path: Path, records: list[dict]) -> None:
    """The same rows as :func:`write_csv` in an Excel workbook, one sheet per theme (Aanbod,
    Vraag, Mismatch) with numbers as numbers and a frozen header row; the same rows always
    give the same bytes, so an unchanged region keeps an unchanged file."""
    headers, rows = _rows(records)
    theme = headers.index(CSV_COLUMNS["theme"])
    write_workbook(path, [(title, headers, [row for row in rows if row[theme] == key])
                          for key, title in THEMES.items()])
