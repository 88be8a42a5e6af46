"""PDF documents with pdfplumber, text per page."""

from __future__ import annotations

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError

from hrgraph.config import Settings
from hrgraph.extract.errors import ExtractionError
from hrgraph.records import ExtractedDocument, Page, SourceDocument


def extract_pdf(doc: SourceDocument, settings: Settings) -> ExtractedDocument:
    try:
        pdf = pdfplumber.open(doc.path)
    except PDFSyntaxError as exc:
        raise ExtractionError(f"not a readable PDF: {exc}") from exc
    except Exception as exc:  # pdfminer raises many types for broken or encrypted files
        raise ExtractionError(f"cannot open PDF: {type(exc).__name__}: {exc}") from exc
    with pdf:
        if len(pdf.pages) > settings.max_pages:
            raise ExtractionError(f"too many pages: {len(pdf.pages)} > limit {settings.max_pages}")
        pages = [Page(number=i, text=page.extract_text() or "", method="pdfplumber") for i, page in enumerate(pdf.pages, 1)]
    if not any(p.text.strip() for p in pages):
        raise ExtractionError("no text layer on any page (scanned document)", status="needs_ocr")
    return ExtractedDocument(doc=doc, pages=pages, metadata={})
