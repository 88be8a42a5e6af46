"""Words of a PDF page read with pdfium: about ten times faster than pdfplumber, used for every page that cannot
hold a ruled table (pdfplumber's table finder still reads those). The words have pdfplumber's shape
(``text``, ``x0``, ``x1``, ``top``, ``bottom``; ``top`` measured from the top of the page) so that
:mod:`hrgraph.extract.layout` reads both alike.

Characters join a word while they follow each other in the content stream on one line, each starting right
of the word's start and at most ``WORD_GAP_SHARE`` of the font size after its end (kerned pairs such as "Ta"
overlap); white space, including the spaces pdfium generates from gaps, ends a word. Rotated characters (map
labels, vertical titles) are left out, as on pages read by pdfplumber.
"""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from hrgraph.extract.layout import WORD_GAP_SHARE, is_level

LINE_TOLERANCE = 3.0
"""Characters whose tops differ by more than this (points) are on different lines."""

RULE_THICKNESS = 2.0
"""A path this thin (points) in one direction is a rule (a table border or a column line)."""

MIN_RULE_LENGTH = 10.0
"""... if it is at least this long."""

GRID_RULES = 3
"""A ruled table with two rows and two columns has at least three horizontal and three vertical rules."""

MAX_BOX_SEGMENTS = 5
"""A path with more segments than a rectangle may draw a whole grid in one object."""

HYPHEN_AT_LINE_END = 2
"""pdfium reports a hyphen that breaks a word at the end of a line as this code."""


def page_words(page: pdfium.PdfPage) -> list[dict]:
    """The words of a page, in content-stream order, with boxes measured from the crop box's top left."""
    textpage = page.get_textpage()
    left, _, _, top_edge = page.get_cropbox()
    words: list[dict] = []
    word = None
    for index in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(textpage, index)
        if code < 32 and code != HYPHEN_AT_LINE_END:  # control characters carry no text
            continue
        char = "-" if code == HYPHEN_AT_LINE_END else chr(code)
        if char.isspace() or not is_level(pdfium_c.FPDFText_GetCharAngle(textpage, index)):
            word = None
            continue
        x0, bottom, x1, top = textpage.get_charbox(index, loose=True)
        x0, x1, top, bottom = x0 - left, x1 - left, top_edge - top, top_edge - bottom
        word_gap = WORD_GAP_SHARE * (bottom - top)  # the loose box is as high as the font size
        if word is not None and abs(top - word["top"]) <= LINE_TOLERANCE and word["x0"] <= x0 <= word["x1"] + word_gap:
            word["text"] += char
            word["x1"], word["bottom"] = max(word["x1"], x1), max(word["bottom"], bottom)
        else:
            word = {"text": char, "x0": x0, "x1": x1, "top": top, "bottom": bottom}
            words.append(word)
    textpage.close()
    return words


def may_hold_table(page: pdfium.PdfPage) -> bool:
    """Whether the page's drawings could make a ruled table: enough thin horizontal and vertical rules (a box
    counts as two of each), or one path with more segments than a box."""
    horizontal = vertical = 0
    for path in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=5):
        x0, y0, x1, y1 = path.get_pos()
        width, height = abs(x1 - x0), abs(y1 - y0)
        if max(width, height) < MIN_RULE_LENGTH:
            continue
        if height <= RULE_THICKNESS:
            horizontal += 1
        elif width <= RULE_THICKNESS:
            vertical += 1
        elif pdfium_c.FPDFPath_CountSegments(path.raw) > MAX_BOX_SEGMENTS:
            return True
        else:
            horizontal, vertical = horizontal + 2, vertical + 2
        if horizontal >= GRID_RULES and vertical >= GRID_RULES:
            return True
    return False
