"""CBS OData v3 shapes: TableInfos, DataProperties, CategoryGroups, dimension rows and
the TypedDataSet frame, built from a :class:`~regiobeeld.core.catalog.TableSpec`.

The shapes follow real CBS responses: keys padded with spaces to the longest key of
their dimension, String topic values padded (codes 10, names 50), ``null`` for missing
cells, topic groups nested through ``ParentID``, provisional periods marked in the title
(``*``, ``**``) and in ``Status``.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ...core.catalog import DEMO_CATALOG, TableSpec, Topic

__all__ = [
    "pad", "periods", "table_infos", "data_properties", "dimension_rows", "category_groups",
    "typed_data_set", "period_rows", "MONTHS", "LAST_MONTH", "LAST_QUARTER",
]

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
_FREQUENCY_TEXT = {"JJ": "Perjaar", "KW": "Perkwartaal", "MM": "Permaand", "": "Perjaar"}
_STATUS_MARK = {"Definitief": "", "Voorlopig": "*", "Nader voorlopig": "**"}
#: Months/quarters published in the last year of a monthly/quarterly demo table.
LAST_MONTH, LAST_QUARTER = 6, 2


def pad(keys) -> list[str]:
    """Pad ``keys`` with trailing spaces to the longest of them, as CBS does."""
    keys = [str(k) for k in keys]
    width = max((len(k) for k in keys), default=0)
    return [k.ljust(width) for k in keys]


def periods(spec: TableSpec, title_suffix: str = "", nader_voorlopig: bool = False,
            school_years: bool = False, final: bool = False) -> list[tuple[str, str, str]]:
    """``(key, title, status)`` of the table's periods, oldest first.

    The latest period is *Voorlopig* (``*``) unless ``final`` (a forecast); with
    ``nader_voorlopig`` the one before is *Nader voorlopig* (``**``). With
    ``school_years`` a year is titled ``2023/'24``.
    """
    first, last = spec.years
    rows: list[tuple[str, str]] = []
    for year in range(first, last + 1):
        if spec.frequency == "JJ":
            title = f"{year}/'{(year + 1) % 100:02d}" if school_years else f"{year}{title_suffix}"
            rows.append((f"{year}JJ00", title))
        elif spec.frequency == "KW":
            rows += [(f"{year}KW{q:02d}", f"{year} {q}e kwartaal")
                     for q in range(1, (LAST_QUARTER if year == last else 4) + 1)]
        elif spec.frequency == "MM":
            rows += [(f"{year}MM{m:02d}", f"{year} {MONTHS[m - 1]}")
                     for m in range(1, (LAST_MONTH if year == last else 12) + 1)]
    status = ["Definitief"] * len(rows)
    if rows and not final:
        status[-1] = "Voorlopig"
    if nader_voorlopig and len(rows) > 1:
        status[-2] = "Nader voorlopig"
    return [(key, title + _STATUS_MARK[s], s) for (key, title), s in zip(rows, status)]


def table_infos(spec: TableSpec, period_text: str, modified: str) -> dict:
    """The single TableInfos row, flagged as demonstration data (``Catalog``)."""
    summary = (f"Demonstratiegegevens, gegenereerd door regiobeeld in de vorm van CBS-tabel "
               f"{spec.table_id}; dit zijn geen CBS-cijfers.")
    return {
        "ID": 0,
        "Title": f"{spec.title}; demonstratiegegevens",
        "ShortTitle": f"{spec.title[:40]}; demonstratiegegevens",
        "Identifier": spec.table_id,
        "Summary": summary,
        "Modified": modified,
        "ReasonDelivery": "Demonstratiegegevens",
        "ExplanatoryText": "",
        "Language": "nl",
        "Catalog": DEMO_CATALOG,
        "Frequency": _FREQUENCY_TEXT[spec.frequency],
        "Period": period_text,
        "ShortDescription": f"\n{summary}\n",
        "Description": f"INHOUDSOPGAVE\r\n\r\n1. Toelichting\r\n\r\n1. TOELICHTING\r\n\r\n{summary}\r\n{spec.notes}\r\n",
        "DefaultPresentation": "graphType=table",
        "DefaultSelection": "",
        "GraphTypes": "Table,Bar,Line",
        "OutputStatus": "Regulier",
        "Source": "regiobeeld (demonstratiegegevens).",
        "MetaDataModified": modified,
        "SearchPriority": "2",
    }


def _key_number(key: str) -> int:
    match = re.search(r"_(\d+)$", key)
    return int(match.group(1)) if match else 0


def data_properties(spec: TableSpec, topics: list[Topic]) -> list[dict]:
    """DataProperties: dimensions, then topic groups (nested along each topic's group
    path) and topics in key order."""
    rows: list[dict] = []
    for position, dim in enumerate(spec.dimensions):
        row = {"odata.type": f"Cbs.OData.{dim.type}", "ID": len(rows), "Position": position,
               "ParentID": None, "Type": dim.type, "Key": dim.key, "Title": dim.title, "Description": ""}
        if dim.type == "TimeDimension":
            row["ReleasePolicy"] = True
        if dim.type == "GeoDimension":
            row["MapYear"] = spec.years[1]
            row["ReleasePolicy"] = True
        rows.append(row)
    group_ids: dict[str, int] = {}

    def group_id(path: str | None) -> int | None:
        if not path:
            return None
        if path not in group_ids:
            parent_path, _, title = path.rpartition("/")
            parent = group_id(parent_path)
            group_ids[path] = len(rows)
            rows.append({"odata.type": "Cbs.OData.TopicGroup", "ID": len(rows), "Position": None,
                         "ParentID": parent, "Type": "TopicGroup", "Key": "", "Title": title,
                         "Description": ""})
        return group_ids[path]

    for position, topic in enumerate(sorted(topics, key=lambda t: _key_number(t.key)), len(spec.dimensions)):
        parent = group_id(topic.group)
        relative = topic.unit == "%"
        rows.append({
            "odata.type": "Cbs.OData.Topic", "ID": len(rows), "Position": position, "ParentID": parent,
            "Type": "Topic", "Key": topic.key, "Title": topic.title, "Description": "",
            "Datatype": topic.datatype, "Unit": topic.unit, "Decimals": topic.decimals,
            "Default": "Missing" if topic.datatype != "String" else "Impossible",
            "PresentationType": "" if topic.datatype == "String" else ("Relative" if relative else "Absolute"),
        })
    return rows


def category_groups(spec: TableSpec) -> list[dict]:
    """One group per ``"Group: member"`` title prefix of a plain dimension, plus "Totaal"."""
    rows = []
    for dim in spec.dimensions:
        for title in _group_titles(dim.members):
            rows.append({"ID": len(rows), "DimensionKey": dim.key, "Title": title, "Description": "",
                         "ParentID": None})
    return rows


def _group_titles(members) -> list[str]:
    titles = [m[1].split(": ")[0] if ": " in m[1] else None for m in members]
    if not any(titles):
        return []
    return list(dict.fromkeys(t or "Totaal" for t in titles))


def dimension_rows(spec: TableSpec, key: str, members: list[tuple[str, str]],
                   groups: list[dict]) -> list[dict]:
    """Rows of one plain or geo dimension: padded Key, Title, Description, CategoryGroupID."""
    ids = {g["Title"]: g["ID"] for g in groups if g["DimensionKey"] == key}
    out = []
    for padded, (_, title) in zip(pad(k for k, _ in members), members):
        group = (title.split(": ")[0] if ": " in title else "Totaal") if ids else None
        out.append({"Key": padded, "Title": title, "Description": "", "CategoryGroupID": ids.get(group)})
    return out


def period_rows(rows: list[tuple[str, str, str]]) -> list[dict]:
    """Perioden rows with ``Status``."""
    return [{"Key": k, "Title": t, "Description": "", "Status": s} for k, t, s in rows]


def typed_data_set(members: dict[str, list[str]], values: pd.DataFrame, topics: list[Topic]) -> pd.DataFrame:
    """The full cube of ``members`` (dimension key → unpadded member keys, in order; the
    last dimension varies fastest) with ``values`` (dimension columns + topic columns)
    filled in; other cells are missing.

    Keys come out padded; Long topics as int, String topics padded (codes 10, names 50);
    a column with missing cells becomes ``object`` holding ``None`` (JSON ``null``).
    Values whose keys are not members are dropped.
    """
    dims = list(members)
    sizes = [len(members[d]) for d in dims]
    count = int(np.prod(sizes))
    strides = [int(np.prod(sizes[i + 1:])) for i in range(len(dims))]
    position = np.zeros(len(values), dtype=np.int64)
    known = np.ones(len(values), dtype=bool)
    for dim, stride in zip(dims, strides):
        index = _member_positions(values[dim], members[dim])
        known &= index >= 0
        position += index * stride
    position = position[known]
    cells = np.arange(count, dtype=np.int64)
    frame = {"ID": cells}
    for dim, stride, size in zip(dims, strides, sizes):
        frame[dim] = pd.array(pad(members[dim]), dtype="str").take((cells // stride) % size)
    for topic in topics:
        text = topic.datatype == "String"
        filled = np.full(count, None if text else np.nan, dtype=object if text else float)
        column = values[topic.key]
        filled[position] = (column.to_numpy(dtype=object) if text else pd.to_numeric(column).to_numpy(float))[known]
        frame[topic.key] = _column(filled, topic)
    return pd.DataFrame(frame)


def _member_positions(keys: pd.Series, members: list[str]) -> np.ndarray:
    """The position of each of ``keys`` among ``members`` (-1 for a non-member), looked up
    once per distinct key."""
    codes, uniques = pd.factorize(keys)
    positions = pd.Index(members, dtype=object).get_indexer(pd.Index(uniques).astype(object))
    return np.append(positions, -1)[codes]


def _column(filled: np.ndarray, topic: Topic) -> pd.Series:
    """A topic's column: String values padded (None stays None); numbers as int64 (Long)
    or float, or, when some are missing, ``object`` with ``None`` in the gaps."""
    if topic.datatype == "String":
        width = 10 if topic.unit == "code" else 50
        return pd.Series([None if pd.isna(v) else str(v).ljust(width) for v in filled], dtype=object)
    numbers = np.round(filled) if topic.datatype == "Long" else filled
    missing = np.isnan(numbers)
    present = numbers.astype(np.int64) if topic.datatype == "Long" and not missing.any() else numbers
    if not missing.any():
        return pd.Series(present)
    out = np.full(len(numbers), None, dtype=object)
    out[~missing] = numbers[~missing].astype(np.int64) if topic.datatype == "Long" else numbers[~missing]
    return pd.Series(out, dtype=object)
