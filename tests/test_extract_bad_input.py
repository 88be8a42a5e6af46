"""A corpus of bad inputs built in tmp_path: every file is either extracted or fails with the expected reason."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fixtures_docs import bomb_pdf, gzip_bomb_html, nested_html, text_pdf
from reportlab.pdfgen import canvas

from hrgraph.config import Settings
from hrgraph.extract import ExtractionError, extract
from hrgraph.sources.files import source_document

PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)


def truncated_pdf(path: Path) -> Path:
    full = text_pdf(path.with_name("full.pdf"), pages=3).read_bytes()
    path.write_bytes(full[: len(full) // 3])
    return path


def corrupt_pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.7\n" + os.urandom(4096))
    return path


def blank_pdf(path: Path) -> Path:
    pdf = canvas.Canvas(str(path))
    pdf.showPage()
    pdf.save()
    return path


def odd_geometry_pdf(path: Path) -> Path:
    """A page turned by /Rotate and text running off both page edges."""
    pdf = canvas.Canvas(str(path))
    pdf.setPageRotation(90)
    for y, x in enumerate((-40, 56, 400, 560)):
        pdf.drawString(x, 700 - 14 * y, f"Zeile {y} der Niederschrift über den Haushalt der Gemeinde")
    pdf.showPage()
    pdf.save()
    return path


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


SMALL = {"max_file_bytes": 200_000, "max_pages": 2, "max_html_depth": 100}

CASES = {
    # name: (builder, expected status, expected words in the reason)
    "empty.pdf": (lambda p: write(p, b""), "failed", "empty file"),
    "empty.html": (lambda p: write(p, b""), "failed", "empty file"),
    "blank.txt": (lambda p: write(p, b"  \n\t\n"), "failed", "only white space"),
    "picture.pdf": (lambda p: write(p, PNG_BYTES), "failed", "not a PDF"),
    "picture.html": (lambda p: write(p, PNG_BYTES), "failed", "binary content"),
    "picture.txt": (lambda p: write(p, PNG_BYTES), "failed", "binary content"),
    "corrupt.pdf": (corrupt_pdf, "failed", "corrupt or unreadable PDF"),
    "truncated.pdf": (truncated_pdf, "failed", "corrupt or unreadable PDF"),
    "encrypted.pdf": (lambda p: text_pdf(p, encrypt="geheim"), "failed", "encrypted PDF"),
    "owner_only.pdf": (lambda p: text_pdf(p, encrypt=""), "ok", ""),
    "too_many_pages.pdf": (lambda p: text_pdf(p, pages=3), "failed", "too many pages"),
    "huge.txt": (lambda p: write(p, b"Wirtschaft " * 30_000), "failed", "file too large"),
    "bomb.pdf": (lambda p: bomb_pdf(p, 5_000_000), "failed", "decompression bomb"),
    "bomb.html": (lambda p: gzip_bomb_html(p, 5_000_000), "failed", "decompression bomb"),
    "nested.html": (lambda p: nested_html(p, 1000), "failed", "nested too deeply"),
    "no_text.html": (lambda p: write(p, b"<html><body><script>var a=1;</script></body></html>"), "failed", "no main text"),
    "blank_pages.pdf": (blank_pdf, "failed", "no text on any page"),
    "document.docx": (lambda p: write(p, b"PK\x03\x04" + bytes(32)), "skipped", "unsupported file type"),
    "fine.pdf": (lambda p: text_pdf(p), "ok", ""),
    "odd_geometry.pdf": (odd_geometry_pdf, "ok", ""),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_accounted_for(tmp_path, name):
    builder, status, reason = CASES[name]
    path = builder(tmp_path / name)
    doc = source_document(path)
    if status == "ok":
        assert any(page.text.strip() for page in extract(doc, Settings(**SMALL)).pages)
        return
    with pytest.raises(ExtractionError) as error:
        extract(doc, Settings(**SMALL))
    assert error.value.status == status
    assert reason.lower() in error.value.reason.lower(), error.value.reason


def test_unexpected_library_errors_become_extraction_errors(tmp_path, monkeypatch):
    from hrgraph.extract import html as html_module

    def explode(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(html_module.trafilatura, "bare_extraction", explode)
    path = write(tmp_path / "page.html", b"<html><body><p>Text</p></body></html>")
    with pytest.raises(ExtractionError) as error:
        extract(source_document(path))
    assert "RecursionError" in error.value.reason


def test_a_bad_corpus_through_the_flow_loses_no_document(tmp_path):
    """Every file of the bad-input corpus is in documents.jsonl with its status; the run finishes."""
    import json

    from hrgraph.flow import ingest_flow

    corpus, build = tmp_path / "corpus", tmp_path / "build"
    corpus.mkdir()
    build.mkdir()
    for name, (builder, _, _) in CASES.items():
        builder(build / name).rename(corpus / name)  # only the case itself, not helper files a builder leaves
    summary = ingest_flow([str(corpus)], str(tmp_path / "out"), settings=Settings(**SMALL))
    documents = [json.loads(line) for line in (tmp_path / "out" / "documents.jsonl").read_text().splitlines()]
    rows = {Path(path).name: r for r in documents for path in r["paths"]}  # copies of one content are one row
    assert sorted(rows) == sorted(CASES)
    for name, (_, status, _) in CASES.items():
        assert rows[name]["status"] == status, (name, rows[name])
    failed = {Path(r["source"]).name for r in map(json.loads, (tmp_path / "out" / "failures.jsonl").read_text().splitlines())}
    assert failed == {Path(r["source"]).name for r in documents if r["status"] == "failed"}
    assert summary["failures"] == len(failed)
