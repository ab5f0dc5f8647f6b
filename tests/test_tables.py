"""Dutch HTML tables: formatting, missing values, escaping, source line."""

from __future__ import annotations

import math

import pandas as pd

from regiobeeld.core.formatting import MISSING_FOOTNOTE
from regiobeeld.presentation.blocks import SourceRef
from regiobeeld.presentation.tables import html_table

REF = SourceRef("86088NED", "Arbeidsdeelname; regionale indeling 2024", "2024*", "2026-11-22T10:00:00Z")


def test_numbers_missing_unit_and_source():
    frame = pd.DataFrame({"Gebied": ["Rijnmond", "Nederland"], "2023": [1234.56, math.nan], "2024*": [1300.0, 9876.5]})
    block = html_table(frame, sources=[REF], title="Beroepsbevolking", unit="x 1 000", decimals=1)
    assert "<caption>Beroepsbevolking (x 1 000)</caption>" in block.html
    assert '<td class="rb-num">1.234,6</td>' in block.html
    assert '<td class="rb-num">.</td>' in block.html
    assert MISSING_FOOTNOTE in block.html
    assert "* = voorlopig cijfer" in block.html
    assert ("Bron: CBS StatLine, tabel 86088NED (Arbeidsdeelname; regionale indeling 2024), 2024*, "
            "geraadpleegd 22-11-2026; bewerking regiobeeld") in block.html
    assert '<th scope="row">Rijnmond</th>' in block.html
    assert block.text.splitlines()[2] == "Rijnmond | 1.234,6 | 1.300,0"


def test_no_footnote_without_missing_and_per_column_decimals():
    frame = pd.DataFrame({"Sector": ["A"], "Banen": [12.0], "Aandeel": [3.456]})
    block = html_table(frame, sources=[REF], decimals=[0, 2])
    assert MISSING_FOOTNOTE not in block.html and "voorlopig" not in block.html.split("<figcaption")[0]
    assert '<td class="rb-num">12</td><td class="rb-num">3,46</td>' in block.html


def test_text_is_escaped():
    frame = pd.DataFrame({"<b>": ["<script>x</script>"], "v": [1.0]})
    html = html_table(frame, sources=[REF]).html
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;" in html
