"""Snapshots: the whole cache of one source in one zip, for offline machines.

The archive holds ``manifest.json`` and the cache files at their relative paths::

    {"format": 1, "regiobeeld": "0.1.0", "source": "cbs", "created": "...",
     "entries": [{"table_id": "...", "query": "...", "retrieved": "...",
                  "files": {"tables/T/q-abc.parquet": "<sha256>", "tables/T/q-abc.json": "<sha256>"}}]}

Import checks the whole archive (readable, manifest valid, every member present with
the right checksum, same source as the cache) before it writes anything. Entries are
written atomically, one by one, and an entry that is newer in the cache is kept.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from . import __version__
from .cache import Cache, sha256_bytes
from .errors import CacheError, SnapshotError

__all__ = ["export_snapshot", "import_snapshot", "SnapshotSummary", "FORMAT_VERSION"]

FORMAT_VERSION = 1
MANIFEST = "manifest.json"


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
    tmp = path_zip.with_name(f".{path_zip.name}.tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        for name, data in members.items():
            archive.writestr(name, data)
    tmp.replace(path_zip)
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
    try:
        with zipfile.ZipFile(path_zip) as archive:
            return {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        raise SnapshotError(f"Snapshot {path_zip} is geen leesbaar zip-bestand ({exc}).") from None


def _fail(path_zip: Path, member: str, problem: str) -> SnapshotError:
    return SnapshotError(f"Snapshot {path_zip}, onderdeel {member}: {problem}. Er is niets geïmporteerd.")


def _check_manifest(path_zip: Path, members: dict[str, bytes], source: str) -> dict:
    """The validated manifest; every member present with its checksum, source matching."""
    if MANIFEST not in members:
        raise _fail(path_zip, MANIFEST, "ontbreekt")
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
    if not isinstance(files, dict) or not isinstance(entry.get("retrieved"), str) \
            or sorted(Path(n).suffix for n in files) != [".json", ".parquet"]:
        raise _fail(path_zip, MANIFEST, f"ongeldige entry {entry!r}")
    for name, checksum in files.items():
        pure = PurePosixPath(name)
        if pure.is_absolute() or ".." in pure.parts or pure.parts[:1] != ("tables",):
            raise _fail(path_zip, name, "ongeldig pad")
        if name not in members:
            raise _fail(path_zip, name, "ontbreekt in het archief")
        if sha256_bytes(members[name]) != checksum:
            raise _fail(path_zip, name, "controlesom klopt niet (bestand beschadigd of gewijzigd)")
    record_name = next(n for n in files if n.endswith(".json"))
    parquet_name = next(n for n in files if n.endswith(".parquet"))
    try:
        declared = json.loads(members[record_name].decode("utf-8"))["sha256"]
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        raise _fail(path_zip, record_name, "geen geldig cache-record") from None
    if declared != files[parquet_name]:
        raise _fail(path_zip, record_name, f"hoort niet bij {parquet_name} (controlesom verschilt)")


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
    if datetime.fromisoformat(existing["meta"]["retrieved"]) > datetime.fromisoformat(retrieved):
        return f"cache is nieuwer ({existing['meta']['retrieved']} > {retrieved})"
    return None
