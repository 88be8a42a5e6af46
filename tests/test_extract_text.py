"""HTML and plain text: encodings, main text of press releases, date lines and bylines as metadata."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures_docs import PRESS_RELEASE, nested_html

from hrgraph.config import Settings
from hrgraph.extract import ExtractionError, extract
from hrgraph.sources.files import source_document

SHARED_HTML = Path(__file__).resolve().parents[2] / "shared" / "documents" / "html"
UMLAUTS = "Grüße aus Köln: Bäcker Müller & Söhne, Straße am Ölberg, Übergröße, Äpfel."
PLAIN = f"""Neue Kooperation in der Region
Düsseldorf, 12.03.2024
Von Anna Schönfeld

{UMLAUTS}
Die Industrie- und Handelskammer und die Hochschule Düsseldorf gründen ein Zentrum für Fachkräfte.
"""


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])
def test_text_encodings_round_trip(tmp_path, encoding):
    path = tmp_path / f"meldung_{encoding}.txt"
    path.write_bytes(PLAIN.encode(encoding))
    doc = extract(source_document(path))
    assert UMLAUTS in doc.pages[0].text
    assert "ä" in doc.pages[0].text and "ß" in doc.pages[0].text


def test_text_date_line_and_byline(tmp_path):
    path = tmp_path / "meldung.txt"
    path.write_text(PLAIN, encoding="utf-8")
    metadata = extract(source_document(path)).metadata
    assert metadata["date"] == "2024-03-12"
    assert metadata["date_line"] == "Düsseldorf, 12.03.2024"
    assert metadata["author"] == "Anna Schönfeld"
    assert metadata["byline"] == "Von Anna Schönfeld"


@pytest.mark.parametrize("encoding", ["utf-8", "windows-1252", "iso-8859-1"])
def test_html_encodings_round_trip(tmp_path, encoding):
    path = tmp_path / "pm.html"
    path.write_bytes(PRESS_RELEASE.format(charset=encoding).encode(encoding))
    doc = extract(source_document(path))
    text = doc.pages[0].text
    assert "Grüße gehen an alle Beteiligten in Düsseldorf und Würzburg, die Straßen sind schön." in text
    assert "Ökologische" in text


def test_html_undeclared_windows_1252(tmp_path):
    path = tmp_path / "pm.html"
    path.write_bytes(PRESS_RELEASE.replace('<meta charset="{charset}">', "").encode("cp1252"))
    assert "Straßen sind schön" in extract(source_document(path)).pages[0].text


def test_html_main_text_and_metadata(tmp_path):
    path = tmp_path / "pm.html"
    path.write_text(PRESS_RELEASE.format(charset="utf-8"), encoding="utf-8")
    doc = extract(source_document(path))
    text = doc.pages[0].text
    assert "Impressum" not in text and "Datenschutz" not in text
    assert doc.metadata["date"] == "2024-03-12"
    assert doc.metadata["date_line"] == "Köln, 12. März 2024"
    assert doc.metadata["author"] == "Jürgen Müller"
    assert doc.pages[0].method == "trafilatura"


def test_unclosed_paragraphs_are_not_deep_nesting(tmp_path):
    path = tmp_path / "absaetze.html"
    path.write_text("<html><body>" + "<p>Die Stadt und die IHK arbeiten zusammen." * 500, encoding="utf-8")
    assert "IHK" in extract(source_document(path), Settings(max_html_depth=100)).pages[0].text


def test_html_depth_limit(tmp_path):
    shallow = nested_html(tmp_path / "flach.html", 50)
    assert "tief" in extract(source_document(shallow), Settings(max_html_depth=100)).pages[0].text
    deep = nested_html(tmp_path / "tief.html", 150)
    with pytest.raises(ExtractionError, match="nested too deeply"):
        extract(source_document(deep), Settings(max_html_depth=100))


@pytest.mark.skipif(not SHARED_HTML.is_dir(), reason="shared documents are not available")
@pytest.mark.parametrize("path", sorted(SHARED_HTML.glob("*.html")) if SHARED_HTML.is_dir() else [], ids=lambda p: p.name)
def test_shared_press_releases(path):
    doc = extract(source_document(path))
    text = doc.pages[0].text
    assert len(text) > 500
    assert doc.metadata.get("date", "").startswith("20")
    for boilerplate in ("Cookie-Einstellungen", "Impressum", "Datenschutzerklärung"):
        assert boilerplate not in text


BYLINE_OUTSIDE_ARTICLE = """<html><head><meta charset="utf-8"><title>Werft und Hochschule bauen Testfeld</title>
<meta property="article:published_time" content="2025-06-17T09:30:00+02:00"></head>
<body><nav><a href="/">Start</a></nav><div class="meta"><span class="date">17.06.2025</span></div>
<article><h1>Werft und Hochschule bauen Testfeld</h1>
<p>Die Lübecker Werft und die Technische Hochschule Lübeck errichten gemeinsam ein Testfeld für Wasserstoffantriebe
an der Trave. Die ersten Versuche sollen im Herbst beginnen, teilte die Werft am Dienstag mit.</p>
<p>Das Land fördert das Vorhaben mit zwei Millionen Euro, die Bauarbeiten dauern voraussichtlich ein Jahr.</p>
</article><footer>Impressum</footer></body></html>
"""


def test_html_publication_date_outside_the_main_text_becomes_a_date_line(tmp_path):
    path = tmp_path / "meldung.html"
    path.write_text(BYLINE_OUTSIDE_ARTICLE, encoding="utf-8")
    doc = extract(source_document(path))
    text = doc.pages[0].text
    assert text.splitlines()[:3] == ["2025-06-17", "", "Werft und Hochschule bauen Testfeld"]
    assert text.count("Werft und Hochschule bauen Testfeld") == 1 and doc.metadata["date"] == "2025-06-17"


def test_html_date_line_in_the_main_text_is_not_repeated(tmp_path):
    path = tmp_path / "pm.html"
    path.write_text(PRESS_RELEASE.format(charset="utf-8"), encoding="utf-8")
    text = extract(source_document(path)).pages[0].text
    assert "2024-03-12" not in text and "Köln, 12. März 2024" in text


def test_html_author_shown_beside_the_article_becomes_a_byline_but_not_one_only_in_metadata(tmp_path):
    author = '<meta charset="utf-8"><meta name="author" content="Jana Probe">'
    shown = BYLINE_OUTSIDE_ARTICLE.replace('<meta charset="utf-8">', author).replace(
        '<span class="date">17.06.2025</span>', '<span class="date">17.06.2025</span><h5>Jana Probe</h5>')
    hidden = shown.replace("<h5>Jana Probe</h5>", "").replace(
        "<footer>Impressum</footer>", "<footer><p>© nh by Jana Probe</p></footer>")
    (tmp_path / "shown.html").write_text(shown, encoding="utf-8")
    (tmp_path / "hidden.html").write_text(hidden, encoding="utf-8")
    shown_text = extract(source_document(tmp_path / "shown.html")).pages[0].text
    assert shown_text.splitlines()[:2] == ["2025-06-17", "Jana Probe"]
    hidden_doc = extract(source_document(tmp_path / "hidden.html"))
    assert hidden_doc.metadata["author"] == "Jana Probe" and "Jana Probe" not in hidden_doc.pages[0].text
