"""hrgraph: German regional-economy documents to a knowledge graph of who works with whom."""

__version__ = "0.1.0"
