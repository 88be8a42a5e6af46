"""Regions of organisations: the Land of a place the organisation's name or a LOCATED_IN relation names.

The place → Land table comes from the municipality register (``resources/de/gazetteers/places.tsv``).
"""

from __future__ import annotations

from hrgraph.nlp.lexicon import load_lexicon
from hrgraph.records import Entity, Relation


def land_of_place(place: str) -> str | None:
    """The Land a place lies in, or the Land itself ("Klinikum Braunschweig" is read word by word).

    >>> land_of_place("Braunschweig"), land_of_place("NRW"), land_of_place("Nordrhein-Westfalen")
    ('Niedersachsen', 'Nordrhein-Westfalen', 'Nordrhein-Westfalen')
    """
    lex = load_lexicon()
    place = lex.place_abbreviations.get(place, place)
    if place in lex.laender:
        return place
    return lex.places.get(place) or None


def region_of_name(name: str) -> str | None:
    """The Land of the last place word in a name ("Uniklinik RWTH Aachen" → "Nordrhein-Westfalen").

    >>> region_of_name("Landeszentrum Gesundheit NRW"), region_of_name("MedEcon Ruhr")
    ('Nordrhein-Westfalen', None)
    """
    for word in reversed(name.split()):
        land = land_of_place(word.strip(",.()"))
        if land:
            return land
    return None


def assign_regions(entities: list[Entity], relations: list[Relation]) -> None:
    """Set ``region`` of organisations from their names, else from the places they are LOCATED_IN."""
    by_id = {e.id: e for e in entities}
    for entity in entities:
        if entity.type == "ORG" and entity.region is None:
            entity.region = region_of_name(entity.name)
    for relation in relations:
        org, place = by_id.get(relation.source), by_id.get(relation.target)
        if relation.type == "LOCATED_IN" and org is not None and place is not None and org.region is None:
            org.region = land_of_place(place.name)
