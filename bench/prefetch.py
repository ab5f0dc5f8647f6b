"""Benchmark: a full prefetch of every catalogue query into a temporary cache.

Runs ``DataStore.prefetch()`` twice and prints, per table, the HTTP requests and bytes,
the rows and the seconds; then the second run's request count (target 0) and cache hit
rate (target 100%).

Uses the built-in demo tables (``regiobeeld.sources.demo``, answered in memory: no requests) when
they are importable, else the small test fixture tables through the local OData server.
Run: ``.venv/bin/python bench/prefetch.py``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from regiobeeld.core.settings import Settings
from regiobeeld.store.data import DataStore, PrefetchReport
from regiobeeld.testing.odata_server import ODataServer

ROOT = Path(__file__).resolve().parents[1]


def demo_setup(cache_root: Path):
    """Settings and queries for the demo source; None when the demo module is missing."""
    try:
        from regiobeeld.sources import demo
    except ImportError:
        return None
    started = time.perf_counter()
    demo.build_tables()          # built once here (cached), so fetch times exclude generation
    print(f"demo tables built in {time.perf_counter() - started:.1f} s")
    return Settings(source="demo", cache_root=cache_root), None, None


def fixture_setup(cache_root: Path):
    """Settings, queries and server for the small test fixture tables."""
    sys.path.insert(0, str(ROOT / "tests"))
    import odata_fixtures as fx

    server = ODataServer(fx.tables()).start()
    queries = [fx.labour_query(), fx.labour_query(fx.SHIFTED_ID), fx.gebieden_query()]
    return Settings(source="cbs", cache_root=cache_root, cbs_url=server.url), queries, server


def print_first_run(report: PrefetchReport) -> None:
    header = f"{'table':<10} {'query':<18} {'requests':>8} {'bytes':>12} {'rows':>9} {'seconds':>8}"
    print(header)
    print("-" * len(header))
    for t in report.tables:
        print(f"{t.table_id:<10} {t.query:<18} {t.requests:>8} {t.bytes:>12,} {t.rows:>9,} {t.seconds:>8.2f}")
    print("-" * len(header))
    rows = sum(t.rows for t in report.tables)
    print(f"{'total':<10} {len(report.tables):<18} {report.requests:>8} {report.bytes:>12,} {rows:>9,} "
          f"{report.seconds:>8.2f}")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cache_root = Path(tmp) / "cache"
        setup = demo_setup(cache_root)
        mode = "demo tables (regiobeeld.sources.demo, in memory)"
        if setup is None:
            setup, mode = fixture_setup(cache_root), "test fixture tables (regiobeeld.sources.demo not available)"
        settings, queries, server = setup
        print(f"source: {mode}\n")
        try:
            with DataStore(settings) as store:
                started = time.perf_counter()
                first = store.prefetch(queries)
                wall = time.perf_counter() - started
                print_first_run(first)
                print(f"wall time first prefetch: {wall:.2f} s\n")
                second = store.prefetch(queries)
                print(f"second prefetch: {second.requests} requests (target 0), "
                      f"cache hit rate {second.hit_rate:.0%} (target 100%)")
        finally:
            if server is not None:
                server.stop()


if __name__ == "__main__":
    main()
