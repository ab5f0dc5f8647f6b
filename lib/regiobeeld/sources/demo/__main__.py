"""``python -m regiobeeld.sources.demo [seed]``: build every demo table and print what it cost."""

from __future__ import annotations

import resource
import sys
import time

from . import DEFAULT_SEED, build_tables


def main(argv: list[str]) -> None:
    seed = int(argv[0]) if argv else DEFAULT_SEED
    start = time.perf_counter()
    tables = build_tables(seed)
    seconds = time.perf_counter() - start
    for table_id, sets in tables.items():
        print(f"{table_id:10s} {len(sets['TypedDataSet']):8d} rows  {sets['TableInfos'][0]['Period']}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(tables)} tables, seed {seed}: {seconds:.2f} s, peak RSS {rss:.0f} MB (incl. imports)")


if __name__ == "__main__":
    main(sys.argv[1:])
