"""One column of a chunk of rows, checked per distinct cell value, not per cell.

A column of an export repeats the same few values (regions, periods, sectors, small
numbers), so :func:`check_column` parses each distinct value once and spreads the result
over the rows with numpy. :func:`parse_cell` is the check of one value: the parsed value,
or None with the Dutch message (without file, row or column).
"""

from __future__ import annotations

import math
import re
from typing import Callable

import numpy as np
import pandas as pd

from .mapping import NATIONAL, RegionIndex, gemeente_code
from .periods import parse_period
from .readers import FormulaCell
from .schemas import PERIOD_FORMATS, Column, Schema

__all__ = ["parse_number", "parse_cell", "check_column", "shown", "unknown_region",
           "PENDING", "EMPTY"]

#: Message of an empty cell in a required column.
EMPTY = "verwacht een waarde, gevonden een lege cel."
#: Marks a region cell that is a gemeente, resolved later with the period's membership.
PENDING = "GM"


def shown(value: object) -> str:
    """A cell as quoted in a message."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"'{value}'"


def parse_number(value: object, kind: str) -> float | None:
    """A cell as a number: Dutch (``1.234,5``) or English (``1234.5``) notation; in a
    ``count`` column ``1.234`` is a thousands point. Returns None when it is no number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if kind == "percent":
        text = text.removesuffix("%")
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        text = text.replace("." if decimal == "," else ",", "").replace(",", ".")
    elif "," in text:
        text = text.replace(",", ".") if text.count(",") == 1 else text.replace(",", "")
    elif kind == "count" and re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", text):
        return None
    return float(text)


def unknown_region(value: object, close: list[str], gemeenten: bool) -> str:
    gm = ", een gemeente (GMxxxx of naam)" if gemeenten else ""
    hint = f" Bedoelt u {' of '.join(repr(c) for c in close)}?" if close else ""
    return (f"onbekende regio {shown(value)}; verwacht een code AMxx, de naam "
            f"van een arbeidsmarktregio{gm} of 'Nederland'.{hint}")


def parse_cell(col: Column, value: object, schema: Schema, regions: RegionIndex,
               as_gemeente: bool) -> tuple[object, str | None]:
    """(parsed value, None) or (None, message) for one non-missing cell. A gemeente in a
    region column parses as ``(PENDING, value)``."""
    if isinstance(value, FormulaCell):
        return None, (f"cel {value.ref} bevat een formule ({value.formula}) zonder opgeslagen "
                      "waarde; regiobeeld rekent formules niet uit. Open en bewaar het bestand "
                      "in Excel, of plak de cellen als waarden.")
    if isinstance(value, str) and not value.strip():
        return None, EMPTY if col.required else None
    if col.type == "region":
        return _region(value, schema, regions, as_gemeente)
    if col.type.startswith("period:"):
        return _period(value, col.type.split(":")[1])
    if col.type == "text":
        return re.sub(r"\s+", " ", shown(value)[1:-1].strip()), None
    return _number(value, col.type)


def _region(value: object, schema: Schema, regions: RegionIndex, as_gemeente: bool):
    code = regions.resolve(value)
    if code and as_gemeente and not (code == NATIONAL or str(value).strip().upper() == code):
        code = None                     # in a 'gemeente' column a name is a gemeente name
    if code:
        return code, None
    if schema.gemeenten:
        return (PENDING, value), None
    if gemeente_code(value):
        return None, ("gemeenten zijn bij deze soort niet toegestaan; verwacht een "
                      f"arbeidsmarktregio of 'Nederland', gevonden {shown(value)}.")
    return None, unknown_region(value, regions.suggestions(value), schema.gemeenten)


def _period(value: object, kind: str):
    key = parse_period(value, kind)
    if key is not None:
        return key, None
    label = "maand, kwartaal of jaar" if kind == "any" else kind
    formats = ("; ".join(f"{k} {v}" for k, v in PERIOD_FORMATS.items() if k != "schooljaar")
               if kind == "any" else PERIOD_FORMATS[kind])
    return None, f"verwacht een {label} ({formats}), gevonden {shown(value)}."


def _number(value: object, kind: str):
    number = parse_number(value, kind)
    if number is None:
        return None, f"verwacht een getal, gevonden {shown(value)}."
    if number < 0:
        return None, f"verwacht een getal van 0 of meer, gevonden {shown(value)}."
    if kind == "count" and not number.is_integer():
        return None, f"verwacht een heel getal (aantal), gevonden {shown(value)}."
    if kind == "percent" and number > 100:
        return None, f"verwacht een percentage van 0 tot en met 100, gevonden {shown(value)}."
    return number, None


def factorize(values: list) -> tuple[np.ndarray, list]:
    """(code per cell, distinct values); a missing cell (None) has code -1. Only plain
    text goes through pandas: there ``1``, ``1.0`` and ``True`` would count as one value."""
    if all(type(v) is str or v is None for v in values):
        codes, uniques = pd.factorize(pd.Series(values, dtype=object))
        return codes, list(uniques)
    index: dict = {}
    codes = np.fromiter((-1 if v is None else index.setdefault((type(v), v), len(index)) for v in values),
                        dtype=np.intp, count=len(values))
    return codes, [v for _, v in index]


def check_column(values: list, parse: Callable[[object], tuple[object, str | None]],
                 missing: str | None) -> tuple[np.ndarray, np.ndarray, list, list]:
    """Check a column per distinct value: (code per cell, parsed per code, message per
    code, distinct values); code -1 (the last slot) is a missing cell, with message
    ``missing``."""
    codes, uniques = factorize(values)
    parsed = np.empty(len(uniques) + 1, dtype=object)
    messages: list[str | None] = []
    for i, value in enumerate(uniques):
        parsed[i], message = parse(value)
        messages.append(message)
    messages.append(missing)
    return codes, parsed, messages, [*uniques, None]
