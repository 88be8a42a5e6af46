"""Checks on raw bytes before a parser sees them: file signatures, decompression bombs, nesting depth."""

from __future__ import annotations

import re
import zlib
from html.parser import HTMLParser

from hrgraph.extract.errors import ExtractionError

INFLATE_LIMIT_FACTOR = 4
"""Compressed data may inflate to at most this many times Settings.max_file_bytes."""

INFLATE_CHUNK = 1 << 20

PDF_SIGNATURE = b"%PDF-"
PDF_SIGNATURE_WINDOW = 1024
"""Readers accept the signature anywhere in the first kilobyte."""

GZIP_MAGIC = b"\x1f\x8b"

STREAM_START = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
STREAM_END = b"endstream"

IMPLIED_END = frozenset("p li dt dd tr td th option thead tbody tfoot".split())
"""Elements whose end tag may be left out: a new one closes the open one ('<p>a<p>b', '<li>a<li>b')."""

VOID_ELEMENTS = frozenset(
    "area base br col embed hr img input link meta param source track wbr basefont frame isindex keygen".split()
)
"""HTML elements without an end tag; they do not nest."""


def check_pdf_signature(raw: bytes) -> None:
    if PDF_SIGNATURE not in raw[:PDF_SIGNATURE_WINDOW]:
        raise ExtractionError("not a PDF: no %PDF- signature in the first kilobyte (wrong extension or binary file)")


def inflated_size(data: bytes, budget: int) -> int:
    """Bytes that zlib ``data`` inflates to, counted in chunks and stopping once past ``budget``; 0 if not zlib."""
    inflater = zlib.decompressobj()
    total = 0
    try:
        chunk = inflater.decompress(data, INFLATE_CHUNK)
        while True:
            total += len(chunk)
            if total > budget or inflater.eof or not inflater.unconsumed_tail:  # bytes after the end stay in the tail
                return total
            chunk = inflater.decompress(inflater.unconsumed_tail, INFLATE_CHUNK)
    except zlib.error:
        return total


def check_pdf_inflation(raw: bytes, limit: int) -> None:
    """Raise if the PDF's compressed (Flate) streams together inflate to more than ``limit`` bytes."""
    total = 0
    for match in STREAM_START.finditer(raw):
        end = raw.find(STREAM_END, match.end())
        if end < 0:
            break
        total += inflated_size(raw[match.end() : end], limit - total)
        if total > limit:
            raise ExtractionError(f"decompression bomb: PDF streams inflate to more than {limit} bytes")


def gunzip_limited(raw: bytes, limit: int) -> bytes:
    """Inflate a gzip-compressed file, refusing to produce more than ``limit`` bytes."""
    inflater = zlib.decompressobj(wbits=31)
    parts, total = [], 0
    try:
        chunk = inflater.decompress(raw, INFLATE_CHUNK)
        while True:
            parts.append(chunk)
            total += len(chunk)
            if total > limit:
                raise ExtractionError(f"decompression bomb: gzip content inflates to more than {limit} bytes")
            if inflater.eof or not inflater.unconsumed_tail:
                break
            chunk = inflater.decompress(inflater.unconsumed_tail, INFLATE_CHUNK)
    except zlib.error as exc:
        raise ExtractionError(f"corrupt gzip data: {exc}") from exc
    return b"".join(parts)


class _DepthCounter(HTMLParser):
    """Tracks how deeply elements nest, without building a tree."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []
        self.deepest = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in IMPLIED_END and self.open and self.open[-1] == tag:
            self.open.pop()
        if tag not in VOID_ELEMENTS:
            self.open.append(tag)
            self.deepest = max(self.deepest, len(self.open))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]


def html_depth(html: str) -> int:
    """The deepest element nesting of an HTML text (unclosed elements count as open)."""
    counter = _DepthCounter()
    counter.feed(html)
    counter.close()
    return counter.deepest


def check_html_depth(html: str, limit: int) -> None:
    depth = html_depth(html)
    if depth > limit:
        raise ExtractionError(f"HTML nested too deeply: depth {depth} > limit {limit}")
