"""Generated Dutch sentences: hand-checked wording and numbers."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd
import pytest

from regiobeeld import text
from regiobeeld.indicators import Comparison

NAN = math.nan
UNEMPLOYMENT = SimpleNamespace(label="Werkloosheid", unit="%", decimals=1, level="AM", higher_is="worse")
POPULATION = SimpleNamespace(label="Inwoners", unit="aantal", decimals=0, level="GM→AM", higher_is=None)
TIGHTNESS = SimpleNamespace(label="Krapte (CBS)", unit="per 100 werklozen", decimals=0, level="PV", higher_is=None)
LLO = SimpleNamespace(label="Leven lang ontwikkelen (landelijk)", unit="%", decimals=1, level="NL", higher_is="better")


def comparison(value, nl, neighbours=None, rank=None, n=35, name="Rijnmond", code="AM22", status="*"):
    return Comparison("x", "AM22", code, name, "2024JJ00", status, value, nl, neighbours or {}, rank, n)


def series(values, start=2019):
    return pd.DataFrame({"period": [f"{start + i}JJ00" for i in range(len(values))],
                         "period_status": [""] * (len(values) - 1) + ["*"], "value": values})


@pytest.mark.parametrize("value,unit,decimals,expected", [
    (3.44, "%", 1, "3,4%"), (12.5, "x 1 000", 1, "12,5 duizend"), (1234567, "aantal", 0, "1.234.567"),
    (41.2, "per 100 werklozen", 1, "41,2 per 100 werklozen"), (1.234, "index (NL = 1)", 2, "1,23"),
    (NAN, "%", 1, "."),
])
def test_format_value(value, unit, decimals, expected):
    assert text.format_value(value, unit, decimals) == expected


def test_comparison_sentence_full():
    c = comparison(3.4, 3.7, {"AM19": 3.2, "AM20": 4.6, "AM21": NAN}, rank=12)
    assert text.comparison_sentence(UNEMPLOYMENT, c) == (
        "Werkloosheid: in Rijnmond 3,4% (2024*), lager dan in Nederland (3,7%) en lager dan het gemiddelde "
        "van de buurregio's (3,9%). Rijnmond staat daarmee 12e van de 35 regio's (1 = hoogste).")


def test_comparison_sentence_equal_after_rounding_and_category():
    c = comparison(3.71, 3.74)
    assert text.comparison_sentence(UNEMPLOYMENT, c, "15 tot 25 jaar") == (
        "Werkloosheid, 15 tot 25 jaar: in Rijnmond 3,7% (2024*), even hoog als in Nederland (3,7%).")


def test_comparison_sentence_missing():
    assert text.comparison_sentence(UNEMPLOYMENT, comparison(NAN, 3.7, status="")) == (
        "Werkloosheid: voor Rijnmond is geen cijfer beschikbaar (2024).")


def test_comparison_sentence_province_level():
    c = comparison(95, 102, name="provincie Zuid-Holland", code="PV28")
    assert text.comparison_sentence(TIGHTNESS, c) == (
        "Krapte (CBS): in de provincie Zuid-Holland 95 per 100 werklozen (2024*), lager dan in Nederland "
        "(102). CBS publiceert dit cijfer niet per arbeidsmarktregio; de provincie "
        "Zuid-Holland is het laagste niveau waarop het beschikbaar is.")


def test_comparison_sentence_national_only():
    c = comparison(NAN, 10.25, code="NL", name="Nederland")
    sentence = text.comparison_sentence(LLO, c, "niet-formeel")
    assert sentence.startswith("Leven lang ontwikkelen (landelijk), Niet-formeel onderwijs: landelijk cijfer 10,2% (2024*)")


def test_trend_sentence_rise_with_nl():
    own, nl = series([1000, 1050, 1100]), series([100, 101, 102])
    assert text.trend_sentence(POPULATION, "Rijnmond", own, nl) == (
        "Inwoners in Rijnmond: gestegen van 1.000 in 2019 naar 1.100 in 2021* (+10,0%; Nederland +2,0%).")


def test_trend_sentence_percent_unit_uses_procentpunt_and_skips_gaps():
    own = series([4.0, NAN, 3.5])
    assert text.trend_sentence(UNEMPLOYMENT, "Rijnmond", own) == (
        "Werkloosheid in Rijnmond: gedaald van 4,0% in 2019 naar 3,5% in 2021* (-0,5 procentpunt).")


def test_trend_sentence_single_period():
    assert "geen reeks" in text.trend_sentence(UNEMPLOYMENT, "Rijnmond", series([4.0]))


def test_deviation_finding_score_and_judgement():
    f = text.deviation_finding("unemployment_rate", UNEMPLOYMENT, comparison(4.4, 4.0, rank=3))
    assert f.score == pytest.approx(0.1)
    assert f.text == ("Werkloosheid is in Rijnmond hoger dan landelijk (ongunstig): 4,4% tegen "
                      "4,0% in Nederland (2024*; 3e van de 35 regio's).")
    assert text.deviation_finding("x", UNEMPLOYMENT, comparison(NAN, 4.0)) is None
    assert text.deviation_finding("x", LLO, comparison(1.0, 4.0)) is None


def test_select_findings_one_per_indicator_max_two_trends():
    F = text.Finding
    found = [F("a", 0.5, "a-dev", "deviation"), F("a", 0.9, "a-trend", "trend"), F("b", 0.4, "b-dev", "deviation"),
             F("c", 0.8, "c-trend", "trend"), F("d", 0.7, "d-trend", "trend"), F("e", 0.1, "e-dev", "deviation"),
             None]
    chosen = text.select_findings(found, n=4)
    assert [f.text for f in chosen] == ["b-dev", "e-dev", "a-trend", "c-trend"]


def test_trend_finding_scores_against_nl():
    f = text.trend_finding("population", POPULATION, "Rijnmond", series([100, 110]), series([100, 102]))
    assert f.score == pytest.approx(0.08)


def test_level_mix_observation_names_largest_gap():
    sentence = text.level_mix_observation("Rijnmond", {"laag": 5.0, "middelbaar": 45.0, "hoog": 50.0},
                                          {"laag": 10.0, "middelbaar": 50.0, "hoog": 40.0})
    assert sentence.startswith("Onder de gediplomeerden uit Rijnmond heeft 50,0% een hoog niveau, onder de "
                               "werkenden 40,0%. Op dit niveau verschilt de instroom uit het onderwijs het meest "
                               "van de huidige werkgelegenheid (10,0 procentpunt)")
    assert text.level_mix_observation("R", {}, {"laag": 1.0}) is None


def test_observations_none_when_missing():
    assert text.low_educated_observation(comparison(NAN, 20.0)) is None
    assert text.older_workers_observation(comparison(NAN, 20.0)) is None
    assert text.llo_observation(NAN, 20.0, "2024JJ00") is None
    assert "22,0% 55 jaar of ouder (Nederland 21,0%)" in text.older_workers_observation(comparison(22.0, 21.0))


def test_crucial_sectors():
    cats = ["A Landbouw, bosbouw en visserij", "B-F Nijverheid en energie", "C Industrie", "G Handel",
            "Q Gezondheids- en welzijnszorg", "Totaal"]
    assert text.sbi_section("B-F Nijverheid en energie") == "B-F"
    assert text.sbi_section("Totaal") == ""
    assert text.crucial_categories(cats) == ["A Landbouw, bosbouw en visserij", "C Industrie",
                                             "Q Gezondheids- en welzijnszorg"]
    note = text.crucial_note()
    assert "Zorg en welzijn Q" in note and "Techniek, bouw en energie C, D, E, F" in note


def test_category_label():
    assert text.category_label("semi_werkloos") == "Semi-werklozen"
    assert text.category_label("niet-formeel|laag") == "Niet-formeel onderwijs, laag"
    assert text.category_label("C Industrie") == "C Industrie"


def test_counts_are_ranked_not_compared_with_the_country():
    c = comparison(772, 10239, {"AM19": 260.0}, rank=1)
    spec = SimpleNamespace(label="Beroepsbevolking", unit="x 1 000", decimals=0, level="AM", higher_is=None)
    assert text.comparison_sentence(spec, c) == (
        "Beroepsbevolking: in Rijnmond 772 duizend (2024*); in Nederland 10.239 duizend. Rijnmond staat "
        "daarmee 1e van de 35 regio's (1 = hoogste).")
    assert text.deviation_finding("labour_force", spec, c) is None


def test_long_unit_said_once_in_a_trend():
    spec = SimpleNamespace(label="Demografische druk", unit="per 100 inwoners van 20 tot 65 jaar", decimals=1,
                           level="GM→AM", higher_is="worse")
    assert text.trend_sentence(spec, "Twente", series([65.4, 73.2])) == (
        "Demografische druk in Twente: gestegen van 65,4 in 2019 naar 73,2 in 2020* "
        "(per 100 inwoners van 20 tot 65 jaar; +11,9%).")
