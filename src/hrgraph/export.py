"""Resolve, relate and write a run's outputs with memory bounded by the distinct names, not by the corpus.

The documents' mentions are read twice, one document at a time: once to resolve entities
(:func:`hrgraph.resolve.resolve` keeps only what each document's clusters sum up), once to place every
mention and relation statement. Mentions and relation evidence go to a temporary SQLite file beside the
outputs and are read back grouped by entity and by relation while the files are written: the export
contract (JSON Lines), ``failures.jsonl`` and the graph as GraphML and GEXF, each as a stream.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from hrgraph.graph import (
    EDGE_SCHEMA,
    NODE_SCHEMA,
    document_node,
    document_row,
    entity_node,
    entity_row,
    mention_edges,
    mention_row,
    relation_edge,
    relation_row,
    write_jsonl,
)
from hrgraph.graph_files import GraphFiles
from hrgraph.names import readable
from hrgraph.nlp.lexicon import load_lexicon
from hrgraph.records import DocumentResult, Entity, Failure, Relation
from hrgraph.places import Seats
from hrgraph.relations import RelationKey, document_relations, shadowed
from hrgraph.resolve import Resolution, resolve, resolved_mentions

SPILL_FILE = ".export.sqlite"


class Spill:
    """Mentions by entity and evidence by relation, on disk until the files are written; removed on close."""

    def __init__(self, path: Path) -> None:
        path.unlink(missing_ok=True)
        self.path = path
        self.db = sqlite3.connect(path)
        self.db.executescript("""
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
            CREATE TABLE mention (entity TEXT, doc TEXT, page INT, start INT, stop INT, row TEXT);
            CREATE TABLE evidence (relation INT, row TEXT);
        """)

    def add_mentions(self, rows: Iterable[tuple[str, dict]]) -> None:
        self.db.executemany("INSERT INTO mention VALUES (?, ?, ?, ?, ?, ?)",
                            ((entity, m["doc"], m["page"], m["start"], m["end"], json.dumps(m, ensure_ascii=False))
                             for entity, m in rows))

    def add_evidence(self, rows: Iterable[tuple[int, dict]]) -> None:
        self.db.executemany("INSERT INTO evidence VALUES (?, ?)",
                            ((relation, json.dumps(evidence, ensure_ascii=False)) for relation, evidence in rows))

    def index(self) -> None:
        """Index both tables once everything is in (faster than keeping indexes up to date while inserting)."""
        self.db.executescript("CREATE INDEX mention_entity ON mention (entity, doc, page, start, stop);"
                              "CREATE INDEX evidence_relation ON evidence (relation);")

    def mentions(self, entity: str) -> list[dict]:
        """The mentions of an entity, by document, page and offset."""
        rows = self.db.execute("SELECT row FROM mention WHERE entity = ? ORDER BY doc, page, start, stop", (entity,))
        return [json.loads(row) for row, in rows]

    def mention_counts(self, entity: str) -> list[tuple[str, int]]:
        """(document id, number of mentions) of the documents that name an entity."""
        return self.db.execute("SELECT doc, count(*) FROM mention WHERE entity = ? GROUP BY doc ORDER BY doc",
                               (entity,)).fetchall()

    def evidence(self, relation: int) -> list[dict]:
        """The evidence of a relation in the order it was found."""
        rows = self.db.execute("SELECT row FROM evidence WHERE relation = ? ORDER BY rowid", (relation,))
        return [json.loads(row) for row, in rows]

    def close(self) -> None:
        self.db.close()
        self.path.unlink(missing_ok=True)


def relate(documents: Iterable[DocumentResult], resolution: Resolution, spill: Spill, seats: Seats) -> list[tuple[int, Relation]]:
    """(spill index, relation without evidence) of every relation of the documents, ordered by (type, source,
    target); mentions and evidence go to ``spill``, place evidence of organisations to ``seats``.
    CO_MENTIONED pairs that also collaborate are left out."""
    lex = load_lexicon()
    found: dict[RelationKey, tuple[int, str]] = {}
    for result in documents:
        entity_of = resolution.entity_of(result)
        resolved = list(resolved_mentions(result, entity_of))
        spill.add_mentions((entity, mention_row(m)) for entity, m in resolved)
        seats.read(result, resolved)
        stated = list(document_relations(result, entity_of, lex))
        spill.add_evidence((found.setdefault(key, (len(found), cue))[0], evidence.model_dump())
                           for key, cue, evidence in stated)
        for (kind, source, target), _, evidence in stated:
            if kind == "LOCATED_IN":
                seats.located(source, target, evidence)
    dropped = shadowed(found)
    return [(found[key][0], Relation(type=key[0], source=key[1], target=key[2], cue=found[key][1]))
            for key in sorted(found) if key not in dropped]


def write_files(outdir: Path, documents: list[dict], entities: list[Entity], relations: list[tuple[int, Relation]],
                spill: Spill) -> None:
    """entities.jsonl, relations.jsonl and the graph files, with mentions and evidence read from ``spill``."""
    dates = {doc["id"]: doc.get("date") for doc in documents}
    with GraphFiles(outdir, NODE_SCHEMA, EDGE_SCHEMA) as graph:
        for doc in documents:
            graph.node(*document_node(doc))

        def entity_rows() -> Iterator[dict]:
            for entity in entities:
                row = entity_row(entity) | {"mentions": spill.mentions(entity.id)}
                graph.node(*entity_node(row))
                yield row

        def relation_rows() -> Iterator[dict]:
            for index, relation in relations:
                row = relation_row(relation) | {"evidence": spill.evidence(index)}
                graph.edge(*relation_edge(row, dates))
                yield row

        write_jsonl(outdir / "entities.jsonl", entity_rows())
        for entity in entities:
            for edge in mention_edges(entity.id, spill.mention_counts(entity.id)):
                graph.edge(*edge)
        write_jsonl(outdir / "relations.jsonl", relation_rows())


def export_run(outdir: Path, results: list[DocumentResult], documents: Callable[[], Iterator[DocumentResult]],
               pipeline: str) -> dict:
    """Write every output file of a run and return its summary.

    ``results`` are all documents of the run (their mentions are not needed); ``documents()`` yields the ok
    ones with their mentions, one at a time, and is called twice.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    resolution = resolve(documents())
    spill = Spill(outdir / SPILL_FILE)
    try:
        seats = Seats({entity.id: entity.name for entity in resolution.entities})
        relations = relate(documents(), resolution, spill, seats)
        spill.index()
        seats.assign(resolution.entities)
        rows = [document_row(r, pipeline) for r in sorted(results, key=lambda r: r.doc.source)]
        failures = [Failure(source=r.doc.source, stage="extract", reason=r.reason, status=r.status).model_dump()
                    for r in results if r.status not in ("ok", "skipped")]
        write_jsonl(outdir / "documents.jsonl", rows)
        write_jsonl(outdir / "failures.jsonl", sorted(failures, key=lambda f: f["source"]))
        write_files(outdir, rows, resolution.entities, relations, spill)
    finally:
        spill.close()
    return {
        "documents": len(results),
        "documents_ok": sum(r.status == "ok" for r in results),
        "failures": len(failures),
        "skipped": sum(r.status == "skipped" for r in results),
        "entities": dict(sorted(Counter(e.type for e in resolution.entities).items())),
        "relations": dict(sorted(Counter(r.type for _, r in relations).items())),
        "outdir": readable(str(outdir)),
    }
