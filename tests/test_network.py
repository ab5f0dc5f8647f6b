"""The network budget and bad weather: an unreachable or silent host, per-page retries,
Retry-After, and the stale cache carrying a render when CBS fails.

Nothing here asserts a duration: tests count connection attempts and sleeps, and print the
elapsed time (run with ``-s`` to see it).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time

import odata_fixtures as fx
import pytest

from regiobeeld.core import catalog
from regiobeeld.core.errors import ConfigError, SourceError, SourceUnreachable
from regiobeeld.core.settings import Settings
from regiobeeld.indicators import ensure_indicators
from regiobeeld.store.data import DataStore
from regiobeeld.testing.odata_server import ODataServer

QUERIES = [fx.labour_query(), fx.gebieden_query(), fx.labour_query(fx.SHIFTED_ID, name="shifted")]


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


class SilentHost:
    """Accepts every connection and never answers; counts the connections."""

    def __init__(self):
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self._sock.settimeout(0.05)
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        self.connections: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                self.connections.append(self._sock.accept()[0])
            except socket.timeout:
                continue

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self._sock.close()
        for conn in self.connections:
            conn.close()


@pytest.fixture
def silent():
    host = SilentHost()
    yield host
    host.close()


def test_an_unreachable_host_is_tried_once_and_never_backed_off_from(settings):
    slept: list[float] = []
    store = DataStore(settings.replace(cbs_url=closed_port_url(), retries=4, backoff=1.0), sleep=slept.append)
    started = time.perf_counter()
    report = store.refresh(QUERIES)
    print(f"\nunreachable host: {len(QUERIES)} tables given up in {time.perf_counter() - started:.2f} s")
    assert set(report.failures) == {q.name for q in QUERIES} and report.tables == []
    assert all(isinstance(e, SourceUnreachable) for e in report.failures.values())
    assert store.client().budget.attempts == 1 and slept == []
    assert "verbinding geweigerd" in str(report.failures["labour_test"])


def test_a_silent_host_is_bounded_by_one_deadline(settings, silent):
    slept: list[float] = []
    store = DataStore(settings.replace(cbs_url=silent.url, timeout=0.5, deadline=2.0, retries=4, backoff=0.0),
                      sleep=slept.append)
    started = time.perf_counter()
    report = store.refresh(QUERIES)
    print(f"\nsilent host, deadline 2 s: {len(silent.connections)} connections, "
          f"{time.perf_counter() - started:.2f} s")
    assert set(report.failures) == {q.name for q in QUERIES}
    # Every attempt waits min(timeout, time left), so at most deadline / timeout + 1 of them,
    # however many tables and retries there are (3 tables x 5 attempts without the budget).
    attempts = store.client().budget.attempts
    assert 1 <= attempts <= 5 and len(silent.connections) == attempts
    assert "tijdslimiet van 2 s (REGIOBEELD_CBS_DEADLINE)" in str(report.failures["shifted"])


def test_a_failed_page_is_retried_from_itself_not_from_page_one(server, fixture_tables, settings):
    srv = server(fixture_tables, page_size=5)
    clean = DataStore(settings.replace(cbs_url=srv.url)).get(fx.labour_query()).data
    srv.inject("500", entity="TypedDataSet", after=1)
    srv.reset_log()
    store = DataStore(settings.replace(cbs_url=srv.url, cache_root=settings.cache_root / "2", force_refresh=True),
                      sleep=lambda s: None)
    data = store.get(fx.labour_query()).data
    skips = [r.params.get("$skip") for r in srv.requests if r.entity == "TypedDataSet"]
    assert skips[:3] == [None, "5", "5"] and skips.count(None) == 1
    assert data.equals(clean)


def test_retry_after_is_honoured_instead_of_the_backoff(server, fixture_tables, settings):
    srv = server(fixture_tables)
    slept: list[float] = []
    store = DataStore(settings.replace(cbs_url=srv.url, backoff=1.0), sleep=slept.append)
    srv.inject("429", entity="TableInfos", retry_after="3")
    store.get(fx.labour_query())
    assert slept == [3.0]


def test_a_wait_beyond_the_deadline_is_not_slept(server, fixture_tables, settings):
    srv = server(fixture_tables)
    slept: list[float] = []
    store = DataStore(settings.replace(cbs_url=srv.url, deadline=30.0), sleep=slept.append)
    srv.inject("503", entity="TableInfos", retry_after="3600")
    with pytest.raises(SourceError, match="HTTP 503"):
        store.get(fx.labour_query())
    assert slept == []


@pytest.mark.parametrize("raw", ["0", "-5", "nooit"])
def test_the_deadline_must_be_a_positive_number(raw):
    with pytest.raises(ConfigError, match="REGIOBEELD_CBS_DEADLINE"):
        Settings.from_env({"REGIOBEELD_CBS_DEADLINE": raw})


def test_cli_says_within_seconds_that_cbs_is_unreachable(tmp_path):
    url = closed_port_url()
    env = {**os.environ, "REGIOBEELD_CACHE": str(tmp_path / "cache"), "REGIOBEELD_CBS_URL": url}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "regiobeeld", "render", "--bron", "cbs", "--uit", str(tmp_path)],
                          capture_output=True, text=True, env=env, timeout=600)
    elapsed = time.perf_counter() - started
    lines = done.stderr.strip().splitlines()
    print(f"\nrender --bron cbs, host refuses: exit {done.returncode} after {elapsed:.2f} s: {lines[-1]}")
    assert done.returncode == 1
    assert lines[-1].startswith(f"Fout: CBS ({url.removeprefix('http://')}) is niet bereikbaar: verbinding geweigerd.")
    assert "--offline" in lines[-1] and re.search(r"\(\w+, \w+, \w+ en \d+ andere\)", lines[-1])
    assert "staan in de cache" not in done.stderr
    assert lines[0].startswith("Gegevens 1/") and "Traceback" not in done.stderr
    assert not (tmp_path / "regiobeeld").exists()


# --------------------------------------------------------------------------- stale cache in a render

@pytest.fixture(scope="module")
def cbs_shaped_server():
    """The demo world served as if it came from CBS (so it may enter the cbs cache)."""
    with ODataServer(fx.demo_world_as_cbs()) as srv:
        yield srv


@pytest.fixture(scope="module")
def warm_cache(cbs_shaped_server, tmp_path_factory):
    """A cbs cache filled from the server above, and the indicator set computed from it."""
    root = tmp_path_factory.mktemp("cbs-cache")
    settings = Settings(source="cbs", cbs_url=cbs_shaped_server.url, cache_root=root, retries=0)
    return settings, ensure_indicators(settings)


def test_stale_cache_carries_the_render_when_cbs_is_down(warm_cache, caplog):
    settings, fresh = warm_cache
    down = settings.replace(cbs_url=closed_port_url(), max_age_days=-1)     # every entry is stale
    with caplog.at_level("INFO", logger="regiobeeld.progress"):
        iset = ensure_indicators(down)
    assert iset.failures == {} and iset.frame.equals(fresh.frame)
    lines = [r.getMessage() for r in caplog.records if r.name == "regiobeeld.progress"]
    assert len(lines) == len(catalog.QUERIES) + 1
    assert all("uit de cache van " in line and "want verversen mislukte: CBS" in line for line in lines[:-1])
    assert lines[-1].startswith(f"Gegevens: {len(catalog.QUERIES)} tabellen; 0 opgehaald, 0 uit de cache, "
                                f"{len(catalog.QUERIES)} uit de cache omdat verversen mislukte (oudste: ")


def test_only_tables_without_a_cache_entry_are_lost(warm_cache, caplog):
    settings, fresh = warm_cache
    vacancies = catalog.query("vacancies")
    record = DataStore(settings).cache.record_path(vacancies)
    moved = record.with_name(record.name + ".away")
    record.rename(moved)
    try:
        with caplog.at_level("INFO", logger="regiobeeld.progress"):
            iset = ensure_indicators(settings.replace(cbs_url=closed_port_url(), max_age_days=-1))
    finally:
        moved.rename(record)
    assert set(iset.failures) == {"tightness", "vacancy_rate"}
    assert f"niet beschikbaar: 1 tabel ({vacancies.table_id})." in caplog.text
    assert f"CBS was niet bereikbaar en tabel {vacancies.table_id} staat niet in de cache" in iset.failures["tightness"]
    assert iset.value("unemployment_rate", "AM22") == fresh.value("unemployment_rate", "AM22")
