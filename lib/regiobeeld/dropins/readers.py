"""Read CSV and Excel exports into raw rows, without interpreting them.

Both readers return a :class:`RawTable`: the rows with their row number as the user sees
it (line in the CSV, row in Excel), and the comment lines (``#``). Excel formulas are
never evaluated: a formula cell is read as the value Excel cached, and a formula without a
cached value becomes a :class:`FormulaCell` that the validator rejects by cell name.
"""

from __future__ import annotations

import csv
import io
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DropinError

__all__ = ["RawTable", "FormulaCell", "read_table", "EXTENSIONS"]

EXTENSIONS = (".csv", ".xlsx")


@dataclass(frozen=True)
class FormulaCell:
    """An Excel formula cell without a cached value (never evaluated)."""

    ref: str        # e.g. "C5"
    formula: str    # e.g. "=B5*2"


@dataclass
class RawTable:
    """Rows of one file: ``rows`` holds (row number, cells); ``comments`` the ``#`` lines."""

    rows: list[tuple[int, list]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    cached_formulas: list[str] = field(default_factory=list)   # cells read as Excel's cached value


def read_table(path: Path) -> RawTable:
    """Read a ``.csv`` or ``.xlsx`` file; raise :class:`DropinError` when it cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path)
    if suffix == ".xlsx":
        return _read_xlsx(path)
    raise DropinError(f"{path.name}: onbekend bestandstype {suffix!r}; gebruik .csv of .xlsx.")


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise DropinError(f"{name}: geen leesbare tekst (verwacht UTF-8 of Windows-1252).") from None


def _delimiter(text: str) -> str:
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            counts = {d: line.count(d) for d in (";", ",", "\t")}
            best = max(counts, key=counts.get)
            return best if counts[best] else ";"
    return ";"


def _read_csv(path: Path) -> RawTable:
    text = _decode(path.read_bytes(), path.name)
    table = RawTable()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    start = 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            _add_row(table, line, cells, ";")
    except csv.Error as exc:
        raise DropinError(f"{path.name}, rij {start}: geen geldige CSV ({exc}).") from None
    return table


def _add_row(table: RawTable, number: int, cells: list, joiner: str) -> None:
    first = next((c for c in cells if c is not None and str(c).strip() != ""), None)
    if first is None:
        return
    if isinstance(first, str) and first.strip().startswith("#"):
        table.comments.append(joiner.join(str(c) for c in cells if c not in (None, "")).strip())
        return
    table.rows.append((number, list(cells)))


def _read_xlsx(path: Path) -> RawTable:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException
    from zipfile import BadZipFile

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions
            values = openpyxl.load_workbook(path, data_only=True)
            formulas = openpyxl.load_workbook(path, data_only=False)
    except (InvalidFileException, BadZipFile, KeyError, OSError) as exc:
        raise DropinError(f"{path.name}: geen geldig Excel-bestand (.xlsx) ({exc}).") from None
    try:
        sheet, raw = values.worksheets[0], formulas.worksheets[0]
        table = RawTable()
        for row_v, row_f in zip(sheet.iter_rows(), raw.iter_rows()):
            cells = []
            for cell_v, cell_f in zip(row_v, row_f):
                value, formula = cell_v.value, cell_f.value
                if isinstance(formula, str) and formula.startswith("="):
                    if value is None:
                        value = FormulaCell(cell_f.coordinate, formula)
                    else:
                        table.cached_formulas.append(cell_f.coordinate)
                cells.append(value)
            if row_v:
                _add_row(table, row_v[0].row, cells, " ")
        return table
    finally:
        values.close()
        formulas.close()
