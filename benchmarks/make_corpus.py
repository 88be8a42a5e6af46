"""Generate a benchmark corpus of realistic German documents by recombining real paragraphs.

Paragraphs come from the seeds (``data/raw``), the shared HTML press releases and the text of the shared
PDFs (both read with :func:`hrgraph.extract.extract`, so the text is what the pipeline itself sees).
Each generated document has a date line, a title, 3–10 real paragraphs and one or two paragraphs about
partner organisations; these and about half of the real names with a legal form are names from a pool of
synthetic organisations (Zipf-like frequencies), so that resolution sees many distinct names and also
names shared across documents.
A share of the documents is written as PDF (reportlab, single column) and as HTML, the rest as text.

Usage: ``python benchmarks/make_corpus.py 1000 [--out benchmarks/output/corpus_1000] [--seed 8]``.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import textwrap
from pathlib import Path

from hrgraph.config import Settings
from hrgraph.extract import ExtractionError, extract
from hrgraph.sources import discover_files, source_document

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "data" / "raw", ROOT.parent / "shared" / "documents" / "html", ROOT.parent / "shared" / "documents" / "pdf"]
OUTPUT = Path(__file__).resolve().parent / "output"

ORG_NAME = re.compile(r"\b((?:[A-ZÄÖÜ][\w&.-]*\s){1,4}(?:gGmbH|GmbH|AG|e\.\s?V\.|mbH|KG|SE|eG))(?!\w)")
LEGAL_FORMS = ("GmbH", "GmbH", "AG", "e.V.", "gGmbH", "SE", "eG")
STEMS = ("Nord", "Süd", "West", "Ost", "Rhein", "Ruhr", "Weser", "Elb", "Main", "Saar", "Alp", "Harz", "Eifel", "Spree",
         "Havel", "Mosel", "Lahn", "Fulda", "Isar", "Donau", "Neckar", "Ems", "Lippe", "Sieg", "Ahr", "Werra", "Oder",
         "Inn", "Lech", "Iller", "Nahe", "Kinzig", "Wupper", "Erft", "Rur", "Hase", "Aller", "Leine", "Oker", "Ilm")
SUFFIXES = ("tec", "med", "werk", "bau", "data", "energie", "logistik", "pharma", "solar", "consult", "systeme",
            "invest", "klinik", "akademie", "labor", "netz", "digital", "mobil", "stahl", "chemie")
PLACES = ("Bochum", "Dortmund", "Essen", "Duisburg", "Köln", "Bonn", "Aachen", "Münster", "Bielefeld", "Hannover",
          "Braunschweig", "Göttingen", "Kassel", "Mainz", "Trier", "Saarbrücken", "Freiburg", "Ulm", "Augsburg",
          "Regensburg", "Passau", "Erfurt", "Jena", "Leipzig", "Dresden", "Chemnitz", "Magdeburg", "Rostock", "Kiel",
          "Lübeck", "Bremen", "Oldenburg", "Osnabrück", "Paderborn", "Siegen", "Hagen", "Wuppertal", "Krefeld")
KINDS = ("Kliniken", "Werke", "Stadtwerke", "Innovationszentrum", "Forschungsgesellschaft", "Technologiepark",
         "Netzwerk", "Verbund", "Holding", "Beteiligungsgesellschaft")
TITLES = ("Neue Partnerschaft in der Region", "Förderbescheid übergeben", "Beschlussvorlage zur Wirtschaftsförderung",
          "Kooperation vereinbart", "Jahresbericht des Netzwerks", "Sitzung des Ausschusses", "Projektstart")
GIVEN = ("Anna", "Jonas", "Petra", "Michael", "Sabine", "Thomas", "Julia", "Stefan", "Katrin", "Markus", "Elif", "Lukas")
SURNAMES = ("Becker", "Schulz", "Hoffmann", "Wagner", "Krüger", "Yilmaz", "Neumann", "Schröder", "Braun", "Vogel",
            "Keller", "Lorenz", "Hahn", "Busch", "Franke", "Albrecht")
TEMPLATES = ("Die {a} und die {b} haben eine Kooperation vereinbart.",
             "Gemeinsam mit der {a} entwickelt die {b} neue Angebote für Unternehmen der Region.",
             "{person}, Geschäftsführer der {a}, begrüßte die Gäste.",
             "Die {a} ist Partner im Projekt „{project}“, das vom Land gefördert wird.",
             "In Zusammenarbeit mit der {a} baut die {b} ein Netzwerk für Fachkräfte auf.")
SHARES = {"pdf": 0.15, "html": 0.15}
PDF_LINES_PER_PAGE = 48


def source_paragraphs(settings: Settings) -> list[str]:
    """Paragraphs (at least 60 characters, long ones cut at a sentence end) of every readable source document."""
    paragraphs = []
    for path in discover_files(p for p in SOURCES if p.exists()):
        try:
            extracted = extract(source_document(path), settings)
        except ExtractionError:
            continue
        for page in extracted.pages:
            for block in re.split(r"\n\s*\n", page.text):
                paragraphs += cut(" ".join(block.split()))
    return [p for p in paragraphs if len(p) >= 60]


def cut(paragraph: str, limit: int = 1200) -> list[str]:
    """A long paragraph as pieces of at most ``limit`` characters, cut after a full stop."""
    pieces = []
    while len(paragraph) > limit:
        end = paragraph.rfind(". ", 0, limit)
        end = end + 1 if end > limit // 3 else limit
        pieces.append(paragraph[:end].strip())
        paragraph = paragraph[end:].strip()
    return pieces + [paragraph]


def synthetic_names(rng: random.Random, count: int) -> list[str]:
    """Distinct organisation names such as "Ruhrmed Bochum GmbH" or "Kliniken Weserbau Kiel AG"."""
    names: set[str] = set()
    while len(names) < count:
        core = rng.choice(STEMS) + rng.choice(SUFFIXES)
        place = rng.choice(PLACES)
        name = f"{core} {place}" if rng.random() < 0.6 else f"{rng.choice(KINDS)} {core} {place}"
        names.add(f"{name} {rng.choice(LEGAL_FORMS)}")
    return sorted(names)


def rename(text: str, rng: random.Random, pool: list[str], weights: list[float]) -> str:
    """Replace about half of the distinct legal-form names of ``text``, each consistently within the document."""
    mapping = {name: rng.choices(pool, weights)[0] for name in sorted(set(ORG_NAME.findall(text))) if rng.random() < 0.5}
    return ORG_NAME.sub(lambda m: mapping.get(m.group(1), m.group(1)), text) if mapping else text


def partner_paragraph(rng: random.Random, pool: list[str], weights: list[float]) -> str:
    """Two to four sentences of a press release about synthetic organisations working together."""
    def sentence() -> str:
        a, b = rng.choices(pool, weights, k=2)
        person = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}"
        project = f"{rng.choice(STEMS)}{rng.choice(SUFFIXES)} {rng.randint(2025, 2030)}"
        return rng.choice(TEMPLATES).format(a=a, b=b, person=person, project=project)

    return " ".join(sentence() for _ in range(rng.randint(2, 4)))


def document(rng: random.Random, paragraphs: list[str], pool: list[str], weights: list[float]) -> tuple[str, str, list[str]]:
    """(date line, title, paragraphs) of one generated document: real paragraphs, lightly renamed, and one or two
    paragraphs about synthetic partners."""
    date = f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(2015, 2025)}"
    body = [rename(p, rng, pool, weights) for p in rng.sample(paragraphs, rng.randint(3, 10))]
    for _ in range(rng.randint(1, 2)):
        body.insert(rng.randint(0, len(body)), partner_paragraph(rng, pool, weights))
    return date, rng.choice(TITLES), body


def write_text(path: Path, date: str, title: str, body: list[str]) -> None:
    path.write_text("\n\n".join([date, title, *body]) + "\n", encoding="utf-8")


def write_html(path: Path, date: str, title: str, body: list[str]) -> None:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body)
    path.write_text(f"<html><head><title>{html.escape(title)}</title></head><body><nav>Start | Presse | Kontakt</nav>"
                    f"<article><h1>{html.escape(title)}</h1><p class=\"date\">{date}</p>{paragraphs}</article>"
                    f"<footer>Impressum | Datenschutz</footer></body></html>", encoding="utf-8")


def write_pdf(path: Path, date: str, title: str, body: list[str]) -> None:
    """A single-column PDF, about 95 characters a line, paragraphs separated by an empty line."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    lines = [date, "", title, ""]
    for paragraph in body:
        lines += textwrap.wrap(paragraph, 95) + [""]
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for start in range(0, len(lines), PDF_LINES_PER_PAGE):
        text = pdf.beginText(50, 800)
        text.setFont("Helvetica", 10)
        for line in lines[start:start + PDF_LINES_PER_PAGE]:
            text.textLine(line)
        pdf.drawText(text)
        pdf.showPage()
    pdf.save()


WRITERS = {"pdf": (".pdf", write_pdf), "html": (".html", write_html), "text": (".txt", write_text)}


def make_corpus(count: int, out: Path, seed: int = 8) -> dict:
    """Write ``count`` documents to ``out`` and ``out.json`` describing them (beside it, so that it is not ingested)."""
    rng = random.Random(seed)
    paragraphs = source_paragraphs(Settings(ocr=False))
    pool = synthetic_names(rng, max(200, count // 2))
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(pool))]
    out.mkdir(parents=True, exist_ok=True)
    kinds = {"pdf": 0, "html": 0, "text": 0}
    for index in range(count):
        draw = rng.random()
        kind = "pdf" if draw < SHARES["pdf"] else "html" if draw < SHARES["pdf"] + SHARES["html"] else "text"
        suffix, write = WRITERS[kind]
        write(out / f"doc_{index:05d}{suffix}", *document(rng, paragraphs, pool, weights))
        kinds[kind] += 1
    info = {"documents": count, "kinds": kinds, "seed": seed, "source_paragraphs": len(paragraphs),
            "synthetic_names": len(pool)}
    out.with_suffix(".json").write_text(json.dumps(info, indent=2), encoding="utf-8")
    return info


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--out", type=Path, help="default: benchmarks/output/corpus_COUNT")
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    print(json.dumps(make_corpus(args.count, args.out or OUTPUT / f"corpus_{args.count}", args.seed)))


if __name__ == "__main__":
    main()
