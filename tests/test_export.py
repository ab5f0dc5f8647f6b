"""Reusable figures: indicators.csv (Dutch Excel, Dutch headers) and indicators.xlsx (one
sheet per theme), and the records behind them (NL, neighbours' mean, rank, units)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from regiobeeld.indicators import SPECS, IndicatorSet
from regiobeeld.presentation.export import join_csv, write_csv, write_xlsx

NAN = math.nan
HEADER = ("Regio;Gebied;Thema;Indicator (code);Indicator;Categorie;Periode (code);Periode;Status (* voorlopig);"
          "Waarde;Eenheid;Nederland;Gemiddelde buurregio's;Rang (1 = hoogste);Aantal regio's in rang;"
          "Niveau (code);Niveau;CBS-tabel")


def test_csv_opens_in_dutch_excel_with_dutch_headers(tmp_path):
    path = tmp_path / "indicators.csv"
    write_csv(path, [
        {"region": "AM22", "indicator": "unemployment_rate", "label": "Werkloosheid; 15-75", "theme": "aanbod",
         "category": "", "period": "2024JJ00", "period_label": "2024", "value": 4.25, "unit": "%", "level": "AM",
         "rank": 1, "ranked": 35},
        {"region": "AM22", "indicator": "jobs", "label": "Banen", "category": "K", "theme": "vraag",
         "period": "2024JJ00", "value": float("nan"), "unit": "x 1 000", "note": "geheim"},
    ])
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[0] == HEADER + ";note"
    assert lines[1] == ('AM22;;aanbod;unemployment_rate;"Werkloosheid; 15-75";;2024JJ00;2024;;4,25;%;;;1;35;AM;'
                        "arbeidsmarktregio, zoals CBS die publiceert;;")
    assert lines[2] == "AM22;;vraag;jobs;Banen;K;2024JJ00;;;;x 1 000;;;;;;;;geheim"


def test_the_national_file_joins_the_regions_files_as_if_written_whole(tmp_path):
    rows = {code: [{"region": code, "indicator": "jobs", "label": "Banen; totaal", "period": f"{year}JJ00",
                    "value": 1234.5 + year} for year in (2023, 2024)] for code in ("AM01", "AM22")}
    for code, records in rows.items():
        write_csv(tmp_path / f"{code}.csv", records)
    write_csv(tmp_path / "whole.csv", [*rows["AM01"], *rows["AM22"]])
    assert join_csv(tmp_path / "joined.csv", [tmp_path / "AM01.csv", tmp_path / "AM22.csv"])
    assert (tmp_path / "joined.csv").read_bytes() == (tmp_path / "whole.csv").read_bytes()

    write_csv(tmp_path / "other.csv", [{"region": "AM05", "note": "een kolom meer"}])
    assert not join_csv(tmp_path / "mixed.csv", [tmp_path / "AM01.csv", tmp_path / "other.csv"])
    assert not (tmp_path / "mixed.csv").exists()


def test_the_level_says_when_an_indicator_is_also_computed_per_gemeente(tmp_path):
    path = tmp_path / "indicators.csv"
    write_csv(path, [{"indicator": ind, "level": SPECS[ind].level} for ind in ("population_growth", "age_pyramid")])
    lines = path.read_bytes().decode("utf-8-sig").split("\r\n")
    assert "arbeidsmarktregio, opgeteld uit de gemeenten van de regio; ook per gemeente berekend" in lines[1]
    assert lines[2].endswith(";arbeidsmarktregio, opgeteld uit de gemeenten van de regio;")   # opts out


def test_xlsx_has_one_sheet_per_theme_with_numbers(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "indicators.xlsx"
    write_xlsx(path, [
        {"region": "AM22", "theme": "aanbod", "indicator": "unemployment_rate", "value": 4.3, "unit": "%"},
        {"region": "AM22", "theme": "vraag", "indicator": "jobs", "value": NAN, "unit": "x 1 000"},
    ])
    book = load_workbook(path, read_only=True)
    try:
        assert book.sheetnames == ["Aanbod", "Vraag", "Mismatch"]
        aanbod = list(book["Aanbod"].values)
        assert aanbod[0][:5] == ("Regio", "Gebied", "Thema", "Indicator (code)", "Indicator")
        assert aanbod[1][9] == 4.3 and aanbod[1][10] == "%"
        assert list(book["Vraag"].values)[1][9] is None
        assert len(list(book["Mismatch"].values)) == 1
    finally:
        book.close()


def test_xlsx_of_the_same_rows_is_the_same_file(tmp_path):
    """No save time inside: an unchanged region keeps a byte-identical workbook."""
    import time

    rows = [{"region": "AM22", "theme": "aanbod", "indicator": "population", "value": 1.5, "unit": "aantal"}]
    write_xlsx(tmp_path / "a.xlsx", rows)
    time.sleep(2.1)                     # past the 2-second resolution of zip entry times
    write_xlsx(tmp_path / "b.xlsx", rows)
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


@pytest.fixture
def iset():
    rows = [("unemployment_rate", code, "2024JJ00", "*", "", v)
            for code, v in (("AM22", 4.44), ("AM19", 3.0), ("AM20", 4.0), ("AM01", 5.0), ("NL", 3.7))]
    rows += [("unused_potential", code, "2024JJ00", "", cat, v)
             for code, cat, v in (("AM22", "", 8.3), ("AM22", "werkloos", 44.0), ("NL", "", 7.6))]
    frame = pd.DataFrame(rows, columns=["indicator", "region_code", "period", "period_status", "category", "value"])
    return IndicatorSet(frame, SPECS, {}, {"AM22": "Rijnmond", "NL": "Nederland"}, {}, True, "f",
                        neighbours={"AM22": ("AM19", "AM20")})


def test_records_carry_nl_neighbours_mean_rank_and_shown_decimals(iset):
    (record,) = iset.records("unemployment_rate", "AM22")
    assert record["value"] == 4.4 and record["nl"] == 3.7 and record["neighbours_mean"] == 3.5
    assert (record["rank"], record["ranked"]) == (2, 4)
    assert record["period_label"] == "2024" and record["period_status"] == "*"


def test_units_match_the_values(iset):
    units = {r["category"]: r["unit"] for r in iset.records("unused_potential", "AM22")}
    assert units == {"": "%", "werkloos": "x 1 000"}             # counts per group, share for the total
    assert SPECS["vacancy_rate"].unit == "per 1.000 banen"         # CBS: vacancies per 1 000 jobs


def test_a_partner_region_is_named_beside_its_code():
    frame = pd.DataFrame([("commuting_top_origins", "AM22", "2024MM12", "*", code, v)
                          for code, v in (("AM19", 11.1), ("AM99", 1.0))],
                         columns=["indicator", "region_code", "period", "period_status", "category", "value"])
    names = {"AM22": "Rijnmond", "AM19": "Holland Rijnland", "NL": "Nederland"}
    iset = IndicatorSet(frame, SPECS, {}, names, {}, True, "f")
    categories = [r["category"] for r in iset.records("commuting_top_origins", "AM22")]
    assert categories == ["AM19 Holland Rijnland", "AM99"]        # a code without a name stays a code
    sectors = IndicatorSet(frame.assign(indicator="commuting_flows", category="AM19"), SPECS, {}, names, {}, True, "f")
    assert {r["category"] for r in sectors.records("commuting_flows", "AM22")} == {"AM19"}   # other categories as they are
