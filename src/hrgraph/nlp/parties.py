"""Party and fraction names: the spellings of ``resources/de/parties.yml`` read on words (tokens or split names).

A party is one organisation whatever its spelling ("Grünen", "B90/Grüne" → "Bündnis 90/Die Grünen"); a fraction
("SPD-Fraktion", "Fraktion der SPD", "CDU-Ratsfraktion") is an organisation of its own, keyed by its assembly level
and its parties so that the spellings of one fraction coincide.
"""

from __future__ import annotations

import re

from hrgraph.nlp.lexicon import Lexicon, compact_name, load_lexicon

MAX_PARTY_WORDS = 12
WORDS = re.compile(r"[^\s/&+,]+|[/&+,]")
ARTICLES = {"der", "die", "den", "des"}


def party_at(words: list[str], i: int, lex: Lexicon) -> tuple[int, str] | None:
    """(end, canonical party) of the longest party spelling that starts at word ``i``, or None."""
    if words[i] not in lex.party_first_words:
        return None
    found = None
    for end in range(i + 1, min(len(words), i + MAX_PARTY_WORDS) + 1):
        canonical = words[end - 1].strip() and lex.parties.get(compact_name(" ".join(words[i:end])))
        if canonical:
            found = (end, canonical)
    return found


def party_list(words: list[str], i: int, lex: Lexicon) -> tuple[int, list[str]] | None:
    """(end, canonical parties) of parties joined by "/", "und", "&" from word ``i`` ("SPD/Grüne", "FDP und Volt")."""
    first = party_at(words, i, lex)
    if first is None:
        return None
    end, parties = first[0], [first[1]]
    while end + 1 < len(words) and words[end] in lex.party_list_joiners:
        following = party_at(words, end + 1, lex)
        if following is None:
            break
        end, parties = following[0], parties + [following[1]]
    return end, parties


def body_word(word: str, lex: Lexicon) -> str | None:
    """The canonical word of a fraction or group word: "Ratsfraktion" → "Fraktion", "Kreistagsfraktion" →
    "Kreistagsfraktion", "Ratsgruppe" → "Gruppe"; None for other words and for plurals ("Fraktionen")."""
    if word in lex.group_words:
        return "Gruppe"
    low = word.lower()
    if not word[:1].isupper() or not low.endswith(lex.fraction_ending):
        return None
    level = low[: -len(lex.fraction_ending)]
    return "Fraktion" if level in lex.council_prefixes or not level else level.capitalize() + lex.fraction_ending


def party_name(name: str) -> str | None:
    """The canonical party a name spells ("der Grünen" → "Bündnis 90/Die Grünen"), or None."""
    lex = load_lexicon()
    words = WORDS.findall(name)
    starts = (0, 1) if len(words) > 1 and words[0].lower() in ARTICLES else (0,)
    found = [party_at(words, start, lex) for start in starts if words]
    return next((party[1] for party in found if party and party[0] == len(words)), None)


def fraction_name(name: str) -> str | None:
    """The canonical name of a fraction or group ("CDU-Ratsfraktion", "Fraktion der CDU" → "Fraktion CDU";
    "Gruppe FDP/Volt" → "Gruppe FDP und Volt"); words after it stay ("SPD-Fraktion Kassel" → "Fraktion SPD Kassel")."""
    lex = load_lexicon()
    words = WORDS.findall(name)
    if not words:
        return None
    for i, word_i in enumerate(words):  # "SPD-Fraktion", "B90/Grüne-Fraktion": a party before a hyphenated fraction word
        head, _, compound = word_i.rpartition("-")
        if head and body_word(compound, lex):
            parties = party_name_parts(" ".join(words[:i] + [head]), lex)
            if parties is None:
                return None
            word, end = body_word(compound, lex), i + 1
            break
    else:
        found = party_list(words, 0, lex)
        if found and found[0] < len(words) and body_word(words[found[0]], lex):  # "SPD Fraktion"
            word, end, parties = body_word(words[found[0]], lex), found[0] + 1, found[1]
        else:  # "Fraktion der SPD", "Gruppe FDP/Volt"
            word = body_word(words[0], lex)
            start = 2 if len(words) > 2 and words[1] in lex.fraction_joiners else 1
            found = party_list(words, start, lex) if word and start < len(words) else None
            if found is None:
                return None
            end, parties = found
    rest = " ".join(words[end:])
    return f"{word} {' und '.join(parties)} {rest}".strip()


def party_name_parts(text: str, lex: Lexicon) -> list[str] | None:
    """The canonical parties of a whole text of parties ("SPD/Grüne" → ["SPD", "Bündnis 90/Die Grünen"])."""
    words = WORDS.findall(text)
    found = party_list(words, 0, lex) if words else None
    return found[1] if found and found[0] == len(words) else None
