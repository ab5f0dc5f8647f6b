"""Robust rules for CBS members and periods whose exact keys or titles are not known.

CBS renames members between editions ("K Financiële diensten" became "K Financiële
dienstverlening"), and many keys were never seen (see ``docs/cbs-shapes.md``). A member
is therefore matched by its key or title first, then by what its title *means*:

* an SBI section or range: the letter code at the start (``"K …"``, ``"A-U …"``);
* an occupation class: the two-digit code at the start (``"01 Pedagogische beroepen"``);
* an age range: the numbers in ``"Leeftijd: 15 tot 25 jaar"`` / ``"55 jaar of ouder"``;
* an education level: the word after ``"Onderwijsniveau"`` (laag, middelbaar, hoog);
* a total: a title starting with ``"Totaal"``.

Periods are read from the key (``2024JJ00``, ``2024KW02``, ``2024MM07``) and, for keys of
another kind, from the title (school years ``2021/'22``), with the status marks ``*``/``**``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["member_identity", "match_member", "total_member", "Period", "parse_period", "period_year", "FREQUENCIES"]

_SBI = re.compile(r"^([A-U](?:-[A-U])?)\s")
_CODE = re.compile(r"^(\d{2})\s")
_AGE = re.compile(r"(\d+)\s+tot\s+(\d+)\s+jaar")
_AGE_OPEN = re.compile(r"(\d+)\s+jaar\s+(?:of|en)\s+ouder")
_EDUCATION = re.compile(r"onderwijsniveau:?\s*(laag|middelbaar|hoog)", re.IGNORECASE)
_KEY = re.compile(r"^(\d{4})(JJ|KW|MM)(\d{2})$")
_SCHOOL_YEAR = re.compile(r"^(\d{4})\s*/\s*'?(\d{2})")

#: Period frequencies a query can ask for; a school year counts as a year.
FREQUENCIES = ("JJ", "KW", "MM")
_PER_YEAR = {"JJ": 1, "KW": 4, "MM": 12}


def member_identity(title: str) -> tuple | None:
    """What a member title means, as a comparable tuple; ``None`` when no rule applies."""
    text = (title or "").strip()
    if text.lower().startswith("totaal"):
        return ("total",)
    match = _SBI.match(text)
    if match:
        return ("sbi", match.group(1))
    match = _EDUCATION.search(text)
    if match:
        return ("education", match.group(1).lower())
    match = _AGE.search(text)
    if match:
        return ("age", int(match.group(1)), int(match.group(2)))
    match = _AGE_OPEN.search(text)
    if match:
        return ("age", int(match.group(1)), None)
    match = _CODE.match(text)
    return ("code", match.group(1)) if match else None


def match_member(rows: list[dict], wanted: str) -> str | None:
    """The (padded) key of the dimension row matching ``wanted``: equal stripped key, else
    the one equal title, else the one row with the same :func:`member_identity`; ``None``
    when nothing (or more than one row) matches."""
    wanted = wanted.strip()
    for same in (lambda r: r["Key"].strip() == wanted, lambda r: (r.get("Title") or "").strip() == wanted):
        found = [r["Key"] for r in rows if same(r)]
        if len(found) == 1:
            return found[0]
    identity = member_identity(wanted)
    if identity is None:
        return None
    found = [r["Key"] for r in rows if member_identity(r.get("Title") or "") == identity]
    return found[0] if len(found) == 1 else None


def total_member(rows: list[dict]) -> str | None:
    """The key of the single "Totaal…" member of a dimension, else ``None``."""
    found = [r["Key"] for r in rows if member_identity(r.get("Title") or "") == ("total",)]
    return found[0] if len(found) == 1 else None


@dataclass(frozen=True)
class Period:
    """A parsed period: frequency (school years count as ``JJ``), year, sub-period, status."""

    frequency: str
    year: int
    sub: int
    status: str

    @property
    def ordinal(self) -> int:
        """Consecutive periods of one frequency have consecutive ordinals."""
        return self.year * _PER_YEAR[self.frequency] + max(self.sub, 1) - 1


def period_year(periods):
    """The calendar year of period keys, of one key or of a Series of them (``"2024MM07"``
    → 2024); for a school year ``"2023/2024"`` the start year (DUO counts on 1 October).
    It is the year whose gemeente indeling applies."""
    if isinstance(periods, str):
        return int(periods[:4])
    return periods.str.slice(0, 4).astype(int)


def parse_period(key: str, title: str = "", status: str = "") -> Period | None:
    """The :class:`Period` of a Perioden row, ``None`` when neither key nor title is readable.

    ``status`` is the mark (``""``, ``"*"``, ``"**"``) when known; otherwise it is read
    from the end of the title.
    """
    mark = status or (title or "").strip()[len((title or "").strip().rstrip("*")):]
    match = _KEY.match(key.strip())
    if match:
        return Period(match.group(2), int(match.group(1)), int(match.group(3)), mark)
    match = _SCHOOL_YEAR.match((title or "").strip())
    if match:
        return Period("JJ", int(match.group(1)), 0, mark)
    return None
