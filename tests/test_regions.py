"""The 35 regions, their params files and the errors a wrong file or code gets."""

from __future__ import annotations

import os
import shutil

import pandas as pd
import pytest

from regiobeeld.core import regions
from regiobeeld.core.errors import ConfigError, UnknownRegionError
from regiobeeld.core.settings import PROJECT_ROOT

PARAMS = PROJECT_ROOT / "params"


def test_the_35_codes_skip_am04_am16_am31():
    assert len(regions.CODES) == 35
    assert {"AM04", "AM16", "AM31"}.isdisjoint(regions.CODES)
    assert regions.CODES[0] == "AM01" and regions.CODES[-1] == "AM38"


def test_every_params_file_is_valid_and_neighbours_are_mutual():
    loaded = regions.load_regions(PARAMS)
    assert list(loaded) == list(regions.CODES)
    assert loaded["AM22"].name == "Rijnmond" and loaded["AM37"].name == "Zuid-Kennemerland en IJmond"
    assert loaded["AM17"].name == "Zaanstreek/Waterland"
    for code, region in loaded.items():
        assert region.neighbours, code
        for other in region.neighbours:
            assert code in loaded[other].neighbours, (code, other)
    tiles = [r.tile for r in loaded.values()]
    assert len(set(tiles)) == 35                       # one tile per grid cell


def test_codes_are_normalised_and_unknown_ones_list_the_valid_codes():
    assert regions.check_code(" am22 ") == "AM22"
    with pytest.raises(UnknownRegionError) as caught:
        regions.check_code("AM16")
    message = str(caught.value)
    assert "'AM16'" in message and "AM01, AM02, AM03, AM05" in message and "AM38" in message
    with pytest.raises(UnknownRegionError, match="Bedoelt u AM22"):
        regions.check_code("AM222")


def _copy(tmp_path):
    target = tmp_path / "params"
    shutil.copytree(PARAMS, target)
    return target


def test_a_misspelt_field_names_the_file_and_suggests_the_field(tmp_path):
    params = _copy(tmp_path)
    path = params / "AM05.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("neighbours:", "neigbours:"), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        regions.load_region("AM05", params)
    assert str(path) in str(caught.value) and "'neigbours' (bedoelt u 'neighbours'?)" in str(caught.value)


def test_a_missing_field_and_a_bad_neighbour_are_named(tmp_path):
    params = _copy(tmp_path)
    path = params / "AM09.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text("\n".join(l for l in text.splitlines() if not l.startswith("tile:")), encoding="utf-8")
    with pytest.raises(ConfigError, match="verplicht veld 'tile' ontbreekt"):
        regions.load_region("AM09", params)
    path.write_text(text.replace("AM05, ", "AM04, "), encoding="utf-8")
    with pytest.raises(UnknownRegionError, match="'AM04' \\(in .*AM09.yaml, veld 'neighbours'\\)"):
        regions.load_region("AM09", params)


def test_an_edited_params_file_is_read_again(tmp_path):
    params = _copy(tmp_path)
    assert regions.load_region("AM24", params).growth_years == 5
    path = params / "AM24.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "growth_years: 8\n", encoding="utf-8")
    os.utime(path, ns=(path.stat().st_mtime_ns + 10**9,) * 2)
    assert regions.load_region("AM24", params).growth_years == 8


def test_a_missing_params_file_is_named(tmp_path):
    params = _copy(tmp_path)
    (params / "AM30.yaml").unlink()
    with pytest.raises(ConfigError, match="Parameterbestand ontbreekt voor AM30"):
        regions.load_region("AM30", params)


def test_membership_pivots_gebieden_and_strips():
    rows = []
    for gm, am, am_name in (("GM0014", "AM01", "Groningen"), ("GM0599", "AM22", "Rijnmond")):
        for measure, value in (("gemeente_naam", gm), ("am_code", am + "      "), ("am_naam", am_name),
                               ("pv_code", "PV20"), ("pv_naam", "Groningen")):
            rows.append({"region_code": gm, "measure": measure, "value": value})
    out = regions.membership(pd.DataFrame(rows), 2024)
    assert out["am_code"].tolist() == ["AM01", "AM22"] and set(out["year"]) == {2024}
    assert list(out.columns) == ["gemeente_code", "gemeente_naam", "am_code", "am_naam", "pv_code",
                                 "pv_naam", "year"]
