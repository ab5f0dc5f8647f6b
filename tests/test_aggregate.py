"""Gemeenten → arbeidsmarktregio's: membership of the period's own year, strict sums,
population-weighted means; and the same on real CBS figures from ../shared/data."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from regiobeeld.core.regions import CODES, membership_year
from regiobeeld.indicators.aggregate import national, to_regions, to_regions_weighted

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def tidy(rows, measure="bevolking"):
    """A tidy frame from (region_code, period, value[, status]) rows."""
    records = [{"region_code": r[0], "region_name": r[0], "period": r[1], "period_title": r[1][:4],
                "period_status": r[3] if len(r) > 3 else "", "measure": measure, "value": r[2],
                "unit": "aantal"} for r in rows]
    return pd.DataFrame(records)


def members(rows):
    return pd.DataFrame(rows, columns=["gemeente_code", "am_code", "year"])


# GM0001 and GM0002 (AM01) merged into GM0004 on 1 January 2022; GM0003 and GM0005 are AM02.
MEMBERSHIP = members([
    ("GM0001", "AM01", 2021), ("GM0002", "AM01", 2021), ("GM0003", "AM02", 2021), ("GM0005", "AM02", 2021),
    ("GM0004", "AM01", 2022), ("GM0003", "AM02", 2022), ("GM0005", "AM02", 2022),
])


def values(frame):
    return {(r.region_code, r.period): r.value for r in frame.itertuples()}


def test_merger_uses_each_periods_own_membership_and_missing_stays_missing():
    data = tidy([
        ("GM0001", "2021JJ00", 100.0), ("GM0002", "2021JJ00", 200.0), ("GM0003", "2021JJ00", 50.0),
        ("GM0005", "2021JJ00", math.nan),
        ("GM0004", "2022JJ00", 310.0, "*"), ("GM0003", "2022JJ00", 55.0, "*"), ("GM0005", "2022JJ00", 20.0, "*"),
        ("GM0001", "2022JJ00", math.nan, "*"),  # old code still listed by CBS with '.': not a member in 2022
    ])
    out = to_regions(data, MEMBERSHIP)
    got = values(out)
    assert got[("AM01", "2021JJ00")] == 300.0            # 100 + 200 (the two old gemeenten)
    assert got[("AM01", "2022JJ00")] == 310.0            # the merged gemeente alone
    assert math.isnan(got[("AM02", "2021JJ00")])         # 50 + missing → missing, not 50
    assert got[("AM02", "2022JJ00")] == 75.0             # 55 + 20
    assert math.isnan(got[("NL", "2021JJ00")])           # no NL01: sum of all gemeenten, one missing
    assert got[("NL", "2022JJ00")] == 385.0              # 310 + 55 + 20
    assert len(out) == 6
    status = dict(zip(out["period"], out["period_status"]))
    assert status == {"2021JJ00": "", "2022JJ00": "*"}


def test_a_member_without_a_row_makes_the_sum_missing():
    data = tidy([("GM0004", "2022JJ00", 310.0), ("GM0003", "2022JJ00", 55.0)])   # GM0005 absent
    got = values(to_regions(data, MEMBERSHIP))
    assert got[("AM01", "2022JJ00")] == 310.0
    assert math.isnan(got[("AM02", "2022JJ00")])


def test_published_nl_and_provinces_are_kept_and_years_clip():
    data = tidy([("GM0001", "2019JJ00", 1.0), ("GM0002", "2019JJ00", 2.0), ("GM0003", "2019JJ00", 3.0),
                 ("GM0005", "2019JJ00", 4.0), ("NL01", "2019JJ00", 99.0), ("PV20", "2019JJ00", 7.0)])
    got = values(to_regions(data, MEMBERSHIP))
    # 2019 is before the first membership year (2021): clipped to 2021 → AM01 = 1 + 2, AM02 = 3 + 4
    assert got == {("AM01", "2019JJ00"): 3.0, ("AM02", "2019JJ00"): 7.0, ("NL", "2019JJ00"): 99.0,
                   ("PV20", "2019JJ00"): 7.0}
    assert membership_year(2030, [2016, 2026]) == 2026 and membership_year(2020, [2016, 2026]) == 2020


def test_other_dimensions_are_kept_apart():
    data = pd.concat([tidy([("GM0004", "2022JJ00", 10.0), ("GM0003", "2022JJ00", 1.0),
                            ("GM0005", "2022JJ00", 2.0)]).assign(Geslacht="3000"),
                      tidy([("GM0004", "2022JJ00", 20.0), ("GM0003", "2022JJ00", 3.0),
                            ("GM0005", "2022JJ00", 4.0)]).assign(Geslacht="4000")])
    out = to_regions(data, MEMBERSHIP)
    got = {(r.region_code, r.Geslacht): r.value for r in out.itertuples()}
    assert got == {("AM01", "3000"): 10.0, ("AM01", "4000"): 20.0, ("AM02", "3000"): 3.0,
                   ("AM02", "4000"): 7.0, ("NL", "3000"): 13.0, ("NL", "4000"): 27.0}


def test_weighted_mean_of_percentages():
    weights = tidy([("GM0004", "2022JJ00", 100.0), ("GM0003", "2022JJ00", 300.0),
                    ("GM0005", "2022JJ00", math.nan), ("NL01", "2022JJ00", 1000.0)], measure="pop")
    shares = tidy([("GM0004", "2022JJ00", 20.0), ("GM0003", "2022JJ00", 40.0),
                   ("GM0005", "2022JJ00", 30.0), ("NL01", "2022JJ00", 33.0)], measure="hoog_pct")
    # Two-gemeente region: AM01 = GM0004 alone = 20; add GM0003 to AM01 in a variant below.
    out = to_regions_weighted(pd.concat([weights, shares]), MEMBERSHIP, "pop", ["hoog_pct"])
    got = {(r.region_code, r.measure): r.value for r in out.itertuples()}
    assert got[("AM01", "hoog_pct")] == pytest.approx(20.0)
    assert math.isnan(got[("AM02", "hoog_pct")])         # GM0005 has no weight → missing
    assert got[("NL", "hoog_pct")] == pytest.approx(33.0)   # published NL percentage
    assert got[("AM01", "pop")] == 100.0
    variant = MEMBERSHIP.assign(am_code=MEMBERSHIP["am_code"].where(MEMBERSHIP["gemeente_code"] != "GM0003", "AM01"))
    variant = variant[variant["gemeente_code"] != "GM0005"]
    got = values(to_regions_weighted(pd.concat([weights, shares]), variant, "pop", ["hoog_pct"]).query(
        "measure == 'hoog_pct'"))
    assert got[("AM01", "2022JJ00")] == pytest.approx(35.0)  # (100*20 + 300*40) / (100 + 300) = 14000/400


def test_weighted_share_leaves_out_a_tiny_gemeente_without_value_but_not_a_large_one():
    # AM01 = GM0004 + GM0003 in this variant. GM0004 has no share.
    variant = MEMBERSHIP.assign(am_code=MEMBERSHIP["am_code"].where(MEMBERSHIP["gemeente_code"] != "GM0003", "AM01"))
    variant = variant[variant["gemeente_code"] != "GM0005"]
    shares = tidy([("GM0004", "2022JJ00", math.nan), ("GM0003", "2022JJ00", 40.0)], measure="hoog_pct")
    # GM0004 weighs 2 of 1000 (0,2% < 1%): left out, AM01 = GM0003's 40,0.
    small = tidy([("GM0004", "2022JJ00", 2.0), ("GM0003", "2022JJ00", 998.0)], measure="pop")
    got = values(to_regions_weighted(pd.concat([small, shares]), variant, "pop", ["hoog_pct"]).query(
        "measure == 'hoog_pct'"))
    assert got[("AM01", "2022JJ00")] == pytest.approx(40.0)
    # GM0004 weighs 100 of 400 (25%): the region is missing, never a mean over 75% of it.
    large = tidy([("GM0004", "2022JJ00", 100.0), ("GM0003", "2022JJ00", 300.0)], measure="pop")
    got = values(to_regions_weighted(pd.concat([large, shares]), variant, "pop", ["hoog_pct"]).query(
        "measure == 'hoog_pct'"))
    assert math.isnan(got[("AM01", "2022JJ00")])


def test_national_renames_nl01():
    frame = tidy([("NL01", "2024JJ00", 1.0), ("AM22", "2024JJ00", 2.0)])
    assert national(frame)["region_code"].tolist() == ["NL", "AM22"]


# --------------------------------------------------------------------------- real CBS figures

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"real CBS samples not present at {SHARED}")


def _real_2020():
    """Population of 1 Jan 2020 per gemeente (tidy) and the 2020 membership: the rows of
    gemeenten_arbeidsmarktregio.csv whose code is a 2020 gemeente (codes merged later have
    year < 2026 in that file, one row per name with the last year it existed)."""
    pop = pd.read_csv(SHARED / "gemeenten_bevolking_2020.csv", sep=";")
    pop = pop[pop["municipalityCode"].notna()].astype({"population": "int64"})   # drop the "Bron: CBS" footer
    mapping = pd.read_csv(SHARED / "gemeenten_arbeidsmarktregio.csv")
    mapping = mapping[mapping["code"].isin(pop["municipalityCode"])]
    mapping = mapping.sort_values("year").drop_duplicates("code", keep="last")
    membership = pd.DataFrame({"gemeente_code": mapping["code"], "am_code": mapping["region_code"],
                               "year": 2020})
    data = tidy([(c, "2020JJ00", float(v)) for c, v in zip(pop["municipalityCode"], pop["population"])])
    return pop, mapping, membership, data


@needs_shared
@pytest.mark.shared
def test_real_2020_population_sums_to_the_national_total():
    pop, mapping, membership, data = _real_2020()
    assert len(pop) == 355 and pop["population"].sum() == 17_407_585
    assert len(membership) == 355                        # every 2020 gemeente has a region
    out = to_regions(data, membership)
    am = out[out["region_code"].str.startswith("AM")].set_index("region_code")["value"]
    assert sorted(am.index) == sorted(CODES)             # all 35, no other codes
    assert am.notna().all()
    assert am.sum() == 17_407_585                        # the regions partition the country
    assert out.set_index("region_code").loc["NL", "value"] == 17_407_585
    # Groot Amsterdam holds Amsterdam (872.757 on 1 Jan 2020) and is the largest region but
    # one or two; AM24 Zeeland is about 384 thousand.
    amsterdam = pop.set_index("municipalityCode").loc["GM0363", "population"]
    assert amsterdam == 872_757
    assert am["AM18"] > amsterdam and 1_000_000 < am["AM18"] < 1_600_000
    assert 370_000 < am["AM24"] < 400_000
    zeeland = pop[pop["provinceCode"] == "PV29"]["population"].sum()
    assert am["AM24"] == zeeland                         # Zeeland = its province (13 gemeenten)


@needs_shared
@pytest.mark.shared
def test_real_higher_educated_weighted_by_population():
    """85525NED k_3HboWo_4 (1 Oct 2023) weighted by the 1 Jan 2020 population: each region
    lies between its gemeenten's min and max, and a gemeente whose 2023 code has no 2020
    population makes its region missing (merged after 2020), never a partial mean."""
    pop, _, _, _ = _real_2020()
    edu = pd.read_csv(SHARED / "gemeenten_education.csv")
    edu = edu[edu["year"] == 2023][["cbs_gm_code", "value"]]
    mapping = pd.read_csv(SHARED / "gemeenten_arbeidsmarktregio.csv")
    mapping = mapping[mapping["code"].isin(edu["cbs_gm_code"])].sort_values("year").drop_duplicates(
        "code", keep="last")
    membership = pd.DataFrame({"gemeente_code": mapping["code"], "am_code": mapping["region_code"], "year": 2023})
    weights = pop.set_index("municipalityCode")["population"].astype(float)
    frame = pd.concat([
        tidy([(c, "2023JJ00", weights.get(c, math.nan)) for c in edu["cbs_gm_code"]], measure="pop"),
        tidy([(c, "2023JJ00", v) for c, v in zip(edu["cbs_gm_code"], edu["value"])], measure="hoog_pct"),
    ])
    out = to_regions_weighted(frame, membership, "pop", ["hoog_pct"])
    share = out[(out["measure"] == "hoog_pct") & out["region_code"].str.startswith("AM")]
    share = share.set_index("region_code")["value"]
    assert len(share) == 35
    joined = membership.merge(edu, left_on="gemeente_code", right_on="cbs_gm_code")
    joined["w"] = joined["gemeente_code"].map(weights)
    complete = joined.groupby("am_code").filter(lambda g: g["w"].notna().all() and g["value"].notna().all())
    known = set(complete["am_code"])
    assert 10 <= len(known) < 35                          # mergers 2021-2023 leave some regions missing
    assert share.drop(index=list(known)).isna().all()
    for am, group in complete.groupby("am_code"):
        assert group["value"].min() <= share[am] <= group["value"].max()
        expected = (group["value"] * group["w"]).sum() / group["w"].sum()
        assert share[am] == pytest.approx(expected)
    # AM18 Groot Amsterdam, when complete: Amsterdam holds most of its inhabitants, so it dominates the mean.
    if "AM18" in known:
        ams = edu.set_index("cbs_gm_code").loc["GM0363", "value"]
        assert abs(share["AM18"] - ams) < 5


@pytest.mark.parametrize("missing", ["row absent", "value empty", "weight empty"])
@pytest.mark.parametrize("weight, expected", [(2.0, 40.0), (100.0, math.nan)])
def test_weighted_coverage_rule_is_the_same_however_the_gemeente_is_missing(missing, weight, expected):
    # AM01 = GM0004 + GM0003. GM0004 lacks its 2022 share in one of three ways; its
    # weight (2 of 1000, or 100 of 1098) is known in 2021 or 2022 and is the reference.
    variant = MEMBERSHIP.assign(am_code=MEMBERSHIP["am_code"].where(MEMBERSHIP["gemeente_code"] != "GM0003", "AM01"))
    variant = variant[variant["gemeente_code"] != "GM0005"]
    weights = {("GM0004", "2023JJ00"): weight, ("GM0003", "2023JJ00"): 998.0,
               ("GM0004", "2022JJ00"): weight, ("GM0003", "2022JJ00"): 998.0}
    shares = {("GM0004", "2023JJ00"): 10.0, ("GM0003", "2023JJ00"): 40.0,
              ("GM0004", "2022JJ00"): 10.0, ("GM0003", "2022JJ00"): 40.0}
    if missing == "row absent":
        del weights[("GM0004", "2022JJ00")], shares[("GM0004", "2022JJ00")]
    elif missing == "value empty":
        shares[("GM0004", "2022JJ00")] = math.nan
    else:
        weights[("GM0004", "2022JJ00")] = math.nan
    frame = pd.concat([tidy([(*k, v) for k, v in weights.items()], measure="pop"),
                       tidy([(*k, v) for k, v in shares.items()], measure="hoog_pct")])
    got = values(to_regions_weighted(frame, variant, "pop", ["hoog_pct"]).query("measure == 'hoog_pct'"))
    # 2 of 1000 (0,2 % < 1 %): left out, AM01 = GM0003's 40,0; 100 of 1098 (9 %): missing.
    assert got[("AM01", "2022JJ00")] == pytest.approx(expected, nan_ok=True)
    # 2023 is complete: (w*10 + 998*40) / (w + 998).
    assert got[("AM01", "2023JJ00")] == pytest.approx((weight * 10 + 998 * 40) / (weight + 998))
