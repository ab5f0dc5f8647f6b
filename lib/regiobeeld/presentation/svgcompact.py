"""Matplotlib's SVG written compactly, drawing exactly the same (an own chart, issue 13).

Matplotlib writes a readable document: indented, metadata, a comment per label, long ids on
every group, ``"M 63 230.688 \\nL 453.6 230.688"``, a ``transform`` per glyph. In a page every
byte of it is carried twice (the page and its notebook), so :func:`compact` keeps what is
drawn and drops the rest: no declaration, doctype, metadata, comments or whitespace between
elements; ids only where something refers to them, and short; groups without attributes
dissolved; path data in the shortest of absolute and relative commands (relative only
between whole numbers, a glyph's outline, where a browser's sum is exact); ``<use>``
placed with ``x``/``y`` instead of a translation (the same in SVG); ``href`` without the
xlink namespace (SVG 2); styles and colours without spaces or doubled hex digits; single
quotes. Every number keeps its digits: rounded to a hundredth of a point (0,013 px), 1,3 %
of a bar chart's pixels changed in Chromium, by up to 68 of 255 levels (its anti-aliasing
samples quarter pixels). Chromium draws the result pixel for pixel as the original.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import count

from .svg import number_gap, path_command, short_colours, short_number

__all__ = ["compact"]

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
#: Elements whose text is drawn or read (all other whitespace between elements is not).
_TEXTUAL = {"text", "tspan", "style", "title", "desc"}
_REFERENCE = re.compile(r"url\(#([^)]+)\)")
_LEADING_ZERO = re.compile(r"(?<![\w.])(-?)0\.(\d)")
_TRANSLATE = re.compile(r"\s*translate\(\s*([-\d.e]+)(?:[\s,]+([-\d.e]+))?\s*\)\s*")
_WHOLE = re.compile(r"-?\d+")
_PATH_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
#: Numbers per command of the absolute path data matplotlib writes.
_ARITY = {"M": 2, "L": 2, "Q": 4, "C": 6, "Z": 0}


def compact(svg: str) -> str:
    """``svg`` (as matplotlib writes it) drawing the same, in fewer bytes; unchanged when
    it holds anything of another namespace than SVG's and xlink's ``href``."""
    root = ET.fromstring(svg)   # without declaration, doctype and comments
    for metadata in root.findall(SVG + "metadata"):
        root.remove(metadata)
    if _foreign(root):
        return svg
    root.attrib.pop("version", None)
    names = _short_ids(root)
    for element in root.iter():
        _tidy(element, names)
    _dissolve_bare_groups(root)
    return _written(root, root=True)


def _foreign(root: ET.Element) -> bool:
    """Whether an element or attribute is of another namespace (it would need its prefix)."""
    return any(not element.tag.startswith(SVG) or any(name.startswith("{") and name != XLINK_HREF
                                                      for name in element.attrib)
               for element in root.iter())


def _short_ids(root: ET.Element) -> dict[str, str] | None:
    """Old id → short id for every id something refers to; None (keep every id) when a
    style sheet could select by id."""
    if any("#" in (style.text or "") for style in root.iter(SVG + "style")):
        return None
    referred = set()
    for element in root.iter():
        for name, value in element.attrib.items():
            referred.update(_REFERENCE.findall(value))
            if name in (XLINK_HREF, "href") and value.startswith("#"):
                referred.add(value[1:])
    defined = [e.get("id") for e in root.iter() if e.get("id") in referred]
    return dict(zip(defined, map(_base52, count())))


def _base52(number: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return letters[number] if number < len(letters) else _base52(number // len(letters) - 1) + letters[number % len(letters)]


def _tidy(element: ET.Element, names: dict[str, str] | None) -> None:
    """One element in its compact form (ids, references, style, path data, use position),
    its attributes in their order."""
    tidy = {}
    for name, value in element.attrib.items():
        if names is not None and name == "id" and value not in names:
            continue
        name = "href" if name == XLINK_HREF else name
        tidy[name] = _compact_value(name, value, names or {})
    element.attrib.clear()
    element.attrib.update(tidy)
    if element.tag == SVG + "use":
        _use_position(element.attrib)
    if element.tag == SVG + "style" and element.text:
        element.text = re.sub(r"\s*([:;{}])\s*", r"\1", element.text.strip())
        element.attrib.pop("type", None)    # text/css is the default


def _compact_value(name: str, value: str, names: dict[str, str]) -> str:
    """One attribute's value in its compact form."""
    if name == "id":
        return names.get(value, value)
    if name == "href" and value.startswith("#"):
        return "#" + names.get(value[1:], value[1:])
    value = _REFERENCE.sub(lambda m: f"url(#{names.get(m.group(1), m.group(1))})", value)
    if name == "style":
        return _short_style(value)
    if name == "d":
        return _path_data(value)
    return _LEADING_ZERO.sub(r"\1.\2", value) if name == "transform" else value


def _short_style(style: str) -> str:
    """``fill: #ffffff; stroke-width: 0.8`` → ``fill:#fff;stroke-width:.8``."""
    declarations = (part.split(":", 1) for part in style.split(";") if part.strip())
    text = ";".join(f"{name.strip()}:{value.strip()}" for name, value in declarations)
    return _LEADING_ZERO.sub(r"\1.\2", short_colours(text))


def _use_position(attrib: dict[str, str]) -> None:
    """A ``<use>`` with a lone translation placed with ``x``/``y`` instead (SVG appends
    the position as that same translation)."""
    match = _TRANSLATE.fullmatch(attrib.get("transform", ""))
    if match and "x" not in attrib and "y" not in attrib:
        del attrib["transform"]
        for name, value in (("x", match.group(1)), ("y", match.group(2) or "0")):
            if float(value):
                attrib[name] = short_number(value)


def _path_data(data: str) -> str:
    """Path data made of absolute M, L, Q, C and Z (what matplotlib writes) in the shortest
    of absolute and relative commands, L as H or V when level or plumb, no command repeated
    where the one before implies it; other path data only without needless spaces."""
    tokens = _PATH_TOKEN.findall(data)
    commands = _commands(tokens)
    if commands is None:
        return _joined(tokens)
    out, last, implied, here, start = [], "", "", ("0", "0"), ("0", "0")
    for letter, numbers in commands:
        options = [path_command(form[0], form[1:], implied, last) for form in _forms(letter, numbers, here)]
        text, last, implied = min(options, key=lambda option: len(option[0]))
        out.append(text)
        here = start if letter == "Z" else (numbers[-2], numbers[-1])
        if letter == "M":
            start = here
    return "".join(out)


def _commands(tokens: list[str]) -> list[tuple[str, list[str]]] | None:
    """The commands with their numbers, each written out; None for other path data."""
    out, index = [], 0
    while index < len(tokens):
        letter = "Z" if tokens[index] == "z" else tokens[index]
        if letter not in _ARITY:
            return None
        arity = _ARITY[letter]
        numbers = tokens[index + 1:index + 1 + arity]
        if len(numbers) != arity or any(t.isalpha() for t in numbers):
            return None
        out.append((letter, [short_number(n) for n in numbers]))
        index += 1 + arity
    return out


def _forms(letter: str, numbers: list[str], here: tuple[str, str]) -> list[list[str]]:
    """The ways to write one command from ``here``: [letter, *numbers] each. Relative only
    between whole numbers (a glyph's outline): a browser adds a relative step in binary
    floating point, and a sum of fractions can land a hair away and shade an edge pixel
    differently (measured: 0,03 % of a chart's pixels)."""
    if letter == "Z":
        return [["z"]]
    level, plumb = letter == "L" and numbers[1] == here[1], letter == "L" and numbers[0] == here[0]
    forms = [[letter, *numbers]] + ([["H", numbers[0]]] if level else [["V", numbers[1]]] if plumb else [])
    if all(_WHOLE.fullmatch(n) for n in (*numbers, *here)):
        relative = [str(int(n) - int(here[i % 2])) for i, n in enumerate(numbers)]
        forms += [[letter.lower(), *relative]] + ([["h", relative[0]]] if level else [["v", relative[1]]] if plumb else [])
    return forms


def _joined(tokens: list[str]) -> str:
    """Path tokens with a space only where two numbers would run together."""
    out, previous = [], ""
    for token in tokens:
        number = "" if token.isalpha() else short_number(token)
        out.append(token if token.isalpha() else number_gap(previous, number) + number)
        previous = number
    return "".join(out)


def _dissolve_bare_groups(parent: ET.Element) -> None:
    """A ``<g>`` without attributes draws nothing of its own: its children take its place."""
    for index, child in reversed(list(enumerate(parent))):
        _dissolve_bare_groups(child)
        if child.tag == SVG + "g" and not child.attrib:
            parent.remove(child)
            for offset, grandchild in enumerate(child):
                parent.insert(index + offset, grandchild)


def _written(element: ET.Element, root: bool = False) -> str:
    """The element as XML with single quotes and no whitespace between elements."""
    tag = element.tag.removeprefix(SVG)
    attrs = "".join(f" {name}='{_escaped(value, quote=True)}'" for name, value in element.attrib.items())
    if root:
        attrs = f" xmlns='{SVG[1:-1]}'" + attrs
    keep = tag in _TEXTUAL
    inner = _escaped(element.text or "") if keep or (element.text or "").strip() else ""
    for child in element:
        inner += _written(child)
        if keep or (child.tail or "").strip():
            inner += _escaped(child.tail or "")
    return f"<{tag}{attrs}>{inner}</{tag}>" if inner else f"<{tag}{attrs}/>"


def _escaped(text: str, quote: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("'", "&#39;") if quote else text
