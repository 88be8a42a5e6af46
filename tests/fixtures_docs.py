"""Generated test documents: PDFs with known layout (reportlab), image-only scans (Pillow), bad inputs."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib import colors, pdfencrypt
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT, SIZE, LEADING = "Helvetica", 10, 13
WIDTH, HEIGHT = A4
MARGIN = 56
GUTTER = 28

LEFT_SENTENCES = [f"Links {i}: Der Ausschuss berät die Förderung der Betriebe in der Region." for i in range(1, 9)]
RIGHT_SENTENCES = [f"Rechts {i}: Die Stadtwerke und die Hochschule vereinbaren ein Projekt." for i in range(1, 9)]
TOPICS = ["Wirtschaftsförderung", "Breitbandausbau", "Innenstadtentwicklung", "Tourismus", "Fachkräfte"]
"""Page n is about TOPICS[n - 1], so that only the running header and footer repeat from page to page."""
HEADER = "Stadtrat Musterstadt – Niederschrift der Sitzung vom 4. März 2024"


def column_lines(text: str, width: float) -> list[str]:
    return simpleSplit(text, FONT, SIZE, width)


def draw_lines(pdf: canvas.Canvas, lines: list[str], x: float, y: float) -> float:
    for line in lines:
        pdf.drawString(x, y, line)
        y -= LEADING
    return y


def two_column_pdf(path: Path, pages: int = 3) -> Path:
    assert pages <= len(TOPICS)
    """Pages with a running header and footer, a full-width title, and two columns of numbered sentences.

    Page 1 also ends its single-column intro with a word hyphenated across lines ('Gesund-' / 'heit').
    """
    pdf = canvas.Canvas(str(path), pagesize=A4)
    column = (WIDTH - 2 * MARGIN - GUTTER) / 2
    for number in range(1, pages + 1):
        pdf.setFont(FONT, 8)
        pdf.drawString(MARGIN, HEIGHT - 36, HEADER)
        pdf.drawCentredString(WIDTH / 2, 30, f"Seite {number} von {pages}")
        pdf.setFont("Helvetica-Bold", 14)
        topic = TOPICS[number - 1]
        pdf.drawString(MARGIN, HEIGHT - 80, f"Tagesordnungspunkt {number}: {topic} in der Region")
        pdf.setFont(FONT, SIZE)
        y = HEIGHT - 110
        if number == 1:
            intro = ["Die Vorlage behandelt Fragen der öffentlichen Gesund-", "heit und der Gesundheits- und Sozialwirtschaft."]
            y = draw_lines(pdf, intro, MARGIN, y)
            y -= LEADING
        left = [line for s in LEFT_SENTENCES for line in column_lines(f"{topic}. {s}", column)]
        right = [line for s in RIGHT_SENTENCES for line in column_lines(f"{topic}. {s}", column)]
        draw_lines(pdf, left, MARGIN, y)
        draw_lines(pdf, right, MARGIN + column + GUTTER, y)
        pdf.showPage()
    pdf.save()
    return path


TABLE_ROWS = [
    ["Posten", "Ansatz 2024", "Ansatz 2025"],
    ["Wirtschaftsförderung", "120.000", "135.000"],
    ["Tourismus", "45.000", "47.500"],
]


def table_pdf(path: Path) -> Path:
    """A paragraph, a ruled budget table, and a closing paragraph."""
    styles = getSampleStyleSheet()
    table = Table(TABLE_ROWS)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    story = [
        Paragraph("Der Haushaltsplan sieht folgende Ansätze vor.", styles["Normal"]),
        Spacer(1, 12),
        table,
        Spacer(1, 12),
        Paragraph("Der Rat stimmt dem Haushaltsplan zu.", styles["Normal"]),
    ]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


def odd_grey_pdf(path: Path) -> Path:
    """A ruled table (which pdfplumber reads) on a page that sets its grey level by a name instead of a number, as
    some council PDFs do: pdfminer warns about it."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf._code.append("/P280 g")
    for i in range(3):
        pdf.line(50, 700 - 20 * i, 400, 700 - 20 * i)
    for x in (50, 200, 400):
        pdf.line(x, 700, x, 660)
    pdf.drawString(60, 685, "Partner")
    pdf.drawString(210, 685, "Ort")
    pdf.drawString(60, 665, "Muster GmbH")
    pdf.drawString(210, 665, "Hannover")
    pdf.showPage()
    pdf.save()
    return path


def text_pdf(path: Path, pages: int = 1, text: str = "Ein kurzer Text über die Region.", encrypt: str | None = None) -> Path:
    """A plain PDF with the same line and a page number on each page; ``encrypt`` sets a user password."""
    encryption = pdfencrypt.StandardEncryption(encrypt, ownerPassword="owner") if encrypt else None
    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt=encryption)
    for number in range(1, pages + 1):
        pdf.setFont(FONT, SIZE)
        pdf.drawString(MARGIN, HEIGHT - MARGIN, text)
        pdf.drawString(MARGIN, MARGIN, f"Seite {number}")
        pdf.showPage()
    pdf.save()
    return path


SCAN_LINES = ["Gemeinde Nordstemmen", "Der Ortsrat beschließt", "die Verkehrsschau."]


def scan_pdf(path: Path, stamp: str | None = None) -> Path:
    """An image-only PDF: text rendered into a bitmap with Pillow and placed on the page (no text layer).

    ``stamp`` adds a short line of real text over the image, as archive systems stamp scans.
    """
    image = Image.new("L", (1700, 2200), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=64)
    for i, line in enumerate(SCAN_LINES):
        draw.text((150, 200 + i * 120), line, fill=0, font=font)
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.drawImage(ImageReader(image), 0, 0, width=WIDTH, height=HEIGHT)
    if stamp:
        pdf.setFont(FONT, 8)
        pdf.drawString(MARGIN, 20, stamp)
    pdf.showPage()
    pdf.save()
    return path


ENCODERS = {"FlateDecode": lambda data: zlib.compress(data, 9), "ASCIIHexDecode": lambda data: data.hex().encode() + b">"}


def bomb_pdf(path: Path, inflated_bytes: int, filters: tuple[str, ...] = ("FlateDecode",)) -> Path:
    """A one-page PDF whose content stream decodes through ``filters`` to ``inflated_bytes`` of spaces."""
    stream = b" " * inflated_bytes
    for name in reversed(filters):
        stream = ENCODERS[name](stream)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter [%s] >>\nstream\n" % (len(stream), " ".join(f"/{n}" for n in filters).encode())
        + stream + b"\r\nendstream",
    ]
    body = b"%PDF-1.4\n"
    for number, obj in enumerate(objects, 1):
        body += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    path.write_bytes(body + b"trailer\n<< /Root 1 0 R /Size 5 >>\n%%EOF\n")
    return path


def gzip_bomb_html(path: Path, inflated_bytes: int) -> Path:
    """An .html file that is gzip data inflating to ``inflated_bytes``."""
    path.write_bytes(gzip.compress(b"<html><body><p>" + b"a" * inflated_bytes + b"</p></body></html>", 9))
    return path


def nested_html(path: Path, depth: int) -> Path:
    path.write_text("<html><body>" + "<div>" * depth + "tief" + "</div>" * depth + "</body></html>", encoding="utf-8")
    return path


PRESS_RELEASE = """<html><head><meta charset="{charset}"><title>Neue Partnerschaft</title></head>
<body><nav><a href="/">Start</a> | <a href="/presse">Presse</a></nav>
<article><h1>Stadtwerke Köln und Universität starten Wärmeprojekt</h1>
<p>Köln, 12. März 2024</p>
<p>Von Jürgen Müller</p>
<p>Die Stadtwerke Köln und die Universität zu Köln haben eine Kooperation für die Wärmewende vereinbart.
Grüße gehen an alle Beteiligten in Düsseldorf und Würzburg, die Straßen sind schön.</p>
<p>Das Projekt läuft drei Jahre und wird vom Land Nordrhein-Westfalen gefördert.
Ökologische Fragen spielen eine große Rolle für die Region.</p>
</article><footer>Impressum · Datenschutz</footer></body></html>
"""


PARTNERS = ("Beispiel Klinik GmbH", "Hochschule Bochum", "Muster Werke AG", "Ruhrdata Essen GmbH", "Weserbau Kiel AG")


def write_corpus(folder: Path, count: int) -> Path:
    """``count`` short press releases naming overlapping partners, so that resolution merges across documents."""
    folder.mkdir()
    for i in range(count):
        a, b = PARTNERS[i % len(PARTNERS)], PARTNERS[(i + 2) % len(PARTNERS)]
        (folder / f"press_{i:03d}.txt").write_text(
            f"{i % 28 + 1:02d}.03.2024\n\nKooperation vereinbart\n\nDie {a} arbeitet in Zusammenarbeit mit der {b} "
            f"an dem Projekt „Netzwerk {i}“. Dr. Anna Schmidt, Geschäftsführerin der {a}, begrüßte die Gäste "
            f"am {i % 28 + 1}. Mai.\n", encoding="utf-8")
    return folder


def pdfium_picture_pdf(path: Path, size: int = 800) -> Path:
    """A page holding one picture, written by PDFium: its Flate image stream (over a megabyte inflated) ends
    with a line break before 'endstream', as most writers put it."""
    import pypdfium2 as pdfium

    image = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(image)
    for step in range(0, size, 40):
        draw.ellipse((step // 2, step // 3, size - step // 3, size - step // 2), outline=(step % 256, 90, 200), width=3)
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(size, size)
    picture = pdfium.PdfImage.new(pdf)
    picture.set_bitmap(pdfium.PdfBitmap.from_pil(image))
    picture.set_matrix(pdfium.PdfMatrix().scale(size, size))
    page.insert_obj(picture)
    page.gen_content()
    pdf.save(str(path))
    return path


def huge_page_pdf(path: Path, side: float = 14_400) -> Path:
    """One page of the largest size PDF allows (200 inches square) with a drawing but no text: a scan to OCR."""
    pdf = canvas.Canvas(str(path), pagesize=(side, side))
    pdf.rect(side / 4, side / 4, side / 2, side / 2, fill=1)
    pdf.showPage()
    pdf.save()
    return path


def grid_pdf(path: Path, lines: int = 120) -> Path:
    """One page ruled into ``lines`` × ``lines`` cells, a number in each: a table that takes pdfplumber minutes."""
    side = 12 * lines + 2 * MARGIN
    pdf = canvas.Canvas(str(path), pagesize=(side, side))
    pdf.setFont(FONT, 5)
    for i in range(lines + 1):
        pdf.line(MARGIN, MARGIN + 12 * i, side - MARGIN, MARGIN + 12 * i)
        pdf.line(MARGIN + 12 * i, MARGIN, MARGIN + 12 * i, side - MARGIN)
    for row in range(lines):
        for column in range(lines):
            pdf.drawString(MARGIN + 12 * column + 1, MARGIN + 12 * row + 3, str((row * column) % 997))
    pdf.showPage()
    pdf.save()
    return path


def big_html(path: Path, paragraphs: int) -> Path:
    """An HTML page of ``paragraphs`` paragraphs and small tables (about 300 bytes each)."""
    row = "<p>Die Gemeinde fördert {0} Betriebe.</p><table><tr><td>{0}</td><td>Zeile {0}</td></tr></table>\n"
    path.write_text("<html><body><article>" + "".join(row.format(i) for i in range(paragraphs))
                    + "</article></body></html>", encoding="utf-8")
    return path
