"""Benchmark the Neo4j loader: batched UNWIND writes against one row per transaction.

Writes a synthetic output dir (default 100,000 relationships between 27,000 entities), starts the
bundled server in a temporary run dir (auth off, small heap) unless ``--uri`` names a running one,
and measures in one run:

* batched: ``load_output`` of the full graph with ``--batch-size`` rows per transaction,
* reload: the same output again (the MERGE-and-SET update path; counts must not change),
* one per transaction: ``load_output`` with batch size 1 on a subset (``--baseline``
  relationships), and the batched loader on that same subset for comparison.

Rates are relationships per second of the relations phase. Prints a summary and writes
``benchmarks/output/neo4j_load.json``.

    .venv/bin/python benchmarks/neo4j_load.py [--relationships 100000] [--batch-size 1000]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import random
import socket
import tempfile
import time
from pathlib import Path

import neo4j
from neo4j import GraphDatabase

from hrgraph.stores import neo4j_server
from hrgraph.stores.neo4j_loader import graph_counts, load_output

OUTPUT = Path(__file__).resolve().parent / "output" / "neo4j_load.json"
CLEAR = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
# Share of each relation type in the synthetic graph.
MIX = {"COLLABORATES_WITH": 0.70, "AFFILIATED_WITH": 0.15, "PARTICIPATES_IN": 0.10, "LOCATED_IN": 0.05}


def synthetic_output(outdir: Path, relationships: int, seed: int = 42) -> dict[str, int]:
    """Write documents/entities/relations.jsonl with exactly ``relationships`` distinct relations."""
    rng = random.Random(seed)
    scale = max(relationships // 100_000, 1)
    sizes = {"ORG": 20_000 * scale, "PER": 5_000 * scale, "PROJECT": 2_000 * scale, "LOC": 50}
    docs = [f"doc{i:05d}" for i in range(2_000 * scale)]
    ids = {etype: [f"{etype.lower()}:{i}" for i in range(n)] for etype, n in sizes.items()}
    wanted = {rtype: int(relationships * share) for rtype, share in MIX.items()}
    wanted["COLLABORATES_WITH"] += relationships - sum(wanted.values())
    endpoints = {"COLLABORATES_WITH": ("ORG", "ORG"), "AFFILIATED_WITH": ("PER", "ORG"),
                 "PARTICIPATES_IN": ("ORG", "PROJECT"), "LOCATED_IN": ("ORG", "LOC")}

    def evidence() -> dict:
        doc, start = rng.choice(docs), rng.randrange(0, 5_000)
        sentence = f"Satz {rng.randrange(10**6)}: Die Partner arbeiten im Rahmen des Vorhabens eng zusammen."
        return {"doc": doc, "page": rng.randrange(1, 20), "start": start, "end": start + len(sentence),
                "text": sentence, "sentence": sentence, "produced_by": "rule:synthetic"}

    outdir.mkdir(parents=True, exist_ok=True)
    with (outdir / "relations.jsonl").open("w", encoding="utf-8") as fh:
        for rtype, count in wanted.items():
            source_type, target_type = endpoints[rtype]
            pairs: set[tuple[str, str]] = set()
            while len(pairs) < count:
                source, target = rng.choice(ids[source_type]), rng.choice(ids[target_type])
                if rtype == "COLLABORATES_WITH":
                    source, target = sorted((source, target))
                if source != target:
                    pairs.add((source, target))
            for source, target in sorted(pairs):
                fh.write(json.dumps({"type": rtype, "source": source, "target": target, "cue": "zusammen",
                                     "evidence": [evidence() for _ in range(rng.randint(1, 3))]}) + "\n")
    with (outdir / "entities.jsonl").open("w", encoding="utf-8") as fh:
        for etype, entity_ids in ids.items():
            for eid in entity_ids:
                mentions = [{**evidence(), "text": eid} for _ in range(2)]
                fh.write(json.dumps({"id": eid, "type": etype, "name": f"{etype} {eid} e.V.", "aliases": [],
                                     "region": f"Region {rng.randrange(50)}", "value": None,
                                     "mentions": mentions}) + "\n")
    with (outdir / "documents.jsonl").open("w", encoding="utf-8") as fh:
        for doc in docs:
            fh.write(json.dumps({"id": doc, "source": f"synthetic/{doc}.pdf", "status": "ok", "media_type": "pdf",
                                 "pages": 20, "date": "2024-01-01", "metadata": {"title": doc},
                                 "pipeline": "synthetic"}) + "\n")
    return {"documents": len(docs), "entities": sum(sizes.values()), "relationships": relationships}


def subset_output(full: Path, outdir: Path, relationships: int) -> None:
    """The first ``relationships`` relations of ``full`` with just the entities they connect."""
    outdir.mkdir(parents=True, exist_ok=True)
    with (full / "relations.jsonl").open(encoding="utf-8") as fh:
        lines = [next(fh) for _ in range(relationships)]
    needed = {node for line in lines for node in (json.loads(line)["source"], json.loads(line)["target"])}
    (outdir / "relations.jsonl").write_text("".join(lines), encoding="utf-8")
    with (full / "entities.jsonl").open(encoding="utf-8") as fh:
        entities = [line for line in fh if json.loads(line)["id"] in needed]
    (outdir / "entities.jsonl").write_text("".join(entities), encoding="utf-8")
    (outdir / "documents.jsonl").write_text((full / "documents.jsonl").read_text(encoding="utf-8"), encoding="utf-8")


def measure(driver, outdir: Path, batch_size: int, clear: bool = True) -> dict:
    """Load ``outdir`` (into an empty database unless ``clear`` is False) and return rates."""
    if clear:
        with driver.session() as session:
            session.run(CLEAR).consume()
    started = time.perf_counter()
    counts = load_output(driver, outdir, batch_size=batch_size)
    total = time.perf_counter() - started
    seconds = counts.seconds["relations"]
    return {"batch_size": batch_size, "relationships": counts.relations, "relations_seconds": seconds,
            "relationships_per_second": round(counts.relations / seconds, 1), "total_seconds": round(total, 2),
            "phase_seconds": counts.seconds, "graph": graph_counts(driver)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--relationships", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--baseline", type=int, default=2_000, help="relationships loaded one per transaction")
    parser.add_argument("--uri", help="use this running server (auth from NEO4J_USER/NEO4J_PASSWORD) and "
                                      "CLEAR ITS DATABASE; default: start the bundled one")
    parser.add_argument("--heap", default="512m")
    parser.add_argument("--pagecache", default="128m")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="hrgraph-neo4j-bench-") as tmp:
        tmp = Path(tmp)
        started = time.perf_counter()
        sizes = synthetic_output(tmp / "full", args.relationships)
        subset_output(tmp / "full", tmp / "subset", args.baseline)
        print(f"synthetic output: {sizes} in {time.perf_counter() - started:.1f}s")
        handle = None
        if args.uri:
            uri = args.uri
            password = os.environ.get("NEO4J_PASSWORD")
            auth = (os.environ.get("NEO4J_USER", "neo4j"), password) if password else None
        else:
            with socket.socket() as sock:
                sock.bind(("127.0.0.1", 0))
                port = sock.getsockname()[1]
            started = time.perf_counter()
            handle = neo4j_server.start(tmp / "run", bolt_port=port, auth=False, heap=args.heap,
                                        pagecache=args.pagecache)
            print(f"bundled Neo4j up in {time.perf_counter() - started:.1f}s at {handle.uri}")
            uri, auth = handle.uri, None
        try:
            with GraphDatabase.driver(uri, auth=auth) as driver:
                measure(driver, tmp / "subset", batch_size=args.batch_size)  # warm-up: JIT, query plans
                one_per_tx = measure(driver, tmp / "subset", batch_size=1)
                batched_subset = measure(driver, tmp / "subset", batch_size=args.batch_size)
                batched = measure(driver, tmp / "full", batch_size=args.batch_size)
                reload = measure(driver, tmp / "full", batch_size=args.batch_size, clear=False)
            rss = neo4j_server.status(tmp / "run").rss_mb if handle else None
        finally:
            if handle:
                neo4j_server.stop(tmp / "run")

    assert reload["graph"] == batched["graph"], "reload changed the node or relationship count"
    result = {
        "synthetic": sizes,
        "batched": batched,
        "reload": reload,
        "batched_subset": batched_subset,
        "one_per_transaction": one_per_tx,
        "ratio_batched_to_one_per_transaction": round(
            batched["relationships_per_second"] / one_per_tx["relationships_per_second"], 1),
        "server": {"uri": uri, "bundled": handle is not None, "heap": args.heap, "pagecache": args.pagecache,
                   "rss_mb_after": round(rss, 1) if rss else None},
        "driver": {"neo4j": neo4j.__version__,
                   "rust_packstream": importlib.util.find_spec("neo4j._codec.packstream._rust") is not None},
        "machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg(), "python": platform.python_version(),
                    "platform": platform.platform()},
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2))
    for name in ("batched", "reload", "batched_subset", "one_per_transaction"):
        row = result[name]
        print(f"{name:20s} batch {row['batch_size']:>5}: {row['relationships']:>7} rels in "
              f"{row['relations_seconds']:7.2f}s = {row['relationships_per_second']:>9.1f} rels/s")
    print(f"batched / one per transaction: {result['ratio_batched_to_one_per_transaction']}x; "
          f"graph {batched['graph']}; written to {args.output}")


if __name__ == "__main__":
    main()
