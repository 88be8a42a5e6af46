"""OParl source against a local HTTP server started by the test (OParl JSON plus generated PDFs)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest
from fixtures_docs import text_pdf

from hrgraph.config import OParlLimits
from hrgraph.extract import extract
from hrgraph.sources import OParlSource

SHARED_OPARL = Path(__file__).resolve().parents[2] / "shared" / "documents" / "oparl"
T = "https://schema.oparl.org/1.1/"
LOOPBACK = OParlLimits(allow_private=True)
"""The test servers listen on 127.0.0.1, which a walk refuses unless private addresses are allowed."""


def oparl_site(base: str) -> dict[str, dict]:
    """Path -> JSON of a small OParl 1.1 API: one body, two pages of papers, one meeting."""

    def file(name: str, modified: str, mime: str = "application/pdf") -> dict:
        return {"id": f"{base}/oparl/file/{name}", "type": T + "File", "name": name, "mimeType": mime,
                "accessUrl": f"{base}/files/{name}", "modified": modified, "body": f"{base}/oparl/body/1"}

    agenda_item = {
        "id": f"{base}/oparl/agendaitem/7", "type": T + "AgendaItem", "number": "4", "name": "Gewerbegebiet Nord",
        "meeting": f"{base}/oparl/meeting/1", "resolutionFile": file("beschluss.pdf", "2024-02-06T09:00:00+01:00"),
    }
    meeting = {
        "id": f"{base}/oparl/meeting/1", "type": T + "Meeting",
        "name": "Ausschuss für Wirtschaftsförderung (3. Sitzung)", "start": "2024-02-05T17:00:00+01:00",
        "modified": "2024-02-06T09:00:00+01:00",
        "invitation": file("einladung.pdf", "2024-01-20T10:00:00+01:00"),
        "agendaItem": [agenda_item],
    }
    paper_new = {
        "id": f"{base}/oparl/paper/1", "type": T + "Paper", "reference": "DS 12/2024", "name": "Gewerbegebiet Nord",
        "paperType": "Beschlussvorlage", "date": "2024-01-15", "modified": "2024-01-16T08:00:00+01:00",
        "underDirectionOf": [f"{base}/oparl/organization/wirtschaft"],
        "originatorOrganization": [f"{base}/oparl/organization/verwaltung"],
        "mainFile": file("vorlage.pdf", "2024-01-15T12:00:00+01:00"),
        "auxiliaryFile": [file("anlage.pdf", "2024-01-15T12:00:00+01:00"), file("fehlt.pdf", "2024-01-15T12:00:00+01:00")],
        "consultation": [{"type": T + "Consultation", "meeting": f"{base}/oparl/meeting/1"}],
    }
    paper_old = {
        "id": f"{base}/oparl/paper/2", "type": T + "Paper", "reference": "DS 40/2020", "name": "Haushalt 2021",
        "paperType": "Mitteilungsvorlage", "date": "2020-11-02", "modified": "2020-11-03T08:00:00+01:00",
        "mainFile": file("haushalt.pdf", "2020-11-02T12:00:00+01:00"),
    }
    return {
        "/oparl/system": {"id": f"{base}/oparl/system", "type": T + "System", "oparlVersion": "https://schema.oparl.org/1.1/",
                          "body": f"{base}/oparl/bodies"},
        "/oparl/bodies": {"data": [{"id": f"{base}/oparl/body/1", "type": T + "Body", "name": "Musterstadt",
                                    "ags": "03254021", "paper": f"{base}/oparl/papers", "meeting": f"{base}/oparl/meetings"}], "links": {}},
        "/oparl/papers": {"data": [paper_new], "links": {"next": f"{base}/oparl/papers2"}},
        "/oparl/papers2": {"data": [paper_old], "links": {}},
        "/oparl/meetings": {"data": [meeting], "links": {}},
        "/oparl/meeting/1": meeting,
        "/oparl/agendaitem/7": agenda_item,
    }


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """An OParl API on 127.0.0.1 (free port); ``requests`` records the paths and queries asked for."""
    files_dir = tmp_path_factory.mktemp("served")
    pdfs = {name: text_pdf(files_dir / name, text=f"Inhalt von {name}").read_bytes()
            for name in ("einladung.pdf", "beschluss.pdf", "vorlage.pdf", "anlage.pdf", "haushalt.pdf")}
    requests: list[str] = []
    site: dict[str, dict] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            requests.append(self.path)
            path = urlparse(self.path).path
            if path in site:
                body, kind = json.dumps(site[path]).encode(), "application/json"
            elif path.startswith("/files/") and path[len("/files/"):] in pdfs:
                body, kind = pdfs[path[len("/files/"):]], "application/pdf"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    site.update(oparl_site(base))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base, requests
    httpd.shutdown()
    httpd.server_close()


def by_file(docs):
    return {doc.metadata["file_name"]: doc for doc in docs}


def test_full_pull_follows_lists_pages_and_files(server, tmp_path):
    base, _ = server
    source = OParlSource(f"{base}/oparl/system", tmp_path / "cache", limits=LOOPBACK)
    docs = by_file(source)
    assert set(docs) == {"vorlage.pdf", "anlage.pdf", "haushalt.pdf", "einladung.pdf", "beschluss.pdf"}
    vorlage = docs["vorlage.pdf"].metadata
    assert vorlage["reference"] == "DS 12/2024"
    assert vorlage["paper_type"] == "Beschlussvorlage"
    assert vorlage["date"] == "2024-01-15"
    assert vorlage["file_role"] == "mainFile"
    assert vorlage["under_direction_of"] == [f"{base}/oparl/organization/wirtschaft"]
    assert vorlage["originator_organization"] == [f"{base}/oparl/organization/verwaltung"]
    meeting = {"name": "Ausschuss für Wirtschaftsförderung (3. Sitzung)", "date": "2024-02-05T17:00:00+01:00"}
    assert vorlage["meetings"] == [meeting]
    assert docs["anlage.pdf"].metadata["file_role"] == "auxiliaryFile"
    beschluss = docs["beschluss.pdf"].metadata
    assert beschluss["meeting_name"] == "Ausschuss für Wirtschaftsförderung (3. Sitzung)"
    assert beschluss["meeting_date"] == "2024-02-05T17:00:00+01:00"
    assert beschluss["agenda_item"] == "Gewerbegebiet Nord" and beschluss["file_role"] == "resolutionFile"
    assert docs["einladung.pdf"].metadata["file_role"] == "invitation"
    body = {key: beschluss[key] for key in ("body", "body_name", "body_ags")}
    assert body == {"body": f"{base}/oparl/body/1", "body_name": "Musterstadt", "body_ags": "03254021"}
    assert docs["vorlage.pdf"].source == f"{base}/files/vorlage.pdf"
    assert Path(docs["vorlage.pdf"].path).parent == tmp_path / "cache"
    assert "Inhalt von vorlage.pdf" in extract(docs["vorlage.pdf"]).pages[0].text
    assert [f.doc.source for f in source.unavailable] == [f"{base}/files/fehlt.pdf"]
    assert "404" in source.unavailable[0].reason and source.unavailable[0].status == "failed"
    assert source.unavailable[0].doc.metadata["reference"] == "DS 12/2024"


def test_modified_since_filters_and_is_sent(server, tmp_path):
    base, requests = server
    requests.clear()
    docs = by_file(OParlSource(f"{base}/oparl/bodies", tmp_path / "cache", modified_since="2024-01-01T00:00:00+01:00", limits=LOOPBACK))
    assert "haushalt.pdf" not in docs, "the 2020 paper is older than modified_since (server ignores the filter)"
    assert {"vorlage.pdf", "anlage.pdf", "einladung.pdf", "beschluss.pdf"} <= set(docs)
    assert any(r.startswith("/oparl/papers?modified_since=2024-01-01") for r in requests)


def test_cached_files_are_not_downloaded_again(server, tmp_path):
    base, requests = server
    list(OParlSource(f"{base}/oparl/meetings", tmp_path / "cache", limits=LOOPBACK))
    requests.clear()
    docs = by_file(OParlSource(f"{base}/oparl/meetings", tmp_path / "cache", limits=LOOPBACK))
    assert set(docs) == {"einladung.pdf", "beschluss.pdf"}
    assert not any(r.startswith("/files/") for r in requests)


def test_agenda_item_on_its_own_names_its_meeting(server, tmp_path):
    base, _ = server
    docs = list(OParlSource(f"{base}/oparl/agendaitem/7", tmp_path / "cache", limits=LOOPBACK))
    assert [d.metadata["file_name"] for d in docs] == ["beschluss.pdf"]
    assert docs[0].metadata["meeting_name"] == "Ausschuss für Wirtschaftsförderung (3. Sitzung)"
    assert docs[0].metadata["agenda_number"] == "4"


def test_local_folder_with_local_files(tmp_path):
    folder = tmp_path / "oparl"
    folder.mkdir()
    text_pdf(folder / "vorlage.pdf", text="Vorlage")
    paper = {"id": "https://rat.example/paper/5", "reference": "DS 5/2024", "paperType": "Antrag", "date": "2024-03-01",
             "mainFile": {"id": "https://rat.example/file/5", "accessUrl": "vorlage.pdf", "mimeType": "application/pdf"}}
    (folder / "paper.json").write_text(json.dumps(paper), encoding="utf-8")
    (folder / "kaputt.json").write_text("{nicht json", encoding="utf-8")
    source = OParlSource(folder, tmp_path / "cache")
    docs = list(source)
    assert len(docs) == 1 and docs[0].metadata["reference"] == "DS 5/2024" and docs[0].metadata["paper_type"] == "Antrag"
    assert [f.doc.source for f in source.unavailable] == [str(folder / "kaputt.json")]


@pytest.mark.skipif(not SHARED_OPARL.is_dir(), reason="shared documents are not available")
def test_shared_nordstemmen_json(tmp_path):
    offline = httpx.Client(transport=httpx.MockTransport(lambda request: httpx.Response(503)))
    source = OParlSource(SHARED_OPARL, tmp_path / "cache", client=offline)
    assert list(source) == []
    urls = [f.doc.source for f in source.unavailable]
    assert len(urls) == len(set(urls)) >= 7, "every referenced file was tried once"
    assert all("503" in f.reason for f in source.unavailable)
