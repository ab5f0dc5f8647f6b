"""Benchmark: a full prefetch of every catalogue query through the local OData server.

Runs ``DataStore.prefetch()`` twice against a temporary cache and prints, per table, the
HTTP requests and bytes the server answered, the rows and the seconds; then the second
run's request count (target 0) and cache hit rate (target 100%).

Uses the built-in demo tables (``regiobeeld.demo``) when they are importable, else the
small test fixture tables. Run: ``.venv/bin/python bench/prefetch.py``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from regiobeeld.data import DataStore, PrefetchReport
from regiobeeld.odata_server import ODataServer
from regiobeeld.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def demo_setup(cache_root: Path):
    """Settings and queries for the demo source; None when the demo module is missing."""
    try:
        from regiobeeld import demo
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


def per_table_http(server: ODataServer) -> dict[str, tuple[int, int]]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for record in server.requests:
        key = (record.table_id or "catalog").upper()
        totals[key][0] += 1
        totals[key][1] += record.bytes
    return {k: (v[0], v[1]) for k, v in totals.items()}


def print_first_run(report: PrefetchReport, http: dict[str, tuple[int, int]]) -> None:
    header = f"{'table':<10} {'query':<18} {'HTTP req':>8} {'bytes':>12} {'rows':>9} {'seconds':>8}"
    print(header)
    print("-" * len(header))
    for t in report.tables:
        requests_, sent = http.get(t.table_id.upper(), (0, 0))
        print(f"{t.table_id:<10} {t.query:<18} {requests_:>8} {sent:>12,} {t.rows:>9,} {t.seconds:>8.2f}")
    print("-" * len(header))
    all_requests = sum(r for r, _ in http.values())
    all_bytes = sum(b for _, b in http.values())
    rows = sum(t.rows for t in report.tables)
    print(f"{'total':<10} {len(report.tables):<18} {all_requests:>8} {all_bytes:>12,} {rows:>9,} "
          f"{report.seconds:>8.2f}")
    print(f"client entity downloads (incl. retries): {report.requests}")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cache_root = Path(tmp) / "cache"
        setup = demo_setup(cache_root)
        mode = "demo tables (regiobeeld.demo)"
        if setup is None:
            setup, mode = fixture_setup(cache_root), "test fixture tables (regiobeeld.demo not available)"
        settings, queries, own_server = setup
        print(f"source: {mode}\n")
        with DataStore(settings) as store:
            started = time.perf_counter()
            first = store.prefetch(queries)
            wall = time.perf_counter() - started
            server = own_server or store.server
            print_first_run(first, per_table_http(server))
            print(f"wall time first prefetch: {wall:.2f} s\n")
            server.reset_log()
            second = store.prefetch(queries)
            print(f"second prefetch: {len(server.requests)} HTTP requests (target 0), "
                  f"cache hit rate {second.hit_rate:.0%} (target 100%)")
        if own_server:
            own_server.stop()


if __name__ == "__main__":
    main()
