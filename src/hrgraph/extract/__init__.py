"""Text extraction: one :class:`~hrgraph.records.ExtractedDocument` per source document.

Each extractor returns pages of text; offsets of every later fact point into these page texts.
Problems are raised as :class:`ExtractionError` with a reason a user can act on.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from hrgraph.config import Settings
from hrgraph.extract.errors import ExtractionError
from hrgraph.records import ExtractedDocument, SourceDocument

EXTRACTOR_MODULES = {"pdf": "hrgraph.extract.pdf", "html": "hrgraph.extract.html", "text": "hrgraph.extract.text"}
"""The module of each media type's extractor, ``extract_<media type>``, imported by the first document of its type:
not with this package, whose errors and limits the run's own process needs without pdfplumber, pdfium, trafilatura
and Tesseract, and which the extraction children preload (a run of text files never loads those)."""


def extract(doc: SourceDocument, settings: Settings | None = None) -> ExtractedDocument:
    """Extract the pages of one document, or raise :class:`ExtractionError`."""
    settings = settings or Settings()
    if doc.media_type not in EXTRACTOR_MODULES:
        raise ExtractionError(f"unsupported file type '{Path(doc.path).suffix}' (PDF, HTML and text are read)", status="skipped")
    if doc.size == 0:
        raise ExtractionError("empty file (0 bytes)")
    if doc.size > settings.max_file_bytes:
        raise ExtractionError(f"file too large: {doc.size} bytes > limit {settings.max_file_bytes}")
    extractor = getattr(import_module(EXTRACTOR_MODULES[doc.media_type]), f"extract_{doc.media_type}")
    try:
        return extractor(doc, settings)
    except (ExtractionError, MemoryError):  # a memory error is the child's memory limit (hrgraph.extract.limits)
        raise
    except Exception as exc:  # any library failure on bad input becomes a recorded reason, never a crash
        raise ExtractionError(f"unexpected {type(exc).__name__} while extracting: {exc}") from exc


__all__ = ["ExtractionError", "extract"]
