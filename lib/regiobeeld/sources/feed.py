"""The one adapter over ``cbsodata``: entity sets of a CBS OData v3 host, one page at a time.

Metadata sets (TableInfos, DataProperties, dimension members; one page each at CBS) and the
table list come through cbsodata's public ``get_meta`` and ``get_table_list``. Data sets are
paged here, one ``odata.nextLink`` at a time, because cbsodata downloads every page in one
call, so a retry there would start again from page 1.

cbsodata takes the host and the ``requests`` options per call; only the scheme is a
process-wide option (``options.use_https``). It is set, under a lock, only for a host whose
scheme differs from it (the local test server), and restored afterwards.

Every failure becomes a :class:`FeedError` whose ``kind`` says what the caller can do:
``unreachable`` (no connection at all: stop trying), ``transient`` (retry, after
``retry_after`` seconds when the server said so), ``missing`` (HTTP 404) or ``rejected``
(another 4xx: retrying will not help).

``cbsodata``, ``requests`` and ``urllib3`` are imported by the code that uses them, not with
this module: a run on demo data never makes a request and does not pay their import.
"""

from __future__ import annotations

import ipaddress
import json
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import requests

__all__ = ["Feed", "FeedError", "Page", "PageRef"]

_FEED_PATH = "ODataFeed/odata"
_SCHEME_LOCK = threading.RLock()     # cbsodata's options are process-wide


class FeedError(Exception):
    """A request that failed; ``kind`` is unreachable, transient, missing or rejected."""

    def __init__(self, kind: str, problem: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(problem)
        self.kind, self.problem, self.status, self.retry_after = kind, problem, status, retry_after


@dataclass(frozen=True)
class PageRef:
    """Where one page is: the URL and its query parameters (empty for a ``nextLink``)."""

    url: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Page:
    """The rows of one page, its JSON size in bytes, and the next page (None when last)."""

    rows: list[dict]
    bytes: int
    next: PageRef | None = None


class Feed:
    """Requests to one OData host (``base_url``, e.g. ``https://opendata.cbs.nl``)."""

    def __init__(self, base_url: str):
        import requests

        self.base_url = base_url.rstrip("/")
        parts = urlsplit(self.base_url)
        self.host, self._https = parts.netloc, parts.scheme == "https"
        self._loopback = _is_loopback(parts.hostname or "")
        self._proxies = {"http": None, "https": None} if self._loopback else \
            requests.utils.get_environ_proxies(self.base_url)

    def metadata(self, table_id: str, entity: str, timeout: float) -> Page:
        """A whole metadata set (``TableInfos``, ``DataProperties``, a dimension) through cbsodata."""
        import cbsodata

        rows = self._cbsodata(cbsodata.get_meta, table_id, entity, catalog_url=self.host, timeout=timeout,
                              proxies=self._proxies)
        return Page(rows, _size(rows))

    def table_list(self, timeout: float) -> list[dict]:
        """Identifier and title of every table in the host's catalogue."""
        import cbsodata

        return self._cbsodata(cbsodata.get_table_list, select=["Identifier", "Title"], catalog_url=self.host,
                              timeout=timeout, proxies=self._proxies)

    def first(self, table_id: str, entity: str, select: list[str] | None = None,
              filters: str | None = None) -> PageRef:
        """The first page of a data set, with ``$select`` and ``$filter``."""
        params = {"$format": "json"}
        if select:
            params["$select"] = ",".join(select)
        if filters:
            params["$filter"] = filters
        return PageRef(f"{self.base_url}/{_FEED_PATH}/{table_id}/{entity}", params)

    def page(self, ref: PageRef, timeout: float) -> Page:
        """One page; its ``odata.nextLink`` (if any) is the next :class:`PageRef`."""
        import requests

        try:
            with requests.Session() as session:
                session.trust_env = not self._loopback      # no environment proxy for loopback
                response = session.get(ref.url, params=ref.params, timeout=timeout, proxies=self._proxies)
                response.raise_for_status()
                body = json.loads(response.content.decode("utf-8"))
            following = body.get("odata.nextLink")
            return Page(list(body["value"]), len(response.content), PageRef(following) if following else None)
        except Exception as exc:  # noqa: BLE001 - classified below; anything else is re-raised
            raise _classified(exc, timeout) from None

    def _cbsodata(self, function, *args, timeout: float, **kwargs):
        try:
            with _scheme(self._https):
                return function(*args, timeout=timeout, **kwargs)
        except Exception as exc:  # noqa: BLE001 - classified below; anything else is re-raised
            raise _classified(exc, timeout) from None


@contextmanager
def _scheme(https: bool):
    """``cbsodata.options.use_https`` as ``https`` for the block (untouched when it already is)."""
    from cbsodata import cbsodata3

    options = cbsodata3.options
    with _SCHEME_LOCK:
        saved = options.use_https
        if saved != https:
            options.use_https = https
        try:
            yield
        finally:
            if options.use_https != saved:
                options.use_https = saved


# --------------------------------------------------------------------------- classifying failures

def _classified(exc: Exception, timeout: float) -> Exception:
    """The FeedError for ``exc``; ``exc`` itself when it is no request failure."""
    import requests
    from urllib3.exceptions import NameResolutionError

    if isinstance(exc, requests.HTTPError):
        return _http_failure(exc)
    if isinstance(exc, requests.ConnectTimeout):
        return FeedError("unreachable", f"geen verbinding binnen {_seconds(timeout)} s")
    if isinstance(exc, requests.ConnectionError) and _no_connection(exc):
        reason = getattr(exc.args[0], "reason", None) if exc.args else None
        problem = "host onbekend (DNS)" if isinstance(reason, NameResolutionError) else "verbinding geweigerd"
        return FeedError("unreachable", problem)
    if isinstance(exc, requests.Timeout):
        return FeedError("transient", f"geen antwoord binnen {_seconds(timeout)} s")
    if isinstance(exc, requests.RequestException):
        return FeedError("transient", f"verbinding verbroken ({type(exc).__name__})")
    if isinstance(exc, (ValueError, KeyError, TypeError)):     # truncated or invalid JSON
        return FeedError("transient", f"ongeldig antwoord ({type(exc).__name__})")
    return exc


def _no_connection(exc: requests.ConnectionError) -> bool:
    """True when no connection was made at all (refused, DNS, proxy down), not when one broke."""
    import requests
    from urllib3.exceptions import NewConnectionError

    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(exc, requests.exceptions.ProxyError) or isinstance(reason, NewConnectionError)


def _http_failure(exc: requests.HTTPError) -> FeedError:
    response = _response(exc)
    status = None if response is None else response.status_code
    detail = "" if response is None else _error_detail(response)
    problem = f"HTTP {status}" + (f" ({detail})" if detail else "")
    if status == 404:
        return FeedError("missing", problem, status)
    if status is not None and (status >= 500 or status == 429):
        return FeedError("transient", problem, status, _retry_after(response))
    return FeedError("rejected", problem, status)


def _response(exc: requests.HTTPError) -> requests.Response | None:
    """The response behind ``exc`` (cbsodata re-raises HTTPError without it, ``from`` the original)."""
    for candidate in (exc, exc.__cause__):
        response = getattr(candidate, "response", None)
        if response is not None:
            return response
    return None


def _error_detail(response: requests.Response) -> str:
    """The server's own error message (OData ``odata.error``), shortened; "" when absent."""
    try:
        return str(response.json()["odata.error"]["message"]["value"])[:200]
    except (ValueError, KeyError, TypeError):
        return response.text[:200].strip()


def _retry_after(response: requests.Response) -> float | None:
    """Seconds the server asked to wait (``Retry-After``: seconds or an HTTP date); None if absent."""
    raw = (response.headers.get("Retry-After") or "").strip()
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return max(0.0, (moment - datetime.now(timezone.utc)).total_seconds())


# --------------------------------------------------------------------------- helpers

def _seconds(value: float) -> str:
    """``30`` or ``0,9``: seconds in Dutch notation, one decimal at most."""
    return format(round(value, 1), "g").replace(".", ",")


def _size(rows: list[dict]) -> int:
    return len(json.dumps(rows, ensure_ascii=False).encode("utf-8"))


def _is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
