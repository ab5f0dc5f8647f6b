"""The catalogue, its queries and the demo world against the evidence of real CBS table
shapes in ``../shared/data/cbs-metadata`` (every confirmed or inferred fact), so a future
mismatch is caught. Skips when ../shared is absent."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from regiobeeld.core import catalog
from regiobeeld.core.shapes import match_member, member_identity
from regiobeeld.sources.cbs import resolve_topic
from regiobeeld.sources.demo.tables import build_table

EVIDENCE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "cbs-metadata"
#: The repository's own evidence notes: topics seen after the metadata files were written.
NOTES = Path(__file__).resolve().parents[1] / "docs" / "cbs-sources-issue11.md"
QUOTED = re.findall(r"`([^`]+)`", NOTES.read_text(encoding="utf-8"))

pytestmark = pytest.mark.skipif(not EVIDENCE.is_dir(), reason="../shared/data/cbs-metadata is absent")

_KNOWN = ("confirmed", "inferred")
_PLAIN = ("RegioS", "Perioden")     # geo and time members are checked through the levels and periods


def _evidence() -> dict[str, dict]:
    found = {}
    for path in sorted(EVIDENCE.glob("*.json")) if EVIDENCE.is_dir() else []:
        data = json.loads(path.read_text(encoding="utf-8"))
        found[data["id"]] = data
    return found


EVIDENCE_BY_TABLE = _evidence()
TABLES = [t for t in catalog.TABLES if t in EVIDENCE_BY_TABLE]


def _known(items):
    return [item for item in items if item.get("status") in _KNOWN]


def _path(topic: dict) -> str | None:
    """The evidenced group path as catalog.Topic.group spells it; ``"?"`` when unknown."""
    path = topic["group_path"]
    if path == ["unknown"]:
        return "?"
    return "/".join(path) or None


def test_every_catalogued_table_has_evidence():
    assert set(catalog.TABLES) == set(TABLES)


@pytest.mark.parametrize("table_id", TABLES)
def test_title_and_demo_title(table_id):
    spec, evidence = catalog.table(table_id), EVIDENCE_BY_TABLE[table_id]
    assert spec.title == evidence["title"]
    served = build_table(table_id)["TableInfos"][0]["Title"]
    assert served.removesuffix("; demonstratiegegevens") == evidence["title"]


@pytest.mark.parametrize("table_id", TABLES)
def test_dimensions_and_members(table_id):
    spec, evidence = catalog.table(table_id), EVIDENCE_BY_TABLE[table_id]
    for dim in _known(evidence["dimensions"]):
        found = [d for d in spec.dimensions if d.key == dim["key"] or (dim["key"] is None and d.title == dim["title"])]
        assert found, (table_id, dim["key"], dim["title"])
        model = found[0]
        if dim["title"]:
            assert model.title == dim["title"], (table_id, dim["key"])
        if model.key in _PLAIN or not model.members:
            continue
        rows = [{"Key": k, "Title": t} for k, t in model.members]
        for member in _known(dim["members"]):
            key, title = member["key"], member["title"]
            if key and any(k == key for k, _ in model.members) and title:
                assert dict(model.members)[key] == title, (table_id, key)
            if title:
                same = [t for _, t in model.members if member_identity(t) == member_identity(title) is not None]
                assert all(_same_title(t, title) for t in same), (table_id, title, same)  # "K Financiële diensten"
                full = next((t for _, t in model.members if _same_title(t, title)), title)
                assert match_member(rows, full) is not None, (table_id, title)


def _same_title(model: str, seen: str) -> bool:
    """Equal, or ``seen`` is a title cut short on the page ("… administrat...", "… ju.")."""
    return model == seen or (seen.endswith(".") and model.startswith(seen.rstrip(".")))


def _evidence_properties(evidence: dict) -> list[dict]:
    """DataProperties TopicGroups and Topics as the evidence describes them."""
    props, groups = [], {}
    for topic in evidence["topics"]:
        parent = None
        path = [] if topic["group_path"] == ["unknown"] else topic["group_path"]
        for depth in range(len(path)):
            key = tuple(path[:depth + 1])
            if key not in groups:
                groups[key] = len(props)
                props.append({"ID": len(props), "ParentID": parent, "Type": "TopicGroup", "Title": path[depth]})
            parent = groups[key]
        props.append({"ID": len(props), "ParentID": parent, "Type": "Topic", "Key": topic["key"] or "",
                      "Title": topic["title"] or "", "Unit": topic["unit"]})
    return props


@pytest.mark.parametrize("table_id", TABLES)
def test_topics(table_id):
    spec, evidence = catalog.table(table_id), EVIDENCE_BY_TABLE[table_id]
    by_key = {t.key: t for t in spec.topics}
    for topic in _known(evidence["topics"]):
        model = by_key.get(topic["key"]) if topic["key"] else None
        if model is None:
            same = [t for t in spec.topics if t.title == topic["title"] and t.unit == topic["unit"]]
            model = same[0] if len(same) == 1 else None
        if model is None:
            continue
        assert (model.title, model.unit) == (topic["title"] or model.title, topic["unit"] or model.unit), \
            (table_id, topic)
        if _path(topic) != "?":
            assert model.group == _path(topic), (table_id, topic["title"])
        if topic["key"]:
            assert model.key == topic["key"], (table_id, topic["title"])


@pytest.mark.parametrize("query", [q for q in catalog.QUERIES.values() if q.table_id in TABLES], ids=lambda q: q.name)
def test_every_query_topic_resolves_in_the_evidenced_topics(query):
    evidence = EVIDENCE_BY_TABLE[query.table_id]
    props = _evidence_properties(evidence)
    titles = {t["title"] for t in evidence["topics"]}
    for alias, spec in query.topics:
        title = spec.rsplit("/", 1)[-1]
        if spec != "*" and spec not in titles and title not in titles:
            if not any(title in quoted for quoted in QUOTED):
                pytest.fail(f"{query.table_id}: {spec!r} is not an evidenced topic title")
            resolve_topic(build_table(query.table_id)["DataProperties"], spec, query.table_id)  # where the notes put it
            continue
        resolve_topic(props, spec, query.table_id)


@pytest.mark.parametrize("table_id", TABLES)
def test_levels_and_periods(table_id):
    spec, evidence = catalog.table(table_id), EVIDENCE_BY_TABLE[table_id]
    absent = {level for level, seen in evidence["levels"].items() if seen is False}
    assert not absent & set(spec.levels), table_id
    for query in (q for q in catalog.QUERIES.values() if q.table_id == table_id):
        assert not absent & set(query.levels), query.name
    if evidence["period_type"] in ("JJ", "KW", "MM"):
        assert spec.frequency == evidence["period_type"], table_id
    keys = [row["Key"] for row in build_table(table_id).get("Perioden", [])]
    for seen in evidence["periods_seen"]:
        if re.fullmatch(r"\d{4}(JJ|KW|MM)\d\d", seen):
            assert any(k[4:6] == seen[4:6] for k in keys), (table_id, seen)


@pytest.mark.parametrize("table_id", TABLES)
def test_nothing_is_called_confirmed_that_the_evidence_does_not_confirm(table_id):
    spec, evidence = catalog.table(table_id), EVIDENCE_BY_TABLE[table_id]
    facts = [*evidence["dimensions"], *evidence["topics"], *(m for d in evidence["dimensions"] for m in d["members"])]
    unconfirmed = any(f.get("status") != "confirmed" for f in facts) or "unknown" in evidence["levels"].values()
    if unconfirmed:
        assert spec.status != "confirmed", table_id
    assert spec.evidence, table_id
