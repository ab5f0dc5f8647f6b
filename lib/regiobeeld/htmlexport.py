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
from functools import partial
from pathlib import Path

__all__ = [
    "TEMPLATES_DIR", "PAGE_TEMPLATE", "INDICATORS_MIME", "PAGE_MIME", "PageContext",
    "PageExporter", "strip_for_html", "page_outputs", "house_css", "document_title",
]

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
PAGE_TEMPLATE = "regiobeeld-page"
INDICATORS_MIME = "application/vnd.regiobeeld.indicators+json"
PAGE_MIME = "application/vnd.regiobeeld.page+json"
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
    demo: bool = False
    rendered: str = ""              # Dutch date of the render
    version: str = ""
    extra: dict = field(default_factory=dict)


def document_title(region_name: str, title: str) -> str:
    """``Regio in Beeld · Rijnmond · Aanbod``."""
    return f"Regio in Beeld · {region_name} · {title}"


def house_css() -> str:
    """The inline stylesheet shared by pages and index."""
    return (TEMPLATES_DIR / "regiobeeld.css").read_text(encoding="utf-8")


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
    if not data or any(mime.startswith(PRIVATE_MIME_PREFIX) for mime in data):
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
        self._css = house_css()

    def export(self, nb, context: PageContext) -> str:
        """Render ``nb`` (an executed notebook) as a complete HTML document."""
        import nbformat

        from .blocks import DEMO_BANNER_TEXT

        node = nbformat.from_dict(strip_for_html(nb))
        banner_shown = _contains_text(node, DEMO_BANNER_TEXT)
        resources = {"regiobeeld": {
            "document_title": document_title(context.region_name, context.title),
            "region": context.region, "region_name": context.region_name,
            "title": context.title, "nav": list(context.nav), "rendered": context.rendered,
            "version": context.version, "css": self._css,
            "add_demo_banner": context.demo and not banner_shown, "demo_text": DEMO_BANNER_TEXT,
        }}
        html, _ = self._exporter.from_notebook_node(node, resources=resources)
        return html


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
