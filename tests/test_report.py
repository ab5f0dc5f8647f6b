"""The Page facade, on a small hand-built IndicatorSet (no data layer involved)."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from embedded import svg_images
from hypothesis import given, settings
from hypothesis import strategies as st

from regiobeeld.core.errors import ConfigError, UnknownNameError, UnknownRegionError
from regiobeeld.core.settings import Settings
from regiobeeld.core.tidy import TableMeta
from regiobeeld.indicators import SPECS, IndicatorSet
from regiobeeld.presentation import text
from regiobeeld.presentation.report import INDICATORS_MIME, PAGE_MIME, Page, _listing

NAN = math.nan


def _rows(indicator, values, periods=("2023JJ00", "2024JJ00"), category=""):
    """values: code -> list of values per period."""
    return [
        {"indicator": indicator, "region_code": code, "period": p, "period_status": "*" if p.startswith("2024") else "",
         "category": category, "value": v}
        for code, series in values.items() for p, v in zip(periods, series)
    ]


def _meta(table_id):
    return TableMeta(table_id=table_id, title=f"Titel {table_id}", modified=None,
                     retrieved="2026-11-22T10:00:00Z", source_url="http://127.0.0.1", demo=True, query="q")


@pytest.fixture
def iset():
    rows = []
    rows += _rows("unemployment_rate", {"AM22": [3.6, 3.4], "AM19": [3.0, 3.2], "AM20": [4.0, 4.6],
                                         "AM01": [5.0, 5.0], "NL": [3.6, 3.7]})
    rows += _rows("population", {"AM22": [1000, 1100], "AM19": [500, 510], "AM20": [800, NAN],
                                  "AM01": [300, 300], "NL": [10000, 10200]})
    rows += _rows("tightness", {"PV28": [90, 95], "PV27": [100, 110], "NL": [98, 102]})
    for sector, region, nl in (("C Industrie", 20.0, 30.0), ("Q Gezondheids- en welzijnszorg", 50.0, 40.0),
                               ("B-F Nijverheid en energie", 25.0, 35.0), ("G Handel", NAN, 30.0)):
        rows += _rows("sector_share", {"AM22": [region, region], "NL": [nl, nl]}, category=sector)
    for cat, region, nl in (("Mannen|0-4", 10, 100), ("Vrouwen|0-4", 10, 100), ("Mannen|5-9", 20, 100),
                            ("Vrouwen|5-9", 60, 100)):
        rows += _rows("age_pyramid", {"AM22": [region], "NL": [nl]}, periods=("2024JJ00",), category=cat)
    for cat, value in (("niet-formeel|laag", 5.0), ("niet-formeel|hoog", 20.0)):
        rows += _rows("lifelong_learning", {"NL": [value]}, periods=("2024JJ00",), category=cat)
    frame = pd.DataFrame(rows)
    return IndicatorSet(
        frame=frame, specs=SPECS, sources={"86088NED": _meta("86088NED")},
        names={"AM22": "Rijnmond", "AM19": "Zuid-Holland Centraal", "AM20": "Haaglanden",
               "AM01": "Groningen", "NL": "Nederland", "PV28": "Zuid-Holland", "PV27": "Noord-Holland"},
        province_of={"AM22": "PV28"}, demo=True, fingerprint="f" * 16,
        neighbours={"AM22": ("AM19", "AM20")}, failures={"jobs": "tabel 83582NED kon niet worden opgehaald"})


@pytest.fixture
def page(iset):
    return Page("am22", "aanbod", Settings(), indicators=iset)


def _svg(block):
    return svg_images(block.html)[0]


def test_unknown_region_lists_valid_codes():
    with pytest.raises(UnknownRegionError, match="AM22"):
        Page("AM99", "aanbod", Settings())


def test_unknown_theme():
    with pytest.raises(ConfigError, match="kerncijfers"):
        Page("AM22", "werk", Settings())


def test_header_title_and_demo_banner(page):
    block = page.header()
    assert "<h1>Rijnmond · Aanbod</h1>" in block.html
    assert "in de opbouw van Regio in Beeld (UWV); geen publicatie van UWV" in block.html
    assert "Demonstratiegegevens" in block.html


def test_sentence_compares_with_nl_neighbours_and_rank(page):
    sentence = page.sentence("unemployment_rate").text
    # neighbours mean (3,2 + 4,6) / 2 = 3,9; rank among AM22, AM19, AM20, AM01: 5,0 4,6 3,4 3,2 → 3rd of 4
    assert sentence == ("Werkloosheid: in Rijnmond 3,4% van de beroepsbevolking (2024*), lager dan in Nederland (3,7%) en lager dan "
                        "het gemiddelde van de buurregio's (3,9%). Rijnmond staat daarmee 3e van de 4 "
                        "regio's.")


def test_pv_level_sentence_names_the_province(page):
    sentence = page.sentence("tightness").text
    assert "in de provincie Zuid-Holland 95 per 100 werklozen (2024*)" in sentence
    assert "laagste niveau" in sentence


def test_absent_indicator_gives_notice_not_error(page):
    block = page.trend("jobs")
    assert "Niet beschikbaar" in block.html and "83582NED" in block.html


def test_trend_figure_alt_text_has_numbers(page):
    block = page.trend("unemployment_rate")
    assert 'alt="Werkloosheid in Rijnmond: gedaald van 3,6% in 2023 naar 3,4% in 2024* (-0,2 procentpunt; ' \
           'Nederland +0,1 procentpunt)."' in block.html
    svg = _svg(block)
    assert "2024*" in svg and "Buurregio" in svg
    assert "Bron: demonstratiegegevens" in block.html


def test_compare_pv_level_shows_provinces(page):
    svg = _svg(page.compare("tightness"))
    assert "Noord-Holland" in svg and "Zuid-Holland" in svg and "Nederland" in svg


def test_categories_marks_crucial_sectors_and_drops_aggregates(page):
    block = page.categories("sector_share")
    svg = _svg(block)
    assert "Q Gezondheids- en welzijnszorg ◆" in svg
    assert "C Industrie ◆" in svg
    assert "B-F Nijverheid" not in svg
    assert "Cruciale sectoren: C Industrie, Q Gezondheids- en welzijnszorg." in block.html
    assert "◆ = cruciale sector" in block.html and "cijfer onbekend" in block.html  # G Handel is missing
    assert "Hoogst: Q Gezondheids- en welzijnszorg (50,0%), C Industrie (20,0%)" in block.html


def test_all_missing_gives_notice_not_an_empty_chart(page):
    block = page.trend("sector_share", "G Handel")
    assert "Geen ontwikkeling" in block.html and "geen cijfers" in block.html


@pytest.mark.parametrize("call,match", [
    (lambda p: p.sentence("unemployment"), "Onbekende indicator 'unemployment'. Bedoelt u 'unemployment_rate'"),
    (lambda p: p.trend("sector_share", "G Handle"), "Bedoelt u 'G Handel'"),
    (lambda p: p.sentence("population", "nonexistent"), "population heeft geen categorieën"),
    (lambda p: p.data("unemploymentrate"), "Bedoelt u 'unemployment_rate'"),
    (lambda p: p.aanvullen("prognose"), "Onbekend onderwerp 'prognose'. Bedoelt u 'prognoses'"),
    (lambda p: p.dropin("wwv"), "Onbekende soort eigen data 'wwv'. Bedoelt u 'ww'"),
])
def test_a_misspelt_name_raises_one_clear_error_with_close_matches(page, call, match):
    with pytest.raises(UnknownNameError, match=re.escape(match)) as caught:
        call(page)
    assert "\n" not in str(caught.value)


def test_data_behind_a_block_region_neighbours_and_nl_in_dutch(page):
    frame = page.data("unemployment_rate")
    assert list(frame.columns) == ["indicator", "label", "categorie_code", "categorie", "periode_code", "periode",
                                   "gebied_code", "gebied", "rol", "waarde", "eenheid"]
    latest = frame[frame["periode"] == "2024*"]
    assert latest[["gebied", "rol", "waarde"]].values.tolist() == [
        ["Rijnmond", "regio", 3.4], ["Zuid-Holland Centraal", "buurregio", 3.2], ["Haaglanden", "buurregio", 4.6],
        ["Nederland", "Nederland", 3.7]]
    assert set(frame["eenheid"]) == {"%"} and set(frame["label"]) == {"Werkloosheid"}
    province = page.data("tightness")
    assert set(province["gebied"]) == {"provincie Zuid-Holland", "Nederland"}
    sectors = page.data("sector_share", "C Industrie")
    assert set(sectors["categorie"]) == {"C Industrie"} and set(sectors["rol"]) == {"regio", "Nederland"}


def test_blocks_keep_their_data_and_chart(page):
    from regiobeeld.presentation.svg import Chart
    block = page.compare("unemployment_rate")
    assert isinstance(block.chart, Chart) and block.chart.svg == _svg(block)
    assert block.data.equals(page.data("unemployment_rate", ""))
    assert page.sentence("unemployment_rate").data is not None
    assert set(page.table("population").data["gebied"]) == {"Rijnmond", "Zuid-Holland Centraal", "Haaglanden",
                                                            "Nederland"}
    assert page.aanvullen("llo").data is None


def test_table_missing_value_as_dot_with_footnote(page):
    block = page.table("population")
    assert "<td class=\"rb-num\">.</td>" in block.html
    assert "cijfer onbekend" in block.html
    assert "1.100" in block.html and "2024*" in block.html


def test_pyramid_alt_mentions_total(page):
    block = page.pyramid()
    assert "100 inwoners" in block.html


def test_observations_llo_gap(page):
    text = page.observations().text
    assert "5,0% van de laagopgeleiden" in text and "20,0% van de hoogopgeleiden" in text
    assert "15,0 procentpunt" in text
    assert "In 2024* stonden in de provincie Zuid-Holland 95 vacatures" in text


def test_tiles_and_findings(iset):
    page = Page("AM22", "kerncijfers", Settings(), indicators=iset)
    tiles = page.tiles().text
    assert "Werkloosheid: 3,4% van de beroepsbevolking (2024*); Nederland 3,7%; 3e van 4 regio's" in tiles
    assert "Krapte (CBS): 95 per 100 werklozen (2024*); Nederland 102; provincie Zuid-Holland" in tiles
    findings = page.findings().text.splitlines()
    assert 2 <= len(findings) <= 6
    assert any("Inwoners in Rijnmond: gestegen van 1.000 in 2023 naar 1.100 in 2024* (+10,0%; Nederland +2,0%)"
               in f for f in findings)


def test_theme_links_relative(page):
    html = page.theme_links().html
    assert 'href="10_aanbod.html"' in html and 'href="30_mismatch.html"' in html


def test_aanvullen_box_has_links(page):
    html = page.aanvullen("banenafspraak").html
    assert "https://" in html and "Aanvullen" in html


def test_finish_outputs_records_of_shown_indicators(page, capsys):
    from IPython.core.interactiveshell import InteractiveShell
    shell = InteractiveShell.instance()
    published = []
    shell.display_pub.publish = lambda data, metadata=None, **kw: published.append(data)
    try:
        page.sentence("unemployment_rate")
        page.table("population")
        page.trend("jobs")  # absent: not in the records
        page.finish()
    finally:
        InteractiveShell.clear_instance()
    assert [list(d) for d in published] == [[INDICATORS_MIME, "text/plain"], [PAGE_MIME, "text/plain"]]
    assert published[1]["text/plain"] == f"Pagina {page.title} afgerond"
    records = published[0][INDICATORS_MIME]
    assert {r["indicator"] for r in records} == {"unemployment_rate", "population"}
    assert sum(r["indicator"] == "population" for r in records) == 2
    assert published[1][PAGE_MIME]["region_name"] == "Rijnmond"
    assert published[1][PAGE_MIME]["demo"] is True
    assert published[1][PAGE_MIME]["sources"] == [{"table_id": "86088NED", "title": "Titel 86088NED", "demo": True, "retrieved": "2026-11-22T10:00:00Z", "url": "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/86088NED/table"}]


def test_trend_of_counts_is_an_index_with_absolute_alt_text(page):
    block = page.trend("population")
    assert "gestegen van 1.000 in 2023 naar 1.100 in 2024*" in block.html
    svg = _svg(block)
    assert "index (2023 = 100)" in svg and "110,0" in svg


def test_national_only_categories_have_no_second_nl_marker(page):
    svg = _svg(page.categories("lifelong_learning"))
    assert svg.count("Nederland") == 1 and "Niet-formeel onderwijs, laag" in svg


def test_education_levels_in_reading_order():
    from regiobeeld.presentation.report import _in_level_order
    cats = pd.DataFrame({"category": ["hoog", "laag", "middelbaar"], "value": [3.0, 1.0, 2.0]})
    assert _in_level_order(cats)["value"].tolist() == [1.0, 2.0, 3.0]


def test_failed_data_load_gives_notices_once_explained(tmp_path, capsys):
    page = Page("AM22", "aanbod", Settings(source="cbs", offline=True, cache_root=tmp_path))
    header = page.header()
    assert "Gegevens niet beschikbaar" in header.html and "70072NED" in header.html
    for block in (page.sentence("population"), page.trend("population"), page.tiles(), page.observations()):
        assert "bovenaan deze pagina" in block.html and "70072NED" not in block.html


def test_forecast_chart_names_today_and_the_forecast_years(iset):
    rows = _rows("population_forecast_index", {"AM22": [104.0, 108.0, 111.0], "NL": [103.0, 106.0, 108.5]},
                 periods=("2030JJ00", "2040JJ00", "2050JJ00"))
    frame = pd.concat([iset.frame, pd.DataFrame(rows)], ignore_index=True)
    forecast = IndicatorSet(frame=frame, specs=SPECS, sources={"85171NED": _meta("85171NED")}, names=iset.names,
                            province_of={}, demo=True, fingerprint="f" * 16)
    block = Page("AM22", "aanbod", Settings(), indicators=forecast).forecast()
    assert "Inwoners nu en volgens de prognose (index, 2024 = 100)" in block.html
    assert "Rijnmond: 2030 104,0, 2040 108,0, 2050 111,0; Nederland: 2030 103,0" in block.text
    assert "tabel 85171NED" in block.html or "85171NED" in block.html
    svg = _svg(block)
    assert "index (2024 = 100)" in svg and "111,0" in svg
    assert "Niet beschikbaar" in Page("AM22", "aanbod", Settings(), indicators=iset).forecast().html


def test_a_forecast_is_never_told_as_a_trend_in_the_findings():
    from regiobeeld.core.regions import CODES

    values = {code: [100.0 + i, 100.0 + 4 * i] for i, code in enumerate(CODES)}
    values |= {"NL": [110.0, 140.0], "AM22": [110.0, 180.0]}    # as NL in 2040, far above it later
    rows = _rows("population_forecast_index", values, periods=("2040JJ00", "2050JJ00"))
    forecast = IndicatorSet(frame=pd.DataFrame(rows), specs=SPECS, sources={}, names={"AM22": "Rijnmond"},
                            province_of={}, demo=True, fingerprint="f" * 16)
    findings = Page("AM22", "kerncijfers", Settings(), indicators=forecast).findings().text
    assert "Bevolkingsprognose" in findings and "2040" in findings
    assert "gestegen" not in findings and "gedaald" not in findings


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Leeftijd: a", "Leeftijd: b", "Geslacht: m", "formeel|laag", "C x", "Q y"]),
                          st.sampled_from([1.0, 2.0, 2.0, 3.5, NAN])), max_size=40))
def test_the_listing_of_categories_ranks_ties_as_the_pandas_sort_of_a_frame_did(pairs):
    labels = [f"{category} {number}" for number, (category, _) in enumerate(pairs)]
    categories, values = [c for c, _ in pairs], [v for _, v in pairs]
    frame = pd.DataFrame({"category": pd.array(categories, dtype="str"), "value": pd.array(values, dtype="float64"),
                          "label": pd.array(labels, dtype="str")})
    known = frame.dropna(subset=["value"]).sort_values("value", ascending=False)
    by = known["category"].str.extract(r"^([^:|]+)(?::|\|)", expand=False).fillna("")
    expected = "; ".join(text.ranked_listing((row.label, f"{row.value:.1f}") for row in known[by == breakdown].itertuples())
                         for breakdown in pd.unique(by))
    assert _listing(labels, categories, values, lambda value: f"{value:.1f}") == expected
