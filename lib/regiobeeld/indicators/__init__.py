"""Every indicator, computed once for all regions (see :func:`ensure_indicators`).

The public API::

    from regiobeeld.indicators import IndicatorSpec, IndicatorSet, Comparison, SPECS, ensure_indicators
"""

from __future__ import annotations

from .compute import compute_all, ensure_indicators, load_indicators, prepare
from .model import NL, Comparison, IndicatorSet, IndicatorSpec
from .specs import SPECS, THEMES, specs_of_theme

__all__ = ["IndicatorSpec", "IndicatorSet", "Comparison", "SPECS", "THEMES", "NL",
           "specs_of_theme", "ensure_indicators", "load_indicators", "compute_all", "prepare"]
