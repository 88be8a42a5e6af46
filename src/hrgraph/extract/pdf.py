"""PDF documents: pypdfium2 opens and checks the file (encryption, page count, text layer, rendering for OCR) and
reads the words of pages that cannot hold a ruled table (see :mod:`hrgraph.extract.pdfium_words`); pdfplumber
reads the words and tables of the others; :mod:`hrgraph.extract.layout` puts either into reading order;
Tesseract reads scanned pages (see :mod:`hrgraph.extract.ocr`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.page import Page as PlumberPage

from hrgraph.config import Settings
from hrgraph.extract import pdfium_words
from hrgraph.extract.errors import ExtractionError
from hrgraph.extract.guards import (
    INFLATE_LIMIT_FACTOR,
    check_pdf_inflation,
    check_pdf_signature,
)
from hrgraph.extract.layout import (
    Block,
    dehyphenate,
    level_text,
    page_text,
    page_words,
    rows_of,
    running_lines,
    table_blocks,
)
from hrgraph.extract.limits import allow_more_time
from hrgraph.extract.metadata import head_metadata
from hrgraph.extract.ocr import ocr_page, ocr_unavailable
from hrgraph.records import ExtractedDocument, Page, SourceDocument

SCAN_MAX_CHARS = 40
"""A page with an image over most of it and at most this many characters (a stamp, a page number) is a scan."""

SCAN_MIN_IMAGE_SHARE = 0.5
"""... where 'most of it' means images covering at least this share of the page area."""

MAX_REPORTED_RUNNING_LINES = 50


@dataclass
class PageLayout:
    """What the layout reader needs of one page, read in one pass so that each pdfplumber page can be closed."""

    rows: list[list[dict]]
    tables: list[Block]
    x0: float
    x1: float
    height: float
    method: str = "pdfplumber"

    @classmethod
    def read(cls, page: PlumberPage) -> PageLayout:
        page = level_text(page)
        tables = table_blocks(page) if page.rects or page.lines else []
        return cls(rows_of(page_words(page)), tables, float(page.bbox[0]), float(page.bbox[2]), float(page.height))

    @classmethod
    def read_pdfium(cls, page: pdfium.PdfPage) -> PageLayout:
        """The layout of a page without a ruled table, from pdfium's words (crop box coordinates)."""
        left, bottom, right, top = page.get_cropbox()
        return cls(rows_of(pdfium_words.page_words(page)), [], 0.0, float(right - left), float(top - bottom), "pdfium-layout")


def open_pdfium(raw: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ExtractionError("encrypted PDF: a password is required to open it") from exc
        raise ExtractionError(f"corrupt or unreadable PDF (pdfium: {exc})") from exc


def image_share(page: pdfium.PdfPage) -> float:
    """Share of the page area covered by image objects (overlaps counted twice, capped at 1)."""
    width, height = page.get_size()
    covered = 0.0
    for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        left, bottom, right, top = image.get_pos()
        covered += abs(right - left) * abs(top - bottom)
    return min(1.0, covered / (width * height)) if width and height else 0.0


def is_scan(page: pdfium.PdfPage, chars: int) -> bool:
    """A page that needs OCR: visible content without text, or a full-page image with only a few characters."""
    try:
        if chars == 0:
            return next(page.get_objects(), None) is not None
        return chars <= SCAN_MAX_CHARS and image_share(page) >= SCAN_MIN_IMAGE_SHARE
    except pdfium.PdfiumError:  # damaged page objects: nothing that could be rendered for OCR either
        return False


def read_layouts(path: str, pdf: pdfium.PdfDocument) -> tuple[dict[int, PageLayout], str | None]:
    """Layouts of the pages that can be read (0-based page index -> layout), and the first error: pdfium's words
    for pages that cannot hold a ruled table, pdfplumber's words and tables for the others (and for pages
    pdfium fails on)."""
    layouts: dict[int, PageLayout] = {}
    for index in range(len(pdf)):
        try:
            if not pdfium_words.may_hold_table(pdf[index]):
                layouts[index] = PageLayout.read_pdfium(pdf[index])
        except pdfium.PdfiumError:
            pass
    error = None
    if len(layouts) == len(pdf):
        return layouts, error
    try:
        with pdfplumber.open(path) as plumber:
            for index, page in enumerate(plumber.pages):
                if index in layouts:
                    continue
                try:
                    layouts[index] = PageLayout.read(page)
                except Exception as exc:  # pdfminer raises many types for damaged streams
                    error = error or f"{type(exc).__name__}: {exc}"
                page.close()
    except Exception as exc:
        error = error or f"{type(exc).__name__}: {exc}"
    return layouts, error


def pdfium_text(page: pdfium.PdfPage) -> str:
    """Plain text of a page that pdfplumber could not parse (no layout analysis)."""
    try:
        return dehyphenate(page.get_textpage().get_text_bounded().replace("\r\n", "\n").strip())
    except pdfium.PdfiumError:
        return ""


def ocr_texts(pdf: pdfium.PdfDocument, scans: list[int], settings: Settings) -> dict[int, str]:
    """OCR text of the scanned pages (0-based page index -> text); raises needs_ocr when OCR cannot run."""
    if not scans:
        return {}
    why_not = "OCR is disabled (Settings.ocr=False)" if not settings.ocr else ocr_unavailable()
    if why_not:
        numbers = ", ".join(str(i + 1) for i in scans)
        raise ExtractionError(f"no text layer on page(s) {numbers}; {why_not}", status="needs_ocr")
    allow_more_time(len(scans) * settings.ocr_page_seconds)
    return {i: dehyphenate(ocr_page(pdf[i], i + 1).strip()) for i in scans}


def char_count(pdf: pdfium.PdfDocument, index: int, layout: PageLayout | None) -> int:
    if layout is not None:
        return sum(len(word["text"]) for row in layout.rows for word in row)
    try:
        return pdf[index].get_textpage().count_chars()
    except pdfium.PdfiumError:
        return 0


def extract_pdf(doc: SourceDocument, settings: Settings) -> ExtractedDocument:
    """Pages read by their layout (:func:`read_layouts`); scanned pages by OCR; pages no layout could be read of
    by pdfium's plain text."""
    raw = Path(doc.path).read_bytes()
    check_pdf_signature(raw)
    check_pdf_inflation(raw, INFLATE_LIMIT_FACTOR * settings.max_file_bytes)
    pdf = open_pdfium(raw)
    try:
        page_count = len(pdf)
        if page_count == 0:
            raise ExtractionError("PDF has no pages")
        if page_count > settings.max_pages:
            raise ExtractionError(f"too many pages: {page_count} > limit {settings.max_pages}")
        layouts, parse_error = read_layouts(doc.path, pdf)
        scans = [i for i in range(page_count) if is_scan(pdf[i], char_count(pdf, i, layouts.get(i)))]
        special = {i: (text, "ocr") for i, text in ocr_texts(pdf, scans, settings).items()}
        special.update({i: (pdfium_text(pdf[i]), "pdfium") for i in range(page_count) if i not in layouts and i not in special})
    finally:
        pdf.close()

    empty = PageLayout([], [], 0.0, 0.0, 0.0)
    ordered = [layouts[i] if i in layouts and i not in special else empty for i in range(page_count)]
    dropped = running_lines([layout.rows for layout in ordered], [layout.height for layout in ordered])
    pages = []
    for index, layout in enumerate(ordered):
        if index in special:
            text, method = special[index]
        else:
            text, method = page_text(layout.rows, layout.tables, dropped[index], layout.x0, layout.x1), layout.method
        pages.append(Page(number=index + 1, text=text, method=method))
    if not any(page.text.strip() for page in pages):
        if parse_error:
            raise ExtractionError(f"PDF cannot be parsed (pdfplumber: {parse_error}) and pdfium finds no text")
        raise ExtractionError("OCR found no text on any page" if scans else "no text on any page")
    removed = {" ".join(w["text"] for w in layout.rows[i]) for layout, rows in zip(ordered, dropped, strict=True) for i in rows}
    first_text = next(page.text for page in pages if page.text.strip())
    metadata = {**head_metadata(first_text), "removed_running_lines": sorted(removed)[:MAX_REPORTED_RUNNING_LINES]}
    if parse_error:
        metadata["parse_error"] = parse_error
    return ExtractedDocument(doc=doc, pages=pages, metadata=metadata)
