"""Plain-text documents with encoding detection."""

from __future__ import annotations

from pathlib import Path

from charset_normalizer import from_bytes

from hrgraph.config import Settings
from hrgraph.extract.errors import ExtractionError
from hrgraph.records import ExtractedDocument, Page, SourceDocument


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 if valid, else by detection; returns (text, encoding)."""
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw).best()
    if best is None:
        raise ExtractionError("not a text file: no character encoding fits its bytes")
    return str(best), best.encoding


def looks_binary(raw: bytes) -> bool:
    return b"\x00" in raw[:8192]


def extract_text(doc: SourceDocument, settings: Settings) -> ExtractedDocument:
    raw = Path(doc.path).read_bytes()
    if looks_binary(raw):
        raise ExtractionError("binary content in a text file (NUL bytes)")
    text, encoding = decode_bytes(raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ExtractionError("no text: the file holds only white space")
    return ExtractedDocument(doc=doc, pages=[Page(number=1, text=text, method="text")], metadata={"encoding": encoding})
