"""The demo source: the built-in tables answered in memory, in exactly the shapes the CBS
client produces when the same tables are served over HTTP by the local OData server."""

from __future__ import annotations

import socket

import pandas as pd
import pytest

from regiobeeld.core import catalog
from regiobeeld.core.errors import DemoTableMissing
from regiobeeld.indicators import compute_all
from regiobeeld.sources.cbs import CbsClient
from regiobeeld.sources.demo import build_table
from regiobeeld.sources.demo import tables as demo_tables
from regiobeeld.sources.demo.source import DemoSource
from regiobeeld.store.data import DataStore, demo_source_url

#: Tables with a missing filter member, school-year and quarterly periods, string topics,
#: a geo dimension not called RegioS, a Marges member, four kept dimensions.
_QUERIES = ("labour", "reintegration", "pupils", "vacancies", "occupations", "gebieden_2024",
            "population_forecast", "ww", "youth", "households")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from regiobeeld.testing.odata_server import ODataServer

    tables = {catalog.query(name).table_id: build_table(catalog.query(name).table_id) for name in _QUERIES}
    with ODataServer(tables) as srv:
        yield srv


@pytest.mark.integration   # every query of the demo world, through the local server
@pytest.mark.parametrize("name", _QUERIES)
def test_direct_demo_path_equals_the_client_over_the_local_server(served, settings, name):
    query = catalog.query(name)
    over_http = CbsClient(settings.replace(cbs_url=served.url)).fetch(query)
    direct = DemoSource().fetch(query)
    pd.testing.assert_frame_equal(direct.data, over_http.data)
    ignore = {"retrieved", "source_url"}
    assert ({k: v for k, v in vars(direct.meta).items() if k not in ignore}
            == {k: v for k, v in vars(over_http.meta).items() if k not in ignore})
    assert direct.meta.demo and (direct.meta.period_status or query.periods is None)


def test_the_demo_data_path_starts_no_server(settings, monkeypatch):
    def no_bind(self, address):
        raise AssertionError(f"the demo data path opened a socket on {address}")

    monkeypatch.setattr(socket.socket, "bind", no_bind)
    demo = settings.replace(source="demo")
    with DataStore(demo) as store:
        report = store.prefetch([catalog.query("labour"), catalog.gebieden_query(2024)])
        assert report.requests == 0 and not report.failures
        result = store.get("labour")
    assert result.meta.demo and result.meta.source_url == demo_source_url()
    assert DataStore(demo).cache.status(catalog.query("labour")) == "fresh"


@pytest.mark.integration   # computes every indicator on the whole demo world
def test_a_table_without_demo_builder_loses_only_its_indicators(settings, monkeypatch):
    monkeypatch.delitem(demo_tables._BUILDERS, "85315NED")
    build_table.cache_clear()
    try:
        with pytest.raises(DemoTableMissing, match="85315NED is niet beschikbaar in de demonstratiegegevens"):
            DemoSource().fetch(catalog.query("lifelong_learning"))
        with DataStore(settings.replace(source="demo")) as store:
            report = store.refresh()
            iset = compute_all(store, fingerprint="x", unavailable=report.failures)
    finally:
        build_table.cache_clear()
    assert set(report.failures) == {"lifelong_learning"}
    assert iset.failures == {"lifelong_learning": "CBS-tabel 85315NED is niet beschikbaar in de demonstratiegegevens"}
    assert iset.has("unemployment_rate") and iset.has("population")
