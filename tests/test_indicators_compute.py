"""compute_all / ensure_indicators end to end on the built-in demo data: every indicator
for all 35 regions and NL, realistic national figures, the cache, and a failing source."""

from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd
import pytest

from regiobeeld.core import catalog
from regiobeeld.core.errors import OfflineDataMissing, SourceError, TableNotFoundError
from regiobeeld.core.regions import CODES
from regiobeeld.core.settings import Settings
from regiobeeld.indicators import SPECS, IndicatorSet, compute_all, ensure_indicators
from regiobeeld.indicators.compute import cache_path
from regiobeeld.presentation.report import source_refs
from regiobeeld.store.data import DataStore


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    return Settings(cache_root=tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def iset(settings):
    return ensure_indicators(settings)


def test_every_indicator_is_computed_for_all_regions_and_nl(iset):
    assert iset.failures == {}
    assert iset.indicators == list(SPECS)
    assert iset.demo is True
    frame = iset.frame
    for ind, spec in SPECS.items():
        latest = frame[(frame["indicator"] == ind) & (frame["period"] == iset.latest_period(ind))]
        if spec.level == "GM×GM→AM":        # a list of partner regions per region, no NL
            assert set(latest["region_code"]) == set(CODES), ind
            assert latest.groupby("region_code").size().max() == 5, ind
            continue
        head = latest[latest["category"] == latest["category"].min()]
        codes = set(head["region_code"])
        if spec.level == "NL":
            assert codes == {"NL"}, ind
        elif spec.level == "PV":
            assert codes == {"NL", *[f"PV{n}" for n in range(20, 32)]}, ind
        else:
            assert codes == {*CODES, "NL"}, ind
            assert head["value"].notna().sum() >= 30, (ind, head[head["value"].isna()])
        assert head.set_index("region_code")["value"].notna()["NL"], ind


def test_national_demo_figures_are_realistic(iset):
    nl = {ind: iset.value(ind, "AM22") if SPECS[ind].level == "NL" else iset.value(ind, "NL")
          for ind in ("population", "unemployment_rate", "net_participation", "tightness",
                      "demographic_pressure", "higher_educated", "social_assistance_rate", "jobs")}
    nl["tightness"] = iset.frame.query("indicator == 'tightness' and region_code == 'NL'")["value"].iloc[-1]
    assert 17_000_000 < nl["population"] < 19_000_000
    assert 3.0 <= nl["unemployment_rate"] <= 4.5
    assert 68 <= nl["net_participation"] <= 76
    assert 80 <= nl["tightness"] <= 130
    assert 60 <= nl["demographic_pressure"] <= 80
    assert 30 <= nl["higher_educated"] <= 45
    assert 25 <= nl["social_assistance_rate"] <= 45
    assert 7_000 <= nl["jobs"] <= 10_000          # x 1 000
    shares = iset.by_category("age_structure", "AM22")
    assert shares["value"].sum() == pytest.approx(100.0)
    assert shares["nl"].sum() == pytest.approx(100.0)


def test_regions_sum_to_the_nation_for_counts(iset):
    pop = iset.frame.query("indicator == 'population' and period == @iset.latest_period('population')")
    am = pop[pop["region_code"].isin(CODES)]["value"]
    if am.notna().all():
        assert am.sum() == pytest.approx(pop.set_index("region_code").loc["NL", "value"], rel=1e-9)


def test_names_provinces_and_comparison(iset):
    assert iset.names["AM22"] == "Rijnmond" and iset.names["NL"] == "Nederland"
    assert set(iset.province_of) == set(CODES)
    assert iset.province_of["AM22"] == "PV28" and iset.names["PV28"] == "Zuid-Holland"
    comp = iset.compare("tightness", "AM22")
    assert comp.code == "PV28" and comp.name == "provincie Zuid-Holland" and comp.rank is None
    comp = iset.compare("unemployment_rate", "AM22")
    assert 1 <= comp.rank <= 35 and comp.n == 35
    assert set(comp.neighbours) == {"AM19", "AM20", "AM21", "AM23", "AM24", "AM25", "AM34", "AM35"}
    assert source_refs(iset, "tightness")[0].table_id == "83599NED"
    table = iset.headline_table()
    ranks = table["unemployment_rate_rank"].dropna()
    assert len(table) == 36 and len(ranks) == 35 and ranks.min() == 1 and ranks.max() <= 35   # ties share a rank


def test_second_call_loads_the_cache(settings, iset):
    path = cache_path(settings, iset.fingerprint)
    assert path.exists() and path.with_suffix(".json").exists()
    again = ensure_indicators(settings)
    assert again.fingerprint == iset.fingerprint
    pd.testing.assert_frame_equal(again.frame, iset.frame)
    assert again.sources.keys() == iset.sources.keys()
    assert again.province_of == iset.province_of


class _Broken:
    """A DataStore whose vacancies table cannot be delivered."""

    def __init__(self, store):
        self._store = store
        self.settings = store.settings

    def get(self, name):
        if name == "vacancies":
            raise SourceError("CBS antwoordde met HTTP 503", table_id="83599NED")
        return self._store.get(name)

    def __getattr__(self, name):
        return getattr(self._store, name)


def test_a_failing_source_only_removes_its_indicators(settings, iset, caplog):
    with DataStore(settings) as store:
        broken = compute_all(_Broken(store), fingerprint="x")
    assert set(broken.failures) == {"tightness", "vacancy_rate"}
    assert broken.failures["tightness"] == "CBS-tabel 83599NED kon niet worden opgehaald"
    assert "HTTP 503" in caplog.text       # the details go to the log, not to the reader
    assert not broken.has("tightness") and math.isnan(broken.value("tightness", "AM22"))
    assert broken.has("unemployment_rate")
    assert broken.value("unemployment_rate", "AM22") == iset.value("unemployment_rate", "AM22")


class _Withdrawn(_Broken):
    """A DataStore for which CBS no longer publishes the tables of ``queries``."""

    def __init__(self, store, queries):
        super().__init__(store)
        self._queries = queries

    def get(self, name):
        if name in self._queries:
            raise TableNotFoundError("HTTP 404", table_id=catalog.query(name).table_id)
        return self._store.get(name)


@pytest.mark.parametrize("queries,lost", [
    (("commuting",), {"commuting_flows", "commuting_own_share", "commuting_top_origins",
                      "commuting_top_destinations"}),
    (("work_positions", "register_counts"), {"work_positions", "zzp_share", "register_participation"}),
])
def test_a_withdrawn_issue_11_table_loses_only_its_own_indicators(settings, iset, queries, lost):
    with DataStore(settings) as store:
        broken = compute_all(_Withdrawn(store, queries), fingerprint="x")
    assert set(broken.failures) == lost
    table_id = catalog.query(queries[0]).table_id
    assert set(broken.failures.values()) == {f"CBS-tabel {table_id} bestaat niet (meer) bij de bron"}
    for other in {"zzp_share", "commuting_own_share", "jobs"} - lost:
        assert broken.value(other, "AM22") == iset.value(other, "AM22")


class _Malformed(_Broken):
    """A DataStore whose vacancies frame lacks its value column."""

    def get(self, name):
        result = self._store.get(name)
        if name == "vacancies":
            return replace(result, data=result.data.drop(columns="value"))
        return result


def test_a_frame_without_its_value_column_only_removes_its_indicators(settings, iset, caplog):
    with DataStore(settings) as store:
        broken = compute_all(_Malformed(store), fingerprint="x")
    assert set(broken.failures) == {"tightness", "vacancy_rate"}
    assert "invoer vacancies: ontbrekende kolommen value" in caplog.text
    assert broken.value("unemployment_rate", "AM22") == iset.value("unemployment_rate", "AM22")


def test_offline_without_cache_raises_a_clear_error(tmp_path):
    with pytest.raises(OfflineDataMissing, match="Offline modus"):
        ensure_indicators(Settings(cache_root=tmp_path, offline=True))


def test_load_rejects_a_corrupt_file(tmp_path, iset):
    path = tmp_path / "x.parquet"
    iset.save(path)
    path.write_bytes(b"not parquet")
    from regiobeeld.core.errors import CacheError
    with pytest.raises(CacheError, match="onleesbaar"):
        IndicatorSet.load(path, SPECS)


def test_a_set_with_failures_is_not_cached(settings, iset, monkeypatch):
    from regiobeeld.core.errors import SourceError
    from regiobeeld.indicators import compute

    failed = SourceError("CBS antwoordde met HTTP 503", table_id="83599NED")
    monkeypatch.setattr(compute, "_prefetch", lambda store, helper=None: {"vacancies": failed})
    path = cache_path(settings, iset.fingerprint)
    path.unlink()
    partial = ensure_indicators(settings)
    assert set(partial.failures) == {"tightness", "vacancy_rate"}
    assert partial.failures["vacancy_rate"] == "CBS-tabel 83599NED kon niet worden opgehaald"
    assert not path.exists()                       # the next call tries the source again


def test_any_exception_in_one_indicator_loses_only_that_indicator(settings, iset, caplog, monkeypatch):
    from regiobeeld.indicators import compute

    def broken(jobs_frame):
        raise ZeroDivisionError("kapot")

    monkeypatch.setitem(compute.SPECS, "jobs", replace(compute.SPECS["jobs"], compute=broken))
    with DataStore(settings) as store:
        partial = compute_all(store, fingerprint="x")
    assert partial.failures == {"jobs": "de berekening mislukte door een onverwachte fout"}
    assert partial.has("jobs_growth") and not partial.has("jobs")
    assert "ZeroDivisionError: kapot" in caplog.text and "Traceback" in caplog.text


def test_gemeente_values_of_every_gemeente_indicator_add_up_to_the_region(settings, iset):
    from regiobeeld.indicators.gemeenten import has_gemeente_values

    gemeenten = iset.gemeenten
    assert gemeenten.failures == {}
    assert {i for i in iset.indicators if gemeenten.has(i)} == {i for i, s in SPECS.items() if has_gemeente_values(s)}
    period = iset.latest_period("population")
    own = gemeenten.of_region("population", "AM22", period)
    assert len(own) >= 2 and own["value"].notna().all()
    assert own["value"].sum() == pytest.approx(iset.value("population", "AM22"), rel=1e-9)
    again = ensure_indicators(settings)                  # loaded from the cache with the set
    pd.testing.assert_frame_equal(again.gemeenten.frame, gemeenten.frame)


def test_a_failing_gemeente_computation_loses_only_its_gemeente_values(settings, iset, caplog, monkeypatch):
    from regiobeeld.indicators import compute

    growth = compute.SPECS["population_growth"]

    def regions_only(pop, years):
        if pop["region_code"].str.startswith("GM").any():
            raise ZeroDivisionError("kapot per gemeente")
        return growth.compute(pop, years=years)

    monkeypatch.setitem(compute.SPECS, "population_growth", replace(growth, compute=regions_only))
    with DataStore(settings) as store:
        partial = compute_all(store, fingerprint="x")
    assert partial.failures == {}
    assert partial.value("population_growth", "AM22") == iset.value("population_growth", "AM22")
    assert partial.gemeenten.failures == {"population_growth": "de cijfers per gemeente konden niet worden berekend"}
    assert not partial.gemeenten.has("population_growth") and partial.gemeenten.has("population")
    assert "kapot per gemeente" in caplog.text


def test_gemeente_values_that_cannot_be_gathered_at_all_cost_no_indicator(settings, iset, caplog, monkeypatch):
    from regiobeeld.indicators import groups

    def broken(*args):
        raise ValueError("onverwacht")

    monkeypatch.setattr(groups, "compute_gemeenten", broken)
    with DataStore(settings) as store:
        partial = compute_all(store, fingerprint="x")
    assert partial.failures == {} and partial.value("population", "AM22") == iset.value("population", "AM22")
    assert partial.gemeenten.failures["population"] == "de cijfers per gemeente konden niet worden berekend"
    assert not partial.gemeenten.has("population") and "Cijfers per gemeente: berekening mislukt" in caplog.text
