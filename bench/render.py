"""Benchmark the renderer against the naive loop and the no-Jupyter floor (issue 13). Prints figures.

    .venv/bin/python bench/render.py [--quick] [--skip naive floor ...] [--naive-pages 16] [--keep DIR]

Every run is a child process, measured as a whole process tree (see ``bench/measure.py``):
CPU-seconds from ``getrusage(RUSAGE_CHILDREN)``, peak memory (PSS and RSS, summed over the tree) from psutil sampling. Stages:

- naive: per page the ``papermill`` CLI, then ``jupyter nbconvert --to html --no-input``,
  on pages spread over regions and themes, scaled to the bundle's page count;
- runner: ``regiobeeld render --alle --volledig`` (warm data, every page executed);
- nochange: the same command without ``--volledig``, a second identical run;
- floor: the same pages with no Jupyter, in one process (``bench/library.py floor``);
- region: ``regiobeeld render --regio AM22 --volledig`` into the runner's bundle;
- cold: on an empty cache, the runner's data stage in one process (``bench/library.py
  prepare``, what ``render`` does before its first page); for information also split in
  ``regiobeeld prefetch`` (data) and the indicators on the filled cache.

The incremental rebuild hashes the library's sources, so an edit in the working tree
during the benchmark would disturb it: every child runs against a frozen copy of
``lib/``, ``notebooks/`` and ``params/`` (``PYTHONPATH`` puts it first; the run checks it),
reading the normal data cache. ``--quick`` is a smoke run on two regions and two naive pages.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from measure import ZERO, Measured, run

REPO = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
STAGES = ("naive", "runner", "nochange", "floor", "region", "cold")
REGION = "AM22"
GB, MB = 2**30, 2**20
RENDERED = re.compile(r"\d\d-\d\d-\d{4} \d\d:\d\d")     # the render time a page shows

#: Per figure: the target as printed, and the test of a measured value against it.
TARGETS = {
    "naive/runner CPU": ("≥ 20x", lambda v: v >= 20),
    "runner/floor CPU": ("≤ 1,5x", lambda v: v <= 1.5),
    "one region forced, warm (wall)": ("≤ 3 s", lambda v: v <= 3),
    "no-change rebuild (wall)": ("≤ 1 s", lambda v: v <= 1),
    "empty cache, before first page (wall)": ("≤ 5 s", lambda v: v <= 5),
    "peak memory (PSS), whole tree, all regions": ("< 1 GB", lambda v: v < GB),
    "peak memory (PSS), whole tree, one region": ("< 1 GB", lambda v: v < GB),
    "bundle size": ("≤ 25 MB", lambda v: v <= 25 * MB),
}


def freeze(folder: Path) -> Path:
    """Copy lib/, notebooks/ and params/ into ``folder``; return it."""
    for part in ("lib", "notebooks", "params"):
        shutil.copytree(REPO / part, folder / part, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    return folder


class Bench:
    """The frozen workbook, the environment of every child, and the printed figures."""

    def __init__(self, frozen: Path, work: Path, cache: Path):
        self.frozen, self.work = frozen, work
        self.env = {**os.environ, "PYTHONPATH": str(frozen / "lib"), "REGIOBEELD_CACHE": str(cache),
                    "REGIOBEELD_PARAMS": str(frozen / "params")}
        self.env.pop("REGIOBEELD_INDICATORS", None)
        self.notebooks = sorted(p.name for p in (frozen / "notebooks").glob("*.ipynb"))
        self.checks: list[tuple[str, str, str, bool]] = []

    def run(self, *command, cache: Path | None = None, label: str = "") -> Measured:
        env = self.env if cache is None else {**self.env, "REGIOBEELD_CACHE": str(cache)}
        measured = run([str(c) for c in command], env=env, cwd=self.frozen)
        if measured.returncode:
            tail = "\n    ".join(measured.output.strip().splitlines()[-6:])
            print(f"    [{label or command[0]}: exit code {measured.returncode}]\n    {tail}")
        return measured

    def library(self, *args, **kwargs) -> Measured:
        return self.run(sys.executable, BENCH / "library.py", *args, **kwargs)

    def cli(self, *args, **kwargs) -> Measured:
        return self.run(sys.executable, "-m", "regiobeeld", *args, **kwargs)

    def check(self, name: str, value: float, shown: str) -> None:
        target, met = TARGETS[name]
        self.checks.append((name, shown, target, met(value)))


def describe(m: Measured) -> str:
    return (f"CPU {m.cpu:7.1f} s (psutil saw {m.sampled_cpu:.1f}), wall {m.wall:7.1f} s, "
            f"peak tree PSS {m.peak_pss / MB:5.0f} MB (RSS summed {m.peak_rss / MB:5.0f} MB)")


def spread(codes: list[str], notebooks: list[str], count: int) -> list[tuple[str, str]]:
    """``count`` pages spread evenly over regions, cycling through the notebooks."""
    return [(codes[i * len(codes) // count], notebooks[i % len(notebooks)]) for i in range(count)]


def naive(bench: Bench, pages: list[tuple[str, str]]) -> dict[str, list[Measured]]:
    """papermill CLI + nbconvert CLI per page, one after the other; per notebook its pages."""
    out, measured = bench.work / "naive", {}
    out.mkdir()
    for code, notebook in pages:
        executed = out / f"{code}-{notebook}"
        page = bench.run(BIN / "papermill", bench.frozen / "notebooks" / notebook, executed, "-p", "regio", code,
                         "--no-progress-bar", "--cwd", bench.frozen / "notebooks", label="papermill")
        page += bench.run(BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", executed, label="nbconvert")
        measured.setdefault(notebook, []).append(page)
    return measured


def scaled(measured: dict[str, list[Measured]], notebooks: list[str], regions: int) -> tuple[float, float]:
    """CPU and wall seconds for every region × notebook: per notebook the mean of its
    measured pages (the mean of all pages for a notebook not measured) × ``regions``."""
    every = [m for pages in measured.values() for m in pages]
    cpu = wall = 0.0
    for notebook in notebooks:
        pages = measured.get(notebook, every)
        cpu += sum(m.cpu for m in pages) / len(pages) * regions
        wall += sum(m.wall for m in pages) / len(pages) * regions
    return cpu, wall


#: What each file of a bundle is, for the size breakdown (first match wins).
PARTS = (("pages' HTML", "AM*/*.html"), ("executed .ipynb", "AM*/*.ipynb"), ("national indicators.csv", "indicators.csv"),
         ("region indicators.csv", "AM*/indicators.csv"), ("region .xlsx", "AM*/*.xlsx"), ("region .zip", "*.zip"),
         ("index.html", "index.html"), ("runner's records", ".regiobeeld-records/**/*"))
CHART = re.compile(rb"data:image/svg\+xml[^\"]*")


def bundle_parts(folder: Path) -> dict[str, int]:
    """Bytes of everything in ``folder`` by part (see :data:`PARTS`; the rest is "other"),
    and of the charts embedded in the pages and in the executed notebooks."""
    sizes, seen = {}, set()
    for name, pattern in PARTS:
        files = {p for p in folder.glob(pattern) if p.is_file()} - seen
        sizes[name], seen = sum(p.stat().st_size for p in files), seen | files
    sizes["other"] = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and p not in seen)
    for name, pattern in (("charts in the pages", "AM*/*.html"), ("charts in the notebooks", "AM*/*.ipynb")):
        sizes[name] = sum(len(m) for p in folder.glob(pattern) for m in CHART.findall(p.read_bytes()))
    return sizes


def zipped_size(folder: Path) -> int:
    """Bytes of ``folder`` as one deflated zip."""
    with tempfile.TemporaryFile() as handle:
        with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                archive.write(path, path.relative_to(folder))
        return handle.tell()


def same_pages(ours: Path, theirs: Path) -> tuple[int, int]:
    """How many of the region pages in ``ours`` equal those in ``theirs`` (render time aside)."""
    pages = sorted(ours.glob("AM*/*.html"))
    same = sum((theirs / page.relative_to(ours)).is_file()
               and RENDERED.sub("", page.read_text("utf-8"))
               == RENDERED.sub("", (theirs / page.relative_to(ours)).read_text("utf-8")) for page in pages)
    return same, len(pages)


def load() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def main(args) -> None:
    root = args.keep or Path(tempfile.mkdtemp(prefix="regiobeeld-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    frozen = freeze(Path(tempfile.mkdtemp(prefix="regiobeeld-frozen-")))
    try:
        measure_all(Bench(frozen, root, args.cache), args)
    finally:
        shutil.rmtree(frozen, ignore_errors=True)
    print(f"bundles and outputs in {root}")


def measure_all(bench: Bench, args) -> None:
    print(f"load average at start (1/5/15 min): {load()} on {os.cpu_count()} cores")
    where = bench.library("where").output.strip()
    if not Path(where).is_relative_to(bench.frozen):
        sys.exit(f"the children import the library from {where}, not from the frozen copy")
    print(f"library: frozen copy {where}; data cache {bench.env['REGIOBEELD_CACHE']}")
    print(f"data warm-up (runner's data stage): {describe(bench.library('prepare', label='prepare'))}")

    codes = sorted(p.stem for p in (bench.frozen / "params").glob("AM*.yaml"))
    if args.quick:
        codes = codes[:2]
    selection = ["--regio", *codes] if args.quick else ["--alle"]
    total_pages = len(codes) * len(bench.notebooks)
    skip = set(args.skip)
    print(f"bundle: {len(codes)} regions × {len(bench.notebooks)} notebooks = {total_pages} pages\n")

    runner = None
    if "runner" not in skip:
        out = bench.work / "runner"
        runner = bench.cli("render", *selection, "--volledig", "--uit", out, "--geen-voortgang", label="runner")
        print(f"runner `render {' '.join(selection) if args.quick else '--alle'} --volledig`, warm data: "
              f"{describe(runner)}")
        bench.check("peak memory (PSS), whole tree, all regions", runner.peak_pss,
                    f"{runner.peak_pss / MB:.0f} MB (RSS {runner.peak_rss / MB:.0f})")
        parts = bundle_parts(out / "regiobeeld")
        charts, notebook_charts = parts.pop("charts in the pages"), parts.pop("charts in the notebooks")
        total = sum(parts.values())
        print(f"    bundle {total / MB:.1f} MB: " + "; ".join(f"{name} {size / MB:.1f}" for name, size in parts.items())
              + f" (charts: {charts / MB:.1f} in the pages' HTML, {notebook_charts / MB:.1f} in the notebooks)")
        print(f"    the bundle folder zipped (as it would be shared whole): {zipped_size(out / 'regiobeeld') / MB:.1f} MB")
        bench.check("bundle size", total, f"{total / MB:.1f} MB")
        if "nochange" not in skip:
            again = bench.cli("render", *selection, "--uit", out, "--geen-voortgang", label="no-change")
            print(f"no-change rebuild (second identical run, CLI): {describe(again)}")
            bench.check("no-change rebuild (wall)", again.wall, f"{again.wall:.2f} s")

    if "naive" not in skip:
        pages = spread(codes, bench.notebooks, 2 if args.quick else args.naive_pages)
        measured = naive(bench, pages)
        loop = sum((m for ms in measured.values() for m in ms), ZERO)
        cpu, wall = scaled(measured, bench.notebooks, len(codes))
        print(f"naive loop (papermill CLI + nbconvert --no-input), {len(pages)} pages "
              f"({', '.join(f'{c}/{n[:-6]}' for c, n in pages)}):\n    {describe(loop)}\n"
              f"    scaled to the bundle's {total_pages} pages (per notebook its mean page × {len(codes)} "
              f"regions): CPU {cpu:.0f} s, wall {wall:.0f} s")
        if runner is not None:
            print(f"    naive/runner: CPU {cpu / runner.cpu:.1f}x, wall {wall / runner.wall:.1f}x")
            bench.check("naive/runner CPU", cpu / runner.cpu, f"{cpu / runner.cpu:.1f}x (wall {wall / runner.wall:.1f}x)")

    if "floor" not in skip:
        out = bench.work / "floor"
        floor = bench.library("floor", "--out", out, *codes, label="floor")
        print(f"floor (no Jupyter, one process, same pages, exported and assembled): {describe(floor)}; "
              f"{floor.output.strip().splitlines()[-1] if floor.output.strip() else ''}")
        if runner is not None:
            same, pages = same_pages(out / "regiobeeld", bench.work / "runner" / "regiobeeld")
            print(f"    {same} of {pages} pages equal the runner's (render time aside)")
            ratio = runner.cpu / floor.cpu
            print(f"    runner/floor: CPU {ratio:.2f}x, wall {runner.wall / floor.wall:.2f}x")
            bench.check("runner/floor CPU", ratio, f"{ratio:.2f}x")

    if "region" not in skip:
        out = bench.work / "runner"
        one = bench.cli("render", "--regio", REGION, "--volledig", "--uit", out, "--geen-voortgang", label="region")
        print(f"one region forced, warm data (`render --regio {REGION} --volledig`, "
              f"{'into the full bundle' if runner else 'alone'}): {describe(one)}")
        bench.check("one region forced, warm (wall)", one.wall, f"{one.wall:.2f} s (CPU {one.cpu:.1f} s)")
        bench.check("peak memory (PSS), whole tree, one region", one.peak_pss,
                    f"{one.peak_pss / MB:.0f} MB (RSS {one.peak_rss / MB:.0f})")
        alone = bench.library("floor", "--out", bench.work / "floor-one", REGION, label="floor, one region")
        print(f"    the floor for {REGION} alone (a bundle of one region): {describe(alone)}; "
              f"region/floor: CPU {one.cpu / alone.cpu:.2f}x, wall {one.wall / alone.wall:.2f}x")

    if "cold" not in skip:
        before = bench.library("prepare", cache=bench.work / "empty-cache", label="prepare")
        print(f"empty cache, before the first page (the runner's data stage in one process, as `render` "
              f"runs it: demo data, drop-in exports, indicators): {describe(before)}")
        data = bench.cli("prefetch", cache=bench.work / "empty-cache-data", label="prefetch")
        computed = bench.library("prepare", cache=bench.work / "empty-cache-data", label="prepare")
        print(f"    the same in two commands: data (`regiobeeld prefetch`) wall {data.wall:.1f} s, CPU {data.cpu:.1f} s; "
              f"then indicators on the filled cache wall {computed.wall:.1f} s, CPU {computed.cpu:.1f} s")
        bench.check("empty cache, before first page (wall)", before.wall, f"{before.wall:.1f} s (CPU {before.cpu:.1f} s)")

    print(f"\nload average at end (1/5/15 min): {load()}")
    note = " (quick smoke run: not comparable with the targets)" if args.quick else ""
    print(f"\nagainst the targets of issue 13{note}:")
    for name, shown, target, met in bench.checks:
        print(f"  {name:<44} {shown:<26} target {target:<8} {'met' if met else 'NOT MET'}")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: two regions, two naive pages")
    parser.add_argument("--skip", nargs="+", default=[], choices=STAGES, metavar="STAGE",
                        help=f"stages to leave out: {', '.join(STAGES)}")
    parser.add_argument("--naive-pages", type=int, default=16, help="pages for the naive loop (default 16)")
    parser.add_argument("--cache", type=Path, default=Path(os.environ.get("REGIOBEELD_CACHE", REPO / ".cache")),
                        help="the warm data cache (default: REGIOBEELD_CACHE, else .cache of the checkout)")
    parser.add_argument("--keep", type=Path, default=None, help="write bundles and outputs into this folder")
    return parser.parse_args()


if __name__ == "__main__":
    main(parse_args())
