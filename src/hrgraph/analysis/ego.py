"""The neighbourhood of one organisation."""

from __future__ import annotations

import networkx as nx


def find_nodes(G, query, type=None):
    """Ids of nodes whose id, ``name`` or one of whose ``aliases`` contains `query`, ignoring case.

    An exact match of id, name or alias comes first. `type` keeps only nodes of that ``type``.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("o1", type="ORG", name="Ruhr-Universität Bochum", aliases=["RUB"])
    >>> G.add_node("o2", type="ORG", name="RUB Research School", aliases=[])
    >>> G.add_node("p1", type="PER", name="Rubina Meier", aliases=[])
    >>> find_nodes(G, "rub", type="ORG")
    ['o1', 'o2']
    """
    q = query.casefold()
    exact, partial = [], []
    for n, attrs in G.nodes(data=True):
        if type is not None and attrs.get("type") != type:
            continue
        names = [str(n), attrs.get("name") or "", *(attrs.get("aliases") or [])]
        folded = [s.casefold() for s in names]
        if q in folded:
            exact.append(n)
        elif any(q in s for s in folded):
            partial.append(n)
    return exact + partial


def ego_network(C, node, radius=1):
    """Subgraph of `C` induced by `node` and everything within `radius` hops of it.

    A thin wrapper around :func:`networkx.ego_graph` that keeps all node and edge attributes and
    raises ``KeyError`` with the unknown node.

    Examples
    --------
    >>> C = nx.path_graph(["a", "b", "c", "d"])
    >>> sorted(ego_network(C, "b"))
    ['a', 'b', 'c']
    >>> sorted(ego_network(C, "b", radius=2))
    ['a', 'b', 'c', 'd']
    """
    if node not in C:
        raise KeyError(node)
    return nx.ego_graph(C, node, radius=radius)
