"""HTML building blocks shown in notebooks and carried into the HTML bundle.

Every block is an :class:`HTMLBlock`: an object Jupyter displays as HTML (with a plain
text fallback). All text from data or files is escaped here, so a name containing
``<script>`` renders as text.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field

from ..core.formatting import format_date, format_period

__all__ = ["HTMLBlock", "SourceRef", "source_line", "source_refs", "figure_block", "aanvullen_box",
           "notice_box", "demo_banner", "escape", "svg_data_uri", "DEMO_BANNER_TEXT", "INDICATORS_MIME", "PAGE_MIME"]

#: The private MIME types a page uses to hand its figures and page facts to the runner.
INDICATORS_MIME = "application/vnd.regiobeeld.indicators+json"
PAGE_MIME = "application/vnd.regiobeeld.page+json"

DEMO_BANNER_TEXT = "Demonstratiegegevens, geen CBS-cijfers"


def escape(text: object) -> str:
    """HTML-escape any value (quotes included)."""
    return html.escape(str(text), quote=True)


@dataclass(frozen=True)
class HTMLBlock:
    """A piece of HTML with a plain-text fallback, displayable in Jupyter.

    A block built from figures keeps them: :attr:`data` is the tidy frame behind it
    (built when first asked for) and :attr:`chart` the chart object of a figure.
    """

    html: str
    text: str = ""
    chart: object = field(default=None, compare=False, repr=False)
    data_source: Callable | None = field(default=None, compare=False, repr=False)

    @property
    def data(self):
        """The tidy frame behind this block (``None`` for a block without figures)."""
        return self.data_source() if self.data_source is not None else None

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:  # what papermill logs and plain-text viewers show
        return self.text or "HTMLBlock"

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class SourceRef:
    """One source behind a figure or table."""

    table_id: str
    title: str
    periods: str          # e.g. "2024*" or "2016–2024*"
    retrieved: str        # ISO date/time the data were downloaded
    demo: bool = False
    publisher: str = "CBS StatLine"


def source_line(sources: list[SourceRef] | tuple[SourceRef, ...], note: str = "") -> str:
    """The Dutch source line (plain text), e.g. ``Bron: CBS StatLine, tabel 86088NED (…), 2024,
    geraadpleegd 22-11-2026; bewerking regiobeeld``. Demo data never claim CBS as source."""
    parts = []
    demo = any(s.demo for s in sources)
    for s in sources:
        kind = "tabel" if s.publisher == "CBS StatLine" else ""
        label = f"{kind} {s.table_id}".strip()
        parts.append(f"{label} ({s.title}), {s.periods}, geraadpleegd {format_date(s.retrieved)}")
    if demo:
        head = "Bron: demonstratiegegevens in de vorm van CBS StatLine-"
        text = head + ("; ".join(parts)) + " — geen CBS-cijfers"
    else:
        publishers = sorted({s.publisher for s in sources})
        text = f"Bron: {', '.join(publishers)}, " + "; ".join(parts) + "; bewerking regiobeeld"
    return text + (f". {note}" if note else "")


def source_refs(data, indicator: str) -> list[SourceRef]:
    """One :class:`SourceRef` per table behind ``indicator`` that is in ``data.sources`` (an
    :class:`~regiobeeld.indicators.IndicatorSet`). The indicator's own table (the first)
    carries the span of periods shown; a table it only divides by or takes a base from
    (the labour force of WW, today's inhabitants of the forecast) carries its own span."""
    shown = data.periods(indicator) if data.has(indicator) else []
    refs = []
    for number, table_id in enumerate(data.spec(indicator).tables):
        meta = data.sources.get(table_id)
        if meta is None:
            continue
        if number == 0:
            span = _span(shown, lambda period: data.period_status(indicator, period))
        else:
            span = _span(sorted(meta.period_status), meta.period_status.get)
        refs.append(SourceRef(table_id=table_id, title=meta.title, periods=span,
                              retrieved=meta.retrieved, demo=meta.demo))
    return refs


def _span(periods: list[str], status_of) -> str:
    """``2016–2024*`` for ascending period keys (the last with its status); one period alone."""
    if not periods:
        return ""
    last = format_period(periods[-1], status_of(periods[-1]) or "")
    return last if len(periods) == 1 else f"{format_period(periods[0])}–{last}"


#: What an SVG text cannot keep as it is inside a ``data:`` URI in a double-quoted HTML
#: attribute: the URI's escape and fragment marks, the quote, character references, and
#: the tabs and newlines a URL parser drops.
_URI_ESCAPES = str.maketrans({c: f"%{ord(c):02X}" for c in '%#"&\t\n\r'})


def svg_data_uri(svg: str) -> str:
    """``svg`` as a ``data:`` URI for ``<img src="…">``: its UTF-8 text with only the
    characters in :data:`_URI_ESCAPES` percent-encoded (base64 would add a third). The
    image stays a document of its own, so its ids and styles never meet the page's."""
    return "data:image/svg+xml;charset=utf-8," + svg.translate(_URI_ESCAPES)


def figure_block(svg: str, alt: str, caption: str, title: str = "") -> HTMLBlock:
    """A chart as an embedded SVG image with alt text and a source caption."""
    heading = f'<p class="rb-figure-title">{escape(title)}</p>' if title else ""
    body = (
        f'<figure class="rb-figure">{heading}'
        f'<img src="{svg_data_uri(svg)}" alt="{escape(alt)}" role="img">'
        f'<figcaption class="rb-source">{escape(caption)}</figcaption></figure>'
    )
    return HTMLBlock(body, f"[Figuur: {alt}]\n{caption}")


def aanvullen_box(missing: str, sources: list[tuple[str, str]], how: str) -> HTMLBlock:
    """The *aanvullen* box: what is missing, the Bijlage-1 sources (name, url), how to add it."""
    items = "".join(
        f'<li><a href="{escape(url)}">{escape(name)}</a></li>' for name, url in sources
    )
    body = (
        '<aside class="rb-box rb-aanvullen" role="note">'
        '<p class="rb-box-title">Aanvullen</p>'
        f"<p><strong>Wat ontbreekt:</strong> {escape(missing)}</p>"
        f"<p><strong>Bronnen (Bijlage 1 van de handreiking):</strong></p><ul>{items}</ul>"
        f"<p><strong>Zo vult u het aan:</strong> {escape(how)}</p></aside>"
    )
    text = f"Aanvullen — ontbreekt: {missing}. Bronnen: " + ", ".join(n for n, _ in sources) + f". {how}"
    return HTMLBlock(body, text)


def notice_box(title: str, message: str, kind: str = "warning") -> HTMLBlock:
    """A short styled notice, e.g. *Niet geladen* for a bad file or a failed source.
    ``message`` is shown without local paths, URLs and commands (see :mod:`.readertext`)."""
    from ..core.readertext import for_reader

    message = for_reader(message)
    body = (
        f'<aside class="rb-box rb-{escape(kind)}" role="note">'
        f'<p class="rb-box-title">{escape(title)}</p><p>{escape(message)}</p></aside>'
    )
    return HTMLBlock(body, f"{title}: {message}")


def demo_banner() -> HTMLBlock:
    """The banner every page built from demonstration data shows."""
    body = (
        '<div class="rb-demo-banner" role="alert" style="background:#FFF4E0;color:#8A4B00;'
        'border:2px solid #8A4B00;padding:.5rem .75rem;margin:.5rem 0"><strong>'
        f"{DEMO_BANNER_TEXT}</strong>: deze pagina is gemaakt met de ingebouwde "
        "demonstratiegegevens van regiobeeld. De getallen zijn verzonnen en mogen niet als "
        "cijfers van CBS of een regio worden gebruikt.</div>"
    )
    return HTMLBlock(body, DEMO_BANNER_TEXT)
