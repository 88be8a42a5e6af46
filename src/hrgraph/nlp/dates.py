"""Dates stated in German text: regular expressions find candidates, dateparser normalises them.

Searching free text with dateparser alone yields false dates from words like "Die" or "am 16";
so only day-month-year, day-month, month-year (also "03/2023" and the two ends of "Mai bis Juni 2023") and
bare-year shapes are candidates. Parts of a year, semesters and numbers in identifiers are read first and kept out.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

import dateparser

from hrgraph.nlp.lexicon import Lexicon, load_lexicon

DATEPARSER_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
HEADER_CHARS = 1500
LEAD_CHARS = 30  # how far before "03/2023" its cue word is looked for


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    text: str
    value: str
    rule: str


def alternation(words) -> str:
    """A regular-expression alternation of literal words, longest first."""
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


@lru_cache(maxsize=1)
def not_date_patterns() -> list[re.Pattern]:
    """Numbers that look like dates but are not stated dates: parts of a year, semesters ("Q3/2023",
    "Wintersemester 2023/24") and identifiers after a cue ("Drucksache 0123/2023", "Tel. 0511 12-2023")."""
    lex = load_lexicon()
    return [
        re.compile(rf"\b(?:{alternation(lex.year_parts)})(?:\s?[1-4])?\s?[/.-]?\s?\d{{4}}(?:/\d{{2}}(?:\d{{2}})?)?(?!\d)"),
        re.compile(rf"\b(?:{alternation(lex.identifier_cues)})\b\.?:?\s*(?:(?:Nr|No)\b\.?:?\s*)?"
                   r"(?=[\w./-]*\d)[\w./-]+(?: \d[\w./-]*)*"),
    ]


@lru_cache(maxsize=1)
def date_patterns() -> list[tuple[str, re.Pattern]]:
    lex = load_lexicon()
    months = alternation(lex.months)
    joiners = alternation(lex.month_range_joiners)
    return [
        ("date:iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
        ("date:day_range", re.compile(rf"(?<![\d.])(\d{{1,2}})\.\s*(?:{joiners})\s*((\d{{1,2}})\.\s?(?:(?:{months})\.?\s+|\d{{1,2}}\.\s?)\d{{4}})(?!\d)",
                                      re.IGNORECASE)),
        ("date:numeric", re.compile(r"(?<![\d./])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?![\d])")),
        ("date:day_month", re.compile(rf"(?<![\d.])(\d{{1,2}})\.\s?({months})\.?(?:\s+(\d{{4}}))?\b", re.IGNORECASE)),
        ("date:month_range", re.compile(rf"\b({months})\.?\s*(?:{joiners})\s*({months})\.?\s+(\d{{4}})\b", re.IGNORECASE)),
        ("date:month_year", re.compile(rf"\b({months})\.?\s+(\d{{4}})\b", re.IGNORECASE)),
        # "03/2023", "3/2023", "03-2023"; a hyphen only after two digits ("2-2019" is a reference)
        ("date:numeric_month", re.compile(r"(?<![\w./-])(?<!\d )(?:(0[1-9]|1[0-2])-|(0?[1-9]|1[0-2])/)(\d{4})(?![\w/-]|[.,]\d)")),
        ("date:year", re.compile(r"(?<![\w])(\d{4})(?![\w])")),
    ]


@lru_cache(maxsize=1)
def numeric_month_lead() -> re.Pattern:
    """What must come right before "03/2023" for it to be a date: a line, cell or bracket start, a cue word, or
    another such month and a range joiner (``numeric_month_cues`` in dates.yml)."""
    lex = load_lexicon()
    cues, joiners = alternation(lex.numeric_month_cues), alternation(lex.month_range_joiners)
    return re.compile(rf"(?:^|[\n\t(]|\b(?:{cues})\.?:?|\d{{4}}\s*(?:{joiners}))\s*$", re.IGNORECASE)


@lru_cache(maxsize=20_000)  # dateparser takes milliseconds; the same date strings recur across documents
def parse_german_date(text: str, base: datetime | None) -> datetime | None:
    settings = dict(DATEPARSER_SETTINGS)
    if base is not None:
        settings["RELATIVE_BASE"] = base
    return dateparser.parse(re.sub(r"\.(?=\S)", ". ", text), languages=["de"], settings=settings)


class TableRows:
    """The lines of a text that are table rows: a tab and two bare years, or three bare years in a short line.

    Each line is judged once, when a year in it is first asked about (``offset in rows``).
    """

    def __init__(self, text: str, lex: Lexicon) -> None:
        self.text, self.lex = text, lex
        self.breaks = [m.start() for m in re.finditer("\n", text)]
        self.verdicts: dict[int, bool] = {}

    def __contains__(self, offset: int) -> bool:
        line = bisect_right(self.breaks, offset)
        if line not in self.verdicts:
            start = self.breaks[line - 1] + 1 if line else 0
            end = self.breaks[line] if line < len(self.breaks) else len(self.text)
            self.verdicts[line] = self.is_row(self.text[start:end])
        return self.verdicts[line]

    def is_row(self, line: str) -> bool:
        low, high = self.lex.year_range
        years = [y for y in map(int, re.findall(r"(?<!\d)(\d{4})(?!\d)", line)) if low <= y <= high]
        return "\t" in line and len(years) >= 2 or len(years) >= 3 and len(line) < 20 * len(years)


def find_dates(text: str, document_date: str | None = None) -> list[DateMatch]:
    """All dates the text states, as ISO values; year-less dates take the document's year or are dropped.

    Each pattern runs once over the text and a character is read by one rule at most, so the time is linear
    in the length of the text.

    >>> [(m.text, m.value) for m in find_dates("Am 15. Oktober 2024 und am 30. September.", "2024-01-09")]
    [('15. Oktober 2024', '2024-10-15'), ('30. September', '2024-09-30')]
    >>> [m.value for m in find_dates("Drucksache Nr. 14/1930\\nvom 09.01.2025, im Jahr 2025")]
    ['2025-01-09', '2025']
    >>> [(m.text, m.value) for m in find_dates("von Mai bis Juni 2023, Stand 03/2023, im 3. Quartal 2023")]
    [('Mai', '2023-05'), ('Juni 2023', '2023-06'), ('03/2023', '2023-03')]
    """
    lex = load_lexicon()
    base = datetime.fromisoformat(document_date) if document_date else None
    taken = bytearray(len(text))  # 1 where a rule has read the text
    for pattern in not_date_patterns():
        for match in pattern.finditer(text):
            take(taken, match.start(), match.end())
    rows = TableRows(text, lex)
    found: list[DateMatch] = []
    for rule, pattern in date_patterns():
        for match in pattern.finditer(text):
            start, end = match.span()
            if taken.find(1, start, end) >= 0:
                continue
            if rule == "date:day_range":
                dates = day_range(match, rule, lex)
            elif rule == "date:month_range":
                dates = month_range(match, rule, lex)
            else:
                dates = single_date(match, rule, base, rows, lex)
            if dates:
                take(taken, start, end)
                found += dates
    return sorted(found, key=lambda m: m.start)


def take(taken: bytearray, start: int, end: int) -> None:
    taken[start:end] = b"\x01" * (end - start)


def day_range(match: re.Match, rule: str, lex: Lexicon) -> list[DateMatch]:
    """Both ends of "15. bis 17. Mai 2024" or "15.–17.05.2024": "15." takes the month and year of the second end."""
    low, high = lex.year_range
    last = parse_german_date(match.group(2), None)
    if last is None or not low <= last.year <= high or int(match.group(1)) >= last.day:
        return []
    first = last.replace(day=int(match.group(1)))
    return [DateMatch(match.start(1), match.end(1) + 1, match.group(1) + ".", first.date().isoformat(), rule),
            DateMatch(match.start(2), match.end(2), match.group(2), last.date().isoformat(), rule)]


def month_range(match: re.Match, rule: str, lex: Lexicon) -> list[DateMatch]:
    """Both ends of "Mai bis Juni 2023": "Mai" (2023-05) and "Juni 2023" (2023-06), each with its own offsets;
    a first month after the second lies in the year before ("Dezember bis Februar 2024")."""
    low, high = lex.year_range
    first, second, year = lex.months[match.group(1).lower()], lex.months[match.group(2).lower()], int(match.group(3))
    if not low <= year <= high:
        return []
    first_year = year - 1 if first > second else year
    return [DateMatch(match.start(1), match.end(1), match.group(1), f"{first_year:04d}-{first:02d}", rule),
            DateMatch(match.start(2), match.end(), match.string[match.start(2) : match.end()], f"{year:04d}-{second:02d}", rule)]


def single_date(match: re.Match, rule: str, base: datetime | None, rows: TableRows, lex: Lexicon) -> list[DateMatch]:
    if rule == "date:year":
        value = year_value(match, rows, lex)
    elif rule in ("date:month_year", "date:numeric_month"):
        value = month_value(match, rule, lex)
    elif rule == "date:iso":
        value = iso_value(match, lex)
    else:
        value = parsed_value(match, rule, base, lex)
    return [DateMatch(match.start(), match.end(), match.group(0), value, rule)] if value else []


def year_value(match: re.Match, rows: TableRows, lex: Lexicon) -> str | None:
    """A bare year, unless it is part of a number or reference ("14/1930", "2019-20") or a table heading."""
    low, high = lex.year_range
    text, year = match.string, int(match.group(1))
    before = text[match.start() - 1] if match.start() else " "
    if not low <= year <= high or before in lex.year_blockers_before:
        return None
    if re.match(r"[-/.,]\d", text[match.end() : match.end() + 2]) or match.start() in rows:
        return None
    return str(year)


def month_value(match: re.Match, rule: str, lex: Lexicon) -> str | None:
    """``YYYY-MM`` of "März 2020" or, after a cue, of "03/2023"."""
    low, high = lex.year_range
    if rule == "date:month_year":
        month = lex.months.get(match.group(1).lower())
    elif numeric_month_lead().search(match.string, max(0, match.start() - LEAD_CHARS), match.start()):
        month = int(match.group(1) or match.group(2))
    else:
        return None
    year = int(match.group(match.lastindex))
    return f"{year:04d}-{month:02d}" if month and low <= year <= high else None


def iso_value(match: re.Match, lex: Lexicon) -> str | None:
    """A valid ISO date, read year first (dateparser's German day-month order would swap month and day)."""
    low, high = lex.year_range
    try:
        return date.fromisoformat(match.group(0)).isoformat() if low <= int(match.group(1)) <= high else None
    except ValueError:
        return None


def parsed_value(match: re.Match, rule: str, base: datetime | None, lex: Lexicon) -> str | None:
    """A day-month(-year) date normalised by dateparser; without a year it takes the document's, if known."""
    low, high = lex.year_range
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
