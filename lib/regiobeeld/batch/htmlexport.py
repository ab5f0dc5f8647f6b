"""Export an executed notebook to one offline, code-free HTML page of the bundle.

nbconvert's own HTML templates load require.js and MathJax from a CDN, carry about
300 KB of CSS and show code. This module uses nbconvert's template machinery with the
small ``regiobeeld-page`` template (``templates/``): only markdown and displayed
outputs, no prompts, no parameters cells, no streams or errors, no
``application/vnd.regiobeeld.*`` data, images embedded, one inline stylesheet.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache, partial
from html import unescape
from pathlib import Path

from ..core.naming import ANALYSIS, document_title, page_heading, slugify
from ..presentation.blocks import DEMO_BANNER_TEXT, INDICATORS_MIME, PAGE_MIME, escape, svg_data_uri

__all__ = [
    "TEMPLATES_DIR", "PAGE_TEMPLATE", "INDICATORS_MIME", "PAGE_MIME", "PageContext",
    "PageExporter", "strip_for_html", "page_outputs", "drop_private", "house_css", "document_title",
    "print_css", "print_page_name", "add_section_anchors",
]

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
PAGE_TEMPLATE = "regiobeeld-page"
PRIVATE_MIME_PREFIX = "application/vnd.regiobeeld."
HIDDEN_TAGS = frozenset({"parameters", "injected-parameters", "remove-cell", "remove_cell"})
#: Richest first; only the first type an output has is rendered.
DISPLAY_PRIORITY = ["text/html", "image/svg+xml", "image/png", "image/jpeg", "text/markdown", "text/plain"]


@dataclass(frozen=True)
class PageContext:
    """What the page template needs besides the notebook."""

    region: str
    region_name: str
    title: str                      # the theme title, e.g. "Aanbod"
    nav: tuple[dict, ...] = ()      # {title, href, current, failed} per theme page of the region
    regions: tuple[dict, ...] = ()  # {code, name, href}: the same theme in the bundle's other regions
    stem: str = ""                  # the page's file stem, e.g. "10_aanbod" (names its printed pages)
    demo: bool = False
    rendered: str = ""              # Dutch date of the render
    version: str = ""
    extra: dict = field(default_factory=dict)


def house_css() -> str:
    """The inline stylesheet shared by pages and index."""
    return (TEMPLATES_DIR / "regiobeeld.css").read_text(encoding="utf-8")


def print_page_name(stem: str) -> str:
    """The CSS page name of one theme's printed pages: ``10_aanbod`` → ``rb-print-10-aanbod``."""
    return f"rb-print-{slugify(stem) or 'pagina'}"


def print_css(stem: str, heading: str, demo: bool) -> str:
    """The running header and footer of one theme's printed A4 pages: region and theme,
    the demo banner on every page when ``demo``, and the page number."""
    name = print_page_name(stem)
    banner = (f"@top-right {{ content: {css_string(DEMO_BANNER_TEXT)}; color: #8A4B00; font-weight: bold; }}"
              if demo else "")
    return (f".{name} {{ page: {name}; }}\n"
            f"@page {name} {{ @top-left {{ content: {css_string(heading)}; }} {banner}"
            f" @bottom-left {{ content: {css_string(ANALYSIS)}; }}"
            ' @bottom-right { content: "pagina " counter(page) " van " counter(pages); } }')


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string that is also safe inside an HTML ``<style>`` element."""
    escaped = "".join(c if c.isalnum() or c in " ·,.'()-/" else f"\\{ord(c):X} " for c in text)
    return f'"{escaped}"'


_H2 = re.compile(r"<h2>(.*?)</h2>", re.DOTALL)


def add_section_anchors(html: str) -> tuple[str, list[dict]]:
    """Give every ``<h2>`` section heading an ``id``; return the HTML and the table of
    contents ``[{id, title}]``."""
    toc: list[dict] = []
    seen: set[str] = set()

    def anchor(match: re.Match) -> str:
        title = " ".join(unescape(_TAG.sub("", match.group(1))).split())
        base = slugify(title) or "sectie"
        ident, n = base, 2
        while ident in seen:
            ident, n = f"{base}-{n}", n + 1
        seen.add(ident)
        toc.append({"id": ident, "title": title})
        return f'<h2 id="{ident}">{match.group(1)}</h2>'

    return _H2.sub(anchor, html), toc


def page_outputs(nb) -> tuple[list[dict], dict]:
    """The indicator records and page info the notebook displayed (its private mime types)."""
    records: list[dict] = []
    page: dict = {}
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if INDICATORS_MIME in data:
                records.extend(data[INDICATORS_MIME])
            if PAGE_MIME in data:
                page = data[PAGE_MIME]
    # Plain dicts: these travel to the main process, and unpickling nbformat's
    # NotebookNodes cost it seconds per batch.
    return json.loads(json.dumps(records)), json.loads(json.dumps(page))


def drop_private(nb) -> None:
    """Remove the outputs that carry the runner's private data from ``nb`` (in place): the
    saved notebook then holds only what a reader sees (the records went elsewhere)."""
    for cell in nb.get("cells", []):
        if "outputs" in cell:
            cell["outputs"] = [output for output in cell["outputs"] if not _is_private(output)]


def _is_private(output: dict) -> bool:
    return any(mime.startswith(PRIVATE_MIME_PREFIX) for mime in output.get("data", {}))


def strip_for_html(nb) -> dict:
    """A minimal notebook for the page: no parameters cells, code, streams, errors or
    private data, and no metadata (papermill's parameters stay out of the HTML)."""
    cells = []
    for cell in nb.get("cells", []):
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & HIDDEN_TAGS:
            continue
        if cell.get("cell_type") == "markdown":
            cells.append({"id": f"c{len(cells)}", "cell_type": "markdown", "metadata": {},
                          "source": cell.get("source", "")})
        elif cell.get("cell_type") == "code":
            outputs = [kept for output in cell.get("outputs", []) if (kept := _keep_output(output))]
            if outputs:
                cells.append({"id": f"c{len(cells)}", "cell_type": "code", "metadata": {}, "source": "",
                              "execution_count": None, "outputs": outputs})
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}


def _keep_output(output: dict) -> dict | None:
    if output.get("output_type") not in ("display_data", "execute_result"):
        return None
    data = output.get("data", {})
    if not data or _is_private(output):
        return None   # private data for the runner; its text/plain is only a fallback
    return {"output_type": "display_data", "data": data, "metadata": output.get("metadata", {})}


class PageExporter:
    """Reusable exporter (build once per process: loading the template costs time)."""

    def __init__(self) -> None:
        from nbconvert.exporters.templateexporter import TemplateExporter
        from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

        self._exporter = TemplateExporter(
            template_name=PAGE_TEMPLATE, template_file="index.html.j2",
            extra_template_basedirs=[str(TEMPLATES_DIR)],
            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
        )
        self._exporter.display_data_priority = list(DISPLAY_PRIORITY)
        self._exporter.register_filter("rb_markdown", partial(_markdown, MarkdownWithMath, IPythonRenderer))
        self._exporter.register_filter("svg_data_uri", svg_data_uri)
        self._css = house_css()

    @classmethod
    @cache
    def shared(cls) -> PageExporter:
        """This process's exporter (a forked worker inherits its parent's)."""
        return cls()

    def export(self, nb, context: PageContext) -> str:
        """Render ``nb`` (an executed notebook) as a complete HTML document."""
        import nbformat

        node = nbformat.from_dict(strip_for_html(nb))
        banner_shown = _contains_text(node, DEMO_BANNER_TEXT)
        heading = page_heading(context.region_name, context.title)
        resources = {"regiobeeld": {
            "document_title": document_title(context.region_name, context.title),
            "region": context.region, "region_name": context.region_name,
            "title": context.title, "nav": list(context.nav), "regions": list(context.regions),
            "rendered": context.rendered, "version": context.version, "css": self._css,
            "print_css": print_css(context.stem or context.title, heading, context.demo),
            "print_class": print_page_name(context.stem or context.title),
            "add_demo_banner": context.demo and not banner_shown, "demo_text": DEMO_BANNER_TEXT,
            "lineage": ANALYSIS,
        }}
        html, _ = self._exporter.from_notebook_node(node, resources=resources)
        html, toc = add_section_anchors(html)
        return _place_toc(html, _toc_html(toc))


TOC_MARKER = "<!-- rb-toc -->"
_PAGE_HEADER_END = re.compile(r'<header class="rb-header">.*?</header>', re.DOTALL)


def _place_toc(html: str, toc: str) -> str:
    """The table of contents goes right under the page's own heading (``page.header()``),
    or at the top of the page when it has none."""
    html = html.replace(TOC_MARKER, "" if _PAGE_HEADER_END.search(html) else toc, 1)
    return _PAGE_HEADER_END.sub(lambda m: m.group(0) + toc, html, count=1)


def _toc_html(toc: list[dict]) -> str:
    if not toc:
        return ""
    items = "".join(f'<li><a href="#{entry["id"]}">{escape(entry["title"])}</a></li>' for entry in toc)
    return f'<nav class="rb-toc" aria-label="Op deze pagina"><p>Op deze pagina</p><ul>{items}</ul></nav>'


def _markdown(markdown_cls, renderer_cls, source: str) -> str:
    renderer = renderer_cls(escape=False, exclude_anchor_links=True, anchor_link_text="")
    return markdown_cls(renderer=renderer).render(source)


_TAG = re.compile(r"<[^>]+>")


def _contains_text(nb, text: str) -> bool:
    for cell in nb.cells:
        if text in cell.get("source", ""):
            return True
        for output in cell.get("outputs", []):
            if any(text in _TAG.sub("", str(value)) for value in output.get("data", {}).values()):
                return True
    return False
