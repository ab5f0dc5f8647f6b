"""Write export-shaped CSV and XLSX files (templates and demo exports).

Files are written to a temporary name and moved into place, so parallel notebook runs
never read a half-written file.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ...core.files import atomic_write

__all__ = ["write_csv", "write_xlsx", "cell_text"]


def cell_text(value: object) -> str:
    """A value as a Dutch CSV cell: decimal comma, no thousands separator."""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",") if not value.is_integer() else str(int(value))
    return "" if value is None else str(value)


def _replace(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return atomic_write(path, data)


def write_csv(path: Path, comments: list[str], header: list[str], rows: list[list]) -> Path:
    """``;``-separated UTF-8 CSV with ``#`` comment lines above the header."""
    buf = io.StringIO(newline="")
    for line in comments:
        buf.write(f"# {line}\r\n")
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[cell_text(v) for v in row] for row in rows])
    return _replace(Path(path), buf.getvalue().encode("utf-8"))


def write_xlsx(path: Path, comments: list[str], header: list[str], rows: list[list]) -> Path:
    """One-sheet workbook: comment rows (``# …`` in column A), the header, then values."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "export"
    for line in comments:
        sheet.append([f"# {line}"])
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buf = io.BytesIO()
    book.save(buf)
    return _replace(Path(path), buf.getvalue())
