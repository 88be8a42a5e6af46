"""A hostile OParl server on loopback: every walk ends within its limits, says why, and delivers the rest."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from hrgraph.config import OParlLimits, Settings
from hrgraph.sources import OParlSource

T = "https://schema.oparl.org/1.1/"
FAST = OParlLimits(allow_private=True, max_pages=5, max_requests=40, max_seconds=20, max_json_bytes=100_000,
                   response_seconds=1.5)
"""Small limits, so that each hostile case ends in a few seconds; loopback allowed for the test server."""


def paper(base: str, number: int, **fields) -> dict:
    """A paper whose main file is a small text file on the server."""
    main = {"id": f"{base}/file/{number}", "type": T + "File", "name": f"vorlage{number}.txt", "mimeType": "text/plain",
            "accessUrl": f"{base}/files/vorlage{number}.txt"}
    return {"id": f"{base}/paper/{number}", "type": T + "Paper", "reference": f"DS {number}/2025", "mainFile": main,
            **fields}


def json_page(handler: BaseHTTPRequestHandler, obj) -> None:
    body = json.dumps(obj).encode()
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def hostile_routes(base: str, other: str) -> dict[str, Callable[[BaseHTTPRequestHandler, dict], None]]:
    """Path -> handler: well-formed pages next to cycles, endless and slow pages, a huge page, wrong shapes
    and a redirect to another host (``other``)."""
    system = {"id": f"{base}/cycle/system", "type": T + "System", "oparlVersion": T, "body": f"{base}/cycle/bodies"}
    cycle_body = {"id": f"{base}/cycle/body", "type": T + "Body", "paper": f"{base}/cycle/papers", "meeting": f"{base}/cycle/bodies"}

    def endless(handler, query):
        number = int(query.get("page", ["1"])[0])
        json_page(handler, {"data": [], "links": {"next": f"{base}/endless?page={number + 1}"}})

    def slow(handler, query):
        time.sleep(0.4)
        endless(handler, query)

    def drip(handler, query):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        for _ in range(1000):
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(1.0)

    def huge(handler, query):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.end_headers()  # no Content-Length: the size shows only while reading
        handler.wfile.write(b'{"data": [' + b'{"a": 1}, ' * 2_000_000 + b"{}]}")

    def redirect(target: str):
        def send(handler, query):
            handler.send_response(302)
            handler.send_header("Location", target)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
        return send

    def text(name: str):
        def send(handler, query):
            body = f"Inhalt von {name}".encode()
            handler.send_response(200)
            handler.send_header("Content-Type", "text/plain")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        return send

    shapes = [
        paper(base, 1),
        5,
        {"type": 7, "id": f"{base}/paper/typ"},
        paper(base, 2, modified="gestern"),
        paper(base, 3, mainFile={"id": f"{base}/file/3", "type": T + "File", "accessUrl": 12}),
        paper(base, 4, mainFile={"id": f"{base}/file/4", "type": T + "File", "accessUrl": f"{base}/files/vorlage4.txt",
                                 "modified": "gestern"}),
        paper(base, 5, consultation="keine Liste", auxiliaryFile=3),
        {"id": f"{base}/meeting/9", "type": T + "Meeting", "agendaItem": [{"type": T + "AgendaItem", "resolutionFile": []}]},
    ]
    redirects = [
        paper(base, 6, mainFile={"id": f"{base}/file/6", "type": T + "File", "name": "vorlage6.txt", "accessUrl": f"{base}/moved/6"}),
        paper(base, 7, mainFile={"id": f"{base}/file/7", "type": T + "File", "accessUrl": f"{base}/away/7"}),
        paper(base, 8, mainFile={"id": f"{base}/file/8", "type": T + "File", "accessUrl": f"{other}/files/vorlage8.txt"}),
    ]
    routes = {
        "/cycle/system": lambda h, q: json_page(h, system),
        "/cycle/bodies": lambda h, q: json_page(h, {"data": [system, cycle_body], "links": {"next": f"{base}/cycle/bodies"}}),
        "/cycle/papers": lambda h, q: json_page(h, {"data": [paper(base, 1)], "links": {"next": f"{base}/cycle/papers2"}}),
        "/cycle/papers2": lambda h, q: json_page(h, {"data": [paper(base, 1)], "links": {"next": f"{base}/cycle/papers"}}),
        "/endless": endless,
        "/slow": slow,
        "/drip": drip,
        "/huge": huge,
        "/shapes": lambda h, q: json_page(h, {"data": shapes, "links": "kaputt"}),
        "/redirects": lambda h, q: json_page(h, {"data": redirects}),
        "/moved/6": redirect("/files/vorlage6.txt"),
        "/away/7": redirect(f"{other}/files/vorlage7.txt"),
        "/papers-then-drip": lambda h, q: json_page(h, {"data": [paper(base, 1)], "links": {"next": f"{base}/drip"}}),
    }
    routes |= {f"/files/vorlage{n}.txt": text(f"vorlage{n}.txt") for n in range(1, 9)}
    return routes


def serve(host: str, routes: dict, requests: list[str]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            requests.append(f"{host}{self.path}")
            url = urlparse(self.path)
            if url.path not in routes:
                self.send_error(404)
                return
            try:
                routes[url.path](self, parse_qs(url.query))
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up, as it should

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer((host, 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


@pytest.fixture(scope="module")
def hostile():
    """The hostile API on 127.0.0.1 and a second server on 127.0.0.2 (another host that must never be asked)."""
    requests: list[str] = []
    routes: dict = {}
    servers = [serve("127.0.0.1", routes, requests), serve("127.0.0.2", routes, requests)]
    base, other = (f"http://{s.server_address[0]}:{s.server_address[1]}" for s in servers)
    routes.update(hostile_routes(base, other))
    yield base, other, requests
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


def walk(start: str, tmp_path: Path, limits: OParlLimits = FAST, **options) -> tuple[OParlSource, dict, float]:
    """Walk to the end; the source, its documents by file name and the seconds it took."""
    began = time.monotonic()
    source = OParlSource(start, tmp_path / "cache", limits=limits, **options)
    docs = {doc.metadata.get("file_name"): doc for doc in source}
    return source, docs, time.monotonic() - began


def rows(source: OParlSource) -> dict[str, tuple[str, str]]:
    return {r.doc.source: (r.status, r.reason) for r in source.unavailable}


def test_cycles_end_and_each_object_is_walked_once(hostile, tmp_path):
    base, _, _ = hostile
    source, docs, _ = walk(f"{base}/cycle/system", tmp_path)
    assert set(docs) == {"vorlage1.txt"}
    assert rows(source) == {f"{base}/cycle/system": ("skipped", "OParl System where Body belongs")}


def test_endless_next_links_stop_at_max_pages(hostile, tmp_path):
    base, other, requests = hostile
    requests.clear()
    source, docs, _ = walk(f"{base}/endless", tmp_path)
    assert docs == {}
    assert rows(source) == {f"{base}/endless": ("failed", "OParl walk stopped: more than 5 list pages (HRGRAPH_OPARL__MAX_PAGES)")}
    assert len(requests) == 6, "the start object and five pages"


def test_endless_next_links_stop_at_max_requests(hostile, tmp_path):
    base, _, _ = hostile
    source, _, _ = walk(f"{base}/endless", tmp_path, limits=FAST.model_copy(update={"max_pages": 10_000, "max_requests": 12}))
    assert rows(source)[f"{base}/endless"] == ("failed", "OParl walk stopped: more than 12 requests (HRGRAPH_OPARL__MAX_REQUESTS)")


def test_slow_endless_pages_stop_at_max_seconds(hostile, tmp_path):
    base, _, _ = hostile
    limits = FAST.model_copy(update={"max_pages": 10_000, "max_requests": 10_000, "max_seconds": 1.5})
    source, _, seconds = walk(f"{base}/slow", tmp_path, limits=limits)
    assert rows(source)[f"{base}/slow"] == ("failed", "OParl walk stopped: longer than 1.5 s (HRGRAPH_OPARL__MAX_SECONDS)")
    assert seconds < 3


def test_drip_is_abandoned_at_the_response_deadline_and_the_pages_before_count(hostile, tmp_path):
    base, _, _ = hostile
    source, docs, seconds = walk(f"{base}/papers-then-drip", tmp_path)
    assert set(docs) == {"vorlage1.txt"}, "the page before the slow one is delivered"
    status, reason = rows(source)[f"{base}/drip"]
    assert status == "failed" and "not received within 1.5 s" in reason
    assert seconds < 4, "1 byte per second was not read for long, though each read was quick"


def test_huge_page_is_abandoned_at_the_size_cap(hostile, tmp_path):
    base, _, _ = hostile
    source, docs, seconds = walk(f"{base}/huge", tmp_path)
    assert docs == {}
    assert rows(source)[f"{base}/huge"] == ("failed", "cannot fetch OParl object: larger than 100000 bytes")
    assert seconds < 3


def test_wrong_shapes_fail_one_by_one_and_the_rest_is_delivered(hostile, tmp_path):
    base, _, _ = hostile
    source, docs, _ = walk(f"{base}/shapes", tmp_path)
    assert set(docs) == {"vorlage1.txt", "vorlage2.txt", "vorlage5.txt"}
    found = rows(source)
    assert found[f"{base}/shapes"] == ("failed", "bad OParl object: TypeError: an OParl object must be a JSON object, not int")
    assert found[f"{base}/paper/typ"][0] == "failed" and "AttributeError" in found[f"{base}/paper/typ"][1]
    assert found[f"{base}/file/3"] == ("skipped", "OParl File without downloadUrl or accessUrl")
    assert found[f"{base}/files/vorlage4.txt"][0] == "failed" and "'gestern'" in found[f"{base}/files/vorlage4.txt"][1]
    failed_file = next(r for r in source.unavailable if r.doc.source == f"{base}/files/vorlage4.txt")
    assert failed_file.doc.metadata["reference"] == "DS 4/2025", "the row keeps the paper's metadata"
    assert len(found) == 4


def test_modified_gestern_fails_its_object_only(hostile, tmp_path):
    base, _, _ = hostile
    source, docs, _ = walk(f"{base}/shapes", tmp_path, modified_since="2024-01-01")
    assert set(docs) == {"vorlage1.txt", "vorlage5.txt"}
    found = rows(source)
    for number in (2, 4):  # the paper's own modified, or its file's, is checked against modified_since
        status, reason = found[f"{base}/paper/{number}"]
        assert status == "failed" and reason == "bad OParl object: ValueError: Invalid isoformat string: 'gestern'"


def test_redirects_stay_on_the_api_host(hostile, tmp_path):
    base, other, requests = hostile
    requests.clear()
    source, docs, _ = walk(f"{base}/redirects", tmp_path)
    assert set(docs) == {"vorlage6.txt"}, "a redirect on the same host is followed"
    found = rows(source)
    assert found[f"{base}/away/7"][0] == "failed" and "127.0.0.2 is not the OParl API's host" in found[f"{base}/away/7"][1]
    assert "127.0.0.2 is not the OParl API's host" in found[f"{other}/files/vorlage8.txt"][1]
    assert not [r for r in requests if r.startswith("127.0.0.2")], "the other host was never asked"


def test_loopback_is_refused_unless_allowed(hostile, tmp_path):
    base, other, requests = hostile
    requests.clear()
    source, docs, _ = walk(f"{base}/cycle/system", tmp_path, limits=OParlLimits())
    assert docs == {} and requests == []
    status, reason = rows(source)[f"{base}/cycle/system"]
    assert status == "failed" and "127.0.0.1 is a loopback, private or link-local address" in reason


def test_local_folder_reads_only_its_own_files(tmp_path):
    folder = tmp_path / "oparl"
    (folder / "anlagen").mkdir(parents=True)
    (folder / "anlagen" / "vorlage.txt").write_text("Vorlage im Ordner.", encoding="utf-8")
    (tmp_path / "geheim.txt").write_text("nicht lesen", encoding="utf-8")
    (folder / "verweis.txt").symlink_to(tmp_path / "geheim.txt")
    names = ["anlagen/vorlage.txt", f"file://{tmp_path / 'geheim.txt'}", "../geheim.txt", "anlagen/../../geheim.txt",
             str(tmp_path / "geheim.txt"), "verweis.txt", "fehlt.txt", "ftp://rat.example/x.txt"]
    files = [{"id": f"https://rat.example/file/{i}", "type": T + "File", "accessUrl": name} for i, name in enumerate(names)]
    paper = {"id": "https://rat.example/paper/1", "type": T + "Paper", "reference": "DS 1/2025", "auxiliaryFile": files}
    (folder / "paper.json").write_text(json.dumps(paper), encoding="utf-8")
    person = {"id": "https://rat.example/person/1", "type": T + "Person", "name": "Erika Muster"}
    (folder / "person.json").write_text(json.dumps(person), encoding="utf-8")  # leads to no file: passed over
    source, docs, _ = walk(str(folder), tmp_path, limits=OParlLimits())
    assert [doc.source for doc in docs.values()] == ["anlagen/vorlage.txt"]
    found = rows(source)
    assert set(found) == set(names[1:])
    for name in names[1:6]:
        assert found[name][0] == "failed" and "lies outside the OParl folder" in found[name][1], name
    assert found["fehlt.txt"] == ("failed", "no such file in the OParl folder: fehlt.txt")
    assert found["ftp://rat.example/x.txt"] == ("failed", "refused: unsupported URL scheme 'ftp'")


def test_limits_are_settings(monkeypatch):
    monkeypatch.setenv("HRGRAPH_OPARL__MAX_PAGES", "7")
    monkeypatch.setenv("HRGRAPH_OPARL__ALLOW_PRIVATE", "true")
    limits = Settings().oparl
    assert limits.max_pages == 7 and limits.allow_private and limits.max_requests == OParlLimits().max_requests
