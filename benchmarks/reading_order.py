"""Reading-order measure for two-column council minutes (Köln Wortprotokolle).

Reference: the Köln minutes draw a thin vertical rule between their columns. Cropping each page at
that rule (below the running header) and reading the left crop, then the right crop, gives the
true order of the page's lines, independent of the column detection under test.

Measure, per page: the reference lines (at least MIN_CHARS letters/digits, so that they are
unique) are looked up in the extracted page text, compared on letters and digits only (so that
joined hyphenations and line breaks do not matter). ``found`` is the share of reference lines
found (a line that occurs several times is matched at its first occurrence after the previous
line); ``in_order`` is the longest run of found lines whose positions increase (longest
increasing subsequence) divided by all reference lines. 1.0 means every line is present and in
reading order; a reader that mixes the columns line by line scores about 0.5.

Run: ``python benchmarks/reading_order.py [PDF ...]`` (default: the Köln files in ../shared/documents/pdf).
"""

from __future__ import annotations

import bisect
import re
import sys
from pathlib import Path

import pdfplumber

from hrgraph.config import Settings
from hrgraph.extract import extract
from hrgraph.sources.files import source_document

SHARED_PDF = Path(__file__).resolve().parents[2] / "shared" / "documents" / "pdf"
DEFAULT_FILES = sorted(SHARED_PDF.glob("koeln_rat_wortprotokoll_*.pdf"))
MIN_CHARS = 25
RULE_MAX_WIDTH = 2.0
RULE_MIN_HEIGHT = 300.0


def normalise(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).lower()


def column_rule(page) -> float | None:
    """x of the tall thin vertical rule between the columns, if the page has one."""
    rules = [r for r in page.rects if r["width"] <= RULE_MAX_WIDTH and r["height"] >= RULE_MIN_HEIGHT]
    return (rules[0]["x0"] + rules[0]["x1"]) / 2 if rules else None


def reference_lines(page) -> list[str] | None:
    """The page's lines in true reading order: left of the rule, then right of it (None without a rule)."""
    rule = column_rule(page)
    if rule is None:
        return None
    top = min(r["top"] for r in page.rects if r["width"] <= RULE_MAX_WIDTH)
    lines = []
    for box in ((0, top, rule, page.height), (rule, top, page.width, page.height)):
        text = page.within_bbox(box).extract_text() or ""
        lines.extend(line for line in text.splitlines() if len(normalise(line)) >= MIN_CHARS)
    return lines


def longest_increasing(values: list[int]) -> int:
    tails: list[int] = []
    for value in values:
        index = bisect.bisect_left(tails, value)
        tails[index : index + 1] = [value]
    return len(tails)


def score(reference: list[str], text: str) -> tuple[float, float]:
    """(found, in_order) of reference lines in text, as described in the module docstring."""
    haystack = normalise(text)
    found, last = [], 0
    for line in reference:
        needle = normalise(line)
        position = haystack.find(needle, last)  # repeated lines (vote tallies) match their next occurrence
        if position < 0:
            position = haystack.find(needle)
        if position >= 0:
            found.append(position)
            last = position + len(needle)
    return len(found) / len(reference), longest_increasing(found) / len(reference)


def measure(path: Path) -> dict:
    """Scores of hrgraph's extraction and of plain pdfplumber ``extract_text`` (baseline) for one PDF."""
    doc = extract(source_document(path), Settings(ocr=False))
    ours, baseline = [], []
    with pdfplumber.open(path) as pdf:
        for page, extracted in zip(pdf.pages, doc.pages, strict=True):
            reference = reference_lines(page)
            if not reference:
                continue
            ours.append(score(reference, extracted.text))
            baseline.append(score(reference, page.extract_text() or ""))

    def mean(pairs: list[tuple[float, float]], i: int) -> float:
        return sum(p[i] for p in pairs) / len(pairs)

    return {
        "file": path.name,
        "pages": len(ours),
        "found": mean(ours, 0),
        "in_order": mean(ours, 1),
        "worst_page_in_order": min(p[1] for p in ours),
        "baseline_found": mean(baseline, 0),
        "baseline_in_order": mean(baseline, 1),
    }


def main(paths: list[str]) -> None:
    for path in [Path(p) for p in paths] or DEFAULT_FILES:
        result = measure(path)
        print(
            f"{result['file']}: {result['pages']} pages, found {result['found']:.3f}, in order {result['in_order']:.3f} "
            f"(worst page {result['worst_page_in_order']:.3f}); pdfplumber baseline: found {result['baseline_found']:.3f}, "
            f"in order {result['baseline_in_order']:.3f}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
