"""The drop-in folder: each export is parsed once per process, and again when edited."""

from __future__ import annotations

import os

from regiobeeld import dropins
from regiobeeld.settings import Settings


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
