"""Snapshots: export/import round trip and every way an archive is refused."""

from __future__ import annotations

import json
import zipfile

import odata_fixtures as fx
import pytest
from odata_fixtures import sample_result as make_result

from regiobeeld.core.errors import SnapshotError
from regiobeeld.store.cache import Cache
from regiobeeld.store.snapshot import export_snapshot, import_snapshot

OLD, NEW = "2026-11-01T10:00:00+00:00", "2026-11-20T10:00:00+00:00"


@pytest.fixture
def queries():
    return [fx.labour_query(), fx.gebieden_query()]


@pytest.fixture
def archive(tmp_path, queries):
    source = Cache(tmp_path / "a" / "cbs")
    for query in queries:
        source.put(query, make_result(query, retrieved=OLD))
    export_snapshot(source, tmp_path / "snap.zip")
    return tmp_path / "snap.zip"


def rewrite(archive, change):
    """Rewrite ``archive`` with ``change(name, data) -> data | None`` (None drops the member)."""
    with zipfile.ZipFile(archive) as old:
        members = {n: old.read(n) for n in old.namelist()}
    with zipfile.ZipFile(archive, "w") as new:
        for name, data in members.items():
            data = change(name, data)
            if data is not None:
                new.writestr(name, data)


def test_round_trip(tmp_path, archive, queries):
    target = Cache(tmp_path / "b" / "cbs")
    summary = import_snapshot(target, archive)
    assert len(summary.written) == 2 and summary.skipped == []
    for query in queries:
        assert target.get(query).data.equals(make_result(query).data)
        assert target.get(query).meta.retrieved == OLD
    manifest = json.loads(zipfile.ZipFile(archive).read("manifest.json"))
    assert manifest["source"] == "cbs" and manifest["format"] == 1
    assert [e["table_id"] for e in manifest["entries"]] == ["99001NED", "99003NED"]


def test_tampered_member_is_refused_and_nothing_written(tmp_path, archive):
    rewrite(archive, lambda name, data: data + b"x" if name.endswith(".parquet") else data)
    target = Cache(tmp_path / "b" / "cbs")
    with pytest.raises(SnapshotError, match=r"snap\.zip, onderdeel tables/99001NED/.*parquet: controlesom"):
        import_snapshot(target, archive)
    assert not (target.root / "tables").exists()


def test_missing_member_and_manifest(tmp_path, archive):
    target = Cache(tmp_path / "b" / "cbs")
    rewrite(archive, lambda name, data: None if name.startswith("tables/99003NED") and name.endswith(".json") else data)
    with pytest.raises(SnapshotError, match="ontbreekt in het archief"):
        import_snapshot(target, archive)
    rewrite(archive, lambda name, data: None if name == "manifest.json" else data)
    with pytest.raises(SnapshotError, match="manifest.json: ontbreekt"):
        import_snapshot(target, archive)


def test_not_a_zip(tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    with pytest.raises(SnapshotError, match="geen leesbaar zip-bestand"):
        import_snapshot(Cache(tmp_path / "cbs"), bad)


def test_wrong_source_is_refused(tmp_path, archive):
    demo = Cache(tmp_path / "b" / "demo")
    with pytest.raises(SnapshotError, match="bron 'cbs'.*'demo'"):
        import_snapshot(demo, archive)
    assert not (demo.root / "tables").exists()


def test_newer_entry_is_kept_unless_forced(tmp_path, archive):
    target = Cache(tmp_path / "b" / "cbs")
    labour = fx.labour_query()
    target.put(labour, make_result(labour, retrieved=NEW, values=(9.0, 9.0)))
    summary = import_snapshot(target, archive)
    assert [name for name, _ in summary.skipped] == [target.relative(target.record_path(labour))]
    assert "nieuwer" in summary.skipped[0][1]
    assert target.get(labour).data["value"].tolist() == [9.0, 9.0]
    forced = import_snapshot(target, archive, force=True)
    assert len(forced.written) == 2
    assert target.get(labour).meta.retrieved == OLD


def test_identical_entries_are_skipped(tmp_path, archive):
    target = Cache(tmp_path / "b" / "cbs")
    import_snapshot(target, archive)
    again = import_snapshot(target, archive)
    assert again.written == [] and all("identiek" in reason for _, reason in again.skipped)


def test_path_outside_the_cache_is_refused(tmp_path, archive):
    def evil(name, data):
        if name == "manifest.json":
            manifest = json.loads(data)
            files = manifest["entries"][0]["files"]
            manifest["entries"][0]["files"] = {n.replace("tables/", "../"): v for n, v in files.items()}
            return json.dumps(manifest)
        return data
    rewrite(archive, evil)
    with pytest.raises(SnapshotError, match="ongeldig pad"):
        import_snapshot(Cache(tmp_path / "b" / "cbs"), archive)
