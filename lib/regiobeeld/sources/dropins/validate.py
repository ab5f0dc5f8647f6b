"""Check raw rows against a schema and turn them into a tidy frame.

Every problem becomes an :class:`Issue` that names the file, row and column, what was
expected and what was found, in Dutch::

    vsv_2024.csv, rij 7, kolom 'aantal': verwacht een getal, gevonden 'twaalf'.

A file with any issue is not used; the frame is only returned for a clean file.
Rows are checked :data:`CHUNK_ROWS` at a time, each column per distinct value
(:mod:`.cells`), so memory follows the parsed columns (codes), not the raw file.
Gemeente rows are summed to arbeidsmarktregio's with the membership of the period's year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...core.formatting import format_number
from .cells import EMPTY, check_column, parse_cell, parse_number, shown, unknown_region
from .mapping import GemeenteIndex, Membership, RegionIndex, gemeente_code
from .periods import period_type, period_year
from .readers import RawTable
from .schemas import MAX_ISSUES, Column, Schema

__all__ = ["Issue", "validate_table", "parse_number", "MAX_ISSUES", "CHUNK_ROWS"]

#: Rows checked at a time: memory follows the chunk, not the file.
CHUNK_ROWS = 50_000
#: Parsed region and period values remembered per file (a region name is looked up once).
PARSED_CACHE = 10_000


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


def _norm_header(text: object) -> str:
    return re.sub(r"\s+", " ", str(text).replace("_", " ").strip().lower())


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
        self.categories: dict[str, dict] = {}             # per region/text/period column: value → code

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

    def issue_rows(self, rows, column: str | None, messages) -> None:
        """One issue per row (in the order given); only the messages that are kept are
        built, the rest are counted. ``messages(i)`` is the message of ``rows[i]``."""
        room = max(0, MAX_ISSUES - len(self.issues))
        for i in range(min(room, len(rows))):
            self.issue(int(rows[i]), column, messages(i))
        self.omitted += max(0, len(rows) - room)

    # ------------------------------------------------------------------ cells
    def chunk(self, numbers: list[int], cells: list[list], columns: dict,
              as_gemeente: bool) -> dict[str, np.ndarray]:
        """Check one chunk of rows, column by column per distinct value; issues are raised
        in row order, then column order. Returns the parsed columns: numbers as floats,
        the others as codes into :attr:`categories`, ``_row`` the source row, ``_pending`` marks a gemeente
        cell still to resolve."""
        rows = np.asarray(numbers, dtype=np.int64)
        out: dict[str, object] = {}
        found = []                      # per column with issues: (row positions, header, messages)
        for col in self.schema.columns:
            if col.name not in columns:
                out[col.name] = np.full(len(rows), None, dtype=object)
                continue
            idx, header = columns[col.name]
            values = [c[idx] if idx < len(c) else None for c in cells]
            codes, parsed, messages, uniques = check_column(
                values, lambda v, col=col: self._parse(col, v, as_gemeente), EMPTY if col.required else None)
            if col.type.startswith("period:"):
                self._period_kind(rows, codes, parsed, messages, uniques)
            bad = np.asarray([m is not None for m in messages])[codes]
            if bad.any():
                at = np.flatnonzero(bad)
                found.append((at, header, [messages[c] for c in codes[at]]))
            if col.type == "region":        # a gemeente is (PENDING, cell) until resolved
                out["_pending"] = np.asarray([isinstance(p, tuple) for p in parsed])[codes]
            if col in self.schema.value_columns:
                out[col.name] = pd.to_numeric(parsed[codes]).astype("float64")
            else:                       # regions, text and periods repeat: a code per row, not a string
                known = self.categories.setdefault(col.name, {})
                mapped = [-1 if p is None else known.setdefault(p, len(known)) for p in parsed]
                out[col.name] = np.asarray(mapped, dtype=np.int32)[codes]
        self._raise_found(rows, found)
        return {**out, "_row": rows}

    def _raise_found(self, rows: np.ndarray, found: list) -> None:
        """The issues of a chunk's columns, by row and then by column, as the whole file
        would give them; past the cap only counted."""
        if not found:
            return
        at = np.concatenate([f[0] for f in found])
        which = np.concatenate([np.full(len(f[0]), n) for n, f in enumerate(found)])
        nth = np.concatenate([np.arange(len(f[0])) for f in found])
        order = np.lexsort((which, at))                 # by row, then by column
        room = max(0, MAX_ISSUES - len(self.issues))
        for k in order[:room]:
            _, header, messages = found[which[k]]
            self.issue(int(rows[at[k]]), header, messages[nth[k]])
        self.omitted += max(0, len(order) - room)

    def _parse(self, col: Column, value: object, as_gemeente: bool):
        """:func:`parse_cell`, remembered for region and period values (they repeat on
        every row, and a region name is looked up among all names)."""
        if col.type != "region" and not col.type.startswith("period:"):
            return parse_cell(col, value, self.schema, self.regions, as_gemeente)
        key = (col.name, type(value), value)
        if key not in self._parsed:
            if len(self._parsed) >= PARSED_CACHE:
                self._parsed.clear()
            self._parsed[key] = parse_cell(col, value, self.schema, self.regions, as_gemeente)
        return self._parsed[key]

    def _period_kind(self, rows: np.ndarray, codes: np.ndarray, parsed: np.ndarray,
                     messages: list, uniques: list) -> None:
        """Every period in a file is of the kind of the first one (maand, kwartaal, …):
        others become an issue, in place."""
        kinds = [period_type(p) if p is not None else None for p in parsed]
        if self.period_kind is None:
            valid = np.flatnonzero(np.asarray([k is not None for k in kinds])[codes])
            if not len(valid):
                return
            self.period_kind = (kinds[codes[valid[0]]], int(rows[valid[0]]))
        first_kind, first_row = self.period_kind
        for code, kind in enumerate(kinds):
            if kind is not None and kind != first_kind:
                parsed[code] = None
                messages[code] = (f"verwacht een {first_kind} zoals in rij {first_row}, "
                                  f"gevonden {shown(uniques[code])} ({kind}).")

    # ------------------------------------------------------------------ gemeenten
    def gemeenten(self, frame: pd.DataFrame, header: str) -> None:
        """Replace ``(PENDING, value)`` regions by their AM code, in place; ``_gemeente``
        marks them. Per year of the period, in row order."""
        frame["_gemeente"] = False
        pending = frame.index[frame.pop("_pending").to_numpy()]
        if not len(pending):
            return
        period = self.schema.period_column
        keys = frame.loc[pending, period.name] if period else pd.Series(None, index=pending, dtype=object)
        years = keys.astype(object).map(lambda key: period_year(key) if isinstance(key, str) else self.default_year)
        for year in sorted(years.unique()):
            indexes = years.index[years.to_numpy() == year]
            first = {"regio": frame.at[indexes[0], "regio"], "_row": frame.at[indexes[0], "_row"]}
            index = self._membership(year, first, header)
            cells = frame.loc[indexes, "regio"]
            resolved = {cell: index.resolve(cell[1]) if index else None for cell in cells.unique()}
            codes = cells.map(resolved.get)
            frame.loc[indexes, "regio"] = codes
            frame.loc[indexes, "_gemeente"] = codes.notna()
            failed = cells[codes.isna()]
            messages = {cell: self._gemeente_message(cell[1], year, index) for cell in failed.unique()}
            said = failed[failed.map(messages.get).notna()]
            self.issue_rows(frame.loc[said.index, "_row"].to_numpy(), header,
                            lambda i: messages[said.iloc[i]])

    def _gemeente_message(self, value: object, year: int, index: GemeenteIndex | None) -> str | None:
        if index and gemeente_code(value):
            return (f"onbekende gemeente {shown(value)}; die code staat "
                    f"niet in de gemeente-indeling van {year} (CBS Gebieden in Nederland).")
        if index or not gemeente_code(value):
            close = (index.suggestions(value) if index else []) + self.regions.suggestions(value)
            return unknown_region(value, close[:3], self.schema.gemeenten)
        return None

    def _membership(self, year: int, first: dict, header: str) -> GemeenteIndex | None:
        if self.membership is None:
            if gemeente_code(first["regio"][1]):
                self.issue(first["_row"], header, f"gemeente {shown(first['regio'][1])} kan niet worden "
                           f"opgeteld: de gemeente-indeling van {year} is hier niet beschikbaar.")
            return None
        try:
            return GemeenteIndex.from_frame(self.membership(year), year)
        except Exception as exc:  # noqa: BLE001 - any failure of the data layer becomes a message
            self.issue(first["_row"], header, f"gemeente {shown(first['regio'][1])} kan niet worden "
                       f"opgeteld: de gemeente-indeling van {year} is niet beschikbaar ({exc}).")
            return None


def validate_table(raw: RawTable, schema: Schema, file: str, regions: RegionIndex,
                   membership: Membership | None = None, default_year: int = 2026,
                   chunk_rows: int = CHUNK_ROWS) -> tuple[pd.DataFrame | None, list[Issue]]:
    """Validate ``raw`` against ``schema``; return (tidy frame or None, issues).

    The rows are checked ``chunk_rows`` at a time; only the parsed cells are kept. The
    frame has one row per key with columns ``regio`` (AM code or ``"NL"``),
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
    frame = _read_rows(check, raw, header_row, columns, as_gemeente, chunk_rows)
    if frame.empty:
        check.issue(header_row, None, "bevat geen gegevensrijen onder de kopregel.")
        return None, check.result()
    check.gemeenten(frame, columns["regio"][1])
    if not isinstance(frame["regio"].dtype, pd.CategoricalDtype):
        frame["regio"] = pd.Categorical(frame["regio"])     # gemeenten resolved: codes from here on
    _duplicates(check, frame)
    if check.issues:
        return None, check.result()
    return _frame(frame, schema, regions), []


def _read_rows(check: _Checker, raw: RawTable, header_row: int, columns: dict,
               as_gemeente: bool, chunk_rows: int) -> pd.DataFrame:
    """The parsed cells below the header, checked a chunk at a time, as one frame with
    the source row number in ``_row``. A chunk's raw cells are dropped once checked."""
    parts: list[dict[str, np.ndarray]] = []
    numbers: list[int] = []
    cells: list[list] = []
    for number, row in raw.rows:
        if number <= header_row:
            continue
        numbers.append(number)
        cells.append(row)
        if len(numbers) >= chunk_rows:
            parts.append(check.chunk(numbers, cells, columns, as_gemeente))
            numbers, cells = [], []
    if numbers or not parts:
        parts.append(check.chunk(numbers, cells, columns, as_gemeente))
    return _concat(parts, check.categories)


def _concat(parts: list[dict[str, np.ndarray]], categories: dict[str, dict]) -> pd.DataFrame:
    """The checked chunks as one frame: coded columns categorical (sorted categories, so
    sorting by them is sorting by text); a region column with gemeenten still to resolve
    as objects, the gemeente as ``(PENDING, cell)``."""
    columns: dict[str, object] = {}
    for name in parts[0]:
        joined = np.concatenate([part[name] for part in parts]) if len(parts) > 1 else parts[0][name]
        if name in categories:
            known = np.empty(len(categories[name]) + 1, dtype=object)
            for code, value in enumerate(categories[name]):   # one by one: a tuple stays one value
                known[code] = value                 # the last slot: code -1, an empty cell
            if any(isinstance(value, tuple) for value in categories[name]):
                joined = pd.Series(known[joined], dtype=object)
            else:
                values = pd.Categorical.from_codes(joined, categories=pd.Index(known[:-1], dtype=object))
                joined = values.reorder_categories(sorted(values.categories))
        columns[name] = joined
    return pd.DataFrame(columns)


def _key_hash(frame: pd.DataFrame, key: list[str]) -> np.ndarray:
    """A 64-bit hash of each row's key: duplicates are found in 8 bytes a row."""
    return pd.util.hash_pandas_object(frame[key], index=False).to_numpy()


def _duplicates(check: _Checker, frame: pd.DataFrame) -> None:
    key = list(check.schema.key)
    label = ", ".join(key[:-1]) + f" en {key[-1]}" if len(key) > 1 else key[0]
    required = [k for k in key if check.schema.column(k).required]
    hashes, all_rows = _key_hash(frame, key), frame["_row"].to_numpy()
    gemeente = frame["_gemeente"].to_numpy(dtype=bool)
    direct = ~gemeente & frame[required].notna().all(axis=1).to_numpy()  # bad cells: already reported
    rows = all_rows[direct]
    first = pd.Series(rows).groupby(hashes[direct], sort=False).transform("first").to_numpy()
    repeated = rows != first
    originals = first[repeated]
    check.issue_rows(rows[repeated], None, lambda i: f"dubbele rij; dezelfde {label} als rij {originals[i]}.")
    if not gemeente.any():
        return
    seen = pd.Series(rows[~repeated], index=hashes[direct][~repeated])
    already = pd.Series(hashes[gemeente]).map(seen).to_numpy()
    clash = ~np.isnan(already)
    regios, already = frame["regio"].to_numpy()[gemeente][clash], already[clash]
    check.issue_rows(all_rows[gemeente][clash], None,
                     lambda i: f"gemeente telt mee voor {regios[i]}, maar die regio "
                               f"staat al in rij {int(already[i])}; dat zou dubbel tellen.")


def _frame(frame: pd.DataFrame, schema: Schema, regions: RegionIndex) -> pd.DataFrame:
    frame = frame.rename(columns={"_row": "rij"})
    frame["_gemeente"] = frame["_gemeente"].astype(bool)
    values = [c.name for c in schema.value_columns]
    for name in values:
        frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
    keys = list(schema.key)
    for k in keys:
        if not schema.column(k).required:
            frame[k] = frame[k].astype(object).fillna("").astype(str)
    if frame["_gemeente"].any():
        summed = (frame[frame["_gemeente"]]
                  .groupby(keys, as_index=False, dropna=False)
                  .agg({**{v: lambda s: s.sum(min_count=1) for v in values}, "rij": "min"}))
        if "percentage" in values and "deelnemers" in values:
            summed["percentage"] = 100 * summed["aantal"] / summed["deelnemers"]
        frame = pd.concat([frame[~frame["_gemeente"]], summed], ignore_index=True)
    frame = frame.drop(columns="_gemeente")
    frame.insert(1, "regio_naam", frame["regio"].map({c: regions.label(c) for c in frame["regio"].unique()}))
    frame = frame.sort_values(keys, ignore_index=True)
    for name in frame.columns:      # codes were for checking and sorting; the sections get text
        if isinstance(frame[name].dtype, pd.CategoricalDtype):
            frame[name] = _text(frame[name])
    return frame


def _text(column: pd.Series) -> pd.Series:
    """A categorical column as text, taken from its categories (no string per row in Python)."""
    categories = pd.array(column.cat.categories.astype(object), dtype="str")
    return pd.Series(categories.take(column.cat.codes.to_numpy(), allow_fill=True), index=column.index)
