"""Against a local server with the evidence's table shapes every indicator is computed for
all 35 regions; each kind of drift CBS can make loses exactly the indicators that need it.

The server serves the demo world flagged as CBS data (``cbs_shaped.py``). One prefetch
fills a cache for the module; each drift test copies it, drops the drifted table's
entries and serves the drifted table, so only that table is fetched again.
"""

from __future__ import annotations

import shutil

import cbs_shaped as drift
import pytest

from regiobeeld.core.regions import CODES
from regiobeeld.core.settings import Settings
from regiobeeld.indicators.compute import compute_all
from regiobeeld.store.data import DataStore
from regiobeeld.testing.odata_server import ODataServer


@pytest.fixture(scope="module")
def tables():
    return drift.cbs_tables()


@pytest.fixture(scope="module")
def world(tables, tmp_path_factory):
    """(server, settings, indicator set) of the undrifted shapes, with a filled cache."""
    with ODataServer(tables) as srv:
        settings = Settings(source="cbs", cache_root=tmp_path_factory.mktemp("cache"), cbs_url=srv.url,
                            timeout=30.0, retries=0, backoff=0.0)
        with DataStore(settings) as store:
            baseline = compute_all(store, fingerprint="baseline")
        yield srv, settings, baseline


def test_every_indicator_is_computed_for_all_35_regions(world):
    _, _, baseline = world
    assert baseline.failures == {}
    assert len(baseline.indicators) == len(baseline.specs) == 44
    for indicator, spec in baseline.specs.items():
        if spec.level in ("AM", "GM→AM"):
            latest = baseline.rows(indicator)
            latest = latest[(latest["period"] == latest["period"].max()) & latest["region_code"].isin(CODES)]
            assert set(latest["region_code"]) == set(CODES), indicator
            assert latest.groupby("region_code")["value"].apply(lambda v: v.notna().any()).all(), indicator
    assert not baseline.demo


def _drifted(world, tmp_path, table_id, sets):
    """The indicator set computed with ``table_id`` served as ``sets`` (None: HTTP 404);
    afterwards the server serves the undrifted table again."""
    srv, settings, _ = world
    cache_root = tmp_path / "cache"
    shutil.copytree(settings.cache_root, cache_root)
    local = settings.replace(cache_root=cache_root)
    shutil.rmtree(local.cache_dir / "tables" / table_id)
    try:
        if sets is None:
            srv.withdraw(table_id)
        else:
            srv.serve(table_id, sets)
        with DataStore(local) as store:
            return compute_all(store, fingerprint="drift")
    finally:
        srv.serve(table_id, drift.cbs_tables()[table_id])


def _lost(iset) -> set[str]:
    assert set(iset.indicators) | set(iset.failures) == set(iset.specs)
    return set(iset.failures)


def test_a_renamed_topic_loses_only_the_indicator_that_needs_it(world, tables, tmp_path):
    sets = drift.rename_topic(tables["86111NED"], "Wil meer uren werken, beschikbaar", "Wil meer uren werken")
    iset = _drifted(world, tmp_path, "86111NED", sets)
    assert _lost(iset) == {"unused_potential"}
    assert iset.failures["unused_potential"] == (
        "CBS-tabel 86111NED: onderwerp 'Werkzame beroepsbevolking/Wil meer uren werken, beschikbaar' ontbreekt")


def test_a_renamed_member_loses_only_the_indicator_that_needs_it(world, tables, tmp_path):
    sets = drift.rename_member(tables["86112NED"], "Persoonskenmerken", "Leeftijd: 55 tot 75 jaar",
                               "Leeftijd: 55 jaar of ouder")
    iset = _drifted(world, tmp_path, "86112NED", sets)
    assert _lost(iset) == {"replacement_demand"}
    assert "'Leeftijd: 55 tot 75 jaar'" in iset.failures["replacement_demand"]
    assert iset.value("occupations", "AM22") == world[2].value("occupations", "AM22")


def test_a_renamed_member_that_a_robust_rule_recognises_loses_nothing(world, tables, tmp_path):
    sets = drift.rename_member(tables["83582NED"], "BedrijfstakkenBranchesSBI2008", "K Financiële dienstverlening",
                               "K Financiële diensten")
    iset = _drifted(world, tmp_path, "83582NED", sets)
    assert _lost(iset) == set()
    assert iset.value("jobs", "AM22") == world[2].value("jobs", "AM22")


def test_a_missing_dimension_loses_only_the_indicators_that_need_it(world, tables, tmp_path):
    sets = drift.drop_dimension(tables["85588NED"], "TypeReIntegratieParticipatievoorz")
    iset = _drifted(world, tmp_path, "85588NED", sets)
    assert _lost(iset) == {"reintegration_rate"}
    assert "dimensie 'Type re-integratie participatievoorz.' ontbreekt" in iset.failures["reintegration_rate"]


def test_an_extra_dimension_is_restricted_to_its_total_and_loses_nothing(world, tables, tmp_path):
    members = [("T001038", "Totaal mannen en vrouwen"), ("3000", "Mannen"), ("4000", "Vrouwen")]
    iset = _drifted(world, tmp_path, "86088NED", drift.add_dimension(tables["86088NED"], "Geslacht", members))
    assert _lost(iset) == set()
    for indicator in ("net_participation", "unemployment_rate", "tightness"):
        assert iset.value(indicator, "AM22") == world[2].value(indicator, "AM22"), indicator


def test_another_period_type_loses_only_the_indicators_of_that_table(world, tables, tmp_path):
    months = drift.recode_periods(tables["83599NED"], lambda key: key.replace("KW", "MM"))
    iset = _drifted(world, tmp_path, "83599NED", months)
    assert _lost(iset) == {"tightness", "vacancy_rate"}
    assert iset.failures["tightness"] == "CBS-tabel 83599NED kon niet worden opgehaald"


def test_school_year_periods_are_read_from_their_titles(world, tables, tmp_path):
    school = drift.recode_periods(tables["85702NED"], lambda key: key.replace("JJ", "SJ"))
    iset = _drifted(world, tmp_path, "85702NED", school)
    assert _lost(iset) == set()
    assert iset.value("graduates", "AM22", category="Hbo") == world[2].value("graduates", "AM22", category="Hbo")


def test_a_table_that_is_gone_loses_only_its_indicators(world, tmp_path):
    iset = _drifted(world, tmp_path, "85315NED", None)
    assert _lost(iset) == {"lifelong_learning"}
    assert iset.failures["lifelong_learning"] == "CBS-tabel 85315NED bestaat niet (meer) bij de bron"


@pytest.mark.parametrize(("table_id", "lost"), [
    ("85171NED", {"population_forecast_index"}),
    ("85554NED", {"ww_rate"}),
    ("86223NED", {"youth_neet", "youth_benefit", "youth_registered"}),
])
def test_each_aanbod_source_of_issue_11_fails_on_its_own(world, tmp_path, table_id, lost):
    iset = _drifted(world, tmp_path, table_id, None)
    assert _lost(iset) == lost
    assert {iset.failures[i] for i in lost} == {f"CBS-tabel {table_id} bestaat niet (meer) bij de bron"}
    assert iset.value("population", "AM22") == world[2].value("population", "AM22")


def test_a_renamed_migration_topic_loses_only_migration_background(world, tables, tmp_path):
    sets = drift.rename_topic(tables["70072NED"], "Totaal met migratieachtergrond", "Totaal met herkomstland buiten NL")
    iset = _drifted(world, tmp_path, "70072NED", sets)
    assert _lost(iset) == {"migration_background"}
    assert iset.value("one_person_households", "AM22") == world[2].value("one_person_households", "AM22")


def test_a_youth_member_that_no_rule_recognises_loses_only_its_share(world, tables, tmp_path):
    sets = drift.rename_member(tables["86223NED"], "Arbeidskenmerken", "Niet werkzaam", "Werkloos")
    iset = _drifted(world, tmp_path, "86223NED", sets)
    assert _lost(iset) == {"youth_neet"}
    assert iset.value("youth_registered", "AM22") == world[2].value("youth_registered", "AM22")


def test_a_forecast_region_dimension_not_typed_geo_is_still_the_region(world, tables, tmp_path):
    sets = drift.retype_dimension(tables["85171NED"], "RegioIndeling2021", "Dimension")
    iset = _drifted(world, tmp_path, "85171NED", sets)
    assert _lost(iset) == set()
    assert iset.value("population_forecast_index", "AM22") == world[2].value("population_forecast_index", "AM22")


def test_a_level_that_is_not_published_loses_only_the_indicators_at_that_level(world, tables, tmp_path):
    iset = _drifted(world, tmp_path, "86111NED", drift.drop_level(tables["86111NED"], "AM"))
    assert _lost(iset) == {"unused_potential"}
    assert iset.failures["unused_potential"] == "CBS-tabel 86111NED bevat geen cijfers per arbeidsmarktregio"


def test_a_render_with_missing_indicators_makes_the_bundle_says_what_is_missing_and_exits_4(
        world, tables, tmp_path, capsys, monkeypatch):
    from regiobeeld.cli import EXIT_MISSING_INDICATORS, main

    srv, settings, _ = world
    shutil.copytree(settings.cache_root, tmp_path / "cache")
    shutil.rmtree(settings.replace(cache_root=tmp_path / "cache").cache_dir / "tables" / "86111NED")
    monkeypatch.setenv("REGIOBEELD_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("REGIOBEELD_CBS_URL", srv.url)
    srv.serve("86111NED", drift.drop_level(tables["86111NED"], "AM"))
    try:
        code = main(["render", "--bron", "cbs", "--regio", "AM22", "--thema", "kerncijfers", "--uit",
                     str(tmp_path / "out"), "--jobs", "1", "--geen-voortgang"])
    finally:
        srv.serve("86111NED", tables["86111NED"])
    out = capsys.readouterr()
    assert code == EXIT_MISSING_INDICATORS == 4, out.err
    text = out.out + out.err
    assert ("43 van 44 indicatoren berekend; niet beschikbaar: Onbenut arbeidspotentieel "
            "(86111NED bevat geen cijfers per arbeidsmarktregio).") in text
    bundle = tmp_path / "out" / "regiobeeld"
    page = next(bundle.glob("AM22-*/*kerncijfers*.html")).read_text(encoding="utf-8")
    assert "Niet beschikbaar: CBS-tabel 86111NED bevat geen cijfers per arbeidsmarktregio." in page
    assert "catalog.py" not in page and "Controleer" not in page
    index = (bundle / "index.html").read_text(encoding="utf-8")
    assert "niet beschikbaar</td>" in index and "de bron of de berekening leverde dit cijfer niet" in index
