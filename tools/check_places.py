"""Check the places of a run's organisations (issue 16): coverage, a fixed-seed sample to judge by hand, the unplaced.

    PYTHONPATH=src .venv/bin/python tools/check_places.py OUTDIR [--sample 50] [--seed 16] [--unplaced 40]
                                                           [--seeds ../shared/eval/seed_gold.json]

Coverage counts the ORG nodes of the run's graph (``load_graph``: the export contract's JSON Lines) that have a
place or a level (``place_level``). The sample is ``random.sample`` with the seed over the placed ORG nodes sorted
by id, each with its place, rule, document and a window of the evidence sentence. The unplaced ORG nodes are
listed by their number of mentions, most first. With ``--seeds`` (a gold file whose organisations may carry a
``region``), each such organisation found in the run (by name or alias) is checked for a Land consistent with
its region (the region's Land as :mod:`hrgraph.places` reads the region's name): a measurement, not a source of
rules.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from pathlib import Path

from hrgraph.graph import load_graph, read_jsonl
from hrgraph.outputs import run_folder
from hrgraph.places import place_in_name

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


def check_seeds(gold_path: Path, entities: dict[str, dict]) -> None:
    """Print, for each gold organisation with a region, whether the run gives it a Land consistent with it."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    orgs = [(doc["doc"], org) for doc in gold["documents"] for org in doc.get("ORG", []) if org.get("region")]
    consistent = 0
    print(f"\nseeds with a region ({gold_path.name}):")
    for doc, org in orgs:
        names = {org["name"].lower(), *(alias.lower() for alias in org.get("aliases", []))}
        found = [e for e in entities.values() if e["type"] == "ORG"
                 and names & {e["name"].lower(), *(alias.lower() for alias in e.get("aliases", []))}]
        want = place_in_name(org["region"])
        lands = [(e.get("place") or {}).get("land") for e in found]
        ok = bool(want) and want.land in lands
        consistent += ok
        print(f"  {'ok  ' if ok else 'MISS'} {doc[:20]:20} {org['name'][:50]:50} {org['region']} → "
              f"{want.land if want else '?'}; run: {lands or 'not extracted'}")
    print(f"{consistent} of {len(orgs)} get a Land consistent with their region")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--unplaced", type=int, default=60, help="how many unplaced names to list (0: all)")
    parser.add_argument("--seeds", type=Path, help="gold file whose organisations carry a region, to check")
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
    if args.seeds:
        check_seeds(args.seeds, entities)


if __name__ == "__main__":
    main()
