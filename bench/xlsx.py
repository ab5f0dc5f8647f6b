"""Benchmark the bundle's Excel files: ``indicators.xlsx`` for all 35 regions. Prints figures.

    .venv/bin/python bench/xlsx.py [--repeat 3] [--openpyxl]

The records are those of every indicator present for every region, as
:meth:`IndicatorSet.records` gives them to the pages (NaN as ``None``, as they travel), from
the data stage of ``REGIOBEELD_SOURCE`` (demo by default; run first and not timed; about
1.300 rows of 18 columns per region). Each repeat writes the 35 workbooks with
:func:`regiobeeld.presentation.export.write_xlsx` into a temporary folder and prints wall
seconds, CPU-seconds (this process) and the total size; the best of the repeats is printed
last. ``--openpyxl`` also times the writer the bundle used before (openpyxl in write-only
mode, then the zip rewritten without its timestamps), for comparison.
"""

from __future__ import annotations

import argparse
import math
import re
import statistics
import tempfile
import time
import zipfile
from pathlib import Path

from regiobeeld.core.settings import Settings
from regiobeeld.indicators import prepare
from regiobeeld.presentation.export import write_xlsx


def region_records() -> dict[str, list[dict]]:
    """Region code → the records of every indicator present, NaN as ``None``."""
    from regiobeeld.core.regions import CODES

    indicators = prepare(Settings.from_env())
    return {code: [{key: None if isinstance(value, float) and math.isnan(value) else value
                    for key, value in record.items()}
                   for indicator in indicators.indicators for record in indicators.records(indicator, code)]
            for code in CODES}


def openpyxl_xlsx(path: Path, records: list[dict]) -> None:
    """The writer before ``presentation/spreadsheet.py``, kept here only to compare with."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from regiobeeld.indicators.specs import THEMES
    from regiobeeld.presentation.export import CSV_COLUMNS, _rows

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
                sheet.append(row)
    book.save(path)
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members:
            if name == "docProps/core.xml":
                data = re.sub(rb"<dcterms:(created|modified)\b[^>]*>[^<]*</dcterms:\1>", b"", data)
            target.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data,
                            compress_type=zipfile.ZIP_DEFLATED)


def measure(write, records: dict[str, list[dict]]) -> tuple[float, float, int]:
    """Wall seconds, CPU-seconds and total bytes of writing every region's workbook."""
    with tempfile.TemporaryDirectory(prefix="regiobeeld-bench-") as folder:
        wall, cpu = time.perf_counter(), time.process_time()
        for code, rows in records.items():
            write(Path(folder) / f"{code}.xlsx", rows)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        size = sum(path.stat().st_size for path in Path(folder).iterdir())
    return wall, cpu, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per writer (default 3)")
    parser.add_argument("--openpyxl", action="store_true", help="also time the openpyxl writer of before")
    args = parser.parse_args()
    started = time.perf_counter()
    records = region_records()
    rows = sum(map(len, records.values()))
    print(f"records: {len(records)} regions, {rows} rows ({rows / len(records):.0f} per region), "
          f"data stage {time.perf_counter() - started:.1f} s (not timed below)")
    writers = {"regiobeeld": write_xlsx, **({"openpyxl (before)": openpyxl_xlsx} if args.openpyxl else {})}
    for name, write in writers.items():
        runs = [measure(write, records) for _ in range(max(1, args.repeat))]
        for wall, cpu, size in runs:
            print(f"{name:<18} 35 workbooks: {wall:6.2f} s wall {cpu:6.2f} CPU-s {size / 2**20:6.2f} MB")
        wall, cpu = min(r[0] for r in runs), min(r[1] for r in runs)
        print(f"{name:<18} best: {wall:.2f} s wall, {cpu:.2f} CPU-s ({cpu / len(records) * 1000:.1f} ms per workbook); "
              f"median {statistics.median(r[1] for r in runs):.2f} CPU-s")


if __name__ == "__main__":
    main()
