"""A tiny SVG renderer for the house-style charts: shapes, text, hatching, nice scales.

About a hundred times faster than matplotlib for our simple charts, and the output is
small, crisp in print and deterministic (same input, byte-identical SVG), so unchanged
pages stay identical for incremental rebuilds. Text stays ``<text>`` and is always
escaped; the SVG holds no external references (no fonts, links or images).

Compact, as every page carries dozens of charts: shapes with one decimal (a tenth of a
pixel at the drawn size; text keeps two, as Chromium snaps a glyph's origin to whole
pixels and a rounded position can move a label by one) and no leading zero, colours in
three digits where that is the same colour, no attribute that repeats a default (stroke
width 1, the document's font size), lines as ``<path>`` (consecutive solid lines of one
style as one path, in the shortest of absolute, relative, H and V commands), the style a
run of elements shares written once on a ``<g>``, and single quotes, which a ``data:`` URI
and JSON keep as they are. Bars stay ``<rect>``s and dashed lines and polylines stay
paths of their own: joined, their edges and overlaps would be anti-aliased differently.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass

__all__ = ["Canvas", "Chart", "Scale", "nice_ticks", "text_width", "FONT_FAMILY", "HATCHES"]

FONT_FAMILY = "DejaVu Sans,Verdana,Arial,sans-serif"
FONT_SIZE = 12      # the document's; a text of another size says so
#: Hatch kinds (matplotlib's spelling, so call sites read the same): lines, dots, crosses, circles.
HATCHES = ("", "///", "...", "xxx", "\\\\\\", "ooo")
_HATCH_NAMES = {"/": "diagonal", "\\": "backdiagonal", "x": "cross", ".": "dots", "o": "rings"}
_NARROW = set(".,:;!|'il1 ()[]-*jtfrI")
_WIDE = set("mwMW◆%@")


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated width in px of ``text`` at font ``size`` (DejaVu Sans-like metrics)."""
    em = sum(0.33 if c in _NARROW else 0.9 if c in _WIDE else 0.72 if c.isupper() else 0.6 for c in text)
    return em * size * (1.08 if bold else 1.0)


def _num(value: float, places: int = 1) -> str:
    """A coordinate with at most ``places`` decimals, no trailing zeros and no leading zero
    (``.5``, ``-.5``: small, stable output)."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else short_number(text)


def short_number(text: str) -> str:
    """A written number without its leading zero (``.5``, ``-.5``)."""
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


_LONG_COLOUR = re.compile(r"#([0-9A-Fa-f])\1([0-9A-Fa-f])\2([0-9A-Fa-f])\3\b")


def short_colours(text: str) -> str:
    """Every ``#RRGGBB`` in ``text`` in three digits where each pair repeats a digit
    (``#FFFFFF`` → ``#FFF``; ``#FFFFFFAA`` stays as it is)."""
    return _LONG_COLOUR.sub(r"#\1\2\3", text)


def _in_tenths(value: float) -> int:
    """``value`` in whole tenths, rounded as :func:`_num` rounds it."""
    return int(f"{value:.1f}".replace(".", ""))


def _tenths(value: int) -> str:
    """A number given in tenths, written as :func:`_num` writes it."""
    whole, tenth = divmod(abs(value), 10)
    text = (str(whole) if whole else "") + (f".{tenth}" if tenth else "")
    return ("-" + text if value < 0 else text) or "0"


#: After a moveto, a pair without a command is a lineto; after any other command, the same again.
_IMPLIED = {"M": "L", "m": "l"}


def _path_data(runs) -> str:
    """Path data through each run of points (a subpath each), in the shortest form: per step
    the absolute or the relative command, H or V for a level or plumb step, no command
    letter where the one before implies it. Relative steps are exact: they are computed
    in whole tenths, the precision of every coordinate."""
    out, last, implied, here = [], "", "", (0, 0)
    for run in runs:
        for index, (x, y) in enumerate((_in_tenths(x), _in_tenths(y)) for x, y in run):
            options = [path_command(letter, [_tenths(n) for n in numbers], implied, last)
                       for letter, numbers in _steps(here, (x, y), index == 0)]
            text, last, implied = min(options, key=lambda option: len(option[0]))
            out.append(text)
            here = (x, y)
    return "".join(out)


def _steps(here: tuple[int, int], there: tuple[int, int], move: bool) -> list[tuple[str, list[int]]]:
    """The commands (absolute and relative) that go from ``here`` to ``there``, in tenths."""
    (x0, y0), (x, y) = here, there
    if move:
        return [("M", [x, y]), ("m", [x - x0, y - y0])]
    if y == y0:
        return [("H", [x]), ("h", [x - x0])]
    if x == x0:
        return [("V", [y]), ("v", [y - y0])]
    return [("L", [x, y]), ("l", [x - x0, y - y0])]


def path_command(letter: str, numbers: list[str], implied: str, last: str) -> tuple[str, str, str]:
    """One path command written after the number ``last`` ("" after a letter): without its
    letter where the command before implies it (``implied``), a space only where two numbers
    would run together. Gives the text, the last number in it and the command a following
    set of numbers implies (:mod:`.svgcompact` writes matplotlib's paths with it too)."""
    text = "" if letter == implied and numbers else letter
    previous = "" if text else last
    for number in numbers:
        text += number_gap(previous, number) + number
        previous = number
    return text, previous, _IMPLIED.get(letter, letter)


def number_gap(previous: str, number: str) -> str:
    """The space between two numbers in path data; none where the second one's sign, or its
    point after a number with a point, already ends the first."""
    separate = previous and not number.startswith("-") and not (number.startswith(".") and "." in previous)
    return " " if separate else ""


def _stroke(colour: str, width: float, dash: str) -> list[tuple[str, str]]:
    """Stroke attributes: the width only when it is not SVG's default of 1, the dash array when set."""
    return ([("stroke", short_colours(colour))] + ([] if width == 1 else [("stroke-width", _num(width))])
            + ([("stroke-dasharray", dash)] if dash else []))


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """At most ``max(count, 2) + 1`` evenly spaced ticks (a range around 0 needs two
    steps) with a 1-2-2,5-5 × 10^k step, covering ``[lo, hi]`` (the first tick ≤ lo,
    the last ≥ hi)."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        lo, hi = 0.0, 1.0
    if hi <= lo:
        hi = lo + (abs(lo) or 1.0)
    intervals = max(2, count)
    raw = (hi - lo) / intervals
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10, 20, 25, 50):
        step = factor * power
        first, last = _tick_index(lo, step, math.floor), _tick_index(hi, step, math.ceil)
        if last - first <= intervals:
            break
    return [round(i * step, 12) for i in range(first, last + 1)]


def _tick_index(value: float, step: float, outward) -> int:
    """The index of the tick at or beyond ``value`` (``outward`` is floor or ceil): a
    rounding error never adds a tick, and no tolerance ever leaves ``value`` uncovered."""
    index = outward(value / step + (1e-9 if outward is math.floor else -1e-9))
    direction = 1 if outward is math.ceil else -1
    if direction * (round(index * step, 12) - value) < 0:
        index += direction
    return index


@dataclass(frozen=True)
class Scale:
    """A linear map from data ``(lo, hi)`` to pixels ``(start, end)``; ``end < start`` flips it."""

    lo: float
    hi: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        span = self.hi - self.lo or 1.0
        return self.start + (value - self.lo) / span * (self.end - self.start)


@dataclass(frozen=True)
class Chart:
    """A finished chart: SVG text and its size in px. Jupyter shows it as SVG."""

    svg: str
    width: int
    height: int

    def _repr_svg_(self) -> str:
        return self.svg

    def __str__(self) -> str:
        return self.svg


class Canvas:
    """Collects SVG elements in drawing order; :meth:`chart` wraps them in a standalone ``<svg>``."""

    def __init__(self, width: float, height: float):
        self.width, self.height = int(round(width)), int(round(height))
        self._items: list[_Element] = []
        self._defs: list[str] = []
        self._patterns: dict[tuple[str, str], str] = {}

    def _add(self, tag: str, *attrs: tuple[str, str], text: str | None = None) -> None:
        self._items.append(_Element(tag, attrs, text))

    def rect(self, x: float, y: float, width: float, height: float, fill: str, hatch: str = "",
             stroke: str = "") -> None:
        """A rectangle; negative sizes are normalised. ``hatch`` (see :data:`HATCHES`) lays a
        white pattern over ``fill``."""
        x, width = (x + width, -width) if width < 0 else (x, width)
        y, height = (y + height, -height) if height < 0 else (y, height)
        paint = f"url(#{self._pattern(fill, hatch)})" if hatch else short_colours(fill)
        self._add("rect", ("x", _num(x)), ("y", _num(y)), ("width", _num(width)), ("height", _num(height)),
                  ("fill", paint), *([("stroke", short_colours(stroke))] if stroke else []))

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str, width: float = 1,
             dash: str = "") -> None:
        """A straight line; ``dash`` is an SVG dash array such as ``"4 3"``. A solid line drawn
        right after a line of the same style joins its path."""
        paint = tuple(_stroke(stroke, width, dash))
        run = ((x1, y1), (x2, y2))
        last = self._items[-1] if self._items else None
        if not dash and last is not None and last.tag == "path" and last.attrs == paint:
            self._items[-1] = _Element("path", paint, runs=last.runs + (run,))
        else:
            self._items.append(_Element("path", paint, runs=(run,)))

    def polyline(self, points: list[tuple[float, float]], stroke: str, width: float = 1,
                 dash: str = "") -> None:
        """An open path through ``points``."""
        if len(points) < 2:
            return
        self._items.append(_Element("path", (("fill", "none"), *_stroke(stroke, width, dash),
                                             ("stroke-linejoin", "round")), runs=(tuple(points),)))

    def marker(self, x: float, y: float, fill: str, shape: str = "circle", size: float = 6) -> None:
        """A point marker (``"circle"`` or ``"square"``) of ``size`` px across."""
        half = size / 2
        if shape == "square":
            self._add("rect", ("x", _num(x - half)), ("y", _num(y - half)), ("width", _num(size)),
                      ("height", _num(size)), ("fill", short_colours(fill)))
        else:
            self._add("circle", ("cx", _num(x)), ("cy", _num(y)), ("r", _num(half)), ("fill", short_colours(fill)))

    def text(self, x: float, y: float, text: str, *, size: float = FONT_SIZE, anchor: str = "start",
             weight: str = "normal", fill: str = "#000000", rotate: float = 0) -> None:
        """Text vertically centred on ``y``; ``anchor`` is start, middle or end. Always escaped."""
        attrs = [("x", _num(x, 2)), ("y", _num(y + 0.35 * size, 2))]
        if size != FONT_SIZE:
            attrs.append(("font-size", _num(size)))
        if anchor != "start":
            attrs.append(("text-anchor", anchor))
        if weight != "normal":
            attrs.append(("font-weight", weight))
        if fill != "#000000":
            attrs.append(("fill", short_colours(fill)))
        if rotate:
            attrs.append(("transform", f"rotate({_num(rotate)} {_num(x, 2)} {_num(y, 2)})"))
        self._add("text", *attrs, text=html.escape(str(text), quote=False))

    def _pattern(self, colour: str, hatch: str) -> str:
        key = (colour, hatch)
        if key not in self._patterns:
            kind = hatch[:1]
            # Named by content, not by order: the same pattern in two charts inlined in one
            # HTML page resolves to an identical definition.
            ident = f"hatch-{colour.lstrip('#')}-{_HATCH_NAMES.get(kind, 'plain')}"
            self._patterns[key] = ident
            ink = "<path d='{}' stroke='#FFF' stroke-width='1.2' fill='none'/>"
            shapes = {
                "/": ink.format("M-1,7 L7,-1 M-1,1 L1,-1 M5,7 L7,5"),
                "\\": ink.format("M-1,-1 L7,7 M5,-1 L7,1 M-1,5 L1,7"),
                "x": ink.format("M-1,7 L7,-1 M-1,-1 L7,7"),
                ".": "<circle cx='3' cy='3' r='1.1' fill='#FFF'/>",
                "o": "<circle cx='3' cy='3' r='1.7' stroke='#FFF' stroke-width='.9' fill='none'/>",
            }
            self._defs.append(f"<pattern id='{ident}' width='6' height='6' patternUnits='userSpaceOnUse'>"
                              f"<rect width='6' height='6' fill='{short_colours(colour)}'/>"
                              f"{shapes.get(kind, '')}</pattern>")
        return self._patterns[key]

    def chart(self) -> Chart:
        """The standalone SVG document."""
        defs = f"<defs>{''.join(self._defs)}</defs>" if self._defs else ""
        head = (f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {self.width} {self.height}' "
                f"width='{self.width}' height='{self.height}' role='img' "
                f"font-family='{FONT_FAMILY}' font-size='{FONT_SIZE}'>")
        return Chart(head + defs + "<rect width='100%' height='100%' fill='#FFF'/>"
                     + _grouped(self._items) + "</svg>", self.width, self.height)


#: Presentation attributes an element inherits from its ``<g>``.
_INHERITED = frozenset({"fill", "stroke", "stroke-width", "stroke-dasharray", "stroke-linejoin",
                        "font-size", "font-weight", "text-anchor"})


@dataclass(frozen=True)
class _Element:
    """One drawn element: tag, attributes in order, escaped text content (``<text>`` only)."""

    tag: str
    attrs: tuple[tuple[str, str], ...]
    text: str | None = None
    runs: tuple = ()    # a path's subpaths: its d is written from them (a line of its style may add one)

    def svg(self, inherited: frozenset[str] = frozenset()) -> str:
        """The element, without the attributes named in ``inherited`` (its ``<g>`` has them)."""
        own = ((("d", _path_data(self.runs)),) if self.runs else ()) + self.attrs
        attrs = "".join(f" {name}='{value}'" for name, value in own if name not in inherited)
        return f"<{self.tag}{attrs}/>" if self.text is None else f"<{self.tag}{attrs}>{self.text}</{self.tag}>"


def _grouped(items: list[_Element]) -> str:
    """``items`` in drawing order; a run of elements that share inherited attributes (those of
    its first two) sits in one ``<g>`` that carries them once, where that is shorter. The
    elements inherit exactly the values they had, so the drawing is the same."""
    out, start = [], 0
    while start < len(items):
        first = items[start]
        shared = ({a for a in first.attrs if a[0] in _INHERITED} & set(items[start + 1].attrs)
                  if start + 1 < len(items) else set())
        end = start + 1
        while shared and end < len(items) and shared <= set(items[end].attrs):
            end += 1
        head = "".join(f" {name}='{value}'" for name, value in first.attrs if (name, value) in shared)
        if (end - start - 1) * len(head) > len("<g></g>"):
            names = frozenset(name for name, _ in shared)
            out.append(f"<g{head}>" + "".join(item.svg(names) for item in items[start:end]) + "</g>")
        else:
            out.extend(item.svg() for item in items[start:end])
        start = end
    return "".join(out)
