"""Benchmark reading a large drop-in file: peak memory and time. Prints figures.

    .venv/bin/python bench/dropins.py [--mb 50]

Writes two ``vacatures`` CSV files of about ``--mb`` MB into a temporary folder:

(a) valid: every row a distinct (regio, periode, sector) key;
(b) duplicates: the same row over and over (every row after the first is an issue);

and reads each in a fresh process with :func:`regiobeeld.sources.dropins.load` (what a page and
the index do; the index reads it a second time, as the frame of the first read is still
held), printing wall time of the load, CPU seconds of the whole process, peak resident
memory (ru_maxrss) after the load and at the end, the
number of issues kept and the length of the index's issue text.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from regiobeeld.core.regions import CODES

MEASURE = """\
import json, resource, sys, time
from pathlib import Path
from regiobeeld.store.dropins import load, used_files
from regiobeeld.core.settings import Settings

folder = Path(sys.argv[1])
settings = Settings(source="cbs", cache_root=folder / "cache", dropin_dir=folder / "eigen-data")
started = time.perf_counter()
data = load("vacatures", settings, membership=lambda year: None)
seconds = time.perf_counter() - started
load_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
index = used_files(settings, membership=lambda year: None)
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": seconds, "load_mb": load_mb, "peak_mb": usage.ru_maxrss / 1024, "cpu": usage.ru_utime + usage.ru_stime,
                  "rows": 0 if data.frame is None else len(data.frame),
                  "issues": sum(issue.count for issue in data.issues), "kept": len(data.issues),
                  "index_chars": sum(len(i) for row in index for i in row["issues"])}))
"""


def write_csv(path: Path, megabytes: float, duplicates: bool) -> int:
    """A ``vacatures`` export of about ``megabytes`` MB; returns its number of rows."""
    target, rows = megabytes * 2**20, 0
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("regio;periode;sector;aantal\r\n")
        size = 0
        while size < target:
            if duplicates:
                line = "AM22;2025-06;Zorg;100\r\n"
            else:
                code, month = CODES[rows % len(CODES)], 1 + (rows // len(CODES)) % 12
                line = f"{code};2025-{month:02d};Sector {rows // (len(CODES) * 12)};{rows % 997}\r\n"
            out.write(line)
            size += len(line)
            rows += 1
    return rows


def measure(folder: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", MEASURE, str(folder)], capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="file size in MB (default 50)")
    args = parser.parse_args()
    for label, duplicates in (("valid", False), ("duplicates", True)):
        with tempfile.TemporaryDirectory(prefix="regiobeeld-bench-") as tmp:
            folder = Path(tmp)
            (folder / "eigen-data").mkdir()
            path = folder / "eigen-data" / "vacatures_groot.csv"
            rows = write_csv(path, args.mb, duplicates)
            figures = measure(folder)
            print(f"{label:>10}: {path.stat().st_size / 2**20:.1f} MB, {rows:,} rows: "
                  f"{figures['seconds']:.1f} s ({figures['cpu']:.1f} s CPU, whole process), "
                  f"peak RSS {figures['load_mb']:.0f} MB after the load, "
                  f"{figures['peak_mb']:.0f} MB after the index read it again, "
                  f"{figures['rows']:,} rows loaded, {figures['issues']:,} issues "
                  f"({figures['kept']} kept), index issue text {figures['index_chars']:,} chars")


if __name__ == "__main__":
    main()
