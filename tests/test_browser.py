"""The bundle in a real headless Chromium (Debian's /usr/bin/chromium, never a download):
pages render, images load, nothing is requested from the network, no console errors;
nothing overflows a 400 px phone screen; printed to A4, pages carry their running header
and never split a chart or tile."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from regiobeeld.batch.pdf import CHROMIUM, print_pdf, write_region_pdfs
from regiobeeld.batch.runner import RenderOptions, render, select_notebooks
from regiobeeld.core.regions import load_region
from regiobeeld.core.settings import PROJECT_ROOT, Settings
from regiobeeld.indicators import prepare

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
#: Kept for a human to look at (the path is printed); overwritten on every run.
SCREENSHOT_DIR = Path(os.environ.get("REGIOBEELD_SCREENSHOTS", "/tmp/regiobeeld-screenshots"))


def chromium_or_skip() -> Path:
    return installed_or_skip(CHROMIUM, "chromium")


def installed_or_skip(program: Path, package: str) -> Path:
    if program.exists():
        return program
    if os.environ.get("CI"):
        pytest.fail(f"{program} ontbreekt in CI: installeer Debian's pakket '{package}'.")
    pytest.skip(f"{program} ontbreekt (apt-get install {package}); in CI is dit een fout.")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """The real notebooks for Rijnmond on the demonstration data."""
    chromium_or_skip()
    tmp = tmp_path_factory.mktemp("browser")
    options = RenderOptions(regions=("AM22",), notebooks_dir=PROJECT_ROOT / "notebooks",
                            out_dir=tmp / "out", jobs=2, progress=False)
    settings = Settings(source="demo", cache_root=tmp / "cache")
    report = render(options, settings, prepare, echo=lambda _: None)
    assert report.failures == []
    return report.bundle


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium_or_skip()), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def open_page(browser, path: Path):
    """Open ``path`` and record every request and console error."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri(), wait_until="load")
    return page, requests, errors


def keep(page, tmp_path: Path, name: str) -> Path:
    shot = tmp_path / name
    page.screenshot(path=str(shot), full_page=True)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, SCREENSHOT_DIR / name)
    return shot


def non_file(requests: list[str]) -> list[str]:
    return [url for url in requests if not url.startswith(("file://", "data:"))]


def test_index_renders_offline(browser, bundle, tmp_path):
    page, requests, errors = open_page(browser, bundle / "index.html")
    assert page.title() == "De arbeidsmarktregio's · regiobeeld-analyse in de opbouw van Regio in Beeld (UWV)"
    assert page.locator("h1").first.inner_text() == "De arbeidsmarktregio's in cijfers"
    assert "geen publicatie van UWV" in page.inner_text("header")
    assert page.locator(".rb-map-tile").count() == 35
    assert page.locator("a.rb-map-tile").count() == 1            # only Rijnmond is in this bundle
    assert "Demonstratiegegevens, geen CBS-cijfers" in page.inner_text("body")
    assert keep(page, tmp_path, "index.png").stat().st_size > 10_000
    assert non_file(requests) == []
    assert errors == []
    page.close()


def test_theme_page_renders_images_and_navigation(browser, bundle, tmp_path):
    page, requests, errors = open_page(browser, bundle / "AM22-rijnmond" / "10_aanbod.html")
    assert page.title() == "Rijnmond · Aanbod · regiobeeld-analyse in de opbouw van Regio in Beeld (UWV)"
    assert page.locator("h1").first.inner_text() == "Rijnmond · Aanbod"
    toc = page.eval_on_selector_all(".rb-toc a", "links => links.map(a => a.getAttribute('href'))")
    assert len(toc) >= 8 and all(page.locator(anchor).count() == 1 for anchor in toc), toc
    widths = page.eval_on_selector_all("img", "images => images.map(i => i.complete ? i.naturalWidth : 0)")
    assert widths and all(width > 0 for width in widths), widths
    assert page.locator(".rb-site-nav a", has_text="Kerncijfers").get_attribute("href") == "00_kerncijfers.html"
    assert keep(page, tmp_path, "aanbod.png").stat().st_size > 10_000
    assert non_file(requests) == []
    assert errors == []
    page.close()


def test_every_page_of_the_region_loads_nothing_from_the_network(browser, bundle):
    for path in sorted((bundle / "AM22-rijnmond").glob("*.html")):
        page, requests, errors = open_page(browser, path)
        assert non_file(requests) == [], path
        assert errors == [], path
        page.close()


# ---------------------------------------------------------------- phone: 400 px

#: Every element whose right edge passes the viewport, unless a scrolling box that itself
#: fits holds it (a wide table or chart scrolls inside its box, never the page).
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const held = el => { for (let box = el.parentElement; box; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== 'visible') return box.getBoundingClientRect().right <= width + 0.5; }
    return false; };
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const right = el.getBoundingClientRect().right;
    if (right > width + 0.5 && !held(el)) out.push(`${el.tagName}.${el.className} ${Math.round(right)}`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, overflowing: out.slice(0, 5)};
}"""


def test_nothing_overflows_a_400px_phone_screen(browser, bundle):
    for path in [bundle / "index.html", *sorted((bundle / "AM22-rijnmond").glob("*.html"))]:
        page = browser.new_page(viewport={"width": 400, "height": 800})
        page.goto(path.as_uri(), wait_until="load")
        measured = page.evaluate(OVERFLOW_JS)
        assert measured["scrollWidth"] <= 400, (path.name, measured)
        assert measured["overflowing"] == [], (path.name, measured)
        page.close()


def test_phone_charts_stay_legible_and_tables_scroll_in_their_box(browser, bundle, tmp_path):
    page = browser.new_page(viewport={"width": 400, "height": 800})
    page.goto((bundle / "AM22-rijnmond" / "10_aanbod.html").as_uri(), wait_until="load")
    scales = page.eval_on_selector_all(
        ".rb-figure img", "images => images.map(i => i.getBoundingClientRect().width / i.naturalWidth)")
    assert scales and min(scales) >= 0.74, scales          # 12 px labels stay ≥ 9 px
    scrolling = page.eval_on_selector_all(
        "figure.rb-table, main table", "boxes => boxes.filter(b => b.scrollWidth > b.clientWidth + 1).length")
    assert scrolling >= 1
    keep(page, tmp_path, "aanbod-400px.png")
    page.close()


def test_tile_map_reflows_on_a_phone(browser, bundle):
    page = browser.new_page(viewport={"width": 400, "height": 800})
    page.goto((bundle / "index.html").as_uri(), wait_until="load")
    lefts = page.eval_on_selector_all(".rb-map-tile", "tiles => tiles.map(t => t.getBoundingClientRect().left)")
    assert len(lefts) == 35 and len(set(round(x) for x in lefts)) >= 2      # still a grid
    rights = page.eval_on_selector_all(".rb-map-tile", "tiles => tiles.map(t => t.getBoundingClientRect().right)")
    assert max(rights) <= 400
    page.close()


# ---------------------------------------------------------------- paper: A4

def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page, whitespace collapsed (poppler's pdftotext)."""
    program = installed_or_skip(Path("/usr/bin/pdftotext"), "poppler-utils")
    text = subprocess.run([str(program), str(pdf), "-"], capture_output=True, check=True).stdout
    pages = text.decode("utf-8").split("\f")[:-1]
    return [" ".join(page.split()) for page in pages]


def plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


@pytest.fixture(scope="module")
def printed(bundle, tmp_path_factory) -> dict[str, list[str]]:
    """Each theme page of Rijnmond printed to A4 by Chromium, as text per page."""
    chromium_or_skip()
    out = tmp_path_factory.mktemp("pdf")
    pages = {}
    for path in sorted((bundle / "AM22-rijnmond").glob("*.html")):
        print_pdf(path, out / f"{path.stem}.pdf")
        pages[path.stem] = pdf_pages(out / f"{path.stem}.pdf")
    return pages


#: An A4 sheet's width inside the print stylesheet's 12 mm side margins, in CSS pixels.
A4_CONTENT_WIDTH = round((210 - 2 * 12) / 25.4 * 96)


def test_printed_pages_are_no_wider_than_the_sheet(browser, bundle):
    """Chromium shrinks a whole printed document to fit its widest element: one wide table
    on kerncijfers then shrank every theme in the region's PDF, which printed on fewer sheets
    than the themes printed alone."""
    for path in sorted((bundle / "AM22-rijnmond").glob("*.html")):
        page = browser.new_page(viewport={"width": A4_CONTENT_WIDTH, "height": 1000})
        page.emulate_media(media="print")
        page.goto(path.as_uri(), wait_until="load")
        measured = page.evaluate(OVERFLOW_JS)
        assert measured["scrollWidth"] <= A4_CONTENT_WIDTH, (path.name, measured)
        page.close()


@pytest.fixture(scope="module")
def national_index(bundle) -> Path:
    """The index of a bundle of two regions (kerncijfers only): it carries the headline table
    of every region, which a one-region index leaves out."""
    options = RenderOptions(regions=("AM01", "AM22"), notebooks_dir=PROJECT_ROOT / "notebooks",
                            out_dir=bundle.parents[1] / "national", themes=("kerncijfers",), jobs=1,
                            progress=False)
    settings = Settings(source="demo", cache_root=bundle.parents[1] / "cache")
    report = render(options, settings, prepare, echo=lambda _: None)
    assert report.failures == []
    return report.bundle / "index.html"


def test_printed_index_with_the_headline_table_is_no_wider_than_the_sheet(browser, national_index):
    """Its fifteen indicator columns printed 1090 px wide on a 703 px sheet."""
    page = browser.new_page(viewport={"width": A4_CONTENT_WIDTH, "height": 1000})
    page.emulate_media(media="print")
    page.goto(national_index.as_uri(), wait_until="load")
    assert page.locator("table.rb-headline thead th").count() >= 12
    measured = page.evaluate(OVERFLOW_JS)
    assert measured["scrollWidth"] <= A4_CONTENT_WIDTH and measured["overflowing"] == [], measured
    page.close()


def test_printed_pages_are_few_and_carry_header_banner_and_page_number(printed):
    counts = {stem: len(pages) for stem, pages in printed.items()}
    # before the print layout: 2, 21, 14 and 11 sheets; then 2, 13, 9 and 7 (some room for more text);
    # aanbod 17 with the four sections of issue 11 (forecast, households, WW, young people); with the
    # gemeente blocks and overview of issue 11 and a compact print of tiles, tables and Begrippen:
    # 2, 18, 11 and 7
    limits = {"00_kerncijfers": 3, "10_aanbod": 18, "20_vraag": 11, "30_mismatch": 9, "40_eigen": 3}
    assert all(counts[stem] <= limit for stem, limit in limits.items()), counts
    titles = {"00_kerncijfers": "Kerncijfers", "10_aanbod": "Aanbod", "20_vraag": "Vraag",
              "30_mismatch": "Mismatch", "40_eigen": "Eigen analyse"}
    for stem, pages in printed.items():
        for number, text in enumerate(pages, start=1):
            assert f"Rijnmond · {titles[stem]}" in text, (stem, number)
            assert "Demonstratiegegevens, geen CBS-cijfers" in text, (stem, number)
            assert f"pagina {number} van {len(pages)}" in text, (stem, number)


def test_printed_charts_and_tiles_are_never_split(bundle, printed):
    for stem, pages in printed.items():
        source = (bundle / "AM22-rijnmond" / f"{stem}.html").read_text(encoding="utf-8")
        flat, starts = "", []
        for text in pages:
            starts.append(len(flat))
            flat += text + " "
        page_of = lambda position: max(i for i, start in enumerate(starts) if start <= position)  # noqa: E731
        position = 0
        for title in re.findall(r'<p class="rb-figure-title">(.*?)</p>', source):
            position = flat.index(plain(title), position)
            caption = flat.index("Bron:", position)
            assert page_of(position) == page_of(caption), (stem, plain(title))
        for tile in re.findall(r'<div class="rb-tile">(.*?)</div>', source):
            parts = [plain(p) for p in re.findall(r"<p[^>]*>(.*?)</p>", tile) if plain(p)]
            pages_with = [{i for i, text in enumerate(pages) if part in text} for part in parts]
            assert set.intersection(*pages_with), (stem, parts)


def test_printed_headings_are_never_last_on_a_page(bundle, printed):
    for stem, pages in printed.items():
        source = (bundle / "AM22-rijnmond" / f"{stem}.html").read_text(encoding="utf-8")
        for heading in (plain(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", source)):
            page = next(text for text in pages if heading in text)
            after = page[page.index(heading) + len(heading):]
            after = after.replace("regiobeeld-analyse in de opbouw van Regio in Beeld (UWV)", "")
            assert len(re.sub(r"pagina \d+ van \d+", "", after).strip()) > 40, (stem, heading)


def test_printed_links_show_their_target(printed):
    assert "(https://" in " ".join(printed["10_aanbod"])


def test_render_pdf_makes_one_a4_pdf_per_region_with_all_themes(bundle, printed, tmp_path):
    notebooks = select_notebooks(PROJECT_ROOT / "notebooks")
    copy = tmp_path / "regiobeeld"
    shutil.copytree(bundle, copy)
    report = write_region_pdfs(copy, [load_region("AM22", PROJECT_ROOT / "params")], notebooks,
                               echo=lambda _: None)
    assert report.failed == [] and [p.name for p in report.written] == ["AM22-rijnmond.pdf"]
    assert report.written[0].parent == tmp_path / "regiobeeld-pdf"
    pages = pdf_pages(report.written[0])
    # each theme starts a new sheet and, as no page is wider than the sheet (see above), is printed
    # at the same scale as alone
    assert len(pages) == sum(len(p) for p in printed.values())
    first = {title: next(i for i, text in enumerate(pages) if f"Rijnmond · {title}" in text)
             for title in ("Kerncijfers", "Aanbod", "Vraag", "Mismatch")}
    assert list(first.values()) == sorted(first.values())
    assert all(f"van {len(pages)}" in text for text in pages)


def _drawn_pixels(browser, svg: str, scale: int) -> bytes:
    """The screenshot of ``svg`` as a page shows it: an ``<img>`` with its data: URI."""
    from regiobeeld.presentation.blocks import svg_data_uri

    page = browser.new_page(viewport={"width": 800, "height": 600}, device_scale_factor=scale)
    page.set_content(f'<body style="margin:0"><img src="{html.escape(svg_data_uri(svg))}"></body>')
    page.wait_for_function("document.images[0].complete")
    assert page.evaluate("document.images[0].naturalWidth") == 672      # 504 pt: drawn, not broken
    shot = page.locator("img").screenshot()
    page.close()
    return shot


@pytest.mark.parametrize("scale", [1, 2])
def test_an_own_chart_compacted_draws_the_same_pixels(browser, scale):
    import io

    plt = pytest.importorskip("matplotlib.pyplot")
    from regiobeeld.presentation.mplstyle import dutch_axis, house_style
    from regiobeeld.presentation.svgcompact import compact

    with house_style():
        fig, ax = plt.subplots()
        ax.bar(["15 tot 25 jaar", "25 tot 45 jaar"], [8.25, 3.5], label="Rijnmond")
        ax.plot([0, 1], [6.5, 3.75], "o--", label="Nederland")
        ax.set_ylabel("% van de beroepsbevolking")
        ax.legend()
        dutch_axis(ax.yaxis, 1)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(fig)
    original = buffer.getvalue()
    assert _drawn_pixels(browser, compact(original), scale) == _drawn_pixels(browser, original, scale)
