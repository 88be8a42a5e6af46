"""From a collaboration back to the sentences and documents that state it."""

from __future__ import annotations

import pandas as pd

COLUMNS = ["source", "target", "type", "cue", "sentence", "doc", "page", "start", "end", "produced_by",
           "document", "date"]


def edge_evidence(G, u, v, types=None):
    """Every piece of evidence for relations between `u` and `v` in the knowledge graph `G`.

    Looks at the edges of `G` in both directions (restricted to the relation `types` if given,
    e.g. ``["COLLABORATES_WITH"]``) and returns one row per piece of evidence with the sentence,
    its position (``doc``, ``page``, ``start``, ``end``), the rule or model that produced it, and
    the ``source`` and ``date`` of the document node ``doc:<id>``. Rows are sorted by date.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("doc:d1", type="DOCUMENT", source="bericht.pdf", date="2024-05-01")
    >>> ev = {"doc": "d1", "page": 3, "start": 10, "end": 52, "sentence": "A arbeitet mit B zusammen.",
    ...       "produced_by": "rule:collab_cue"}
    >>> _ = G.add_edge("b", "a", key="COLLABORATES_WITH", type="COLLABORATES_WITH", cue="mit", evidence=[ev])
    >>> edge_evidence(G, "a", "b")[["source", "sentence", "document", "page"]].to_dict("records")
    [{'source': 'b', 'sentence': 'A arbeitet mit B zusammen.', 'document': 'bericht.pdf', 'page': 3}]
    """
    rows = []
    for s, t in ((u, v), (v, u)):
        for key, data in (G.get_edge_data(s, t) or {}).items():
            rtype = data.get("type", key)
            if rtype == "MENTIONS" or (types is not None and rtype not in types):
                continue
            for e in data.get("evidence") or []:
                doc = G.nodes.get(f"doc:{e.get('doc')}", {})
                rows.append({"source": s, "target": t, "type": rtype, "cue": data.get("cue", ""),
                             "sentence": e.get("sentence") or e.get("text", ""), "doc": e.get("doc"),
                             "page": e.get("page"), "start": e.get("start"), "end": e.get("end"),
                             "produced_by": e.get("produced_by"), "document": doc.get("source"),
                             "date": doc.get("date")})
    table = pd.DataFrame(rows, columns=COLUMNS)
    return table.sort_values("date", kind="stable", na_position="last").reset_index(drop=True)


def best_evidenced_pair(G, prefer="COLLABORATES_WITH"):
    """The two nodes of the relation with the most evidence, a `prefer` relation if `G` has one.

    A run may have no collaboration at all (a council corpus may yield only affiliations); then the
    best-evidenced relation of any other type (not ``MENTIONS``) is taken. Returns ``(u, v, type)``;
    raises ``ValueError`` if `G` holds no relation.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("p", "o", key="AFFILIATED_WITH", evidence=[{}, {}])
    >>> _ = G.add_edge("o", "q", key="COLLABORATES_WITH", evidence=[{}])
    >>> best_evidenced_pair(G), best_evidenced_pair(G, prefer=None)
    (('o', 'q', 'COLLABORATES_WITH'), ('p', 'o', 'AFFILIATED_WITH'))
    """
    relations = [(key == prefer, len(data.get("evidence") or []), u, v, key)
                 for u, v, key, data in G.edges(keys=True, data=True) if key != "MENTIONS"]
    if not relations:
        raise ValueError("the graph holds no relation between entities")
    _preferred, _count, u, v, key = max(relations, key=lambda r: r[:2])
    return u, v, key


def shared_documents(G, u, v, limit=10):
    """The documents of `G` that mention both `u` and `v`, with up to `limit` other names each.

    Only ``DOCUMENT`` nodes with a ``MENTIONS`` edge count: other predecessors of an organisation
    (partners, people) are not documents. One row per document (``document`` is its source, then
    ``date`` and ``also mentions``), oldest first.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("doc:d1", type="DOCUMENT", source="bericht.pdf", date="2024-05-01")
    >>> G.add_nodes_from([("a", {"name": "A"}), ("b", {"name": "B"}), ("c", {"name": "C"})])
    >>> for n in "abc":
    ...     _ = G.add_edge("doc:d1", n, key="MENTIONS")
    >>> _ = G.add_edge("c", "a", key="COLLABORATES_WITH")
    >>> shared_documents(G, "a", "b").to_dict("records")
    [{'document': 'bericht.pdf', 'date': '2024-05-01', 'also mentions': ['C']}]
    """
    def mentioned_by(node):
        return {d for d, _n, key in G.in_edges(node, keys=True)
                if key == "MENTIONS" and G.nodes[d].get("type") == "DOCUMENT"}

    rows = [{"document": G.nodes[d].get("source"), "date": G.nodes[d].get("date"),
             "also mentions": sorted(G.nodes[e].get("name", e) for _d, e, key in G.out_edges(d, keys=True)
                                     if key == "MENTIONS" and e not in (u, v))[:limit]}
            for d in mentioned_by(u) & mentioned_by(v)]
    table = pd.DataFrame(rows, columns=["document", "date", "also mentions"])
    return table.sort_values(["date", "document"], kind="stable", na_position="last").reset_index(drop=True)
