"""PDF extraction: reading order of columns, running headers/footers, hyphenation, tables, OCR, Köln minutes."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures_docs import (
    HEADER,
    LEFT_SENTENCES,
    RIGHT_SENTENCES,
    TABLE_ROWS,
    TOPICS,
    odd_grey_pdf,
    scan_pdf,
    table_pdf,
    text_pdf,
    two_column_pdf,
)

from hrgraph.config import Settings
from hrgraph.extract import ExtractionError, extract
from hrgraph.extract import pdf as pdf_module
from hrgraph.extract.layout import dehyphenate
from hrgraph.sources.files import source_document

SHARED_PDF = Path(__file__).resolve().parents[2] / "shared" / "documents" / "pdf"
BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "reading_order.py"
HAS_TESSERACT = shutil.which("tesseract") is not None


def extract_path(path: Path, **settings):
    return extract(source_document(path), Settings(**settings))


@pytest.fixture(scope="module")
def two_column(tmp_path_factory):
    return extract_path(two_column_pdf(tmp_path_factory.mktemp("pdf") / "zwei_spalten.pdf"), ocr=False)


def test_two_columns_are_read_column_by_column(two_column):
    for page in two_column.pages:
        text = page.text
        title = text.index(f"Tagesordnungspunkt {page.number}")
        left = [text.index(s.split(":")[0] + ":") for s in LEFT_SENTENCES]
        right = [text.index(s.split(":")[0] + ":") for s in RIGHT_SENTENCES]
        assert title < left[0]
        assert left == sorted(left) and right == sorted(right)
        assert left[-1] < right[0], "the whole left column comes before the right column"
        for sentence in LEFT_SENTENCES + RIGHT_SENTENCES:
            assert f"{TOPICS[page.number - 1]}. {sentence}" in text.replace("\n", " ")


def test_running_header_and_page_numbers_are_removed_after_the_first_page(two_column):
    first, *others = two_column.pages
    assert first.text.startswith(HEADER), "on the first page the running header is the letterhead"
    for page in others:
        assert HEADER not in page.text
    for page in two_column.pages:
        assert f"Seite {page.number} von 3" not in page.text
    assert HEADER in two_column.metadata["removed_running_lines"]


def test_line_end_hyphenation_is_joined(two_column):
    text = two_column.pages[0].text
    assert "öffentlichen Gesundheit und der Gesundheits- und Sozialwirtschaft" in text


@pytest.mark.parametrize(
    "broken, joined",
    [
        ("Gesund-\nheit", "Gesundheit"),
        ("Gesundheits-\nund Sozialwesen", "Gesundheits-\nund Sozialwesen"),
        ("AfD-\nFraktion", "AfD-Fraktion"),
        ("Seite 3 -\nweiter", "Seite 3 -\nweiter"),
        ("Bedien\u00ad\nstete", "Bedienstete"),
    ],
)
def test_dehyphenate(broken, joined):
    assert dehyphenate(broken) == joined


def test_date_line_of_first_page_is_metadata(tmp_path):
    doc = extract_path(text_pdf(tmp_path / "brief.pdf", text="Hildesheim, 25.11.2022"))
    assert doc.metadata["date"] == "2022-11-25"


def test_table_is_kept_as_rows(tmp_path):
    text = extract_path(table_pdf(tmp_path / "haushalt.pdf")).pages[0].text
    for row in TABLE_ROWS:
        assert "\t".join(row) in text
    assert text.count("120.000") == 1, "table cells are not repeated in the flowing text"
    assert text.index("sieht folgende Ansätze vor") < text.index("Posten\t") < text.index("Der Rat stimmt")


def test_scan_without_ocr_needs_ocr(tmp_path):
    with pytest.raises(ExtractionError) as error:
        extract_path(scan_pdf(tmp_path / "scan.pdf"), ocr=False)
    assert error.value.status == "needs_ocr"
    assert "no text layer on page(s) 1" in error.value.reason


def test_scan_without_tesseract_needs_ocr(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_module, "ocr_unavailable", lambda: "tesseract is not installed")
    with pytest.raises(ExtractionError) as error:
        extract_path(scan_pdf(tmp_path / "scan.pdf"))
    assert error.value.status == "needs_ocr"
    assert "tesseract is not installed" in error.value.reason


def test_page_pdfplumber_cannot_parse_falls_back_to_pdfium(tmp_path, monkeypatch):
    original = pdf_module.PageLayout.read

    def fail_on_page_two(page):
        if page.page_number == 2:
            raise ValueError("Non-Ascii85 digit found")
        return original(page)

    monkeypatch.setattr(pdf_module.PageLayout, "read", staticmethod(fail_on_page_two))
    monkeypatch.setattr(pdf_module.pdfium_words, "may_hold_table", lambda page: True)  # read every page with pdfplumber
    doc = extract_path(text_pdf(tmp_path / "drei.pdf", pages=3, text="Bericht des Kämmerers"))
    assert [page.method for page in doc.pages] == ["pdfplumber", "pdfium", "pdfplumber"]
    assert "Bericht des Kämmerers" in doc.pages[1].text
    assert "Non-Ascii85" in doc.metadata["parse_error"]


def test_stamped_scan_needs_ocr(tmp_path):
    """A scan with a few characters of real text (an archive stamp) is still a scan, not a nearly empty page."""
    with pytest.raises(ExtractionError) as error:
        extract_path(scan_pdf(tmp_path / "scan.pdf", stamp="Eingang 03.02.2023"), ocr=False)
    assert error.value.status == "needs_ocr"


@pytest.mark.skipif(not HAS_TESSERACT, reason="tesseract is not installed")
def test_scan_is_ocred(tmp_path):
    doc = extract_path(scan_pdf(tmp_path / "scan.pdf"))
    assert doc.pages[0].method == "ocr"
    assert "Nordstemmen" in doc.pages[0].text
    assert "Verkehrsschau" in doc.pages[0].text


def test_a_librarys_warning_about_a_page_stays_off_the_console(tmp_path):
    """pdfminer's warning reaches the log at debug level, not the console; the extraction child runs the library."""
    path = odd_grey_pdf(tmp_path / "grau.pdf")
    code = ("import sys; from pathlib import Path; from hrgraph.config import Settings; from hrgraph.extract.limits "
            "import extract_limited; from hrgraph.sources.files import source_document; "
            "print(extract_limited(source_document(Path(sys.argv[1])), Settings()).pages[0].text)")
    run = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    assert "Muster GmbH\tHannover" in run.stdout
    assert run.stderr == ""


@pytest.mark.parametrize(("given", "seen"), [(None, "1"), ("3", "3")])
def test_tesseract_runs_one_thread_unless_told_otherwise(given, seen):
    """Tesseract's OpenMP threads slow a page down several times on a busy machine: one, unless the user set it."""
    env = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"}
    if given:
        env["OMP_THREAD_LIMIT"] = given
    code = "import os, hrgraph.extract.ocr; print(os.environ['OMP_THREAD_LIMIT'])"
    assert subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          check=True).stdout.strip() == seen


@pytest.mark.skipif(not SHARED_PDF.is_dir(), reason="shared documents are not available")
@pytest.mark.parametrize("name", ["koeln_rat_wortprotokoll_01_20201105.pdf", "koeln_rat_wortprotokoll_02_20201203.pdf"])
def test_koeln_minutes_reading_order(name):
    spec = importlib.util.spec_from_file_location("reading_order", BENCHMARK)
    reading_order = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reading_order)
    result = reading_order.measure(SHARED_PDF / name)
    assert result["pages"] >= 10
    assert result["found"] >= 0.99
    assert result["in_order"] >= 0.95
    assert result["baseline_in_order"] < 0.8, "the measure tells a column-mixing reader apart"


@pytest.mark.skipif(not SHARED_PDF.is_dir(), reason="shared documents are not available")
def test_koeln_running_header_removed():
    doc = extract_path(SHARED_PDF / "koeln_rat_wortprotokoll_01_20201105.pdf", ocr=False)
    assert not any("Sitzung vom 5. November 2020 Seite" in page.text for page in doc.pages)
    assert "Zuschauertribüne" in doc.pages[0].text
