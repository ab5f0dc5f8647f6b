"""The drop-in folder: each export is parsed once per process, and again when edited."""

from __future__ import annotations

import os

from regiobeeld.core.settings import Settings
from regiobeeld.store import dropins


def _write(folder, rows: str, mtime: int):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "leerbanen_2025.csv"
    path.write_text("regio;sector;leerbanen\n" + rows, encoding="utf-8")
    os.utime(path, (mtime, mtime))
    return path


def test_an_unchanged_file_is_parsed_once_an_edited_one_again(tmp_path):
    settings = Settings(source="cbs", cache_root=tmp_path / "cache", dropin_dir=tmp_path / "eigen")
    _write(settings.dropins, "AM22;Techniek;120\n", 1_700_000_000)
    first = dropins.load("leerbanen", settings)
    assert first.ok and first.frame["leerbanen"].tolist() == [120]
    assert dropins.load("leerbanen", settings) is first          # the warm kernel's next region

    _write(settings.dropins, "AM22;Techniek;135\n", 1_700_000_100)   # the adviser edits the file
    edited = dropins.load("leerbanen", settings)
    assert edited is not first and edited.frame["leerbanen"].tolist() == [135]


def test_a_prepared_render_hands_parsed_exports_to_other_processes(tmp_path, monkeypatch):
    from regiobeeld.store import dropins as folder

    settings = Settings(source="cbs", cache_root=tmp_path / "cache", dropin_dir=tmp_path / "eigen")
    _write(settings.dropins, "AM99;Zorg;5\n", 1_700_000_000).rename(settings.dropins / "leerbanen_2024.csv")
    _write(settings.dropins, "AM22;Techniek;120\n", 1_700_000_000)
    path = dropins.prepare(settings, "data-fingerprint")
    parsed, files = dropins.load("leerbanen", settings), dropins.used_files(settings)
    monkeypatch.setattr(folder, "_READ", {})                     # a kernel: nothing read yet
    monkeypatch.setattr(folder, "_PREPARED", {})

    def parse_again(*args):
        raise AssertionError("a prepared export was parsed again")

    monkeypatch.setattr(folder, "_read", parse_again)
    prepared = settings.replace(dropins_file=path)
    assert dropins.load("leerbanen", prepared).frame.equals(parsed.frame)
    assert dropins.used_files(prepared) == files and files[0]["issues"]          # the same messages
    assert dropins.prepare(settings, "data-fingerprint") == path                  # unchanged: kept
