"""OCR of page images with Tesseract (via pytesseract), for PDF pages without a text layer.

Tesseract is a system program: ``apt-get install tesseract-ocr tesseract-ocr-deu``.
"""

from __future__ import annotations

import math
import os
import shutil
from functools import lru_cache

import pypdfium2 as pdfium
import pytesseract
from PIL import Image

from hrgraph.extract.errors import ExtractionError

OCR_LANGUAGE = "deu"
OCR_DPI = 300
OCR_TIMEOUT_SECONDS = 180
"""Per page; a page that takes longer fails the document."""
OCR_MAX_PIXELS = 40_000_000
"""Largest page image rendered for OCR (40 MB in grayscale; an A0 sheet at 160 dpi): a larger page is rendered
at a lower resolution ..."""
OCR_MIN_DPI = 150
"""... but not below this, where Tesseract misreads body text: such a page fails the document."""
OCR_THREADS = "1"
"""OpenMP threads per Tesseract process, unless OMP_THREAD_LIMIT says otherwise: Tesseract's default threads spin
against each other and against the other worker (a scanned page took 8.5 s with them, 1.3 s with one thread on
this project's 2-core machine; see tesseract-ocr/tesseract#3109)."""

os.environ.setdefault("OMP_THREAD_LIMIT", OCR_THREADS)  # pytesseract starts tesseract with this environment


@lru_cache(maxsize=1)
def ocr_unavailable() -> str | None:
    """Why OCR cannot run here, or None when Tesseract with German data is installed."""
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        return "tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-deu)"
    if OCR_LANGUAGE not in pytesseract.get_languages():
        return f"tesseract has no '{OCR_LANGUAGE}' language data (apt-get install tesseract-ocr-{OCR_LANGUAGE})"
    return None


def upright(image: Image.Image) -> Image.Image:
    """The image turned upright, by Tesseract's orientation detection (pages are often scanned upside down)."""
    try:
        osd = pytesseract.image_to_osd(image, output_type=pytesseract.Output.DICT, timeout=OCR_TIMEOUT_SECONDS)
    except pytesseract.TesseractError:  # too little text to tell the orientation
        return image
    return image.rotate(-osd["rotate"], expand=True) if osd["rotate"] else image


def ocr_scale(width: float, height: float, number: int) -> float:
    """Pixels per point to render page ``number`` of ``width`` × ``height`` points at: OCR_DPI, or less to stay
    within OCR_MAX_PIXELS; ExtractionError when that is less than OCR_MIN_DPI."""
    scale = min(OCR_DPI / 72, math.sqrt(OCR_MAX_PIXELS / max(width * height, 1.0)))
    if scale < OCR_MIN_DPI / 72:
        raise ExtractionError(f"page {number} is too large for OCR: {width:.0f} × {height:.0f} pt fit "
                              f"{OCR_MAX_PIXELS // 1_000_000} megapixels only at {72 * scale:.0f} dpi, "
                              f"below the {OCR_MIN_DPI} dpi needed to read text")
    return scale


def ocr_page(page: pdfium.PdfPage, number: int) -> str:
    """Render page ``number`` of a PDF (see :func:`ocr_scale`), turn it upright and read its text with Tesseract;
    Tesseract's failures become an ExtractionError naming the page."""
    scale = ocr_scale(*page.get_size(), number)
    try:
        image = upright(page.render(scale=scale, grayscale=True).to_pil())
        return pytesseract.image_to_string(image, lang=OCR_LANGUAGE, timeout=OCR_TIMEOUT_SECONDS)
    except pytesseract.TesseractError as exc:
        raise ExtractionError(f"OCR failed on page {number}: tesseract exited with status {exc.status}: "
                              f"{str(exc.message).strip()[:200]}") from exc
    except RuntimeError as exc:  # pytesseract's timeout
        raise ExtractionError(f"OCR of page {number} took longer than {OCR_TIMEOUT_SECONDS} s") from exc
