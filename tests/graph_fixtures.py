"""Small hand-built graphs in the in-memory schema of ``hrgraph.graph.load_graph``."""

from __future__ import annotations

import networkx as nx


def build_graph(orgs, relations, doc_dates):
    """A knowledge graph from compact rows.

    orgs: ``{id: (name, region)}``; relations: ``[(type, source, target, doc), ...]`` — one piece
    of evidence each, repeated rows add evidence; doc_dates: ``{doc id: ISO date or None}``.
    """
    G = nx.MultiDiGraph()
    for doc, date in doc_dates.items():
        G.add_node(f"doc:{doc}", type="DOCUMENT", source=f"{doc}.txt", date=date)
    for oid, (name, region) in orgs.items():
        G.add_node(oid, type="ORG", name=name, region=region, aliases=[])
    for i, (rtype, source, target, doc) in enumerate(relations):
        sentence = f"{orgs[source][0]} arbeitet mit {orgs[target][0]} zusammen."
        evidence = {"doc": doc, "page": 1, "start": 100 * i, "end": 100 * i + len(sentence),
                    "text": sentence, "sentence": sentence, "produced_by": "test"}
        if G.has_edge(source, target, rtype):
            data = G.edges[source, target, rtype]
        else:
            G.add_edge(source, target, key=rtype, type=rtype, evidence=[], evidence_count=0, dates=[])
            data = G.edges[source, target, rtype]
        data["evidence"].append(evidence)
        data["evidence_count"] += 1
        if doc_dates[doc]:
            data["dates"] = sorted(set(data["dates"]) | {doc_dates[doc]})
        G.add_edge(f"doc:{doc}", source, key="MENTIONS", type="MENTIONS")
        G.add_edge(f"doc:{doc}", target, key="MENTIONS", type="MENTIONS")
    return G


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
    G = build_graph(orgs, relations, {"d1": "2023-02-01", "d2": "2023-06-15", "d3": "2024-01-10",
                                      "d4": "2024-03-05", "d5": None})
    G.add_node("p1", type="PER", name="Anna Schmidt", region="Ruhr", aliases=[])
    G.add_edge("p1", "r1", key="AFFILIATED_WITH", type="AFFILIATED_WITH", evidence=[], evidence_count=0,
               dates=[])
    return G
