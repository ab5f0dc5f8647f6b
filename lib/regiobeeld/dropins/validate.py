"""Check raw rows against a schema and turn them into a tidy frame.

Every problem becomes an :class:`Issue` that names the file, row and column, what was
expected and what was found, in Dutch::

    vsv_2024.csv, rij 7, kolom 'aantal': verwacht een getal, gevonden 'twaalf'.

A file with any issue is not used; the frame is only returned for a clean file.
Gemeente rows are summed to arbeidsmarktregio's with the membership of the period's year.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from ..formatting import format_number
from .mapping import NATIONAL, GemeenteIndex, Membership, RegionIndex, gemeente_code
from .periods import parse_period, period_type, period_year
from .readers import FormulaCell, RawTable
from .schemas import MAX_ISSUES, PERIOD_FORMATS, Column, Schema

__all__ = ["Issue", "validate_table", "parse_number", "MAX_ISSUES"]


@dataclass(frozen=True)
class Issue:
    """One problem in one file, at a row and column when those are known."""

    file: str
    row: int | None
    column: str | None
    message: str
    count: int = 1          # > 1 for the closing line that stands for issues not kept

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"rij {self.row}")
        if self.column is not None:
            where.append(f"kolom '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


def _shown(value: object) -> str:
    """A cell as quoted in a message."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"'{value}'"


def _norm_header(text: object) -> str:
    return re.sub(r"\s+", " ", str(text).replace("_", " ").strip().lower())


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


class _Checker:
    """Validation of one file; collects issues while it reads the rows."""

    def __init__(self, schema: Schema, file: str, regions: RegionIndex,
                 membership: Membership | None, default_year: int):
        self.schema, self.file, self.regions = schema, file, regions
        self.membership, self.default_year = membership, default_year
        self.issues: list[Issue] = []
        self.omitted = 0                                  # issues beyond MAX_ISSUES, counted only
        self.period_kind: tuple[str, int] | None = None   # (type, first row)
        self._parsed: dict[tuple, object] = {}            # (column, cell) → parsed region/period

    def issue(self, row: int | None, column: str | None, message: str) -> None:
        if len(self.issues) < MAX_ISSUES:
            self.issues.append(Issue(self.file, row, column, message))
        else:
            self.omitted += 1

    def result(self) -> list[Issue]:
        """The issues kept, and one closing line counting those that were not."""
        if not self.omitted:
            return list(self.issues)
        return [*self.issues, Issue(self.file, None, None, f"en nog {format_number(self.omitted)} "
                                    f"meldingen (alleen de eerste {MAX_ISSUES} staan hier).", self.omitted)]

    # ------------------------------------------------------------------ header
    def header(self, raw: RawTable) -> tuple[int, dict[str, tuple[int, str]], bool] | None:
        """(header row, {column name: (index, header text)}, region as gemeente)."""
        regio = self.schema.column("regio")
        for number, cells in raw.rows:
            normed = [_norm_header(c) if c is not None else "" for c in cells]
            if any(h in regio.headers for h in normed):
                return number, *self._match(normed, cells)
        first = next(iter(raw.rows), None)
        found = first[1] if first else []
        self.issue(first[0] if first else None, "regio",
                   "verplichte kolom ontbreekt; verwacht een kopregel met de kolommen "
                   f"{self._names()}, gevonden {self._found(found)}.")
        return None

    def _names(self) -> str:
        return ", ".join(f"'{c.name}'" for c in self.schema.columns)

    @staticmethod
    def _found(cells: list) -> str:
        shown = [f"'{c}'" for c in cells if c is not None and str(c).strip()]
        return ", ".join(shown) if shown else "geen kolommen"

    def _match(self, normed: list[str], cells: list) -> tuple[dict, bool]:
        columns: dict[str, tuple[int, str]] = {}
        taken: set[int] = set()
        for by_alias in (False, True):      # exact names first, then other spellings
            for col in self.schema.columns:
                if col.name in columns:
                    continue
                wanted = col.aliases if by_alias else (col.name,)
                for alias in wanted:
                    idx = next((i for i, h in enumerate(normed) if h == alias and i not in taken), None)
                    if idx is not None:
                        columns[col.name] = (idx, str(cells[idx]).strip())
                        taken.add(idx)
                        break
        as_gemeente = normed[columns["regio"][0]].startswith("gemeente")
        return columns, as_gemeente

    def missing(self, header_row: int, columns: dict, cells: list) -> bool:
        absent = [c for c in self.schema.columns if c.required and c.name not in columns]
        for col in absent:
            self.issue(header_row, col.name,
                       f"verplichte kolom ontbreekt; gevonden kolommen: {self._found(cells)}.")
        return bool(absent)

    # ------------------------------------------------------------------ cells
    def cell(self, row: int, col: Column, header: str, value: object, as_gemeente: bool):
        """The parsed value, or None (with an issue when the value is wrong)."""
        if isinstance(value, FormulaCell):
            self.issue(row, header,
                       f"cel {value.ref} bevat een formule ({value.formula}) zonder opgeslagen "
                       "waarde; regiobeeld rekent formules niet uit. Open en bewaar het bestand "
                       "in Excel, of plak de cellen als waarden.")
            return None
        if value is None or (isinstance(value, str) and not value.strip()):
            if col.required:
                self.issue(row, header, "verwacht een waarde, gevonden een lege cel.")
            return None
        if col.type == "region" or col.type.startswith("period:"):
            return self._repeated(row, col, header, value, as_gemeente)
        if col.type == "text":
            return re.sub(r"\s+", " ", _shown(value)[1:-1].strip())
        return self._number(row, header, value, col.type)

    def _repeated(self, row: int, col: Column, header: str, value: object, as_gemeente: bool):
        """Region and period cells repeat on every row: each distinct valid cell is parsed
        once (a cell with an issue is checked again, so every bad row is reported)."""
        known = self._parsed.get((col.name, value))
        if known is not None:
            return known
        if col.type == "region":
            parsed = self._region(row, header, value, as_gemeente)
        else:
            parsed = self._period(row, header, value, col.type.split(":")[1])
        if parsed is not None:
            self._parsed[(col.name, value)] = parsed
        return parsed

    def _region(self, row: int, header: str, value: object, as_gemeente: bool):
        code = self.regions.resolve(value)
        if code and as_gemeente and not (code == NATIONAL or str(value).strip().upper() == code):
            code = None                     # in a 'gemeente' column a name is a gemeente name
        if code:
            return code
        if self.schema.gemeenten:
            return ("GM", value)            # resolved later, with the period's membership
        if gemeente_code(value):
            self.issue(row, header, "gemeenten zijn bij deze soort niet toegestaan; verwacht een "
                       f"arbeidsmarktregio of 'Nederland', gevonden {_shown(value)}.")
            return None
        self._unknown_region(row, header, value, self.regions.suggestions(value))
        return None

    def _unknown_region(self, row: int, header: str, value: object, close: list[str]) -> None:
        gm = ", een gemeente (GMxxxx of naam)" if self.schema.gemeenten else ""
        hint = f" Bedoelt u {' of '.join(repr(c) for c in close)}?" if close else ""
        self.issue(row, header, f"onbekende regio {_shown(value)}; verwacht een code AMxx, de naam "
                   f"van een arbeidsmarktregio{gm} of 'Nederland'.{hint}")

    def _period(self, row: int, header: str, value: object, kind: str):
        key = parse_period(value, kind)
        if key is None:
            label = "maand, kwartaal of jaar" if kind == "any" else kind
            formats = ("; ".join(f"{k} {v}" for k, v in PERIOD_FORMATS.items() if k != "schooljaar")
                       if kind == "any" else PERIOD_FORMATS[kind])
            self.issue(row, header, f"verwacht een {label} ({formats}), gevonden {_shown(value)}.")
            return None
        found = period_type(key)
        if self.period_kind is None:
            self.period_kind = (found, row)
        elif self.period_kind[0] != found:
            first_kind, first_row = self.period_kind
            self.issue(row, header, f"verwacht een {first_kind} zoals in rij {first_row}, "
                       f"gevonden {_shown(value)} ({found}).")
            return None
        return key

    def _number(self, row: int, header: str, value: object, kind: str):
        number = parse_number(value, kind)
        if number is None:
            self.issue(row, header, f"verwacht een getal, gevonden {_shown(value)}.")
            return None
        if number < 0:
            self.issue(row, header, f"verwacht een getal van 0 of meer, gevonden {_shown(value)}.")
            return None
        if kind == "count" and not number.is_integer():
            self.issue(row, header, f"verwacht een heel getal (aantal), gevonden {_shown(value)}.")
            return None
        if kind == "percent" and number > 100:
            self.issue(row, header, f"verwacht een percentage van 0 tot en met 100, gevonden {_shown(value)}.")
            return None
        return number

    # ------------------------------------------------------------------ gemeenten
    def gemeenten(self, frame: pd.DataFrame, header: str) -> None:
        """Replace ``("GM", value)`` regions by their AM code, in place; ``_gemeente`` marks them."""
        frame["_gemeente"] = False
        pending = frame.index[frame["regio"].map(lambda v: isinstance(v, tuple))]
        period = self.schema.period_column
        by_year: dict[int, list] = {}
        for idx in pending:
            key = frame.at[idx, period.name] if period else None
            by_year.setdefault(period_year(key) if key else self.default_year, []).append(idx)
        for year, indexes in sorted(by_year.items()):
            first = {"regio": frame.at[indexes[0], "regio"], "_row": frame.at[indexes[0], "_row"]}
            index = self._membership(year, first, header)
            for idx in indexes:
                value, row = frame.at[idx, "regio"][1], frame.at[idx, "_row"]
                code = index.resolve(value) if index else None
                frame.at[idx, "regio"], frame.at[idx, "_gemeente"] = code, bool(code)
                if not code and index and gemeente_code(value):
                    self.issue(row, header, f"onbekende gemeente {_shown(value)}; die code staat "
                               f"niet in de gemeente-indeling van {year} (CBS Gebieden in Nederland).")
                elif not code and (index or not gemeente_code(value)):
                    close = (index.suggestions(value) if index else []) + self.regions.suggestions(value)
                    self._unknown_region(row, header, value, close[:3])

    def _membership(self, year: int, first: dict, header: str) -> GemeenteIndex | None:
        if self.membership is None:
            if gemeente_code(first["regio"][1]):
                self.issue(first["_row"], header, f"gemeente {_shown(first['regio'][1])} kan niet worden "
                           f"opgeteld: de gemeente-indeling van {year} is hier niet beschikbaar.")
            return None
        try:
            return GemeenteIndex.from_frame(self.membership(year), year)
        except Exception as exc:  # noqa: BLE001 - any failure of the data layer becomes a message
            self.issue(first["_row"], header, f"gemeente {_shown(first['regio'][1])} kan niet worden "
                       f"opgeteld: de gemeente-indeling van {year} is niet beschikbaar ({exc}).")
            return None


def validate_table(raw: RawTable, schema: Schema, file: str, regions: RegionIndex,
                   membership: Membership | None = None,
                   default_year: int = 2026) -> tuple[pd.DataFrame | None, list[Issue]]:
    """Validate ``raw`` against ``schema``; return (tidy frame or None, issues).

    The frame has one row per key with columns ``regio`` (AM code or ``"NL"``),
    ``regio_naam``, the schema's other columns, and ``rij`` (the first source row).
    """
    check = _Checker(schema, file, regions, membership, default_year)
    found = check.header(raw)
    if found is None:
        return None, check.result()
    header_row, columns, as_gemeente = found
    header_cells = next(cells for number, cells in raw.rows if number == header_row)
    if check.missing(header_row, columns, header_cells):
        return None, check.result()
    frame = _read_rows(check, raw, header_row, columns, as_gemeente)
    if frame.empty:
        check.issue(header_row, None, "bevat geen gegevensrijen onder de kopregel.")
        return None, check.result()
    check.gemeenten(frame, columns["regio"][1])
    _duplicates(check, frame)
    if check.issues:
        return None, check.result()
    return _frame(frame, schema, regions), []


def _read_rows(check: _Checker, raw: RawTable, header_row: int, columns: dict,
               as_gemeente: bool) -> pd.DataFrame:
    """The parsed cells below the header, one list per column (a row costs a few
    pointers, not a dict), as a frame with the source row number in ``_row``."""
    values: dict[str, list] = {col.name: [] for col in check.schema.columns}
    numbers: list[int] = []
    for number, cells in raw.rows:
        if number <= header_row:
            continue
        numbers.append(number)
        for col in check.schema.columns:
            if col.name not in columns:
                values[col.name].append(None)
                continue
            idx, header = columns[col.name]
            value = cells[idx] if idx < len(cells) else None
            values[col.name].append(check.cell(number, col, header, value, as_gemeente))
    return pd.DataFrame({**{name: pd.Series(column, dtype=object) for name, column in values.items()},
                         "_row": pd.Series(numbers, dtype="int64")})


def _duplicates(check: _Checker, frame: pd.DataFrame) -> None:
    key = list(check.schema.key)
    label = ", ".join(key[:-1]) + f" en {key[-1]}" if len(key) > 1 else key[0]
    required = [k for k in key if check.schema.column(k).required]
    direct = frame[~frame["_gemeente"] & frame[required].notna().all(axis=1)]  # bad cells: already reported
    first = direct.groupby(key, dropna=False, sort=False)["_row"].transform("first")
    repeated = direct["_row"] != first
    for row, original in zip(direct.loc[repeated, "_row"], first[repeated]):
        check.issue(int(row), None, f"dubbele rij; dezelfde {label} als rij {original}.")
    counted = frame[frame["_gemeente"]]
    if counted.empty:
        return
    seen = dict(zip(map(tuple, direct.loc[~repeated, key].itertuples(index=False)), direct.loc[~repeated, "_row"]))
    for rec in counted.to_dict("records"):
        ident = tuple(rec[k] for k in key)
        if ident in seen:
            check.issue(rec["_row"], None, f"gemeente telt mee voor {rec['regio']}, maar die regio "
                        f"staat al in rij {seen[ident]}; dat zou dubbel tellen.")


def _frame(frame: pd.DataFrame, schema: Schema, regions: RegionIndex) -> pd.DataFrame:
    frame = frame.rename(columns={"_row": "rij"})
    frame["_gemeente"] = frame["_gemeente"].astype(bool)
    values = [c.name for c in schema.value_columns]
    for name in values:
        frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
    keys = list(schema.key)
    for k in keys:
        if not schema.column(k).required:
            frame[k] = frame[k].fillna("").astype(str)
    if frame["_gemeente"].any():
        summed = (frame[frame["_gemeente"]]
                  .groupby(keys, as_index=False, dropna=False)
                  .agg({**{v: lambda s: s.sum(min_count=1) for v in values}, "rij": "min"}))
        if "percentage" in values and "deelnemers" in values:
            summed["percentage"] = 100 * summed["aantal"] / summed["deelnemers"]
        frame = pd.concat([frame[~frame["_gemeente"]], summed], ignore_index=True)
    frame = frame.drop(columns="_gemeente")
    frame.insert(1, "regio_naam", frame["regio"].map(regions.label))
    return frame.sort_values(keys, ignore_index=True)
