"""Every region's ``indicators.xlsx`` of the demo world, read back with openpyxl and pandas,
holds exactly the cells its records call for: values and their types, the General number
format, a bold header and nothing else bold, no alignment, the column widths, the frozen
header, the sheet names and their order. The expectations are derived here from the
records, and pandas reads the same frames as from the same rows written by openpyxl."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from regiobeeld.core.regions import CODES
from regiobeeld.core.settings import Settings
from regiobeeld.indicators import ensure_indicators
from regiobeeld.indicators.specs import THEMES
from regiobeeld.presentation.export import CSV_COLUMNS, _rows, write_xlsx

pytestmark = pytest.mark.integration

#: The regions whose frames pandas reads (a whole world of them adds nothing but time).
PANDAS_REGIONS = ("AM22", "AM01", "AM38")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Region code → the records of every indicator present (as the bench writes them)."""
    iset = ensure_indicators(Settings(cache_root=tmp_path_factory.mktemp("cache")))
    return {code: [record for indicator in iset.indicators for record in iset.records(indicator, code)]
            for code in CODES}


def expected_sheets(records: list[dict]) -> dict[str, tuple[list[str], list[list]]]:
    """Sheet name → header and rows (empty values as ``None``), one sheet per theme in order."""
    headers, rows = _rows(records)
    theme = headers.index(CSV_COLUMNS["theme"])
    return {title: (headers, [[_value(v) for v in row] for row in rows if row[theme] == key])
            for key, title in THEMES.items()}


def _value(value):
    """What a cell of ``value`` holds: nothing for None, NaN, infinities and empty text."""
    if value is None or value == "" or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return value


def _kind(value) -> tuple[str, type]:
    """openpyxl's data type of a cell of ``value`` and the type it reads back (a whole number
    is an int: Excel has one kind of number)."""
    if value is None:
        return "n", type(None)
    if isinstance(value, bool):
        return "b", bool
    if isinstance(value, str):
        return "s", str
    return "n", int if float(value).is_integer() else float


def _width(header: str, column: list) -> int:
    """The documented width: the longest text of the column or its header (bold: × 1,1),
    at least 10 characters, plus 2, at most 60."""
    longest = max([len(header), *(len(v) for v in column if isinstance(v, str))])
    return min(60, max(longest, round(len(header) * 1.1), 10) + 2)


def test_every_cell_of_every_region_is_what_its_records_call_for(world, tmp_path):
    checked = 0
    for code, records in world.items():
        sheets = expected_sheets(records)
        assert not any(re.search("_x[0-9A-Fa-f]{4}_", v) for _, rows in sheets.values()   # (openpyxl would
                       for row in rows for v in row if isinstance(v, str))             # not read them as Excel)
        path = tmp_path / f"{code}.xlsx"
        write_xlsx(path, records)
        book = load_workbook(path)
        try:
            assert book.sheetnames == list(sheets)
            for title, (headers, rows) in sheets.items():
                sheet = book[title]
                assert sheet.freeze_panes == "A2"
                assert (sheet.max_row, sheet.max_column) == (len(rows) + 1, len(headers))
                for number, (cells, values) in enumerate(zip(sheet.iter_rows(), [headers, *rows], strict=True), 1):
                    for cell, value in zip(cells, values, strict=True):
                        assert (cell.value, (cell.data_type, type(cell.value))) == (value, _kind(value)), \
                            (code, title, cell.coordinate)
                        assert cell.font.b is (number == 1) and cell.number_format == "General"
                        alignment = cell.alignment      # (== Alignment() takes 10 times as long)
                        assert (alignment.horizontal, alignment.vertical, alignment.wrap_text, alignment.indent) \
                            == (None, None, None, 0)
                        checked += 1
                widths = {letter: dim.width for letter, dim in sheet.column_dimensions.items()}
                assert list(widths.values()) == [_width(h, [row[i] for row in rows]) for i, h in enumerate(headers)]
        finally:
            book.close()
    assert checked > 35 * 20_000


def test_pandas_reads_the_same_frames_as_from_openpyxl(world, tmp_path):
    for code in PANDAS_REGIONS:
        ours, theirs = tmp_path / f"{code}.xlsx", tmp_path / f"{code}-openpyxl.xlsx"
        write_xlsx(ours, world[code])
        book = Workbook()
        book.remove(book.active)
        for title, (headers, rows) in expected_sheets(world[code]).items():
            sheet = book.create_sheet(title)
            sheet.append(headers)
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for row in rows:
                sheet.append(row)
        book.save(theirs)
        frames, expected = pd.read_excel(ours, sheet_name=None), pd.read_excel(theirs, sheet_name=None)
        assert list(frames) == list(expected) == list(THEMES.values())
        for title, frame in expected.items():
            assert len(frame) > 0 or title == "Mismatch"
            pd.testing.assert_frame_equal(frames[title], frame, check_exact=True)
