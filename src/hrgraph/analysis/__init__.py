"""Network analysis of the hrgraph knowledge graph: who works with whom, across which regions.

Every function takes a graph: the knowledge graph of :func:`hrgraph.graph.load_graph`, or the
organisation graph that :func:`~hrgraph.analysis.projection.collaboration_graph` makes of it.

* ``projection`` – organisations as nodes, collaborations (and optionally co-mentions) as weighted edges
* ``centrality`` – degree and betweenness table
* ``regions`` – bridge organisations and the region × region matrix
* ``communities`` – Louvain communities with a fixed seed
* ``ego`` – finding nodes by name and the ego network of one
* ``timeline`` – collaborations per year or month
* ``evidence`` – from an edge back to its sentences and documents
* ``export`` – GEXF for Gephi
* ``plots`` – matplotlib pictures and the interactive pyvis page
* ``paths`` – where notebooks read a run and write pictures
"""
