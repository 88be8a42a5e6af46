"""spaCy components registered by hrgraph; added after the statistical ``ner`` of whichever pipeline is loaded."""


import re
from dataclasses import replace
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from hrgraph.extract.metadata import DATE_LINE, MAX_LINE_LENGTH
from hrgraph.nlp.lexicon import Lexicon, load_lexicon
from hrgraph.nlp.rules import (ADJECTIVE, BULLETS, LIST_MARKER, RULES, STRONG_ENDINGS, RuleSpan, alias_pairs, checked_ner_label,
                               head_of, is_role, person_evidence, person_surname, split_people)

if not Span.has_extension("produced_by"):
    Span.set_extension("produced_by", default=None)
if not Span.has_extension("name"):
    Span.set_extension("name", default=None)  # the name a rule span stands for, when not its text (RuleSpan.name)

CELL_BREAK = "\t"
"""What the extractors put between table cells (see :func:`hrgraph.extract.layout.line_text`)."""

MIN_CUT_TOKENS = 2
"""A piece cut off a span at a cell boundary is kept only with this many tokens: one word is no name on its own."""

# Labels the statistical models use for the types hrgraph keeps (spaCy's German pipelines say PER/ORG/LOC/MISC,
# OntoNotes-style pipelines PERSON/ORG/GPE).
NER_LABELS = {"PER": "PER", "PERSON": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC", "MISC": "MISC"}


NAME_PARTICLES = (("von", "der"), ("von", "und", "zu"), ("van", "der"), ("von",), ("van",), ("zu",), ("vom",), ("de",))
"""Particles between a given name and a surname ("Hans-Georg von der Marwitz"), longest first."""


def with_name_particles(doc: Doc, spans: list[Span]) -> list[Span]:
    """People found by a known given name alone whose name goes on with a particle and a capitalised surname ("Dr.
    Hans-Georg" → "Dr. Hans-Georg von der Marwitz"; not "Herr Tritschler von Ihnen"), when no other entity starts
    there and the word is no organisation's ("Tom vom Klinikum")."""
    lex = load_lexicon()
    starts = {span.start for span in spans}
    extended = []
    for span in spans:
        end = span.end
        names = [t.text for t in span if t.text not in lex.titles]
        given_only = span.label_ == "PER" and len(names) == 1 \
            and all(part in lex.given_names for part in names[0].split("-"))
        particles = next((p for p in NAME_PARTICLES if tuple(t.text for t in doc[end : end + len(p)]) == p), None) \
            if given_only else None
        surname = end + len(particles) if particles else None
        if surname is not None and surname < len(doc) and doc[surname].text[:1].isupper() and doc[surname].is_alpha \
                and not head_of(doc[surname], lex) and not starts & set(range(end, surname + 1)):
            longer = Span(doc, span.start, surname + 1, label="PER")
            longer._.produced_by, longer._.name = span._.produced_by, span._.name
            span = longer
        extended.append(span)
    return extended


NOMINATIVE_GENDERS = {"der": "masculine", "das": "neuter"}
"""The gender of a noun that "der" or "das" stands before, with an adjective in the weak "-e" between them."""


def name_without_article(span: Span) -> str | None:
    """An organisation's name as it stands alone, when "der" or "das" before it gave its adjectives the weak ending:
    "der Internationale Währungsfonds" → "Internationaler Währungsfonds", "das Deutsche Rote Kreuz" → "Deutsches
    Rotes Kreuz" (the first adjective one the stem list knows, the others capitalised words in "-e" before the
    noun)."""
    words = span.text.split()
    gender = NOMINATIVE_GENDERS.get(span.doc[span.start - 1].lower_) if span.start > 0 else None
    adjective = ADJECTIVE.match(words[0])
    weak = next((i for i in range(1, len(words) - 1) if not (words[i][:1].isupper() and words[i].endswith("e"))),
                len(words) - 1)  # the first word after the adjectives: the noun
    if not gender or len(words) < 2 or not adjective or adjective.group(2) != "e" or words[weak].endswith("e"):
        return None
    return " ".join([word[:-1] + STRONG_ENDINGS[gender] for word in words[:weak]] + words[weak:])


EDGE_MARKS = frozenset("/-–,;:")
"""Marks a name neither starts nor ends with; the model's spans sometimes take one in ("Braunschweig /" of
"Braunschweig/Göttingen")."""


def without_edge_marks(doc: Doc, span: RuleSpan) -> RuleSpan:
    """``span`` without the :data:`EDGE_MARKS` at its start and end (empty when it is only marks)."""
    start, end = span.start, span.end
    while start < end and doc[start].text in EDGE_MARKS:
        start += 1
    while end > start and doc[end - 1].text in EDGE_MARKS:
        end -= 1
    return replace(span, start=start, end=end)


def role_compound_name(doc: Doc, span: RuleSpan, lex: Lexicon) -> RuleSpan:
    """A statistical organisation that ends in a role compound, or stops right before one, whose first part goes on
    the name: "IG Metall-Sekretär", "IG" before "Metall-Sekretär" → the span up to the end of the compound, named
    without the role ("IG Metall"). A role compound alone ("AOK-Vorstand") stays a role (see
    :func:`~hrgraph.nlp.rules.checked_ner_label`)."""
    end = span.end
    if end < len(doc) and doc[end - 1].whitespace_ == " " and is_role_compound(doc[end], lex):
        end += 1
    if span.label != "ORG" or end - span.start < 2 or not is_role_compound(doc[end - 1], lex):
        return span
    first = doc[end - 1].text.rpartition("-")[0]
    return RuleSpan(span.start, end, span.label, span.rule, name=f"{doc[span.start : end - 1].text} {first}")


def is_role_compound(token: Token, lex: Lexicon) -> bool:
    """A name joined to a role by a hyphen: "Metall-Sekretär", "Nordwest-Vorstand" (not "Klinik-Gelände")."""
    first, _, role = token.text.rpartition("-")
    return bool(first[:1].isupper() and role[:1].isupper() and is_role(role.lower(), lex))


def select_spans(candidates: list[RuleSpan]) -> list[RuleSpan]:
    """Non-overlapping spans, longest first; among equal lengths the earlier rule in the list wins."""
    ranked = sorted(enumerate(candidates), key=lambda item: (-(item[1].end - item[1].start), item[0]))
    taken: set[int] = set()
    chosen = []
    for _, span in ranked:
        if taken.isdisjoint(range(span.start, span.end)):
            chosen.append(span)
            taken.update(range(span.start, span.end))
    return sorted(chosen, key=lambda s: s.start)


def public_body_matcher(nlp: Language, bodies: dict[str, str]) -> PhraseMatcher:
    """Names of public bodies and universities (and their abbreviations of three letters or more), as tokens."""
    matcher = PhraseMatcher(nlp.vocab)
    names = [name for name in bodies if len(name.split()) >= 2]
    names += [abbreviation for abbreviation in bodies.values() if len(abbreviation) >= 3]
    matcher.add("ORG", [nlp.make_doc(name) for name in sorted(set(names))])
    return matcher


def known_name_matcher(nlp: Language, names: frozenset[str]) -> PhraseMatcher:
    """Names of organisations without a head word (``known_names`` in organisations.yml), as tokens."""
    matcher = PhraseMatcher(nlp.vocab)
    matcher.add("ORG", [nlp.make_doc(name) for name in sorted(names)])
    return matcher


def goes_on(doc: Doc, end: int) -> bool:
    """Whether a capitalised word in the same sentence follows token ``end - 1``: a known name then begins a longer
    one ("Knappschaft Kliniken", "IG Metall Nordhessen")."""
    return end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha and not doc[end].is_sent_start


def with_aliases(spans: list[RuleSpan], aliases: list[RuleSpan]) -> list[RuleSpan]:
    """Spans with alias rules applied: new abbreviation spans added, existing spans that are aliases re-labelled."""
    alias_at = {(a.start, a.end): a for a in aliases}
    relabelled = [alias_at.pop((s.start, s.end), s) for s in spans]
    return select_spans(relabelled + list(alias_at.values()))


def is_cell_break(token: Token) -> bool:
    """A tab between table cells (spaCy keeps all white space but single spaces as tokens)."""
    return token.is_space and CELL_BREAK in token.text


def table_lines(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the lines that hold a table cell boundary (a row of a table)."""
    lines, start = [], 0
    for token in doc:
        if token.is_space and "\n" in token.text:
            lines.append((start, token.i))
            start = token.i + 1
    lines.append((start, len(doc)))
    return [(a, b) for a, b in lines if any(is_cell_break(t) for t in doc[a:b])]


def plausible_people(model_spans: list[Span], rule_people: list[Span], lex: Lexicon) -> list[Span]:
    """The model's spans without the people that lack evidence; a lone surname counts when the page names the
    person with evidence (a rule, a given name, a title or role)."""
    evidence = {span.start: person_evidence(list(span), lex, frozenset()) for span in model_spans if span.label_ == "PER"}
    named = rule_people + [s for s in model_spans if evidence.get(s.start)]
    surnames = frozenset(person_surname([t.text for t in s]) for s in named)
    return [s for s in model_spans if s.label_ != "PER" or evidence[s.start] or person_evidence(list(s), lex, surnames)]


@Language.component("hrgraph_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A sentence starts after a blank line (headers, lists and signature blocks often have no final
    punctuation), unless a colon before it introduces a list after it; a table row is a sentence of its own: its
    cells do not run on into the line before or after. The cells of one row stay together, as contact details or a
    role next to a name belong to it. A legal form with its own dot ends the sentence when a sentence's first word
    follows ("… e.V. Im Projekt …", "… e.V. Weitere Partner …"). A date line ("Köln, 21. Mai 2024") is a sentence of
    its own, so that the headline above it and the text below it are two more. A line after a bulleted item that is
    none ends the list ("- Alpha GmbH⏎Gefördert werden außerdem:"; web pages part paragraphs by one line break)."""
    lex = load_lexicon()
    in_list = False
    for previous, token in zip(doc, doc[1:]):
        if previous.is_space and "\n\n" in previous.text:
            token.is_sent_start = not introduces_list(doc, previous.i, token)
        elif previous.text in dotted_legal_form_ends() and token.text in lex.stop_words:
            token.is_sent_start = True
        if not token.is_space and ("\n" in previous.whitespace_ or previous.is_space and "\n" in previous.text):
            item = token.text in BULLETS  # not "1.": numbered headings ("12. Hospitalausschuss (HoA)") go on
            if in_list and not item:
                token.is_sent_start = True
            in_list = item
    for start, end in table_lines(doc) + date_lines(doc):
        for i in (start, end + 1):
            if 0 < i < len(doc):
                doc[i].is_sent_start = True
    return doc


def introduces_list(doc: Doc, space: int, token: Token) -> bool:
    """Whether the blank line at token ``space`` parts a colon from the list it introduces ("Folgende Partner sind
    beteiligt:" … "- Klinikum Lippe GmbH"): the list goes on the sentence, as what it says applies to the items."""
    return space > 0 and doc[space - 1].text == ":" and bool(LIST_MARKER.fullmatch(token.text))


def date_lines(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the lines that are a date line of a press release (see :data:`~hrgraph.extract.metadata.DATE_LINE`)."""
    lines = []
    for line in re.finditer(r"[^\n]+", doc.text):
        if len(line.group()) <= MAX_LINE_LENGTH and DATE_LINE.match(line.group().strip()):
            span = doc.char_span(line.start(), line.end(), alignment_mode="expand")
            if span is not None and len(span):
                lines.append((span.start, span.end - 1))
    return lines


@lru_cache(maxsize=1)
def dotted_legal_form_ends() -> frozenset[str]:
    """Last tokens of the legal forms that end in a dot ("e.V.", "V.")."""
    return frozenset(form[-1] for form in load_lexicon().legal_forms if form[-1].endswith("."))


def cell_pieces(doc: Doc, start: int, end: int, lex: Lexicon) -> list[tuple[int, int]]:
    """The token span ``start:end`` cut at table cell boundaries and before words that end every name ("IBAN",
    "Stand", see ``name_breaks`` in organisations.yml), without those tokens and the punctuation before them."""
    pieces, piece_start = [], start
    for i in range(start, end):
        if is_cell_break(doc[i]) or breaks_name(doc[i], lex):
            piece_end = i
            while piece_end > piece_start and doc[piece_end - 1].is_punct:
                piece_end -= 1
            pieces.append((piece_start, piece_end))
            piece_start = i + 1
    pieces.append((piece_start, end))
    return [(a, b) for a, b in pieces if b > a]


def breaks_name(token: Token, lex: Lexicon) -> bool:
    """A word no name holds, alone or as the last part of a compound ("IBAN", "Peine-IBAN", "Stand")."""
    return token.text in lex.name_breaks or token.text.rpartition("-")[2] in lex.name_breaks


def within_cells(doc: Doc, span: RuleSpan, lex: Lexicon) -> list[RuleSpan]:
    """A span as it is, or, when it crosses a table cell or a word no name holds, its pieces of at least
    ``MIN_CUT_TOKENS`` tokens that pass the plausibility checks: no name, whichever rule or model found it, runs from
    one cell into the next ("Sparkasse Hildesheim Goslar Peine-IBAN", "Bundesagentur für Arbeit, Stand")."""
    pieces = cell_pieces(doc, span.start, span.end, lex)
    if pieces == [(span.start, span.end)]:
        return [span]
    return [RuleSpan(a, b, label, span.rule) for a, b in pieces
            if b - a >= MIN_CUT_TOKENS and (label := checked_ner_label(list(doc[a:b]), span.label, lex))]


@Language.factory("hrgraph_entity_rules", default_config={"model_name": "ner"})
def create_entity_rules(nlp: Language, name: str, model_name: str):
    """Rule spans for ORG, PER and PROJECT merged with the statistical entities; rules win where they overlap."""
    lex = load_lexicon()
    bodies = public_body_matcher(nlp, lex.public_bodies)
    known = known_name_matcher(nlp, lex.known_names)

    def entity_rules(doc: Doc) -> Doc:
        found = [span for rule in RULES for span in rule(doc, lex)]
        found += [RuleSpan(start, end, "ORG", "gazetteer:public_bodies") for _, start, end in bodies(doc)]
        found += [RuleSpan(start, end, "ORG", "gazetteer:known_names") for _, start, end in known(doc)
                  if not goes_on(doc, end)]
        rule_spans = select_spans([piece for span in found for piece in within_cells(doc, span, lex)])
        rule_spans = with_aliases(rule_spans, [other for _, other in alias_pairs(doc, rule_spans, lex)])
        spans = []
        covered: set[int] = set()
        for rs in rule_spans:
            span = Span(doc, rs.start, rs.end, label=rs.label)
            span._.produced_by, span._.name = rs.rule, rs.name
            spans.append(span)
            covered.update(range(rs.start, rs.end))
        model_spans = []
        for ent in doc.ents:
            label = NER_LABELS.get(ent.label_)
            for piece in within_cells(doc, RuleSpan(ent.start, ent.end, label, f"ner:{model_name}"), lex) if label else ():
                piece = role_compound_name(doc, without_edge_marks(doc, piece), lex)
                if piece.start == piece.end:
                    continue
                tokens = list(doc[piece.start : piece.end])
                checked = checked_ner_label(tokens, piece.label, lex)
                parts = split_people(tokens, lex) if checked == "PER" else [(piece.start, piece.end)]  # "Anna Lenz Paul Kranz"
                for start, end in parts:
                    if checked and covered.isdisjoint(range(start, end)):
                        model_spans.append(Span(doc, start, end, label=checked))
                        model_spans[-1]._.name = piece.name if checked == "ORG" else None
        for span in plausible_people(model_spans, [s for s in spans if s.label_ == "PER"], lex):
            span._.produced_by = f"ner:{model_name}"
            if span.label_ == "ORG" and not span._.name:
                span._.name = name_without_article(span)
            spans.append(span)
        doc.ents = with_name_particles(doc, sorted(spans, key=lambda s: s.start))
        return doc

    return entity_rules
