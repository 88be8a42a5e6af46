"""Shared test set-up: Prefect offline on a temporary home, fixtures that build small documents."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
import spacy

import hrgraph.nlp.components  # noqa: F401  (registers the rule components)
from hrgraph.nlp.pipeline import split_full_stops

# Set before any test module imports Prefect (its settings are read once): the tests' flow runs go to a temporary
# home of their own, never to the project's history in .prefect that `make test` names in PREFECT_HOME.
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="hrgraph-test-prefect-")
# Registered before Prefect is imported, so it runs after Prefect's own exit handlers have stopped its server.
atexit.register(shutil.rmtree, os.environ["PREFECT_HOME"], ignore_errors=True)
os.environ.pop("PREFECT_API_URL", None)
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "300")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")  # the ephemeral server logs its stop after pytest closed stdout

SHARED = Path(__file__).resolve().parents[2] / "shared"

PRESS_RELEASE = """15.09.2024

Netzwerk vereinbart Kooperation

Die Beispiel Klinik GmbH arbeitet in Zusammenarbeit mit der Hochschule Bochum an dem Projekt „Gesund Vernetzt“.
Dr. Anna Schmidt, Geschäftsführerin der Beispiel Klinik GmbH, begrüßte die Gäste am 3. Oktober.
Die Hochschule Bochum und die Technische Universität Dortmund sind im Jahr 2023 dem Verbund beigetreten.
"""


@pytest.fixture()
def press_release() -> str:
    return PRESS_RELEASE


def make_pdf(path: Path, pages: list[str]) -> Path:
    """A real PDF with one text page per entry (reportlab)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    for text in pages:
        y = 800
        for line in text.splitlines():
            pdf.drawString(50, y, line)
            y -= 16
        pdf.showPage()
    pdf.save()
    return path


@pytest.fixture()
def corpus(tmp_path: Path, press_release: str) -> Path:
    """A small corpus: a text press release, an HTML page, a two-page PDF and a broken PDF."""
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "press.txt").write_text(press_release, encoding="utf-8")
    (folder / "page.html").write_text(
        "<html><head><title>Neues Forum</title></head><body><nav>Start | Kontakt</nav><article>"
        "<p>Das Landeszentrum Gesundheit Nordrhein-Westfalen (LZG.NRW) richtet gemeinsam mit der Beispiel Klinik GmbH "
        "ein Forum aus. Die Veranstaltung findet am 12. März 2024 in Bochum statt und ist offen für alle Partner "
        "aus Klinik, Forschung und Wirtschaft der Region.</p></article><footer>Impressum</footer></body></html>",
        encoding="utf-8")
    make_pdf(folder / "vorlage.pdf", [
        "Drucksache Nr. 12/345\nSitzung am 04.02.2025\nDer Regionalverband Ruhr (RVR) beauftragt die Beispiel Klinik GmbH.",
        "Seite zwei: Kai Muster, Geschäftsführer der Beispiel Klinik GmbH, berichtet.",
    ])
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<>> garbage")
    return folder


@pytest.fixture(scope="module")
def nlp():
    """A blank German pipeline with only hrgraph's sentence and rule components: what the rules find on their own."""
    pipeline = spacy.blank("de")
    split_full_stops(pipeline)
    pipeline.add_pipe("sentencizer")
    pipeline.add_pipe("hrgraph_paragraphs")
    pipeline.add_pipe("hrgraph_entity_rules", config={"model_name": "blank"})
    return pipeline
