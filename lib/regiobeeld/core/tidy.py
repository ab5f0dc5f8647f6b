"""The tidy contract between the data layer and everything above it.

A :class:`TableResult` is what a query returns, whether it came from CBS, the cache or
the built-in demo data: a long frame with one row per observation plus metadata.

Columns of ``TableResult.data``:

==================  ========================================================================
``region_code``     stripped RegioS key (``"GM0014"``, ``"AM22"``, ``"PV28"``, ``"NL01"``);
                    only when the table has a GeoDimension
``region_name``     its CBS title (``"Rijnmond (AM)"``, ``"Groningen (gemeente)"``)
``period``          Perioden key (``"2024JJ00"``, ``"2024KW02"``, ``"2024MM07"``);
                    only when the table has a TimeDimension
``period_title``    its title without status marks (``"2024"``, ``"2024 juli"``)
``period_status``   ``""`` definitief, ``"*"`` voorlopig, ``"**"`` nader voorlopig
``<Dim>``           for each other dimension: the stripped key (``"T009002"``)
``<Dim>_title``     and its title (``"Totaal personen"``)
``measure``         the query's alias for the topic (``"werkloosheid_pct"``)
``value``           float64, NaN where CBS has no value ('.'); stripped ``str`` for
                    String topics (Gebieden in Nederland)
``unit``            the topic's CBS unit (``"x 1 000"``, ``"%"``)
==================  ========================================================================
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

import pandas as pd

from .errors import SchemaError

__all__ = ["TableMeta", "TableResult", "check_schema", "BASE_COLUMNS"]

BASE_COLUMNS = ("measure", "value", "unit")


@dataclass(frozen=True)
class TableMeta:
    """Provenance of one query result; travels with the data into cache and reports."""

    table_id: str
    title: str
    modified: str | None                 # TableInfos.Modified, ISO text as CBS sends it
    retrieved: str                       # ISO 8601 UTC time the data were downloaded
    source_url: str                      # the OData base URL the data came from
    demo: bool                           # True for built-in demonstration data
    query: str                           # Query.name
    units: dict[str, str] = field(default_factory=dict)        # alias -> unit
    topic_keys: dict[str, str] = field(default_factory=dict)   # alias -> resolved topic key
    period_status: dict[str, str] = field(default_factory=dict)  # period key -> "", "*", "**"
    period: str | None = None            # TableInfos.Period (e.g. "2024" for Gebieden)
    #: what the table lacks: topic alias, filter dimension or "Dimension=member" → Dutch reason
    missing: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True, indent=1)

    @classmethod
    def from_json(cls, text: str) -> "TableMeta":
        return cls(**json.loads(text))


@dataclass(frozen=True)
class TableResult:
    """A tidy frame and its metadata."""

    data: pd.DataFrame
    meta: TableMeta


def check_schema(frame: pd.DataFrame, required: tuple[str, ...] | list[str], what: str) -> pd.DataFrame:
    """Raise :class:`SchemaError` naming ``what`` and the missing columns; return ``frame``."""
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise SchemaError(
            f"{what}: ontbrekende kolommen {', '.join(missing)} "
            f"(aanwezig: {', '.join(map(str, frame.columns))})."
        )
    return frame
