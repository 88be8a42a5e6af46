"""Places of organisations on hand-made documents whose places are known."""

from hrgraph.places import assign_places, find_place, municipalities, place_in_name
from hrgraph.relations import extract_relations
from hrgraph.resolve import resolve_entities
from test_resolve_relations import doc_result


def placed(*docs):
    entities = resolve_entities(list(docs))
    assign_places(entities, extract_relations(list(docs), entities), docs)
    return {e.name: e.place for e in entities if e.type == "ORG"}


def test_place_in_the_name_gives_municipality_kreis_and_land_with_its_ags():
    place = place_in_name("Universitätsklinikum Essen")
    assert (place.level, place.municipality, place.land) == ("municipality", "Essen", "Nordrhein-Westfalen")
    assert place.ags == "05113000" and place.kreis_key == "05113"
    assert place_in_name("Stadtwerke Frankfurt am Main").municipality == "Frankfurt am Main"
    assert place_in_name("Landkreis Hildesheim").level == "kreis"


def test_a_town_name_shared_by_several_municipalities_is_left_open_or_read_from_the_documents_land():
    name, rows = next((name, rows) for name, rows in sorted(municipalities().items())
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


def with_metadata(result, source=None, **metadata):
    """A document result with source metadata (OParl) or metadata of its extraction (running lines, title)."""
    doc = result.doc.model_copy(update={"metadata": source or {}})
    return result.model_copy(update={"doc": doc, "metadata": metadata})


def test_places_abroad_give_the_level_international():
    places = placed(doc_result("a", [
        ("Die Außenhandelskammer Brasilien und die Musterkammer USA beraten.",
         [("Außenhandelskammer Brasilien", "ORG"), ("Musterkammer USA", "ORG")]),
        ("Partner ist die Beispiel Forestry University (China), Postfach 1161, 69451 Weinheim.",
         [("Beispiel Forestry University", "ORG")])]))
    assert {name: p.level for name, p in places.items()} == {
        "Außenhandelskammer Brasilien": "international", "Musterkammer USA": "international",
        "Beispiel Forestry University": "international"}
    bracket = places["Beispiel Forestry University"]  # the bracket right after the name beats the address further on
    assert (bracket.rule, bracket.evidence.text) == ("bracket", "China")


def test_a_name_with_several_towns_gets_their_common_kreis_or_land_not_one_town():
    places = placed(doc_result("a", [
        ("Die Volksbank Lehrte-Sehnde und die Sparkasse Hildesheim Goslar Peine zahlen.",
         [("Volksbank Lehrte-Sehnde", "ORG"), ("Sparkasse Hildesheim Goslar Peine", "ORG")])]))
    both_in_one_kreis = places["Volksbank Lehrte-Sehnde"]
    assert (both_in_one_kreis.level, both_in_one_kreis.kreis) == ("kreis", "Region Hannover")
    assert (places["Sparkasse Hildesheim Goslar Peine"].level, places["Sparkasse Hildesheim Goslar Peine"].name) == (
        "land", "Niedersachsen")


def test_a_village_council_sits_in_the_councils_municipality_not_in_a_town_of_that_name():
    assert find_place("Goch").land == "Nordrhein-Westfalen"  # a town elsewhere, a village name here
    letterhead = doc_result("a", [("Gemeinde Nordstemmen", [("Gemeinde Nordstemmen", "ORG")]),
                                  ("Der Ortsrat Goch und der Bauausschuss tagten.", [("Ortsrat Goch", "ORG"), ("Bauausschuss", "ORG")])])
    places = placed(letterhead)
    assert (places["Ortsrat Goch"].municipality, places["Ortsrat Goch"].rule) == ("Nordstemmen", "council_home")
    # Without a letterhead, the town a document names most gives only the Kreis for a village's council.
    near = doc_result("b", [(f"In Hildesheim wurde am {day}. Mai beraten.", [("Hildesheim", "LOC")]) for day in (1, 2, 3)]
                      + [("Der Ortsrat Goch stimmte zu.", [("Ortsrat Goch", "ORG")])])
    village = placed(near)["Ortsrat Goch"]
    assert (village.level, village.kreis) == ("kreis", "Hildesheim")


def test_a_town_after_a_kreis_word_is_the_kreis_not_the_council_home():
    sentences = [(f"Die Anordnung des Landkreises Hildesheim Nummer {i} liegt vor.", [("Hildesheim", "LOC")]) for i in range(3)]
    places = placed(doc_result("a", sentences + [("Der Bauausschuss tagte.", [("Bauausschuss", "ORG")])]))
    assert (places["Bauausschuss"].level, places["Bauausschuss"].rule) == ("land", "document_land")


def test_the_oparl_body_and_the_running_header_name_the_council():
    committee = [("Der Finanzausschuss berät die Vorlage.", [("Finanzausschuss", "ORG")])]
    by_ags = with_metadata(doc_result("a", committee), {"body": "https://ris.example/body/1", "body_ags": "03254026"})
    place = placed(by_ags)["Finanzausschuss"]
    assert (place.municipality, place.evidence.produced_by) == ("Nordstemmen", "rule:place_oparl_body")
    by_name = with_metadata(doc_result("b", committee), {"body_name": "Stadt Bochum"})
    assert placed(by_name)["Finanzausschuss"].municipality == "Bochum"
    header = with_metadata(doc_result("c", committee), removed_running_lines=["Seite 2", "Haushaltsplan der Stadt Bochum, Amt 20"])
    place = placed(header)["Finanzausschuss"]
    assert (place.municipality, place.evidence.text) == ("Bochum", "Stadt Bochum")


def test_named_regions_from_names_and_from_the_seats_area():
    places = placed(doc_result("a", [
        ("Das Netzwerk Gesundheitswirtschaft Ruhr, die Stadtwerke Herne und die Metropolregion Hannover Braunschweig "
         "Göttingen Wolfsburg GmbH sowie die Metropolregion Rhein-Neckar GmbH arbeiten zusammen.",
         [("Netzwerk Gesundheitswirtschaft Ruhr", "ORG"), ("Stadtwerke Herne", "ORG"),
          ("Metropolregion Hannover Braunschweig Göttingen Wolfsburg GmbH", "ORG"), ("Metropolregion Rhein-Neckar GmbH", "ORG")])]))
    ruhr = places["Netzwerk Gesundheitswirtschaft Ruhr"]
    assert (ruhr.level, ruhr.named_region, ruhr.land) == ("region", "Metropole Ruhr", "Nordrhein-Westfalen")
    herne = places["Stadtwerke Herne"]  # Herne lies in the Ruhr area (kreis_keys of places.yml)
    assert (herne.level, herne.municipality, herne.named_region) == ("municipality", "Herne", "Metropole Ruhr")
    hbgw = places["Metropolregion Hannover Braunschweig Göttingen Wolfsburg GmbH"]  # the region, not Wolfsburg
    assert (hbgw.level, hbgw.land) == ("region", "Niedersachsen")
    rhein_neckar = places["Metropolregion Rhein-Neckar GmbH"]  # three Länder: no Land
    assert (rhein_neckar.level, rhein_neckar.named_region, rhein_neckar.land) == ("region", "Metropolregion Rhein-Neckar", None)


def test_region_attribute_of_entities_is_the_land_of_a_region_in_one_land():
    docs = [doc_result("a", [("Die Musterwerkstatt Ruhr und die Metropolregion Rhein-Neckar GmbH laden ein.",
                              [("Musterwerkstatt Ruhr", "ORG"), ("Metropolregion Rhein-Neckar GmbH", "ORG")])])]
    entities = resolve_entities(docs)
    assign_places(entities, [], docs)
    regions = {e.name: (e.region, e.place.named_region) for e in entities}
    assert regions == {"Musterwerkstatt Ruhr": ("Nordrhein-Westfalen", "Metropole Ruhr"),
                       "Metropolregion Rhein-Neckar GmbH": (None, "Metropolregion Rhein-Neckar")}


def test_national_bodies_by_name_but_not_their_local_branches():
    places = placed(doc_result("a", [("Der ZVEI e. V. und die AWO Kindertagesstätte Beispielhausen sowie das DRK helfen.",
                                      [("ZVEI e. V.", "ORG"), ("AWO Kindertagesstätte Beispielhausen", "ORG"), ("DRK", "ORG")])]))
    assert (places["ZVEI e. V."].level, places["ZVEI e. V."].rule) == ("bund", "national")
    assert places["DRK"].level == "bund" and places["AWO Kindertagesstätte Beispielhausen"] is None


def test_the_documents_land_goes_only_to_names_shaped_like_organisations():
    sentences = [("Die Gespräche in Kassel, Fulda und Marburg zeigen es.", [("Kassel", "LOC"), ("Fulda", "LOC"), ("Marburg", "LOC")]),
                 ("Laut Tischbier und INHALTE hilft die Musterstiftung.", [("Tischbier", "ORG"), ("INHALTE", "ORG"), ("Musterstiftung", "ORG")])]
    places = placed(doc_result("a", sentences))
    assert places["Musterstiftung"].land == "Hessen"
    assert places["Tischbier"] is None and places["INHALTE"] is None
    called = [sentences[0], ("Dabei ist das Start-up, Tischbier, aus der Gegend.", [("Tischbier", "ORG")])]
    assert placed(doc_result("b", called, produced_by={"Tischbier": "rule:appositive_name"}))["Tischbier"].land == "Hessen"


def test_a_law_cited_after_a_paragraph_sign_gets_no_place():
    places = placed(doc_result("a", [("Gewählt wird gemäß § 67 Absatz 1 und § 2 GO NRW, beraten hat die IHK NRW.",
                                      [("GO NRW", "ORG"), ("IHK NRW", "ORG")])]))
    assert places["GO NRW"] is None and places["IHK NRW"].land == "Nordrhein-Westfalen"


def test_committees_and_fractions_of_two_councils_are_two_nodes_each_in_its_town():
    koeln = doc_result("k", [("Stadt Köln", [("Stadt Köln", "ORG")])]
                       + [(f"Der Jugendhilfeausschuss und die FDP-Fraktion tagten am {day}. Mai.",
                           [("Jugendhilfeausschuss", "ORG"), ("FDP-Fraktion", "ORG")]) for day in (1, 2)])
    lautern = doc_result("l", [("Stadt Kaiserslautern", [("Stadt Kaiserslautern", "ORG")]),
                               ("Der Jugendhilfeausschuss und die FDP-Fraktion tagten.",
                                [("Jugendhilfeausschuss", "ORG"), ("FDP-Fraktion", "ORG")])])
    koeln_again = doc_result("k2", [("Stadt Köln", [("Stadt Köln", "ORG")]),
                                    ("Der Jugendhilfeausschuss tagte.", [("Jugendhilfeausschuss", "ORG")])])
    entities = resolve_entities([lautern, koeln, koeln_again])
    assign_places(entities, [], [lautern, koeln, koeln_again])
    for name in ("Jugendhilfeausschuss", "FDP-Fraktion"):
        nodes = [e for e in entities if e.name == name]
        assert sorted(e.place.municipality for e in nodes) == ["Kaiserslautern", "Köln"]
        assert len({e.id for e in nodes}) == 2
    koeln_committee = next(e for e in entities if e.name == "Jugendhilfeausschuss" and e.place.municipality == "Köln")
    assert {m.evidence.doc for m in koeln_committee.mentions} == {"k", "k2"}  # one council's documents still join


def test_bodies_that_are_not_one_councils_own_still_join_across_councils():
    koeln = doc_result("k", [("Stadt Köln", [("Stadt Köln", "ORG")]), ("Das Umweltbundesamt und der Bundesrat tagten.",
                                                                        [("Umweltbundesamt", "ORG"), ("Bundesrat", "ORG")])])
    lautern = doc_result("l", [("Stadt Kaiserslautern", [("Stadt Kaiserslautern", "ORG")]),
                               ("Das Umweltbundesamt und der Bundesrat tagten.", [("Umweltbundesamt", "ORG"), ("Bundesrat", "ORG")])])
    entities = resolve_entities([koeln, lautern])
    assert sorted(e.name for e in entities if e.type == "ORG") == ["Bundesrat", "Stadt Kaiserslautern", "Stadt Köln", "Umweltbundesamt"]


def test_a_village_council_at_the_top_of_a_letter_is_no_letterhead():
    places = placed(doc_result("a", [("Sehr geehrte Mitglieder des Ortsrates Goch,", [("Ortsrates Goch", "ORG")]),
                                     ("der Bauausschuss hat beraten.", [("Bauausschuss", "ORG")])]))
    assert places["Bauausschuss"] is None


def test_a_council_document_that_names_its_town_as_the_authority_sits_there():
    authority = {"Stadt Hildesheim": "rule:authority"}
    sentences = [("Gäste kamen aus Peine. " + "Es wurde lange beraten. " * 40, [("Peine", "LOC")]),  # past the letterhead
                 ("Zum Wohle der Stadt Hildesheim tagt der Rat.", [("Stadt Hildesheim", "ORG")]),
                 ("Die Stadt Hildesheim lädt ein.", [("Stadt Hildesheim", "ORG")]),
                 ("Für die Stadt Hildesheim sprach der Hauptausschuss.", [("Stadt Hildesheim", "ORG"), ("Hauptausschuss", "ORG")])]
    place = placed(doc_result("a", sentences, produced_by=authority))["Hauptausschuss"]
    assert (place.municipality, place.rule) == ("Hildesheim", "council_home")


def test_a_kreis_of_two_words_is_one_place_not_also_a_town_named_by_its_first():
    from hrgraph.places import places_in_name

    assert [(p.level, p.name) for p in places_in_name("Landkreis Grafschaft Bentheim")] == [("kreis", "Grafschaft Bentheim")]
