"""Organisation-to-organisation collaboration graph."""

from __future__ import annotations

import networkx as nx

COLLABORATION = "COLLABORATES_WITH"
CO_MENTION = "CO_MENTIONED"


def _evidence_keys(u, v, key, data) -> set:
    """One key per distinct piece of evidence, so A→B and B→A stating the same sentence count once."""
    evidence = data.get("evidence") or []
    if evidence:
        return {(e.get("doc"), e.get("page"), e.get("start"), e.get("end")) for e in evidence}
    return {(u, v, key, i) for i in range(data.get("evidence_count", 1))}


def collaboration_graph(G, include_co_mentioned=False, co_mentioned_weight=0.25):
    """Undirected graph of organisations that work together, weighted by evidence.

    Every ``COLLABORATES_WITH`` edge between two ``ORG`` nodes of `G` becomes one undirected edge,
    whatever its direction. With `include_co_mentioned`, ``CO_MENTIONED`` edges are added as a
    weaker tie: each of their pieces of evidence counts `co_mentioned_weight`.

    Only organisations with at least one such edge are nodes; they keep ``name``, ``region``, ``type``
    and, where known, ``kreis``, ``municipality``, ``named_region`` and ``place_level``. Edges carry

    * ``weight`` – collaboration evidence + `co_mentioned_weight` × co-mention evidence,
    * ``evidence_count`` – distinct pieces of evidence of any included type,
    * ``types`` – the sorted relation types behind the edge,
    * ``dates`` – sorted ISO dates of the evidencing documents,
    * ``relations`` – the ``(source, target, type)`` edges of `G`, to go back to the evidence.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from(["a", "b", "c"], type="ORG")
    >>> G.add_edge("a", "b", key="COLLABORATES_WITH", evidence_count=2, dates=["2024-01-05"])
    'COLLABORATES_WITH'
    >>> G.add_edge("c", "b", key="CO_MENTIONED", evidence_count=1, dates=[])
    'CO_MENTIONED'
    >>> C = collaboration_graph(G)
    >>> list(C.edges(data="weight"))
    [('a', 'b', 2.0)]
    >>> C = collaboration_graph(G, include_co_mentioned=True, co_mentioned_weight=0.5)
    >>> sorted(C.edges(data="weight"))
    [('a', 'b', 2.0), ('b', 'c', 0.5)]
    """
    weights = {COLLABORATION: 1.0}
    if include_co_mentioned:
        weights[CO_MENTION] = co_mentioned_weight
    pairs: dict[frozenset, dict] = {}
    for u, v, key, data in G.edges(keys=True, data=True):
        rtype = data.get("type", key)
        if rtype not in weights or u == v:
            continue
        if G.nodes[u].get("type") != "ORG" or G.nodes[v].get("type") != "ORG":
            continue
        pair = pairs.setdefault(frozenset((u, v)), {"keys": {}, "dates": set(), "relations": []})
        pair["keys"].setdefault(rtype, set()).update(_evidence_keys(u, v, key, data))
        pair["dates"].update(data.get("dates") or [])
        pair["relations"].append((u, v, key))
    C = nx.Graph()
    for pair, agg in pairs.items():
        u, v = sorted(pair, key=str)
        for node in (u, v):
            attrs = G.nodes[node]
            C.add_node(node, name=attrs.get("name", node), region=attrs.get("region"), type="ORG",
                       **{key: attrs[key] for key in ("kreis", "municipality", "place_level", "named_region") if attrs.get(key)})
        C.add_edge(u, v,
                   weight=sum(weights[t] * len(keys) for t, keys in agg["keys"].items()),
                   evidence_count=len(set().union(*agg["keys"].values())),
                   types=sorted(agg["keys"]), dates=sorted(agg["dates"]),
                   relations=sorted(agg["relations"]))
    return C
