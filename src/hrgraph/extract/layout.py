"""Reading order of a PDF page from its word positions (pdfplumber).

A page is read as a sequence of bands from top to bottom. Where the words leave a vertical
gutter free, the band is read column by column (left column first); lines that cross the gutter
(titles, full-width paragraphs, tables) end one band and start the next. Ruled tables are cut out
of the flowing text and rendered as tab-separated rows at their place in the reading order; on other lines
a wide gap between two words (a column of an unruled table, a tab stop) is a tab too, so that every cell is a
unit of its own for the language stage. Letter-spaced words ("B e s c h l u s s") are joined again, and
rotated characters (map labels, vertical axis titles) are left out.
Running headers and footers (lines repeating at the top or bottom of many pages) and bare page
numbers are dropped before the layout is read; see :func:`running_lines`.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from pdfplumber.page import Page as PlumberPage
from pdfplumber.utils import cluster_objects

ROW_TOLERANCE = 3.0
"""Words whose tops differ by at most this many points share a line."""

CELL_GAP = 1.5
"""Two words of a line more than this times the line's word height apart lie in different cells (a tab);
word spaces are under half the height, the widest justified spaces about 1.3."""

JUSTIFIED_STRETCH = 2.0
"""... and more than this times the median of the line's other gaps (justified lines stretch every space)."""

LETTER_GAP = 0.6
"""Letter-spaced text: single letters of a line at most this times their height apart ..."""

MIN_SPACED_LETTERS = 3
"""... at least this many in a row ..."""

SPACED_WORD_BREAK = 1.6
"""... where a gap wider than this times the run's median gap separates two words."""

WORD_GAP_SHARE = 0.15
"""A gap between two characters wider than this share of the font size separates words even where the PDF has
no space character ("desAbschnitts" drawn with a gap): kerned letters lie at most about 0.05 apart."""

MAX_SKEW = 0.05
"""A character whose baseline turns by more than this (radians, about 3 degrees) is rotated text."""

MIN_GUTTER_WIDTH = 8.0
"""A column gutter is at least this wide (points); word spaces are about 3 points."""

GUTTER_ZONE = (0.2, 0.8)
"""The gutter's centre lies within this fraction of the region's width."""

MAX_GUTTER_ROWS = 0.1
"""At most this share of a region's lines may cross a gutter (titles, full-width lines)."""

MIN_COLUMN_FILL = 0.6
"""Column text fills its column: median line width / column width at least this (tables of short cells do not)."""

MAX_COLUMN_DEPTH = 2
"""Columns are split at most this many times (enough for three or four columns)."""

PARAGRAPH_GAP = 0.8
"""A vertical gap between lines larger than this times the line height starts a paragraph."""

MARGIN_LINES = 3
"""Running headers and footers are looked for among the first and last lines of a page ..."""

MARGIN_ZONE = 0.18
"""... that lie within this share of the page height from its top or bottom edge."""

MIN_REPEAT_SHARE = 0.4
"""A margin line repeating (digits ignored) on at least this share of pages is a running header/footer."""

PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:(?:seite|page|s\.)\s*)?\d{1,3}(?:\s*(?:/|von|of)\s*\d{1,3})?(?:\s*[-–—])?\s*$",
    re.IGNORECASE,
)
"""A line that holds nothing but a page number: '3', '- 3 -', 'Seite 3 von 10', '3/10'."""

LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])[-\u00ad¬]\n(?=([^\W\d_]+))")
"""A word broken at a line end: letter, hyphen, newline, letters."""

DATE_IN_LINE = re.compile(r"\d{1,2}\.\s?(?:\d{1,2}\.|[^\W\d_]{3,}\s)\s?\d{2,4}|\d{4}-\d{2}-\d{2}")
"""A date in a margin line ("08.03.2024", "5. November 2020"): a running line repeats it unchanged."""

WORD_OPTIONS = {"x_tolerance_ratio": WORD_GAP_SHARE, "char_dir_rotated": "ltr", "line_dir_rotated": "ttb"}
"""pdfplumber's word options. Rotated characters are filtered out before (see :func:`is_level`); pdfplumber calls
characters with a skew of a millionth 'not upright' and would read them top to bottom, one word per letter."""

KEEP_HYPHEN_BEFORE = frozenset({"und", "oder", "bzw", "sowie", "als", "bis", "wie", "noch"})
"""'Gesundheits-\\nund Sozialwesen': a hyphen before these words shortens a compound, it does not break a word."""


@dataclass
class Block:
    """Something placed on the page: a line of words or a table."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    is_table: bool = False
    words: list[dict] = field(default_factory=list)


def dehyphenate(text: str) -> str:
    """Join words broken at line ends: 'Gesund-\\nheit' -> 'Gesundheit', 'AfD-\\nFraktion' -> 'AfD-Fraktion'.

    >>> dehyphenate("Gesund-\\nheit und Gesundheits-\\nund Sozialwesen der AfD-\\nFraktion")
    'Gesundheit und Gesundheits-\\nund Sozialwesen der AfD-Fraktion'
    """

    def join(match: re.Match) -> str:
        following = match.group(1)
        if following.lower() in KEEP_HYPHEN_BEFORE:
            return match.group(0)
        return "" if following[0].islower() else "-"

    return LINE_END_HYPHEN.sub(join, text)


def is_level(angle: float) -> bool:
    """Whether text turned by ``angle`` (radians) reads left to right on a horizontal line."""
    return abs(math.remainder(angle, 2 * math.pi)) <= MAX_SKEW


def level_text(page: PlumberPage) -> PlumberPage:
    """The page without its rotated characters (map labels, vertical table headers and axis titles)."""
    return page.filter(lambda obj: obj["object_type"] != "char" or is_level(math.atan2(obj["matrix"][1], obj["matrix"][0])))


def page_words(page: PlumberPage) -> list[dict]:
    return page.extract_words(keep_blank_chars=False, use_text_flow=False, **WORD_OPTIONS)


def rows_of(words: list[dict]) -> list[list[dict]]:
    """Words grouped into lines (top to bottom), each line sorted left to right, letter-spaced words joined."""
    rows = cluster_objects(words, lambda w: w["top"], ROW_TOLERANCE)
    rows = (join_spaced_letters(sorted(row, key=lambda w: w["x0"])) for row in rows)
    return sorted(rows, key=lambda row: min(w["top"] for w in row))


def height(words: list[dict]) -> float:
    """The median word height of a line (its font size, near enough; at least a point)."""
    return max(1.0, statistics.median(w["bottom"] - w["top"] for w in words))


def merge_words(words: list[dict]) -> dict:
    return {**words[0], "text": "".join(w["text"] for w in words), "x1": words[-1]["x1"],
            "top": min(w["top"] for w in words), "bottom": max(w["bottom"] for w in words)}


def spaced_words(letters: list[dict]) -> list[dict]:
    """A run of letter-spaced letters as words: split where a gap is clearly wider than the letter spacing."""
    gaps = [b["x0"] - a["x1"] for a, b in zip(letters, letters[1:])]
    spacing = max(statistics.median(gaps), 0.05 * height(letters))
    words, current = [], [letters[0]]
    for gap, letter in zip(gaps, letters[1:]):
        if gap > SPACED_WORD_BREAK * spacing:
            words.append(merge_words(current))
            current = []
        current.append(letter)
    return words + [merge_words(current)]


def join_spaced_letters(row: list[dict]) -> list[dict]:
    """A line with letter-spaced words ("B e s c h l u s s") joined again ("Beschluss"): runs of at least
    ``MIN_SPACED_LETTERS`` single letters that follow each other closely."""
    joined: list[dict] = []
    run: list[dict] = []

    def close_run() -> None:
        joined.extend(spaced_words(run) if len(run) >= MIN_SPACED_LETTERS else run)
        run.clear()

    for word in row:
        single = len(word["text"]) == 1 and word["text"].isalpha()
        if single and run and word["x0"] - run[-1]["x1"] > LETTER_GAP * (word["bottom"] - word["top"]):
            close_run()
        if single:
            run.append(word)
        else:
            close_run()
            joined.append(word)
    close_run()
    return joined


def line_text(row: list[dict]) -> str:
    """The words of a line joined by spaces, or by a tab between cells: a gap wider than ``CELL_GAP`` times the
    word height that also stands out from the line's other gaps (``JUSTIFIED_STRETCH``; justified lines widen all)."""
    gaps = [word["x0"] - previous["x1"] for previous, word in zip(row, row[1:])]
    cell_gap = CELL_GAP * height(row)
    parts = [row[0]["text"]]
    for i, (gap, word) in enumerate(zip(gaps, row[1:])):
        others = gaps[:i] + gaps[i + 1 :]
        is_cell = gap > cell_gap and (not others or gap > JUSTIFIED_STRETCH * statistics.median(others))
        parts += ["\t" if is_cell else " ", word["text"]]
    return "".join(parts)


def line_block(row: list[dict]) -> Block:
    return Block(
        x0=min(w["x0"] for w in row),
        top=min(w["top"] for w in row),
        x1=max(w["x1"] for w in row),
        bottom=max(w["bottom"] for w in row),
        text=line_text(row),
        words=row,
    )


def normalise_margin_line(text: str) -> str:
    """The line as running headers repeat it: page numbers (any digits outside a date) may change, dates may not
    (a date line under a letterhead on page 1 is not a header because other pages carry other dates)."""
    dates = DATE_IN_LINE.findall(text)
    numbered = re.sub(r"\d+", "#", DATE_IN_LINE.sub("\x00", text))
    for date in dates:
        numbered = numbered.replace("\x00", date, 1)
    return re.sub(r"\s+", " ", numbered).strip().lower()


def margin_rows(rows: list[list[dict]], height: float) -> set[int]:
    """Indices of the first and last lines of a page that lie near its top or bottom edge."""
    first = [i for i in range(min(MARGIN_LINES, len(rows))) if rows[i][0]["top"] < MARGIN_ZONE * height]
    last = [i for i in range(max(0, len(rows) - MARGIN_LINES), len(rows)) if rows[i][0]["bottom"] > (1 - MARGIN_ZONE) * height]
    return set(first) | set(last)


def running_lines(pages_rows: list[list[list[dict]]], heights: list[float]) -> list[set[int]]:
    """For each page, the indices of its rows that are running headers/footers or bare page numbers.

    A running header without a page number stays on the first page: there it is the letterhead that names
    who issued the document ("Fraktion X im Stadtrat Y"), which the later pages only repeat."""
    candidates = []
    for rows, height in zip(pages_rows, heights, strict=True):
        margin = margin_rows(rows, height)
        candidates.append({i: normalise_margin_line(" ".join(w["text"] for w in rows[i])) for i in margin})
    counts = Counter(key for page in candidates for key in set(page.values()))
    needed = max(2, math.ceil(MIN_REPEAT_SHARE * len(pages_rows)))
    drop = []
    for number, (rows, height, page) in enumerate(zip(pages_rows, heights, candidates, strict=True)):
        drop.append(
            {
                i
                for i, key in page.items()
                if PAGE_NUMBER.match(" ".join(w["text"] for w in rows[i]))
                or (counts[key] >= needed and not (number == 0 and "#" not in key and rows[i][0]["top"] < MARGIN_ZONE * height))
            }
        )
    return drop


def table_blocks(page: PlumberPage) -> list[Block]:
    """Ruled tables with at least two rows and two columns and some text, as tab-separated rows."""
    blocks = []
    for table in page.find_tables():
        rows = [[(cell or "").replace("\n", " ").strip() for cell in row] for row in table.extract(**WORD_OPTIONS)]
        rows = [row for row in rows if any(row)]
        if len(rows) < 2 or max(len(row) for row in rows) < 2:
            continue
        x0, top, x1, bottom = table.bbox
        blocks.append(Block(x0, top, x1, bottom, "\n".join("\t".join(row) for row in rows), is_table=True))
    return blocks


def inside(word: dict, block: Block) -> bool:
    cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return block.x0 <= cx <= block.x1 and block.top <= cy <= block.bottom


def find_gutter(blocks: list[Block], x0: float, x1: float) -> float | None:
    """The x position of a column gutter among the blocks of a region, or None for a single column."""
    lines = [b for b in blocks if not b.is_table]
    if len(lines) < 4 or x1 - x0 < 4 * MIN_GUTTER_WIDTH:
        return None
    start = math.floor(x0)
    cover = [0] * (math.ceil(x1) - start + 1)
    for block in blocks:
        spans = [(w["x0"], w["x1"]) for w in block.words] if not block.is_table else [(block.x0, block.x1)]
        covered = {x for a, b in spans for x in range(math.floor(a) - start, math.ceil(b) - start + 1)}
        for x in covered:
            cover[x] += 1
    limit = max(1, MAX_GUTTER_ROWS * len(blocks))
    best = None
    run_start = None
    for x, count in enumerate(cover + [limit + 1]):
        if count <= limit and run_start is None:
            run_start = x
        elif count > limit and run_start is not None:
            width = x - run_start
            centre = start + run_start + width / 2
            share = (centre - x0) / (x1 - x0)
            if width >= MIN_GUTTER_WIDTH and GUTTER_ZONE[0] <= share <= GUTTER_ZONE[1]:
                if best is None or width > best[0]:
                    best = (width, centre)
            run_start = None
    if best is None:
        return None
    gutter = best[1]
    if not (filled(lines, x0, gutter, left=True) and filled(lines, gutter, x1, left=False)):
        return None
    return gutter


def filled(lines: list[Block], x0: float, x1: float, left: bool) -> bool:
    """Whether the lines' parts on one side of a gutter fill that column like running text."""
    widths = []
    for line in lines:
        words = [w for w in line.words if (w["x1"] <= x1 if left else w["x0"] >= x0)]
        if words:
            widths.append(max(w["x1"] for w in words) - min(w["x0"] for w in words))
    if len(widths) < 2:
        return False
    column = max(widths)
    return statistics.median(widths) >= MIN_COLUMN_FILL * column


def crosses(block: Block, gutter: float) -> bool:
    if block.is_table:
        return block.x0 < gutter < block.x1
    return any(w["x0"] < gutter < w["x1"] for w in block.words)


def split_line(block: Block, gutter: float) -> tuple[Block | None, Block | None]:
    left = [w for w in block.words if w["x1"] <= gutter]
    right = [w for w in block.words if w["x0"] >= gutter]
    return (line_block(left) if left else None, line_block(right) if right else None)


def render(blocks: list[Block]) -> list[str]:
    """Blocks of one column in top-to-bottom order, as paragraphs of text (lines kept, tables separate)."""
    paragraphs: list[str] = []
    current: list[Block] = []
    heights = [b.bottom - b.top for b in blocks if not b.is_table] or [10.0]
    line_height = statistics.median(heights)
    for block in sorted(blocks, key=lambda b: b.top):
        if block.is_table:
            if current:
                paragraphs.append(dehyphenate("\n".join(b.text for b in current)))
                current = []
            paragraphs.append(block.text)
            continue
        if current and block.top - current[-1].bottom > PARAGRAPH_GAP * line_height:
            paragraphs.append(dehyphenate("\n".join(b.text for b in current)))
            current = []
        current.append(block)
    if current:
        paragraphs.append(dehyphenate("\n".join(b.text for b in current)))
    return paragraphs


def continues_full_width(block: Block, full: list[Block], gutter: float) -> bool:
    """A short last line of a full-width paragraph: left of the gutter only, right below a full-width line."""
    if not full or block.is_table or full[-1].is_table or block.x1 > gutter:
        return False
    previous = full[-1]
    return block.top - previous.bottom <= PARAGRAPH_GAP * (previous.bottom - previous.top)


def read_region(blocks: list[Block], x0: float, x1: float, depth: int = 0) -> list[str]:
    """Paragraphs of a region in reading order: bands top to bottom, columns left to right."""
    gutter = find_gutter(blocks, x0, x1) if depth < MAX_COLUMN_DEPTH else None
    if gutter is None:
        return render(blocks)
    paragraphs: list[str] = []
    left: list[Block] = []
    right: list[Block] = []
    full: list[Block] = []

    def close_columns() -> None:
        paragraphs.extend(read_region(left, x0, gutter, depth + 1))
        paragraphs.extend(read_region(right, gutter, x1, depth + 1))
        left.clear()
        right.clear()

    def close_full_width() -> None:
        paragraphs.extend(render(full))
        full.clear()

    for block in sorted(blocks, key=lambda b: b.top):
        if crosses(block, gutter) or continues_full_width(block, full, gutter):
            close_columns()
            full.append(block)
            continue
        close_full_width()
        if block.is_table:
            (left if block.x1 <= gutter else right).append(block)
        else:
            left_part, right_part = split_line(block, gutter)
            if left_part:
                left.append(left_part)
            if right_part:
                right.append(right_part)
    close_columns()
    close_full_width()
    return paragraphs


def page_text(rows: list[list[dict]], tables: list[Block], dropped: set[int], x0: float, x1: float) -> str:
    """Text of one page in reading order, without the dropped (running header/footer) lines.

    A ruled "table" that holds a running line is page decoration (a header frame), not data:
    its other words are read as ordinary lines.
    """
    dropped_words = [w for i in dropped for w in rows[i]]
    tables = [t for t in tables if not any(inside(w, t) for w in dropped_words)]
    kept = [w for i, row in enumerate(rows) if i not in dropped for w in row if not any(inside(w, t) for t in tables)]
    blocks = [line_block(row) for row in rows_of(kept)] + tables
    x0 = min([x0] + [b.x0 for b in blocks])  # text may lie outside the page box (rotated or badly made pages)
    x1 = max([x1] + [b.x1 for b in blocks])
    return "\n\n".join(p for p in read_region(blocks, x0, x1) if p.strip())
