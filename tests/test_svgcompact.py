"""Matplotlib's SVG, compacted: every element draws as before (same geometry, paint, clip,
transform and glyph), read independently of how either document writes it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from regiobeeld.presentation.mplstyle import house_style
from regiobeeld.presentation.svgcompact import _path_data, compact

plt = pytest.importorskip("matplotlib.pyplot", reason="matplotlib is installed with the test extras")

NS = "{http://www.w3.org/2000/svg}"
HREFS = ("href", "{http://www.w3.org/1999/xlink}href")
TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
ARITY = {"M": 2, "L": 2, "H": 1, "V": 1, "Q": 4, "C": 6, "Z": 0}
COLOUR = re.compile(r"#([0-9a-fA-F])([0-9a-fA-F])([0-9a-fA-F])\b")


def absolute(data: str) -> list[tuple]:
    """Path data as absolute (command, *points) with H and V written out as L."""
    out, tokens, here, start, command = [], TOKEN.findall(data), (Decimal(0), Decimal(0)), None, ""
    while tokens:
        if tokens[0].isalpha():
            command = tokens.pop(0)
        kind, relative = command.upper(), command.islower()
        values = [Decimal(tokens.pop(0)) for _ in range(ARITY[kind])]
        if kind == "Z":
            out.append(("Z",))
            here, command = start, ""
            continue
        if kind in "HV":
            values = [values[0], here[1]] if kind == "H" else [here[0], values[0]]
            if relative:
                values = [values[0] + (here[0] if kind == "H" else 0), values[1] + (here[1] if kind == "V" else 0)]
        elif relative:
            values = [v + here[i % 2] for i, v in enumerate(values)]
        kind = "L" if kind in "HV" else kind
        out.append((kind, *values))
        here = (values[-2], values[-1])
        if kind == "M":
            start = here
            command = "l" if relative else "L"
    return out


def drawing(svg: str) -> list[tuple]:
    """Every element that is not a group, in document order: its tag and what it draws with
    (its own and inherited attributes, style split and colours in six digits, a reference
    replaced by what it refers to, ``<use>`` x/y as a translation, path data absolute)."""
    root = ET.fromstring(svg)
    ids = {e.get("id"): e for e in root.iter() if e.get("id")}
    out: list[tuple] = []

    def walk(element, inherited):
        own = dict(inherited)
        for name, value in element.attrib.items():
            if name == "id":
                continue
            if name in HREFS:
                name, value = "href", referred(value[1:]) if value.startswith("#") else value
            if name == "transform":
                value = own.get("transform", "") + "|" + " ".join(value.split())
            own[name] = value
        if element.tag == NS + "use" and ("x" in own or "y" in own):
            place = f"translate({own.pop('x', '0')} {own.pop('y', '0')})"
            own["transform"] = own.get("transform", "") + "|" + place
        if element.tag == NS + "g":
            for child in element:
                walk(child, own)
            return
        if element.tag == NS + "style":
            own.pop("type", None)       # text/css is the default
            own["text"] = re.sub(r"\s+", "", element.text or "")
        out.append((element.tag, normalised(own)))
        for child in element:
            walk(child, {})

    def referred(ident):
        """What the element ``ident`` draws, whatever it is called."""
        return repr([(e.tag, normalised({k: v for k, v in e.attrib.items() if k != "id"})) for e in ids[ident].iter()])

    def normalised(attrs):
        result = {}
        for name, value in attrs.items():
            value = re.sub(r"url\(#([^)]+)\)", lambda m: referred(m.group(1)), value)
            if name == "style":
                value = {k.strip(): COLOUR.sub(r"#\1\1\2\2\3\3", v.strip()).lower()
                         for k, v in (part.split(":", 1) for part in value.split(";") if part.strip())}
                value = {k: str(Decimal(v)) if re.fullmatch(r"-?[\d.]+", v) else v for k, v in value.items()}
            elif name == "d":
                value = absolute(value)
            elif name == "transform":
                value = re.sub(TOKEN, lambda m: m.group() if m.group().isalpha() else str(Decimal(m.group()).normalize()),
                               value.replace("translate(0 0)", "").replace("||", "|"))
            result[name] = value
        return tuple(sorted(result.items(), key=lambda item: item[0]))

    for child in root:
        if child.tag != NS + "metadata":
            walk(child, {})
    return out


def _figures():
    with house_style():
        bars, ax = plt.subplots()
        ax.bar(["a", "b", "c"], [1234.5, 2000.0, 0.25], hatch="//", label="staven")
        ax.set_title("Titel met ë & <tekens>")
        ax.legend()
    with house_style():
        lines, ax = plt.subplots()
        ax.plot([0, 1, 2, 3], [1.5, 0.25, 2.125, -1], "o--", label="prognose")
        ax.plot([0, 3], [0, 1], ":", label="lijn")
        ax.fill_between([0, 1, 2], [0, 1, 0], alpha=0.3)
        ax.annotate("piek", (2, 2.125))
        ax.legend()
    with house_style(), plt.rc_context({"svg.fonttype": "none"}):    # text as <text>, an embedded image
        image, ax = plt.subplots()
        ax.imshow([[0, 1], [2, 3]])
        ax.set_title("Zoë &  <twee spaties>")
    return {"bars": bars, "lines": lines, "image": image}


@pytest.fixture(scope="module")
def originals():
    import io

    out = {}
    for name, fig in _figures().items():
        buffer = io.StringIO()
        with plt.rc_context({"svg.fonttype": "none" if name == "image" else "path"}):
            fig.savefig(buffer, format="svg", metadata={"Date": None})
        plt.close(fig)
        out[name] = buffer.getvalue()
    return out


@pytest.mark.parametrize("name,share", [("bars", 0.6), ("lines", 0.6), ("image", 0.8)])   # an image's PNG stays
def test_compact_svg_draws_every_element_as_before_in_far_fewer_bytes(originals, name, share):
    original = originals[name]
    small = compact(original)
    assert drawing(small) == drawing(original)
    assert len(small) < share * len(original)
    assert not re.search(r"<metadata|<!--|xlink|\n|<g>", small)
    assert compact(small) == small                       # nothing left to take out


def test_path_data_is_relative_only_between_whole_numbers():
    assert _path_data("M 703 3866 \nL 703 4441 \nL 1819 4666 \nL 1825 4666 \nz\nM 10 10 Q 20 10 20 20") == \
        "M703 3866v575l1116 225h6zM10 10q10 0 10 10"
    assert _path_data("M 63.5 230.688 \nL 64.5 231.688 \nL 453.6 231.688 \nL 0.5 -0.25 \nz") == \
        "M63.5 230.688 64.5 231.688H453.6L.5-.25z"
    assert _path_data("M 0 0 L 1 1 z z") == "M0 0 1 1zz"                     # a letter alone is never implied


def test_ids_are_short_and_only_where_referred_to():
    svg = ("<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' version='1.1'>"
           "<g id='figure_1'><defs><path id='DejaVuSans-31' d='M 0 0 L 1 1'/></defs>"
           "<use xlink:href='#DejaVuSans-31' transform='translate(63.625 0)'/>"
           "<rect id='r' x='0' y='0' width='1' height='1' clip-path='url(#p3bf0277989)'/></g>"
           "<defs><clipPath id='p3bf0277989'><rect width='5' height='5'/></clipPath></defs></svg>")
    assert compact(svg) == ("<svg xmlns='http://www.w3.org/2000/svg'><defs><path id='a' d='M0 0 1 1'/></defs>"
                            "<use href='#a' x='63.625'/>"
                            "<rect x='0' y='0' width='1' height='1' clip-path='url(#b)'/>"
                            "<defs><clipPath id='b'><rect width='5' height='5'/></clipPath></defs></svg>")


def test_an_svg_with_another_namespace_stays_as_it_is():
    svg = ("<svg xmlns='http://www.w3.org/2000/svg' xmlns:x='urn:x'><g x:data='1'>"
           "<path d='M 0 0 L 1 1'/></g></svg>")
    assert compact(svg) == svg
