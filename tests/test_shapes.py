"""Robust member rules and period parsing for CBS shapes that are not (fully) known."""

from __future__ import annotations

import pytest

from regiobeeld.core.catalog import PeriodSelection
from regiobeeld.core.shapes import match_member, member_identity, parse_period, total_member
from regiobeeld.sources.cbs import select_periods


@pytest.mark.parametrize(("title", "identity"), [
    ("K Financiële dienstverlening", ("sbi", "K")),
    ("A-U Alle economische activiteiten", ("sbi", "A-U")),
    ("01 Pedagogische beroepen", ("code", "01")),
    ("101 Verpleegkundigen", None),
    ("Leeftijd: 15 tot 25 jaar", ("age", 15, 25)),
    ("15 tot 75 jaar", ("age", 15, 75)),
    ("Leeftijd: 55 jaar of ouder", ("age", 55, None)),
    ("Onderwijsniveau: hoog", ("education", "hoog")),
    ("Totaal mannen en vrouwen", ("total",)),
    ("Totaal voorzieningen:Lopend en beëindigd", ("total",)),
    ("Geslacht: vrouwen", None),
])
def test_member_identity(title, identity):
    assert member_identity(title) == identity


ROWS = [{"Key": "T001081", "Title": "A-U Alle economische activiteiten"},
        {"Key": "393950 ", "Title": "K Financiële dienstverlening"},
        {"Key": "53105  ", "Title": "Leeftijd: 15 tot 25 jaar"},
        {"Key": "x1     ", "Title": "Totaal personen"}]


@pytest.mark.parametrize(("wanted", "key"), [
    ("393950", "393950 "),                          # key
    ("K Financiële dienstverlening", "393950 "),    # title
    ("K Financiële diensten", "393950 "),           # renamed: the SBI letter decides
    ("Leeftijd: 15 tot 25 jaar", "53105  "),
    ("15 tot 25 jaar", "53105  "),                  # the age range decides
    ("Leeftijd: 25 tot 45 jaar", None),
    ("Geslacht: vrouwen", None),
])
def test_match_member(wanted, key):
    assert match_member(ROWS, wanted) == key


def test_total_member_needs_exactly_one():
    assert total_member(ROWS) == "x1     "
    assert total_member(ROWS + [{"Key": "x2", "Title": "Totaal"}]) is None


@pytest.mark.parametrize(("key", "title", "parsed"), [
    ("2024JJ00", "2024*", ("JJ", 2024, 0, "*")),
    ("2024JJ00", "2024 december**", ("JJ", 2024, 0, "**")),
    ("2025KW02", "2025 2e kwartaal", ("KW", 2025, 2, "")),
    ("2024MM07", "2024 juli", ("MM", 2024, 7, "")),
    ("2021SJ00", "2021/'22*", ("JJ", 2021, 0, "*")),   # a school year counts as a year
    ("2021X000", "onbekend", None),
])
def test_parse_period(key, title, parsed):
    period = parse_period(key, title)
    assert (period and (period.frequency, period.year, period.sub, period.status)) == parsed


def test_select_periods_reads_school_years_from_their_titles():
    rows = [{"Key": f"{y}SJ00", "Title": f"{y}/'{(y + 1) % 100:02d}"} for y in range(2019, 2024)]
    assert select_periods(rows, PeriodSelection("JJ", count=2)) == ["2023SJ00", "2022SJ00"]
    assert select_periods(rows, PeriodSelection("KW", count=2)) == []
