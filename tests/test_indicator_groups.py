"""Groups of indicators computed by a helper process (``compute_all(helper=…)``) give the
very set the serial computation gives, and a helper that fails only means the groups are
computed here."""

from __future__ import annotations

import pickle
from collections import Counter
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace

import pandas as pd
import pytest
from fake_helpers import Queued, dead_pool, dies_in_a_helper

from regiobeeld.core import catalog
from regiobeeld.core.errors import SourceError
from regiobeeld.core.settings import Settings
from regiobeeld.indicators import SPECS, compute_all, groups
from regiobeeld.indicators.compute import queries_read
from regiobeeld.indicators.groups import KEPT_HERE, spec_groups
from regiobeeld.store.data import DataStore, helper_pool


class _Inline(Executor):
    """A helper that does every task at once, in this process: every offered group comes
    back as the helper's part."""

    def __init__(self):
        self.done = 0

    def submit(self, fn, /, *args, **kwargs):
        future = Future()
        future.set_result(fn(*args, **kwargs))
        self.done += 1
        return future


class _Broken(Executor):
    """A helper whose every task fails as a dead process's would."""

    def __init__(self):
        self.offered = 0

    def submit(self, fn, /, *args, **kwargs):
        self.offered += 1
        future = Future()
        future.set_exception(BrokenProcessPool("the helper died"))
        return future


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    demo = Settings(cache_root=tmp_path_factory.mktemp("cache"))
    with DataStore(demo) as store:
        store.prefetch(queries_read())
    return demo


@pytest.fixture(scope="module")
def serial(settings):
    with DataStore(settings) as store:
        return compute_all(store, fingerprint="x")


def _computed(settings, helper, unavailable=None):
    with DataStore(settings) as store:
        return compute_all(store, fingerprint="x", helper=helper, unavailable=unavailable)


def _assert_same(iset, expected):
    """The same frames (exactly, rows in the same order, same dtypes, same pickled bytes),
    failures, sources, names, provinces and gemeente values, dicts in the same order."""
    pd.testing.assert_frame_equal(iset.frame, expected.frame, check_exact=True)
    pd.testing.assert_frame_equal(iset.gemeenten.frame, expected.gemeenten.frame, check_exact=True)
    assert pickle.dumps(iset.frame) == pickle.dumps(expected.frame)
    assert pickle.dumps(iset.gemeenten.frame) == pickle.dumps(expected.gemeenten.frame)
    for name in ("failures", "sources", "names", "province_of"):
        assert list(getattr(iset, name).items()) == list(getattr(expected, name).items()), name
    assert list(iset.gemeenten.failures.items()) == list(expected.gemeenten.failures.items())
    assert iset.demo == expected.demo


def test_groups_share_no_input_and_hold_every_indicator_once():
    groups = spec_groups()
    assert sorted(i for ids in groups for i in ids) == sorted(SPECS)
    read = [{e.query for i in ids for e in SPECS[i].inputs} for ids in groups]
    assert all(not a & b for n, a in enumerate(read) for b in read[n + 1:])
    order = list(SPECS)
    assert all(ids == sorted(ids, key=order.index) for ids in groups)
    assert [order.index(ids[0]) for ids in groups] == sorted(order.index(ids[0]) for ids in groups)
    assert len(groups) > 2 and sum(KEPT_HERE in queries for queries in read) == 1
    assert spec_groups({"a": SPECS["population"]}) == [["a"]]


def test_groups_computed_by_a_helper_give_the_serial_set(settings, serial):
    helper = _Inline()
    iset = _computed(settings, helper)
    assert helper.done == len(spec_groups()) - 1 and not serial.failures
    _assert_same(iset, serial)


def test_a_failing_helper_only_means_every_group_is_computed_here(settings, serial):
    helper = _Broken()
    iset = _computed(settings, helper)
    assert helper.offered == len(spec_groups()) - 1
    _assert_same(iset, serial)


def test_after_a_failed_prefetch_nothing_is_offered(settings):
    helper = _Broken()
    failed = {"vacancies": SourceError("CBS antwoordde met HTTP 503", table_id="83599NED")}
    iset = _computed(settings, helper, unavailable=failed)
    assert helper.offered == 0 and set(iset.failures) == {"tightness", "vacancy_rate"}


def test_a_bug_in_a_helpers_indicator_loses_only_that_indicator(settings, serial, monkeypatch):
    def broken(*frames, **kwargs):
        raise ZeroDivisionError("kapot")

    monkeypatch.setitem(SPECS, "youth_neet", replace(SPECS["youth_neet"], compute=broken))
    iset = _computed(settings, _Inline())
    assert iset.failures == {"youth_neet": "de berekening mislukte door een onverwachte fout"}
    assert iset.has("youth_benefit") and not iset.has("youth_neet")
    pd.testing.assert_frame_equal(iset.frame.reset_index(drop=True),
                                  serial.frame[serial.frame["indicator"] != "youth_neet"].reset_index(drop=True),
                                  check_exact=True)


@pytest.mark.integration    # forks a helper process
def test_a_forked_helper_gives_the_serial_set(settings, serial):
    with helper_pool() as helper:
        iset = _computed(settings, helper)
    _assert_same(iset, serial)


def test_no_wait_for_groups_the_helper_has_queued_but_not_started(settings, serial):
    helper = Queued()
    iset = _computed(settings, helper)
    assert helper.waited == 0 and len(helper.calls) == len(spec_groups()) - 1
    _assert_same(iset, serial)
    assert helper.run_late() == [None] * len(helper.calls)      # every group was claimed here


@pytest.mark.integration    # forks a helper process that dies
def test_a_helper_that_dies_in_a_group_only_means_the_groups_are_computed_here(settings, serial, monkeypatch):
    monkeypatch.setattr(groups, "compute_group", dies_in_a_helper(groups.compute_group))
    with helper_pool() as helper:
        iset = _computed(settings, helper)
    _assert_same(iset, serial)


@pytest.mark.integration    # forks a helper process that dies
def test_a_helper_dead_before_the_groups_only_means_they_are_computed_here(settings, serial):
    with dead_pool() as helper:
        iset = _computed(settings, helper)
    _assert_same(iset, serial)


def test_the_helper_reads_each_gebieden_table_once_for_all_its_groups(settings, serial, monkeypatch):
    reads = Counter()
    get = DataStore.get

    def counted(store, query):
        reads[getattr(query, "name", query)] += 1
        return get(store, query)

    monkeypatch.setattr(DataStore, "get", counted)
    iset = _computed(settings, _Inline())
    _assert_same(iset, serial)
    gebieden = [catalog.gebieden_query(year).name for year in catalog.GEBIEDEN_TABLES]
    assert max(reads[name] for name in gebieden) == 2        # once here, once in the helper
