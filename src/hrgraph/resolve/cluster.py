"""Clustering mentions into entities, first within each document, then across documents.

Every merge is recorded with its rule and score in ``Entity.merges``.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from hrgraph.nlp.lexicon import load_lexicon
from hrgraph.records import DocumentResult, Entity, Mention
from hrgraph.resolve.normalise import canonical_form, is_abbreviation, match_key, strip_legal_form

# Minimum rapidfuzz ratio of two match keys, with the same first word, to be one name (measured on the seed set).
FUZZY_THRESHOLD = 92
NAMED_TYPES = ("ORG", "PER", "PROJECT", "LOC")
# Mentions that name the mention just before them again: "Regionalverband Ruhr (RVR)", "„…“, kurz „…“".
ALIAS_RULES = ("rule:abbreviation", "rule:alias")
ALIAS_GAP = 12
FUNCTION_WORDS = {"für", "und", "der", "die", "das", "des", "in", "im", "von", "zur", "zum", "am", "an", "e", "v"}


@dataclass
class Cluster:
    """Mentions of one entity, inside one document or, after merging, across documents."""

    type: str
    keys: set[str] = field(default_factory=set)
    full_keys: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    merges: list[dict] = field(default_factory=list)

    def linking_keys(self) -> set[str]:
        """Keys that may join clusters of different documents: not a bare head word such as "Metropolregion"."""
        return {k for k in self.keys | self.full_keys if k not in head_keys()}

    def absorb(self, other: "Cluster", rule: str, score: float, names: tuple[str, str]) -> None:
        self.keys |= other.keys
        self.full_keys |= other.full_keys
        self.mentions += other.mentions
        self.merges += other.merges + [{"rule": rule, "score": round(score, 1), "names": list(names)}]


@lru_cache(maxsize=1)
def head_keys() -> frozenset[str]:
    return frozenset(match_key(head, "ORG") for head in load_lexicon().org_heads)


class UnionFind:
    def __init__(self, size: int):
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


def document_clusters(result: DocumentResult) -> list[Cluster]:
    """Clusters of one document: same match key, abbreviation ↔ long form, partial name ↔ unique full name."""
    by_key: dict[tuple[str, str], Cluster] = {}
    for m in result.mentions:
        if m.type not in NAMED_TYPES:
            continue
        key = match_key(m.text, m.type)
        if not key:
            continue
        cluster = by_key.setdefault((m.type, key), Cluster(type=m.type, keys={key}))
        cluster.full_keys.add(match_key(m.text, m.type, keep_legal_form=True))
        cluster.mentions.append(m)
    clusters = list(by_key.values())
    link_abbreviations(result.mentions, by_key)
    return merge_partial_names([c for c in clusters if c.mentions])


def link_abbreviations(mentions: list[Mention], by_key: dict[tuple[str, str], Cluster]) -> None:
    """ "Regionalverband Ruhr (RVR)": the abbreviation's cluster joins the long form's."""
    previous: Mention | None = None
    for m in mentions:
        if m.evidence.produced_by in ALIAS_RULES and previous is not None and previous.type == m.type \
                and previous.evidence.page == m.evidence.page and 0 < m.evidence.start - previous.evidence.end <= ALIAS_GAP:
            long_cluster = by_key.get((m.type, match_key(previous.text, m.type)))
            short_cluster = by_key.get((m.type, match_key(m.text, m.type)))
            if long_cluster is not None and short_cluster is not None and long_cluster is not short_cluster:
                long_cluster.absorb(short_cluster, m.evidence.produced_by.removeprefix("rule:"), 100.0, (previous.text, m.text))
                short_cluster.mentions = []
                by_key[(m.type, match_key(m.text, m.type))] = long_cluster
        if m.type in NAMED_TYPES:
            previous = m


def merge_partial_names(clusters: list[Cluster]) -> list[Cluster]:
    """A short organisation name with a legal form ("Metropolregion GmbH") joins the only longer name of the
    document that starts with the same word and contains all its words; an abbreviation joins the only name
    whose initials it spells ("BMR" → "Business Metropole Ruhr GmbH"); a lone surname or given name joins the
    only person of the document with that name part ("Jiang" → "Yong Jiang")."""
    kept = []
    for short in sorted(clusters, key=lambda c: min(len(k) for k in c.keys)):
        key = min(short.keys, key=len)
        words = key.split()
        if short.type == "PER":
            candidates = [c for c in clusters if c is not short and c.type == "PER" and c.mentions and len(words) == 1
                          and any(len(k.split()) > 1 and words[0] in (k.split()[0], k.split()[-1]) for k in c.keys)]
            rule = "name_part"
        elif is_abbreviation(short.mentions[0].text):
            candidates = [c for c in clusters if c is not short and c.type == short.type and c.mentions
                          and any(initials(k) == key for k in c.keys)]
            rule = "initials"
        else:
            has_legal_form = bool(short.full_keys - short.keys)
            candidates = [c for c in clusters if c is not short and c.type == short.type and c.mentions and has_legal_form
                          and any(k.split()[:1] == words[:1] and set(words) <= set(k.split()) and len(k.split()) > len(words)
                                  for k in c.keys)]
            rule = "partial_name"
        if short.type in ("ORG", "PER") and len(candidates) == 1:
            target = candidates[0]
            target.absorb(short, rule, 100.0 * len(words) / max(len(k.split()) for k in target.keys),
                          (short.mentions[0].text, target.mentions[0].text))
            short.mentions = []
        else:
            kept.append(short)
    return [c for c in kept if c.mentions]


def initials(key: str) -> str:
    """First letters of the words of a match key, function words left out ("ministerium für wirtschaft" → "mw")."""
    return "".join(word[0] for word in key.split() if word not in FUNCTION_WORDS)


def merge_across_documents(clusters: list[Cluster]) -> list[Cluster]:
    """Union of document clusters that share a long key, or whose keys are fuzzy-equal with the same first word
    (blocked by type and first word, so the comparison is not quadratic in all names). Only the first cluster
    with a key enters its block: the others are already joined to it, so a block grows with the distinct names,
    not with the documents that repeat them (the unions and their reasons are the same)."""
    uf = UnionFind(len(clusters))
    reasons: dict[int, list[tuple[int, str, float]]] = defaultdict(list)
    owner: dict[tuple[str, str], int] = {}
    blocks: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for i, cluster in enumerate(clusters):
        for key in sorted(cluster.linking_keys()):
            if (cluster.type, key) not in owner:
                owner[(cluster.type, key)] = i
                blocks[(cluster.type, key.split()[0])].append((i, key))
            elif uf.union(owner[(cluster.type, key)], i):
                reasons[i].append((owner[(cluster.type, key)], "same_key", 100.0))
    for block in blocks.values():
        for a in range(len(block)):
            for b in range(a + 1, len(block)):
                (i, key_i), (j, key_j) = block[a], block[b]
                if uf.find(i) == uf.find(j) or abs(len(key_i) - len(key_j)) > 6:
                    continue
                score = fuzz.ratio(key_i, key_j)
                if score >= FUZZY_THRESHOLD and uf.union(i, j):
                    reasons[j].append((i, "fuzzy_key", score))
    merged: dict[int, Cluster] = {}
    for i in range(len(clusters)):
        root = uf.find(i)
        if root == i:
            merged[root] = clusters[i]
    for i in range(len(clusters)):
        root = uf.find(i)
        if root != i:
            rule, score = next(((r, s) for _, r, s in reasons[i]), ("transitive", 100.0))
            merged[root].absorb(clusters[i], rule, score, (clusters[i].mentions[0].text, merged[root].mentions[0].text))
    return list(merged.values())


def display_name(cluster: Cluster) -> str:
    """The most frequent full form among the mentions (abbreviations only when nothing else exists)."""
    forms = Counter(canonical_form(m.text, cluster.type) for m in cluster.mentions)
    full = {f: n for f, n in forms.items() if not is_abbreviation(f)} or dict(forms)
    return max(full, key=lambda f: (full[f], len(strip_legal_form(f)) != len(f), len(f), f))


def entity_id(entity_type: str, name: str) -> str:
    return f"{entity_type.lower()}:{hashlib.sha1(match_key(name, entity_type).encode()).hexdigest()[:12]}"


def to_entity(cluster: Cluster) -> Entity:
    name = display_name(cluster)
    aliases = sorted({canonical_form(m.text, cluster.type) for m in cluster.mentions} - {name})
    return Entity(id=entity_id(cluster.type, name), type=cluster.type, name=name, aliases=aliases,
                  mentions=sorted(cluster.mentions, key=lambda m: (m.evidence.doc, m.evidence.page, m.evidence.start)),
                  merges=cluster.merges)


def date_entities(results: list[DocumentResult]) -> list[Entity]:
    by_value: dict[str, list[Mention]] = defaultdict(list)
    for result in results:
        for m in result.mentions:
            if m.type == "DATE" and m.value:
                by_value[m.value].append(m)
    return [Entity(id=f"date:{value}", type="DATE", name=value, value=value, mentions=mentions)
            for value, mentions in sorted(by_value.items())]


def resolve_entities(results: list[DocumentResult]) -> list[Entity]:
    """Canonical entities of all documents, in a stable order (type, name)."""
    clusters = [c for result in results for c in document_clusters(result)]
    entities = [to_entity(c) for c in merge_across_documents(clusters)] + date_entities(results)
    unique: dict[str, Entity] = {}
    for entity in entities:
        if entity.id in unique:
            unique[entity.id].mentions += entity.mentions
            unique[entity.id].aliases = sorted(set(unique[entity.id].aliases) | set(entity.aliases))
        else:
            unique[entity.id] = entity
    return sorted(unique.values(), key=lambda e: (e.type, e.name, e.id))
