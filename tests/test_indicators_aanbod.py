"""Aanbod indicators on small regional frames; expected numbers computed by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from regiobeeld.indicators import aanbod


def regional(rows, **extra):
    """Tidy regional frame from (region, period, measure, value[, status]) rows."""
    frame = pd.DataFrame([{"region_code": r[0], "period": r[1], "period_status": r[4] if len(r) > 4 else "",
                           "measure": r[2], "value": r[3]} for r in rows])
    return frame.assign(**extra)


def get(out, region, period, category=""):
    hit = out[(out["region_code"] == region) & (out["period"] == period) & (out["category"] == category)]
    assert len(hit) == 1, (region, period, category, hit)
    return hit["value"].iloc[0]


AGES = {"0-5": 5, "5-10": 5, "10-15": 5, "15-20": 5, "20-25": 10, "25-45": 25, "45-65": 25,
        "65-80": 15, "80+": 5}   # sums to 100


def pop_frame():
    rows = []
    for period, scale, status in (("2019JJ00", 1.0, ""), ("2024JJ00", 1.1, "*")):
        for measure, v in AGES.items():
            rows.append(("AM01", period, measure, v * 10 * scale, status))
        rows.append(("AM01", period, "bevolking", 1000 * scale, status))
        for measure, v in AGES.items():
            rows.append(("NL", period, measure, v * 100.0, status))
        rows.append(("NL", period, "bevolking", 10000.0, status))
    rows.append(("AM02", "2024JJ00", "bevolking", math.nan))
    rows += [("AM02", "2024JJ00", m, 1.0) for m in AGES]
    return regional(rows)


def test_population_and_growth():
    pop = pop_frame()
    out = aanbod.population(pop)
    assert get(out, "AM01", "2024JJ00") == pytest.approx(1100.0)
    assert out.columns.tolist() == ["indicator", "region_code", "period", "period_status", "category", "value"]
    growth = aanbod.population_growth(pop, years=5)
    assert get(growth, "AM01", "2024JJ00") == pytest.approx(10.0)   # (1100 / 1000 - 1) * 100
    assert get(growth, "NL", "2024JJ00") == pytest.approx(0.0)      # 10000 → 10000
    assert set(growth["period"]) == {"2024JJ00"}                     # 2019 has no base year
    assert growth.set_index("region_code").loc["AM01", "period_status"] == "*"
    assert "AM02" not in set(growth["region_code"])                  # no 2019 base


def test_age_structure_and_pressures():
    pop = pop_frame()
    structure = aanbod.age_structure(pop)
    # AM01 2019: 0-15 = 50+50+50 = 150 of 1000 → 15%; 15-25 = 50+100 = 15%; 80+ = 50 → 5%
    assert get(structure, "AM01", "2019JJ00", "0 tot 15 jaar") == pytest.approx(15.0)
    assert get(structure, "AM01", "2019JJ00", "15 tot 25 jaar") == pytest.approx(15.0)
    assert get(structure, "AM01", "2019JJ00", "25 tot 45 jaar") == pytest.approx(25.0)
    assert get(structure, "AM01", "2019JJ00", "80 jaar of ouder") == pytest.approx(5.0)
    assert structure.groupby(["region_code", "period"])["value"].sum().round(6).eq(100).all()
    # 0-20 = 5+5+5+5 = 20; 20-65 = 10+25+25 = 60; 65+ = 15+5 = 20 (shares, any scale)
    assert get(aanbod.green_pressure(pop), "AM01", "2024JJ00") == pytest.approx(20 / 60 * 100)   # 33.33
    assert get(aanbod.grey_pressure(pop), "NL", "2019JJ00") == pytest.approx(20 / 60 * 100)
    assert get(aanbod.demographic_pressure(pop), "AM01", "2019JJ00") == pytest.approx(40 / 60 * 100)  # 66.67
    # AM02: every band 1 → 0-20 = 4, 20-65 = 3, 65+ = 2 → (4 + 2) / 3 * 100 = 200
    assert get(aanbod.demographic_pressure(pop), "AM02", "2024JJ00") == pytest.approx(200.0)


def ages_frame():
    """03759ned-style: Mannen age 0..95 each 1 person in AM01, Vrouwen each 2; AM02 missing age 52."""
    keys = ["10010"] + [str(10000 + 100 * n) for n in range(1, 95)] + ["22000"]
    rows = []
    for sex, per in (("3000", 1.0), ("4000", 2.0)):
        for key in keys:
            rows.append({"region_code": "AM01", "period": "2025JJ00", "period_status": "", "measure": "bevolking",
                         "Geslacht": sex, "Leeftijd": key, "value": per})
            missing = key == str(10000 + 100 * 52)
            rows.append({"region_code": "AM02", "period": "2025JJ00", "period_status": "", "measure": "bevolking",
                         "Geslacht": sex, "Leeftijd": key, "value": math.nan if missing else per})
    return pd.DataFrame(rows)


def test_age_pyramid_and_share_50_65():
    ages = ages_frame()
    pyramid = aanbod.age_pyramid(ages)
    assert get(pyramid, "AM01", "2025JJ00", "Mannen|0-4") == 5.0          # ages 0,1,2,3,4 × 1
    assert get(pyramid, "AM01", "2025JJ00", "Vrouwen|50-54") == 10.0     # 5 ages × 2
    assert get(pyramid, "AM01", "2025JJ00", "Mannen|95+") == 1.0
    assert get(pyramid, "AM01", "2025JJ00", "Mannen|90-94") == 5.0
    assert len(pyramid[pyramid["region_code"] == "AM01"]) == 2 * 20      # 19 bands of 5 + 95+, per sex
    assert math.isnan(get(pyramid, "AM02", "2025JJ00", "Mannen|50-54"))  # age 52 missing
    assert get(pyramid, "AM02", "2025JJ00", "Mannen|45-49") == 5.0
    share = aanbod.share_50_65(ages)
    # ages 50-64 = 15 years of 15-64 = 50 years (uniform) → 30%
    assert get(share, "AM01", "2025JJ00") == pytest.approx(30.0)
    assert math.isnan(get(share, "AM02", "2025JJ00"))


def test_education_level_and_higher_educated():
    edu = regional([("AM01", "2024JJ00", "bevolking_15_75", 400.0), ("AM01", "2024JJ00", "laag_pct", 20.0),
                    ("AM01", "2024JJ00", "middelbaar_pct", 45.0), ("AM01", "2024JJ00", "hoog_pct", 35.0)])
    out = aanbod.education_level(edu)
    assert [get(out, "AM01", "2024JJ00", c) for c in ("laag", "middelbaar", "hoog")] == [20.0, 45.0, 35.0]
    assert get(aanbod.higher_educated(edu), "AM01", "2024JJ00") == 35.0


def labour_frame():
    rows = []
    for region, pct, part in (("AM01", 4.0, 70.0), ("NL", 3.7, 72.5)):
        for key, title, factor in (("T009002", "Totaal personen", 1.0), ("53105", "Leeftijd: 15 tot 25 jaar", 2.0)):
            rows.append({"region_code": region, "period": "2024JJ00", "period_status": "*",
                         "Persoonskenmerken": key, "Persoonskenmerken_title": title,
                         "measure": "werkloosheid_pct", "value": pct * factor})
            rows.append({"region_code": region, "period": "2024JJ00", "period_status": "*",
                         "Persoonskenmerken": key, "Persoonskenmerken_title": title,
                         "measure": "participatie_pct", "value": part})
            rows.append({"region_code": region, "period": "2024JJ00", "period_status": "*",
                         "Persoonskenmerken": key, "Persoonskenmerken_title": title,
                         "measure": "beroepsbevolking", "value": 300.0 * factor})
    return pd.DataFrame(rows)


def test_labour_indicators():
    labour = labour_frame()
    assert get(aanbod.labour_force(labour), "AM01", "2024JJ00") == 300.0
    assert get(aanbod.net_participation(labour), "NL", "2024JJ00") == 72.5
    unemployment = aanbod.unemployment_rate(labour)
    assert get(unemployment, "AM01", "2024JJ00") == 4.0
    assert get(unemployment, "AM01", "2024JJ00", "Leeftijd: 15 tot 25 jaar") == 8.0
    assert (unemployment["period_status"] == "*").all()


def test_unused_potential_is_computed_from_its_parts():
    # 86111NED has no "Onbenut arbeidspotentieel" topic: werkloos 10 + semi-werklozen
    # (beschikbaar niet gezocht 5 + gezocht niet beschikbaar 3) + onderbenut deeltijd 12 = 30.
    potential = regional([("AM01", "2024JJ00", "werkloos", 10.0), ("AM01", "2024JJ00", "beschikbaar_niet_gezocht", 5.0),
                          ("AM01", "2024JJ00", "gezocht_niet_beschikbaar", 3.0),
                          ("AM01", "2024JJ00", "onderbenut_deeltijd", 12.0),
                          ("AM01", "2024JJ00", "bevolking_15_75", 400.0),
                          ("AM02", "2024JJ00", "werkloos", 10.0), ("AM02", "2024JJ00", "beschikbaar_niet_gezocht", 5.0),
                          ("AM02", "2024JJ00", "gezocht_niet_beschikbaar", math.nan),
                          ("AM02", "2024JJ00", "onderbenut_deeltijd", 12.0),
                          ("AM02", "2024JJ00", "bevolking_15_75", 400.0)])
    out = aanbod.unused_potential(potential)
    assert get(out, "AM01", "2024JJ00") == pytest.approx(7.5)                    # 30 / 400 * 100
    assert get(out, "AM01", "2024JJ00", "werkloos") == 10.0                      # x 1 000, as published
    assert get(out, "AM01", "2024JJ00", "semi_werkloos") == 8.0                  # 5 + 3
    assert get(out, "AM01", "2024JJ00", "onderbenut_deeltijd") == 12.0
    assert math.isnan(get(out, "AM02", "2024JJ00"))                              # a part missing: no partial sum
    assert math.isnan(get(out, "AM02", "2024JJ00", "semi_werkloos"))


def test_benefits_and_social_assistance_per_1000():
    # inhabitants 15-65 in AM01: 2024 = 5+10+25+25 (×10) = 650; 2025 not published → use 2024
    pop = regional([("AM01", "2024JJ00", m, v * 10.0) for m, v in AGES.items()])
    benefits = regional([
        ("AM01", "2025MM05", "bijstand", 13.0, "*"), ("AM01", "2025MM05", "ww", 6.5, "*"),
        ("AM01", "2025MM05", "wajong", math.nan, "*"), ("AM01", "2025MM04", "bijstand", 99.0, "*"),
        ("AM01", "2024MM05", "bijstand", 6.5), ("AM01", "2024MM05", "totaal", 100.0),
    ])
    out = aanbod.benefits_rate(benefits, pop)
    assert get(out, "AM01", "2025MM05", "Bijstand") == pytest.approx(20.0)   # 13 / 650 * 1000
    assert get(out, "AM01", "2025MM05", "WW") == pytest.approx(10.0)         # 6.5 / 650 * 1000
    assert math.isnan(get(out, "AM01", "2025MM05", "Wajong"))
    assert get(out, "AM01", "2024MM05", "Bijstand") == pytest.approx(10.0)   # 6.5 / 650 * 1000
    assert "2025MM04" not in set(out["period"])                              # only the latest month's peers
    social = aanbod.social_assistance_rate(benefits, pop)
    assert get(social, "AM01", "2025MM05") == pytest.approx(20.0)
    assert set(social["indicator"]) == {"social_assistance_rate"}


def test_reintegration_per_1000_by_type():
    pop = regional([("AM01", "2024JJ00", m, v * 10.0) for m, v in AGES.items()])   # 15-65 = 650
    reint = regional([("AM01", "2024MM12", "voorzieningen", 13.0), ("AM01", "2024MM12", "voorzieningen", 3.25)])
    reint["TypeReIntegratieParticipatievoorz"] = ["T001403", "A048807"]
    reint["TypeReIntegratieParticipatievoorz_title"] = ["Totaal re-integratie-/participatievoorz.", "Beschut werk"]
    out = aanbod.reintegration_rate(reint, pop)
    assert get(out, "AM01", "2024MM12") == pytest.approx(20.0)                  # 13 / 650 * 1000
    assert get(out, "AM01", "2024MM12", "Beschut werk") == pytest.approx(5.0)   # 3.25 / 650 * 1000


def test_pupils_and_graduates():
    pupils = regional([("AM01", "2024JJ00", "leerlingen", 500.0)], Onderwijssoort="A025294",
                      Onderwijssoort_title="Hbo")
    assert get(aanbod.pupils(pupils), "AM01", "2024JJ00", "Hbo") == 500.0
    keys = {"A042649": 10.0, "A042655": 20.0, "A042661": 30.0, "A042667": 40.0, "A028669": 1.0,
            "A043049": 50.0, "A043051": 9.0, "A043054": 15.0, "A043055": 25.0, "A025290": 100.0}
    grads = pd.DataFrame([{"region_code": "AM01", "period": "2024JJ00", "period_status": "", "measure": "g",
                           "Onderwijssoort": k, "value": v} for k, v in keys.items()])
    out = aanbod.graduates(grads)
    assert get(out, "AM01", "2024JJ00", "Hbo") == 60.0        # 1 + 50 + 9
    assert get(out, "AM01", "2024JJ00", "Wo") == 40.0         # 15 + 25
    assert get(out, "AM01", "2024JJ00", "Mbo entree") == 10.0
    assert len(out) == 6                                      # the mbo total is not a level
