"""Network analysis of the hrgraph knowledge graph: who works with whom, across which regions."""
