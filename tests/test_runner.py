"""The batch runner: failure isolation, logs, incremental rebuilds, interrupts, clean workers.

Most tests use the small fixture notebooks in ``tests/notebooks`` (named after their
behaviour) without prepared data; ``test_all_regions_all_themes`` renders the real
notebooks for all 35 regions on the built-in demonstration data.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
import zipfile
from pathlib import Path

import pytest
import slow_render

import regiobeeld.batch.runner as runner_module
from regiobeeld.batch.bundle import MANIFEST_NAME, mark
from regiobeeld.batch.runner import (WORKER_NAME, RenderOptions, library_fingerprint, render, select_notebooks,
                                     theme_of)
from regiobeeld.core.regions import CODES, load_region
from regiobeeld.core.settings import PROJECT_ROOT, Settings
from regiobeeld.indicators import prepare

FIXTURES = Path(__file__).resolve().parent / "notebooks"
REAL_NOTEBOOKS = PROJECT_ROOT / "notebooks"
#: Attributes and CSS that make a browser fetch something.
RESOURCE = re.compile(r"""(?:\bsrc|\bsrcset|\bposter|\bdata|<link[^>]*\bhref)\s*=\s*["']?\s*((?:https?:)?//[^"'\s>]*)"""
                      r"""|url\(\s*["']?\s*((?:https?:)?//[^)"']*)|@import""", re.IGNORECASE)


def external_resources(html: str) -> list[str]:
    """Every URL the page would load from the network (links to click are not loads)."""
    found = [m.group(0) for m in RESOURCE.finditer(html)]
    found += re.findall(r"<script[^>]*\bsrc\s*=", html, flags=re.IGNORECASE)
    return found


def fixture_settings(tmp_path: Path) -> Settings:
    params = tmp_path / "params"
    if not params.exists():
        shutil.copytree(PROJECT_ROOT / "params", params)
    return Settings(cache_root=tmp_path / "cache", params_dir=params)


def fixture_options(out: Path, themes, regions=("AM22", "AM01"), **changes) -> RenderOptions:
    return RenderOptions(regions=tuple(regions), notebooks_dir=FIXTURES, out_dir=out,
                         themes=tuple(themes), jobs=2, progress=False, **changes)


@pytest.fixture(scope="module")
def failing_render(tmp_path_factory):
    """AM22 and AM01 with a good, a failing, a warning and a state-checking notebook."""
    tmp = tmp_path_factory.mktemp("failing")
    messages: list[str] = []
    report = render(fixture_options(tmp / "out", ("ok", "raises", "warns", "fresh")),
                    fixture_settings(tmp), echo=messages.append)
    return report, messages


def test_theme_comes_from_the_file_name():
    assert theme_of("10_aanbod") == "aanbod"
    assert theme_of("ok") == "ok"
    assert [nb.theme for nb in select_notebooks(FIXTURES, ("warns", "ok"))] == ["ok", "warns"]


def test_a_failing_notebook_fails_only_its_own_page(failing_render):
    report, messages = failing_render
    status = {r.key: r.status for r in report.results}
    assert status == {"AM22/ok": "ok", "AM22/raises": "failed", "AM22/warns": "ok", "AM22/fresh": "ok",
                      "AM01/ok": "ok", "AM01/raises": "failed", "AM01/warns": "ok", "AM01/fresh": "ok"}
    assert [(f.region, f.theme, f.ename, f.evalue) for f in report.failures] == [
        ("AM22", "raises", "ValueError", "opzettelijk kapot voor AM22"),
        ("AM01", "raises", "ValueError", "opzettelijk kapot voor AM01")]
    assert "MISLUKT AM22 raises: ValueError: opzettelijk kapot voor AM22" in messages[-1]


def test_index_names_the_failed_page_without_traceback(failing_render):
    report, _ = failing_render
    index = (report.bundle / "index.html").read_text(encoding="utf-8")
    assert index.count("Deze pagina kon niet worden gemaakt: ValueError. Zie het logbestand.") == 2
    placeholder = (report.bundle / "AM22-rijnmond" / "raises.html").read_text(encoding="utf-8")
    assert "Deze pagina kon niet worden gemaakt: ValueError. Zie het logbestand." in placeholder
    for page in report.bundle.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "Traceback" not in html and "opzettelijk kapot" not in html, page


def test_full_traceback_goes_to_the_region_log_outside_the_bundle(failing_render):
    report, _ = failing_render
    log = (report.bundle.parent / "regiobeeld.logs" / "AM22.log").read_text(encoding="utf-8")
    assert "raises: MISLUKT" in log
    assert 'raise ValueError("opzettelijk kapot voor " + regio)' in log
    assert re.search(r"ok: ok, uitvoeren \d+\.\d s", log)
    assert not list(report.bundle.rglob("*.log"))
    assert "\x1b[" not in log


def test_the_executed_notebook_of_a_failed_page_is_kept_in_the_logs(failing_render):
    report, _ = failing_render
    logs = report.bundle.parent / "regiobeeld.logs"
    assert sorted(p.name for p in logs.glob("*.ipynb")) == ["AM01.raises.ipynb", "AM22.raises.ipynb"]
    nb = json.loads((logs / "AM22.raises.ipynb").read_text(encoding="utf-8"))
    errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert [(o["ename"], o["evalue"]) for o in errors] == [("ValueError", "opzettelijk kapot voor AM22")]
    assert any("papermill-error-cell-tag" in c["metadata"].get("tags", []) for c in nb["cells"])
    assert not list(report.bundle.rglob("raises.ipynb"))


def test_a_page_that_fails_raises_notebook_run_error_with_its_cell(tmp_path):
    from regiobeeld.batch.runner import execute, plan_tasks
    from regiobeeld.core.errors import NotebookRunError

    notebook = select_notebooks(FIXTURES, ("raises",))[0]
    region = load_region("AM22", fixture_settings(tmp_path).params_dir)
    task = plan_tasks([region], [notebook], {"AM22/raises": "x"}, tmp_path, tmp_path / "out", True, "")[0]
    with pytest.raises(NotebookRunError) as caught:
        execute(task, None)
    assert (caught.value.ename, caught.value.evalue) == ("ValueError", "opzettelijk kapot voor AM22")
    assert caught.value.cell_index is not None and "opzettelijk kapot" in caught.value.traceback


def test_pages_show_no_code_parameters_or_streams(failing_render):
    report, _ = failing_render
    ok = (report.bundle / "AM22-rijnmond" / "ok.html").read_text(encoding="utf-8")
    assert "<title>Rijnmond · Goed · regiobeeld-analyse in de opbouw van Regio in Beeld (UWV)</title>" in ok
    assert "Regio-parameter: <code>AM22</code> type str" in ok
    for leaked in ('regio = "AM22"', "injected-parameters", "papermill", "leftover_from_ok",
                   "stdout-text-should-not-appear", "matplotlib.use"):
        assert leaked not in ok, leaked
    warns = (report.bundle / "AM22-rijnmond" / "warns.html").read_text(encoding="utf-8")
    assert "should-not-appear" not in warns
    assert external_resources(ok) == []


def test_every_notebook_starts_clean_also_after_a_failed_one(failing_render):
    report, _ = failing_render
    # each worker runs ok, raises, warns, fresh of a region in turn: "fresh" checks that
    # neither ok's variables nor its figures nor a failed page's state reached it
    assert [r.status for r in report.results if r.stem == "fresh"] == ["ok", "ok"]


def test_bundle_holds_pages_csv_zip_manifest_and_executed_notebooks(failing_render):
    report, _ = failing_render
    folder = report.bundle / "AM01-groningen"
    assert sorted(p.name for p in folder.iterdir()) == [
        "fresh.html", "fresh.ipynb", "indicators.csv", "indicators.xlsx", "ok.html", "ok.ipynb", "raises.html",
        "warns.html", "warns.ipynb"]
    # three pages show the same value of the same indicator: one row
    csv_lines = (folder / "indicators.csv").read_text(encoding="utf-8-sig").splitlines()
    assert csv_lines[1:] == ["AM01;;goed;fixture_value;Testwaarde;;2024JJ00;;;1234,5;aantal;;;;;AM;"
                             "arbeidsmarktregio, zoals CBS die publiceert;TEST01"]
    all_lines = (report.bundle / "indicators.csv").read_text(encoding="utf-8-sig").splitlines()
    assert [line.split(";")[0] for line in all_lines] == ["Regio", "AM01", "AM22"]   # code order
    with zipfile.ZipFile(report.bundle / "AM01-groningen.zip") as archive:
        assert sorted(archive.namelist()) == [
            "AM01-groningen/fresh.html", "AM01-groningen/indicators.csv", "AM01-groningen/indicators.xlsx",
            "AM01-groningen/ok.html",
            "AM01-groningen/raises.html", "AM01-groningen/warns.html", "index.html"]
    manifest = json.loads((report.bundle / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["pages"]["AM01/raises"]["status"] == "failed"
    assert len(manifest["pages"]) == 8
    assert [p.name for p in report.bundle.parent.iterdir() if p.name.startswith(".")] == []


def test_saved_notebooks_hold_no_private_records(failing_render):
    report, _ = failing_render
    saved = json.loads((report.bundle / "AM01-groningen" / "ok.ipynb").read_text(encoding="utf-8"))
    shown = [mime for cell in saved["cells"] for output in cell.get("outputs", []) for mime in output.get("data", {})]
    assert shown and not [mime for mime in shown if mime.startswith("application/vnd.regiobeeld.")]
    assert "fixture_value" in (report.bundle / "AM01-groningen" / "indicators.csv").read_text(encoding="utf-8-sig")


def test_second_run_skips_everything_and_a_params_change_rerenders_one_region(tmp_path):
    settings = fixture_settings(tmp_path)
    options = fixture_options(tmp_path / "out", ("ok", "fresh"))
    first = render(options, settings, echo=lambda _: None)
    assert first.executed == 4 and not first.failures
    page = first.bundle / "AM22-rijnmond" / "ok.html"
    before = page.stat().st_mtime_ns
    zips = {code: (first.bundle / f"{code}.zip").read_bytes() for code in ("AM22-rijnmond", "AM01-groningen")}

    messages: list[str] = []
    second = render(options, settings, echo=messages.append)
    assert second.unchanged and second.executed == 0
    assert messages == [f"Niets veranderd: alle 4 pagina's zijn actueel ({first.bundle})."]
    assert page.stat().st_mtime_ns == before

    with open(settings.params_dir / "AM01.yaml", "a", encoding="utf-8") as handle:
        handle.write("# aangepast\n")
    third = render(options, settings, echo=messages.append)
    assert {r.key: r.status for r in third.results} == {
        "AM22/ok": "reused", "AM22/fresh": "reused", "AM01/ok": "ok", "AM01/fresh": "ok"}
    assert "2 van 4 pagina's ongewijzigd, overgeslagen." in messages
    assert page.read_bytes() == (third.bundle / "AM22-rijnmond" / "ok.html").read_bytes()
    assert (third.bundle / "AM22-rijnmond.zip").read_bytes() == zips["AM22-rijnmond"]     # kept as it was
    assert (third.bundle / "AM01-groningen.zip").read_bytes() != zips["AM01-groningen"]   # its pages are new
    csv_text = (third.bundle / "indicators.csv").read_text(encoding="utf-8-sig")
    assert csv_text.count("AM22;") == 1 and csv_text.count("AM01;") == 1   # reused records kept

    forced = render(replace_options(options, force=True), settings, echo=lambda _: None)
    assert forced.executed == 4


def replace_options(options: RenderOptions, **changes) -> RenderOptions:
    from dataclasses import replace

    return replace(options, **changes)


def processes_with(marker: str) -> list[int]:
    """Our processes (the render and its workers) that carry ``marker`` in their environment."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            if marker.encode() in (proc / "environ").read_bytes():
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def workers_with(marker: str) -> list[int]:
    pids = []
    for pid in processes_with(marker):
        try:
            if Path(f"/proc/{pid}/comm").read_text().strip() == WORKER_NAME:
                pids.append(pid)
        except OSError:
            continue
    return pids


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_interrupt_keeps_the_old_bundle_and_leaves_nothing_behind(tmp_path, signum):
    settings = fixture_settings(tmp_path)
    out = tmp_path / "out"
    old = out / "regiobeeld"
    old.mkdir(parents=True)
    mark(old)
    (old / "index.html").write_text("vorige bundel", encoding="utf-8")
    script = tmp_path / "render_slow.py"
    script.write_text(slow_render.SCRIPT, encoding="utf-8")
    marker = f"REGIOBEELD_TEST_MARKER={uuid.uuid4().hex}"
    env = {**os.environ, marker.split("=")[0]: marker.split("=")[1]}
    log = tmp_path / "render.log"
    # Output goes to a file, not a pipe: a pipe stays open while any descendant (a worker)
    # holds it, so reading it to EOF would wait for the slowest worker, not for the render.
    with log.open("wb") as sink:
        child = subprocess.Popen([sys.executable, str(script), str(FIXTURES), str(out), str(settings.params_dir)],
                                 env=env, stdout=sink, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 300
        while len(workers_with(marker)) < 2 and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.2)
        assert len(workers_with(marker)) >= 2, "the workers never started"
        time.sleep(1.0)  # the workers are loading or running their notebooks now
        child.send_signal(signum)
        child.wait(timeout=300)                 # a bound for a hung render, not a speed target
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    output = log.read_text(encoding="utf-8", errors="replace")
    assert child.returncode == 130, output
    assert (old / "index.html").read_text(encoding="utf-8") == "vorige bundel"
    assert sorted(p.name for p in out.iterdir() if p.name != "cache") == ["regiobeeld"]
    deadline = time.monotonic() + 60
    while processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert processes_with(marker) == []


def all_pages(bundle: Path):
    return sorted(bundle.rglob("*.html"))


@pytest.mark.slow
def test_all_regions_all_themes(tmp_path_factory):
    """The real notebooks, all 35 regions × 4 themes and the worked example, on the built-in
    demonstration data."""
    tmp = tmp_path_factory.mktemp("all")
    settings = Settings(source="demo", cache_root=tmp / "cache")
    options = RenderOptions(regions=CODES, notebooks_dir=REAL_NOTEBOOKS, out_dir=tmp / "out",
                            jobs=os.cpu_count() or 2, progress=False)
    library = library_fingerprint()
    report = render(options, settings, prepare, echo=lambda _: None)
    assert report.failures == [], [(f.key, f.ename, f.evalue) for f in report.failures]
    assert report.executed == 35 * 5
    stems = [nb.stem for nb in select_notebooks(REAL_NOTEBOOKS)]
    assert stems == ["00_kerncijfers", "10_aanbod", "20_vraag", "30_mismatch", "40_eigen"]

    for executed in report.bundle.rglob("*.ipynb"):
        nb = json.loads(executed.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            for output in cell.get("outputs", []):
                assert output["output_type"] != "error", (executed, output.get("ename"))
                assert not (output["output_type"] == "stream" and output["name"] == "stderr"), \
                    (executed, output.get("text"))
                assert "application/vnd.jupyter.stderr" not in output.get("data", {})

    pages = all_pages(report.bundle)
    assert len(pages) == 1 + 35 * 5
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert external_resources(html) == [], page
        assert '<html lang="nl">' in html
        for leaked in ("injected-parameters", 'regio = "', "papermill", "Traceback"):
            assert leaked not in html, (page, leaked)
        assert page.stat().st_size < 1_000_000, (page, page.stat().st_size)

    index = (report.bundle / "index.html").read_text(encoding="utf-8")
    for code in CODES:
        assert f">{code}<" in index or f">{code} " in index
    assert "Demonstratiegegevens, geen CBS-cijfers" in index
    csv_text = (report.bundle / "indicators.csv").read_text(encoding="utf-8-sig")
    assert {line.split(";")[0] for line in csv_text.splitlines()[1:]} == set(CODES)
    assert len(list(report.bundle.glob("AM*.zip"))) == 35

    assert library_fingerprint() == library, "lib/ was edited during the render; run the test again"
    again = render(options, settings, prepare, echo=lambda _: None)
    assert again.unchanged and again.executed == 0


def test_a_region_whose_pages_did_not_change_keeps_its_excel_file(tmp_path):
    settings = fixture_settings(tmp_path)
    options = fixture_options(tmp_path / "out", ("ok",))
    first = render(options, settings, echo=lambda _: None)
    inode = {code: (first.bundle / folder / "indicators.xlsx").stat().st_ino
             for code, folder in (("AM22", "AM22-rijnmond"), ("AM01", "AM01-groningen"))}
    with open(settings.params_dir / "AM01.yaml", "a", encoding="utf-8") as handle:
        handle.write("# aangepast\n")
    second = render(replace_options(options, force=True), settings, echo=lambda _: None)
    assert second.executed == 2
    assert (second.bundle / "AM22-rijnmond" / "indicators.xlsx").stat().st_ino == inode["AM22"]   # linked
    assert (second.bundle / "AM01-groningen" / "indicators.xlsx").stat().st_ino != inode["AM01"]  # written


@pytest.mark.skipif(runner_module.START_METHOD != "fork", reason="a spawned worker would not see the patch")
def test_workers_that_cannot_start_fail_the_pages_instead_of_being_started_again(tmp_path, monkeypatch):
    def cannot_start(todo, results_q, env, parent):
        raise SystemExit(3)

    monkeypatch.setattr(runner_module, "_worker_main", cannot_start)      # forked workers run it
    report = render(fixture_options(tmp_path / "out", ("ok",)), fixture_settings(tmp_path), echo=lambda _: None)
    assert sorted((f.key, f.ename) for f in report.failures) == [("AM01/ok", "WorkerCrashed"),
                                                                 ("AM22/ok", "WorkerCrashed")]
