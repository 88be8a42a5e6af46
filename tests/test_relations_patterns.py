"""Relation patterns on hand-written sentences: each test names the pattern, the mentions are placed by hand."""

import pytest

from hrgraph.relations import extract_relations
from hrgraph.resolve import resolve_entities
from tests.test_resolve_relations import doc_result


def relations_of(sentences, produced_by=None, page_texts=None):
    """{(type, source name, target name, rule)} of a document made of the given (sentence, mentions) pairs."""
    result = doc_result("d", sentences, produced_by)
    entities = resolve_entities([result])
    name = {e.id: e.name for e in entities}
    return {(r.type, name[r.source], name[r.target], ev.produced_by.split(":", 2)[2])
            for r in extract_relations([result], entities) for ev in r.evidence}


def pairs(relations, kind):
    return {(source, target) for rel_type, source, target, _ in relations if rel_type == kind}


def collaborations_in(relations):
    """The COLLABORATES_WITH pairs, each as a set (the relation has no direction)."""
    return {frozenset(pair) for pair in pairs(relations, "COLLABORATES_WITH")}


# COLLABORATES_WITH


def test_cooperating_and_working_together_with_a_separated_particle():
    kooperiert = "Die Alpha GmbH kooperiert mit der Beta AG."
    zusammen = "Die Gamma GmbH arbeitet künftig eng mit der Delta AG zusammen."
    relations = relations_of([(kooperiert, [("Alpha GmbH", "ORG"), ("Beta AG", "ORG")]),
                              (zusammen, [("Gamma GmbH", "ORG"), ("Delta AG", "ORG")])])
    assert collaborations_in(relations) == {
        frozenset(("Alpha GmbH", "Beta AG")), frozenset(("Gamma GmbH", "Delta AG"))}


def test_organisations_that_found_together_or_pool_their_strengths_collaborate():
    gruenden = "Klinikum Alpha und Krankenhaus Beta gründen Herzzentrum Gamma"
    buendeln = "Die Delta GmbH und die Epsilon AG bündeln ihre Kompetenzen in der Kardiologie."
    relations = relations_of([(gruenden, [("Klinikum Alpha", "ORG"), ("Krankenhaus Beta", "ORG")]),
                              (buendeln, [("Delta GmbH", "ORG"), ("Epsilon AG", "ORG")])])
    assert collaborations_in(relations) == {frozenset(("Klinikum Alpha", "Krankenhaus Beta")),
                                            frozenset(("Delta GmbH", "Epsilon AG"))}


def test_collaboration_between_named_organisations_leaves_out_the_speaker_and_their_party():
    sentence = "Ratsmitglied Probe (Partei Blau) erklärt, die Fraktion Blau unterstütze die Zusammenarbeit zwischen der Stadt Alpha, dem Beta Hospital und der Gamma Universität."
    relations = relations_of([(sentence, [("Probe", "PER"), ("Partei Blau", "ORG"), ("Fraktion Blau", "ORG"), ("Stadt Alpha", "ORG"),
                                          ("Beta Hospital", "ORG"), ("Gamma Universität", "ORG")])])
    assert collaborations_in(relations) == {
        frozenset(("Stadt Alpha", "Beta Hospital")), frozenset(("Stadt Alpha", "Gamma Universität")),
        frozenset(("Beta Hospital", "Gamma Universität"))}
    speech = "Ratsfrau Test (Partei Rot) fragt, ob die Stadt Alpha und die Delta AG kooperieren."
    relations = relations_of([(speech, [("Test", "PER"), ("Partei Rot", "ORG"), ("Stadt Alpha", "ORG"), ("Delta AG", "ORG")])])
    assert collaborations_in(relations) == {frozenset(("Stadt Alpha", "Delta AG"))}


def test_co_founders_work_together_and_a_year_between_partners_is_no_vote_count():
    founded = "Der Verein wurde 2019 von der Stadt Alpha, der Stadt Beta und der Gamma GmbH gegründet."
    since = "Der Kreis Delta arbeitet seit 2021 im Projekt Eins mit dem Verein Epsilon zusammen."
    tally = "Es entfielen auf die Listen: Partei Rot 17, Partei Blau 18 Stimmen."
    relations = relations_of([(founded, [("Stadt Alpha", "ORG"), ("Stadt Beta", "ORG"), ("Gamma GmbH", "ORG")]),
                              (since, [("Kreis Delta", "ORG"), ("Verein Epsilon", "ORG")]),
                              (tally, [("Partei Rot", "ORG"), ("Partei Blau", "ORG")])])
    assert collaborations_in(relations) == {
        frozenset(("Stadt Alpha", "Stadt Beta")), frozenset(("Stadt Alpha", "Gamma GmbH")), frozenset(("Stadt Beta", "Gamma GmbH")),
        frozenset(("Kreis Delta", "Verein Epsilon"))}
    renamed = "Im Bündnis Theta, das 2012 unter dem Namen Iota Verbund gegründet wurde, arbeiten 700 Kliniken zusammen."
    assert not pairs(relations_of([(renamed, [("Bündnis Theta", "ORG"), ("Iota Verbund", "ORG")])]), "COLLABORATES_WITH")
    founded_once = "Die 1990 gegründete Zeta GmbH beliefert die Eta AG."
    assert not pairs(relations_of([(founded_once, [("Zeta GmbH", "ORG"), ("Eta AG", "ORG")])]), "COLLABORATES_WITH")


def test_organisations_funded_side_by_side_do_not_work_together_but_funder_and_funded_do():
    side_by_side = "Gefördert wurden unter anderem der Alpha e.V., das Beta Netzwerk e.V. und die Gamma GmbH."
    funds = "Die Delta Stiftung fördert die Epsilon GmbH und die Zeta AG."
    relations = relations_of([(side_by_side, [("Alpha e.V.", "ORG"), ("Beta Netzwerk e.V.", "ORG"), ("Gamma GmbH", "ORG")]),
                              (funds, [("Delta Stiftung", "ORG"), ("Epsilon GmbH", "ORG"), ("Zeta AG", "ORG")])])
    assert collaborations_in(relations) == {
        frozenset(("Delta Stiftung", "Epsilon GmbH")), frozenset(("Delta Stiftung", "Zeta AG")), frozenset(("Epsilon GmbH", "Zeta AG"))}


def test_items_of_a_list_work_together_only_when_its_lead_says_so():
    funded = "Gefördert werden:\n- Region Alpha: Träger ist der Alpha e.V. gemeinsam mit der Beta GmbH\n- Region Gamma: die Gamma AG"
    partners = "Folgende Partner sind beteiligt:\n- Delta GmbH\n- Epsilon AG"
    funder = "Die Zeta Stiftung fördert:\n- Eta GmbH\n- Theta AG"
    relations = relations_of([(funded, [("Alpha e.V.", "ORG"), ("Beta GmbH", "ORG"), ("Gamma AG", "ORG")]),
                              (partners, [("Delta GmbH", "ORG"), ("Epsilon AG", "ORG")]),
                              (funder, [("Zeta Stiftung", "ORG"), ("Eta GmbH", "ORG"), ("Theta AG", "ORG")])])
    assert collaborations_in(relations) == {
        frozenset(("Alpha e.V.", "Beta GmbH")), frozenset(("Delta GmbH", "Epsilon AG")),
        frozenset(("Zeta Stiftung", "Eta GmbH")), frozenset(("Zeta Stiftung", "Theta AG"))}


def test_shareholders_cooperation_partners_parties_to_an_agreement_and_pledged_participants_work_together():
    owners = "Gesellschafter der Alpha GmbH sind die Stadt Beta und die Gamma AG."
    partners = "Kooperationspartner sind die Delta Universität und das Epsilon Klinikum."
    agreed = "Die Zeta AG und die Eta GmbH haben eine Vereinbarung getroffen."
    pledged = "Folgende Einrichtungen haben ihre Mitwirkung zugesagt:\n\n- Theta Klinik GmbH\n- Iota Verein e.V."
    relations = relations_of([(owners, [("Alpha GmbH", "ORG"), ("Stadt Beta", "ORG"), ("Gamma AG", "ORG")]),
                              (partners, [("Delta Universität", "ORG"), ("Epsilon Klinikum", "ORG")]),
                              (agreed, [("Zeta AG", "ORG"), ("Eta GmbH", "ORG")]),
                              (pledged, [("Theta Klinik GmbH", "ORG"), ("Iota Verein e.V.", "ORG")])])
    assert collaborations_in(relations) == {
        frozenset(("Alpha GmbH", "Stadt Beta")), frozenset(("Alpha GmbH", "Gamma AG")), frozenset(("Stadt Beta", "Gamma AG")),
        frozenset(("Delta Universität", "Epsilon Klinikum")), frozenset(("Zeta AG", "Eta GmbH")),
        frozenset(("Theta Klinik GmbH", "Iota Verein e.V."))}


def test_members_listed_after_joining_the_documents_organisation_named_by_its_head():
    relations = relations_of([
        ("Netzwerk Alpha e.V.", [("Netzwerk Alpha e.V.", "ORG")]),
        ("Im Jahr 2024 sind dem Netzwerk zwei Mitglieder beigetreten: die Beta GmbH und die Gamma AG.",
         [("Beta GmbH", "ORG"), ("Gamma AG", "ORG")])])
    assert {(source, target) for kind, source, target, rule in relations if rule == "member:beigetreten"} == {
        ("Netzwerk Alpha e.V.", "Beta GmbH"), ("Netzwerk Alpha e.V.", "Gamma AG")}


def test_an_organisation_that_is_a_member_of_another_or_joins_it_collaborates_with_it():
    member = "Außerdem ist das Klinikum Alpha neues Mitglied im Netzwerk Beta e.V. und lädt ein."
    joins = "Die Stadt Musterstadt tritt dem Verein Gamma e.V. zum 1. Januar bei."
    belong = "Dem Netzwerk Beta e.V. gehören 24 Einrichtungen an, darunter die Delta AG und die Epsilon GmbH."
    person = "Anna Muster ist Mitglied der Partei Blau und im Verein Gamma e.V."
    role = "Es sprach Jan Probe (Geschäftsführer Zeta AG, Mitglied des Aufsichtsrates Verein Omega e.V.)."
    accession = "Der Kreistag beschließt den Beitritt des Kreises Eta zum Verein Theta e.V. zum 1. Juli."
    part = "Das Klinikum Iota (KLI) ist Teil des neuen Netzwerks Kappa."
    aboard = "Mit an Bord sind außerdem die Lambda AG und die My GmbH."
    relations = relations_of([(member, [("Klinikum Alpha", "ORG"), ("Netzwerk Beta e.V.", "ORG")]),
                              (accession, [("Kreistag", "ORG"), ("Kreises Eta", "ORG"), ("Verein Theta e.V.", "ORG")]),
                              (part, [("Klinikum Iota", "ORG"), ("KLI", "ORG"), ("Netzwerks Kappa", "ORG")]),
                              (aboard, [("Lambda AG", "ORG"), ("My GmbH", "ORG")]),
                              (joins, [("Stadt Musterstadt", "ORG"), ("Verein Gamma e.V.", "ORG")]),
                              (belong, [("Netzwerk Beta e.V.", "ORG"), ("Delta AG", "ORG"), ("Epsilon GmbH", "ORG")]),
                              (person, [("Anna Muster", "PER"), ("Partei Blau", "ORG"), ("Verein Gamma e.V.", "ORG")]),
                              (role, [("Jan Probe", "PER"), ("Zeta AG", "ORG"), ("Verein Omega e.V.", "ORG")])])
    assert collaborations_in(relations) == {
        frozenset(("Klinikum Alpha", "Netzwerk Beta e.V.")), frozenset(("Stadt Musterstadt", "Verein Gamma e.V.")),
        frozenset(("Netzwerk Beta e.V.", "Delta AG")), frozenset(("Netzwerk Beta e.V.", "Epsilon GmbH")),
        frozenset(("Kreis Eta", "Verein Theta e.V.")), frozenset(("Klinikum Iota", "Netzwerk Kappa")),
        frozenset(("Lambda AG", "My GmbH"))}


def test_coordinated_subjects_and_partners_of_a_partner_cue_all_collaborate_and_start_the_project():
    sentence = "Die Alpha Hochschule (AH) und die Beta Universität starten gemeinsam mit der Gamma AG das Projekt „Delta“."
    relations = relations_of([(sentence, [("Alpha Hochschule", "ORG"), ("AH", "ORG"), ("Beta Universität", "ORG"),
                                          ("Gamma AG", "ORG"), ("Delta", "PROJECT")])])
    assert collaborations_in(relations) == {
        frozenset(("Alpha Hochschule", "Gamma AG")), frozenset(("Beta Universität", "Gamma AG")),
        frozenset(("Alpha Hochschule", "Beta Universität"))}
    assert pairs(relations, "PARTICIPATES_IN") == {("Alpha Hochschule", "Delta"), ("Beta Universität", "Delta")}
    partners = "Die Omega GmbH forscht gemeinsam mit der Epsilon AG und der Zeta GmbH."
    relations = relations_of([(partners, [("Omega GmbH", "ORG"), ("Epsilon AG", "ORG"), ("Zeta GmbH", "ORG")])])
    assert collaborations_in(relations) == {
        frozenset(("Omega GmbH", "Epsilon AG")), frozenset(("Omega GmbH", "Zeta GmbH"))}


def test_a_cue_inside_a_name_is_no_collaboration():
    sentence = "Der Antrag kommt von Bündnis 90/Die Grünen und der SPD."
    relations = relations_of([(sentence, [("Grünen", "ORG"), ("SPD", "ORG")])])
    assert pairs(relations, "COLLABORATES_WITH") == set()
    assert {frozenset(pair) for pair in pairs(relations, "CO_MENTIONED")} == {frozenset(("Bündnis 90/Die Grünen", "SPD"))}  # the party by its canonical name


def test_a_cue_word_that_is_the_name_itself_does_not_count():
    sentence = "Das Netzwerk Nordlicht und die Kappa GmbH stellen aus."
    relations = relations_of([(sentence, [("Netzwerk Nordlicht", "ORG"), ("Kappa GmbH", "ORG")])])
    assert pairs(relations, "COLLABORATES_WITH") == set()


def test_vote_table_is_no_collaboration_even_with_a_cue():
    sentence = "Gemeinsam abgestimmt haben: Grüne 26, SPD 19, CDU 15 Stimmen."
    relations = relations_of([(sentence, [("Grüne", "ORG"), ("SPD", "ORG"), ("CDU", "ORG")])])
    assert pairs(relations, "COLLABORATES_WITH") == set()


def test_organisations_in_table_cells_are_no_collaboration():
    sentence = "Partner der Messe\nAlpha GmbH\tBeta AG\tGamma e.V."
    relations = relations_of([(sentence, [("Alpha GmbH", "ORG"), ("Beta AG", "ORG"), ("Gamma e.V.", "ORG")])])
    assert pairs(relations, "COLLABORATES_WITH") == set()


def test_group_cue_in_running_text_still_joins_all():
    sentence = "Beteiligt waren die Alpha GmbH, die Beta AG und der Gamma e.V."
    relations = relations_of([(sentence, [("Alpha GmbH", "ORG"), ("Beta AG", "ORG"), ("Gamma e.V.", "ORG")])])
    assert len(pairs(relations, "COLLABORATES_WITH")) == 3


def test_partner_cue_without_a_partner_before_anchors_the_document_organisation():
    relations = relations_of([("ALPHA GMBH", [("ALPHA GMBH", "ORG")]),
                              ("In Zusammenarbeit mit der Beta AG entsteht ein Labor.", [("Beta AG", "ORG")])])
    assert {rule for kind, _, _, rule in relations if kind == "COLLABORATES_WITH"} == {
        "partner:in zusammenarbeit mit", "partner:in zusammenarbeit mit:anchor"}


def test_the_organisation_of_a_contact_block_is_the_document_organisation_the_partners_join():
    relations = relations_of([
        ("Die Gamma Klinik versorgt Menschen mit Demenz.", [("Gamma Klinik", "ORG")]),
        ("Auch die Gamma Klinik forscht.", [("Gamma Klinik", "ORG")]),
        ("Gemeinsam mit der Beta AG untersucht das Team die Versorgung.", [("Beta AG", "ORG")]),
        ("Ansprechpartnerin: Dr. Eva Probe, Alpha Universität, eva.probe@alpha.example",
         [("Eva Probe", "PER"), ("Alpha Universität", "ORG")])])
    assert frozenset(("Beta AG", "Alpha Universität")) in collaborations_in(relations)
    assert frozenset(("Beta AG", "Gamma Klinik")) not in collaborations_in(relations)


def test_partners_of_a_council_document_work_with_its_town_not_its_committee():
    relations = relations_of([
        ("Niederschrift über die Sitzung des Sozialausschusses der Stadt Alpha", [("Sozialausschusses", "ORG"), ("Stadt Alpha", "ORG")]),
        ("Die Zusammenarbeit mit der Beta Klinik GmbH habe sich bewährt.", [("Beta Klinik GmbH", "ORG")]),
        ("Der Sozialausschuss nimmt den Bericht zur Kenntnis.", [("Sozialausschuss", "ORG")])])
    assert collaborations_in(relations) == {frozenset(("Stadt Alpha", "Beta Klinik GmbH"))}


# AFFILIATED_WITH


ONE_SENTENCE_AFFILIATIONS = [  # (case, sentence, mentions, expected (person, organisation) pairs)
    ("role_at_organisation_then_copula_and_person",
     "Projektleiter an der Alpha Universität ist Prof. Dr. Jan Probe vom Lehrstuhl für Pflege.",
     [("Alpha Universität", "ORG"), ("Jan Probe", "PER")], {("Jan Probe", "Alpha Universität")}),
    ("apposition_with_a_compound_role",
     "Jana Beispiel, Betriebsratsvorsitzende bei der Delta Werke GmbH, forderte mehr Aufträge.",
     [("Jana Beispiel", "PER"), ("Delta Werke GmbH", "ORG")], {("Jana Beispiel", "Delta Werke GmbH")}),
    ("said_person_role_of_organisation",
     "Das sei ein Durchbruch, erklärt Tom Muster, Leiter von Omega Solar, bei der Vorstellung.",
     [("Tom Muster", "PER"), ("Omega Solar", "ORG")], {("Tom Muster", "Omega Solar")}),
    ("quote_followed_by_speaker_from_an_organisation",
     "„Wir liefern bald mit der Beta AG aus“, sagt Eva Probe von der Umweltstiftung Grünhain.",
     [("Beta AG", "ORG"), ("Eva Probe", "PER"), ("Umweltstiftung Grünhain", "ORG")], {("Eva Probe", "Umweltstiftung Grünhain")}),
    ("organisation_kind_between_person_and_name",
     "Kurt Probe von der Umweltorganisation Blauwal kritisierte das Ergebnis.",
     [("Kurt Probe", "PER"), ("Blauwal", "ORG")], {("Kurt Probe", "Blauwal")}),
    ("role_and_organisation_before_the_person",
     "Das betonte die Geschäftsführerin der Sigma Logistik GmbH, Ida Test, am Montag.",
     [("Sigma Logistik GmbH", "ORG"), ("Ida Test", "PER")], {("Ida Test", "Sigma Logistik GmbH")}),
    ("a_person_merely_near_an_organisation_is_not_affiliated",
     "Ida Test besuchte am Montag ausführlich die neue Halle der Sigma Logistik GmbH.",
     [("Ida Test", "PER"), ("Sigma Logistik GmbH", "ORG")], set()),
    ("a_role_and_its_organisation_before_a_person_with_titles",
     "Die Vorstandsvorsitzende der Alpha AG, Prof. Dr. Ina Probe, eröffnete.",
     [("Alpha AG", "ORG"), ("Ina Probe", "PER")], {("Ina Probe", "Alpha AG")}),
    ("role_in_a_unit_of_the_organisation_named_after_it",
     "„Wir sind bereit“, sagte Prof. Dr. Max Probe, Direktor der Klinik für Neurologie der Universitätsmedizin Beta.",
     [("Max Probe", "PER"), ("Klinik für Neurologie", "ORG"), ("Universitätsmedizin Beta", "ORG")],
     {("Max Probe", "Universitätsmedizin Beta")}),
    ("dean_of_a_faculty_of_the_university_after_it",
     "- Prof. Dr. Ina Probe, Dekanin der Medizinischen Fakultät OWL der Universität Beta",
     [("Ina Probe", "PER"), ("Medizinischen Fakultät OWL", "ORG"), ("Universität Beta", "ORG")],
     {("Ina Probe", "Universität Beta")}),
    ("role_in_a_numbered_unit_named_by_an_adjective",
     "Dr. Jens Probe, Chefarzt der Medizinischen Klinik I am Krankenhaus Beta, ergänzte.",
     [("Jens Probe", "PER"), ("Medizinischen Klinik", "ORG"), ("Krankenhaus Beta", "ORG")],
     {("Jens Probe", "Krankenhaus Beta")}),
    ("role_in_a_unit_with_no_organisation_after_it",
     "Es sprach Max Probe, Direktor der Klinik für Neurologie, und dankte der Universitätsmedizin Beta.",
     [("Max Probe", "PER"), ("Klinik für Neurologie", "ORG"), ("Universitätsmedizin Beta", "ORG")],
     {("Max Probe", "Klinik für Neurologie")}),
    ("founder_and_officer_roles_in_an_apposition",
     "„Wir sind schnell“, sagt Dr. Lea Probe, Mitgründerin und CEO von Alpha, und Tom Test, Chief Medical Officer der Beta Kliniken.",
     [("Lea Probe", "PER"), ("Alpha", "ORG"), ("Tom Test", "PER"), ("Beta Kliniken", "ORG")],
     {("Lea Probe", "Alpha"), ("Tom Test", "Beta Kliniken")}),
    ("people_before_their_party_at_the_end_of_a_line",
     "Kleine Anfrage\nder Abgeordneten Eva Probe und Tom Test SPD\nDrucksache 18/1",
     [("Eva Probe", "PER"), ("Tom Test", "PER"), ("SPD", "ORG")], {("Eva Probe", "SPD"), ("Tom Test", "SPD")}),
    ("leader_after_a_fronted_participle",
     "Geleitet wird das Zentrum Alpha von Dr. Eva Probe, die zuvor an der Beta Universität forschte.",
     [("Zentrum Alpha", "ORG"), ("Eva Probe", "PER"), ("Beta Universität", "ORG")], {("Eva Probe", "Zentrum Alpha")}),
    ("office_ending_the_line_of_an_attendance_list",
     "Stadt Musterstadt\nNiederschrift\nVerwaltung\nHerr Uwe Probe, Beigeordneter\nTOP 1 Bericht",
     [("Stadt Musterstadt", "ORG"), ("Uwe Probe", "PER")], {("Uwe Probe", "Stadt Musterstadt")}),
    ("signature_on_the_line_under_for_the_organisation",
     "Für die Fraktion Blau\nUwe Probe\nFraktionsvorsitzender", [("Fraktion Blau", "ORG"), ("Uwe Probe", "PER")],
     {("Uwe Probe", "Fraktion Blau")}),
    ("coordinator_after_a_fronted_participle",
     "Koordiniert wird die Allianz Nord von Anja Probe, die zuvor bei der Beta AG tätig war.",
     [("Allianz Nord", "ORG"), ("Anja Probe", "PER"), ("Beta AG", "ORG")], {("Anja Probe", "Allianz Nord")}),
    ("colleague_at_an_organisation",
     "Sein Amtskollege bei der Beta AG, Dr. Eva Test, nickte.", [("Beta AG", "ORG"), ("Eva Test", "PER")],
     {("Eva Test", "Beta AG")}),
    ("person_from_a_party_in_running_text",
     "Eine Stimme entfiel auf Frau Ute Probe von den Blauen.",
     [("Ute Probe", "PER"), ("Blauen", "ORG")], {("Ute Probe", "Blauen")}),
]


@pytest.mark.parametrize(("case", "sentence", "mentions", "expected"), ONE_SENTENCE_AFFILIATIONS, ids=[c[0] for c in ONE_SENTENCE_AFFILIATIONS])
def test_affiliation_within_one_sentence(case, sentence, mentions, expected):
    assert pairs(relations_of([(sentence, mentions)]), "AFFILIATED_WITH") == expected


def test_a_role_compound_names_the_organisation_of_the_person_after_it():
    relations = relations_of([("Das Klinikum Alpha und die IHK Beta haben eine Allianz gegründet.",
                               [("Klinikum Alpha", "ORG"), ("IHK Beta", "ORG")]),
                              ("„Gut so“, sagte Klinikum-Alpha-Geschäftsführer Dr. Max Probe.", [("Max Probe", "PER")]),
                              ("Das sagte IHK-Hauptgeschäftsführer Tom Test.", [("Tom Test", "PER")])])
    assert pairs(relations, "AFFILIATED_WITH") == {("Max Probe", "Klinikum Alpha"), ("Tom Test", "IHK Beta")}
    assert collaborations_in(relations) == {frozenset(("Klinikum Alpha", "IHK Beta"))}  # "haben … gegründet"


def test_contact_block_with_the_organisation_after_the_person():
    sentence = "Pressekontakt:\nLena Probe\nPressesprecherin\nZeta Energie AG\nTel. 0123 456789"
    relations = relations_of([("Die Omega GmbH baut.", [("Omega GmbH", "ORG")]),
                              (sentence, [("Lena Probe", "PER"), ("Zeta Energie AG", "ORG")])])
    assert pairs(relations, "AFFILIATED_WITH") == {("Lena Probe", "Zeta Energie AG")}


def test_contact_without_an_organisation_belongs_to_the_one_its_mail_domain_names():
    text = [("Die Omega Kliniken GmbH und die Zetasoft GmbH kooperieren. Die Omega Kliniken GmbH wächst.",
             [("Omega Kliniken GmbH", "ORG"), ("Zetasoft GmbH", "ORG")]),
            ("Pressekontakt: Mia Probe, presse@zetasoft.de, Tel. 0201 123", [("Mia Probe", "PER")])]
    assert pairs(relations_of(text), "AFFILIATED_WITH") == {("Mia Probe", "Zetasoft GmbH")}
    text[1] = ("Pressekontakt: Mia Probe, presse@agentur.de, Tel. 0201 123", [("Mia Probe", "PER")])
    assert pairs(relations_of(text), "AFFILIATED_WITH") == {("Mia Probe", "Omega Kliniken GmbH")}  # the document's


def test_contact_block_with_the_organisation_before_the_person():
    sentence = "Pressekontakt:\nZeta Energie AG\nDr. Lena Probe\nHafenweg 3\n12345 Musterstadt"
    relations = relations_of([(sentence, [("Zeta Energie AG", "ORG"), ("Dr. Lena Probe", "PER")])])
    assert pairs(relations, "AFFILIATED_WITH") == {("Lena Probe", "Zeta Energie AG")}


def test_speaker_line_names_only_its_own_party():
    speech = "Frau Beispiel (Partei Blau): Ich danke der Partei Rot und der Partei Grün für die Arbeit."
    relations = relations_of([(speech, [("Frau Beispiel", "PER"), ("Partei Blau", "ORG"), ("Partei Rot", "ORG"),
                                        ("Partei Grün", "ORG")])])
    assert pairs(relations, "AFFILIATED_WITH") == {("Beispiel", "Partei Blau")}
    titled = "Dr. Jan Probe (Partei Blau): Die Partei Rot hat recht."
    relations = relations_of([(titled, [("Jan Probe", "PER"), ("Partei Blau", "ORG"), ("Partei Rot", "ORG")])])
    assert {(source, target, rule) for kind, source, target, rule in relations if kind == "AFFILIATED_WITH"} == {
        ("Jan Probe", "Partei Blau", "speaker_line")}


def test_speaker_line_without_an_organisation_gives_none():
    speech = "Oberbürgermeisterin Anna Muster: Guten Tag, ich begrüße die Partei Rot und die Partei Grün."
    relations = relations_of([("RAT DER STADT", [("RAT DER STADT", "ORG")]),
                              (speech, [("Anna Muster", "PER"), ("Partei Rot", "ORG"), ("Partei Grün", "ORG")])],
                             produced_by={"Anna Muster": "rule:role"})
    assert pairs(relations, "AFFILIATED_WITH") == set()


def test_member_table_under_the_document_organisation_and_a_committee_heading():
    text = ("Fraktion Weiß Musterstadt\n"
            "Mitglieder der Ausschüsse\n"
            "1. Bauausschuss\n"
            "Ordentlich\tStellvertretend\n"
            "Karl Probe\tJana Test\n"
            "karl@example.org\tjana@example.org\n"
            "Uwe Muster\tEva Beispiel")
    names = [("Fraktion Weiß Musterstadt", "ORG"), ("Bauausschuss", "ORG"), ("Karl Probe", "PER"), ("Jana Test", "PER"),
             ("Uwe Muster", "PER"), ("Eva Beispiel", "PER")]
    relations = relations_of([(text, names)])
    members = {"Karl Probe", "Jana Test", "Uwe Muster", "Eva Beispiel"}
    assert pairs(relations, "AFFILIATED_WITH") == {(p, org) for p in members for org in ("Fraktion Weiß Musterstadt", "Bauausschuss")}


def test_a_table_row_pairs_a_person_with_the_organisation_in_another_cell():
    header = "Kreis Musterland\n\nInstitution\tVertreterin/Vertreter"
    rows = [("Alpha Klinik GmbH\tDr. Karl Probe", [("Alpha Klinik GmbH", "ORG"), ("Karl Probe", "PER")]),
            ("Beta Hochschule, Fachbereich Pflege\tProf. Jana Test", [("Beta Hochschule", "ORG"), ("Jana Test", "PER")]),
            ("Gamma e.V.\tUwe Muster", [("Gamma e.V.", "ORG"), ("Uwe Muster", "PER")])]  # each row a sentence of its own
    relations = relations_of([(header, [("Kreis Musterland", "ORG")]), *rows])
    assert pairs(relations, "AFFILIATED_WITH") == {
        ("Karl Probe", "Alpha Klinik GmbH"), ("Jana Test", "Beta Hochschule"), ("Uwe Muster", "Gamma e.V.")}


def test_an_attendance_table_with_party_cells_gives_each_member_their_party_and_the_office_in_a_cell():
    rows = [("Herr Karl Probe\tPartei Rot", [("Karl Probe", "PER"), ("Partei Rot", "ORG")]),
            ("Frau Jana Test\tPartei Blau", [("Jana Test", "PER"), ("Partei Blau", "ORG")]),
            ("Herr Dr. Uwe Muster\tLandrat", [("Uwe Muster", "PER")]),
            ("Frau Eva Beispiel\tGesundheitsamt", [("Eva Beispiel", "PER")]),
            ("Der Kreis Alpha lädt ein.", [("Kreis Alpha", "ORG")])]  # each row a sentence of its own
    relations = relations_of([("Niederschrift\nAnwesend:", []), *rows])
    assert pairs(relations, "AFFILIATED_WITH") == {
        ("Karl Probe", "Partei Rot"), ("Jana Test", "Partei Blau"), ("Uwe Muster", "Kreis Alpha")}


def test_members_under_their_party_in_an_attendance_list_with_forms_of_address_and_titles():
    text = "Anwesend:\nBlau\nHerr Karl Probe\nFrau Dr. Jana Test\n\nVerwaltung\nHerr Uwe Muster, Beigeordneter"
    names = [("Blau", "ORG"), ("Karl Probe", "PER"), ("Jana Test", "PER"), ("Uwe Muster", "PER")]
    assert pairs(relations_of([(text, names)]), "AFFILIATED_WITH") == {("Karl Probe", "Blau"), ("Jana Test", "Blau")}


def test_a_single_name_on_a_line_is_no_member_list():
    text = "Fraktion Weiß Musterstadt\nDer Bericht kommt heute.\nKarl Probe"
    relations = relations_of([(text, [("Fraktion Weiß Musterstadt", "ORG"), ("Karl Probe", "PER")])])
    assert ("Karl Probe", "Fraktion Weiß Musterstadt") not in pairs(relations, "AFFILIATED_WITH") \
        or all(rule.endswith("signature") for kind, _, _, rule in relations if kind == "AFFILIATED_WITH")


def test_affiliation_with_the_document_organisation_names_it_in_an_anchor():
    relations = relations_of([("OMEGA VERBAND", [("OMEGA VERBAND", "ORG")]),
                              ("Es sprach Regionaldirektorin Ina Probe.", [("Ina Probe", "PER")])],
                             produced_by={"Ina Probe": "rule:role"})
    rules = {rule for kind, _, _, rule in relations if kind == "AFFILIATED_WITH"}
    assert rules == {"role:regionaldirektorin", "role:regionaldirektorin:anchor"}


def test_people_signing_for_an_organisation_on_their_lines():
    text = "Für die Fraktion Blau: Lukas Probe\nFür die Fraktion Rot: Sascha Test"
    relations = relations_of([(text, [("Fraktion Blau", "ORG"), ("Lukas Probe", "PER"), ("Fraktion Rot", "ORG"),
                                      ("Sascha Test", "PER")])])
    assert pairs(relations, "AFFILIATED_WITH") == {("Lukas Probe", "Fraktion Blau"), ("Sascha Test", "Fraktion Rot")}


def test_a_head_of_a_local_authority_belongs_to_the_documents_authority_of_that_kind():
    relations = relations_of([("Die Alpha GmbH und der Kreis Beispiel laden ein.", [("Alpha GmbH", "ORG"), ("Kreis Beispiel", "ORG")]),
                              ("Die Alpha GmbH wächst.", [("Alpha GmbH", "ORG")]),
                              ("Es sprach Landrat Dr. Jan Probe.", [("Jan Probe", "PER")]),
                              ("Es sprach Bürgermeisterin Eva Test.", [("Eva Test", "PER")])],
                             produced_by={"Jan Probe": "rule:role", "Eva Test": "rule:role"})
    assert pairs(relations, "AFFILIATED_WITH") == {("Jan Probe", "Kreis Beispiel")}  # no town named: none for Eva Test
    relations = relations_of([("Der Kreis Beispiel lädt ein. Der Kreis Beispiel plant.", [("Kreis Beispiel", "ORG")]),
                              ("Geplant ist eine Ausweitung auf den Kreis Nachbar.", [("Kreis Nachbar", "ORG")]),
                              ("Dazu gibt es Gespräche mit Landrat Max Muster.", [("Max Muster", "PER")])],
                             produced_by={"Max Muster": "rule:role"})
    assert pairs(relations, "AFFILIATED_WITH") == {("Max Muster", "Kreis Nachbar")}  # the Kreis named just before him
    relations = relations_of([("Der Kreis Beispiel lädt ein.", [("Kreis Beispiel", "ORG")]),
                              ("Landrat Max Muster (CDU) und Ratsmitglied Eva Test (SPD) sprachen.",
                               [("Max Muster", "PER"), ("CDU", "ORG"), ("Eva Test", "PER"), ("SPD", "ORG")])],
                             produced_by={"Max Muster": "rule:role", "Eva Test": "rule:role"})
    assert pairs(relations, "AFFILIATED_WITH") == {("Max Muster", "CDU"), ("Max Muster", "Kreis Beispiel"), ("Eva Test", "SPD")}
    relations = relations_of([("Der Kreis Beispiel lädt ein.", [("Kreis Beispiel", "ORG")]),
                              ("„Gut so“, sagte Kreisdirektor Dr. Jan Probe.", [("Jan Probe", "PER")])],
                             produced_by={"Jan Probe": "rule:title"})  # the title found him, the role still counts
    assert pairs(relations, "AFFILIATED_WITH") == {("Jan Probe", "Kreis Beispiel")}


def test_a_person_who_leads_or_works_at_a_unit_of_an_organisation_belongs_to_it():
    leads = "Anna Muster leitet das Fachgebiet Pflege der Alpha Universität."
    works = "Jan Probe arbeitet bei der Beta GmbH, Eva Test arbeitet eng mit der Gamma AG zusammen."
    relations = relations_of([(leads, [("Anna Muster", "PER"), ("Alpha Universität", "ORG")]),
                              (works, [("Jan Probe", "PER"), ("Beta GmbH", "ORG"), ("Eva Test", "PER"), ("Gamma AG", "ORG")])])
    assert pairs(relations, "AFFILIATED_WITH") == {("Anna Muster", "Alpha Universität"), ("Jan Probe", "Beta GmbH")}


def test_a_person_leading_an_organisation_and_a_signature_over_a_role():
    led = "Die Auswertung übernimmt die Alpha Universität unter Leitung von Prof. Dr. Nico Probe."
    relations = relations_of([("STADT MUSTERSTADT", [("STADT MUSTERSTADT", "ORG")]),
                              (led, [("Alpha Universität", "ORG"), ("Nico Probe", "PER")]),
                              ("Miriam Test\nBeigeordnete", [("Miriam Test", "PER")]),
                              ("Es sprach Eva Muster heute.", [("Eva Muster", "PER")])])
    assert pairs(relations, "AFFILIATED_WITH") == {("Nico Probe", "Alpha Universität"), ("Miriam Test", "STADT MUSTERSTADT")}


def test_a_role_after_deren_or_dessen_belongs_to_the_organisation_named_last_before_it():
    relations = relations_of([("Die Omega AG und die Alpha Akademie e. V. begleiten die Regionen.", [("Omega AG", "ORG"), ("Alpha Akademie e. V.", "ORG")]),
                              ("Deren Geschäftsführerin Dr. Ina Probe erklärte es.", [("Ina Probe", "PER")]),
                              ("Es hilft das Netzwerk Beta e.V., dessen Geschäftsführerin Eva Test berät.", [("Netzwerk Beta e.V.", "ORG"), ("Eva Test", "PER")])],
                             produced_by={"Ina Probe": "rule:role", "Eva Test": "rule:role"})
    assert pairs(relations, "AFFILIATED_WITH") == {("Ina Probe", "Alpha Akademie e. V."), ("Eva Test", "Netzwerk Beta e.V.")}


def test_role_is_read_past_the_titles_before_the_name():
    relations = relations_of([("OMEGA VERBAND", [("OMEGA VERBAND", "ORG")]),
                              ("Es sprach Regionaldirektorin Prof. Dr. Ina Probe.", [("Ina Probe", "PER")])],
                             produced_by={"Ina Probe": "rule:role"})
    assert "role:regionaldirektorin" in {rule for kind, _, _, rule in relations if kind == "AFFILIATED_WITH"}



def test_a_department_head_of_the_town_belongs_to_it_and_co_organisers_to_the_host():
    relations = relations_of([
        ("Die Stadt Alpha hat am Mittwoch einen Fachtag ausgerichtet.", [("Stadt Alpha", "ORG")]),
        ("Mitveranstalter waren die Beta Stiftung und die Gamma Klinik GmbH.", [("Beta Stiftung", "ORG"), ("Gamma Klinik GmbH", "ORG")]),
        ("Gesundheitsdezernentin Eva Probe sagte bei der Eröffnung: „Das ist gut.“", [("Eva Probe", "PER")])])
    assert pairs(relations, "AFFILIATED_WITH") == {("Eva Probe", "Stadt Alpha")}
    assert collaborations_in(relations) == {frozenset(("Stadt Alpha", "Beta Stiftung")), frozenset(("Stadt Alpha", "Gamma Klinik GmbH"))}


def test_a_state_secretary_belongs_to_the_land_named_as_government_else_to_the_only_ministry():
    opened = "Das Zentrum wird vom Ministerium für Pflege des Landes Beta gefördert. Es sprach Staatssekretär Max Probe."
    relations = relations_of([(opened, [("Ministerium für Pflege des Landes Beta", "ORG"), ("Max Probe", "PER")])],
                             produced_by={"Max Probe": "rule:role"})
    assert pairs(relations, "AFFILIATED_WITH") == {("Max Probe", "Ministerium für Pflege des Landes Beta")}
    relations = relations_of([("Das Land Beta fördert es.", [("Land Beta", "ORG")]),
                              (opened, [("Ministerium für Pflege des Landes Beta", "ORG"), ("Max Probe", "PER")])],
                             produced_by={"Max Probe": "rule:role", "Land Beta": "rule:state"})
    assert pairs(relations, "AFFILIATED_WITH") == {("Max Probe", "Land Beta")}

# PARTICIPATES_IN


def test_where_organisations_are_based():
    sentence = "Die Alpha GmbH mit Sitz in Bochum, die in Essen ansässige Beta AG und die Gamma GmbH (Dortmund) sowie Delta aus Herne."
    relations = relations_of([(sentence, [("Alpha GmbH", "ORG"), ("Bochum", "LOC"), ("Essen", "LOC"), ("Beta AG", "ORG"),
                                          ("Gamma GmbH", "ORG"), ("Dortmund", "LOC"), ("Delta", "ORG"), ("Herne", "LOC")])])
    assert pairs(relations, "LOCATED_IN") == {("Alpha GmbH", "Bochum"), ("Beta AG", "Essen"), ("Gamma GmbH", "Dortmund"),
                                              ("Delta", "Herne")}


def test_organisation_funds_a_project():
    sentence = "Die Omega Stiftung fördert das Projekt Blauer Hafen mit zwei Millionen Euro."
    relations = relations_of([(sentence, [("Omega Stiftung", "ORG"), ("Blauer Hafen", "PROJECT")])])
    assert pairs(relations, "PARTICIPATES_IN") == {("Omega Stiftung", "Blauer Hafen")}


def test_agents_of_an_attributive_participle_take_part_in_the_project():
    sentence = "Das vom Bundesministerium für Forschung (BMF) und der Omega Stiftung geförderte Verbundprojekt „Blauer Hafen“ startet."
    relations = relations_of([(sentence, [("Bundesministerium für Forschung", "ORG"), ("BMF", "ORG"), ("Omega Stiftung", "ORG"),
                                          ("Blauer Hafen", "PROJECT")])])
    assert pairs(relations, "PARTICIPATES_IN") == {("Bundesministerium für Forschung", "Blauer Hafen"),
                                                   ("Omega Stiftung", "Blauer Hafen")}
    unrelated = "Die Omega Stiftung lobt das geförderte Projekt „Blauer Hafen“."
    assert pairs(relations_of([(unrelated, [("Omega Stiftung", "ORG"), ("Blauer Hafen", "PROJECT")])]), "PARTICIPATES_IN") == set()


def test_an_organisation_working_in_a_project_takes_part_in_it():
    sentence = "Die Stadt Musterstadt arbeitet bereits im Projekt „Pflege vernetzt“ mit dem Kreis Beispiel zusammen."
    relations = relations_of([(sentence, [("Stadt Musterstadt", "ORG"), ("Pflege vernetzt", "PROJECT"), ("Kreis Beispiel", "ORG")])])
    assert ("Stadt Musterstadt", "Pflege vernetzt") in pairs(relations, "PARTICIPATES_IN")


def test_participants_named_right_after_the_documents_only_project():
    relations = relations_of([("Das Land fördert das Projekt „Blauer Hafen“.", [("Blauer Hafen", "PROJECT")]),
                              ("Projektträger ist die Alpha GmbH.", [("Alpha GmbH", "ORG")]),
                              ("Beteiligt sind die Beta AG und die Gamma Universität.", [("Beta AG", "ORG"), ("Gamma Universität", "ORG")]),
                              ("Beteiligt waren auch die Delta AG und die Epsilon GmbH.", [("Delta AG", "ORG"), ("Epsilon GmbH", "ORG")])])
    assert pairs(relations, "PARTICIPATES_IN") == {("Alpha GmbH", "Blauer Hafen"), ("Beta AG", "Blauer Hafen"),
                                                   ("Gamma Universität", "Blauer Hafen")}  # not three sentences on


def test_coordinated_organisations_take_part_with_a_separated_verb():
    sentence = "Die Alpha GmbH und die Beta AG nehmen an dem Programm Grüne Welle teil."
    relations = relations_of([(sentence, [("Alpha GmbH", "ORG"), ("Beta AG", "ORG"), ("Grüne Welle", "PROJECT")])])
    assert pairs(relations, "PARTICIPATES_IN") == {("Alpha GmbH", "Grüne Welle"), ("Beta AG", "Grüne Welle")}


def test_passive_and_noun_first_participation():
    passive = "Das Projekt Blauer Hafen wird von der Omega Stiftung koordiniert."
    carrier = "Träger des Festivals Lichtblick ist der Kappa e.V."
    relations = relations_of([(passive, [("Blauer Hafen", "PROJECT"), ("Omega Stiftung", "ORG")]),
                              (carrier, [("Lichtblick", "PROJECT"), ("Kappa e.V.", "ORG")])])
    assert pairs(relations, "PARTICIPATES_IN") == {("Omega Stiftung", "Blauer Hafen"), ("Kappa e.V.", "Lichtblick")}


def test_event_hosted_by_an_organisation():
    sentence = "Die Sigma Hochschule richtet in diesem Jahr den Wettbewerb Zukunftsfunke aus."
    relations = relations_of([(sentence, [("Sigma Hochschule", "ORG"), ("Zukunftsfunke", "PROJECT")])])
    assert pairs(relations, "PARTICIPATES_IN") == {("Sigma Hochschule", "Zukunftsfunke")}


def test_organisations_that_have_started_a_project_take_part_and_work_together():
    sentence = "Die Alpha Universität und die Beta Klinik haben das Projekt „Gamma“ im Mai gestartet."
    relations = relations_of([(sentence, [("Alpha Universität", "ORG"), ("Beta Klinik", "ORG"), ("Gamma", "PROJECT")])])
    assert pairs(relations, "PARTICIPATES_IN") == {("Alpha Universität", "Gamma"), ("Beta Klinik", "Gamma")}
    assert collaborations_in(relations) == {frozenset(("Alpha Universität", "Beta Klinik"))}


def test_organisation_and_project_without_a_cue_do_not_participate():
    sentence = "Die Omega Stiftung sitzt neben dem Gelände von Blauer Hafen."
    relations = relations_of([(sentence, [("Omega Stiftung", "ORG"), ("Blauer Hafen", "PROJECT")])])
    assert pairs(relations, "PARTICIPATES_IN") == set()


def test_the_agent_of_a_passive_does_not_run_the_project_after_it():
    sentence = "Die Reise wird von der Omega Kammer organisiert und durch das Programm Brückenschlag finanziert."
    relations = relations_of([(sentence, [("Omega Kammer", "ORG"), ("Brückenschlag", "PROJECT")])])
    assert pairs(relations, "PARTICIPATES_IN") == set()


def test_a_name_in_list_order_joins_only_the_organisation_the_document_comes_from():
    minutes = [("Die Partei Rot stellt den Antrag.", [("Partei Rot", "ORG")]),
               ("Vorschlag: Probe, Karl und andere.", [("Probe, Karl", "PER")])]
    relations = relations_of(minutes, produced_by={"Probe, Karl": "rule:surname_given"})
    assert pairs(relations, "AFFILIATED_WITH") == set()
    letter = [("OMEGA VERBAND", [("OMEGA VERBAND", "ORG")])] + minutes
    relations = relations_of(letter, produced_by={"Probe, Karl": "rule:surname_given"})
    assert pairs(relations, "AFFILIATED_WITH") == {("Karl Probe", "OMEGA VERBAND")}


def test_a_numbered_heading_ends_a_member_list_even_when_its_name_was_not_found():
    text = ("Fraktion Weiß Musterstadt\n"
            "1. Bauausschuss\n"
            "Karl Probe\tJana Test\n"
            "2. Kulturausschuss\n"
            "Uwe Muster\tEva Beispiel")
    names = [("Fraktion Weiß Musterstadt", "ORG"), ("Bauausschuss", "ORG"), ("Karl Probe", "PER"), ("Jana Test", "PER"),
             ("Uwe Muster", "PER"), ("Eva Beispiel", "PER")]
    affiliated = pairs(relations_of([(text, names)]), "AFFILIATED_WITH")
    assert {p for p, org in affiliated if org == "Bauausschuss"} == {"Karl Probe", "Jana Test"}
    assert {p for p, org in affiliated if org == "Fraktion Weiß Musterstadt"} == {"Karl Probe", "Jana Test", "Uwe Muster", "Eva Beispiel"}


def test_project_of_an_organisation_in_quotes_or_with_a_copula():
    quoted = "Die Mittel für das „Programm Saubere Luft“ der Omega Bank sind erschöpft."
    copula = "Der „Zukunftstag Nord“ ist ein Austauschformat des Kappa Verbands mit den Regionen."
    relations = relations_of([(quoted, [("Programm Saubere Luft", "PROJECT"), ("Omega Bank", "ORG")]),
                              (copula, [("Zukunftstag Nord", "PROJECT"), ("Kappa Verbands", "ORG")])])
    assert pairs(relations, "PARTICIPATES_IN") == {("Omega Bank", "Programm Saubere Luft"), ("Kappa Verband", "Zukunftstag Nord")}


def test_an_organisations_short_form_in_brackets_does_not_end_a_list_of_agents():
    sentence = "Das Programm „Eins“ wird vom Alpha Verband (AV), der Beta Kasse und der Gamma Kammer getragen."
    relations = relations_of([(sentence, [("Eins", "PROJECT"), ("Alpha Verband", "ORG"), ("AV", "ORG"), ("Beta Kasse", "ORG"),
                                          ("Gamma Kammer", "ORG")])])
    assert pairs(relations, "PARTICIPATES_IN") == {("Alpha Verband", "Eins"), ("Beta Kasse", "Eins"), ("Gamma Kammer", "Eins")}
