"""Bundle files: names, Dutch CSV, manifest reuse, atomic publish, index escaping."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from regiobeeld.batch.bundle import (
    MANIFEST_NAME,
    mark,
    publish,
    read_manifest,
    recover,
    region_folder,
    render_index,
    reusable_pages,
    staging,
)
from regiobeeld.batch.htmlexport import house_css
from regiobeeld.core.naming import slugify
from regiobeeld.core.regions import Region


def test_slugs_are_ascii_lower_case_and_dashed():
    assert slugify("Zaanstreek/Waterland") == "zaanstreek-waterland"
    assert slugify("Zuid-Kennemerland en IJmond") == "zuid-kennemerland-en-ijmond"
    assert slugify("Gooi en Vechtstreek") == "gooi-en-vechtstreek"
    assert slugify("Fryslân") == "fryslan"
    region = Region("AM22", "Rijnmond", (), (5, 0), 5, 2026)
    assert region_folder(region) == "AM22-rijnmond"


def _bundle(path, marker: str):
    path.mkdir(parents=True)
    mark(path)
    (path / "index.html").write_text(marker, encoding="utf-8")
    return path


def test_publish_swaps_the_new_bundle_in_and_removes_the_old(tmp_path):
    target = _bundle(tmp_path / "regiobeeld", "oud")
    with staging(target) as tmp:
        (tmp / "index.html").write_text("nieuw", encoding="utf-8")
        publish(tmp, target)
    assert (target / "index.html").read_text(encoding="utf-8") == "nieuw"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["regiobeeld"]


def test_failed_build_leaves_old_bundle_and_no_temporary_folder(tmp_path):
    target = _bundle(tmp_path / "regiobeeld", "oud")
    with pytest.raises(KeyboardInterrupt):
        with staging(target) as tmp:
            (tmp / "index.html").write_text("half", encoding="utf-8")
            raise KeyboardInterrupt
    assert (target / "index.html").read_text(encoding="utf-8") == "oud"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["regiobeeld"]


def test_recover_cleans_up_after_a_killed_render(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    _bundle(tmp_path / f".regiobeeld.old-{dead}", "oud")        # renamed away, never replaced
    _bundle(tmp_path / f".regiobeeld.tmp-{dead}", "half")
    recover(tmp_path / "regiobeeld")
    assert (tmp_path / "regiobeeld" / "index.html").read_text(encoding="utf-8") == "oud"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["regiobeeld"]


def test_recover_leaves_a_running_render_alone(tmp_path):
    running = _bundle(tmp_path / f".regiobeeld.tmp-{os.getppid()}", "bezig")
    recover(tmp_path / "regiobeeld")
    assert running.exists()


def test_only_unchanged_successful_existing_pages_are_reused(tmp_path):
    target = tmp_path / "regiobeeld"
    (target / "AM22-rijnmond").mkdir(parents=True)
    for stem in ("00_kerncijfers", "10_aanbod", "20_vraag"):
        for suffix in (".html", ".ipynb"):
            (target / "AM22-rijnmond" / f"{stem}{suffix}").write_text("x", encoding="utf-8")
    (target / "AM22-rijnmond" / "20_vraag.ipynb").unlink()
    entry = lambda stem, h, status="ok": {  # noqa: E731
        "hash": h, "status": status, "html": f"AM22-rijnmond/{stem}.html",
        "notebook": f"AM22-rijnmond/{stem}.ipynb"}
    manifest = {"version": 1, "pages": {
        "AM22/00_kerncijfers": entry("00_kerncijfers", "a"),
        "AM22/10_aanbod": entry("10_aanbod", "b", status="failed"),
        "AM22/20_vraag": entry("20_vraag", "c"),
        "AM22/30_mismatch": entry("30_mismatch", "d"),
    }}
    (target / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    hashes = {"AM22/00_kerncijfers": "a", "AM22/10_aanbod": "b", "AM22/20_vraag": "c",
              "AM22/30_mismatch": "changed"}
    assert list(reusable_pages(read_manifest(target), target, hashes)) == ["AM22/00_kerncijfers"]


def test_unreadable_manifest_means_rebuild(tmp_path):
    (tmp_path / MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    assert read_manifest(tmp_path) == {}


def _index_context(**changes):
    context = {
        "css": house_css(), "name": "regiobeeld", "rendered": "22-11-2026 20:00", "version": "0.1.0",
        "demo": True, "single_region": False, "tile_legend": "",
        "regions": [{"code": "AM22", "name": "Rijn<mond>", "zip": "AM22-rijnmond.zip",
                     "csv": "AM22-rijnmond/indicators.csv", "xlsx": "AM22-rijnmond/indicators.xlsx",
                     "failed": True, "pages": [
                         {"title": "Kerncijfers", "href": "AM22-rijnmond/00_kerncijfers.html",
                          "failed": False, "message": ""},
                         {"title": "Aanbod", "href": "AM22-rijnmond/10_aanbod.html", "failed": True,
                          "message": "Deze pagina kon niet worden gemaakt: ValueError. Zie het logbestand."}]}],
        "tiles": {"cells": [{"code": "AM22", "name": "Rijn<mond>", "row": 6, "col": 1,
                             "href": "AM22-rijnmond/00_kerncijfers.html", "present": True,
                             "failed": True, "quartile": 4, "value": "4,4"}],
                  "rows": 6, "cols": 1, "legend": ""},
        "headline": {"columns": [{"id": "unemployment_rate", "label": "Werkloosheid", "unit": "%"}],
                     "rows": [{"code": "NL", "name": "Nederland", "nl": True,
                               "cells": [{"value": "3,7", "rank": ""}]},
                              {"code": "AM22", "name": "Rijn<mond>", "nl": False,
                               "cells": [{"value": "4,4", "rank": "1e"}]}]},
        "sources": [{"table_id": "86088NED", "title": "Arbeidsdeelname", "demo": True,
                     "retrieved": "22-11-2026"}],
        "dropins": [], "failures": [{"region": "AM22", "title": "Aanbod", "ename": "ValueError"}],
    }
    context.update(changes)
    return context


def test_index_escapes_text_and_marks_failures_in_dutch():
    html = render_index(_index_context())
    assert '<html lang="nl">' in html
    assert "Rijn<mond>" not in html and "Rijn&lt;mond&gt;" in html
    assert "Deze pagina kon niet worden gemaakt: ValueError. Zie het logbestand." in html
    assert "Traceback" not in html
    assert "Demonstratiegegevens, geen CBS-cijfers" in html
    table = html[html.index("<tbody>"):]
    assert table.index(">Nederland<") < table.index(">AM22 Rijn&lt;mond&gt;<")
    assert "4,4<br><small>(1e)</small>" in html
    assert '<span class="rb-map-value">4,4</span>' in html      # never colour alone


def test_index_links_the_figures_and_explains_the_period_marks():
    html = render_index(_index_context())
    assert '<a href="AM22-rijnmond/indicators.csv">CSV</a>' in html
    assert '<a href="AM22-rijnmond/indicators.xlsx">Excel</a>' in html
    assert "* = voorlopig cijfer, ** = nader voorlopig cijfer" in html


def test_zip_index_shows_only_its_region():
    html = render_index(_index_context(single_region=True))
    assert "<title>Rijn&lt;mond&gt; · regiobeeld-analyse in de opbouw van Regio in Beeld (UWV)</title>" in html
    assert 'class="rb-map-tile' not in html and ".zip" not in html


def test_index_compact_region_list_reflowing_tiles_and_printed_header():
    html = render_index(_index_context())
    assert '<li id="AM22"><strong>AM22 Rijn&lt;mond&gt;</strong>:' in html
    assert 'style="--row: 6; --col: 1;"' in html and 'style="--cols: 1;"' in html
    assert '@top-left { content: "Overzicht van de arbeidsmarktregio\'s"; }' in html
    assert 'counter(page) " van " counter(pages)' in html and '<body class="rb-print-index">' in html
    single = render_index(_index_context(single_region=True))
    assert '@top-left { content: "Rijn\\3C mond\\3E "; }' in single


def test_index_columns_show_period_with_status_window_and_province():
    import pandas as pd

    from regiobeeld.batch.bundle import _headline
    from regiobeeld.indicators import SPECS, IndicatorSet

    rows = [("population_growth", "AM22", "2026JJ00", "*", "", 4.1), ("tightness", "PV28", "2024JJ00", "", "", 95.0)]
    frame = pd.DataFrame(rows, columns=["indicator", "region_code", "period", "period_status", "category", "value"])
    iset = IndicatorSet(frame, SPECS, {}, {"AM22": "Rijnmond"}, {"AM22": "PV28"}, True, "f")
    columns = {c["id"]: c for c in _headline(iset)["columns"]}
    assert columns["population_growth"]["label"] == "Groei inwoners 2021–2026"
    assert columns["population_growth"]["unit"] == "%, 2026*"
    assert columns["tightness"]["unit"] == "per 100 werklozen, 2024, cijfer van de provincie"


def test_tile_map_legend_names_its_value_classes():
    import pandas as pd

    from regiobeeld.batch.bundle import _tiles
    from regiobeeld.core.regions import CODES
    from regiobeeld.indicators import SPECS, IndicatorSet

    values = dict(zip(CODES[:5], (2.9, 3.5, 3.6, 3.8, 4.4)))
    frame = pd.DataFrame([("unemployment_rate", c, "2024JJ00", "", "", v) for c, v in values.items()],
                         columns=["indicator", "region_code", "period", "period_status", "category", "value"])
    iset = IndicatorSet(frame, SPECS, {}, {}, {}, True, "f")
    regions = {code: Region(code, code, (), (i, 0), 5, 2026) for i, code in enumerate(values)}
    tiles = _tiles(regions, set(values), [], iset, None)
    assert tiles["legend"].endswith("vier klassen met elk een kwart van de regio's: 2,9–3,5 · 3,6 · 3,8 · 4,4")
    assert [c["quartile"] for c in tiles["cells"]] == [1, 1, 2, 3, 4]
