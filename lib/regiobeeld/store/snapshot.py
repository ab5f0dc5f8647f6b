"""Snapshots: the whole cache of one source in one zip, for offline machines.

The archive holds ``manifest.json`` and the cache files at their relative paths::

    {"format": 1, "regiobeeld": "0.1.0", "source": "cbs", "created": "...",
     "entries": [{"table_id": "...", "query": "...", "retrieved": "...",
                  "files": {"tables/T/q-abc.parquet": "<sha256>", "tables/T/q-abc.json": "<sha256>"}}]}

Import checks the whole archive before it writes anything: every member's declared size
and compression ratio (before unpacking), the manifest, every member present with the
right checksum, every record field (plain file names, ISO times with a timezone, none in
the future) and the source. Entries are
written atomically, one by one, and an entry that is newer in the cache is kept.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path, PurePosixPath

from .. import __version__
from ..core.errors import CacheError, SnapshotError
from ..core.files import atomic_write
from ..core.hashing import sha256_bytes
from .cache import CLOCK_SKEW_DAYS, Cache, parse_time, record_problem

__all__ = ["export_snapshot", "import_snapshot", "SnapshotSummary", "FORMAT_VERSION"]

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
#: Limits checked on the declared sizes before anything is unpacked. A CBS table in the
#: cache is a few MB; a real snapshot is far below these.
MAX_MEMBER_BYTES = 512 * 2**20
MAX_TOTAL_BYTES = 2 * 2**30
MAX_RATIO = 200                 # uncompressed / compressed, for members above RATIO_FLOOR_BYTES
RATIO_FLOOR_BYTES = 2**20


@dataclass
class SnapshotSummary:
    """What an export or import did. ``skipped`` holds (entry, reason) pairs."""

    archive: Path
    source: str
    written: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def export_snapshot(cache: Cache, path_zip: Path) -> SnapshotSummary:
    """Write every entry of ``cache`` (verified first) into the zip ``path_zip``."""
    path_zip = Path(path_zip)
    summary = SnapshotSummary(path_zip, cache.source)
    manifest = {"format": FORMAT_VERSION, "regiobeeld": __version__, "source": cache.source,
                "created": datetime.now(timezone.utc).isoformat(timespec="seconds"), "entries": []}
    members: dict[str, bytes] = {}
    for entry in cache.entries():
        record_bytes = entry.path.read_bytes()
        record = cache.read_record(entry.path)
        parquet_path = entry.path.with_name(record["parquet"])
        parquet = parquet_path.read_bytes() if parquet_path.exists() else b""
        if sha256_bytes(parquet) != record["sha256"]:
            raise CacheError(f"Cache-bestand {parquet_path} is beschadigd of ontbreekt; "
                             "haal de tabel opnieuw op voordat u een snapshot maakt.")
        files = {cache.relative(parquet_path): parquet, cache.relative(entry.path): record_bytes}
        members.update(files)
        manifest["entries"].append({"table_id": entry.table_id, "query": entry.query,
                                    "retrieved": entry.retrieved,
                                    "files": {name: sha256_bytes(data) for name, data in files.items()}})
        summary.written.append(cache.relative(entry.path))
    path_zip.parent.mkdir(parents=True, exist_ok=True)

    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
            for name, data in members.items():
                archive.writestr(name, data)

    atomic_write(path_zip, write=write)
    return summary


def import_snapshot(cache: Cache, path_zip: Path, force: bool = False) -> SnapshotSummary:
    """Import ``path_zip`` into ``cache`` after validating all of it.

    An entry whose cached copy was retrieved later than the archive's is kept and
    reported in ``skipped`` unless ``force``. Raises SnapshotError naming the archive and
    the bad member.
    """
    path_zip = Path(path_zip)
    members = _read_archive(path_zip)
    manifest = _check_manifest(path_zip, members, cache.source)
    summary = SnapshotSummary(path_zip, cache.source)
    for entry in manifest["entries"]:
        record_name = next(n for n in entry["files"] if n.endswith(".json"))
        parquet_name = next(n for n in entry["files"] if n.endswith(".parquet"))
        reason = None if force else _keep_reason(cache, record_name, entry["retrieved"], entry["files"][parquet_name])
        if reason:
            summary.skipped.append((record_name, reason))
            continue
        cache.install(record_name[: -len(".json")], members[parquet_name], members[record_name])
        summary.written.append(record_name)
    return summary


def _read_archive(path_zip: Path) -> dict[str, bytes]:
    """The manifest and the members it names. Every member's declared size and
    compression ratio is checked first (a zip bomb is refused before anything is
    unpacked), and no member is read beyond its declared size."""
    try:
        with zipfile.ZipFile(path_zip) as archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
            _check_sizes(path_zip, infos)
            by_name = {info.filename: info for info in infos}
            if MANIFEST not in by_name:
                raise _fail(path_zip, MANIFEST, "ontbreekt")
            members = {MANIFEST: archive.read(by_name[MANIFEST])}
            wanted = _named_members(path_zip, members[MANIFEST])
            members.update({name: archive.read(by_name[name]) for name in wanted if name in by_name})
            return members
    except (OSError, EOFError, zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError,
            RuntimeError, ValueError) as exc:
        raise SnapshotError(f"Snapshot {path_zip} is geen leesbaar zip-bestand ({exc}).") from None


def _check_sizes(path_zip: Path, infos: list[zipfile.ZipInfo]) -> None:
    total = 0
    for info in infos:
        size, packed = info.file_size, max(info.compress_size, 1)
        if size > MAX_MEMBER_BYTES:
            raise _fail(path_zip, info.filename, f"uitgepakt {size / 2**20:.0f} MB, meer dan de "
                                                 f"grens van {MAX_MEMBER_BYTES / 2**20:.0f} MB")
        if size > RATIO_FLOOR_BYTES and size / packed > MAX_RATIO:
            raise _fail(path_zip, info.filename, f"pakt uit tot {size / packed:.0f} keer zijn grootte "
                                                 "(een zip-bom?)")
        total += size
    if total > MAX_TOTAL_BYTES:
        raise SnapshotError(f"Snapshot {path_zip} pakt uit tot {total / 2**20:.0f} MB, meer dan de grens "
                            f"van {MAX_TOTAL_BYTES / 2**20:.0f} MB. Er is niets geïmporteerd.")


def _named_members(path_zip: Path, manifest: bytes) -> list[str]:
    """The member names the manifest lists (its shape is checked later, in full)."""
    try:
        entries = json.loads(manifest.decode("utf-8")).get("entries", [])
        return [str(name) for entry in entries for name in entry.get("files", {})]
    except (UnicodeDecodeError, ValueError, AttributeError, TypeError):
        return []


def _fail(path_zip: Path, member: str, problem: str) -> SnapshotError:
    return SnapshotError(f"Snapshot {path_zip}, onderdeel {member}: {problem}. Er is niets geïmporteerd.")


def _check_manifest(path_zip: Path, members: dict[str, bytes], source: str) -> dict:
    """The validated manifest; every member present with its checksum, source matching."""
    try:
        manifest = json.loads(members[MANIFEST].decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _fail(path_zip, MANIFEST, f"geen geldige JSON ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION \
            or not isinstance(manifest.get("entries"), list):
        raise _fail(path_zip, MANIFEST, f"onbekend formaat (verwacht format {FORMAT_VERSION} met entries)")
    if manifest.get("source") != source:
        raise _fail(path_zip, MANIFEST, f"bevat bron {manifest.get('source')!r}, maar deze cache is "
                                        f"{source!r}; demodata en CBS-cijfers worden nooit gemengd")
    for entry in manifest["entries"]:
        _check_entry(path_zip, members, entry)
    return manifest


def _check_entry(path_zip: Path, members: dict[str, bytes], entry) -> None:
    files = entry.get("files") if isinstance(entry, dict) else None
    if not isinstance(files, dict) or sorted(Path(str(n)).suffix for n in files) != [".json", ".parquet"]:
        raise _fail(path_zip, MANIFEST, f"ongeldige entry {str(entry)[:200]}")
    for name, checksum in files.items():
        pure = PurePosixPath(name)
        if (pure.is_absolute() or ".." in pure.parts or "\\" in name or len(pure.parts) != 3
                or pure.parts[0] != "tables"):
            raise _fail(path_zip, name, "ongeldig pad (verwacht tables/<tabel>/<bestand>)")
        if name not in members:
            raise _fail(path_zip, name, "ontbreekt in het archief")
        if sha256_bytes(members[name]) != checksum:
            raise _fail(path_zip, name, "controlesom klopt niet (bestand beschadigd of gewijzigd)")
    record_name = next(n for n in files if n.endswith(".json"))
    parquet_name = next(n for n in files if n.endswith(".parquet"))
    try:
        record = json.loads(members[record_name].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _fail(path_zip, record_name, "geen geldig cache-record (geen JSON)") from None
    problem = record_problem(record)
    if problem:
        raise _fail(path_zip, record_name, f"geen geldig cache-record ({problem})")
    _check_record_fits(path_zip, entry, record, record_name, parquet_name, members[parquet_name])


def _check_record_fits(path_zip: Path, entry: dict, record: dict, record_name: str,
                       parquet_name: str, parquet: bytes) -> None:
    """The record belongs to its parquet file and manifest entry, and is not from the future."""
    same_folder = PurePosixPath(record_name).parent == PurePosixPath(parquet_name).parent
    if not same_folder or record["parquet"] != PurePosixPath(parquet_name).name:
        raise _fail(path_zip, record_name, f"noemt parquet-bestand {record['parquet']!r}, niet {parquet_name}")
    if record["sha256"] != entry["files"][parquet_name] or record["bytes"] != len(parquet):
        raise _fail(path_zip, record_name, f"hoort niet bij {parquet_name} (controlesom of grootte verschilt)")
    if entry.get("retrieved") != record["meta"]["retrieved"]:
        raise _fail(path_zip, MANIFEST, f"'retrieved' van {record_name} verschilt van het cache-record")
    latest = datetime.now(timezone.utc) + timedelta(days=CLOCK_SKEW_DAYS)
    for label, text in (("retrieved", record["meta"]["retrieved"]), ("written_at", record["written_at"])):
        if parse_time(text) > latest:
            raise _fail(path_zip, record_name, f"'{label}' ligt in de toekomst ({text})")


def _keep_reason(cache: Cache, record_name: str, retrieved: str, parquet_sha: str) -> str | None:
    """Why the cached entry must be kept (newer or identical), or None to write."""
    target = cache.root / record_name
    if not target.exists():
        return None
    try:
        existing = cache.read_record(target)
    except CacheError:
        return None
    if existing["sha256"] == parquet_sha:
        return "al aanwezig (identiek)"
    if parse_time(existing["meta"]["retrieved"]) > parse_time(retrieved):
        return f"cache is nieuwer ({existing['meta']['retrieved']} > {retrieved})"
    return None
