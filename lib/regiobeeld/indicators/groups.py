"""The indicators in groups that share no input, computed here or by a helper process.

Most of the work of computing the indicators is building their input frames, and several
indicators read the same query. :func:`spec_groups` puts the indicators in groups that
read no query in common, so each input frame is built in one process only. Each group's
computation is a :class:`Part`: its frames, failures and gemeente values, and what it
read. :func:`compute_parts` computes the groups from the front while a helper process
(:func:`~regiobeeld.store.data.helper_pool`) takes them from the back; whatever the
helper has not started, or did not manage, is computed here. The parts are the same
wherever they were computed: every group's frames depend on its own inputs only.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field

import pandas as pd

from ..core import catalog
from ..core.errors import RegiobeeldError
from .frames import complete_regions
from .gemeenten import compute_gemeenten
from .inputs import InputMissing, Inputs, requirements
from .model import RANKED_LEVELS, IndicatorSpec
from .specs import SPECS

__all__ = ["Part", "spec_groups", "compute_group", "compute_parts", "KEPT_HERE"]

log = logging.getLogger(__name__)

#: The group reading this query is never offered to the helper: the province of each
#: region is weighed by its tidy frame, which only this process has then.
KEPT_HERE = "population"


@dataclass
class Part:
    """What computing some groups gave: per indicator its frame or the Dutch reason it
    failed, its placed gemeente values or the reason they failed; and what was read on
    the way: the sources (query name → the meta of its table) and per tidy frame the provinces it names
    (query → PV code → name)."""

    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    gemeenten: dict[str, pd.DataFrame] = field(default_factory=dict)
    gemeente_failures: dict[str, str] = field(default_factory=dict)
    sources: dict = field(default_factory=dict)
    provinces: dict[str, dict[str, str]] = field(default_factory=dict)

    def read(self, inputs: Inputs) -> "Part":
        """This part with the sources and provinces ``inputs`` read."""
        self.sources.update(inputs.sources)
        self.provinces.update({query: _provinces(frame) for query, frame in inputs.tidy.items()})
        return self


def _provinces(tidy: pd.DataFrame) -> dict[str, str]:
    """PV code → name of the province rows of a tidy frame."""
    if "region_code" not in tidy.columns or "region_name" not in tidy.columns:
        return {}
    rows = tidy[tidy["region_code"].str.startswith("PV")]
    return dict(zip(rows["region_code"], rows["region_name"]))


def spec_groups(specs: dict | None = None) -> list[list[str]]:
    """The ids of ``specs`` (default :data:`SPECS`) in groups that read no input query in
    common; each group in ``specs`` order, the groups in the order of their first indicator."""
    specs = specs or SPECS
    groups: list[tuple[set[str], list[str]]] = []
    for indicator, spec in specs.items():
        queries, ids = {entry.query for entry in spec.inputs}, [indicator]
        sharing = [n for n, (read, _) in enumerate(groups) if read & queries]
        for n in reversed(sharing):
            read, members = groups.pop(n)
            queries, ids = queries | read, members + ids
        groups.insert(sharing[0] if sharing else len(groups), (queries, ids))
    order = list(specs)
    return [sorted(ids, key=order.index) for _, ids in groups]


def _compute_one(spec: IndicatorSpec, inputs: Inputs, years: int) -> pd.DataFrame:
    """One indicator's frame; raises :class:`InputMissing` (inputs) or any error of its code."""
    args = [inputs.get(entry, requirements(spec, entry)) for entry in spec.inputs]
    frame = spec.compute(*args, **({"years": years} if spec.window else {}))
    if spec.level in RANKED_LEVELS:
        frame = complete_regions(frame)
        am = frame["region_code"].str.startswith("AM")
        if not frame.loc[am, "value"].notna().any():
            tables = ", ".join(spec.tables)
            raise InputMissing(f"CBS-tabel {tables} bevat geen cijfers per arbeidsmarktregio")
    return frame


def compute_group(inputs: Inputs, ids: list[str], years: int, part: Part) -> Part:
    """The indicators ``ids`` and their gemeente values, added to ``part``; any failure loses
    only that indicator (or only its gemeente values), logged."""
    for indicator in ids:
        try:
            part.frames[indicator] = _compute_one(SPECS[indicator], inputs, years)
        except InputMissing as exc:
            part.failures[indicator] = str(exc)
            log.warning("Indicator %s niet berekend: %s", indicator, exc)
        except Exception:       # noqa: BLE001 - one indicator's bug never ends the page or the batch
            part.failures[indicator] = "de berekening mislukte door een onverwachte fout"
            log.exception("Indicator %s: berekening mislukt", indicator)
    computed = [i for i in ids if i in part.frames]
    try:
        placed, failed = compute_gemeenten({i: SPECS[i] for i in ids}, set(computed), inputs.gemeente_frame,
                                           inputs.membership, years)
    except Exception:       # noqa: BLE001 - the indicators themselves are already computed
        log.exception("Cijfers per gemeente: berekening mislukt")
        placed, failed = {}, {i: "de cijfers per gemeente konden niet worden berekend" for i in computed}
    part.gemeenten.update(placed)
    part.gemeente_failures.update(failed)
    return part


#: In the helper process: the Gebieden read in one :func:`compute_parts` (its token → the
#: ``gebieden`` of :class:`Inputs`), shared by the groups it computes there.
_GEBIEDEN: dict[str, dict] = {}


def _in_helper(settings, ids: list[str], years: int, run: str) -> Part | None:
    """In the helper process: :func:`compute_group` of ``ids`` on its own store and inputs,
    with the Gebieden read for the earlier groups of ``run``; None when that fails outside
    the containment, and then the group is computed here."""
    from ..store.data import DataStore

    if run not in _GEBIEDEN:
        _GEBIEDEN.clear()
        _GEBIEDEN[run] = {}
    try:
        with DataStore(settings) as store:
            inputs = Inputs(store, {}, _GEBIEDEN[run])
            return compute_group(inputs, ids, years, Part()).read(inputs)
    except Exception:       # noqa: BLE001 - the main process computes the group and says what went wrong
        return None


def _queries(ids: list[str]) -> set[str]:
    """The input queries the indicators ``ids`` read."""
    return {entry.query for indicator in ids for entry in SPECS[indicator].inputs}


def _rows(store, query: str) -> int:
    """Rows of ``query``'s cache entry (0 without a readable one): roughly the work of its input."""
    try:
        return int(store.cache.read_record(store.cache.record_path(catalog.query(query)))["rows"])
    except (RegiobeeldError, KeyError, TypeError, ValueError):
        return 0


def _ends_first(groups: list[list[str]], store) -> list[list[str]]:
    """The group reading :data:`KEPT_HERE` first, then the others with the most cached rows
    at both ends and the fewest in the middle, where this process and the helper meet:
    waiting there for the helper's last group then costs little."""
    kept = [ids for ids in groups if KEPT_HERE in _queries(ids)]
    rest = sorted((ids for ids in groups if ids not in kept),
                  key=lambda ids: sum(_rows(store, query) for query in _queries(ids)), reverse=True)
    return kept + rest[0::2] + rest[1::2][::-1]


def compute_parts(inputs: Inputs, years: int, helper=None) -> tuple[Part, list[Part]]:
    """Every group of :func:`spec_groups`: this process's own part (its sources and
    provinces not read yet: see :meth:`Part.read`) and the helper's parts.

    ``helper`` (an executor) is offered every group but the one reading
    :data:`KEPT_HERE`, last first in the order of :func:`_ends_first`, and reads the same
    cache through its own store (``inputs.store.settings``); pass it only when every query
    was delivered.
    """
    from ..store.data import offered, taken_back

    groups = spec_groups() if helper is None else _ends_first(spec_groups(), inputs.store)
    run = uuid.uuid4().hex
    tasks = {n: (_in_helper, inputs.store.settings, ids, years, run) for n, ids in enumerate(groups)
             if helper is not None and KEPT_HERE not in _queries(ids)}
    own, helped = Part(), []
    with offered(helper, tasks) as offers:
        for n, ids in enumerate(groups):
            part = taken_back(offers.get(n))
            if part is None:
                compute_group(inputs, ids, years, own)
            else:
                helped.append(part)
    return own, helped
