"""Jongeren (15 tot 27 jaar) in een kwetsbare positie, as shares of all young people.

Source 86223NED (measure ``jongeren``, unit aantal, reference month October). Its
dimension keys are confirmed (``Onderwijsvolgend``, ``Arbeidskenmerken``, ``Uitkering``,
``GeregistreerdWerkzoekendeBijUWV``); most member keys and titles are not, so members
are recognised by title (see ``docs/cbs-sources-issue11.md``):

- the total of a dimension is its one member whose title starts with ``Totaal``;
- a dimension without such a member may only be summed over its members when it has
  exactly two, one negated (``niet``/``geen``) — an exclusive, exhaustive pair;
- a wanted member is the one member whose title matches a pattern.

Anything else raises :class:`SchemaError` naming the dimension and its titles, so only
the indicator that needs that member fails.
"""

from __future__ import annotations

import re

import pandas as pd

from ..core.errors import SchemaError
from .frames import INDEX, result, strict_sum

__all__ = ["youth_neet", "youth_benefit", "youth_registered", "DIMENSIONS"]

DIMENSIONS = ("Onderwijsvolgend", "Arbeidskenmerken", "Uitkering", "GeregistreerdWerkzoekendeBijUWV")

_NEGATED = re.compile(r"\b(niet|geen)\b", re.IGNORECASE)
_TOTAL = re.compile(r"^totaal", re.IGNORECASE)


def _titles(frame: pd.DataFrame, dim: str) -> list[str]:
    return sorted(frame[f"{dim}_title"].dropna().unique())


def _member(frame: pd.DataFrame, dim: str, pattern: re.Pattern) -> str:
    """The one title of ``dim`` matching ``pattern`` (totals excluded)."""
    found = [t for t in _titles(frame, dim) if pattern.search(t) and not _TOTAL.match(t)]
    if len(found) != 1:
        raise SchemaError(f"86223NED: dimensie {dim} heeft geen eenduidige categorie voor "
                          f"'{pattern.pattern}' (aanwezig: {', '.join(_titles(frame, dim))}).")
    return found[0]


def _all_of(frame: pd.DataFrame, dim: str) -> list[str]:
    """The titles of ``dim`` that together make its total."""
    titles = _titles(frame, dim)
    totals = [t for t in titles if _TOTAL.match(t)]
    if len(totals) == 1:
        return totals
    if not totals and len(titles) == 2 and sum(bool(_NEGATED.search(t)) for t in titles) == 1:
        return titles
    raise SchemaError(f"86223NED: dimensie {dim} heeft geen totaal (aanwezig: {', '.join(titles)}).")


def _count(frame: pd.DataFrame, chosen: dict[str, list[str]]) -> pd.Series:
    """Strict sum over the rows whose every dimension title is in ``chosen``."""
    mask = pd.Series(True, index=frame.index)
    for dim, titles in chosen.items():
        mask &= frame[f"{dim}_title"].isin(titles)
    return strict_sum(frame[mask], INDEX)


def _share(frame: pd.DataFrame, wanted: dict[str, re.Pattern], indicator: str) -> pd.DataFrame:
    totals = {dim: _all_of(frame, dim) for dim in DIMENSIONS if dim not in wanted}
    part = {**totals, **{dim: [_member(frame, dim, p)] for dim, p in wanted.items()}}
    whole = {**totals, **{dim: _all_of(frame, dim) for dim in wanted}}
    return result(_count(frame, part) / _count(frame, whole) * 100, indicator)


def youth_neet(frame: pd.DataFrame) -> pd.DataFrame:
    """Jongeren zonder onderwijs en zonder werk: young people neither in education nor
    working / all young people 15-27 * 100 (unit %)."""
    wanted = {"Onderwijsvolgend": _NEGATED, "Arbeidskenmerken": re.compile(r"niet[- ]?werkzaam", re.IGNORECASE)}
    return _share(frame, wanted, "youth_neet")


def youth_benefit(frame: pd.DataFrame) -> pd.DataFrame:
    """Jongeren met een uitkering: young people with a social security benefit / all * 100."""
    return _share(frame, {"Uitkering": re.compile(r"^met\b", re.IGNORECASE)}, "youth_benefit")


def youth_registered(frame: pd.DataFrame) -> pd.DataFrame:
    """Jongeren ingeschreven bij UWV: registered job seekers at UWV / all * 100."""
    return _share(frame, {"GeregistreerdWerkzoekendeBijUWV": re.compile(r"^geregistreerd", re.IGNORECASE)},
                  "youth_registered")
