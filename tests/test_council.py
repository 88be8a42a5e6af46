"""Council language: parties, fractions, committees and council bodies, and how their names resolve."""

from hrgraph.nlp.parties import fraction_name, party_name
from hrgraph.nlp.rules import abbreviates
from hrgraph.resolve import resolve_entities
from hrgraph.resolve.normalise import match_key
from test_resolve_relations import doc_result, names


def orgs(nlp, text):
    return [(e.text, e._.produced_by) for e in nlp(text).ents if e.label_ == "ORG"]


def test_party_spellings_are_found_and_ordinary_words_are_not(nlp):
    found = orgs(nlp, "Im Rat stimmten die Grünen, BÜNDNIS 90 / DIE GRÜNEN und die Linke gegen den Antrag der FDP.")
    assert found == [("Grünen", "rule:party"), ("BÜNDNIS 90 / DIE GRÜNEN", "rule:party"), ("Linke", "rule:party"),
                     ("FDP", "rule:party")]
    assert orgs(nlp, "Grüne Energie fließt mit 400 Volt durch die Linke Leitung.") == []


def test_fractions_are_organisations_of_their_own(nlp):
    found = orgs(nlp, "Die CDU-Ratsfraktion, die Fraktion der Freien Wähler, die B90/Grüne-Fraktion und die "
                      "Gruppe Volt/ÖDP legten einen Antrag vor; die SPD Fraktion und die Ratsgruppe UWG lehnten ab.")
    assert found == [("CDU-Ratsfraktion", "rule:fraction"), ("Fraktion der Freien Wähler", "rule:fraction"),
                     ("B90/Grüne-Fraktion", "rule:fraction"), ("Gruppe Volt/ÖDP", "rule:fraction"),
                     ("SPD Fraktion", "rule:fraction"), ("Ratsgruppe UWG", "rule:fraction")]


def test_fraction_and_party_names_normalise():
    assert party_name("der Grünen") == party_name("B90/Grüne") == "Bündnis 90/Die Grünen"
    assert party_name("Freien Wähler") == "Freie Wähler" and party_name("DIE LINKEN") == "Die Linke"
    assert party_name("Die PARTEI") == "Die PARTEI" and party_name("die Partei") is None
    assert party_name("SPD Musterstadt") is None
    assert fraction_name("CDU-Ratsfraktion") == fraction_name("Fraktion der CDU") == "Fraktion CDU"
    assert fraction_name("Kreistagsfraktion DIE LINKE") == "Kreistagsfraktion Die Linke"
    assert fraction_name("Gruppe FDP/Volt") == "Gruppe FDP und Volt"
    assert fraction_name("Fraktionen") is None and fraction_name("Planungsausschuss") is None
    assert match_key("SPD-Fraktion", "ORG") != match_key("SPD", "ORG")


def test_committees_and_council_bodies(nlp):
    found = [text for text, _ in orgs(nlp, "Der Haupt- und Finanzausschuss, der Kultur-, Sport- und Bäderausschuss und "
                                           "der Ausschuss für Mobilität und Klimaschutz berieten; der Stadtrat beschloss, "
                                           "der Seniorenbeirat und der Werkausschuss Abfallwirtschaft wurden gehört.\n"
                                           "2. Schulausschuss & Vergabeausschuss")]
    assert found == ["Haupt- und Finanzausschuss", "Kultur-, Sport- und Bäderausschuss",
                     "Ausschuss für Mobilität und Klimaschutz", "Stadtrat", "Seniorenbeirat", "Werkausschuss Abfallwirtschaft",
                     "Schulausschuss", "Vergabeausschuss"]


def test_generic_committee_words_are_not_names(nlp):
    text = ("Der Ausschuss tagte. Im Ausschuss und im Beirat wurde beraten, die Ausschüsse und Mitglieder des Ausschusses "
            "auch, ein Unterausschuss und alle Bezirksvertretungen; dem Vergabeausschuss zur Kenntnis gegeben.")
    assert orgs(nlp, text) == [("Vergabeausschuss", "rule:org_head")]


def test_short_forms_must_abbreviate_the_name_and_not_be_places(nlp):
    found = orgs(nlp, "Die Nordsee Marine and Coastal University (Island) und die Fachhochschule Dortmund (FHD) kooperieren.")
    assert ("Nordsee Marine and Coastal University", "rule:org_head") in found
    assert ("FHD", "rule:abbreviation") in found
    assert all(text != "Island" for text, _ in found)
    assert abbreviates("BuFa", "Bau- und Finanzausschuss") and not abbreviates("Chile", "Coastal University")


def test_party_spellings_resolve_to_one_node_and_fractions_to_another():
    a = doc_result("a", [("Die Grünen und die SPD-Fraktion stimmten zu.", [("Grünen", "ORG"), ("SPD-Fraktion", "ORG")]),
                         ("Der Antrag von Bündnis 90/Die Grünen fand mit der Fraktion der SPD eine Mehrheit.",
                          [("Bündnis 90/Die Grünen", "ORG"), ("Fraktion der SPD", "ORG")])])
    b = doc_result("b", [("Die GRÜNE lehnten ab.", [("GRÜNE", "ORG")])])
    entities = resolve_entities([a, b])
    assert len(names(entities, "ORG")) == 2 and "Bündnis 90/Die Grünen" in names(entities, "ORG")
    fraction = next(e for e in entities if e.name != "Bündnis 90/Die Grünen")
    assert {fraction.name, *fraction.aliases} == {"SPD-Fraktion", "Fraktion der SPD"}


def test_inflected_names_show_in_the_nominative():
    a = doc_result("a", [("Vertreter des Deutschen Wetterdienstes und der Europäischen Kommission sprachen.",
                          [("Deutschen Wetterdienstes", "ORG"), ("Europäischen Kommission", "ORG")]),
                         ("Der Deutsche Wetterdienst warnte.", [("Deutsche Wetterdienst", "ORG")]),
                         ("Mit der Europäischen Kommission und die Europäische Kommission.",
                          [("Europäischen Kommission", "ORG"), ("Europäische Kommission", "ORG")])])
    assert names(resolve_entities([a]), "ORG") == ["Deutsche Wetterdienst", "Europäische Kommission"]


def test_a_short_name_joins_the_only_legal_name_it_begins():
    a = doc_result("a", [("Die Muster Rotorwerke Wartung GmbH baut aus.", [("Muster Rotorwerke Wartung GmbH", "ORG")]),
                         ("Muster Rotorwerke stellt ein.", [("Muster Rotorwerke", "ORG")])])
    entities = resolve_entities([a])
    assert names(entities, "ORG") == ["Muster Rotorwerke Wartung GmbH"]
    assert any(merge["rule"] == "partial_name" for merge in entities[0].merges)
    b = doc_result("b", [("Die Muster Rotorwerke Wartung GmbH und die Muster Rotorwerke Vertrieb GmbH.",
                          [("Muster Rotorwerke Wartung GmbH", "ORG"), ("Muster Rotorwerke Vertrieb GmbH", "ORG")]),
                         ("Muster Rotorwerke stellt ein.", [("Muster Rotorwerke", "ORG")])])
    assert len(names(resolve_entities([b]), "ORG")) == 3  # two candidates compete: no merge


def test_a_name_typed_both_ways_takes_one_type_by_its_evidence():
    a = doc_result("a", [("Es sprach Dr. Jana Beispielfrau.", [("Jana Beispielfrau", "PER")]),
                         ("Jana Beispielfrau lud ein.", [("Jana Beispielfrau", "ORG")]),
                         ("Dank an Jana Beispielfrau.", [("Jana Beispielfrau", "ORG")])])
    a.mentions[0].evidence.produced_by = "rule:title"
    entities = resolve_entities([a])
    assert names(entities, "PER") == ["Jana Beispielfrau"] and names(entities, "ORG") == []
    person = next(e for e in entities if e.type == "PER")
    assert [m["rule"] for m in person.merges] == ["type_vote"] and len(person.mentions) == 3
    b = doc_result("b", [("Die Beispielwerke luden ein.", [("Beispielwerke", "ORG")]),
                         ("Auch Beispielwerke kam.", [("Beispielwerke", "ORG")]),
                         ("Mit Beispielwerke sprach man.", [("Beispielwerke", "PER")])])
    entities = resolve_entities([b])
    assert names(entities, "ORG") == ["Beispielwerke"] and names(entities, "PER") == []


def test_short_forms_after_a_name_join_it_whoever_found_them():
    a = doc_result("a", [("Der Beispielrat für Wasserfragen (BWF) tagte.", [("Beispielrat für Wasserfragen", "ORG"), ("BWF", "ORG")]),
                         ("3. Schulausschuss\tSchA\n4. Haupt- und Finanzausschuss\nHFA",
                          [("Schulausschuss", "ORG"), ("SchA", "ORG"), ("Haupt- und Finanzausschuss", "ORG"), ("HFA", "ORG")]),
                         ("Die Stadt Musterhausen (Chile) und das Amt (XY).", [("Stadt Musterhausen", "ORG"), ("Chile", "ORG")])])
    entities = {e.name: e for e in resolve_entities([a]) if e.type == "ORG"}
    assert sorted(entities) == ["Beispielrat für Wasserfragen", "Chile", "Haupt- und Finanzausschuss", "Schulausschuss",
                                "Stadt Musterhausen"]
    assert entities["Schulausschuss"].aliases == ["SchA"]
    assert [m["rule"] for m in entities["Beispielrat für Wasserfragen"].merges] == ["short_form"]
