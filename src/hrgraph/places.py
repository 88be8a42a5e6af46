"""Where organisations sit: seat municipality (with its AGS) → Kreis → Land, or a level (Bund, EU, international),
and the named region (metropolitan region, regional name) they belong to.

Evidence, strongest first (:data:`RULES`): a level the name gives ("Bundesamt …", "Europäische Kommission") or a
party (national), a place in brackets right after the name ("… University (China)"), a postal address after the
organisation, a LOCATED_IN relation ("X aus Bochum"), the places inside the name ("Stadt Bochum", "Universität
Göttingen", "Business Metropole Ruhr GmbH"; several towns give their common Kreis or Land), the national bodies of
``places.yml`` and the federal public-bodies gazetteer, the council's own municipality (OParl body, letterhead) for
its committees, fractions, offices and the bodies of its villages ("Ortsrat X"), and the one Land a document speaks
of (for names shaped like an organisation only). A town name shared by several municipalities is resolved by the
Länder the document names, or left open. Places abroad give the level international. Language data:
``resources/de/places.yml``; municipalities: ``resources/de/gazetteers/municipalities.tsv``; states of the world:
``resources/de/gazetteers/countries.txt``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from hrgraph.nlp.lexicon import RESOURCES, load_lexicon, read_yaml
from hrgraph.nlp.parties import party_name
from hrgraph.nlp.rules import land_of_adjective, organisation_shaped, strip_legal_form
from hrgraph.records import DocumentResult, Entity, Evidence, Mention, Place, Relation

#: Rules in order of strength: a lower index wins.
RULES = ("level", "party", "bracket", "address", "located_in", "name", "national", "public_body", "council_home",
         "document_land")
LEVEL_NAMES = {"Bund": "bund", "EU": "eu", "international": "international"}
NAMED_AS_ORGANISATION = frozenset({"rule:appositive_name"})
"""Rules whose names the text itself calls an organisation, whatever their shape ("das Startup-Hub …, Quhr,")."""
AUTHORITY_RULE = "rule:authority"
"""The rule of local authorities named by kind and place ("Stadt Köln", "Gemeinde Nordstemmen")."""


@dataclass(frozen=True)
class Municipality:
    name: str
    ags: str
    kreis_key: str
    kreis: str
    land: str


@dataclass(frozen=True)
class NamedRegion:
    name: str
    aliases: tuple[tuple[str, ...], ...]  #: word sequences, longest first
    lands: tuple[str, ...]
    kreis_keys: frozenset[str]


@lru_cache(maxsize=1)
def places_data() -> dict:
    return read_yaml("places.yml")


@lru_cache(maxsize=1)
def foreign_places() -> frozenset[str]:
    """States of the world but Germany and the foreign places of ``places.yml``."""
    countries = (RESOURCES / "gazetteers" / "countries.txt").read_text(encoding="utf-8").split("\n")
    return frozenset(name for name in countries if name) | frozenset(places_data()["foreign_places"])


@lru_cache(maxsize=1)
def named_regions() -> tuple[NamedRegion, ...]:
    return tuple(NamedRegion(row["name"], tuple(sorted((tuple(words(a)) for a in row["aliases"]), key=len, reverse=True)),
                             tuple(row["lands"]), frozenset(row.get("kreis_keys", ())))
                 for row in places_data()["named_regions"])


@lru_cache(maxsize=1)
def municipalities_by_ags() -> dict[str, Municipality]:
    return {m.ags: m for rows in municipalities().values() for m in rows}


def words(text: str) -> list[str]:
    """The words of a name, hyphenated compounds split and punctuation around them stripped.

    >>> words("Ruhr-Universität Bochum (RUB)")
    ['Ruhr', 'Universität', 'Bochum', 'RUB']
    """
    return [w for w in (part.strip(",.;:()\"„“”'/") for part in re.split(r"[\s\-–/]+", text)) if w]


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
    return land_of_adjective(word, lex)


def region_place(region: NamedRegion) -> Place:
    """A named region as a place: its Land when it lies in one."""
    return Place(level="region", name=region.name, named_region=region.name,
                 land=region.lands[0] if len(region.lands) == 1 else None)


def find_region(name: str) -> tuple[NamedRegion, int, int] | None:
    """The named region a name contains as whole words (the longest alias wins), with the span of its words in
    :func:`words` of the name.

    >>> find_region("Business Metropole Ruhr GmbH")[0].name, find_region("Ruhr-Universität Bochum")[1:]
    ('Metropole Ruhr', (0, 1))
    >>> find_region("Ruhrverband") is None
    True
    """
    tokens = words(name)
    found = [(len(alias), i, region) for region in named_regions() for alias in region.aliases
             for i in range(len(tokens) - len(alias) + 1) if tuple(tokens[i:i + len(alias)]) == alias]
    if not found:
        return None
    size, start, region = max(found, key=lambda item: (item[0], -item[1]))
    return region, start, start + size


def find_place(name: str, lands: Iterable[str] = ()) -> Place | None:
    """The place a name stands for: a municipality (the city-states too), a Land, a Kreis, a named region, or a
    place abroad (level international).

    >>> find_place("Göttingen").level, find_place("NRW").name, find_place("Hamburg").level, find_place("Neustadt")
    ('municipality', 'Nordrhein-Westfalen', 'municipality', None)
    >>> find_place("Ruhrgebiet").land, find_place("USA").level, find_place("Frankreich").level
    ('Nordrhein-Westfalen', 'international', 'international')
    """
    name = name.strip()
    if rows := municipalities().get(name):
        return municipality_place(m) if (m := pick(rows, lands)) else None
    if land := land_of_word(name):
        return land_place(land)
    if rows := kreise().get(name):
        return kreis_place(m) if (m := pick(rows, lands)) else None
    if name in foreign_places():
        return Place(level="international", name="international")
    if (found := find_region(name)) and found[1:] == (0, len(words(name))):
        return region_place(found[0])
    return None


def level_of(name: str) -> str | None:
    """Bund, EU or international for bodies above the Länder, from the patterns of ``places.yml``.

    >>> level_of("Bundesministerium für Gesundheit"), level_of("Europäische Kommission"), level_of("Weltbank")
    ('Bund', 'EU', 'international')
    >>> level_of("Bundesland Hessen") is None, level_of("AGBF Bund")
    (True, 'Bund')
    """
    first = name.split()[0] if name.split() else ""
    for level, rule in places_data()["levels"].items():
        if any(name == n or name.startswith(n + " ") for n in rule["names"]):
            return level
        if len(name.split()) > 1 and name.split()[-1] in rule.get("last_words", ()):
            return level
        if first not in rule["not_first_words"] and any(first.startswith(p) for p in rule["first_word_prefixes"]):
            return level
    return None


def places_in_name(name: str, lands: Iterable[str] = ()) -> list[Place]:
    """Every place named inside a name, right to left, each word read once: a municipality, Kreis or Land after a
    Kreis word or on its own ("Frankfurt am Main" as one), a place abroad; hyphenated parts too ("Hildesheim-Lehrte").

    >>> [p.name for p in places_in_name("Sparkasse Hildesheim Goslar Peine")]
    ['Peine', 'Goslar', 'Hildesheim']
    """
    data, lex = places_data(), load_lexicon()
    tokens = [w.strip(",.()\"„“") for w in name.split()]
    found, end = [], len(tokens)  # words from `end` on are read
    for i in range(len(tokens) - 1, -1, -1):
        if i >= end:
            continue
        word = tokens[i]
        if not word[:1].isupper() or word in lex.common_nouns or len(word) < 3:
            if not (word.isupper() and land_of_word(word)):
                continue
        before = tokens[i - 1] if i else ""
        for n in range(min(4, end - i), 0, -1):
            span = " ".join(tokens[i:i + n])
            start = i
            if rows := kreise().get(f"{before} {span}"):  # "Region Hannover", "Grafschaft Bentheim"
                place, start = kreis_place(m) if (m := pick(rows, lands)) else None, i - 1
            elif before in data["kreis_words"] and (rows := kreise().get(span)):  # "Kreis Kleve"
                place = kreis_place(m) if (m := pick(rows, lands)) else None
            else:
                place = find_place(span, lands)
            if place and place.level != "region":  # named regions: see place_in_name
                found.append(place)
                end = start
                break
        else:
            parts = [part for part in word.split("-") if len(part) >= 4 and part[:1].isupper() and part not in lex.common_nouns]
            if len(parts) > 1:
                found += [place for part in reversed(parts) if (place := find_place(part, lands)) and place.level != "region"]
    return found


def common_place(places: list[Place]) -> Place | None:
    """The one place several places of a name share: the municipality when it is the only one, else their common
    Kreis, else their common Land (Länder implied by the others drop out); abroad only when all are abroad.

    >>> common_place(places_in_name("Sparkasse Hildesheim Goslar Peine")).name
    'Niedersachsen'
    >>> common_place(places_in_name("Stadt Bochum NRW")).name, common_place(places_in_name("Deutsch-Amerika USA Bochum")) is None
    ('Bochum', True)
    """
    if not places:
        return None
    if any(p.level == "international" for p in places):
        return places[0] if all(p.level == "international" for p in places) else None
    if len({p.land for p in places}) != 1:
        return None
    seats = [p for p in places if p.level in ("municipality", "kreis")] or places
    if len({p.kreis_key for p in seats}) > 1:
        return land_place(seats[0].land) if seats[0].land else None
    towns = {p.ags: p for p in seats if p.level == "municipality"}
    if len(towns) > 1:
        return kreis_place(municipalities_by_ags()[next(iter(towns))])
    return next(iter(towns.values()), seats[0])


def place_in_name(name: str, lands: Iterable[str] = ()) -> Place | None:
    """The place an organisation's name gives: the places inside it (:func:`common_place`) and the named region it
    contains, whose words (of an alias of several words) are not read as towns ("Metropolregion Hannover
    Braunschweig …" is the region).

    >>> place_in_name("Klinikum Braunschweig").kreis, place_in_name("Landkreis Göttingen").level
    ('Braunschweig, Stadt', 'kreis')
    >>> place_in_name("Niedersächsisches Ministerium für Wirtschaft").name, place_in_name("MedEcon Ruhr").land
    ('Niedersachsen', 'Nordrhein-Westfalen')
    >>> place_in_name("Ruhr-Universität Bochum").named_region, place_in_name("AHK USA").level
    ('Metropole Ruhr', 'international')
    """
    region = find_region(name)
    rest = name
    if region and region[2] - region[1] > 1:  # a one-word alias may end a town's name ("Mülheim an der Ruhr")
        inside = set(words(name)[region[1]:region[2]])
        rest = " ".join(w for w in name.split() if not set(words(w)) <= inside)
    seat = common_place(places_in_name(rest, lands))
    if region is None:
        return seat
    if seat is None or seat.level == "land" and seat.land in region[0].lands:
        return region_place(region[0])
    if seat.level == "international" or (seat.land and seat.land not in region[0].lands):
        return seat
    return seat.model_copy(update={"named_region": region[0].name})


def is_locality_body(name: str) -> bool:
    """A body of a village or district of a municipality ("Ortsrat Rössing"): the place after it is no municipality.

    >>> is_locality_body("Ortsrat Rössing"), is_locality_body("Ortsrates Rössing"), is_locality_body("Stadtrat Hildesheim")
    (True, True, False)
    """
    first = name.split()[0] if name.split() else ""
    return any(first in (word, word + "s", word + "es") for word in places_data()["locality_words"])


def is_council_body(name: str) -> bool:
    """A committee, fraction, council or office: the name's last word ends on a council word, or its first word
    is one ("Fraktion Die Linke", "Ausschuss für Umwelt").

    >>> is_council_body("Haupt- und Finanzausschuss"), is_council_body("Fraktion Die Linke"), is_council_body("Bosch GmbH")
    (True, True, False)
    """
    words, data = name.lower().split(), places_data()
    return bool(words) and (words[-1].endswith(tuple(data["council_endings"])) or words[0] in data["council_first_words"])


def is_local_council_body(name: str) -> bool:
    """A committee, fraction or group of a council (``council_committee_endings``, ``council_first_words``) that
    names neither its place nor a level above the municipality: "Bauausschuss" or "FDP-Fraktion" of one council is
    not that of another (resolution keys it by :func:`council_home`).

    >>> is_local_council_body("Bauausschuss"), is_local_council_body("Rat der Stadt Köln"), is_local_council_body("Bundesrat")
    (True, False, False)
    """
    words, data = name.lower().split(), places_data()
    committee = bool(words) and (words[-1].endswith(tuple(data["council_committee_endings"]))
                                 or words[0] in data["council_first_words"])
    return committee and not is_locality_body(name) and place_in_name(name) is None and level_of(name) is None \
        and not is_national(name)


def council_home(result: DocumentResult) -> Place | None:
    """The municipality a council document speaks for, read from its own mentions before resolution (as
    :meth:`Seats.read` reads it from the resolved ones)."""
    seats = Seats({})
    resolved = [(m.text, m) for m in result.mentions]
    home, _ = seats.document_home(result, resolved, seats.document_lands(resolved))
    return home[0] if home else None


@lru_cache(maxsize=1)
def national_bodies() -> frozenset[str]:
    return frozenset(places_data()["national_bodies"])


def is_national(name: str) -> bool:
    """A national body of ``places.yml``, with or without its legal form; not a local branch named after it
    ("AWO Kindertagesstätte", "DRK Kreisverband Hildesheim").

    >>> is_national("Deutsches Rotes Kreuz"), is_national("ZVEI e. V."), is_national("AWO Kindertagesstätte")
    (True, True, False)
    """
    return strip_legal_form(name) in national_bodies()


def oparl_body_home(result: DocumentResult) -> tuple[Place, Evidence] | None:
    """The municipality of the OParl body a council document came from: by its AGS, else by its name
    ("Gemeinde Nordstemmen"); None for other documents or a body without either."""
    meta = result.doc.metadata
    m = municipalities_by_ags().get(str(meta.get("body_ags") or "").strip())
    place = municipality_place(m) if m else None
    name = meta.get("body_name") or ""
    if place is None and name:
        place = place_in_name(name)
        place = place if place and place.level in ("municipality", "kreis") else None
    if place is None:
        return None
    text = name or place.name
    return place, Evidence(doc=result.doc.id, page=1, start=0, end=0, text=text,
                           sentence=f"OParl body: {text} ({meta.get('body', '')})", produced_by="rule:place_oparl_body")


def cited_as_law(mention: Mention) -> bool:
    """Whether a mention follows a paragraph sign and number ("gemäß § 2 GO NRW", "§ 46 Abs. 1 LBG NRW"): a law,
    whatever the recogniser made of it, that has no seat."""
    start = mention.evidence.start - mention.sentence_start
    before = mention.evidence.sentence[:start] if mention.sentence_start >= 0 and start > 0 else ""
    return bool(load_lexicon().law_citation_before.search(before))


def names_kreis(mention: Mention) -> bool:
    """Whether a place mention follows a Kreis word in its sentence ("des Landkreises Hildesheim"): the Kreis, not
    the town."""
    start = mention.evidence.start - mention.sentence_start
    before = mention.evidence.sentence[:start].split()[-1:] if mention.sentence_start >= 0 and start > 0 else []
    kreis_words = places_data()["kreis_words"]
    return bool(before) and any(before[0] in (word, word + "es", word + "s") for word in kreis_words)


def running_line_home(result: DocumentResult, lands: Iterable[str] = ()) -> tuple[Place, Evidence] | None:
    """The municipality or Kreis a document's running header or footer (the lines repeated on its pages) or its
    title names after a letterhead word: "Brandschutzbedarfsplan der Gemeinde Nordstemmen"."""
    meta = result.metadata
    lines = [*meta.get("removed_running_lines", []), meta.get("title") or ""]
    openers = "|".join(re.escape(w) for w in sorted(places_data()["council_letterhead_words"], key=len, reverse=True))
    for line in lines:
        for match in re.finditer(rf"\b({openers}) ([A-ZÄÖÜ]\S*(?: \S+){{0,3}})", line):
            following = re.split(r"[,;:|()]", match.group(2))[0].split()
            for n in range(len(following), 0, -1):  # the longest town name: "Frankfurt am Main"
                if place := place_after(match.group(1), " ".join(following[:n]), lands):
                    text = f"{match.group(1)} {' '.join(following[:n])}"
                    return place, Evidence(doc=result.doc.id, page=1, start=0, end=0, text=text, sentence=line,
                                           produced_by="rule:place_running_line")
    return None


def place_after(opener: str, name: str, lands: Iterable[str] = ()) -> Place | None:
    """The Kreis after a Kreis word ("Landkreis Hildesheim"), else the place a name stands for ("Stadt Köln")."""
    if opener in places_data()["kreis_words"] and (rows := kreise().get(name)):
        return kreis_place(m) if (m := pick(rows, lands)) else None
    return find_place(name, lands)


@dataclass
class Candidate:
    rank: int
    place: Place
    key: tuple  #: what place it is, for counting the mentions that give it


class Seats:
    """Collects place evidence for organisations, one document at a time, then gives each its best place.

    Feed it with :meth:`read` (a document's resolved mentions) and :meth:`located` (LOCATED_IN relations),
    then call :meth:`assign`. Only the best candidate per organisation is kept (the strongest rule; between
    places of one rule, the one more mentions give: a committee name merged across two councils' documents sits
    where most of its mentions are), so memory grows with the organisations, not with the corpus.
    """

    def __init__(self, names: dict[str, str]):
        self.names = names  #: entity id → name, for the targets of LOCATED_IN
        self.best: dict[str, Candidate] = {}
        self.votes: dict[str, Counter] = defaultdict(Counter)  #: entity → (rank, place) → mentions that give it
        self.doc_lands: dict[str, list[str]] = {}
        bodies = load_lexicon().public_bodies  # name → abbreviation
        federal = [name for name in bodies if not any(word in name for word in places_data()["not_federal_words"])]
        self.federal_bodies = frozenset(federal) | frozenset(bodies[name] for name in federal if bodies[name])
        self.postcode = re.compile(places_data()["postcode_pattern"])

    def offer(self, entity: str, rule: str, place: Place | None, evidence: Evidence | None) -> None:
        if place is None:
            return
        rank, key = RULES.index(rule), (place.level, place.ags or place.kreis_key or place.name)
        votes = self.votes[entity]
        votes[(rank, key)] += 1
        best = self.best.get(entity)
        if best is None or rank < best.rank or rank == best.rank and votes[(rank, key)] > votes[(rank, best.key)]:
            self.best[entity] = Candidate(rank, place.model_copy(update={"rule": rule, "evidence": evidence}), key)

    def read(self, result: DocumentResult, resolved: list[tuple[str, Mention]]) -> None:
        """Evidence of one document: names, brackets, addresses, the council's municipality, the document's Land."""
        lands = self.document_lands(resolved)
        self.doc_lands[result.doc.id] = sorted(set(lands))
        home, near = self.document_home(result, resolved, lands)
        if near and near[0].level == "municipality":  # a village of a town the document names most lies in its Kreis
            locality_home = (kreis_place(municipalities_by_ags()[near[0].ags]), near[1])
        else:
            locality_home = home
        document_land = self.dominant_land(lands)
        orgs = [(entity, m) for entity, m in resolved if m.type == "ORG"]
        for entity, mention in orgs:
            if cited_as_law(mention):
                continue
            name = self.names.get(entity, mention.text)
            if level := level_of(name) or level_of(mention.text):
                self.offer(entity, "level", Place(level=LEVEL_NAMES[level], name=level), mention.evidence)
            elif party_name(name):
                self.offer(entity, "party", Place(level="bund", name="Bund"), mention.evidence)
            elif is_national(name) or is_national(mention.text):
                self.offer(entity, "national", Place(level="bund", name="Bund"), mention.evidence)
            elif name in self.federal_bodies:
                self.offer(entity, "public_body", Place(level="bund", name="Bund"), mention.evidence)
            self.offer(entity, "bracket", *self.bracket_after(mention, lands))
            if is_locality_body(name) or is_locality_body(mention.text):
                if locality_home:
                    self.offer(entity, "council_home", *locality_home)
            else:
                self.offer(entity, "name", place_in_name(name, lands) or place_in_name(mention.text, lands),
                           mention.evidence)
            self.offer(entity, "address", *self.address_after(mention, orgs, lands))
            if home and is_council_body(name) and not is_locality_body(name):
                self.offer(entity, "council_home", home[0], home[1])
            if document_land and (organisation_shaped(name, load_lexicon())
                                  or mention.evidence.produced_by in NAMED_AS_ORGANISATION):
                self.offer(entity, "document_land", land_place(document_land), None)

    def document_home(self, result: DocumentResult, resolved: list[tuple[str, Mention]],
                      lands: list[str]) -> tuple[tuple[Place, Evidence] | None, tuple[Place, Evidence] | None]:
        """The municipality a council document speaks for (OParl body, letterhead, running header, else the one
        it names most) and whether it is only the one it names most (then also the second value)."""
        home = oparl_body_home(result) or self.letterhead_municipality(resolved, lands) or running_line_home(result, lands)
        near = None if home else self.dominant_municipality(resolved, lands)
        return home or near, near

    def located(self, source: str, target: str, evidence: Evidence) -> None:
        """A LOCATED_IN relation from the text ("X aus Bochum")."""
        self.offer(source, "located_in", find_place(self.names.get(target, ""), self.doc_lands.get(evidence.doc, ())),
                   evidence)

    def assign(self, entities: Iterable[Entity]) -> None:
        """Set ``place`` and ``region`` (the Land, or the level above the Länder) of every placed organisation; a
        seat whose organisation names a named region of its Land ("Amt … Leine-Weser" at its address), or that lies
        in the area of a named region, gets that region too."""
        for entity in entities:
            if entity.type == "ORG" and (found := self.best.get(entity.id)):
                place = found.place
                if not place.named_region and place.land:
                    named = find_region(self.names.get(entity.id, entity.name))
                    region = named[0] if named and place.land in named[0].lands else next(
                        (r for r in named_regions() if place.kreis_key and place.kreis_key in r.kreis_keys), None)
                    place = place.model_copy(update={"named_region": region.name}) if region else place
                entity.place = place
                entity.region = place.land or (place.name if place.level in LEVEL_NAMES.values() else None)

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
                    if not mention.text.startswith(word + " "):
                        continue
                    if place := place_after(word, mention.text[len(word) + 1:], lands):
                        return place, ev
                place = place_in_name(mention.text, lands) if mention.type == "ORG" and not is_locality_body(mention.text) else None
                if place and place.level == "municipality":
                    return place, ev
        return None

    def dominant_municipality(self, resolved: list[tuple[str, Mention]], lands: list[str]) -> tuple[Place, Evidence] | None:
        """The municipality a document names most (as a place or as the authority: "der Stadt Köln"), when it has at
        least half of the document's municipality mentions and at least ``home_min_mentions`` of them: the town a
        council document speaks for."""
        found = [(place, mention.evidence) for entity, mention in resolved if mention.type == "LOC" and not names_kreis(mention)
                 and (place := find_place(self.names.get(entity, mention.text), lands)) and place.level == "municipality"]
        found += [(place, mention.evidence) for _, mention in resolved if mention.evidence.produced_by == AUTHORITY_RULE
                  and (place := place_in_name(mention.text, lands)) and place.level == "municipality"]  # "der Stadt Köln"
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

    def bracket_after(self, mention: Mention, lands: list[str]) -> tuple[Place | None, Evidence | None]:
        """A place in brackets right after the organisation: "Fujian University (China)", "Musterwerk (Bochum)"."""
        ev = mention.evidence
        sentence, end = ev.sentence, ev.end - mention.sentence_start
        if not sentence or mention.sentence_start < 0 or end < 0:
            return None, None
        match = re.match(r"\s*\(([^()]{2,40})\)", sentence[end:])
        place = match and find_place(match.group(1), lands)
        if not place:
            return None, None
        start, stop = ev.end + match.start(1), ev.end + match.end(1)
        return place, Evidence(doc=ev.doc, page=ev.page, start=start, end=stop, text=match.group(1), sentence=sentence,
                               produced_by="rule:place_bracket")

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
