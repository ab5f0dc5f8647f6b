"""The gemeente blocks of a Page: per indicator a chart (or a table for many gemeenten)
beside the region and Nederland, and the overview on the kerncijfers page; hand-made numbers."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from embedded import svg_images

from regiobeeld.core.errors import ConfigError, UnknownNameError
from regiobeeld.core.settings import Settings
from regiobeeld.core.tidy import TableMeta
from regiobeeld.indicators import SPECS, IndicatorSet
from regiobeeld.indicators.gemeenten import COLUMNS, GemeenteValues
from regiobeeld.presentation.gemeenteblocks import CHART_GEMEENTEN
from regiobeeld.presentation.report import Page

NAN = math.nan
PERIODS = {"population": "2024JJ00", "population_growth": "2024JJ00", "social_assistance_rate": "2025MM05",
           "location_quotient": "2023JJ00"}


def _meta(table_id, title):
    return TableMeta(table_id=table_id, title=title, modified=None, retrieved="2026-11-22T10:00:00Z",
                     source_url="http://127.0.0.1", demo=False, query="q")


def _set(gemeenten: dict, failures=None):
    """AM22 and NL for the indicators of :data:`PERIODS`; ``gemeenten``: indicator → {name: value},
    the gemeenten of AM22 (codes in order of the names)."""
    rows, gm = [], []
    for indicator, period in PERIODS.items():
        category = "C Industrie" if indicator == "location_quotient" else ""
        region, nl = {"population": (1000.0, 18000.0), "population_growth": (4.0, 3.0),
                      "social_assistance_rate": (30.0, 25.0), "location_quotient": (1.1, 1.0)}[indicator]
        rows += [(indicator, code, period, "*", category, value) for code, value in (("AM22", region), ("NL", nl))]
        for i, (name, value) in enumerate(gemeenten.get(indicator, {}).items()):
            gm.append((indicator, f"GM{i + 1:04d}", "AM22", name, period, category, value))
    frame = pd.DataFrame(rows, columns=["indicator", "region_code", "period", "period_status", "category", "value"])
    sources = {"70072NED": _meta("70072NED", "Regionale kerncijfers Nederland"),
               "80794ned": _meta("80794ned", "Personen met een uitkering"),
               "85755NED": _meta("85755NED", "Gebieden in Nederland 2024")}
    return IndicatorSet(frame=frame, specs=SPECS, sources=sources, names={"AM22": "Rijnmond", "NL": "Nederland"},
                        province_of={}, demo=False, fingerprint="f",
                        gemeenten=GemeenteValues(pd.DataFrame(gm, columns=list(COLUMNS)), failures))


def _page(iset, theme="aanbod"):
    return Page("AM22", theme, Settings(), indicators=iset)


def _svg_labels(block):
    svg = svg_images(block.html)[0]
    return re.findall(r">([^<>]+)</text>", svg)


FEW = {"population_growth": {"Aadorp": 2.5, "Beekdal": NAN, "Celle": 6.5}}


def test_few_gemeenten_a_sorted_chart_with_region_nederland_and_a_missing_value():
    block = _page(_set(FEW)).gemeenten("population_growth")
    assert block.chart is not None and "<table" not in block.html
    labels = [t for t in _svg_labels(block) if t in ("Aadorp", "Beekdal", "Celle", "Regio Rijnmond", "Nederland")]
    assert labels == ["Celle", "Regio Rijnmond", "Nederland", "Aadorp", "Beekdal"]  # highest first, missing last
    assert {"6,5", "4,0", "3,0", "2,5", "."} <= set(_svg_labels(block))
    assert "Groei inwoners 2019–2024 per gemeente, 2024*" in block.html
    assert "Hoogst: Celle (6,5%); laagst: Aadorp (2,5%). Regio Rijnmond: 4,0%; Nederland: 3,0%. Geen cijfer voor Beekdal." \
        in block.text
    assert "tabel 70072NED (Regionale kerncijfers Nederland), 2024*" in block.text
    assert "tabel 85755NED (Gebieden in Nederland 2024), 2024" in block.text    # the indeling shown
    assert ". = cijfer onbekend" in block.text
    data = block.data
    assert data["rol"].tolist() == ["regio", "Nederland"] + ["gemeente"] * 3
    assert data.loc[data["gebied"] == "Celle", "waarde"].item() == 6.5


def test_many_gemeenten_a_table_with_region_and_nederland_first():
    many = {f"Gemeente {i:02d}": float(i) for i in range(CHART_GEMEENTEN + 5)}
    block = _page(_set({"social_assistance_rate": many})).gemeenten("social_assistance_rate")
    assert "<table" in block.html and block.chart is None
    names = re.findall(r'<th scope="row">([^<]+)</th>', block.html)
    assert names[:3] == ["Regio Rijnmond", "Nederland", "Gemeente 24"] and names[-1] == "Gemeente 00"
    assert "per 1.000 inwoners van 15 tot 65 jaar" in block.html
    assert "Bijstand mei 2025*" in block.html and "tabel 80794ned" in block.text


def test_counts_have_no_region_or_nederland_bar():
    block = _page(_set({"population": {"Aadorp": 600.0, "Celle": 400.0}})).gemeenten("population")
    assert "Regio Rijnmond" not in _svg_labels(block) and "Nederland" not in _svg_labels(block)
    assert {"600", "400"} <= set(_svg_labels(block))


def test_a_category_of_a_categorical_indicator():
    block = _page(_set({"location_quotient": {"Aadorp": 1.5, "Celle": 0.5}}), "vraag").gemeenten(
        "location_quotient", "C Industrie")
    assert "Hoogst: Aadorp (1,50)" in block.text and "Regio Rijnmond: 1,10" in block.text
    assert "Locatiequotiënt (C Industrie) per gemeente, 2023*" in block.html


def test_wrong_calls_stop_the_cell_with_one_line():
    page = _page(_set(FEW))
    with pytest.raises(ConfigError, match="unemployment_rate heeft geen cijfers per gemeente"):
        page.gemeenten("unemployment_rate")
    with pytest.raises(UnknownNameError, match="Onbekende indicator 'population_grow'.*'population_growth'"):
        page.gemeenten("population_grow")
    with pytest.raises(UnknownNameError, match="location_quotient heeft geen totaal"):
        _page(_set({"location_quotient": {"Aadorp": 1.5}}), "vraag").gemeenten("location_quotient")


def test_a_failed_gemeente_computation_loses_only_that_block():
    iset = _set({"population": {"Aadorp": 600.0}},
                failures={"population_growth": "de cijfers per gemeente konden niet worden berekend"})
    page = _page(iset)
    notice = page.gemeenten("population_growth")
    assert "Geen cijfers per gemeente: Groei inwoners" in notice.text
    assert "de cijfers per gemeente konden niet worden berekend" in notice.text
    assert page.compare("population_growth").chart is not None     # the indicator itself is still there
    assert page.gemeenten("population").chart is not None


def test_a_set_without_gemeente_values_gives_a_notice():
    iset = _set({})
    iset.gemeenten = None
    assert "er zijn geen cijfers per gemeente berekend" in _page(iset).gemeenten("population_growth").text


def test_kerncijfers_overview_one_row_per_gemeente_plus_region_and_nederland():
    iset = _set({"population": {"Celle": 400.0, "Aadorp": 600.0},
                 "population_growth": {"Celle": NAN, "Aadorp": 2.5},
                 "social_assistance_rate": {"Celle": 20.0, "Aadorp": 35.0}})
    block = _page(iset, "kerncijfers").gemeente_overview()
    lines = block.text.splitlines()
    assert lines[0] == "Gemeenten in Rijnmond"
    header = lines[1].split(" | ")
    assert header[0] == "Gemeente" and "Inwoners 2024*" in header and "Groei inwoners 2019–2024* (%)" in header
    assert "Bijstand mei 2025*" in header
    assert lines[2:6] == ["Aadorp | 600 | 2,5 | 35,0", "Celle | 400 | . | 20,0",
                          "Regio Rijnmond | 1.000 | 4,0 | 30,0", "Nederland | 18.000 | 3,0 | 25,0"]
    assert "Eenheden: Bijstand per 1.000 inwoners van 15 tot 65 jaar." in block.text
    assert ("Niet beschikbaar per gemeente: Demografische druk, Hoogopgeleiden, Groei banen en Netto "
            "arbeidsparticipatie (registers).") in block.text
    assert "tabel 70072NED" in block.text and "tabel 80794ned" in block.text and "tabel 85755NED" in block.text


def test_kerncijfers_overview_without_any_gemeente_values():
    assert "Geen cijfers per gemeente" in _page(_set({}), "kerncijfers").gemeente_overview().text


def test_a_gemeente_named_like_its_region_is_told_apart():
    labels = _svg_labels(_page(_set({"population_growth": {"Rijnmond": 5.0}})).gemeenten("population_growth"))
    assert "Rijnmond" in labels and "Regio Rijnmond" in labels     # as gemeente Groningen in AM01 Groningen
