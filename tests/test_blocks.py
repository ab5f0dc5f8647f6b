"""HTML blocks: escaping, source line wording, demo sources never claim CBS."""

from __future__ import annotations

from embedded import svg_images

from regiobeeld.presentation import blocks
from regiobeeld.presentation.blocks import SourceRef

REF = SourceRef("86088NED", "Arbeidsdeelname; regionale indeling 2024", "2024*", "2026-11-22T10:00:00Z")


def test_source_line_cbs():
    assert blocks.source_line([REF]) == (
        "Bron: CBS StatLine, tabel 86088NED (Arbeidsdeelname; regionale indeling 2024), 2024*, "
        "geraadpleegd 22-11-2026; bewerking regiobeeld")


def test_source_line_demo_is_not_cbs():
    demo = SourceRef("86088NED", "Arbeidsdeelname", "2024", "2026-11-22", demo=True)
    line = blocks.source_line([demo], "Noot")
    assert line.startswith("Bron: demonstratiegegevens") and "geen CBS-cijfers" in line and line.endswith(". Noot")


def test_figure_block_escapes_alt_and_embeds_svg():
    block = blocks.figure_block("<svg>ä</svg>", 'a "quote" <b>', "Bron: x", title="T & U")
    assert 'alt="a &quot;quote&quot; &lt;b&gt;"' in block.html
    assert "T &amp; U" in block.html
    assert svg_images(block.html) == ["<svg>ä</svg>"]
    assert block._repr_html_() == block.html


def test_boxes_escape_text_and_urls():
    box = blocks.aanvullen_box("<script>", [("Bron <x>", "https://a.nl/?a=1&b=2")], "Zo.")
    assert "<script>" not in box.html and 'href="https://a.nl/?a=1&amp;b=2"' in box.html
    notice = blocks.notice_box("Niet geladen", "<bestand>")
    assert "&lt;bestand&gt;" in notice.html and notice.text == "Niet geladen: <bestand>"
    assert blocks.DEMO_BANNER_TEXT in blocks.demo_banner().html
