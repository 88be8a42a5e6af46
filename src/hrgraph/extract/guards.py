"""Checks on raw bytes before a parser sees them: file signatures, decompression bombs, nesting depth."""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
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
STREAM_DICT_WINDOW = 4096
STREAM_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+)")
FILTER_NAME = re.compile(rb"/([^\s/\[\]<>()]+)")
PDF_WHITESPACE = b"\x00\t\n\x0c\r "

IMPLIED_END = frozenset("p li dt dd tr td th option thead tbody tfoot".split())
"""Elements whose end tag may be left out: a new one closes the open one ('<p>a<p>b', '<li>a<li>b')."""

VOID_ELEMENTS = frozenset(
    "area base br col embed hr img input link meta param source track wbr basefont frame isindex keygen".split()
)
"""HTML elements without an end tag; they do not nest."""


def check_pdf_signature(raw: bytes) -> None:
    if PDF_SIGNATURE not in raw[:PDF_SIGNATURE_WINDOW]:
        raise ExtractionError("not a PDF: no %PDF- signature in the first kilobyte (wrong extension or binary file)")


def pieces(data: bytes) -> Iterator[bytes]:
    """``data`` in chunks of at most INFLATE_CHUNK bytes."""
    view = memoryview(data)
    for start in range(0, len(data), INFLATE_CHUNK):
        yield bytes(view[start : start + INFLATE_CHUNK])


def inflate(chunks: Iterable[bytes], wbits: int = zlib.MAX_WBITS) -> Iterator[bytes]:
    """zlib (or with ``wbits=31`` gzip) data inflated chunk by chunk; bytes after the end of the data are ignored."""
    inflater = zlib.decompressobj(wbits)
    for data in chunks:
        while not inflater.eof:
            out = inflater.decompress(data, INFLATE_CHUNK)
            data = inflater.unconsumed_tail
            if out:
                yield out
            elif not data:
                break
        if inflater.eof:
            return


def unhex(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """ASCIIHexDecode: pairs of hex digits, white space ignored, '>' ends the data (an odd last digit is padded)."""
    pending = b""
    for data in chunks:
        data, end, _ = data.partition(b">")
        digits = pending + data.translate(None, PDF_WHITESPACE)
        cut = len(digits) - len(digits) % 2
        yield binascii.unhexlify(digits[:cut])
        pending = digits[cut:]
        if end:
            break
    if pending:
        yield binascii.unhexlify(pending + b"0")


def un85(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """ASCII85Decode: groups of five characters or 'z' (four zero bytes), white space ignored, '~>' ends the data."""
    pending = b""
    for data in chunks:
        data, end, _ = data.partition(b"~")
        text = pending + data.translate(None, PDF_WHITESPACE)
        cut = len(text) - len(text.rsplit(b"z", 1)[-1]) % 5  # 'z' only stands between groups
        yield base64.a85decode(text[:cut])
        pending = text[cut:]
        if end:
            break
    if pending:
        yield base64.a85decode(pending)


def unrun(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """RunLengthDecode: a length byte n, then n+1 literal bytes (n < 128) or one byte repeated 257-n times; 128 ends."""
    data, out = b"", bytearray()
    for chunk in chunks:
        data += chunk
        at = 0
        while at < len(data):
            length = data[at]
            if length == 128:
                yield bytes(out)
                return
            size = length + 2 if length < 128 else 2
            if at + size > len(data):
                break
            out += data[at + 1 : at + size] if length < 128 else data[at + 1 : at + 2] * (257 - length)
            at += size
            if len(out) >= INFLATE_CHUNK:
                yield bytes(out)
                out.clear()
        data = data[at:]
    yield bytes(out)


DECODERS: dict[bytes, Callable[[Iterable[bytes]], Iterator[bytes]]] = {
    b"FlateDecode": inflate, b"Fl": inflate, b"ASCIIHexDecode": unhex, b"AHx": unhex,
    b"ASCII85Decode": un85, b"A85": un85, b"RunLengthDecode": unrun, b"RL": unrun,
}
"""Stream filters that can multiply the size of their input, by their names and the abbreviations of inline images.
The chain stops at any other filter (image codecs, LZW, Crypt): what enters it is counted."""


def decoded_size(data: bytes, filters: list[bytes], budget: int) -> int:
    """Bytes that stream ``data`` decodes to through its chain of ``filters``, decoded chunk by chunk and stopping
    once past ``budget``; on a decoding error, what was decoded before it."""
    chunks: Iterable[bytes] = pieces(data)
    for name in filters:
        if name not in DECODERS:
            break
        chunks = DECODERS[name](chunks)
    total = 0
    try:
        for chunk in chunks:
            total += len(chunk)
            if total > budget:
                break
    except (zlib.error, binascii.Error, ValueError):
        pass
    return total


def stream_filters(raw: bytes, data_start: int) -> list[bytes]:
    """Filter names of the stream whose data starts at ``data_start``, from its dictionary (the text since the
    keyword 'obj' before it); FlateDecode when the filter is an indirect reference."""
    head = raw[max(0, data_start - STREAM_DICT_WINDOW) : data_start]
    head = head[head.rfind(b"obj") + 1 :]
    match = None
    for match in STREAM_FILTER.finditer(head):  # the last one: the stream's own key follows any nested dictionary
        pass
    if match is None:
        return [b"FlateDecode"] if b"/Filter" in head else []
    return FILTER_NAME.findall(match.group(1))


def check_pdf_inflation(raw: bytes, limit: int) -> None:
    """Raise if the PDF's streams, decoded through their filter chains, together hold more than ``limit`` bytes."""
    total = 0
    for match in STREAM_START.finditer(raw):
        end = raw.find(STREAM_END, match.end())
        if end < 0:
            break
        total += decoded_size(raw[match.end() : end], stream_filters(raw, match.start()), limit - total)
        if total > limit:
            raise ExtractionError(f"decompression bomb: PDF streams inflate to more than {limit} bytes")


def gunzip_limited(raw: bytes, limit: int) -> bytes:
    """Inflate a gzip-compressed file, refusing to produce more than ``limit`` bytes."""
    parts, total = [], 0
    try:
        for chunk in inflate(pieces(raw), wbits=31):
            parts.append(chunk)
            total += len(chunk)
            if total > limit:
                raise ExtractionError(f"decompression bomb: gzip content inflates to more than {limit} bytes")
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
