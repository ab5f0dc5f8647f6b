"""Vraag and mismatch indicators on small regional frames; expected numbers by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from regiobeeld.indicators import mismatch, vraag

TOTAL = "A-U Alle economische activiteiten"
INDUSTRY = "C Industrie"
CARE = "Q Gezondheids- en welzijnszorg"
AGGREGATE = "B-F Nijverheid en energie"


def get(out, region, period, category=""):
    hit = out[(out["region_code"] == region) & (out["period"] == period) & (out["category"] == category)]
    assert len(hit) == 1, (region, period, category, hit)
    return hit["value"].iloc[0]


def sbi_frame(rows, dim="BedrijfstakkenBranchesSBI2008"):
    """(region, period, sector title, value[, status]) rows."""
    return pd.DataFrame([{"region_code": r[0], "period": r[1], "period_status": r[4] if len(r) > 4 else "",
                          dim: r[2][:3], f"{dim}_title": r[2], "measure": "x", "value": r[3]} for r in rows])


def jobs_frame():
    rows = []
    # AM01: 2019 total 200; 2024 total 220 (C 44, Q secret), B-F aggregate present but not a category
    rows += [("AM01", "2019JJ00", TOTAL, 200.0), ("AM01", "2019JJ00", INDUSTRY, 40.0), ("AM01", "2019JJ00", CARE, 30.0)]
    rows += [("AM01", "2024JJ00", TOTAL, 220.0, "*"), ("AM01", "2024JJ00", INDUSTRY, 44.0, "*"),
             ("AM01", "2024JJ00", CARE, math.nan, "*"), ("AM01", "2024JJ00", AGGREGATE, 60.0, "*")]
    rows += [("NL", "2019JJ00", TOTAL, 9000.0), ("NL", "2019JJ00", INDUSTRY, 900.0), ("NL", "2019JJ00", CARE, 1800.0)]
    rows += [("NL", "2024JJ00", TOTAL, 10000.0, "*"), ("NL", "2024JJ00", INDUSTRY, 1000.0, "*"),
             ("NL", "2024JJ00", CARE, 2000.0, "*")]
    rows += [("PV20", "2024JJ00", TOTAL, 300.0, "*"), ("PV20", "2024JJ00", INDUSTRY, 50.0, "*"),
             ("PV20", "2024JJ00", CARE, 60.0, "*")]
    return sbi_frame(rows)


def test_jobs_growth_share_and_location_quotient():
    jobs = jobs_frame()
    out = vraag.jobs(jobs)
    assert get(out, "AM01", "2024JJ00") == 220.0
    assert get(out, "AM01", "2024JJ00", INDUSTRY) == 44.0
    assert math.isnan(get(out, "AM01", "2024JJ00", CARE))          # secret stays missing
    assert AGGREGATE not in set(out["category"])                    # only single sections
    assert get(vraag.jobs_growth(jobs), "AM01", "2024JJ00") == pytest.approx(10.0)   # 220 / 200 - 1
    assert get(vraag.jobs_growth(jobs), "NL", "2024JJ00") == pytest.approx(11.111111)  # 10000 / 9000 - 1
    share = vraag.sector_share(jobs)
    assert get(share, "AM01", "2024JJ00", INDUSTRY) == pytest.approx(20.0)   # 44 / 220 * 100
    assert get(share, "NL", "2024JJ00", INDUSTRY) == pytest.approx(10.0)     # 1000 / 10000 * 100
    lq = vraag.location_quotient(jobs)
    assert get(lq, "AM01", "2024JJ00", INDUSTRY) == pytest.approx(2.0)       # 20% / 10%
    assert get(lq, "AM01", "2019JJ00", CARE) == pytest.approx(0.75)          # (30/200) / (1800/9000) = 15/20
    assert math.isnan(get(lq, "AM01", "2024JJ00", CARE))
    assert get(lq, "NL", "2024JJ00", CARE) == pytest.approx(1.0)


def occupation_frame():
    """86112NED as CBS titles it: "Totaal", classes with their BRC code, finer groups (left out)."""
    rows = []
    for beroep, title, total, older in (("x1", "Totaal", 400.0, 100.0), ("x2", "10 Zorg en welzijn beroepen", 60.0, 18.0),
                                        ("x3", "101 Verpleegkundigen", 20.0, 9.0)):
        for key, person, value in (("p1", "Totaal personen", total), ("p2", "Leeftijd: 55 tot 75 jaar", older)):
            rows.append({"region_code": "AM01", "period": "2024JJ00", "period_status": "", "Beroep": beroep,
                         "Beroep_title": title, "Persoonskenmerken": key, "Persoonskenmerken_title": person,
                         "measure": "werkzaam", "value": value})
    return pd.DataFrame(rows)


def test_occupations_and_replacement_demand():
    occ = occupation_frame()
    out = vraag.occupations(occ)
    assert get(out, "AM01", "2024JJ00") == 400.0
    assert get(out, "AM01", "2024JJ00", "10 Zorg en welzijn beroepen") == 60.0
    assert set(out["category"]) == {"", "10 Zorg en welzijn beroepen"}            # no 3-digit groups
    demand = vraag.replacement_demand(occ)
    assert get(demand, "AM01", "2024JJ00") == pytest.approx(25.0)                      # 100 / 400
    assert get(demand, "AM01", "2024JJ00", "10 Zorg en welzijn beroepen") == pytest.approx(30.0)  # 18 / 60


def vacancy_frame():
    rows = []
    for q, (total, care) in enumerate(((10.0, 2.0), (12.0, 2.0), (14.0, 3.0), (16.0, 5.0)), start=1):
        status = "*" if q == 4 else ""
        rows += [("PV20", f"2024KW0{q}", TOTAL, total, status), ("PV20", f"2024KW0{q}", CARE, care, status),
                 ("NL", f"2024KW0{q}", TOTAL, total * 30, status), ("NL", f"2024KW0{q}", CARE, care * 30, status)]
    rows += [("PV20", "2025KW01", TOTAL, 99.0, "*")]                  # incomplete year: ignored
    return sbi_frame(rows)


def test_yearly_vacancies_and_tightness():
    vac = vacancy_frame()
    yearly = vraag.yearly_vacancies(vac)
    assert yearly.loc[("PV20", "2024JJ00", "*", "")] == pytest.approx(13.0)     # (10+12+14+16) / 4
    assert yearly.loc[("PV20", "2024JJ00", "*", CARE)] == pytest.approx(3.0)    # (2+2+3+5) / 4
    assert "2025JJ00" not in yearly.index.get_level_values("period")
    labour = pd.DataFrame([
        {"region_code": r, "period": "2024JJ00", "period_status": "", "Persoonskenmerken": "T009002",
         "Persoonskenmerken_title": "Totaal personen", "measure": "werkloos", "value": v}
        for r, v in (("PV20", 10.0), ("NL", 400.0), ("AM01", 5.0))])
    out = vraag.tightness(vac, labour)
    assert get(out, "PV20", "2024JJ00") == pytest.approx(130.0)     # 13 / 10 * 100
    assert get(out, "NL", "2024JJ00") == pytest.approx(97.5)        # 390 / 400 * 100
    assert set(out["region_code"]) == {"PV20", "NL"}
    assert (out["period_status"] == "*").all()                      # Q4 voorlopig


def test_vacancy_rate_per_1000_jobs():
    out = mismatch.vacancy_rate(vacancy_frame(), jobs_frame())
    assert get(out, "PV20", "2024JJ00") == pytest.approx(13 / 300 * 1000)       # 43.3
    assert get(out, "PV20", "2024JJ00", CARE) == pytest.approx(50.0)            # 3 / 60 * 1000
    assert get(out, "NL", "2024JJ00", CARE) == pytest.approx(90 / 2000 * 1000)  # 45
    assert "AM01" not in set(out["region_code"])


def test_graduates_by_level():
    keys = {"A042649": 10.0, "A042655": 20.0, "A042661": 30.0, "A042667": 40.0, "A028669": 0.0,
            "A043049": 60.0, "A043051": 10.0, "A043054": 10.0, "A043055": 20.0}
    grads = pd.DataFrame([{"region_code": "AM01", "period": "2024JJ00", "period_status": "", "measure": "g",
                           "Onderwijssoort": k, "value": v} for k, v in keys.items()])
    out = mismatch.graduates_by_level(grads)
    # laag 10, middelbaar 20+30+40 = 90, hoog 0+60+10+10+20 = 100; total 200
    assert [get(out, "AM01", "2024JJ00", c) for c in ("laag", "middelbaar", "hoog")] == [5.0, 45.0, 50.0]
    grads.loc[0, "value"] = math.nan
    assert mismatch.graduates_by_level(grads)["value"].isna().all()


def test_employed_by_level():
    labour = pd.DataFrame([
        {"region_code": "AM01", "period": "2024JJ00", "period_status": "", "Persoonskenmerken": "?",
         "Persoonskenmerken_title": t, "measure": m, "value": v}
        for t, m, v in (("Onderwijsniveau: laag", "werkzaam", 50.0), ("Onderwijsniveau: middelbaar", "werkzaam", 150.0),
                        ("Onderwijsniveau: hoog", "werkzaam", 200.0), ("Totaal personen", "werkzaam", 410.0),
                        ("Onderwijsniveau: laag", "werkloos", 9.0))])
    out = mismatch.employed_by_level(labour)
    # 50 + 150 + 200 = 400 → 12.5%, 37.5%, 50%
    assert [get(out, "AM01", "2024JJ00", c) for c in ("laag", "middelbaar", "hoog")] == [12.5, 37.5, 50.0]


def test_lifelong_learning_is_a_computed_share_of_the_population():
    # 85315NED: one count topic (x 1 000) by "Leven lang ontwikkelen"; the % is computed.
    counts = {("Totaal personen", "Totaal"): 13326.0, ("Totaal personen", "Deelname leven lang ontwikkelen"): 4311.0,
              ("Totaal personen", "Geen deelname leven lang ontwikkelen"): 9015.0,
              ("Totaal personen", "Volgt niet-formeel onderwijs"): 3600.0,
              ("Onderwijsniveau: laag", "Totaal"): 3000.0, ("Onderwijsniveau: laag", "Volgt niet-formeel onderwijs"): 420.0,
              ("Onderwijsniveau: hoog", "Totaal"): 4000.0, ("Onderwijsniveau: hoog", "Volgt niet-formeel onderwijs"): 1560.0,
              ("Leeftijd: 25 tot 65 jaar", "Totaal"): 9219.0,
              ("Leeftijd: 25 tot 65 jaar", "Deelname leven lang ontwikkelen"): 2434.0}
    learning = pd.DataFrame([
        {"period": "2023JJ00", "period_status": "", "Persoonskenmerken": "?", "Persoonskenmerken_title": person,
         "LevenLangOntwikkelen": "?", "LevenLangOntwikkelen_title": llo, "measure": "bevolking", "value": v}
        for (person, llo), v in counts.items()])
    out = mismatch.lifelong_learning(learning)
    assert set(out["region_code"]) == {"NL"}
    assert get(out, "NL", "2023JJ00") == pytest.approx(4311 / 13326 * 100)           # 32,35 %
    assert get(out, "NL", "2023JJ00", "niet-formeel") == pytest.approx(3600 / 13326 * 100)
    assert get(out, "NL", "2023JJ00", "niet-formeel|laag") == pytest.approx(14.0)      # 420 / 3000
    assert get(out, "NL", "2023JJ00", "niet-formeel|hoog") == pytest.approx(39.0)      # 1560 / 4000
    assert len(out) == 4                                              # the age group is not used
