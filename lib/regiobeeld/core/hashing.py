"""Hashing in one place: SHA-256 hex digests of bytes, of text parts and of files.

Checksums of stored data use :func:`sha256_bytes`; fingerprints that decide whether
something must be recomputed (cache entries, indicator sets, pages, drop-ins, demo
generator) use :func:`digest` and :func:`files_digest`, and shorten the hex as they like.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

__all__ = ["sha256_bytes", "digest", "file_digest", "files_digest"]


def sha256_bytes(data: bytes) -> str:
    """The SHA-256 hex digest of ``data``."""
    return hashlib.sha256(data).hexdigest()


def digest(*parts: str | bytes) -> str:
    """SHA-256 hex over ``parts``, each ended by a NUL byte (``("ab", "c") ≠ ("a", "bc")``)."""
    sha = hashlib.sha256()
    for part in parts:
        sha.update(part if isinstance(part, bytes) else str(part).encode("utf-8"))
        sha.update(b"\0")
    return sha.hexdigest()


def file_digest(path: Path) -> str:
    """SHA-256 hex of the file at ``path``, read in chunks; ``"missing"`` when it is absent."""
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except FileNotFoundError:
        return "missing"


def files_digest(paths: Iterable[Path], *, seed: str = "", root: Path | None = None) -> str:
    """:func:`digest` of ``seed`` and each file's name (relative to ``root``, else its
    own name) and contents, in the order given."""
    parts = [seed]
    for path in paths:
        path = Path(path)
        parts += [str(path.relative_to(root)) if root is not None else path.name, file_digest(path)]
    return digest(*parts)
