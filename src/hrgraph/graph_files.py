"""GraphML and GEXF written as streams: node by node, then edge by edge, so a graph of any size is written
without being held in memory (NetworkX's writers need the whole graph). The files read back with
``nx.read_graphml`` / ``nx.read_gexf`` as a MultiDiGraph with the same keys and attributes, and open in
Gephi, yEd and Cytoscape.

The attributes are declared up front (GraphML ``<key>``, GEXF ``<attributes>``) from a schema of
name → type (``str`` or ``int``); values are made :func:`~hrgraph.graph.storable`, empty values are left out.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO
from xml.sax.saxutils import XMLGenerator

from hrgraph.graph import storable

XSI = "http://www.w3.org/2001/XMLSchema-instance"
GRAPHML = "http://graphml.graphdrawing.org/xmlns"
GEXF = "http://www.gexf.net/1.2draft"
GRAPHML_TYPES = {str: "string", int: "long"}
GEXF_TYPES = {str: "string", int: "long"}


class GraphMLStream:
    """A directed multigraph as GraphML; edge keys are written as edge ids (as NetworkX does)."""

    def __init__(self, handle: IO[str], node_schema: dict[str, type], edge_schema: dict[str, type]) -> None:
        self.xml = XMLGenerator(handle, "utf-8", short_empty_elements=True)
        self.keys = {("node", name): f"n{i}" for i, name in enumerate(node_schema)}
        self.keys |= {("edge", name): f"e{i}" for i, name in enumerate(edge_schema)}
        self.xml.startDocument()
        self.xml.startElement("graphml", {"xmlns": GRAPHML, "xmlns:xsi": XSI, "xsi:schemaLocation":
                                          f"{GRAPHML} {GRAPHML}/1.0/graphml.xsd"})
        for kind, schema in (("node", node_schema), ("edge", edge_schema)):
            for name, kind_type in schema.items():
                self.empty("key", {"id": self.keys[(kind, name)], "for": kind, "attr.name": name,
                                   "attr.type": GRAPHML_TYPES[kind_type]})
        self.xml.startElement("graph", {"edgedefault": "directed"})

    def empty(self, tag: str, attrs: dict[str, str]) -> None:
        self.xml.startElement(tag, attrs)
        self.xml.endElement(tag)

    def element(self, tag: str, attrs: dict[str, str], kind: str, data: dict) -> None:
        self.xml.startElement(tag, attrs)
        for name, value in data.items():
            value = storable(value)
            if value != "":
                self.xml.startElement("data", {"key": self.keys[(kind, name)]})
                self.xml.characters(str(value))
                self.xml.endElement("data")
        self.xml.endElement(tag)
        self.xml.ignorableWhitespace("\n")

    def node(self, node_id: str, data: dict) -> None:
        self.element("node", {"id": node_id}, "node", data)

    def edge(self, source: str, target: str, key: str, data: dict) -> None:
        self.element("edge", {"source": source, "target": target, "id": key}, "edge", data)

    def close(self) -> None:
        self.xml.endElement("graph")
        self.xml.endElement("graphml")
        self.xml.endDocument()


class GexfStream:
    """A directed multigraph as GEXF 1.2: nodes labelled by their ``name``, edge keys in ``networkx_key`` and the
    edge attribute ``type`` written as ``relation`` (GEXF reserves ``type``). All nodes come before the edges."""

    def __init__(self, handle: IO[str], node_schema: dict[str, type], edge_schema: dict[str, type]) -> None:
        self.xml = XMLGenerator(handle, "utf-8", short_empty_elements=True)
        edge_schema = {("relation" if name == "type" else name): kind for name, kind in edge_schema.items()}
        edge_schema["networkx_key"] = str
        self.ids = {("node", name): str(i) for i, name in enumerate(node_schema)}
        self.ids |= {("edge", name): str(len(node_schema) + i) for i, name in enumerate(edge_schema)}
        self.edges = 0
        self.section = "nodes"
        self.xml.startDocument()
        self.xml.startElement("gexf", {"xmlns": GEXF, "xmlns:xsi": XSI, "version": "1.2",
                                       "xsi:schemaLocation": f"{GEXF} {GEXF}/gexf.xsd"})
        self.xml.startElement("meta", {})
        self.leaf("creator", "hrgraph")
        self.xml.endElement("meta")
        self.xml.startElement("graph", {"defaultedgetype": "directed", "mode": "static", "name": ""})
        for kind, schema in (("node", node_schema), ("edge", edge_schema)):
            self.xml.startElement("attributes", {"mode": "static", "class": kind})
            for name, kind_type in schema.items():
                self.xml.startElement("attribute", {"id": self.ids[(kind, name)], "title": name,
                                                    "type": GEXF_TYPES[kind_type]})
                self.xml.endElement("attribute")
            self.xml.endElement("attributes")
        self.xml.startElement("nodes", {})

    def leaf(self, tag: str, text: str) -> None:
        self.xml.startElement(tag, {})
        self.xml.characters(text)
        self.xml.endElement(tag)

    def element(self, tag: str, attrs: dict[str, str], kind: str, data: dict) -> None:
        self.xml.startElement(tag, attrs)
        self.xml.startElement("attvalues", {})
        for name, value in data.items():
            value = storable(value)
            if value != "":
                self.xml.startElement("attvalue", {"for": self.ids[(kind, name)], "value": str(value)})
                self.xml.endElement("attvalue")
        self.xml.endElement("attvalues")
        self.xml.endElement(tag)
        self.xml.ignorableWhitespace("\n")

    def node(self, node_id: str, data: dict) -> None:
        if self.section != "nodes":
            raise ValueError(f"node {node_id!r} after the first edge: GEXF lists all nodes first")
        self.element("node", {"id": node_id, "label": str(data.get("name") or node_id)}, "node", data)

    def edge(self, source: str, target: str, key: str, data: dict) -> None:
        if self.section == "nodes":
            self.xml.endElement("nodes")
            self.xml.startElement("edges", {})
            self.section = "edges"
        data = {("relation" if name == "type" else name): value for name, value in data.items()} | {"networkx_key": key}
        self.element("edge", {"source": source, "target": target, "id": str(self.edges)}, "edge", data)
        self.edges += 1

    def close(self) -> None:
        if self.section == "nodes":
            self.xml.endElement("nodes")
            self.xml.startElement("edges", {})
        self.xml.endElement("edges")
        self.xml.endElement("graph")
        self.xml.endElement("gexf")
        self.xml.endDocument()


class GraphFiles:
    """``graph.graphml`` and ``graph.gexf`` in ``outdir``, written together and put in place on a clean exit
    (a failed run leaves the previous files)."""

    def __init__(self, outdir: Path, node_schema: dict[str, type], edge_schema: dict[str, type]) -> None:
        self.targets = [outdir / "graph.graphml", outdir / "graph.gexf"]
        self.handles = [open(path.with_suffix(path.suffix + ".tmp"), "w", encoding="utf-8") for path in self.targets]
        self.streams = [GraphMLStream(self.handles[0], node_schema, edge_schema),
                        GexfStream(self.handles[1], node_schema, edge_schema)]

    def node(self, node_id: str, data: dict) -> None:
        for stream in self.streams:
            stream.node(node_id, data)

    def edge(self, source: str, target: str, key: str, data: dict) -> None:
        for stream in self.streams:
            stream.edge(source, target, key, data)

    def __enter__(self) -> GraphFiles:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        for stream in self.streams if exc_type is None else []:
            stream.close()
        for handle, target in zip(self.handles, self.targets, strict=True):
            handle.close()
            tmp = Path(handle.name)
            if exc_type is None:
                tmp.replace(target)
            else:
                tmp.unlink(missing_ok=True)
