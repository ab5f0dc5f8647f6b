"""Shared pytest fixtures: an isolated environment and local CBS OData servers.

* ``clean_environ`` (autouse): removes ``REGIOBEELD_*`` and proxy variables, so no test
  reads the developer's settings or reaches a real proxy.
* ``cache_root``: a fresh cache root under ``tmp_path``.
* ``settings``: ``Settings`` for the ``cbs`` source with that cache, short timeouts and
  no backoff; tests point ``cbs_url`` at a server with ``settings.replace(cbs_url=srv.url)``.
* ``server``: a factory ``server(tables, page_size=..., ignore_skip=...)`` that starts an
  :class:`~regiobeeld.testing.odata_server.ODataServer` and stops it after the test.
* ``fixture_tables``: the small CBS-shaped tables of ``tests/odata_fixtures.py``.

Tiers: the modules in :data:`INTEGRATION_MODULES` (and tests marked ``integration``)
form the integration tier; every test in no other tier is marked ``unit``.
"""

from __future__ import annotations

import os

import odata_fixtures
import pytest

from regiobeeld.core.settings import Settings
from regiobeeld.testing.odata_server import ODataServer

_PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")
#: Modules whose tests run renders, kernels, subprocesses or the whole demo world.
INTEGRATION_MODULES = {"test_runner", "test_fault_matrix", "test_notebooks", "test_shapes_drift",
                       "test_network", "test_cli", "test_indicators_compute", "test_workbook", "test_findings",
                       "test_sourcecheck", "test_engine"}
_TIERS = ("integration", "slow", "browser")


def pytest_collection_modifyitems(items):
    for item in items:
        if item.module.__name__ in INTEGRATION_MODULES:
            item.add_marker(pytest.mark.integration)
        if not any(item.get_closest_marker(tier) for tier in _TIERS):
            item.add_marker(pytest.mark.unit)


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch):
    for name in list(os.environ):
        if name.startswith("REGIOBEELD_") or name.lower() in _PROXY_VARS:
            monkeypatch.delenv(name, raising=False)


@pytest.fixture
def cache_root(tmp_path):
    return tmp_path / "cache"


@pytest.fixture
def settings(cache_root):
    return Settings(source="cbs", cache_root=cache_root, timeout=2.0, retries=2, backoff=0.0)


@pytest.fixture
def server():
    started: list[ODataServer] = []

    def start(tables, page_size: int = 10_000, **options) -> ODataServer:
        srv = ODataServer(tables, page_size=page_size, **options).start()
        started.append(srv)
        return srv

    yield start
    for srv in started:
        srv.stop()


@pytest.fixture
def fixture_tables():
    return odata_fixtures.tables()
