"""Benchmark the batch runner against the naive papermill + nbconvert loop. Prints figures.

    .venv/bin/python bench/render.py [--naive-regions 3] [--reuse-regions 5] [--keep DIR]

(a) naive: per notebook the ``papermill`` CLI, then ``jupyter nbconvert --to html``, on a
    subset of regions, scaled to 35 × 4 pages;
(b) the runner, cold: empty bundle, warm data cache, all 35 regions × 4 themes;
(c) a no-change rebuild, in-process and as the ``regiobeeld render`` command;
(d) peak memory: ru_maxrss of this process and of its largest child, and the sampled
    total resident memory of the whole process tree during (b);
(e) kernel reuse: the runner with one warm kernel per worker against a fresh kernel
    per notebook, on a subset;
plus page sizes and HTML export time per page from (b).

The incremental rebuild hashes the library's sources, so an edit to ``lib/`` during the
benchmark (e.g. by someone working in the same tree) would turn (c) into a full
rebuild. The benchmark therefore runs against a frozen copy of ``lib/``, ``notebooks/``
and ``params/`` (``PYTHONPATH`` puts it first), reading the normal data cache.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
FROZEN = "REGIOBEELD_BENCH_FROZEN"


def rerun_frozen() -> int:
    """Copy lib/, notebooks/ and params/ aside and run this script against the copy."""
    import shutil

    from regiobeeld.settings import Settings

    frozen = Path(tempfile.mkdtemp(prefix="regiobeeld-frozen-"))
    for part in ("lib", "notebooks", "params"):
        shutil.copytree(REPO / part, frozen / part, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    env = {**os.environ, FROZEN: "1", "PYTHONPATH": str(frozen / "lib"),
           "REGIOBEELD_CACHE": str(Settings.from_env().cache_root)}
    print(f"frozen copy of the library: {frozen}", flush=True)
    try:
        return subprocess.run([sys.executable, __file__, *sys.argv[1:]], env=env).returncode
    finally:
        shutil.rmtree(frozen, ignore_errors=True)


def naive(regions: list[str], notebooks: Path, work: Path) -> float:
    """Sequential papermill CLI + nbconvert CLI per notebook; returns wall seconds."""
    started = time.perf_counter()
    for code in regions:
        for notebook in sorted(notebooks.glob("*.ipynb")):
            executed = work / f"{code}-{notebook.name}"
            subprocess.run([str(BIN / "papermill"), str(notebook), str(executed), "-p", "regio", code,
                            "--no-progress-bar", "--cwd", str(notebooks)],
                           check=True, capture_output=True)
            subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)],
                           check=True, capture_output=True)
    return time.perf_counter() - started


class TreeMemory:
    """Samples the summed RSS of this process and all its descendants."""

    def __init__(self, interval: float = 0.25):
        self.interval, self.peak, self._stop = interval, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_rss(os.getpid()))
            time.sleep(self.interval)


def _tree_rss(root: int) -> int:
    parents, rss = {}, {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            parents[int(proc.name)] = int(fields[1])
            rss[int(proc.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(rss.get(pid, 0) for pid in tree)


def main() -> None:
    from regiobeeld.indicators import prepare
    from regiobeeld.regions import CODES
    from regiobeeld.runner import RenderOptions, render
    from regiobeeld.settings import PROJECT_ROOT, Settings

    notebooks = PROJECT_ROOT / "notebooks"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--naive-regions", type=int, default=3)
    parser.add_argument("--reuse-regions", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--keep", type=Path, default=None, help="keep the bundles in this folder")
    args = parser.parse_args()

    settings = Settings.from_env()
    started = time.perf_counter()
    prepare(settings)
    import regiobeeld
    print(f"library {Path(regiobeeld.__file__).parent}; data cache ready ({settings.source}): "
          f"{time.perf_counter() - started:.1f} s")
    root = args.keep or Path(tempfile.mkdtemp(prefix="regiobeeld-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    total_pages = len(CODES) * 4
    quiet = lambda _: None  # noqa: E731

    subset = list(CODES[: args.naive_regions])
    (root / "naive").mkdir(exist_ok=True)
    naive_seconds = naive(subset, notebooks, root / "naive")
    naive_pages = len(subset) * 4
    naive_scaled = naive_seconds / naive_pages * total_pages
    print(f"(a) naive papermill + nbconvert CLI: {naive_seconds:.1f} s for {naive_pages} pages "
          f"({naive_seconds / naive_pages:.2f} s/page); scaled to {total_pages} pages: {naive_scaled:.0f} s")

    options = RenderOptions(regions=CODES, notebooks_dir=notebooks, out_dir=root / "runner",
                            jobs=args.jobs, progress=False)
    with TreeMemory() as memory:
        started = time.perf_counter()
        cold = render(options, settings, prepare, echo=quiet)
        cold_seconds = time.perf_counter() - started
    print(f"(b) runner, cold, {total_pages} pages, {args.jobs} workers: {cold_seconds:.1f} s "
          f"({cold_seconds / total_pages:.2f} s/page wall); failures: {len(cold.failures)}; "
          f"kernel starts: {cold.kernel_starts}")
    print(f"    speed-up over naive (scaled): {naive_scaled / cold_seconds:.1f}x")

    started = time.perf_counter()
    warm = render(options, settings, prepare, echo=quiet)
    warm_seconds = time.perf_counter() - started
    started = time.perf_counter()
    subprocess.run([str(BIN / "regiobeeld"), "render", "--uit", str(root / "runner")],
                   check=True, capture_output=True, env={**os.environ, **settings.to_env()})
    cli_seconds = time.perf_counter() - started
    print(f"(c) no-change rebuild: {warm_seconds:.2f} s in-process ({100 * warm_seconds / cold_seconds:.1f}% "
          f"of cold, unchanged={warm.unchanged}); as `regiobeeld render`: {cli_seconds:.2f} s "
          f"({100 * cli_seconds / cold_seconds:.1f}%)")

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"(d) peak memory: this process {own:.0f} MB, largest child {child:.0f} MB; "
          f"whole process tree during (b): {memory.peak / 2**20:.0f} MB")

    executed = [r for r in cold.results if r.status == "ok"]
    for stem in sorted({r.stem for r in executed}):
        sizes = [r.html_bytes / 1024 for r in executed if r.stem == stem]
        exports = [r.export_seconds for r in executed if r.stem == stem]
        runs = [r.seconds for r in executed if r.stem == stem]
        print(f"    {stem}: page {statistics.median(sizes):.0f} KB median, {max(sizes):.0f} KB max; "
              f"execute {statistics.median(runs):.2f} s, HTML export {1000 * statistics.median(exports):.0f} ms median")
    index_kb = (cold.bundle / "index.html").stat().st_size / 1024
    print(f"    index.html {index_kb:.0f} KB; bundle {sum(p.stat().st_size for p in cold.bundle.rglob('*')) / 2**20:.0f} MB")

    few = CODES[: args.reuse_regions]
    timings = {}
    for warm_kernels in (True, False):
        opts = RenderOptions(regions=few, notebooks_dir=notebooks, out_dir=root / f"kernels-{warm_kernels}",
                             jobs=args.jobs, progress=False, warm_kernels=warm_kernels, force=True)
        started = time.perf_counter()
        report = render(opts, settings, prepare, echo=quiet)
        timings[warm_kernels] = (time.perf_counter() - started, report.kernel_starts)
    pages = len(few) * 4
    (warm_t, warm_k), (fresh_t, _) = timings[True], timings[False]
    print(f"(e) kernel reuse, {pages} pages, {args.jobs} workers: warm kernels {warm_t:.1f} s "
          f"({warm_k} kernel starts), fresh kernel per notebook {fresh_t:.1f} s ({pages} starts); "
          f"gain {fresh_t - warm_t:.1f} s ({(fresh_t - warm_t) / pages:.2f} s per page, {fresh_t / warm_t:.2f}x)")
    print(f"bundles in {root}")


if __name__ == "__main__":
    if os.environ.get(FROZEN):
        main()
    else:
        sys.exit(rerun_frozen())
