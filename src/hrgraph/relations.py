"""Typed relations with evidence, read sentence by sentence from resolved mentions.

Both ends of a relation are named in its evidence: the sentence, or with an organisation the document or section
speaks for, also the sentence that names it (an anchor). No cue counts inside an entity's own name.

- COLLABORATES_WITH only where a cue says so (``relations.yml``): a partner cue ("gemeinsam mit B") joins B with the
  organisation before it on its line, a group or action cue joins the organisations of its line. Tables, vote counts
  and lists (organisations in separate cells or followed by numbers) are not collaboration. Organisations that only
  share a sentence get the weaker CO_MENTIONED, which is never counted as collaboration.
- AFFILIATED_WITH from appositions and roles ("Ellen Dörr, Fachreferentin im MWIKE", "Leiterin der X, Anna Y"),
  "Im Namen der X begrüßte P", role words without an organisation (the document's organisation, or the Land for
  ministers), contact blocks, lists of persons under an organisation heading, and speaker lines of minutes
  ("Name (Partei):" — only with the organisation the line names).
- PARTICIPATES_IN where an organisation runs, funds, hosts or takes part in a project ("Projekt der X", "X fördert
  das Projekt Y", "Träger des Projekts Y ist X"); LOCATED_IN from "X aus Ort" / "X in Ort".
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import combinations

from normality import ascii_text

from hrgraph.nlp.lexicon import Lexicon, load_lexicon
from hrgraph.nlp.parties import party_name
from hrgraph.nlp.rules import ADJECTIVE_ENDINGS, LIST_MARKER, MARKUP, authority_kind, head_of_lowercase, is_role
from hrgraph.places import is_local_council_body
from hrgraph.records import DocumentResult, Entity, Evidence, Mention, Relation
from hrgraph.resolve.cluster import mention_key, resolved_mentions
from hrgraph.resolve.normalise import match_key, strip_titles

HEADER_CHARS = 300
MAX_GAP_WORDS = 6
MAX_LIST_GAP_CHARS = 200
MAX_CUE_TO_PROJECT_WORDS = 10
MAX_CUE_TO_MEMBER_CHARS = 60  # "gehören | bereits 24 Einrichtungen an, darunter die | A"
ARTICLES = {"der", "die", "das", "dem", "den", "des"}
NUMBERING = re.compile(r"^\s*(\d+|[a-zA-Z]|[IVX]+)[.)]\s+")
NUMBERED_LINE = re.compile(r"(^|\n)[ \t]*\d+[.)][ \t]+\w")
SPEAKER_TAIL = re.compile(r"\s*(\([^()\n]{1,80}\))?\s*:")
SIGNED_FOR = re.compile(r"(?:^|\n)[ \t]*[Ff]ür[ \t]+(?:(?:die|den|das)[ \t]+)?$")  # "Für die SPD-Fraktion: Anna Muster"
LABEL_TAIL = re.compile(r"[ \t]*(?::[ \t]*|\n[ \t]*)$")  # "…: Anna Muster", or the name on the next line
COMPOUND_ROLE = re.compile(r"([A-ZÄÖÜ]\w*(?:-[A-ZÄÖÜ]\w*)*)-([A-ZÄÖÜ]\w+)\s+(?:(?:Dr|Prof|med|Dipl)\.[ -]?)*$")
"""A role compound and its titles right before a person: "Klinikum-Vest-Geschäftsführer Dr. "."""
MAIL_DOMAIN = re.compile(r"[\w.+-]+@(?:[\w-]+\.)*([\w-]+)\.[a-z]{2,}(?![\w-])")  # the label before the top-level domain
GLUED_TO_NAME = re.compile(r"[A-ZÄÖÜ]\w*[ \t]*\d+[ \t]*/[ \t]*(?:(?:die|der|das|Die|Der|Das)[ \t]+)?$")


@dataclass(frozen=True)
class Fact:
    type: str
    source: str
    target: str
    rule: str
    mention: Mention
    anchor: Mention | None = None
    """The mention of the other end where it lies outside the sentence of ``mention`` (the document's organisation)."""


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
    """(start, end, cue) of every cue in the lower-cased text, as whole words; a cue "a … b" is found at a when b
    follows it."""
    low = text.lower()
    found = []
    for cue in cues:
        first, _, particle = cue.partition(" … ")
        if first not in low:
            continue
        for m in cue_pattern(first).finditer(low):
            if not particle or cue_pattern(particle).search(low, m.end()):
                found.append((m.start(), m.end(), cue))
    return found


@lru_cache(maxsize=4096)
def cue_pattern(cue: str) -> re.Pattern:
    return re.compile(rf"(?<!\w){re.escape(cue)}(?!\w)")


def first_cue(text: str, cues: tuple[str, ...]) -> str | None:
    found = cue_positions(text, cues)
    return min(found)[2] if found else None


def masked(sentence: str, placed: list[Placed]) -> str:
    """The sentence with every entity blanked out, so that no cue is read inside a name; a word joined to a name by
    numbers and slashes belongs to it ("Bündnis 90/Die Grünen" where only "Grünen" was found)."""
    chars = list(sentence)
    for p in placed:
        start = max(p.start, 0)
        glued = GLUED_TO_NAME.search(sentence[:start])
        start = glued.start() if glued else start
        chars[start : max(p.end, 0)] = " " * (max(p.end, 0) - start)
    return "".join(chars)


def line_of(p: Placed, cell: bool = False) -> tuple[int, int]:
    """Start and end, in its sentence, of the line (with ``cell`` the table cell) that holds the mention."""
    sentence = p.mention.evidence.sentence
    breaks = ("\n", "\t") if cell else ("\n",)
    ends = [i for i in (sentence.find(mark, p.end) for mark in breaks) if i >= 0]
    return max(sentence.rfind(mark, 0, p.start) for mark in breaks) + 1, min(ends, default=len(sentence))


def stands_alone(p: Placed, cell: bool = True) -> bool:
    """The mention fills its line or (with ``cell``) its table cell (markup, numbering and a person's titles aside),
    as in a letterhead ("<b>REGIONALVERBAND RUHR</b>"), a section heading ("2. Bauausschuss") or a list of members
    ("Frau Dr. Ute Muster")."""
    left, right = line_of(p, cell)
    filled = NUMBERING.sub("", MARKUP.sub("", p.mention.evidence.sentence[left:right]).strip(" :"))
    return strip_titles(filled) == strip_titles(p.mention.text) if p.type == "PER" else filled == p.mention.text


def letterhead(placed: list[Placed]) -> Placed | None:
    """An organisation alone on a line or in a table cell (with no person in its row) of the first page's header: the
    organisation the document comes from."""
    return next((p for p in placed if p.type == "ORG" and p.mention.evidence.page == 1
                 and p.mention.evidence.start < HEADER_CHARS and stands_alone(p) and not in_row_with_person(p, placed)), None)


def in_row_with_person(p: Placed, placed: list[Placed]) -> bool:
    """Whether a person is named on the mention's line: a party in an attendance table ("Frau Anna Muster⇥CDU")."""
    line_start, line_end = line_of(p)
    return any(q.type == "PER" and q.mention.sentence_id == p.mention.sentence_id and line_start <= q.start < line_end
               for q in placed)


def sender(placed: list[Placed], lex: Lexicon) -> Placed | None:
    """The organisation a document comes from: its letterhead, else the one most often named in a contact block
    (before "Tel.", after "Ansprechpartnerin")."""
    head = letterhead(placed)
    if head:
        return head
    with_contact = [p for p in placed if p.type == "ORG" and cue_positions(p.mention.evidence.sentence, lex.contact_cues)]
    return first_of_most_common(with_contact)


def first_of_most_common(placed: list[Placed]) -> Placed | None:
    """The first mention of the entity mentioned most often."""
    counts = Counter(p.entity for p in placed)
    return next(p for p in placed if p.entity == counts.most_common(1)[0][0]) if counts else None


def focal_organisation(placed: list[Placed], lex: Lexicon) -> Placed | None:
    """The organisation a document speaks for: its sender, else the most mentioned; of a council body the town or
    Kreis the document names, whose body it is ("Sozialausschuss" → "Stadt Bottrop")."""
    orgs = [p for p in placed if p.type == "ORG"]
    focal = sender(placed, lex)
    if focal:
        return focal
    focal = first_of_most_common(orgs)
    if focal and is_local_council_body(focal.mention.text):
        return first_of_most_common([p for p in orgs if authority_kind(p.mention.text.split()[0], lex)]) or focal
    return focal


def government(placed: list[Placed]) -> Placed | None:
    """The Land named as a government in the document ("das Land Niedersachsen"), if any."""
    return next((p for p in placed if p.mention.evidence.produced_by == "rule:state"), None)


def outside(fact_type: str, source: Placed, target: Placed, rule: str) -> Fact:
    """A fact whose target is named elsewhere in the document: its mention becomes the anchor of the evidence."""
    anchor = None if target.mention.sentence_id == source.mention.sentence_id else target.mention
    return Fact(fact_type, source.entity, target.entity, rule, source.mention, anchor)


def is_tally(sentence: str, orgs: list[Placed]) -> bool:
    """Organisations in separate table cells or followed by counts, as in vote tables ("SPD 19, CDU 15"); not a
    year or number elsewhere between them ("A arbeitet seit 2021 mit B zusammen")."""
    return any("\t" in sentence[a.end : b.start] for a, b in zip(orgs, orgs[1:])) \
        or any(re.match(r"[\s:]*\d", sentence[o.end :]) for o in orgs)


LIST_ITEM = re.compile(rf"\n[ \t]*(?:{LIST_MARKER.pattern})[ \t]")
"""The start of a list item's line: "⏎- ", "⏎2) "."""


def list_parts(sentence: str) -> list[tuple[int, int]]:
    """Bounds of the lead and of each item of a sentence that is a list after a colon ("Gefördert werden:⏎- A …⏎-
    B …"); the whole sentence when it is no list.

    >>> list_parts("Partner sind:\\n- A\\n- B")
    [(0, 13), (13, 17), (17, 21)]
    """
    starts = [m.start() for m in LIST_ITEM.finditer(sentence)]
    if not starts or ":" not in sentence[: starts[0]]:
        return [(0, len(sentence))]
    bounds = [0, *starts, len(sentence)]
    return list(zip(bounds, bounds[1:]))


def part_of(parts: list[tuple[int, int]], position: int) -> int:
    """The index of the part (of :func:`list_parts`) that holds the character ``position``."""
    return next(i for i, (start, end) in enumerate(parts) if position < end or i == len(parts) - 1)


def collaborations(sentence: str, placed: list[Placed], focal: Placed | None, lex: Lexicon) -> list[Fact]:
    """"A (und B) … gemeinsam mit C (und D)": each of A, B with each of C, D and with each other; with no
    organisation before the cue, or in an attributive phrase, the partners with the document's organisation.
    "Zusammenarbeit zwischen A, B und C": those after the cue. In a sentence with a group or action cue, every two
    organisations but a speaker's party; else every two are co-mentioned. In a list (:func:`list_parts`) a cue of an
    item holds in its item; a group cue in the lead ("Folgende Partner sind beteiligt:") joins all items, an action
    cue there ("Das Land fördert:") its organisations with the items', and the items of a lead without either
    ("Gefördert werden:") are only co-mentioned."""
    orgs = [p for p in placed if p.type == "ORG"]
    text = masked(sentence, placed)
    parts = list_parts(sentence)
    facts = []
    for start, end, cue in cue_positions(text, lex.partner_cues):
        text = text[:start] + " " * (end - start) + text[end:]
        part = part_of(parts, start)
        part_start, part_end = parts[part] if part else (0, len(sentence))  # a cue in the lead reaches the items
        after = [o for o in orgs if end <= o.start < part_end]
        if not after or after[0].start - end > 40:
            continue
        partners = distinct(coordinated(after, sentence, lex))
        before = [o for o in orgs if part_start <= o.start and o.end <= start and o.entity not in {p.entity for p in partners}]
        words_before = sentence[:start].lower().split()
        attributive = bool(words_before) and words_before[-1] in ARTICLES
        if before and not attributive:
            subjects = distinct(coordinated(before, sentence, lex, reverse=True))
            facts += [Fact("COLLABORATES_WITH", subject.entity, partner.entity, f"partner:{cue}", partner.mention)
                      for subject in subjects for partner in partners]
            facts += [Fact("COLLABORATES_WITH", a.entity, b.entity, f"partner:{cue}", a.mention)
                      for a, b in combinations(subjects, 2)]  # "A und B starten gemeinsam mit C …"
        elif focal:
            facts += [outside("COLLABORATES_WITH", partner, focal, f"partner:{cue}") for partner in partners
                      if partner.entity != focal.entity]
    between = cue_positions(text, lex.between_cues)
    for start, end, cue in between:
        group = distinct(coordinated([o for o in orgs if o.start >= end], sentence, lex))
        facts += [Fact("COLLABORATES_WITH", a.entity, b.entity, f"between:{cue}", a.mention) for a, b in combinations(group, 2)]
    cues = [None if between or is_tally(sentence, orgs) else first_cue(text[start:end], lex.group_cues)
            or action_cue(text[start:end], [o for o in orgs if i == 0 or part_of(parts, o.start) == i], sentence, lex)
            for i, (start, end) in enumerate(parts)]
    lead_joins_items = cues[0] in lex.group_cues
    members = [o for o in orgs if not is_speakers_party(sentence, o, placed)]
    for a, b in combinations(distinct(orgs), 2):
        i, j = part_of(parts, a.start), part_of(parts, b.start)
        cue = cues[i] if i == j else cues[0] if lead_joins_items or 0 in (i, j) else None
        kind = "COLLABORATES_WITH" if cue and a in members and b in members else "CO_MENTIONED"
        facts.append(Fact(kind, a.entity, b.entity, f"group:{cue}" if kind == "COLLABORATES_WITH" else "same_sentence", a.mention))
    renamed = former_names(sentence, orgs, lex)
    return [f if f.type != "COLLABORATES_WITH" or frozenset((f.source, f.target)) not in renamed
            else replace(f, type="CO_MENTIONED", rule="same_sentence") for f in facts]


def former_names(sentence: str, orgs: list[Placed], lex: Lexicon) -> set[frozenset[str]]:
    """Pairs of entities that are one organisation under its present and an earlier name ("A, das 2012 unter dem
    Namen B gegründet wurde"): no partners of each other."""
    low = sentence.lower()
    return {frozenset((a.entity, b.entity)) for a, b in combinations(orgs, 2)
            if re.search(lex.relation_patterns["former_name"], low[a.end : b.start])}


def action_cue(text: str, orgs: list[Placed], sentence: str, lex: Lexicon) -> str | None:
    """The action cue of a sentence in which one organisation acts for or with another; not when all its
    organisations are one list, as those funded side by side ("Gefördert wurden A, B und die C")."""
    cue = first_cue(text, lex.action_cues)
    one_list = len(distinct(coordinated(orgs, sentence, lex))) == len(distinct(orgs))
    return None if cue is None or one_list else cue


def is_speakers_party(sentence: str, org: Placed, placed: list[Placed]) -> bool:
    """An organisation in brackets right after a person ("Ratsmitglied Schmidt (SPD) erklärt …"): the person's, not a
    party to what the sentence says organisations do together."""
    return in_brackets(sentence, org) and any(p.type == "PER" and sentence[p.end : org.start].strip() == "(" for p in placed)


def memberships(sentence: str, placed: list[Placed], focal: Placed | None, lex: Lexicon) -> list[Fact]:
    """"A ist Mitglied im B", "A ist Teil des B", "A tritt dem B bei", "Dem B gehören A und C an", "der Beitritt
    des A zum B": the organisation before the cue in its clause (no person between; a copula in the clause of a noun
    cue) with those coordinated after the cue: right after a noun cue, after the first word of a separated verb
    within the sentence's part (no dash, colon or semicolon between). "Dem Netzwerk sind A und B beigetreten": a head
    word alone before the cue names the document's organisation when that is its head."""
    facts = []
    for start, end, cue in cue_positions(sentence, lex.membership_cues):
        clause_start = max(sentence.rfind(mark, 0, start) for mark in ",;:(–") + 1  # not ")": "A (AB) ist Teil des B"
        before = [p for p in placed if p.type in ("ORG", "PER") and clause_start <= p.start and p.end <= start]
        after = [p for p in placed if p.type == "ORG" and p.start >= end]
        noun = cue.startswith(("mitglied", "teil "))
        copula = not noun or any(word in lex.membership_copulas for word in sentence[clause_start:start].lower().split())
        gap = sentence[end : after[0].start] if after else ""
        listed = gap.lstrip().startswith(":") and ":" not in gap.lstrip()[1:]  # "… beigetreten: die A, die B"
        near = len(gap.split()) <= 1 if noun else len(gap) <= MAX_CUE_TO_MEMBER_CHARS and (
            listed or not re.search(r"[–;:?!]", gap))
        if not after or not near or not copula:
            continue
        members = coordinated(after, sentence, lex)
        if before and before[-1].type == "ORG":
            facts += [Fact("COLLABORATES_WITH", before[-1].entity, m.entity, f"member:{cue}", before[-1].mention)
                      for m in members if m.entity != before[-1].entity]
        elif not before and focal and names_by_head(sentence[clause_start:start], focal, lex):
            facts += [outside("COLLABORATES_WITH", m, focal, f"member:{cue}") for m in members if m.entity != focal.entity]
    orgs = [p for p in placed if p.type == "ORG"]
    low = sentence.lower()
    facts += [Fact("COLLABORATES_WITH", a.entity, b.entity, "member:beitritt", a.mention)
              for a, b in zip(orgs, orgs[1:]) if a.entity != b.entity
              and re.search(lex.relation_patterns["accession"], low[: a.start])
              and re.match(lex.relation_patterns["accession_body"], low[a.end : b.start])]
    return facts


def names_by_head(clause: str, org: Placed, lex: Lexicon) -> bool:
    """Whether the clause names the organisation by its head word alone after an article ("dem Netzwerk" for
    "Netzwerk Gesundheitswirtschaft Emscher-Lippe e.V.")."""
    heads = {head_of_lowercase(word, lex.org_heads) for word in org.mention.text.lower().split()} - {None}
    words = re.findall(r"\w+", clause.lower())
    return any(a in ARTICLES and head_of_lowercase(w, lex.org_heads) in heads and w.startswith(tuple(heads))
               for a, w in zip(words, words[1:]))


def distinct(placed: list[Placed]) -> list[Placed]:
    """One mention (the last) of each entity, in the order the entities first appear."""
    return list({p.entity: p for p in placed}.values())


def gap_is_affiliation(gap: str, lex: Lexicon) -> bool:
    """The words between a person and an organisation say they belong together: "(", ", Leiterin der",
    "vom Fachbereich X des", "von der Umweltorganisation", "leitet das Fachgebiet X der"."""
    words = re.findall(r"[\w./-]+", gap.lower())
    if not words or len(words) > MAX_GAP_WORDS:
        return not words and gap.strip() in {"(", ","}
    opens_apposition = gap.lstrip()[:1] in {"(", ","}
    has_role = any(is_role(w, lex) for w in words)
    first = words[0] in lex.affiliation_prepositions
    kind_of_organisation = first and len(words) <= 3 and words[1:2] != [] and words[-1] not in ARTICLES \
        and all(w in ARTICLES for w in words[1:-1]) and re.search(r"\b[A-ZÄÖÜ]\w+\s*$", gap) is not None
    works_there = any(" ".join(words).startswith(verb) for verb in lex.affiliation_verbs) \
        and not {"mit", "zusammen"} & set(words)
    return (opens_apposition and (has_role or first)) or works_there \
        or (first and (words[-1] in lex.affiliation_prepositions or words[-1] in ARTICLES)) \
        or (has_role and words[-1] in lex.affiliation_prepositions) \
        or kind_of_organisation


def speaker_line(sentence: str, person: Placed) -> tuple[int, int] | None:
    """Bounds of the speaker label when the person opens a line of minutes ("Frau Muster (Partei):",
    "Oberbürgermeisterin Muster:"): a few words, the name, an optional bracket, a colon."""
    line_start = sentence.rfind("\n", 0, person.start) + 1
    lead = sentence[line_start : person.start]
    tail = SPEAKER_TAIL.match(sentence, person.end)
    if not tail or len(lead.split()) > 4 or re.search(r"[,;:!?„“\"]", lead):
        return None
    return line_start, tail.end()


DocumentOrganisations = tuple[Placed | None, Placed | None, Placed | None, list[Placed]]
"""The organisation a document speaks for, the one it comes from, the Land it names as a government, all its
organisation mentions."""


def affiliations(sentence: str, placed: list[Placed], document: DocumentOrganisations, lex: Lexicon,
                 previous_sentence: str = "", previous: list[Placed] | None = None) -> list[Fact]:
    """Person → organisation facts of one sentence; ``document`` holds the organisation the document speaks for,
    the one it comes from (letterhead, contact details), the Land it names as a government and all its
    organisation mentions; ``previous`` the mentions of the sentence before."""
    previous = previous or []
    focal, origin, _, _ = document
    facts = []
    contacts = cue_positions(sentence, lex.contact_cues)
    if previous_sentence.rstrip().endswith(":"):
        contacts += [(0, 0, cue) for _, _, cue in cue_positions(previous_sentence, lex.contact_cues)][:1]
    for person in (p for p in placed if p.type == "PER"):
        speaker = speaker_line(sentence, person)
        if speaker:
            facts += [Fact("AFFILIATED_WITH", person.entity, p.entity, "speaker_line", person.mention)
                      for p in placed if p.type == "ORG" and speaker[0] <= p.start and p.end <= speaker[1]]
            continue
        fact = signed_for(sentence, person, placed) or apposition(sentence, person, placed, lex) \
            or role_before(sentence, person, placed, lex) or led_by(sentence, person, placed, lex) \
            or party_after_names(sentence, person, placed) or compound_role(sentence, person, document[3], lex)
        produced_by = person.mention.evidence.produced_by
        if fact:
            facts.append(fact)
            if produced_by != "rule:role" or not names_party(fact.target, placed) \
                    or not holds_office(role_word(sentence[: person.start], lex)[0], lex):
                continue  # else the office's authority too: "Landrat Bodo Klimpel (CDU)"
        in_name_of = [p for p in placed if p.type == "ORG" and p.end <= person.start
                      and re.search(r"\bim namen (der|des)\s*$", sentence[: p.start].lower())]
        if in_name_of:
            facts.append(Fact("AFFILIATED_WITH", person.entity, in_name_of[-1].entity, "im_namen", person.mention))
        elif contacts:
            fact = contact(sentence, person, placed, contacts, focal, document[3])
            facts += [fact] if fact else []
        elif produced_by == "rule:role" or holds_office(office(sentence, person, lex)[0], lex):
            # an office counts also when a title found the person: "Kreisdirektor Dr. X", "Herr X, Beigeordneter"
            role, determiner = office(sentence, person, lex)
            earlier = previous + [p for p in placed if p.end <= person.start]  # ", dessen Geschäftsführerin P" too
            target = role_organisation(role, determiner, document, earlier, lex)
            if target:
                facts.append(outside("AFFILIATED_WITH", person, target, f"role:{role}"))
        elif origin and (produced_by == "rule:surname_given" or signs(sentence, person, lex)):
            facts.append(outside("AFFILIATED_WITH", person, origin, "signature"))
    return facts


def compound_role(sentence: str, person: Placed, orgs: list[Placed], lex: Lexicon) -> Fact | None:
    """"Klinikum-Vest-Geschäftsführer Andreas Schlüter", "AOK-Vorstand Tom Ackermann": a role compound right before
    the person (titles aside) whose first parts name one organisation of the document (or open its name)."""
    match = COMPOUND_ROLE.search(sentence[: person.start])
    if not match or not is_role(match.group(2).lower(), lex):
        return None
    prefix = lex.head_abbreviations.get(match.group(1), match.group(1))  # "IHK-Hauptgeschäftsführer"
    words = match_key(prefix.replace("-", " "), "ORG").split()
    named = distinct([p for p in orgs if match_key(p.mention.text, "ORG").split()[: len(words)] == words])
    return outside("AFFILIATED_WITH", person, named[0], "compound_role") if len(named) == 1 else None


def holds_office(role: str, lex: Lexicon) -> bool:
    """Whether the role heads a local authority or sits in a government ("Landrat", "Ministerin")."""
    return office_kinds(role, lex) is not None or role in lex.government_roles


def office_kinds(role: str, lex: Lexicon) -> frozenset[str] | None:
    """The kinds of local authority whose head or department head the role names ("landrat" → Kreis, Landkreis, …;
    "gesundheitsdezernentin" → Stadt, …, Kreis, …), None for any other role."""
    if role in lex.local_government_roles:
        return lex.local_government_roles[role]
    return next((kinds for head, kinds in lex.local_government_role_heads.items() if role.endswith(head)), None)


def names_party(entity: str, placed: list[Placed]) -> bool:
    """Whether the entity is named as a party in the sentence's mentions."""
    return any(p.entity == entity and party_name(p.mention.text) for p in placed)


def role_organisation(role: str, determiner: str, document: DocumentOrganisations, earlier: list[Placed],
                      lex: Lexicon) -> Placed | None:
    """The organisation of a person named after a role word alone: after "deren"/"dessen" the one named last before
    it (``earlier``: the mentions of the sentence before and of this one before the person); for the head of a
    local authority the authority of that kind named last before it, else the one the document names most; for a
    minister or a state secretary the Land named as a government, else the document's only ministry; for any other
    role the organisation the document speaks for."""
    focal, _, land, orgs = document
    if determiner in lex.possessive_relatives:  # "Die X GmbH … . Deren Geschäftsführerin Anna Y"
        return next((p for p in reversed(earlier) if p.type == "ORG"), None)
    if kinds := office_kinds(role, lex):
        of_kind = [p for p in earlier if p.type == "ORG" and authority_kind(p.mention.text.split()[0], lex) in kinds]
        return of_kind[-1] if of_kind else first_of_most_common(
            [p for p in orgs if authority_kind(p.mention.text.split()[0], lex) in kinds])
    if role in lex.government_roles:
        return land or only_ministry(orgs)
    return focal


def only_ministry(orgs: list[Placed]) -> Placed | None:
    """The one ministry among the document's organisations, if it names exactly one."""
    ministries = distinct([p for p in orgs if "ministerium" in p.mention.text.lower()])
    return ministries[0] if len(ministries) == 1 else None


def led_by(sentence: str, person: Placed, placed: list[Placed], lex: Lexicon) -> Fact | None:
    """"das Institut für X unter Leitung von Prof. Dr. Anna Y", "Geleitet wird das Zentrum von Dr. Anna Y": the
    person leads the organisation right before."""
    before = [p for p in placed if p.end <= person.start and p.type in ("PER", "ORG")]
    org = before[-1] if before and before[-1].type == "ORG" else None
    low = sentence.lower()
    if org and (re.match(lex.relation_patterns["led_by"], low[org.end : person.start])
                or re.search(lex.relation_patterns["led_by_fronted"], low[: org.start])
                and re.fullmatch(lex.relation_patterns["agent_of_fronted"], low[org.end : person.start])):
        return Fact("AFFILIATED_WITH", person.entity, org.entity, "led_by", person.mention)
    return None


def signs(sentence: str, person: Placed, lex: Lexicon) -> bool:
    """A person alone on a line under "gez." or above a line with their role ("Miriam Koch", then "Beigeordnete"):
    the signature of the document's sender."""
    line_start = sentence.rfind("\n", 0, person.start) + 1
    line_end = sentence.find("\n", person.end)
    line_end = len(sentence) if line_end < 0 else line_end
    if re.sub(r"\S*\.", "", sentence[line_start : person.start]).strip() or sentence[person.end : line_end].strip():
        return False  # more than the name (and titles) on its line
    above = sentence[:line_start].rstrip().rpartition("\n")[2].strip().lower()
    below = sentence[line_end:].lstrip("\n").partition("\n")[0].split()
    return above in lex.signature_cues or bool(below) and is_role(below[0].lower().strip(",."), lex)


def office(sentence: str, person: Placed, lex: Lexicon) -> tuple[str, str]:
    """:func:`role_word` before the person, or the office that ends the person's line after a comma ("Herr Uwe
    Muster, Beigeordneter" in an attendance list) with no determiner."""
    role, determiner = role_word(sentence[: person.start], lex)
    after = re.match(lex.relation_patterns["office_after"], sentence[person.end :])
    return (after.group(1).lower(), "") if not holds_office(role, lex) and after else (role, determiner)


def role_word(before: str, lex: Lexicon) -> tuple[str, str]:
    """The role right before a person and the word before it, lower-cased, past the titles ("Deren
    Gesundheitsministerin Dr." → ("gesundheitsministerin", "deren"))."""
    words = before.lower().split()
    while words and words[-1] in {title.lower() for title in lex.titles}:
        words.pop()
    return (words[-1] if words else "", words[-2] if len(words) > 1 else "")


def signed_for(sentence: str, person: Placed, placed: list[Placed]) -> Fact | None:
    """"Für die SPD-Fraktion: Anna Muster", "Für die Fraktion⏎Anna Muster": a person signing for the organisation
    on the line before, after its colon or on the next line."""
    org = next((p for p in reversed(placed) if p.type == "ORG" and p.end <= person.start), None)
    if org and LABEL_TAIL.match(sentence[org.end : person.start]) and SIGNED_FOR.search(sentence[: org.start]):
        return Fact("AFFILIATED_WITH", person.entity, org.entity, "signed_for", person.mention)
    return None


def apposition(sentence: str, person: Placed, placed: list[Placed], lex: Lexicon) -> Fact | None:
    """"P, Leiterin der X", "P (X)", "P von der X": the next organisation after the person, before any other person;
    for a unit of an organisation named right after it ("Direktor der Klinik für Neurologie der UMG"), that
    organisation."""
    for i, p in enumerate(placed):
        if p.start < person.end or p.type not in ("PER", "ORG"):
            continue
        if p.type == "PER" or not gap_is_affiliation(sentence[person.end : p.start], lex) \
                or sentence[p.end : p.end + 1] == ":":  # "Anna Muster\nFür die X: …": X labels what follows
            return None
        return Fact("AFFILIATED_WITH", person.entity, parent_of_unit(sentence, p, placed[i + 1 :], lex).entity,
                    "apposition", person.mention)
    return None


def parent_of_unit(sentence: str, org: Placed, after: list[Placed], lex: Lexicon) -> Placed:
    """The organisation right after a unit that belongs to it ("Institut für X | der | Universität Y", "Medizinische
    Klinik | I am | Krankenhaus Z"), else ``org``."""
    words = org.mention.text.lower().split()
    head = words[1] if len(words) > 1 and words[0].endswith(ADJECTIVE_ENDINGS) else words[0]
    parent = next((p for p in after if p.type == "ORG"), None)
    unit_of = parent is not None and re.match(lex.relation_patterns["unit_of"], sentence[org.end : parent.start].lower())
    return parent if unit_of and head in lex.unit_heads else org


def party_after_names(sentence: str, person: Placed, placed: list[Placed]) -> Fact | None:
    """"der Abgeordneten Anna Muster und Jan Probe SPD" (the head of a parliamentary question): a party that ends its
    line right after people joined by "und" or commas is theirs."""
    later = [p for p in placed if p.start >= person.end and p.type in ("PER", "ORG")]
    gap_end = person.end
    for p in later:
        gap = sentence[gap_end : p.start]
        if p.type == "PER" and re.fullmatch(r"\s*(?:,|und)\s*", gap):
            gap_end = p.end
            continue
        if p.type == "ORG" and party_name(p.mention.text) and re.fullmatch(r"[ \t]+", gap) \
                and re.match(r"[ \t]*(?:\n|$)", sentence[p.end :]):
            return Fact("AFFILIATED_WITH", person.entity, p.entity, "party_after_names", person.mention)
        break
    return None


def role_before(sentence: str, person: Placed, placed: list[Placed], lex: Lexicon) -> Fact | None:
    """"die Geschäftsführerin der Alpha GmbH, Anna Muster", "Projektleiter an der Alpha Universität ist Prof. Dr. Anna
    Muster": a role and its organisation right before the person (titles and a copula between)."""
    before = [p for p in placed if p.end <= person.start and p.type in ("PER", "ORG")]
    org = before[-1] if before and before[-1].type == "ORG" else None
    between = sentence[org.end : person.start].strip(" ,").split() if org else []
    if between and between[0] in lex.membership_copulas:
        between = between[1:]
    if org is None or not all(word in lex.titles for word in between):  # "…, Prof. Dr. Anna Y"
        return None
    role = re.search(lex.relation_patterns["role_before"], sentence[: org.start].lower())
    if not role or not is_role(role.group(1), lex):
        return None
    return Fact("AFFILIATED_WITH", person.entity, org.entity, f"role_of:{role.group(1)}", person.mention)


def contact(sentence: str, person: Placed, placed: list[Placed], contacts: list[tuple[int, int, str]],
            focal: Placed | None, orgs: list[Placed]) -> Fact | None:
    """A person in a contact block belongs to the organisation named between the cue and the person
    ("Pressekontakt:\\nAlpha GmbH\\nAnna Muster"), else to the one on the lines right after the person
    ("Anna Muster\\nPressesprecherin\\nAlpha GmbH\\nTel. …"), else to the one of the document (``orgs``) whose
    name holds the domain of the e-mail address after the person ("presse@alphasoft.de"), else to the document's
    organisation."""
    before = [(end, cue) for _, end, cue in contacts if end <= person.start]
    cue_end, cue = max(before) if before else (0, contacts[0][2])  # "Dr. X\nTel. …": a contact block
    named = [p for p in placed if p.type == "ORG" and cue_end <= p.start and p.end <= person.start]
    if named:
        return Fact("AFFILIATED_WITH", person.entity, named[-1].entity, f"contact:{cue}", person.mention)
    later = [p for p in placed if p.start >= person.end and p.type in ("PER", "ORG")]
    if later and later[0].type == "ORG" and sentence.count("\n", person.end, later[0].start) in (1, 2, 3) \
            and not any(start < later[0].start for start, _, _ in contacts if start >= person.end):
        return Fact("AFFILIATED_WITH", person.entity, later[0].entity, f"contact:{cue}", person.mention)
    owner = mail_domain_owner(sentence[person.end :], orgs) or focal
    return outside("AFFILIATED_WITH", person, owner, f"contact:{cue}") if owner else None


def mail_domain_owner(text: str, orgs: list[Placed]) -> Placed | None:
    """The one organisation whose name holds the domain of the first e-mail address in ``text`` (letters only, four
    at least): "presse@cardiolyze.de" → "Cardiolyze GmbH"."""
    match = MAIL_DOMAIN.search(text)
    label = re.sub(r"[^a-z]", "", match.group(1).lower()) if match else ""
    if len(label) < 4:
        return None
    owners = distinct([p for p in orgs if label in re.sub(r"[^a-z]", "", ascii_text(p.mention.text).lower())])
    return owners[0] if len(owners) == 1 else None


def text_between(a: Placed, b: Placed) -> str:
    """The text from the end of ``a`` to the start of ``b`` as far as their sentences hold it."""
    if a.mention.sentence_id == b.mention.sentence_id:
        return a.mention.evidence.sentence[a.end : b.start]
    return a.mention.evidence.sentence[a.end :] + "\n" + b.mention.evidence.sentence[: max(b.start, 0)]


def table_row(sentence: str, placed: list[Placed]) -> list[Fact]:
    """A table row that pairs one person with one organisation in another cell ("AOK NordWest⇥Sabine Lützenkirchen",
    a member table of a conference): the person's organisation."""
    people = [p for p in placed if p.type == "PER"]
    orgs = distinct([p for p in placed if p.type == "ORG"])
    if "\t" not in sentence or len(people) != 1 or len(orgs) != 1:
        return []
    person, org = people[0], orgs[0]
    if "\t" not in sentence[min(person.end, org.end) : max(person.start, org.start)]:
        return []
    return [Fact("AFFILIATED_WITH", person.entity, org.entity, "table_row", person.mention)]


def member_lists(placed: list[Placed], document_org: Placed | None, placed_by_row: set[tuple[int, int]]) -> list[Fact]:
    """Persons that fill the lines or cells of a list (two or more, each within MAX_LIST_GAP_CHARS of the next, no
    numbered heading between) belong to the organisation heading the list (alone on its line just above it, e.g. a
    committee) and to the organisation of the document's letterhead (e.g. a fraction listing its members). A person
    whose table row names their organisation (``placed_by_row``: page and start of the mention, see
    :func:`table_row`) is in no such list."""
    alone = sorted((p for p in placed if p.type in ("PER", "ORG") and stands_alone(p)
                    and (p.mention.evidence.page, p.mention.evidence.start) not in placed_by_row),
                   key=lambda p: (p.mention.evidence.page, p.mention.evidence.start))
    runs: list[list[Placed]] = []
    heading: dict[int, Placed | None] = {}
    previous = None
    for p in alone:
        near = previous is not None and previous.mention.evidence.page == p.mention.evidence.page \
            and p.mention.evidence.start - previous.mention.evidence.end <= MAX_LIST_GAP_CHARS
        if p.type == "PER":
            if previous is not None and previous.type == "PER" and near \
                    and not NUMBERED_LINE.search(text_between(previous, p)):
                runs[-1].append(p)
            else:
                heading[len(runs)] = previous if previous is not None and previous.type == "ORG" and near \
                    and stands_alone(previous, cell=False) else None  # a line above, not the party cell of a row
                runs.append([p])
        previous = p
    facts = []
    for index, run in enumerate(runs):
        if len(run) < 2:
            continue
        for org, rule in ((heading[index], "list_heading"), (document_org, "list_document")):
            facts += [outside("AFFILIATED_WITH", person, org, rule) for person in run if org]
    return facts


def participations(sentence: str, placed: list[Placed], lex: Lexicon) -> list[Fact]:
    """Organisation → project: "Projekt der X", "„Y“ ist ein Format des X", "X (und Y) fördert das Projekt Z",
    "Das Projekt Z wird von X gefördert", "Träger des Projekts Z ist X"."""
    facts = []
    for a, b in zip(placed, placed[1:]):
        genitive = re.match(lex.relation_patterns["project_of"], sentence[a.end : b.start].lower())
        if a.type == "PROJECT" and b.type == "ORG" and genitive:
            facts.append(Fact("PARTICIPATES_IN", b.entity, a.entity, f"genitive:{genitive.group(1)}", b.mention))
    text = masked(sentence, placed)
    for start, end, cue in cue_positions(text, lex.participation_cues):
        pairs = active_participants(sentence, text, placed, (start, end), lex) \
            + passive_participants(sentence, placed, (start, end), lex)
        facts += [Fact("PARTICIPATES_IN", org.entity, project.entity, f"cue:{cue}", org.mention)
                  for org, project in pairs]
    return facts + attributive_participants(sentence, placed, lex)


def attributive_participants(sentence: str, placed: list[Placed], lex: Lexicon) -> list[Fact]:
    """"das vom Bundesministerium (BMBF) geförderte Verbundprojekt Z", "die von A und B getragene Initiative Z": the
    agents of an attributive participle right before the project (a short form in brackets after a name aside)."""
    facts = []
    orgs = [p for p in placed if p.type == "ORG" and not in_brackets(sentence, p)]
    for project in (p for p in placed if p.type == "PROJECT"):
        before = [o for o in orgs if o.end <= project.start]
        between = sentence[before[-1].end : project.start].lower() if before else ""
        participle = re.match(lex.relation_patterns["attributive_participle"], between)
        if not participle:
            continue
        agents = coordinated(before, sentence, lex, reverse=True)
        if is_agent(sentence, agents[-1], lex):
            facts += [Fact("PARTICIPATES_IN", org.entity, project.entity, f"attributive:{participle.group(1)}", org.mention)
                      for org in agents]
    return facts


def in_brackets(sentence: str, p: Placed) -> bool:
    """The mention fills a bracket: "(BMBF)"."""
    return sentence[p.start - 1 : p.start] == "(" and sentence[p.end : p.end + 1] == ")"


def is_agent(sentence: str, org: Placed, lex: Lexicon) -> bool:
    """The organisation follows "von", "durch", "ist" …: the agent of a passive or the holder of a noun cue."""
    return re.search(lex.relation_patterns["passive_agent"], sentence[: org.start].lower()) is not None


def active_participants(sentence: str, text: str, placed: list[Placed], cue: tuple[int, int],
                        lex: Lexicon) -> list[tuple[Placed, Placed]]:
    """"A und B fördern das Projekt Z": the organisations right before the cue and the first project after it."""
    start, end = cue
    project = next((p for p in placed if p.type == "PROJECT" and p.start >= end), None)
    subjects = coordinated([p for p in placed if p.type == "ORG" and p.end <= start], sentence, lex, reverse=True)
    if not project or not subjects or is_agent(sentence, subjects[-1], lex) \
            or len(text[end : project.start].split()) > MAX_CUE_TO_PROJECT_WORDS \
            or len(text[subjects[0].end : start].split()) > MAX_GAP_WORDS:
        return []
    return [(org, project) for org in subjects]


def passive_participants(sentence: str, placed: list[Placed], cue: tuple[int, int],
                         lex: Lexicon) -> list[tuple[Placed, Placed]]:
    """"Das Projekt Z wird von A gefördert", "Träger des Projekts Z ist A": a project, then an agent after it, with
    the cue shortly before the project or between the project and the agent."""
    start, end = cue
    pairs = []
    for project in (p for p in placed if p.type == "PROJECT"):
        agents = [p for p in placed if p.type == "ORG" and p.start > project.end and is_agent(sentence, p, lex)
                  and len(sentence[project.end : p.start].split()) <= MAX_CUE_TO_PROJECT_WORDS]
        if not agents:
            continue
        agents = coordinated([p for p in placed if p.type == "ORG" and p.start >= agents[0].start], sentence, lex)
        if start < project.start <= end + 60 or project.end <= start <= agents[-1].end + 30:
            pairs += [(org, project) for org in agents]
    return pairs


def coordinated(orgs: list[Placed], sentence: str, lex: Lexicon, reverse: bool = False) -> list[Placed]:
    """The first organisation (the last one with ``reverse``) and those joined to it by commas or "und"; a short
    form in brackets after a name ("der Verband der Ersatzkassen (vdek), der …") does not end the list."""
    ordered = orgs[::-1] if reverse else orgs
    group = ordered[:1]
    for o in ordered[1:]:
        if in_brackets(sentence, o) and o.entity == group[-1].entity:
            continue
        left, right = (o, group[-1]) if reverse else (group[-1], o)
        if not re.match(lex.relation_patterns["coordination"], sentence[left.end : right.start].lower()):
            break
        group.append(o)
    return group


def places(sentence: str, placed: list[Placed], lex: Lexicon) -> list[Fact]:
    """Organisation → place: "X aus Y", "X mit Sitz in Y", "X (Y)", and "die in Y ansässige X"."""
    facts = []
    for a, b in zip(placed, placed[1:]):
        gap = sentence[a.end : b.start].strip().lower()
        if a.type == "ORG" and b.type == "LOC" and (gap in lex.place_after or gap == "(" and in_brackets(sentence, b)):
            facts.append(Fact("LOCATED_IN", a.entity, b.entity, f"place:{'brackets' if gap == '(' else gap}", a.mention))
        elif a.type == "LOC" and b.type == "ORG" and re.fullmatch(lex.relation_patterns["place_before"], gap) \
                and re.search(r"\bin\s*$", sentence[: a.start].lower()):
            facts.append(Fact("LOCATED_IN", b.entity, a.entity, f"place:{gap}", b.mention))
    return facts


def document_facts(placed: list[Placed], lex: Lexicon) -> list[Fact]:
    """All relation facts of one document."""
    focal = focal_organisation(placed, lex)
    document = (focal, sender(placed, lex), government(placed), [p for p in placed if p.type == "ORG"])
    by_sentence: dict[int, list[Placed]] = defaultdict(list)
    for p in placed:
        by_sentence[p.mention.sentence_id].append(p)
    sentences = {sid: items[0].mention.evidence.sentence for sid, items in by_sentence.items()}
    rows = [fact for sid, items in sorted(by_sentence.items()) for fact in table_row(sentences[sid], items)]
    facts = rows + member_lists(placed, letterhead(placed), {(f.mention.evidence.page, f.mention.evidence.start) for f in rows})
    for sid, items in sorted(by_sentence.items()):
        items.sort(key=lambda p: p.start)
        sentence = sentences[sid]
        facts += collaborations(sentence, items, focal, lex) + memberships(sentence, items, focal, lex)
        facts += affiliations(sentence, items, document, lex, sentences.get(sid - 1, ""), by_sentence.get(sid - 1, []))
        facts += participations(sentence, items, lex)
        facts += places(sentence, items, lex)
    parties = {p.entity for p in placed if p.type == "ORG" and party_name(p.mention.text)}
    return without_role_guesses(facts + project_roles(by_sentence, sentences, lex), parties)


def project_roles(by_sentence: dict[int, list[Placed]], sentences: dict[int, str], lex: Lexicon) -> list[Fact]:
    """"Projektträger ist die X GmbH", "Beteiligt sind A und B" in one of the two sentences after a sentence that
    names the document's only project: the organisations take part in that project."""
    named = {sid: next(p for p in items if p.type == "PROJECT") for sid, items in by_sentence.items()
             if any(p.type == "PROJECT" for p in items)}
    if len({p.entity for p in named.values()}) != 1:
        return []
    facts = []
    for sid, items in by_sentence.items():
        before = [named[s] for s in (sid - 1, sid - 2) if s in named]
        cue = first_cue(sentences[sid], lex.project_role_cues) if before and sid not in named else None
        facts += [outside("PARTICIPATES_IN", org, before[0], f"project_role:{cue}") for org in items
                  if cue and org.type == "ORG" and not is_speakers_party(sentences[sid], org, items)]
    return facts


def without_role_guesses(facts: list[Fact], parties: set[str]) -> list[Fact]:
    """The facts without the guesses from a role word alone ("sagte Geschäftsführerin Dr. Anna Y" → the document's
    organisation) for people whose organisation the document states elsewhere ("Anna Y (Beta GmbH)"; a party is no
    such organisation: "Landrat Bodo Klimpel (CDU)" keeps his Kreis)."""
    stated = {f.source for f in facts
              if f.type == "AFFILIATED_WITH" and not f.rule.startswith("role:") and f.target not in parties}
    return [f for f in facts if not (f.type == "AFFILIATED_WITH" and f.rule.startswith("role:") and f.source in stated)]


RelationKey = tuple[str, str, str]
"""(relation type, source entity id, target entity id); symmetric types have their ends sorted."""


def sentence_evidence(m: Mention, produced_by: str) -> Evidence:
    """The sentence of a mention as the evidence of a relation."""
    return Evidence(doc=m.evidence.doc, page=m.evidence.page, start=m.sentence_start,
                    end=m.sentence_start + len(m.evidence.sentence), text=m.evidence.sentence,
                    sentence=m.evidence.sentence, produced_by=produced_by)


def document_relations(result: DocumentResult, entity_of: dict[tuple, str], lex: Lexicon) -> Iterator[tuple[RelationKey, str, Evidence]]:
    """(relation key, cue of the first statement, evidence) of one document, one evidence entry per sentence;
    a fact with an anchor also gives the sentence that names its other end ("…:anchor").

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
        produced_by = f"rule:{fact.type.lower()}:{fact.rule}"
        for m, suffix in ((fact.mention, ""), (fact.anchor, ":anchor")):
            if m is None or (key, m.evidence.page, m.sentence_start) in stated:
                continue
            stated.add((key, m.evidence.page, m.sentence_start))
            yield key, fact.rule, sentence_evidence(m, produced_by + suffix)


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
