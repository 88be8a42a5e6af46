"""Rules for names where text has structure a statistical model misses.

Each function takes a spaCy ``Doc`` and returns :class:`RuleSpan` token spans with the rule that found them.
The word lists come from :mod:`hrgraph.nlp.lexicon`; this module holds only the logic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from hrgraph.nlp.lexicon import Lexicon, compact_name, load_lexicon
from hrgraph.nlp.parties import MAX_PARTY_WORDS, body_word, party_at, party_list

if TYPE_CHECKING:  # the name functions that relations and resolution use work on strings, without spaCy
    from spacy.tokens import Doc, Span, Token

MARKUP = re.compile(r"</?[a-zA-Z][^>]{0,40}>|\*\*")
ACRONYM = re.compile(r"[A-ZÄÖÜ][A-ZÄÖÜ0-9&]*(?:\.[A-ZÄÖÜ]{2,})*[a-z]?")
ADJECTIVE_ENDINGS = ("ische", "ischen", "ischem", "liche", "lichen", "lichem", "ale", "alen", "äre", "ären", "ige", "igen",
                     "igem", "ive", "iven", "ene", "enen", "ete", "eten", "ere", "eren", "ste", "sten", "ulare", "ularen",
                     "dte", "dten", "bare", "baren", "same", "samen")
"""Endings of adjectives in names: "Niedersächsische", "angewandte Wissenschaften", "erneuerbare Energien",
"Gemeinsamer Bundesausschuss"."""
CAMEL_CASE = re.compile(r"[a-zäöüß][A-ZÄÖÜ]")  # "gesundheIT", "mobilesArbeiten"
QUOTES = {"„": "“", "“": "”", '"': '"', "»": "«", "«": "»", "‚": "‘"}
QUOTE_MARKS = "„“”»«"
GENITIVE = ("", "s", "es", "n", "en")
ENGLISH_JOINERS = {"and", "of"}
NAME_JOINERS = {"&", "-", "/"}  # "Müller & Söhne GmbH", "Gesundheitsregion Göttingen/Südniedersachsen e.V."
NOUN_INFLECTIONS = ("es", "en", "s", "n", "e")
ADJECTIVE_INFLECTIONS = ("e", "en", "er", "es", "em")
LIST_JOINERS = {",", "und", "oder", "sowie"}
LIST_CLOSERS = (LIST_JOINERS - {","}) | {"&"}
ADJECTIVE = re.compile(r"^([A-ZÄÖÜ][a-zäöüß]*(?:isch|lich|ig|al|är|iv|ell|sch|frei|ein|sam))(e|en|em|er|es)$")
"""A capitalised adjective in a name, its stem and its ending: "Niedersächsischen", "Allgemeine"."""
STRONG_ENDINGS = {"masculine": "er", "neuter": "es", "feminine": "e"}
"""The ending of an adjective before a noun of each gender without an article ("Allgemeines Krankenhaus")."""
ADJECTIVE_STEM = re.compile(r"[a-zäöüß](?:lich|isch|end|sam)(?:e|en|er|es|em)?$")
SAINT_WORDS = {"St.", "Sankt", "Hl.", "Heilige", "Heiligen"}
POSSESSIVES = {stem + ending for stem in ("sein", "ihr", "unser", "euer") for ending in ("", "e", "en", "em", "er", "es")}
SINGULAR_ARTICLES = {"masculine": {"der"}, "neuter": {"das"}, "feminine": {"die", "der"}}  # nominative, accusative
STATE_WORDS = {"Land", "Landes", "Freistaat", "Freistaates", "Freistaats"}  # "das Land Niedersachsen", "des Freistaates Bayern"


@dataclass(frozen=True)
class RuleSpan:
    start: int
    end: int
    label: str
    rule: str
    name: str | None = None
    """The name the span stands for when the text does not say it whole ("Celle" in "die Landkreise Celle und …")."""


def is_capitalised(token: Token) -> bool:
    return is_capitalised_text(token.text)


def is_capitalised_text(text: str) -> bool:
    return bool(text) and (text[0].isupper() or (text[0].islower() and any(c.isupper() for c in text[1:])))


def is_acronym(token: Token) -> bool:
    return len(token.text) >= 2 and sum(c.isupper() for c in token.text) >= 2 and bool(ACRONYM.fullmatch(token.text))


def is_place(text: str, lex: Lexicon) -> bool:
    """A place, its abbreviation or places joined by hyphens ("Rhein-Ruhr"); not a bare dash."""
    parts = [part for part in text.split("-") if part]
    return text in lex.places or text in lex.place_abbreviations or bool(parts) and all(part in lex.places for part in parts)


def is_place_adjective(text: str, lex: Lexicon) -> bool:
    """An adjective made of a place name: "Lüneburger" (Lüneburg), "Bremer" (Bremen), "Münchner" (München)."""
    return text.endswith("er") and len(text) > 5 and text[:1].isupper() \
        and any(stem in lex.places for stem in (text[:-2], text[:-2] + "en", text[:-3] + "en"))


def land_of_adjective(word: str, lex: Lexicon) -> str | None:
    """The Land an adjective is made of, inflected or not: "Niedersächsisches" → Niedersachsen.

    >>> land_of_adjective("Hamburgische", load_lexicon()), land_of_adjective("Hamburg", load_lexicon())
    ('Hamburg', None)
    """
    low = word.lower()
    return next((land for stem, land in lex.land_adjectives.items() if low.startswith(stem) and len(low) - len(stem) <= 3),
                None)


def is_name_word(token: Token, lex: Lexicon) -> bool:
    """A capitalised word that may be part of a name (not a function word, punctuation or a street of an address)."""
    return is_capitalised(token) and token.text not in lex.stop_words and not token.is_punct and not is_street(token, lex)


def is_street(token: Token, lex: Lexicon) -> bool:
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return token.lower_.endswith(lex.street_endings) and following is not None and following.text[:1].isdigit()


def is_common_noun(token: Token, lex: Lexicon) -> bool:
    """A known German common noun, also inflected ("Tisches", "Beispielen"), a role, or a word with a noun ending."""
    low, text = token.lower_, token.text
    known = text in lex.common_nouns or any(
        text.endswith(ending) and text[: -len(ending)] in lex.common_nouns for ending in NOUN_INFLECTIONS)
    return (known or low in lex.roles or low.endswith(lex.noun_endings)) \
        and not is_place(text, lex) and not is_acronym(token)


def is_descriptor(token: Token, following: Token, lex: Lexicon) -> bool:
    """A word that describes the name after it rather than belonging to it: "Netzwerk MedLife e. V.",
    "Geschäftsführer Metropolregion GmbH", "Start-up Caresyntax GmbH" (but not "Stadtwerke Bochum GmbH",
    "Gesundheitswirtschaft Rhein-Main e.V." or "Beispiel Klinik GmbH")."""
    low = token.lower_
    if following.lower_ in lex.complement_openers and head_of(token, lex):
        return False  # a head and its complement name the organisation: "Gesellschaft für Gesundheit mbH"
    kind = head_of_lowercase(low, lex.appositive_kinds)
    if (is_place(following.text, lex) or is_place_adjective(following.text, lex)) and low not in lex.roles and kind is None:
        return False  # a noun and its place name the organisation: "Wirtschaftsförderung Dortmund GmbH"
    if head_of(following, lex) and kind is None and not head_of(token, lex) and low not in lex.roles \
            and head_of_lowercase(low, lex.governing_bodies) is None:
        return False  # a noun before an organisation's head belongs to its name: "Knappschaft Kliniken GmbH"
    # a generic head before a proper name describes it ("Netzwerk MedLife e. V."), before a common noun it is part of
    # the name ("Initiative Gesundheitswirtschaft Nordwest e.V.")
    generic_head = head_of(token, lex) in lex.org_generic_heads and not is_common_noun(following, lex)
    return low in lex.roles or low.endswith(lex.noun_endings) or generic_head \
        or kind is not None or (token.text in lex.common_nouns and is_proper_word(following, lex) and not head_of(following, lex))


def is_proper_word(token: Token, lex: Lexicon) -> bool:
    """A name word that is not a known common noun: acronyms, places, CamelCase, foreign or unknown words."""
    return is_name_word(token, lex) and not is_common_noun(token, lex)


def head_of(token: Token, lex: Lexicon) -> str | None:
    """The organisation head a word ends with, allowing genitive endings ("Ministeriums" → "ministerium")."""
    return head_of_lowercase(token.lower_, lex.org_heads)


def strip_legal_form(name: str) -> str:
    """ "MedEcon Ruhr e.V." → "MedEcon Ruhr", "Bracco S.p.A." → "Bracco" (a form of several tokens written without
    spaces); a name that is only a legal form stays as it is."""
    lex = load_lexicon()
    for form in lex.legal_forms:
        for suffix in (" " + " ".join(form), " " + "".join(form)):
            if name.endswith(suffix) and len(name) > len(suffix):
                return name[: -len(suffix)].strip(" ,")
    return name


def organisation_shaped(name: str, lex: Lexicon) -> bool:
    """Whether a name reads as an organisation's: a word or a compound's part ends in an organisation head
    ("Sozialministerium", "Feuerwehr-Unfallkasse"), or the name ends in a legal form.

    >>> from hrgraph.nlp.lexicon import load_lexicon
    >>> [organisation_shaped(n, load_lexicon()) for n in ("Ostfalia Hochschule", "MedLife e. V.", "Tischbier")]
    [True, True, False]
    """
    tokens = name.split()
    if any(tuple(tokens[-len(form):]) == form for form in lex.legal_forms):
        return True
    parts = (part.strip(",.;:()\"„“”'/").lower() for part in re.split(r"[\s\-–/]+", name))
    return any(head_of_lowercase(part, lex.org_heads) for part in parts if part)


@lru_cache(maxsize=200_000)
def head_of_lowercase(low: str, heads: tuple[str, ...]) -> str | None:
    for head in heads:
        for ending in GENITIVE:
            form = head + ending
            if low.endswith(form) and (len(low) == len(form) or len(low) - len(form) >= 3):
                return head
    return None


def is_adjective(token: Token) -> bool:
    return token.text.lower().endswith(ADJECTIVE_ENDINGS)


@lru_cache(maxsize=4)
def forms_by_first_token(forms: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[str, ...]]]:
    """Legal forms grouped by their first token, longest first within each group."""
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for form in forms:
        grouped.setdefault(form[0], []).append(form)
    return grouped


def legal_form_spans(doc: Doc, lex: Lexicon) -> list[RuleSpan]:
    """Names ending in a legal form: "MedEcon Ruhr e.V.", "G Data CyberDefense AG", "Gesundheitsregion
    Göttingen/Südniedersachsen e.V.", "Gesellschaft für Wirtschaftsförderung mbH" (not "Netzwerk MedLife e. V.")."""
    spans = []
    texts = [t.text for t in doc]
    by_first = forms_by_first_token(lex.legal_forms)
    for i, text in enumerate(texts):
        for form in by_first.get(text, ()):
            if tuple(texts[i : i + len(form)]) != form:
                continue
            start = i
            while start > 0 and i - start < 6 and not doc[start].is_sent_start \
                    and (is_name_word(doc[start - 1], lex) or doc[start - 1].text in NAME_JOINERS
                         or (start >= 2 and doc[start - 1].lower_ in lex.complement_openers and head_of(doc[start - 2], lex))):
                start -= 1
            while start < i - 1 and (not is_name_word(doc[start], lex) or is_descriptor(doc[start], doc[start + 1], lex)
                                     or start + 2 < i and is_descriptor(doc[start + 1], doc[start + 2], lex)):
                start += 1  # words before a descriptor describe too: "das Essener Start-up Cardiolyze GmbH"
            start = across_lower_case_word(doc, start, i, lex)
            if start < i and is_name_word(doc[start], lex):
                spans.append(RuleSpan(start, i + len(form), "ORG", "rule:legal_form"))
            break
    return spans


def across_lower_case_word(doc: Doc, start: int, form_at: int, lex: Lexicon) -> int:
    """Start of a name before a legal form (at ``form_at``) that holds one lower-case word, when a head word after an
    article opens it: "die Stiftung Jugend forscht e. V." (else ``start``, where the name found so far begins)."""
    for head_at in range(start - 1, max(start - 4, 0), -1):
        words = doc[head_at:form_at]
        if head_of(doc[head_at], lex) and doc[head_at - 1].lower_ in lex.articles \
                and sum(t.is_lower for t in words) == 1 and not any(t.is_sent_start for t in words[1:]) \
                and all(t.is_alpha and t.text not in lex.stop_words and t.lower_ not in lex.articles for t in words):
            return head_at
    return start


def extend_complement(doc: Doc, i: int, lex: Lexicon, max_tokens: int = 12) -> int:
    """End of a "für ..." complement starting at token ``i`` ("für Wirtschaft, Industrie und Energie NRW",
    "für Künstliche Intelligenz in der Medizin", "für angewandte Wissenschaften"); it stops at roles, at a comma
    before a lower-case word, at the first comma of a list that no "und" closes, at a dash between spaces ("der
    Finanzen - BMF -") and at a lower-case adjective after a name word ("der Verteidigung abgegebenen …")."""
    end, last_name = i + 1, None
    with_article = is_article_after_fuer(doc, i, i + 1) if i + 1 < len(doc) else False
    while end < len(doc) and end - i <= max_tokens:
        token = doc[end]
        if token.is_sent_start or token.lower_ in lex.roles:
            break
        if is_name_word(token, lex):
            last_name = end
        elif (token.text in lex.complement_joiners and not is_spaced_dash(doc, end)) \
                or (token.lower_ == "der" and doc[end - 1].lower_ == "in") \
                or (token.is_lower and is_adjective(token) and last_name != end - 1) or is_article_after_fuer(doc, i, end):
            if token.text == "," and end + 1 < len(doc) and not is_capitalised(doc[end + 1]):
                break
            if token.text == "und" and end + 1 < len(doc) and doc[end + 1].lower_ in lex.roles:
                break
        else:
            break
        end += 1
    indefinite = i >= 2 and doc[i - 2].lower_ in lex.articles - lex.definite_articles
    if with_article and (last_name is None or last_name < i + 3 or indefinite):
        return i  # "für die Branche" is no part of a name, nor "eine Initiative für die Sicherheit …"; "für das Dekanat Ahlen" is
    if last_name is None:
        return i
    commas = [j for j in range(i, last_name) if doc[j].text == ","]
    if commas and not any(t.text in LIST_CLOSERS for t in doc[commas[-1] : last_name]):
        return commas[0]  # a list of topics ends with "und": not "Agentur für Arbeit Bochum, Luidgard Fischer"
    return last_name + 1


def opens_complement(head: Token, following: Token, lex: Lexicon) -> bool:
    """Whether the word after a head opens its complement: "für", "zur", "zum", and after the head of an association
    a genitive article ("Verband der Ersatzkassen")."""
    return following.lower_ in lex.complement_openers or following.lower_ in lex.genitive_complement_openers \
        and head_of_lowercase(head.lower_, lex.genitive_complement_heads) is not None


def is_spaced_dash(doc: Doc, i: int) -> bool:
    """A dash with spaces around it at token ``i``: it sets off an aside, where a hyphen ("Kinder-") joins."""
    return doc[i].text in {"-", "–"} and bool(doc[i - 1].whitespace_) and bool(doc[i].whitespace_)


def is_article_after_fuer(doc: Doc, i: int, end: int) -> bool:
    """An article right after the opener "für" and before a capitalised word: "Caritasverband für das Dekanat Ahlen"."""
    return end == i + 1 and doc[i].lower_ == "für" and doc[end].lower_ in {"die", "das", "den"} and end + 1 < len(doc) \
        and is_capitalised(doc[end + 1])


def extend_names(doc: Doc, i: int, lex: Lexicon, max_tokens: int = 5) -> int:
    """End of a run of name words after a head that ends in a place, an acronym, a CamelCase word or a part of town
    ("Digital Health Ruhr", "AOK NordWest", "Bezirksvertretung Süd"), or of "zu" and a place ("Universität zu
    Lübeck", "IHK Lippe zu Detmold")."""
    if i + 1 < len(doc) and doc[i].text == "zu" and is_place(doc[i + 1].text, lex):
        return i + 2
    end, good = i, i
    while end < len(doc) and end - i < max_tokens and is_name_word(doc[end], lex) and not doc[end].is_sent_start:
        if (head_of(doc[end], lex) or doc[end].lower_ in lex.roles) and not is_acronym(doc[end]):
            break
        end += 1
        word = doc[end - 1].text
        if is_place(word, lex) or is_acronym(doc[end - 1]) or ("-" not in word and CAMEL_CASE.search(word[1:])) \
                or word in lex.district_words:
            good = end
    while good > i and slash_to_place(doc, good, lex):
        good += 2  # two places joined by a slash: "Universität Witten/Herdecke"
    if good > i and good + 1 < len(doc) and doc[good].text == "zu" and is_place(doc[good + 1].text, lex):
        good += 2  # "IHK Lippe zu Detmold"
    return good


def extend_left(doc: Doc, i: int, lex: Lexicon, max_tokens: int = 3) -> int:
    """Start of the modifiers before a head: adjectives ("Medizinische"), places and acronyms ("RWTH Aachen"),
    or proper words after an article ("die Ostfalia Hochschule", "die Digital Health Factory"); English names
    across "and"/"of" ("Beispiel Science and Technology University")."""
    start, words = i, 0
    while start > 0 and words < max_tokens and not doc[start].is_sent_start:
        previous = doc[start - 1]
        joined = previous.text in ENGLISH_JOINERS and start < i and start >= 2 and not previous.is_sent_start
        candidate = doc[start - 2] if joined else previous
        if not is_name_word(candidate, lex) or head_of(candidate, lex) or not (joined or is_modifier(candidate, lex)):
            break
        start -= 2 if joined else 1
        words += 1
    if start < i and not any(is_adjective(t) or is_place(t.text, lex) or is_acronym(t) for t in doc[start:i]):
        before = doc[start - 1] if start > 0 else None
        if before is not None and not (before.is_lower or before.is_punct):
            return i
    return start


def is_modifier(token: Token, lex: Lexicon) -> bool:
    return is_adjective(token) or is_place(token.text, lex) or is_acronym(token) or is_proper_word(token, lex)


def extend_coordination(doc: Doc, start: int) -> int:
    """Start of compounds coordinated before a head with their shared last part left out: "Haupt- und
    Finanzausschuss", "Kultur-, Sport- und Bäderausschuss"."""
    while start >= 2 and doc[start - 1].text in {"und", "oder", "sowie", ",", "&"} and len(doc[start - 2].text) > 2 \
            and doc[start - 2].text.endswith("-") and doc[start - 2].text[:1].isupper():
        start -= 2
    return start


def is_enterprise_name(doc: Doc, i: int, lex: Lexicon) -> bool:
    """A name word at token ``i`` in the same sentence, not a person's: "Werkausschuss Abfallwirtschaft"."""
    return i < len(doc) and is_name_word(doc[i], lex) and not doc[i].is_sent_start and not is_before_person(doc, i, lex)


def is_before_person(doc: Doc, i: int, lex: Lexicon) -> bool:
    """A title or a given name at token ``i``: the word before is a role ("Stadtrat Peter Muster"), not a body."""
    return i < len(doc) and (doc[i].text in lex.titles or doc[i].text in lex.given_names)


def head_spans(doc: Doc, lex: Lexicon) -> list[RuleSpan]:
    """Names built around an organisation head: "Regionalverband Ruhr", "Medizinische Hochschule Hannover",
    "Ministerium für Wirtschaft, Industrie, Klimaschutz und Energie NRW", "Fraunhofer-Institut ISST", "IHK Hannover"."""
    spans = []
    for i, text in enumerate([t.text for t in doc]):  # word strings first: Token objects only for candidates
        if not is_capitalised_text(text):
            continue
        head = head_of_lowercase(text.lower(), lex.org_heads)
        abbreviation_head = text in lex.abbreviation_heads
        if not head and not abbreviation_head or text in lex.plural_kinds:
            continue
        token = doc[i]
        if any(mark in text for mark in QUOTE_MARKS):
            continue  # the end of a quoted phrase: „Bauen und Wohnen“-Ausschuss
        prefix = token.text.split("-")[0] if "-" in token.text else ""
        named_prefix = bool(prefix) and prefix[:1].isupper() and not head_of_lowercase(prefix.lower(), lex.org_heads) \
            and (head not in lex.org_generic_heads or sum(c.isupper() for c in prefix) >= 2)
        start = extend_left(doc, i, lex)
        start = extend_coordination(doc, start) if start == i else start
        if start >= 3 and doc[start - 1].text == "–" and is_proper_word(doc[start - 2], lex) and not is_acronym(doc[start - 2]) \
                and doc[start - 3].lower_ in lex.articles:
            start -= 2  # a name before its dash and the head name that explains it: "die Charité – Universitätsmedizin Berlin"
        if start >= 2 and doc[start - 1].text in ENGLISH_JOINERS and is_capitalised(doc[start - 2]):
            continue  # the end of an English name whose start was not found ("… and Technology University")
        if doc[start].is_sent_start and doc[start].lower_ in lex.announcing_adjectives and head in lex.org_generic_heads:
            continue  # a headline that announces one: "Neues Netzwerk für Telemedizin im Münsterland"
        if any(follows_project_head(doc, j, lex) for j in range(max(start - 3, 0), start + 1)
               if all(is_name_word(t, lex) for t in doc[j:start])):
            continue  # Projekt „Gesundheitscampus Herne“, Projekt Smart Hospital Lippe: a project, whatever its head
        if start == i and head and head.endswith("e") and token.lower_.endswith(head + "n") and i + 1 < len(doc) \
                and doc[i + 1].lower_ in lex.complement_openers:
            continue  # a plural head with its complement is a kind, not a name: "Initiativen zur Schaffung von …"
        compound_body = head in lex.org_compound_heads and token.lower_ not in {head + ending for ending in GENITIVE} \
            and head_of_lowercase(token.lower_, lex.org_generic_compound_bodies) is None
        if i + 1 < len(doc) and opens_complement(token, doc[i + 1], lex) and not compound_body:  # not "Planungsausschuss zur Kenntnis"
            end = extend_complement(doc, i + 1, lex)
            end = i + 1 if end == i + 1 else end
            if end < len(doc) and end > i + 1 and (is_acronym(doc[end]) or is_place(doc[end].text, lex)):
                end += 1
        else:
            end = extend_names(doc, i + 1, lex)
            if end == i + 1 and token.lower_ in lex.org_enterprise_bodies and is_enterprise_name(doc, i + 1, lex):
                end = i + 2
            if end == i + 1 and head in lex.foreign_heads and is_enterprise_name(doc, i + 1, lex) \
                    and not head_of(doc[i + 1], lex):
                end = i + 2  # "Universiteit Maastricht"
        end = after_state_genitive(doc, end, lex)
        owner_end = after_genitive_owner(doc, end, lex) if start > 0 and doc[start - 1].lower_ in lex.articles else end
        if owner_end > end:
            end = after_legal_form(doc, owner_end, lex)
        elif head not in lex.org_generic_heads:  # not "Netzwerk MedLife e. V."
            end = after_legal_form(doc, end, lex)
        if abbreviation_head and end == i + 1:
            continue
        if end == i + 1 and start == i and not named_prefix:
            if office := owned_office_name(doc, i, head, lex):
                spans.append(RuleSpan(i, i + 1, "ORG", "rule:org_head", name=office))
                continue
            if (head in lex.org_standalone_heads or compound_body) and not is_before_person(doc, i + 1, lex) \
                    and not token.lower_.endswith((head + "n", head + "en")):  # not the plural "Bezirksvertretungen"
                spans.append(RuleSpan(i, i + 1, "ORG", "rule:org_head"))
            continue
        if head in lex.org_generic_heads and end == i + 1 and not named_prefix and not compound_body:
            if not any(is_place(t.text, lex) or is_acronym(t) or land_of_adjective(t.text, lex) for t in doc[start:i]):
                continue  # "Hamburgische Pflegegesellschaft", not "Neue Gesellschaft"
        spans.append(RuleSpan(start, end, "ORG", "rule:org_head"))
    return spans


def owned_office_name(doc: Doc, i: int, head: str, lex: Lexicon) -> str | None:
    """The name of an office at token ``i`` that its local authority, named right after it, owns: "Gesundheitsamtes
    | der Stadt Bielefeld" → "Gesundheitsamt der Stadt Bielefeld", "Jugendamt | des Kreises Unna" (not "Ehrenamt";
    the owner keeps the offices of two towns apart). None for other words."""
    word = doc[i].text
    for ending in ("es", "s"):
        word = word[: -len(ending)] if word.lower().endswith(head + ending) else word
    if head_of_lowercase(word.lower(), lex.owned_office_heads) is None or word.lower() in lex.generic_office_bodies \
            or i + 3 >= len(doc) or doc[i + 1].lower_ not in lex.genitive_complement_openers:
        return None
    kind = authority_nominative(doc[i + 2].text, lex)
    end = i + 3 if kind in lex.kreis_names else extend_names(doc, i + 3, lex, max_tokens=3) if kind else i + 3
    return f"{word} {doc[i + 1 : end].text}" if kind and (end > i + 3 or kind in lex.kreis_names) else None


def after_legal_form(doc: Doc, end: int, lex: Lexicon) -> int:
    """End of a name that goes on with a legal form ("Caritasverband für das Dekanat Ahlen | e.V.")."""
    texts = tuple(t.text for t in doc[end : end + 4])
    return end + next((len(form) for form in forms_by_first_token(lex.legal_forms).get(texts[0] if texts else "", ())
                       if texts[: len(form)] == form), 0)


def after_genitive_owner(doc: Doc, end: int, lex: Lexicon, max_tokens: int = 3) -> int:
    """End of a name that goes on with its owner, a local authority, in the genitive when a legal form follows:
    "(die) Gesellschaft für Wirtschaftsförderung | des Kreises Unna | mbH" (without the legal form the genitive may
    name another body, as an owner with a name of its own does: "im Netzwerk der Alpha e.V."; the caller asks for an
    article before the name, as "auf Initiative der X GmbH" uses the head as a common noun)."""
    if end + 1 >= len(doc) or doc[end].text not in {"des", "der"} or not authority_nominative(doc[end + 1].text, lex):
        return end  # an owner that is an authority: not "im Netzwerk der Alpha e.V."
    owner_end = end + 1
    while owner_end < len(doc) and owner_end - end <= max_tokens and is_name_word(doc[owner_end], lex):
        if after_legal_form(doc, owner_end, lex) > owner_end:
            return owner_end if owner_end > end + 1 else end
        owner_end += 1
    return end


def after_state_genitive(doc: Doc, end: int, lex: Lexicon) -> int:
    """End of a name that goes on with its Land in the genitive: "Ministerium für Soziales, Gesundheit und
    Gleichstellung | des Landes Niedersachsen", "Landesamt für Umwelt | des Freistaates Sachsen"."""
    if end + 2 < len(doc) and doc[end].text == "des" and doc[end + 1].text in STATE_WORDS and doc[end + 2].text in lex.laender:
        return end + 3
    return end


def authority_spans(doc: Doc, lex: Lexicon) -> list[RuleSpan]:
    """Local authorities: a kind and the longest place after it ("die Stadt Göttingen", "des Landkreises Hildesheim",
    "Städteregion Aachen"), not after a locative preposition ("in der Stadt Göttingen", "im Landkreis Hildesheim")."""
    spans = []
    for i in (i for i, t in enumerate(doc) if authority_kind(t.text, lex)):
        end = next((end for end in range(min(i + 4, len(doc)), i + 1, -1)
                    if not any(t.is_sent_start or t.is_punct and t.text != "-" for t in doc[i + 1 : end])
                    and (is_place(doc[i + 1 : end].text, lex) or names_kreis(doc[i].text, doc[i + 1 : end].text, lex))),
                   None)
        if end is None:
            continue
        previous = doc[i - 1].lower_ if i > 0 else ""
        before_article = doc[i - 2].lower_ if i > 1 and previous in lex.articles else ""
        if previous in lex.locative_prepositions or before_article in lex.locative_prepositions:
            continue
        spans.append(RuleSpan(i, end, "ORG", "rule:authority"))
    return spans + self_named_kreis_spans(doc, lex)


def names_kreis(kind: str, name: str, lex: Lexicon) -> bool:
    """A Kreis of the municipality register after a word for a Kreis: "Landkreis | Grafschaft Bentheim", "Kreis |
    Altenkirchen" (names that are no place of their own)."""
    return authority_kind(kind, lex) in ("Kreis", "Landkreis") and name in lex.landkreis_names


def self_named_kreis_spans(doc: Doc, lex: Lexicon) -> list[RuleSpan]:
    """A Kreis whose name says so, after its article, as the authority: "der Hochsauerlandkreis beschließt", "des
    Rhein-Sieg-Kreises" (not "im Hochsauerlandkreis", the area)."""
    spans = []
    for i in range(1, len(doc)):
        for end in (i + 2, i + 1):
            if end <= len(doc) and authority_nominative(doc[i:end].text, lex) in lex.kreis_names \
                    and doc[i - 1].lower_ in {"der", "dem", "den", "des"}:
                spans.append(RuleSpan(i, end, "ORG", "rule:authority"))
                break
    return spans


def plural_kind_spans(doc: Doc, lex: Lexicon) -> list[RuleSpan]:
    """Each place in a list after a plural kind and its article, named as one organisation of that kind: "die
    Landkreise Celle, Heidekreis und Nienburg/Weser" → Landkreis Celle, Landkreis Heidekreis, Landkreis
    Nienburg/Weser; two places at least, and not after a locative preposition ("in den betroffenen Städten Bochum
    und Herne": the places)."""
    spans = []
    for i in (i for i, t in enumerate(doc[:-1]) if t.text in lex.plural_kinds):
        previous = [t.lower_ for t in doc[max(0, i - 3) : i]]
        if any(word in lex.locative_prepositions for word in previous) \
                or not any(word in lex.definite_articles for word in previous[-2:]):
            continue
        items, j, kind = [], i + 1, lex.plural_kinds[doc[i].text]
        while j < len(doc) and not doc[j].is_sent_start and (end := listed_place_end(doc, j, kind, lex)) > j:
            items.append((j, end))
            j = end
            while j < len(doc) and doc[j].text in LIST_JOINERS:
                j += 1
        if len(items) >= 2:
            spans += [RuleSpan(a, b, "ORG", "rule:plural_kind", f"{kind} {doc[a:b].text}") for a, b in items]
    return spans


def listed_place_end(doc: Doc, i: int, kind: str, lex: Lexicon) -> int:
    """End of a place in a list of authorities of ``kind`` at token ``i`` (a place, two joined by a slash as in
    "Nienburg/Weser", a Kreis named so, "Heidekreis", or after Landkreise a Kreis of the register, "Grafschaft
    Bentheim"); ``i`` when there is none."""
    text = doc[i].text
    if end := next((end for end in (i + 3, i + 2) if end <= len(doc) and names_kreis(kind, doc[i:end].text, lex)), None):
        return end
    if not (is_place(text, lex) or authority_nominative(text, lex) in lex.kreis_names):
        return i
    return i + 3 if slash_to_place(doc, i + 1, lex) else i + 1


def slash_to_place(doc: Doc, i: int, lex: Lexicon) -> bool:
    """Whether token ``i`` is a slash that joins the word before it, without spaces, to a place ("Witten/Herdecke")."""
    return 0 < i < len(doc) - 1 and doc[i].text == "/" and not doc[i - 1].whitespace_ and not doc[i].whitespace_ \
        and is_place(doc[i + 1].text, lex)


def follows_project_head(doc: Doc, start: int, lex: Lexicon) -> bool:
    """Whether token ``start`` opens a name right after a project head, quoted or not (Projekt „…“, Projekt Smart
    Hospital Lippe)."""
    before = previous_word(doc, start - 1 if start > 0 and doc[start - 1].text in QUOTES else start)
    return before is not None and project_head_of(before.lower_, lex) is not None


def authority_nominative(word: str, lex: Lexicon) -> str | None:
    """A word naming a kind of local authority or a self-named Kreis, in the nominative ("Kreises" → "Kreis",
    "Rhein-Sieg-Kreises" → "Rhein-Sieg-Kreis"); None for other words."""
    return next((form for form in (word, word.removesuffix("es")) if form in lex.authority_kinds or form in lex.kreis_names), None)


def authority_kind(word: str, lex: Lexicon) -> str | None:
    """The kind of local authority a word names: "Kreises" → "Kreis", "Hochsauerlandkreis" → "Kreis"."""
    form = authority_nominative(word, lex)
    return "Kreis" if form in lex.kreis_names else form


def appositive_name_spans(doc: Doc, lex: Lexicon) -> list[RuleSpan]:
    """A name of one to three proper words set off by commas after the organisation it names, introduced with its
    article: "das neu gegründete Startup-Hub für Digital Health, Quhr, oder …" (not a place, a person or one of a
    list)."""
    spans = []
    texts = [t.text for t in doc]
    for comma in (i for i, text in enumerate(texts) if text == ","):
        end = comma + 1
        while end < len(doc) and end - comma <= 3 and is_proper_word(doc[end], lex) and not doc[end].is_sent_start:
            end += 1
        if end == comma + 1 or end >= len(doc) or texts[end] != ",":
            continue
        if end + 2 < len(doc) and is_capitalised(doc[end + 1]) and doc[end + 2].lower_ in LIST_JOINERS:
            continue  # one of a list of nouns: "die Hersteller, Instandhaltungsbetriebe, Dienstleister, …"
        words = doc[comma + 1 : end]
        if any(t.text in lex.given_names or t.text in lex.titles or is_place(t.text, lex) for t in words):
            continue
        if introduces_name(doc, comma, lex):
            spans.append(RuleSpan(comma + 1, end, "ORG", "rule:appositive_name"))
    return spans


def kind_name_spans(doc: Doc, lex: Lexicon) -> list[RuleSpan]:
    """A name of one to three proper words right after its kind and a singular article of the kind's gender, or
    after a kind that opens a sentence or headline: "das Unternehmen Siemens Healthineers", "die Firma Dräger", "der
    Softwarehersteller Nexus", "Medizintechnik-Start-up Cardiolyze und Helios kooperieren" (not a place, a person, a
    common noun)."""
    spans = []
    for i in range(0, len(doc) - 1):
        kind = doc[i]
        kind_head = head_of_lowercase(kind.lower_, lex.named_kinds) if is_capitalised(kind) else None
        if kind_head is None or not (opens_sentence(doc, i) or i > 0 and doc[i - 1].lower_ in SINGULAR_ARTICLES[
                lex.head_genders.get(kind_head, "feminine")]):
            continue  # not "dem Unternehmen Rekordgewinne" (an object), nor the plural "die Hersteller Bosch und Miele"
        end = i + 1
        while end < len(doc) and end - i <= 3 and is_proper_word(doc[end], lex) and not doc[end].is_sent_start \
                and not is_place(doc[end].text, lex) and doc[end].text not in lex.given_names and not head_of(doc[end], lex) \
                and not ends_in_common_noun(doc[end].text, lex):
            end += 1
        if end > i + 1 and len(doc[i + 1 : end].text) > 1 and (end == len(doc) or not is_capitalised(doc[end])):
            spans.append(RuleSpan(i + 1, end, "ORG", "rule:kind_name"))
    return spans


def introduces_name(doc: Doc, comma: int, lex: Lexicon, max_tokens: int = 8) -> bool:
    """Whether the words before ``comma`` name a kind of organisation with its article: an article (not a genitive
    one), lower-case modifiers ending in an inflected adjective, an organisation head or kind, and an optional
    complement ("für Digital Health"); the article opens the phrase, it is not the attribute of a noun before it
    ("der Sprecher des Netzwerks, …")."""
    first = max(comma - max_tokens, doc[comma].sent.start)
    kind = next((i for i in range(comma - 1, first - 1, -1) if doc[i].is_punct or is_capitalised(doc[i])
                 and (head_of(doc[i], lex) or head_of_lowercase(doc[i].lower_, lex.appositive_kinds))), None)
    if kind is None or doc[kind].is_punct:
        return False
    if kind + 1 < comma and doc[kind + 1].lower_ not in lex.appositive_complement_openers:
        return False
    article = kind - 1
    while article >= first and doc[article].is_lower and not doc[article].is_punct and doc[article].lower_ not in lex.articles:
        article -= 1
    if article < first or doc[article].lower_ not in lex.articles or doc[article].lower_ in lex.appositive_genitive_articles:
        return False
    if article < kind - 1 and not is_adjective_form(doc[kind - 1]):
        return False  # the article is a pronoun, not the kind's: "Das sind Unternehmen, Gartenbaubetriebe, …"
    before = doc[article - 1] if article > doc[article].sent.start else None
    return before is None or before.is_punct or before.is_lower


def party_spans(doc: Doc, lex: Lexicon) -> list[RuleSpan]:
    """Parties ("SPD", "Bündnis 90/Die Grünen", "der Grünen") and their fractions or groups ("SPD-Fraktion",
    "Fraktion der SPD", "CDU Ratsfraktion", "Gruppe FDP/Volt"): a fraction is an organisation apart from its party."""
    spans = []
    words = [t.text for t in doc]
    i = 0
    while i < len(doc):
        fraction = fraction_end(doc, words, i, lex)
        party = None if fraction else party_span(doc, words, i, lex)
        if fraction:
            spans.append(RuleSpan(fraction[0], fraction[1], "ORG", "rule:fraction"))
            i = fraction[1]
        elif party:
            following = party[1] < len(doc) and body_word(words[party[1]], lex)
            end = party[1] + 1 if following else party[1]
            spans.append(RuleSpan(i, end, "ORG", "rule:fraction" if following else "rule:party"))
            i = end
        else:
            i += 1
    return spans


def party_span(doc: Doc, words: list[str], i: int, lex: Lexicon) -> tuple[int, int] | None:
    """(start, end) of a party spelling at token ``i``; an ambiguous spelling ("Grüne", "Volt") only without a
    capitalised word after it (other than a fraction word) and without a number before it."""
    found = party_at(words, i, lex)
    if found is None:
        return None
    end = found[0]
    if compact_name(doc[i:end].text) in lex.ambiguous_party_spellings:
        following = doc[end] if end < len(doc) else None
        if (following is not None and is_capitalised(following) and not following.is_punct
                and not body_word(following.text, lex)) or (i > 0 and doc[i - 1].like_num):
            return None
    return i, end


def fraction_end(doc: Doc, words: list[str], i: int, lex: Lexicon) -> tuple[int, int] | None:
    """(start, end) of a fraction or group that starts at token ``i``: "Fraktion der SPD", "Gruppe FDP/Volt", a local
    list's ("Ratsgruppe UWG"), or a hyphenated fraction word after a party ("SPD-Fraktion", "B90/Grüne-Fraktion")."""
    if words[i] in lex.party_first_words or words[i].split("-")[0] in lex.party_first_words:
        for end in range(i + 1, min(len(doc), i + MAX_PARTY_WORDS) + 1):
            head, _, compound = words[end - 1].rpartition("-")
            parties = words[i : end - 1] + [head]
            found = party_list(parties, 0, lex) if head and body_word(compound, lex) else None
            if found and found[0] == len(parties):
                return i, end
    if not body_word(words[i], lex) or not is_capitalised(doc[i]):
        return None
    start = i + 2 if i + 2 < len(doc) and words[i + 1] in lex.fraction_joiners else i + 1
    found = party_list(words, start, lex) if start < len(doc) else None
    if found is None and start == i + 1 and start < len(doc) and is_acronym(doc[start]):
        return i, start + 1  # a group or fraction of a local list: "Ratsgruppe UWG", "Fraktion WIR"
    return (i, found[0]) if found else None


def state_spans(doc: Doc, lex: Lexicon) -> list[RuleSpan]:
    """A German Land as a government: "das Land Niedersachsen", "des Freistaates Bayern"."""
    spans = []
    texts = [t.text for t in doc]
    for i in range(len(doc) - 1):
        if texts[i] in STATE_WORDS and texts[i + 1] in lex.laender:
            spans.append(RuleSpan(i, i + 2, "ORG", "rule:state"))
    return spans


def person_spans(doc: Doc, lex: Lexicon) -> list[RuleSpan]:
    """People: after titles or roles ("Dr. Christoph Monfeld", "Regionaldirektor Garrelt Duin", a surname alone before
    a bracket: "Ratsmitglied Schmidt (SPD)"), known given names ("Ellen Dörr"), and "Surname, Given" lists
    ("Eckei, Adrienne")."""
    spans = []
    texts = [t.text for t in doc]
    i = 0
    while i < len(doc):
        role = texts[i].lower() in lex.roles
        cue = role or texts[i] in lex.titles
        saint = i > 0 and texts[i - 1] in SAINT_WORDS  # "St. Anna Hospital" names no Anna
        if (cue or texts[i] in lex.given_names) and not saint:
            start = i + 1 if cue else i
            role_after_cue = False
            while start < len(doc) and (doc[start].text in lex.titles or doc[start].text == "."
                                        or (cue and is_role(doc[start].lower_, lex))):  # "Herr Kreisdirektor Dr. …"
                role_after_cue = role_after_cue or is_role(doc[start].lower_, lex)
                start += 1
            end = start
            while end < len(doc) and end - start < 3 and is_name_word(doc[end], lex) and not is_acronym(doc[end]) \
                    and doc[end].text not in lex.titles \
                    and not head_of(doc[end], lex) and not is_common_noun(doc[end], lex) and not is_month(doc[end], lex) \
                    and not ends_name(doc, start, end, cue, lex):
                end += 1
            if end - start == 1 and (is_titled_noun_surname(doc, start, lex) if cue else is_common_noun_surname(doc, end, lex)):
                end += 1
            # a surname alone after a role and before a bracket ("Ratsmitglied Schmidt (SPD)") or after a title and a
            # role ("Herr Bundesminister Braun")
            speaker = end - start == 1 and (role and end < len(doc) and doc[end].text == "(" or role_after_cue)
            if (end - start >= 2 or speaker) and (cue or doc[start].text in lex.given_names):
                rule = "rule:role" if role else "rule:title" if cue else "rule:given_name"
                spans.append(RuleSpan(start, end, "PER", rule))
                i = end
                continue
        if i + 3 < len(doc) and texts[i + 2] in {",", "("} and is_person_before_role(doc, i, lex):
            spans.append(RuleSpan(i, i + 2, "PER", "rule:apposition"))
            i += 2
            continue
        if i + 2 < len(doc) and texts[i + 1] == "," and is_surname_given(doc, i, lex):
            spans.append(RuleSpan(i, i + 3, "PER", "rule:surname_given"))
            i += 3
            continue
        i += 1
    return spans


def is_role(word: str, lex: Lexicon) -> bool:
    """A role noun (lower-cased), also as the head of a compound ("Betriebsratsvorsitzender", "IG-Metall-Sekretär")."""
    return word in lex.roles or word.endswith(lex.role_heads)


def is_month(token: Token, lex: Lexicon) -> bool:
    """A month or its short form ("Jan", "Feb."), which table headers list in a row: "Jan Feb Mrz" is no person."""
    return token.lower_.rstrip(".") in lex.months


def starts_next_person(doc: Doc, start: int, i: int, lex: Lexicon) -> bool:
    """A given name after a surname starts the next person of a list: "Anna Lenz Paul Kranz" (but "Anna Maria Kranz")."""
    return doc[i].text in lex.given_names and not is_initial(doc[i - 1]) \
        and any(doc[j].text not in lex.given_names for j in range(start, i))


def ends_name(doc: Doc, start: int, i: int, cue: bool, lex: Lexicon) -> bool:
    """Whether a name from ``start`` is complete before token ``i``: a given name after a surname starts the next person,
    and a name found by its given name has one surname ("Anna Lenz | Jana", not "Anna Lenz Jana"); after a title or
    role the given name may be unknown ("Dr. Garrelt Duin")."""
    surnames = sum(doc[j].text not in lex.given_names and not is_initial(doc[j]) for j in range(start, i))
    return starts_next_person(doc, start, i, lex) or surnames >= (2 if cue else 1)


def is_initial(token: Token) -> bool:
    """A middle initial: one capital and a full stop ("Alex W. Friedrich")."""
    return len(token.text) == 2 and token.text[0].isupper() and token.text[1] == "."


def is_common_noun_surname(doc: Doc, i: int, lex: Lexicon) -> bool:
    """A common noun that is a surname too and ends a name after a given name: "Lisa Winter sagte", "mit Jan Koch."
    (not "Jan Koch Kochbuch", not "Ma Maschinist")."""
    return i + 1 < len(doc) and doc[i].text in lex.surname_nouns and not is_name_word(doc[i + 1], lex)


def is_titled_noun_surname(doc: Doc, given: int, lex: Lexicon) -> bool:
    """After a title or role and a given name, a capitalised noun is the surname: "Prof. Dr. Ute Sommer", "Frau Dr. Eva
    Mai" (not an organisation head, "Dr. Anna Klinik", nor a month before a number)."""
    i = given + 1
    if doc[given].text not in lex.given_names or i >= len(doc) or not doc[i].is_alpha or not is_capitalised(doc[i]):
        return False
    dated = is_month(doc[i], lex) and i + 1 < len(doc) and doc[i + 1].like_num
    return not head_of(doc[i], lex) and not dated


def is_person_before_role(doc: Doc, i: int, lex: Lexicon) -> bool:
    """Two proper words before a role in an apposition: "Raimund Nowak (Geschäftsführer …)", "Kai Muster, Leiter …",
    also with a surname that is a village ("Pit Clausen, Oberbürgermeister …"), but not two places."""
    if i + 3 >= len(doc) or doc[i + 2].text not in {",", "("}:
        return False
    first, last, role = doc[i], doc[i + 1], doc[i + 3]
    return is_proper_word(first, lex) and is_proper_word(last, lex) and not is_acronym(first) and not is_acronym(last) \
        and not head_of(first, lex) and not head_of(last, lex) and role.lower_ in lex.roles \
        and (not is_place(last.text, lex) or first.text in lex.given_names or not is_place(first.text, lex))


def starts_line(doc: Doc, i: int) -> bool:
    return i == 0 or doc[i - 1].is_space or doc[i - 1].text in {">", "\t", "\n"} or "\n" in doc[i - 1].whitespace_


def ends_line(doc: Doc, i: int) -> bool:
    return i >= len(doc) or doc[i].is_space or doc[i].text == "<" or "\t" in doc[i - 1].whitespace_ \
        or "\n" in doc[i - 1].whitespace_


def previous_word(doc: Doc, i: int) -> Token | None:
    """The token before ``i`` that is not whitespace (line breaks are tokens of their own)."""
    j = i - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    return doc[j] if j >= 0 else None


def is_wrapped_given_name(doc: Doc, i: int, lex: Lexicon) -> bool:
    """The line before token ``i`` ends in a given name that does not follow a comma: "Ira\nSommer" is one person."""
    before = previous_word(doc, i)
    if before is None or before.i == i - 1 or before.text not in lex.given_names:
        return False
    earlier = previous_word(doc, before.i)
    return earlier is None or earlier.text != ","


def is_surname_given(doc: Doc, i: int, lex: Lexicon) -> bool:
    """ "Eckei, Adrienne" in a signature or list: a line-initial surname, comma, a given name (known, or alone
    before the end of the line or a tab, neither word a common noun or a compound of one: not "Gefahrstoffaustritt,
    Explosionsgefahr")."""
    surname, given = doc[i], doc[i + 2]
    if not (is_name_word(surname, lex) and is_name_word(given, lex)) or head_of(surname, lex) or not starts_line(doc, i):
        return False
    if is_wrapped_given_name(doc, i, lex) or i + 3 < len(doc) and not ends_line(doc, i + 3) and is_name_word(doc[i + 3], lex):
        return False  # a list of "Given Surname" wrapped at a line: "Ira\nSommer, Felix Spehl"
    if given.text in lex.given_names:
        return True
    return ends_line(doc, i + 3) and not is_place(surname.text, lex) and not is_place(given.text, lex) \
        and not any(is_common_noun(t, lex) or ends_in_common_noun(t.text, lex) or is_noun_compound(t.lower_)
                    for t in (surname, given))


def quoted_spans(doc: Doc, lex: Lexicon) -> list[RuleSpan]:
    """Quoted names: „Runder Tisch der Gesundheitsregionen“, "eHealth.Metropolregion" (short, capitalised, no clause,
    not a topic after "Themenfeld" or a preposition nor an example after "z. B.", not a lone word without an inner
    capital, not opening with an article or a kind of document, not after a noun of another kind, not speech after a
    colon or before a comma at the start of a sentence, not a question); after a project head the name may end in
    lower case (Wettbewerb „Kinder forschen“)."""
    spans = []
    texts = [t.text for t in doc]
    i = 0
    while i < len(doc):
        closing = QUOTES.get(texts[i])
        if closing is None:
            i += 1
            continue
        end = i + 1
        while end < len(doc) and end - i <= lex.max_quoted_tokens + 1 and doc[end].text != closing and doc[end].text not in QUOTES:
            end += 1
        inner_start, inner_end = i + 1, end
        for j in range(inner_start, inner_end):
            if doc[j].text in {".", "!", "?"} and j > inner_start and (doc[j].whitespace_ or j + 1 == inner_end):
                inner_end = j
                break
        before = previous_word(doc, i)  # across a line break: "zum Thema\n„…“"
        topic = before is not None and (before.lower_ in lex.project_topic_words or gives_example(doc, before.i, lex))
        after_head = before is not None and project_head_of(before.lower_, lex) is not None
        if before is not None and before.text == ":" or any(t.text == "?" for t in doc[inner_start:end]) \
                or end + 1 < len(doc) and doc[end + 1].text == "," \
                and (opens_sentence(doc, i) or is_speech_verb(doc, end + 2, lex) and not after_head):
            topic = True  # speech or a question: sagt man: „Liebe Ärztinnen …!“, „Wo sind …?“, „Wir freuen uns“, sagt X
        single_word = inner_end - inner_start == 1
        if single_word and not (CAMEL_CASE.search(doc[inner_start].text) or after_head):
            topic = True  # a lone quoted common word, acronym or compound is a scare quote: „Ziele“, „SOLL“, „Home-Office“
        if inner_start < inner_end and doc[inner_start].lower_ in lex.articles and not after_head:
            topic = True  # a quoted phrase with its article is quoted text: „Die öffentlichen Sitzungen …“
        if inner_start < inner_end and head_of_lowercase(doc[inner_start].lower_, lex.document_kinds):
            topic = True  # the title of a rule or paper: „Unfallverhütungsvorschrift Feuerwehren“
        if called_publication(doc, end + 1, lex):
            topic = True  # a journal: „Angewandte Chemie“ ist eine Publikation der GDCh
        if before is not None and not after_head and is_capitalised(before) \
                and (is_common_noun(before, lex) or ends_in_common_noun(before.text, lex)):
            topic = True  # the name of a thing of another kind: Kindertagesstätte "St. Johannis", Leitbild „Visionen …“
        if (end < len(doc) and doc[end].text == closing and 0 < inner_end - inner_start <= lex.max_quoted_tokens
                and not topic and is_capitalised(doc[inner_start]) and (after_head or is_capitalised(doc[inner_end - 1]))
                and not any(t.text in {",", ":", ";"} for t in doc[inner_start:inner_end])):
            spans.append(RuleSpan(inner_start, inner_end, "PROJECT", "rule:quoted"))
            i = end + 1
            continue
        i = end if end > i else i + 1
    return spans


def called_publication(doc: Doc, i: int, lex: Lexicon) -> bool:
    """Whether the words from token ``i`` call what comes before a publication: "ist eine Publikation", "war die
    Fachzeitschrift"."""
    words = [t.lower_ for t in doc[i : i + 3]]
    return len(words) == 3 and words[0] in {"ist", "war"} and words[1] in lex.articles \
        and head_of_lowercase(words[2], lex.publication_kinds) is not None


def gives_example(doc: Doc, i: int, lex: Lexicon) -> bool:
    """Whether the words up to token ``i`` end with a phrase that introduces an example ("z. B.", "beispielsweise")."""
    before = " ".join(t.lower_ for t in doc[max(0, i - 2) : i + 1] if not t.is_space)
    return any(before == cue or before.endswith(" " + cue) for cue in lex.example_cues)


def opens_sentence(doc: Doc, i: int) -> bool:
    """Token ``i`` starts a sentence, also an opening quote that the sentencizer left with the sentence before (at
    the start of a line after it too)."""
    before = previous_word(doc, i)
    return doc[i].is_sent_start or i + 1 < len(doc) and doc[i + 1].is_sent_start or before is None \
        or before.text in {".", "!", "?"}


def is_speech_verb(doc: Doc, i: int, lex: Lexicon) -> bool:
    """A verb of saying at token ``i`` ("sagt", "so", "betonte"), as after a quotation and its comma."""
    return i < len(doc) and doc[i].lower_ in lex.speech_verbs


def dotted_name_spans(doc: Doc, lex: Lexicon) -> list[RuleSpan]:
    """Names joined by a dot without spaces, with an inner capital: "eHealth.Metropolregion" (not "LZG.NRW")."""
    spans = []
    texts = [t.text for t in doc]
    for i in range(len(doc) - 2):
        if texts[i + 1] != ".":
            continue
        a, dot, b = doc[i], doc[i + 1], doc[i + 2]
        if not dot.whitespace_ and not a.whitespace_ and is_capitalised(a) \
                and b.text[:1].isupper() and not is_acronym(a) and a.text[0].islower():
            spans.append(RuleSpan(i, i + 3, "PROJECT", "rule:dotted_name"))
    return spans


def project_head_of(low: str, lex: Lexicon) -> str | None:
    """The project head a lower-case word is or ends with: "förderprogramms" → "programm", "weltklimakonferenz"."""
    return head_of_lowercase(low, lex.project_heads)


def name_after_head(doc: Doc, i: int, lex: Lexicon) -> int:
    """End of the name after a project head at ``i``: up to four name words and a number after them
    ("Horizont 2020", "COP 28"); ``i + 1`` when no proper word follows."""
    end = i + 1
    if end >= len(doc) or not is_proper_word(doc[end], lex):
        return end
    while end < len(doc) and end - i <= 4 and is_name_word(doc[end], lex) and not (end == i + 1 and head_of(doc[end], lex)):
        end += 1
    if end < len(doc) and doc[end].is_digit and len(doc[end].text) <= 4:
        end += 1
    return end


def is_named_compound(token: Token, lex: Lexicon) -> bool:
    """A compound whose first part names the thing: "Transatlantik-Programm", "COP27-Gipfel" (not "Klima-Konferenz",
    nor an acronym of who funds it or of its field: "EU-Projekt", "KI-Programm"). :func:`project_spans` takes it for a
    name unless a quoted name follows ("das Interreg-Projekt „EMR Tele-Care“") or a possessive comes before ("in sein
    neues Accelerator-Programm"): then it describes."""
    prefix = token.text.split("-")[0]
    acronym = len(prefix) >= 2 and prefix.isupper() and prefix.isalpha()
    return "-" in token.text and bool(prefix) and prefix not in lex.common_nouns and not acronym


def after_possessive(doc: Doc, i: int) -> bool:
    """Whether a possessive, maybe with adjectives, stands before token ``i``: "bei seinen Vorhaben" speaks of a kind of
    thing, and the capitalised word after it is no name ("… Demografie, Klimaschutz"). (After an indefinite article a
    name may follow: "einen gemeinsamen Weiterbildungsstudiengang Pflegeinformatik".)"""
    j = i - 1
    while j >= 0 and j > i - 4 and doc[j].is_lower and is_adjective_form(doc[j]) and doc[j].lower_ not in POSSESSIVES:
        j -= 1
    return j >= 0 and doc[j].lower_ in POSSESSIVES


def project_spans(doc: Doc, lex: Lexicon) -> list[RuleSpan]:
    """Projects: names after a project head ("Projektstatus International Health Ruhr", "Weiterbildungsstudiengangs
    Pflegeinformatik", "Förderprogramm EXIST", "Offshore-Windpark Nordsee Ost") and names with a project word
    ("Health Hack Metropolregion", "European Recovery Program", "Transatlantik-Programm der Bundesregierung")."""
    spans = []
    for i, low in enumerate([t.lower_ for t in doc]):
        last_part = low.split("-")[-1]
        head = project_head_of(low, lex)
        if head is None and last_part not in lex.project_name_heads:
            continue
        token = doc[i]
        end = name_after_head(doc, i, lex) if head and not after_possessive(doc, i) else i + 1
        if end > i + 1:
            keeps_head = head in lex.project_keep_heads or head in lex.compound_event_heads \
                and not low.startswith(head) and is_place(doc[i + 1].text, lex)  # "Gesundheitskongress Westfalen"
            start = i if keeps_head else i + 1
            spans.append(RuleSpan(start, end, "PROJECT", "rule:project_head"))
        german_plural = last_part == "programme" and "-" in low  # "KfW-Programme" (not "Recovery Programme")
        if last_part in lex.project_name_heads and is_capitalised(token) and not german_plural:
            start = i
            while start > 0 and i - start < 3 and not doc[start].is_sent_start and is_proper_word(doc[start - 1], lex) \
                    and doc[start - 1].lower_ not in lex.announcing_adjectives:  # "Neues Projekt" in a headline
                start -= 1
            end = i + 1
            while end < len(doc) and end - i <= 2 and is_proper_word(doc[end], lex) and not doc[end].is_sent_start:
                end += 1
            if end + 1 < len(doc) and doc[end].lower_ in {"der", "des"} and is_name_word(doc[end + 1], lex) and "-" in token.text:
                end += 2
            describes = after_possessive(doc, i) or (i + 1 < len(doc) and doc[i + 1].text in QUOTES)
            if start < i or (is_named_compound(token, lex) and not describes) or (end > i + 1 and head is None):
                spans.append(RuleSpan(start, end, "PROJECT", "rule:project_name"))
    return spans


def event_code_spans(doc: Doc, lex: Lexicon) -> list[RuleSpan]:
    """Events named by a code in a sentence about a meeting: "die COP27 in Scharm el-Scheich" beside "Klimakonferenz",
    "COP 28" as two tokens."""
    spans = []
    for sentence in doc.sents:
        if not any(head_of_lowercase(t.lower_, lex.event_words) for t in sentence):
            continue
        for token in sentence:
            if lex.event_code.fullmatch(token.text):
                spans.append(RuleSpan(token.i, token.i + 1, "PROJECT", "rule:event_code"))
            elif token.i + 1 < sentence.end and is_acronym(token) and lex.event_code.fullmatch(token.text + token.nbor(1).text):
                spans.append(RuleSpan(token.i, token.i + 2, "PROJECT", "rule:event_code"))
    return spans


def alias_pairs(doc: Doc, spans: list[RuleSpan], lex: Lexicon) -> list[tuple[RuleSpan, RuleSpan]]:
    """A name and its other name: "Regionalverband Ruhr (RVR)", „Digitale Gesundheitswirtschaft“, kurz „eHealth“.

    The second span is returned with the rule ``rule:abbreviation`` (parentheses, new span: a short form that
    :func:`abbreviates` the name and is not a place) or ``rule:alias``.
    """
    pairs = []
    by_start = {s.start: s for s in spans}
    for span in spans:
        if span.end + 2 < len(doc) and doc[span.end].text == "(" and doc[span.end + 2].text == ")":
            candidate = doc[span.end + 1]
            if is_short_form(candidate, lex) and abbreviates(candidate.text, doc[span.start : span.end].text):
                pairs.append((span, RuleSpan(span.end + 1, span.end + 2, span.label, "rule:abbreviation")))
        for gap in (2, 3):
            cue = doc[span.end : span.end + gap]
            if len(cue) == gap and any(t.lower_ in lex.alias_cues for t in cue) and all(t.is_punct or t.lower_ in lex.alias_cues for t in cue):
                other = by_start.get(span.end + gap) or by_start.get(span.end + gap + 1)
                if other is not None and other.label == span.label:
                    pairs.append((span, RuleSpan(other.start, other.end, other.label, "rule:alias")))
    return pairs


def is_short_form(token: Token, lex: Lexicon) -> bool:
    """A word that may be a short form in brackets: an acronym ("RVR"), a short capitalised ("Difu") or lower-case
    ("vdek") word; not a place ("Ruhr")."""
    text = token.text
    short_word = text.isalpha() and (text[:1].isupper() and len(text) <= 8 or text.islower() and 3 <= len(text) <= 6)
    return (is_acronym(token) or short_word) and not is_place(text, lex)


def defined_name_spans(doc: Doc, lex: Lexicon) -> list[RuleSpan]:
    """Organisations named right before their short form in brackets: "Kassenärztliche Vereinigung Niedersachsen
    (KVN)", "Verband der Ersatzkassen (vdek)". The name is the fewest words before the bracket, from a word with the
    short form's first letter, that the short form :func:`abbreviates` (at most min(letters + 5, 2 × letters) words,
    as Schwartz & Hearst 2003) whose every capitalised word starts with a letter of the short form, and that opens
    with an organisation head after its adjectives (:func:`opens_with_head`)."""
    spans = []
    for i in range(1, len(doc) - 2):
        short = doc[i + 1]
        if doc[i].text != "(" or doc[i + 2].text != ")" or not is_short_form(short, lex):
            continue
        letters = sum(c.isalnum() for c in short.text)
        for start in range(i - 1, max(i - 1 - min(letters + 5, 2 * letters), -1), -1):
            token = doc[start]
            name_word = is_name_word(token, lex)
            if not name_word and token.lower_ not in lex.definition_joiners:
                break
            name = doc[start:i].text
            if name_word and token.text[0].lower() == short.text[0].lower() and abbreviates(short.text, name):
                initials_in_short = all(t.text[0].lower() in short.text.lower() for t in doc[start:i] if t.text[0].isupper())
                if initials_in_short and opens_with_head(doc[start:i], lex):
                    spans.append(RuleSpan(start, i, "ORG", "rule:defined_name"))
                break
            if token.is_sent_start:
                break
    return spans


def opens_with_head(tokens: Span, lex: Lexicon) -> bool:
    """Whether the first word after the adjectives ends in an organisation head: "Kassenärztliche Vereinigung …",
    "Verband der …", "Kraftfahrt-Bundesamt" (not "Bekanntmachung der … Bundesregierung", "…-Eigenkapitalverordnung")."""
    first = next((t for t in tokens if head_of(t, lex) or not is_adjective_form(t)), None)
    return first is not None and head_of(first, lex) is not None


def abbreviates(short: str, long: str) -> bool:
    """The short form's letters and digits occur in the long form in order, the first at the start of a word
    (Schwartz & Hearst 2003): "RVR" ← "Regionalverband Ruhr", "HuFa" ← "Haupt- und Finanzausschuss", not "Chile"."""
    letters = [c for c in short.lower() if c.isalnum()]
    text = long.lower()
    position = len(text) - 1
    for index in range(len(letters) - 1, -1, -1):
        while position >= 0 and (text[position] != letters[index]
                                 or (index == 0 and position > 0 and text[position - 1].isalnum())):
            position -= 1
        if position < 0:
            return False
        position -= 1
    return bool(letters)


BULLETS = frozenset("-–•·*▪")
"""Marks that open the item of a bulleted list (web pages render <li> so)."""
LIST_MARKER = re.compile(rf"[{re.escape(''.join(sorted(BULLETS)))}]|\d{{1,2}}[.)]|[a-z]\)")
"""What opens an item of a list: a bullet, "1.", "2)", "a)"."""


DOTTED_ABBREVIATION = re.compile(r"^(?:[A-Za-zÄÖÜäöü]{1,3}\.)+$|^(?:[A-Za-zäöü]\.)+[A-Za-zäöü]$")  # "M.Sc.", "V.l.n.r"


def checked_ner_label(tokens: list[Token], label: str, lex: Lexicon) -> str | None:
    """The label a statistical entity keeps after plausibility checks, or None to drop it.

    Dropped: spans across a line or tab, addresses, spans with a quotation mark in them, a legal form alone ("AöR"),
    spans ending in a compound adjective ("KI-gestützter"), a role or role compound ("Chief Medical Officer",
    "Klinikum-Vest-Geschäftsführer"), spans opening with a dotted abbreviation ("V.l.n.r."), spans of only function
    words, common nouns or roles ("Fachreferentin", "Betreff"), a bare organisation head ("Wirtschaftsministerium"),
    organisations with an :func:`organisation_doubt`, places that are codes, laws or adjectives ("AN/1429/2020",
    "StVO", :func:`is_common_word`), people named with a role word or a slash (the evidence a person needs is
    :func:`person_evidence`'s). A lone place or village labelled ORG becomes LOC, a MISC span that
    :func:`names_project` becomes PROJECT.
    """
    texts = [t.text for t in tokens]
    if any("\n" in t.whitespace_ or "\t" in t.whitespace_ for t in tokens[:-1]) or any(t.is_space for t in tokens):
        return None
    if DOTTED_ABBREVIATION.match(texts[0]) and texts[0] not in lex.titles or any("@" in x or "://" in x or x.lower().startswith("www.") for x in texts):
        return None
    if any(mark in text for text in texts for mark in QUOTE_MARKS):
        return None  # a piece of a quoted phrase: „Bündnis für Wohnen“-Ausschuss → "Wohnen“-Ausschuss"
    if tuple(texts) in lex.legal_forms:
        return None  # a legal form alone, as in "Universitätsklinikum Essen (AöR)"
    words = [t for t in tokens if not t.is_punct]
    if not words or all(t.text in lex.stop_words or (is_common_noun(t, lex) and label != "PER") or t.is_lower for t in words):
        return None
    last_part = words[-1].text.rpartition("-")[2]
    if "-" in words[-1].text and last_part.islower():
        return None  # a compound adjective or adverb: "KI-gestützter", "EU-weit"
    if label == "ORG" and len(words) == 1 and "-" in words[0].text and is_role(last_part.lower(), lex):
        return None  # a role at an organisation: "Klinikum-Vest-Geschäftsführer"
    if label == "ORG" and "-" not in words[-1].text and is_role(words[-1].lower_, lex) \
            and not any(head_of(t, lex) for t in words):
        return None  # a role, not its organisation: "Chief Medical Officer" (for "IG Metall-Sekretär" see role_compound_name)
    if label == "ORG" and len(words) == 1:
        if is_place(words[0].text, lex):
            return "LOC"
        if head_of(words[0], lex) and "-" not in words[0].text:
            return None
    if label == "PER" and any(t.lower_ in lex.roles or t.text in lex.stop_words or t.text == "/" for t in tokens):
        return None
    if label == "ORG" and len(words) >= 2 and is_common_noun(words[-1], lex) and all(is_adjective_form(t) for t in words[:-1]):
        return None  # an adjective and a noun: "Runden Tisches"
    if label == "LOC" and (is_code(tokens, lex) or cites_law(tokens, lex)):
        return None
    if label == "LOC" and len(words) == 1 and is_common_word(words[0], lex):
        return None
    if label == "ORG" and (doubt := organisation_doubt(tokens, lex)):
        return "LOC" if doubt == "village" and len(words) == 2 else None
    if label == "MISC" and names_project(tokens, lex):
        return "PROJECT"
    return label


def line_of(token: Token) -> list[Token]:
    """The tokens of the text line that holds ``token`` (line breaks are white space or tokens of their own)."""
    doc, start, end = token.doc, token.i, token.i
    while start > 0 and not doc[start - 1].is_space and "\n" not in doc[start - 1].whitespace_:
        start -= 1
    while end + 1 < len(doc) and not doc[end + 1].is_space and "\n" not in doc[end].whitespace_:
        end += 1
    return list(doc[start : end + 1])


NUMBER = re.compile(r"[-–]|\d[\d.,/%]*")


def in_numeric_row(tokens: list[Token], lex: Lexicon) -> bool:
    """The span stands in a row of a numeric table: most words of its line are numbers or dashes
    ("MLF 2021 2 6 7,49 Straße - 4 - - -")."""
    words = [t for t in line_of(tokens[0]) if not t.is_space and (not t.is_punct or t.text in "-–")]
    numbers = sum(bool(NUMBER.fullmatch(t.text)) for t in words)
    return numbers >= lex.numeric_row_min_numbers and numbers >= lex.numeric_row_share * len(words)


def is_code(tokens: list[Token], lex: Lexicon) -> bool:
    """A code, not a name: code characters or an opening symbol ("F=", "& 45 Abs. 9"), a word of digits with one
    letter at most ("E77"), an acronym followed by numbers only ("HLF 20", "LF 8/18"), or the letters of a reference
    joined to its numbers ("AN/1429/2020")."""
    text = "".join(t.text_with_ws for t in tokens).strip()
    if any(c in lex.code_characters for c in text) or not (text[0].isalnum() or text[0] in QUOTES):
        return True
    if len(tokens) == 1 and any(c.isdigit() for c in text) and sum(c.isalpha() for c in text) <= 1:
        return True
    doc, end = tokens[0].doc, tokens[-1].i + 1
    if end + 1 < len(doc) and not tokens[-1].whitespace_ and doc[end].text in "/-" and doc[end + 1].text[:1].isdigit():
        return True  # the letters of a reference: "AN/1429/2020"
    return len(tokens) >= 2 and is_acronym(tokens[0]) and all(NUMBER.fullmatch(t.text) for t in tokens[1:])


def cites_law(tokens: list[Token], lex: Lexicon) -> bool:
    """A law, not its author: it opens with a law's abbreviation ("GO NRW", "EnWG") or follows a paragraph sign
    ("gemäß § 46 Abs. 3 LBG NRW")."""
    doc, start = tokens[0].doc, tokens[0].i
    before = doc[max(0, start - 8) : start].text
    return tokens[0].text in lex.law_abbreviations or bool(lex.law_citation_before.search(before + " ")) \
        or any(t.text in ("§", "§§", "Abs.") for t in tokens)


def is_village(tokens: list[Token], lex: Lexicon) -> bool:
    """A village: a place prefix and a name word, no organisation head ("Groß Escherde", "Klein Flöthe 38")."""
    return len(tokens) >= 2 and tokens[0].text in lex.place_prefixes and is_capitalised(tokens[1]) \
        and not any(head_of(t, lex) for t in tokens)


def is_capital_word(tokens: list[Token], lex: Lexicon) -> bool:
    """A German word in capitals, not an acronym: a heading or table cell ("INHALTE", "ORTSBILDPFLEGE", "IST")."""
    if len(tokens) != 1 or not tokens[0].text.isupper() or not tokens[0].text.isalpha():
        return False
    word = tokens[0].text.capitalize()
    return word in lex.plain_capital_words or len(word) >= 6 and ends_in_common_noun(word, lex)


def is_common_word(token: Token, lex: Lexicon) -> bool:
    """A word of a table head or cell that is no place: an adjective ("Ordentlich", "Stellvertretend"), a noun cut
    short ("Rettungsd.") or a compound of common nouns ("Bau-Standort")."""
    text = token.text
    return not is_place(text, lex) and (bool(ADJECTIVE_STEM.search(text)) or is_cut_noun(token, lex)
                                        or "-" in text and all(part in lex.common_nouns for part in text.split("-")))


def opens_with_document_part(tokens: list[Token], lex: Lexicon) -> bool:
    """A part of a council document: "Beschlussvorschlag II. a", "Antrag der SPD"."""
    return tokens[0].text in lex.document_parts


def is_cut_noun(token: Token, lex: Lexicon) -> bool:
    """A word cut short before a full stop that opens a known common noun: "Rettungsd." (Rettungsdienst)."""
    doc = token.doc
    return token.i + 1 < len(doc) and doc[token.i + 1].text == "." and not token.whitespace_ and len(token.text) >= 5 \
        and opens_noun(token.text, lex.common_nouns)


@lru_cache(maxsize=4096)
def opens_noun(word: str, nouns: frozenset[str]) -> bool:
    return any(noun.startswith(word) and noun != word for noun in nouns)


def is_noun_acronym(tokens: list[Token], lex: Lexicon) -> bool:
    """The short form of a common noun alone: "KI", "EDV", "ÖPNV"."""
    return len(tokens) == 1 and tokens[0].text in lex.noun_acronyms


NOUN_COMPOUND = re.compile(r"(ung|heit|keit|schaft|ion|tät)s[a-zäöüß]{3,}$")


def is_noun_compound(low: str) -> bool:
    """A compound whose first part ends in a noun suffix and the linking "s": "explosionsgefahr", "ordnungsamt"."""
    return NOUN_COMPOUND.search(low) is not None


def ends_in_common_noun(word: str, lex: Lexicon) -> bool:
    """The word's last part of five letters or more is a known common noun: "Kindertagesstätte", "Ortsbildpflege"."""
    return any(word[i:].capitalize() in lex.common_nouns for i in range(len(word) - 4))


GENDER_FORM = re.compile(r"[a-zäöüß](?:Innen|[*:_/]-?innen|/-?in)$")


def names_people(tokens: list[Token], lex: Lexicon) -> bool:
    """People, not an organisation: a gendered form ("BesucherInnen", "Autor/-in"), or a surname before a comma
    and a given name ("Tischbier, Marcus")."""
    text = "".join(t.text_with_ws for t in tokens).strip()
    doc, end = tokens[0].doc, tokens[-1].i + 1
    return bool(GENDER_FORM.search(text)) or len(tokens) == 1 and end + 1 < len(doc) and doc[end].text == "," \
        and doc[end + 1].text in lex.given_names


def is_table_code(tokens: list[Token], lex: Lexicon) -> bool:
    """An acronym, alone or before a word that is no place, in a row of a numeric table: a column code or a
    category ("TSF 1999 24 6", "THL Person in Gefahr 13 1 2"), not a name ("AOK Niedersachsen 12 4" stays)."""
    words = [t for t in tokens if not t.is_punct]
    return len(words) <= 2 and is_acronym(words[0]) and not any(head_of(t, lex) or is_place(t.text, lex) for t in words[1:]) \
        and in_numeric_row(tokens, lex)


ORGANISATION_DOUBTS = (("code", is_code), ("law", cites_law), ("village", is_village), ("capital_word", is_capital_word),
                       ("noun_acronym", is_noun_acronym), ("document_part", opens_with_document_part),
                       ("people", names_people), ("table_code", is_table_code))
"""Signs that a span the model labels ORG names no organisation, asked in this order."""


def organisation_doubt(tokens: list[Token], lex: Lexicon) -> str | None:
    """The first sign of :data:`ORGANISATION_DOUBTS` that a span labelled ORG names no organisation, or None."""
    return next((name for name, test in ORGANISATION_DOUBTS if test(tokens, lex)), None)


def names_project(tokens: list[Token], lex: Lexicon) -> bool:
    """A span the model calls MISC is a project or event when a project head stands right before it ("Wettbewerb
    Jugend gründet") or its last word is one ("Hannover Messe Summit", "Deutscher Zukunftskongress")."""
    before = previous_word(tokens[0].doc, tokens[0].i)
    last = tokens[-1].lower_
    return before is not None and project_head_of(before.lower_, lex) is not None and is_capitalised(tokens[0]) \
        or last.split("-")[-1] in lex.project_name_heads or len(tokens) >= 2 and project_head_of(last, lex) is not None


def is_street_word(token: Token, lex: Lexicon) -> bool:
    """A word naming a street: "Calenberger Str.", "Lindenallee" (no surname ends so), or "Hellweg 5" before a number."""
    return token.lower_.endswith(lex.street_words) or is_street(token, lex)


def follows_title_or_role(words: list[Token], lex: Lexicon) -> bool:
    """ "Frau Kaiser", "Dr. Sommer", "Bürgermeisterin Lange": a title or role right before the name."""
    before = previous_word(words[0].doc, words[0].i)
    while before is not None and (before.text == "." or before.text in lex.titles and before.lower_ not in lex.roles):
        if before.text in lex.titles:
            return True
        before = previous_word(before.doc, before.i)
    return before is not None and before.lower_ in lex.roles


def opens_with_given_name(words: list[Token], lex: Lexicon) -> bool:
    """ "Ira Sommer", "Hans-Peter Krause": a known given name (or its first part) and at least one more name word."""
    first = words[0].text
    return len(words) >= 2 and (first in lex.given_names or first.split("-")[0] in lex.given_names)


def repeats_known_surname(words: list[Token], surnames: frozenset[str]) -> bool:
    """ "Sommer" or "Sommers" alone, where the document names "Ira Sommer" in full."""
    text = words[-1].text
    return text in surnames or text.endswith("s") and text[:-1] in surnames


def are_proper_name_words(words: list[Token], lex: Lexicon) -> bool:
    """Two or more proper words, none a place, adjective, adverb or English word, and not a place together:
    "Garrelt Duin" (an unlisted given name), not "Green Health" or "Groß Escherde"."""
    return len(words) >= 2 and not is_place(" ".join(t.text for t in words), lex) and all(
        is_proper_word(t, lex) and not is_place(t.text, lex) and not is_adjective(t) and t.lower_ not in lex.english_words
        and not t.lower_.endswith(lex.adverb_endings) for t in words)


def name_words(tokens: list[Token], lex: Lexicon) -> list[Token]:
    """The words of a person's span without punctuation and the titles it opens with ("Dr. Krupp" → "Krupp")."""
    words = [t for t in tokens if not t.is_punct]
    while len(words) > 1 and words[0].text in lex.titles:
        words.pop(0)
    return words


def split_people(tokens: list[Token], lex: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of each person in a span that runs several together ("Anna Lenz Paul Kranz"), at each given name
    after a surname that leaves two words or more on either side; the span itself when it holds one ("Yong Jiang")."""
    starts, end = [tokens[0].i], tokens[-1].i + 1
    for token in tokens[2:-1]:
        if token.i - starts[-1] >= 2 and starts_next_person(token.doc, starts[-1], token.i, lex):
            starts.append(token.i)
    return list(zip(starts, starts[1:] + [end]))


def person_evidence(tokens: list[Token], lex: Lexicon, surnames: frozenset[str]) -> str | None:
    """Why a span the model labels PER names a person (the first evidence of :data:`PERSON_EVIDENCE` that holds),
    or None. Street names and two people run together ("Anna Lenz Paul") never do; a lone word needs a title or
    role before it, or a surname the page gives in full elsewhere and no article before it ("im Winter"), so lone
    common nouns, adverbs and English words ("Urlaub", "Gegebenenfalls") drop out."""
    words = name_words(tokens, lex)
    if not words or words[0].text in lex.titles or any(is_street_word(t, lex) for t in words) or any(is_month(t, lex) for t in words[1:]) \
            or len(split_people(words, lex)) > 1:
        return None
    if follows_title_or_role(words, lex):
        return "title_or_role"
    if len(words) == 1:
        after_article = (before := previous_word(words[0].doc, words[0].i)) is not None and before.lower_ in lex.articles
        return "known_surname" if repeats_known_surname(words, surnames) and not after_article else None
    return next((name for name, test in PERSON_EVIDENCE if test(words, lex)), None)


PERSON_EVIDENCE = (("given_name", opens_with_given_name), ("proper_words", are_proper_name_words))
"""Evidence a name of two or more words can carry by itself, asked in this order. A surname that is also a common
noun ("Ira Sommer", "Frau Koch") needs the given name or the title; proper words alone must not be common nouns."""


def person_surname(words: list[str]) -> str:
    """The surname of a person's words: the first of "Sommer, Ira", else the last."""
    return words[0] if len(words) >= 3 and words[1] == "," else words[-1]


def is_adjective_form(token: Token) -> bool:
    return token.lower_.endswith(ADJECTIVE_INFLECTIONS) and not token.is_upper


RULES = (party_spans, legal_form_spans, head_spans, defined_name_spans, authority_spans, plural_kind_spans,
         appositive_name_spans, kind_name_spans, state_spans, person_spans, quoted_spans, dotted_name_spans, project_spans,
         event_code_spans)
