"""The built-in demonstration data: CBS shapes, consistency, magnitudes, determinism."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from regiobeeld.core import catalog
from regiobeeld.sources.demo import build_table, build_tables, clear_caches

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
LEVELS_BY_PREFIX = {"NL": "NL", "LD": "LD", "PV": "PV", "CR": "CR", "AM": "AM", "GM": "GM"}


@pytest.fixture(scope="module")
def tables():
    return build_tables()


def typed(table_id: str) -> pd.DataFrame:
    """The TypedDataSet with stripped keys."""
    frame = build_table(table_id)["TypedDataSet"].copy()
    spec = catalog.table(table_id)
    for dim in spec.dimensions:
        frame[dim.key] = frame[dim.key].str.strip()
    return frame


def cell(frame: pd.DataFrame, topic: str, **keys):
    hit = frame
    for column, value in keys.items():
        hit = hit[hit[column] == value]
    assert len(hit) == 1, (topic, keys, len(hit))
    return hit[topic].iloc[0]


def gebieden(year: int) -> pd.DataFrame:
    """Gemeente → stripped codes of the Gebieden table of ``year``, resolved by group title."""
    sets = build_table(catalog.GEBIEDEN_TABLES[year])
    props = sets["DataProperties"]
    titles = {p["ID"]: p["Title"] for p in props}
    keys = {(titles.get(p["ParentID"]), p["Title"]): p["Key"] for p in props if p["Type"] == "Topic"}
    data = sets["TypedDataSet"]
    return pd.DataFrame({
        "gm": data["RegioS"].str.strip(),
        "am": data[keys[("Arbeidsmarktregio's", "Code")]].str.strip(),
        "pv": data[keys[("Provincies", "Code")]].str.strip(),
        "cr": data[keys[("COROP-gebieden", "Code")]].str.strip(),
        "inwoners": data[keys[("Statistische gegevens", "Inwonertal")]],
    })


# --------------------------------------------------------------------------- shape

@pytest.mark.integration   # every catalogue table of the demo world
def test_every_catalog_table_is_built_and_flagged_as_demo(tables):
    assert set(tables) == set(catalog.TABLES)
    for table_id, sets in tables.items():
        info = sets["TableInfos"][0]
        assert info["Identifier"] == table_id
        assert info["Catalog"] == catalog.DEMO_CATALOG
        assert info["Language"] == "nl"
        assert "demonstratiegegevens" in info["Title"].lower()
        assert "Demonstratiegegevens" in info["Summary"] and "geen CBS-cijfers" in info["Summary"]


@pytest.mark.integration   # every catalogue table of the demo world
def test_data_properties_carry_every_catalog_topic_under_its_group(tables):
    for table_id, spec in catalog.TABLES.items():
        props = tables[table_id]["DataProperties"]
        by_id = {p["ID"]: p for p in props}
        topics = {p["Key"]: p for p in props if p["Type"] == "Topic"}
        dims = [p for p in props if p["Type"] in ("Dimension", "GeoDimension", "TimeDimension")]
        assert [(d["Key"], d["Type"]) for d in dims] == [(d.key, d.type) for d in spec.dimensions]
        assert props[: len(dims)] == dims, "dimensions come first"
        assert [p["ID"] for p in props] == list(range(len(props)))
        for topic in spec.topics:
            prop = topics[topic.key]
            path, parent = [], by_id.get(prop["ParentID"])
            while parent is not None:
                path.insert(0, parent["Title"])
                parent = by_id.get(parent["ParentID"])
            assert (prop["Title"], prop["Unit"], prop["Datatype"], prop["Decimals"]) == \
                (topic.title, topic.unit, topic.datatype, topic.decimals), (table_id, topic.key)
            assert ("/".join(path) or None) == topic.group, (table_id, topic.key)
            assert prop["odata.type"] == "Cbs.OData.Topic"


def test_gebieden_groups_nest_and_other_code_name_pairs_share_titles():
    props = build_table("86247NED")["DataProperties"]
    by_id = {p["ID"]: p for p in props}

    def path(prop):
        out = []
        while prop["ParentID"] is not None:
            prop = by_id[prop["ParentID"]]
            out.insert(0, prop["Title"])
        return out

    paths = {p["Key"]: path(p) + [p["Title"]] for p in props if p["Type"] == "Topic"}
    assert paths["Code_4"] == ["Lokaliseringen van gemeenten", "Arbeidsmarktregio's", "Code"]
    assert paths["Naam_5"] == ["Lokaliseringen van gemeenten", "Arbeidsmarktregio's", "Naam"]
    pv_code = next(t.key for t in catalog.table("86247NED").topics if t.group.endswith("Provincies") and t.title == "Code")
    assert paths[pv_code] == ["Lokaliseringen van gemeenten", "Provincies", "Code"]
    assert paths["Naam_2"] == ["Codes en namen van gemeenten", "Naam"]
    assert paths["Inwonertal_56"] == ["Statistische gegevens", "Inwonertal"]
    assert sum(1 for p in paths.values() if p[-1] == "Naam") >= 4   # title alone is ambiguous


@pytest.mark.integration
@pytest.mark.integration   # every catalogue table of the demo world
def test_every_dimension_member_is_listed_and_used(tables):
    for table_id, spec in catalog.TABLES.items():
        sets = tables[table_id]
        data = sets["TypedDataSet"]
        assert list(data.columns) == ["ID", *[d.key for d in spec.dimensions], *
                                      [c for c in data.columns[1 + len(spec.dimensions):]]]
        assert data["ID"].tolist() == list(range(len(data)))
        for dim in spec.dimensions:
            keys = [row["Key"] for row in sets[dim.key]]
            assert set(data[dim.key]) == set(keys), (table_id, dim.key)
            if dim.members:
                assert [(k.strip(), row["Title"]) for k, row in zip(keys, sets[dim.key])] == list(dim.members)


@pytest.mark.integration   # every catalogue table of the demo world
def test_regions_are_exactly_the_published_levels(tables):
    for table_id, spec in catalog.TABLES.items():
        geo = [dim.key for dim in spec.dimensions if dim.type == "GeoDimension"]
        if not spec.levels:
            assert not geo and "RegioS" not in tables[table_id]
            continue
        for geo in (d.key for d in spec.dimensions if d.type == "GeoDimension"):
            prefixes = {row["Key"][:2] for row in tables[table_id][geo]}
            assert prefixes == {LEVELS_BY_PREFIX[level] for level in spec.levels}, (table_id, geo)
    assert "AM" not in {row["Key"][:2] for row in tables["70072NED"]["RegioS"]}


def test_keys_and_string_values_are_padded_like_cbs():
    rows = {r["Key"].strip(): r for r in build_table("86088NED")["RegioS"]}
    assert rows["NL01"]["Key"] == "NL01  " and rows["NL01"]["Title"] == "Nederland"
    assert rows["PV28"]["Key"] == "PV28  " and rows["PV28"]["Title"] == "Zuid-Holland (PV)"
    assert rows["AM22"]["Key"] == "AM22  " and rows["AM22"]["Title"] == "Rijnmond (AM)"
    assert rows["LD03"]["Title"] == "West-Nederland (LD)"
    assert rows["GM7001"]["Key"] == "GM7001"
    assert all(len(r["Key"]) == 6 for r in rows.values())
    assert {r["Key"] for r in build_table("86088NED")["Persoonskenmerken"]} >= {"T009002", "3000   "}
    assert {len(r["Key"]) for r in build_table("83599NED")["RegioS"]} == {4}      # no gemeenten: 4 wide
    assert build_table("83582NED")["BedrijfstakkenBranchesSBI2008"][1]["Key"] == "301000 "
    data = build_table("86247NED")["TypedDataSet"]
    assert data["Code_4"].str.len().eq(10).all() and data["Naam_5"].str.len().eq(50).all()
    first = data.iloc[0]
    assert first["Code_1"] == first["RegioS"].ljust(10)


def test_periods_titles_and_status():
    banen = build_table("83582NED")["Perioden"]
    assert [(p["Key"], p["Title"], p["Status"]) for p in banen[-3:]] == [
        ("2022JJ00", "2022 december", "Definitief"),
        ("2023JJ00", "2023 december**", "Nader voorlopig"),
        ("2024JJ00", "2024 december*", "Voorlopig")]
    months = build_table("80794ned")["Perioden"]
    assert (months[0]["Key"], months[0]["Title"]) == ("2022MM01", "2022 januari")
    assert (months[-1]["Key"], months[-1]["Title"], months[-1]["Status"]) == ("2025MM06", "2025 juni*", "Voorlopig")
    assert len(months) == 42
    quarters = build_table("83599NED")["Perioden"]
    assert (quarters[1]["Key"], quarters[1]["Title"]) == ("2019KW02", "2019 2e kwartaal")
    assert [p["Key"] for p in build_table("03759ned")["Perioden"]] == ["2016JJ00", "2021JJ00", "2026JJ00"]
    labour = build_table("86088NED")["Perioden"]
    assert (labour[-1]["Title"], labour[0]["Title"]) == ("2024*", "2015")
    geb = build_table("85755NED")
    assert "Perioden" not in geb and geb["TableInfos"][0]["Period"] == "2024"


@pytest.mark.integration
@pytest.mark.integration   # every catalogue table of the demo world
def test_output_is_json_ready_with_null_for_missing(tables):
    for sets in tables.values():
        for rows in sets.values():
            records = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else rows
            json.dumps(records[:2000], allow_nan=False)
    data = build_table("85525NED")["TypedDataSet"]
    assert data["Bevolking_1"].isna().any()
    assert all(v is None or isinstance(v, int) for v in data["Bevolking_1"])


# --------------------------------------------------------------------------- the world

def test_gemeenten_are_invented_and_never_collide_with_cbs_codes():
    regions = build_table("86247NED")["RegioS"]
    codes = [r["Key"] for r in regions]
    assert len(codes) == 342 and all("GM7001" <= c <= "GM7999" for c in codes)
    names = [r["Title"] for r in regions]
    assert len(set(names)) == len(names)


@pytest.mark.shared
def test_gemeente_names_are_not_real_gemeenten():
    path = SHARED / "gemeenten_arbeidsmarktregio.csv"
    if not path.exists():
        pytest.skip(f"{path} absent (../shared not available)")
    real = set(pd.read_csv(path)["name"])
    names = {r["Title"] for year in catalog.GEBIEDEN_TABLES
             for r in build_table(catalog.GEBIEDEN_TABLES[year])["RegioS"]}
    assert not names & real


def test_region_gemeente_counts_follow_the_brief():
    geb = gebieden(2026)
    counts = geb.groupby("am").size()
    assert len(counts) == 35 and counts.sum() == 342
    assert (counts["AM01"], counts["AM22"], counts["AM35"], counts["AM36"]) == (14, 14, 3, 16)
    assert geb[geb.am == "AM06"].groupby("pv").size().to_dict() == {"PV23": 1, "PV24": 1, "PV25": 10}


def test_merger_is_visible_across_gebieden_years():
    before, after = gebieden(2018), gebieden(2019)
    gone = sorted(set(before.gm) - set(after.gm))
    new = sorted(set(after.gm) - set(before.gm))
    assert len(gone) == 3 and new == ["GM7401"]
    assert set(before[before.gm.isin(gone)].am) == {"AM01"}
    assert after.set_index("gm").loc["GM7401", "am"] == "AM01"
    assert sorted(set(gebieden(2022).gm) - set(gebieden(2023).gm)) != []
    assert "GM7402" in set(gebieden(2023).gm) and "GM7402" not in set(gebieden(2022).gm)
    # The data follow each year's indeling: old codes until 2018, the new one from 2019.
    kern = typed("70072NED")
    old = kern[kern.RegioS == gone[0]].set_index("Perioden")["TotaleBevolking_1"]
    assert old["2018JJ00"] is not None and old["2019JJ00"] is None
    merged = kern[kern.RegioS == "GM7401"].set_index("Perioden")["TotaleBevolking_1"]
    assert merged["2018JJ00"] is None
    sum_old = sum(kern[(kern.RegioS.isin(gone)) & (kern.Perioden == "2018JJ00")]["TotaleBevolking_1"])
    assert merged["2019JJ00"] == pytest.approx(sum_old, rel=0.03)


# --------------------------------------------------------------------------- consistency

def test_population_levels_are_sums_of_their_gemeenten():
    kern = typed("70072NED")
    for year in (2016, 2019, 2026):
        period = kern[kern.Perioden == f"{year}JJ00"].set_index("RegioS")["TotaleBevolking_1"]
        geb = gebieden(year).set_index("gm")
        gm = period[period.index.str.startswith("GM")].dropna().astype(int)
        assert set(gm.index) == set(geb.index)
        assert period["NL01"] == gm.sum()
        for pv in ("PV20", "PV28", "PV31"):
            assert period[pv] == gm[geb.index[geb.pv == pv]].sum()
        for cr in ("CR01", "CR25"):
            assert period[cr] == gm[geb.index[geb.cr == cr]].sum()
        assert (geb["inwoners"] == gm[geb.index]).all(), "Gebieden Inwonertal = 70072NED"


def test_age_table_totals_add_up_and_agree_with_kerncijfers():
    ages = typed("03759ned")
    nl = ages[(ages.RegioS == "NL01") & (ages.Perioden == "2026JJ00")]
    total = cell(nl, "BevolkingOp1Januari_1", Geslacht="T001038", Leeftijd="10000")
    by_age = nl[(nl.Geslacht == "T001038") & ~nl.Leeftijd.isin(["10000", "22300"])]   # 105+ is within 95+
    assert total == by_age["BevolkingOp1Januari_1"].sum()
    assert total == cell(nl, "BevolkingOp1Januari_1", Geslacht="3000", Leeftijd="10000") \
        + cell(nl, "BevolkingOp1Januari_1", Geslacht="4000", Leeftijd="10000")
    kern = typed("70072NED")
    assert total == cell(kern, "TotaleBevolking_1", RegioS="NL01", Perioden="2026JJ00")
    assert cell(nl, "GemiddeldeBevolking_2", Geslacht="T001038", Leeftijd="10000") is None
    assert cell(ages, "GemiddeldeBevolking_2", RegioS="NL01", Perioden="2016JJ00",
                Geslacht="T001038", Leeftijd="10000") > 17_000_000


def test_unemployment_rate_matches_its_numerator_and_denominator():
    data = typed("86088NED")
    big = data[(data.Persoonskenmerken == "T009002") & ~data.RegioS.str.startswith("GM")]
    rate = big["Werkloosheidspercentage_5"].astype(float)
    ratio = 100 * big["WerklozeBeroepsbevolking_4"] / big["Beroepsbevolking_2"]
    tolerance = 0.05 + rate * 0.5 / big["WerklozeBeroepsbevolking_4"] + 100 * 0.5 / big["Beroepsbevolking_2"]
    assert ((rate - ratio).abs() <= tolerance).all()
    nl = data[(data.RegioS == "NL01") & (data.Perioden == "2024JJ00")].set_index("Persoonskenmerken")
    assert nl.loc["T009002", "Beroepsbevolking_2"] == pytest.approx(
        nl.loc["3000", "Beroepsbevolking_2"] + nl.loc["4000", "Beroepsbevolking_2"], abs=1)
    assert nl.loc["T009002", "Beroepsbevolking_2"] == pytest.approx(
        nl.loc["T009002", "WerkzameBeroepsbevolking_3"] + nl.loc["T009002", "WerklozeBeroepsbevolking_4"], abs=1)


def test_am_rows_are_sums_of_their_gemeenten_within_rounding():
    data = typed("86088NED")
    year = data[(data.Perioden == "2024JJ00") & (data.Persoonskenmerken == "T009002")].set_index("RegioS")
    geb = gebieden(2024).set_index("gm")
    for am in ("AM01", "AM22", "AM35"):
        members = geb.index[geb.am == am]
        assert year.loc[am, "Beroepsbevolking_2"] == pytest.approx(
            year.loc[members, "Beroepsbevolking_2"].sum(), abs=0.5 * len(members) + 1)


def test_jobs_totals_are_sums_of_sections():
    data = typed("83582NED")
    nl = data[(data.RegioS == "NL01") & (data.Perioden == "2024JJ00")].set_index("BedrijfstakkenBranchesSBI2008")
    values = nl["BanenVanWerknemersInDecember_1"].astype(float)
    sections = [k for k, t in catalog.SBI_SECTIONS if len(t.split(" ", 1)[0]) == 1]
    assert values["T001081"] == pytest.approx(values[sections].sum(), abs=0.05 * len(sections))
    assert values["300003"] == pytest.approx(values[["305700", "307500", "346600", "348000", "350000"]].sum(), abs=0.3)


# --------------------------------------------------------------------------- magnitudes

def _latest(frame: pd.DataFrame, topic: str, **keys) -> pd.Series:
    last = frame["Perioden"].max()
    hit = frame[frame.Perioden == last]
    for column, value in keys.items():
        hit = hit[hit[column] == value]
    return hit.set_index("RegioS")[topic].astype(float)


def test_population_and_ageing_magnitudes():
    kern = typed("70072NED")
    assert cell(kern, "TotaleBevolking_1", RegioS="NL01", Perioden="2016JJ00") == pytest.approx(17.1e6, rel=0.005)
    assert cell(kern, "TotaleBevolking_1", RegioS="NL01", Perioden="2026JJ00") == pytest.approx(18.1e6, rel=0.005)
    latest = kern[kern.Perioden == "2026JJ00"].set_index("RegioS")
    old = latest["k_65Tot80Jaar_11"] + latest["k_80JaarOfOuder_12"]
    share = old / latest["TotaleBevolking_1"] * 100
    assert 19 <= share["NL01"] <= 23
    assert 13 <= share[share.index.str.startswith("PV")].min() and share[share.index.str.startswith("PV")].max() <= 27


def test_regions_grow_and_age_differently():
    growth = (gebieden(2026).groupby("am")["inwoners"].sum() / gebieden(2016).groupby("am")["inwoners"].sum())
    per_year = (growth ** 0.1 - 1) * 100
    assert per_year.between(-0.35, 1.25).all()
    assert per_year["AM30"] < 0 < 0.8 < per_year["AM13"]          # Zuid-Limburg shrinks, Utrecht grows
    kern = typed("70072NED")
    latest = kern[kern.Perioden == "2026JJ00"].set_index("RegioS")
    geb = gebieden(2026).set_index("gm")
    old = (latest["k_65Tot80Jaar_11"] + latest["k_80JaarOfOuder_12"])[geb.index].groupby(geb.am).sum()
    share = old / latest["TotaleBevolking_1"][geb.index].groupby(geb.am).sum() * 100
    assert 14 <= share.min() <= 16.5 and 24 <= share.max() <= 27.5
    assert share["AM24"] > share["AM18"] + 8                     # Zeeland greyer than Groot Amsterdam


def test_labour_market_magnitudes():
    data = typed("86088NED")
    rate = _latest(data, "Werkloosheidspercentage_5", Persoonskenmerken="T009002")
    part = _latest(data, "NettoArbeidsparticipatie_7", Persoonskenmerken="T009002")
    am = rate.index.str.startswith("AM")
    assert 3.5 <= rate["NL01"] <= 4.0 and 71.5 <= part["NL01"] <= 73.5
    assert rate[am].between(3.0, 5.5).all() and part[am].between(67, 75).all()
    assert 9_700 <= _latest(data, "Beroepsbevolking_2", Persoonskenmerken="T009002")["NL01"] <= 10_500
    assert _latest(data, "Werkloosheidspercentage_5", Persoonskenmerken="53105")["NL01"] > 2 * rate["NL01"]
    covid = data[(data.RegioS == "NL01") & (data.Persoonskenmerken == "T009002")].set_index("Perioden")
    assert covid.loc["2020JJ00", "Werkloosheidspercentage_5"] > covid.loc["2019JJ00", "Werkloosheidspercentage_5"]


def test_education_level_magnitudes():
    data = typed("85525NED")
    hoog = _latest(data, "k_3HboWo_4").dropna()
    laag = _latest(data, "k_1BasisonderwijsVmboMbo1_2").dropna()
    assert 35 <= hoog["NL01"] <= 41 and 19 <= laag["NL01"] <= 25
    pv = hoog.index.str.startswith("PV")
    assert hoog[pv].between(25, 50).all() and laag[pv].between(17, 28).all()
    shares = data[["k_1BasisonderwijsVmboMbo1_2", "k_2HavoVwoMbo24_3", "k_3HboWo_4"]].dropna().astype(float)
    assert np.allclose(shares.sum(axis=1), 100, atol=0.2)


def test_jobs_vacancies_and_krapte_magnitudes():
    jobs = typed("83582NED")
    nl = jobs[(jobs.RegioS == "NL01") & (jobs.Perioden == "2024JJ00")].set_index("BedrijfstakkenBranchesSBI2008")
    total = nl.loc["T001081", "BanenVanWerknemersInDecember_1"]
    assert 8_500 <= total <= 9_200
    assert 0.14 <= nl.loc["406900", "BanenVanWerknemersInDecember_1"] / total <= 0.18     # Q zorg
    assert 0.08 <= nl.loc["307500", "BanenVanWerknemersInDecember_1"] / total <= 0.11     # C industrie
    vac = typed("83599NED")
    nl_vac = vac[(vac.RegioS == "NL01") & (vac.BedrijfstakkenBranchesSBI2008 == "T001081")].set_index("Perioden")
    vacancies = nl_vac["OpenstaandeVacatures_1"].astype(float)
    assert 350 <= vacancies["2024KW04"] <= 450 and vacancies["2020KW02"] < vacancies["2019KW04"]
    labour = typed("86088NED")
    unemployed = labour[(labour.Persoonskenmerken == "T009002") & (labour.Perioden == "2024JJ00")]
    unemployed = unemployed.set_index("RegioS")["WerklozeBeroepsbevolking_4"]
    q4 = vac[(vac.Perioden == "2024KW04") & (vac.BedrijfstakkenBranchesSBI2008 == "T001081")]
    krapte = q4.set_index("RegioS")["OpenstaandeVacatures_1"] / unemployed.reindex(q4.RegioS).to_numpy() * 100
    assert 85 <= krapte["NL01"] <= 125
    assert krapte[krapte.index.str.startswith("PV")].std() > 5


def test_regional_specialisations_show_in_location_quotients():
    jobs = typed("83582NED")
    latest = jobs[jobs.Perioden == "2024JJ00"]
    geb = gebieden(2024).set_index("gm")

    def am_share(am, key):
        gm = latest[latest.RegioS.isin(geb.index[geb.am == am])]
        wide = gm.pivot(index="RegioS", columns="BedrijfstakkenBranchesSBI2008",
                        values="BanenVanWerknemersInDecember_1").astype(float)
        return wide[key].sum() / wide["T001081"].sum()

    nl = latest[latest.RegioS == "NL01"].set_index("BedrijfstakkenBranchesSBI2008")["BanenVanWerknemersInDecember_1"]
    assert am_share("AM22", "383100") / (nl["383100"] / nl["T001081"]) > 1.4    # Rijnmond: vervoer
    assert am_share("AM28", "307500") / (nl["307500"] / nl["T001081"]) > 1.4    # Zuidoost-Brabant: industrie


def test_benefits_reintegration_and_education_magnitudes():
    ben = typed("80794ned")
    nl = ben[(ben.RegioS == "NL01") & (ben.Perioden == "2025MM06")].iloc[0]
    assert 380_000 <= nl["BijstandTotDeAOWLeeftijd_7"] <= 420_000
    assert 200_000 <= nl["Werkloosheid_4"] <= 280_000
    assert 800_000 <= nl["ArbeidsongeschiktheidTotaal_8"] <= 900_000
    assert 220_000 <= nl["WajongUitkering_11"] <= 280_000
    assert 3_000_000 <= nl["AlgemeneOuderdomswet_12"] <= 3_700_000     # residents only
    assert nl["UitkeringsontvangersTotaal_1"] == nl["TotDeAOWLeeftijd_2"] + nl["VanafDeAOWLeeftijd_3"]
    assert ben[["Werkloosheid_4", "AlgemeneOuderdomswet_12"]].map(lambda v: v is None or v % 10 == 0).all().all()
    rein = typed("85588NED")
    running = rein[(rein.RegioS == "NL01") & (rein.Perioden == "2025MM06")
                   & (rein.StatusVoorzieningEindeVerslagperiode == "A048810")]
    running = running.set_index("TypeReIntegratieParticipatievoorz")["ReIntegratieParticipatievoorzieningen_1"]
    assert 35_000 <= running["A048803"] <= 45_000 and 6_000 <= running["A048807"] <= 10_000
    pupils = typed("85701NED")
    nl = pupils[(pupils.RegioS == "NL01") & (pupils.Perioden == "2024JJ00")].set_index("Onderwijssoort")
    counts = nl["LeerlingenEnStudenten_1"]
    assert 450_000 <= counts["A041867"] <= 550_000 and 300_000 <= counts["A025297"] <= 380_000
    assert 0.5 <= counts["A042668"] / counts["A041867"] <= 0.6
    assert counts["A041867"] == pytest.approx(counts[["A042650", "A042656", "A042662", "A042668"]].sum(), abs=40)
    grads = typed("85702NED")
    nl = grads[(grads.RegioS == "NL01") & (grads.Perioden == "2024JJ00")].set_index("Onderwijssoort")
    assert 120_000 <= nl.loc["A025290", "Gediplomeerden_1"] <= 140_000


def test_occupations_and_lifelong_learning():
    occ = typed("86112NED")
    nl = occ[(occ.RegioS == "NL01") & (occ.Perioden == "2024JJ00") & (occ.Geslacht == "T001038")]
    total = nl[nl.Persoonskenmerken == "T009002"].set_index("Beroep")["WerkzameBeroepsbevolking_1"]
    older = nl[nl.Persoonskenmerken == "53950"].set_index("Beroep")["WerkzameBeroepsbevolking_1"]
    share = older / total
    assert share["BRC09"] > share["BRC08"] + 0.1                  # agrarisch older than ICT
    assert 0.15 <= share["T001206"] <= 0.3
    assert total.drop("T001206").sum() == pytest.approx(total["T001206"], abs=8)
    llo = typed("85315NED")
    llo = llo[llo.Geslacht == "T001038"].set_index(["Persoonskenmerken", "LevenLangOntwikkelen", "Perioden"])
    count = llo["Bevolking15Tot75Jaar_1"].astype(float)
    assert 13_000 <= count[("T009002", "T001565", "2024JJ00")] <= 13_700          # x 1 000
    rate = count.xs("A050101", level="LevenLangOntwikkelen") / count.xs("T001565", level="LevenLangOntwikkelen")
    assert 0.28 <= rate[("T009002", "2024JJ00")] <= 0.38
    assert rate[("2018790", "2024JJ00")] > rate[("2018700", "2024JJ00")]


# --------------------------------------------------------------------------- missing values

def test_secret_and_missing_cells_are_null_never_zero():
    jobs = typed("83582NED")
    gm = jobs[jobs.RegioS.str.startswith("GM")]
    mining = gm[gm.BedrijfstakkenBranchesSBI2008 == "305700"]["BanenVanWerknemersInDecember_1"]
    assert mining.isna().any() and mining.notna().any()
    assert gm[gm.BedrijfstakkenBranchesSBI2008 == "T001081"]["BanenVanWerknemersInDecember_1"].notna().sum() > 3000
    edu = typed("85525NED")
    alive = set(edu.loc[(edu.Perioden == "2022JJ00") & edu.k_3HboWo_4.notna(), "RegioS"]) & set(gebieden(2024).gm)
    recent = edu[edu.Perioden.isin(["2023JJ00", "2024JJ00"]) & edu.RegioS.isin(alive)]
    gone = recent.groupby("RegioS")[["k_3HboWo_4", "Bevolking_1"]].apply(lambda v: v.isna().all().all())
    assert gone.sum() == 1 and gone.idxmax().startswith("GM")          # as GM0088 in 2023 and 2024
    merged = edu[edu.RegioS == "GM7402"].set_index("Perioden")["k_3HboWo_4"]   # exists from 2023
    assert merged.isna().tolist() == [True, True, True, False, False]
    assert (edu["k_3HboWo_4"].dropna().astype(float) > 0).all()


# --------------------------------------------------------------------------- determinism

def _digest(sets_by_table) -> str:
    digest = hashlib.sha256()
    for table_id in sorted(sets_by_table):
        for name, rows in sorted(sets_by_table[table_id].items()):
            if isinstance(rows, pd.DataFrame):
                digest.update(pd.util.hash_pandas_object(rows.astype(str), index=False).to_numpy().tobytes())
            else:
                digest.update(json.dumps(rows, sort_keys=True).encode())
    return digest.hexdigest()


@pytest.mark.integration
@pytest.mark.integration   # every catalogue table of the demo world
def test_same_seed_same_output_other_seed_other_numbers(tables):
    first = _digest(tables)
    clear_caches()
    assert _digest(build_tables()) == first
    other = build_table("86088NED", seed=7)["TypedDataSet"]
    same = build_table("86088NED")["TypedDataSet"]
    assert not other.equals(same)
    assert list(other.columns) == list(same.columns) and len(other) == len(same)


@pytest.mark.integration
def test_output_does_not_depend_on_the_process():
    script = ("import hashlib; from regiobeeld.sources.demo import build_table; "
              "d = build_table('86088NED')['TypedDataSet']; "
              "print(hashlib.sha256(d.to_csv().encode()).hexdigest())")
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
        digests.add(out.stdout.strip())
    expected = hashlib.sha256(build_table("86088NED")["TypedDataSet"].to_csv().encode()).hexdigest()
    assert digests == {expected}


# --------------------------------------------------------------------------- end to end

def test_demo_tables_travel_through_the_server_and_the_real_client(server, settings):
    cbs = pytest.importorskip("regiobeeld.sources.cbs", reason="regiobeeld.sources.cbs (helper A) not available")
    srv = server({t: build_table(t) for t in (catalog.ARBEIDSDEELNAME,)})
    client = cbs.CbsClient(settings.replace(cbs_url=srv.url), sleep=lambda s: None)
    result = client.fetch(catalog.QUERIES["labour"])
    data = result.data
    assert result.meta.demo is True and result.meta.table_id == catalog.ARBEIDSDEELNAME
    assert set(data.region_code.str[:2]) == {"NL", "PV", "AM"}
    assert data[data.region_code.str.startswith("AM")].region_code.nunique() == 35
    rijnmond = data[(data.region_code == "AM22") & (data.measure == "werkloosheid_pct")
                    & (data.period == "2024JJ00") & (data.Persoonskenmerken == "T009002")]
    assert rijnmond.region_name.tolist() == ["Rijnmond (AM)"]
    expected = cell(typed(catalog.ARBEIDSDEELNAME), "Werkloosheidspercentage_5", RegioS="AM22",
                    Perioden="2024JJ00", Persoonskenmerken="T009002")
    assert rijnmond.value.iloc[0] == pytest.approx(expected)
    assert result.meta.period_status["2024JJ00"] == "*"
