"""Positie in de werkkring and register-based participation, from 86008NED gemeenten.

86008NED publishes gemeenten (and COROP), no arbeidsmarktregio's. Its position shares
are percentages of the employed (``% van de werkzame bevolking``), so the compute layer
aggregates them with :func:`.aggregate.to_regions_weighted` and the weight
``werkzaam`` (werkzame beroepsbevolking, aantal); the participation counts are summed
with :func:`.aggregate.to_regions`. The functions here take those regional frames.
"""

from __future__ import annotations

import pandas as pd

from .frames import INDEX, result, wide

__all__ = ["POSITIONS", "work_positions", "zzp_share", "register_participation"]

#: 86008NED measure alias → Dutch category of the position shares.
POSITIONS = {"vast_pct": "Vast contract", "flex_pct": "Flexibel contract", "zelfstandig_pct": "Zelfstandig",
             "zzp_pct": "Zzp"}


def work_positions(positions: pd.DataFrame) -> pd.DataFrame:
    """Positie in de werkkring: % of the employed with a permanent contract, a flexible
    contract, self-employed, and zzp (category :data:`POSITIONS`).

    Region value ``sum(werkzaam * pct) / sum(werkzaam)`` over its gemeenten (computed by
    :func:`.aggregate.to_regions_weighted`); unit % van de werkzame beroepsbevolking.
    Zzp is part of Zelfstandig, so the categories do not add up to 100.
    """
    table = wide(positions)[list(POSITIONS)].rename(columns=POSITIONS)
    return result(table.stack(future_stack=True).rename_axis([*INDEX, "category"]), "work_positions")


def zzp_share(positions: pd.DataFrame) -> pd.DataFrame:
    """Aandeel zzp: the Zzp category of :func:`work_positions` as a headline figure."""
    return result(wide(positions)["zzp_pct"], "zzp_share")


def register_participation(counts: pd.DataFrame) -> pd.DataFrame:
    """Netto arbeidsparticipatie (registers): werkzame beroepsbevolking / beroeps- en
    niet-beroepsbevolking * 100, from the summed counts (``werkzaam``, ``bevolking``),
    not from the whole-percent rates CBS shows per gemeente. Unit %."""
    table = wide(counts)
    return result(table["werkzaam"] / table["bevolking"] * 100, "register_participation")
