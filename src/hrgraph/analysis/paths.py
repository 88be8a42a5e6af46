"""Reading a pipeline output directory and finding where notebooks read and write.

``read_output`` builds the in-memory graph from ``documents.jsonl``, ``entities.jsonl`` and
``relations.jsonl`` following the output contract:

* entity nodes keyed by entity id with ``type``, ``name``, ``region``, ``aliases``;
* document nodes keyed ``doc:<id>`` with ``type="DOCUMENT"``, ``source``, ``date``;
* one edge ``(source, target, key=<relation type>)`` per relation with ``type``,
  ``evidence_count``, ``evidence`` and ``dates`` (ISO dates of the evidencing documents);
* ``MENTIONS`` edges from document nodes to the entities they mention.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import networkx as nx

SAMPLE_OUTPUT = Path("tests") / "data" / "sample_output"


def read_jsonl(path: str | Path) -> list[dict]:
    """Records of a JSON-lines file; a missing file gives no records."""
    path = Path(path)
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def read_output(outdir: str | Path) -> nx.MultiDiGraph:
    """The knowledge graph of a pipeline output directory.

    Examples
    --------
    >>> import json, tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> ev = {"doc": "a", "page": 1, "start": 0, "end": 9, "text": "X mit Y.", "sentence": "X mit Y.",
    ...       "produced_by": "rule"}
    >>> _ = (d / "documents.jsonl").write_text(json.dumps({"id": "a", "source": "a.txt", "date": "2024-01-02"}))
    >>> _ = (d / "entities.jsonl").write_text("\\n".join(json.dumps(
    ...     {"id": i, "type": "ORG", "name": i, "aliases": [], "region": None, "mentions": [ev]}) for i in "XY"))
    >>> _ = (d / "relations.jsonl").write_text(json.dumps(
    ...     {"type": "COLLABORATES_WITH", "source": "X", "target": "Y", "cue": "mit", "evidence": [ev]}))
    >>> G = read_output(d)
    >>> G.edges["X", "Y", "COLLABORATES_WITH"]["dates"], sorted(G.successors("doc:a"))
    (['2024-01-02'], ['X', 'Y'])
    """
    outdir = Path(outdir)
    G = nx.MultiDiGraph()
    dates = {}
    for doc in read_jsonl(outdir / "documents.jsonl"):
        dates[doc["id"]] = doc.get("date")
        G.add_node(f"doc:{doc['id']}", type="DOCUMENT", source=doc.get("source"), date=doc.get("date"))
    for ent in read_jsonl(outdir / "entities.jsonl"):
        G.add_node(ent["id"], type=ent["type"], name=ent["name"], region=ent.get("region"),
                   aliases=ent.get("aliases", []))
        for doc in {m["doc"] for m in ent.get("mentions", [])}:
            G.add_edge(f"doc:{doc}", ent["id"], key="MENTIONS", type="MENTIONS")
    for rel in read_jsonl(outdir / "relations.jsonl"):
        evidence = rel.get("evidence", [])
        G.add_edge(rel["source"], rel["target"], key=rel["type"], type=rel["type"], cue=rel.get("cue", ""),
                   evidence=evidence, evidence_count=len(evidence),
                   dates=sorted({dates[e["doc"]] for e in evidence if dates.get(e["doc"])}))
    return G


def project_root() -> Path:
    """The nearest folder at or above the working directory that holds ``pyproject.toml``."""
    cwd = Path.cwd().resolve()
    return next((p for p in (cwd, *cwd.parents) if (p / "pyproject.toml").exists()), cwd)


def output_dir() -> Path:
    """Output directory to analyse: ``HRGRAPH_OUTDIR``, else ``data/processed`` if it holds a run,
    else the small sample output in ``tests/data/sample_output``.

    Relative paths are taken from the project root, so notebooks work from any folder of the repo.
    """
    root = project_root()
    if os.environ.get("HRGRAPH_OUTDIR"):
        return root / os.environ["HRGRAPH_OUTDIR"]
    processed = root / "data" / "processed"
    return processed if (processed / "entities.jsonl").exists() else root / SAMPLE_OUTPUT


def figures_dir() -> Path:
    """Folder for static pictures: ``HRGRAPH_FIGURES``, default ``data/processed/figures``; created."""
    path = project_root() / os.environ.get("HRGRAPH_FIGURES", "data/processed/figures")
    path.mkdir(parents=True, exist_ok=True)
    return path
