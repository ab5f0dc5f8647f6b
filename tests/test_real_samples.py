"""Real CBS responses (../shared/data/odata) served locally and fetched by the client.

Skipped when ../shared/data is absent: those files are never copied into the repository.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from regiobeeld.core.catalog import Query
from regiobeeld.sources.cbs import CbsClient
from regiobeeld.testing.odata_server import load_dump

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "odata"

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not SHARED.is_dir(), reason=f"real CBS samples not available ({SHARED} is absent)"),
]


def client_for(srv, settings) -> CbsClient:
    return CbsClient(settings.replace(cbs_url=srv.url), sleep=lambda s: None)


def test_82070eng_every_value_comes_back_unchanged(server, settings):
    tables = load_dump(SHARED / "82070ENG")
    srv = server({"82070ENG": tables}, page_size=50)
    topics = [p for p in tables["DataProperties"] if p["Type"] == "Topic"]
    query = Query("caribbean", "82070ENG", topics=tuple((p["Key"], p["Title"]) for p in topics), periods=None)
    data = client_for(srv, settings).fetch(query).data

    dims = ["Gender", "PersonalCharacteristics", "CaribbeanNetherlands"]
    got = {(*row[:3], row[3], row[4]): row[5]
           for row in data[[*dims, "period", "measure", "value"]].itertuples(index=False)}
    expected = {}
    for row in tables["TypedDataSet"]:
        for topic in topics:
            key = (*(row[d].strip() for d in dims), row["Periods"].strip(), topic["Key"])
            expected[key] = row[topic["Key"]]
    assert len(got) == len(expected) == 315 * 2
    for key, value in expected.items():
        if value is None:
            assert math.isnan(got[key]), key
        else:
            assert got[key] == value, key
    assert "14" in set(data.PersonalCharacteristics)                 # padded "14   " stripped
    assert set(data.period_title) == {"2012"} and set(data.period_status) == {""}
    assert set(data.CaribbeanNetherlands_title) == {"Bonaire", "St. Eustatius", "Saba"}
    assert len([r for r in srv.requests if r.entity == "TypedDataSet"]) == 7    # 315 rows, 50 a page


def _woonplaatsen_table(raw: dict) -> dict:
    """A minimal table around the verbatim 84489NED TypedDataSet response."""
    def prop(id_, type_, key, title, parent=None):
        return {"ID": id_, "ParentID": parent, "Type": type_, "Key": key, "Title": title,
                "Datatype": "String", "Unit": "code" if key.startswith(("Code", "Woon")) else "naam"}
    props = [prop(0, "GeoDimension", "Woonplaatsen", "Woonplaatsen"),
             prop(1, "Topic", "Woonplaatscode_1", "Woonplaatscode"),
             prop(2, "TopicGroup", "", "Gemeenten"), prop(3, "Topic", "Naam_2", "Naam", 2),
             prop(4, "Topic", "Code_3", "Code", 2),
             prop(5, "TopicGroup", "", "Provincies"), prop(6, "Topic", "Naam_4", "Naam", 5),
             prop(7, "Topic", "Code_5", "Code", 5),
             prop(8, "TopicGroup", "", "Landsdelen"), prop(9, "Topic", "Naam_6", "Naam", 8),
             prop(10, "Topic", "Code_7", "Code", 8)]
    keys = sorted({row["Woonplaatsen"] for row in raw["value"]})
    return {"TableInfos": [{"Identifier": "84489NED", "Title": "Woonplaatsen in Nederland"}],
            "DataProperties": props, "CategoryGroups": [],
            "Woonplaatsen": [{"Key": k, "Title": f"Woonplaats {k.strip()}", "Description": None,
                              "CategoryGroupID": None} for k in keys],
            "TypedDataSet": raw["value"]}


def test_84489ned_padded_strings_are_stripped(server, settings):
    raw = json.loads((SHARED / "84489NED_TypedDataSet_response.json").read_text(encoding="utf-8"))
    srv = server({"84489NED": _woonplaatsen_table(raw)}, page_size=1000)
    aliases = {"wp_code": ("Woonplaatscode", "Woonplaatscode_1"), "gm_naam": ("Gemeenten/Naam", "Naam_2"),
               "gm_code": ("Gemeenten/Code", "Code_3"), "pv_naam": ("Provincies/Naam", "Naam_4"),
               "pv_code": ("Provincies/Code", "Code_5"), "ld_naam": ("Landsdelen/Naam", "Naam_6"),
               "ld_code": ("Landsdelen/Code", "Code_7")}
    query = Query("woonplaatsen", "84489NED", topics=tuple((a, t) for a, (t, _) in aliases.items()), periods=None)
    result = client_for(srv, settings).fetch(query)
    wide = result.data.pivot(index="region_code", columns="measure", values="value")
    assert len(wide) == len(raw["value"]) == 2500
    for row in raw["value"]:
        got = wide.loc[row["Woonplaatsen"].strip()]
        assert {a: got[a] for a in aliases} == {a: row[key].strip() for a, (_, key) in aliases.items()}
    assert wide.loc["WP1925"].to_dict() == {"gm_code": "GM0141", "gm_naam": "Almelo", "ld_code": "LD02",
                                            "ld_naam": "Oost-Nederland", "pv_code": "PV23",
                                            "pv_naam": "Overijssel", "wp_code": "WP1925"}
    assert result.meta.topic_keys["pv_code"] == "Code_5"
