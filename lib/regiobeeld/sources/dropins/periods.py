"""Period cells of export files → canonical keys.

Quarters become ``2025KW02``, months ``2025MM06`` and years ``2025JJ00`` (the CBS
keys, so :func:`regiobeeld.core.formatting.format_period` labels them); school years become
``2023/2024``. A cell that does not parse returns ``None``; the caller writes the message.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from ...core.shapes import period_year

__all__ = ["parse_period", "period_type", "period_year", "period_label", "period_phrase_label", "year_before"]

_QUARTER = re.compile(r"^(\d{4})\s*(?:-\s*)?(?:q|kw|k|kwartaal)\s*0?([1-4])$")
_QUARTER_BEFORE = re.compile(r"^(?:q|kw|k|kwartaal)\s*0?([1-4])\s*[-/ ]?\s*(\d{4})$")
_MONTH = re.compile(r"^(\d{4})\s*(?:-|/|m|mm)\s*(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})(?:jj00)?$")
_SCHOOL = re.compile(r"^(\d{4})\s*[-/]\s*'?(\d{2}|\d{4})$")


def parse_period(value: object, kind: str) -> str | None:
    """Parse one cell as a period of ``kind`` (``kwartaal``, ``maand``, ``jaar``,
    ``schooljaar`` or ``any`` = maand/kwartaal/jaar). Returns the canonical key or None."""
    if isinstance(value, (datetime, date)):
        return f"{value.year}MM{value.month:02d}" if kind in ("maand", "any") else None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = re.sub(r"\s+", " ", str(value).strip().lower())
    if kind == "schooljaar":
        return _school_year(text)
    parsers = {"kwartaal": (_quarter,), "maand": (_month,), "jaar": (_year,),
               "any": (_quarter, _month, _year)}[kind]
    for parse in parsers:
        key = parse(text)
        if key:
            return key
    return None


def _quarter(text: str) -> str | None:
    if m := _QUARTER.match(text):
        return f"{m.group(1)}KW0{m.group(2)}"
    if m := _QUARTER_BEFORE.match(text):
        return f"{m.group(2)}KW0{m.group(1)}"
    return None


def _month(text: str) -> str | None:
    m = _MONTH.match(text)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{m.group(1)}MM{int(m.group(2)):02d}"
    return None


def _year(text: str) -> str | None:
    m = _YEAR.match(text)
    return f"{m.group(1)}JJ00" if m else None


def _school_year(text: str) -> str | None:
    m = _SCHOOL.match(text)
    if not m:
        return None
    start, end = int(m.group(1)), m.group(2)
    end_year = int(end) if len(end) == 4 else (start // 100) * 100 + int(end)
    if end_year != start + 1:
        return None
    return f"{start}/{end_year}"


def period_type(key: str) -> str:
    """``kwartaal``, ``maand``, ``jaar`` or ``schooljaar`` of a canonical key."""
    if "/" in key:
        return "schooljaar"
    return {"KW": "kwartaal", "MM": "maand", "JJ": "jaar"}[key[4:6]]


def period_label(key: str) -> str:
    """Dutch label: ``2025KW02 → "2e kwartaal 2025"``, ``2023/2024 → "2023/2024"``."""
    if "/" in key:
        return key
    from ...core.formatting import format_period

    return format_period(key)


def period_phrase_label(key: str) -> str:
    """The period as a phrase in a sentence: ``2025KW02 → "het 2e kwartaal van 2025"``,
    ``2023/2024 → "schooljaar 2023/2024"``."""
    if "/" in key:
        return f"schooljaar {key}"
    from ...core.formatting import period_phrase

    return period_phrase(key)


def year_before(key: str) -> str:
    """The same period a year earlier: ``2025KW02 → "2024KW02"``, ``2023/2024 → "2022/2023"``."""
    if "/" in key:
        first, second = key.split("/")
        return f"{int(first) - 1}/{int(second) - 1}"
    return f"{int(key[:4]) - 1}{key[4:]}"
