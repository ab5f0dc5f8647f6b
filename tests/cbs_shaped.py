"""The built-in demo world served as if it were CBS (the evidence's shapes, not flagged as
demo data), and the drifts CBS can make to a table: for the drift tests.

Every drift takes a table's entity sets and returns changed copies; the originals stay
untouched (the demo builder caches them).
"""

from __future__ import annotations

import copy

import pandas as pd

from regiobeeld.sources.demo.tables import build_tables


def cbs_tables() -> dict[str, dict]:
    """Every catalogue table in the shape the demo world serves, flagged as CBS data."""
    tables = {}
    for table_id, sets in build_tables().items():
        info = dict(sets["TableInfos"][0], Catalog="CBS")
        info["Title"] = info["Title"].removesuffix("; demonstratiegegevens")
        tables[table_id] = {**sets, "TableInfos": [info]}
    return tables


def _copy(sets: dict) -> dict:
    return {name: rows.copy() if isinstance(rows, pd.DataFrame) else copy.deepcopy(rows)
            for name, rows in sets.items()}


def rename_topic(sets: dict, title: str, new: str) -> dict:
    """The topic titled ``title`` is now titled ``new``."""
    out = _copy(sets)
    for prop in out["DataProperties"]:
        if prop["Type"] == "Topic" and prop["Title"] == title:
            prop["Title"] = new
    return out


def retype_dimension(sets: dict, key: str, kind: str) -> dict:
    """Dimension ``key`` now has the DataProperties Type ``kind`` (e.g. a plain "Dimension")."""
    out = _copy(sets)
    for prop in out["DataProperties"]:
        if prop["Key"] == key:
            prop["Type"], prop["odata.type"] = kind, f"Cbs.OData.{kind}"
    return out


def rename_member(sets: dict, dimension: str, title: str, new: str) -> dict:
    """The member of ``dimension`` titled ``title`` is now titled ``new``."""
    out = _copy(sets)
    for row in out[dimension]:
        if row["Title"] == title:
            row["Title"] = new
    return out


def drop_dimension(sets: dict, dimension: str) -> dict:
    """The table no longer has ``dimension``; only the cells of its "Totaal…" member remain."""
    out = _copy(sets)
    total = next(r["Key"] for r in out[dimension] if r["Title"].startswith("Totaal"))
    data = out["TypedDataSet"]
    out["TypedDataSet"] = data[data[dimension] == total].drop(columns=dimension).reset_index(drop=True)
    out["TypedDataSet"]["ID"] = range(len(out["TypedDataSet"]))
    out["DataProperties"] = [p for p in out["DataProperties"] if p["Key"] != dimension]
    del out[dimension]
    return out


def add_dimension(sets: dict, key: str, members: list[tuple[str, str]]) -> dict:
    """A new first dimension ``key``; the old cells belong to its first member (the total),
    the other members repeat them (so an unfiltered query would double count)."""
    out = _copy(sets)
    width = max(len(k) for k, _ in members)
    data = out["TypedDataSet"]
    parts = [data.assign(**{key: k.ljust(width)}) for k, _ in members]
    frame = pd.concat(parts, ignore_index=True)
    frame["ID"] = range(len(frame))
    out["TypedDataSet"] = frame[["ID", key, *[c for c in data.columns if c != "ID"]]]
    prop = {"odata.type": "Cbs.OData.Dimension", "ID": -1, "Position": 0, "ParentID": None,
            "Type": "Dimension", "Key": key, "Title": key, "Description": ""}
    out["DataProperties"] = [prop, *out["DataProperties"]]
    out[key] = [{"Key": k.ljust(width), "Title": t, "Description": "", "CategoryGroupID": None} for k, t in members]
    return out


def recode_periods(sets: dict, key_of, title_of=None) -> dict:
    """Every Perioden key ``k`` becomes ``key_of(k)`` (and its title ``title_of(k, title)``)."""
    out = _copy(sets)
    mapping = {}
    for row in out["Perioden"]:
        old = row["Key"]
        row["Key"] = mapping[old] = key_of(old)
        if title_of is not None:
            row["Title"] = title_of(old, row["Title"])
    out["TypedDataSet"]["Perioden"] = out["TypedDataSet"]["Perioden"].map(mapping)
    return out


def drop_level(sets: dict, prefix: str) -> dict:
    """The table no longer publishes regions whose key starts with ``prefix`` (e.g. AM)."""
    out = _copy(sets)
    out["RegioS"] = [r for r in out["RegioS"] if not r["Key"].startswith(prefix)]
    data = out["TypedDataSet"]
    out["TypedDataSet"] = data[~data["RegioS"].str.startswith(prefix)].reset_index(drop=True)
    return out
