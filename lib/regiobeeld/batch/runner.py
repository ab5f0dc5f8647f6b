"""Render the notebooks for many regions into the HTML bundle: the batch runner.

:func:`render` reads like the recipe it is:

1. resolve regions and notebooks (:func:`select_notebooks`);
2. take the prepared data from the caller's ``prepare`` (the runner computes nothing), so
   workers only read one indicator file;
3. plan incrementally: a page whose inputs hash like in the last bundle is reused;
4. execute the rest in worker processes, each its own kernel (:mod:`.engine`), exporting
   every page to HTML (:mod:`.htmlexport`) right after it ran;
5. assemble the bundle in a temporary folder and publish it atomically (:mod:`.bundle`).

A failing notebook never stops the batch; Ctrl-C or SIGTERM stops the workers and
leaves the last good bundle untouched.
"""

from __future__ import annotations

import copy
import functools
import json
import logging
import os
import queue
import re
import signal
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..core.errors import ConfigError, NotebookRunError
from ..core.files import atomic_write
from ..core.hashing import digest, file_digest, files_digest
from ..core.regions import Region, load_region
from ..core.settings import PACKAGE_DIR
from .bundle import PageResult
from .engine import Stopped

_log = logging.getLogger(__name__)

__all__ = [
    "Notebook", "RenderOptions", "PageTask", "RenderReport",
    "select_notebooks", "render", "run_pages", "library_fingerprint", "theme_of", "with_prepared",
]

PARAMETER = "regio"  # the one notebook parameter, always passed as a str (codes stay text)
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
#: Memory a worker (the libraries, the indicators and one page) needs at most, for capping ``--jobs``.
WORKER_MEMORY = 600 * 2**20
#: Workers are forked on Linux: they start at once with the libraries, the indicator set and
#: the drop-ins of this process, sharing its memory. Elsewhere they are new interpreters.
START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"
#: Pages that pay for starting one more worker: a forked one costs next to nothing, so a
#: second page already has a second core; a new interpreter costs about 1,5 CPU-seconds and
#: 300 MB, the work of 8 to 10 pages.
PAGES_PER_WORKER = 1 if START_METHOD == "fork" else 10
#: Options for a real Jupyter kernel when a page runs with papermill's own engine:
#: a quiet log, and no history database on disk (parallel kernels contend for its lock).
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR", "--HistoryManager.hist_file=:memory:"]
PR_SET_PDEATHSIG = 1
PR_SET_NAME = 15
#: What ``ps`` shows for a worker (at most 15 characters).
WORKER_NAME = "regiobeeld-work"
#: papermill metadata that holds absolute paths of this machine; never saved in the bundle.
LOCAL_METADATA = ("input_path", "output_path", "cwd")
PARENT_POLL_SECONDS = 1.0


@dataclass(frozen=True)
class Notebook:
    """One theme notebook: ``10_aanbod.ipynb`` → stem ``10_aanbod``, theme ``aanbod``."""

    path: Path
    stem: str
    theme: str
    title: str
    order: int


@dataclass(frozen=True)
class RenderOptions:
    """What to render, where, and how."""

    regions: tuple[str, ...]
    notebooks_dir: Path
    out_dir: Path
    themes: tuple[str, ...] = ()        # empty: every notebook in notebooks_dir
    name: str = "regiobeeld"
    jobs: int = 0                       # 0: one worker per PAGES_PER_WORKER pages, at most one per core
    force: bool = False                 # rebuild every page, reuse nothing
    progress: bool = True
    merge: bool = True                  # keep the bundle's other regions and themes


@dataclass(frozen=True)
class PageTask:
    """One notebook for one region, as sent to a worker."""

    region: str
    region_name: str
    folder: str                          # region folder in the bundle, e.g. "AM22-rijnmond"
    notebook: Notebook
    nav: tuple[dict, ...]
    input_hash: str
    bundle_dir: Path                     # the temporary bundle being built
    logs_dir: Path
    demo: bool
    rendered: str
    regions: tuple[dict, ...] = ()      # the same theme in the bundle's other regions

    @property
    def key(self) -> str:
        return f"{self.region}/{self.notebook.stem}"


@dataclass
class RenderReport:
    """The outcome of :func:`render`."""

    bundle: Path
    results: list[PageResult]
    unchanged: bool = False
    seconds: float = 0.0
    kept: int = 0                        # pages of other regions/themes left as they were
    skipped: list[str] = field(default_factory=list)   # regions not rendered, with the reason
    #: indicator label → short Dutch reason, for every indicator that could not be computed
    missing_indicators: dict[str, str] = field(default_factory=dict)
    indicator_count: int = 0

    @property
    def failures(self) -> list[PageResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def executed(self) -> int:
        return sum(r.status != "reused" for r in self.results)

    @property
    def reused(self) -> int:
        return sum(r.status == "reused" for r in self.results)


# ---------------------------------------------------------------- the recipe

def render(options: RenderOptions, settings, prepare=None, echo=None) -> RenderReport:
    """Render ``options.regions`` × notebooks into ``options.out_dir/options.name``.

    ``prepare(settings)`` gives the prepared indicator set (normally
    :func:`regiobeeld.indicators.prepare`); it is called once the output folder is locked
    and checked, and the workers read its result, never the data cache. ``None`` when the
    notebooks need no data (fixture notebooks).

    Pages of the existing bundle that were not asked for (other regions, other themes)
    stay in it, unless ``options.merge`` is False. Returns a :class:`RenderReport`;
    failed pages are listed in ``report.failures`` (the bundle is still published, with
    those pages marked). Raises :class:`~regiobeeld.core.errors.RegiobeeldError` for bad input
    and re-raises ``KeyboardInterrupt`` after cleaning up.
    """
    from . import bundle

    echo = echo or _echo
    started = time.perf_counter()
    notebooks = select_notebooks(options.notebooks_dir, options.themes)
    regions, skipped = _valid_regions(options.regions, settings.params_dir)
    for message in skipped:
        echo(f"Overgeslagen: {message}")
    target = Path(options.out_dir) / options.name
    with bundle.output_lock(target):
        bundle.recover(target)
        bundle.check_target(target)
        indicators = prepare(settings) if prepare is not None else None
        report = _build(options, settings, notebooks, regions, indicators, target, echo)
    report.skipped = skipped
    report.seconds = time.perf_counter() - started
    if not report.unchanged:
        echo(summary(report))
    return report


def _build(options, settings, notebooks, regions, indicators, target: Path, echo) -> RenderReport:
    """Plan, execute, assemble and publish, with the output folder locked."""
    from . import bundle

    old = bundle.read_manifest(target)
    everything = select_notebooks(options.notebooks_dir)
    kept = _kept_pages(old, target, regions, notebooks, everything, settings) if options.merge else {}
    bundle_regions = _bundle_regions(regions, kept, settings)
    stems = {nb.stem for nb in notebooks} | {entry["stem"] for entry in kept.values()}
    bundle_notebooks = [nb for nb in everything if nb.stem in stems]
    hashes = page_hashes(regions, notebooks, settings, indicators, nav=bundle_notebooks, jump=bundle_regions)
    reusable = {} if options.force else bundle.reusable_pages(old, target, hashes)
    index_hash = _digest(options.name, *sorted([*hashes.values(), *(e["hash"] for e in kept.values())]))
    if len(reusable) == len(hashes) and old.get("index_hash") == index_hash:
        echo(f"Niets veranderd: alle {len(hashes)} pagina's zijn actueel ({target}).")
        report = RenderReport(target, [_reused(k, hashes[k], notebooks, old) for k in hashes],
                              unchanged=True, kept=len(kept), **_indicator_outcome(indicators))
        if report.missing_indicators:
            echo(indicator_summary(report))
        return report
    if reusable:
        echo(f"{len(reusable)} van {len(hashes)} pagina's ongewijzigd, overgeslagen.")

    rendered = time.strftime("%d-%m-%Y %H:%M")
    demo = bool(indicators.demo) if indicators is not None else settings.source == "demo"
    with _sigterm_as_interrupt(), bundle.staging(target) as tmp, \
            tempfile.TemporaryDirectory(prefix="regiobeeld-run-") as run_dir:
        tasks = [task for task in plan_tasks(regions, notebooks, hashes, tmp, target, demo, rendered,
                                             nav=bundle_notebooks, jump=bundle_regions)
                 if task.key not in reusable]
        reused = bundle.reuse_pages(target, tmp, [reusable[k] for k in sorted(reusable)])
        carried = bundle.carry_pages(target, tmp, [kept[k] for k in sorted(kept)])
        settings = with_prepared(settings, indicators, Path(run_dir))
        files = bundle.RegionFiles(tmp, bundle_regions, bundle_notebooks, reused + carried,
                                   [task.key for task in tasks], target=target)
        results = run_pages(tasks, settings, options, echo, on_done=files.done)
        results = _in_plan_order(reused + results, regions, notebooks)
        bundle.write_logs(bundle.logs_dir(target), results, regions)
        bundle.assemble(tmp, bundle_regions, bundle_notebooks,
                        _in_plan_order(results + carried, bundle_regions, bundle_notebooks),
                        indicators, settings, name=options.name, rendered=rendered,
                        index_hash=index_hash, version=__version__, files=files)
        bundle.publish(tmp, target)
    return RenderReport(target, results, kept=len(kept),
                        **_indicator_outcome(indicators))


def _valid_regions(codes, params_dir) -> tuple[list[Region], list[str]]:
    """The regions whose params are valid, and a message per region that is not (a bad
    params file blocks only its own region; when no region is left, that is an error)."""
    regions, problems = [], []
    for code in codes:
        try:
            regions.append(load_region(code, params_dir))
        except ConfigError as exc:
            problems.append(f"{code}: {exc}")
    if not regions:
        raise ConfigError(problems[0] if len(problems) == 1 else
                          f"geen enkele regio heeft een geldig parameterbestand; eerste fout: {problems[0]}")
    return regions, problems


def _kept_pages(old: dict, target: Path, regions, notebooks, everything, settings) -> dict[str, dict]:
    """Pages of the existing bundle outside this render (other regions or themes) that
    still exist and still have a notebook and a valid region: they stay in the bundle."""
    asked = {f"{region.code}/{nb.stem}" for region in regions for nb in notebooks}
    stems = {nb.stem for nb in everything}
    kept = {}
    for key, entry in old.get("pages", {}).items():
        if key in asked or entry.get("stem") not in stems or not (Path(target) / entry["html"]).is_file():
            continue
        if entry.get("status") == "ok" and not (Path(target) / entry["notebook"]).is_file():
            continue
        try:
            load_region(entry["region"], settings.params_dir)
        except ConfigError:
            continue
        kept[key] = entry
    return kept


def _bundle_regions(regions, kept: dict, settings) -> list[Region]:
    """The requested regions plus those of kept pages, in code order."""
    from ..core.regions import CODES

    codes = {region.code for region in regions} | {entry["region"] for entry in kept.values()}
    return [load_region(code, settings.params_dir) for code in CODES if code in codes]


def _indicator_outcome(indicators) -> dict:
    """``missing_indicators`` and ``indicator_count`` of a report; every missing indicator
    and its reason also goes to the log."""
    if indicators is None:
        return {}
    missing = {indicators.spec(ind).label: reason for ind, reason in indicators.failures.items()}
    for label, reason in missing.items():
        _log.warning("Indicator niet beschikbaar: %s (%s)", label, reason)
    return {"missing_indicators": missing, "indicator_count": len(indicators.specs)}


#: How many missing indicators the summary names before it only counts the rest.
_NAMED_MISSING = 3


def indicator_summary(report: RenderReport) -> str:
    """``"27 van 30 indicatoren berekend; niet beschikbaar: Onbenut arbeidspotentieel
    (86111NED: onderwerp … ontbreekt), … en 2 andere (zie het logboek)"``."""
    missing = report.missing_indicators
    computed = report.indicator_count - len(missing)
    named = [f"{label} ({reason.removeprefix('CBS-tabel ')})" for label, reason in list(missing.items())[:_NAMED_MISSING]]
    rest = len(missing) - len(named)
    more = f" en {rest} andere (zie het logboek)" if rest else ""
    return f"{computed} van {report.indicator_count} indicatoren berekend; niet beschikbaar: {'; '.join(named)}{more}."


def summary(report: RenderReport) -> str:
    """The closing lines: counts, time, missing indicators and every failure (region,
    theme, error)."""
    from .bundle import logs_dir

    kept = f", {report.kept} van eerder behouden" if report.kept else ""
    lines = [f"Klaar in {report.seconds:.1f} s: {report.executed} pagina's gemaakt, "
             f"{report.reused} hergebruikt{kept}, {len(report.failures)} mislukt. Bundel: {report.bundle}"]
    if report.missing_indicators:
        lines.append(indicator_summary(report))
    for failure in report.failures:
        lines.append(f"  MISLUKT {failure.region} {failure.theme}: {failure.ename}: {failure.evalue}")
    for message in report.skipped:
        lines.append(f"  OVERGESLAGEN {message}")
    if report.failures:
        lines.append(f"  Details: {logs_dir(report.bundle)}")
    return "\n".join(lines)


# ---------------------------------------------------------------- inputs

def theme_of(stem: str) -> str:
    """``10_aanbod`` → ``aanbod``: the file name without its order prefix."""
    return re.sub(r"^\d+[_-]", "", stem)


def select_notebooks(folder: Path, themes: tuple[str, ...] = ()) -> list[Notebook]:
    """The notebooks in ``folder`` (ordered by ``metadata.regiobeeld.order``), filtered
    to ``themes`` (any case); an unknown theme raises :class:`ConfigError` listing the valid ones."""
    folder = Path(folder)
    paths = sorted(folder.glob("*.ipynb"))
    if not paths:
        raise ConfigError(f"Geen notebooks (*.ipynb) gevonden in {folder}.")
    found = []
    for path in paths:
        meta = _read_json(path).get("metadata", {}).get("regiobeeld", {})
        stem = path.stem
        found.append(Notebook(path=path.resolve(), stem=stem, theme=theme_of(stem),
                              title=str(meta.get("title") or theme_of(stem).capitalize()),
                              order=int(meta.get("order", 1000))))
    found.sort(key=lambda nb: (nb.order, nb.stem))
    if not themes:
        return found
    valid = [nb.theme for nb in found]
    unknown = [t for t in themes if t.strip().casefold() not in {v.casefold() for v in valid}]
    if unknown:
        raise ConfigError(f"Onbekend thema {', '.join(map(repr, unknown))}; "
                          f"kies uit: {', '.join(valid)}.")
    wanted = {t.strip().casefold() for t in themes}
    return [nb for nb in found if nb.theme.casefold() in wanted]


def with_prepared(settings, indicators, run_dir: Path):
    """Settings for the workers and the index: they read the indicator set and the
    drop-in files prepared for this run (each loaded once per process; workers forked
    from this process find both loaded) instead of each checking the whole data cache
    and parsing the exports again."""
    from ..indicators.compute import save_prepared
    from ..store.dropins import prepare

    if indicators is None:
        return settings
    path = run_dir / "indicators.parquet"
    save_prepared(indicators, path)
    return settings.replace(indicators_file=path, dropins_file=prepare(settings, indicators.fingerprint))


def library_fingerprint() -> str:
    """Hash of the package version, its Python sources, its templates and its chart style."""
    assets = [*(PACKAGE_DIR / "batch" / "templates").rglob("*"), *(PACKAGE_DIR / "presentation" / "static").rglob("*")]
    files = sorted([*PACKAGE_DIR.rglob("*.py"), *assets])
    files = [path for path in files if path.is_file() and "__pycache__" not in path.parts]
    return files_digest(files, seed=__version__, root=PACKAGE_DIR)[:16]


def dropins_fingerprint(settings) -> str:
    """The drop-in files' fingerprint (see :func:`regiobeeld.sources.dropins.fingerprint`)."""
    from ..store.dropins import fingerprint

    return fingerprint(settings)


def page_hashes(regions: list[Region], notebooks: list[Notebook], settings, indicators,
                nav: list[Notebook] | None = None, jump: list[Region] | None = None) -> dict[str, str]:
    """Per ``"AM22/10_aanbod"`` the hash of everything the page depends on (``nav``: the
    notebooks in the page's navigation bar, default ``notebooks``; ``jump``: the regions of
    the jump to another region, default ``regions``)."""
    params_dir = Path(settings.params_dir)
    common = _digest(
        library_fingerprint(),
        indicators.fingerprint if indicators is not None else "no-data",
        dropins_fingerprint(settings),
        _file_digest(params_dir / "defaults.yaml"),
        *[f"{nb.stem}:{nb.title}" for nb in (nav or notebooks)],     # the navigation bar
        *[region.code for region in (jump or regions)],              # the jump to another region
    )
    notebook_digests = {nb.stem: _file_digest(nb.path) for nb in notebooks}
    return {
        f"{region.code}/{nb.stem}": _digest(common, _file_digest(params_dir / f"{region.code}.yaml"),
                                             notebook_digests[nb.stem])
        for region in regions for nb in notebooks
    }


def plan_tasks(regions, notebooks, hashes, tmp: Path, target: Path, demo: bool, rendered: str,
               nav: list[Notebook] | None = None, jump: list[Region] | None = None) -> list[PageTask]:
    """One :class:`PageTask` per region × notebook, in order (``nav``: the notebooks in
    the navigation bar, default ``notebooks``; ``jump``: the regions to jump to, default
    ``regions``)."""
    from .bundle import logs_dir, region_folder

    tasks = []
    for region in regions:
        folder = region_folder(region)
        for nb in notebooks:
            links = tuple({"title": other.title, "href": f"{other.stem}.html",
                           "current": other.stem == nb.stem} for other in (nav or notebooks))
            others = tuple({"code": other.code, "name": other.name,
                            "href": f"../{region_folder(other)}/{nb.stem}.html"}
                           for other in (jump or regions) if other.code != region.code)
            tasks.append(PageTask(
                region=region.code, region_name=region.name, folder=folder, notebook=nb,
                nav=links, input_hash=hashes[f"{region.code}/{nb.stem}"], bundle_dir=tmp,
                logs_dir=logs_dir(target), demo=demo, rendered=rendered, regions=others))
    return tasks


# ---------------------------------------------------------------- execution

def run_pages(tasks: list[PageTask], settings, options: RenderOptions, echo=None, on_done=None
              ) -> list[PageResult]:
    """Execute ``tasks`` in worker processes; return their results.
    ``on_done(result)`` is called for each page as it finishes (in this process).

    Each worker runs its pages in its own IPython shell (:mod:`.engine`). A worker that
    dies marks its page failed; a worker that is gone while pages wait (it died, or it
    retired after a failed page) is replaced. ``KeyboardInterrupt`` (or SIGTERM) stops
    the workers and is re-raised.
    """
    if not tasks:
        return []
    import multiprocessing

    echo = echo or _echo
    context = multiprocessing.get_context(START_METHOD)
    if START_METHOD == "fork":
        _before_fork()
    todo, results_q = context.Queue(), context.Queue()
    for task in tasks:
        todo.put(task)
    useful = len(tasks) if options.jobs else -(-len(tasks) // PAGES_PER_WORKER)
    jobs = min(worker_limit(options.jobs, echo), useful)
    for _ in range(jobs):
        todo.put(None)
    env = settings.to_env()
    spawn = lambda: _start_worker(context, todo, results_q, env)  # noqa: E731
    workers = {}
    running: dict[int, PageTask] = {}
    by_key = {task.key: task for task in tasks}
    results: list[PageResult] = []
    progress = Progress(len(tasks), enabled=options.progress, echo=echo)
    with _sigterm_as_interrupt():
        try:
            for _ in range(jobs):
                process = spawn()
                workers[process.pid] = process
            while len(results) < len(tasks):
                try:
                    kind, pid, payload = results_q.get(timeout=0.5)
                except queue.Empty:
                    _replace_gone_workers(workers, running, results, len(tasks), progress, spawn)
                    if not workers:
                        _fail_remaining(tasks, results, progress)
                    continue
                if kind == "start":
                    running[pid] = by_key[payload]
                    progress.running(pid, by_key[payload])
                elif kind == "done":
                    running.pop(pid, None)
                    results.append(payload)
                    progress.done(pid, payload)
                    if on_done is not None:
                        on_done(payload)
        except BaseException:
            _stop_workers(workers.values())
            raise
        finally:
            progress.close()
    _stop_workers(workers.values())
    return results


def worker_limit(requested: int, echo=None) -> int:
    """``requested`` workers (0: one per core), at most one per core this process may use
    and one per :data:`WORKER_MEMORY` bytes of available memory; says so when it caps."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    available = _available_memory()
    by_memory = max(1, available // WORKER_MEMORY) if available else cores
    limit = max(1, min(cores, by_memory))
    if requested > limit:
        (echo or _echo)(f"--jobs {requested} is te veel voor deze computer ({cores} processorkernen, "
                        f"{available / 2**30:.1f} GB vrij geheugen); er lopen {limit} tegelijk.")
    return min(requested, limit) if requested else limit


def _available_memory() -> int:
    """Bytes of memory available to new processes (``MemAvailable``); 0 when unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _before_fork() -> None:
    """Load in this process what every worker needs, so forked workers start with it:
    papermill and IPython, the engine and the HTML exporter (the libraries, the indicator
    set and the drop-ins are loaded already); flush the streams a worker would print twice;
    freeze the heap, so a worker's garbage collector does not copy every shared page."""
    import gc

    from . import engine, htmlexport

    engine.preload()
    htmlexport.PageExporter.shared()
    sys.stdout.flush()
    sys.stderr.flush()
    gc.freeze()


def _start_worker(context, todo, results_q, env):
    process = context.Process(target=_worker_main, args=(todo, results_q, env, os.getpid()),
                              daemon=False)
    process.start()
    return process


def _replace_gone_workers(workers, running, results, total: int, progress, spawn) -> None:
    """A worker that died during a page (killed, out of memory) fails that page and is
    replaced; one that retired after a failed page (exit code 0) is replaced while pages
    still wait. One that died before any page (it could not start) is not: when none is
    left, the pages still waiting fail (:func:`_fail_remaining`)."""
    for pid, process in list(workers.items()):
        if process.is_alive():
            continue
        del workers[pid]
        task = running.pop(pid, None)
        if task is not None:
            result = _failed(task, "WorkerCrashed",
                             f"het werkproces stopte onverwacht (exitcode {process.exitcode})", "")
            results.append(result)
            progress.done(pid, result)
        if (task is not None or process.exitcode == 0) and len(results) + len(running) < total:
            replacement = spawn()
            workers[replacement.pid] = replacement


def _fail_remaining(tasks, results, progress) -> None:
    """No worker is left (they could not start): every page not done fails."""
    done = {result.key for result in results}
    for task in tasks:
        if task.key not in done:
            result = _failed(task, "WorkerCrashed", "geen werkproces kon starten; zie de foutmelding hierboven", "")
            results.append(result)
            progress.done(0, result)


def _stop_workers(processes) -> None:
    """SIGTERM every worker, then kill stragglers."""
    processes = list(processes)
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + 15
    for process in processes:
        process.join(timeout=max(0.1, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join(timeout=5)


@contextmanager
def _sigterm_as_interrupt():
    """Treat SIGTERM like Ctrl-C while workers run (main thread only)."""
    def handler(signum, frame):
        raise KeyboardInterrupt(f"signaal {signum}")

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _worker_main(todo, results_q, env, parent: int) -> None:
    """Worker process: take tasks until the sentinel; retire after a failed page, so the
    next page never inherits a broken state (the runner starts a fresh worker)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)     # the parent decides about Ctrl-C
    signal.signal(signal.SIGTERM, _stop_worker)
    _name_process(WORKER_NAME)
    _die_with_parent(parent)
    os.environ.update(env)
    pid = os.getpid()
    task = todo.get()
    if task is None:
        return
    from .engine import ENGINE_NAME, register_engine
    from .htmlexport import PageExporter

    register_engine()
    exporter = PageExporter.shared()
    while task is not None:
        results_q.put(("start", pid, task.key))
        result = run_page(task, exporter, ENGINE_NAME)
        results_q.put(("done", pid, result))
        if result.status == "failed":
            return
        task = todo.get()


def _stop_worker(signum, frame) -> None:
    raise Stopped(128 + signum)


def _prctl(option: int, value) -> bool:
    """Linux's ``prctl(option, value)`` for this process; False where there is none."""
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)
    except (OSError, AttributeError):
        return False
    return True


def _name_process(name: str) -> None:
    """The name ``ps`` and ``top`` show for this process (Linux; elsewhere nothing)."""
    _prctl(PR_SET_NAME, name.encode()[:15])


def _die_with_parent(parent: int) -> None:
    """SIGTERM this worker as soon as ``parent`` is gone, however it died: the kernel's
    death signal on Linux, and a watcher thread everywhere
    (it also catches a parent that died before the death signal was set)."""
    import threading

    _prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM))     # not Linux: the watcher does it alone

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="regiobeeld-parent-watch", daemon=True).start()


def run_page(task: PageTask, exporter, engine: str | None) -> PageResult:
    """Execute one notebook with papermill, export it, and describe the outcome."""
    from .bundle import write_page_data
    from .htmlexport import PageContext, drop_private, page_outputs

    folder = task.bundle_dir / task.folder
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        nb = execute(task, engine)
    except NotebookRunError as exc:
        if exc.executed is not None:
            _keep_failed_notebook(exc.executed, task)
        return _failed(task, exc.ename, exc.evalue, _plain(exc.traceback), time.perf_counter() - started)
    except Exception as exc:  # noqa: BLE001 - kernel died, bad notebook: the page fails, not the batch
        import traceback

        return _failed(task, type(exc).__name__, str(exc), traceback.format_exc(),
                       time.perf_counter() - started)
    seconds = time.perf_counter() - started
    records, page = page_outputs(nb)
    drop_private(nb)
    _write_notebook(nb, folder / f"{task.notebook.stem}.ipynb")
    write_page_data(task.bundle_dir, task.region, task.notebook.stem, records, page)
    started = time.perf_counter()
    context = PageContext(region=task.region, region_name=task.region_name,
                          title=task.notebook.title, nav=task.nav, regions=task.regions,
                          stem=task.notebook.stem, demo=bool(page.get("demo", task.demo)), rendered=task.rendered,
                          version=__version__)
    try:
        html = exporter.export(nb, context).encode("utf-8")
    except Exception as exc:  # noqa: BLE001 - a page that cannot be exported fails alone
        import traceback

        return _failed(task, type(exc).__name__, f"HTML-export: {exc}", traceback.format_exc(), seconds)
    (folder / f"{task.notebook.stem}.html").write_bytes(html)
    return PageResult(region=task.region, stem=task.notebook.stem, theme=task.notebook.theme,
                      title=task.notebook.title, status="ok", input_hash=task.input_hash,
                      seconds=seconds, export_seconds=time.perf_counter() - started,
                      html_bytes=len(html), records=records, page=page)


def execute(task: PageTask, engine: str | None):
    """Run ``task``'s notebook with papermill; a notebook that raises raises
    :class:`NotebookRunError` (with the executed notebook when the warm engine kept it).

    These are the steps of ``papermill.execute_notebook`` (papermill injects the
    ``parameters`` cell and executes), without its final ``write_ipynb``: with no output
    path that validates and serialises the whole notebook only to throw the text away, and
    the runner saves the notebook itself, once.
    """
    from papermill.engines import papermill_engines
    from papermill.exceptions import PapermillExecutionError
    from papermill.execute import prepare_notebook_metadata, raise_for_execution_errors, remove_error_markers
    from papermill.parameterize import parameterize_notebook
    from papermill.utils import chdir

    from .engine import KERNEL_NAME, run_error

    path = str(task.notebook.path)
    source = copy.deepcopy(_source_notebook(path, task.notebook.path.stat().st_mtime_ns))
    nb = parameterize_notebook(source, {PARAMETER: str(task.region)}, kernel_name=KERNEL_NAME, engine_name=engine)
    nb = remove_error_markers(prepare_notebook_metadata(nb, path, None))
    try:
        with chdir(str(task.notebook.path.parent)):
            nb = papermill_engines.execute_notebook_with_engine(
                engine, nb, input_path=path, output_path=None, kernel_name=KERNEL_NAME,
                progress_bar=False, log_output=False, start_timeout=60, stdout_file=None, stderr_file=None,
                extra_arguments=list(KERNEL_ARGUMENTS))
        raise_for_execution_errors(nb, None)
    except PapermillExecutionError as exc:      # a fresh kernel per notebook: papermill's own engine
        raise run_error(None, path, exc) from None
    return nb


@functools.lru_cache(maxsize=32)
def _source_notebook(path: str, mtime_ns: int):
    """The notebook as papermill loads it, read and validated once per worker (execution
    fills a copy of it); an edited file has another ``mtime_ns``."""
    from papermill.iorw import load_notebook_node

    return load_notebook_node(path)


def _keep_failed_notebook(nb, task: PageTask) -> None:
    """The executed notebook of a failed page goes to the logs folder, as papermill keeps it."""
    from .bundle import failed_notebook, mark

    path = failed_notebook(task.logs_dir, task.region, task.notebook.stem)
    path.parent.mkdir(parents=True, exist_ok=True)
    mark(path.parent)
    _write_notebook(nb, path)


def _failed(task: PageTask, ename: str, evalue: str, traceback: str,
            seconds: float = 0.0) -> PageResult:
    return PageResult(region=task.region, stem=task.notebook.stem, theme=task.notebook.theme,
                      title=task.notebook.title, status="failed", input_hash=task.input_hash,
                      ename=ename or "Fout", evalue=evalue or "", traceback=traceback,
                      seconds=seconds)


def _write_notebook(nb, path: Path) -> None:
    """Write without nbformat's schema validation (the kernel just produced it), without
    papermill's record of where the notebook was on this machine, and without the
    indentation nbformat adds for readable diffs (a tenth of every notebook in the bundle;
    Jupyter reads and shows it the same)."""
    papermill_meta = nb.get("metadata", {}).get("papermill", {})
    for name in LOCAL_METADATA:
        papermill_meta.pop(name, None)
    atomic_write(path, json.dumps(nb, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8"))


# ---------------------------------------------------------------- progress

class Progress:
    """Pages done / total: a tqdm bar on a terminal, plain lines in a log."""

    def __init__(self, total: int, enabled: bool = True, echo=None, stream=None):
        self.total = total
        self.count = 0
        self.enabled = enabled
        self.echo = echo or _echo
        stream = stream or sys.stderr
        self.bar = None
        if enabled and stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="pagina", desc="Renderen", file=stream,
                            mininterval=0.5, dynamic_ncols=True)

    def running(self, pid: int, task: PageTask) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(f"{task.region} {task.notebook.theme}", refresh=False)

    def done(self, pid: int, result: PageResult) -> None:
        self.count += 1
        if self.bar is not None:
            self.bar.update(1)
            if result.status == "failed":
                self.bar.write(f"MISLUKT {result.region} {result.theme}: {result.ename}")
        elif self.enabled:
            state = "ok" if result.status == "ok" else f"MISLUKT ({result.ename})"
            self.echo(f"[{self.count}/{self.total}] {result.region} {result.theme}: {state} "
                      f"({result.seconds + result.export_seconds:.1f} s)")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


# ---------------------------------------------------------------- helpers

def _reused(key: str, input_hash: str, notebooks: list[Notebook], manifest: dict) -> PageResult:
    entry = manifest.get("pages", {}).get(key, {})
    region, stem = key.split("/", 1)
    nb = next(nb for nb in notebooks if nb.stem == stem)
    return PageResult(region=region, stem=stem, theme=nb.theme, title=nb.title, status="reused",
                      input_hash=input_hash, seconds=entry.get("seconds", 0.0),
                      html_bytes=entry.get("html_bytes", 0))


def _in_plan_order(results: list[PageResult], regions, notebooks) -> list[PageResult]:
    position = {f"{r.code}/{nb.stem}": i for i, (r, nb) in
                enumerate((r, nb) for r in regions for nb in notebooks)}
    return sorted(results, key=lambda r: position[r.key])


def _plain(text: str) -> str:
    return _ANSI.sub("", text)


def _digest(*parts: str) -> str:
    return digest(*parts)[:16]


def _file_digest(path: Path) -> str:
    return file_digest(path)[:16]


def _read_json(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"Notebook {path} is niet te lezen ({exc}).") from None


def _echo(message: str) -> None:
    print(message, file=sys.stderr, flush=True)

