"""The ``regiobeeld`` command: usage errors exit 2 naming the argument, library errors
print one ``Fout:`` line and exit 1, and a render with a failing page exits non-zero."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from regiobeeld.cli import EXIT_FAILED_PAGES, build_parser, main
from regiobeeld.core.regions import CODES

FIXTURES = Path(__file__).resolve().parent / "notebooks"


def run_main(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse usage errors and --help
        code = exc.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_unknown_region_exits_2_and_lists_the_35_codes(capsys):
    code, _, err = run_main(capsys, "render", "--regio", "AM22", "AM04")
    assert code == 2
    assert "argument --regio: Onbekende regiocode 'AM04'" in err
    assert "Geldige codes: " + ", ".join(CODES) + "." in err


def test_unknown_theme_exits_2_and_lists_the_themes(capsys):
    code, _, err = run_main(capsys, "render", "--notebooks", str(FIXTURES), "--thema", "okk")
    assert code == 2
    assert "argument --thema: Onbekend thema 'okk'; kies uit: ok, slow, raises, warns, fresh, shows_parameter, kernel_behaviour." in err


@pytest.mark.parametrize("argv, fragment", [
    (["render", "--jobs", "0"], "argument --jobs/-j: moet 1 of meer zijn, niet 0"),
    (["render", "--bron", "statline"], "argument --bron/--source: invalid choice: 'statline'"),
    (["render", "--naam", "../elders"], "argument --naam/--name: ongeldige bundelnaam"),
    (["render", "--regio", "AM22", "--alle"], "not allowed with argument --regio"),
    (["maak"], "invalid choice: 'maak'"),
])
def test_usage_errors_exit_2_naming_the_argument(capsys, argv, fragment):
    code, _, err = run_main(capsys, *argv)
    assert code == 2
    assert fragment in err


def test_library_error_is_one_dutch_line_and_exit_1(capsys, monkeypatch):
    monkeypatch.setenv("REGIOBEELD_SOURCE", "statline")
    code, _, err = run_main(capsys, "prefetch")
    assert code == 1
    assert err == "Fout: Onbekende bron 'statline' (REGIOBEELD_SOURCE of --source); kies uit: demo, cbs.\n"


def test_region_codes_are_normalised_and_deduplicated():
    args = build_parser().parse_args(["render", "--region", "am22", "AM22", "--theme", "aanbod",
                                      "--out", "x", "--force-rebuild", "--source", "cbs", "--offline"])
    assert args.regions == ["am22", "AM22"] and args.themes == ["aanbod"]
    assert args.force and args.offline and args.source == "cbs" and str(args.out) == "x"


def test_help_explains_with_examples(capsys):
    code, out, _ = run_main(capsys, "render", "--help")
    assert code == 0
    assert "regiobeeld render --regio AM22" in out
    assert "--volledig" in out and "indicators.csv" in out and "Afsluitcode" in out
    code, out, _ = run_main(capsys, "--help")
    assert "regiobeeld snapshot export data.zip" in out


def test_render_help_names_every_theme_of_the_project(capsys):
    """The list of themes is written out in the help; it missed 'eigen' when that notebook came."""
    from regiobeeld.batch.runner import select_notebooks
    from regiobeeld.core.settings import PROJECT_ROOT

    _, out, _ = run_main(capsys, "render", "--help")
    listed = " ".join(out.split())
    assert all(notebook.theme in listed for notebook in select_notebooks(PROJECT_ROOT / "notebooks"))


def test_python_dash_m_runs_the_same_command():
    done = subprocess.run([sys.executable, "-m", "regiobeeld", "render", "--regio", "AM99"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 2
    assert "Bedoelt u AM29 of AM19?" in done.stderr


def test_render_with_a_failing_page_exits_non_zero(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("REGIOBEELD_CACHE", str(tmp_path / "cache"))
    code, _, err = run_main(capsys, "render", "--regio", "AM22", "--notebooks", str(FIXTURES),
                            "--thema", "ok", "raises", "--uit", str(tmp_path), "--jobs", "1",
                            "--geen-voortgang")
    assert code == EXIT_FAILED_PAGES == 3
    assert "MISLUKT AM22 raises: ValueError: opzettelijk kapot voor AM22" in err
    assert (tmp_path / "regiobeeld" / "AM22-rijnmond" / "ok.html").exists()


def test_prefetch_then_snapshot_export_and_import(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("REGIOBEELD_CACHE", str(tmp_path / "cache"))
    code, out, err = run_main(capsys, "prefetch", "--bron", "demo")
    assert code == 0, err
    assert out.startswith("Alle ") and "tabellen staan in de cache" in out
    archive = tmp_path / "data.zip"
    code, out, err = run_main(capsys, "snapshot", "export", str(archive))
    assert code == 0, err
    exported = int(out.split("(")[1].split()[0])
    assert archive.exists() and exported > 10
    monkeypatch.setenv("REGIOBEELD_CACHE", str(tmp_path / "other"))
    code, out, err = run_main(capsys, "snapshot", "import", str(archive))
    assert code == 0, err
    assert f": {exported} tabellen." in out


def test_broken_snapshot_is_one_fout_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("REGIOBEELD_CACHE", str(tmp_path / "cache"))
    broken = tmp_path / "kapot.zip"
    broken.write_bytes(b"geen zip")
    code, _, err = run_main(capsys, "snapshot", "import", str(broken))
    assert code == 1
    assert err.startswith("Fout: ") and err.count("\n") == 1 and "kapot.zip" in err


def test_drop_in_templates_are_written(tmp_path, capsys):
    code, out, _ = run_main(capsys, "eigen-data", "sjablonen", str(tmp_path / "eigen"))
    assert code == 0
    assert sorted(p.suffix for p in (tmp_path / "eigen").iterdir())[0] == ".csv"
    assert out.startswith(f"Sjablonen geschreven in {tmp_path / 'eigen'}")
