"""Dutch number, percentage, period and date formats, explicit and locale-free.

``format_number(1234.5, 1) == "1.234,5"``; ``format_percent(3.4) == "3,4%"``; a missing
value is CBS's ``"."``. Formats never depend on the machine's locale, so every
label goes through these functions.
"""

from __future__ import annotations

import math
from datetime import date, datetime

__all__ = [
    "MISSING", "MISSING_FOOTNOTE", "is_missing", "format_number", "format_percent",
    "format_change", "format_ordinal", "format_date", "format_period", "period_phrase",
]

#: CBS symbol for a value that is unknown, too unreliable or secret.
MISSING = "."
MISSING_FOOTNOTE = ". = cijfer onbekend, onvoldoende betrouwbaar of geheim"

_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december")


def is_missing(value) -> bool:
    """True for None, NaN and pandas NA."""
    if value is None:
        return True
    try:
        return bool(math.isnan(value))
    except (TypeError, ValueError):
        return value is getattr(__import__("pandas"), "NA", object())


def format_number(value, decimals: int = 0) -> str:
    """``1234567.8 → "1.234.568"`` (0 decimals), ``1234.5 → "1.234,5"`` (1); missing → ``"."``."""
    if is_missing(value):
        return MISSING
    text = f"{float(value):,.{decimals}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_percent(value, decimals: int = 1) -> str:
    """``3.4 → "3,4%"`` (value already in percent); missing → ``"."``."""
    if is_missing(value):
        return MISSING
    return f"{format_number(value, decimals)}%"


def format_change(value, decimals: int = 1, unit: str = "%") -> str:
    """A signed change: ``2.5 → "+2,5%"``, ``-0.3 → "-0,3%"``, ``0 → "0,0%"``."""
    if is_missing(value):
        return MISSING
    text = format_number(value, decimals)
    sign = "+" if text != format_number(0, decimals) and float(value) > 0 else ""
    return f"{sign}{text}{unit}"


def format_ordinal(rank) -> str:
    """``12 → "12e"``: the Dutch ordinal used in "12e van de 35 regio's"."""
    if is_missing(rank):
        return MISSING
    return f"{int(rank)}e"


def format_date(value: date | datetime | str) -> str:
    """``2026-11-22 → "22-11-2026"`` (accepts ISO text)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value.strftime("%d-%m-%Y")


def format_period(key: str, status: str = "", short: bool = False) -> str:
    """A CBS period key in Dutch: ``2024JJ00 → "2024"``, ``2024KW02 → "2e kwartaal 2024"``,
    ``2024MM07 → "juli 2024"``; ``status`` (``"*"``/``"**"``) is appended. ``short`` gives
    compact tick labels: ``"2024-K2"``, ``"jul '24"``."""
    year, kind, num = key[:4], key[4:6], int(key[6:8] or 0)
    if kind == "KW":
        text = f"{year}-K{num}" if short else f"{num}e kwartaal {year}"
    elif kind == "MM":
        text = f"{_MONTHS[num - 1][:3]} '{year[2:]}" if short else f"{_MONTHS[num - 1]} {year}"
    else:
        text = year
    return text + (status or "")


def period_phrase(key: str, status: str = "") -> str:
    """The period as a phrase in a sentence: ``"2024*"``, ``"het 2e kwartaal van 2025"``,
    ``"juni 2025"``."""
    if key[4:6] == "KW":
        return f"het {int(key[6:8])}e kwartaal van {key[:4]}{status or ''}"
    return format_period(key, status)

