"""Dates stated in German text: regular expressions find candidates, dateparser normalises them.

Searching free text with dateparser alone yields false dates from words like "Die" or "am 16";
so only day-month-year, day-month, month-year and bare-year shapes are candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import dateparser

from hrgraph.nlp.lexicon import Lexicon, load_lexicon

DATEPARSER_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
HEADER_CHARS = 1500


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    text: str
    value: str
    rule: str


@lru_cache(maxsize=1)
def date_patterns() -> list[tuple[str, re.Pattern]]:
    lex = load_lexicon()
    months = "|".join(sorted((re.escape(m) for m in lex.months), key=len, reverse=True))
    return [
        ("date:iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
        ("date:numeric", re.compile(r"(?<![\d./])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?![\d])")),
        ("date:day_month", re.compile(rf"(?<![\d.])(\d{{1,2}})\.\s?({months})\.?(?:\s+(\d{{4}}))?\b", re.IGNORECASE)),
        ("date:month_year", re.compile(rf"\b({months})\.?\s+(\d{{4}})\b", re.IGNORECASE)),
        ("date:year", re.compile(r"(?<![\w])(\d{4})(?![\w])")),
    ]


@lru_cache(maxsize=20_000)  # dateparser takes milliseconds; the same date strings recur across documents
def parse_german_date(text: str, base: datetime | None) -> datetime | None:
    settings = dict(DATEPARSER_SETTINGS)
    if base is not None:
        settings["RELATIVE_BASE"] = base
    return dateparser.parse(re.sub(r"\.(?=\S)", ". ", text), languages=["de"], settings=settings)


def in_table_row(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """A bare year in a line with tabs or beside other bare years is a table heading, not a stated date."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    years = [int(y) for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", line)]
    in_range = [y for y in years if lex.year_range[0] <= y <= lex.year_range[1]]
    return "\t" in line and len(in_range) >= 2 or len(in_range) >= 3 and len(line) < 20 * len(in_range)


def find_dates(text: str, document_date: str | None = None) -> list[DateMatch]:
    """All dates the text states, as ISO values; year-less dates take the document's year or are dropped.

    >>> [(m.text, m.value) for m in find_dates("Am 15. Oktober 2024 und am 30. September.", "2024-01-09")]
    [('15. Oktober 2024', '2024-10-15'), ('30. September', '2024-09-30')]
    >>> [m.value for m in find_dates("Drucksache Nr. 14/1930\\nvom 09.01.2025, im Jahr 2025")]
    ['2025-01-09', '2025']
    """
    lex = load_lexicon()
    base = datetime.fromisoformat(document_date) if document_date else None
    taken: list[tuple[int, int]] = []
    found: list[DateMatch] = []
    for rule, pattern in date_patterns():
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            value = normalise(match, rule, base, text, lex)
            if value:
                taken.append((start, end))
                found.append(DateMatch(start, end, match.group(0), value, rule))
    return sorted(found, key=lambda m: m.start)


def normalise(match: re.Match, rule: str, base: datetime | None, text: str, lex: Lexicon) -> str | None:
    low, high = lex.year_range
    if rule == "date:year":
        year = int(match.group(1))
        before = text[match.start() - 1] if match.start() else " "
        if not low <= year <= high or before in lex.year_blockers_before:
            return None
        after = text[match.end() : match.end() + 2]
        if re.match(r"[-/.,]\d", after) or in_table_row(text, match.start(), match.end(), lex):
            return None
        return str(year)
    if rule == "date:month_year":
        month = lex.months.get(match.group(1).lower().rstrip("."))
        year = int(match.group(2))
        return f"{year:04d}-{month:02d}" if month and low <= year <= high else None
    has_year = rule != "date:day_month" or match.group(3)
    if not has_year and base is None:
        return None
    parsed = parse_german_date(match.group(0), base if not has_year else None)
    if parsed is None or not low <= parsed.year <= high:
        return None
    return parsed.date().isoformat()


def document_date(text: str, stated: str | None = None) -> str | None:
    """The date of a document: a date its metadata states, else the first full date in its header.

    >>> document_date("Pressemitteilung\\n15.09.2024\\nText vom 1. März 2020")
    '2024-09-15'
    """
    if stated:
        try:
            return datetime.fromisoformat(stated[:10]).date().isoformat()
        except ValueError:
            pass
    for match in find_dates(text[:HEADER_CHARS]):
        if len(match.value) == 10:
            return match.value
    return None
