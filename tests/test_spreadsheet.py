"""The bundle's own Excel writer, read back with openpyxl and pandas, and its text straight
from the XML as Excel reads it: sheets in order, a bold frozen header, numbers as numbers,
empty cells empty (also between others, where a cell names its place), text escaped and
stored once, the same bytes every time, and the same cells as openpyxl's own writer gave."""

from __future__ import annotations

import math
import re
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from regiobeeld.presentation.spreadsheet import write_workbook

settings.register_profile("regiobeeld", deadline=None)   # speed is the benchmarks' business
settings.load_profile("regiobeeld")

#: Excel's escape of a character XML cannot hold (ECMA-376 ST_Xstring).
EXCEL_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


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


def stored_text(text: str) -> str:
    """``text`` written alone under a header: the string its cell refers to, as the XML holds
    it (read with ElementTree, not openpyxl, whose shared strings drop every ``x005F_``)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cel.xlsx"
        write_workbook(path, [("Blad", ["kop"], [[text]])])
        with zipfile.ZipFile(path) as book:
            sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
            strings = ElementTree.fromstring(book.read("xl/sharedStrings.xml"))
    cell = sheet.findall(f"{MAIN}sheetData/{MAIN}row")[1].find(f"{MAIN}c")
    assert cell.get("t") == "s"
    return "".join(strings[int(cell.findtext(f"{MAIN}v"))].itertext())


def as_excel_shows(stored: str) -> str:
    """Excel's reading of a stored string: each ``_xHHHH_`` its character, left to right."""
    return EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), stored)


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
    assert len(re.findall("<c[ >]", sheet)) == len(values) + 12       # no element for an empty cell
    assert '<c r="Q2" t="s">' in sheet                               # the cell after them names its place
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
    assert one_cell(text) == text
    assert as_excel_shows(stored_text(text)) == text
    assert stored_text(text) == text.replace("_x0041_", "_x005F_x0041_")   # Excel reads _x005F_ as "_"


def test_characters_xml_forbids_are_written_as_excel_escapes():
    assert stored_text("bel\x07 nul\x00 \x1f\ufffe") == "bel_x0007_ nul_x0000_ _x001F__xFFFE_"
    assert stored_text("_x1234\x05") == "_x005F_x1234_x0005_"     # else Excel would read _x1234_ first


def test_spaces_around_text_are_marked_to_keep(tmp_path):
    write_workbook(tmp_path / "s.xlsx", [("Blad", ["kop"], [[" a "], ["b"]])])
    with zipfile.ZipFile(tmp_path / "s.xlsx") as book:
        strings = book.read("xl/sharedStrings.xml").decode()
    assert '<si><t xml:space="preserve"> a </t></si>' in strings and "<si><t>b</t></si>" in strings
    assert read(tmp_path / "s.xlsx")["Blad"] == [("kop",), (" a ",), ("b",)]


@given(st.text(min_size=1))
@settings(max_examples=60)
def test_any_text_reads_back_the_same_in_excel(text):
    assert as_excel_shows(stored_text(text)) == text


def test_each_text_is_stored_once_for_all_sheets_in_order_of_first_use(tmp_path):
    path = tmp_path / "d.xlsx"
    write_workbook(path, [("Aanbod", ["Regio", "Niveau"], [["AM22", "lang"], ["AM22", "lang"]]),
                          ("Vraag", ["Regio", "Niveau"], [["AM01", "lang"], ["AM22", ""]])])
    with zipfile.ZipFile(path) as book:
        strings = ElementTree.fromstring(book.read("xl/sharedStrings.xml"))
        assert "/xl/sharedStrings.xml" in book.read("[Content_Types].xml").decode()
        assert 'Target="sharedStrings.xml"' in book.read("xl/_rels/workbook.xml.rels").decode()
    assert ["".join(si.itertext()) for si in strings] == ["Regio", "Niveau", "AM22", "lang", "AM01"]
    assert strings.get("uniqueCount") == "5"
    assert read(path) == {"Aanbod": [("Regio", "Niveau"), ("AM22", "lang"), ("AM22", "lang")],
                          "Vraag": [("Regio", "Niveau"), ("AM01", "lang"), ("AM22", None)]}


@pytest.mark.parametrize("headers, text", [(["kop", "x"], True), (["", ""], False)])
def test_every_part_is_declared_and_linked_and_text_needs_a_table(tmp_path, headers, text):
    """Each part has its content type and, beside the workbook, its relationship from it;
    a workbook without any text has no shared-strings table (as openpyxl writes it)."""
    path = tmp_path / "p.xlsx"
    write_workbook(path, [("Blad", headers, [[1, 2.5]]), ("Leeg", headers, [])])
    with zipfile.ZipFile(path) as book:
        names = set(book.namelist())
        types = ElementTree.fromstring(book.read("[Content_Types].xml"))
        links = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    declared = {node.get("PartName").lstrip("/") for node in types if node.tag.endswith("Override")}
    assert declared == names - {"[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels"}
    assert {f"xl/{node.get('Target')}" for node in links} == declared - {"xl/workbook.xml"}
    assert ("xl/sharedStrings.xml" in names) is text
    assert read(path)["Blad"] == [tuple(h or None for h in headers), (1, 2.5)]


GAPS = [["a", None, "c", None], [None, None, None, 4], [None, 2, None, None], [1, None, None, "d"],
        [None, None, None, None], ["e", 5, True, 6.5], [None, "f"], [], ["g"]]


@pytest.mark.parametrize("read_only", [False, True])
def test_cells_after_empty_ones_keep_their_column(tmp_path, read_only):
    """Every row and cell names its place (``r``, as Excel writes it): readers such as readxl
    put a cell after an empty one in the wrong column without it. Also with an empty header."""
    path = tmp_path / "g.xlsx"
    write_workbook(path, [("Blad", ["k1", "", "k3", "k4"], GAPS)])
    expected = [tuple(row + [None] * (4 - len(row))) for row in [["k1", None, "k3", "k4"], *GAPS]]
    rows = read(path, read_only=read_only)["Blad"]       # read-only: each row up to its last cell
    assert [row + (None,) * (4 - len(row)) for row in rows] == expected
    frame = pd.read_excel(path, header=None)
    assert frame.astype(object).where(frame.notna(), None).values.tolist() == list(map(list, expected))
    with zipfile.ZipFile(path) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    places = [f"{letter}{number}" for number, row in enumerate([["k1", None, "k3", "k4"], *GAPS], start=1)
              for letter, value in zip("ABCD", row) if value is not None]
    assert re.findall('<c r="([A-Z0-9]+)"', sheet) == places
    assert re.findall('<row r="([0-9]+)"', sheet) == [str(n) for n in range(1, len(GAPS) + 2)]


def test_columns_past_z_and_long_rows(tmp_path):
    headers = [f"k{i}" for i in range(30)]
    rows = [list(range(n, n + 30)) for n in range(0, 3000, 30)]
    path = tmp_path / "w.xlsx"
    write_workbook(path, [("Blad", headers, rows)])
    assert read(path, read_only=True)["Blad"] == [tuple(headers), *map(tuple, rows)]
    with zipfile.ZipFile(path) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert sheet.endswith('<c r="AC101"><v>2998</v></c><c r="AD101"><v>2999</v></c></row></sheetData></worksheet>')


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
