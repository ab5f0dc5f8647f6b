"""Generated Dutch sentences: hand-checked wording and numbers."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd
import pytest

from regiobeeld.indicators import Comparison
from regiobeeld.presentation import text

NAN = math.nan
UNEMPLOYMENT = SimpleNamespace(label="Werkloosheid", unit="%", decimals=1, level="AM", higher_is="worse",
                               window=0, share_of="")
POPULATION = SimpleNamespace(label="Inwoners", unit="aantal", decimals=0, level="GM→AM", higher_is=None,
                             window=0, share_of="")
TIGHTNESS = SimpleNamespace(label="Krapte (CBS)", unit="per 100 werklozen", decimals=0, level="PV", higher_is=None,
                            window=0, share_of="")
LLO = SimpleNamespace(label="Leven lang ontwikkelen (landelijk)", unit="%", decimals=1, level="NL",
                      higher_is="better", window=0, share_of="")


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
        "van de buurregio's (3,9%). Rijnmond staat daarmee 12e van de 35 regio's.")


def test_comparison_sentence_within_margin_and_category():
    c = comparison(3.71, 3.74)
    assert text.comparison_sentence(UNEMPLOYMENT, c, "15 tot 25 jaar") == (
        "Werkloosheid, 15 tot 25 jaar: in Rijnmond 3,7% (2024*), vrijwel gelijk aan Nederland (3,7%).")


@pytest.mark.parametrize("value,other,decimals,expected", [
    (72.3, 72.5, 1, "vrijwel gelijk aan"),    # 0,2 within 2% of 72,5 (1,45)
    (72.3, 74.0, 1, "lager dan"),             # 1,7 beyond it
    (3.8, 3.7, 1, "vrijwel gelijk aan"),      # one unit of the last shown decimal
    (3.9, 3.7, 1, "hoger dan"),
    (95, 96.9, 0, "vrijwel gelijk aan"), (95, 104, 0, "lager dan"),
])
def test_one_margin_rule(value, other, decimals, expected):
    assert text.relation(value, other, decimals) == expected


def test_margin_rule_in_every_comparison_sentence():
    c = comparison(72.3, 72.5, {"AM19": 72.4})
    spec = SimpleNamespace(label="Netto arbeidsparticipatie", unit="%", decimals=1, level="AM",
                           higher_is="better", window=0, share_of="")
    assert "vrijwel gelijk aan Nederland (72,5%) en vrijwel gelijk aan het gemiddelde" in (
        text.comparison_sentence(spec, c))
    finding = text.deviation_finding("net_participation", spec, c, spread=1.0)
    assert finding.score == 0 and "vrijwel gelijk aan het landelijke cijfer" in finding.text
    assert "hoger" not in text.low_educated_observation(c) and "vrijwel gelijk" in text.low_educated_observation(c)


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


def test_deviation_finding_scores_in_standard_deviations_plus_extreme_ranks():
    f = text.deviation_finding("unemployment_rate", UNEMPLOYMENT, comparison(4.4, 4.0, rank=3), spread=0.2)
    assert f.score == pytest.approx(2.0)                                    # 0,4 / 0,2, no bonus for 3rd
    assert f.text == ("Werkloosheid in Rijnmond: hoger dan landelijk (ongunstig), 4,4% tegen "
                      "4,0% in Nederland (2024*; 3e van de 35 regio's).")
    top = text.deviation_finding("unemployment_rate", UNEMPLOYMENT, comparison(4.4, 4.0, rank=1), spread=0.2)
    assert top.score == pytest.approx(3.0)                                  # + 1 for the highest of 35
    assert top.text == ("Werkloosheid in Rijnmond: het hoogst van de 35 regio's (ongunstig), 4,4% tegen "
                        "4,0% in Nederland (2024*).")
    low = text.deviation_finding("unemployment_rate", UNEMPLOYMENT, comparison(3.0, 4.0, rank=35), spread=1.0)
    assert "het laagst van de 35 regio's (gunstig), 3,0%" in low.text and low.score == pytest.approx(2.0)
    assert text.deviation_finding("x", UNEMPLOYMENT, comparison(NAN, 4.0), 1.0) is None
    assert text.deviation_finding("x", LLO, comparison(1.0, 4.0), 1.0) is None


def test_select_findings_most_unusual_first_one_per_indicator_max_two_trends():
    F = text.Finding
    found = [F("a", 0.5, "a-dev", "deviation"), F("a", 0.9, "a-trend", "trend"), F("b", 0.6, "b-dev", "deviation"),
             F("c", 0.8, "c-trend", "trend"), F("d", 0.7, "d-trend", "trend"), F("e", 2.1, "e-dev", "deviation"),
             None]
    chosen = text.select_findings(found, n=4)
    assert [f.text for f in chosen] == ["e-dev", "a-trend", "c-trend", "b-dev"]


def test_select_findings_drops_small_differences_beyond_three():
    F = text.Finding
    found = [F(k, score, k, "deviation") for k, score in (("a", 3.0), ("b", 0.2), ("c", 0.1), ("d", 0.05))]
    assert [f.text for f in text.select_findings(found, n=5)] == ["a", "b", "c"]


def test_trend_finding_scores_against_nl_in_spreads_of_the_regions():
    f = text.trend_finding("population", POPULATION, "Rijnmond", series([100, 110]), series([100, 102]), 4.0)
    assert f.score == pytest.approx(2.0)                                    # (10% - 2%) / 4
    assert text.trend_finding("population", POPULATION, "R", series([100, 110]), None, 4.0) is None
    same = text.trend_finding("x", UNEMPLOYMENT, "R", series([4.0, 3.0]), series([4.0, 2.95]), 0.01)
    assert same.score == 0                                                 # -1,0 vs -1,05: within the margin


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
    assert "22,0% van de werkenden in Rijnmond 55 jaar of ouder (Nederland 21,0%)" in (
        text.older_workers_observation(comparison(22.0, 21.0)))


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
    spec = SimpleNamespace(label="Beroepsbevolking", unit="x 1 000", decimals=0, level="AM", higher_is=None,
                           window=0, share_of="")
    assert text.comparison_sentence(spec, c) == (
        "Beroepsbevolking: in Rijnmond 772 duizend (2024*); in Nederland 10,24 miljoen. Rijnmond staat "
        "daarmee 1e van de 35 regio's.")
    assert text.deviation_finding("labour_force", spec, c, 1.0) is None


def test_long_unit_said_once_in_a_trend():
    spec = SimpleNamespace(label="Demografische druk", unit="per 100 inwoners van 20 tot 65 jaar", decimals=1,
                           level="GM→AM", higher_is="worse", window=0, share_of="")
    assert text.trend_sentence(spec, "Twente", series([65.4, 73.2])) == (
        "Demografische druk in Twente: gestegen van 65,4 in 2019 naar 73,2 in 2020* "
        "(per 100 inwoners van 20 tot 65 jaar; +7,8 punt).")                # a ratio changes in points


def test_a_share_says_what_it_divides_by():
    spec = SimpleNamespace(**{**vars(UNEMPLOYMENT), "share_of": "van de beroepsbevolking"})
    assert text.comparison_sentence(spec, comparison(4.4, 3.7)).startswith(
        "Werkloosheid: in Rijnmond 4,4% van de beroepsbevolking (2024*), hoger dan in Nederland (3,7%)")
    assert "4,4% (2024*)" in text.comparison_sentence(spec, comparison(4.4, 3.7), "Geslacht: mannen")


def test_growth_names_its_window():
    spec = SimpleNamespace(label="Groei inwoners", unit="%", decimals=1, level="GM→AM", higher_is=None, window=5, share_of="")
    c = Comparison("x", "AM22", "AM22", "Rijnmond", "2026JJ00", "*", 4.1, 2.9, {}, 7, 35)
    assert text.comparison_sentence(spec, c).startswith("Groei inwoners 2021–2026: in Rijnmond 4,1% (2026*)")


@pytest.mark.parametrize("pairs,expected", [
    ([("Hbo", "12"), ("mbo 2", "8"), ("mbo 3", "8"), ("mbo 4", "8"), ("Wo", "3")], "Hbo (12), mbo 2, 3 en 4 (elk 8), Wo (3)"),
    ([("Zorg", "2"), ("Bouw", "2")], "Zorg en Bouw (elk 2)"),
    ([("a", "4"), ("b", "3"), ("c", "2"), ("d", "1")], "a (4), b (3), c (2)"),
])
def test_ties_share_their_value(pairs, expected):
    assert text.ranked_listing(pairs) == expected


@pytest.mark.parametrize("value,unit,decimals,expected", [
    (8880.0, "x 1 000", 1, "8,88 miljoen"), (612.34, "x 1 000", 1, "612,3 duizend"),
    (47.0, "per 1.000 banen", 0, "47 per 1.000 banen"),
])
def test_no_thousands_of_thousands(value, unit, decimals, expected):
    assert text.format_value(value, unit, decimals) == expected


def test_no_sentence_starts_with_a_digit_and_quarters_read_as_dutch():
    c = Comparison("x", "AM22", "AM22", "Rijnmond", "2025KW02", "", 22.0, 21.0, {}, None, 35)
    sentence = text.older_workers_observation(c)
    assert sentence.startswith("In het 2e kwartaal van 2025 was 22,0% van de werkenden in Rijnmond 55 jaar of ouder")
    assert not any(part.strip()[:1].isdigit() for part in sentence.split(". "))
