"""The bundle's own Excel writer, read back with openpyxl: sheets in order, a bold frozen
header, numbers as numbers, empty cells empty, text escaped, the same bytes every time, and
the same cells as openpyxl's own writer gave."""

from __future__ import annotations

import math
import re
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from regiobeeld.presentation.spreadsheet import write_workbook

settings.register_profile("regiobeeld", deadline=None)   # speed is the benchmarks' business
settings.load_profile("regiobeeld")

#: Excel's escape of a character XML cannot hold (ECMA-376 ST_Xstring); openpyxl leaves it.
EXCEL_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")


def read(path: Path, read_only: bool = False) -> dict[str, list[tuple]]:
    book = load_workbook(path, read_only=read_only)
    try:
        return {name: list(book[name].values) for name in book.sheetnames}
    finally:
        book.close()


def one_cell(value):
    """``value`` written alone under a header and read back by openpyxl."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cel.xlsx"
        write_workbook(path, [("Blad", ["kop"], [[value]])])
        rows = read(path)["Blad"]
    return rows[1][0] if len(rows) > 1 else None


def test_sheets_keep_their_order_with_a_bold_frozen_header(tmp_path):
    path = tmp_path / "b.xlsx"
    write_workbook(path, [("Vraag", ["Regio", "Waarde"], [["AM22", 1.5]]), ("Aanbod", ["Regio"], []),
                          ("Mismatch & co", ["A"], [["x"], ["y"]])])
    book = load_workbook(path)
    try:
        assert book.sheetnames == ["Vraag", "Aanbod", "Mismatch & co"]
        for sheet in book.worksheets:
            assert sheet.freeze_panes == "A2"
            assert all(cell.font.b for cell in sheet[1])
        assert not book["Vraag"]["A2"].font.b
        assert list(book["Mismatch & co"].values) == [("A",), ("x",), ("y",)]
        assert list(book["Aanbod"].values) == [("Regio",)]
    finally:
        book.close()


def test_numbers_are_numbers_and_empty_values_are_empty_cells(tmp_path):
    values = [7, 4.3, 0.1 + 0.2, 1e-07, 1e22, 1288297.0, -2.5, np.float64(3.25), np.int64(12), True, False,
              None, math.nan, math.inf, -math.inf, "", "tekst"]
    path = tmp_path / "n.xlsx"
    write_workbook(path, [("Blad", [f"k{i}" for i in range(len(values))], [values])])
    row = read(path)["Blad"][1]
    assert row[:9] == (7, 4.3, 0.30000000000000004, 1e-07, 1e22, 1288297, -2.5, 3.25, 12)
    assert [type(v) for v in row[:9]] == [int, float, float, float, float, int, float, float, int]
    assert row[9] is True and row[10] is False
    assert row[11:16] == (None,) * 5
    assert row[16] == "tekst"
    with zipfile.ZipFile(path) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert 'r="L2"' not in sheet and 'r="P2"' not in sheet          # no element for an empty cell
    assert "<v>0.30000000000000004</v>" in sheet                    # repr, not a rounded %g


def test_booleans_stay_booleans_beside_equal_numbers_in_one_column(tmp_path):
    values = [1, True, 1.0, False, 0, 7, 7.0, True, 0.0, False, np.int64(7), 2.5, np.float64(2.5)]
    write_workbook(tmp_path / "c.xlsx", [("Blad", ["kop"], [[v] for v in values])])
    column = [row[0] for row in read(tmp_path / "c.xlsx")["Blad"][1:]]
    assert column == values
    assert [type(v) for v in column] == [int, bool, int, bool, int, int, int, bool, int, bool, int, float, float]


@pytest.mark.parametrize("text", ['<a & b> "c" \'d\'', " voor en na ", "tab\tregel\nterug\r\n", "x_x0041_y",
                                  "€ Zoë – ✓", "<![CDATA[x]]>", "&amp;"])
def test_text_comes_back_as_it_was(text):
    assert one_cell(text) == text.replace("_x0041_", "_x005F_x0041_")   # Excel reads _x005F_ as "_"


def test_characters_xml_forbids_are_written_as_excel_escapes():
    assert one_cell("bel\x07 nul\x00 \x1f\ufffe") == "bel_x0007_ nul_x0000_ _x001F__xFFFE_"
    assert one_cell("_x1234\x05") == "_x005F_x1234_x0005_"     # else Excel would read _x1234_ first


def test_spaces_around_text_are_marked_to_keep(tmp_path):
    write_workbook(tmp_path / "s.xlsx", [("Blad", ["kop"], [[" a "], ["b"]])])
    with zipfile.ZipFile(tmp_path / "s.xlsx") as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert '<t xml:space="preserve"> a </t>' in sheet and "<t>b</t>" in sheet


@given(st.text(min_size=1))
@settings(max_examples=60)
def test_any_text_reads_back_the_same_in_excel(text):
    read_back = one_cell(text)
    assert EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), read_back) == text


def test_columns_past_z_and_long_rows(tmp_path):
    headers = [f"k{i}" for i in range(30)]
    rows = [list(range(n, n + 30)) for n in range(0, 3000, 30)]
    path = tmp_path / "w.xlsx"
    write_workbook(path, [("Blad", headers, rows)])
    assert read(path, read_only=True)["Blad"] == [tuple(headers), *map(tuple, rows)]
    with zipfile.ZipFile(path) as book:
        assert '<c r="AD101"><v>2999</v></c>' in book.read("xl/worksheets/sheet1.xml").decode()


def test_the_same_rows_give_the_same_bytes_without_a_date(tmp_path):
    sheets = [("Aanbod", ["Regio", "Waarde"], [["AM22", 1.5], ["AM01", None]])]
    write_workbook(tmp_path / "a.xlsx", sheets)
    write_workbook(tmp_path / "b.xlsx", sheets)
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.xlsx") as book:
        assert {info.date_time for info in book.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert book.namelist()[0] == "[Content_Types].xml"
        assert book.testzip() is None


def test_same_cells_as_openpyxl_wrote(tmp_path):
    """What openpyxl's write-only mode (the writer before this one) gives for the same rows
    (but for floats of 17 digits, which its ``%.16g`` rounds and ``repr`` keeps)."""
    headers = ["Regio", "Categorie", "Waarde", "Rang", "Niveau"]
    rows = [["AM22", "", 4.25, 1, "arbeidsmarktregio"], ["AM01", "K", 17099623.0, None, "GM→AM; <opgeteld>"],
            ["NL", " a ", 0.3, 35, None], ["AM40", "x", -0.5, 0, "e & f"]]
    write_workbook(tmp_path / "own.xlsx", [("Aanbod", headers, rows)])
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Aanbod")
    for row in [headers, *rows]:
        sheet.append(row)
    book.save(tmp_path / "openpyxl.xlsx")
    ours, theirs = read(tmp_path / "own.xlsx"), read(tmp_path / "openpyxl.xlsx")
    assert ours == theirs
    assert [[type(v) for v in row] for row in ours["Aanbod"]] == [[type(v) for v in row] for row in theirs["Aanbod"]]


def test_column_widths_follow_the_longest_text(tmp_path):
    write_workbook(tmp_path / "c.xlsx", [("Blad", ["Regio", "Niveau"], [["AM22", "x" * 40], ["AM01", "y" * 200]])])
    book = load_workbook(tmp_path / "c.xlsx")
    try:
        widths = {key: dim.width for key, dim in book["Blad"].column_dimensions.items()}
    finally:
        book.close()
    assert widths["A"] == 12 and widths["B"] == 60                   # at least 10 wide, at most 60


@pytest.mark.parametrize("title", ["", "a" * 32, "Aan/bod", "[x]"])
def test_a_sheet_name_excel_refuses_is_a_clear_error(tmp_path, title):
    with pytest.raises(ValueError, match="ongeldige bladnaam voor Excel"):
        write_workbook(tmp_path / "t.xlsx", [(title, ["a"], [])])


def test_a_failed_write_leaves_the_previous_workbook(tmp_path):
    path = tmp_path / "indicators.xlsx"
    write_workbook(path, [("Blad", ["a"], [[1]])])
    before = path.read_bytes()
    with pytest.raises(TypeError, match="Excel-cel A: waarde van type tuple"):
        write_workbook(path, [("Blad", ["a"], [[2], [(3,)]])])
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["indicators.xlsx"]
