"""Compare the charts of two bundles as a reader sees them, in Chromium (issue 13). Prints figures.

    .venv/bin/python bench/svg_pixels.py BEFORE_BUNDLE AFTER_BUNDLE [--regions AM22 AM01 ...] [--keep DIR]

Every chart embedded in the pages of the chosen regions (``<img>`` with a ``data:`` URI) is
drawn by Debian's Chromium as the page draws it, at device scale 1 and 2, in both bundles;
charts are paired by region, page and place on the page. Per chart kind (a page's n-th
figure, named by its title in the first region) it prints the chart bytes before and after
(unescaped SVG), the share of pixels that differ and the largest difference of one colour
channel (0-255), both the worst over the regions; a size that differs counts as every pixel.
``--keep`` writes the screenshots of each differing pair there, to look at.
"""

from __future__ import annotations

import argparse
import html
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import numpy as np
from PIL import Image
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
FIGURE = re.compile(r'<figure class="rb-figure">(?:<p class="rb-figure-title">([^<]*)</p>)?'
                    r'<img src="(data:image/svg\+xml;charset=utf-8,[^"]*)"')
SCALES = (1, 2)
LIMIT = 0.5     # % of a chart's pixels that may differ at 1x (anti-aliasing only)


@dataclass
class Kind:
    """One chart kind over the regions: bytes and the worst pixel difference per scale."""

    title: str
    before: int = 0
    after: int = 0
    count: int = 0
    share: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    channel: dict[int, int] = field(default_factory=lambda: defaultdict(int))


def figures(page: Path) -> list[tuple[str, str]]:
    """(title, data URI) of every chart on ``page``, in page order."""
    return [(html.unescape(title or ""), html.unescape(uri)) for title, uri in FIGURE.findall(page.read_text("utf-8"))]


def svg_bytes(uri: str) -> int:
    return len(unquote(uri.partition(",")[2]).encode("utf-8"))


def shot(page, uri: str) -> np.ndarray:
    """The chart as Chromium draws it in an ``<img>``, as an RGB array."""
    page.set_content(f'<html><body style="margin:0;background:#fff"><img src="{html.escape(uri)}"></body></html>')
    page.wait_for_function("document.images[0].complete")
    return np.asarray(Image.open(io.BytesIO(page.locator("img").screenshot())).convert("RGB"))


def difference(one: np.ndarray, other: np.ndarray) -> tuple[float, int]:
    """% of pixels that differ and the largest channel difference (a size change: 100 %, 255)."""
    if one.shape != other.shape:
        return 100.0, 255
    delta = np.abs(one.astype(np.int16) - other.astype(np.int16))
    return float(delta.any(axis=2).mean() * 100), int(delta.max())


def compare(before: Path, after: Path, regions: list[str], keep: Path | None) -> dict[str, Kind]:
    kinds: dict[str, Kind] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pages = {scale: browser.new_page(viewport={"width": 1200, "height": 900}, device_scale_factor=scale)
                 for scale in SCALES}
        for region in regions:
            for old_page in sorted(next(before.glob(f"{region}-*")).glob("*.html")):
                new_page = after / old_page.relative_to(before)
                old, new = figures(old_page), figures(new_page)
                assert len(old) == len(new), f"{new_page}: {len(new)} charts, before {len(old)}"
                for number, ((title, old_uri), (_, new_uri)) in enumerate(zip(old, new)):
                    name = f"{old_page.stem} #{number:02d}"
                    kind = kinds.setdefault(name, Kind(title))
                    kind.before += svg_bytes(old_uri)
                    kind.after += svg_bytes(new_uri)
                    kind.count += 1
                    for scale, page in pages.items():
                        one, other = shot(page, old_uri), shot(page, new_uri)
                        share, channel = difference(one, other)
                        kind.share[scale] = max(kind.share[scale], share)
                        kind.channel[scale] = max(kind.channel[scale], channel)
                        if keep and share:
                            stem = f"{region}-{old_page.stem}-{number:02d}-{scale}x"
                            Image.fromarray(one).save(keep / f"{stem}-before.png")
                            Image.fromarray(other).save(keep / f"{stem}-after.png")
        browser.close()
    return kinds


def report(kinds: dict[str, Kind]) -> None:
    print(f"{'chart kind':64} {'before':>8} {'after':>8}  " + "  ".join(f"{s}x: px %  max" for s in SCALES))
    for name, kind in sorted(kinds.items()):
        label = f"{name} {kind.title}"[:64]
        print(f"{label:64} {kind.before / kind.count / 1024:6.1f}KB {kind.after / kind.count / 1024:6.1f}KB  "
              + "  ".join(f"{kind.share[s]:10.3f} {kind.channel[s]:4d}" for s in SCALES))
    before, after = sum(k.before for k in kinds.values()), sum(k.after for k in kinds.values())
    worst = max(k.share[1] for k in kinds.values())
    print(f"all {sum(k.count for k in kinds.values())} charts: {before / 1024:.0f} -> {after / 1024:.0f} KB "
          f"({after / before:.1%}); worst share of differing pixels at 1x {worst:.3f} % "
          f"({'within' if worst <= LIMIT else 'OVER'} the limit of {LIMIT} %)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--regions", nargs="+", default=["AM22", "AM01", "AM18", "AM30"])
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    report(compare(args.before, args.after, args.regions, args.keep))


if __name__ == "__main__":
    main()
