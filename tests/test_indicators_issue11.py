"""Issue 11 arithmetic: forecast index (2021 → today's gemeenten), WW per 1.000 of the
labour force, young people, positie in de werkkring, commuting pairs. Every expected
number is computed by hand in the comments."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from regiobeeld.core.errors import SchemaError
from regiobeeld.indicators.aggregate import counts_to_regions, to_regions, to_regions_weighted
from regiobeeld.indicators.commuting import commuting_flows, commuting_own_share, commuting_pairs, commuting_top
from regiobeeld.indicators.forecast import (
    MERGERS_SINCE_2021,
    forecast_index,
    forecast_regions,
    population_forecast_index,
)
from regiobeeld.indicators.households import migration_background, one_person_households
from regiobeeld.indicators.positions import POSITIONS, register_participation, work_positions, zzp_share
from regiobeeld.indicators.published import published_or_summed
from regiobeeld.indicators.ww import ww_rate
from regiobeeld.indicators.youth import youth_benefit, youth_neet, youth_registered

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
NAN = math.nan


def tidy(rows, measure, **dims):
    """Tidy frame from (region_code, period, value[, extra columns dict, measure included]) rows."""
    records = []
    for r in rows:
        extra = r[3] if len(r) > 3 else {}
        records.append({"region_code": r[0], "region_name": r[0], "period": r[1], "period_title": r[1][:4],
                        "period_status": "", **dims, "measure": measure, "value": r[2], "unit": "aantal",
                        **extra})
    return pd.DataFrame(records)


def members(rows):
    return pd.DataFrame(rows, columns=["gemeente_code", "am_code", "year"])


def got(frame, category=None):
    rows = frame if category is None else frame[frame["category"] == category]
    return {(r.region_code, r.period): r.value for r in rows.itertuples()}


# ---------------------------------------------------------------------------------- forecast
# Today: GM0004 (AM01) is the merger of the 2021 gemeenten GM0001 and GM0002, and GM0002
# lay in AM02 in 2021; GM0003 is AM02. Only the latest membership year may count.
TODAY = members([("GM0001", "AM01", 2021), ("GM0002", "AM02", 2021), ("GM0003", "AM02", 2021),
                 ("GM0004", "AM01", 2024), ("GM0003", "AM02", 2024)])
SUCCESSORS = {"GM0001": "GM0004", "GM0002": "GM0004"}


def forecast_frame(extra=()):
    rows = [("GM0001", "2023JJ00", 10.0), ("GM0002", "2023JJ00", 20.0), ("GM0003", "2023JJ00", 30.0),
            ("GM0001", "2030JJ00", 11.0), ("GM0002", "2030JJ00", 22.0), ("GM0003", "2030JJ00", 33.0),
            ("GM0001", "2040JJ00", 12.0), ("GM0002", "2040JJ00", 24.0), ("GM0003", "2040JJ00", 30.0),
            ("GM0001", "2050JJ00", 13.0), ("GM0002", "2050JJ00", 26.0), ("GM0003", "2050JJ00", NAN),
            ("PV20", "2030JJ00", 99.0), *extra]
    return tidy(rows, "bevolking", Geslacht="T001038", Leeftijd="10000")


def test_forecast_maps_merged_parts_to_the_region_of_the_new_gemeente():
    regional = forecast_regions(forecast_frame(), TODAY, SUCCESSORS)
    sums = got(regional)
    assert sums[("AM01", "2023JJ00")] == 30.0      # GM0001 10 + GM0002 20 (GM0002 was AM02 in 2021)
    assert sums[("AM02", "2023JJ00")] == 30.0      # GM0003 alone
    assert sums[("NL", "2030JJ00")] == 66.0        # 11 + 22 + 33: no NL01, sum of all gemeenten
    assert set(regional["region_code"]) == {"AM01", "AM02", "NL"}   # PV rows are not regions here
    index = got(forecast_index(regional, base_year=2023))
    assert index[("AM01", "2030JJ00")] == pytest.approx(110.0)    # 33 / 30 * 100
    assert index[("AM01", "2040JJ00")] == pytest.approx(120.0)    # 36 / 30 * 100
    assert index[("AM02", "2040JJ00")] == pytest.approx(100.0)    # 30 / 30 * 100
    assert index[("NL", "2040JJ00")] == pytest.approx(110.0)      # 66 / 60 * 100
    assert math.isnan(index[("AM02", "2050JJ00")])                # GM0003 missing → missing
    assert math.isnan(index[("NL", "2050JJ00")])
    assert ("AM01", "2023JJ00") not in index                       # only 2030, 2040, 2050


def test_forecast_sum_invariant_and_published_nl():
    regional = forecast_regions(forecast_frame([("NL01", "2030JJ00", 70.0)]), TODAY, SUCCESSORS)
    sums = got(regional)
    assert sums[("AM01", "2030JJ00")] + sums[("AM02", "2030JJ00")] == 66.0   # 33 + 33 = all gemeenten
    assert sums[("NL", "2030JJ00")] == 70.0                                 # CBS's own NL01 row wins


def test_forecast_base_year_is_clipped_to_the_forecast_years():
    regional = forecast_regions(forecast_frame(), TODAY, SUCCESSORS)
    late = got(forecast_index(regional, base_year=2031))   # no 2031 row: no base, index missing
    assert math.isnan(late[("AM01", "2040JJ00")])
    early = got(forecast_index(regional, base_year=2010))  # clipped to 2023
    assert early[("AM01", "2030JJ00")] == pytest.approx(110.0)


def test_forecast_unknown_2021_gemeente_is_an_error_not_a_silent_gap():
    with pytest.raises(SchemaError, match="GM0009"):
        forecast_regions(forecast_frame([("GM0009", "2030JJ00", 1.0)]), TODAY, SUCCESSORS)


def test_forecast_code_merged_after_2021_without_a_mapping_counts_in_its_last_region():
    # GM0005 (AM02 in 2021 and 2022) merged into GM0006 (AM02, from 2023), not in SUCCESSORS:
    # it counts in AM02 (its 2022 region), and the new GM0006 is not expected beside its part.
    later = members([("GM0001", "AM01", 2021), ("GM0002", "AM02", 2021), ("GM0003", "AM02", 2021),
                     ("GM0005", "AM02", 2021), ("GM0005", "AM02", 2022),
                     ("GM0004", "AM01", 2024), ("GM0003", "AM02", 2024), ("GM0006", "AM02", 2024)])
    frame = forecast_frame([("GM0005", "2023JJ00", 5.0), ("GM0005", "2030JJ00", 6.0), ("GM0005", "2040JJ00", 7.0),
                            ("GM0005", "2050JJ00", 8.0)])
    sums = got(forecast_regions(frame, later, SUCCESSORS))
    assert sums[("AM02", "2030JJ00")] == 39.0      # GM0003 33 + GM0005 6
    assert sums[("NL", "2023JJ00")] == 65.0        # 10 + 20 + 30 + 5


def test_forecast_gemeente_of_today_missing_from_the_forecast_makes_its_region_missing():
    today = members([*TODAY.itertuples(index=False), ("GM0007", "AM02", 2021), ("GM0007", "AM02", 2024)])
    sums = got(forecast_regions(forecast_frame(), today, SUCCESSORS))
    assert math.isnan(sums[("AM02", "2030JJ00")]) and sums[("AM01", "2030JJ00")] == 33.0


def test_forecast_today_is_the_latest_observed_population_year():
    regional = forecast_regions(forecast_frame([("GM0001", "2025JJ00", 11.0), ("GM0002", "2025JJ00", 22.0),
                                                ("GM0003", "2025JJ00", 33.0)]), TODAY, SUCCESSORS)
    population = tidy([("AM01", "2024JJ00", 1.0), ("AM01", "2025JJ00", 2.0), ("AM01", "2026JJ00", NAN)],
                      "bevolking")
    index = got(population_forecast_index(regional, population))   # today = 2025 (2026 has no value)
    assert index[("AM01", "2040JJ00")] == pytest.approx(36 / 33 * 100)
    assert index[("AM02", "2030JJ00")] == pytest.approx(100.0)       # 33 / 33


def test_mergers_since_2021_match_the_shared_gemeente_list():
    path = SHARED / "gemeenten_arbeidsmarktregio.csv"
    if not path.exists():
        pytest.skip("../shared/data is absent: no real gemeente list to check the mapping against")
    names = pd.read_csv(path)
    last = names.groupby("code")["year"].max()
    current = names[names["year"] == last.max()].set_index("code")["region_code"]
    dissolved = set(last[(last >= 2021) & (last < last.max())].index)
    assert set(MERGERS_SINCE_2021) == dissolved                 # renamed gemeenten keep their code
    for old, new in MERGERS_SINCE_2021.items():
        assert new in current.index                             # successor exists today
        region = names[names["code"] == old]["region_code"].iloc[-1]
        assert current[new] == region                            # no post-2021 merger crossed an AM


# ----------------------------------------------------------------------------------------- WW
MEMBERS = members([("GM0001", "AM01", 2024), ("GM0002", "AM01", 2024), ("GM0003", "AM02", 2024),
                   ("GM0005", "AM02", 2024)])


def ww_frame():
    return tidy([("AM01", "2024MM01", 1200.0), ("GM0001", "2024MM01", 700.0), ("GM0002", "2024MM01", 490.0),
                 ("GM0003", "2024MM01", 300.0), ("GM0005", "2024MM01", 200.0), ("NL01", "2024MM01", 2000.0),
                 ("AM01", "2025MM01", 1300.0), ("GM0003", "2025MM01", 310.0), ("GM0005", "2025MM01", NAN),
                 ("NL01", "2025MM01", 2100.0)], "ww")


def test_ww_prefers_published_am_rows_and_sums_gemeenten_otherwise():
    regional = got(published_or_summed(ww_frame(), MEMBERS))
    assert regional[("AM01", "2024MM01")] == 1200.0       # published, not 700 + 490 = 1190
    assert regional[("AM02", "2024MM01")] == 500.0        # not published: 300 + 200
    assert regional[("NL", "2024MM01")] == 2000.0         # NL01 as published
    assert math.isnan(regional[("AM02", "2025MM01")])     # 310 + missing → missing
    assert len(regional) == 6


def test_ww_rate_per_1000_of_the_labour_force_of_the_year_or_the_latest_before():
    labour = pd.DataFrame({"indicator": "labour_force", "region_code": ["AM01", "AM02", "NL"],
                           "period": "2024JJ00", "period_status": "", "category": "",
                           "value": [60.0, 40.0, 100.0]})             # x 1 000
    rate = got(ww_rate(published_or_summed(ww_frame(), MEMBERS), labour))
    assert rate[("AM01", "2024MM01")] == pytest.approx(20.0)   # 1200 / 60 000 * 1 000
    assert rate[("AM02", "2024MM01")] == pytest.approx(12.5)   # 500 / 40 000 * 1 000
    assert rate[("NL", "2025MM01")] == pytest.approx(21.0)     # 2100 / 100 000 * 1 000 (2024 labour force)
    assert rate[("AM01", "2025MM01")] == pytest.approx(1300 / 60)
    assert math.isnan(rate[("AM02", "2025MM01")])              # missing count stays missing


# ------------------------------------------------------------------------------------- youth
# Confirmed titles (86087NED page): "Totaal", "Totaal met of zonder uitkering",
# "Geregistreerd werkzoekende bij UWV". The other titles are stand-ins written for the
# rules under test (negation, "Met ...", a two-member dimension without a total).
TOT_O, NOT_O = "Totaal", "Volgt geen onderwijs"
TOT_A, NOT_A = "Totaal", "Niet werkzaam"
TOT_U, MET_U = "Totaal met of zonder uitkering", "Met uitkering"
REG, NOT_REG = "Geregistreerd werkzoekende bij UWV", "Niet geregistreerd werkzoekende bij UWV"


def youth_frame(region, cells):
    rows = []
    for (o, a, u, g), value in cells.items():
        dims = {"Onderwijsvolgend": o, "Onderwijsvolgend_title": o, "Arbeidskenmerken": a,
                "Arbeidskenmerken_title": a, "Uitkering": u, "Uitkering_title": u,
                "GeregistreerdWerkzoekendeBijUWV": g, "GeregistreerdWerkzoekendeBijUWV_title": g}
        rows.append((region, "2024JJ00", value, dims))
    return tidy(rows, "jongeren")


def youth_cells(total_reg, total_not):
    return {(TOT_O, TOT_A, TOT_U, REG): total_reg, (TOT_O, TOT_A, TOT_U, NOT_REG): total_not,
            (NOT_O, NOT_A, TOT_U, REG): 400.0, (NOT_O, NOT_A, TOT_U, NOT_REG): 300.0,
            (TOT_O, TOT_A, MET_U, REG): 600.0, (TOT_O, TOT_A, MET_U, NOT_REG): 300.0,
            (TOT_O, NOT_A, TOT_U, REG): 800.0, (TOT_O, NOT_A, TOT_U, NOT_REG): 700.0,
            (NOT_O, TOT_A, TOT_U, REG): 900.0, (NOT_O, TOT_A, TOT_U, NOT_REG): 1100.0}


def test_youth_shares_of_all_young_people():
    frame = pd.concat([youth_frame("AM01", youth_cells(1000.0, 9000.0)),
                       youth_frame("NL", youth_cells(NAN, 90000.0))], ignore_index=True)
    # AM01: all young people = 1 000 registered + 9 000 not registered = 10 000
    assert got(youth_neet(frame))[("AM01", "2024JJ00")] == pytest.approx(7.0)        # (400+300)/10 000
    assert got(youth_benefit(frame))[("AM01", "2024JJ00")] == pytest.approx(9.0)     # (600+300)/10 000
    assert got(youth_registered(frame))[("AM01", "2024JJ00")] == pytest.approx(10.0)  # 1 000/10 000
    assert math.isnan(got(youth_registered(frame))[("NL", "2024JJ00")])  # missing part of the total


def test_youth_ambiguous_member_fails_only_that_indicator():
    frame = youth_frame("AM01", {**youth_cells(1000.0, 9000.0),
                                 (TOT_O, "Niet-werkzaam, wel beschikbaar", TOT_U, REG): 1.0})
    with pytest.raises(SchemaError, match="Arbeidskenmerken"):
        youth_neet(frame)
    assert got(youth_benefit(frame))[("AM01", "2024JJ00")] == pytest.approx(9.0)


# --------------------------------------------------------------------------------- positions
def positions_frame():
    rows = []
    for code, werkzaam, bevolking, pcts in [("GM0001", 1000.0, 1500.0, (60, 20, 20, 15)),
                                            ("GM0002", 3000.0, 4500.0, (70, 10, 20, 12)),
                                            ("GM0003", 500.0, 800.0, (NAN, 30, 10, 5)),
                                            ("GM0005", 500.0, 700.0, (50, 30, 20, 10))]:
        rows += [(code, "2023JJ00", werkzaam, {"measure": "werkzaam"}),
                 (code, "2023JJ00", bevolking, {"measure": "bevolking"})]
        rows += [(code, "2023JJ00", float(v), {"measure": m}) for m, v in zip(POSITIONS, pcts)]
    return tidy(rows, "werkzaam")


def test_positions_weighted_by_the_employed_and_missing_stays_missing():
    frame = positions_frame()
    regional = to_regions_weighted(frame, MEMBERS, "werkzaam", POSITIONS)
    out = work_positions(regional)
    assert got(out, "Vast contract")[("AM01", "2023JJ00")] == pytest.approx(67.5)      # (1000*60+3000*70)/4000
    assert got(out, "Flexibel contract")[("AM01", "2023JJ00")] == pytest.approx(12.5)  # (20 000+30 000)/4000
    assert got(out, "Zzp")[("AM01", "2023JJ00")] == pytest.approx(12.75)               # (15 000+36 000)/4000
    parts = [got(out, c)[("AM01", "2023JJ00")] for c in ("Vast contract", "Flexibel contract", "Zelfstandig")]
    assert sum(parts) == pytest.approx(100.0)            # vast + flex + zelfstandig = all employed
    assert math.isnan(got(out, "Vast contract")[("AM02", "2023JJ00")])  # GM0003 half of AM02's weight
    assert got(out, "Flexibel contract")[("AM02", "2023JJ00")] == pytest.approx(30.0)
    assert got(zzp_share(regional))[("AM01", "2023JJ00")] == pytest.approx(12.75)


def test_register_participation_from_summed_counts():
    frame = positions_frame()
    counts = to_regions(frame[frame["measure"].isin(["werkzaam", "bevolking"])], MEMBERS)
    out = got(register_participation(counts))
    assert out[("AM01", "2023JJ00")] == pytest.approx(4000 / 6000 * 100)   # (1000+3000)/(1500+4500)
    assert out[("NL", "2023JJ00")] == pytest.approx(5000 / 7500 * 100)     # all four gemeenten


# -------------------------------------------------------------------------------- commuting
COMMUTE_MEMBERS = members([("GM0001", "AM01", 2024), ("GM0002", "AM01", 2024), ("GM0003", "AM02", 2024),
                           ("GM0005", "AM03", 2024)])

PAIRS = [("GM0001", "GM0001", 5.0), ("GM0001", "GM0002", 2.0), ("GM0001", "GM0003", 1.0),
         ("GM0002", "GM0001", 1.5), ("GM0002", "GM0002", 4.0), ("GM0002", "GM0005", 0.5),
         ("GM0003", "GM0003", 6.0), ("GM0003", "GM0001", 2.5), ("GM0003", "GM0005", 0.2),
         ("GM0005", "GM0005", 3.0), ("GM0005", "GM0003", 0.7),
         ("GM0000", "GM0001", 0.3), ("GM0000", "GM0003", 0.1),
         ("GM0001", "NL01", 8.1), ("NL01", "GM0001", 9.3), ("PV20", "GM0003", 1.0)]   # totals: ignored


def commute_frame(pairs=PAIRS):
    rows = [(home, "2024MM12", value, {"WerkregioS": work, "WerkregioS_title": work}) for home, work, value in pairs]
    return tidy(rows, "banen")


def test_commuting_pairs_aggregate_and_keep_the_sum():
    pairs = commuting_pairs(commute_frame(), COMMUTE_MEMBERS)
    am = {(r.home, r.work): r.value for r in pairs.itertuples()}
    assert am[("AM01", "AM01")] == pytest.approx(12.5)      # 5 + 2 + 1.5 + 4
    assert am[("AM02", "AM01")] == pytest.approx(2.5)
    assert am[("onbekend", "AM01")] == pytest.approx(0.3)   # GM0000 kept, explicitly
    assert pairs["value"].sum() == pytest.approx(26.8)      # all gemeente pairs, totals excluded
    assert len(am) == 10


def test_commuting_flows_and_own_share():
    pairs = commuting_pairs(commute_frame(), COMMUTE_MEMBERS)
    flows = commuting_flows(pairs)
    assert got(flows, "intern")[("AM01", "2024MM12")] == pytest.approx(12.5)
    assert got(flows, "inkomend")[("AM01", "2024MM12")] == pytest.approx(2.5)    # from AM02; unknown not counted
    assert got(flows, "uitgaand")[("AM02", "2024MM12")] == pytest.approx(2.7)    # 2.5 to AM01 + 0.2 to AM03
    assert got(flows, "saldo")[("AM02", "2024MM12")] == pytest.approx(-1.0)      # 1.7 in - 2.7 out
    # invariants: everything that leaves a region arrives in another one
    assert got(flows, "inkomend")[("NL", "2024MM12")] == pytest.approx(4.9)
    assert got(flows, "uitgaand")[("NL", "2024MM12")] == pytest.approx(4.9)
    assert got(flows, "saldo")[("NL", "2024MM12")] == pytest.approx(0.0)
    share = got(commuting_own_share(pairs))
    assert share[("AM01", "2024MM12")] == pytest.approx(12.5 / 15.3 * 100)   # 12.5 / (12.5 + 2.5 + 0.3)
    assert share[("AM02", "2024MM12")] == pytest.approx(6.0 / 7.8 * 100)     # 6 / (6 + 1 + 0.7 + 0.1)
    assert share[("NL", "2024MM12")] == pytest.approx(21.5 / 26.8 * 100)     # (12.5+6+3) / all jobs


def test_commuting_top_origins_and_destinations():
    pairs = commuting_pairs(commute_frame(), COMMUTE_MEMBERS)
    origins = commuting_top(pairs, "origins")
    am02 = origins[origins["region_code"] == "AM02"]
    assert list(am02["category"]) == ["AM01", "AM03"]            # 1.0 before 0.7
    assert list(am02["value"]) == pytest.approx([1.0, 0.7])
    first = commuting_top(pairs, "destinations", n=1)
    assert got(first)[("AM02", "2024MM12")] == pytest.approx(2.5)   # AM02's residents: AM01 2.5 > AM03 0.2
    assert "onbekend" not in set(origins["category"]) and "NL" not in set(origins["region_code"])
    destinations = commuting_top(pairs, "destinations")
    assert set(destinations["region_code"]) == {"AM01", "AM02", "AM03"}     # GM0000 residents have no list


def test_commuting_missing_pair_makes_only_its_sums_missing():
    pairs_in = [(h, w, NAN if (h, w) == ("GM0002", "GM0005") else v) for h, w, v in PAIRS]
    pairs = commuting_pairs(commute_frame(pairs_in), COMMUTE_MEMBERS)
    flows = commuting_flows(pairs)
    assert math.isnan(got(flows, "uitgaand")[("AM01", "2024MM12")])
    assert math.isnan(got(flows, "inkomend")[("AM03", "2024MM12")])
    assert math.isnan(got(flows, "inkomend")[("NL", "2024MM12")])
    assert got(flows, "uitgaand")[("AM02", "2024MM12")] == pytest.approx(2.7)
    top = commuting_top(pairs, "origins")
    assert list(top[top["region_code"] == "AM03"]["category"]) == ["AM02"]   # the missing AM01 pair is left out


def test_commuting_code_of_another_indeling_uses_the_latest_year_that_has_it():
    # GM0006 exists only in the 2025 membership (say a merger): a 2024 pair still lands in AM03
    membership = pd.concat([COMMUTE_MEMBERS, members([("GM0006", "AM03", 2025)])], ignore_index=True)
    pairs = commuting_pairs(commute_frame([*PAIRS, ("GM0006", "GM0003", 0.4)]), membership)
    am = {(r.home, r.work): r.value for r in pairs.itertuples()}
    assert am[("AM03", "AM02")] == pytest.approx(1.1)     # 0.7 + 0.4


def test_commuting_empty_cells_of_a_gemeente_absent_in_the_period_are_left_out():
    # CBS's cube lists every gemeente of every period: GM0007 merged before 2024 (it is in
    # the 2023 membership only), so its 2024 cells are empty; they neither blank a region
    # pair nor raise, while an empty cell of an existing gemeente still does blank its sums
    membership = pd.concat([COMMUTE_MEMBERS, members([("GM0007", "AM01", 2023)])], ignore_index=True)
    gone = [("GM0007", "GM0001", NAN), ("GM0001", "GM0007", NAN), ("GM0007", "GM0007", NAN)]
    pairs = commuting_pairs(commute_frame([*PAIRS, *gone]), membership)
    assert {(r.home, r.work): r.value for r in pairs.itertuples()}[("AM01", "AM01")] == pytest.approx(12.5)
    assert pairs["value"].notna().all()


def test_commuting_unknown_gemeente_code_is_an_error():
    with pytest.raises(SchemaError, match="GM0099"):
        commuting_pairs(commute_frame([*PAIRS, ("GM0099", "GM0001", 1.0)]), COMMUTE_MEMBERS)


def test_ww_rate_without_any_labour_force_is_missing_not_an_error():
    labour = pd.DataFrame(columns=["indicator", "region_code", "period", "period_status", "category", "value"])
    rate = ww_rate(published_or_summed(ww_frame(), MEMBERS), labour)
    assert len(rate) == 6 and rate["value"].isna().all()


# ------------------------------------------------------------------------- households (70072NED)
def households_frame():
    rows = []
    for code, pop, hh, single, migr in (("GM0001", 100.0, 50.0, 20.0, 10.0), ("GM0002", 300.0, 100.0, 30.0, 90.0),
                                        ("GM0003", 200.0, 80.0, 40.0, NAN)):
        for measure, value in (("bevolking", pop), ("huishoudens", hh), ("eenpersoons", single),
                               ("migratieachtergrond", migr)):
            rows.append((code, "2024JJ00", value, {"measure": measure}))
        rows.append((code, "2025JJ00", pop, {"measure": "bevolking"}))
        rows.append((code, "2025JJ00", NAN, {"measure": "migratieachtergrond"}))
    return tidy(rows, "x")


THREE = members([("GM0001", "AM01", 2024), ("GM0002", "AM01", 2024), ("GM0003", "AM02", 2024)])


def test_household_and_migration_shares_come_from_summed_counts():
    regional = counts_to_regions(households_frame(), THREE)
    single = got(one_person_households(regional))
    assert single[("AM01", "2024JJ00")] == pytest.approx(50 / 150 * 100)   # (20 + 30) / (50 + 100), not mean(40, 30)
    assert single[("NL", "2024JJ00")] == pytest.approx(90 / 230 * 100)
    migration = got(migration_background(regional))
    assert migration[("AM01", "2024JJ00")] == pytest.approx(100 / 400 * 100)   # (10 + 90) / (100 + 300)
    assert single[("AM02", "2024JJ00")] == pytest.approx(50.0)             # 40 / 80
    assert ("AM02", "2024JJ00") not in migration and ("NL", "2024JJ00") not in migration   # GM0003 missing
    assert not any(period == "2025JJ00" for _, period in migration)   # no values: the series stops at 2024


def test_counts_to_regions_refuses_a_percentage_topic():
    frame = households_frame()
    frame.loc[frame["measure"] == "eenpersoons", "unit"] = "%"
    with pytest.raises(SchemaError, match="eenpersoons"):
        counts_to_regions(frame, THREE)
