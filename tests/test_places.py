"""Places of organisations on hand-made documents whose places are known."""

import doctest

import hrgraph.places
from hrgraph.places import assign_places, find_place, place_in_name
from hrgraph.relations import extract_relations
from hrgraph.resolve import resolve_entities
from test_resolve_relations import doc_result


def placed(*docs):
    entities = resolve_entities(list(docs))
    assign_places(entities, extract_relations(list(docs), entities), docs)
    return {e.name: e.place for e in entities if e.type == "ORG"}


def test_doctests():
    assert doctest.testmod(hrgraph.places).failed == 0


def test_place_in_the_name_gives_municipality_kreis_and_land_with_its_ags():
    place = place_in_name("Universitätsklinikum Essen")
    assert (place.level, place.municipality, place.land) == ("municipality", "Essen", "Nordrhein-Westfalen")
    assert place.ags == "05113000" and place.kreis_key == "05113"
    assert place_in_name("Stadtwerke Frankfurt am Main").municipality == "Frankfurt am Main"
    assert place_in_name("Landkreis Hildesheim").level == "kreis"


def test_a_town_name_shared_by_several_municipalities_is_left_open_or_read_from_the_documents_land():
    name, rows = next((name, rows) for name, rows in sorted(hrgraph.places.municipalities().items())
                      if len(rows) == 2 and rows[0].land != rows[1].land)
    assert find_place(name) is None
    assert [find_place(name, lands=[row.land]).ags for row in rows] == [row.ags for row in rows]


def test_levels_above_the_laender():
    places = placed(doc_result("a", [
        ("Das Bundesministerium für Bildung und Forschung fördert das Vorhaben, die Europäische Kommission und "
         "die Weltgesundheitsorganisation beobachten es.",
         [("Bundesministerium für Bildung und Forschung", "ORG"), ("Europäische Kommission", "ORG"),
          ("Weltgesundheitsorganisation", "ORG")])]))
    assert {name: p.level for name, p in places.items()} == {
        "Bundesministerium für Bildung und Forschung": "bund", "Europäische Kommission": "eu",
        "Weltgesundheitsorganisation": "international"}


def test_address_block_after_the_organisation_is_the_strongest_evidence():
    block = "Kontakt:\nBeispielwerk Nord GmbH\nHafenstraße 12\n28195 Bremen\nTel. 0421 123456"
    places = placed(doc_result("a", [(block, [("Beispielwerk Nord GmbH", "ORG")])]))
    place = places["Beispielwerk Nord GmbH"]
    assert (place.municipality, place.land, place.rule) == ("Bremen", "Bremen", "address")
    assert place.evidence.text == "28195 Bremen" and place.evidence.produced_by == "rule:place_address"


def test_regions_from_names_and_located_in():
    places = placed(doc_result("a", [
        ("Das Klinikum Braunschweig und die Musterdienst GmbH aus Essen starten.",
         [("Klinikum Braunschweig", "ORG"), ("Musterdienst GmbH", "ORG"), ("Essen", "LOC")]),
        ("Auch Quhrix ist dabei.", [("Quhrix", "ORG")])]))
    assert (places["Klinikum Braunschweig"].land, places["Musterdienst GmbH"].land) == ("Niedersachsen", "Nordrhein-Westfalen")
    assert places["Quhrix"] is None


def test_located_in_from_the_text():
    places = placed(doc_result("a", [("Die Musterlabor AG aus Göttingen entwickelt Sensoren.",
                                      [("Musterlabor AG", "ORG"), ("Göttingen", "LOC")])]))
    assert (places["Musterlabor AG"].municipality, places["Musterlabor AG"].rule) == ("Göttingen", "located_in")


def test_council_bodies_sit_in_the_municipality_of_the_letterhead():
    places = placed(doc_result("a", [
        ("Stadt Hildesheim", [("Stadt Hildesheim", "ORG")]),
        ("Der Schulausschuss und die FDP-Fraktion berieten die Vorlage.", [("Schulausschuss", "ORG"), ("FDP-Fraktion", "ORG")])]))
    assert places["Schulausschuss"].municipality == "Hildesheim" and places["Schulausschuss"].rule == "council_home"
    assert places["FDP-Fraktion"].municipality == "Hildesheim"


def test_organisations_without_evidence_get_the_one_land_the_document_speaks_of():
    sentences = [("Die Gespräche in Kassel, Fulda und Marburg zeigen es.", [("Kassel", "LOC"), ("Fulda", "LOC"), ("Marburg", "LOC")]),
                 ("Auch die Musterwerk AG ist dabei.", [("Musterwerk AG", "ORG")])]
    place = placed(doc_result("a", sentences))["Musterwerk AG"]
    assert (place.level, place.land, place.rule) == ("land", "Hessen", "document_land")
    mixed = [("Die Gespräche in Kassel, Bochum und Marburg zeigen es.", [("Kassel", "LOC"), ("Bochum", "LOC"), ("Marburg", "LOC")]),
             ("Auch die Musterwerk AG ist dabei.", [("Musterwerk AG", "ORG")])]
    assert placed(doc_result("b", mixed))["Musterwerk AG"] is None
