"""The vraag sources of issue 11 through the real CBS client and the local OData server.

85481NED (pendel) has two geo dimensions (WoonregioS × WerkregioS): filtered on the GM
prefix on both sides, fetched per WoonregioS chunk, GM0000 kept, the NL01 total never
summed. 86008NED (positie in de werkkring) is served per gemeente with whole-percent
rates; its person dimensions are restricted to their "Totaal…" member.

The fixture's values are hand-computable: in December 2024 the pair (home GM000h, work
GM000w) has ``10 h + w`` thousand jobs (GM0000 counts as 0); December 2023 adds 100 (and
must not be fetched); every NL01 cell is 999 (and must never enter a sum).
"""

from __future__ import annotations

import pandas as pd
import pytest

from regiobeeld.core import catalog
from regiobeeld.core.errors import SourceError
from regiobeeld.indicators import SPECS
from regiobeeld.indicators.commuting import commuting_flows, commuting_own_share, commuting_pairs
from regiobeeld.indicators.compute import requirements
from regiobeeld.sources.cbs import CbsClient, Clause, TableShape, chunk_sizes, query_clauses
from regiobeeld.sources.demo.tables import build_table

GEO = [("NL01", "Nederland"), ("GM0000", "Onbekend"), *[(f"GM000{i}", f"Gemeente {i}") for i in range(1, 5)]]
PERIODS = [("2023MM12", "2023 december", "Definitief"), ("2024MM12", "2024 december*", "Voorlopig")]
MEMBERSHIP = pd.DataFrame({"gemeente_code": ["GM0001", "GM0002", "GM0003", "GM0004"],
                           "am_code": ["AM01", "AM01", "AM22", "AM22"], "year": 2024})


def _jobs(home: str, work: str, period: str) -> float:
    if "NL01" in (home, work):
        return 999.0
    return 10 * int(home[-1]) + int(work[-1]) + (100 if period.startswith("2023") else 0)


def commuting_table() -> dict:
    """85481NED in its evidenced shape: two geo dimensions, December keys, one topic."""
    def prop(i, type_, key, title, **extra):
        return {"ID": i, "Position": i, "ParentID": None, "Type": type_, "Key": key, "Title": title, **extra}

    rows = [{"ID": n, "WoonregioS": h.ljust(6), "WerkregioS": w.ljust(6), "Perioden": p,
             "BanenVanWerknemers_1": _jobs(h, w, p)}
            for n, (h, w, p) in enumerate((h, w, p) for h, _ in GEO for w, _ in GEO for p, _, _ in PERIODS)]
    geo_rows = [{"Key": k.ljust(6), "Title": t, "Description": None} for k, t in GEO]
    return {
        "TableInfos": [{"ID": 0, "Title": catalog.table("85481NED").title, "Identifier": "85481NED",
                        "Modified": "2025-06-01T02:00:00", "Catalog": "CBS", "Period": "2022-2024"}],
        "DataProperties": [prop(0, "GeoDimension", "WoonregioS", "Woonregio's"),
                           prop(1, "GeoDimension", "WerkregioS", "Werkregio's"),
                           prop(2, "TimeDimension", "Perioden", "Perioden"),
                           prop(3, "Topic", "BanenVanWerknemers_1", "Banen van werknemers", Unit="x 1 000",
                                Datatype="Double", Decimals=1)],
        "WoonregioS": geo_rows, "WerkregioS": geo_rows,
        "Perioden": [{"Key": k, "Title": t, "Description": None, "Status": s} for k, t, s in PERIODS],
        "TypedDataSet": rows,
    }


@pytest.fixture
def fetch(server, settings):
    def run(chunk_size: int = 60, page_size: int = 10_000):
        srv = server({"85481NED": commuting_table()}, page_size=page_size, ignore_skip=("85481NED",))
        client = CbsClient(settings.replace(cbs_url=srv.url, chunk_size=chunk_size), sleep=lambda s: None)
        return client.fetch(catalog.query("commuting")).data, srv
    return run


def test_both_geo_dimensions_are_filtered_on_gm_and_fetched_per_woonregio_chunk(fetch):
    data, srv = fetch(chunk_size=2)
    assert set(data["region_code"]) == {"GM0000", "GM0001", "GM0002", "GM0003", "GM0004"}
    assert set(data["WerkregioS"]) == {"GM0000", "GM0001", "GM0002", "GM0003", "GM0004"}   # stripped
    assert set(data["period"]) == {"2024MM12"} and set(data["period_status"]) == {"*"}
    assert len(data) == 25 and (data["value"] < 999).all()
    pair = data[(data["region_code"] == "GM0003") & (data["WerkregioS"] == "GM0001")]
    assert pair["value"].tolist() == [31.0]
    filters = [r.params["$filter"] for r in srv.requests if r.entity == "TypedDataSet"]
    assert len(filters) == 3                                    # 5 WoonregioS keys in chunks of 2
    assert all(f.count("WoonregioS eq") <= 2 and "substringof('GM',WerkregioS)" in f for f in filters)
    assert not any("$skip" in r.params for r in srv.requests)


def test_pairs_sum_to_regions_without_the_nl_total(fetch):
    data, _ = fetch()
    pairs = commuting_pairs(data, MEMBERSHIP)
    flows = commuting_flows(pairs).set_index(["region_code", "category"])["value"]
    assert flows["AM01", "intern"] == 11 + 12 + 21 + 22
    assert flows["AM01", "uitgaand"] == 13 + 14 + 23 + 24
    assert flows["AM01", "inkomend"] == 31 + 32 + 41 + 42
    assert flows["AM01", "saldo"] == 146 - 74
    assert flows["NL", "inkomend"] == flows["NL", "uitgaand"]
    own = commuting_own_share(pairs).set_index("region_code")["value"]
    assert own["AM01"] == pytest.approx(66 / (66 + 146 + 1 + 2) * 100)     # GM0000 residents count as jobs


def test_a_server_that_ignores_skip_is_caught_instead_of_counting_rows_twice(fetch):
    with pytest.raises(SourceError, match=r"\$skip"):
        fetch(page_size=4)


def test_the_woonregio_chunk_keeps_one_request_within_one_page():
    dims = {"WoonregioS": [{"Key": f"GM{i:04d}"} for i in range(300)],
            "WerkregioS": [{"Key": "NL01"}, *({"Key": f"GM{i:04d}"} for i in range(300))],
            "Perioden": [{"Key": "2024MM12"}]}
    props = [{"Key": "WoonregioS", "Type": "GeoDimension"}, {"Key": "WerkregioS", "Type": "GeoDimension"},
             {"Key": "Perioden", "Type": "TimeDimension"}]
    shape = TableShape("85481NED", [], props, dims)
    groups = [[Clause("WoonregioS", r["Key"]) for r in dims["WoonregioS"]],
              [Clause("WerkregioS", "GM", contains=True)], [Clause("Perioden", "2024MM12")]]
    assert chunk_sizes(groups, shape, 60) == [33, 60, 60]          # 33 x 300 pairs <= 10 000 rows
    assert chunk_sizes(groups, shape, 60, page_rows=100) == [1, 60, 60]
    one_geo = TableShape("x", [], props[1:], {k: v for k, v in dims.items() if k != "WoonregioS"})
    assert chunk_sizes(groups[1:], one_geo, 60) == [60, 60]


# ------------------------------------------------------------------ the demo world, served as CBS

def demo_as_cbs(table_id: str) -> dict:
    """The demo table ``table_id`` labelled as a CBS table (fresh lists to change)."""
    sets = build_table(table_id)
    return {**{k: (list(v) if isinstance(v, list) else v) for k, v in sets.items()},
            "TableInfos": [{**sets["TableInfos"][0], "Catalog": "CBS"}]}


@pytest.fixture
def client_for(server, settings):
    def start(tables: dict) -> CbsClient:
        return CbsClient(settings.replace(cbs_url=server(tables).url), sleep=lambda s: None)
    return start


def test_the_demo_world_serves_85481ned_as_gemeente_pairs_in_december(client_for):
    result = client_for({"85481NED": demo_as_cbs("85481NED")}).fetch(catalog.query("commuting"))
    data = result.data
    assert set(data["period"]) == {"2024MM12"} and result.meta.period_status == {"2024MM12": "*"}
    assert "GM0000" in set(data["region_code"]) and "GM0000" in set(data["WerkregioS"])
    assert not ({"NL01"} & (set(data["region_code"]) | set(data["WerkregioS"])))
    assert data["region_code"].str.startswith("GM").all() and data["WerkregioS"].str.startswith("GM").all()
    assert result.meta.units == {"banen": "x 1 000"} and not result.meta.missing
    assert (data["value"].dropna().round(1) == data["value"].dropna()).all()      # one decimal


def test_the_demo_world_serves_86008ned_per_gemeente_in_whole_percents(client_for):
    client = client_for({"86008NED": demo_as_cbs("86008NED")})
    positions, counts = (client.fetch(catalog.query(name)) for name in ("work_positions", "register_counts"))
    for result in (positions, counts):
        assert not result.meta.missing
        assert result.data["region_code"].str.startswith("GM").all()            # no NL row in the demo
        assert set(result.data["Herkomstland_title"]) == {"Totaal"}
        assert set(result.data["Geslacht_title"]) == {"Totaal mannen en vrouwen"}
    shares = positions.data[positions.data["measure"].str.endswith("_pct")]["value"].dropna()
    assert len(shares) and (shares == shares.round()).all()
    assert positions.meta.units["zzp_pct"] == "% van de werkzame bevolking"
    assert counts.meta.units == {"bevolking": "aantal", "werkzaam": "aantal"}


def test_a_dimension_without_its_total_loses_only_the_indicators_that_read_it(client_for):
    sets = demo_as_cbs("86008NED")
    sets["Herkomstland"] = [r for r in sets["Herkomstland"] if r["Title"] != "Totaal"]
    result = client_for({"86008NED": sets}).fetch(catalog.query("work_positions"))
    assert set(result.meta.missing) == {"Herkomstland", "Herkomstland=Totaal"}
    needing = {spec.id for spec in SPECS.values() for entry in spec.inputs
               if "Herkomstland" in requirements(spec, entry)}
    assert needing == {"work_positions", "zzp_share", "register_participation"}


def test_levels_restrict_both_geo_dimensions_the_first_by_its_keys():
    types = {"WoonregioS": "GeoDimension", "WerkregioS": "GeoDimension"}
    query = catalog.Query("q", "85481NED", topics=(("banen", "*"),), levels=("GM",), periods=None)
    dims = {"WoonregioS": [{"Key": "NL01  "}, {"Key": "GM0000"}, {"Key": "GM0014"}], "WerkregioS": [{"Key": "GM0014"}]}
    groups, _ = query_clauses(query, dims, types, "85481NED")
    assert groups == [[Clause("WoonregioS", "GM0000"), Clause("WoonregioS", "GM0014")],
                      [Clause("WerkregioS", "GM", contains=True)]]
    without = {**dims, "WoonregioS": [{"Key": "NL01  "}]}         # no gemeenten at all: nothing matches
    assert query_clauses(query, without, types, "85481NED")[0][0] == [Clause("WoonregioS", "GM", contains=True)]
