"""Tiny CBS-shaped tables for tests, in the ``ODataServer`` ``tables`` format.

Values are hand-computable: in the labour table, ``Werkzame beroepsbevolking`` is
``100 * region number + (year - 2000) + gender offset`` (gender offset 0, 1, 2 for
T001038, 3000, 4000), and the percentage is the same divided by 10. GM0034 in 2024 has
no percentage (``null``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from regiobeeld.core.catalog import PeriodSelection, Query
from regiobeeld.core.tidy import TableMeta, TableResult

__all__ = ["REGIONS", "YEARS", "GENDERS", "labour_table", "gebieden_table", "labour_query",
           "gebieden_query", "werkzaam", "tables", "sample_result", "demo_world_as_cbs"]

LABOUR_ID = "99001NED"
SHIFTED_ID = "99002NED"
GEBIEDEN_ID = "99003NED"

# (padded key, title, number used in the values)
REGIONS = (
    ("NL01  ", "Nederland", 1),
    ("PV20  ", "Groningen (PV)", 2),
    ("AM01  ", "Groningen (AM)", 3),
    ("AM22  ", "Rijnmond (AM)", 4),
    ("GM0014", "Groningen (gemeente)", 5),
    ("GM0034", "Almere (gemeente)", 6),
)
# (key, title, status)
YEARS = (
    ("2014JJ00", "2014", "Definitief"),
    ("2022JJ00", "2022", "Definitief"),
    ("2023JJ00", "2023**", "Nader voorlopig"),
    ("2024JJ00", "2024*", "Voorlopig"),
    ("2024KW01", "2024 1e kwartaal*", "Voorlopig"),
)
GENDERS = (("T001038", "Totaal mannen en vrouwen", 0), ("3000   ", "Mannen", 1), ("4000   ", "Vrouwen", 2))


def werkzaam(region: int, year: int, gender: int) -> float:
    """The hand-computable value of 'Werkzame beroepsbevolking'."""
    return 100 * region + (year - 2000) + gender


def _prop(id_, type_, key, title, parent=None, **extra) -> dict:
    return {"odata.type": f"Cbs.OData.{type_}", "ID": id_, "Position": id_, "ParentID": parent,
            "Type": type_, "Key": key, "Title": title, "Description": "", **extra}


def _topic(id_, key, title, unit, parent=None, datatype="Double") -> dict:
    return _prop(id_, "Topic", key, title, parent, Datatype=datatype, Unit=unit, Decimals=0,
                 Default="Missing")


def _info(table_id: str, title: str, period: str = "2014-2024", catalog: str = "CBS") -> list[dict]:
    return [{"ID": 0, "Title": title, "ShortTitle": title[:40], "Identifier": table_id,
             "Summary": "test", "Modified": "2025-02-14T02:00:00", "Catalog": catalog,
             "Frequency": "Perjaar", "Period": period}]


def _rows(items, category=None) -> list[dict]:
    return [{"Key": key, "Title": title, "Description": None, "CategoryGroupID": category}
            for key, title, *_ in items]


def labour_table(table_id: str = LABOUR_ID, shift: int = 0, catalog: str = "CBS") -> dict:
    """A labour table with Geslacht, RegioS, Perioden and duplicate topic titles.

    ``shift`` moves every topic's ``_N`` suffix, like a new yearly edition does.
    """
    key = lambda name, n: f"{name}_{n + shift}"  # noqa: E731
    props = [
        _prop(0, "Dimension", "Geslacht", "Geslacht"),
        _prop(1, "GeoDimension", "RegioS", "Regio's"),
        _prop(2, "TimeDimension", "Perioden", "Perioden"),
        _prop(3, "TopicGroup", "", "Beroepsbevolking"),
        _topic(4, key("WerkzameBeroepsbevolking", 1), "Werkzame beroepsbevolking", "x 1 000", 3),
        _topic(5, key("Werkloosheidspercentage", 2), "Werkloosheidspercentage", "%", 3),
        _prop(6, "TopicGroup", "", "Leeftijdsgroepen"),
        _topic(7, key("JongerDan5Jaar", 3), "Jonger dan 5 jaar", "aantal", 6, "Long"),
        _prop(8, "TopicGroup", "", "Leeftijdsgroepen, relatief"),
        _topic(9, key("JongerDan5Jaar", 4), "Jonger dan 5 jaar", "%", 8),
    ]
    data = []
    for (region, _, r) in REGIONS:
        for (period, _, _) in YEARS:
            for (gender, _, g) in GENDERS:
                value = werkzaam(r, int(period[:4]), g)
                pct = None if (region == "GM0034" and period == "2024JJ00") else value / 10
                data.append({"ID": len(data), "Geslacht": gender, "RegioS": region, "Perioden": period,
                             key("WerkzameBeroepsbevolking", 1): value,
                             key("Werkloosheidspercentage", 2): pct,
                             key("JongerDan5Jaar", 3): r * 10,
                             key("JongerDan5Jaar", 4): r / 4})
    return {
        "TableInfos": _info(table_id, "Testtabel arbeidsdeelname", catalog=catalog),
        "DataProperties": props,
        "CategoryGroups": [],
        "Geslacht": _rows(GENDERS),
        "RegioS": _rows(REGIONS),
        "Perioden": [{"Key": k, "Title": t, "Description": "", "Status": s} for k, t, s in YEARS],
        "TypedDataSet": data,
    }


GEMEENTEN = (
    # code, naam, am code, am naam, pv code, pv naam, inwoners
    ("GM0014", "Groningen", "AM01", "Groningen", "PV20", "Groningen", 238_000),
    ("GM0034", "Almere", "AM12", "Flevoland", "PV24", "Flevoland", 222_000),
    ("GM0599", "Rotterdam", "AM22", "Rijnmond", "PV28", "Zuid-Holland", 664_000),
)


def gebieden_table(table_id: str = GEBIEDEN_ID, catalog: str = "CBS") -> dict:
    """A Gebieden in Nederland table: String topics padded like CBS (codes 10, names 50)."""
    groups = [
        _prop(1, "TopicGroup", "", "Codes en namen van gemeenten"),
        _topic(2, "Code_1", "Code", "code", 1, "String"),
        _topic(3, "Naam_2", "Naam", "naam", 1, "String"),
        _prop(4, "TopicGroup", "", "Lokaliseringen van gemeenten"),
        _prop(5, "TopicGroup", "", "Arbeidsmarktregio's", 4),
        _topic(6, "Code_4", "Code", "code", 5, "String"),
        _topic(7, "Naam_5", "Naam", "naam", 5, "String"),
        _prop(8, "TopicGroup", "", "Provincies", 4),
        _topic(9, "Code_28", "Code", "code", 8, "String"),
        _topic(10, "Naam_29", "Naam", "naam", 8, "String"),
        _topic(11, "Inwonertal_52", "Inwonertal", "aantal", None, "Long"),
    ]
    data = [{"ID": i, "RegioS": gm, "Code_1": gm.ljust(10), "Naam_2": naam.ljust(50),
             "Code_4": am.ljust(10), "Naam_5": am_naam.ljust(50), "Code_28": pv.ljust(10),
             "Naam_29": pv_naam.ljust(50), "Inwonertal_52": inw}
            for i, (gm, naam, am, am_naam, pv, pv_naam, inw) in enumerate(GEMEENTEN)]
    return {
        "TableInfos": _info(table_id, "Gebieden in Nederland 2024", period="2024", catalog=catalog),
        "DataProperties": [_prop(0, "GeoDimension", "RegioS", "Regio's"), *groups],
        "CategoryGroups": [],
        "RegioS": _rows([(gm, f"{naam} (gemeente)") for gm, naam, *_ in GEMEENTEN]),
        "TypedDataSet": data,
    }


def labour_query(table_id: str = LABOUR_ID, name: str = "labour_test", **changes) -> Query:
    """Werkzaam + percentage for AM and GM, totals and women, the 2 newest years."""
    fields = dict(
        name=name, table_id=table_id,
        topics=(("werkzaam", "Werkzame beroepsbevolking"),
                ("werkloosheid_pct", "Beroepsbevolking/Werkloosheidspercentage"),
                ("jong_pct", "Leeftijdsgroepen, relatief/Jonger dan 5 jaar")),
        filters=(("Geslacht", ("T001038", "Vrouwen")),),
        levels=("AM", "GM"),
        periods=PeriodSelection("JJ", count=2),
    )
    fields.update(changes)
    return Query(**fields)


def gebieden_query(table_id: str = GEBIEDEN_ID) -> Query:
    return Query(
        name="gebieden_test", table_id=table_id,
        topics=(("gemeente_naam", "Codes en namen van gemeenten/Naam"),
                ("am_code", "Arbeidsmarktregio's/Code"), ("am_naam", "Arbeidsmarktregio's/Naam"),
                ("pv_code", "Provincies/Code"), ("pv_naam", "Provincies/Naam")),
        levels=("GM",), periods=None)


def tables(catalog: str = "CBS") -> dict:
    """All fixture tables: labour, its shifted edition, and Gebieden."""
    return {LABOUR_ID: labour_table(catalog=catalog),
            SHIFTED_ID: labour_table(SHIFTED_ID, shift=3, catalog=catalog),
            GEBIEDEN_ID: gebieden_table(catalog=catalog)}


def sample_result(query, retrieved="2026-11-01T10:00:00+00:00", values=(1.5, np.nan)) -> TableResult:
    """A two-row tidy result for cache and snapshot tests (one NaN)."""
    data = pd.DataFrame({"region_code": ["AM01", "AM22"], "measure": "werkzaam",
                         "value": np.array(values, dtype="float64"), "unit": "x 1 000"})
    meta = TableMeta(query.table_id, "Test", "2025-02-14T02:00:00", retrieved, "http://x", False,
                     query.name, units={"werkzaam": "x 1 000"})
    return TableResult(data, meta)


def demo_world_as_cbs() -> dict:
    """The built-in demo tables (the catalogue's shapes) labelled as CBS tables, so the
    ``cbs`` source accepts them; each table's entity sets are fresh dicts/lists to mutate."""
    from regiobeeld.sources.demo import build_tables

    return {table_id: {**sets, "TableInfos": [{**sets["TableInfos"][0], "Catalog": "CBS"}]}
            for table_id, sets in build_tables().items()}
