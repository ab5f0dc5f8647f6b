"""The reusable figures of a bundle: ``indicators.csv`` (Dutch Excel) and ``indicators.xlsx``
(one sheet per theme), both with Dutch headers.

Each row is one value of one region (or its province, or Nederland for national-only
indicators) with its period in words, Nederland's value, the neighbours' mean, the rank
among the regions and the level explained (see :meth:`IndicatorSet.records`).
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from pathlib import Path

from ..indicators.gemeenten import has_gemeente_values
from ..indicators.specs import LEVEL_TEXT, SPECS, THEMES

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
    rows = [[_level_text(r) if key == "level_text" else r.get(key) for key in keys] for r in records]
    return [CSV_COLUMNS.get(key, key) for key in keys], rows


def _level_text(record: dict) -> str:
    """The level in words, and whether the indicator is also computed per gemeente."""
    text = LEVEL_TEXT.get(record.get("level"), "")
    spec = SPECS.get(record.get("indicator"))
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
    Vraag, Mismatch) with numbers as numbers and a frozen header row."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    headers, rows = _rows(records)
    theme = headers.index(CSV_COLUMNS["theme"])
    book = Workbook(write_only=True)
    for key, title in THEMES.items():
        sheet = book.create_sheet(title)
        sheet.freeze_panes = "A2"
        head = [WriteOnlyCell(sheet, value=h) for h in headers]
        for cell in head:
            cell.font = Font(bold=True)
        sheet.append(head)
        for row in rows:
            if row[theme] == key:
                sheet.append([None if isinstance(v, float) and v != v else v for v in row])
    book.save(path)
    _without_timestamps(Path(path))


#: The creation and change times openpyxl writes into docProps/core.xml.
_CORE_TIMES = re.compile(rb"<dcterms:(created|modified)\b[^>]*>[^<]*</dcterms:\1>")


def _without_timestamps(path: Path) -> None:
    """Rewrite the workbook without the save time (in its properties and its zip entries),
    so the same rows always give the same bytes and an unchanged region stays unchanged."""
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    partial = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members:
            if name == "docProps/core.xml":
                data = _CORE_TIMES.sub(b"", data)
            target.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data,
                            compress_type=zipfile.ZIP_DEFLATED)
    os.replace(partial, path)

