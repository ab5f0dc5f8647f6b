"""The SVG renderer: nice ticks, scales, escaping, hatches, deterministic documents."""

from __future__ import annotations

import pytest
from embedded import drawn, runs
from hypothesis import given
from hypothesis import strategies as st

from regiobeeld.presentation.svg import Canvas, Scale, _num, _path_data, nice_ticks, text_width

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
    assert root.find(NS + "path").get("stroke-dasharray") == "2 2"
    assert chart._repr_svg_() == str(chart) == chart.svg


def test_numbers_and_colours_in_their_shortest_exact_form():
    canvas = Canvas(10, 10)
    canvas.rect(0.5, -0.04, 0.25, 2, "#FFFFFF")
    canvas.marker(1, 1, "#0058B8")
    root = drawn(canvas.chart().svg)
    rect, circle = root.findall(NS + "rect")[1], root.find(NS + "circle")
    assert (rect.get("x"), rect.get("y"), rect.get("width"), rect.get("fill")) == (".5", "0", ".2", "#FFF")
    assert circle.get("fill") == "#0058B8"


def test_path_data_takes_the_shortest_commands():
    assert _path_data([[(0.5, 1), (3, 1), (3, 0.2)], [(10, 10), (9.5, 9.5)]]) == "M.5 1H3V.2M10 10l-.5-.5"
    assert _path_data([[(88.6, 197.2), (202.5, 219), (316.5, 262.5)]]) == "M88.6 197.2 202.5 219l114 43.5"


coordinate = st.floats(-2000, 2000, allow_nan=False)


@given(st.lists(st.lists(st.tuples(coordinate, coordinate), min_size=1, max_size=6), min_size=1, max_size=4))
def test_path_data_goes_through_every_point_as_written_in_tenths(points):
    expected = [[(float(_num(x)), float(_num(y))) for x, y in run] for run in points]
    assert runs(_path_data(points)) == expected


def test_consecutive_solid_lines_of_one_style_share_a_path():
    canvas = Canvas(100, 50)
    canvas.line(0, 10, 50, 10, "#DDDDDD", 0.8)
    canvas.line(0, 20, 50, 20, "#DDDDDD", 0.8)      # joins
    canvas.line(0, 30, 50, 30, "#5B5B5B")           # another style: a path of its own
    canvas.line(0, 40, 50, 40, "#5B5B5B", 1, "2 2")
    canvas.line(0, 45, 50, 45, "#5B5B5B", 1, "2 2")  # dashed lines never join (overlaps would show)
    canvas.polyline([(0, 0), (10, 10)], "#5B5B5B")
    canvas.line(0, 5, 50, 5, "#5B5B5B")             # nor does a line join a polyline
    paths = drawn(canvas.chart().svg).findall(NS + "path")
    assert [runs(p.get("d")) for p in paths] == [
        [[(0, 10), (50, 10)], [(0, 20), (50, 20)]], [[(0, 30), (50, 30)]], [[(0, 40), (50, 40)]],
        [[(0, 45), (50, 45)]], [[(0, 0), (10, 10)]], [[(0, 5), (50, 5)]]]
    assert [p.get("stroke") for p in paths] == ["#DDD"] + ["#5B5B5B"] * 5
    assert paths[0].get("stroke-width") == ".8" and paths[4].get("fill") == "none"
