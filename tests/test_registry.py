"""The indicator registry: every spec's inputs name real catalogue queries, topics and
filter members, and everything derived from the specs agrees with them."""

from __future__ import annotations

from regiobeeld.core import catalog
from regiobeeld.indicators import SPECS
from regiobeeld.indicators.compute import gemeente_queries, indicators_reading, queries_read, requirements


def test_every_input_names_a_query_its_topics_and_its_filter_members():
    for spec in SPECS.values():
        assert spec.inputs, spec.id
        for entry in spec.inputs:
            query = catalog.query(entry.query)
            aliases = {alias for alias, _ in query.topics}
            assert set(entry.topics or ()) <= aliases, (spec.id, entry.topics)
            filters = dict(query.filters)
            for dimension, member in entry.members:
                assert member in filters.get(dimension, ()), (spec.id, dimension, member)
            if entry.weighted_by:
                assert entry.weighted_by in aliases and entry.from_gemeenten, spec.id


def test_one_query_is_aggregated_one_way():
    """Indicators share a query's regional frame, so they must agree on its weighting and
    on how its gemeenten become regions."""
    weighting: dict[str, set] = {}
    for spec in SPECS.values():
        for entry in spec.inputs:
            weighting.setdefault(entry.query, set()).add((entry.weighted_by, entry.pairs_with, entry.combine))
    assert all(len(ways) == 1 for ways in weighting.values()), weighting


def test_derived_lists_follow_the_specs():
    assert set(gemeente_queries()) == {"population", "population_ages", "education_level", "benefits",
                                       "reintegration", "pupils", "graduates", "jobs", "work_positions",
                                       "register_counts", "commuting", "households", "population_forecast", "youth"}
    names = [q.name for q in queries_read()]
    assert names[:len(catalog.GEBIEDEN_TABLES)] == [catalog.gebieden_query(y).name for y in catalog.GEBIEDEN_TABLES]
    assert set(names) >= {i.query for spec in SPECS.values() for i in spec.inputs}
    assert SPECS["tightness"].tables == ("83599NED", catalog.ARBEIDSDEELNAME)
    assert indicators_reading(["occupations"]) == ["occupations", "replacement_demand"]


def test_requirements_name_the_topics_filters_and_members_an_indicator_needs():
    spec = SPECS["replacement_demand"]
    assert requirements(spec, spec.inputs[0]) == [
        "werkzaam", "Persoonskenmerken", "Beroep", "Persoonskenmerken=Totaal personen",
        "Persoonskenmerken=Leeftijd: 55 tot 75 jaar"]
    benefits = SPECS["social_assistance_rate"]
    assert requirements(benefits, benefits.inputs[1]) == ["15-20", "20-25", "25-45", "45-65"]
