"""Key findings on the built-in demo data: the news is found. Rijnmond has the highest
unemployment of the 35 regions and Drenthe the lowest participation; both must be said,
most unusual first, and small differences must not crowd them out."""

from __future__ import annotations

import pytest

from regiobeeld.core.settings import Settings
from regiobeeld.indicators import ensure_indicators
from regiobeeld.presentation.report import Page


@pytest.fixture(scope="module")
def iset(tmp_path_factory):
    return ensure_indicators(Settings(cache_root=tmp_path_factory.mktemp("cache")))


def _findings(iset, region):
    return Page(region, "kerncijfers", Settings(), indicators=iset).findings().text.splitlines()


def test_rijnmond_highest_unemployment_is_a_finding(iset):
    assert iset.rank("unemployment_rate", "AM22") == 1
    findings = _findings(iset, "AM22")
    assert 3 <= len(findings) <= 6
    assert findings[0].startswith("- Werkloosheid in Rijnmond: het hoogst van de 35 regio's (ongunstig), ")


def test_drenthe_lowest_participation_is_a_finding(iset):
    assert iset.rank("net_participation", "AM03") == 35
    findings = _findings(iset, "AM03")
    assert any(f.startswith("- Netto arbeidsparticipatie in Drenthe: het laagst van de 35 regio's (ongunstig), ")
               for f in findings[:2])


def test_no_finding_is_a_difference_within_the_margin(iset):
    for region in ("AM22", "AM03", "AM10"):
        assert not any("vrijwel gelijk" in f for f in _findings(iset, region)), region
