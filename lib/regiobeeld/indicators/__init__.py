"""Every indicator, computed once for all regions (see :func:`ensure_indicators`).

The public API::

    from regiobeeld.indicators import IndicatorSpec, IndicatorSet, Comparison, SPECS, ensure_indicators
"""

from __future__ import annotations

from .model import NL, Comparison, IndicatorSet, IndicatorSpec
from .specs import SPECS, THEMES, specs_of_theme

__all__ = ["IndicatorSpec", "IndicatorSet", "Comparison", "SPECS", "THEMES", "NL",
           "specs_of_theme", "ensure_indicators", "compute_all"]


def ensure_indicators(settings) -> IndicatorSet:
    """Compute (or load from cache) every indicator; see :func:`.compute.ensure_indicators`."""
    from .compute import ensure_indicators as _ensure
    return _ensure(settings)


def compute_all(store) -> IndicatorSet:
    """Compute every indicator from ``store``; see :func:`.compute.compute_all`."""
    from .compute import compute_all as _compute
    return _compute(store)
