"""Which organisations are central in the collaboration graph."""

from __future__ import annotations

import networkx as nx
import pandas as pd

COLUMNS = ["name", "region", "partners", "evidence", "degree_centrality", "betweenness"]


def centrality_table(C):
    """Degree and betweenness centrality of every node of a collaboration graph.

    `C` is an undirected graph such as :func:`~hrgraph.analysis.projection.collaboration_graph`
    returns. One row per node, indexed by node id, most connected first:

    * ``partners`` – number of neighbours (degree),
    * ``evidence`` – sum of edge ``weight`` (weighted degree),
    * ``degree_centrality`` – degree / (n − 1),
    * ``betweenness`` – normalised betweenness centrality, ignoring weights: the share of shortest
      paths between other organisations that run through this one.

    Examples
    --------
    >>> C = nx.path_graph(["a", "b", "c"])
    >>> nx.set_edge_attributes(C, 2, "weight")
    >>> centrality_table(C)[["partners", "evidence", "betweenness"]]
       partners  evidence  betweenness
    b         2         4          1.0
    a         1         2          0.0
    c         1         2          0.0
    """
    degree = nx.degree_centrality(C) if len(C) > 1 else dict.fromkeys(C, 0.0)
    betweenness = nx.betweenness_centrality(C)
    rows = {n: {"name": C.nodes[n].get("name", n), "region": C.nodes[n].get("region"),
                "partners": C.degree(n), "evidence": C.degree(n, weight="weight"),
                "degree_centrality": degree[n], "betweenness": betweenness[n]} for n in C}
    table = pd.DataFrame.from_dict(rows, orient="index", columns=COLUMNS)
    return table.sort_values(["partners", "evidence", "betweenness"], ascending=False, kind="stable")
