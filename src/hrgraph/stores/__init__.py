"""Graph stores: the bundled Neo4j server, the loader for pipeline output, and the query library."""
