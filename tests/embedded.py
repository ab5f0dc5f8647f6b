"""The SVG charts a page embeds, read back from their ``data:`` URIs (see ``blocks.svg_data_uri``)."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

SVG_URI = re.compile(r'src="data:image/svg\+xml;charset=utf-8,([^"]*)"')


def svg_images(page: str) -> list[str]:
    """The SVG text of every ``<img>`` chart in ``page`` (HTML), in page order."""
    return [unquote(html.unescape(data)) for data in SVG_URI.findall(page)]
