"""The disk cache: atomic entries, corruption detection, staleness, fingerprints."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import odata_fixtures as fx
import pytest
from odata_fixtures import sample_result as make_result

from regiobeeld.core.errors import CacheError
from regiobeeld.store.cache import Cache, query_key


@pytest.fixture
def cache(cache_root):
    return Cache(cache_root / "cbs", max_age_days=30)


@pytest.fixture
def query():
    return fx.labour_query()


def test_round_trip_keeps_values_nan_and_meta(cache, query):
    result = make_result(query)
    path = cache.put(query, result)
    assert path == cache.root / "tables" / "99001NED" / f"{query_key(query)}.json"
    back = cache.get(query)
    assert back.data["value"].tolist()[0] == 1.5 and np.isnan(back.data["value"].tolist()[1])
    assert back.meta == result.meta
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name, path.with_suffix(".parquet").name]


def test_key_changes_with_the_query(query):
    assert query_key(query).startswith("labour_test-")
    assert query_key(query) != query_key(fx.labour_query(levels=("AM",)))


def test_missing_entry_is_none(cache, query):
    assert cache.get(query) is None and cache.status(query) == "missing"


def test_parquet_without_record_is_not_committed(cache, query):
    cache.put(query, make_result(query))
    cache.record_path(query).unlink()
    assert cache.get(query) is None and cache.status(query) == "missing"


def test_truncated_parquet_is_corrupt(cache, query):
    cache.put(query, make_result(query))
    parquet = cache.record_path(query).with_suffix(".parquet")
    parquet.write_bytes(parquet.read_bytes()[:100])
    assert cache.status(query) == "corrupt"
    with pytest.raises(CacheError, match=str(parquet)):
        cache.get(query)


def test_missing_parquet_and_bad_record_are_corrupt(cache, query):
    cache.put(query, make_result(query))
    record = cache.record_path(query)
    record.write_text(record.read_text()[:40])
    assert cache.status(query) == "corrupt"
    with pytest.raises(CacheError, match="onleesbaar"):
        cache.get(query)
    cache.put(query, make_result(query))
    record.with_suffix(".parquet").unlink()
    with pytest.raises(CacheError, match="ontbreekt"):
        cache.get(query)


def test_edited_row_count_is_detected(cache, query):
    cache.put(query, make_result(query))
    record = cache.record_path(query)
    content = json.loads(record.read_text())
    content["rows"] = 3
    record.write_text(json.dumps(content))
    with pytest.raises(CacheError, match="2 rijen, verwacht 3"):
        cache.get(query)


def test_stale_after_max_age(cache, query):
    cache.put(query, make_result(query, retrieved="2026-10-01T10:00:00+00:00"))
    start = datetime(2026, 10, 1, 10, tzinfo=timezone.utc)
    assert cache.status(query, now=start + timedelta(days=29)) == "fresh"
    assert cache.status(query, now=start + timedelta(days=31)) == "stale"


def test_entries_and_fingerprint(cache, query):
    other = fx.gebieden_query()
    empty = cache.fingerprint([query, other])
    cache.put(query, make_result(query))
    one = cache.fingerprint([query, other])
    assert one != empty and cache.fingerprint([other, query]) == one
    cache.put(query, make_result(query, values=(2.5, 3.0)))
    assert cache.fingerprint([query, other]) != one
    [entry] = cache.entries()
    assert (entry.table_id, entry.query, entry.retrieved) == ("99001NED", "labour_test", "2026-11-01T10:00:00+00:00")


def test_failed_write_leaves_no_entry_and_no_temp_files(cache, query, monkeypatch):
    import regiobeeld.core.files as files_module

    real_replace = files_module.os.replace
    calls = []

    def fail_second(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError("disk full")
        real_replace(src, dst)

    monkeypatch.setattr(files_module.os, "replace", fail_second)
    with pytest.raises(OSError):
        cache.put(query, make_result(query))
    assert cache.get(query) is None
    assert not list(cache.record_path(query).parent.glob("*.tmp"))


def test_unstorable_frame_is_cache_error(cache, query):
    result = make_result(query)
    bad = replace(result, data=result.data.assign(value=[1.0, "x"]))
    with pytest.raises(CacheError, match="99001NED"):
        cache.put(query, bad)


def test_parallel_writers_leave_one_valid_entry(cache, query):
    def write(n):
        for i in range(5):
            cache.put(query, make_result(query, values=(float(n), float(i))))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    values = cache.get(query).data["value"].tolist()
    assert values[0] in {0.0, 1.0, 2.0, 3.0} and values[1] == 4.0
    assert cache.status(query) != "corrupt"
    assert not list(cache.record_path(query).parent.glob("*.tmp"))


def test_a_parquet_frame_reads_as_pandas_reads_it():
    import io

    import pandas as pd

    from regiobeeld.core.files import parquet_frame

    frame = pd.DataFrame({"code": ["AM01", None, "GM0014"], "value": [1.5, np.nan, 3.0], "n": [1, 2, 3],
                          "kind": pd.Categorical(["a", "b", "a"])})
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    pd.testing.assert_frame_equal(parquet_frame(buffer.getvalue()), pd.read_parquet(io.BytesIO(buffer.getvalue())))


@pytest.mark.integration    # starts a Python process
def test_reading_the_cache_starts_no_thread(tmp_path):
    """Arrow's thread pools, once started, may abort the process at exit (SIGABRT after all
    the work is done; apache/arrow#34314): a process that reads the cache must not start them."""
    import subprocess
    import sys

    code = ("import os, sys\n"
            "from regiobeeld.core.settings import Settings\n"
            "from regiobeeld.store.data import DataStore\n"
            "threads = lambda: len(os.listdir('/proc/self/task'))\n"
            "before = threads()\n"
            "with DataStore(Settings(source='demo', cache_root=sys.argv[1])) as store:\n"
            "    store.get('labour')\n"     # built, written to the cache and read back
            "    store.get('labour')\n"     # from the cache
            "print(before, threads())\n")
    if not Path("/proc/self/task").is_dir():
        pytest.skip("counting threads needs Linux's /proc")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True)
    before, after = out.stdout.split()
    assert after == before
