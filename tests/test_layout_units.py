"""Layout units: table cells apart (tabs), letter-spaced and glued words, rotated labels, a date line under a
letterhead; and the language stage never lets a name run from one cell into the next."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from hrgraph.config import Settings
from hrgraph.extract import extract
from hrgraph.extract import pdf as pdf_module
from hrgraph.nlp.annotate import annotate
from hrgraph.nlp.pipeline import load_pipeline
from hrgraph.sources.files import source_document

WIDTH, HEIGHT = A4
FONT, SIZE = "Helvetica", 11
LEFT, RIGHT = 72, 300
MEMBERS = [("Ordentlich", "Stellvertretend"), ("Anna Berger", "Jonas Keller"), ("Thomas Wagner", "Maria Schulte"),
           ("Peter Hoffmann", "Sabine Krüger"), ("Klaus Richter", "Laura Neumann")]
"""Invented committee members: full member and deputy, one name per cell."""


def names_pdf(path: Path, ruled: bool) -> Path:
    """A committee list as a two-column table of names; ``ruled`` draws the grid of a ruled table."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont(FONT, SIZE)
    pdf.drawString(LEFT, HEIGHT - 72, "Besetzung des Ausschusses für Wirtschaft")
    top = HEIGHT - 110
    for row, cells in enumerate(MEMBERS):
        y = top - row * 20
        pdf.drawString(LEFT + 4, y, cells[0])
        pdf.drawString(RIGHT + 4, y, cells[1])
    if ruled:
        bottom = top - len(MEMBERS) * 20 + 14
        for row in range(len(MEMBERS) + 1):
            pdf.line(LEFT, top + 14 - row * 20, 528, top + 14 - row * 20)
        for x in (LEFT, RIGHT, 528):
            pdf.line(x, top + 14, x, bottom)
    pdf.drawString(LEFT, top - len(MEMBERS) * 20 - 20, "Die Mitglieder werden für fünf Jahre gewählt.")
    pdf.save()
    return path


def spacing_pdf(path: Path) -> Path:
    """A letter-spaced heading, a line whose words are set apart without a space character, a rotated label."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    heading = pdf.beginText(LEFT, HEIGHT - 72)
    heading.setFont(FONT, 14)
    heading.setCharSpace(5)
    heading.textLine("Beschluss")
    heading.setCharSpace(0)  # the PDF's character spacing outlives the text object
    pdf.drawText(heading)
    pdf.setFont(FONT, 12)
    y = HEIGHT - 110
    pdf.drawString(LEFT, y, "Der")
    pdf.drawString(LEFT + pdf.stringWidth("Der", FONT, 12) + 2.5, y, "Abschnitt")  # a gap, but no space
    pdf.drawString(LEFT, y - 20, "Die Gemeinde fördert das Gewerbegebiet.")
    pdf.saveState()
    pdf.translate(400, 500)
    pdf.rotate(35)
    pdf.drawString(0, 0, "Kreisstraße")  # a map label
    pdf.restoreState()
    pdf.save()
    return path


def letter_pdf(path: Path) -> Path:
    """A three-page letter: letterhead and date line on page 1, a running header with its own date on 2 and 3."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont(FONT, SIZE)
    for line, text in enumerate(["Stadt Musterstadt", "Der Bürgermeister", "Musterstadt, 12.03.2024"]):
        pdf.drawString(LEFT, HEIGHT - 60 - line * 14, text)
    pdf.drawString(LEFT, HEIGHT - 200, "Sehr geehrte Damen und Herren, wir laden Sie ein.")
    pdf.showPage()
    for page in (2, 3):
        pdf.setFont(FONT, SIZE)
        pdf.drawString(LEFT, HEIGHT - 60, "Musterstadt, 02.02.2024")
        pdf.drawString(LEFT, HEIGHT - 200, f"Text der Seite {page} über die Förderung.")
        pdf.showPage()
    pdf.save()
    return path


def extract_path(path: Path):
    return extract(source_document(path), Settings(ocr=False))


def table_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if "\t" in line]


@pytest.fixture(params=["unruled", "ruled", "unruled-pdfplumber"])
def names_page(request, tmp_path, monkeypatch):
    if request.param == "unruled-pdfplumber":  # an unruled table on a page pdfplumber reads (drawings elsewhere)
        monkeypatch.setattr(pdf_module.pdfium_words, "may_hold_table", lambda page: True)
    extracted = extract_path(names_pdf(tmp_path / "ausschuss.pdf", ruled=request.param == "ruled"))
    return extracted


def test_table_cells_are_separated_by_tabs_and_rows_by_lines(names_page):
    text = names_page.pages[0].text
    assert table_lines(text) == ["\t".join(cells) for cells in MEMBERS]
    assert "Besetzung des Ausschusses für Wirtschaft" in text
    assert "Die Mitglieder werden für fünf Jahre gewählt." in text


def test_no_entity_crosses_a_table_cell(names_page):
    nlp = load_pipeline(Settings().ner_model)
    mentions, _ = annotate(nlp, [names_page])[0]
    text = names_page.pages[0].text
    for m in mentions:
        assert not {"\t", "\n"} & set(text[m.evidence.start : m.evidence.end]), m
    people = [m for m in mentions if m.type == "PER"]
    assert {m.text for m in people} >= {name for cells in MEMBERS[1:] for name in cells}
    rows = {"\t".join(cells) for cells in MEMBERS}
    assert {m.evidence.sentence for m in people} <= rows, "a table row is a sentence of its own"


@pytest.fixture(scope="module", params=["pdfium", "pdfplumber"])
def spaced_page(request, tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        if request.param == "pdfplumber":
            patch.setattr(pdf_module.pdfium_words, "may_hold_table", lambda page: True)
        return extract_path(spacing_pdf(tmp_path_factory.mktemp("pdf") / "abstand.pdf")).pages[0].text


def test_letter_spaced_heading_is_one_word(spaced_page):
    assert spaced_page.splitlines()[0] == "Beschluss"


def test_words_set_apart_without_a_space_are_two_words(spaced_page):
    assert "Der Abschnitt" in spaced_page
    assert "Die Gemeinde fördert das Gewerbegebiet." in spaced_page, "letters of one word stay together"


def test_rotated_label_is_left_out(spaced_page):
    assert spaced_page.endswith("Gewerbegebiet."), "no letters of the label after the last line"


def test_date_line_under_a_letterhead_is_kept_while_the_running_header_goes(tmp_path):
    extracted = extract_path(letter_pdf(tmp_path / "brief.pdf"))
    first, *others = [page.text for page in extracted.pages]
    assert first.splitlines()[:3] == ["Stadt Musterstadt", "Der Bürgermeister", "Musterstadt, 12.03.2024"]
    assert all("02.02.2024" not in text for text in others)
    assert extracted.metadata["removed_running_lines"] == ["Musterstadt, 02.02.2024"]


COMMITTEE_HTML = """<html><head><meta charset="utf-8"><title>Ausschuss für Wirtschaft</title></head><body><article>
<p>Der Rat der Stadt Musterstadt hat die Mitglieder des Ausschusses für Wirtschaft gewählt. Sie beraten über die
Förderung der Betriebe und die Entwicklung der Gewerbegebiete in den nächsten fünf Jahren.</p>
<table>{rows}</table>
<p>Die erste Sitzung des Ausschusses findet im Frühjahr im Rathaus statt.</p></article></body></html>"""


def test_html_table_cells_are_tab_separated(tmp_path):
    rows = "".join(f"<tr><td>{left}</td><td>{right}</td></tr>" for left, right in MEMBERS)
    path = tmp_path / "ausschuss.html"
    path.write_text(COMMITTEE_HTML.format(rows=rows), encoding="utf-8")
    extracted = extract_path(path)
    assert table_lines(extracted.pages[0].text) == ["\t".join(cells) for cells in MEMBERS]
    mentions, _ = annotate(load_pipeline(Settings().ner_model), [extracted])[0]
    assert {m.text for m in mentions if m.type == "PER"} >= {name for cells in MEMBERS[1:] for name in cells}
