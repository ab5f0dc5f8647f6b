"""The SVG renderer: nice ticks, scales, escaping, hatches, deterministic documents."""

from __future__ import annotations

import pytest
from embedded import drawn

from regiobeeld.presentation.svg import Canvas, Scale, nice_ticks, text_width

NS = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("lo,hi,expected", [
    (0, 4.6, [0, 1, 2, 3, 4, 5]),
    (0, 47, [0, 10, 20, 30, 40, 50]),
    (-0.3, 4.1, [-2, 0, 2, 4, 6]),
    (-0.3, 3.2, [-1, 0, 1, 2, 3, 4]),
    (0, 9.5, [0, 2, 4, 6, 8, 10]),
    (0, 11, [0, 2.5, 5, 7.5, 10, 12.5]),
    (95, 112, [95, 100, 105, 110, 115]),
    (0, 0.012, [0, 0.0025, 0.005, 0.0075, 0.01, 0.0125]),
])
def test_nice_ticks(lo, hi, expected):
    assert nice_ticks(lo, hi, 5) == pytest.approx(expected)


def test_nice_ticks_survive_empty_and_flat_ranges():
    assert nice_ticks(3, 3) == pytest.approx([3, 4, 5, 6])
    assert nice_ticks(float("nan"), float("nan")) == pytest.approx([0, 0.2, 0.4, 0.6, 0.8, 1])


def test_scale_maps_and_flips():
    y = Scale(0, 10, 200, 0)
    assert (y(0), y(5), y(10)) == (200, 100, 0)


def test_text_width_grows_with_length_and_weight():
    assert text_width("Rijnmond", 12) == pytest.approx(8 * 0.6 * 12, rel=0.3)
    assert text_width("Rijnmond", 12, bold=True) > text_width("Rijnmond", 12)


def test_canvas_document_escapes_and_hatches_once():
    canvas = Canvas(100, 50)
    canvas.rect(10, 10, -5, 20, "#0058B8", "///")
    canvas.rect(20, 10, 5, 20, "#0058B8", "///")
    canvas.text(5, 5, 'a <b> & "c"', anchor="end", weight="bold", rotate=-90)
    canvas.line(0, 0, 10, 10, "#000000", 1, "2 2")
    canvas.marker(5, 5, "#AF0E80", "square")
    chart = canvas.chart()
    root = drawn(chart.svg)
    assert (chart.width, chart.height) == (100, 50) and root.get("viewBox") == "0 0 100 50"
    assert root.get("role") == "img" and "DejaVu Sans" in root.get("font-family")
    assert len(root.findall(f"{NS}defs/{NS}pattern")) == 1
    first = root.findall(NS + "rect")[1]
    assert (first.get("x"), first.get("width"), first.get("fill")) == ("5", "5", "url(#hatch-0058B8-diagonal)")
    text = root.find(NS + "text")
    assert text.text == 'a <b> & "c"' and "&lt;b&gt;" in chart.svg
    assert text.get("text-anchor") == "end" and text.get("transform") == "rotate(-90 5 5)"
    assert root.find(NS + "line").get("stroke-dasharray") == "2 2"
    assert chart._repr_svg_() == str(chart) == chart.svg
