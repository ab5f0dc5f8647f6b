"""Own exports in notebook sections: the boxes, escaping, provenance, demo, templates,
fingerprint and the documentation."""

from __future__ import annotations

import os
import re
import shutil
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from embedded import svg_images

from regiobeeld.core.errors import DropinError
from regiobeeld.core.settings import PROJECT_ROOT, Settings
from regiobeeld.presentation.dropins import section
from regiobeeld.sources.dropins import KINDS, spanning_category, write_templates
from regiobeeld.sources.dropins.demo import DEMO_FOLDER, ensure_demo_exports
from regiobeeld.sources.dropins.periods import parse_period
from regiobeeld.sources.dropins.schemas import schema_docs
from regiobeeld.store import dropins
from regiobeeld.store.dropins import list_files

STAMP = datetime(2026, 11, 12, 10, 0).timestamp()


def html_of(blocks):
    return "".join(b.html for b in blocks)


def put(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    os.utime(path, (STAMP, STAMP))
    return path


@pytest.fixture
def cbs(tmp_path):
    return Settings(source="cbs", cache_root=tmp_path / "cache", dropin_dir=tmp_path / "eigen")


@pytest.fixture
def demo(tmp_path):
    return Settings(source="demo", cache_root=tmp_path / "cache", dropin_dir=tmp_path / "eigen")


def no_membership(year):
    raise AssertionError("membership not expected")


def test_no_file_gives_the_aanvullen_box_with_sources_and_how_to_add(cbs):
    blocks = section("vsv", "AM22", cbs, membership=no_membership)
    assert len(blocks) == 1
    html = blocks[0].html
    assert "Aanvullen" in html and "DUO voortijdig schoolverlaters (vsv) voor Rijnmond" in html
    assert 'href="https://www.vsvverkenner.nl"' in html
    assert "map voor eigen data" in html and "handleiding eigen data" in html
    assert str(cbs.dropins) not in html and "regiobeeld eigen-data" not in html   # the reader's page


@pytest.mark.integration
def test_cbs_source_never_uses_demo_exports(cbs):
    ensure_demo_exports(cbs.replace(source="demo"))
    ensure_demo_exports(cbs)          # even a demo folder inside the cbs cache is ignored
    for kind in KINDS:
        assert "Aanvullen" in html_of(section(kind, "AM22", cbs, membership=no_membership))
    assert dropins.used_files(cbs, membership=no_membership) == []


def test_bad_file_shows_niet_geladen_while_other_sections_render(cbs):
    put(cbs.dropins, "vsv_2024.csv", "regio;schooljaar;aantal\nAM22;2023/2024;12\nAM22;2022/2023;twaalf\n")
    put(cbs.dropins, "gwu_2025.csv", "regio;periode;kenmerk;aantal\nAM22;2025-06;Totaal;100\n"
        "AM22;2025-06;WW;25\nNederland;2025-06;Totaal;1000\nNederland;2025-06;WW;300\n")
    bad = section("vsv", "AM22", cbs, membership=no_membership)
    assert [b.text for b in bad] == [
        "Niet geladen: vsv_2024.csv, rij 3, kolom 'aantal': verwacht een getal, gevonden 'twaalf'. "
        "Het bestand wordt niet gebruikt; verbeter het en maak de bundel opnieuw."]
    good = section("gwu", "AM22", cbs, membership=no_membership)
    texts = [b.text for b in good]
    assert texts[1] == ("In juni 2025 telde Rijnmond 100 geregistreerd werkzoekenden (10,0% van Nederland). "
                        "De grootste groep is WW met 25 (25,0%; Nederland 30,0%).")
    assert "WW\t25\t25,0%\t30,0%" in texts[2]
    assert texts[-1] == "Bron: UWV, eigen export 'gwu_2025.csv' (12-11-2026), soort gwu; bewerking regiobeeld"
    assert good[0].html.startswith('<figure class="rb-figure">')


def test_growth_compares_with_the_same_period_a_year_earlier(cbs):
    rows = "".join(f"AM22;{p};Totaal;{v}\n" for p, v in (("2024-06", 100), ("2024-12", 130), ("2025-06", 110)))
    put(cbs.dropins, "ww.csv", "regio;periode;kenmerk;aantal\n" + rows + "AM22;2025-06;Jonger dan 27 jaar;11\n")
    sentence = [b.text for b in section("ww", "AM22", cbs, membership=no_membership)][1]
    assert sentence.endswith("Dat is +10,0% ten opzichte van juni 2024 (100).")      # not December's 130
    put(cbs.dropins, "ww.csv", "regio;periode;kenmerk;aantal\nAM22;2024-12;Totaal;130\nAM22;2025-06;Totaal;110\n"
        "AM22;2025-06;Jonger dan 27 jaar;11\n")
    assert "ten opzichte" not in " ".join(b.text for b in section("ww", "AM22", cbs, membership=no_membership))


def test_one_ranking_per_breakdown(cbs):
    rows = "".join(f"AM22;2025-06;{k};{v}\n" for k, v in (("Totaal", 100), ("Jonger dan 27 jaar", 10),
                                                           ("27 tot 50 jaar", 45), ("50 jaar of ouder", 45),
                                                           ("Korter dan 6 maanden", 48), ("6 maanden of langer", 52)))
    put(cbs.dropins, "ww.csv", "regio;periode;kenmerk;aantal\n" + rows)
    blocks = section("ww", "AM22", cbs, membership=no_membership)
    titles = [re.search(r'rb-figure-title">([^<]+)<', b.html).group(1) for b in blocks if "rb-figure" in b.html]
    assert titles == ["WW-uitkeringen naar leeftijd, Rijnmond", "WW-uitkeringen naar duur, Rijnmond"]
    assert "De grootste groepen zijn 27 tot 50 jaar en 50 jaar of ouder, elk met 45 (45,0%)." in blocks[2].text


def test_tied_levels_are_all_named(cbs):
    rows = "".join(f"AM22;Beroep {i};mbo {level};1\n" for i, level in enumerate((2, 3, 4, 2, 3, 4, 1)))
    put(cbs.dropins, "kansrijke_beroepen.csv", "regio;beroep;niveau;aantal\n" + rows)
    sentence = section("kansrijke_beroepen", "AM22", cbs)[0].text
    assert sentence == "UWV noemt voor Rijnmond 7 kansrijke beroepen; de meeste op niveau mbo 2, 3 en 4 (elk 2)."


def test_region_without_rows_says_so(cbs):
    put(cbs.dropins, "ww.csv", "regio;periode;kenmerk;aantal\nAM23;2025-06;Totaal;100\n")
    assert [b.text for b in section("ww", "AM22", cbs)] == [
        "Geen gegevens: ww.csv: geen rijen voor Rijnmond (AM22)."]


def test_file_text_is_escaped_never_markup(cbs):
    script = "<script>alert(1)</script>"
    put(cbs.dropins, "kansrijke_beroepen.csv", f"regio;beroep;niveau;aantal\nAM22;{script};mbo 4;5\n")
    put(cbs.dropins, "spanningsindicator.csv",
        f"regio;periode;beroepsklasse;spanningsindicator\nAM22;2025Q2;{script};2,5\nAM22;2025Q2;ICT;1\n")
    put(cbs.dropins, "vsv_<b>.csv", f"regio;schooljaar;aantal\n{script};2023/2024;1\n")
    for kind in ("kansrijke_beroepen", "spanningsindicator", "vsv"):
        html = html_of(section(kind, "AM22", cbs))
        assert "<script" not in html.lower() and "<b>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        for svg in svg_images(html):
            assert "<script" not in svg


def test_spanningsindicator_section_names_categories_and_keeps_cbs_krapte_apart(cbs):
    rows = "\n".join(f"AM22;2025Q{q};{k};{v}" for q in (1, 2)
                     for k, v in (("ICT", "4,5"), ("Zorg", "1,5"), ("Creatief", "0,2"), ("Totaal", f"1,{q}")))
    put(cbs.dropins, "spanning_2025Q2.csv", "regio;periode;beroepsklasse;spanningsindicator\n" + rows
        + "\nNL;2025Q2;ICT;3\nNL;2025Q1;Totaal;1,0\nNL;2025Q2;Totaal;1,1\n")
    blocks = section("spanningsindicator", "AM22", cbs)
    texts = [b.text for b in blocks]
    assert texts[0].startswith("[Figuur: Spanningsindicator per beroepsklasse in Rijnmond, 2e kwartaal 2025: "
                               "hoogst bij ICT (4,50, zeer krap), laagst bij Creatief (0,20, zeer ruim).]")
    assert texts[1].startswith("In het 2e kwartaal van 2025 was de spanning in Rijnmond het grootst bij ICT "
                               "(4,50, zeer krap) en het kleinst bij Creatief (0,20, zeer ruim). Van de 3 "
                               "beroepsklassen was er 1 krap of zeer krap.")
    assert "CBS-krapte" in texts[1] and "vergelijk de twee niet" in texts[1]
    assert "ICT\t4,50\tzeer krap\t3,00" in texts[2] and "Zorg\t1,50\tgemiddeld\t." in texts[2]
    assert "van 1,10 in het 1e kwartaal van 2025 naar 1,20 (gemiddeld) in het 2e kwartaal van 2025" in texts[3]
    assert texts[-1] == ("Bron: UWV, eigen export 'spanning_2025Q2.csv' (12-11-2026), soort spanningsindicator; "
                         "bewerking regiobeeld")


@pytest.mark.parametrize("value, category", [
    (0.0, "zeer ruim"), (0.2499, "zeer ruim"), (0.25, "ruim"), (0.6699, "ruim"), (0.67, "gemiddeld"),
    (1.5, "gemiddeld"), (1.5001, "krap"), (4.0, "krap"), (4.0001, "zeer krap"), (12, "zeer krap")])
def test_spanning_category_edges(value, category):
    assert spanning_category(value) == category


def test_vsv_section_from_gemeenten(cbs):
    put(cbs.dropins, "vsv.csv", "gemeente;schooljaar;aantal;deelnemers\nGM0599;2023/2024;80;4000\n"
        "Schiedam;2023/2024;20;1000\nNederland;2023/2024;300;20000\n")

    def membership(year):
        return pd.DataFrame({"gemeente_code": ["GM0599", "GM0606"], "gemeente_naam": ["Rotterdam", "Schiedam"],
                             "am_code": ["AM22", "AM22"], "am_naam": ["Rijnmond"] * 2, "pv_code": ["PV28"] * 2,
                             "pv_naam": ["Zuid-Holland"] * 2, "year": [year] * 2})

    texts = [b.text for b in section("vsv", "AM22", cbs, membership=membership)]
    assert texts[1] == ("In schooljaar 2023/2024 verlieten 100 jongeren in Rijnmond het onderwijs zonder "
                        "startkwalificatie (2,00% van de deelnemers).")


# ----------------------------------------------------------------- demo

@pytest.mark.integration
def test_demo_bundle_shows_every_section_marked_as_demo(demo):
    for kind in KINDS:
        blocks = section(kind, "AM22", demo, membership=no_membership)
        texts = [b.text for b in blocks]
        assert len(blocks) >= 3, (kind, texts)
        assert texts[-1].startswith("Bron: demonstratie-data in de vorm van een "), texts[-1]
        assert "verzonnen cijfers" in texts[-1]
        assert not any(t.startswith(("Aanvullen", "Niet geladen")) for t in texts)


@pytest.mark.integration
def test_demo_exports_go_through_the_same_validator(demo):
    folder = ensure_demo_exports(demo)
    assert folder == demo.cache_dir / DEMO_FOLDER
    files = list_files(folder, demo=True)
    assert sorted(f.kind for f in files) == sorted(KINDS)
    assert {f.path.suffix for f in files} == {".csv", ".xlsx"}
    for file in files:
        assert dropins.validate_file(file.path) == []
    frame = dropins.load("gwu", demo, membership=no_membership).frame
    latest = frame[(frame["periode"] == "2025MM06") & (frame["kenmerk"] == "Totaal")]
    assert latest.loc[latest["regio"] == "NL", "aantal"].item() == latest.loc[latest["regio"] != "NL", "aantal"].sum()


@pytest.mark.integration
def test_own_file_replaces_the_demo_export_of_its_kind(demo):
    put(demo.dropins, "ww_eigen.csv", "regio;periode;kenmerk;aantal\nAM22;2025-06;Totaal;7\n")
    data = dropins.load("ww", demo, membership=no_membership)
    assert data.file.name == "ww_eigen.csv" and not data.demo
    assert dropins.load("gwu", demo, membership=no_membership).demo
    used = {u["file"]: u for u in dropins.used_files(demo, membership=no_membership)}
    assert "ww_demo.csv" not in used
    assert used["ww_eigen.csv"] == {"file": "ww_eigen.csv", "kind": "ww", "modified": "12-11-2026", "demo": False,
                                    "valid": True, "used": True, "issues": [], "notes": []}
    assert used["gwu_demo.csv"]["demo"] and used["gwu_demo.csv"]["used"]


# ----------------------------------------------------------------- folder

def test_used_files_lists_invalid_and_unused_files(cbs):
    put(cbs.dropins, "vacatures_2025Q1.csv", "regio;periode;sector;aantal\nAM22;2025Q1;Totaal;1\n")
    put(cbs.dropins, "vacatures_2025Q2.csv", "regio;periode;sector;aantal\nAM22;2025Q2;Totaal;x\n")
    put(cbs.dropins, "sjabloon_vsv.csv", "# sjabloon\nregio;schooljaar;aantal\n")
    put(cbs.dropins, "~$vacatures.xlsx", "lock")
    used = dropins.used_files(cbs)
    assert [(u["file"], u["valid"], u["used"]) for u in used] == [
        ("vacatures_2025Q1.csv", True, False), ("vacatures_2025Q2.csv", False, True)]
    assert used[1]["issues"] == ["vacatures_2025Q2.csv, rij 2, kolom 'aantal': verwacht een getal, gevonden 'x'."]


def test_fingerprint_follows_names_and_bytes(cbs, demo):
    empty = dropins.fingerprint(cbs)
    assert empty != dropins.fingerprint(demo)
    path = put(cbs.dropins, "ww.csv", "regio;periode;kenmerk;aantal\nAM22;2025-06;Totaal;7\n")
    added = dropins.fingerprint(cbs)
    assert added != empty and added == dropins.fingerprint(cbs)
    path.write_text("regio;periode;kenmerk;aantal\nAM22;2025-06;Totaal;8\n", encoding="utf-8")
    assert dropins.fingerprint(cbs) not in (empty, added)
    path.rename(path.with_name("ww_2025.csv"))
    assert dropins.fingerprint(cbs) not in (empty, added)


def test_unknown_kind_is_a_clear_error(cbs):
    with pytest.raises(DropinError, match="Onbekende soort eigen data 'pendel'"):
        dropins.load("pendel", cbs)
    assert section("pendel", "AM22", cbs)[0].text.startswith("Niet geladen: onbekende soort eigen data")


# ----------------------------------------------------------------- templates, periods, docs

def test_templates_have_comments_columns_and_valid_example_rows(tmp_path):
    paths = write_templates(tmp_path)
    assert len(paths) == 2 * len(KINDS)
    assert list_files(tmp_path) == []          # templates are never read as data
    membership = pd.DataFrame({"gemeente_code": ["GM0599"], "gemeente_naam": ["Rotterdam"], "am_code": ["AM22"],
                               "am_naam": ["Rijnmond"], "pv_code": ["PV28"], "pv_naam": ["Zuid-Holland"],
                               "year": [2023]})
    for path in paths:
        kind = path.stem.removeprefix("sjabloon_")
        if path.suffix == ".csv":
            lines = path.read_text(encoding="utf-8").splitlines()
            assert lines[0].startswith("# regiobeeld sjabloon: ")
            assert f"# soort: {kind}" in lines
            assert any(line.startswith("# Bron: ") and "https://" in line for line in lines)
        copy = shutil.copy(path, tmp_path / f"{kind}_voorbeeld{path.suffix}")
        assert dropins.validate_file(copy, membership=lambda year: membership) == [], copy


@pytest.mark.parametrize("text, kind, key", [
    ("2025Q2", "kwartaal", "2025KW02"), ("2025-Q2", "kwartaal", "2025KW02"),
    ("2025 kwartaal 2", "kwartaal", "2025KW02"), ("2025KW02", "kwartaal", "2025KW02"),
    ("Q3 2024", "kwartaal", "2024KW03"), ("2025-06", "maand", "2025MM06"), ("2025MM06", "any", "2025MM06"),
    ("2025", "any", "2025JJ00"), (2025.0, "jaar", "2025JJ00"), ("2023/2024", "schooljaar", "2023/2024"),
    ("2023-2024", "schooljaar", "2023/2024"), ("2023/'24", "schooljaar", "2023/2024"),
    (datetime(2025, 6, 1), "any", "2025MM06"),
    ("2025Q5", "kwartaal", None), ("2025-13", "maand", None), ("2023/2025", "schooljaar", None),
    ("juni", "any", None), (datetime(2025, 6, 1), "kwartaal", None),
])
def test_parse_period(text, kind, key):
    assert parse_period(text, kind) == key


def test_docs_are_generated_from_the_schemas():
    docs = PROJECT_ROOT / "docs" / "eigen-data.md"
    assert docs.read_text(encoding="utf-8") == schema_docs(), (
        "docs/eigen-data.md is out of date; regenerate with: python -c \"from regiobeeld.sources.dropins.schemas "
        "import schema_docs; open('docs/eigen-data.md', 'w').write(schema_docs())\"")


@pytest.mark.integration
def test_rows_of_a_region_are_the_file_rows_of_that_region_in_file_order(demo):
    for kind in KINDS:
        frame = dropins.load(kind, demo, membership=no_membership).frame
        data = dropins.load(kind, demo, membership=no_membership)
        for region in ("AM22", "NL"):
            pd.testing.assert_frame_equal(data.rows(region), frame[frame["regio"] == region])
        assert data.rows("AM04").empty and list(data.rows("AM04").columns) == list(frame.columns)


def test_a_region_whose_params_file_is_broken_is_named_by_its_code(cbs, tmp_path):
    params = tmp_path / "params"
    shutil.copytree(PROJECT_ROOT / "params", params)
    (params / "AM22.yaml").write_text("code: AM22\n", encoding="utf-8")
    broken = cbs.replace(params_dir=params)
    assert "voor AM22" in html_of(section("vsv", "AM22", broken, membership=no_membership))
    assert "voor Zuid-Limburg" in html_of(section("vsv", "AM30", broken, membership=no_membership))
