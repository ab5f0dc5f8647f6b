"""The cbsodata adapter (feed.py) against the local OData server: pages, failures, options."""

from __future__ import annotations

import socket
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import odata_fixtures as fx
import pytest
from cbsodata import cbsodata3

from regiobeeld.sources.feed import Feed, FeedError


@pytest.fixture
def srv(server, fixture_tables):
    return server(fixture_tables, page_size=5)


@pytest.fixture
def feed(srv):
    return Feed(srv.url)


def closed_port() -> int:
    """A local port nobody listens on (connecting to it is refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_metadata_comes_whole_and_leaves_cbsodata_options_as_they_were(feed):
    before = (cbsodata3.options.catalog_url, cbsodata3.options.use_https, dict(cbsodata3.options.requests))
    page = feed.metadata(fx.LABOUR_ID, "RegioS", timeout=2)
    assert [row["Key"] for row in page.rows] == [key for key, _, _ in fx.REGIONS]
    assert page.bytes > 0 and page.next is None
    assert (cbsodata3.options.catalog_url, cbsodata3.options.use_https, dict(cbsodata3.options.requests)) == before


def test_data_pages_follow_next_links_one_at_a_time(feed, srv):
    ref = feed.first(fx.LABOUR_ID, "TypedDataSet", select=["RegioS", "Perioden"], filters="RegioS eq 'AM22  '")
    rows, pages = [], 0
    while ref is not None:
        page = feed.page(ref, timeout=2)
        rows += page.rows
        pages += 1
        ref = page.next
    assert len(rows) == len(fx.YEARS) * len(fx.GENDERS) and pages == 3        # 15 rows, 5 per page
    assert [r.params.get("$skip") for r in srv.requests] == [None, "5", "10"]


def test_table_list_names_every_table(feed):
    titles = {row["Identifier"]: row["Title"] for row in feed.table_list(timeout=2)}
    assert fx.LABOUR_ID in titles and fx.GEBIEDEN_ID in titles


def test_refused_connection_is_unreachable():
    with pytest.raises(FeedError) as err:
        Feed(f"http://127.0.0.1:{closed_port()}").metadata(fx.LABOUR_ID, "TableInfos", timeout=2)
    assert err.value.kind == "unreachable" and err.value.problem == "verbinding geweigerd"


def test_unknown_host_is_unreachable():
    feed = Feed("http://regiobeeld-test.invalid")
    with pytest.raises(FeedError) as err:
        feed.page(feed.first(fx.LABOUR_ID, "TypedDataSet"), timeout=2)
    assert err.value.kind == "unreachable" and err.value.problem == "host onbekend (DNS)"


@pytest.mark.parametrize(("header", "expected"), [("7", 7.0), (None, None)])
def test_429_is_transient_with_the_servers_wait(feed, srv, header, expected):
    srv.inject("429", entity="TableInfos", retry_after=header)
    with pytest.raises(FeedError) as err:
        feed.metadata(fx.LABOUR_ID, "TableInfos", timeout=2)
    assert (err.value.kind, err.value.status, err.value.retry_after) == ("transient", 429, expected)


def test_retry_after_as_an_http_date(feed, srv):
    srv.inject("503", entity="TypedDataSet", retry_after=format_datetime(
        datetime.now(timezone.utc) + timedelta(seconds=120), usegmt=True))
    with pytest.raises(FeedError) as err:
        feed.page(feed.first(fx.LABOUR_ID, "TypedDataSet"), timeout=2)
    assert err.value.kind == "transient" and 60 < err.value.retry_after <= 120


@pytest.mark.parametrize(("kind", "expected"), [("404", "missing"), ("500", "transient"), ("truncate", "transient"),
                                                ("reset", "transient")])
def test_failures_are_classified(feed, srv, kind, expected):
    srv.inject(kind, entity="TypedDataSet")
    with pytest.raises(FeedError) as err:
        feed.page(feed.first(fx.LABOUR_ID, "TypedDataSet"), timeout=2)
    assert err.value.kind == expected


def test_a_bad_request_is_rejected_with_the_servers_message(feed):
    with pytest.raises(FeedError) as err:
        feed.page(feed.first(fx.LABOUR_ID, "TypedDataSet", filters="Nope eq 'x'"), timeout=2)
    assert err.value.kind == "rejected" and err.value.status == 400 and "invalid query" in err.value.problem


@pytest.mark.integration    # starts a Python process
def test_demo_data_never_import_the_http_libraries(tmp_path):
    code = ("import sys\n"
            "from regiobeeld.core.settings import Settings\n"
            "from regiobeeld.indicators import prepare\n"
            "from regiobeeld.store.data import DataStore\n"
            "with DataStore(Settings(source='demo', cache_root=sys.argv[1])) as store:\n"
            "    store.get('labour')\n"
            "print(sorted(m for m in ('cbsodata', 'requests', 'urllib3') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "[]"
