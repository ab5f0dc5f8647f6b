"""The lookups a page makes, built once per process for all regions, give exactly what a
filter over the rows gives, on the whole demo world (the pages must not change by a byte)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from regiobeeld.core.regions import CODES
from regiobeeld.core.settings import Settings
from regiobeeld.indicators import ensure_indicators
from regiobeeld.indicators.model import NL

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def iset(tmp_path_factory):
    return ensure_indicators(Settings(cache_root=tmp_path_factory.mktemp("cache")))


def _same(a: float, b: float) -> bool:
    """Equal to the last bit (NaN equals NaN)."""
    return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))


def test_neighbour_means_of_all_regions_at_once_equal_one_mean_per_region(iset):
    checked = 0
    for indicator in iset.indicators:
        rows, means = iset.rows(indicator), iset._neighbour_means(indicator)
        for region in CODES:
            around = rows[rows["region_code"].isin(iset.neighbours.get(region, ()))]
            expected = around.groupby(["period", "category"])["value"].mean().to_dict()
            found = means.get(region, {})
            assert found.keys() == expected.keys(), (indicator, region)
            assert all(_same(found[key], value) for key, value in expected.items()), (indicator, region)
            checked += len(expected)
    assert checked > 10_000


def test_series_and_categories_equal_the_rows_they_come_from(iset):
    for indicator in iset.indicators:
        rows = iset.rows(indicator)
        for code in ("AM22", "AM03", NL):
            area = iset.code_for(indicator, code)
            for category in pd.unique(rows["category"]):
                part = rows[(rows["region_code"] == area) & (rows["category"] == category)]
                expected = part.sort_values("period")[["period", "period_status", "value"]].reset_index(drop=True)
                pd.testing.assert_frame_equal(iset.series(indicator, code, category), expected)
            period = iset.shown_period(indicator)
            cats = iset.by_category(indicator, code)
            at = rows[(rows["period"] == period) & (rows["category"] != "")]
            assert cats["category"].tolist() == list(dict.fromkeys(at["category"]))
            own = at[at["region_code"] == area].set_index("category")["value"]
            assert all(_same(v, own.get(c, math.nan)) for c, v in zip(cats["category"], cats["value"]))


def test_gemeente_values_of_a_region_equal_a_filter_of_every_row(iset):
    values = iset.gemeenten
    for indicator in values.frame["indicator"].unique():
        part = values.frame[values.frame["indicator"] == indicator]
        period = part["period"].max()
        for category in part["category"].unique():
            for region in ("AM22", "AM03", "AM38"):
                own = part[(part["region_code"] == region) & (part["period"] == period)
                           & (part["category"] == category)]
                expected = own.sort_values(["value", "name"], ascending=[False, True], na_position="last",
                                           kind="stable")[["gemeente_code", "name", "value"]]
                pd.testing.assert_frame_equal(values.of_region(indicator, region, period, category),
                                              expected.reset_index(drop=True))
