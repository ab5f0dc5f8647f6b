"""The bundle in a real headless Chromium (Debian's /usr/bin/chromium, never a download):
pages render, images load, nothing is requested from the network, no console errors."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from regiobeeld.runner import RenderOptions, render
from regiobeeld.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
#: Kept for a human to look at (the path is printed); overwritten on every run.
SCREENSHOT_DIR = Path(os.environ.get("REGIOBEELD_SCREENSHOTS", "/tmp/regiobeeld-screenshots"))


def chromium_or_skip() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} ontbreekt in CI: installeer Debian's pakket 'chromium'.")
    pytest.skip(f"{CHROMIUM} ontbreekt (apt-get install chromium); in CI is dit een fout.")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """The real notebooks for Rijnmond on the demonstration data."""
    chromium_or_skip()
    tmp = tmp_path_factory.mktemp("browser")
    options = RenderOptions(regions=("AM22",), notebooks_dir=PROJECT_ROOT / "notebooks",
                            out_dir=tmp / "out", jobs=2, progress=False)
    report = render(options, Settings(source="demo", cache_root=tmp / "cache"), echo=lambda _: None)
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
    assert page.title() == "Regio in Beeld · overzicht van de arbeidsmarktregio's"
    assert page.locator("h1").first.inner_text() == "Regio in Beeld: de arbeidsmarktregio's"
    assert page.locator(".rb-map-tile").count() == 35
    assert page.locator("a.rb-map-tile").count() == 1            # only Rijnmond is in this bundle
    assert "Demonstratiegegevens, geen CBS-cijfers" in page.inner_text("body")
    assert keep(page, tmp_path, "index.png").stat().st_size > 10_000
    assert non_file(requests) == []
    assert errors == []
    page.close()


def test_theme_page_renders_images_and_navigation(browser, bundle, tmp_path):
    page, requests, errors = open_page(browser, bundle / "AM22-rijnmond" / "10_aanbod.html")
    assert page.title() == "Regio in Beeld · Rijnmond · Aanbod"
    assert page.locator("h1").count() >= 1
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
