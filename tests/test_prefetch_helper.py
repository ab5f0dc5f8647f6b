"""A helper process shares the building of the demo tables (``DataStore.refresh(helper=…)``)
and writes the demo exports (``indicators.prepare``): the same report, progress lines and
cache entries as without it, and a helper that fails only means this process does the work."""

from __future__ import annotations

import logging
import tempfile
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool

import pandas as pd
import pytest
from fake_helpers import Queued, dead_pool, dies_in_a_helper

from regiobeeld.core import catalog
from regiobeeld.indicators import prepare
from regiobeeld.indicators.compute import queries_read
from regiobeeld.sources.dropins.demo import DEMO_FOLDER, demo_exports_ready, ensure_demo_exports
from regiobeeld.store import data
from regiobeeld.store.data import SHARED_FROM, DataStore, helper_pool

#: Cheap demo queries, more than SHARED_FROM, over three tables with their own builders.
_QUERIES = [catalog.gebieden_query(year) for year in (2016, 2017, 2018, 2019)] + [
    catalog.query(name) for name in ("labour", "potential", "lifelong_learning")]


class _Recording(Executor):
    """An executor that runs nothing: every task fails as a broken helper's would. It
    records the queries offered to it, and the names of the other tasks."""

    def __init__(self):
        self.submitted = []

    def submit(self, fn, /, *args, **kwargs):
        if fn is data._claimed:      # an offered task: the claim, then the task itself
            fn, args = args[1], args[2:]
        self.submitted.append(getattr(args[1], "name", fn.__name__) if len(args) > 1 else fn.__name__)
        future = Future()
        future.set_exception(BrokenProcessPool("the helper died"))
        return future


def _refresh(settings, helper=None):
    """The report and the progress lines of a refresh of :data:`_QUERIES`."""
    lines: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())
    logger = logging.getLogger("regiobeeld.progress")
    logger.addHandler(handler)
    saved = logger.level
    logger.setLevel(logging.INFO)
    try:
        with DataStore(settings) as store:
            report = store.refresh(_QUERIES, helper)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved)
    return report, [line.rsplit(" (0 verzoeken", 1)[0] for line in lines]


def _entries(settings) -> dict[str, pd.DataFrame]:
    with DataStore(settings) as store:
        return {q.name: store.cache.get(q).data for q in _QUERIES}


@pytest.mark.integration    # forks a helper process
def test_a_helper_gives_the_same_report_lines_and_cache_entries(settings, tmp_path):
    alone = _alone(settings, tmp_path)
    with helper_pool() as helper:
        _assert_same_refresh(alone, helper)


def _alone(settings, tmp_path) -> tuple:
    """The settings, report, progress lines and cache entries of a refresh without a helper."""
    alone = settings.replace(source="demo", cache_root=tmp_path / "alone")
    report, lines = _refresh(alone)
    assert len(_QUERIES) >= SHARED_FROM and not report.failures and len(lines) == len(_QUERIES)
    return alone, report, lines, _entries(alone)


def _assert_same_refresh(alone: tuple, helper):
    """A refresh with ``helper`` gives the report, lines and cache entries ``alone`` gave."""
    settings, report, lines, entries = alone
    shared = settings.replace(cache_root=settings.cache_root.with_name("shared"))
    helped, helped_lines = _refresh(shared, helper)
    assert not helped.failures and helped_lines == lines
    assert [(t.table_id, t.query, t.status, t.from_cache) for t in helped.tables] == \
        [(t.table_id, t.query, t.status, t.from_cache) for t in report.tables]
    for name, frame in _entries(shared).items():
        pd.testing.assert_frame_equal(frame, entries[name])


@pytest.mark.integration    # forks a helper process
def test_a_helper_that_dies_in_a_table_only_means_the_tables_are_built_here(settings, tmp_path, monkeypatch):
    alone = _alone(settings, tmp_path)
    monkeypatch.setattr(DataStore, "_prefetch_one", dies_in_a_helper(DataStore._prefetch_one))
    with helper_pool() as helper:
        _assert_same_refresh(alone, helper)


@pytest.mark.integration    # forks a helper process
def test_a_helper_dead_before_the_refresh_only_means_the_tables_are_built_here(settings, tmp_path):
    with dead_pool() as helper:
        _assert_same_refresh(_alone(settings, tmp_path), helper)


def test_no_wait_for_tables_the_helper_has_queued_but_not_started(settings, tmp_path, monkeypatch):
    claims = tmp_path / "claims"
    claims.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(claims))
    helper = Queued()
    _assert_same_refresh(_alone(settings, tmp_path), helper)
    assert helper.waited == 0 and len(helper.calls) == len(_QUERIES)
    assert helper.run_late() == [None] * len(_QUERIES)      # every table was claimed here
    assert list(claims.iterdir()) == []


def test_a_failing_helper_only_means_the_tables_are_built_here(settings):
    demo = settings.replace(source="demo")
    helper = _Recording()
    report, lines = _refresh(demo, helper)
    assert helper.submitted == [q.name for q in reversed(_QUERIES)]
    assert not report.failures and [t.query for t in report.tables] == [q.name for q in _QUERIES]
    assert not any(t.from_cache for t in report.tables) and len(lines) == len(_QUERIES)
    with DataStore(demo) as store:
        assert all(store.cache.status(q) == "fresh" for q in _QUERIES)


def test_no_helper_work_for_a_fresh_cache_nor_for_cbs(settings):
    demo = settings.replace(source="demo")
    _refresh(demo)
    fresh = _Recording()
    report, _ = _refresh(demo, fresh)
    assert fresh.submitted == [] and all(t.from_cache for t in report.tables)
    offline_cbs = settings.replace(offline=True)        # CBS: network work, never shared
    cbs = _Recording()
    report, _ = _refresh(offline_cbs, cbs)
    assert cbs.submitted == [] and len(report.failures) == len(_QUERIES)


def test_demo_exports_ready_only_when_every_file_of_this_version_is_there(settings):
    demo = settings.replace(source="demo")
    assert not demo_exports_ready(demo)
    folder = ensure_demo_exports(demo)
    assert folder == demo.cache_dir / DEMO_FOLDER and demo_exports_ready(demo)
    next(folder.glob("*.csv")).unlink()
    assert not demo_exports_ready(demo)


@pytest.mark.integration    # computes every indicator on the whole demo world
def test_prepare_writes_the_exports_and_the_tables_itself_when_its_helper_fails(settings, monkeypatch):
    demo = settings.replace(source="demo")
    helper = _Recording()
    monkeypatch.setattr(data, "helper_pool", lambda: helper)
    iset = prepare(demo)
    assert helper.submitted[0] == "ensure_demo_exports" and len(helper.submitted) > SHARED_FROM
    assert demo_exports_ready(demo) and not iset.failures and iset.has("unemployment_rate")
    with DataStore(demo) as store:
        assert store.missing(queries_read()) == []
