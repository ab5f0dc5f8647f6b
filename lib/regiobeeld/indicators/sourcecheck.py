"""The sources check: do the catalogued CBS tables still have the shape the queries need?

:func:`check_sources` reads only metadata (TableInfos, DataProperties and the dimension
members) of every table in :data:`regiobeeld.core.catalog.QUERIES`, and checks each query's
topics, filter dimensions and members, region levels and period type with the same
resolution rules the client uses. It names each problem with the closest titles found
and the indicators that depend on the table. This is what an adviser runs first, and
what a maintainer runs when CBS publishes a new edition.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from ..core import catalog
from ..core.catalog import Query
from ..core.errors import SourceError, SourceUnreachable, TableNotFoundError
from ..core.shapes import match_member
from ..sources.cbs import CbsClient, TableShape, dimension_key, resolve_topic, select_periods

__all__ = ["TableCheck", "check_sources", "report_lines"]

_SUGGESTIONS = 3


@dataclass
class TableCheck:
    """The outcome for one table: its problems (Dutch, empty when OK) and affected indicators."""

    table_id: str
    title: str
    queries: list[str]
    problems: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_sources(client: CbsClient) -> list[TableCheck]:
    """Check every catalogued table at ``client``'s host; raises SourceUnreachable when the
    host cannot be reached at all."""
    from .compute import indicators_reading

    by_table: dict[str, list[Query]] = {}
    for query in catalog.QUERIES.values():
        by_table.setdefault(query.table_id, []).append(query)
    titles: dict[str, str] | None = None
    checks = []
    for table_id, queries in by_table.items():
        spec = catalog.TABLES.get(table_id)
        check = TableCheck(table_id, spec.title if spec else table_id, [q.name for q in queries])
        try:
            shape = client.shape(table_id)
        except TableNotFoundError:
            titles = titles if titles is not None else _table_titles(client)
            check.problems.append("tabel bestaat niet (meer) (HTTP 404)" + _like(check.title, titles))
        except SourceUnreachable:
            raise
        except SourceError as exc:
            check.problems.append(f"metadata niet op te halen: {exc}")
        else:
            check.title = (shape.infos[0].get("Title") or check.title).strip() if shape.infos else check.title
            for query in queries:
                check.problems += [f"{problem} (query {query.name})" for problem in query_problems(query, shape)]
        if check.problems:
            check.indicators = indicators_reading(check.queries)
        checks.append(check)
    return checks


def _table_titles(client: CbsClient) -> dict[str, str]:
    """Title → "id title" of every table the host lists; empty when the list cannot be had."""
    try:
        return {title: f"{table_id} {title}" for table_id, title in client.table_titles().items()}
    except SourceUnreachable:
        raise
    except SourceError:
        return {}


def query_problems(query: Query, shape: TableShape) -> list[str]:
    """What ``query`` needs and ``shape`` lacks, each with the closest alternatives."""
    problems = [_topic_problem(spec, shape) for _, spec in query.topics]
    for name, members in query.filters:
        dimension = dimension_key(name, shape.dims, shape.dim_titles)
        if dimension is None:
            known = {**{d: d for d in shape.dims}, **{t: t for t in shape.dim_titles.values()}}
            problems.append(f"dimensie {name!r} ontbreekt" + _like(name, known))
            continue
        problems += [_member_problem(name, member, shape.dims[dimension]) for member in members]
    problems += _level_problems(query, shape)
    if query.periods and shape.time_key and not select_periods(shape.dims[shape.time_key], query.periods):
        problems.append(f"geen perioden van soort {query.periods.frequency}")
    return [p for p in problems if p]


def _topic_problem(spec: str, shape: TableShape) -> str:
    try:
        resolve_topic(shape.props, spec, shape.table_id)
    except SourceError as exc:
        topics = {p["Title"].strip(): p["Title"].strip() for p in shape.props if p.get("Type") == "Topic"}
        found = "niet eenduidig" if "niet eenduidig" in str(exc) else "ontbreekt"
        return f"onderwerp {spec!r} {found}" + _like(spec.rsplit("/", 1)[-1], topics)
    return ""


def _member_problem(dimension: str, member: str, rows: list[dict]) -> str:
    if match_member(rows, member) is None:
        shown = {r["Key"].strip(): f"{r['Key'].strip()} {(r.get('Title') or '').strip()}" for r in rows}
        titles = {**shown, **{(r.get("Title") or "").strip(): shown[r["Key"].strip()] for r in rows}}
        return f"dimensie {dimension}: categorie {member!r} ontbreekt" + _like(member, titles)
    return ""


def _level_problems(query: Query, shape: TableShape) -> list[str]:
    if not query.levels:
        return []
    if shape.geo is None:
        return [f"geen regiodimensie, maar de query vraagt {', '.join(query.levels)}"]
    problems = []
    for geo in shape.geos:
        keys = [row["Key"] for row in shape.dims[geo]]
        where = f" in {geo}" if len(shape.geos) > 1 else ""
        problems += [f"regioniveau {level} wordt niet gepubliceerd{where}" for level in query.levels
                     if not any(key.startswith(catalog.LEVEL_PREFIXES[level]) for key in keys)]
    return problems


def _like(wanted: str, candidates: dict[str, str]) -> str:
    """"; lijkt op: …" with the closest candidate titles (shown as their values), or ""."""
    close = difflib.get_close_matches(wanted, list(candidates), n=_SUGGESTIONS, cutoff=0.5)
    return "; lijkt op: " + ", ".join(repr(candidates[c]) for c in close) if close else ""


def report_lines(checks: list[TableCheck], labels: dict[str, str]) -> list[str]:
    """The Dutch report: one line per table, its problems and affected indicators, a total."""
    lines = []
    for check in checks:
        lines.append(f"{'OK' if check.ok else 'PROBLEEM':8} {check.table_id:9} {check.title}")
        lines += [f"         - {problem}" for problem in check.problems]
        if check.indicators:
            names = ", ".join(labels.get(i, i) for i in check.indicators)
            lines.append(f"         getroffen indicatoren: {names}")
    bad = [c for c in checks if not c.ok]
    hit = {i for c in bad for i in c.indicators}
    lines.append(f"{len(checks) - len(bad)} van {len(checks)} tabellen in orde"
                 + (f"; {len(bad)} met problemen, {len(hit)} indicatoren getroffen." if bad else "."))
    return lines
