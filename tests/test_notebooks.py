"""The four theme notebooks: thin, parameterised, and executing cleanly with papermill; and
the worked example of an own analysis (40_eigen), which executes cleanly too.

Executes each notebook for one region (and the aanbod page for a second one) on the
built-in demonstration data in a temporary cache; the full batch of 35 regions is the
runner's job.
"""

from __future__ import annotations

import ast
import json
import os
from pathlib import Path

import nbformat
import pytest
from embedded import svg_images

from regiobeeld.presentation.report import INDICATORS_MIME, PAGE_MIME

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PAGES = {"00_kerncijfers": ("Kerncijfers", 0), "10_aanbod": ("Aanbod", 10),
         "20_vraag": ("Vraag", 20), "30_mismatch": ("Mismatch", 30)}
EXAMPLE = {"40_eigen": ("Eigen analyse", 40)}
RUNS = [(name, "AM22") for name in [*PAGES, *EXAMPLE]] + [("10_aanbod", "AM05")]


@pytest.fixture(scope="module")
def demo_env(tmp_path_factory):
    """REGIOBEELD_* for the kernels: demo source, a fresh cache, an empty drop-in folder."""
    root = tmp_path_factory.mktemp("nbcache")
    (root / "eigen").mkdir()
    env = {"REGIOBEELD_SOURCE": "demo", "REGIOBEELD_CACHE": str(root),
           "REGIOBEELD_DROPINS": str(root / "eigen")}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    yield root
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.mark.parametrize("name", PAGES)
def test_notebook_is_thin_and_parameterised(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    assert nb.metadata["regiobeeld"] == {"title": PAGES[name][0], "order": PAGES[name][1]}
    assert nb.metadata["kernelspec"]["name"] == "python3"
    first = nb.cells[0]
    assert first.cell_type == "code" and "parameters" in first.metadata.get("tags", [])
    assert first.source.strip() == 'regio = "AM22"'
    assert nb.cells[-1].source.strip() == "page.finish()"
    for cell in nb.cells[2:]:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        assert len(tree.body) == 1, f"{name}: one call per cell, got {cell.source!r}"
        node = tree.body[0]
        assert isinstance(node, ast.Expr) and isinstance(node.value, ast.Call), cell.source
        assert not any(isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.For, ast.While, ast.BinOp))
                       for n in ast.walk(node))
    headings = [c.source for c in nb.cells if c.cell_type == "markdown"]
    assert headings and all(h.startswith("## ") for h in headings)


@pytest.mark.parametrize("name,region", RUNS)
def test_notebook_executes_cleanly(name, region, demo_env, tmp_path):
    import papermill as pm

    out = tmp_path / f"{name}_{region}.ipynb"
    pm.execute_notebook(str(NOTEBOOKS / f"{name}.ipynb"), str(out), parameters={"regio": region},
                        progress_bar=False, cwd=str(NOTEBOOKS), kernel_name="python3")
    nb = nbformat.read(out, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    bad = [o for o in outputs if o.output_type == "error"
           or (o.output_type == "stream" and o.name == "stderr")]
    assert not bad, bad[:2]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    title = {**PAGES, **EXAMPLE}[name][0]
    assert f"· {title}</h1>" in html and "geen publicatie van UWV" in html
    assert "Demonstratiegegevens" in html
    special = [o for o in outputs if o.output_type == "display_data"
               and set(o.data) & {INDICATORS_MIME, PAGE_MIME}]
    assert [list(o.data) for o in special] == [[INDICATORS_MIME, "text/plain"], [PAGE_MIME, "text/plain"]]
    records = special[0].data[INDICATORS_MIME]
    page = special[1].data[PAGE_MIME]
    assert page["region"] == region and page["theme"] == name.split("_", 1)[1] and page["demo"] is True
    assert records and {r["region"] for r in records} == {region}
    json.dumps(records, allow_nan=False)
    _reads_as_written_by_a_person(html)
    if name == "10_aanbod":
        assert {"unemployment_rate", "population", "benefits_rate"} <= {r["indicator"] for r in records}
        assert "<figure" in html and "Bron: " in html
        _shows_the_issue_11_sections(html, {r["indicator"] for r in records})
    assert "Geen cijfers per gemeente" not in html
    if name in ("10_aanbod", "20_vraag", "30_mismatch"):
        assert "per gemeente, " in html                 # the gemeente blocks of the sections
    if name == "00_kerncijfers":
        assert "<caption>Gemeenten in Rijnmond</caption>" in html
    if name == "20_vraag":
        headings = {c.source.splitlines()[0] for c in nb.cells if c.cell_type == "markdown"}
        assert {"## Positie in de werkkring", "## Pendel: wonen en werken"} <= headings
        assert {"work_positions", "zzp_share", "register_participation", "commuting_flows", "commuting_own_share",
                "commuting_top_origins", "commuting_top_destinations"} <= {r["indicator"] for r in records}
        assert "Grootste herkomst- en bestemmingsregio" in html and "tabel 85481NED" in html
    if name == "40_eigen":
        assert "Werkloosheid naar leeftijd" in html and "<svg" in _figure_svg(html)
        _draws_region_neighbours_and_nl(_figure_svg(html))


def _shows_the_issue_11_sections(html: str, shown: set[str]) -> None:
    """The forecast, household, WW and youth sections: their figures, in Dutch, with sources."""
    import html as markup
    import re

    assert {"population_forecast_index", "one_person_households", "migration_background", "ww_rate",
            "youth_neet", "youth_benefit", "youth_registered"} <= shown
    words = markup.unescape(re.sub(r"<[^>]+>", " ", re.sub(r'(alt|src)="[^"]*"', "", html)))
    assert re.search(r"Bevolkingsprognose \(index, nu = 100\): in [^.]+ \d+,\d \(2040\)", words)
    assert re.search(r"WW-uitkeringen: in [^(]+ \d+,\d per 1\.000 van de beroepsbevolking \([a-z]+ \d{4}", words)
    assert re.search(r"Jongeren zonder onderwijs en zonder werk: in [^(]+ \d+,\d% van alle jongeren", words)
    for table in ("85171NED", "70072NED", "85554NED", "86223NED"):
        assert f"tabel {table}" in words
    assert "Niet beschikbaar" not in words


def _reads_as_written_by_a_person(html: str) -> None:
    """No thousands of thousands, no quarter read backwards, no sentence opening with a digit,
    and the meaning of rank 1 said once."""
    import html as markup
    import re

    words = markup.unescape(re.sub(r"<[^>]+>", " ", re.sub(r'(alt|src)="[^"]*"', "", html)))
    assert not re.search(r"\d\.\d{3}(,\d)? duizend", words)
    assert not re.search(r"\d{4} \de kwartaal", words)
    assert not re.search(r"(?:^|[.!?]\s+)\d[\d.,]* [a-z]", words)
    assert words.count("1 = de hoogste waarde") == 1 and "1 = hoogste)" not in words


def _draws_region_neighbours_and_nl(svg: str) -> None:
    """The worked example's bars in the three colours every page gives the region, its
    neighbours' mean and Nederland: one colour per series, so none is mistaken for another
    (with a bar per neighbour, matplotlib's cycle gave two regions the same colour)."""
    import re

    from regiobeeld.presentation.style import NATIONAL, NEIGHBOURS, REGION

    fills = {colour.lower() for colour in re.findall(r"fill:(#[0-9a-fA-F]{6})", svg)}
    assert fills == {REGION.lower(), NEIGHBOURS.lower(), NATIONAL.lower()}


def _figure_svg(html: str) -> str:
    return svg_images(html.split("Werkloosheid naar leeftijd")[1])[0]
