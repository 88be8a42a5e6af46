"""Resolution and relations on hand-made mentions, so each rule is checked on its own."""

from hrgraph.records import DocumentResult, Evidence, Mention, SourceDocument
from hrgraph.relations import extract_relations
from hrgraph.resolve import resolve_entities
from hrgraph.resolve.normalise import canonical_form, match_key, strip_titles


def doc_result(doc_id: str, sentences: list[tuple[str, list[tuple[str, str]]]], produced_by=None) -> DocumentResult:
    """Mentions of named types placed at their offsets in the given sentences (one sentence per line)."""
    mentions, offset = [], 0
    for sid, (sentence, names) in enumerate(sentences):
        for text, label in names:
            start = offset + sentence.index(text)
            rule = (produced_by or {}).get(text, "rule:test")
            mentions.append(Mention(type=label, text=text, sentence_id=sid, sentence_start=offset, evidence=Evidence(
                doc=doc_id, page=1, start=start, end=start + len(text), text=text, sentence=sentence, produced_by=rule)))
        offset += len(sentence) + 1
    doc = SourceDocument(id=doc_id, source=f"{doc_id}.txt", path=f"{doc_id}.txt", media_type="text", size=1)
    return DocumentResult(doc=doc, status="ok", mentions=sorted(mentions, key=lambda m: m.evidence.start))


def names(entities, entity_type):
    return sorted(e.name for e in entities if e.type == entity_type)


def test_variants_merge_within_and_across_documents_with_reasons():
    a = doc_result("a", [("Der MedEcon Ruhr e.V. lädt ein.", [("MedEcon Ruhr e.V.", "ORG")]),
                         ("Die MedEcon Ruhr GmbH organisiert.", [("MedEcon Ruhr GmbH", "ORG")])])
    b = doc_result("b", [("Mit MedEcon Ruhr sprach man.", [("MedEcon Ruhr", "ORG")])])
    entities = resolve_entities([a, b])
    orgs = [e for e in entities if e.type == "ORG"]
    assert len(orgs) == 1
    assert {m.evidence.doc for m in orgs[0].mentions} == {"a", "b"}
    assert any(merge["rule"] == "same_key" for merge in orgs[0].merges)


def test_adjectives_before_a_head_take_the_form_of_the_name_without_its_article():
    assert canonical_form("Allgemeine Krankenhaus Beispielstadt", "ORG") == "Allgemeines Krankenhaus Beispielstadt"
    assert canonical_form("Gemeinsamen Ausschusses", "ORG") == "Gemeinsamer Ausschuss"
    assert canonical_form("Kleine Anfrage", "ORG") == "Kleine Anfrage"


def test_an_organisation_is_shown_by_its_name_not_by_its_lower_case_short_form():
    a = doc_result("a", [("Die Räume stellt die Bochumer Gemeinnützige Wohnungsbaugesellschaft mbH (bgw) bereit.",
                          [("Bochumer Gemeinnützige Wohnungsbaugesellschaft mbH", "ORG"), ("bgw", "ORG")])],
                   produced_by={"bgw": "rule:abbreviation"})
    assert [e.name for e in resolve_entities([a])] == ["Bochumer Gemeinnützige Wohnungsbaugesellschaft mbH"]


def test_an_abbreviation_head_alone_joins_the_only_name_it_opens():
    a = doc_result("a", [("Es kooperiert die AOK NordWest.", [("AOK NordWest", "ORG")]),
                         ("Zwei Beraterinnen der AOK helfen.", [("AOK", "ORG")])])
    assert [(e.name, len(e.mentions)) for e in resolve_entities([a])] == [("AOK NordWest", 2)]


def test_a_short_form_a_name_opens_with_joins_it_but_a_party_keeps_apart_from_its_fraction():
    a = doc_result("a", [("Es fusioniert die KKRN Katholisches Klinikum Ruhrgebiet Nord GmbH.",
                          [("KKRN Katholisches Klinikum Ruhrgebiet Nord GmbH", "ORG")]),
                         ("Der Kollege bei der KKRN sprach.", [("KKRN", "ORG")]),
                         ("Die SPD-Fraktion Kassel und die SPD stimmten zu.", [("SPD-Fraktion Kassel", "ORG"), ("SPD", "ORG")])])
    assert sorted((e.name, len(e.mentions)) for e in resolve_entities([a])) == [
        ("KKRN Katholisches Klinikum Ruhrgebiet Nord GmbH", 2), ("SPD", 1), ("SPD-Fraktion Kassel", 1)]


def test_organisations_sharing_a_word_stay_apart():
    a = doc_result("a", [("Das Land Niedersachsen und die AOK Niedersachsen.", [("Land Niedersachsen", "ORG"), ("AOK Niedersachsen", "ORG")])])
    assert names(resolve_entities([a]), "ORG") == ["AOK Niedersachsen", "Land Niedersachsen"]


def test_abbreviation_joins_its_long_form():
    sentence = "Der Regionalverband Ruhr (RVR) tagte."
    a = doc_result("a", [(sentence, [("Regionalverband Ruhr", "ORG"), ("RVR", "ORG")])], produced_by={"RVR": "rule:abbreviation"})
    orgs = [e for e in resolve_entities([a]) if e.type == "ORG"]
    assert len(orgs) == 1 and orgs[0].name == "Regionalverband Ruhr" and orgs[0].aliases == ["RVR"]


def test_partial_name_joins_the_only_full_name():
    a = doc_result("a", [("Die Metropolregion Hannover Braunschweig GmbH wächst.", [("Metropolregion Hannover Braunschweig GmbH", "ORG")]),
                         ("Die Metropolregion GmbH berät.", [("Metropolregion GmbH", "ORG")])])
    orgs = [e for e in resolve_entities([a]) if e.type == "ORG"]
    assert len(orgs) == 1 and orgs[0].merges[0]["rule"] == "partial_name"


def test_a_head_word_alone_names_the_body_of_its_document_unless_the_country_has_one():
    docs = [doc_result(d, [("Der Kreistag beschließt, die Bundesregierung zahlt.", [("Kreistag", "ORG"), ("Bundesregierung", "ORG")])])
            for d in ("a", "b")]
    assert sorted((e.name, len(e.mentions)) for e in resolve_entities(docs)) == [
        ("Bundesregierung", 2), ("Kreistag", 1), ("Kreistag", 1)]


def test_a_known_name_joins_a_longer_name_only_when_a_place_follows():
    a = doc_result("a", [("Die Knappschaft Kliniken GmbH und die IG Metall Nordhessen laden ein.",
                          [("Knappschaft Kliniken GmbH", "ORG"), ("IG Metall Nordhessen", "ORG")]),
                         ("Die Knappschaft und die IG Metall zahlen.", [("Knappschaft", "ORG"), ("IG Metall", "ORG")])])
    assert sorted((e.name, len(e.mentions)) for e in resolve_entities([a])) == [
        ("IG Metall Nordhessen", 2), ("Knappschaft", 1), ("Knappschaft Kliniken GmbH", 1)]


def test_a_head_word_alone_joins_the_only_name_with_it_and_does_not_name_the_entity():
    a = doc_result("a", [("Das Städtische Klinikum Musterstadt gGmbH und die Beta Universität kooperieren.",
                          [("Städtische Klinikum Musterstadt gGmbH", "ORG"), ("Beta Universität", "ORG")]),
                         ("Anna Muster, Geschäftsführerin des Klinikums, sprach.", [("Anna Muster", "PER"), ("Klinikums", "ORG")]),
                         ("Auch das Klinikum wächst.", [("Klinikum", "ORG")])])
    orgs = [e for e in resolve_entities([a]) if e.type == "ORG"]
    assert names(orgs, "ORG") == ["Beta Universität", "Städtisches Klinikum Musterstadt gGmbH"]
    towns = [doc_result(town, [(f"Die Stadt {town} plant.", [(f"Stadt {town}", "ORG")]), ("Die Stadt zahlt.", [("Stadt", "ORG")])])
             for town in ("Alphen", "Betaburg")]
    assert sorted((e.name, len(e.mentions)) for e in resolve_entities(towns)) == [("Stadt Alphen", 2), ("Stadt Betaburg", 2)]
    two_towns = doc_result("c", [("Die Stadt Alphen und die Stadt Betaburg planen.", [("Stadt Alphen", "ORG"), ("Stadt Betaburg", "ORG")]),
                                 ("Die Stadt zahlt.", [("Stadt", "ORG")])])
    assert names(resolve_entities([two_towns]), "ORG") == ["Stadt Alphen", "Stadt Betaburg"]  # no entity "Stadt"
    clinic = next(e for e in orgs if e.name.startswith("Städtisches"))
    assert len(clinic.mentions) == 3 and any(merge["rule"] == "bare_head" for merge in clinic.merges)


def test_a_compound_head_alone_joins_the_only_name_with_that_word():
    a = doc_result("a", [("Beteiligt ist die Deutsche Sporthochschule Musterstadt.", [("Deutsche Sporthochschule Musterstadt", "ORG")]),
                         ("Projektleiterin an der Sporthochschule ist Eva Test.", [("Sporthochschule", "ORG")])])
    assert [(e.name, len(e.mentions)) for e in resolve_entities([a]) if e.type == "ORG"] == [("Deutsche Sporthochschule Musterstadt", 2)]
    b = doc_result("b", [("Es tagt der Haupt- und Wahlprüfungsausschuss.", [("Haupt- und Wahlprüfungsausschuss", "ORG")]),
                         ("Der Wahlprüfungsausschuss stimmt zu.", [("Wahlprüfungsausschuss", "ORG")])])
    assert len([e for e in resolve_entities([b]) if e.type == "ORG"]) == 2


def test_a_ministry_named_by_its_topic_joins_the_ministry_for_that_topic_but_not_across_documents():
    a = doc_result("a", [("Das Ministerium für Wirtschaft, Industrie und Energie NRW und das Ministerium für Schule NRW laden ein.",
                          [("Ministerium für Wirtschaft, Industrie und Energie NRW", "ORG"), ("Ministerium für Schule NRW", "ORG")]),
                         ("Im Namen des Wirtschaftsministeriums sprach Anna Muster.", [("Wirtschaftsministeriums", "ORG")])])
    b = doc_result("b", [("Das Wirtschaftsministerium in Hannover lädt ein.", [("Wirtschaftsministerium", "ORG")])])
    orgs = [e for e in resolve_entities([a, b]) if e.type == "ORG"]
    assert sorted((e.name, len(e.mentions)) for e in orgs) == [
        ("Ministerium für Schule NRW", 1), ("Ministerium für Wirtschaft, Industrie und Energie NRW", 2), ("Wirtschaftsministerium", 1)]


def test_the_project_alone_joins_the_documents_project_and_links_no_documents():
    a = doc_result("a", [("Das Verbundprojekt „Tele Nord“ startet.", [("Tele Nord", "PROJECT")]),
                         ("Das Projekt wird von der Alpha Stiftung gefördert.", [("Projekt", "PROJECT"), ("Alpha Stiftung", "ORG")]),
                         ("Das Vorhaben läuft drei Jahre.", [("Vorhaben", "PROJECT")])])
    b = doc_result("b", [("Das Projekt endet.", [("Projekt", "PROJECT")])])
    entities = resolve_entities([a, b])
    assert sorted((e.name, len(e.mentions)) for e in entities if e.type == "PROJECT") == [("Projekt", 1), ("Tele Nord", 3)]
    relations = extract_relations([a, b], entities)
    name = {e.id: e.name for e in entities}
    assert {(name[r.source], name[r.target]) for r in relations if r.type == "PARTICIPATES_IN"} == {("Alpha Stiftung", "Tele Nord")}


def test_a_university_named_without_its_town_is_the_one_named_with_it():
    a = doc_result("a", [("Partner ist die Alpha-Universität zu Kiel.", [("Alpha-Universität zu Kiel", "ORG")]),
                         ("Es sprach Anna Probe von der Alpha-Universität.", [("Alpha-Universität", "ORG")])])
    assert [(e.name, len(e.mentions)) for e in resolve_entities([a]) if e.type == "ORG"] == [("Alpha-Universität zu Kiel", 2)]


def test_a_name_with_its_towns_adjective_is_the_same_organisation():
    a = doc_result("a", [("Die Bochumer Vitalsense GmbH wächst.", [("Bochumer Vitalsense GmbH", "ORG")]),
                         ("Die Vitalsense GmbH forscht.", [("Vitalsense GmbH", "ORG")])])
    assert [(e.name, len(e.mentions)) for e in resolve_entities([a]) if e.type == "ORG"] == [("Vitalsense GmbH", 2)]


def test_a_guess_from_a_role_word_gives_way_to_an_affiliation_the_document_states():
    a = doc_result("a", [("Die Alpha GmbH lädt ein.", [("Alpha GmbH", "ORG")]),
                         ("Die Alpha GmbH wächst.", [("Alpha GmbH", "ORG")]),
                         ("Es sprach Geschäftsführerin Dr. Anna Probe.", [("Anna Probe", "PER")]),
                         ("Im Bild: Anna Probe (Beta AG).", [("Anna Probe", "PER"), ("Beta AG", "ORG")])],
                   produced_by={"Anna Probe": "rule:role"})
    entities = resolve_entities([a])
    name = {e.id: e.name for e in entities}
    assert {(name[r.source], name[r.target]) for r in extract_relations([a], entities) if r.type == "AFFILIATED_WITH"} == {
        ("Anna Probe", "Beta AG")}


def test_a_lone_surname_joins_the_only_person_with_it():
    a = doc_result("a", [("Es sprach Yong Jiang von der Universität.", [("Yong Jiang", "PER")]),
                         ("Jiang betonte die Ergebnisse.", [("Jiang", "PER")])])
    people = [e for e in resolve_entities([a]) if e.type == "PER"]
    assert len(people) == 1 and people[0].name == "Yong Jiang" and people[0].merges[0]["rule"] == "name_part"
    minutes = doc_result("b", [("Walter Probe (Partei Rot): Ich beantrage Vertagung.", [("Walter Probe", "PER")])] +
                         [(f"Danke, Herr Probe. Punkt {n}.", [("Probe", "PER")]) for n in range(3)])
    assert [e.name for e in resolve_entities([minutes]) if e.type == "PER"] == ["Walter Probe"]  # not the more frequent surname


def test_person_names_lose_titles_roles_and_list_order():
    assert strip_titles("Univ.-Prof. Dr. med. Gernot Marx") == "Gernot Marx"
    assert strip_titles("Eckei, Adrienne") == "Adrienne Eckei"
    assert strip_titles("Ortsratsmitglied Probe") == "Probe" and strip_titles("Bürgermeisterin Anna Probe") == "Anna Probe"
    assert match_key("Dr. Christoph Monfeld", "PER") == match_key("Christoph Monfeld", "PER")


def test_collaboration_needs_a_cue_and_cooccurrence_stays_weak():
    a = doc_result("a", [
        ("Die Alpha GmbH arbeitet in Zusammenarbeit mit der Beta AG.", [("Alpha GmbH", "ORG"), ("Beta AG", "ORG")]),
        ("Die Gamma GmbH und die Delta AG haben Sitz in Essen.", [("Gamma GmbH", "ORG"), ("Delta AG", "ORG")]),
    ])
    entities = resolve_entities([a])
    by_id = {e.id: e.name for e in entities}
    relations = {(r.type, frozenset((by_id[r.source], by_id[r.target]))) for r in extract_relations([a], entities)}
    assert relations == {("COLLABORATES_WITH", frozenset({"Alpha GmbH", "Beta AG"})),
                         ("CO_MENTIONED", frozenset({"Gamma GmbH", "Delta AG"}))}


def test_affiliation_from_apposition_with_evidence():
    sentence = "Kai Muster, Geschäftsführer der Alpha GmbH, begrüßte die Gäste."
    a = doc_result("a", [(sentence, [("Kai Muster", "PER"), ("Alpha GmbH", "ORG")])])
    entities = resolve_entities([a])
    relations = [r for r in extract_relations([a], entities) if r.type == "AFFILIATED_WITH"]
    assert len(relations) == 1
    evidence = relations[0].evidence[0]
    assert evidence.sentence == sentence and evidence.doc == "a" and evidence.produced_by.startswith("rule:")


def test_a_short_form_in_brackets_after_a_legal_form_left_out_of_the_name_is_an_alias():
    sentence = "Der Verein Gesundheit Östliches Ruhrgebiet e.V. (GÖR) wurde 2019 gegründet."
    result = doc_result("a", [(sentence, [("Verein Gesundheit Östliches Ruhrgebiet", "ORG"), ("GÖR", "ORG")])])
    orgs = [e for e in resolve_entities([result]) if e.type == "ORG"]
    assert [(e.name, e.aliases) for e in orgs] == [("Verein Gesundheit Östliches Ruhrgebiet", ["GÖR"])]


def test_a_short_form_before_a_dash_and_the_name_is_an_alias():
    sentence = "Koordiniert wird es von der ZIG – Zentrum für Innovation in der Gesundheitswirtschaft OWL."
    result = doc_result("a", [(sentence, [("ZIG", "ORG"), ("Zentrum für Innovation in der Gesundheitswirtschaft OWL", "ORG")])])
    orgs = [e for e in resolve_entities([result]) if e.type == "ORG"]
    assert [(e.name, e.aliases) for e in orgs] == [("Zentrum für Innovation in der Gesundheitswirtschaft OWL", ["ZIG"])]
