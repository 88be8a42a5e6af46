"""Rule components on small sentences, through the real spaCy pipeline code path."""

import pytest
import spacy

import hrgraph.nlp.components  # noqa: F401


def ents(nlp, text):
    return [(e.text, e.label_, e._.produced_by) for e in nlp(text).ents]


def test_legal_forms_of_partners_abroad_end_names_and_are_dropped_from_the_key(nlp):
    from hrgraph.resolve.normalise import match_key

    found = ents(nlp, "Die Novartis Pharma S.A.S., die Smith & Nephew plc und die Bracco S.p.A. liefern.")
    assert [name for name, _, rule in found if rule == "rule:legal_form"] == [
        "Novartis Pharma S.A.S.", "Smith & Nephew plc", "Bracco S.p.A."]
    assert match_key("Bracco S.p.A.", "ORG") == match_key("Bracco", "ORG")


def test_legal_forms_end_organisation_names(nlp):
    found = ents(nlp, "Die Geschäftsstelle, die MedEcon Ruhr GmbH, und die G Data CyberDefense AG arbeiten.")
    assert ("MedEcon Ruhr GmbH", "ORG", "rule:legal_form") in found
    assert ("G Data CyberDefense AG", "ORG", "rule:legal_form") in found
    found = ents(nlp, "Dabei sind das Start-up Beispielsoft GmbH, die Gesundheitsregion Nord/Süd e.V. und die "
                      "Wirtschaftsförderung Dortmund GmbH.")
    assert ("Beispielsoft GmbH", "ORG", "rule:legal_form") in found
    assert ("Wirtschaftsförderung Dortmund GmbH", "ORG", "rule:legal_form") in found
    assert ("Alpha Beta gGmbH", "ORG", "rule:legal_form") in ents(nlp, "Es sprach die Alpha Beta gGmbH.")
    assert ("Gammasoft GmbH", "ORG", "rule:legal_form") in ents(nlp, "Das Essener Start-up Gammasoft GmbH wächst.")
    assert ("Stiftung Kinder forschen e. V.", "ORG", "rule:legal_form") in ents(nlp, "Am Stand der Stiftung Kinder forschen e. V. war es voll.")
    assert ("Alpha e.V.", "ORG", "rule:legal_form") in ents(nlp, "Es kam jemand im Netzwerk der Alpha e.V. an.")
    assert ("Gesundheitsregion Nord/Süd e.V.", "ORG", "rule:legal_form") in found
    found = ents(nlp, "Zugestimmt haben die Knappschaft Kliniken GmbH und ein Mitglied des Aufsichtsrates Alpha GmbH.")
    assert [t for t, _, _ in found] == ["Knappschaft Kliniken GmbH", "Alpha GmbH"]  # a noun before a head, not a body


def test_heads_with_complements_and_places(nlp):
    text = ("Das Ministerium für Wirtschaft, Industrie, Klimaschutz und Energie NRW (MWIKE) und der Regionalverband Ruhr "
            "trafen die Medizinische Hochschule Hannover.")
    found = {(t, label) for t, label, _ in ents(nlp, text)}
    assert ("Ministerium für Wirtschaft, Industrie, Klimaschutz und Energie NRW", "ORG") in found
    assert ("MWIKE", "ORG") in found
    assert ("Regionalverband Ruhr", "ORG") in found
    assert ("Medizinische Hochschule Hannover", "ORG") in found


def test_a_name_and_its_place_before_a_legal_form_is_one_name(nlp):
    found = ents(nlp, "Der Gesundheitswirtschaft Rhein-Main e.V., das Netzwerk MedLife e. V. und die Initiative "
                      "Gesundheitswirtschaft Nordwest e.V. laden ein.")
    assert ("Gesundheitswirtschaft Rhein-Main e.V.", "ORG", "rule:legal_form") in found
    assert ("MedLife e. V.", "ORG", "rule:legal_form") in found
    assert ("Initiative Gesundheitswirtschaft Nordwest e.V.", "ORG", "rule:legal_form") in found


def test_a_name_defined_by_its_short_form_in_brackets(nlp):
    found = ents(nlp, "Beteiligt sind die Deutsche Krankenhausgesellschaft (DKG), die Kassenärztliche Vereinigung Niedersachsen "
                      "(KVN) und der Landschaftsverband Westfalen-Lippe (LWL); gemessen wird die Durchschnittliche "
                      "Tägliche Verkehrsstärke (DTV).")
    names = {t for t, label, _ in found if label == "ORG"}
    assert {"Deutsche Krankenhausgesellschaft", "DKG", "Kassenärztliche Vereinigung Niedersachsen", "KVN",
            "Landschaftsverband Westfalen-Lippe", "LWL"} <= names
    assert ("Deutsche Krankenhausgesellschaft", "ORG", "rule:defined_name") in found
    assert not any("Verkehrsstärke" in name for name in names)


def test_a_complement_with_an_article_and_a_legal_form_after_it_belong_to_the_name(nlp):
    found = ents(nlp, "Er kooperiert mit dem Caritasverband für das Dekanat Beispielstadt e.V. Im Projekt ist er neu.")
    assert ("Caritasverband für das Dekanat Beispielstadt e.V.", "ORG", "rule:org_head") in found
    not_names = "Der Index des Statistischen Bundesamts für die Branche steigt; eine Initiative für die Sicherheit in der Sahelzone."
    assert ents(nlp, not_names) == []


def test_a_legal_form_with_a_dot_ends_the_sentence_before_a_sentences_first_word(nlp):
    doc = nlp("Er kooperiert mit der Alpha Beta e.V. Im Projekt sind zwölf Kommunen. Die Gamma e.V. Mitglieder kamen. "
              "Es hilft die Delta e.V. Weitere Partner sind die Epsilon AG.")
    assert [s.text for s in doc.sents] == ["Er kooperiert mit der Alpha Beta e.V.", "Im Projekt sind zwölf Kommunen.",
                                           "Die Gamma e.V. Mitglieder kamen.", "Es hilft die Delta e.V.",
                                           "Weitere Partner sind die Epsilon AG."]


def test_a_year_or_date_before_the_full_stop_ends_the_sentence(nlp):
    doc = nlp("Der Verein wurde 2019. Das Amt tagt am 14.03.2024. Der Rat folgt am 1. Juli 2024. Die 3. Sitzung ist offen.")
    assert [s.text for s in doc.sents] == ["Der Verein wurde 2019.", "Das Amt tagt am 14.03.2024.",
                                           "Der Rat folgt am 1. Juli 2024.", "Die 3. Sitzung ist offen."]


def test_a_date_line_parts_the_headline_from_the_text(nlp):
    doc = nlp("Alpha und Beta starten Partnerschaft\nKöln, 21. Mai 2024\nDie Alpha GmbH und die Beta AG haben sie vereinbart.")
    assert [s.text.strip() for s in doc.sents] == ["Alpha und Beta starten Partnerschaft", "Köln, 21. Mai 2024",
                                                   "Die Alpha GmbH und die Beta AG haben sie vereinbart."]


def test_an_abbreviation_head_with_a_camel_case_name(nlp):
    assert ("AOK NordWest", "ORG", "rule:org_head") in ents(nlp, "Es kooperiert die AOK NordWest mit der Stadt.")


def test_a_network_named_after_a_place_adjective_keeps_its_head(nlp):
    found = ents(nlp, "Das Klinikum ist Mitglied im Gesundheitsnetzwerk Lüneburger Heide e.V. und im Netzwerk MedLife e. V.")
    assert ("Gesundheitsnetzwerk Lüneburger Heide e.V.", "ORG", "rule:legal_form") in found
    assert ("MedLife e. V.", "ORG", "rule:legal_form") in found


def test_a_ministry_goes_on_with_its_land_in_the_genitive(nlp):
    found = ents(nlp, "Das Ministerium für Arbeit, Gesundheit und Soziales des Landes Nordrhein-Westfalen fördert es.")
    assert found == [("Ministerium für Arbeit, Gesundheit und Soziales des Landes Nordrhein-Westfalen", "ORG", "rule:org_head")]


def test_a_ministry_named_by_its_topic_is_a_name_the_kind_alone_is_not(nlp):
    found = ents(nlp, "Das Entwicklungsministerium und das Bundesgesundheitsministerium, nicht das Landesministerium "
                      "oder die Ministerien, laden ein.")
    assert [(t, label) for t, label, _ in found] == [("Entwicklungsministerium", "ORG"), ("Bundesgesundheitsministerium", "ORG")]


def test_names_with_a_dash_or_a_lower_case_adjective_in_their_complement(nlp):
    found = ents(nlp, "Beteiligt sind die Charité – Universitätsmedizin Berlin und das Max-Planck-Institut für molekulare Genetik.")
    assert [(t, label) for t, label, _ in found] == [("Charité – Universitätsmedizin Berlin", "ORG"),
                                                     ("Max-Planck-Institut für molekulare Genetik", "ORG")]
    found = ents(nlp, "Partner sind die HAWK Hochschule für angewandte Wissenschaft und Kunst und die Agentur für "
                      "erneuerbare Energien.")
    assert [t for t, _, _ in found] == ["HAWK Hochschule für angewandte Wissenschaft und Kunst",
                                        "Agentur für erneuerbare Energien"]


def test_an_association_or_ministry_goes_on_with_a_genitive_an_aside_and_a_participle_do_not(nlp):
    found = ents(nlp, "Gefördert wird es vom Verband der Ersatzkassen, begleitet von der Akademie der Wissenschaften in "
                      "Hamburg.")
    assert [t for t, _, _ in found] == ["Verband der Ersatzkassen", "Akademie der Wissenschaften in Hamburg"]
    found = ents(nlp, "Laut Schreiben des Bundesministeriums der Finanzen - BMF - reichen die seitens des "
                      "Ministeriums der Verteidigung abgegebenen Erklärungen nicht.")
    assert [t for t, _, _ in found] == ["Bundesministeriums der Finanzen", "BMF", "Ministeriums der Verteidigung"]
    assert [t for t, _, _ in ents(nlp, "Die Gesellschaft der Zukunft braucht Pflege.")] == []


def test_bank_details_and_source_lines_end_a_name(nlp):
    found = ents(nlp, "Bankverbindung: Sparkasse Musterstadt Goslar-IBAN DE12 2595. Quelle: Landesamt für Statistik Niedersachsen, Stand 2022")
    assert [t for t, _, _ in found] == ["Sparkasse Musterstadt", "Landesamt für Statistik Niedersachsen"]


def test_a_generic_head_after_the_adjective_of_a_land_is_a_name(nlp):
    found = ents(nlp, "Die Hamburgische Pflegegesellschaft, die Niedersächsische Krankenhausgesellschaft und die Neue "
                      "Gesellschaft laden ein.")
    assert [t for t, _, _ in found] == ["Hamburgische Pflegegesellschaft", "Niedersächsische Krankenhausgesellschaft"]


def test_an_office_is_named_with_the_local_authority_that_owns_it(nlp):
    doc = nlp("Das Gesundheitsamt der Stadt Bielefeld, die Leiterin des Jugendamtes des Hochsauerlandkreises und das "
              "Ehrenamt der Stadt Bochum.")
    assert [(e.text, e._.name) for e in doc.ents if e.text.lower().endswith(("amt", "amtes"))] == [
        ("Gesundheitsamt", "Gesundheitsamt der Stadt Bielefeld"), ("Jugendamtes", "Jugendamt des Hochsauerlandkreises")]


def test_a_kreis_of_the_register_after_a_word_for_a_kreis_alone_and_in_a_list(nlp):
    doc = nlp("Der Landkreis Grafschaft Bentheim und die Landkreise Emsland und Grafschaft Bentheim machen mit.")
    assert [(e.text, e._.name) for e in doc.ents] == [("Landkreis Grafschaft Bentheim", None),
                                                      ("Emsland", "Landkreis Emsland"),
                                                      ("Grafschaft Bentheim", "Landkreis Grafschaft Bentheim")]


def test_a_headline_announcing_a_new_network_is_no_name_a_name_with_neue_is(nlp):
    assert ents(nlp, "Neues Netzwerk für Telemedizin im Münsterland") == []
    found = ents(nlp, "Es laden die Neue Arbeit gGmbH und das Netzwerk für Telemedizin ein.")
    assert [t for t, _, _ in found] == ["Neue Arbeit gGmbH", "Netzwerk für Telemedizin"]


def test_a_faculty_with_a_name_is_an_organisation_alone_it_is_not(nlp):
    found = ents(nlp, "Die Medizinische Fakultät OWL der Universität Bielefeld wächst, die Fakultät auch.")
    assert [t for t, _, _ in found] == ["Medizinische Fakultät OWL", "Universität Bielefeld"]


def test_generic_heads_alone_are_not_names(nlp):
    assert ents(nlp, "Die Hochschule und das Netzwerk der Gesundheitswirtschaft tagten.") == []


def test_a_plural_head_with_its_complement_is_a_kind_not_a_name(nlp):
    assert ents(nlp, "Gefördert werden Initiativen zur Stärkung der Ortskerne.") == []
    assert ("Initiative zur Stärkung", "ORG") in {(t, label) for t, label, _ in
                                                               ents(nlp, "Es warb die Initiative zur Stärkung der Ortskerne.")}


def test_a_name_in_commas_after_the_kind_of_organisation_it_names(nlp):
    found = ents(nlp, "Dazu zählen das neu gegründete Startup-Hub für Digital Health, Quhr, oder der Anbieter, Beispielsoft, aus Bonn.")
    assert [(t, rule) for t, _, rule in found if rule == "rule:appositive_name"] == [
        ("Quhr", "rule:appositive_name"), ("Beispielsoft", "rule:appositive_name")]
    not_names = ("Der Sprecher des Netzwerks, Tischbier, die Firma, Dortmund, und die Firma, Mitarbeiter, Kunden. "
                 "Das sind Unternehmen, Gartenbaubetriebe, Höfe. Es haften die Hersteller, Zulieferbetriebe, Händler und Kunden.")
    assert all(rule != "rule:appositive_name" for _, _, rule in ents(nlp, not_names))


def test_a_name_right_after_its_kind_and_a_singular_article(nlp):
    found = ents(nlp, "Beauftragt wurde das Unternehmen Beispielsoft, die Firma Musterwerk und der Softwarehersteller "
                      "Nexoria. Dem Unternehmen Rekordgewinne zu gönnen, ist falsch; die Hersteller Alpha und Beta klagen.")
    assert [(t, rule) for t, _, rule in found if rule == "rule:kind_name"] == [
        ("Beispielsoft", "rule:kind_name"), ("Musterwerk", "rule:kind_name"), ("Nexoria", "rule:kind_name")]


def test_local_authorities_by_kind_and_place_but_not_as_the_place(nlp):
    text = "Die Stadt Göttingen und der Landkreis Hildesheim planen. Im Landkreis Hildesheim und in der Stadt Göttingen wohnen viele."
    found = [(t, rule) for t, _, rule in ents(nlp, text) if rule == "rule:authority"]
    assert found == [("Stadt Göttingen", "rule:authority"), ("Landkreis Hildesheim", "rule:authority")]
    assert ("Kreises Olpe", "rule:authority") in [(t, rule) for t, _, rule in ents(nlp, "Die Landrätin des Kreises Olpe sprach.")]
    found = [(t, rule) for t, _, rule in ents(nlp, "Der Hochsauerlandkreis tritt dem Rhein-Sieg-Kreis bei; im Ennepe-Ruhr-Kreis nicht.")]
    assert found == [("Hochsauerlandkreis", "rule:authority"), ("Rhein-Sieg-Kreis", "rule:authority")]


def test_people_after_titles_roles_and_in_signature_lists(nlp):
    found = {(t, label) for t, label, _ in ents(nlp, "Es sprach Univ.-Prof. Dr. med. Gernot Marx.\nEckei, Adrienne\tHoltmann, Thomas")}
    assert ("Gernot Marx", "PER") in found
    assert ("Eckei, Adrienne", "PER") in found
    assert ("Holtmann, Thomas", "PER") in found
    assert ents(nlp, "Biogasanlage:\nGefahrstoffaustritt, Explosionsgefahr\nHohe Brandlast") == []


def test_a_person_before_a_role_may_bear_the_name_of_a_village_two_places_are_none(nlp):
    assert ("Pit Clausen", "PER", "rule:apposition") in ents(nlp, "Es sprach Pit Clausen, Oberbürgermeister der Stadt.")
    assert not any(label == "PER" for _, label, _ in ents(nlp, "In Bochum Wattenscheid, Geschäftsführer sagen das."))


def test_a_middle_initial_belongs_to_the_name_a_role_after_a_title_does_not(nlp):
    found = {(t, label) for t, label, _ in ents(nlp, "Es sprach Prof. Dr. Alex W. Friedrich, dann Anna Lenz Paul Kranz.")}
    assert ("Alex W. Friedrich", "PER") in found
    assert {("Anna Lenz", "PER"), ("Paul Kranz", "PER")} <= found
    found = {(t, label) for t, label, _ in ents(nlp, "Verwaltung: Herr Kreisdirektor Dr. Stefan Funke, Frau Dr. Birgit Hansen")}
    assert {("Stefan Funke", "PER"), ("Birgit Hansen", "PER")} == found
    assert [(t, label) for t, label, _ in ents(nlp, "Sehr geehrter Herr Bundesminister Heil!")] == [("Heil", "PER")]


def test_a_quoted_example_or_a_topic_on_the_next_line_is_no_project(nlp):
    text = ("Suchen Sie z. B. „Bundesrepublik Deutschland“. Es liegt ein Antrag zum Thema\n„Neustrukturierung der "
            "Zuwendungen“ vor. Das Leitbild\n„Visionen für das Dorf“ gilt. Die Stadt startet das Projekt „Gesundes Quartier“.")
    assert [(t, label) for t, label, _ in ents(nlp, text) if label == "PROJECT"] == [("Gesundes Quartier", "PROJECT")]


def test_a_saints_name_is_no_person_and_a_quote_after_a_project_head_names_a_project(nlp):
    found = ents(nlp, "Es kooperieren das St. Anna Hospital und Ratsmitglied Schmidt (SPD) im Projekt „Gesundheitscampus Herne“.")
    assert [(t, label) for t, label, _ in found] == [("St. Anna Hospital", "ORG"), ("Schmidt", "PER"), ("SPD", "ORG"),
                                                     ("Gesundheitscampus Herne", "PROJECT")]
    found = ents(nlp, "Das Klinikum arbeitet im Projekt Smart Hospital Lippe mit.")
    assert [(t, label) for t, label, _ in found] == [("Smart Hospital Lippe", "PROJECT")]


def test_projects_quoted_dotted_and_headed(nlp):
    found = {(t, label) for t, label, _ in ents(nlp, "Die Initiative eHealth.Metropolregion und der Newsletter „gesundheIT“ "
                                                       "sowie das European Recovery Program wurden vorgestellt.")}
    assert ("eHealth.Metropolregion", "PROJECT") in found
    assert ("gesundheIT", "PROJECT") in found
    assert ("European Recovery Program", "PROJECT") in found


def test_speech_in_quotes_is_not_a_project(nlp):
    assert ents(nlp, "„Es geht vor allem darum, die Akteure zu aktivieren“, sagte sie.") == []


@pytest.fixture(scope="module")
def nlp_with_model():
    """The rules after a stand-in for the statistical model: an entity ruler that labels given phrases."""
    pipeline = spacy.blank("de")
    pipeline.add_pipe("sentencizer")
    pipeline.add_pipe("entity_ruler", name="ner")
    pipeline.add_pipe("hrgraph_entity_rules", config={"model_name": "stand-in"})
    return pipeline


def model_ents(pipeline, text, labelled):
    """Entities of ``text`` when the stand-in model labels the phrases of ``labelled`` ({phrase: label})."""
    ruler = pipeline.get_pipe("ner")
    ruler.clear()
    ruler.add_patterns([{"label": label, "pattern": [{"ORTH": t.text} for t in pipeline.make_doc(phrase)]}
                        for phrase, label in labelled.items()])
    return pipeline(text).ents


def test_model_people_need_evidence(nlp_with_model):
    text = ("Möglicherweise fällt der Urlaub aus. Das Büro liegt in der Kieler Str. 4. Tomas Brenner eröffnete, "
            "danach sprach Brenner mit Frau Haller. Haller nickte, Fichte schwieg.")
    labelled = {w: "PER" for w in ("Möglicherweise", "Urlaub", "Kieler Str.", "Tomas Brenner", "Brenner", "Haller", "Fichte")}
    found = {(e.text, e.label_) for e in model_ents(nlp_with_model, text, labelled)}
    assert {("Tomas Brenner", "PER"), ("Brenner", "PER"), ("Haller", "PER")} <= found
    assert not {e for e in found if e[0] in {"Möglicherweise", "Urlaub", "Kieler Str.", "Fichte"}}


def test_surname_that_is_a_common_noun_stays_with_given_name(nlp_with_model):
    found = model_ents(nlp_with_model, "Lisa Winter leitet das Amt. Winter kam aus Köln. Im Winter schneit es.",
                       {"Lisa Winter": "PER", "Winter": "PER"})
    assert [(e.text, e.start) for e in found if e.label_ == "PER"] == [("Lisa Winter", 0), ("Winter", 6)]


def test_names_of_a_wrapped_list_are_not_joined_across_the_line(nlp):
    found = {t for t, label, _ in ents(nlp, "Teilnehmende: Jana\nKrüger, Paul Lindner\nOtto, Karin\n") if label == "PER"}
    assert "Krüger, Paul" not in found
    assert "Paul Lindner" in found
    assert "Otto, Karin" in found
    in_a_row = {t for t, label, _ in ents(nlp, "Es stimmten Jana Krüger Paul Lindner und Anna Maria Otto.") if label == "PER"}
    assert in_a_row == {"Jana Krüger", "Paul Lindner", "Anna Maria Otto"}


def test_named_projects_and_events_after_heads(nlp):
    text = ("Das Förderprogramm NEXUS läuft, der Offshore-Windpark Nordsee Ost liefert Strom und beim Wettbewerb "
            "„Schüler experimentieren“ gewann sie. Auf der Weltklimakonferenz COP29 und dem G20-Gipfel sprach er.")
    found = {(t, label) for t, label, _ in ents(nlp, text)}
    assert {("NEXUS", "PROJECT"), ("Offshore-Windpark Nordsee Ost", "PROJECT"), ("Schüler experimentieren", "PROJECT"),
            ("COP29", "PROJECT"), ("G20-Gipfel", "PROJECT")} <= found


def test_a_compound_event_head_before_a_place_belongs_to_the_events_name(nlp):
    found = ents(nlp, "Gäste kamen zum Gesundheitskongress Westfalen 2025 und zum Kongress Pflege Nord.")
    assert [(t, label) for t, label, _ in found] == [("Gesundheitskongress Westfalen 2025", "PROJECT"),
                                                      ("Pflege Nord", "PROJECT")]  # a place after the compound head


def test_event_codes_only_in_sentences_about_meetings(nlp):
    assert ("COP 30", "PROJECT") in {(t, label) for t, label, _ in ents(nlp, "Vor der COP 30 in Belém wird der Gipfel geplant.")}
    assert ents(nlp, "Der Ausstoß von CO2 und CH4 sank, die Linie RE70 fährt wieder.") == []
    assert ents(nlp, "Die Klima-Konferenz tagte.") == []


def test_model_misc_after_a_project_head_is_a_project(nlp_with_model):
    found = {(e.text, e.label_) for e in model_ents(nlp_with_model, "Sie gewann den Preis beim Deutschen Innovationskongress, nicht im Tatort.",
                       {"Deutschen Innovationskongress": "MISC", "Tatort": "MISC"})}
    assert ("Deutschen Innovationskongress", "PROJECT") in found
    assert ("Tatort", "MISC") in found


def test_model_people_after_titles_months_and_english_names(nlp_with_model):
    text = "Dr. Wendt eröffnete. Die Tabelle zeigt Jan Feb Mrz. Digital Health und Groß Aspe. Sameh Okonjo sprach."
    labelled = {"Dr. Wendt": "PER", "Jan Feb Mrz": "PER", "Digital Health": "PER", "Groß Aspe": "PER", "Sameh Okonjo": "PER"}
    people = {e.text for e in model_ents(nlp_with_model, text, labelled) if e.label_ == "PER"}
    assert people == {"Dr. Wendt", "Sameh Okonjo"}


def test_model_span_of_two_people_is_split(nlp_with_model):
    people = [e.text for e in model_ents(nlp_with_model, "Gewählt: Tomas Brenner Katrin Uhlig.",
                                         {"Tomas Brenner Katrin Uhlig": "PER"}) if e.label_ == "PER"]
    assert people == ["Tomas Brenner", "Katrin Uhlig"]
    two_words = [e.text for e in model_ents(nlp_with_model, "Es forscht Sameh Paul.", {"Sameh Paul": "PER"})]
    assert two_words == ["Sameh Paul"]  # a given name as surname leaves one person


def test_quoted_acronyms_compounds_and_article_phrases_are_not_projects(nlp):
    text = "Spalte „PLAN“ und „Kurz-Arbeit“ sowie „Die neuen Termine“ fehlen, das Portal „stadtPlaner“ läuft."
    assert {(t, label) for t, label, _ in ents(nlp, text)} == {("stadtPlaner", "PROJECT")}
    assert ents(nlp, "Am Ende steht ein „") == []


def test_quoted_topics_titles_speech_and_names_of_other_kinds_are_not_projects(nlp):
    text = ("Ein Antrag zum Thema „Neue Wege im Quartier“ liegt vor. Es gelten die „Hinweise zur Leistungsfähigkeit der "
            "Feuerwehr“. Die Kindertagesstätte „St. Johannis“ wächst. Er sagte: „Gute Arbeit braucht Zeit“. "
            "Sie fragte „Wer zahlt die Rechnung?“ Im Projekt „Smarte Pflege Ruhr“ arbeiten sie. "
            "„Gute Pflege braucht Zeit“, sagt die Leiterin.")
    assert {(t, label) for t, label, _ in ents(nlp, text) if label == "PROJECT"} == {("Smarte Pflege Ruhr", "PROJECT")}
    assert ("KI-Pflege.Ruhr", "PROJECT") in {(t, label) for t, label, _ in ents(nlp, "Mit dem Projekt „KI-Pflege.Ruhr“ geht es los.")}


def test_name_found_by_given_name_has_one_surname(nlp):
    found = [t for t, label, _ in ents(nlp, "Im Ausschuss: Jana Krüger Mirabell\tProf. Garrelt Duin und Dr. Hans Peter Voss.")
             if label == "PER"]
    assert found == ["Jana Krüger", "Garrelt Duin", "Hans Peter Voss"]


def model_orgs(pipeline, text, phrases):
    """(text, label) of the entities when the stand-in model labels each phrase ORG."""
    return {(e.text, e.label_) for e in model_ents(pipeline, text, {p: "ORG" for p in phrases})}


def test_model_organisations_that_are_codes_laws_villages_or_people_are_dropped(nlp_with_model):
    text = ("Laut § 12 Abs. 2 KrO NRW und der StVO prüfte die IHK Lüneburg mit der KfW das Gelände in Groß Wettbergen.\n"
            "Wert: W=\nX42]\nCc: Kalbfell, Marcus; ferner die TeilnehmerInnen und der Autor/-in.")
    phrases = ["KrO NRW", "StVO", "IHK Lüneburg", "KfW", "Groß Wettbergen", "W=", "X42", "Kalbfell", "TeilnehmerInnen", "Autor/-in"]
    assert model_orgs(nlp_with_model, text, phrases) == {("IHK Lüneburg", "ORG"), ("KfW", "ORG"), ("Groß Wettbergen", "LOC")}


def test_a_model_organisation_that_is_the_short_form_of_a_common_noun_is_dropped(nlp_with_model):
    text = "Mit KI und EDV prüfte die IHK Lüneburg mit der KfW das Gelände."
    assert model_orgs(nlp_with_model, text, ["KI", "EDV", "IHK Lüneburg", "KfW"]) == {("IHK Lüneburg", "ORG"), ("KfW", "ORG")}


def test_a_model_organisation_opening_with_a_part_of_a_council_document_is_dropped(nlp_with_model):
    text = "Das ist der Beschlussvorschlag II. a der IHK Lüneburg."
    assert model_orgs(nlp_with_model, text, ["Beschlussvorschlag II. a", "IHK Lüneburg"]) == {("IHK Lüneburg", "ORG")}


def test_model_places_that_are_codes_or_laws_are_dropped(nlp_with_model):
    text = "Antrag AN/1429/2020 nach der StVO für Hildesheim."
    found = {(e.text, e.label_) for e in model_ents(nlp_with_model, text, {"AN": "LOC", "StVO": "LOC", "Hildesheim": "LOC"})}
    assert found == {("Hildesheim", "LOC")}


def test_a_model_place_that_is_a_noun_cut_short_is_dropped(nlp_with_model):
    text = "Einsätze\tRettungsd.\t12\nHildesheim\t4"
    found = {(e.text, e.label_) for e in model_ents(nlp_with_model, text, {"Rettungsd": "LOC", "Hildesheim": "LOC"})}
    assert found == {("Hildesheim", "LOC")}


def test_model_organisations_in_rows_of_numeric_tables_and_capitalised_words_are_dropped(nlp_with_model):
    text = ("GLF 2019 4 6 7,5 Straße - 4 - -\nKLF 30 2015 8 3 15 Allrad\nAOK Lüneburg 2019 4 6 7,5\n"
            "ÜBERSICHT\nDer Abgleich von SOLL und IST mit der DLRG.")
    phrases = ["GLF", "KLF 30", "AOK Lüneburg", "ÜBERSICHT", "SOLL", "IST", "DLRG"]
    assert model_orgs(nlp_with_model, text, phrases) == {("AOK Lüneburg", "ORG"), ("DLRG", "ORG")}


def test_short_forms_defined_by_a_long_form_that_names_no_organisation():
    from hrgraph.nlp.annotate import defined_non_organisations
    from test_resolve_relations import doc_result

    pages = {1: "Gezählt werden Gerätewarte (GW), Zugführer (ZF) und die Ostheider Verkehrsbetriebe (OVB) sowie die "
                "Kreishandwerkerschaft Lüneburg (KHL). Die TDL (Tägliche Durchflussleistung) stieg.",
             2: "Abkürzungen\nKLF\tKleinlöschfahrzeug\nVDV\tVerband Deutscher Verkehrsunternehmen\n"}
    mentions = doc_result("d", [("die Ostheider Verkehrsbetriebe", [("Ostheider Verkehrsbetriebe", "ORG")])]).mentions
    assert defined_non_organisations(pages, mentions) == {"GW", "ZF", "TDL", "KLF"}
    named = doc_result("e", [("der Internationale Fonds", [("Internationale Fonds", "ORG")])]).mentions[0]
    named = named.model_copy(update={"text": "Internationaler Fonds"})  # the name as it stands alone
    assert defined_non_organisations({1: "der Internationale Fonds (IF) hilft"}, [named]) == set()


def test_a_head_or_authority_word_alone_after_an_article_is_the_documents_only_organisation_with_it(nlp):
    from hrgraph.nlp.annotate import annotate
    from hrgraph.records import ExtractedDocument, Page, SourceDocument

    text = ("Das Städtische Klinikum Musterstadt gGmbH wächst. Anna Muster, Geschäftsführerin des Klinikums, sprach. "
            "Ein Klinikum braucht Personal.")
    doc = SourceDocument(id="d", source="d.txt", path="d.txt", media_type="text", size=len(text))
    mentions, _ = annotate(nlp, [ExtractedDocument(doc=doc, pages=[Page(number=1, text=text, method="text")])])[0]
    bare = [m.text for m in mentions if m.evidence.produced_by == "rule:propagated"]
    assert bare == ["Klinikums"]  # not the "Klinikum" after the indefinite article
    text = "Die Stadt Celle plant. Die AOK hilft der Stadt. In der Stadt wohnen viele, im Kreis auch."
    doc = SourceDocument(id="e", source="e.txt", path="e.txt", media_type="text", size=len(text))
    mentions, _ = annotate(nlp, [ExtractedDocument(doc=doc, pages=[Page(number=1, text=text, method="text")])])[0]
    assert [m.text for m in mentions if m.evidence.produced_by == "rule:propagated"] == ["Stadt"]  # not the places


def test_the_project_alone_after_an_article_is_the_documents_only_project(nlp):
    from hrgraph.nlp.annotate import annotate
    from hrgraph.records import ExtractedDocument, Page, SourceDocument

    text = ("Das Verbundprojekt „Tele Nord“ ist gestartet. Das Projekt wird vom Bund gefördert. "
            "Ein Projekt braucht Zeit, das Projekt „Tele Nord“ auch.")
    doc = SourceDocument(id="d", source="d.txt", path="d.txt", media_type="text", size=len(text))
    mentions, _ = annotate(nlp, [ExtractedDocument(doc=doc, pages=[Page(number=1, text=text, method="text")])])[0]
    assert [(m.text, m.type) for m in mentions if m.evidence.produced_by == "rule:propagated"] == [("Projekt", "PROJECT")]


def test_a_legal_form_or_a_compound_adjective_alone_is_no_organisation_the_model_may_keep(nlp):
    from hrgraph.nlp.lexicon import load_lexicon
    from hrgraph.nlp.rules import checked_ner_label

    doc = nlp.make_doc("Das Universitätsklinikum Essen (AöR) und die Beispiel AG.")
    assert doc[4].text == "AöR" and checked_ner_label(list(doc[4:5]), "ORG", load_lexicon()) is None
    assert doc[8:10].text == "Beispiel AG" and checked_ner_label(list(doc[8:10]), "ORG", load_lexicon()) == "ORG"
    heads = nlp.make_doc("Ordentlich\tStellvertretend\tMünster\tBau-Standort\tRhein-Sieg-Kreis")
    assert [checked_ner_label([token], "LOC", load_lexicon()) for token in heads if not token.is_space] == [
        None, None, "LOC", None, "LOC"]
    doc = nlp.make_doc("Eine KI-gestützter Auswertung der Rhein-Sieg-Kreis.")
    assert checked_ner_label(list(doc[1:2]), "ORG", load_lexicon()) is None
    assert checked_ner_label(list(doc[4:5]), "ORG", load_lexicon()) == "ORG"


def test_a_role_is_no_organisation_and_a_model_span_drops_the_marks_at_its_edges(nlp):
    from hrgraph.nlp.components import without_edge_marks
    from hrgraph.nlp.lexicon import load_lexicon
    from hrgraph.nlp.rules import RuleSpan, checked_ner_label

    doc = nlp.make_doc("Jan Tal, Chief Medical Officer der Helios Kliniken, und der Verband der Geschäftsführer")
    assert doc[3:6].text == "Chief Medical Officer" and checked_ner_label(list(doc[3:6]), "ORG", load_lexicon()) is None
    assert checked_ner_label(list(doc[12:15]), "ORG", load_lexicon()) == "ORG"  # an organisation head: "Verband"
    doc = nlp.make_doc("Braunschweig/Göttingen, 22.08.2023")
    assert without_edge_marks(doc, RuleSpan(0, 2, "LOC", "ner:m")) == RuleSpan(0, 1, "LOC", "ner:m")
    assert without_edge_marks(doc, RuleSpan(1, 2, "LOC", "ner:m")).start == without_edge_marks(doc, RuleSpan(1, 2, "LOC", "ner:m")).end


def test_an_adjective_in_sam_opens_an_organisation_name(nlp):
    found = ents(nlp, "Der Innovationsfonds beim Gemeinsamen Bundesausschuss fördert das Projekt.")
    assert ("Gemeinsamen Bundesausschuss", "ORG", "rule:org_head") in found


def test_known_names_without_a_head_are_organisations_unless_a_longer_name_goes_on(nlp):
    found = ents(nlp, "Gesellschafter sind die Knappschaft und die Barmer. Sie nutzt die Knappschaft Kliniken.")
    assert [(name, rule) for name, _, rule in found if rule == "gazetteer:known_names"] == [
        ("Knappschaft", "gazetteer:known_names"), ("Barmer", "gazetteer:known_names")]


def test_hospitals_named_spital_and_universities_and_institutes_abroad_are_organisations(nlp):
    assert ("Mathias-Spital Rheine", "ORG", "rule:org_head") in ents(nlp, "Mathias-Spital Rheine\tDr. Thomas Hülsken")
    assert ("Radboud Universiteit", "ORG", "rule:org_head") in ents(nlp, "Es forscht die Radboud Universiteit in Nijmegen.")
    assert ("Universiteit Maastricht", "ORG", "rule:org_head") in ents(nlp, "Partner ist die Universiteit Maastricht.")
    found = ents(nlp, "Partner sind die University of Twente, das Karolinska Institutet und die Universidade de Lisboa.")
    assert [name for name, label, _ in found if label == "ORG"] == [
        "University of Twente", "Karolinska Institutet", "Universidade de Lisboa"]


def test_places_joined_by_a_slash_after_zu_or_a_part_of_town_end_a_name(nlp):
    assert ("Universität Witten/Herdecke", "ORG", "rule:org_head") in ents(nlp, "Es lehrt die Universität Witten/Herdecke.")
    assert ("Universität Witten", "ORG", "rule:org_head") in ents(nlp, "Es lehrt die Universität Witten / Herdecke.")
    assert ("IHK Lippe zu Detmold", "ORG", "rule:org_head") in ents(nlp, "Es lädt die IHK Lippe zu Detmold ein.")
    assert ("Bezirksvertretung Süd", "ORG", "rule:org_head") in ents(nlp, "Es rät die Bezirksvertretung Süd ab.")


def test_an_owner_in_the_genitive_belongs_to_the_name_when_a_legal_form_follows(nlp):
    found = ents(nlp, "Es koordiniert die Gesellschaft für Wirtschaftsförderung des Kreises Alphen mbH (WFA).")
    assert ("Gesellschaft für Wirtschaftsförderung des Kreises Alphen mbH", "ORG", "rule:org_head") in found
    assert ("Klinikum der Stadt Alphen gGmbH", "ORG", "rule:org_head") in ents(nlp, "Das Klinikum der Stadt Alphen gGmbH hilft.")
    found = ents(nlp, "Es entsteht auf Initiative der Gamma GmbH.")
    assert ("Gamma GmbH", "ORG", "rule:legal_form") in found and not any("Initiative" in name for name, _, _ in found)
    found = ents(nlp, "Es spricht die Geschäftsführerin der Beta Holding des Kreises Alphen.")
    assert not any("Kreises" in name and "Holding" in name for name, _, _ in found)


def test_each_place_after_a_plural_kind_is_an_organisation_of_that_kind(nlp):
    doc = nlp("Die Mittel gingen an die Landkreise Peine, Heidekreis und Nienburg/Weser sowie an die Städte Celle und Bochum.")
    assert [(e.text, e._.name) for e in doc.ents if e._.produced_by == "rule:plural_kind"] == [
        ("Peine", "Landkreis Peine"), ("Heidekreis", "Landkreis Heidekreis"), ("Nienburg/Weser", "Landkreis Nienburg/Weser"),
        ("Celle", "Stadt Celle"), ("Bochum", "Stadt Bochum")]
    places = nlp("In den betroffenen Städten Bochum und Herne wohnen viele; die Universitäten der Region kooperieren; "
                 "in vielen Städten und Gemeinden Bauland und Boden.")
    assert not [e for e in places.ents if e.label_ == "ORG"]


def test_a_project_head_after_a_possessive_names_no_project(nlp):
    found = ents(nlp, "Das Dorf beachtet bei seinen Vorhaben Demografie, Klimaschutz und Ökologie.")
    assert not [name for name, label, _ in found if label == "PROJECT"]
    found = ents(nlp, "Sie planen einen gemeinsamen Weiterbildungsstudiengang Pflegeinformatik.")
    assert ("Weiterbildungsstudiengang Pflegeinformatik", "PROJECT", "rule:project_head") in found
    assert ("EXIST", "PROJECT", "rule:project_head") in ents(nlp, "Gefördert wird es im Förderprogramm EXIST.")


def test_a_colon_keeps_the_list_it_introduces_in_its_sentence(nlp):
    doc = nlp("Folgende Partner sind beteiligt:\n\n- Alpha GmbH\n- Beta AG\n\nDie Geschäftsstelle liegt in Köln.\n\n- Gamma AG")
    assert [s.text.strip() for s in doc.sents if s.text.strip()] == ["Folgende Partner sind beteiligt:\n\n- Alpha GmbH\n- Beta AG",
                                                                     "Die Geschäftsstelle liegt in Köln.", "- Gamma AG"]
    web_page = nlp("Beteiligt sind:\n- Alpha GmbH\n- Beta AG\nGefördert werden außerdem:\n- Gamma AG\n12. Bauausschuss\n(BA)")
    assert [s.text.strip() for s in web_page.sents] == ["Beteiligt sind:\n- Alpha GmbH\n- Beta AG",
                                                        "Gefördert werden außerdem:\n- Gamma AG", "12. Bauausschuss\n(BA)"]


def test_a_quotation_before_a_verb_of_saying_is_speech_also_at_the_start_of_a_line(nlp):
    speech = "Ziel ist es, eine Software zu erproben.\n„Unsere Algorithmen erkennen Störungen schneller als bisher“, sagt Eva Test."
    assert not [name for name, label, _ in ents(nlp, speech) if label == "PROJECT"]
    named = "Im Wettbewerb „Unser Dorf hat Zukunft“, so der Landrat, zählt jede Idee."
    assert ("Unser Dorf hat Zukunft", "PROJECT", "rule:quoted") in ents(nlp, named)


def test_a_headline_announcing_a_project_is_no_name(nlp):
    assert not [e for e in ents(nlp, "Neues Projekt\n\nAachen, 5. Februar 2025\n\nDie Stadt startet.") if e[1] == "PROJECT"]
    assert ("Health Hack Metropolregion", "PROJECT", "rule:project_head") in ents(nlp, "Das Projekt Health Hack Metropolregion startet.")


def test_a_named_compound_that_describes_a_quoted_name_or_follows_a_possessive_is_no_name(nlp):
    found = ents(nlp, "Die Hochschule hat das Interreg-Projekt „Tele Care“ gestartet, ihr neues Accelerator-Programm auch.")
    assert [name for name, label, _ in found if label == "PROJECT"] == ["Tele Care"]
    assert ("Transatlantik-Programm der Bundesregierung", "PROJECT", "rule:project_name") in ents(
        nlp, "Das Transatlantik-Programm der Bundesregierung fördert den Austausch.")


def test_a_project_word_after_an_acronym_of_its_funder_or_field_is_no_name(nlp):
    assert not [n for n, label, _ in ents(nlp, "Die Universität koordiniert ein EU-Projekt zur Pflege.") if label == "PROJECT"]
    assert ("Transatlantik-Programm", "PROJECT", "rule:project_name") in ents(nlp, "Es hilft das Transatlantik-Programm.")
    assert not ents(nlp, "Anträge für die KfW-Programme sind gestoppt.")


def test_a_quoted_name_the_text_calls_a_publication_is_no_project(nlp):
    assert not ents(nlp, 'Die „Chemie Heute“ ist eine Publikation der Gesellschaft.')
    assert ("Chemie Heute", "PROJECT", "rule:quoted") in ents(nlp, 'Das Projekt „Chemie Heute“ ist ein Erfolg.')


def test_a_complement_ends_at_a_comma_that_no_und_closes(nlp):
    found = ents(nlp, "Die Vorsitzende der Agentur für Arbeit Alphen, Luise Probe, sprach.")
    assert ("Agentur für Arbeit Alphen", "ORG", "rule:org_head") in found
    found = ents(nlp, "Das Ministerium für Wirtschaft, Industrie, Klimaschutz und Energie lädt ein.")
    assert ("Ministerium für Wirtschaft, Industrie, Klimaschutz und Energie", "ORG", "rule:org_head") in found


def test_a_model_organisation_after_der_or_das_is_named_with_the_strong_adjective(nlp):
    from spacy.tokens import Span

    from hrgraph.nlp.components import name_without_article

    doc = nlp.make_doc("Es zahlt der Internationale Währungsfonds, das Deutsche Rote Kreuz und die Deutsche Bahn.")
    assert name_without_article(Span(doc, 3, 5, label="ORG")) == "Internationaler Währungsfonds"
    assert name_without_article(Span(doc, 7, 10, label="ORG")) == "Deutsches Rotes Kreuz"
    assert name_without_article(Span(doc, 12, 14, label="ORG")) is None  # "die": the name's own form


def test_an_organisation_cut_at_a_role_compound_takes_its_first_part(nlp):
    from hrgraph.nlp.components import role_compound_name
    from hrgraph.nlp.lexicon import load_lexicon
    from hrgraph.nlp.rules import RuleSpan

    lex = load_lexicon()
    doc = nlp.make_doc("Dennis Poß, IG Metall-Sekretär, und der AOK-Vorstand am Klinik-Gelände")
    for model_span in (RuleSpan(3, 4, "ORG", "ner:m"), RuleSpan(3, 5, "ORG", "ner:m")):  # "IG", "IG Metall-Sekretär"
        assert role_compound_name(doc, model_span, lex) == RuleSpan(3, 5, "ORG", "ner:m", name="IG Metall")
    for unchanged in (RuleSpan(3, 4, "LOC", "ner:m"), RuleSpan(8, 9, "ORG", "ner:m"), RuleSpan(10, 11, "ORG", "ner:m")):
        assert role_compound_name(doc, unchanged, lex) == unchanged  # a place; "AOK-Vorstand" alone; "Klinik-Gelände"


def test_a_noun_after_a_title_and_a_given_name_is_the_surname(nlp):
    assert ("Ute Sommer", "PER", "rule:title") in ents(nlp, "Fachbereich Gesundheit\tProf. Dr. Ute Sommer")
    assert ("Eva Mai", "PER", "rule:title") in ents(nlp, "Es sprach Frau Dr. Eva Mai über Pflege.")
    assert not [e for e in ents(nlp, "Dr. Eva Mai 2024") if e[2] == "rule:title"]  # a month before a year


def test_a_given_name_goes_on_with_a_particle_and_a_surname(nlp):
    from spacy.tokens import Span

    from hrgraph.nlp.components import with_name_particles

    doc = nlp.make_doc("Es sprach Dr. Hans-Georg von der Marwitz, dann Tom Probe vom Klinikum und Dr. Eva vom Klinikum.")
    spans = [Span(doc, 2, 4, label="PER"), Span(doc, 9, 11, label="PER"), Span(doc, 14, 16, label="PER")]
    assert [s.text for s in with_name_particles(doc, spans)] == ["Dr. Hans-Georg von der Marwitz", "Tom Probe", "Dr. Eva"]


def test_a_name_a_rule_found_is_found_again_where_the_model_saw_another_kind(nlp):
    from hrgraph.nlp.annotate import propagate_names
    from hrgraph.records import Evidence, Mention

    text = "Kreis und UKM starten. Das Universitätsklinikum Münster (UKM) hilft."
    def mention(name, label, rule):
        start = text.index(name) if rule.startswith("ner") else text.rindex(name)
        return Mention(type=label, text=name, sentence_id=0, sentence_start=0, evidence=Evidence(
            doc="d", page=1, start=start, end=start + len(name), text=name, sentence=text, produced_by=rule))
    mentions = [mention("UKM", "LOC", "ner:model"), mention("UKM", "ORG", "rule:abbreviation")]
    found = propagate_names(mentions, {1: text}, "d", {1: [(0, 0, len(text))]})
    assert sorted((m.type, m.evidence.start, m.evidence.produced_by) for m in found) == [
        ("ORG", 10, "rule:propagated"), ("ORG", 57, "rule:abbreviation")]
