"""The house style: one palette for every chart (drawn by :mod:`regiobeeld.presentation.charts`).

The CBS *koel* palette is the starting point, but CBS cyan, yellow, apple green and
orange fall below 3:1 contrast on white (WCAG 2.1 SC 1.4.11), so each colour here is a
darker variant that passes; ``tests/test_style.py`` checks every one.
"""

from __future__ import annotations

__all__ = ["PALETTE", "REGION", "NEIGHBOURS", "NATIONAL", "MUTED", "HIGHLIGHT",
           "contrast_ratio"]

#: Categorical colours, in order of use; all ≥ 3:1 on white.
PALETTE = (
    "#0058B8",  # CBS blue
    "#AF0E80",  # CBS magenta
    "#007A99",  # CBS cyan, darkened
    "#3F7A16",  # CBS green, darkened
    "#B35C00",  # CBS orange, darkened
    "#271D6C",  # CBS corporate dark blue
    "#5B5B5B",  # neutral grey
)
REGION = "#0058B8"      # the region of the page
NATIONAL = "#271D6C"    # Nederland
NEIGHBOURS = "#767676"  # the neighbouring regions (grey, 4.5:1)
MUTED = "#8C8C8C"       # secondary bars (e.g. non-crucial sectors); used with a pattern or label
HIGHLIGHT = "#AF0E80"   # emphasis (e.g. crucial sectors)


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(foreground: str, background: str = "#FFFFFF") -> float:
    """WCAG 2.1 contrast ratio of two ``#RRGGBB`` colours."""
    hi, lo = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
