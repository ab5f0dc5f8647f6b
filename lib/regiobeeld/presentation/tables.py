"""Dutch HTML tables: escaped text, Dutch numbers, ``.`` for missing values with the
CBS footnote, provisional periods marked ``*`` and the source line underneath."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..core.formatting import MISSING, MISSING_FOOTNOTE, format_number, is_missing
from .blocks import HTMLBlock, SourceRef, escape, source_line

__all__ = ["html_table"]


def html_table(frame: pd.DataFrame, *, sources: Sequence[SourceRef], title: str = "",
               unit: str = "", decimals: int | Sequence[int] = 1, note: str = "") -> HTMLBlock:
    """An accessible HTML table of ``frame``.

    The first column holds row labels (text, shown as row headers); every other column
    is numeric and formatted with ``decimals`` (one value, or one per numeric column).
    Column names are shown as they are, so a provisional period is passed as ``"2024*"``.
    ``unit`` (e.g. ``"x 1 000"``) is shown in the caption. Missing values show as
    ``"."`` and add the CBS footnote; the source line goes underneath.
    """
    label_col, *value_cols = list(frame.columns)
    digits = [decimals] * len(value_cols) if isinstance(decimals, int) else list(decimals)
    caption = " ".join(part for part in (escape(title), f"({escape(unit)})" if unit else "") if part)
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in frame.columns)
    rows, text_rows, missing = [], [], False
    for record in frame.itertuples(index=False):
        label, *values = record
        cells = []
        for value, d in zip(values, digits):
            missing = missing or is_missing(value)
            cells.append(MISSING if is_missing(value) else format_number(value, d))
        rows.append(f'<tr><th scope="row">{escape(label)}</th>'
                    + "".join(f'<td class="rb-num">{c}</td>' for c in cells) + "</tr>")
        text_rows.append(" | ".join([str(label), *cells]))
    notes = [MISSING_FOOTNOTE] if missing else []
    if any("*" in str(c) for c in value_cols):
        notes.append("* = voorlopig cijfer, ** = nader voorlopig cijfer")
    if note:
        notes.append(note)
    footer = "".join(f'<p class="rb-note">{escape(n)}</p>' for n in notes)
    source = source_line(list(sources))
    body = (
        '<figure class="rb-table">'
        f'<table>{f"<caption>{caption}</caption>" if caption else ""}'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f'{footer}<figcaption class="rb-source">{escape(source)}</figcaption></figure>'
    )
    text = "\n".join([f"{title} ({unit})" if unit else title,
                      " | ".join(map(str, frame.columns)), *text_rows, *notes, source])
    return HTMLBlock(body, text)
