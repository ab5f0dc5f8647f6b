"""Indicator values per gemeente: the indicators' own arithmetic on unaggregated gemeenten,
placed in the indeling of the period shown, with hand-computed numbers."""

from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd
import pytest

from regiobeeld.indicators import SPECS, IndicatorSet
from regiobeeld.indicators.aggregate import to_regions
from regiobeeld.indicators.gemeenten import (
    GemeenteValues,
    compute_gemeenten,
    gemeente_rows,
    has_gemeente_values,
    indeling_year,
)

NAN = math.nan
_AGES = ("0-5", "5-10", "10-15", "15-20", "20-25", "25-45", "45-65", "65-80", "80+")

# 2019: GM0001, GM0002 in AM01; GM0003, GM0004 in AM02. On 1 January 2022 GM0003 and
# GM0004 merged into GM0005 (AM02), which has no population of 2019 of its own.
MEMBERS = {
    2019: [("GM0001", "Aadorp", "AM01"), ("GM0002", "Beekdal", "AM01"), ("GM0003", "Celle", "AM02"),
           ("GM0004", "Dijkum", "AM02")],
    2024: [("GM0001", "Aadorp", "AM01"), ("GM0002", "Beek-Dal", "AM01"), ("GM0005", "Nieuwdorp", "AM02")],
}


def _membership(years):
    return pd.DataFrame([(code, name, am, int(year)) for year in years for code, name, am in MEMBERS[int(year)]],
                        columns=["gemeente_code", "gemeente_naam", "am_code", "year"])


def _population():
    """70072NED-shaped rows: bevolking per gemeente and NL01, and 2024 age groups."""
    rows = []
    total = {"2019JJ00": {"GM0001": 100, "GM0002": 200, "GM0003": 50, "GM0004": 50, "NL01": 1000},
             "2024JJ00": {"GM0001": 110, "GM0002": NAN, "GM0005": 120, "NL01": 1100}}
    ages = {"GM0001": (10, 10, 10, 10, 20, 30, 50, 5, 5), "GM0002": (0, 10, 10, 10, 50, 25, 25, 0, 0),
            "GM0005": (5, 5, 5, 5, 10, 20, 30, 30, 10), "NL01": (50, 50, 50, 50, 100, 200, 300, 150, 50)}
    for period, values in total.items():
        rows += [(code, period, "bevolking", value) for code, value in values.items()]
    rows += [(code, "2024JJ00", age, value) for code, counts in ages.items() for age, value in zip(_AGES, counts)]
    return pd.DataFrame([{"region_code": code, "region_name": code, "period": period, "period_title": period[:4],
                          "period_status": "*" if period.startswith("2024") else "", "measure": measure,
                          "value": float(value), "unit": "aantal"} for code, period, measure, value in rows])


def _compute(specs):
    tidy = _population()
    membership = _membership([2019, 2024])

    def frames(entry):
        assert entry.query == "population"
        return gemeente_rows(tidy, to_regions(tidy, membership))

    return GemeenteValues.of_parts(*compute_gemeenten(specs, set(specs), frames, _membership, years=5))


def _values(result, indicator, region):
    period = result.frame.loc[result.frame["indicator"] == indicator, "period"].iloc[0]
    return {row.name: row.value for row in result.of_region(indicator, region, period).itertuples()}


def test_growth_per_gemeente_in_the_indeling_of_the_period_shown():
    result = _compute({"population_growth": SPECS["population_growth"]})
    assert result.failures == {}
    assert _values(result, "population_growth", "AM01") == pytest.approx({"Aadorp": 10.0, "Beek-Dal": NAN},
                                                                         nan_ok=True)    # 110 / 100 - 1; 2024 missing
    got = _values(result, "population_growth", "AM02")
    assert list(got) == ["Nieuwdorp"] and math.isnan(got["Nieuwdorp"])    # merged: no own 2019, kept as missing
    assert set(result.frame["period"]) == {"2024JJ00"}


def test_ratio_per_gemeente_and_a_missing_measure_does_not_spread():
    result = _compute({"green_pressure": SPECS["green_pressure"]})
    # (0-5 + 5-10 + 10-15 + 15-20) / (20-25 + 25-45 + 45-65) * 100
    assert _values(result, "green_pressure", "AM01") == pytest.approx({"Aadorp": 40.0, "Beek-Dal": 30.0})
    assert _values(result, "green_pressure", "AM02") == pytest.approx({"Nieuwdorp": 20 / 60 * 100})


def test_highest_first_missing_last_and_names_of_the_periods_indeling():
    result = _compute({"population": SPECS["population"]})
    table = result.of_region("population", "AM01", "2024JJ00")
    assert table["gemeente_code"].tolist() == ["GM0001", "GM0002"]
    assert table["name"].tolist() == ["Aadorp", "Beek-Dal"]      # CBS spelling of 2024, not "Beekdal"
    assert table["value"].iloc[0] == 110.0 and math.isnan(table["value"].iloc[1])


def test_a_failing_computation_loses_only_that_indicators_gemeente_values():
    def broken(pop):
        raise ZeroDivisionError("boom")

    specs = {"population": SPECS["population"], "green_pressure": replace(SPECS["green_pressure"], compute=broken)}
    result = _compute(specs)
    assert result.has("population") and not result.has("green_pressure")
    assert result.failures == {"green_pressure": "de cijfers per gemeente konden niet worden berekend"}


def test_which_indicators_have_gemeente_values():
    assert has_gemeente_values(SPECS["population_growth"]) and has_gemeente_values(SPECS["location_quotient"])
    assert not has_gemeente_values(SPECS["age_pyramid"])          # opts out: no figure to sort by
    assert not has_gemeente_values(SPECS["unemployment_rate"])    # AM level
    assert not has_gemeente_values(SPECS["vacancy_rate"])         # PV level
    assert not has_gemeente_values(SPECS["commuting_own_share"])  # gemeente pairs, summed to region pairs
    assert has_gemeente_values(SPECS["zzp_share"]) and has_gemeente_values(SPECS["register_participation"])
    assert [s.id for s in SPECS.values() if s.gemeente_overview and not has_gemeente_values(s)] == []


def test_indeling_year_is_clipped_to_the_gebieden_tables():
    assert indeling_year("2024JJ00") == 2024 and indeling_year("2025MM06") == 2025
    assert indeling_year("2013JJ00") == 2016 and indeling_year("2040JJ00") == 2026


def test_saved_and_loaded_beside_the_indicator_set(tmp_path):
    gemeenten = _compute({"population": SPECS["population"]})
    gemeenten.failures["green_pressure"] = "de cijfers per gemeente konden niet worden berekend"
    frame = pd.DataFrame([{"indicator": "population", "region_code": "AM01", "period": "2024JJ00",
                           "period_status": "*", "category": "", "value": 110.0}])
    iset = IndicatorSet(frame=frame, specs=SPECS, sources={}, names={}, province_of={}, demo=True,
                        fingerprint="f", gemeenten=gemeenten)
    iset.save(tmp_path / "set.parquet")
    back = IndicatorSet.load(tmp_path / "set.parquet", SPECS).gemeenten
    pd.testing.assert_frame_equal(back.frame, gemeenten.frame)
    assert back.failures == gemeenten.failures
    iset.gemeenten = None
    iset.save(tmp_path / "set.parquet")             # the old gemeente values do not stay behind
    assert IndicatorSet.load(tmp_path / "set.parquet", SPECS).gemeenten is None


def test_empty_values_have_the_columns():
    empty = GemeenteValues()
    assert not empty.has("population")
    assert empty.of_region("population", "AM01", "2024JJ00").columns.tolist() == ["gemeente_code", "name", "value"]
