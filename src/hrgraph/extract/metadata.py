"""Metadata read from the first lines of a text: the date line and the byline of a press release or article.

The lines stay in the page text (offsets point into it); they are only copied into the metadata.
"""

from __future__ import annotations

import re

import dateparser

HEAD_LINES = 12
"""Date lines and bylines are looked for among this many first non-empty lines."""

MAX_LINE_LENGTH = 100

MONTHS = "Januar Jänner Februar März April Mai Juni Juli August September Oktober November Dezember".split()

DATE = (
    r"\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})"
    r"|\d{1,2}\.\s?(?:" + "|".join(MONTHS) + r")\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2}"
)

DATE_LINE = re.compile(
    r"^(?:(?:[A-ZÄÖÜ][\w.\-/ ]{1,40}),\s*)?(?:(?:den|am|vom|Stand:?)\s+)?(?P<date>" + DATE + r")\s*[-–—:]?\s*$"
)
"""'Hamburg, 2. November 2021', '02.12.2022', 'Berlin, den 24.01.2022 –'."""

BYLINE = re.compile(
    r"^(?:Von|Text|Autor|Autorin|Verfasser|Verfasserin|By)\s*:?\s+"
    r"(?P<name>[A-ZÄÖÜ][\w.'\-]+(?:\s+(?:von|van|de|zu)?\s*[A-ZÄÖÜ][\w.'\-]+){1,3})\s*$"
)
"""'Von Anna Schmidt', 'Autorin: Dr. Eva Braun'."""


def iso_date(text: str) -> str | None:
    parsed = dateparser.parse(text, languages=["de"], settings={"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first"})
    return parsed.date().isoformat() if parsed else None


def head_metadata(text: str) -> dict:
    """``date_line``, ``date`` (ISO) and ``byline``, ``author`` found in the first lines of ``text``.

    >>> head_metadata("Neue Halle\\nHamburg, 2. November 2021\\nVon Anna Schmidt\\nText")
    {'date_line': 'Hamburg, 2. November 2021', 'date': '2021-11-02', 'byline': 'Von Anna Schmidt', 'author': 'Anna Schmidt'}
    """
    found: dict = {}
    lines = [line.strip() for line in text.splitlines() if line.strip()][:HEAD_LINES]
    for line in lines:
        if len(line) > MAX_LINE_LENGTH:
            continue
        if "date_line" not in found and (match := DATE_LINE.match(line)):
            date = iso_date(match.group("date"))
            if date:
                found.update(date_line=line, date=date)
        elif "byline" not in found and (match := BYLINE.match(line)):
            found.update(byline=line, author=match.group("name"))
    return found
