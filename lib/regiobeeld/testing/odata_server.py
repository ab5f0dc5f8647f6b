"""A local CBS-compatible OData v3 server.

It serves tables in exactly the shape CBS StatLine sends them (padded keys, ``null``
for missing values, ``odata.nextLink`` paging), so the real :mod:`cbsodata`-based client
can be tested offline. A test utility: the product's data path never starts it
(``tests/test_demo_source.py`` checks that the demo data it serves and the direct demo
path give the same results).

``tables`` maps a table id to its entity sets::

    {"86088NED": {"TableInfos": [...], "DataProperties": [...], "CategoryGroups": [...],
                  "RegioS": [...], "Perioden": [...], "TypedDataSet": [...] or DataFrame}}

Routes::

    /ODataFeed/odata/{T}/?$format=json           service document
    /ODataFeed/odata/{T}/{Entity}?$format=json   an entity set ($filter, $select, $skip)
    /ODataCatalog/Tables?$format=json            one row per table (its TableInfos)

The ``$filter`` subset: ``eq ne ge le gt lt``, ``and``, ``or``, ``not``, parentheses,
``substringof('X',Col)`` and ``startswith(Col,'X')``, with exact matching on padded keys.
Faults for tests: :meth:`ODataServer.inject` (``500``, ``503``, ``429``, ``404``, ``reset``,
``slow``, ``truncate``), optionally with a ``Retry-After`` header and after some good answers.
"""

from __future__ import annotations

import json
import re
import socket
import struct
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Mapping
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import numpy as np
import pandas as pd

from ..sources.cbs import DIMENSION_TYPES

__all__ = ["ODataServer", "RequestRecord", "FilterError", "load_dump", "parse_filter", "FAULT_KINDS"]

FAULT_KINDS = ("500", "503", "429", "404", "reset", "slow", "truncate")
_STATUS_FAULTS = ("500", "503", "429", "404")
DEFAULT_PAGE_SIZE = 10_000
UNTYPED_MISSING = "       ."
FEED = "/ODataFeed/odata/"
CATALOG_PATH = "/ODataCatalog/Tables"
_FIXED_SETS = ("TableInfos", "UntypedDataSet", "TypedDataSet", "DataProperties", "CategoryGroups")
_MASK_CACHE_SIZE = 32


def load_dump(folder: str | Path) -> dict[str, list[dict]]:
    """Read a ``cbsodata`` directory dump (``<Entity>.json`` files, each the ``value`` list)."""
    folder = Path(folder)
    return {path.stem: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted(folder.glob("*.json"))}


# --------------------------------------------------------------------------- $filter

class FilterError(ValueError):
    """A ``$filter`` expression the server cannot parse (answered with HTTP 400)."""


_TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>-?\d+(?:\.\d+)?)"
                    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<punct>[(),]))")
_COMPARISONS = {"eq", "ne", "ge", "le", "gt", "lt"}


def _tokenize(text: str) -> list[tuple[str, object]]:
    tokens, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match:
            raise FilterError(f"unexpected character at position {pos}: {text[pos:pos + 10]!r}")
        kind = match.lastgroup
        raw = match.group(kind)
        value: object = raw
        if kind == "str":
            value = raw[1:-1].replace("''", "'")
        elif kind == "num":
            value = float(raw) if "." in raw else int(raw)
        tokens.append((kind, value))
        pos = match.end()
    return tokens


class _Parser:
    """Recursive descent: or_expr := and_expr ('or' and_expr)*; and_expr := unary ('and' unary)*."""

    def __init__(self, text: str):
        self.tokens = _tokenize(text)
        self.pos = 0

    def parse(self):
        node = self._or()
        if self.pos != len(self.tokens):
            raise FilterError(f"unexpected {self.tokens[self.pos][1]!r} after a complete expression")
        return node

    def _peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else (None, None)

    def _take(self, kind=None, value=None):
        tok_kind, tok_value = self._peek()
        if tok_kind is None or (kind and tok_kind != kind) or (value and tok_value != value):
            want = value or kind or "a token"
            raise FilterError(f"expected {want!r}, found {tok_value!r}")
        self.pos += 1
        return tok_value

    def _keyword(self, word):
        kind, value = self._peek()
        return kind == "name" and value == word

    def _or(self):
        return self._chain("or", self._and)

    def _and(self):
        return self._chain("and", self._unary)

    def _chain(self, word, operand):
        """``operand (word operand)*`` as one node."""
        nodes = [operand()]
        while self._keyword(word):
            self.pos += 1
            nodes.append(operand())
        return nodes[0] if len(nodes) == 1 else (word, nodes)

    def _unary(self):
        if self._keyword("not"):
            self.pos += 1
            return ("not", self._unary())
        if self._peek() == ("punct", "("):
            self.pos += 1
            node = self._or()
            self._take("punct", ")")
            return node
        if self._keyword("substringof") or self._keyword("startswith"):
            return self._function()
        column = self._take("name")
        op = self._take("name")
        if op not in _COMPARISONS:
            raise FilterError(f"unknown operator {op!r} after {column!r}")
        kind, value = self._peek()
        if kind not in ("str", "num"):
            raise FilterError(f"expected a literal after {column} {op}, found {value!r}")
        self.pos += 1
        return ("cmp", op, column, value)

    def _function(self):
        name = self._take("name")
        self._take("punct", "(")
        if name == "substringof":
            needle = self._take("str")
            self._take("punct", ",")
            column = self._take("name")
        else:
            column = self._take("name")
            self._take("punct", ",")
            needle = self._take("str")
        self._take("punct", ")")
        if self._keyword("eq"):            # "substringof('X',Col) eq true"
            self.pos += 1
            if self._take("name") != "true":
                raise FilterError(f"{name}(...) can only be compared with true")
        return ("func", name, column, needle)


def parse_filter(text: str):
    """Parse an OData ``$filter`` expression into a small tuple tree; raises FilterError."""
    if not text.strip():
        raise FilterError("empty $filter")
    return _Parser(text).parse()


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name not in frame.columns:
        raise FilterError(f"unknown property {name!r} in $filter")
    return frame[name]


def _evaluate(node, frame: pd.DataFrame) -> np.ndarray:
    """A boolean mask of ``frame`` rows matching ``node``."""
    kind = node[0]
    if kind == "or":
        return _evaluate_or(node[1], frame)
    if kind == "and":
        return np.logical_and.reduce([_evaluate(child, frame) for child in node[1]])
    if kind == "not":
        return ~_evaluate(node[1], frame)
    if kind == "func":
        return _evaluate_function(*node[1:], frame)
    return _evaluate_comparison(*node[1:], frame)


def _evaluate_or(children: list, frame: pd.DataFrame) -> np.ndarray:
    """``a eq x or a eq y or ...`` on one column becomes a single ``isin`` (fast for long lists)."""
    columns = {child[2] if child[0] == "cmp" and child[1] == "eq" else None for child in children}
    if len(columns) == 1 and None not in columns:
        return _column(frame, columns.pop()).isin([child[3] for child in children]).to_numpy(dtype=bool)
    return np.logical_or.reduce([_evaluate(child, frame) for child in children])


def _evaluate_function(name: str, column: str, needle: str, frame: pd.DataFrame) -> np.ndarray:
    text = _column(frame, column).astype("str")
    hits = text.str.contains(needle, regex=False) if name == "substringof" else text.str.startswith(needle)
    return hits.fillna(False).to_numpy(dtype=bool)


def _evaluate_comparison(op: str, column: str, value, frame: pd.DataFrame) -> np.ndarray:
    series = _column(frame, column)
    compare = {"eq": series.__eq__, "ne": series.__ne__, "ge": series.__ge__,
               "le": series.__le__, "gt": series.__gt__, "lt": series.__lt__}[op]
    try:
        return compare(value).fillna(False).to_numpy(dtype=bool)
    except TypeError as exc:
        raise FilterError(f"cannot compare {column} with {value!r}: {exc}") from None


# --------------------------------------------------------------------------- tables

class _EntitySet:
    """Rows of one entity set: kept verbatim, with a DataFrame for vectorised filters."""

    def __init__(self, rows: list[dict] | pd.DataFrame):
        if isinstance(rows, pd.DataFrame):
            self.rows, self._frame = None, rows.reset_index(drop=True)
        else:
            self.rows, self._frame = list(rows), None

    @property
    def frame(self) -> pd.DataFrame:
        if self._frame is None:
            self._frame = pd.DataFrame.from_records(self.rows) if self.rows else pd.DataFrame()
        return self._frame

    def __len__(self) -> int:
        return len(self.rows) if self.rows is not None else len(self._frame)

    def records(self, index: np.ndarray, select: list[str] | None) -> list[dict]:
        """The rows at ``index`` as JSON-ready dicts (NaN → None), limited to ``select``."""
        if self.rows is not None:
            rows = [self.rows[i] for i in index]
            return [{k: row.get(k) for k in select} for row in rows] if select else rows
        page = self._frame.iloc[index]
        if select:
            page = page[[c for c in select if c in page.columns]]
        page = page.astype(object)
        return page.where(page.notna(), None).to_dict("records")


class _Table:
    def __init__(self, table_id: str, sets: Mapping[str, list | pd.DataFrame]):
        self.table_id = table_id
        self.sets = {name: _EntitySet(rows) for name, rows in sets.items()}
        self.key_columns = {"ID", *self._dimension_keys()}

    def _dimension_keys(self) -> list[str]:
        props = self.sets.get("DataProperties")
        rows = props.rows if props is not None and props.rows is not None else []
        return [p["Key"] for p in rows if p.get("Type") in DIMENSION_TYPES]

    def entity_names(self) -> list[str]:
        """Entity sets in CBS order: fixed sets, dimensions (DataProperties order), the rest."""
        names = [n for n in _FIXED_SETS if n in self.sets or (n == "UntypedDataSet" and "TypedDataSet" in self.sets)]
        names += [k for k in self._dimension_keys() if k in self.sets and k not in names]
        names += [n for n in self.sets if n not in names]
        return names

    def entity(self, name: str) -> _EntitySet | None:
        if name == "UntypedDataSet" and name not in self.sets:
            return self.sets.get("TypedDataSet")
        return self.sets.get(name)

    def info(self) -> dict:
        infos = self.sets.get("TableInfos")
        rows = infos.records(np.arange(len(infos)), None) if infos is not None and len(infos) else []
        return dict(rows[0]) if rows else {"Identifier": self.table_id}


def _untyped(records: list[dict], key_columns: set[str]) -> list[dict]:
    """CBS-style UntypedDataSet rows: measure values as text, missing as ``'       .'``."""
    def text(value):
        if value is None:
            return UNTYPED_MISSING
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return [{k: (v if k in key_columns else text(v)) for k, v in row.items()} for row in records]


# --------------------------------------------------------------------------- faults and log

@dataclass
class _Fault:
    kind: str
    table_id: str | None
    entity: str | None
    remaining: int
    delay: float
    retry_after: str | None = None
    after: int = 0          # matching requests answered normally before the fault starts

    def matches(self, table_id: str | None, entity: str | None) -> bool:
        if self.remaining <= 0:
            return False
        if self.table_id and (table_id or "").lower() != self.table_id.lower():
            return False
        return not self.entity or self.entity == entity


@dataclass(frozen=True)
class RequestRecord:
    """One request the server answered (for tests and benchmarks)."""

    table_id: str | None
    entity: str | None
    params: dict
    status: int
    bytes: int
    fault: str | None = None


# --------------------------------------------------------------------------- server

class ODataServer:
    """A CBS OData v3 server on 127.0.0.1 in a daemon thread.

    Parameters
    ----------
    tables : mapping
        table id → entity set name → rows (list of dicts, or a DataFrame for the data set).
    page_size : int
        Rows per response before ``odata.nextLink`` paging (CBS: 10 000).
    ignore_skip : iterable of str
        Table ids whose data sets ignore ``$skip`` (every page is the first one, with a
        ``nextLink`` all the same), as CBS reportedly does for 85481NED.

    Use as ``with ODataServer(tables) as srv: ...`` or ``srv.start()`` / ``srv.stop()``.
    """

    def __init__(self, tables: Mapping[str, Mapping[str, list | pd.DataFrame]],
                 page_size: int = DEFAULT_PAGE_SIZE, ignore_skip: tuple[str, ...] = ()):
        self.page_size = int(page_size)
        self.ignore_skip = {t.lower() for t in ignore_skip}
        self._tables = {tid.lower(): _Table(tid, sets) for tid, sets in tables.items()}
        self.requests: list[RequestRecord] = []
        self._faults: list[_Fault] = []
        self._lock = threading.Lock()
        self._masks: OrderedDict = OrderedDict()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle
    def start(self) -> "ODataServer":
        if self._httpd is None:
            self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
            self._httpd.daemon_threads = True
            self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                            name="odata-server", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
            self._thread = None

    def __enter__(self) -> "ODataServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._httpd is not None

    @property
    def catalog_url(self) -> str:
        """``127.0.0.1:PORT``: what ``cbsodata`` calls the catalog url (no scheme)."""
        if self._httpd is None:
            raise RuntimeError("ODataServer is not started")
        return f"127.0.0.1:{self._httpd.server_address[1]}"

    @property
    def url(self) -> str:
        return f"http://{self.catalog_url}"

    # -- bookkeeping and faults
    def reset_log(self) -> None:
        with self._lock:
            self.requests.clear()

    def inject(self, kind: str, table_id: str | None = None, entity: str | None = None,
               times: int = 1, delay: float = 1.0, retry_after: str | None = None, after: int = 0) -> None:
        """Make the next ``times`` matching requests fail with ``kind`` (see FAULT_KINDS).

        ``slow`` sleeps ``delay`` seconds before answering; choose it above the client timeout.
        ``retry_after`` is sent as the ``Retry-After`` header of a status fault; ``after``
        lets that many matching requests through first (e.g. to fail page 2 of a data set).
        """
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault {kind!r}; choose from {', '.join(FAULT_KINDS)}")
        with self._lock:
            self._faults.append(_Fault(kind, table_id, entity, int(times), float(delay), retry_after, int(after)))

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def _take_fault(self, table_id, entity) -> _Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.matches(table_id, entity):
                    if fault.after > 0:
                        fault.after -= 1
                        return None
                    fault.remaining -= 1
                    return fault
        return None

    def _log(self, record: RequestRecord) -> None:
        with self._lock:
            self.requests.append(record)

    # -- the tables served
    def serve(self, table_id: str, sets: Mapping[str, list | pd.DataFrame]) -> None:
        """Serve ``sets`` as ``table_id`` from now on (a new edition, or a drifted shape)."""
        with self._lock:
            self._tables[table_id.lower()] = _Table(table_id, sets)
            self._masks.clear()

    def withdraw(self, table_id: str) -> None:
        """Stop serving ``table_id``: requests for it get HTTP 404, as for a table CBS removed."""
        with self._lock:
            self._tables.pop(table_id.lower(), None)
            self._masks.clear()

    # -- answering
    def table(self, table_id: str) -> _Table | None:
        return self._tables.get(table_id.lower())

    def service_document(self, table: _Table, base: str) -> dict:
        root = f"{base}{FEED}{table.table_id}/"
        return {"odata.metadata": f"{root}$metadata",
                "value": [{"name": n, "url": f"{root}{n}"} for n in table.entity_names()]}

    def catalog_tables(self, params: dict) -> dict:
        """The catalogue: one row per table (its TableInfos), with $filter and $select."""
        rows = _EntitySet([t.info() for t in self._tables.values()])
        text = params.get("$filter")
        index = np.flatnonzero(_evaluate(parse_filter(text), rows.frame)) if text else np.arange(len(rows))
        return {"odata.metadata": "ODataCatalog/$metadata#Tables",
                "value": rows.records(index, _select(params))}

    def entity_page(self, table: _Table, entity: str, params: dict, base: str) -> dict:
        """One page of ``entity`` with $filter/$select/$skip applied (FilterError on bad input)."""
        rows = table.entity(entity)
        index = self._matching(table, entity, rows, params.get("$filter"))
        skip = _int_param(params, "$skip")
        start = 0 if table.table_id.lower() in self.ignore_skip else skip
        page = index[start: start + self.page_size]
        records = rows.records(page, _select(params))
        if entity == "UntypedDataSet":
            records = _untyped(records, table.key_columns)
        body = {"odata.metadata": f"{base}{FEED}{table.table_id}/$metadata#Cbs.OData.WebAPI.{entity}",
                "value": records}
        if skip + self.page_size < len(index):
            next_params = {k: v for k, v in params.items() if k != "$skip"}
            next_params["$skip"] = str(skip + self.page_size)
            body["odata.nextLink"] = (f"{base}{FEED}{table.table_id}/{entity}?"
                                      + urlencode(next_params, quote_via=quote, safe="$,'()"))
        return body

    def _matching(self, table: _Table, entity: str, rows: _EntitySet, text: str | None) -> np.ndarray:
        if not text:
            return np.arange(len(rows))
        key = (table.table_id, entity, text)
        with self._lock:
            if key in self._masks:
                self._masks.move_to_end(key)
                return self._masks[key]
        index = np.flatnonzero(_evaluate(parse_filter(text), rows.frame)) if len(rows) else np.arange(0)
        with self._lock:
            self._masks[key] = index
            while len(self._masks) > _MASK_CACHE_SIZE:
                self._masks.popitem(last=False)
        return index


def _select(params: dict) -> list[str] | None:
    raw = params.get("$select")
    return [c.strip() for c in raw.split(",")] if raw else None


def _int_param(params: dict, name: str) -> int:
    raw = params.get(name) or "0"
    try:
        return max(0, int(raw))
    except ValueError:
        raise FilterError(f"{name} must be a whole number, got {raw!r}") from None


def _error_body(message: str) -> dict:
    return {"odata.error": {"code": "", "message": {"lang": "en-US", "value": message}}}


def _make_handler(server: ODataServer):
    class Handler(_Handler):
        odata = server
    return Handler


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    odata: ODataServer

    def log_message(self, format, *args):  # noqa: A002 - quiet server
        pass

    def finish(self):
        try:
            super().finish()
        except OSError:
            pass

    def do_GET(self):
        parts = urlsplit(self.path)
        params = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        table_id, entity = _route(parts.path)
        fault = self.odata._take_fault(table_id, entity) if parts.path.startswith((FEED, CATALOG_PATH)) else None
        status, body = self._answer(parts.path, table_id, entity, params)
        if fault and fault.kind in _STATUS_FAULTS:
            status, body = int(fault.kind), _error_body(f"injected fault {fault.kind}")
        payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
        kind = fault.kind if fault else None
        if kind in ("truncate", "reset"):
            payload = payload[: max(1, len(payload) // 2)]
        # Logged before sending, so a client that has its answer always finds it in the log.
        self.odata._log(RequestRecord(table_id, entity, params, status, len(payload), kind))
        if kind == "slow":
            time.sleep(fault.delay)
        self._send(status, payload, reset=kind == "reset", retry_after=fault.retry_after if fault else None)

    def _base(self) -> str:
        host = self.headers.get("Host") or self.odata.catalog_url
        return f"http://{host}"

    def _answer(self, path, table_id, entity, params) -> tuple[int, dict]:
        try:
            return self._resolve(path, table_id, entity, params)
        except FilterError as exc:
            return 400, _error_body(f"invalid query: {exc}")
        except Exception as exc:  # noqa: BLE001 - a bad table must answer 500, not drop the socket
            return 500, _error_body(f"server error in {path}: {type(exc).__name__}: {exc}")

    def _resolve(self, path, table_id, entity, params) -> tuple[int, dict]:
        if path.rstrip("/") == CATALOG_PATH:
            return 200, self.odata.catalog_tables(params)
        if table_id is None:
            return 404, _error_body(f"unknown resource {path}")
        table = self.odata.table(table_id)
        if table is None:
            return 404, _error_body(f"table {table_id!r} does not exist")
        if not entity:
            return 200, self.odata.service_document(table, self._base())
        if table.entity(entity) is None:
            return 404, _error_body(f"table {table_id!r} has no entity set {entity!r}")
        return 200, self.odata.entity_page(table, entity, params, self._base())

    def _send(self, status: int, payload: bytes, reset: bool, retry_after: str | None = None) -> None:
        """Send ``payload``; with ``reset`` announce the full length but cut the connection."""
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json;odata=minimalmetadata;charset=utf-8")
            if retry_after is not None:
                self.send_header("Retry-After", retry_after)
            self.send_header("Content-Length", str(len(payload) * 2 if reset else len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            if reset:
                self._reset()
        except OSError:        # the client gave up (e.g. after a timeout)
            self.close_connection = True

    def _reset(self) -> None:
        self.wfile.flush()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.shutdown(socket.SHUT_RDWR)
        self.close_connection = True


def _route(path: str) -> tuple[str | None, str | None]:
    """(table id, entity) of a feed path; entity is "" for the service document."""
    if not path.startswith(FEED):
        return None, None
    rest = path[len(FEED):].split("/")
    table_id = rest[0] or None
    entity = rest[1] if len(rest) > 1 else ""
    return table_id, entity
