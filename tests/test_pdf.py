"""`regiobeeld render --pdf` without a browser: the region document and the message when
Chromium is missing (the printing itself is checked in test_browser.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from regiobeeld import cli
from regiobeeld.batch import pdf
from regiobeeld.core.errors import RegiobeeldError


def page(stem: str, body: str) -> str:
    return (f'<html><head><style>.x{{}}</style><style class="rb-print">@page rb-print-{stem} {{}}</style>'
            f'</head><body class="rb-print-{stem}">{body}</body></html>')


def test_region_document_keeps_each_theme_on_its_own_named_pages():
    document = pdf.region_document([page("00-kerncijfers", "<h1>K</h1>"), page("10-aanbod", "<h1>A</h1>")],
                                   "Rijnmond & co")
    assert document.count('<style class="rb-print">') == 2
    assert '<div class="rb-print-00-kerncijfers"><h1>K</h1></div>' in document
    assert document.index("rb-print-00-kerncijfers\"><h1>K") < document.index("rb-print-10-aanbod\"><h1>A")
    assert "<title>Rijnmond &amp; co</title>" in document
    assert "size: A4" in document                                   # the house print stylesheet


def test_region_document_refuses_a_page_without_body():
    with pytest.raises(RegiobeeldError, match="body"):
        pdf.region_document(["<html>kapot"], "x")


def test_missing_chromium_is_named_in_dutch(tmp_path):
    with pytest.raises(RegiobeeldError, match="apt-get install chromium"):
        pdf.require_chromium(tmp_path / "chromium")


def test_render_pdf_without_chromium_stops_before_any_work(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(pdf, "CHROMIUM", tmp_path / "geen-chromium")
    code = cli.main(["render", "--regio", "AM22", "--pdf", "--uit", str(tmp_path / "out"),
                     "--geen-voortgang"])
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("Fout: Voor --pdf is Chromium nodig") and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_pdfs_live_next_to_the_bundle():
    assert pdf.pdf_dir(Path("outputs/regiobeeld")) == Path("outputs/regiobeeld-pdf")


def test_render_pdf_never_writes_into_a_folder_of_the_users(tmp_path, monkeypatch, capsys):
    """The PDF folder beside the bundle is ours or absent; a user's folder of that name stays."""
    monkeypatch.setattr(pdf, "CHROMIUM", Path("/bin/true"))          # present: the check comes next
    own = tmp_path / "out" / "regiobeeld-pdf"
    own.mkdir(parents=True)
    (own / "am22-rijnmond.pdf").write_bytes(b"mijn eigen document")
    code = cli.main(["render", "--regio", "AM22", "--pdf", "--uit", str(tmp_path / "out"), "--geen-voortgang"])
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith(f"Fout: {own} bestaat al en is geen PDF-map van regiobeeld") and err.count("\n") == 1
    assert (own / "am22-rijnmond.pdf").read_bytes() == b"mijn eigen document"
    assert not (tmp_path / "out" / "regiobeeld").exists()
