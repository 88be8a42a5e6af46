"""HTML documents: main text without navigation and boilerplate (trafilatura), under the title and the
publication date of the page.

Before parsing, gzip-compressed files are inflated within limits and the nesting depth is checked,
so that a decompression bomb or a deeply nested page fails with a clear reason.
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import trafilatura

from hrgraph.config import Settings
from hrgraph.extract.errors import ExtractionError
from hrgraph.extract.guards import GZIP_MAGIC, check_html_depth, gunzip_limited
from hrgraph.extract.metadata import head_metadata
from hrgraph.extract.text import decode_bytes, looks_binary
from hrgraph.records import ExtractedDocument, Page, SourceDocument

DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.I)
CHARSET_WINDOW = 4096
TABLE_RULE = re.compile(r"^\|(?:\s*:?-+:?\s*\|)+\n?", re.MULTILINE)
"""The line under a table's header row in trafilatura's text ("|---|---|")."""
TABLE_ROW = re.compile(r"^\|(.*)\|$", re.MULTILINE)
"""A table row in trafilatura's text: "| Anna Berger | Jonas Keller |"."""
MAX_BYLINE_CHARS = 80
"""An author longer than this is no person's name (trafilatura joins several or takes a sentence)."""
BYLINE_WORDS_CHARS = 12
"""Room in a byline element for the words around the name ("Von … (dpa)")."""


def declared_charset(raw: bytes) -> str | None:
    """The charset named by a <meta> tag or XML declaration near the start of the file."""
    match = DECLARED_CHARSET.search(raw[:CHARSET_WINDOW])
    return (match.group(1) or match.group(2)).decode("ascii") if match else None


def with_head(text: str, title: str | None, date: str | None, byline: str | None = None) -> str:
    """The main text under the head of a press release: its title, unless the text starts with it, its
    publication date, unless a date line opens the text already, and its byline. Pages state the date and the
    author beside the article, which the main text leaves out; so the page text keeps them as lines (date in ISO)."""
    head = [title] if title and not text.startswith(title) else []
    if date and "date" not in head_metadata(text):
        head.append(date)
    if byline and byline not in text:
        head.append(byline)
    return "\n".join(head + [""] + [text]) if head else text


def visible_byline(html: str, author: str | None) -> str | None:
    """The page's author as the page shows them, in an element of its own in the body ("Christian Mihatsch",
    "Von Anna Muster"); not when the name is only in metadata or in the footer, which readers do not take for the
    article's byline."""
    if not author or len(author) > MAX_BYLINE_CHARS:
        return None
    tree = lxml.html.fromstring(html)
    for hidden in tree.xpath("//head | //script | //style | //footer | //nav"):
        hidden.drop_tree()
    for element in tree.iter():
        if not isinstance(element.tag, str) or len(element) > 1:
            continue
        line = " ".join(element.text_content().split())
        if author in line and len(line) <= len(author) + BYLINE_WORDS_CHARS:
            return line
    return None


def tab_separated_tables(text: str) -> str:
    """Table rows as tab-separated cells, the convention of every extractor (see
    :func:`hrgraph.extract.layout.line_text`), instead of trafilatura's "| a | b |" with its rule line.

    >>> tab_separated_tables("Vorher\\n| Name | Rolle |\\n|---|---|\\n| Anna Berger | Leitung |\\nNachher")
    'Vorher\\nName\\tRolle\\nAnna Berger\\tLeitung\\nNachher'
    """
    text = TABLE_RULE.sub("", text)
    return TABLE_ROW.sub(lambda row: "\t".join(cell.strip() for cell in row.group(1).split("|")), text)


def compile_date_patterns() -> None:
    """Compile the date patterns of every language that htmldate's fallback date parser (dateparser) tries, as it
    otherwise does on the first page whose date it has to search for (seconds); later pages find them compiled."""
    from htmldate.extractors import EXTERNAL_PARSER

    EXTERNAL_PARSER.get_date_data("xyz")  # a date in no language: every one is tried


def extract_html(doc: SourceDocument, settings: Settings) -> ExtractedDocument:
    raw = Path(doc.path).read_bytes()
    if raw.startswith(GZIP_MAGIC):
        raw = gunzip_limited(raw, settings.max_file_bytes)
    if looks_binary(raw):
        raise ExtractionError("binary content in an HTML file (NUL bytes)")
    html, encoding = decode_bytes(raw, declared_charset(raw))
    check_html_depth(html, settings.max_html_depth)
    result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=True)
    text = tab_separated_tables(result.text) if result is not None and result.text else None
    if not text or not text.strip():
        raise ExtractionError("no main text found in the HTML")
    metadata = {"encoding": encoding}
    metadata.update({k: v for k, v in {"title": result.title, "date": result.date, "author": result.author}.items() if v})
    text = with_head(text, metadata.get("title"), metadata.get("date"), visible_byline(html, result.author))
    for key, value in head_metadata(text).items():
        metadata.setdefault(key, value)
    return ExtractedDocument(doc=doc, pages=[Page(number=1, text=text, method="trafilatura")], metadata=metadata)
