"""Plain-text documents with encoding detection."""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

from hrgraph.config import Settings
from hrgraph.extract.errors import ExtractionError
from hrgraph.extract.metadata import head_metadata
from hrgraph.records import ExtractedDocument, Page, SourceDocument

UNICODE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
"""Byte order marks of the UTF-16/32 encodings (UTF-32 LE first: its BOM starts with UTF-16 LE's)."""


def bom_encoding(raw: bytes) -> str | None:
    return next((encoding for bom, encoding in UNICODE_BOMS if raw.startswith(bom)), None)


def decode_bytes(raw: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode bytes by their byte order mark, else as UTF-8 if valid, else with the ``declared`` charset
    if it fits, else by detection. Returns (text, encoding name).
    """
    if encoding := bom_encoding(raw):
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            raise ExtractionError(f"broken {encoding} text: {exc}") from exc
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return raw.decode(declared), declared.lower()
        except (LookupError, UnicodeDecodeError):
            pass
    best = from_bytes(raw).best()
    if best is None:
        raise ExtractionError("not a text file: no character encoding fits its bytes")
    return str(best), best.encoding


def looks_binary(raw: bytes) -> bool:
    """NUL bytes near the start, which text has only in UTF-16/32 (recognised by their byte order mark)."""
    return bom_encoding(raw) is None and b"\x00" in raw[:8192]


def extract_text(doc: SourceDocument, settings: Settings) -> ExtractedDocument:
    raw = Path(doc.path).read_bytes()
    if looks_binary(raw):
        raise ExtractionError("binary content in a text file (NUL bytes)")
    text, encoding = decode_bytes(raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ExtractionError("no text: the file holds only white space")
    metadata = {"encoding": encoding, **head_metadata(text)}
    return ExtractedDocument(doc=doc, pages=[Page(number=1, text=text, method="text")], metadata=metadata)
