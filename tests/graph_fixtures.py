"""Small hand-built knowledge graphs, built from export-contract rows by ``hrgraph.graph.build_graph``."""

from __future__ import annotations

from hrgraph.graph import build_graph


def contract_graph(orgs, relations, doc_dates):
    """A knowledge graph from compact rows.

    orgs: ``{id: (name, region)}``; relations: ``[(type, source, target, doc), ...]`` — one piece
    of evidence each, repeated rows add evidence; doc_dates: ``{doc id: ISO date or None}``.
    """
    documents = [{"id": doc, "source": f"{doc}.txt", "status": "ok", "date": date} for doc, date in doc_dates.items()]
    rows: dict[tuple, dict] = {}
    mentions: dict[str, list] = {oid: [] for oid in orgs}
    for i, (rtype, source, target, doc) in enumerate(relations):
        sentence = f"{orgs[source][0]} arbeitet mit {orgs[target][0]} zusammen."
        evidence = {"doc": doc, "page": 1, "start": 100 * i, "end": 100 * i + len(sentence),
                    "text": sentence, "sentence": sentence, "produced_by": "test"}
        row = rows.setdefault((rtype, source, target), {"type": rtype, "source": source, "target": target,
                                                          "cue": "mit", "evidence": []})
        row["evidence"].append(evidence)
        mentions[source].append(evidence)
        mentions[target].append(evidence)
    entities = [{"id": oid, "type": "ORG", "name": name, "aliases": [], "region": region, "mentions": mentions[oid]}
                for oid, (name, region) in orgs.items()]
    return build_graph(documents, entities, list(rows.values()))


def two_regions():
    """Two triangles, Ruhr (r1–r3) and OWL (o1–o3), joined by the single collaboration r1–o1.

    r1 is the bridge: partners in Ruhr and OWL. r2–r3 has two pieces of evidence, r2–o2 is only
    co-mentioned, x1 has no region and only a co-mention with r3, and one PER node is ignored.
    """
    orgs = {"r1": ("Ruhr Eins", "Ruhr"), "r2": ("Ruhr Zwei", "Ruhr"), "r3": ("Ruhr Drei", "Ruhr"),
            "o1": ("OWL Eins", "OWL"), "o2": ("OWL Zwei", "OWL"), "o3": ("OWL Drei", "OWL"),
            "x1": ("Ohne Region", None)}
    relations = [
        ("COLLABORATES_WITH", "r1", "r2", "d1"),
        ("COLLABORATES_WITH", "r2", "r3", "d1"),
        ("COLLABORATES_WITH", "r3", "r2", "d2"),
        ("COLLABORATES_WITH", "r3", "r1", "d2"),
        ("COLLABORATES_WITH", "o1", "o2", "d3"),
        ("COLLABORATES_WITH", "o2", "o3", "d3"),
        ("COLLABORATES_WITH", "o3", "o1", "d4"),
        ("COLLABORATES_WITH", "r1", "o1", "d4"),
        ("CO_MENTIONED", "r2", "o2", "d5"),
        ("CO_MENTIONED", "x1", "r3", "d5"),
    ]
    G = contract_graph(orgs, relations, {"d1": "2023-02-01", "d2": "2023-06-15", "d3": "2024-01-10",
                                         "d4": "2024-03-05", "d5": None})
    G.add_node("p1", type="PER", name="Anna Schmidt", region="Ruhr", aliases=[])
    G.add_edge("p1", "r1", key="AFFILIATED_WITH", type="AFFILIATED_WITH", evidence=[], evidence_count=0, dates=[])
    return G
