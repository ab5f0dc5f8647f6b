"""One A4 PDF per region with all its theme pages, printed by Debian's headless Chromium.

The theme pages of a region are joined into one HTML document (each theme keeps its own
named ``@page``, so the running header names the theme and page numbers run on) and
printed with ``chromium --headless --print-to-pdf`` in a fresh profile. Nothing is
downloaded: without ``/usr/bin/chromium`` the command says so and prints nothing.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import RegiobeeldError

__all__ = ["CHROMIUM", "CHROMIUM_FLAGS", "PdfReport", "require_chromium", "region_document",
           "print_pdf", "write_region_pdfs", "pdf_dir"]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--no-pdf-header-footer")
#: Seconds one region may take to print; generous, for a busy 2-core machine.
PRINT_TIMEOUT = 600
_PRINT_STYLE = re.compile(r'<style class="rb-print">(.*?)</style>', re.DOTALL)
_BODY = re.compile(r"<body([^>]*)>(.*)</body>", re.DOTALL)


@dataclass
class PdfReport:
    """The PDFs written and the regions that could not be printed (region, reason)."""

    folder: Path
    written: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def require_chromium(path: Path | None = None) -> Path:
    """Chromium's path (default :data:`CHROMIUM`) when it is installed, else a clear Dutch error."""
    path = Path(path or CHROMIUM)
    if not path.is_file() or not os.access(path, os.X_OK):
        raise RegiobeeldError(
            f"Voor --pdf is Chromium nodig ({path}), maar dat is niet geïnstalleerd. "
            "Installeer het Debian-pakket met 'apt-get install chromium', of laat --pdf weg "
            "(de HTML-pagina's kunnen ook vanuit de browser als PDF worden afgedrukt).")
    return path


def pdf_dir(bundle: Path) -> Path:
    """``outputs/regiobeeld-pdf``: the PDFs live next to the bundle, never inside it."""
    return Path(bundle).with_name(f"{Path(bundle).name}-pdf")


def region_document(pages: list[str], title: str) -> str:
    """One printable HTML document from a region's theme pages (complete HTML each)."""
    from ..presentation.blocks import escape
    from .htmlexport import house_css

    styles, bodies = [], []
    for html in pages:
        styles.extend(_PRINT_STYLE.findall(html))
        body = _BODY.search(html)
        if body is None:
            raise RegiobeeldError("Een themapagina heeft geen <body>; de bundel is beschadigd.")
        bodies.append(f"<div{body.group(1)}>{body.group(2)}</div>")
    return ('<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(title)}</title>\n<style>\n{house_css()}\n</style>\n"
            + "".join(f'<style class="rb-print">{css}</style>\n' for css in styles)
            + "</head>\n<body>\n" + "\n".join(bodies) + "\n</body>\n</html>\n")


def print_pdf(html: Path, pdf: Path, chromium: Path = CHROMIUM, timeout: float = PRINT_TIMEOUT) -> None:
    """Print ``html`` to ``pdf`` (A4, as the page's print stylesheet says); the PDF appears
    only when complete."""
    pdf = Path(pdf)
    partial = pdf.with_name(f".{pdf.name}.part")
    with tempfile.TemporaryDirectory(prefix="regiobeeld-chromium-") as profile:
        command = [str(chromium), *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                   f"--print-to-pdf={partial}", Path(html).resolve().as_uri()]
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, start_new_session=True)
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            partial.unlink(missing_ok=True)
            raise RegiobeeldError(f"Chromium was na {timeout:.0f} s niet klaar met afdrukken.") from None
    if process.returncode != 0 or not _is_pdf(partial):
        partial.unlink(missing_ok=True)
        last = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["geen melding"]
        raise RegiobeeldError(f"Chromium kon de PDF niet maken (code {process.returncode}: {last[0]}).")
    os.replace(partial, pdf)


def _is_pdf(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(5) == b"%PDF-"
    except OSError:
        return False


def write_region_pdfs(bundle: Path, regions, notebooks, chromium: Path = CHROMIUM,
                      echo=print) -> PdfReport:
    """Per region of ``bundle`` one PDF with its theme pages in ``notebooks`` order; a region
    that fails to print is reported and the others go on."""
    from ..core.naming import index_title
    from .bundle import check_folder, mark, region_folder

    report = PdfReport(pdf_dir(bundle))
    check_folder(report.folder, "geen PDF-map van regiobeeld")
    report.folder.mkdir(parents=True, exist_ok=True)
    mark(report.folder)
    with tempfile.TemporaryDirectory(prefix="regiobeeld-pdf-") as work:
        for region in regions:
            folder = region_folder(region)
            paths = [Path(bundle) / folder / f"{nb.stem}.html" for nb in notebooks]
            try:
                pages = [path.read_text(encoding="utf-8") for path in paths if path.is_file()]
                if not pages:
                    raise RegiobeeldError("geen pagina's in de bundel")
                document = Path(work) / f"{folder}.html"
                document.write_text(region_document(pages, index_title(region.name)), encoding="utf-8")
                target = report.folder / f"{folder}.pdf"
                print_pdf(document, target, chromium)
            except (OSError, RegiobeeldError) as exc:
                report.failed.append((region.code, str(exc)))
                echo(f"  PDF MISLUKT {region.code}: {exc}")
                continue
            report.written.append(target)
    echo(f"PDF: {len(report.written)} van {len(regions)} regio's afgedrukt in {report.folder}.")
    return report
