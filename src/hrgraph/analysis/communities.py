"""Groups of organisations that work together more among themselves than with others."""

from __future__ import annotations

import networkx as nx


def collaboration_communities(C, weight="weight", resolution=1.0, seed=42):
    """Louvain communities of a collaboration graph, reproducible through a fixed `seed`.

    Returns a list of node sets, largest first (ties broken by the smallest node id).

    Examples
    --------
    >>> C = nx.barbell_graph(4, 0)  # two cliques {0..3} and {4..7} joined by edge 3–4
    >>> collaboration_communities(C)
    [{0, 1, 2, 3}, {4, 5, 6, 7}]
    """
    found = nx.community.louvain_communities(C, weight=weight, resolution=resolution, seed=seed)
    return sorted(found, key=lambda c: (-len(c), min(map(str, c))))


def community_membership(communities):
    """Map each node to the index of its community in `communities`.

    Examples
    --------
    >>> community_membership([{"a", "b"}, {"c"}]) == {"a": 0, "b": 0, "c": 1}
    True
    """
    return {n: i for i, community in enumerate(communities) for n in community}
