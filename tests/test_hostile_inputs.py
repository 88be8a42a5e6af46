"""One bad input never ends a run: odd file names, links out of the input, loops, FIFOs, copies and a corrupt
cache entry each become a row of documents.jsonl with a status and reason, and the run writes every output."""

import json
import os
import re
from pathlib import Path

import networkx as nx
from typer.testing import CliRunner

from hrgraph.cli import app
from hrgraph.config import Settings
from hrgraph.flow import collect, ingest_flow
from hrgraph.graph import CONTRACT_FILES
from hrgraph.pipeline import CACHE_DIR, CacheEntry, stored_result
from hrgraph.records import SourceDocument
from hrgraph.sources import discover

BAD_BYTES_NAME = os.fsdecode(b"bad\xffname.txt")
SKIPPED = {"link_out.txt": "outside the input folder", "loop1.txt": "loop", "loop2.txt": "loop",
           "pipe.txt": "FIFO", "dangling.txt": "dangling", "linked_folder": "folder"}


def hostile_folder(base: Path) -> Path:
    """Input folder with every kind of entry that once ended a run, and a secret outside it."""
    (base / "outside").mkdir()
    (base / "outside" / "secret.txt").write_text("Die Geheimhaltung Holding GmbH kauft die Nachbar AG.", encoding="utf-8")
    folder = base / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "[").mkdir()
    text = "Die Rotdorn Werke GmbH arbeitet gemeinsam mit der Blauwald AG an einem Speicher."
    for copy in ("a.txt", "copy.txt", "sub/copy.txt"):
        (folder / copy).write_text(text, encoding="utf-8")
    (folder / BAD_BYTES_NAME).write_text("Die Ungerade Namen GmbH tagt in Essen.", encoding="utf-8")
    (folder / "[bold red]x.txt").write_text("Die Klammer GmbH tagt in Bochum.", encoding="utf-8")
    (folder / "[" / "x].txt").write_text("Die Schraeg AG tagt in Dortmund.", encoding="utf-8")  # path holds "[/x]"
    (folder / "esc\x1b[31mred.txt").write_text("Die Farbe AG tagt in Hagen.", encoding="utf-8")
    (folder / "link_out.txt").symlink_to(base / "outside" / "secret.txt")
    (folder / "loop1.txt").symlink_to("loop2.txt")
    (folder / "loop2.txt").symlink_to("loop1.txt")
    (folder / "dangling.txt").symlink_to("nowhere.txt")
    (folder / "linked_folder").symlink_to(folder / "sub")
    (folder / "link_in.txt").symlink_to(folder / "a.txt")  # inside the input: read, a copy of a.txt
    os.mkfifo(folder / "pipe.txt")
    return folder


def test_discovery_accounts_for_every_entry_with_a_reason(tmp_path, monkeypatch):
    folder = hostile_folder(tmp_path)
    (folder / "locked.txt").write_text("gesperrt", encoding="utf-8")
    can_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: not str(path).endswith("locked.txt") and can_access(path, mode))

    found = discover([folder], tmp_path / "cache")

    skipped = {Path(r.doc.source).name: r for r in found.accounted}
    assert {name: reason for name, reason in SKIPPED.items() if reason not in skipped[name].reason} == {}
    assert all(r.status == "skipped" for r in found.accounted)
    assert skipped["locked.txt"].reason == "unreadable: permission denied"
    sources = {Path(d.source).name: d for d in found.documents}
    assert len({d.id for d in found.documents} | {r.doc.id for r in found.accounted}) == len(found.documents) + len(found.accounted)
    copies = sources["a.txt"]
    assert [Path(p).relative_to(folder).as_posix() for p in copies.paths] == ["a.txt", "copy.txt", "link_in.txt", "sub/copy.txt"]
    assert r"bad\xffname.txt" in sources and sources[r"bad\xffname.txt"].path.endswith(BAD_BYTES_NAME)
    assert {"[bold red]x.txt", "x].txt", "esc\x1b[31mred.txt"} <= set(sources)


def test_an_unreadable_cache_entry_is_a_cache_miss(tmp_path):
    doc = SourceDocument(id="0123456789abcdef", source="a.txt", path="a.txt", media_type="text", size=1)
    (tmp_path / CACHE_DIR).mkdir()
    (tmp_path / CACHE_DIR / f"{doc.id}.json").write_text('{"pipeline": "x", "result": {"doc', encoding="utf-8")
    assert stored_result(tmp_path, doc) is None


class BrokenBatch:
    def result(self):
        raise RuntimeError("worker process died")


def test_a_failed_batch_fails_its_documents_not_the_run():
    docs = [SourceDocument(id=f"{i:016x}", source=f"{i}.txt", path=f"{i}.txt", media_type="text", size=1) for i in range(3)]
    results = [None] * 3
    collect([0, 2], BrokenBatch().result, docs, results)
    assert [r and (r.doc.source, r.status, r.reason) for r in results] == [
        ("0.txt", "failed", "RuntimeError: worker process died"), None, ("2.txt", "failed", "RuntimeError: worker process died")]


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def graph_document_nodes(outdir: Path) -> dict[str, list[str]]:
    """Ids of the document nodes as written in each graph file, repeats included (readers would merge them)."""
    return {name: re.findall(r'<node id="(doc:[^"]+)"', (outdir / name).read_text(encoding="utf-8"))
            for name in ("graph.graphml", "graph.gexf")}


def test_a_run_over_a_hostile_folder_writes_every_output_and_survives_a_truncated_cache(tmp_path):
    folder, out = hostile_folder(tmp_path), tmp_path / "out"
    summary = ingest_flow([str(folder)], str(out), settings=Settings())

    documents = read(out / "documents.jsonl")
    ids = [d["id"] for d in documents]
    assert len(ids) == len(set(ids)) == summary["documents"] == 5 + len(SKIPPED)
    by_name = {Path(d["source"]).name: d for d in documents}
    assert {name: by_name[name]["status"] for name in SKIPPED} == dict.fromkeys(SKIPPED, "skipped")
    assert all(d["status"] == "ok" for name, d in by_name.items() if name not in SKIPPED)
    assert len(by_name["a.txt"]["paths"]) == 4
    assert by_name[r"bad\xffname.txt"]["pages"] == 1
    assert "Geheimhaltung" not in (out / "entities.jsonl").read_text(encoding="utf-8")
    for name, nodes in graph_document_nodes(out).items():
        assert sorted(nodes) == sorted(f"doc:{i}" for i in ids), name
    graph = nx.read_graphml(out / "graph.graphml")  # control characters of names must not break the XML
    assert graph.nodes[f"doc:{by_name['a.txt']['id']}"]["status"] == "ok"
    nx.read_gexf(out / "graph.gexf")
    first = {name: (out / name).read_bytes() for name in CONTRACT_FILES}

    entry = out / CACHE_DIR / f"{by_name['a.txt']['id']}.json"
    entry.write_bytes(entry.read_bytes()[:40])
    again = ingest_flow([str(folder)], str(out), settings=Settings())

    assert again["processed"] == 1 and again["failures"] == 0
    assert CacheEntry.model_validate_json(entry.read_bytes()).result.status == "ok"  # rewritten
    assert {name: (out / name).read_bytes() for name in CONTRACT_FILES} == first


def test_cli_shows_markup_control_characters_and_undecodable_bytes_in_names_literally(tmp_path):
    name = "[bold red]x.txt"
    folder = tmp_path / "[" / "x]" / os.fsdecode(b"in\xff")  # "[/x]" would close a rich tag; \xff is not UTF-8
    folder.mkdir(parents=True)
    (folder / name).write_text("Die Klammer GmbH tagt in Bochum.", encoding="utf-8")
    (folder / "esc\x1b[31mred.txt").write_text("Die Farbe AG tagt in Hagen.", encoding="utf-8")

    result = CliRunner().invoke(app, ["ingest", str(folder), "--out", str(tmp_path / "out"), "--runner", "local"],
                                env={"COLUMNS": "400"})

    assert result.exit_code == 0, result.output
    shown = str(tmp_path / "[" / "x]" / r"in\xff")
    assert f"{shown}/{name}" in result.output
    assert rf"{shown}/esc\x1b[31mred.txt" in result.output and "\x1b" not in result.output
