"""Huishoudens en herkomst: one-person households and migration background (70072NED).

Both are shares computed from counts summed over the region's gemeenten (the input
``households``), never the mean of gemeente percentages. 70072NED shows no topic for
single-parent households, so there is no indicator for them.
"""

from __future__ import annotations

import pandas as pd

from .frames import result, wide

__all__ = ["one_person_households", "migration_background"]


def _share(households: pd.DataFrame, part: str, whole: str, indicator: str) -> pd.DataFrame:
    values = wide(households)
    share = (values[part] / values[whole] * 100).dropna()
    return result(share, indicator)


def one_person_households(households: pd.DataFrame) -> pd.DataFrame:
    """Eenpersoonshuishoudens / particuliere huishoudens * 100 (unit %)."""
    return _share(households, "eenpersoons", "huishoudens", "one_person_households")


def migration_background(households: pd.DataFrame) -> pd.DataFrame:
    """Inwoners met een migratieachtergrond / alle inwoners * 100 (unit %); periods
    without values (CBS moved to Herkomstland) are left out, so the series stops at the
    last period with values."""
    return _share(households, "migratieachtergrond", "bevolking", "migration_background")
