"""Hostile inputs finish in bounded time and memory: each is extracted or fails with a clear reason."""

from __future__ import annotations

import base64
import gzip
import subprocess
import sys
import zlib
from pathlib import Path

import psutil
import pypdfium2 as pdfium
import pytest
import pytesseract
from fixtures_docs import big_html, bomb_pdf, grid_pdf, huge_page_pdf, pdfium_picture_pdf, text_pdf

from hrgraph.config import Settings
from hrgraph.extract import ExtractionError, extract
from hrgraph.extract.guards import decoded_size, gunzip_limited, pieces, un85, unhex, unrun
from hrgraph.extract.limits import extract_limited
from hrgraph.extract.ocr import OCR_DPI, ocr_page, ocr_scale, ocr_unavailable
from hrgraph.sources.files import source_document

SMALL = {"max_file_bytes": 200_000, "max_pages": 2, "max_html_depth": 100}
LIMITS = {"extract_seconds": 5, "extract_memory_mb": 512}


def test_inflation_stops_at_the_end_of_the_data_when_bytes_follow_it():
    """Writers put a line break between the compressed data and 'endstream'; more than one chunk of output."""
    data = b" " * (3 << 20)
    assert decoded_size(zlib.compress(data) + b"\r\n", [b"FlateDecode"], 1 << 30) == len(data)
    assert gunzip_limited(gzip.compress(data) + b"\r\n", 1 << 30) == data


def test_the_decoders_of_the_filter_chain_agree_with_the_standard_library():
    data = bytes(range(256)) * 5000 + b"\x00" * 4000
    assert b"".join(unhex(pieces(data.hex().upper().encode() + b"\n>"))) == data
    assert b"".join(unhex([b"4a 6"])) == b"J`"
    encoded = base64.a85encode(data, wrapcol=70, foldspaces=False)
    assert b"z" in encoded
    assert b"".join(un85(pieces(encoded + b"~>"))) == data
    assert b"".join(unrun([b"\x02abc\xfdx", b"\x00y\x80trailing"])) == b"abcxxxxy"


def test_decoding_stops_past_the_budget():
    layered = zlib.compress(zlib.compress(b" " * (50 << 20), 9), 9)
    assert decoded_size(layered, [b"FlateDecode", b"FlateDecode"], 1 << 20) <= 2 << 20
    assert decoded_size(layered, [b"DCTDecode"], 1 << 20) == len(layered)  # image codecs are not decoded


@pytest.mark.parametrize("filters", [("FlateDecode", "FlateDecode"), ("ASCIIHexDecode", "FlateDecode")])
def test_a_bomb_behind_a_chain_of_filters_is_refused(tmp_path, filters):
    """The first layer stays small (50 MB of spaces compress to 50 KB); only the whole chain shows the bomb."""
    path = bomb_pdf(tmp_path / "chain.pdf", 50 << 20, filters)
    assert path.stat().st_size < SMALL["max_file_bytes"]
    with pytest.raises(ExtractionError, match="decompression bomb"):
        extract(source_document(path), Settings(**SMALL))


def test_a_page_longer_than_the_models_max_length_is_analysed_in_pieces(monkeypatch, press_release):
    """spaCy refuses texts over nlp.max_length (E088); the page is cut at line breaks, offsets stay the page's."""
    from hrgraph.nlp.annotate import annotate, pieces
    from hrgraph.nlp.pipeline import load_pipeline
    from hrgraph.records import ExtractedDocument, Page, SourceDocument

    repeats = 6
    text = "\n".join([press_release] * repeats)
    assert "".join(pieces(text, 300)) == text and all(len(p) <= 300 for p in pieces(text, 300))
    assert "".join(pieces("x" * 1000, 300)) == "x" * 1000  # no white space: cut anywhere
    nlp = load_pipeline(Settings().ner_model)
    doc = SourceDocument(id="long", source="long.txt", path="long.txt", media_type="text", size=len(text))
    document = ExtractedDocument(doc=doc, pages=[Page(number=1, text=text, method="text")])
    whole, _ = annotate(nlp, [document])[0]
    monkeypatch.setattr(nlp, "max_length", 300)
    cut, _ = annotate(nlp, [document])[0]
    assert all(text[m.evidence.start : m.evidence.end] == m.text for m in cut)
    assert all(m.evidence.sentence in text for m in cut)
    assert sum(m.text == "Hochschule Bochum" for m in cut) == sum(m.text == "Hochschule Bochum" for m in whole) > 0


def limited(path: Path, **settings) -> tuple[str, str]:
    """(status, reason) of extracting ``path`` in the extraction child with small limits."""
    try:
        extract_limited(source_document(path), Settings(**(LIMITS | settings)))
    except ExtractionError as error:
        return error.status, error.reason
    return "ok", ""


HOSTILE = {
    # name: (builder, extra settings, accepted (status, words in the reason) pairs)
    "picture.pdf": (pdfium_picture_pdf, {"ocr": False}, {("needs_ocr", "no text layer on page(s) 1")}),
    "two_flate_layers.pdf": (lambda p: bomb_pdf(p, 50 << 20, ("FlateDecode", "FlateDecode")), SMALL,
                             {("failed", "decompression bomb")}),
    "hex_flate.pdf": (lambda p: bomb_pdf(p, 50 << 20, ("ASCIIHexDecode", "FlateDecode")), SMALL,
                      {("failed", "decompression bomb")}),
    "grid.pdf": (grid_pdf, {}, {("ok", ""), ("failed", "time limit (5 s)")}),
    "big.html": (lambda p: big_html(p, 100_000), {}, {("ok", ""), ("failed", "no main text"), ("failed", "time limit (5 s)"),
                                                      ("failed", "memory limit (512 MB)")}),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_files_are_extracted_or_fail_with_a_reason_within_the_limits(tmp_path, name):
    builder, settings, accepted = HOSTILE[name]
    status, reason = limited(builder(tmp_path / name), **settings)
    assert any(status == ok_status and words in reason for ok_status, words in accepted), (status, reason)


def test_a_document_past_the_time_limit_fails_and_the_next_one_is_extracted(tmp_path):
    """The grid page takes pdfplumber far longer than a second; its child is killed and replaced."""
    assert limited(grid_pdf(tmp_path / "grid.pdf"), extract_seconds=1) == ("failed", "time limit (1 s)")
    assert limited(text_pdf(tmp_path / "fine.pdf")) == ("ok", "")


def test_a_document_past_the_memory_limit_fails_and_the_next_one_is_extracted(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"Die Gemeinde foerdert Betriebe.\n" * 8_000_000)  # 256 MB: read and decoded, over 512 MB
    assert limited(path, max_file_bytes=1 << 30) == ("failed", "memory limit (512 MB)")
    assert limited(text_pdf(tmp_path / "fine.pdf")) == ("ok", "")


CHILD_OF_KILLED_PARENT = """
import os, signal
from hrgraph.extract.limits import _child
_child.start(512 << 20)
print(_child.process.pid, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_the_extraction_child_dies_with_its_parent():
    run = subprocess.run([sys.executable, "-c", CHILD_OF_KILLED_PARENT], capture_output=True, text=True, timeout=300)
    child = int(run.stdout.split()[0])
    gone, alive = psutil.wait_procs([psutil.Process(child)], timeout=30) if psutil.pid_exists(child) else ([], [])
    assert not alive


def test_page_images_for_ocr_stay_within_the_pixel_limit():
    assert ocr_scale(595, 842, 1) == OCR_DPI / 72
    a0 = ocr_scale(2384, 3370, 1)
    assert 150 / 72 < a0 < OCR_DPI / 72 and (2384 * a0) * (3370 * a0) <= 40_000_000
    with pytest.raises(ExtractionError, match="page 3 is too large for OCR"):
        ocr_scale(14_400, 14_400, 3)


@pytest.mark.skipif(ocr_unavailable() is not None, reason="needs tesseract with German data")
def test_a_huge_page_fails_before_it_is_rendered(tmp_path):
    assert limited(huge_page_pdf(tmp_path / "huge.pdf"), ocr=True)[1].startswith("page 1 is too large for OCR")


def test_tesseract_errors_become_a_reason(tmp_path, monkeypatch):
    def fail(*args, **kwargs):
        raise pytesseract.TesseractError(1, "Error in pixCreate: pixd not made")

    monkeypatch.setattr(pytesseract, "image_to_string", fail)
    pdf = pdfium.PdfDocument(text_pdf(tmp_path / "page.pdf"))
    with pytest.raises(ExtractionError, match="OCR failed on page 2: tesseract exited with status 1: Error in pixCreate"):
        ocr_page(pdf[0], 2)
