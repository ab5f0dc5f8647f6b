"""``regiobeeld bronnen controleren`` against the local server: the catalogue's own shapes
pass; a renamed topic, a renamed member, a missing dimension and a table that is gone are
each named, with the closest titles and exactly the indicators that depend on the table."""

from __future__ import annotations

import odata_fixtures as fx
import pytest

from regiobeeld import cli
from regiobeeld.core import catalog
from regiobeeld.indicators.compute import indicators_reading
from regiobeeld.indicators.sourcecheck import check_sources
from regiobeeld.sources.cbs import CbsClient


@pytest.fixture(scope="module")
def world():
    return fx.demo_world_as_cbs()


def check(server, settings, tables):
    srv = server(tables)
    return {c.table_id: c for c in check_sources(CbsClient(settings.replace(cbs_url=srv.url)))}


def filtered_query() -> catalog.Query:
    """A catalogue query that filters on a dimension by member (skips when there is none)."""
    found = [q for q in catalog.QUERIES.values() if q.filters]
    if not found:
        pytest.skip("no catalogue query filters on a member")
    return found[0]


def with_set(world, table_id, entity, rows) -> dict:
    return {**world, table_id: {**world[table_id], entity: rows}}


def test_the_catalogues_own_shapes_pass(server, settings, world, monkeypatch, capsys):
    checks = check(server, settings, world)
    assert [c for c in checks.values() if not c.ok] == []
    assert set(checks) == {q.table_id for q in catalog.QUERIES.values()}
    srv = server(world)
    monkeypatch.setenv("REGIOBEELD_CBS_URL", srv.url)
    assert cli.main(["bronnen", "controleren", "--bron", "cbs"]) == 0
    out = capsys.readouterr().out
    assert f"{len(checks)} van {len(checks)} tabellen in orde." in out


def test_a_renamed_topic_is_named_with_its_new_title_and_the_affected_indicators(server, settings, world,
                                                                                   monkeypatch, capsys):
    query = catalog.query("vacancies")
    title = query.topics[0][1].rsplit("/", 1)[-1]
    props = [{**p, "Title": p["Title"] + " (x 1 000)"} if p.get("Type") == "Topic" and p["Title"] == title else p
             for p in world[query.table_id]["DataProperties"]]
    drifted = with_set(world, query.table_id, "DataProperties", props)
    result = check(server, settings, drifted)[query.table_id]
    assert not result.ok and any(f"onderwerp {query.topics[0][1]!r} ontbreekt; lijkt op: '{title} (x 1 000)'"
                                 in problem for problem in result.problems), result.problems
    assert result.indicators == indicators_reading([query.name]) != []
    assert [c.table_id for c in check(server, settings, drifted).values() if not c.ok] == [query.table_id]
    srv = server(drifted)
    monkeypatch.setenv("REGIOBEELD_CBS_URL", srv.url)
    assert cli.main(["bronnen", "controleren", "--bron", "cbs"]) == cli.EXIT_SOURCE_PROBLEMS
    out = capsys.readouterr().out
    assert f"PROBLEEM {query.table_id}" in out and "getroffen indicatoren: " in out


def test_a_renamed_member_is_named_with_the_closest_titles(server, settings, world):
    query = filtered_query()
    dimension, members = query.filters[0]
    member = members[0]
    rows = [{**r, "Key": r["Key"].replace(member, member + "X"), "Title": (r["Title"] or "") + " (nieuw)"}
            if member in (r["Key"].strip(), (r["Title"] or "").strip()) else r
            for r in world[query.table_id][dimension]]
    result = check(server, settings, with_set(world, query.table_id, dimension, rows))[query.table_id]
    problems = [p for p in result.problems if f"categorie {member!r} ontbreekt" in p]
    assert len(problems) == 1 and "lijkt op: " in problems[0] and dimension in problems[0], result.problems
    assert result.indicators == indicators_reading([q.name for q in catalog.QUERIES.values()
                                                    if q.table_id == query.table_id])


def test_a_missing_dimension_is_named(server, settings, world):
    query = filtered_query()
    dimension = query.filters[0][0]
    props = [p for p in world[query.table_id]["DataProperties"] if p.get("Key") != dimension]
    result = check(server, settings, with_set(world, query.table_id, "DataProperties", props))[query.table_id]
    assert any(p.startswith(f"dimensie {dimension!r} ontbreekt") for p in result.problems), result.problems


def test_a_table_that_is_gone_points_to_its_likely_successor(server, settings, world):
    gone = catalog.query("lifelong_learning").table_id
    tables = {tid: sets for tid, sets in world.items() if tid != gone}
    info = {**world[gone]["TableInfos"][0], "Identifier": "99999NED"}
    tables["99999NED"] = {**world[gone], "TableInfos": [info]}        # the same table under a new number
    result = check(server, settings, tables)[gone]
    assert result.problems[0].startswith("tabel bestaat niet (meer) (HTTP 404); lijkt op: '99999NED ")
    assert result.indicators == indicators_reading(["lifelong_learning"]) != []


def test_an_unreachable_host_is_one_error_line(settings, monkeypatch, capsys):
    monkeypatch.setenv("REGIOBEELD_CBS_URL", "http://127.0.0.1:9")
    assert cli.main(["bronnen", "controleren", "--bron", "cbs"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["Fout: CBS (127.0.0.1:9) is niet bereikbaar: verbinding geweigerd."]


def test_indicators_reading_follows_the_registry():
    assert indicators_reading(["vacancies"]) == ["tightness", "vacancy_rate"]
    gebieden = catalog.gebieden_query(max(catalog.GEBIEDEN_TABLES)).name
    assert "population" in indicators_reading([gebieden]) and "unemployment_rate" not in indicators_reading([gebieden])
    assert indicators_reading(["no such query"]) == []
