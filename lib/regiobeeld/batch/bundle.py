"""The HTML bundle on disk: layout, index page, CSV files, zips, manifest, atomic publish.

Layout of ``outputs/<name>/``::

    index.html                    every region, tile map, headline table, sources
    indicators.csv                all regions, long format (see :mod:`regiobeeld.presentation.export`)
    .regiobeeld-manifest.json     input hash per page, for incremental rebuilds
    .regiobeeld-records/          per page its indicator records (gzipped JSON), for reuse
    .regiobeeld-bundel            marker: this folder was made by regiobeeld
    AM22-rijnmond/                theme pages (00_kerncijfers.html, ...), executed
                                  notebooks (.ipynb), indicators.csv and indicators.xlsx
    AM22-rijnmond.zip             the region's pages, its figures and a small index, to mail

Logs live next to the bundle in ``outputs/<name>.logs/`` and never inside it.
CSV files are written for Dutch Excel: UTF-8 with BOM, ``;`` as separator, decimal comma.
The bundle is built in ``outputs/.<name>.tmp-<pid>`` and swapped in by :func:`publish`,
so an interrupted or failed render never damages the last good bundle. Every folder
regiobeeld builds carries the marker file :data:`MARKER_NAME`; a folder without it
belongs to the user and is never replaced or deleted (:func:`check_target`).
"""

from __future__ import annotations

import fcntl
import functools
import gzip
import json
import os
import re
import shutil
import time
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import RegiobeeldError
from ..core.files import atomic_write
from ..core.naming import slugify

__all__ = [
    "MANIFEST_NAME", "MARKER_NAME", "FAILED_MESSAGE", "region_folder", "PageResult",
    "read_manifest", "reusable_pages", "is_ours", "check_target", "check_folder", "logs_dir", "mark",
    "output_lock", "staging", "recover", "publish", "reuse_pages", "page_data", "write_page_data",
    "write_logs", "RegionFiles", "assemble", "render_index",
]

MANIFEST_NAME = ".regiobeeld-manifest.json"
#: Every folder regiobeeld builds holds this file; only such a folder is ever replaced.
MARKER_NAME = ".regiobeeld-bundel"
MARKER_TEXT = "Deze map is gemaakt door regiobeeld en wordt bij een nieuwe render vervangen.\n"
MANIFEST_VERSION = 1
FAILED_MESSAGE = "Deze pagina kon niet worden gemaakt: {ename}. Zie het logbestand."
#: The indicator that shades the tile map (when the indicator set has it).
TILE_INDICATOR = "unemployment_rate"


def region_folder(region) -> str:
    """``AM22-rijnmond``: the region's folder (and zip) name in the bundle."""
    return f"{region.code}-{slugify(region.name)}"


@dataclass
class PageResult:
    """What happened to one page."""

    region: str
    stem: str
    theme: str
    title: str
    status: str                          # "ok", "failed" or "reused"
    input_hash: str
    ename: str = ""
    evalue: str = ""
    traceback: str = ""
    seconds: float = 0.0                 # execution
    export_seconds: float = 0.0
    html_bytes: int = 0
    records: list = field(default_factory=list)
    page: dict = field(default_factory=dict)
    records_file: str = ""               # a kept page: its records are read from here when needed

    @property
    def key(self) -> str:
        return f"{self.region}/{self.stem}"


# ---------------------------------------------------------------- manifest and reuse

def read_manifest(target: Path) -> dict:
    """The manifest of the bundle at ``target`` (empty when absent or unreadable)."""
    try:
        manifest = json.loads((Path(target) / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if manifest.get("version") == MANIFEST_VERSION else {}


def reusable_pages(manifest: dict, target: Path, hashes: dict[str, str]) -> dict[str, dict]:
    """Pages of the last bundle whose inputs are unchanged, that succeeded and still exist."""
    reusable = {}
    for key, entry in manifest.get("pages", {}).items():
        if (hashes.get(key) == entry.get("hash") and entry.get("status") == "ok"
                and (Path(target) / entry["html"]).is_file()
                and (Path(target) / entry["notebook"]).is_file()):
            reusable[key] = entry
    return reusable


#: Hidden folder of the bundle with each page's records (see :func:`page_data`).
RECORDS_DIR = ".regiobeeld-records"


def page_data(bundle: Path, region: str, stem: str) -> Path:
    """The page's records and page info, kept in the bundle (hidden, compressed, never in
    a zip) so that an unchanged page can be reused without them bloating its notebook."""
    return Path(bundle) / RECORDS_DIR / region / f"{stem}.json.gz"


def write_page_data(bundle: Path, region: str, stem: str, records: list, page: dict) -> None:
    """Write :func:`page_data` of a page just executed."""
    path = page_data(bundle, region, stem)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps({"records": records, "page": page}, ensure_ascii=False).encode("utf-8")
    atomic_write(path, gzip.compress(data, compresslevel=6, mtime=0))


def _kept_data(target: Path, tmp: Path, entry: dict) -> dict:
    """Link a reused page's data file into the new bundle; its records are read only when
    its region's files are written again (:func:`page_records`). A page of a bundle made
    before these files existed still has its records in its notebook."""
    from .htmlexport import page_outputs

    source = page_data(target, entry["region"], entry["stem"])
    if not source.is_file():
        records, page = page_outputs(json.loads((Path(target) / entry["notebook"]).read_text(encoding="utf-8")))
        return {"records": records, "page": page}
    linked = page_data(tmp, entry["region"], entry["stem"])
    _link_or_copy(source, linked)
    return {"records_file": str(linked)}


def page_records(result: PageResult) -> list:
    """The records of ``result``: those it carries, or those in the data file of a kept page."""
    if not result.records_file:
        return result.records
    return json.loads(gzip.decompress(Path(result.records_file).read_bytes()))["records"]


def reuse_pages(target: Path, tmp: Path, entries: list[dict]) -> list:
    """Hard-link (or copy) unchanged pages into the new bundle, with their records
    (:func:`page_data`)."""
    results = []
    for entry in entries:
        for relative in (entry["html"], entry["notebook"]):
            _link_or_copy(Path(target) / relative, Path(tmp) / relative)
        results.append(PageResult(
            region=entry["region"], stem=entry["stem"], theme=entry["theme"], title=entry["title"],
            status="reused", input_hash=entry["hash"], seconds=entry.get("seconds", 0.0),
            html_bytes=entry.get("html_bytes", 0), **_kept_data(target, tmp, entry)))
    return results


def carry_pages(target: Path, tmp: Path, entries: list[dict]) -> list:
    """Pages of other regions or themes, kept as they were: successful ones like
    :func:`reuse_pages`, failed ones as failed results (their placeholder is rewritten)."""
    ok = [entry for entry in entries if entry.get("status") == "ok"]
    failed = [PageResult(region=e["region"], stem=e["stem"], theme=e["theme"], title=e["title"],
                         status="failed", input_hash=e["hash"], ename=e.get("ename") or "Fout")
              for e in entries if e.get("status") != "ok"]
    return reuse_pages(target, tmp, ok) + failed


def _link_or_copy(source: Path, destination: Path) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


# ---------------------------------------------------------------- ownership, lock, atomic publish

def is_ours(path: Path) -> bool:
    """True for a real folder that regiobeeld made (a bundle, its staging or its log
    folder): it holds :data:`MARKER_NAME` (or, for bundles made before the marker
    existed, a valid manifest)."""
    path = Path(path)
    if path.is_symlink() or not path.is_dir():
        return False
    return (path / MARKER_NAME).is_file() or bool(read_manifest(path))


def check_target(target: Path) -> None:
    """Raise unless ``target`` (and its log folder) may be replaced: absent, an empty
    folder, or a bundle of ours. Anything else belongs to the user and is never touched."""
    check_folder(target, "geen regiobeeld-bundel")
    logs = logs_dir(target)
    if logs.is_symlink() or (logs.exists() and not logs.is_dir()):
        raise RegiobeeldError(f"{logs} bestaat al en is geen map maar een bestand of koppeling; "
                              "regiobeeld vervangt het niet. Kies een andere --uit of --naam.")
    if logs.is_dir() and not is_ours(logs) and any(not _is_region_log(p) for p in logs.iterdir()):
        raise RegiobeeldError(f"{logs} bestaat al en is geen logmap van regiobeeld (het bestand "
                              f"{MARKER_NAME} ontbreekt); regiobeeld schrijft daar niet. "
                              "Kies een andere --uit of --naam.")


def check_folder(path: Path, what: str = "geen map van regiobeeld") -> None:
    """Raise unless regiobeeld may write into ``path``: absent, an empty folder, or one of ours
    (``what`` says in Dutch what it is not, for the message)."""
    path = Path(path)
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        raise RegiobeeldError(f"{path} bestaat al en is geen map maar een bestand of koppeling; "
                              "regiobeeld vervangt het niet. Kies een andere --uit of --naam.")
    if path.is_dir() and not is_ours(path) and any(path.iterdir()):
        raise RegiobeeldError(f"{path} bestaat al en is {what} (het bestand {MARKER_NAME} ontbreekt); "
                              "regiobeeld vervangt die map niet. Kies een andere --uit of --naam.")


def logs_dir(target: Path) -> Path:
    """``outputs/<name>.logs``: the log folder beside the bundle."""
    return Path(target).with_name(f"{Path(target).name}.logs")


def failed_notebook(logs: Path, region: str, stem: str) -> Path:
    """``<logs>/AM22.20_vraag.ipynb``: the executed notebook of a page that failed."""
    return Path(logs) / f"{region}.{stem}.ipynb"


def _is_region_log(path: Path) -> bool:
    """A log of a region, as log folders made before the marker hold them."""
    return path.is_file() and not path.is_symlink() and re.fullmatch(r"AM\d\d\.log", path.name) is not None


def mark(folder: Path) -> None:
    """Write the ownership marker into ``folder``."""
    (Path(folder) / MARKER_NAME).write_text(MARKER_TEXT, encoding="utf-8")


@contextmanager
def output_lock(target: Path):
    """One render per bundle: an exclusive lock on ``<uit>/.<name>.lock``. A second render
    refuses at once with a clear message; the lock dies with its process, and the lock
    file is removed when the render ends."""
    target = Path(target)
    if target.parent.exists() and not target.parent.is_dir():
        raise RegiobeeldError(f"{target.parent} is een bestand, geen map; kies met --uit een map.")
    target.parent.mkdir(parents=True, exist_ok=True)
    path = target.with_name(f".{target.name}.lock")
    while True:
        handle = open(path, "a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "onbekend"
            handle.close()
            raise RegiobeeldError(f"Er loopt al een render naar {target} (proces {holder}); "
                                  "wacht tot die klaar is en probeer het dan opnieuw.") from None
        if _same_file(path, handle):
            break
        handle.close()          # the previous holder removed this file meanwhile: take the new one
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        path.unlink(missing_ok=True)
        handle.close()          # closing releases the lock, after the file is gone


def _same_file(path: Path, handle) -> bool:
    try:
        return os.stat(path).st_ino == os.fstat(handle.fileno()).st_ino
    except FileNotFoundError:
        return False


def _temp_path(target: Path, kind: str, pid: int | None = None) -> Path:
    return Path(target).with_name(f".{Path(target).name}.{kind}-{pid or os.getpid()}")


@contextmanager
def staging(target: Path):
    """A fresh, marked temporary folder next to ``target``; removed on any error or interrupt."""
    tmp = _temp_path(target, "tmp")
    _remove_ours(tmp)
    tmp.mkdir(parents=True)
    mark(tmp)
    try:
        yield tmp
    finally:
        _remove_ours(tmp)


def _remove_ours(path: Path) -> None:
    """Delete ``path`` if it is a folder regiobeeld made; refuse to delete anything else."""
    if not (path.exists() or path.is_symlink()):
        return
    if not is_ours(path):
        raise RegiobeeldError(f"{path} is niet door regiobeeld gemaakt; regiobeeld verwijdert het niet. "
                              "Verplaats het en probeer het opnieuw.")
    shutil.rmtree(path, ignore_errors=True)


def publish(tmp: Path, target: Path) -> None:
    """Swap ``tmp`` in as ``target``: rename the old bundle away, rename the new one in,
    delete the old one. Only the two renames touch ``target``, and only a bundle of ours
    (or an empty folder) is ever replaced."""
    target, old = Path(target), _temp_path(target, "old")
    check_target(target)
    _remove_ours(old)
    if is_ours(target):
        os.rename(target, old)
    try:
        os.rename(tmp, target)      # replaces an empty folder; fails on anything else
    except OSError as exc:
        if old.exists() and not target.exists():
            os.rename(old, target)
        raise RegiobeeldError(f"Kon de nieuwe bundel niet op {target} zetten ({exc.strerror}); "
                              "de vorige bundel is teruggezet.") from None
    _remove_ours(old)


def recover(target: Path) -> None:
    """Clean up after a render that was killed hard: remove temporary folders of dead
    processes, and put back an old bundle that was renamed away but never replaced.
    Only marked folders are touched."""
    target = Path(target)
    if not target.parent.exists():
        return
    for path in target.parent.glob(f".{target.name}.*-*"):
        kind, _, pid = path.name.rpartition(".")[2].partition("-")
        if kind not in ("tmp", "old") or not pid.isdigit() or _alive(int(pid)) or not is_ours(path):
            continue
        if kind == "old" and not target.exists():
            os.rename(path, target)
        else:
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# ---------------------------------------------------------------- files of the bundle

def _unique_records(results) -> list[dict]:
    seen, out = set(), []
    for result in results:
        for record in page_records(result):
            key = (record.get("region"), record.get("area_code"), record.get("indicator"),
                   record.get("category"), record.get("period"))
            if key not in seen:
                seen.add(key)
                out.append(record)
    return out


def write_logs(logs_dir: Path, results, regions) -> None:
    """Per region ``<logs_dir>/<AMxx>.log``: timing per notebook, full traceback on failure."""
    logs_dir = Path(logs_dir)
    logs_dir.mkdir(parents=True, exist_ok=True)
    mark(logs_dir)
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    for region in regions:
        lines = [f"regiobeeld render {stamp} — {region.code} {region.name}"]
        for result in (r for r in results if r.region == region.code):
            if result.status != "failed":
                failed_notebook(logs_dir, region.code, result.stem).unlink(missing_ok=True)
            if result.status == "failed":
                lines += [f"{result.stem}: MISLUKT na {result.seconds:.1f} s — {result.ename}: {result.evalue}",
                          result.traceback.rstrip(), ""]
            elif result.status == "reused":
                lines.append(f"{result.stem}: ongewijzigd, hergebruikt")
            else:
                lines.append(f"{result.stem}: ok, uitvoeren {result.seconds:.1f} s, html "
                             f"{result.export_seconds:.2f} s, {result.html_bytes / 1024:.0f} KB")
        (logs_dir / f"{region.code}.log").write_text("\n".join(lines) + "\n", encoding="utf-8")


REGION_FILES = ("indicators.csv", "indicators.xlsx")


class RegionFiles:
    """Writes a region's :data:`REGION_FILES` as soon as the last of its pages is done,
    while the workers still execute other regions' pages;
    :func:`assemble` writes those of the other regions. A region whose pages are all as in
    the last bundle (``target``) keeps its files from there.

    ``results``: the pages already done (reused, carried); ``pending``: the keys of the
    pages still to execute.
    """

    def __init__(self, tmp: Path, regions, notebooks, results, pending, target: Path | None = None):
        self.tmp = Path(tmp)
        self.target = target
        self.before = read_manifest(target).get("regions", {}) if target is not None else {}
        self.regions = {region.code: region for region in regions}
        self.order = {nb.stem: i for i, nb in enumerate(notebooks)}
        self.results = {code: [r for r in results if r.region == code] for code in self.regions}
        self.pending = {code: sum(key.split("/", 1)[0] == code for key in pending) for code in self.regions}
        self.hashes: dict[str, str] = {}

    def done(self, result: PageResult) -> None:
        """Take one executed page; write its region's files when it was the last."""
        self.results[result.region].append(result)
        self.pending[result.region] -= 1
        if not self.pending[result.region]:
            self.write(self.regions[result.region])

    def write(self, region) -> None:
        from ..core.hashing import digest
        from ..presentation.export import write_csv, write_xlsx  # pandas: not in the workers

        results = sorted(self.results[region.code], key=lambda r: self.order[r.stem])
        folder = region_folder(region)
        (self.tmp / folder).mkdir(parents=True, exist_ok=True)
        self.hashes[region.code] = digest(*(f"{r.key} {r.input_hash} {r.status == 'failed'}" for r in results))[:16]
        old = [self.target / folder / name for name in REGION_FILES] if self.target is not None else []
        if self.before.get(region.code) == self.hashes[region.code] and all(path.is_file() for path in old):
            for path in old:
                _link_or_copy(path, self.tmp / folder / path.name)
            return
        records = _unique_records(results)
        write_csv(self.tmp / folder / "indicators.csv", records)
        write_xlsx(self.tmp / folder / "indicators.xlsx", records)


def assemble(tmp: Path, regions, notebooks, results, indicators, settings, *, name: str,
             rendered: str, index_hash: str, version: str, files: RegionFiles | None = None) -> None:
    """Write everything around the pages: placeholders for failed pages, CSV files (those
    ``files`` did not write yet), zips, the index page and the manifest."""
    tmp = Path(tmp)
    by_region = {region.code: [r for r in results if r.region == region.code] for region in regions}
    files = files or RegionFiles(tmp, regions, notebooks, results, ())
    context = index_context(regions, notebooks, results, indicators, settings,
                            name=name, rendered=rendered, version=version)
    for region in regions:
        folder = tmp / region_folder(region)
        folder.mkdir(parents=True, exist_ok=True)
        for result in by_region[region.code]:
            if result.status == "failed":
                (folder / f"{result.stem}.html").write_text(
                    _failed_page(region, result, context), encoding="utf-8")
        if region.code not in files.hashes:
            files.write(region)
    zips = _zip_regions(tmp, regions, notebooks, by_region, context, files)
    from ..presentation.export import join_csv, write_csv

    if not join_csv(tmp / "indicators.csv", [tmp / region_folder(region) / "indicators.csv" for region in regions]):
        write_csv(tmp / "indicators.csv", _unique_records(results))
    (tmp / "index.html").write_text(render_index(context), encoding="utf-8")
    _write_manifest(tmp, regions, results, index_hash, version, files.hashes, zips)


def _write_manifest(tmp: Path, regions, results, index_hash: str, version: str,
                    region_hashes: dict[str, str], zip_hashes: dict[str, str]) -> None:
    folders = {region.code: region_folder(region) for region in regions}
    pages = {
        result.key: {"hash": result.input_hash, "status": "ok" if result.status != "failed" else "failed",
                     "region": result.region, "stem": result.stem, "theme": result.theme,
                     "title": result.title, "seconds": round(result.seconds, 3), "ename": result.ename,
                     "html_bytes": result.html_bytes,
                     "html": f"{folders[result.region]}/{result.stem}.html",
                     "notebook": f"{folders[result.region]}/{result.stem}.ipynb"}
        for result in results
    }
    manifest = {"version": MANIFEST_VERSION, "software": version, "index_hash": index_hash,
                "pages": pages, "regions": region_hashes, "zips": zip_hashes}
    (tmp / MANIFEST_NAME).write_text(json.dumps(manifest, indent=1, ensure_ascii=False),
                                     encoding="utf-8")


def _zip_regions(tmp: Path, regions, notebooks, by_region: dict, context: dict, files: RegionFiles) -> dict:
    """Each region's zip (:func:`_zip_region`); per region the hash of what is in it.

    A region whose pages all come from the last bundle unchanged, with the same files and
    the same index (its render time aside), keeps its zip from there. The others are
    compressed on two threads (zlib works outside the interpreter lock)."""
    from concurrent.futures import ThreadPoolExecutor

    from ..core.hashing import digest

    before = read_manifest(files.target).get("zips", {}) if files.target is not None else {}
    hashes, todo = {}, []
    for region in regions:
        index = _single_index(region, context)
        hashes[region.code] = digest(files.hashes[region.code], _RENDERED.sub("", index))[:16]
        old = Path(files.target) / f"{region_folder(region)}.zip" if files.target is not None else None
        if (before.get(region.code) == hashes[region.code] and old.is_file()
                and all(r.status == "reused" for r in by_region[region.code])):
            _link_or_copy(old, tmp / old.name)
        else:
            todo.append((region, index))
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda job: _zip_region(tmp, job[0], notebooks, job[1]), todo))
    return hashes


#: The render time an index shows (``Gemaakt op 02-12-2026 16:21``).
_RENDERED = re.compile(r"\d\d-\d\d-\d{4} \d\d:\d\d")


def _single_index(region, context: dict) -> str:
    """The index page in a region's zip: the bundle's index for that region alone."""
    return render_index(dict(context, regions=[r for r in context["regions"] if r["code"] == region.code],
                             single_region=True))


def _zip_region(tmp: Path, region, notebooks, index: str) -> None:
    """``AM22-rijnmond.zip``: the region's pages, its CSV and an index, openable offline."""
    folder = region_folder(region)
    with zipfile.ZipFile(tmp / f"{folder}.zip", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.html", index)
        for nb in notebooks:
            page = tmp / folder / f"{nb.stem}.html"
            if page.exists():
                archive.write(page, f"{folder}/{nb.stem}.html")
        for figures in ("indicators.csv", "indicators.xlsx"):
            archive.write(tmp / folder / figures, f"{folder}/{figures}")


# ---------------------------------------------------------------- index page

def index_context(regions, notebooks, results, indicators, settings, *, name: str,
                  rendered: str, version: str) -> dict:
    """Everything the index template shows, as plain values (formatted Dutch text)."""
    from ..core.regions import load_regions
    from .htmlexport import house_css

    status = {r.key: r for r in results}
    all_regions = load_regions(settings.params_dir)
    in_bundle = {region.code for region in regions}
    region_rows = []
    for region in regions:
        pages = []
        for nb in notebooks:
            result = status.get(f"{region.code}/{nb.stem}")
            failed = result is not None and result.status == "failed"
            pages.append({"title": nb.title, "href": f"{region_folder(region)}/{nb.stem}.html",
                          "failed": failed,
                          "message": FAILED_MESSAGE.format(ename=result.ename) if failed else ""})
        region_rows.append({"code": region.code, "name": region.name, "pages": pages,
                            "zip": f"{region_folder(region)}.zip", "csv": f"{region_folder(region)}/indicators.csv",
                            "xlsx": f"{region_folder(region)}/indicators.xlsx",
                            "failed": any(p["failed"] for p in pages)})
    headline = _headline(indicators)
    tiles = _tiles(all_regions, in_bundle, region_rows, indicators, headline)
    demo = bool(indicators.demo) if indicators is not None else settings.source == "demo"
    return {
        "css": house_css(), "name": name, "rendered": rendered, "version": version, "demo": demo,
        "regions": region_rows, "tiles": tiles, "headline": headline,
        "tile_legend": tiles["legend"], "sources": _sources(indicators),
        "dropins": _dropins(settings), "single_region": False,
        "failures": [{"region": r.region, "title": r.title, "ename": r.ename}
                     for r in results if r.status == "failed"],
    }


@functools.cache
def _index_template():
    """The index template, from one Jinja2 environment per process (a render fills it
    once for the bundle and once per region's zip)."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(Path(__file__).parent / "templates")),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True)
    return env.get_template("index.html.j2")


def render_index(context: dict) -> str:
    """The index page (or a region's zip index when ``context["single_region"]``)."""
    from markupsafe import Markup

    from ..core.naming import DISCLAIMER, index_title
    from ..presentation.blocks import DEMO_BANNER_TEXT
    from .htmlexport import print_css, print_page_name

    subject = context["regions"][0]["name"] if context["single_region"] else ""
    return _index_template().render(
        demo_text=DEMO_BANNER_TEXT, disclaimer=DISCLAIMER, title=index_title(subject),
        print_class=print_page_name("index"),
        print_css=Markup(print_css("index", subject or "Overzicht van de arbeidsmarktregio's", context["demo"])),
        **context)


def _failed_page(region, result, context: dict) -> str:
    """A placeholder where a failed page would be, so links never break."""
    from ..core.naming import document_title, page_heading
    from ..presentation.blocks import escape

    message = FAILED_MESSAGE.format(ename=result.ename)
    return (f'<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(document_title(region.name, result.title))}</title>\n"
            f"<style>\n{context['css']}\n</style>\n</head>\n<body>\n<main class=\"rb-site-main\">\n"
            f"<h1>{escape(page_heading(region.name, result.title))}</h1>\n"
            f'<p class="rb-failed" role="alert">{escape(message)}</p>\n'
            f'<p><a href="../index.html">Terug naar het overzicht</a></p>\n</main>\n</body>\n</html>\n')


#: What the index shows for an indicator that could not be computed (CBS's "." means
#: that CBS has no figure; this means regiobeeld has none).
UNAVAILABLE = "niet beschikbaar"


def _headline(indicators) -> dict:
    """Header and rows of the cross-region table: value and rank per headline indicator."""
    if indicators is None:
        return {"columns": [], "rows": [], "unavailable": False}
    from ..core.formatting import format_number, format_ordinal, is_missing

    table = indicators.headline_table()
    specs = [spec for spec in indicators.specs.values() if spec.headline and spec.id in table]
    columns = [_headline_column(indicators, spec) for spec in specs]
    table = table.assign(_order=(table["region_code"] != "NL").astype(int)).sort_values(
        ["_order", "region_code"], kind="stable")
    rows = []
    for record in table.to_dict("records"):
        cells = []
        for spec in specs:
            if not indicators.has(spec.id):     # the source or the computation failed: not CBS's "."
                cells.append({"value": UNAVAILABLE, "rank": ""})
                continue
            value, rank = record[spec.id], record[f"{spec.id}_rank"]
            cells.append({"value": format_number(value, spec.decimals),
                          "rank": "" if is_missing(rank) else format_ordinal(rank)})
        rows.append({"code": record["region_code"], "name": record["name"], "cells": cells,
                     "nl": record["region_code"] == "NL"})
    return {"columns": columns, "rows": rows, "unavailable": any(not indicators.has(spec.id) for spec in specs)}


def _headline_column(indicators, spec) -> dict:
    """A column head: the label (with a growth window), and under it the unit, the period
    with its status and, for a province-level figure, that it is one."""
    from ..core.formatting import format_period
    from ..presentation.text import indicator_label

    if not indicators.has(spec.id):
        return {"id": spec.id, "label": spec.label, "unit": spec.unit}
    period = indicators.shown_period(spec.id)
    when = format_period(period, indicators.period_status(spec.id, period))
    province = ", cijfer van de provincie" if spec.level == "PV" else ""
    return {"id": spec.id, "label": indicator_label(spec, period=period), "unit": f"{spec.unit}, {when}{province}"}


def _tiles(all_regions: dict, in_bundle: set, region_rows: list, indicators, headline) -> dict:
    """Tile-map cells at params ``tile: [row, col]``, shaded by quartile of one indicator,
    with the value written in the tile (never colour alone)."""
    from ..core.formatting import format_number

    failed = {row["code"] for row in region_rows if row["failed"]}
    first_page = {row["code"]: row["pages"][0]["href"] if row["pages"] else "" for row in region_rows}
    values, quartiles, label, unit, decimals = {}, {}, "", "", 1
    if indicators is not None and TILE_INDICATOR in indicators.specs:
        spec = indicators.specs[TILE_INDICATOR]
        label, unit, decimals = spec.label, spec.unit, spec.decimals
        table = indicators.headline_table()
        if f"{TILE_INDICATOR}_quartile" in table:
            rows = table[(table["region_code"] != "NL") & table[TILE_INDICATOR].notna()]
            values = dict(zip(rows["region_code"], rows[TILE_INDICATOR]))
            quartiles = dict(zip(rows["region_code"], rows[f"{TILE_INDICATOR}_quartile"].fillna(0).astype(int)))
    cells = []
    for code, region in all_regions.items():
        value = values.get(code)
        quartile = quartiles.get(code, 0)
        cells.append({"code": code, "name": region.name, "row": region.tile[0] + 1,
                      "col": region.tile[1] + 1, "href": first_page.get(code, ""),
                      "present": code in in_bundle, "failed": code in failed,
                      "quartile": quartile,
                      "value": "" if value is None else format_number(value, decimals)})
    classes: dict[int, list[float]] = {}
    for code in sorted(values, key=values.get):
        classes.setdefault(quartiles[code], []).append(values[code])
    ranges = " · ".join("–".join(dict.fromkeys(format_number(v, decimals) for v in (c[0], c[-1])))
                        for c in classes.values())
    legend = (f"{label} ({unit}); van licht naar donker vier klassen met elk een kwart van de regio's: {ranges}"
              if values else "")
    return {"cells": cells, "legend": legend,
            "rows": max(c["row"] for c in cells), "cols": max(c["col"] for c in cells)}


def _sources(indicators) -> list[dict]:
    if indicators is None:
        return []
    from ..core.formatting import format_date

    out = []
    for table_id, meta in sorted(indicators.sources.items()):
        out.append({"table_id": table_id, "title": meta.title, "demo": meta.demo,
                    "retrieved": format_date(meta.retrieved) if meta.retrieved else "."})
    return out


def _dropins(settings) -> list[dict]:
    from ..core.readertext import for_reader
    from ..store.dropins import used_files

    return [{"file": f["file"], "kind": f["kind"] or "", "modified": f["modified"], "used": f["used"],
             "demo": f["demo"], "issues": for_reader("; ".join(f["issues"]))}
            for f in used_files(settings)]
