"""The fault matrix of issue 9: each numbered fault, reproduced, with the behaviour now.

Every test states the message the user sees, the exit code, and that nothing already
written changed: the previous bundle, the cache and the user's own files hash the same
before and after (:func:`tree`). Renders use the small fixture notebooks without data,
one or two regions. Items 4 and 5 (CBS outage, progress in the data phase) belong to the
CBS client and are tested with it.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest
import slow_render

from regiobeeld.batch.bundle import MARKER_NAME, RECORDS_DIR, mark, output_lock, publish, recover, staging
from regiobeeld.batch.runner import WORKER_NAME, RenderOptions, render, select_notebooks, worker_limit
from regiobeeld.cli import EXIT_FAILED_PAGES, main
from regiobeeld.core.catalog import Query
from regiobeeld.core.errors import ConfigError, RegiobeeldError, SnapshotError
from regiobeeld.core.files import user_file_mode
from regiobeeld.core.regions import load_region
from regiobeeld.core.settings import PROJECT_ROOT, Settings
from regiobeeld.core.tidy import TableMeta, TableResult
from regiobeeld.indicators.model import IndicatorSet
from regiobeeld.indicators.specs import SPECS
from regiobeeld.presentation.dropins import section
from regiobeeld.presentation.report import Page
from regiobeeld.sources.dropins import write_templates
from regiobeeld.sources.dropins.validate import MAX_ISSUES
from regiobeeld.store import dropins
from regiobeeld.store.cache import Cache
from regiobeeld.store.snapshot import export_snapshot, import_snapshot

FIXTURES = Path(__file__).resolve().parent / "notebooks"


# ---------------------------------------------------------------- helpers

def tree(root: Path) -> dict[str, str]:
    """Every file and folder under ``root`` (hidden ones too) with its content hash."""
    root = Path(root)
    if root.is_file():
        return {".": hashlib.sha256(root.read_bytes()).hexdigest()}
    found = {}
    for path in sorted(root.rglob("*")):
        key = path.relative_to(root).as_posix()
        found[key] = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def run_cli(capsys, *argv) -> tuple[int, str]:
    """Exit code and stderr of ``regiobeeld argv``."""
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:       # usage errors
        code = exc.code
    return code, capsys.readouterr().err


def settings_for(tmp_path: Path, **changes) -> Settings:
    params = tmp_path / "params"
    if not params.exists():
        import shutil

        shutil.copytree(PROJECT_ROOT / "params", params)
    return Settings(source="cbs", cache_root=tmp_path / "cache", params_dir=params,
                    dropin_dir=tmp_path / "eigen-data", **changes)


def options(out: Path, regions=("AM22",), **changes) -> RenderOptions:
    return RenderOptions(regions=tuple(regions), notebooks_dir=FIXTURES, out_dir=out, themes=("ok",),
                         jobs=1, progress=False, **changes)


def live_children() -> list[int]:
    """Child processes of this test process that still run: zombies do not count, nor
    multiprocessing's resource tracker (it lives as long as the process that started it)."""
    pids = []
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        try:
            pids += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return [pid for pid in pids if _running(pid) and not _cmdline_has(pid, b"resource_tracker")]


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def assert_no_local_paths(folder: Path, *paths: Path) -> None:
    for page in [*folder.rglob("*.html"), *folder.rglob("*.ipynb")]:
        text = page.read_text(encoding="utf-8")
        for path in (*paths, PROJECT_ROOT, Path.home()):
            assert str(path) not in text, f"{page.name} names {path}"
        assert "input_path" not in text


@pytest.fixture
def cli_env(tmp_path, monkeypatch):
    """The CLI's cache in tmp_path (refusals happen before it is touched)."""
    monkeypatch.setenv("REGIOBEELD_CACHE", str(tmp_path / "cache"))
    return tmp_path


# ---------------------------------------------------------------- 1. a user's folder

@pytest.mark.parametrize("layout", ["own-folder", "checkout", "file", "symlink", "logs-folder"])
def test_1_render_never_replaces_what_is_not_a_bundle(cli_env, capsys, layout):
    home = cli_env / "home"
    if layout == "own-folder":           # render --uit ~/stukken --naam Projecten
        out, name = home / "stukken", "Projecten"
        (out / name).mkdir(parents=True)
        (out / name / "begroting.docx").write_bytes(b"eigen werk")
    elif layout == "checkout":           # render --uit ~ with a checkout in ~/regiobeeld
        out, name = home, "regiobeeld"
        (home / "regiobeeld" / ".git").mkdir(parents=True)
        (home / "regiobeeld" / "params").mkdir()
        (home / "regiobeeld" / "params" / "AM22.yaml").write_text("aangepast", encoding="utf-8")
    elif layout == "file":               # --uit pointing at a file
        home.mkdir()
        out, name = home / "notities.txt", "regiobeeld"
        out.write_text("notities", encoding="utf-8")
    elif layout == "logs-folder":        # the log folder beside the bundle is the user's
        out, name = home / "uit", "regiobeeld"
        (out / "regiobeeld.logs").mkdir(parents=True)
        (out / "regiobeeld.logs" / "notities.txt").write_text("eigen", encoding="utf-8")
    else:                                # the target is a link to the user's folder
        (home / "stukken").mkdir(parents=True)
        (home / "stukken" / "brief.txt").write_text("brief", encoding="utf-8")
        out, name = home / "uit", "regiobeeld"
        out.mkdir()
        (out / name).symlink_to(home / "stukken", target_is_directory=True)
    before = tree(home)
    code, err = run_cli(capsys, "render", "--regio", "AM22", "--uit", out, "--naam", name)
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("Fout: ") and str(out) in err
    assert tree(home) == before


def test_1_publish_and_cleanup_refuse_a_folder_they_did_not_make(tmp_path):
    target = tmp_path / "regiobeeld"
    target.mkdir()
    (target / "eigen.txt").write_text("van de gebruiker", encoding="utf-8")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    lookalike = tmp_path / f".regiobeeld.tmp-{dead}"      # named like staging, not ours
    lookalike.mkdir()
    (lookalike / "eigen.txt").write_text("ook van de gebruiker", encoding="utf-8")
    before = tree(tmp_path)
    recover(target)
    with pytest.raises(RegiobeeldError, match="geen regiobeeld-bundel"):
        with staging(target) as tmp:
            publish(tmp, target)
    assert tree(tmp_path) == before


# ---------------------------------------------------------------- 2. a corrupt drop-in

def corrupt_xlsx(folder: Path) -> Path:
    """A real template whose sheet XML is cut in half (openpyxl raises ParseError)."""
    write_templates(folder / "sjablonen")
    source, broken = folder / "sjablonen" / "sjabloon_vacatures.xlsx", folder / "eigen-data" / "vacatures_2025.xlsx"
    broken.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(broken, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info, data[: len(data) // 2] if info.filename.endswith("sheet1.xml") else data)
    return broken


def test_2_corrupt_xlsx_is_a_message_for_that_file_and_the_bundle_is_made(tmp_path):
    settings = settings_for(tmp_path)
    broken = corrupt_xlsx(tmp_path)
    [issue] = dropins.load("vacatures", settings).issues
    assert issue.file == broken.name and "geen geldig Excel-bestand" in issue.message
    assert "Niet geladen" in section("vacatures", "AM22", settings)[0].html
    messages: list[str] = []
    report = render(options(tmp_path / "out"), settings, echo=messages.append)
    index = (report.bundle / "index.html").read_text(encoding="utf-8")
    assert not report.failures and broken.name in index and "geen geldig Excel-bestand" in index
    assert "Traceback" not in "\n".join(messages)
    assert live_children() == []


# ---------------------------------------------------------------- 3. one region, whole bundle

def test_3_one_region_updates_the_bundle_and_apart_makes_a_separate_one(tmp_path):
    settings, out = settings_for(tmp_path), tmp_path / "out"
    full = render(options(out, ("AM22", "AM01")), settings, echo=lambda m: None).bundle
    am01 = tree(full / "AM01-groningen")
    report = render(options(out, ("AM22",), force=True), settings, echo=lambda m: None)
    assert report.kept == 1 and [r.region for r in report.results] == ["AM22"]
    assert tree(full / "AM01-groningen") == am01 and (full / "AM01-groningen.zip").is_file()
    index = (full / "index.html").read_text(encoding="utf-8")
    assert "AM01-groningen/ok.html" in index and "AM22-rijnmond/ok.html" in index
    before = tree(full)
    apart = render(options(out, ("AM22",), name="regiobeeld-am22", merge=False), settings,
                   echo=lambda m: None).bundle
    assert sorted(p.name for p in apart.iterdir() if p.is_dir()) == [RECORDS_DIR, "AM22-rijnmond"]
    assert [p.name for p in (apart / RECORDS_DIR).iterdir()] == ["AM22"]
    assert tree(full) == before
    assert_no_local_paths(full, tmp_path, FIXTURES)


# ---------------------------------------------------------------- 6. SIGKILL of the main process

def descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*"):
            try:
                children = {int(c) for c in (task / "children").read_text().split()}
            except OSError:
                continue
            todo += sorted(children - found)
            found |= children
    return found


def start_slow_render(tmp_path: Path, **popen) -> tuple[subprocess.Popen, set[int]]:
    """A render of three slow pages in a child process, once both workers run."""
    script = tmp_path / "render_slow.py"
    script.write_text(slow_render.SCRIPT, encoding="utf-8")
    # Output goes to a file, not a pipe: a pipe stays open while any worker holds it.
    with (tmp_path / "render.log").open("wb") as sink:
        child = subprocess.Popen([sys.executable, str(script), str(FIXTURES), str(tmp_path / "out"),
                                  str(settings_for(tmp_path).params_dir)],
                                 stdout=sink, stderr=subprocess.STDOUT, **popen)
    deadline = time.monotonic() + 300
    workers: list[int] = []
    while len(workers) < 2 and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.2)
        workers = [p for p in descendants(child.pid) if _comm(p) == WORKER_NAME]
    if len(workers) < 2:
        stop(child)
        pytest.fail("the workers never started")
    time.sleep(1.0)
    return child, descendants(child.pid)


def stop(child: subprocess.Popen) -> None:
    """Kill ``child`` if it still runs, and reap it."""
    if child.poll() is None:
        child.kill()
    child.wait()


def render_log(tmp_path: Path) -> str:
    return (tmp_path / "render.log").read_text(encoding="utf-8", errors="replace")


def _cmdline_has(pid: int, text: bytes) -> bool:
    try:
        return text in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def wait_gone(pids: set[int], seconds: float = 60) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(_running(p) for p in pids):
        time.sleep(0.2)
    return [p for p in pids if _running(p)]


def previous_bundle(out: Path) -> Path:
    bundle = out / "regiobeeld"
    bundle.mkdir(parents=True)
    mark(bundle)
    (bundle / "index.html").write_text("vorige bundel", encoding="utf-8")
    return bundle


def test_6_workers_die_with_a_killed_parent_and_the_next_run_cleans_up(tmp_path):
    bundle = previous_bundle(tmp_path / "out")
    before = tree(bundle)
    child, family = start_slow_render(tmp_path)
    try:
        stop(child)
        assert wait_gone(family) == []
    finally:
        for pid in family:
            if _running(pid):
                os.kill(pid, signal.SIGKILL)
    assert tree(bundle) == before
    assert list((tmp_path / "out").glob(".regiobeeld.tmp-*"))       # left by the killed run
    recover(bundle)
    assert not list((tmp_path / "out").glob(".regiobeeld.tmp-*"))
    assert tree(bundle) == before


def test_10_ctrl_c_prints_one_clean_line_and_no_traceback(tmp_path):
    bundle = previous_bundle(tmp_path / "out")
    before = tree(bundle)
    child, family = start_slow_render(tmp_path, start_new_session=True)
    try:
        os.killpg(child.pid, signal.SIGINT)        # what a terminal's Ctrl-C does
        child.wait(timeout=300)                    # a bound for a hung render, not a speed target
    finally:
        stop(child)
    output = render_log(tmp_path)
    assert child.returncode == 130, output
    assert "Traceback" not in output and "Task exception" not in output
    assert wait_gone(family) == [] and tree(bundle) == before


# ---------------------------------------------------------------- 7. reader pages

def test_7_pages_say_a_failure_once_without_url_path_or_command(tmp_path):
    missing = [spec for spec in SPECS if spec not in ("unemployment_rate",)][:2]
    reason = ("CBS gaf HTTP 500 voor https://opendata.cbs.nl/ODataApi/odata/83582NED/TypedDataSet; "
              f"cache {tmp_path / 'cache' / 'cbs'} is leeg. Haal de tabel op met `regiobeeld prefetch`.")
    frame = pd.DataFrame([{"indicator": "unemployment_rate", "region_code": "AM22", "period": "2024JJ00",
                           "period_status": "", "category": "", "value": 3.5}])
    iset = IndicatorSet(frame=frame, specs=SPECS, sources={}, names={"AM22": "Rijnmond", "NL": "Nederland"},
                        province_of={}, demo=False, fingerprint="f" * 16, neighbours={},
                        failures={name: reason for name in missing})
    page = Page("AM22", "aanbod", settings_for(tmp_path), indicators=iset)
    first, second = (page.sentence(name).html for name in missing)
    assert "HTTP 500" in first and "om dezelfde reden als hierboven" in second
    for html in (first, second, page.dropin("vacatures").html):
        assert "opendata.cbs.nl" not in html and str(tmp_path) not in html
        assert "regiobeeld prefetch" not in html and "eigen-data sjablonen" not in html


# ---------------------------------------------------------------- 8. unbounded inputs

def test_8_a_file_of_duplicate_rows_gives_a_capped_message(tmp_path):
    settings = settings_for(tmp_path)
    settings.dropins.mkdir(parents=True)
    rows = "".join("AM22;2025-06;Zorg;100\n" for _ in range(3000))
    (settings.dropins / "vacatures_dubbel.csv").write_text("regio;periode;sector;aantal\n" + rows, encoding="utf-8")
    issues = dropins.load("vacatures", settings).issues
    assert len(issues) == MAX_ISSUES + 1 and sum(i.count for i in issues) == 2999
    assert "en nog 2.979 meldingen" in str(issues[-1])
    [row] = dropins.used_files(settings)
    assert len("; ".join(row["issues"])) < 5000


def snapshot_of(tmp_path: Path) -> tuple[Cache, Path, dict]:
    """A cache with one entry, exported; returns the cache, the zip and the manifest."""
    cache = Cache(tmp_path / "bron" / "cbs", source="cbs")
    query = Query(name="q", table_id="99001NED", topics=(("x", "X"),))
    meta = TableMeta(table_id="99001NED", title="T", modified=None, retrieved="2026-11-01T10:00:00+00:00",
                     source_url="http://127.0.0.1", demo=False, query="q")
    cache.put(query, TableResult(pd.DataFrame({"region_code": ["AM22"], "value": [1.0]}), meta))
    archive = tmp_path / "snapshot.zip"
    export_snapshot(cache, archive)
    with zipfile.ZipFile(archive) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    return cache, archive, manifest


def rewrite(archive: Path, change) -> None:
    """Apply ``change(members)`` to the archive's members and fix the checksums."""
    with zipfile.ZipFile(archive) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    change(members)
    manifest = json.loads(members.pop("manifest.json"))
    for entry in manifest["entries"]:
        entry["files"] = {name: hashlib.sha256(members[name]).hexdigest() for name in entry["files"]}
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        for name, data in members.items():
            zf.writestr(name, data)


def test_8_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    _, archive, _ = snapshot_of(tmp_path)
    with zipfile.ZipFile(archive, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("tables/extra.bin", bytes(32 * 2**20))        # 32 MB of zeros, about 32 KB packed
    target = Cache(tmp_path / "doel" / "cbs", source="cbs")
    with pytest.raises(SnapshotError, match="zip-bom"):
        import_snapshot(target, archive)
    assert not target.root.exists()


def test_8_jobs_are_capped_by_cores_and_memory():
    said: list[str] = []
    limit = worker_limit(1000, said.append)
    assert 1 <= limit <= (os.cpu_count() or 1) and "--jobs 1000 is te veel" in said[0]
    assert worker_limit(1, said.append) == 1


# ---------------------------------------------------------------- 9. Fout: instead of a traceback

def change_record(members: dict, edit) -> None:
    """Apply ``edit(record)`` to the archive's one cache record; the manifest follows."""
    name = next(n for n in members if n.endswith(".json") and n.startswith("tables/"))
    record = json.loads(members[name])
    edit(record)
    members[name] = json.dumps(record).encode()
    manifest = json.loads(members["manifest.json"])
    manifest["entries"][0]["retrieved"] = record["meta"]["retrieved"]
    members["manifest.json"] = json.dumps(manifest).encode()


FUTURE = (datetime.now(timezone.utc) + timedelta(days=30)).isoformat()


@pytest.mark.parametrize("edit, fragment", [
    (lambda r: r["meta"].update(retrieved="gisteren"), "metadata ongeldig"),
    (lambda r: r["meta"].update(retrieved="2026-11-01T10:00:00"), "zonder tijdzone"),
    (lambda r: r["meta"].update(retrieved=FUTURE), "ligt in de toekomst"),
    (lambda r: r.update(parquet="../../evil.parquet"), "geen gewone bestandsnaam"),
], ids=["malformed-date", "no-timezone", "future-date", "path-in-record"])
def test_9_snapshot_records_are_checked_field_by_field(tmp_path, capsys, monkeypatch, edit, fragment):
    _, archive, _ = snapshot_of(tmp_path)
    rewrite(archive, lambda members: change_record(members, edit))
    cache_root = tmp_path / "cli-cache"
    monkeypatch.setenv("REGIOBEELD_CACHE", str(cache_root))
    code, err = run_cli(capsys, "snapshot", "import", archive, "--bron", "cbs")
    assert code == 1 and err.startswith("Fout: ") and err.count("\n") == 1 and fragment in err
    assert not list(cache_root.rglob("*.json"))


def test_9_a_future_retrieved_date_is_stale_not_fresh_forever(tmp_path):
    cache, _, _ = snapshot_of(tmp_path)
    [entry] = cache.entries()
    record = json.loads(entry.path.read_text(encoding="utf-8"))
    record["meta"]["retrieved"] = "2099-01-01T00:00:00+00:00"
    entry.path.write_text(json.dumps(record), encoding="utf-8")
    query = Query(name="q", table_id="99001NED", topics=(("x", "X"),))
    assert cache.status(query) == "stale"


def read_only_folder(tmp_path: Path) -> Path:
    """A folder nobody may write in: chmod for a normal user; as root, /sys."""
    if os.geteuid() != 0:
        folder = tmp_path / "alleen-lezen"
        folder.mkdir()
        folder.chmod(0o555)
        return folder / "uit"
    probe = Path("/sys/regiobeeld-test")
    try:
        probe.mkdir()
    except OSError:
        return probe
    probe.rmdir()
    pytest.skip("no read-only folder on this machine (root, and /sys is writable)")


@pytest.mark.parametrize("what", ["output", "cache"])
def test_9_a_read_only_folder_is_one_fout_line(cli_env, capsys, monkeypatch, what):
    folder = read_only_folder(cli_env)
    argv = ["render", "--regio", "AM22", "--uit", cli_env / "out"]
    if what == "output":
        argv[-1] = folder
    else:
        monkeypatch.setenv("REGIOBEELD_CACHE", str(folder))
    code, err = run_cli(capsys, *argv)
    assert code == 1 and err.count("\n") == 1
    assert err.startswith(f"Fout: {folder}") and "schrijfrechten" in err


# ---------------------------------------------------------------- 10. smaller faults

def test_10_a_second_render_into_the_same_folder_refuses(cli_env, capsys):
    out = cli_env / "out"
    with output_lock(out / "regiobeeld"):
        code, err = run_cli(capsys, "render", "--regio", "AM22", "--uit", out)
    assert code == 1 and err.startswith("Fout: Er loopt al een render naar") and str(os.getpid()) in err
    assert sorted(p.name for p in out.iterdir()) == []


def test_10_a_bad_params_file_skips_only_its_own_region(tmp_path):
    settings = settings_for(tmp_path)
    (settings.params_dir / "AM01.yaml").write_text("code: AM01\nname: [kapot\n", encoding="utf-8")
    messages: list[str] = []
    report = render(options(tmp_path / "out", ("AM22", "AM01")), settings, echo=messages.append)
    assert [r.region for r in report.results] == ["AM22"]
    assert report.skipped and report.skipped[0].startswith("AM01: ") and "AM01.yaml" in report.skipped[0]
    assert any(m.startswith("Overgeslagen: AM01") for m in messages)
    assert "OVERGESLAGEN AM01" in messages[-1]
    assert live_children() == []


def test_10_the_cli_exits_3_when_a_region_was_skipped(cli_env, capsys, monkeypatch):
    settings = settings_for(cli_env)
    (settings.params_dir / "AM01.yaml").write_text("code: AM01\nname: [kapot\n", encoding="utf-8")
    monkeypatch.setenv("REGIOBEELD_PARAMS", str(settings.params_dir))
    monkeypatch.setattr("regiobeeld.indicators.compute.prepare", lambda settings: None)
    code, err = run_cli(capsys, "render", "--regio", "AM22", "AM01", "--notebooks", FIXTURES, "--thema", "ok",
                        "--uit", cli_env / "out", "--geen-voortgang", "-j", "1")
    assert code == EXIT_FAILED_PAGES and "OVERGESLAGEN AM01" in err


def test_10_themes_any_case_and_a_region_name_suggests_its_code(cli_env, capsys):
    assert [nb.theme for nb in select_notebooks(FIXTURES, ("OK", "Warns"))] == ["ok", "warns"]
    code, err = run_cli(capsys, "render", "--regio", "Rijnmond")
    assert code == 2 and "Bedoelt u AM22 (Rijnmond)?" in err


def test_10_utf16_csv_is_read_and_nul_bytes_are_refused(tmp_path):
    settings = settings_for(tmp_path)
    settings.dropins.mkdir(parents=True)
    text = "regio;periode;sector;aantal\nAM22;2025-06;Zorg;100\nAM22;2025-06;Totaal;400\n"
    (settings.dropins / "vacatures_utf16.csv").write_bytes(text.encode("utf-16"))
    data = dropins.load("vacatures", settings)
    assert data.ok and data.frame["aantal"].tolist() == [400.0, 100.0]
    (settings.dropins / "vacatures_utf16.csv").write_bytes(b"regio;periode\x00\x01\x02;x\n")
    [issue] = dropins.load("vacatures", settings).issues
    assert "NUL" in issue.message and "\x00" not in str(issue)


@pytest.mark.parametrize("neighbours, fragment", [("[AM22, AM19]", "de regio zelf"),
                                                   ("[AM19, AM20, am19]", "AM19 meer dan eens")])
def test_10_self_and_duplicate_neighbours_are_rejected(tmp_path, neighbours, fragment):
    params = settings_for(tmp_path).params_dir
    path = params / "AM22.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "[AM19, AM20, AM21, AM23, AM24, AM25, AM34, AM35]", neighbours), encoding="utf-8")
    with pytest.raises(ConfigError, match=fragment):
        load_region("AM22", params)


def test_10_files_follow_the_users_umask(tmp_path):
    previous = os.umask(0o002)
    try:
        cache, _, _ = snapshot_of(tmp_path)
        written = write_templates(tmp_path / "sjablonen")
        files = [*cache.root.rglob("*.json"), *cache.root.rglob("*.parquet"), *map(Path, written)]
        assert {f.stat().st_mode & 0o777 for f in files} == {0o664} == {user_file_mode()}
    finally:
        os.umask(previous)


def test_7_bundles_carry_the_marker_and_notebooks_no_local_paths(tmp_path):
    report = render(options(tmp_path / "out"), settings_for(tmp_path), echo=lambda m: None)
    assert (report.bundle / MARKER_NAME).is_file()
    assert_no_local_paths(report.bundle, tmp_path, FIXTURES)
    notebook = json.loads((report.bundle / "AM22-rijnmond" / "ok.ipynb").read_text(encoding="utf-8"))
    assert "input_path" not in notebook["metadata"]["papermill"]
