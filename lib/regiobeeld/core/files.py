"""Writing files safely: atomically, with the permissions the user's umask gives.

``tempfile.mkstemp`` creates files readable by their owner only (0600); a cache or a
template on a shared folder must be readable by colleagues, like any file the user
makes. :func:`atomic_write` writes to a temporary file beside the target, applies the
umask's mode and renames it into place, so no reader ever sees half a file.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from .errors import CacheError

__all__ = ["atomic_write", "user_file_mode", "write_frame", "read_frame", "parquet_frame"]


def user_file_mode() -> int:
    """``0o666`` minus the process umask (what ``open(path, "w")`` would create)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)      # no /proc: read the umask by setting it, then restore it
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write(path: Path, data: bytes | None = None, *, write=None, fsync: bool = False) -> Path:
    """Write ``data`` (or call ``write(tmp_path)``) to a temporary file beside ``path``,
    give it the user's file mode and rename it over ``path``; nothing is left on error."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            if data is not None:
                handle.write(data)
                if fsync:
                    handle.flush()
                    os.fsync(handle.fileno())
        if write is not None:
            write(Path(tmp))
        os.chmod(tmp, user_file_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_frame(path: Path, frame, info) -> None:
    """``frame`` (a DataFrame) as parquet at ``path`` and ``info`` (JSON-able) as
    ``path.json`` beside it, each atomically, the json first: a parquet file that exists
    always has its json."""
    path = Path(path)
    atomic_write(path.with_suffix(".json"), json.dumps(info, ensure_ascii=False, indent=1).encode("utf-8"))
    atomic_write(path, write=lambda p: frame.to_parquet(p, index=False))


def read_frame(path: Path, what: str):
    """``(info, frame)`` as :func:`write_frame` wrote them; :class:`CacheError` naming
    ``what`` (``"Indicatorbestand"``) when either is unreadable."""
    path = Path(path)
    try:
        return json.loads(path.with_suffix(".json").read_text(encoding="utf-8")), parquet_frame(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise CacheError(f"{what} {path} is onleesbaar ({exc}); verwijder het en "
                         "bereken de indicatoren opnieuw.") from None


def parquet_frame(data: bytes):
    """The DataFrame of a parquet file's bytes, as ``pandas.read_parquet`` gives it, read on
    this thread alone. ``read_parquet`` starts Arrow's thread pools, and a process that
    exits with their threads alive aborts now and then ("terminate called without an
    active exception", SIGABRT; apache/arrow#34314): after a run had done all its work.
    Our frames are small, so threads gain nothing."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.ParquetFile(pa.BufferReader(data), pre_buffer=False).read(use_threads=False)
    return table.to_pandas(use_threads=False)
