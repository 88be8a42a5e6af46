"""The knowledge graph in NetworkX and its rows: the export contract (JSON Lines).

Schema: entity nodes keyed by entity id (``type``, ``name``, ``aliases``, ``region``; organisations with a place
also ``place_level``, ``municipality``, ``ags``, ``kreis``, ``land``), document nodes keyed
``doc:<id>`` (``type="DOCUMENT"``, ``source``, ``paths``, ``date``); edges keyed by relation type with ``evidence``,
``evidence_count`` and ``dates``, and ``MENTIONS`` edges from documents to the entities they name.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from hrgraph.outputs import run_folder, temporary_path
from hrgraph.records import Entity, Mention, Relation

CONTRACT_FILES = ("documents.jsonl", "entities.jsonl", "relations.jsonl")


def document_row(result, pipeline: str) -> dict:
    return {"id": result.doc.id, "source": result.doc.source, "paths": result.doc.paths or [result.doc.source],
            "status": result.status, "reason": result.reason,
            "media_type": result.doc.media_type, "size": result.doc.size, "pages": result.pages, "date": result.date,
            "metadata": result.metadata | result.doc.metadata, "pipeline": pipeline}


def mention_row(mention: Mention) -> dict:
    """A mention as exported: its evidence, ``text`` as the page has it at the offsets, and ``name`` where the mention
    stands for more than that ("Celle" in "die Landkreise Celle und …" → "Landkreis Celle")."""
    row = mention.evidence.model_dump()
    return row | {"name": mention.text} if mention.text != mention.evidence.text else row


def entity_row(entity: Entity) -> dict:
    row = {"id": entity.id, "type": entity.type, "name": entity.name, "aliases": entity.aliases,
           "region": entity.region, "value": entity.value, "mentions": [mention_row(m) for m in entity.mentions]}
    if entity.place:
        row["place"] = entity.place.model_dump(exclude_none=True)
    if entity.merges:
        row["merges"] = entity.merges
    return row


def relation_row(relation: Relation) -> dict:
    return {"type": relation.type, "source": relation.source, "target": relation.target, "cue": relation.cue,
            "evidence": [e.model_dump() for e in relation.evidence]}


NODE_SCHEMA = {"type": str, "name": str, "source": str, "paths": str, "date": str, "status": str, "aliases": str,
               "region": str, "value": str, "place_level": str, "municipality": str, "ags": str, "kreis": str, "land": str,
               "named_region": str}
EDGE_SCHEMA = {"type": str, "count": int, "cue": str, "evidence": str, "evidence_count": int, "dates": str}
"""Attributes of nodes and edges and their types in GraphML and GEXF (lists are written as JSON text)."""


def document_node(doc: dict) -> tuple[str, dict]:
    return f"doc:{doc['id']}", {"type": "DOCUMENT", "name": Path(doc["source"]).name, "source": doc["source"],
                                "paths": doc.get("paths", [doc["source"]]), "date": doc.get("date"),
                                "status": doc.get("status")}


def entity_node(entity: dict) -> tuple[str, dict]:
    place = entity.get("place") or {}
    return entity["id"], {"type": entity["type"], "name": entity["name"], "aliases": entity.get("aliases", []),
                          "region": entity.get("region"), "value": entity.get("value"),
                          "place_level": place.get("level"), "municipality": place.get("municipality"),
                          "ags": place.get("ags"), "kreis": place.get("kreis"), "land": place.get("land"),
                          "named_region": place.get("named_region")}


def mention_edges(entity_id: str, counts: Iterable[tuple[str, int]]) -> list[tuple[str, str, str, dict]]:
    """One MENTIONS edge from each document that names the entity, given (document id, number of mentions)."""
    return [(f"doc:{doc_id}", entity_id, "MENTIONS", {"type": "MENTIONS", "count": count}) for doc_id, count in counts]


def relation_edge(relation: dict, dates: dict[str, str | None]) -> tuple[str, str, str, dict]:
    """The edge of a relation row; ``dates`` maps document ids to document dates."""
    evidence = relation.get("evidence", [])
    return relation["source"], relation["target"], relation["type"], {
        "type": relation["type"], "cue": relation.get("cue", ""), "evidence": evidence,
        "evidence_count": len(evidence), "dates": sorted({dates[e["doc"]] for e in evidence if dates.get(e["doc"])})}


def build_graph(documents: list[dict], entities: list[dict], relations: list[dict]) -> nx.MultiDiGraph:
    """A MultiDiGraph from the rows of the export contract.

    >>> g = build_graph([{"id": "d1", "source": "a.txt", "date": None}],
    ...                 [{"id": "org:1", "type": "ORG", "name": "A", "mentions": [{"doc": "d1"}]},
    ...                  {"id": "org:2", "type": "ORG", "name": "B", "mentions": [{"doc": "d1"}]}],
    ...                 [{"type": "COLLABORATES_WITH", "source": "org:1", "target": "org:2", "evidence": [{"doc": "d1"}]}])
    >>> sorted(g.edges(keys=True))
    [('doc:d1', 'org:1', 'MENTIONS'), ('doc:d1', 'org:2', 'MENTIONS'), ('org:1', 'org:2', 'COLLABORATES_WITH')]
    """
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(document_node(doc) for doc in documents)
    for entity in entities:
        graph.add_nodes_from([entity_node(entity)])
        graph.add_edges_from(mention_edges(entity["id"], Counter(m["doc"] for m in entity.get("mentions", [])).items()))
    dates = {doc["id"]: doc.get("date") for doc in documents}
    graph.add_edges_from(relation_edge(rel, dates) for rel in relations)
    return graph


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_graph(outdir: Path) -> nx.MultiDiGraph:
    """The graph of a run's output folder (the three JSON Lines files of the export contract, all of one run)."""
    outdir = run_folder(outdir)
    return build_graph(*(read_jsonl(outdir / name) for name in CONTRACT_FILES))


def storable(value):
    """A value GraphML and GEXF can hold: None → "", lists, tuples, sets and dicts → JSON text, scalars unchanged.

    >>> storable(None), storable(["a", "b"]), storable(3)
    ('', '["a", "b"]', 3)
    """
    if value is None:
        return ""
    if isinstance(value, (set, frozenset)):
        value = sorted(value)
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return value


def write_jsonl(path: Path, rows: Iterable[dict]) -> None:
    """Write atomically (temporary file, then rename), so a crash never leaves half a file. A lone surrogate
    that reached a row (a name that is not UTF-8 and was not made readable) is written as its JSON escape."""
    tmp = temporary_path(path)
    with tmp.open("w", encoding="utf-8", errors="backslashreplace") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    os.replace(tmp, path)
