"""Charts as tests read them: the SVG a page embeds (from its ``data:`` URI, see
``blocks.svg_data_uri``), the elements an SVG draws, whatever the renderer groups, and the
points a path goes through, whatever commands it is written in."""

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



PATH_TOKEN = re.compile(r"[MmLlHhVv]|-?(?:\d+\.?\d*|\.\d+)")
IMPLIED = {"M": "L", "m": "l"}


def runs(path: str) -> list[list[tuple[float, float]]]:
    """The subpaths of path data made of straight lines (M, L, H, V, absolute or relative,
    a repeated command left out) as lists of absolute points."""
    out: list[list[tuple[float, float]]] = []
    here, command = (0.0, 0.0), ""
    tokens = PATH_TOKEN.findall(path)
    while tokens:
        if tokens[0].isalpha():
            command = tokens.pop(0)
        here = _step(command, here, tokens)
        if command in "Mm":
            out.append([])
        out[-1].append((round(here[0], 6), round(here[1], 6)))
        command = IMPLIED.get(command, command)
    return out


def _step(command: str, here: tuple[float, float], tokens: list[str]) -> tuple[float, float]:
    """Where ``command`` goes from ``here``, taking its numbers from ``tokens``."""
    x, y = here
    if command.upper() == "H":
        value = float(tokens.pop(0))
        return (x + value, y) if command.islower() else (value, y)
    if command.upper() == "V":
        value = float(tokens.pop(0))
        return (x, y + value) if command.islower() else (x, value)
    dx, dy = float(tokens.pop(0)), float(tokens.pop(0))
    return (x + dx, y + dy) if command.islower() else (dx, dy)
