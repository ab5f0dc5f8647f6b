"""The disk cache: one immutable entry per (table, query).

Layout under ``root`` (``settings.cache_dir``, one folder per source)::

    tables/<table_id>/<query name>-<hash12>.parquet   the tidy frame
    tables/<table_id>/<query name>-<hash12>.json      TableMeta + sha256, bytes, rows, written_at

``hash12`` is the start of the sha256 of the canonical JSON of the Query, so a changed
query never reads an old entry. The parquet file is written first and the JSON record
last, each via a temporary file and ``os.replace``: the record is the commit marker. A
file lock on ``<root>/.lock`` serialises writers across processes.
"""

from __future__ import annotations

import dataclasses
import fcntl
import io
import json
import math
import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable


from ..core.catalog import Query
from ..core.errors import CacheError
from ..core.files import atomic_write, parquet_frame
from ..core.hashing import digest, sha256_bytes
from ..core.settings import DEFAULT_MAX_AGE_DAYS
from ..core.tidy import TableMeta, TableResult

__all__ = ["Cache", "CacheEntry", "query_key", "parse_time", "record_problem", "CLOCK_SKEW_DAYS"]

#: How far in the future a retrieval time may lie (clocks differ) before it counts as wrong.
CLOCK_SKEW_DAYS = 1.0
_PLAIN_PARQUET = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*\.parquet")
RECORD_FIELDS = ("meta", "sha256", "bytes", "rows", "written_at", "parquet")


def parse_time(text: object) -> datetime:
    """An ISO 8601 time with a timezone; ValueError otherwise."""
    if not isinstance(text, str):
        raise ValueError(f"geen tijdstip: {text!r}")
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"tijdstip zonder tijdzone: {text!r}")
    return moment


def record_problem(record: object) -> str | None:
    """What is wrong with a cache record (fields, types, the parquet file name as a
    plain name beside the record, times with a timezone), or None when it is sound."""
    if not isinstance(record, dict) or any(f not in record for f in RECORD_FIELDS):
        return "velden ontbreken"
    name = record["parquet"]
    if not isinstance(name, str) or not _PLAIN_PARQUET.fullmatch(name):
        return f"'parquet' is geen gewone bestandsnaam: {name!r}"
    if not isinstance(record["sha256"], str) or not re.fullmatch(r"[0-9a-f]{64}", record["sha256"]):
        return "'sha256' is geen controlesom"
    if any(not isinstance(record[f], int) or isinstance(record[f], bool) or record[f] < 0
           for f in ("bytes", "rows")):
        return "'bytes' of 'rows' is geen aantal"
    meta = record["meta"]
    try:
        TableMeta(**meta)
        for field in ("table_id", "query", "title", "source_url"):
            if not isinstance(meta[field], str):
                raise ValueError(f"{field} is geen tekst")
        parse_time(meta["retrieved"])
        parse_time(record["written_at"])
    except (TypeError, KeyError, ValueError) as exc:
        return f"metadata ongeldig: {exc}"
    return None


def query_key(query: Query) -> str:
    """``<name>-<hash12>``: the file stem of ``query``'s cache entry."""
    canonical = json.dumps(dataclasses.asdict(query), sort_keys=True, separators=(",", ":"),
                           ensure_ascii=False)
    return f"{query.name}-{sha256_bytes(canonical.encode('utf-8'))[:12]}"


@dataclass(frozen=True)
class CacheEntry:
    """One committed cache entry (as listed by :meth:`Cache.entries`)."""

    table_id: str
    query: str
    retrieved: str
    path: Path          # the JSON record
    sha256: str


class Cache:
    """The disk cache of one source.

    Parameters
    ----------
    root : Path
        ``settings.cache_dir`` (``.cache/demo`` or ``.cache/cbs``).
    max_age_days : float
        Entries retrieved longer ago than this are ``"stale"``.
    source : str, optional
        ``"demo"`` or ``"cbs"``; defaults to the name of ``root``. Snapshots check it.
    """

    def __init__(self, root: Path, max_age_days: float = DEFAULT_MAX_AGE_DAYS, source: str | None = None,
                 source_url: str | None = None):
        self.root = Path(root)
        self.max_age_days = float(max_age_days)
        self.source = source or self.root.name
        #: Entries fetched from another source URL (another CBS host, an older demo
        #: generator) count as stale; ``None`` accepts any.
        self.source_url = source_url

    # -- paths
    def record_path(self, query: Query) -> Path:
        return self.root / "tables" / query.table_id / f"{query_key(query)}.json"

    def relative(self, path: Path) -> str:
        return Path(path).relative_to(self.root).as_posix()

    # -- reading
    def read_record(self, record_path: Path) -> dict:
        """The JSON record of an entry; CacheError naming the file when unreadable."""
        try:
            record = json.loads(Path(record_path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CacheError(f"Cache-bestand {record_path} is onleesbaar ({exc}); "
                             "verwijder het of haal de tabel opnieuw op.") from None
        problem = record_problem(record)
        if problem:
            raise CacheError(f"Cache-bestand {record_path} is ongeldig ({problem}); "
                             "verwijder het of haal de tabel opnieuw op.")
        return record

    def _verified_parquet(self, record_path: Path, record: dict) -> bytes:
        parquet = Path(record_path).with_name(record["parquet"])
        try:
            data = parquet.read_bytes()
        except OSError:
            raise CacheError(f"Cache-bestand {parquet} ontbreekt (hoort bij {record_path}); "
                             "haal de tabel opnieuw op.") from None
        if len(data) != record["bytes"] or sha256_bytes(data) != record["sha256"]:
            raise CacheError(f"Cache-bestand {parquet} is beschadigd (controlesom klopt niet); "
                             "haal de tabel opnieuw op.")
        return data

    def get(self, query: Query) -> TableResult | None:
        """The cached result of ``query``, None when missing; CacheError when corrupt."""
        record_path = self.record_path(query)
        if not record_path.exists():
            return None
        record = self.read_record(record_path)
        data = self._verified_parquet(record_path, record)
        try:
            frame = parquet_frame(data)
            meta = TableMeta(**record["meta"])
        except (OSError, ValueError, TypeError) as exc:
            raise CacheError(f"Cache-bestand {record_path} is niet te lezen ({exc}).") from None
        if len(frame) != record["rows"]:
            raise CacheError(f"Cache-bestand {record_path}: {len(frame)} rijen, verwacht {record['rows']}.")
        return TableResult(frame, meta)

    def status(self, query: Query, now: datetime | None = None) -> str:
        """``"fresh"``, ``"stale"`` (older than max_age_days, or from another source URL),
        ``"missing"`` or ``"corrupt"``."""
        record_path = self.record_path(query)
        if not record_path.exists():
            return "missing"
        try:
            record = self.read_record(record_path)
            self._verified_parquet(record_path, record)
        except CacheError:
            return "corrupt"
        if self.source_url is not None and record["meta"]["source_url"] != self.source_url:
            return "stale"
        return "stale" if self.age_days(record["meta"]["retrieved"], now) > self.max_age_days else "fresh"

    @staticmethod
    def age_days(retrieved: str, now: datetime | None = None) -> float:
        """Days since ``retrieved`` (ISO 8601; UTC when it has no zone). A time in the
        future (a wrong clock, a tampered record) is infinitely old, never fresh forever."""
        moment = datetime.fromisoformat(retrieved)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        age = ((now or datetime.now(timezone.utc)) - moment).total_seconds() / 86400
        return age if age >= -CLOCK_SKEW_DAYS else math.inf

    def entries(self) -> list[CacheEntry]:
        """Every committed entry, sorted by table id and query name."""
        found = []
        for record_path in sorted((self.root / "tables").glob("*/*.json")):
            record = self.read_record(record_path)
            meta = record["meta"]
            found.append(CacheEntry(meta["table_id"], meta["query"], meta["retrieved"],
                                    record_path, record["sha256"]))
        return found

    def fingerprint(self, queries: Iterable[Query]) -> str:
        """A hash over the entries of ``queries`` (their checksums); changes when any entry does."""
        lines = []
        for query in sorted(queries, key=query_key):
            record_path = self.record_path(query)
            checksum = "missing"
            if record_path.exists():
                try:
                    checksum = self.read_record(record_path)["sha256"]
                except CacheError:
                    checksum = "corrupt"
            lines.append(f"{query_key(query)}={checksum}")
        return digest(*lines)

    # -- writing
    def put(self, query: Query, result: TableResult) -> Path:
        """Store ``result`` as the entry of ``query``; returns the record path."""
        buffer = io.BytesIO()
        try:
            result.data.to_parquet(buffer, index=False)
        except (ValueError, TypeError, ImportError) as exc:
            raise CacheError(f"Tabel {query.table_id} ({query.name}) kan niet in de cache: {exc}.") from None
        parquet = buffer.getvalue()
        stem = query_key(query)
        record = {
            "meta": dataclasses.asdict(result.meta),
            "sha256": sha256_bytes(parquet),
            "bytes": len(parquet),
            "rows": len(result.data),
            "written_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "parquet": f"{stem}.parquet",
        }
        record_bytes = json.dumps(record, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
        return self.install(f"tables/{query.table_id}/{stem}", parquet, record_bytes)

    def install(self, stem: str, parquet: bytes, record: bytes) -> Path:
        """Write ``<stem>.parquet`` then ``<stem>.json`` atomically under the lock."""
        base = self.root / stem
        base.parent.mkdir(parents=True, exist_ok=True)
        with self.lock():
            atomic_write(base.with_name(base.name + ".parquet"), parquet, fsync=True)
            atomic_write(base.with_name(base.name + ".json"), record, fsync=True)
        return base.with_name(base.name + ".json")

    @contextmanager
    def lock(self):
        """An exclusive inter-process lock on ``<root>/.lock``."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
