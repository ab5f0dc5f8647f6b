"""How the pages name themselves: this product's analysis, never UWV's own report.

The pages follow the structure of UWV's *Regio in Beeld*; a partner must never take
them for a UWV publication. Every title, heading and running header comes from here.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["PRODUCT", "LINEAGE", "ANALYSIS", "DISCLAIMER", "page_heading", "document_title", "index_title",
           "slugify"]

PRODUCT = "regiobeeld"
LINEAGE = "in de opbouw van Regio in Beeld (UWV)"
ANALYSIS = f"{PRODUCT}-analyse {LINEAGE}"
DISCLAIMER = f"Gemaakt met {PRODUCT} {LINEAGE}; geen publicatie van UWV."


def page_heading(region_name: str, theme_title: str) -> str:
    """``Rijnmond · Aanbod``: the page's heading and running header."""
    return f"{region_name} · {theme_title}"


def document_title(region_name: str, theme_title: str) -> str:
    """``Rijnmond · Aanbod · regiobeeld-analyse in de opbouw van Regio in Beeld (UWV)``."""
    return f"{page_heading(region_name, theme_title)} · {ANALYSIS}"


def index_title(region_name: str = "") -> str:
    """The index's title: the whole bundle, or one region's zip."""
    subject = region_name or "De arbeidsmarktregio's"
    return f"{subject} · {ANALYSIS}"


def slugify(text: str) -> str:
    """``"Zaanstreek/Waterland"`` → ``"zaanstreek-waterland"`` (ASCII, lower case)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
