"""Typed relations with evidence, read sentence by sentence from resolved mentions.

- COLLABORATES_WITH only where a cue says so (``relations.yml``): a partner cue ("gemeinsam mit B") joins B with the
  organisation before it, a group or action cue joins all organisations of the sentence. Organisations that only
  share a sentence get the weaker CO_MENTIONED, which is never counted as collaboration.
- AFFILIATED_WITH from appositions and roles ("Ellen Dörr, Fachreferentin im MWIKE"), "Im Namen der X begrüßte P",
  role words without an organisation (the document's organisation, or the Land for ministers), and contact blocks.
- PARTICIPATES_IN from "Projekt der X"; LOCATED_IN from "X aus Ort" / "X in Ort".
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from hrgraph.nlp.annotate import MARKUP
from hrgraph.nlp.lexicon import Lexicon, load_lexicon
from hrgraph.records import DocumentResult, Entity, Evidence, Mention, Relation
from hrgraph.resolve.cluster import mention_key, resolved_mentions

HEADER_CHARS = 300
MAX_GAP_WORDS = 6
ARTICLES = {"der", "die", "das", "dem", "den", "des"}


@dataclass(frozen=True)
class Fact:
    type: str
    source: str
    target: str
    rule: str
    mention: Mention


@dataclass(frozen=True)
class Placed:
    """A resolved mention with its offsets inside its sentence."""

    mention: Mention
    entity: str

    @property
    def start(self) -> int:
        return self.mention.evidence.start - self.mention.sentence_start

    @property
    def end(self) -> int:
        return self.mention.evidence.end - self.mention.sentence_start

    @property
    def type(self) -> str:
        return self.mention.type


def cue_positions(text: str, cues: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """(start, end, cue) of every cue in the lower-cased text, as whole words."""
    low = text.lower()
    return [(m.start(), m.end(), cue) for cue in cues if cue in low for m in cue_pattern(cue).finditer(low)]


@lru_cache(maxsize=4096)
def cue_pattern(cue: str) -> re.Pattern:
    return re.compile(rf"(?<!\w){re.escape(cue)}(?!\w)")


def first_cue(text: str, cues: tuple[str, ...]) -> str | None:
    found = cue_positions(text, cues)
    return min(found)[2] if found else None


def stands_alone(p: Placed) -> bool:
    """The mention fills its line or table cell (markup aside), as in a letterhead: "<b>REGIONALVERBAND RUHR</b>"."""
    sentence = p.mention.evidence.sentence
    left = max(sentence.rfind("\n", 0, p.start), sentence.rfind("\t", 0, p.start)) + 1
    ends = [i for i in (sentence.find("\n", p.end), sentence.find("\t", p.end)) if i >= 0]
    cell = sentence[left : min(ends) if ends else len(sentence)]
    return MARKUP.sub("", cell).strip(" :") == p.mention.text


def focal_organisation(placed: list[Placed], lex: Lexicon) -> str | None:
    """The organisation a document speaks for: its letterhead (an organisation alone on a line of the
    header), else one followed by contact details (address, "Tel."), else the most mentioned."""
    orgs = [p for p in placed if p.type == "ORG"]
    letterhead = [p.entity for p in orgs if p.mention.evidence.page == 1 and p.mention.evidence.start < HEADER_CHARS
                  and stands_alone(p)]
    if letterhead:
        return letterhead[0]
    with_contact = Counter(p.entity for p in orgs
                           if any(start >= p.end for start, _, _ in cue_positions(p.mention.evidence.sentence, lex.contact_cues)))
    counts = with_contact or Counter(p.entity for p in orgs)
    return counts.most_common(1)[0][0] if counts else None


def government(placed: list[Placed]) -> str | None:
    """The Land named as a government in the document ("das Land Niedersachsen"), if any."""
    return next((p.entity for p in placed if p.mention.evidence.produced_by == "rule:state"), None)


def collaborations(sentence: str, orgs: list[Placed], focal: str | None, lex: Lexicon) -> list[Fact]:
    facts = []
    masked = sentence
    for start, end, cue in cue_positions(sentence, lex.partner_cues):
        masked = masked[:start] + " " * (end - start) + masked[end:]
        after = [o for o in orgs if o.start >= end and o.start - end <= 40]
        if not after:
            continue
        partner = after[0]
        before = [o for o in orgs if o.end <= start and o.entity != partner.entity]
        words_before = sentence[:start].lower().split()
        attributive = bool(words_before) and words_before[-1] in ARTICLES
        other = before[-1].entity if before and not attributive else focal
        if other and other != partner.entity:
            facts.append(Fact("COLLABORATES_WITH", other, partner.entity, f"partner:{cue}", partner.mention))
    for o in orgs:
        masked = masked[: o.start] + " " * (o.end - o.start) + masked[o.end :]
    cue = first_cue(masked, lex.group_cues) or first_cue(masked, lex.action_cues)
    distinct = list({o.entity: o for o in orgs}.values())
    for a, b in combinations(distinct, 2):
        kind = "COLLABORATES_WITH" if cue else "CO_MENTIONED"
        facts.append(Fact(kind, a.entity, b.entity, f"group:{cue}" if cue else "same_sentence", a.mention))
    return facts


def gap_is_affiliation(gap: str, lex: Lexicon) -> bool:
    """The words between a person and an organisation say they belong together."""
    words = re.findall(r"[\w./-]+", gap.lower())
    if not words or len(words) > MAX_GAP_WORDS:
        return not words and gap.strip() in {"(", ","}
    opens_apposition = gap.lstrip()[:1] in {"(", ","}
    has_role = any(w in lex.roles for w in words)
    return (opens_apposition and (has_role or words[0] in lex.affiliation_prepositions)) \
        or (words[0] in lex.affiliation_prepositions and words[-1] in lex.affiliation_prepositions) \
        or (has_role and words[-1] in lex.affiliation_prepositions)


def affiliations(sentence: str, placed: list[Placed], focal: str | None, land: str | None, lex: Lexicon,
                 previous_sentence: str = "") -> list[Fact]:
    """Person → organisation facts of one sentence; ``focal`` is the document's organisation, ``land`` the
    Land it names as a government."""
    facts = []
    contacts = cue_positions(sentence, lex.contact_cues)
    if previous_sentence.rstrip().endswith(":"):
        contacts += [(0, 0, cue) for _, _, cue in cue_positions(previous_sentence, lex.contact_cues)][:1]
    for person in (p for p in placed if p.type == "PER"):
        following = [p for p in placed if p.start >= person.end]
        org = None
        for p in following:
            if p.type == "PER":
                break
            if p.type == "ORG":
                org = p if gap_is_affiliation(sentence[person.end : p.start], lex) else None
                break
        if org is not None:
            facts.append(Fact("AFFILIATED_WITH", person.entity, org.entity, "apposition", person.mention))
            continue
        in_name_of = [p for p in placed if p.type == "ORG" and p.end <= person.start
                      and re.search(r"\bim namen (der|des)\s*$", sentence[: p.start].lower())]
        preceding = [p for p in placed if p.type == "ORG" and p.end <= person.start]
        produced_by = person.mention.evidence.produced_by
        if in_name_of:
            facts.append(Fact("AFFILIATED_WITH", person.entity, in_name_of[-1].entity, "im_namen", person.mention))
        elif contacts:
            before = [(end, cue) for _, end, cue in contacts if end <= person.start]
            cue_end, cue = max(before) if before else (0, contacts[0][2])  # "Dr. X\nTel. …": a contact block
            named = [p for p in preceding if p.start >= cue_end]
            target = named[-1].entity if named else focal
            if target:
                facts.append(Fact("AFFILIATED_WITH", person.entity, target, f"contact:{cue}", person.mention))
        elif produced_by == "rule:role":
            role = sentence[: person.start].lower().split()[-1:] or [""]
            target = land if role[0] in lex.government_roles else focal
            if target:
                facts.append(Fact("AFFILIATED_WITH", person.entity, target, f"role:{role[0]}", person.mention))
        elif produced_by == "rule:surname_given" and focal:
            facts.append(Fact("AFFILIATED_WITH", person.entity, focal, "signature", person.mention))
    return facts


def participations_and_places(sentence: str, placed: list[Placed], lex: Lexicon) -> list[Fact]:
    facts = []
    for a, b in zip(placed, placed[1:]):
        gap = sentence[a.end : b.start].strip().lower()
        if a.type == "PROJECT" and b.type == "ORG" and gap in {"der", "des"}:
            facts.append(Fact("PARTICIPATES_IN", b.entity, a.entity, f"genitive:{gap}", b.mention))
        if a.type == "ORG" and b.type == "PROJECT" and first_cue(sentence[a.end : b.start], lex.participation_cues):
            facts.append(Fact("PARTICIPATES_IN", a.entity, b.entity, "cue", a.mention))
        if a.type == "ORG" and b.type == "LOC" and gap in {"aus", "in", "mit sitz in"}:
            facts.append(Fact("LOCATED_IN", a.entity, b.entity, f"place:{gap}", a.mention))
    return facts


def document_facts(placed: list[Placed], lex: Lexicon) -> list[Fact]:
    """All relation facts of one document."""
    focal, land = focal_organisation(placed, lex), government(placed)
    by_sentence: dict[int, list[Placed]] = defaultdict(list)
    for p in placed:
        by_sentence[p.mention.sentence_id].append(p)
    sentences = {sid: items[0].mention.evidence.sentence for sid, items in by_sentence.items()}
    facts = []
    for sid, items in sorted(by_sentence.items()):
        items.sort(key=lambda p: p.start)
        sentence = sentences[sid]
        orgs = [p for p in items if p.type == "ORG"]
        facts += collaborations(sentence, orgs, focal, lex)
        facts += affiliations(sentence, items, focal, land, lex, sentences.get(sid - 1, ""))
        facts += participations_and_places(sentence, items, lex)
    return facts


RelationKey = tuple[str, str, str]
"""(relation type, source entity id, target entity id); symmetric types have their ends sorted."""


def document_relations(result: DocumentResult, entity_of: dict[tuple, str], lex: Lexicon) -> Iterator[tuple[RelationKey, str, Evidence]]:
    """(relation key, cue of the first statement, evidence) of one document, one evidence entry per sentence.

    ``entity_of`` maps :func:`mention_key` to the entity id of each resolved mention.
    """
    placed = [Placed(m, entity) for entity, m in resolved_mentions(result, entity_of)]
    stated: set[tuple] = set()  # (relation key, page, sentence start)
    for fact in document_facts(placed, lex):
        source, target = fact.source, fact.target
        if source == target:
            continue
        if fact.type in ("COLLABORATES_WITH", "CO_MENTIONED"):
            source, target = sorted((source, target))
        key = (fact.type, source, target)
        m = fact.mention
        if (key, m.evidence.page, m.sentence_start) in stated:
            continue
        stated.add((key, m.evidence.page, m.sentence_start))
        yield key, fact.rule, Evidence(doc=m.evidence.doc, page=m.evidence.page, start=m.sentence_start,
                                       end=m.sentence_start + len(m.evidence.sentence), text=m.evidence.sentence,
                                       sentence=m.evidence.sentence, produced_by=f"rule:{fact.type.lower()}:{fact.rule}")


def shadowed(keys: Iterable[RelationKey]) -> set[RelationKey]:
    """CO_MENTIONED keys of pairs that also have COLLABORATES_WITH: the stronger relation replaces them."""
    keys = set(keys)
    collaborating = {(source, target) for kind, source, target in keys if kind == "COLLABORATES_WITH"}
    return {key for key in keys if key[0] == "CO_MENTIONED" and key[1:] in collaborating}


def extract_relations(results: list[DocumentResult], entities: list[Entity]) -> list[Relation]:
    """Relations of all documents, one per (type, source, target), with every sentence that states it."""
    lex = load_lexicon()
    entity_of = {mention_key(m): e.id for e in entities for m in e.mentions}
    grouped: dict[RelationKey, Relation] = {}
    for result in results:
        for key, cue, evidence in document_relations(result, entity_of, lex):
            grouped.setdefault(key, Relation(type=key[0], source=key[1], target=key[2], cue=cue)).evidence.append(evidence)
    dropped = shadowed(grouped)
    return [grouped[key] for key in sorted(grouped) if key not in dropped]
