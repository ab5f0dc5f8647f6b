"""The page exporter: code-free, parameter-free, offline HTML from an executed notebook."""

from __future__ import annotations

import base64
import re

import nbformat
import pytest
from embedded import svg_images
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from regiobeeld.batch.htmlexport import (
    INDICATORS_MIME,
    PAGE_MIME,
    PageContext,
    PageExporter,
    add_section_anchors,
    css_string,
    document_title,
    drop_private,
    page_outputs,
    print_css,
    strip_for_html,
)

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\nfake-png-bytes").decode()
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
RECORD = {"region": "AM22", "theme": "aanbod", "indicator": "population", "label": "Inwoners",
          "category": "", "period": "2024JJ00", "value": 1234.5, "unit": "aantal",
          "source_table": "70072NED", "level": "GM→AM"}


def executed_notebook(banner: bool = False):
    """What papermill leaves behind: parameters, injected parameters, streams, private data."""
    params = new_code_cell('regio = "AM22"', metadata={"tags": ["parameters"]})
    injected = new_code_cell('# Parameters\nregio = "AM05"\n', metadata={"tags": ["injected-parameters"]})
    injected.outputs = [new_output("stream", name="stdout", text="injected-output")]
    body = new_code_cell("make_page()")
    html = "<p>Tabel <b>werkloosheid</b></p>"
    if banner:
        html += '<div class="rb-demo-banner"><strong>Demonstratiegegevens, geen CBS-cijfers</strong></div>'
    body.outputs = [
        new_output("stream", name="stdout", text="stdout-noise"),
        new_output("stream", name="stderr", text="stderr-noise"),
        new_output("display_data", data={"text/html": html, "text/plain": "<HTML>"}),
        new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"}),
        new_output("display_data", data={"image/svg+xml": SVG, "text/plain": "<SVG>"}),
        new_output("execute_result", data={"text/plain": "42"}, execution_count=3),
    ]
    last = new_code_cell("show_private()")
    last.outputs = [
        new_output("display_data", data={INDICATORS_MIME: [RECORD], "text/plain": "indicator-fallback"}),
        new_output("display_data", data={PAGE_MIME: {"region": "AM22", "demo": True}, "text/plain": "page-fallback"}),
        new_output("error", ename="ValueError", evalue="boom", traceback=["Traceback: boom"]),
    ]
    nb = new_notebook(cells=[params, injected, new_markdown_cell("# Aanbod\n\nTekst met *nadruk*."), body, last])
    nb.metadata["papermill"] = {"parameters": {"regio": "AM22"}, "input_path": "x.ipynb"}
    return nb


@pytest.fixture(scope="module")
def exporter():
    return PageExporter()


def context(demo=True):
    nav = ({"title": "Kerncijfers", "href": "00_kerncijfers.html", "current": False},
           {"title": "Aanbod", "href": "10_aanbod.html", "current": True})
    return PageContext(region="AM22", region_name="Rijnmond", title="Aanbod", nav=nav, demo=demo,
                       rendered="22-11-2026 20:00", version="0.1.0", stem="10_aanbod")


def test_strip_keeps_only_markdown_and_visible_outputs():
    stripped = strip_for_html(executed_notebook())
    kinds = [cell["cell_type"] for cell in stripped["cells"]]
    assert kinds == ["markdown", "code"]
    outputs = stripped["cells"][1]["outputs"]
    assert [list(o["data"])[0] for o in outputs] == ["text/html", "image/png", "image/svg+xml", "text/plain"]
    assert stripped["metadata"] == {}
    assert all(cell["source"] == "" for cell in stripped["cells"] if cell["cell_type"] == "code")


def test_page_outputs_returns_records_and_page_info():
    records, page = page_outputs(executed_notebook())
    assert records == [RECORD]
    assert page == {"region": "AM22", "demo": True}


def test_drop_private_removes_only_the_runners_outputs():
    nb = executed_notebook()
    drop_private(nb)
    assert page_outputs(nb) == ([], {})
    assert [o.get("ename") for o in nb.cells[-1].outputs] == ["ValueError"]
    assert strip_for_html(nb) == strip_for_html(executed_notebook())


def test_page_has_no_code_parameters_streams_errors_or_private_data(exporter):
    html = exporter.export(executed_notebook(), context())
    for leaked in ("regio =", "AM05", "injected", "papermill", "stdout-noise", "stderr-noise",
                   "indicator-fallback", "page-fallback", "Traceback", "boom", "make_page",
                   "In&nbsp;[", "In [", "application/vnd.regiobeeld"):
        assert leaked not in html, leaked


def test_page_is_dutch_titled_and_navigable(exporter):
    html = exporter.export(executed_notebook(), context())
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="nl">' in html
    title = "Rijnmond · Aanbod · regiobeeld-analyse in de opbouw van Regio in Beeld (UWV)"
    assert f"<title>{title}</title>" in html
    assert document_title("Rijnmond", "Aanbod") == title
    assert "geen publicatie van UWV" in html
    assert '<a href="00_kerncijfers.html">Kerncijfers</a>' in html
    assert '<span aria-current="page">Aanbod</span>' in html
    assert 'href="../index.html"' in html
    assert "<h1>Aanbod</h1>" in html and "<em>nadruk</em>" in html
    assert "<pre class=\"rb-plain\">42</pre>" in html


def test_images_are_embedded_as_data_uris(exporter):
    html = exporter.export(executed_notebook(), context())
    sources = re.findall(r'<img[^>]+src="([^"]+)"', html)
    assert sources[0] == f"data:image/png;base64,{PNG}"
    assert svg_images(html) == [SVG]


def test_page_loads_no_external_resource(exporter):
    html = exporter.export(executed_notebook(), context())
    assert "<script" not in html
    assert "<link" not in html
    assert not re.search(r'(src|href)\s*=\s*["\']?(https?:)?//', html)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html)
    assert "@import" not in html and "@font-face" not in html


def without_styles(html: str) -> str:
    return re.sub(r"<style.*?</style>", "", html, flags=re.DOTALL)


def test_demo_banner_added_only_when_the_notebook_lacks_it(exporter):
    added = exporter.export(executed_notebook(banner=False), context(demo=True))
    assert without_styles(added).count("Demonstratiegegevens, geen CBS-cijfers") == 1
    shown = exporter.export(executed_notebook(banner=True), context(demo=True))
    assert without_styles(shown).count("Demonstratiegegevens, geen CBS-cijfers") == 1
    real = exporter.export(executed_notebook(banner=False), context(demo=False))
    assert "Demonstratiegegevens" not in real


def test_text_from_context_is_escaped(exporter):
    ctx = PageContext(region="AM22", region_name="<script>x</script>", title="A&B")
    html = exporter.export(nbformat.from_dict(strip_for_html(executed_notebook())), ctx)
    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "A&amp;B" in html


def test_print_stylesheet_keeps_figures_whole(exporter):
    html = exporter.export(executed_notebook(), context())
    assert "@media print" in html and "size: A4" in html
    assert re.search(r"figure[^{]*\{[^}]*break-inside: avoid", html)


def test_printed_pages_carry_region_theme_page_number_and_the_demo_banner(exporter):
    html = exporter.export(executed_notebook(), context())
    assert '<body class="rb-print-10-aanbod">' in html
    assert ".rb-print-10-aanbod { page: rb-print-10-aanbod; }" in html
    assert '@top-left { content: "Rijnmond · Aanbod"; }' in html
    assert 'counter(page) " van " counter(pages)' in html
    assert '@top-right { content: "Demonstratiegegevens, geen CBS-cijfers"' in html
    real = exporter.export(executed_notebook(), context(demo=False))
    assert "@top-right { content" not in real and "Demonstratiegegevens" not in real


def test_print_header_text_cannot_break_out_of_its_string_or_style():
    css = print_css("x", 'Zaan"streek</style><script>', demo=False)
    assert "</style>" not in css and "<script>" not in css
    assert css_string('a"b\\c') == '"a\\22 b\\5C c"'


def test_sections_get_anchors_and_a_table_of_contents(exporter):
    nb = executed_notebook()
    nb.cells.insert(3, new_markdown_cell("## Bevolking en groei\n\nTekst."))
    nb.cells.insert(4, new_markdown_cell("## Bevolking en groei\n\n## Re-integratie *en* participatie\n\n## A & B"))
    html = exporter.export(nb, context())
    assert '<h2 id="bevolking-en-groei">Bevolking en groei</h2>' in html
    assert '<h2 id="bevolking-en-groei-2">' in html
    toc = re.search(r'<nav class="rb-toc" aria-label="Op deze pagina">.*?</nav>', html).group(0)
    assert re.findall(r'href="#([^"]+)"', toc) == ["bevolking-en-groei", "bevolking-en-groei-2",
                                                   "re-integratie-en-participatie", "a-b"]
    assert ">Re-integratie en participatie</a>" in toc and ">A &amp; B</a>" in toc


def test_table_of_contents_follows_the_page_heading(exporter):
    nb = executed_notebook()
    heading = new_code_cell("page.header()")
    heading.outputs = [new_output("display_data", data={
        "text/html": '<header class="rb-header"><h1>Rijnmond · Aanbod</h1></header>', "text/plain": "x"})]
    nb.cells[2:2] = [heading, new_markdown_cell("## Een")]
    html = without_styles(exporter.export(nb, context()))
    assert re.search(r'<h1>Rijnmond · Aanbod</h1></header><nav class="rb-toc".*?</nav>', html)
    assert html.index("rb-toc") < html.index('<h2 id="een">')
    assert "<!-- rb-toc -->" not in html
    assert add_section_anchors("<h2>Een</h2>")[1] == [{"id": "een", "title": "Een"}]


def test_jump_to_the_same_theme_in_another_region(exporter):
    regions = ({"code": "AM05", "name": "Twente", "href": "../AM05-twente/10_aanbod.html"},)
    html = exporter.export(executed_notebook(), PageContext(
        region="AM22", region_name="Rijnmond", title="Aanbod", regions=regions, stem="10_aanbod"))
    assert "<summary>Aanbod in een andere regio</summary>" in html
    assert '<a href="../AM05-twente/10_aanbod.html">Twente</a>' in html
    alone = exporter.export(executed_notebook(), context())
    assert "rb-jump" not in alone.split("</style>")[-1]
