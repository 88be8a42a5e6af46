"""Scoring a run against hand-made gold annotations (the gold format of ``../shared/eval``).

A gold file lists, per document (by file name), the expected organisations, people and projects (name, aliases,
other accepted types), optional names that are neither required nor penalised, ISO dates, and the
affiliation, collaboration and participation pairs the text states. Entities are matched one to one per
document and type: exact name first, then any alias, then a fuzzy match (rapidfuzz ratio ≥ 90).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from hrgraph.graph import read_jsonl

SCORED_TYPES = ("ORG", "PER", "PROJECT")
RELATION_KEYS = {"COLLAB": ("collaborations", "COLLABORATES_WITH", False),
                 "AFFIL": ("affiliations", "AFFILIATED_WITH", True),
                 "PARTIC": ("participations", "PARTICIPATES_IN", True)}
FUZZY_MATCH = 90


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    false: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    def scores(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else float(not self.fn)
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def normal(text: str) -> str:
    """Case, dashes, punctuation and spacing folded: "MedLife e. V." ~ "medlife e v"."""
    text = unicodedata.normalize("NFKC", text or "").casefold().replace("–", "-").replace("—", "-")
    text = re.sub(r"\s*-\s*", "-", re.sub(r"[^\w\s-]", " ", text))
    return " ".join(text.split())


def names(entity: dict) -> list[str]:
    return [entity.get("name", "")] + list(entity.get("aliases") or [])


def same_name(a: str, b: str) -> bool:
    a, b = normal(a), normal(b)
    return bool(a and b) and (a == b or fuzz.ratio(a, b) >= FUZZY_MATCH)


def match(predicted: list[dict], gold: list[dict]) -> dict[str, str]:
    """Predicted entity id → gold name, one to one: exact names, then aliases, then fuzzy."""
    tests = (
        lambda p, g: normal(p["name"]) in {normal(n) for n in names(g)},
        lambda p, g: bool({normal(n) for n in names(p)} & {normal(n) for n in names(g)}),
        lambda p, g: any(same_name(p["name"], n) for n in names(g)),
    )
    mapping: dict[str, str] = {}
    for test in tests:
        for p in predicted:
            if p["id"] in mapping:
                continue
            for g in gold:
                if g["name"] not in mapping.values() and test(p, g):
                    mapping[p["id"]] = g["name"]
                    break
    return mapping


def read_gold(path: Path) -> list[dict]:
    """The documents of a gold file; a file that is not one fails with its name and the reason."""
    try:
        documents = json.loads(Path(path).read_text(encoding="utf-8"))["documents"]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as err:
        raise ValueError(f"{path}: not a gold file ({type(err).__name__}: {err})") from err
    if not isinstance(documents, list) or not all(isinstance(d, dict) and "doc" in d for d in documents):
        raise ValueError(f"{path}: not a gold file (\"documents\" must be a list of objects with \"doc\")")
    return documents


def score_run(gold_path: Path, outdir: Path) -> dict:
    """Precision, recall and F1 per type, for dates and relations, and the cross-document resolution."""
    gold_docs = read_gold(gold_path)
    outdir = Path(outdir)
    doc_id = {Path(d["source"]).name: d["id"] for d in read_jsonl(outdir / "documents.jsonl")}
    entities = read_jsonl(outdir / "entities.jsonl")
    relations = read_jsonl(outdir / "relations.jsonl")
    in_doc: dict[str, list[dict]] = defaultdict(list)
    for e in entities:
        for d in {m["doc"] for m in e.get("mentions", [])}:
            in_doc[d].append(e)
    rel_in_doc: dict[str, list[dict]] = defaultdict(list)
    for r in relations:
        for d in {ev["doc"] for ev in r.get("evidence", [])}:
            rel_in_doc[d].append(r)
    tallies = defaultdict(Tally)
    gold_nodes: dict[str, set[str]] = defaultdict(set)
    node_golds: dict[str, set[str]] = defaultdict(set)
    for gd in gold_docs:
        did = doc_id.get(gd["doc"])
        present = in_doc.get(did, []) if did else []
        to_gold: dict[str, str] = {}
        for t in SCORED_TYPES:
            own = gd.get(t, [])
            accepted = own + [g for t2 in SCORED_TYPES if t2 != t for g in gd.get(t2, []) if t in g.get("alt_types", [])]
            optional = gd.get(f"optional_{t}", []) + [n for t2 in SCORED_TYPES if t2 != t
                                                       for n in gd.get(f"optional_{t2}", []) + [x for g in gd.get(t2, []) for x in names(g)]]
            predicted = [e for e in present if e["type"] == t]
            mapping = match(predicted, accepted)
            tally = tallies[t]
            tally.tp += len(mapping)
            for e in predicted:
                if e["id"] not in mapping and not any(same_name(n, o) for n in names(e) for o in optional):
                    tally.fp += 1
                    tally.false.append(f"{gd['doc']}: {e['name']}")
            missed = [g["name"] for g in own if g["name"] not in mapping.values()]
            tally.fn += len(missed)
            tally.missed += [f"{gd['doc']}: {n}" for n in missed]
            for eid, gname in mapping.items():
                to_gold[eid] = gname
                gold_nodes[gname].add(eid)
                node_golds[eid].add(gname)
        score_dates(gd, present, tallies["DATE"])
        for key, (gold_key, rel_type, directed) in RELATION_KEYS.items():
            score_relations(gd, gold_key, rel_type, directed, rel_in_doc.get(did, []) if did else [], to_gold, tallies[key])
    counts = defaultdict(int)
    for gd in gold_docs:
        for t in SCORED_TYPES:
            for g in gd.get(t, []):
                counts[g["name"]] += 1
    several = [n for n, c in counts.items() if c > 1]
    result = {key: tally.scores() for key, tally in tallies.items()}
    entity = Tally(*(sum(getattr(tallies[t], f) for t in SCORED_TYPES) for f in ("tp", "fp", "fn")))
    result["ENTITY"] = entity.scores()
    result["XDOC"] = {"merged": sum(len(gold_nodes.get(n, ())) == 1 for n in several), "of": len(several),
                      "false_merges": sum(len(g) > 1 for g in node_golds.values())}
    result["errors"] = {f"{k} {kind}": getattr(t, kind) for k, t in tallies.items() for kind in ("false", "missed")
                        if getattr(t, kind)}
    return result


def score_runs(gold_paths: list[Path], outdir: Path) -> tuple[dict[str, dict], dict]:
    """The scores of a run against each gold file, and their micro average over all of them."""
    per_file = {str(path): score_run(path, outdir) for path in gold_paths}
    return per_file, micro_average(list(per_file.values()))


def micro_average(results: list[dict]) -> dict:
    """Scores over several gold files together: true and false positives and misses summed before P/R/F1
    (so a file with more items weighs more), and the cross-document counts summed."""
    keys = dict.fromkeys(key for result in results for key in result if key not in ("XDOC", "errors"))
    average = {key: Tally(*(sum(r[key][f] for r in results if key in r) for f in ("tp", "fp", "fn"))).scores()
               for key in keys}
    average["XDOC"] = {f: sum(r["XDOC"][f] for r in results) for f in ("merged", "of", "false_merges")}
    return average


def score_dates(gd: dict, present: list[dict], tally: Tally) -> None:
    gold = set(gd.get("DATE", []))
    predicted = {str(e.get("value"))[:10] for e in present if e["type"] == "DATE" and e.get("value")}
    false = predicted - gold - set(gd.get("optional_DATE", []))
    tally.tp += len(gold & predicted)
    tally.fp += len(false)
    tally.fn += len(gold - predicted)
    tally.false += [f"{gd['doc']}: {v}" for v in sorted(false)]
    tally.missed += [f"{gd['doc']}: {v}" for v in sorted(gold - predicted)]


def score_relations(gd: dict, gold_key: str, rel_type: str, directed: bool, relations: list[dict],
                    to_gold: dict[str, str], tally: Tally) -> None:
    def pair(a: str, b: str) -> tuple[str, str]:
        return (a, b) if directed else tuple(sorted((a, b)))

    gold = {pair(a, b) for a, b in gd.get(gold_key, [])}
    optional = {pair(a, b) for a, b in gd.get(f"optional_{gold_key}", [])}
    predicted = set()
    for r in relations:
        if r["type"] != rel_type:
            continue
        a, b = to_gold.get(r["source"]), to_gold.get(r["target"])
        if a and b:
            predicted.add(pair(a, b))
        else:
            tally.fp += 1
            tally.false.append(f"{gd['doc']}: {r['source']} ~ {r['target']} (endpoint not in gold)")
    false = predicted - gold - optional
    tally.tp += len(predicted & gold)
    tally.fp += len(false)
    tally.fn += len(gold - predicted)
    tally.false += [f"{gd['doc']}: {a} ~ {b}" for a, b in sorted(false)]
    tally.missed += [f"{gd['doc']}: {a} ~ {b}" for a, b in sorted(gold - predicted)]
