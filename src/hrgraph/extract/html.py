"""HTML documents: main text without navigation and boilerplate (trafilatura)."""

from __future__ import annotations

from pathlib import Path

import trafilatura

from hrgraph.config import Settings
from hrgraph.extract.errors import ExtractionError
from hrgraph.extract.text import decode_bytes, looks_binary
from hrgraph.records import ExtractedDocument, Page, SourceDocument


def extract_html(doc: SourceDocument, settings: Settings) -> ExtractedDocument:
    raw = Path(doc.path).read_bytes()
    if looks_binary(raw):
        raise ExtractionError("binary content in an HTML file (NUL bytes)")
    html, encoding = decode_bytes(raw)
    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_precision=False)
    if not text or not text.strip():
        raise ExtractionError("no main text found in the HTML")
    meta = trafilatura.extract_metadata(html)
    metadata = {"encoding": encoding}
    if meta is not None:
        metadata.update({k: v for k, v in {"title": meta.title, "date": meta.date, "author": meta.author}.items() if v})
    if metadata.get("title") and not text.startswith(metadata["title"]):
        text = f"{metadata['title']}\n\n{text}"
    return ExtractedDocument(doc=doc, pages=[Page(number=1, text=text, method="trafilatura")], metadata=metadata)
