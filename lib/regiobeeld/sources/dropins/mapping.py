"""Region cells → arbeidsmarktregio codes, and gemeenten → their arbeidsmarktregio.

Accepted: AM codes (``"AM22"``, ``" am22 "``), names as CBS spells them (``"Rijnmond"``,
``"Rijnmond (AM)"``, ``"Arbeidsmarktregio Rijnmond"``), ``"Nederland"``/``"NL"`` for the
national row (code ``"NL"``), all case- and whitespace-insensitive; and gemeenten by code
(``"GM0599"``, ``"0599"``) or name, looked up in the membership of the period's year.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ...core.regions import CODES, load_regions

__all__ = ["NATIONAL", "RegionIndex", "GemeenteIndex", "Membership", "normalise",
           "gemeente_code"]

#: Code of the national row.
NATIONAL = "NL"
_NATIONAL_NAMES = ("nederland", "nl", "nl01", "totaal nederland")

#: A function giving the gemeente membership of a year (columns gemeente_code,
#: gemeente_naam, am_code, am_naam, pv_code, pv_naam, year).
Membership = Callable[[int], "object"]


def normalise(text: object) -> str:
    """Lower case, single spaces, without an ``(AM)`` suffix or ``arbeidsmarktregio`` prefix."""
    out = re.sub(r"\s+", " ", str(text).strip().lower())
    out = re.sub(r"\s*\((am|arbeidsmarktregio)\)$", "", out)
    return re.sub(r"^arbeidsmarktregio (?=\S)", "", out)


def gemeente_code(value: object) -> str | None:
    """``"GM0599"``, ``"gm599"``, ``"0599"`` or ``599`` → ``"GM0599"``; else None."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip().upper()
    m = re.fullmatch(r"(GM)?\s*(\d{1,4})", text)
    return f"GM{int(m.group(2)):04d}" if m else None


@dataclass(frozen=True)
class RegionIndex:
    """Lookup of arbeidsmarktregio codes and names (from the params files)."""

    names: dict[str, str]   # code → CBS name

    @classmethod
    def from_params(cls, params_dir: Path) -> "RegionIndex":
        return cls({code: region.name for code, region in load_regions(params_dir).items()})

    def label(self, code: str) -> str:
        """``"AM22" → "Rijnmond"``, ``"NL" → "Nederland"``."""
        return "Nederland" if code == NATIONAL else self.names.get(code, code)

    def resolve(self, value: object) -> str | None:
        """The AM code (or ``"NL"``) of a cell, or None."""
        text = normalise(value)
        if text in _NATIONAL_NAMES:
            return NATIONAL
        if text.upper() in CODES:
            return text.upper()
        lookup = {normalise(name): code for code, name in self.names.items()}
        return lookup.get(text)

    def suggestions(self, value: object) -> list[str]:
        """Up to three valid names close to ``value``."""
        choices = {normalise(n): n for n in self.names.values()}
        close = difflib.get_close_matches(normalise(value), list(choices), n=3, cutoff=0.6)
        return [choices[c] for c in close]


@dataclass(frozen=True)
class GemeenteIndex:
    """Gemeente code/name → AM code for one year's membership frame."""

    year: int
    to_am: dict[str, str]       # gemeente code → AM code
    by_name: dict[str, str]     # normalised gemeente name → gemeente code
    display: dict[str, str]     # normalised gemeente name → name as CBS writes it

    @classmethod
    def from_frame(cls, frame, year: int) -> "GemeenteIndex":
        codes = frame["gemeente_code"].astype(str).str.strip()
        names = frame["gemeente_naam"].astype(str).str.strip()
        return cls(
            year=year,
            to_am=dict(zip(codes, frame["am_code"].astype(str).str.strip())),
            by_name={normalise(n): c for n, c in zip(names, codes)},
            display={normalise(n): n for n in names},
        )

    def resolve(self, value: object) -> str | None:
        """AM code of a gemeente given by code or by name, or None."""
        code = gemeente_code(value) or self.by_name.get(normalise(value))
        return self.to_am.get(code) if code else None

    def suggestions(self, value: object) -> list[str]:
        close = difflib.get_close_matches(normalise(value), list(self.display), n=3, cutoff=0.6)
        return [self.display[c] for c in close]
