"""DataStore: cache first, fetch when needed, offline rules, the source check."""

from __future__ import annotations

import odata_fixtures as fx
import pytest

from regiobeeld.core.catalog import DEMO_CATALOG
from regiobeeld.core.errors import CacheError, ConfigError, OfflineDataMissing, SourceError, TableNotFoundError
from regiobeeld.store.data import DataStore, demo_source_url


@pytest.fixture
def srv(server, fixture_tables):
    tables = dict(fixture_tables)
    tables["85755NED"] = fx.gebieden_table("85755NED")     # Gebieden in Nederland 2024
    return server(tables)


@pytest.fixture
def online(srv, settings):
    return settings.replace(cbs_url=srv.url)


def data_requests(srv):
    return [r for r in srv.requests if r.entity == "TypedDataSet"]


def truncate_parquet(store, query):
    parquet = store.cache.record_path(query).with_suffix(".parquet")
    parquet.write_bytes(parquet.read_bytes()[:50])
    return parquet


def test_second_get_comes_from_the_cache(srv, online):
    store = DataStore(online)
    first = store.get(fx.labour_query())
    count = len(srv.requests)
    second = store.get(fx.labour_query())
    assert len(srv.requests) == count
    assert second.data.equals(first.data) and second.meta == first.meta
    assert DataStore(online).get(fx.labour_query()).data.equals(first.data)   # a new process too


def test_corrupt_entry_is_refetched_online_and_an_error_offline(srv, online):
    query = fx.labour_query()
    store = DataStore(online)
    good = store.get(query)
    parquet = truncate_parquet(store, query)
    with pytest.raises(CacheError, match=str(parquet)):
        DataStore(online.replace(offline=True)).get(query)
    srv.reset_log()
    assert store.get(query).data.equals(good.data)
    assert len(data_requests(srv)) == 1
    assert store.cache.status(query) == "fresh"


def test_stale_and_force_refresh_refetch(srv, online):
    query = fx.labour_query()
    DataStore(online).get(query)
    srv.reset_log()
    DataStore(online).get(query)
    assert data_requests(srv) == []
    DataStore(online.replace(max_age_days=-1)).get(query)
    DataStore(online.replace(force_refresh=True)).get(query)
    assert len(data_requests(srv)) == 2


def test_entries_from_another_source_url_are_stale(srv, online):
    # Data cached from another host (or by an older demo generator, whose source URL names
    # its version) must not pass as fresh for this one.
    query = fx.labour_query()
    DataStore(online).get(query)
    other = DataStore(online.replace(cbs_url="http://127.0.0.2:9"))
    assert other.cache.status(query) == "stale"
    assert DataStore(online).cache.status(query) == "fresh"
    srv.reset_log()
    DataStore(online.replace(offline=True)).get(query)       # offline still serves it
    assert data_requests(srv) == []


def test_demo_source_url_names_the_generator_version():
    assert demo_source_url().startswith("regiobeeld-demo/") and "geen CBS-cijfers" in demo_source_url()


def test_offline_stale_entry_is_still_used(srv, online):
    query = fx.labour_query()
    DataStore(online).get(query)
    srv.reset_log()
    result = DataStore(online.replace(offline=True, max_age_days=-1)).get(query)
    assert srv.requests == [] and len(result.data) == 48


def test_offline_missing_lists_exactly_the_missing_tables(srv, online):
    DataStore(online).get(fx.labour_query())
    offline = DataStore(online.replace(offline=True))
    queries = [fx.labour_query(), fx.labour_query(fx.SHIFTED_ID), fx.gebieden_query()]
    with pytest.raises(OfflineDataMissing) as err:
        offline.prefetch(queries)
    assert err.value.missing == ["99002NED", "99003NED"]
    assert "99002NED, 99003NED" in str(err.value)
    assert offline.missing(queries) == ["99002NED", "99003NED"]
    with pytest.raises(OfflineDataMissing, match="99003NED"):
        offline.get(fx.gebieden_query())


def test_failed_fetch_writes_nothing(srv, online):
    srv.inject("500", entity="TypedDataSet", times=99)
    store = DataStore(online, sleep=lambda s: None)
    with pytest.raises(SourceError) as err:
        store.get(fx.labour_query())
    assert err.value.status == 500
    assert store.cache.status(fx.labour_query()) == "missing"
    assert not (store.cache.root / "tables").exists() or not any((store.cache.root / "tables").rglob("*.*"))


def test_prefetch_fetches_once_then_hits_the_cache(srv, online):
    queries = [fx.labour_query(), fx.gebieden_query(), fx.labour_query()]
    store = DataStore(online)
    first = store.prefetch(queries)
    assert [(t.table_id, t.from_cache, t.status) for t in first.tables] == [
        ("99001NED", False, "missing"), ("99003NED", False, "missing")]
    assert first.requests == len(srv.requests) == 10 and first.hit_rate == 0.0   # 6 + 4 entity downloads
    assert first.tables[0].rows == 16 and first.bytes > 0
    srv.reset_log()
    second = store.prefetch(queries)
    assert second.requests == 0 and second.hit_rate == 1.0 and srv.requests == []


def test_fingerprint_changes_when_an_entry_changes(srv, online):
    store = DataStore(online)
    queries = [fx.labour_query()]
    empty = store.fingerprint(queries)
    store.prefetch(queries)
    cached = store.fingerprint(queries)
    assert cached != empty and store.fingerprint(queries) == cached
    truncate_parquet(store, queries[0])
    store.prefetch(queries)                  # corrupt → refetched
    assert store.cache.status(queries[0]) == "fresh"


def test_membership_uses_gebieden_of_the_year(srv, online):
    members = DataStore(online).membership(2024)
    assert members.gemeente_code.tolist() == ["GM0014", "GM0034", "GM0599"]
    assert members.set_index("gemeente_code").loc["GM0599", ["am_code", "am_naam", "pv_naam"]].tolist() == [
        "AM22", "Rijnmond", "Zuid-Holland"]
    assert set(members.year) == {2024}


def test_unknown_query_name_is_a_config_error(online):
    with pytest.raises(ConfigError, match="Unknown query 'nope'"):
        DataStore(online).get("nope")


def test_stale_entry_is_used_when_the_refresh_fails(srv, online, caplog):
    query = fx.labour_query()
    cached = DataStore(online).get(query)
    srv.inject("500", times=99)
    stale = DataStore(online.replace(max_age_days=-1), sleep=lambda s: None)
    assert stale.get(query).data.equals(cached.data)
    assert "Verversen van 99001NED (labour_test) mislukt" in caplog.text
    with pytest.raises(SourceError):
        DataStore(online.replace(force_refresh=True), sleep=lambda s: None).get(query)


def test_prefetch_stores_what_it_can_then_raises_every_failure(srv, online):
    queries = [fx.labour_query("12345NED"), fx.gebieden_query(), fx.labour_query("54321NED", name="other")]
    store = DataStore(online)
    with pytest.raises(SourceError) as err:
        store.prefetch(queries)
    assert str(err.value).startswith("Niet op te halen: 2 tabellen (12345NED, 54321NED). Eerste fout: ")
    assert "cache" not in str(err.value).split("Eerste fout")[0]
    assert store.cache.status(fx.gebieden_query()) == "fresh"
    with pytest.raises(TableNotFoundError, match="12345NED"):
        store.prefetch(queries[:2])


def test_demo_tables_never_enter_the_cbs_cache(server, settings):
    srv = server(fx.tables(catalog=DEMO_CATALOG))
    store = DataStore(settings.replace(cbs_url=srv.url))
    with pytest.raises(SourceError, match="99001NED .* bevat demonstratiedata, maar de bron is 'cbs'"):
        store.get(fx.labour_query())
    assert store.cache.status(fx.labour_query()) == "missing"
