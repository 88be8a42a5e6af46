"""Name normalisation: legal forms, titles, "Surname, Given" order, inflection, hyphen and spacing variants,
party spellings and fraction names."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from hrgraph.nlp.lexicon import load_lexicon
from hrgraph.nlp.parties import fraction_name, party_name
from hrgraph.nlp.rules import (ADJECTIVE, STRONG_ENDINGS, authority_nominative, head_of_lowercase, is_place, is_role,
                               strip_legal_form)

DASHES = re.compile(r"\s*[–—-]\s*(?!und |oder |sowie )")  # not the hyphen of "Haupt- und Finanzausschuss"
INFLECTION = ("es", "en", "er", "em", "e", "s")


def clean_spacing(name: str) -> str:
    name = unicodedata.normalize("NFKC", name).replace("\u00ad", "")
    return re.sub(r"\s+", " ", DASHES.sub(lambda m: " – " if m.group(0).strip() in "–—" and " " in m.group(0) else "-", name)).strip(" ,;:-")


def strip_titles(name: str) -> str:
    """ "Univ.-Prof. Dr. med. Gernot Marx" → "Gernot Marx"; "Eckei, Adrienne" → "Adrienne Eckei"."""
    lex = load_lexicon()
    words = name.replace(". ", ".  ").split()
    while len(words) > 1 and (words[0] in lex.titles or words[0].rstrip(".") + "." in lex.titles
                              or is_role(words[0].lower(), lex)):
        words.pop(0)  # "Ortsratsmitglied Könneke" → "Könneke"
    name = " ".join(words)
    if name.count(",") == 1:
        surname, given = (part.strip() for part in name.split(","))
        if given and surname:
            name = f"{given} {surname}"
    return name


def nominative(name: str) -> str:
    """The head of a name out of the genitive, and the adjectives before it in the nominative: "Bundesministeriums
    für …" → "Bundesministerium für …", "Kreises Olpe" → "Kreis Olpe", "Weiterbildungsstudiengangs Pflegeinformatik" → "Weiterbildungsstudiengang
    Pflegeinformatik", "Niedersächsischen Ministerium für …" → "Niedersächsisches Ministerium für …"; also before a
    feminine noun that is no head: "Europäischen Kommission" → "Europäische Kommission"."""
    lex = load_lexicon()
    words = name.split(" ")
    if authority := authority_nominative(words[0], lex):
        return " ".join([authority] + words[1:])  # "Kreises Olpe" → "Kreis Olpe", "Hochsauerlandkreises" → "Hochsauerlandkreis"
    for i, word in enumerate(words):
        low = word.lower()
        head = head_of_lowercase(low, lex.org_heads)
        for ending in ("es", "s"):
            stem_word = low[: -len(ending)]
            if low.endswith(ending) and ((head and stem_word.endswith(head)) or stem_word in lex.project_heads):
                words[i] = word[: -len(ending)]
                return " ".join(nominative_adjectives(words[:i], head) + words[i:])
        if head:
            return " ".join(nominative_adjectives(words[:i], head) + words[i:])
        if low in lex.project_heads:
            break
    if len(words) >= 2 and words[-1].lower().endswith(lex.feminine_endings):  # "Europäischen Kommission"
        return " ".join(nominative_adjectives(words[:-1], "") + words[-1:])
    return name


def nominative_adjectives(words: list[str], head: str) -> list[str]:
    """Adjectives right before a head in the strong nominative of the head's gender: ["Niedersächsischen"] before
    "Ministerium" → ["Niedersächsisches"]; anything else before the head (a place such as "Südwestfalen" too)
    leaves the words as they are."""
    lex = load_lexicon()
    if not words or not all(ADJECTIVE.match(word) and not is_place(word, lex) for word in words):
        return words
    ending = STRONG_ENDINGS[lex.head_genders.get(head, "feminine")]
    return [ADJECTIVE.match(word).group(1) + ending for word in words]


@lru_cache(maxsize=200_000)
def canonical_form(name: str, entity_type: str) -> str:
    """The display form of a mention: spacing cleaned, heads in the nominative, titles removed from people.

    >>> canonical_form("Bundesministeriums für Wirtschaft und Energie", "ORG")
    'Bundesministerium für Wirtschaft und Energie'
    >>> canonical_form("Niedersächsischen Ministerium für Soziales", "ORG")
    'Niedersächsisches Ministerium für Soziales'
    >>> canonical_form("Europäischen Kommission", "ORG")
    'Europäische Kommission'
    >>> canonical_form("Univ.-Prof. Dr. med. Gernot Marx", "PER")
    'Gernot Marx'
    >>> canonical_form("Grünen", "ORG")
    'Bündnis 90/Die Grünen'
    """
    name = clean_spacing(name)
    if entity_type == "PER":
        return strip_titles(name)
    if entity_type == "ORG":
        return party_name(name) or nominative(name)
    return nominative(name) if entity_type == "PROJECT" else name


@lru_cache(maxsize=200_000)
def match_key(name: str, entity_type: str, keep_legal_form: bool = False) -> str:
    """A loose key under which spelling variants of one name coincide (legal forms dropped unless kept).

    >>> match_key("MedEcon Ruhr e.V.", "ORG") == match_key("MedEcon Ruhr GmbH", "ORG") == match_key("MEDECON RUHR", "ORG")
    True
    >>> match_key("Neurovaskuläres Netzwerk Ruhr", "ORG") == match_key("Neurovaskuläre Netzwerk Ruhr", "ORG")
    True
    >>> match_key("Land Niedersachsen", "ORG") == match_key("AOK Niedersachsen", "ORG")
    False
    >>> match_key("Landeszentrum Gesundheit NRW", "ORG") == match_key("Landeszentrum Gesundheit Nordrhein-Westfalen", "ORG")
    True
    >>> match_key("CDU-Ratsfraktion", "ORG") == match_key("Fraktion der CDU", "ORG") != match_key("CDU", "ORG")
    True
    >>> match_key("FH Münster", "ORG") == match_key("Fachhochschule Münster", "ORG")
    True
    """
    name = canonical_form(name, entity_type)
    if entity_type == "ORG":
        name = fraction_name(name) or name
    if entity_type in ("ORG", "PROJECT") and not keep_legal_form:
        name = strip_legal_form(name)
    lex = load_lexicon()
    words = name.split()
    if entity_type == "ORG" and len(words) > 1 and words[0] in lex.head_abbreviations:
        words[0] = lex.head_abbreviations[words[0]]  # "FH Münster" → "Fachhochschule Münster"
    name = " ".join(lex.place_abbreviations.get(word, word) for word in words)
    name = unicodedata.normalize("NFKC", name).casefold()
    name = re.sub(r"[^\w\s-]", " ", name).replace("-", " ")
    return " ".join(stem(word) for word in name.split())


def stem(word: str) -> str:
    """Drop a German inflection ending from longer words ("Ministeriums" → "ministerium")."""
    if len(word) > 4 and not word.isdigit():
        for ending in INFLECTION:
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                return word[: -len(ending)]
    return word


def is_abbreviation(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and len(name) <= 12 and " " not in name and sum(c.isupper() for c in letters) >= 2 \
        and sum(c.isupper() for c in letters) >= len(letters) - 2


def is_oblique_of(form: str, other: str) -> bool:
    """ "Deutschen Wetterdienstes" is a dative or genitive of "Deutscher Wetterdienst", "der Deutschen
    Bahn" of "Deutsche Bahn", "Weltklimarats" of "Weltklimarat": the same words, some with an oblique ending."""
    words, others = form.split(), other.split()
    return len(words) == len(others) and words != others and all(
        a == b or a in (b + "n", b[:-2] + "en", b + "s", b + "es") for a, b in zip(words, others))
