"""Typed relations with evidence, read sentence by sentence from resolved mentions.

COLLABORATES_WITH only where a cue says so; co-occurrence without a cue is the weaker CO_MENTIONED.
AFFILIATED_WITH from appositions, roles, "Im Namen der X" and signature or contact blocks; PARTICIPATES_IN
from an organisation and a project in one sentence with a participation cue; LOCATED_IN from "X aus Ort".
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from itertools import combinations

from hrgraph.nlp.lexicon import Lexicon, load_lexicon
from hrgraph.records import DocumentResult, Entity, Evidence, Mention, Relation

HEADER_CHARS = 300
CONTACT_CUES = ("rückfragen", "kontakt", "ansprechpartner", "pressekontakt", "v.i.s.d.p")
FOCAL_CUES = ("gemeinsam mit", "in zusammenarbeit mit", "in kooperation mit", "kooperation mit", "zusammen mit")


def mention_key(m: Mention) -> tuple[str, int, int, int]:
    return (m.evidence.doc, m.evidence.page, m.evidence.start, m.evidence.end)


def cue_in(text: str, cues: tuple[str, ...]) -> str | None:
    low = text.lower()
    return next((c for c in cues if re.search(rf"(?<!\w){re.escape(c)}", low)), None)


def sentence_evidence(m: Mention, rule: str) -> Evidence:
    return Evidence(doc=m.evidence.doc, page=m.evidence.page, start=m.evidence.start, end=m.evidence.end,
                    text=m.evidence.sentence, sentence=m.evidence.sentence, produced_by=rule)


def focal_organisation(mentions: list[tuple[Mention, str]]) -> str | None:
    """The organisation a document speaks for: one named in its header, else the most mentioned."""
    orgs = [(m, eid) for m, eid in mentions if m.type == "ORG"]
    header = [eid for m, eid in orgs if m.evidence.page == 1 and m.evidence.start < HEADER_CHARS]
    if header:
        return header[0]
    counts = Counter(eid for _, eid in orgs)
    return counts.most_common(1)[0][0] if counts else None


def between(m: Mention, other: Mention) -> str:
    """Sentence text between two mentions of one sentence (empty when they are not in order)."""
    sentence, start = m.evidence.sentence, m.evidence.sentence.find(m.text)
    end = sentence.find(other.text, start + len(m.text)) if start >= 0 else -1
    return sentence[start + len(m.text) : end] if end > start >= 0 else ""


def affiliation(person: Mention, org: Mention, lex: Lexicon) -> str | None:
    """The rule by which a person belongs to an organisation of the same sentence, or None."""
    gap = between(person, org)
    words = re.findall(r"[\w./-]+", gap.lower())
    if gap and len(words) <= 6 and (any(w in lex.roles for w in words) or gap.lstrip().startswith("(")) \
            and words and (words[-1] in lex.affiliation_prepositions or gap.lstrip().startswith("(") or words[-1] in lex.roles):
        return "rule:role_apposition"
    before = between(org, person)
    if before and re.search(r"\bim namen (der|des)\s*$", person.evidence.sentence[:person.evidence.sentence.find(org.text)].lower()):
        return "rule:im_namen"
    return None


def document_relations(mentions: list[tuple[Mention, str]], lex: Lexicon) -> list[tuple[str, str, str, str, Mention]]:
    """(type, source id, target id, cue, mention) facts of one document."""
    facts = []
    focal = focal_organisation(mentions)
    by_sentence: dict[int, list[tuple[Mention, str]]] = defaultdict(list)
    for m, eid in mentions:
        by_sentence[m.sentence_id].append((m, eid))
    for items in by_sentence.values():
        sentence = items[0][0].evidence.sentence
        orgs = list({eid: m for m, eid in items if m.type == "ORG"}.items())
        people = [(m, eid) for m, eid in items if m.type == "PER"]
        projects = [(m, eid) for m, eid in items if m.type == "PROJECT"]
        cue = cue_in(sentence, lex.collaboration_cues)
        for (a, ma), (b, mb) in combinations(orgs, 2):
            facts.append(("COLLABORATES_WITH" if cue else "CO_MENTIONED", a, b, cue or "", ma))
        focal_cue = cue_in(sentence, FOCAL_CUES)
        if focal_cue and focal and len(orgs) == 1 and orgs[0][0] != focal:
            facts.append(("COLLABORATES_WITH", focal, orgs[0][0], focal_cue, orgs[0][1]))
        for person, pid in people:
            for oid, org in orgs:
                rule = affiliation(person, org, lex)
                if rule:
                    facts.append(("AFFILIATED_WITH", pid, oid, rule, person))
                    break
            else:
                if focal and (person.evidence.produced_by == "rule:surname_given" or cue_in(sentence, CONTACT_CUES)):
                    facts.append(("AFFILIATED_WITH", pid, focal, "signature_or_contact", person))
        participation = cue_in(sentence, lex.participation_cues)
        if participation:
            for oid, org in orgs:
                for project, prid in projects:
                    facts.append(("PARTICIPATES_IN", oid, prid, participation, org))
    return facts


def extract_relations(results: list[DocumentResult], entities: list[Entity]) -> list[Relation]:
    """Relations of all documents, one per (type, source, target), with every sentence that states it."""
    lex = load_lexicon()
    entity_of = {mention_key(m): e.id for e in entities for m in e.mentions}
    grouped: dict[tuple[str, str, str], Relation] = {}
    for result in results:
        mentions = [(m, entity_of[mention_key(m)]) for m in result.mentions if mention_key(m) in entity_of]
        for rel_type, source, target, cue, mention in document_relations(mentions, lex):
            if source == target:
                continue
            if rel_type in ("COLLABORATES_WITH", "CO_MENTIONED"):
                source, target = sorted((source, target))
            relation = grouped.setdefault((rel_type, source, target), Relation(type=rel_type, source=source, target=target, cue=cue))
            evidence = sentence_evidence(mention, f"rule:{rel_type.lower()}:{cue}")
            if all((e.doc, e.sentence) != (evidence.doc, evidence.sentence) for e in relation.evidence):
                relation.evidence.append(evidence)
    collaborating = {(r.source, r.target) for r in grouped.values() if r.type == "COLLABORATES_WITH"}
    return sorted((r for r in grouped.values() if r.type != "CO_MENTIONED" or (r.source, r.target) not in collaborating),
                  key=lambda r: (r.type, r.source, r.target))
