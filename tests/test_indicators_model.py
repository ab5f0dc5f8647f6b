"""IndicatorSet queries, comparison, ranking and save/load on a small hand-built frame."""

from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd
import pytest

from regiobeeld.core.errors import UnknownRegionError
from regiobeeld.core.regions import CODES
from regiobeeld.core.tidy import TableMeta
from regiobeeld.indicators import SPECS, Comparison, IndicatorSet
from regiobeeld.indicators.model import quartile_of_rank
from regiobeeld.presentation.blocks import SourceRef
from regiobeeld.presentation.report import source_refs


def _rows(indicator, period, values, category="", status=""):
    return [(indicator, code, period, status, category, value) for code, value in values.items()]


def _meta(table_id, title):
    return TableMeta(table_id=table_id, title=title, modified=None, retrieved="2026-11-22T10:00:00+00:00",
                     source_url="http://127.0.0.1", demo=True, query="q")


@pytest.fixture
def iset():
    rows = []
    # unemployment_rate (AM level): AM01 4.0, AM02 3.0, AM03 missing, AM05 5.0, NL 3.7
    rows += _rows("unemployment_rate", "2023JJ00", {"AM01": 3.5, "AM02": 3.1, "NL": 3.6})
    rows += _rows("unemployment_rate", "2024JJ00",
                  {"AM01": 4.0, "AM02": 3.0, "AM03": math.nan, "AM05": 5.0, "NL": 3.7}, status="*")
    rows += _rows("unemployment_rate", "2024JJ00", {"AM01": 10.0, "AM02": 8.0, "NL": 9.0},
                  category="Leeftijd: 15 tot 25 jaar", status="*")
    rows += _rows("unemployment_rate", "2024JJ00", {"AM01": 2.0, "NL": 2.5},
                  category="Onderwijsniveau: hoog", status="*")
    # tightness (PV level)
    rows += _rows("tightness", "2024JJ00", {"PV20": 90.0, "PV21": 110.0, "NL": 100.0})
    # lifelong learning (NL only)
    rows += _rows("lifelong_learning", "2024JJ00", {"NL": 3.5}, category="formeel")
    rows += _rows("lifelong_learning", "2024JJ00", {"NL": 12.5}, category="niet-formeel")
    frame = pd.DataFrame(rows, columns=["indicator", "region_code", "period", "period_status", "category", "value"])
    return IndicatorSet(
        frame=frame, specs=SPECS,
        sources={"86088NED": _meta("86088NED", "Arbeidsdeelname; regionale indeling 2024")},
        names={"AM01": "Groningen", "AM02": "Friesland", "NL": "Nederland", "PV20": "Groningen",
               "PV21": "Fryslân"},
        province_of={"AM01": "PV20", "AM02": "PV21"}, demo=True, fingerprint="abc123",
        neighbours={"AM01": ["AM02", "AM03"]},
        failures={"jobs": "Bron 83582NED kon niet worden opgehaald."},
    )


def test_periods_latest_and_value(iset):
    assert iset.periods("unemployment_rate") == ["2023JJ00", "2024JJ00"]
    assert iset.latest_period("unemployment_rate") == "2024JJ00"
    assert iset.value("unemployment_rate", "AM01") == 4.0
    assert iset.value("unemployment_rate", "AM01", "2023JJ00") == 3.5
    assert iset.value("unemployment_rate", "AM02", category="Leeftijd: 15 tot 25 jaar") == 8.0
    assert math.isnan(iset.value("unemployment_rate", "AM03"))
    assert math.isnan(iset.value("jobs", "AM01"))          # absent indicator → NaN, not an error
    assert iset.period_status("unemployment_rate") == "*"
    with pytest.raises(UnknownRegionError):
        iset.value("unemployment_rate", "AM04")


def test_series_and_by_category(iset):
    series = iset.series("unemployment_rate", "AM01")
    assert series["period"].tolist() == ["2023JJ00", "2024JJ00"]
    assert series["value"].tolist() == [3.5, 4.0]
    assert series["period_status"].tolist() == ["", "*"]
    cats = iset.by_category("unemployment_rate", "AM02")
    assert cats["category"].tolist() == ["Leeftijd: 15 tot 25 jaar", "Onderwijsniveau: hoog"]
    assert cats["value"].iloc[0] == 8.0 and math.isnan(cats["value"].iloc[1])
    assert cats["nl"].tolist() == [9.0, 2.5]


def test_compare_ranks_among_regions_with_a_value(iset):
    comp = iset.compare("unemployment_rate", "AM01")
    # values 4.0 (AM01), 3.0 (AM02), 5.0 (AM05); AM03 NaN is not ranked → AM01 is 2nd of 3
    assert comp == Comparison("unemployment_rate", "AM01", "AM01", "Groningen", "2024JJ00", "*",
                              4.0, 3.7, {"AM02": 3.0, "AM03": comp.neighbours["AM03"]}, 2, 3)
    assert math.isnan(comp.neighbours["AM03"])
    assert iset.rank("unemployment_rate", "AM05") == 1
    assert iset.rank("unemployment_rate", "AM03") is None


def test_pv_and_nl_level_resolve_to_province_and_nederland(iset):
    comp = iset.compare("tightness", "AM02")
    assert (comp.code, comp.name, comp.value, comp.nl, comp.rank, comp.neighbours) == (
        "PV21", "provincie Fryslân", 110.0, 100.0, None, {})
    assert iset.value("tightness", "AM01") == 90.0
    ll = iset.compare("lifelong_learning", "AM22", category="formeel")
    assert (ll.code, ll.name, ll.value, ll.nl) == ("NL", "Nederland", 3.5, 3.5)
    assert iset.by_category("lifelong_learning", "AM22")["value"].tolist() == [3.5, 12.5]


def test_headline_table(iset):
    table = iset.headline_table()
    assert table["region_code"].tolist() == [*CODES, "NL"]
    row = table.set_index("region_code")
    assert row.loc["AM05", "unemployment_rate"] == 5.0
    assert row.loc["AM05", "unemployment_rate_rank"] == 1
    assert row.loc["NL", "unemployment_rate"] == 3.7
    assert pd.isna(row.loc["NL", "unemployment_rate_rank"])
    assert row.loc["AM02", "tightness"] == 110.0          # its province's value
    assert pd.isna(row.loc["AM02", "tightness_rank"])     # PV level is not ranked
    assert row["jobs_growth"].isna().all()                # absent headline → NaN column
    ordered = sorted(row["unemployment_rate"].drop("NL").dropna())      # distinct values: quarters by position
    expected = {c: 1 + min(3, int(4 * ordered.index(v) / len(ordered)))
                for c, v in row["unemployment_rate"].drop("NL").dropna().items()}
    assert row["unemployment_rate_quartile"].dropna().to_dict() == expected


def test_quartile_of_rank_puts_the_highest_values_in_the_fourth_quarter():
    ranks = pd.Series(pd.array([1, 2, 3, 4, 5, 6, 7, 8, pd.NA], dtype="Int64"))
    assert quartile_of_rank(ranks).tolist() == [4, 4, 3, 3, 2, 2, 1, 1, pd.NA]
    assert quartile_of_rank(pd.Series(pd.array([1, 1, 3], dtype="Int64"))).tolist() == [3, 3, 1]


def test_source_refs_and_records(iset):
    refs = source_refs(iset, "unemployment_rate")
    assert refs == [SourceRef("86088NED", "Arbeidsdeelname; regionale indeling 2024", "2023–2024*",
                              "2026-11-22T10:00:00+00:00", demo=True)]
    recs = iset.records("tightness", "AM01")
    nl = iset.value("tightness", "NL")
    assert recs == [{"region": "AM01", "area_code": "PV20", "theme": "vraag", "indicator": "tightness",
                     "label": "Krapte (CBS)", "category": "", "period": "2024JJ00", "period_label": "2024",
                     "period_status": "", "value": 90.0, "unit": "per 100 werklozen", "nl": nl,
                     "neighbours_mean": recs[0]["neighbours_mean"], "rank": None, "ranked": None,
                     "source_table": "83599NED 86088NED", "level": "PV"}]
    assert math.isnan(recs[0]["neighbours_mean"])                  # a province has no neighbours' mean


def test_a_table_an_indicator_divides_by_cites_its_own_periods(iset):
    """Krapte: vacancies per quarter of 83599NED over the yearly labour force of 86088NED;
    the divisor's source line names the labour force's years, not the vacancies' quarters."""
    vacancies = replace(_meta("83599NED", "Vacatures"), period_status={"2024JJ00": ""})
    labour = replace(_meta("86088NED", "Arbeidsdeelname"),
                     period_status={"2013JJ00": "", "2023JJ00": "", "2024JJ00": "*"})
    iset.sources.update({"83599NED": vacancies, "86088NED": labour})
    refs = source_refs(iset, "tightness")
    assert [(r.table_id, r.periods) for r in refs] == [("83599NED", "2024"), ("86088NED", "2013–2024*")]


def test_save_load_roundtrip(iset, tmp_path):
    path = tmp_path / "sub" / "abc123.parquet"
    iset.save(path)
    assert sorted(p.name for p in path.parent.iterdir()) == ["abc123.json", "abc123.parquet"]   # no temp files
    assert path.stat().st_mode & 0o777 == 0o644
    back = IndicatorSet.load(path, SPECS)
    pd.testing.assert_frame_equal(back.frame, iset.frame)
    assert back.sources == iset.sources
    assert (back.names, back.province_of, back.demo, back.fingerprint, back.failures) == (
        iset.names, iset.province_of, True, "abc123", iset.failures)
    assert back.neighbours == {"AM01": ("AM02", "AM03")}
    assert back.compare("unemployment_rate", "AM05") == iset.compare("unemployment_rate", "AM05")


def test_specs_are_complete_and_dutch():
    assert len(SPECS) == 44
    for spec in SPECS.values():
        assert spec.theme in {"aanbod", "vraag", "mismatch"}
        assert spec.level in {"AM", "GM→AM", "GM×GM→AM", "PV", "NL"}
        assert spec.label and spec.definition.endswith(".")
        assert spec.tables
    assert [s.id for s in SPECS.values() if s.headline] == [
        "population", "population_growth", "demographic_pressure", "higher_educated",
        "net_participation", "unemployment_rate", "unused_potential", "social_assistance_rate",
        "population_forecast_index", "ww_rate", "jobs_growth", "tightness", "replacement_demand", "zzp_share",
        "commuting_own_share"]


def test_a_forecast_shows_its_headline_year_not_its_last(iset):
    rows = [*_rows("population_forecast_index", "2030JJ00", {"AM01": 102.0, "AM02": 101.0, "NL": 101.5}),
            *_rows("population_forecast_index", "2040JJ00", {"AM01": 104.0, "AM02": 99.0, "NL": 103.0}),
            *_rows("population_forecast_index", "2050JJ00", {"AM01": 106.0, "AM02": 97.0, "NL": 104.0})]
    frame = pd.DataFrame(rows, columns=["indicator", "region_code", "period", "period_status", "category", "value"])
    forecast = IndicatorSet(frame=frame, specs=SPECS, sources={}, names=iset.names, province_of={}, demo=True,
                            fingerprint="f")
    assert SPECS["population_forecast_index"].forecast_year == 2040
    assert forecast.shown_period("population_forecast_index") == "2040JJ00"
    assert forecast.latest_period("population_forecast_index") == "2050JJ00"
    assert forecast.value("population_forecast_index", "AM02") == 99.0
    assert forecast.compare("population_forecast_index", "AM01").rank == 1
    table = forecast.headline_table().set_index("region_code")
    assert table.loc["AM01", "population_forecast_index"] == 104.0


def test_records_pages_and_index_rank_alike(iset):
    """One rank: the records, the pages' comparison and the index's table agree, also with ties."""
    iset = IndicatorSet(pd.concat([iset.frame, pd.DataFrame(
        _rows("unemployment_rate", "2022JJ00", {"AM01": 2.0, "AM02": 2.0, "AM05": 1.0}),
        columns=iset.frame.columns)]), iset.specs, iset.sources, iset.names, iset.province_of, iset.demo,
        iset.fingerprint, iset.neighbours, iset.failures)
    table = iset.headline_table().set_index("region_code")
    for code in ("AM01", "AM02", "AM03", "AM05"):
        ranked = {(r["period"], r["category"]): (r["rank"], r["ranked"])
                  for r in iset.records("unemployment_rate", code)}
        for (period, category), (rank, count) in ranked.items():
            comparison = iset.compare("unemployment_rate", code, period, category)
            assert (rank, count if rank else comparison.n) == (comparison.rank, comparison.n)
        latest = table.loc[code, "unemployment_rate_rank"]
        assert ranked[("2024JJ00", "")][0] == (None if pd.isna(latest) else latest)
    assert iset.rank("unemployment_rate", "AM01", "2022JJ00") == iset.rank("unemployment_rate", "AM02", "2022JJ00") == 1


def test_series_and_categories_are_copies_a_caller_may_change(iset):
    series = iset.series("unemployment_rate", "AM01")
    series.loc[0, "value"] = -1.0
    series["extra"] = 1
    assert iset.series("unemployment_rate", "AM01").to_dict("list") == {
        "period": ["2023JJ00", "2024JJ00"], "period_status": ["", "*"], "value": [3.5, 4.0]}
    cats = iset.by_category("unemployment_rate", "AM01")
    cats.loc[0, "value"] = -1.0
    assert iset.by_category("unemployment_rate", "AM01")["value"].tolist() == [10.0, 2.0]


def test_an_indexed_set_answers_as_one_indexed_on_demand(iset):
    on_demand = [iset.records(indicator, "AM22") for indicator in iset.indicators]
    fresh = IndicatorSet(iset.frame, iset.specs, iset.sources, iset.names, iset.province_of, iset.demo,
                         iset.fingerprint, iset.neighbours, iset.failures)
    fresh.index_all()
    assert set(fresh._lookups) == set(fresh._means) == set(fresh.indicators)
    assert [fresh.records(indicator, "AM22") for indicator in fresh.indicators] == on_demand


def test_least_final_reads_a_list_or_a_series_and_counts_a_missing_status_as_final():
    from regiobeeld.indicators.model import least_final, status_rank

    for statuses in (["", "**", None], ["*", "**"], [math.nan, ""], ["?"], []):
        expected = "" if not statuses else {0: "", 1: "**", 2: "*"}[int(status_rank(pd.Series(statuses)).max())]
        assert least_final(statuses) == least_final(pd.Series(statuses, dtype=object)) == expected
    assert least_final(["", "**", "*"]) == "*" and least_final(["", "**"]) == "**"


def test_status_rank_ranks_every_status_with_the_index_and_name_of_its_series():
    from regiobeeld.indicators.model import status_rank

    statuses = pd.Series(["*", None, "**", "", "?", math.nan, "*"], index=list("abcdefg"), name="period_status")
    expected = pd.Series([2, 0, 1, 0, 0, 0, 2], index=list("abcdefg"), name="period_status", dtype=int)
    pd.testing.assert_series_equal(status_rank(statuses), expected, check_exact=True)
    pd.testing.assert_series_equal(status_rank(statuses.astype("str")), expected, check_exact=True)
    assert status_rank(pd.Series([], dtype="str")).tolist() == []
