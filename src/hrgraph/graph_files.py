"""GraphML and GEXF written as streams: node by node, then edge by edge, so a graph of any size is written
without being held in memory (NetworkX's writers need the whole graph). The files read back with
``nx.read_graphml`` / ``nx.read_gexf`` as a MultiDiGraph with the same keys and attributes, and open in
Gephi, yEd and Cytoscape.

The attributes are declared up front (GraphML ``<key>``, GEXF ``<attributes>``) from a schema of
name → type (``str`` or ``int``); values are made :func:`~hrgraph.graph.storable` (``None`` becomes ``""``), as NetworkX writes them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape, quoteattr

from hrgraph.graph import storable
from hrgraph.names import printable

XSI = "http://www.w3.org/2001/XMLSchema-instance"
GRAPHML = "http://graphml.graphdrawing.org/xmlns"
GEXF = "http://www.gexf.net/1.2draft"
XML_TYPES = {str: "string", int: "long"}
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot hold, not even as character references."""


def xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 forbids (control characters such as ESC, lone surrogates of file
    names that are not UTF-8) written :func:`~hrgraph.names.printable`, e.g. ``\\x1b``."""
    return XML_FORBIDDEN.sub(lambda match: printable(match.group()), text)


def attributes(attrs: dict[str, str]) -> str:
    return "".join(f" {name}={quoteattr(xml_safe(value))}" for name, value in attrs.items())


class GraphMLStream:
    """A directed multigraph as GraphML; edge keys are written as edge ids (as NetworkX does)."""

    def __init__(self, handle: IO[str], node_schema: dict[str, type], edge_schema: dict[str, type]) -> None:
        self.handle = handle
        self.keys = {("node", name): f"n{i}" for i, name in enumerate(node_schema)}
        self.keys |= {("edge", name): f"e{i}" for i, name in enumerate(edge_schema)}
        handle.write("<?xml version='1.0' encoding='utf-8'?>\n<graphml" + attributes(
            {"xmlns": GRAPHML, "xmlns:xsi": XSI, "xsi:schemaLocation": f"{GRAPHML} {GRAPHML}/1.0/graphml.xsd"}) + ">\n")
        for kind, schema in (("node", node_schema), ("edge", edge_schema)):
            for name, kind_type in schema.items():
                handle.write("<key" + attributes({"id": self.keys[(kind, name)], "for": kind, "attr.name": name,
                                                  "attr.type": XML_TYPES[kind_type]}) + "/>\n")
        handle.write('<graph edgedefault="directed">\n')

    def element(self, tag: str, attrs: dict[str, str], kind: str, data: dict) -> None:
        values = ((name, storable(value)) for name, value in data.items())
        self.handle.write(f"<{tag}{attributes(attrs)}>" + "".join(
            f'<data key="{self.keys[(kind, name)]}">{escape(xml_safe(str(value)))}</data>' for name, value in values)
            + f"</{tag}>\n")

    def node(self, node_id: str, data: dict) -> None:
        self.element("node", {"id": node_id}, "node", data)

    def edge(self, source: str, target: str, key: str, data: dict) -> None:
        self.element("edge", {"source": source, "target": target, "id": key}, "edge", data)

    def close(self) -> None:
        self.handle.write("</graph>\n</graphml>\n")


class GexfStream:
    """A directed multigraph as GEXF 1.2: nodes labelled by their ``name``, edge keys in ``networkx_key`` and the
    edge attribute ``type`` written as ``relation`` (GEXF reserves ``type``). All nodes come before the edges."""

    def __init__(self, handle: IO[str], node_schema: dict[str, type], edge_schema: dict[str, type]) -> None:
        self.handle = handle
        edge_schema = {("relation" if name == "type" else name): kind for name, kind in edge_schema.items()}
        edge_schema["networkx_key"] = str
        self.ids = {("node", name): str(i) for i, name in enumerate(node_schema)}
        self.ids |= {("edge", name): str(len(node_schema) + i) for i, name in enumerate(edge_schema)}
        self.edges = 0
        self.section = "nodes"
        handle.write("<?xml version='1.0' encoding='utf-8'?>\n<gexf" + attributes(
            {"xmlns": GEXF, "xmlns:xsi": XSI, "xsi:schemaLocation": f"{GEXF} {GEXF}/gexf.xsd", "version": "1.2"})
            + '>\n<meta><creator>hrgraph</creator></meta>\n<graph defaultedgetype="directed" mode="static" name="">\n')
        for kind, schema in (("node", node_schema), ("edge", edge_schema)):
            handle.write(f'<attributes mode="static" class="{kind}">\n')
            for name, kind_type in schema.items():
                handle.write("<attribute" + attributes({"id": self.ids[(kind, name)], "title": name,
                                                        "type": XML_TYPES[kind_type]}) + "/>\n")
            handle.write("</attributes>\n")
        handle.write("<nodes>\n")

    def element(self, tag: str, attrs: dict[str, str], kind: str, data: dict) -> None:
        values = ((name, storable(value)) for name, value in data.items())
        self.handle.write(f"<{tag}{attributes(attrs)}><attvalues>" + "".join(
            f'<attvalue for="{self.ids[(kind, name)]}" value={quoteattr(xml_safe(str(value)))}/>' for name, value in values)
            + f"</attvalues></{tag}>\n")

    def node(self, node_id: str, data: dict) -> None:
        if self.section != "nodes":
            raise ValueError(f"node {node_id!r} after the first edge: GEXF lists all nodes first")
        self.element("node", {"id": node_id, "label": str(data.get("name") or node_id)}, "node", data)

    def start_edges(self) -> None:
        if self.section == "nodes":
            self.handle.write("</nodes>\n<edges>\n")
            self.section = "edges"

    def edge(self, source: str, target: str, key: str, data: dict) -> None:
        self.start_edges()
        data = {("relation" if name == "type" else name): value for name, value in data.items()} | {"networkx_key": key}
        self.element("edge", {"source": source, "target": target, "id": str(self.edges)}, "edge", data)
        self.edges += 1

    def close(self) -> None:
        self.start_edges()
        self.handle.write("</edges>\n</graph>\n</gexf>\n")


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
