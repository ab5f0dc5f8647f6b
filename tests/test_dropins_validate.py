"""Own exports: a valid file of every kind in CSV and XLSX, and every defect with the
exact message the adviser sees."""

from __future__ import annotations

import math

import openpyxl
import pandas as pd
import pytest

from regiobeeld.core.settings import Settings
from regiobeeld.sources.dropins import SCHEMAS
from regiobeeld.sources.dropins.mapping import RegionIndex
from regiobeeld.sources.dropins.validate import MAX_ISSUES, parse_number
from regiobeeld.store.dropins import DropinFile, _read, validate_file

#: Per kind: header, three valid rows, the value column, and (row index, expected value).
VALID = {
    "spanningsindicator": (["regio", "periode", "beroepsklasse", "spanningsindicator"],
                           [["AM22", "2025Q2", "ICT-beroepen", "2,45"],
                            ["Rijnmond", "2025-Q1", "ICT-beroepen", "2.1"],
                            ["Nederland", "2025 kwartaal 2", "ICT-beroepen", "2,8"]],
                           "spanningsindicator", 2.45),
    "kansrijke_beroepen": (["regio", "beroep", "niveau", "aantal"],
                           [["AM22", "Verpleegkundige", "mbo 4", "1.250"],
                            ["Rijnmond (AM)", "Elektromonteur", "mbo 2-3", ""],
                            ["am01", "Timmerman", "mbo 2", "40"]],
                           "aantal", 1250.0),
    "gwu": (["regio", "periode", "kenmerk", "aantal"],
            [["AM22", "2025-06", "Totaal", "61.234"],
             ["AM22", "2025-06", "50 jaar of ouder", "21000"],
             ["Nederland", "2025-06", "Totaal", "561000"]],
            "aantal", 61234.0),
    "ww": (["regio", "periode", "kenmerk", "aantal"],
           [["AM22", "2025-06", "Totaal", "15210"],
            ["AM22", "2025-05", "Totaal", "15000"],
            ["NL", "2025-06", "Totaal", "160500"]],
           "aantal", 15210.0),
    "vacatures": (["regio", "periode", "sector", "aantal"],
                  [["AM22", "2025Q2", "Totaal", "38000"],
                   ["AM22", "2025Q2", "Zorg en welzijn", "7100"],
                   ["Groot Amsterdam", "2025Q2", "Totaal", "41000"]],
                  "aantal", 38000.0),
    "leerbanen": (["regio", "periode", "sector", "leerbanen", "leerbedrijven"],
                  [["AM22", "2025", "Techniek en gebouwde omgeving", "2100", "5400"],
                   ["AM22", "2025", "Zorg, welzijn en sport", "1500", ""],
                   ["Nederland", "2025", "Handel", "8000", "30000"]],
                  "leerbanen", 2100.0),
    "vsv": (["regio", "schooljaar", "aantal", "deelnemers", "percentage"],
            [["AM22", "2023/2024", "1350", "61000", "2,2%"],
             ["AM22", "2022-2023", "1300", "60000", "2,17"],
             ["Nederland", "2023/'24", "20000", "1000000", "2,0"]],
            "aantal", 1350.0),
    "vestigingen": (["regio", "periode", "sector", "aantal"],
                    [["AM22", "2025", "Totaal", "160000"],
                     ["AM22", "2025", "G Handel", "24500"],
                     ["Nederland", "2025", "Totaal", "2400000"]],
                    "aantal", 160000.0),
}
KINDS = list(VALID)


def write_csv(path, header, rows, sep=";", encoding="utf-8"):
    lines = [sep.join(header)] + [sep.join(str(c) for c in r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def write_xlsx(path, header, rows, numeric=True):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        cells = []
        for c in row:
            number = parse_number(c, "count") if numeric else None
            cells.append(number if number is not None and not any(ch.isalpha() for ch in str(c)) else c)
        sheet.append(cells)
    book.save(path)
    return path


@pytest.fixture
def regions():
    return RegionIndex.from_params(Settings().params_dir)


def frame_of(path, regions, membership=None):
    kind = path.name.split("_test")[0]
    data = _read(DropinFile(path, kind), regions, membership, 2026)
    assert data.issues == (), [str(i) for i in data.issues]
    return data.frame


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_valid_file_of_every_kind_in_csv_and_xlsx(tmp_path, regions, kind, fmt):
    header, rows, value, expected = VALID[kind]
    path = tmp_path / f"{kind}_test.{fmt}"
    (write_csv if fmt == "csv" else write_xlsx)(path, header, rows)
    assert validate_file(path) == []
    frame = frame_of(path, regions)
    assert len(frame) == 3
    first = frame[frame["rij"] == 2].iloc[0]
    assert first["regio"] == "AM22"
    assert first["regio_naam"] == "Rijnmond"
    assert first[value] == expected
    assert set(frame["regio"]) <= {"AM22", "NL", "AM01", "AM18"}


def test_values_are_parsed_to_canonical_form(tmp_path, regions):
    header, rows, _, _ = VALID["spanningsindicator"]
    frame = frame_of(write_csv(tmp_path / "spanningsindicator_test.csv", header, rows), regions)
    assert list(frame["periode"]) == ["2025KW01", "2025KW02", "2025KW02"]
    assert list(frame["regio"]) == ["AM22", "AM22", "NL"]
    assert frame["spanningsindicator"].tolist() == [2.1, 2.45, 2.8]
    header, rows, _, _ = VALID["vsv"]
    vsv = frame_of(write_csv(tmp_path / "vsv_test.csv", header, rows), regions)
    assert sorted(vsv["schooljaar"]) == ["2022/2023", "2023/2024", "2023/2024"]
    assert vsv.loc[vsv["regio"] == "NL", "percentage"].item() == 2.0


def test_csv_with_comma_separator_bom_comments_and_title_rows(tmp_path, regions):
    path = tmp_path / "gwu_test.csv"
    text = ("# soort: gwu\n"
            "Dashboard Geregistreerd werkzoekenden,,,\n"
            "Regio,Periode,Kenmerk,Aantal\n"
            "AM22,2025-06,Totaal,\"61.234\"\n"
            " am22 ,2025-06,WW,\"1.234,0\"\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    frame = frame_of(path, regions)
    assert frame.set_index("kenmerk")["aantal"].to_dict() == {"Totaal": 61234.0, "WW": 1234.0}
    assert frame["rij"].tolist() == [4, 5]


def test_cp1252_csv_is_read(tmp_path, regions):
    path = write_csv(tmp_path / "vacatures_test.csv", ["regio", "periode", "sector", "aantal"],
                     [["AM22", "2025Q2", "Commerciële dienstverlening", "10"]], encoding="cp1252")
    assert frame_of(path, regions)["sector"].item() == "Commerciële dienstverlening"


# ----------------------------------------------------------------- defects per kind

def _first_row_with(kind, column, value):
    header, rows, _, _ = VALID[kind]
    idx = header.index(column)
    changed = [list(r) for r in rows]
    changed[0][idx] = value
    return header, changed


def _messages(path):
    return [str(i) for i in validate_file(path)]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_unknown_region(tmp_path, kind, fmt):
    header, rows = _first_row_with(kind, "regio", "Rijnmnd")
    path = (write_csv if fmt == "csv" else write_xlsx)(tmp_path / f"{kind}_x.{fmt}", header, rows)
    gm = ", een gemeente (GMxxxx of naam)" if SCHEMAS[kind].gemeenten else ""
    assert _messages(path) == [
        f"{kind}_x.{fmt}, rij 2, kolom 'regio': onbekende regio 'Rijnmnd'; verwacht een code AMxx, "
        f"de naam van een arbeidsmarktregio{gm} of 'Nederland'. Bedoelt u 'Rijnmond'?"]


PERIODS = {"spanningsindicator": ("periode", "2025Q5", "een kwartaal (2025Q2, 2025-Q2, 2025 kwartaal 2 of 2025KW02)"),
           "vsv": ("schooljaar", "2023/2025", "een schooljaar (2023/2024, 2023-2024 of 2023/'24)")}
ANY = ("een maand, kwartaal of jaar (kwartaal 2025Q2, 2025-Q2, 2025 kwartaal 2 of 2025KW02; "
       "maand 2025-06, 2025M06 of 2025MM06; jaar 2025)")


@pytest.mark.parametrize("kind", [k for k in KINDS if SCHEMAS[k].period_column])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_period_that_does_not_parse(tmp_path, kind, fmt):
    column, bad, expected = PERIODS.get(kind, ("periode", "juni", ANY))
    header, rows = _first_row_with(kind, column, bad)
    path = (write_csv if fmt == "csv" else write_xlsx)(tmp_path / f"{kind}_x.{fmt}", header, rows)
    assert _messages(path) == [f"{kind}_x.{fmt}, rij 2, kolom '{column}': verwacht {expected}, gevonden '{bad}'."]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_non_numeric_value(tmp_path, kind, fmt):
    value = VALID[kind][2]
    header, rows = _first_row_with(kind, value, "twaalf")
    path = (write_csv if fmt == "csv" else write_xlsx)(tmp_path / f"{kind}_x.{fmt}", header, rows)
    assert _messages(path) == [f"{kind}_x.{fmt}, rij 2, kolom '{value}': verwacht een getal, gevonden 'twaalf'."]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_duplicate_row(tmp_path, kind, fmt):
    header, rows, _, _ = VALID[kind]
    path = (write_csv if fmt == "csv" else write_xlsx)(tmp_path / f"{kind}_x.{fmt}", header, [*rows, rows[0]])
    key = SCHEMAS[kind].key
    label = ", ".join(key[:-1]) + f" en {key[-1]}" if len(key) > 1 else key[0]
    assert _messages(path) == [f"{kind}_x.{fmt}, rij 5: dubbele rij; dezelfde {label} als rij 2."]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_missing_required_column(tmp_path, kind, fmt):
    header, rows, value, _ = VALID[kind]
    value = value if SCHEMAS[kind].column(value).required else "beroep"
    idx = header.index(value)
    short = [h for i, h in enumerate(header) if i != idx]
    path = (write_csv if fmt == "csv" else write_xlsx)(
        tmp_path / f"{kind}_x.{fmt}", short, [[c for i, c in enumerate(r) if i != idx] for r in rows])
    found = ", ".join(f"'{h}'" for h in short)
    assert _messages(path) == [f"{kind}_x.{fmt}, rij 1, kolom '{value}': verplichte kolom ontbreekt; "
                               f"gevonden kolommen: {found}."]


def test_missing_region_column_names_the_expected_header(tmp_path):
    path = write_csv(tmp_path / "ww_x.csv", ["plaats", "periode", "kenmerk", "aantal"],
                     [["AM22", "2025-06", "Totaal", "1"]])
    assert _messages(path) == [
        "ww_x.csv, rij 1, kolom 'regio': verplichte kolom ontbreekt; verwacht een kopregel met de "
        "kolommen 'regio', 'periode', 'kenmerk', 'aantal', gevonden 'plaats', 'periode', 'kenmerk', 'aantal'."]


def test_other_cell_defects(tmp_path):
    path = write_csv(tmp_path / "vsv_x.csv", ["regio", "schooljaar", "aantal", "deelnemers", "percentage"],
                     [["AM22", "2023/2024", "-3", "10", "101"],
                      ["AM22", "2022/2023", "2,5", "", ""],
                      ["AM23", "", "4", "", ""]])
    assert _messages(path) == [
        "vsv_x.csv, rij 2, kolom 'aantal': verwacht een getal van 0 of meer, gevonden '-3'.",
        "vsv_x.csv, rij 2, kolom 'percentage': verwacht een percentage van 0 tot en met 100, gevonden '101'.",
        "vsv_x.csv, rij 3, kolom 'aantal': verwacht een heel getal (aantal), gevonden '2,5'.",
        "vsv_x.csv, rij 4, kolom 'schooljaar': verwacht een waarde, gevonden een lege cel.",
    ]


def test_mixed_period_types_are_rejected(tmp_path):
    path = write_csv(tmp_path / "gwu_x.csv", ["regio", "periode", "kenmerk", "aantal"],
                     [["AM22", "2025-06", "Totaal", "5"], ["AM22", "2025", "Totaal", "6"]])
    assert _messages(path) == ["gwu_x.csv, rij 3, kolom 'periode': verwacht een maand zoals in rij 2, "
                               "gevonden '2025' (jaar)."]


def test_gemeente_rows_are_refused_where_the_kind_does_not_allow_them(tmp_path):
    path = write_csv(tmp_path / "spanning_x.csv", ["regio", "periode", "beroepsklasse", "spanningsindicator"],
                     [["GM0599", "2025Q2", "ICT", "2"]])
    assert _messages(path) == ["spanning_x.csv, rij 2, kolom 'regio': gemeenten zijn bij deze soort niet "
                               "toegestaan; verwacht een arbeidsmarktregio of 'Nederland', gevonden 'GM0599'."]


def test_unknown_kind_and_unreadable_xlsx(tmp_path):
    odd = write_csv(tmp_path / "cijfers.csv", ["regio"], [["AM22"]])
    assert _messages(odd)[0].startswith("cijfers.csv: soort bestand onbekend; laat de naam beginnen met een van: "
                                        "spanningsindicator, kansrijke_beroepen, gwu, ww")
    by_comment = tmp_path / "cijfers2.csv"
    by_comment.write_text("# soort: ww\nregio;periode;kenmerk;aantal\nAM22;2025-06;Totaal;3\n", encoding="utf-8")
    assert _messages(by_comment) == []
    broken = tmp_path / "ww_kapot.xlsx"
    broken.write_bytes(b"not a zip")
    assert _messages(broken)[0].startswith("ww_kapot.xlsx: geen geldig Excel-bestand (.xlsx)")


# ----------------------------------------------------------------- excel formulas

def test_formula_without_cached_value_is_rejected_never_evaluated(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["regio", "periode", "kenmerk", "aantal"])
    sheet.append(["AM22", "2025-06", "Totaal", 100])
    sheet.append(["AM22", "2025-06", "WW", "=D2*2"])
    path = tmp_path / "ww_formule.xlsx"
    book.save(path)
    assert _messages(path) == [
        "ww_formule.xlsx, rij 3, kolom 'aantal': cel D3 bevat een formule (=D2*2) zonder opgeslagen "
        "waarde; regiobeeld rekent formules niet uit. Open en bewaar het bestand in Excel, of plak de "
        "cellen als waarden."]


def test_formula_with_cached_value_reads_the_cached_value(tmp_path, regions):
    """A file saved by Excel stores the formula and its last value; we take the value."""
    import zipfile

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["regio", "periode", "kenmerk", "aantal"])
    sheet.append(["AM22", "2025-06", "Totaal", "=1+1"])
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    path = tmp_path / "ww_test_cached.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<f>1+1</f><v></v>", b"<f>1+1</f><v>7</v>").replace(
                    b"<f>1+1</f><v />", b"<f>1+1</f><v>7</v>")
                assert b"<v>7</v>" in data
            dst.writestr(item, data)
    frame = frame_of(path, regions)
    assert frame["aantal"].item() == 7.0       # the cached 7, not the evaluated 2
    data = _read(DropinFile(path, "ww"), regions, None, 2026)
    assert data.notes == ("ww_test_cached.xlsx: formule in cel D2 gelezen als de door Excel opgeslagen "
                          "waarde (regiobeeld rekent formules niet uit).",)


# ----------------------------------------------------------------- gemeenten

def membership_frame(year):
    rows = [("GM0599", "Rotterdam", "AM22"), ("GM0606", "Schiedam", "AM22"),
            ("GM0518", "'s-Gravenhage", "AM23")]
    if year >= 2023:
        rows.append(("GM1992", "Voorne aan Zee", "AM22"))
    return pd.DataFrame([{"gemeente_code": c, "gemeente_naam": n, "am_code": a, "am_naam": "",
                          "pv_code": "PV28", "pv_naam": "Zuid-Holland", "year": year} for c, n, a in rows])


def test_gemeente_rows_are_summed_with_the_membership_of_their_year(tmp_path, regions):
    path = write_csv(tmp_path / "vsv_test.csv", ["gemeente", "schooljaar", "aantal", "deelnemers", "percentage"],
                     [["GM0599", "2023/2024", "700", "30000", "2,3"],
                      ["Schiedam", "2023/2024", "100", "5000", "2"],
                      ["1992", "2023/2024", "50", "5000", ""],
                      ["GM0518", "2023/2024", "300", "20000", "1,5"]])
    years = []

    def membership(year):
        years.append(year)
        return membership_frame(year)

    frame = frame_of(path, regions, membership).set_index("regio")
    assert years == [2023]                 # school year 2023/2024 counts on 1 October 2023
    assert frame.loc["AM22", "aantal"] == 850
    assert frame.loc["AM22", "deelnemers"] == 40000
    assert frame.loc["AM22", "percentage"] == pytest.approx(100 * 850 / 40000)
    assert frame.loc["AM23", "aantal"] == 300
    assert frame.loc["AM22", "regio_naam"] == "Rijnmond"


def test_unknown_gemeente_and_missing_membership(tmp_path):
    header = ["regio", "periode", "sector", "aantal"]
    path = write_csv(tmp_path / "vestigingen_x.csv", header,
                     [["Rotterdm", "2020", "Totaal", "5"], ["GM1992", "2020", "Totaal", "4"]])
    messages = [str(i) for i in validate_file(path, membership=membership_frame)]
    assert messages == [
        "vestigingen_x.csv, rij 2, kolom 'regio': onbekende regio 'Rotterdm'; verwacht een code AMxx, de naam "
        "van een arbeidsmarktregio, een gemeente (GMxxxx of naam) of 'Nederland'. Bedoelt u 'Rotterdam' of "
        "'Groot Amsterdam'?",
        "vestigingen_x.csv, rij 3, kolom 'regio': onbekende gemeente 'GM1992'; die code staat niet in de "
        "gemeente-indeling van 2020 (CBS Gebieden in Nederland).",
    ]

    def failing(year):
        raise RuntimeError(f"Gebieden in Nederland {year} niet in de cache")

    assert [str(i) for i in validate_file(path, membership=failing)][0] == (
        "vestigingen_x.csv, rij 2, kolom 'regio': gemeente 'Rotterdm' kan niet worden opgeteld: de "
        "gemeente-indeling van 2020 is niet beschikbaar (Gebieden in Nederland 2020 niet in de cache).")


def test_gemeente_and_region_row_together_would_double_count(tmp_path):
    path = write_csv(tmp_path / "gwu_x.csv", ["regio", "periode", "kenmerk", "aantal"],
                     [["AM22", "2025-06", "Totaal", "10"], ["GM0599", "2025-06", "Totaal", "4"]])
    assert [str(i) for i in validate_file(path, membership=membership_frame)] == [
        "gwu_x.csv, rij 3: gemeente telt mee voor AM22, maar die regio staat al in rij 2; dat zou dubbel tellen."]


# ----------------------------------------------------------------- numbers

@pytest.mark.parametrize("text, kind, expected", [
    ("1.234,5", "ratio", 1234.5), ("1234,5", "ratio", 1234.5), ("1234.5", "ratio", 1234.5),
    ("1,234.5", "ratio", 1234.5), ("1.234", "count", 1234.0), ("1.25", "ratio", 1.25),
    ("2,2%", "percent", 2.2), (" 12 ", "count", 12.0), ("twaalf", "count", None), ("nan", "ratio", None),
    ("", "count", None), ("1.2.3", "ratio", None), (7, "count", 7.0), (float("inf"), "ratio", None),
])
def test_parse_number(text, kind, expected):
    result = parse_number(text, kind)
    assert result == expected or (expected is None and result is None)
    assert result is None or not math.isnan(result)


def test_a_gemeente_column_reads_names_as_gemeenten(tmp_path, regions):
    """'Groningen' is both a region and a gemeente; under a 'gemeente' header it is the gemeente."""
    def membership(year):
        return pd.DataFrame({"gemeente_code": ["GM0014"], "gemeente_naam": ["Groningen"], "am_code": ["AM01"],
                             "am_naam": ["Groningen"], "pv_code": ["PV20"], "pv_naam": ["Groningen"],
                             "year": [year]})

    path = write_csv(tmp_path / "vestigingen_test.csv", ["gemeente", "periode", "sector", "aantal"],
                     [["Groningen", "2024", "Totaal", "30"], ["Nederland", "2024", "Totaal", "900"]])
    frame = frame_of(path, regions, membership).set_index("regio")
    assert frame.loc["AM01", "aantal"] == 30 and frame.loc["NL", "aantal"] == 900


def test_empty_files_say_what_is_missing(tmp_path):
    header_only = write_csv(tmp_path / "ww_leeg.csv", ["regio", "periode", "kenmerk", "aantal"], [])
    assert _messages(header_only) == ["ww_leeg.csv, rij 1: bevat geen gegevensrijen onder de kopregel."]
    empty = tmp_path / "ww_niets.csv"
    empty.write_text("", encoding="utf-8")
    assert _messages(empty) == ["ww_niets.csv, kolom 'regio': verplichte kolom ontbreekt; verwacht een kopregel "
                                "met de kolommen 'regio', 'periode', 'kenmerk', 'aantal', gevonden geen kolommen."]


# ----------------------------------------------------------------- chunks

def _chunked_and_whole(path, regions, kind, membership=None):
    """(frame, issues) of ``path`` checked 4 rows at a time and in one piece."""
    from regiobeeld.sources.dropins.readers import read_table
    from regiobeeld.sources.dropins.validate import validate_table

    def run(chunk_rows):
        frame, issues = validate_table(read_table(path), SCHEMAS[kind], path.name, regions,
                                       membership, 2026, chunk_rows=chunk_rows)
        return frame, [str(i) for i in issues]
    return run(4), run(10**6)


def test_a_file_larger_than_a_chunk_gives_the_data_of_the_whole_file(tmp_path, regions):
    rows = [["AM22", "Totaal", "100"], ["Rotterdam", "Zorg", "10"], ["AM01", "Totaal", "50"],
            ["GM0606", "Zorg", "5"], ["Groningen", "Zorg", "7"], ["Nederland", "Totaal", "1000"],
            ["GM0518", "Zorg", "3"], ["Rotterdam", "Bouw", "2"], ["am23", "Totaal", "40"],
            ["Schiedam", "Bouw", "1"]]                  # gemeenten of one region in different chunks
    rows = [[region, "2025Q2", sector, count] for region, sector, count in rows]
    path = write_csv(tmp_path / "vacatures_groot.csv", ["regio", "periode", "sector", "aantal"], rows)
    (chunked, issues), (whole, whole_issues) = _chunked_and_whole(path, regions, "vacatures", membership_frame)
    assert issues == whole_issues == []
    pd.testing.assert_frame_equal(chunked, whole)
    assert chunked.set_index(["regio", "sector"])["aantal"].to_dict() == {
        ("AM01", "Totaal"): 50, ("AM01", "Zorg"): 7, ("AM22", "Bouw"): 3, ("AM22", "Totaal"): 100,
        ("AM22", "Zorg"): 15, ("AM23", "Totaal"): 40, ("AM23", "Zorg"): 3, ("NL", "Totaal"): 1000}


def test_issues_over_chunks_are_those_of_the_whole_file_and_duplicates_span_chunks(tmp_path, regions):
    rows = [["AM22", f"2025-{m:02d}", "Totaal", str(m)] for m in range(1, 13)]
    rows[1][3] = "twaalf"                               # chunk 1
    rows[5][1] = "2025Q3"                               # chunk 2: a quarter after months (row 2 set the kind)
    rows[9] = ["AM22", "2025-03", "Totaal", "9"]        # chunk 3: the key of row 4, in chunk 1
    rows.append(["GM0599", "2025-01", "Totaal", "4"])   # chunk 4: a gemeente adding to row 2's key
    rows.append(["GM9999", "2025-02", "Totaal", "4"])
    path = write_csv(tmp_path / "gwu_groot.csv", ["regio", "periode", "kenmerk", "aantal"], rows)
    (frame, issues), (_, whole_issues) = _chunked_and_whole(path, regions, "gwu", membership_frame)
    assert frame is None and issues == whole_issues
    assert issues == [
        "gwu_groot.csv, rij 3, kolom 'aantal': verwacht een getal, gevonden 'twaalf'.",
        "gwu_groot.csv, rij 7, kolom 'periode': verwacht een maand zoals in rij 2, gevonden '2025Q3' (kwartaal).",
        "gwu_groot.csv, rij 15, kolom 'regio': onbekende gemeente 'GM9999'; die code staat niet in de "
        "gemeente-indeling van 2025 (CBS Gebieden in Nederland).",
        "gwu_groot.csv, rij 11: dubbele rij; dezelfde regio, periode en kenmerk als rij 4.",
        "gwu_groot.csv, rij 14: gemeente telt mee voor AM22, maar die regio staat al in rij 2; dat zou dubbel tellen.",
    ]


def test_the_issue_cap_holds_over_chunks(tmp_path, regions):
    rows = [["AM22", "2025-01", "Totaal", "10"]] * (MAX_ISSUES + 30)
    path = write_csv(tmp_path / "ww_dubbel.csv", ["regio", "periode", "kenmerk", "aantal"], rows)
    (_, issues), (_, whole_issues) = _chunked_and_whole(path, regions, "ww")
    assert issues == whole_issues
    assert len(issues) == MAX_ISSUES + 1 and issues[-1].startswith("ww_dubbel.csv: en nog 29 meldingen")
