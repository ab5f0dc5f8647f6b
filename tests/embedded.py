"""Charts as tests read them: the SVG a page embeds (from its ``data:`` URI, see
``blocks.svg_data_uri``) and the elements an SVG draws, whatever the renderer groups."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from urllib.parse import unquote

SVG_URI = re.compile(r'src="data:image/svg\+xml;charset=utf-8,([^"]*)"')
NS = "{http://www.w3.org/2000/svg}"


def svg_images(page: str) -> list[str]:
    """The SVG text of every ``<img>`` chart in ``page`` (HTML), in page order."""
    return [unquote(html.unescape(data)) for data in SVG_URI.findall(page)]


def drawn(svg: str) -> ET.Element:
    """The SVG's root with every ``<g>`` dissolved: its children take its place, each with
    the attributes it inherited from it (an attribute of its own wins)."""
    root = ET.fromstring(svg)
    _dissolve(root)
    return root


def _dissolve(parent: ET.Element) -> None:
    for index, child in reversed(list(enumerate(parent))):
        if child.tag != NS + "g":
            continue
        _dissolve(child)
        parent.remove(child)
        for offset, element in enumerate(child):
            for name, value in child.attrib.items():
                element.attrib.setdefault(name, value)
            parent.insert(index + offset, element)
