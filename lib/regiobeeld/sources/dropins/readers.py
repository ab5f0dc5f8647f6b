"""Read CSV and Excel exports into raw rows, without interpreting them.

Both readers return a :class:`RawTable`: the rows with their row number as the user sees
it (line in the CSV, row in Excel), and the comment lines (``#``). Excel formulas are
never evaluated: a formula cell is read as the value Excel cached, and a formula without a
cached value becomes a :class:`FormulaCell` that the validator rejects by cell name.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ...core.errors import DropinError

__all__ = ["RawTable", "FormulaCell", "read_table", "EXTENSIONS"]

EXTENSIONS = (".csv", ".xlsx")
SAMPLE_BYTES = 64 * 1024        # read to detect the encoding
MAX_COMMENTS = 50               # comment lines kept (the kind is named in the first ones)


@dataclass(frozen=True)
class FormulaCell:
    """An Excel formula cell without a cached value (never evaluated)."""

    ref: str        # e.g. "C5"
    formula: str    # e.g. "=B5*2"


@dataclass
class RawTable:
    """Rows of one file: ``rows`` yields (row number, cells) and may be iterated again (a
    CSV file is read lazily, per pass, so memory does not grow with the file);
    ``comments`` holds the ``#`` lines (at most :data:`MAX_COMMENTS`)."""

    rows: Iterable[tuple[int, list]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    cached_formulas: list[str] = field(default_factory=list)   # cells read as Excel's cached value


def read_table(path: Path, head: int | None = None) -> RawTable:
    """Read a ``.csv`` or ``.xlsx`` file; raise :class:`DropinError` when it cannot be read,
    whatever the reason (this is the one guarded reader of drop-in files). With ``head``,
    only the first ``head`` lines are read (enough for the comments at the top)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in EXTENSIONS:
        raise DropinError(f"{path.name}: onbekend bestandstype {suffix!r}; gebruik .csv of .xlsx.")
    try:
        return _read_csv(path, head) if suffix == ".csv" else _read_xlsx(path, head)
    except DropinError:
        raise
    except OSError as exc:
        raise DropinError(f"{path.name}: niet te lezen ({exc.strerror or type(exc).__name__}).") from None
    except Exception as exc:  # noqa: BLE001 - a corrupt file (bad XML, zip, cells) is a message, never a crash
        raise DropinError(f"{path.name}: niet te lezen ({type(exc).__name__}: {_short(exc)}).") from None


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 160 else text[:157] + "..."


def _encoding(path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 (BOM, or NUL bytes in every other position),
    else Windows-1252; DropinError when the file is neither text nor UTF-16."""
    with open(path, "rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if b"\0" in sample:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if max(even, odd) > len(sample) // 4 and min(even, odd) == 0:
            return "utf-16-le" if odd else "utf-16-be"
        raise DropinError(f"{path.name}: bevat NUL-tekens en is dus geen tekstbestand; "
                          "bewaar het als CSV (UTF-8) of .xlsx.")
    return "utf-8"


def _delimiter(path: Path, encoding: str) -> str:
    with open(path, encoding=encoding, errors="replace", newline="") as handle:
        for line in handle:
            stripped = line.strip()
            if stripped and not stripped.startswith("#"):
                counts = {d: line.count(d) for d in (";", ",", "\t")}
                best = max(counts, key=counts.get)
                return best if counts[best] else ";"
    return ";"


class _CsvRows:
    """The data rows of a CSV file, read from disk on every iteration."""

    def __init__(self, path: Path, encoding: str, delimiter: str):
        self.path, self.encoding, self.delimiter = path, encoding, delimiter

    def lines(self):
        """(line number, cells) of every non-empty line, comments included."""
        with open(self.path, encoding=self.encoding, newline="") as handle:
            reader = csv.reader(handle, delimiter=self.delimiter)
            start = 1
            try:
                for cells in reader:
                    line, start = start, reader.line_num + 1
                    yield line, cells
            except csv.Error as exc:
                raise DropinError(f"{self.path.name}, rij {start}: geen geldige CSV ({exc}).") from None

    def __iter__(self):
        for line, cells in self.lines():
            if _kind_of_row(cells) == "data":
                yield line, cells


def _read_csv(path: Path, head: int | None) -> RawTable:
    encoding = _encoding(path)
    if encoding == "utf-8":
        try:
            return _scan_csv(path, encoding, head)
        except UnicodeDecodeError:
            encoding = "cp1252"
    try:
        return _scan_csv(path, encoding, head)
    except UnicodeError:
        raise DropinError(f"{path.name}: geen leesbare tekst (verwacht UTF-8, UTF-16 of "
                          "Windows-1252).") from None


def _scan_csv(path: Path, encoding: str, head: int | None) -> RawTable:
    """One pass over the file (or its first ``head`` lines): it decodes and parses, and
    its comments are kept."""
    rows = _CsvRows(path, encoding, _delimiter(path, encoding))
    table = RawTable(rows=rows)
    for _, cells in itertools.islice(rows.lines(), head):
        if "\0" in "".join(cells):
            raise DropinError(f"{path.name}: bevat NUL-tekens; bewaar het als CSV (UTF-8) of .xlsx.")
        _add_row(table, cells, ";")
    return table


def _kind_of_row(cells: list) -> str:
    """``"empty"``, ``"comment"`` (first filled cell starts with ``#``) or ``"data"``."""
    first = next((c for c in cells if c is not None and str(c).strip() != ""), None)
    if first is None:
        return "empty"
    return "comment" if isinstance(first, str) and first.strip().startswith("#") else "data"


def _add_row(table: RawTable, cells: list, joiner: str, number: int | None = None) -> None:
    """Keep a comment line in ``table.comments``; with ``number``, a data row in ``table.rows``."""
    kind = _kind_of_row(cells)
    if kind == "comment" and len(table.comments) < MAX_COMMENTS:
        table.comments.append(joiner.join(str(c) for c in cells if c not in (None, "")).strip())
    elif kind == "data" and number is not None:
        table.rows.append((number, list(cells)))


def _read_xlsx(path: Path, head: int | None) -> RawTable:
    import openpyxl

    books = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions
            for data_only in (True, False):   # cached values, then the formulas; both streamed
                books.append(openpyxl.load_workbook(path, data_only=data_only, read_only=True))
            return _xlsx_rows(*(book.worksheets[0] for book in books), head)
    except Exception as exc:  # noqa: BLE001 - zip, XML and cell errors all mean: not a workbook
        raise DropinError(f"{path.name}: geen geldig Excel-bestand (.xlsx) ({type(exc).__name__}: "
                          f"{_short(exc)}).") from None
    finally:
        for book in books:
            book.close()


def _xlsx_rows(values, formulas, head: int | None) -> RawTable:
    """Rows of the first sheet (the first ``head``); read-only sheets yield every row,
    missing ones as empty, so the position is the row number."""
    table = RawTable()
    pairs = itertools.islice(zip(values.iter_rows(), formulas.iter_rows()), head)
    for number, (row_v, row_f) in enumerate(pairs, start=1):
        cells = []
        for cell_v, cell_f in zip(row_v, row_f):
            value, formula = cell_v.value, cell_f.value
            if isinstance(formula, str) and formula.startswith("="):
                if value is None:
                    value = FormulaCell(cell_f.coordinate, formula)
                else:
                    table.cached_formulas.append(cell_f.coordinate)
            cells.append(value)
        _add_row(table, cells, " ", number)
    return table
