"""The drop-in folder: which files are there, of which kind, and loading them.

An adviser puts exports in ``settings.dropins``. The kind of a file follows from the start
of its name (``spanningsindicator_2025Q2.xlsx``) or, failing that, a comment line
``# soort: vsv`` at the top. With several files of one kind, the one whose name sorts last is used.
With ``settings.source == "demo"`` a kind without an own file falls back to the generated
demo export in ``<cache_dir>/eigen-data-demo/``, read through the same reader and checks.
"""

from __future__ import annotations

import pickle
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path

import pandas as pd

from ..core.errors import DropinError
from ..core.files import atomic_write
from ..core.formatting import format_date
from ..core.hashing import digest, files_digest
from ..sources.dropins.mapping import Membership, RegionIndex
from ..sources.dropins.readers import EXTENSIONS, read_table
from ..sources.dropins.schemas import KINDS, SCHEMAS
from ..sources.dropins.validate import Issue, validate_table

__all__ = ["DropinFile", "DropinData", "detect_kind", "list_files", "validate_file", "load",
           "fingerprint", "used_files", "prepare", "TEMPLATE_PREFIX"]

#: Files whose name starts with this are templates and never read as data.
TEMPLATE_PREFIX = "sjabloon"
#: A ``# soort: …`` comment is looked for in this many lines at the top of a file.
KIND_LINES = 20

_PREFIXES = sorted(((p, s.kind) for s in SCHEMAS.values() for p in s.prefixes),
                   key=lambda item: -len(item[0]))
_KIND_COMMENT = re.compile(r"^#\s*(?:soort|kind)\s*[:=]\s*([a-z_]+)", re.IGNORECASE)


@dataclass(frozen=True)
class DropinFile:
    """One export file and what it is."""

    path: Path
    kind: str | None
    demo: bool = False

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def modified(self) -> str:
        """Modification date, Dutch: ``"12-11-2026"``."""
        return format_date(datetime.fromtimestamp(self.path.stat().st_mtime))


@dataclass(frozen=True)
class DropinData:
    """A loaded export: the validated tidy ``frame`` (None when invalid or absent),
    the file it came from (None when there is none) and the issues found."""

    kind: str
    file: DropinFile | None
    frame: pd.DataFrame | None = None
    issues: tuple[Issue, ...] = field(default_factory=tuple)
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return self.file is not None and self.frame is not None and not self.issues

    @property
    def demo(self) -> bool:
        return bool(self.file and self.file.demo)

    def rows(self, region: str) -> pd.DataFrame:
        """The rows of ``region`` (an AM code or ``"NL"``) in file order; empty when it has none."""
        return self._by_region.get(region, self.frame.iloc[0:0])

    @cached_property
    def _by_region(self) -> dict[str, pd.DataFrame]:
        """Region → its rows: split once per loaded file, as every region's page asks for its own."""
        return dict(tuple(self.frame.groupby("regio", sort=False)))


def _kind_from_name(name: str) -> str | None:
    stem = Path(name).stem.lower()
    for prefix, kind in _PREFIXES:
        if stem == prefix or (stem.startswith(prefix) and stem[len(prefix)] in "_- .0123456789"):
            return kind
    return None


def detect_kind(path: Path) -> str | None:
    """The kind of a file by its name, else by a ``# soort: …`` comment in its first
    :data:`KIND_LINES` lines; None if neither."""
    kind = _kind_from_name(Path(path).name)
    if kind:
        return kind
    try:
        comments = read_table(path, head=KIND_LINES).comments
    except DropinError:
        return None
    for line in comments:
        if (m := _KIND_COMMENT.match(line)) and m.group(1).lower() in KINDS:
            return m.group(1).lower()
    return None


def list_files(folder: Path, demo: bool = False) -> list[DropinFile]:
    """Export files in ``folder`` (``.csv``/``.xlsx``; not hidden, not Excel lock files,
    not templates), sorted by name."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    paths = sorted(p for p in folder.iterdir()
                   if p.is_file() and p.suffix.lower() in EXTENSIONS
                   and not p.name.startswith((".", "~$"))
                   and not p.name.lower().startswith(TEMPLATE_PREFIX))
    return [DropinFile(p, detect_kind(p), demo) for p in paths]


def _regions(settings) -> RegionIndex:
    return RegionIndex.from_params(settings.params_dir)


def _default_year(params_dir: Path) -> int:
    from ..core.regions import load_defaults

    return load_defaults(params_dir)["membership_year"]


def _store_membership(settings) -> Membership:
    def membership(year: int):
        from .data import DataStore  # lazy: the data layer sits above this module

        with DataStore(settings) as store:
            return store.membership(year)
    return membership


def _read(file: DropinFile, regions: RegionIndex, membership: Membership | None,
          default_year: int) -> DropinData:
    kind = file.kind
    if kind is None:
        names = ", ".join(p for s in SCHEMAS.values() for p in s.prefixes[:1])
        return DropinData("", file, None, (Issue(file.name, None, None,
                          f"soort bestand onbekend; laat de naam beginnen met een van: {names}, "
                          "of zet '# soort: <soort>' in de eerste regel."),))
    try:
        raw = read_table(file.path)
        frame, issues = validate_table(raw, SCHEMAS[kind], file.name, regions, membership, default_year)
    except DropinError as exc:      # also from a CSV read lazily while it is validated
        return DropinData(kind, file, None, (Issue(file.name, None, None, str(exc).split(": ", 1)[-1]),))
    return DropinData(kind, file, frame, tuple(issues), _formula_notes(file.name, raw.cached_formulas))


def _formula_notes(name: str, cells: list[str]) -> tuple[str, ...]:
    if not cells:
        return ()
    shown = ", ".join(cells[:5]) + (f" en nog {len(cells) - 5}" if len(cells) > 5 else "")
    word = "cel" if len(cells) == 1 else "cellen"
    return (f"{name}: formule in {word} {shown} gelezen als de door Excel opgeslagen waarde "
            "(regiobeeld rekent formules niet uit).",)


def validate_file(path: Path, membership: Membership | None = None, settings=None) -> list[Issue]:
    """Check one export file; return its issues (empty when it is fine).

    ``membership`` gives the gemeente membership per year (only needed for gemeente rows);
    ``settings`` supplies the params folder (defaults: the repository's).
    """
    from ..core.settings import Settings

    settings = settings or Settings()
    path = Path(path)
    if not path.exists():
        return [Issue(path.name, None, None, "bestand niet gevonden.")]
    data = _read(DropinFile(path, detect_kind(path)), _regions(settings), membership,
                 _default_year(settings.params_dir))
    return list(data.issues)


def _chosen(settings, kind: str) -> DropinFile | None:
    own = [f for f in list_files(settings.dropins) if f.kind == kind]
    if own:
        return own[-1]
    if settings.source == "demo":
        from ..sources.dropins.demo import ensure_demo_exports

        demo = [f for f in list_files(ensure_demo_exports(settings), demo=True) if f.kind == kind]
        return demo[-1] if demo else None
    return None


def load(kind: str, settings, membership: Membership | None = None) -> DropinData:
    """The export of ``kind`` for these settings, validated.

    ``membership`` defaults to ``regiobeeld.store.data.DataStore(settings).membership``.
    Never raises for a bad file: its issues are in the result. Treat the result as
    read-only: with the default membership it is shared by later calls (see
    :func:`_read_once`).
    """
    if kind not in SCHEMAS:
        raise DropinError(f"Onbekende soort eigen data {kind!r}; kies uit: {', '.join(KINDS)}.")
    file = _chosen(settings, kind)
    if file is None:
        return DropinData(kind, None)
    if membership is not None:
        return _read(file, _regions(settings), membership, _default_year(settings.params_dir))
    return _read_once(file, settings)


#: Files already read in this process, keyed by path, modification time, size and the
#: settings that shape the result. A worker of the batch runner renders every
#: region in turn; this parses each export (Excel is slow to read) once, not 35 times.
#: An edited file has another mtime/size, so it is read again.
_READ: dict[tuple, DropinData] = {}


def _read_once(file: DropinFile, settings) -> DropinData:
    stat = file.path.stat()
    key = (str(file.path.resolve()), stat.st_mtime_ns, stat.st_size, file.kind, file.demo,
           str(settings.params_dir), str(settings.cache_dir), settings.source)
    if key not in _READ:
        _READ.update(_prepared(settings.dropins_file))
    if key not in _READ:
        if len(_READ) >= 64:
            _READ.clear()
        _READ[key] = _read(file, _regions(settings), _store_membership(settings),
                           _default_year(settings.params_dir))
    return _READ[key]


#: The prepared file read in this process (path, mtime, size) and its entries.
_PREPARED: dict[tuple, dict[tuple, DropinData]] = {}


def _prepared(path: Path | None) -> dict[tuple, DropinData]:
    """The entries of the file :func:`prepare` wrote (empty without one, or when it is
    gone or unreadable: the files are then simply read again)."""
    if path is None:
        return {}
    try:
        stat = Path(path).stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        if key not in _PREPARED:
            _PREPARED.clear()
            _PREPARED[key] = pickle.loads(Path(path).read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError):
        return {}
    return _PREPARED[key]


def prepare(settings, data_fingerprint: str) -> Path:
    """Read and validate every drop-in file once for a render, and write the results where
    the notebooks' kernels and the index read them (``settings.dropins_file``).

    The file lives in the cache, named by everything the results depend on (the files,
    the data behind the gemeente membership, the params), so an unchanged folder is not
    parsed again on the next render. Returns its path.
    """
    params = sorted(Path(settings.params_dir).glob("*.yaml"))
    name = digest(fingerprint(settings), data_fingerprint, files_digest(params))[:16]
    folder = Path(settings.cache_dir) / "eigen-data-prepared"
    path = folder / f"{name}.pickle"
    known = set(_prepared(path))
    settings = settings.replace(dropins_file=path)
    for kind in KINDS:
        load(kind, settings)
    used_files(settings)
    if set(_READ) - known:                  # a file was read now: keep it for the next render
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.pickle"):
            old.unlink(missing_ok=True)
        atomic_write(path, pickle.dumps(dict(_READ), protocol=pickle.HIGHEST_PROTOCOL))
    return path


def fingerprint(settings) -> str:
    """Hash of the drop-in files (names and bytes) and the source; changes when a file
    is added, removed or edited, so incremental rebuilds know to re-render."""
    from ..sources.dropins.demo import DEMO_VERSION

    seed = f"source={settings.source}" + (f" demo={DEMO_VERSION}" if settings.source == "demo" else "")
    return files_digest([file.path for file in list_files(settings.dropins)], seed=seed)


def used_files(settings, membership: Membership | None = None) -> list[dict]:
    """Every drop-in file for the index page: ``file``, ``kind``, ``modified``
    (dd-mm-jjjj), ``demo``, ``valid``, ``used``, ``issues`` and ``notes`` (messages)."""
    own = list_files(settings.dropins)
    files = list(own)
    if settings.source == "demo":
        from ..sources.dropins.demo import ensure_demo_exports

        covered = {f.kind for f in own}
        files += [f for f in list_files(ensure_demo_exports(settings), demo=True) if f.kind not in covered]
    chosen = {kind: _chosen(settings, kind) for kind in KINDS}
    used_paths = {f.path for f in chosen.values() if f is not None}
    regions, year = _regions(settings), _default_year(settings.params_dir)
    rows = []
    for file in files:
        data = (_read(file, regions, membership, year) if membership is not None
                else _read_once(file, settings))
        rows.append({"file": file.name, "kind": file.kind, "modified": file.modified,
                     "demo": file.demo, "valid": not data.issues, "used": file.path in used_paths,
                     "issues": [str(i) for i in data.issues], "notes": list(data.notes)})
    return rows
