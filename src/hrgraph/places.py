"""Where organisations sit: seat municipality (with its AGS) → Kreis → Land, or a level (Bund, EU, international).

Evidence, strongest first (:data:`RULES`): a level the name gives ("Bundesamt …", "Europäische Kommission") or a
party (national), a postal address after the organisation, a LOCATED_IN relation ("X aus Bochum"), a place inside
the name ("Stadt Bochum", "Universität Göttingen"), the federal public-bodies gazetteer, the council's own
municipality for its committees, fractions and offices, and the one Land a document speaks of. A town name shared by several municipalities is resolved by the Länder
the document names, or left open. Language data: ``resources/de/places.yml``; municipalities:
``resources/de/gazetteers/municipalities.tsv``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from hrgraph.nlp.lexicon import RESOURCES, load_lexicon, read_yaml
from hrgraph.nlp.parties import party_name
from hrgraph.records import DocumentResult, Entity, Evidence, Mention, Place, Relation

#: Rules in order of strength: a lower index wins.
RULES = ("level", "party", "address", "located_in", "name", "public_body", "council_home", "document_land")
LEVEL_NAMES = {"Bund": "bund", "EU": "eu", "international": "international"}


@dataclass(frozen=True)
class Municipality:
    name: str
    ags: str
    kreis_key: str
    kreis: str
    land: str


@lru_cache(maxsize=1)
def places_data() -> dict:
    return read_yaml("places.yml")


@lru_cache(maxsize=1)
def municipalities() -> dict[str, tuple[Municipality, ...]]:
    """Municipality name → every municipality of that name."""
    found: dict[str, list[Municipality]] = defaultdict(list)
    for line in (RESOURCES / "gazetteers" / "municipalities.tsv").read_text(encoding="utf-8").splitlines():
        name, ags, kreis_key, kreis, land = line.split("\t")
        found[name].append(Municipality(name, ags, kreis_key, kreis, land))
    return {name: tuple(rows) for name, rows in found.items()}


@lru_cache(maxsize=1)
def kreise() -> dict[str, tuple[Municipality, ...]]:
    """Kreis name, as the register has it and without its suffix ("Göttingen", "Städteregion Aachen") → one
    stand-in row per Kreis of that name (``name`` and ``ags`` empty)."""
    found: dict[str, dict[str, Municipality]] = defaultdict(dict)
    for rows in municipalities().values():
        for m in rows:
            stand_in = Municipality("", "", m.kreis_key, m.kreis, m.land)
            for name in {m.kreis, m.kreis.split(",")[0].strip()}:
                found[name][m.kreis_key] = stand_in
    return {name: tuple(by_key.values()) for name, by_key in found.items()}


def municipality_place(m: Municipality) -> Place:
    return Place(level="municipality", name=m.name, ags=m.ags, municipality=m.name, kreis=m.kreis,
                 kreis_key=m.kreis_key, land=m.land)


def kreis_place(m: Municipality) -> Place:
    return Place(level="kreis", name=m.kreis, kreis=m.kreis, kreis_key=m.kreis_key, land=m.land)


def land_place(land: str) -> Place:
    return Place(level="land", name=land, land=land)


def pick(rows: tuple[Municipality, ...], lands: Iterable[str] = ()) -> Municipality | None:
    """The only row, or the only row in one of the Länder of the context; None when it stays ambiguous."""
    if len(rows) == 1:
        return rows[0]
    in_context = [m for m in rows if m.land in set(lands)]
    return in_context[0] if len(in_context) == 1 else None


def land_of_word(word: str) -> str | None:
    """The Land a word names: its name, abbreviation or adjective ("NRW", "niedersächsischen").

    >>> land_of_word("NRW"), land_of_word("Niedersächsisches"), land_of_word("Hessen"), land_of_word("Bochum")
    ('Nordrhein-Westfalen', 'Niedersachsen', 'Hessen', None)
    """
    lex = load_lexicon()
    word = lex.place_abbreviations.get(word, word)
    if word in lex.laender:
        return word
    low = word.lower()
    return next((land for stem, land in places_data()["land_adjectives"].items()
                 if low.startswith(stem) and len(low) - len(stem) <= 3), None)


def find_place(name: str, lands: Iterable[str] = ()) -> Place | None:
    """The place a name stands for: a municipality (the city-states too), a Land or a Kreis.

    >>> find_place("Göttingen").level, find_place("NRW").name, find_place("Hamburg").level, find_place("Neustadt")
    ('municipality', 'Nordrhein-Westfalen', 'municipality', None)
    """
    name = name.strip()
    if rows := municipalities().get(name):
        return municipality_place(m) if (m := pick(rows, lands)) else None
    if land := land_of_word(name):
        return land_place(land)
    if rows := kreise().get(name):
        return kreis_place(m) if (m := pick(rows, lands)) else None
    return None


def level_of(name: str) -> str | None:
    """Bund, EU or international for bodies above the Länder, from the patterns of ``places.yml``.

    >>> level_of("Bundesministerium für Gesundheit"), level_of("Europäische Kommission"), level_of("Weltbank")
    ('Bund', 'EU', 'international')
    >>> level_of("Bundesland Hessen") is None
    True
    """
    first = name.split()[0] if name.split() else ""
    for level, rule in places_data()["levels"].items():
        if any(name == n or name.startswith(n + " ") for n in rule["names"]):
            return level
        if first not in rule["not_first_words"] and any(first.startswith(p) for p in rule["first_word_prefixes"]):
            return level
    return None


def place_in_name(name: str, lands: Iterable[str] = ()) -> Place | None:
    """The place an organisation's name ends on or names after a municipality word.

    >>> place_in_name("Klinikum Braunschweig").kreis, place_in_name("Landkreis Göttingen").level
    ('Braunschweig, Stadt', 'kreis')
    >>> place_in_name("Niedersächsisches Ministerium für Wirtschaft").name, place_in_name("MedEcon Ruhr") is None
    ('Niedersachsen', True)
    """
    data, lex = places_data(), load_lexicon()
    words = [w.strip(",.()\"„“") for w in name.split()]
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        if not word[:1].isupper() or word in lex.common_nouns or len(word) < 3:
            if not (word.isupper() and land_of_word(word)):
                continue
        before = words[i - 1] if i else ""
        for span in (" ".join(words[i:i + n]) for n in range(min(4, len(words) - i), 0, -1)):  # "Frankfurt am Main"
            if before in data["kreis_words"] and (rows := kreise().get(span)):
                return kreis_place(m) if (m := pick(rows, lands)) else None
            if place := find_place(span, lands):
                return place
    return None


def is_council_body(name: str) -> bool:
    """A committee, fraction, council or office: the name's last word ends on a council word, or its first word
    is one ("Fraktion Die Linke", "Ausschuss für Umwelt").

    >>> is_council_body("Haupt- und Finanzausschuss"), is_council_body("Fraktion Die Linke"), is_council_body("Bosch GmbH")
    (True, True, False)
    """
    words, data = name.lower().split(), places_data()
    return bool(words) and (words[-1].endswith(tuple(data["council_endings"])) or words[0] in data["council_first_words"])


@dataclass
class Candidate:
    rank: int
    place: Place


class Seats:
    """Collects place evidence for organisations, one document at a time, then gives each its best place.

    Feed it with :meth:`read` (a document's resolved mentions) and :meth:`located` (LOCATED_IN relations),
    then call :meth:`assign`. Only the best candidate per organisation is kept, so memory grows with the
    organisations, not with the corpus.
    """

    def __init__(self, names: dict[str, str]):
        self.names = names  #: entity id → name, for the targets of LOCATED_IN
        self.best: dict[str, Candidate] = {}
        self.doc_lands: dict[str, list[str]] = {}
        bodies = load_lexicon().public_bodies  # name → abbreviation
        federal = [name for name in bodies if not any(word in name for word in places_data()["not_federal_words"])]
        self.federal_bodies = frozenset(federal) | frozenset(bodies[name] for name in federal if bodies[name])
        self.postcode = re.compile(places_data()["postcode_pattern"])

    def offer(self, entity: str, rule: str, place: Place | None, evidence: Evidence | None) -> None:
        if place is None:
            return
        rank = RULES.index(rule)
        if entity not in self.best or rank < self.best[entity].rank:
            self.best[entity] = Candidate(rank, place.model_copy(update={"rule": rule, "evidence": evidence}))

    def read(self, result: DocumentResult, resolved: list[tuple[str, Mention]]) -> None:
        """Evidence of one document: addresses, names, the council's municipality, the document's Land."""
        lands = self.document_lands(resolved)
        self.doc_lands[result.doc.id] = sorted(set(lands))
        home = self.letterhead_municipality(resolved, lands) or self.dominant_municipality(resolved, lands)
        document_land = self.dominant_land(lands)
        orgs = [(entity, m) for entity, m in resolved if m.type == "ORG"]
        for entity, mention in orgs:
            name = self.names.get(entity, mention.text)
            if level := level_of(name) or level_of(mention.text):
                self.offer(entity, "level", Place(level=LEVEL_NAMES[level], name=level), mention.evidence)
            elif party_name(name):
                self.offer(entity, "party", Place(level="bund", name="Bund"), mention.evidence)
            elif name in self.federal_bodies:
                self.offer(entity, "public_body", Place(level="bund", name="Bund"), mention.evidence)
            self.offer(entity, "name", place_in_name(name, lands) or place_in_name(mention.text, lands),
                       mention.evidence)
            self.offer(entity, "address", *self.address_after(mention, orgs, lands))
            if home and is_council_body(name):
                self.offer(entity, "council_home", home[0], home[1])
            if document_land:
                self.offer(entity, "document_land", land_place(document_land), None)

    def located(self, source: str, target: str, evidence: Evidence) -> None:
        """A LOCATED_IN relation from the text ("X aus Bochum")."""
        self.offer(source, "located_in", find_place(self.names.get(target, ""), self.doc_lands.get(evidence.doc, ())),
                   evidence)

    def assign(self, entities: Iterable[Entity]) -> None:
        """Set ``place`` and ``region`` (the Land, or the level above the Länder) of every placed organisation."""
        for entity in entities:
            if entity.type == "ORG" and (found := self.best.get(entity.id)):
                entity.place = found.place
                entity.region = found.place.land or found.place.name

    def document_lands(self, resolved: list[tuple[str, Mention]]) -> list[str]:
        """The Land of each place mention of a document that names one without doubt."""
        lands = []
        for entity, mention in resolved:
            if mention.type in ("LOC", "ORG"):
                place = find_place(self.names.get(entity, mention.text)) if mention.type == "LOC" else None
                place = place or (place_in_name(mention.text) if mention.type == "ORG" else None)
                if place and place.land:
                    lands.append(place.land)
        return lands

    def letterhead_municipality(self, resolved: list[tuple[str, Mention]], lands: list[str]) -> tuple[Place, Evidence] | None:
        """The municipality a council document's letterhead names: "Stadt Köln", or an organisation named after
        its town ("SPD-Fraktion Kaiserslautern"), near the top of page 1."""
        data = places_data()
        for _, mention in resolved:
            ev = mention.evidence
            if ev.page == 1 and ev.start < data["letterhead_chars"] and mention.type in ("ORG", "LOC"):
                for word in sorted(data["council_letterhead_words"], key=len, reverse=True):
                    if mention.text.startswith(word + " ") and (place := find_place(mention.text[len(word) + 1:], lands)):
                        return place, ev
                place = place_in_name(mention.text, lands) if mention.type == "ORG" else None
                if place and place.level == "municipality":
                    return place, ev
        return None

    def dominant_municipality(self, resolved: list[tuple[str, Mention]], lands: list[str]) -> tuple[Place, Evidence] | None:
        """The municipality a document names most, when it has at least half of the document's municipality
        mentions and at least ``home_min_mentions`` of them: the town a council document speaks for."""
        found = [(place, mention.evidence) for entity, mention in resolved if mention.type == "LOC"
                 and (place := find_place(self.names.get(entity, mention.text), lands)) and place.level == "municipality"]
        if not found:
            return None
        counts = Counter(place.ags for place, _ in found)
        ags, count = counts.most_common(1)[0]
        if count < places_data()["home_min_mentions"] or count * 2 < len(found):
            return None
        return next((place, evidence) for place, evidence in found if place.ags == ags)

    def dominant_land(self, lands: list[str]) -> str | None:
        data = places_data()
        if len(lands) < data["document_land_min_mentions"]:
            return None
        land, count = Counter(lands).most_common(1)[0]
        return land if count / len(lands) >= data["document_land_share"] else None

    def address_after(self, mention: Mention, orgs: list[tuple[str, Mention]], lands: list[str]) -> tuple[Place | None, Evidence | None]:
        """A postcode and town after the organisation in its sentence, no other organisation between."""
        ev = mention.evidence
        sentence, offset = ev.sentence, mention.sentence_start
        end = ev.end - offset
        if not sentence or end < 0:
            return None, None
        next_org = min((m.evidence.start - offset for _, m in orgs
                        if m.evidence.doc == ev.doc and m.evidence.page == ev.page and m.evidence.start >= ev.end
                        and m.sentence_start == offset), default=len(sentence))
        for match in self.postcode.finditer(sentence, end):
            if match.start(1) > next_org or sentence.count("\n", end, match.start(1)) > places_data()["address_max_lines"]:
                break
            town = match.group(2).strip()
            place = find_place(town, lands) or find_place(town.split()[0], lands)
            if place:
                start, stop = offset + match.start(1), offset + match.end(2)
                return place, Evidence(doc=ev.doc, page=ev.page, start=start, end=stop, text=sentence[match.start(1):match.end(2)],
                                       sentence=sentence, produced_by="rule:place_address")
        return None, None


def assign_places(entities: list[Entity], relations: Iterable[Relation], results: Iterable[DocumentResult]) -> None:
    """:class:`Seats` over entities that carry their mentions (the in-memory path of :mod:`hrgraph.export`)."""
    by_doc: dict[str, list[tuple[str, Mention]]] = defaultdict(list)
    for entity in entities:
        for mention in entity.mentions:
            by_doc[mention.evidence.doc].append((entity.id, mention))
    seats = Seats({e.id: e.name for e in entities})
    for result in results:
        mentions = sorted(by_doc.get(result.doc.id, []), key=lambda item: (item[1].evidence.page, item[1].evidence.start))
        seats.read(result, mentions)
    for relation in relations:
        if relation.type == "LOCATED_IN":
            for evidence in relation.evidence:
                seats.located(relation.source, relation.target, evidence)
    seats.assign(entities)
