"""Clustering mentions into entities, first within each document, then across documents.

Linking across documents works on what a document's clusters sum up (keys, name forms, where they came
from), not on their mentions, so a corpus is resolved one document at a time and only the mapping from
document clusters to entities is kept (see :func:`resolve`). Every merge is recorded with its rule and
score in ``Entity.merges``.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from hrgraph.nlp.lexicon import load_lexicon
from hrgraph.nlp.rules import abbreviates, is_place, is_place_adjective, strip_legal_form
from hrgraph.places import council_home, is_local_council_body
from hrgraph.records import DocumentResult, Entity, Mention
from hrgraph.resolve.normalise import canonical_form, is_abbreviation, is_oblique_of, match_key

# Minimum rapidfuzz ratio of two match keys, with the same first word, to be one name (measured on the seed set).
FUZZY_THRESHOLD = 92
NAMED_TYPES = ("ORG", "PER", "PROJECT", "LOC")
# Mentions that name the mention just before them again: "Regionalverband Ruhr (RVR)", "„…“, kurz „…“".
ALIAS_RULES = ("rule:abbreviation", "rule:alias")
ALIAS_GAP = 12
MAX_SHORT_FORM_CHARS = 8
"""A one-word form this long at most that spells another form's initials is its short form, not a name to show."""
# Rules whose mentions are evidence of a person or of an organisation when one name is typed both ways.
PERSON_RULES = frozenset({"rule:title", "rule:role", "rule:given_name", "rule:apposition", "rule:surname_given"})
ORGANISATION_RULES = frozenset({"rule:legal_form", "rule:org_head", "rule:state", "rule:party", "rule:fraction",
                                "gazetteer:public_bodies"})
FUNCTION_WORDS = {"für", "und", "der", "die", "das", "des", "in", "im", "von", "zur", "zum", "am", "an", "e", "v"}


@dataclass
class Cluster:
    """One entity inside one document or, after merging, across documents.

    ``mentions`` are kept only inside a document; ``forms`` counts the canonical name forms of all mentions,
    ``first`` is the text of the first mention, ``members`` lists the (document id, cluster index) merged here,
    ``merges`` counts the merges by (rule, score, name, name); ``home`` is the municipality (AGS or name) of the
    council whose document names a council body ("Bauausschuss"), so that bodies of two councils stay apart, or the
    document that names a body by a head word alone ("Kreistag", "Landesregierung") without saying whose.
    """

    type: str
    first: str
    home: str = ""
    keys: set[str] = field(default_factory=set)
    full_keys: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    forms: Counter = field(default_factory=Counter)
    members: list[tuple[str, int]] = field(default_factory=list)
    merges: Counter = field(default_factory=Counter)

    def add(self, mention: Mention) -> None:
        self.full_keys.add(match_key(mention.text, mention.type, keep_legal_form=True))
        self.forms[canonical_form(mention.text, self.type)] += 1
        self.mentions.append(mention)

    def linking_keys(self) -> set[str]:
        """Keys that may join clusters of different documents: not a bare head word such as "Metropolregion" or
        "Projekt", nor a ministry by its topic that each Land has ("Wirtschaftsministerium"; "Bundeswirtschafts-
        ministerium" is one)."""
        return {k for k in self.keys | self.full_keys
                if k not in head_keys() and k not in bare_project_keys() and not is_topic_ministry_of_any_land(k)}

    def absorb(self, other: "Cluster", rule: str, score: float, names: tuple[str, str]) -> None:
        self.keys |= other.keys
        self.full_keys |= other.full_keys
        self.mentions += other.mentions
        self.forms += other.forms
        self.members += other.members
        self.merges.update(other.merges)
        self.merges[(rule, round(score, 1), *names)] += 1


@lru_cache(maxsize=1)
def national_head_keys() -> frozenset[str]:
    """Keys of the heads that alone name one body of the country ("Bundesregierung")."""
    return frozenset(match_key(head, "ORG") for head in load_lexicon().national_heads)


@lru_cache(maxsize=1)
def head_keys() -> frozenset[str]:
    """Keys of the words that alone name a document's organisation of that kind: heads ("Klinikum") and the kinds of
    local authority ("Stadt", "Kreis"); they never link documents."""
    return frozenset(match_key(head, "ORG") for head in load_lexicon().org_heads) | authority_kind_keys()


@lru_cache(maxsize=1)
def authority_kind_keys() -> frozenset[str]:
    return frozenset(match_key(kind, "ORG") for kind in load_lexicon().authority_kinds)


@lru_cache(maxsize=1)
def bare_project_keys() -> frozenset[str]:
    """Keys of the words that alone name a document's project ("Projekt", "Vorhaben")."""
    return frozenset(match_key(head, "PROJECT") for head in load_lexicon().bare_project_heads)


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
    mentions, retyped = settled_types(surnames_as_people(result.mentions))
    for m in mentions:
        if m.type not in NAMED_TYPES:
            continue
        key = match_key(m.text, m.type)
        if not key:
            continue
        cluster = by_key.setdefault((m.type, key), Cluster(type=m.type, first=m.text, keys={key}))
        cluster.add(m)
        if mention_key(m) in retyped:
            cluster.merges[("type_vote", retyped[mention_key(m)][1], f"{m.text} ({retyped[mention_key(m)][0]})", cluster.first)] += 1
    clusters = list(by_key.values())
    link_abbreviations(mentions, by_key)
    clusters = merge_partial_names([c for c in clusters if c.mentions])
    for index, cluster in enumerate(clusters):
        cluster.members = [(result.doc.id, index)]
    council_bodies = [c for c in clusters if c.type == "ORG" and is_local_council_body(display_name(c))]
    if council_bodies and (home := council_home(result)):
        for cluster in council_bodies:
            cluster.home = home.ags or home.name
    for cluster in clusters:
        if cluster.type == "ORG" and not cluster.home and not cluster.linking_keys() \
                and not cluster.keys <= national_head_keys():
            cluster.home = f"document {result.doc.id}"  # "der Kreistag" of one Kreis document is not another's
    return clusters


def settled_types(mentions: list[Mention]) -> tuple[list[Mention], dict[tuple[str, int, int, int], tuple[str, float]]]:
    """The mentions with one type for a name that the document types both ORG and PER, and for each retyped
    mention (by :func:`mention_key`) its former type and the share of mentions that had the chosen type.

    The type is PER when only person evidence speaks for the name (a title, role, apposition or given-name rule,
    or a known given name first), ORG when only organisation evidence does (a head, party or gazetteer rule), else
    the type of most of its mentions; on a tie the mentions keep their types. Names with a legal form
    ("Hans Muster GmbH") are organisations and take no part.
    """
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.type == "PER" or (m.type == "ORG" and match_key(m.text, "ORG", keep_legal_form=True) == match_key(m.text, "ORG")):
            groups[match_key(m.text, m.type)].append(m)
    retyped = {}
    for group in groups.values():
        counts = Counter(m.type for m in group)
        chosen = voted_type(group, counts) if len(counts) == 2 else None
        if chosen:
            share = round(100.0 * counts[chosen] / len(group), 1)
            retyped.update({mention_key(m): (m.type, share) for m in group if m.type != chosen})
    return [m.model_copy(update={"type": "PER" if m.type == "ORG" else "ORG"}) if mention_key(m) in retyped else m
            for m in mentions], retyped


def surnames_as_people(mentions: list[Mention]) -> list[Mention]:
    """The model's place or organisation mentions of a word that is the surname of exactly one person the document
    names in full, as that person ("Philippi: „…“" in a headline after "Gesundheitsminister Dr. Andreas Philippi");
    a known place keeps its type.

    >>> from hrgraph.records import Evidence
    >>> ner = lambda text, kind: Mention(type=kind, text=text, sentence_id=0, sentence_start=0, evidence=Evidence(
    ...     doc="d", page=1, start=0, end=1, text=text, sentence=text, produced_by="ner:model"))
    >>> people = [ner("Andreas Philippi", "PER"), ner("Anna Essen", "PER")]
    >>> [m.type for m in surnames_as_people(people + [ner("Philippi", "LOC"), ner("Essen", "LOC")])]
    ['PER', 'PER', 'PER', 'LOC']
    """
    lex = load_lexicon()
    full_names = {m.text for m in mentions if m.type == "PER" and len(m.text.split()) > 1}
    surnames = Counter(name.split()[-1] for name in full_names)
    return [m.model_copy(update={"type": "PER"}) if m.type in ("LOC", "ORG") and m.evidence.produced_by.startswith("ner")
            and surnames[m.text] == 1 and not is_place(m.text, lex) else m for m in mentions]


def voted_type(group: list[Mention], counts: Counter) -> str | None:
    """PER or ORG for mentions of one name typed both ways (see :func:`settled_types`), or None on a tie."""
    given_names = load_lexicon().given_names
    person = any(m.evidence.produced_by in PERSON_RULES or canonical_form(m.text, "PER").partition(" ")[0] in given_names
                 for m in group)
    organisation = any(m.evidence.produced_by in ORGANISATION_RULES for m in group)
    if person != organisation:
        return "PER" if person else "ORG"
    (first, n), (_, k) = counts.most_common(2)
    return first if n > k else None


def link_abbreviations(mentions: list[Mention], by_key: dict[tuple[str, str], Cluster]) -> None:
    """ "Regionalverband Ruhr (RVR)": the abbreviation's cluster joins the long form's (an alias rule found it, or
    whichever producer found both, it spells the name in parentheses or alone on the next line or table cell)."""
    previous: Mention | None = None
    for m in mentions:
        if previous is not None and previous.type == m.type and previous.evidence.page == m.evidence.page \
                and 0 < m.evidence.start - previous.evidence.end <= ALIAS_GAP:
            name, short = (previous, m) if m.evidence.produced_by in ALIAS_RULES or is_short_form_after(m, previous) \
                else (m, previous) if is_short_form_before(previous, m) else (None, None)
            long_cluster = by_key.get((m.type, match_key(name.text, m.type))) if name else None
            short_cluster = by_key.get((m.type, match_key(short.text, m.type))) if short else None
            if long_cluster is not None and short_cluster is not None and long_cluster is not short_cluster:
                rule = m.evidence.produced_by.removeprefix("rule:") if m.evidence.produced_by in ALIAS_RULES else "short_form"
                long_cluster.absorb(short_cluster, rule, 100.0, (name.text, short.text))
                short_cluster.mentions = []
                by_key[(m.type, match_key(short.text, m.type))] = long_cluster
        if m.type in NAMED_TYPES:
            previous = m


def is_short_form_after(short: Mention, name: Mention) -> bool:
    """ "Beispielamt für Statistik (BfS)" or a list "Schulausschuss⏎SchA": an abbreviation of the name just before it,
    in parentheses (after the name's legal form, if it was left out of the name: "Verein X e.V. (VX)") or alone
    between line breaks or tabs."""
    if not abbreviates_in_sentence(short, name):
        return False
    sentence, offset = short.evidence.sentence, short.sentence_start
    gap = sentence[name.evidence.end - offset : short.evidence.start - offset]
    after = sentence[short.evidence.end - offset : short.evidence.end - offset + 1]
    bracket = gap.strip()
    legal_form_only = bracket.endswith("(") and strip_legal_form(f"{name.text} {bracket[:-1]}".strip()) == name.text
    return ((bracket == "(" or legal_form_only) and after == ")") \
        or (not bracket and any(c in gap for c in "\n\t") and after in ("", "\n", "\t"))


def abbreviates_in_sentence(short: Mention, name: Mention) -> bool:
    """An abbreviation of the name in the same sentence."""
    return short.sentence_id == name.sentence_id and is_abbreviation(short.text) and abbreviates(short.text, name.text)


def is_short_form_before(short: Mention, name: Mention) -> bool:
    """ "ZIG – Zentrum für Innovation in der Gesundheitswirtschaft": an abbreviation, a dash or colon, the name."""
    if not abbreviates_in_sentence(short, name):
        return False
    offset = short.sentence_start
    return short.evidence.sentence[short.evidence.end - offset : name.evidence.start - offset].strip() in ("–", "-", ":")


def merge_partial_names(clusters: list[Cluster]) -> list[Cluster]:
    """A short organisation name with a legal form ("Metropolregion GmbH") joins the only longer name of the
    document that starts with the same word and contains all its words, a ministry named by its topic
    ("Wirtschaftsministerium") the only ministry for that topic, a head word alone ("Klinikums") the only
    name with that word or a compound of it ("Städtisches Klinikum Lüneburg"; the kind of a local authority alone,
    "die Stadt", is dropped when it joins none), a short name without one the only longer name it begins that has a
    legal form or ends in a place (:func:`starts_longer_name`; a known name only the latter: "IG Metall" → "IG
    Metall Nordhessen", but not "Knappschaft" → "Knappschaft Kliniken GmbH"); an abbreviation joins the only name
    whose initials it spells ("BMR" → "Business Metropole Ruhr GmbH"); a lone surname or given name joins the only
    person of the document with that name part ("Jiang" → "Yong Jiang")."""
    kept = []
    for short in sorted(clusters, key=lambda c: min(len(k) for k in c.keys)):
        key = min(short.keys, key=len)
        words = key.split()
        if short.type == "PER":
            candidates = [c for c in clusters if c is not short and c.type == "PER" and c.mentions and len(words) == 1
                          and any(len(k.split()) > 1 and words[0] in (k.split()[0], k.split()[-1]) for k in c.keys)]
            rule = "name_part"
        elif short.type == "ORG" and len(words) == 1 and (topic := ministry_topic(key)) and (candidates := [
                c for c in clusters if c is not short and c.type == "ORG" and c.mentions and any(names_ministry_of(k, *topic) for k in c.keys)]):
            rule = "ministry_topic"
        elif short.type == "PROJECT" and key in bare_project_keys():
            candidates = [c for c in clusters if c is not short and c.type == "PROJECT" and c.mentions
                          and c.keys - bare_project_keys()]
            rule = "bare_head"
        elif short.type == "ORG" and len(words) == 1 and key in head_keys() and short.full_keys == short.keys:
            candidates = [c for c in clusters if c is not short and c.type == "ORG" and c.mentions
                          and any(len(k.split()) > 1 and any(w.endswith(key) for w in k.split()) for k in c.keys)]
            rule = "bare_head"
        elif short.type == "ORG" and len(words) == 1 and is_compound_head(key) and short.full_keys == short.keys:
            # "die Sporthochschule" → "Deutsche Sporthochschule Köln", not "Haupt- und Wahlprüfungsausschuss"
            candidates = [c for c in clusters if c is not short and c.type == "ORG" and c.mentions
                          and any(len(k.split()) > 1 and key in k.split() and not {"und", "oder"} & set(k.split())
                                  for k in c.keys)]
            rule = "bare_head"
        elif is_abbreviation(short.first):
            heads = short.first in load_lexicon().abbreviation_heads  # "AOK" → "AOK NordWest", "IHK" → "IHK Lippe"
            candidates = [c for c in clusters if c is not short and c.type == short.type and c.mentions
                          and any(initials(k) == key or k.split()[0] == key and len(k.split()) > 1
                                  and (heads or abbreviates(key, k.partition(" ")[2])) for k in c.keys)]
            rule = "initials"
        elif load_lexicon().known_names.intersection(short.forms):  # "Knappschaft" (an insurer) is not "Knappschaft Kliniken GmbH"
            candidates = [c for c in clusters if c is not short and c.type == short.type and c.mentions
                          and starts_longer_name(words, c, legal_form=False)]
            rule = "partial_name"
        else:
            has_legal_form = bool(short.full_keys - short.keys)
            candidates = [c for c in clusters if c is not short and c.type == short.type and c.mentions and (
                has_legal_form and any(k.split()[:1] == words[:1] and set(words) <= set(k.split()) and len(k.split()) > len(words)
                                       for k in c.keys) or starts_longer_name(words, c) or after_place_adjective(key, c))]
            rule = "partial_name"
        if (short.type in ("ORG", "PER") or rule == "bare_head") and len(candidates) == 1:
            target = candidates[0]
            target.absorb(short, rule, 100.0 * len(words) / max(len(k.split()) for k in target.keys),
                          (short.first, target.first))
            short.mentions = []
        elif not short.keys <= authority_kind_keys():  # "die Stadt" that names no town of the document names nothing
            kept.append(short)
    return [c for c in kept if c.mentions]


def ministry_topic(key: str) -> tuple[str, str] | None:
    """("bundes", "wirtschaft") for the match key "bundeswirtschaftsministerium": the level and the topic of a
    ministry named by a compound; None for other keys.

    >>> ministry_topic("gesundheitsministerium"), ministry_topic("landesministerium")
    (('', 'gesundheit'), None)
    """
    if not key.endswith("ministerium"):
        return None
    topic = key.removesuffix("ministerium")
    level = next((prefix for prefix in ("bundes", "landes") if topic.startswith(prefix)), "")
    topic = topic.removeprefix(level).removesuffix("s")
    return (level, topic) if len(topic) >= 4 else None


def is_compound_head(key: str) -> bool:
    """A match key of one word that is a compound ending in an organisation head: "sporthochschul", "landesregierung"."""
    return key not in head_keys() and any(key.endswith(head) and len(key) > len(head) for head in head_keys())


def is_short_reference(key: str) -> bool:
    """A head word alone ("klinikum", "projekt") or a ministry by its topic ("wirtschaftsministerium"): what a
    document calls an organisation or a project it has named in full."""
    return key in head_keys() or key in bare_project_keys() or ministry_topic(key) is not None


def is_topic_ministry_of_any_land(key: str) -> bool:
    """A ministry named by its topic alone, not as the federal one: each Land has a "Wirtschaftsministerium"."""
    topic = ministry_topic(key)
    return topic is not None and topic[0] != "bundes"


def names_ministry_of(key: str, level: str, topic: str) -> bool:
    """Whether the match key names a ministry of the level (any for "") for the topic: "ministerium für wirtschaft
    industri …" for ("", "wirtschaft")."""
    words = key.split()
    heads = [i for i, word in enumerate(words) if word == f"{level}ministerium" or (not level and word.endswith("ministerium"))]
    return any(words[i + 1 : i + 2] == ["für"] and any(w.startswith(topic) or (len(w) >= 5 and topic.startswith(w))
                                                       for w in words[i + 2 :]) for i in heads)


def after_place_adjective(key: str, cluster: Cluster) -> bool:
    """Whether the cluster names the key's organisation with its town's adjective before it ("Bochumer Vitalsense
    GmbH" for "vitalsens")."""
    lex = load_lexicon()
    return any(len(form.split()) > 1 and is_place_adjective(form.split()[0], lex)
               and match_key(form.partition(" ")[2], cluster.type) == key for form in cluster.forms)


def starts_longer_name(words: list[str], cluster: Cluster, legal_form: bool = True) -> bool:
    """The words begin a longer name of the cluster that has a legal form ("Beispiel Robotics" →
    "Beispiel Robotics Service GmbH"; not with ``legal_form=False``) or goes on with a place only ("SPD-Fraktion" →
    "SPD-Fraktion Kassel", "Christian-Albrechts-Universität" → "Christian-Albrechts-Universität zu Kiel")."""
    places = load_lexicon().places
    with_legal_form = legal_form and bool(cluster.full_keys - cluster.keys)
    return any(key.split()[: len(words)] == words and len(key.split()) > len(words) for key in cluster.keys) and (
        with_legal_form or any(len(form.split()) > 1 and form.split()[-1] in places and match_key(
            form.rpartition(" ")[0].removesuffix(" zu"), cluster.type).split() == words for form in cluster.forms))


def initials(key: str) -> str:
    """First letters of the words of a match key, function words left out ("ministerium für wirtschaft" → "mw")."""
    return "".join(word[0] for word in key.split() if word not in FUNCTION_WORDS)


def merge_across_documents(clusters: list[Cluster]) -> list[Cluster]:
    """Union of document clusters that share a long key, or whose keys are fuzzy-equal with the same first word
    (blocked by type, council home and first word, so the comparison is not quadratic in all names, and the
    committees of two councils are not joined). Only the first cluster
    with a key enters its block: the others are already joined to it, so a block grows with the distinct names,
    not with the documents that repeat them (the unions and their reasons are the same)."""
    uf = UnionFind(len(clusters))
    reasons: dict[int, list[tuple[int, str, float]]] = defaultdict(list)
    owner: dict[tuple[str, str], int] = {}
    blocks: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for i, cluster in enumerate(clusters):
        for key in sorted(cluster.linking_keys()):
            if (cluster.type, cluster.home, key) not in owner:
                owner[(cluster.type, cluster.home, key)] = i
                blocks[(cluster.type, cluster.home, key.split()[0])].append((i, key))
            elif uf.union(owner[(cluster.type, cluster.home, key)], i):
                reasons[i].append((owner[(cluster.type, cluster.home, key)], "same_key", 100.0))
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
            merged[root].absorb(clusters[i], rule, score, (clusters[i].first, merged[root].first))
    return list(merged.values())


def display_name(cluster: Cluster) -> str:
    """The most frequent full form among the mentions (abbreviations and short forms, head words alone such as
    "Klinikum" and ministries by their topic such as "Wirtschaftsministerium" only when nothing else exists; for a
    person a name with the given name before the surname alone, however often minutes say "Herr Wortmann"), in the
    nominative where a form in the nominative was seen ("Deutsche Bahn", not "Deutschen Bahn"), on a tie without a
    town's adjective before it ("Vitalsense GmbH", not "Bochumer Vitalsense GmbH")."""
    full = {f: n for f, n in cluster.forms.items() if not is_abbreviation(f) and not is_short_form_of_any(f, cluster.forms)
            and not is_short_reference(match_key(f, cluster.type))} or dict(cluster.forms)
    lex = load_lexicon()
    person = cluster.type == "PER"
    return max(full, key=lambda f: (not person or " " in f, not any(is_oblique_of(f, other) for other in full), full[f],
                                    not is_place_adjective(f.split()[0], lex), len(strip_legal_form(f)) != len(f), len(f), f))


def is_short_form_of_any(form: str, forms: Iterable[str]) -> bool:
    """A short form of one word that spells the initials of another form, also in lower case ("ggw" beside
    "Gelsenkirchener Gemeinnützige Wohnungsbaugesellschaft mbH")."""
    return " " not in form and len(form) <= MAX_SHORT_FORM_CHARS \
        and any(" " in other and abbreviates(form, other) for other in forms)


def entity_id(entity_type: str, name: str, home: str = "") -> str:
    """A stable id of a name (and of the council home of a council body: "Bauausschuss" of Köln ≠ of Bonn)."""
    key = match_key(name, entity_type) + (f"@{home}" if home else "")
    return f"{entity_type.lower()}:{hashlib.sha1(key.encode()).hexdigest()[:12]}"


def merge_records(merges: Counter) -> list[dict]:
    """Why names were merged: rule, score, the two names and how often, in the order first seen."""
    return [{"rule": rule, "score": score, "names": [a, b], "count": count}
            for (rule, score, a, b), count in merges.items()]


def date_id(value: str) -> str:
    return f"date:{value}"


@dataclass
class Resolution:
    """The entities of a corpus (without their mentions) and which entity each document cluster became."""

    entities: list[Entity]
    cluster_entity: dict[tuple[str, int], str]

    def entity_of(self, result: DocumentResult) -> dict[tuple[str, int, int, int], str]:
        """Entity id of each resolved mention of one document, keyed by :func:`mention_key`."""
        found = {mention_key(m): self.cluster_entity[(result.doc.id, index)]
                 for index, cluster in enumerate(document_clusters(result)) for m in cluster.mentions}
        found.update({mention_key(m): date_id(m.value) for m in result.mentions if m.type == "DATE" and m.value})
        return found


def mention_key(m: Mention) -> tuple[str, int, int, int]:
    return (m.evidence.doc, m.evidence.page, m.evidence.start, m.evidence.end)


def resolved_mentions(result: DocumentResult, entity_of: dict[tuple[str, int, int, int], str]) -> Iterator[tuple[str, Mention]]:
    """(entity id, mention) of each mention of one document that ``entity_of`` resolves, in the document's order."""
    return ((entity_of[key], m) for m in result.mentions if (key := mention_key(m)) in entity_of)


def resolve(results: Iterable[DocumentResult]) -> Resolution:
    """Entities of all documents in a stable order (type, name, id), reading each document once.

    A document cluster with the same linking keys as an earlier one is joined to it at once, so memory grows
    with the distinct names, not with the documents. Clusters whose display names give the same entity id
    become one entity (their aliases joined).
    """
    clusters: list[Cluster] = []
    first_with: dict[tuple[str, str, frozenset[str]], Cluster] = {}
    dates: set[str] = set()
    for result in results:
        for cluster in document_clusters(result):
            cluster.mentions = []  # mentions are not needed across documents
            keys = (cluster.type, cluster.home, frozenset(cluster.linking_keys()))
            if keys[2] and keys in first_with:  # the union merge_across_documents would make, made now
                first_with[keys].absorb(cluster, "same_key", 100.0, (cluster.first, first_with[keys].first))
            else:
                first_with[keys] = cluster
                clusters.append(cluster)
        dates.update(m.value for m in result.mentions if m.type == "DATE" and m.value)
    unique: dict[str, Entity] = {}
    cluster_entity: dict[tuple[str, int], str] = {}
    for cluster in merge_across_documents(clusters):
        name = display_name(cluster)
        entity = Entity(id=entity_id(cluster.type, name, cluster.home), type=cluster.type, name=name,
                        aliases=sorted(set(cluster.forms) - {name}), merges=merge_records(cluster.merges))
        if entity.id in unique:
            unique[entity.id].aliases = sorted(set(unique[entity.id].aliases) | set(entity.aliases))
        else:
            unique[entity.id] = entity
        cluster_entity.update(dict.fromkeys(cluster.members, entity.id))
    unique.update({date_id(value): Entity(id=date_id(value), type="DATE", name=value, value=value) for value in dates})
    return Resolution(sorted(unique.values(), key=lambda e: (e.type, e.name, e.id)), cluster_entity)


def resolve_entities(results: list[DocumentResult]) -> list[Entity]:
    """Canonical entities of all documents with their mentions (sorted by document, page and offset)."""
    resolution = resolve(results)
    by_id = {e.id: e for e in resolution.entities}
    for result in results:
        for entity, mention in resolved_mentions(result, resolution.entity_of(result)):
            by_id[entity].mentions.append(mention)
    for entity in resolution.entities:
        entity.mentions.sort(key=mention_key)
    return resolution.entities
