"""Export for Gephi."""

from __future__ import annotations

import networkx as nx

from hrgraph.graph import storable


def write_gexf(graph, path):
    """Write `graph` as GEXF for Gephi, with every attribute made storable.

    Attribute values that GEXF cannot hold are converted: ``None`` becomes ``""`` and lists,
    tuples, sets and dicts become JSON strings. Nodes get a ``label`` (their ``name``, else the
    id). An edge attribute ``type`` (the relation type) is written as ``relation``, because GEXF
    reserves ``type`` for directed/undirected. `graph` itself is not changed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", name="MedEcon Ruhr", region=None, aliases=["MedEcon"])
    >>> G.add_edge("a", "b", key="COLLABORATES_WITH", type="COLLABORATES_WITH", evidence=[{"doc": "d1"}])
    'COLLABORATES_WITH'
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "graph.gexf"
    >>> write_gexf(G, path)
    >>> H = nx.read_gexf(path)
    >>> H.nodes["a"]["label"], H.nodes["a"]["aliases"], H.nodes["a"]["region"]
    ('MedEcon Ruhr', '["MedEcon"]', '')
    >>> [d["relation"] for _u, _v, d in H.edges(data=True)]
    ['COLLABORATES_WITH']
    """
    H = graph.__class__()
    H.graph.update({k: storable(v) for k, v in graph.graph.items()})
    for n, data in graph.nodes(data=True):
        attrs = {k: storable(v) for k, v in data.items()}
        attrs.setdefault("label", str(data.get("name") or n))
        H.add_node(n, **attrs)
    edges = graph.edges(keys=True, data=True) if graph.is_multigraph() else graph.edges(data=True)
    for *ends, data in edges:
        attrs = {("relation" if k == "type" else k): storable(v) for k, v in data.items()}
        H.add_edge(*ends, **attrs)
    nx.write_gexf(H, path)
