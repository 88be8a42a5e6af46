"""The knowledge graph in NetworkX and its files: the export contract (JSON Lines) and GraphML.

Schema: entity nodes keyed by entity id (``type``, ``name``, ``aliases``, ``region``), document nodes keyed
``doc:<id>`` (``type="DOCUMENT"``, ``source``, ``date``); edges keyed by relation type with ``evidence``,
``evidence_count`` and ``dates``, and ``MENTIONS`` edges from documents to the entities they name.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import networkx as nx

from hrgraph.records import Entity, Relation

CONTRACT_FILES = ("documents.jsonl", "entities.jsonl", "relations.jsonl")


def document_row(result, pipeline: str) -> dict:
    return {"id": result.doc.id, "source": result.doc.source, "status": result.status, "reason": result.reason,
            "media_type": result.doc.media_type, "size": result.doc.size, "pages": result.pages, "date": result.date,
            "metadata": result.metadata | result.doc.metadata, "pipeline": pipeline}


def entity_row(entity: Entity) -> dict:
    row = {"id": entity.id, "type": entity.type, "name": entity.name, "aliases": entity.aliases,
           "region": entity.region, "value": entity.value,
           "mentions": [{**m.evidence.model_dump(), "text": m.text} for m in entity.mentions]}
    if entity.merges:
        row["merges"] = entity.merges
    return row


def relation_row(relation: Relation) -> dict:
    return {"type": relation.type, "source": relation.source, "target": relation.target, "cue": relation.cue,
            "evidence": [e.model_dump() for e in relation.evidence]}


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
    dates = {}
    for doc in documents:
        graph.add_node(f"doc:{doc['id']}", type="DOCUMENT", name=Path(doc["source"]).name, source=doc["source"],
                       date=doc.get("date"), status=doc.get("status"))
        dates[doc["id"]] = doc.get("date")
    for entity in entities:
        graph.add_node(entity["id"], type=entity["type"], name=entity["name"], aliases=entity.get("aliases", []),
                       region=entity.get("region"), value=entity.get("value"))
        for doc_id, count in Counter(m["doc"] for m in entity.get("mentions", [])).items():
            graph.add_edge(f"doc:{doc_id}", entity["id"], key="MENTIONS", type="MENTIONS", count=count)
    for rel in relations:
        evidence = rel.get("evidence", [])
        graph.add_edge(rel["source"], rel["target"], key=rel["type"], type=rel["type"], cue=rel.get("cue", ""),
                       evidence=evidence, evidence_count=len(evidence),
                       dates=sorted({dates[e["doc"]] for e in evidence if dates.get(e["doc"])}))
    return graph


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_graph(outdir: Path) -> nx.MultiDiGraph:
    """The graph of a run's output folder (the three JSON Lines files of the export contract)."""
    outdir = Path(outdir)
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


def flat_attributes(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are all :func:`storable`, as GraphML needs."""
    def flat(attrs: dict) -> dict:
        return {k: storable(v) for k, v in attrs.items()}

    copy = nx.MultiDiGraph()
    copy.add_nodes_from((n, flat(a)) for n, a in graph.nodes(data=True))
    copy.add_edges_from((u, v, k, flat(a)) for u, v, k, a in graph.edges(keys=True, data=True))
    return copy


def write_jsonl(path: Path, rows: list[dict]) -> None:
    """Write atomically (temporary file, then rename), so a crash never leaves half a file."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    os.replace(tmp, path)


def write_outputs(outdir: Path, documents: list[dict], entities: list[dict], relations: list[dict],
                  failures: list[dict]) -> nx.MultiDiGraph:
    """The export contract, failures.jsonl and graph.graphml in ``outdir``; returns the graph."""
    outdir.mkdir(parents=True, exist_ok=True)
    write_jsonl(outdir / "documents.jsonl", documents)
    write_jsonl(outdir / "entities.jsonl", entities)
    write_jsonl(outdir / "relations.jsonl", relations)
    write_jsonl(outdir / "failures.jsonl", failures)
    graph = build_graph(documents, entities, relations)
    tmp = outdir / "graph.graphml.tmp"
    nx.write_graphml(flat_attributes(graph), tmp)
    os.replace(tmp, outdir / "graph.graphml")
    return graph
