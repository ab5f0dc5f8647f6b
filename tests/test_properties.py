"""Property tests (Hypothesis): nice ticks, the $filter round trip through the local
server's parser, the sum invariants of gemeente → region aggregation, period parsing."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from regiobeeld.core.shapes import _PER_YEAR, parse_period
from regiobeeld.indicators.aggregate import to_regions
from regiobeeld.presentation.svg import nice_ticks
from regiobeeld.sources.cbs import build_filters
from regiobeeld.testing.odata_server import _evaluate, parse_filter

# No per-example deadline: on a busy machine an example can take ten times its usual time,
# and speed is the benchmarks' business, never a test's.
settings.register_profile("regiobeeld", deadline=None)
settings.load_profile("regiobeeld")

#: Chart values: finite, with at most six decimals (ticks are rounded to twelve).
finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).map(lambda x: round(x, 6))


def test_nice_ticks_cover_a_huge_range_with_one_step_asked():
    ticks = nice_ticks(-99999999, 1, count=1)
    assert ticks[0] <= -99999999 and ticks[-1] >= 1


@given(finite, finite, st.integers(min_value=1, max_value=12))
def test_nice_ticks_cover_the_range_evenly_and_few(a, b, count):
    lo, hi = min(a, b), max(a, b)
    if hi - lo < 1e-6 * max(1.0, abs(lo)):
        hi = lo          # a flat range (the chart pads it); no sub-precision ranges
    ticks = nice_ticks(lo, hi, count)
    assert ticks[0] <= lo and ticks[-1] >= hi
    assert len(ticks) <= max(count, 2) + 1
    steps = [b - a for a, b in zip(ticks, ticks[1:])]
    assert all(step > 0 for step in steps)
    assert max(steps) - min(steps) <= 1e-9 * max(1.0, *map(abs, ticks))


# --------------------------------------------------------------- $filter round trip

CODES = [f"GM{i:04d}" for i in range(12)]
PERIODS = [f"{2015 + i}JJ00" for i in range(6)]
ROWS = pd.DataFrame([{"RegioS": code, "Perioden": period} for code in CODES for period in PERIODS])


@given(st.lists(st.sampled_from(CODES), min_size=1, unique=True),
       st.lists(st.sampled_from(PERIODS), min_size=1, unique=True),
       st.integers(min_value=1, max_value=5))
def test_filters_parsed_back_by_the_local_server_select_the_same_rows(codes, periods, chunk):
    groups = [[f"RegioS eq '{c}'" for c in codes], [f"Perioden eq '{p}'" for p in periods]]
    selected = pd.concat([ROWS[_evaluate(parse_filter(text), ROWS)] for text in build_filters(groups, chunk)])
    assert not selected.duplicated().any()                # the chunks never overlap
    wanted = ROWS[ROWS["RegioS"].isin(codes) & ROWS["Perioden"].isin(periods)]
    assert sorted(map(tuple, selected.to_numpy())) == sorted(map(tuple, wanted.to_numpy()))


# --------------------------------------------------------------- aggregation

GEMEENTEN = [f"GM{i:04d}" for i in range(1, 9)]


@st.composite
def gemeente_world(draw):
    """A membership (each gemeente in one of three regions per year) and gemeente values."""
    years = [2021, 2022]
    membership = pd.DataFrame([(gm, draw(st.sampled_from(["AM01", "AM02", "AM03"])), year)
                               for year in years for gm in GEMEENTEN],
                              columns=["gemeente_code", "am_code", "year"])
    value = st.one_of(st.integers(min_value=0, max_value=10**6).map(float), st.just(math.nan))
    rows = [{"region_code": gm, "region_name": gm, "period": f"{year}JJ00", "period_title": str(year),
             "period_status": "", "measure": "bevolking", "value": draw(value), "unit": "aantal"}
            for year in [2020, *years, 2023] for gm in GEMEENTEN]
    return membership, pd.DataFrame(rows)


@settings(max_examples=60)
@given(gemeente_world())
def test_region_sums_add_up_to_the_national_sum_and_missing_stays_missing(world):
    membership, frame = world
    out = to_regions(frame, membership)
    for period, rows in out.groupby("period"):
        year = min(max(int(period[:4]), 2021), 2022)          # clipped to the membership years
        members = membership[membership["year"] == year].set_index("gemeente_code")["am_code"]
        values = frame[frame["period"] == period].set_index("region_code")["value"]
        regions = rows[rows["region_code"] != "NL"].set_index("region_code")["value"]
        assert set(regions.index) == set(members)
        for region, value in regions.items():
            own = values[members[members == region].index]
            assert (math.isnan(value) if own.isna().any() else value == own.sum())
        national = rows.loc[rows["region_code"] == "NL", "value"].item()
        assert (math.isnan(national) if values.isna().any() else national == regions.sum() == values.sum())


# --------------------------------------------------------------- periods

@given(st.integers(min_value=1900, max_value=2100), st.sampled_from(sorted(_PER_YEAR)), st.data())
def test_period_keys_parse_to_their_parts_and_consecutive_ordinals(year, frequency, data):
    sub = 0 if frequency == "JJ" else data.draw(st.integers(min_value=1, max_value=_PER_YEAR[frequency]))
    mark = data.draw(st.sampled_from(["", "*", "**"]))
    period = parse_period(f"{year}{frequency}{sub:02d}", f"{year} titel{mark}")
    assert (period.frequency, period.year, period.sub, period.status) == (frequency, year, sub, mark)
    if frequency != "JJ" and sub < _PER_YEAR[frequency]:
        assert parse_period(f"{year}{frequency}{sub + 1:02d}").ordinal == period.ordinal + 1
    if frequency != "JJ" and sub == _PER_YEAR[frequency]:
        assert parse_period(f"{year + 1}{frequency}01").ordinal == period.ordinal + 1


@given(st.integers(min_value=1900, max_value=2100))
def test_a_school_year_title_without_a_readable_key_is_that_year(year):
    period = parse_period("X", f"{year}/'{(year + 1) % 100:02d}")
    assert (period.frequency, period.year) == ("JJ", year)


@given(st.text(max_size=12))
def test_unreadable_keys_and_titles_give_none_never_an_error(text):
    period = parse_period(text, text)
    assert period is None or period.frequency in _PER_YEAR
