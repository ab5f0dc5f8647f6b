"""Errors raised by regiobeeld.

Every error a user can cause or meet derives from :class:`RegiobeeldError`, so the
CLI can catch one type and print one clear line. Messages say what failed, for which
key (region code, table id, file, column), and what to do next.

::

    RegiobeeldError
    ├── ConfigError              settings or a params file is wrong
    │   ├── UnknownRegionError   a region code that is not one of the 35
    │   └── UnknownNameError     a misspelt indicator, category, topic or drop-in kind
    ├── SourceError              CBS could not deliver (table_id, url, status)
    │   ├── TableNotFoundError   the table id does not exist (any more)
    │   ├── DemoTableMissing     the demonstration data have no such table
    │   └── SourceUnreachable    no connection, or the run's time budget is spent
    ├── CacheError               a cache entry is corrupt, partial or missing
    │   └── OfflineDataMissing   offline mode and some tables are not cached
    ├── SnapshotError            a snapshot archive is invalid
    ├── SchemaError              a frame or file lacks the expected columns
    ├── DropinError              an adviser's own export file is invalid
    └── NotebookRunError         a notebook failed while rendering
"""

from __future__ import annotations

import difflib

__all__ = [
    "RegiobeeldError",
    "ConfigError",
    "UnknownRegionError",
    "UnknownNameError",
    "SourceError",
    "TableNotFoundError",
    "DemoTableMissing",
    "SourceUnreachable",
    "CacheError",
    "OfflineDataMissing",
    "SnapshotError",
    "SchemaError",
    "DropinError",
    "NotebookRunError",
]


class RegiobeeldError(Exception):
    """Base class of every error regiobeeld raises on purpose."""


class ConfigError(RegiobeeldError):
    """A setting, environment variable or params file is invalid."""


class UnknownRegionError(ConfigError):
    """A region code is not one of the 35 arbeidsmarktregio's."""

    def __init__(self, code: object, valid: list[str], source: str | None = None,
                 close: list[str] | None = None):
        self.code = code
        self.valid = list(valid)
        self.close = list(close or [])
        where = f" (in {source})" if source else ""
        hint = f" Bedoelt u {' of '.join(self.close)}?" if self.close else ""
        super().__init__(
            f"Onbekende regiocode {code!r}{where}.{hint} Geldige codes: {', '.join(self.valid)}."
        )


class UnknownNameError(ConfigError, KeyError):
    """A misspelt name in a notebook (indicator, category, topic, drop-in kind): one line
    with the closest known names."""

    def __init__(self, what: str, name: object, known):
        """``what`` names the kind with its adjective: ``"Onbekende indicator"``."""
        self.name, self.known = name, [str(k) for k in known]
        self.close = difflib.get_close_matches(str(name), self.known, n=3, cutoff=0.5)
        hint = f" Bedoelt u {' of '.join(repr(c) for c in self.close)}?" if self.close else ""
        choices = f" Kies uit: {', '.join(map(repr, self.known))}." if self.known else ""
        super().__init__(f"{what} {name!r}.{hint}{choices}")

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class SourceError(RegiobeeldError):
    """CBS (or the configured OData host) could not deliver a table."""

    def __init__(self, message: str, *, table_id: str | None = None,
                 url: str | None = None, status: int | None = None):
        self.table_id = table_id
        self.url = url
        self.status = status
        super().__init__(message)


class TableNotFoundError(SourceError):
    """The table id does not exist at the source (HTTP 404)."""


class DemoTableMissing(SourceError):
    """The built-in demonstration data have no builder for a catalogued table."""


class SourceUnreachable(SourceError):
    """The host cannot be reached (refused, DNS) or did not answer within the run's deadline;
    no further request of this run is tried."""


class CacheError(RegiobeeldError):
    """A cache entry is corrupt or partial, or the cache cannot be written."""


class OfflineDataMissing(CacheError):
    """Offline mode was asked for, but some tables are not in the cache."""

    def __init__(self, missing: list[str]):
        self.missing = sorted(set(missing))
        super().__init__(
            "Offline modus: deze tabellen ontbreken in de cache: "
            + ", ".join(self.missing)
            + ". Haal ze op met `regiobeeld prefetch` (met internet) of importeer een"
            " snapshot met `regiobeeld snapshot import BESTAND.zip`."
        )


class SnapshotError(RegiobeeldError):
    """A snapshot archive is invalid or cannot be imported."""


class SchemaError(RegiobeeldError):
    """A frame or file lacks expected columns or has wrong types."""


class DropinError(RegiobeeldError):
    """An adviser's own export (UWV, SBB, DUO, KVK) could not be read."""


class NotebookRunError(RegiobeeldError):
    """A notebook raised while it was executed; ``executed`` is the executed notebook
    (with papermill's error marker) when the engine kept it."""

    def __init__(self, message: str, *, notebook: str, region: str | None = None,
                 cell_index: int | None = None, ename: str | None = None,
                 evalue: str | None = None, traceback: str = "", executed=None):
        self.notebook = notebook
        self.region = region
        self.cell_index = cell_index
        self.ename = ename
        self.evalue = evalue
        self.traceback = traceback
        self.executed = executed
        super().__init__(message)
