"""OCR of page images with Tesseract (via pytesseract), for PDF pages without a text layer.

Tesseract is a system program: ``apt-get install tesseract-ocr tesseract-ocr-deu``.
"""

from __future__ import annotations

import shutil
from functools import lru_cache

import pypdfium2 as pdfium
import pytesseract
from PIL import Image

OCR_LANGUAGE = "deu"
OCR_DPI = 300
OCR_TIMEOUT_SECONDS = 180
"""Per page; a page that takes longer fails the document."""


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


def ocr_page(page: pdfium.PdfPage) -> str:
    """Render a PDF page at OCR_DPI, turn it upright and read its text with Tesseract."""
    image = upright(page.render(scale=OCR_DPI / 72, grayscale=True).to_pil())
    return pytesseract.image_to_string(image, lang=OCR_LANGUAGE, timeout=OCR_TIMEOUT_SECONDS)
