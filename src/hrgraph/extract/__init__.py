"""Text extraction: one :class:`~hrgraph.records.ExtractedDocument` per source document.

Each extractor returns pages of text; offsets of every later fact point into these page texts.
Problems are raised as :class:`ExtractionError` with a reason a user can act on.
"""

from __future__ import annotations

from pathlib import Path

from hrgraph.config import Settings
from hrgraph.extract.errors import ExtractionError
from hrgraph.extract.html import extract_html
from hrgraph.extract.pdf import extract_pdf
from hrgraph.extract.text import extract_text
from hrgraph.records import ExtractedDocument, SourceDocument

EXTRACTORS = {"pdf": extract_pdf, "html": extract_html, "text": extract_text}


def extract(doc: SourceDocument, settings: Settings | None = None) -> ExtractedDocument:
    """Extract the pages of one document, or raise :class:`ExtractionError`."""
    settings = settings or Settings()
    extractor = EXTRACTORS.get(doc.media_type)
    if extractor is None:
        raise ExtractionError(f"unsupported file type '{Path(doc.path).suffix}' (PDF, HTML and text are read)", status="skipped")
    if doc.size == 0:
        raise ExtractionError("empty file (0 bytes)")
    if doc.size > settings.max_file_bytes:
        raise ExtractionError(f"file too large: {doc.size} bytes > limit {settings.max_file_bytes}")
    try:
        return extractor(doc, settings)
    except (ExtractionError, MemoryError):  # a memory error is the child's memory limit (hrgraph.extract.limits)
        raise
    except Exception as exc:  # any library failure on bad input becomes a recorded reason, never a crash
        raise ExtractionError(f"unexpected {type(exc).__name__} while extracting: {exc}") from exc


__all__ = ["ExtractionError", "extract"]
