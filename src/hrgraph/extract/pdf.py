"""PDF documents: pypdfium2 opens and checks the file (encryption, page count, text layer, rendering for OCR),
pdfplumber reads the layout of pages with a text layer (see :mod:`hrgraph.extract.layout`),
Tesseract reads pages without one (see :mod:`hrgraph.extract.ocr`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

from hrgraph.config import Settings
from hrgraph.extract.errors import ExtractionError
from hrgraph.extract.guards import INFLATE_LIMIT_FACTOR, check_pdf_inflation, check_pdf_signature
from hrgraph.extract.layout import Block, dehyphenate, page_text, page_words, rows_of, running_lines, table_blocks
from hrgraph.extract.ocr import ocr_page, ocr_unavailable
from hrgraph.records import ExtractedDocument, Page, SourceDocument


@dataclass
class PageLayout:
    """What the layout reader needs of one page, gathered in one pass so each pdfplumber page can be closed."""

    rows: list[list[dict]]
    tables: list[Block]
    x0: float
    x1: float
    height: float


def open_pdfium(raw: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ExtractionError("encrypted PDF: a password is required to open it") from exc
        raise ExtractionError(f"corrupt or unreadable PDF (pdfium: {exc})") from exc


def lacks_text_layer(page: pdfium.PdfPage) -> bool:
    """A page with visible content (images, drawings) but no characters: a scan that needs OCR."""
    return page.get_textpage().count_chars() == 0 and next(page.get_objects(), None) is not None


def read_layouts(path: str, skip: set[int]) -> list[PageLayout | None]:
    """Words and ruled tables of every page not in ``skip`` (0-based), via pdfplumber."""
    layouts: list[PageLayout | None] = []
    try:
        with pdfplumber.open(path) as pdf:
            for index, page in enumerate(pdf.pages):
                if index in skip:
                    layouts.append(None)
                    continue
                tables = table_blocks(page) if page.rects or page.lines else []
                layouts.append(PageLayout(rows_of(page_words(page)), tables, float(page.bbox[0]), float(page.bbox[2]), float(page.height)))
                page.close()
    except ExtractionError:
        raise
    except Exception as exc:  # pdfminer raises many types for damaged files
        raise ExtractionError(f"PDF cannot be parsed (pdfplumber: {type(exc).__name__}: {exc})") from exc
    return layouts


def extract_pdf(doc: SourceDocument, settings: Settings) -> ExtractedDocument:
    raw = Path(doc.path).read_bytes()
    check_pdf_signature(raw)
    check_pdf_inflation(raw, INFLATE_LIMIT_FACTOR * settings.max_file_bytes)
    pdf = open_pdfium(raw)
    try:
        if len(pdf) == 0:
            raise ExtractionError("PDF has no pages")
        if len(pdf) > settings.max_pages:
            raise ExtractionError(f"too many pages: {len(pdf)} > limit {settings.max_pages}")
        scanned = {i for i in range(len(pdf)) if lacks_text_layer(pdf[i])}
        if scanned:
            why_not = "OCR is disabled (Settings.ocr=False)" if not settings.ocr else ocr_unavailable()
            if why_not:
                numbers = ", ".join(str(i + 1) for i in sorted(scanned))
                raise ExtractionError(f"no text layer on page(s) {numbers}; {why_not}", status="needs_ocr")
        ocr_texts = {i: dehyphenate(ocr_page(pdf[i]).strip()) for i in sorted(scanned)}
    finally:
        pdf.close()

    layouts = read_layouts(doc.path, skip=scanned)
    dropped = running_lines([layout.rows if layout else [] for layout in layouts], [layout.height if layout else 0.0 for layout in layouts])
    pages = []
    for index, layout in enumerate(layouts):
        if layout is None:
            pages.append(Page(number=index + 1, text=ocr_texts[index], method="ocr"))
        else:
            text = page_text(layout.rows, layout.tables, dropped[index], layout.x0, layout.x1)
            pages.append(Page(number=index + 1, text=text, method="pdfplumber"))
    if not any(page.text.strip() for page in pages):
        reason = "OCR found no text on any page" if scanned else "no text on any page"
        raise ExtractionError(reason)
    removed = sorted({" ".join(w["text"] for w in l.rows[i]) for l, d in zip(layouts, dropped) if l for i in d})
    return ExtractedDocument(doc=doc, pages=pages, metadata={"removed_running_lines": removed[:50]})
