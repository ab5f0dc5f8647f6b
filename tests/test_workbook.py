"""A template, as its name says: ``regiobeeld nieuw MAP`` makes a workbook that renders
with ``regiobeeld render`` run inside it, and ``pip install`` works outside a checkout."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from regiobeeld.batch.workbook import create_workbook
from regiobeeld.cli import main
from regiobeeld.core.errors import ConfigError
from regiobeeld.core.settings import PROJECT_ROOT, Settings, workbook_root

CHECKOUT_NOTEBOOKS = sorted(p.name for p in (PROJECT_ROOT / "notebooks").glob("*.ipynb"))
CHECKOUT_PARAMS = sorted(p.name for p in (PROJECT_ROOT / "params").glob("*.yaml"))


def test_nieuw_creates_notebooks_params_eigen_data_and_readme(tmp_path, capsys):
    assert main(["nieuw", str(tmp_path / "mijn-regio")]) == 0
    folder = tmp_path / "mijn-regio"
    assert sorted(p.name for p in (folder / "notebooks").iterdir()) == CHECKOUT_NOTEBOOKS
    assert sorted(p.name for p in (folder / "params").iterdir()) == CHECKOUT_PARAMS
    assert (folder / "eigen-data").is_dir() and not any((folder / "eigen-data").iterdir())
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "regiobeeld render" in readme and "eigen-data/" in readme
    assert [p.name for p in tmp_path.iterdir()] == ["mijn-regio"]       # no staging left behind
    assert "cd " in capsys.readouterr().out


def test_nieuw_never_overwrites_a_folder_in_use(tmp_path):
    folder = tmp_path / "bestaat"
    folder.mkdir()
    (folder / "notities.txt").write_text("van mij", encoding="utf-8")
    with pytest.raises(ConfigError, match="bestaat al en is niet leeg"):
        create_workbook(folder)
    assert [p.name for p in folder.iterdir()] == ["notities.txt"]
    create_workbook(tmp_path / "leeg")                                  # an empty folder is fine
    (tmp_path / "leeg2").mkdir()
    assert (create_workbook(tmp_path / "leeg2") / "params" / "defaults.yaml").is_file()


def test_settings_inside_a_workbook_use_its_params_cache_and_eigen_data(tmp_path, monkeypatch):
    folder = create_workbook(tmp_path / "werkmap")
    for cwd in (folder, folder / "notebooks"):                          # CLI, and JupyterLab
        monkeypatch.chdir(cwd)
        settings = Settings()
        assert workbook_root() == folder
        assert settings.params_dir == folder / "params"
        assert settings.cache_root == folder / ".cache"
        assert settings.dropins == folder / "eigen-data"
        assert Settings.from_env(settings.to_env()).dropins == folder / "eigen-data"


def test_outside_any_workbook_the_checkout_is_the_template(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert workbook_root() == PROJECT_ROOT
    assert Settings().params_dir == PROJECT_ROOT / "params"
    assert Settings().dropins == PROJECT_ROOT / ".cache" / "eigen-data"      # as documented


def edit_first_heading(folder: Path, text: str) -> None:
    """Change the first markdown heading of the workbook's kerncijfers notebook."""
    path = folder / "notebooks" / "00_kerncijfers.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    cell["source"] = f"## {text}\n"
    path.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")


def render_in(folder: Path, command: list[str], env: dict | None = None) -> str:
    done = subprocess.run([*command, "render", "--regio", "AM22", "--thema", "kerncijfers",
                           "--geen-voortgang", "--jobs", "1"], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    return (folder / "outputs" / "regiobeeld" / "AM22-rijnmond" / "00_kerncijfers.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_new_workbook_renders_its_own_notebooks(tmp_path):
    folder = create_workbook(tmp_path / "werkmap")
    edit_first_heading(folder, "Eigen kop van de adviseur")
    html = render_in(folder, [sys.executable, "-m", "regiobeeld"])
    assert '<h2 id="eigen-kop-van-de-adviseur">Eigen kop van de adviseur</h2>' in html
    assert (folder / ".cache" / "demo").is_dir()                        # the cache is the workbook's


def copy_project(target: Path) -> Path:
    """The project's files without venv, caches and outputs: what a download would hold."""
    ignore = shutil.ignore_patterns(".venv", ".git", ".cache", "outputs", "build", "*.egg-info",
                                    "__pycache__", ".ipynb_checkpoints", ".pytest_cache")
    return Path(shutil.copytree(PROJECT_ROOT, target, ignore=ignore))


@pytest.mark.slow
def test_pip_install_outside_a_checkout_ships_the_workbook(tmp_path):
    """A fresh venv that borrows this venv's dependencies (offline, fast) but gets
    regiobeeld itself only from ``pip install`` of a copy of the project."""
    source = copy_project(tmp_path / "download")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=300)
    site = Path(subprocess.run([str(venv / "bin" / "python"), "-c",
                                "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "zz-borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    # nbconvert's base templates sit in this venv's share/jupyter, not in site-packages
    env = {**os.environ, "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter")}
    install = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--no-deps",
                              "--no-build-isolation", "--no-index", "--quiet", str(source)],
                             capture_output=True, text=True, timeout=900, env=env)
    assert install.returncode == 0, install.stdout + install.stderr
    shutil.rmtree(source)                                               # no checkout to fall back on
    installed = Path(subprocess.run([str(venv / "bin" / "python"), "-c", "import regiobeeld; print(regiobeeld.__file__)"],
                                    capture_output=True, text=True, check=True, cwd=tmp_path).stdout.strip())
    assert installed.is_relative_to(site)
    shipped = installed.parent / "workbook_template"
    assert sorted(p.name for p in (shipped / "notebooks").iterdir()) == CHECKOUT_NOTEBOOKS
    assert sorted(p.name for p in (shipped / "params").iterdir()) == CHECKOUT_PARAMS
    assert (installed.parent / "batch" / "templates" / "regiobeeld-page" / "index.html.j2").is_file()
    assert (installed.parent / "presentation" / "static" / "regiobeeld.mplstyle").is_file()

    command = str(venv / "bin" / "regiobeeld")
    made = subprocess.run([command, "nieuw", "werkmap"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300, env=env)
    assert made.returncode == 0, made.stderr
    folder = tmp_path / "werkmap"
    edit_first_heading(folder, "Gemaakt buiten de checkout")
    html = render_in(folder, [command], env)
    assert ">Gemaakt buiten de checkout</h2>" in html
