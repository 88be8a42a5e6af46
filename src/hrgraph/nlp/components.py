"""spaCy components registered by hrgraph; added after the statistical ``ner`` of whichever pipeline is loaded."""


from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from hrgraph.nlp.lexicon import Lexicon, load_lexicon
from hrgraph.nlp.rules import RULES, RuleSpan, alias_pairs, checked_ner_label, person_evidence, person_surname, split_people

if not Span.has_extension("produced_by"):
    Span.set_extension("produced_by", default=None)

# Labels the statistical models use for the types hrgraph keeps (spaCy's German pipelines say PER/ORG/LOC/MISC,
# OntoNotes-style pipelines PERSON/ORG/GPE).
NER_LABELS = {"PER": "PER", "PERSON": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC", "MISC": "MISC"}


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


def with_aliases(spans: list[RuleSpan], aliases: list[RuleSpan]) -> list[RuleSpan]:
    """Spans with alias rules applied: new abbreviation spans added, existing spans that are aliases re-labelled."""
    alias_at = {(a.start, a.end): a for a in aliases}
    relabelled = [alias_at.pop((s.start, s.end), s) for s in spans]
    return select_spans(relabelled + list(alias_at.values()))


def plausible_people(model_spans: list[Span], rule_people: list[Span], lex: Lexicon) -> list[Span]:
    """The model's spans without the people that lack evidence; a lone surname counts when the page names the
    person with evidence (a rule, a given name, a title or role)."""
    evidence = {span.start: person_evidence(list(span), lex, frozenset()) for span in model_spans if span.label_ == "PER"}
    named = rule_people + [s for s in model_spans if evidence.get(s.start)]
    surnames = frozenset(person_surname([t.text for t in s]) for s in named)
    return [s for s in model_spans if s.label_ != "PER" or evidence[s.start] or person_evidence(list(s), lex, surnames)]


@Language.component("hrgraph_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A blank line ends a sentence (headers, lists and signature blocks often have no final punctuation)."""
    previous = None
    for token in doc:
        if previous is not None and ("\n\n" in previous.whitespace_ or (previous.is_space and "\n\n" in previous.text)):
            token.is_sent_start = True
        previous = token
    return doc


@Language.factory("hrgraph_entity_rules", default_config={"model_name": "ner"})
def create_entity_rules(nlp: Language, name: str, model_name: str):
    """Rule spans for ORG, PER and PROJECT merged with the statistical entities; rules win where they overlap."""
    lex = load_lexicon()
    bodies = public_body_matcher(nlp, lex.public_bodies)

    def entity_rules(doc: Doc) -> Doc:
        found = [span for rule in RULES for span in rule(doc, lex)]
        found += [RuleSpan(start, end, "ORG", "gazetteer:public_bodies") for _, start, end in bodies(doc)]
        rule_spans = select_spans(found)
        rule_spans = with_aliases(rule_spans, [other for _, other in alias_pairs(doc, rule_spans, lex)])
        spans = []
        covered: set[int] = set()
        for rs in rule_spans:
            span = Span(doc, rs.start, rs.end, label=rs.label)
            span._.produced_by = rs.rule
            spans.append(span)
            covered.update(range(rs.start, rs.end))
        model_spans = []
        for ent in doc.ents:
            label = NER_LABELS.get(ent.label_)
            label = label and checked_ner_label(list(ent), label, lex)
            parts = split_people(list(ent), lex) if label == "PER" else [(ent.start, ent.end)]  # "Anna Lenz Paul Kranz"
            model_spans += [Span(doc, start, end, label=label) for start, end in parts
                            if label and covered.isdisjoint(range(start, end))]
        for span in plausible_people(model_spans, [s for s in spans if s.label_ == "PER"], lex):
            span._.produced_by = f"ner:{model_name}"
            spans.append(span)
        doc.ents = sorted(spans, key=lambda s: s.start)
        return doc

    return entity_rules
