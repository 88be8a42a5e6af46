"""Check the places of a run's organisations (issue 16): coverage, a fixed-seed sample to judge by hand, the unplaced.

    PYTHONPATH=src .venv/bin/python tools/check_places.py OUTDIR [--sample 50] [--seed 16] [--unplaced 40]

Coverage counts the ORG nodes of the run's graph (``load_graph``: the export contract's JSON Lines) that have a
place or a level (``place_level``). The sample is ``random.sample`` with the seed over the placed ORG nodes sorted
by id, each with its place, rule, document and a window of the evidence sentence. The unplaced ORG nodes are
listed by their number of mentions, most first.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from pathlib import Path

from hrgraph.graph import load_graph, read_jsonl
from hrgraph.outputs import run_folder

WINDOW = 110  # characters of the evidence sentence on each side of the evidence


def place_text(place: dict) -> str:
    """"municipality Nordstemmen (Hildesheim / Niedersachsen)", "kreis Göttingen (Niedersachsen)", "bund Bund"."""
    above = " / ".join(v for v in (place.get("kreis") if place["level"] == "municipality" else None,
                                   place.get("land") if place["level"] != "land" else None, place.get("region")) if v)
    return f"{place['level']} {place['name']}" + (f" ({above})" if above else "")


def evidence_window(evidence: dict | None) -> str:
    if not evidence:
        return "(no sentence: document-wide evidence)"
    sentence, text = evidence.get("sentence") or "", evidence.get("text") or ""
    at = sentence.find(text) if text else -1
    if at < 0:
        return " ".join(sentence[:2 * WINDOW].split())
    return " ".join(f"{sentence[max(0, at - WINDOW):at]}[[{text}]]{sentence[at + len(text):at + len(text) + WINDOW]}".split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--unplaced", type=int, default=60, help="how many unplaced names to list (0: all)")
    args = parser.parse_args()

    graph = load_graph(args.outdir)
    orgs = sorted(n for n, t in graph.nodes(data="type") if t == "ORG")
    placed = [n for n in orgs if graph.nodes[n].get("place_level")]
    print(f"coverage: {len(placed)} of {len(orgs)} ORG nodes have a place or a level "
          f"({100 * len(placed) / max(1, len(orgs)):.1f} %)")
    print("by level:", dict(sorted(Counter(graph.nodes[n]["place_level"] for n in placed).items())))

    entities = {row["id"]: row for row in read_jsonl(run_folder(args.outdir) / "entities.jsonl")}
    docs = {row["id"]: Path(row["source"]).name for row in read_jsonl(run_folder(args.outdir) / "documents.jsonl")}
    print("by rule:", dict(sorted(Counter(entities[n]["place"].get("rule", "") for n in placed).items())))
    random.seed(args.seed)
    sample = random.sample(placed, min(args.sample, len(placed)))
    print(f"\nsample of {len(sample)} (seed {args.seed}):")
    for i, node in enumerate(sample, 1):
        entity = entities[node]
        place, evidence = entity["place"], entity["place"].get("evidence")
        doc = docs.get(evidence["doc"], evidence["doc"]) if evidence else "-"
        print(f"{i:2}. {entity['name']!r} → {place_text(place)} [rule {place.get('rule')}; {doc}]\n"
              f"    {evidence_window(evidence)}")

    mentions = Counter({n: len(entities[n].get("mentions", [])) for n in orgs if n not in placed})
    shown = mentions.most_common(args.unplaced or None)
    print(f"\nunplaced: {len(mentions)} ORG nodes (showing {len(shown)}, most mentioned first):")
    for node, count in shown:
        print(f"  {count:3}  {entities[node]['name']}")


if __name__ == "__main__":
    main()
