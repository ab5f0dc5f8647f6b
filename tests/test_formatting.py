"""Dutch number and period formats."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from regiobeeld.core import formatting as f


@pytest.mark.parametrize("value,decimals,expected", [
    (1234.5, 1, "1.234,5"), (1234567.8, 0, "1.234.568"), (0.05, 1, "0,1"), (-0.04, 1, "0,0"),
    (-1234.5, 1, "-1.234,5"), (math.nan, 1, "."), (None, 0, "."), (pd.NA, 0, "."),
])
def test_format_number(value, decimals, expected):
    assert f.format_number(value, decimals) == expected


def test_percent_change_ordinal():
    assert f.format_percent(3.44) == "3,4%"
    assert f.format_percent(math.nan) == "."
    assert f.format_change(2.5) == "+2,5%"
    assert f.format_change(-0.3) == "-0,3%"
    assert f.format_change(0.01) == "0,0%"
    assert f.format_change(1.25, 2, " procentpunt") == "+1,25 procentpunt"
    assert f.format_ordinal(12) == "12e"


@pytest.mark.parametrize("key,status,expected", [
    ("2024JJ00", "*", "2024*"), ("2024KW02", "", "2e kwartaal 2024"), ("2024MM07", "**", "juli 2024**"),
])
def test_format_period(key, status, expected):
    assert f.format_period(key, status) == expected


def test_format_date():
    assert f.format_date(date(2026, 11, 22)) == "22-11-2026"
    assert f.format_date("2026-11-22T10:00:00Z") == "22-11-2026"


@pytest.mark.parametrize("key,status,expected", [
    ("2025KW02", "", "het 2e kwartaal van 2025"), ("2024JJ00", "*", "2024*"), ("2025MM06", "", "juni 2025"),
])
def test_period_phrase_reads_as_dutch(key, status, expected):
    assert f.period_phrase(key, status) == expected
