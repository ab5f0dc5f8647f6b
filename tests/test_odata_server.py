"""The local CBS OData server: routes, paging, filters, faults."""

from __future__ import annotations

import odata_fixtures as fx
import pandas as pd
import pytest
import requests

from regiobeeld.testing.odata_server import FilterError, parse_filter


def get(srv, path, **params):
    return requests.get(f"{srv.url}{path}", params={"$format": "json", **params}, timeout=5)


def feed(srv, entity, table="99001NED", **params):
    return get(srv, f"/ODataFeed/odata/{table}/{entity}", **params)


def test_service_document_lists_sets_in_cbs_order(server, fixture_tables):
    srv = server(fixture_tables)
    names = [v["name"] for v in get(srv, "/ODataFeed/odata/99001ned/").json()["value"]]
    assert names == ["TableInfos", "UntypedDataSet", "TypedDataSet", "DataProperties",
                     "CategoryGroups", "Geslacht", "RegioS", "Perioden"]


def test_catalog_has_one_row_per_table(server, fixture_tables):
    srv = server(fixture_tables)
    rows = get(srv, "/ODataCatalog/Tables").json()["value"]
    assert [r["Identifier"] for r in rows] == ["99001NED", "99002NED", "99003NED"]
    found = get(srv, "/ODataCatalog/Tables", **{"$filter": "substringof('Gebieden',Title)",
                                                "$select": "Identifier,Period"}).json()["value"]
    assert found == [{"Identifier": "99003NED", "Period": "2024"}]


def test_paging_follows_absolute_next_links_and_keeps_filter(server, fixture_tables):
    srv = server(fixture_tables, page_size=7)
    flt = "Geslacht eq 'T001038'"
    body = feed(srv, "TypedDataSet", **{"$filter": flt, "$select": "RegioS,Perioden"}).json()
    rows = list(body["value"])
    while "odata.nextLink" in body:
        assert body["odata.nextLink"].startswith(srv.url + "/ODataFeed/odata/99001NED/TypedDataSet?")
        body = requests.get(body["odata.nextLink"], timeout=5).json()
        rows += body["value"]
    assert len(rows) == len(fx.REGIONS) * len(fx.YEARS)      # 30 rows in 5 pages
    assert all(set(r) == {"RegioS", "Perioden"} for r in rows)
    assert len(srv.requests) == 5
    assert srv.requests[-1].params["$skip"] == "28"


@pytest.mark.parametrize(("flt", "expected"), [
    ("RegioS eq 'AM01  '", 15),
    ("RegioS eq 'AM01'", 0),                                         # wrong width: no rows
    ("RegioS ne 'AM01  ' and Geslacht eq 'T001038'", 25),
    ("(RegioS eq 'AM01  ' or RegioS eq 'GM0014') and Perioden eq '2024JJ00'", 6),
    ("substringof('GM',RegioS) and Geslacht eq '4000   '", 10),
    ("startswith(RegioS,'AM') and Perioden ge '2023JJ00' and Perioden lt '2024KW01'", 12),
    ("not (substringof('JJ',Perioden)) and RegioS eq 'NL01  '", 3),
    ("Werkloosheidspercentage_2 eq 41.4", 1),                      # AM22, 2014, totaal,
])
def test_filters_match_padded_keys_exactly(server, fixture_tables, flt, expected):
    srv = server(fixture_tables)
    response = feed(srv, "TypedDataSet", **{"$filter": flt})
    assert response.status_code == 200
    assert len(response.json()["value"]) == expected


@pytest.mark.parametrize("flt", ["RegioS eq", "RegioS equals 'x'", "(RegioS eq 'x'", "Nope eq 'x'", "RegioS eq 'x' )"])
def test_bad_filter_is_http_400_with_message(server, fixture_tables, flt):
    srv = server(fixture_tables)
    response = feed(srv, "TypedDataSet", **{"$filter": flt})
    assert response.status_code == 400
    assert "invalid query" in response.json()["odata.error"]["message"]["value"]


def test_parse_filter_tree():
    assert parse_filter("a eq 'x' or (b eq 'y''s' and substringof('GM',c))") == (
        "or", [("cmp", "eq", "a", "x"), ("and", [("cmp", "eq", "b", "y's"), ("func", "substringof", "c", "GM")])])
    with pytest.raises(FilterError):
        parse_filter("")


def test_typed_values_are_numbers_and_null_untyped_are_text(server, fixture_tables):
    srv = server(fixture_tables)
    flt = "RegioS eq 'GM0034' and Perioden eq '2024JJ00' and Geslacht eq 'T001038'"
    typed = feed(srv, "TypedDataSet", **{"$filter": flt}).json()["value"][0]
    untyped = feed(srv, "UntypedDataSet", **{"$filter": flt}).json()["value"][0]
    assert typed["WerkzameBeroepsbevolking_1"] == 624 and typed["Werkloosheidspercentage_2"] is None
    assert untyped["WerkzameBeroepsbevolking_1"] == "624" and untyped["Werkloosheidspercentage_2"].strip() == "."
    assert untyped["RegioS"] == "GM0034"


def test_dataframe_data_set_is_served_like_rows(server, fixture_tables):
    table = dict(fixture_tables["99001NED"])
    table["TypedDataSet"] = pd.DataFrame(table["TypedDataSet"])
    srv = server({"99001NED": table}, page_size=4)
    flt = "RegioS eq 'GM0034' and Perioden eq '2024JJ00'"
    body = feed(srv, "TypedDataSet", **{"$filter": flt, "$select": "Geslacht,Werkloosheidspercentage_2"}).json()
    assert body["value"] == [{"Geslacht": "T001038", "Werkloosheidspercentage_2": None},
                             {"Geslacht": "3000   ", "Werkloosheidspercentage_2": None},
                             {"Geslacht": "4000   ", "Werkloosheidspercentage_2": None}]


def test_unknown_table_and_entity_are_404(server, fixture_tables):
    srv = server(fixture_tables)
    assert get(srv, "/ODataFeed/odata/12345NED/").status_code == 404
    assert feed(srv, "Leeftijd").status_code == 404
    assert srv.requests[-1].status == 404


def test_injected_faults_fail_the_given_number_of_times(server, fixture_tables):
    srv = server(fixture_tables)
    srv.inject("500", table_id="99001ned", entity="RegioS", times=2)
    assert [feed(srv, "RegioS").status_code for _ in range(3)] == [500, 500, 200]
    assert feed(srv, "Perioden").status_code == 200
    srv.inject("truncate", entity="RegioS")
    with pytest.raises(ValueError):
        feed(srv, "RegioS").json()
    srv.inject("reset", entity="RegioS")
    with pytest.raises(requests.RequestException):
        feed(srv, "RegioS").content
    srv.inject("slow", entity="RegioS", delay=1.0)
    with pytest.raises(requests.Timeout):
        requests.get(f"{srv.url}/ODataFeed/odata/99001NED/RegioS", timeout=0.2)
    srv.inject("404", times=5)
    srv.clear_faults()
    assert feed(srv, "RegioS").status_code == 200


def test_stock_cbsodata_get_data_works_against_the_server(server, fixture_tables):
    import cbsodata

    from regiobeeld.sources.feed import _scheme

    srv = server(fixture_tables, page_size=4)
    with _scheme(https=False):
        rows = cbsodata.get_data("99001NED", catalog_url=srv.catalog_url, filters="RegioS eq 'GM0014'",
                                 select=["Geslacht", "RegioS", "Perioden", "WerkzameBeroepsbevolking_1"],
                                 proxies={"http": None})
    assert len(rows) == len(fx.YEARS) * len(fx.GENDERS)
    first = rows[0]
    # get_data replaces keys by titles (the trap the client avoids); values stay numbers.
    assert (first["RegioS"], first["Perioden"], first["Geslacht"]) == ("Groningen (gemeente)", "2014",
                                                                       "Totaal mannen en vrouwen")
    assert first["WerkzameBeroepsbevolking_1"] == 514
