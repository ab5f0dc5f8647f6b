"""The CBS client against the local OData server (cbsodata and requests are real)."""

from __future__ import annotations

import math

import odata_fixtures as fx
import pytest
from cbsodata import cbsodata3

from regiobeeld.core.catalog import PeriodSelection, Query
from regiobeeld.core.errors import ConfigError, SourceError, TableNotFoundError
from regiobeeld.sources.cbs import CbsClient, resolve_topic, select_periods


@pytest.fixture
def srv(server, fixture_tables):
    return server(fixture_tables, page_size=5)


@pytest.fixture
def client(srv, settings):
    return CbsClient(settings.replace(cbs_url=srv.url, timeout=1.0), sleep=lambda s: None)


def value(frame, measure, region, period, gender="T001038"):
    hit = frame[(frame.measure == measure) & (frame.region_code == region)
                & (frame.period == period) & (frame.Geslacht == gender)]
    assert len(hit) == 1, hit
    return hit.value.iloc[0]


def test_fetch_returns_the_tidy_contract(client):
    result = client.fetch(fx.labour_query())
    data = result.data
    assert list(data.columns) == ["region_code", "region_name", "period", "period_title", "period_status",
                                  "Geslacht", "Geslacht_title", "measure", "value", "unit"]
    # AM01, AM22, GM0014, GM0034 x 2 years x 2 genders x 3 measures
    assert len(data) == 4 * 2 * 2 * 3
    assert sorted(set(data.region_code)) == ["AM01", "AM22", "GM0014", "GM0034"]
    assert set(data.Geslacht) == {"T001038", "4000"}
    assert data.value.dtype == "float64"
    assert value(data, "werkzaam", "AM22", "2024JJ00") == 424.0            # 100*4 + 24 + 0
    assert value(data, "werkzaam", "GM0014", "2023JJ00", "4000") == 525.0  # 100*5 + 23 + 2
    assert value(data, "jong_pct", "AM01", "2024JJ00") == 0.75            # relative group, 3 / 4


def test_null_is_nan_not_zero(client):
    data = client.fetch(fx.labour_query()).data
    assert math.isnan(value(data, "werkloosheid_pct", "GM0034", "2024JJ00"))
    assert value(data, "werkloosheid_pct", "GM0034", "2023JJ00") == pytest.approx(62.3)
    assert (data.value == 0).sum() == 0


def test_period_status_and_titles(client):
    result = client.fetch(fx.labour_query())
    periods = result.data[["period", "period_title", "period_status"]].drop_duplicates().sort_values("period")
    assert periods.values.tolist() == [["2023JJ00", "2023", "**"], ["2024JJ00", "2024", "*"]]
    assert result.meta.period_status == {"2023JJ00": "**", "2024JJ00": "*"}
    assert set(result.data.region_name) == {"Groningen (AM)", "Rijnmond (AM)", "Groningen (gemeente)",
                                            "Almere (gemeente)"}


def test_meta_records_resolved_keys_units_and_provenance(client, srv):
    meta = client.fetch(fx.labour_query()).meta
    assert meta.topic_keys == {"werkzaam": "WerkzameBeroepsbevolking_1",
                               "werkloosheid_pct": "Werkloosheidspercentage_2", "jong_pct": "JongerDan5Jaar_4"}
    assert meta.units == {"werkzaam": "x 1 000", "werkloosheid_pct": "%", "jong_pct": "%"}
    assert (meta.table_id, meta.title, meta.query, meta.demo) == ("99001NED", "Testtabel arbeidsdeelname",
                                                                  "labour_test", False)
    assert meta.source_url == srv.url and meta.modified == "2025-02-14T02:00:00"
    assert meta.retrieved.endswith("+00:00")


def test_shifted_edition_gives_the_same_figures(client):
    old = client.fetch(fx.labour_query()).data
    new = client.fetch(fx.labour_query(fx.SHIFTED_ID)).data
    assert new.equals(old)
    assert client.fetch(fx.labour_query(fx.SHIFTED_ID)).meta.topic_keys["werkzaam"] == "WerkzameBeroepsbevolking_4"


def test_filter_uses_padded_keys_from_the_dimension(client, srv):
    client.fetch(fx.labour_query())
    data_requests = [r for r in srv.requests if r.entity == "TypedDataSet"]
    flt = data_requests[0].params["$filter"]
    assert "Geslacht eq 'T001038' or Geslacht eq '4000   '" in flt
    assert "substringof('AM',RegioS) or substringof('GM',RegioS)" in flt
    assert "Perioden eq '2024JJ00' or Perioden eq '2023JJ00'" in flt
    assert data_requests[0].params["$select"] == ("Geslacht,RegioS,Perioden,WerkzameBeroepsbevolking_1,"
                                                  "Werkloosheidspercentage_2,JongerDan5Jaar_4")


@pytest.mark.parametrize(("spec", "problem"), [
    ("Jonger dan 5 jaar", "niet eenduidig"),
    ("Bestaat niet", "ontbreekt"),
    ("Leeftijdsgroepen/Bestaat niet", "ontbreekt"),
])
def test_a_missing_topic_loses_only_its_alias_and_the_log_names_the_options(client, spec, problem, caplog):
    query = fx.labour_query(topics=(("x", spec), ("werkzaam", "Werkzame beroepsbevolking")))
    result = client.fetch(query)
    assert set(result.data["measure"]) == {"werkzaam"} and list(result.meta.missing) == ["x"]
    message = result.meta.missing["x"]
    assert "99001NED" in message and spec in message and problem in message
    assert "Leeftijdsgroepen, relatief/Jonger dan 5 jaar" in caplog.text
    with pytest.raises(SourceError, match=problem):
        client.fetch(fx.labour_query(topics=(("x", spec),)))


def test_an_unknown_member_or_dimension_is_reported_and_the_rest_fetched(client):
    result = client.fetch(fx.labour_query(filters=(("Geslacht", ("Onbekend", "Vrouwen")), ("Burgerstaat", ("x",)))))
    assert set(result.data.Geslacht) == {"4000"}
    assert result.meta.missing == {
        "Geslacht=Onbekend": "CBS-tabel 99001NED: dimensie 'Geslacht' heeft geen categorie 'Onbekend'.",
        "Burgerstaat": "CBS-tabel 99001NED: dimensie 'Burgerstaat' ontbreekt."}


def test_member_by_title_or_key_is_the_same(client):
    by_key = client.fetch(fx.labour_query(filters=(("Geslacht", ("4000",)),))).data
    by_title = client.fetch(fx.labour_query(filters=(("Geslacht", ("Vrouwen",)),))).data
    assert by_key.equals(by_title) and set(by_key.Geslacht) == {"4000"}


def test_select_periods_every_and_frequency():
    rows = [{"Key": k} for k, _, _ in fx.YEARS]
    assert select_periods(rows, PeriodSelection("JJ", count=2, every=10)) == ["2024JJ00", "2014JJ00"]
    assert select_periods(rows, PeriodSelection("JJ", count=3)) == ["2024JJ00", "2023JJ00", "2022JJ00"]
    assert select_periods(rows, PeriodSelection("KW", count=4)) == ["2024KW01"]
    months = [{"Key": f"2024MM{m:02d}"} for m in range(1, 13)] + [{"Key": "2023MM12"}]
    assert select_periods(months, PeriodSelection("MM", count=3, every=6)) == ["2024MM12", "2024MM06", "2023MM12"]


def test_long_or_lists_are_chunked(client, srv, settings):
    chunked = CbsClient(settings.replace(cbs_url=srv.url, chunk_size=2), sleep=lambda s: None)
    query = fx.labour_query(filters=(("Geslacht", ("T001038", "Mannen", "Vrouwen")),),
                            periods=PeriodSelection("JJ", count=3))
    whole = client.fetch(query).data
    srv.reset_log()
    parts = chunked.fetch(query).data
    filters = {r.params["$filter"] for r in srv.requests if r.entity == "TypedDataSet"}
    assert len(filters) == 4                               # 2 gender chunks x 2 period chunks
    assert len(parts) == len(whole) == 4 * 3 * 3 * 3
    key = ["measure", "region_code", "period", "Geslacht"]
    assert parts.sort_values(key, ignore_index=True).equals(whole.sort_values(key, ignore_index=True))


def test_string_topics_are_stripped(client):
    data = client.fetch(fx.gebieden_query()).data
    wide = data.pivot(index="region_code", columns="measure", values="value")
    assert wide.loc["GM0599"].to_dict() == {"am_code": "AM22", "am_naam": "Rijnmond", "gemeente_naam": "Rotterdam",
                                            "pv_code": "PV28", "pv_naam": "Zuid-Holland"}
    assert "period" not in data.columns


def test_unknown_table_is_table_not_found(client):
    with pytest.raises(TableNotFoundError) as err:
        client.fetch(fx.labour_query("12345NED"))
    assert err.value.table_id == "12345NED" and err.value.status == 404
    assert "'12345NED' bestaat niet (meer)" in str(err.value)


@pytest.mark.integration
@pytest.mark.parametrize("kind", ["500", "reset", "slow", "truncate"])
def test_transient_faults_are_retried(client, srv, kind):
    srv.inject(kind, table_id="99001NED", entity="TypedDataSet", times=2, delay=2.5)
    data = client.fetch(fx.labour_query()).data
    assert value(data, "werkzaam", "AM22", "2024JJ00") == 424.0
    data_requests = [r for r in srv.requests if r.entity == "TypedDataSet"]
    assert [r.fault for r in data_requests[:2]] == [kind, kind]


@pytest.mark.integration
@pytest.mark.parametrize(("kind", "status"), [("500", 500), ("truncate", None), ("slow", None), ("reset", None)])
def test_persistent_faults_give_source_error(client, srv, kind, status):
    srv.inject(kind, entity="Perioden", times=99, delay=2.5)
    with pytest.raises(SourceError) as err:
        client.fetch(fx.labour_query())
    assert not isinstance(err.value, TableNotFoundError)
    assert err.value.status == status and err.value.table_id == "99001NED"
    assert err.value.url == f"{srv.url}/ODataFeed/odata/99001NED/Perioden"
    assert "3 poging(en)" in str(err.value)                 # retries=2 in the test settings


def test_backoff_doubles(srv, settings):
    slept = []
    client = CbsClient(settings.replace(cbs_url=srv.url, retries=3, backoff=0.5), sleep=slept.append)
    srv.inject("500", entity="TableInfos", times=3)
    client.fetch(fx.labour_query())
    assert slept == [0.5, 1.0, 2.0]


def test_cbsodata_options_are_restored(client):
    before = (cbsodata3.options.catalog_url, cbsodata3.options.use_https, dict(cbsodata3.options.requests))
    client.fetch(fx.labour_query())
    with pytest.raises(TableNotFoundError):
        client.fetch(fx.labour_query("12345NED"))
    assert (cbsodata3.options.catalog_url, cbsodata3.options.use_https, dict(cbsodata3.options.requests)) == before


def test_loopback_ignores_a_dead_proxy(client, monkeypatch):
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setitem(cbsodata3.options.requests, "proxies", {"http": "http://127.0.0.1:9"})
    data = client.fetch(fx.labour_query()).data
    assert value(data, "werkzaam", "AM22", "2024JJ00") == 424.0
    with pytest.raises(TableNotFoundError):
        client.shape("12345NED")


def test_real_hosts_go_through_the_proxy(srv, settings, monkeypatch):
    # The local server acts as the proxy: requests sends it absolute URLs for cbs.example.
    monkeypatch.setenv("http_proxy", srv.url)
    client = CbsClient(settings.replace(cbs_url="http://cbs.example"), sleep=lambda s: None)
    data = client.fetch(fx.labour_query()).data
    assert value(data, "werkzaam", "AM22", "2024JJ00") == 424.0
    assert all(r.table_id == "99001NED" for r in srv.requests)


def test_query_without_filters_gets_every_region_and_period_and_the_total_of_other_dimensions(client):
    query = Query("all", "99001NED", topics=(("werkzaam", "Werkzame beroepsbevolking"),), periods=None)
    data = client.fetch(query).data
    assert len(data) == len(fx.REGIONS) * len(fx.YEARS) and set(data.Geslacht) == {"T001038"}


def test_no_matching_rows_gives_an_empty_frame_with_the_contract_columns(client):
    data = client.fetch(fx.labour_query(levels=("CR",))).data
    assert len(data) == 0 and data.value.dtype == "float64"
    assert list(data.columns)[:2] == ["region_code", "region_name"]


def test_client_errors_are_not_retried_and_carry_the_server_message(server, fixture_tables, settings):
    table = dict(fixture_tables["99001NED"])
    table["TypedDataSet"] = [{k: v for k, v in row.items() if k != "Geslacht"} for row in table["TypedDataSet"]]
    srv = server({"99001NED": table})
    client = CbsClient(settings.replace(cbs_url=srv.url), sleep=lambda s: None)
    with pytest.raises(SourceError) as err:
        client.fetch(fx.labour_query())
    assert err.value.status == 400 and "1 poging(en)" in str(err.value)
    assert "unknown property 'Geslacht'" in str(err.value)


@pytest.mark.parametrize("url", ["opendata.cbs.nl", "ftp://x", "http://"])
def test_cbs_url_needs_a_scheme_and_host(settings, url):
    with pytest.raises(ConfigError, match="Ongeldige CBS-URL"):
        CbsClient(settings.replace(cbs_url=url))


def test_levels_on_a_table_without_regions_is_an_error(server, settings):
    table = fx.labour_table()
    table["DataProperties"] = [p for p in table["DataProperties"] if p["Key"] != "RegioS"]
    srv = server({"99001NED": table})
    client = CbsClient(settings.replace(cbs_url=srv.url))
    with pytest.raises(SourceError, match="99001NED heeft geen regiodimensie.*AM, GM"):
        client.fetch(fx.labour_query())


def test_injected_404_names_the_table_and_is_not_retried(client, srv):
    srv.inject("404", table_id="99001NED", entity="TypedDataSet", times=5)
    with pytest.raises(TableNotFoundError, match="'99001NED' bestaat niet"):
        client.fetch(fx.labour_query())
    assert [r.fault for r in srv.requests if r.entity == "TypedDataSet"] == ["404"]


def test_a_member_title_used_twice_must_be_given_by_key(server, settings):
    table = fx.labour_table()
    table["Geslacht"] = [{**row, "Title": "Totaal"} if row["Key"].strip() in ("T001038", "3000") else row
                         for row in table["Geslacht"]]
    srv = server({"99001NED": table})
    client = CbsClient(settings.replace(cbs_url=srv.url))
    ambiguous = client.fetch(fx.labour_query(filters=(("Geslacht", ("Totaal", "Vrouwen")),)))
    assert list(ambiguous.meta.missing) == ["Geslacht=Totaal"] and set(ambiguous.data.Geslacht) == {"4000"}
    data = client.fetch(fx.labour_query(filters=(("Geslacht", ("3000",)),))).data
    assert set(data.Geslacht) == {"3000"} and set(data.Geslacht_title) == {"Totaal"}


def test_a_qualified_topic_prefers_the_count_over_its_relatief_twin():
    groups = [("Migratieachtergrond", None), ("Met migratieachtergrond", 0), ("Migratieachtergrond, relatief", 0),
              ("Met migratieachtergrond", 2)]
    props = [{"ID": i, "ParentID": parent, "Type": "TopicGroup", "Title": title}
             for i, (title, parent) in enumerate(groups)]
    props += [{"ID": 4, "ParentID": 1, "Type": "Topic", "Key": "Count_35", "Title": "Totaal met migratieachtergrond"},
              {"ID": 5, "ParentID": 3, "Type": "Topic", "Key": "Share_44", "Title": "Totaal met migratieachtergrond"}]
    assert resolve_topic(props, "Migratieachtergrond/Totaal met migratieachtergrond", "T")["Key"] == "Count_35"
    relative = "Migratieachtergrond, relatief/Totaal met migratieachtergrond"
    assert resolve_topic(props, relative, "T")["Key"] == "Share_44"
    with pytest.raises(SourceError, match="niet eenduidig"):
        resolve_topic(props, "Totaal met migratieachtergrond", "T")
