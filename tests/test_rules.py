"""Rule components on small sentences, through the real spaCy pipeline code path."""

import pytest
import spacy

import hrgraph.nlp.components  # noqa: F401


@pytest.fixture(scope="module")
def nlp():
    pipeline = spacy.blank("de")
    pipeline.add_pipe("sentencizer")
    pipeline.add_pipe("hrgraph_entity_rules", config={"model_name": "blank"})
    return pipeline


def ents(nlp, text):
    return [(e.text, e.label_, e._.produced_by) for e in nlp(text).ents]


def test_legal_forms_end_organisation_names(nlp):
    found = ents(nlp, "Die Geschäftsstelle, die MedEcon Ruhr GmbH, und die G Data CyberDefense AG arbeiten.")
    assert ("MedEcon Ruhr GmbH", "ORG", "rule:legal_form") in found
    assert ("G Data CyberDefense AG", "ORG", "rule:legal_form") in found


def test_heads_with_complements_and_places(nlp):
    text = ("Das Ministerium für Wirtschaft, Industrie, Klimaschutz und Energie NRW (MWIKE) und der Regionalverband Ruhr "
            "trafen die Medizinische Hochschule Hannover.")
    found = {(t, label) for t, label, _ in ents(nlp, text)}
    assert ("Ministerium für Wirtschaft, Industrie, Klimaschutz und Energie NRW", "ORG") in found
    assert ("MWIKE", "ORG") in found
    assert ("Regionalverband Ruhr", "ORG") in found
    assert ("Medizinische Hochschule Hannover", "ORG") in found


def test_generic_heads_alone_are_not_names(nlp):
    assert ents(nlp, "Die Hochschule und das Netzwerk der Gesundheitswirtschaft tagten.") == []


def test_people_after_titles_roles_and_in_signature_lists(nlp):
    found = {(t, label) for t, label, _ in ents(nlp, "Es sprach Univ.-Prof. Dr. med. Gernot Marx.\nEckei, Adrienne\tHoltmann, Thomas")}
    assert ("Gernot Marx", "PER") in found
    assert ("Eckei, Adrienne", "PER") in found
    assert ("Holtmann, Thomas", "PER") in found


def test_projects_quoted_dotted_and_headed(nlp):
    found = {(t, label) for t, label, _ in ents(nlp, "Die Initiative eHealth.Metropolregion und der Newsletter „gesundheIT“ "
                                                       "sowie das European Recovery Program wurden vorgestellt.")}
    assert ("eHealth.Metropolregion", "PROJECT") in found
    assert ("gesundheIT", "PROJECT") in found
    assert ("European Recovery Program", "PROJECT") in found


def test_speech_in_quotes_is_not_a_project(nlp):
    assert ents(nlp, "„Es geht vor allem darum, die Akteure zu aktivieren“, sagte sie.") == []
