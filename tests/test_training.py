"""Smoke test of the NER training recipe on a tiny corpus built here (no /work/shared needed)."""

from __future__ import annotations

import gzip
import json

import pytest
import spacy

from hrgraph.training import corpora
from hrgraph.training.evaluate import evaluate_ner
from hrgraph.training.train import MODEL_NAME, REPO_ROOT, ship, train_ner

GERMEVAL = """Schartau S-PER
sagte O
dem O
Tagesspiegel S-ORG
in O
Berlin S-LOC
. O

Die O
EU-weite S-ORGpart
Tagung O
des O
Deutschen B-ORG
Gewerkschaftsbunds E-ORG
zum O
Grundgesetz S-OTH
. O

Angela B-PER
Merkel E-PER
besucht O
das O
deutsche S-LOCderiv
Werk O
. O
"""

WIKIANN = "de:Teil\tO\nde:der\tO\nde:Savoyer\tB-LOC\nde:Voralpen\tI-LOC\n\nde:Volkswagen\tB-ORG\nde:AG\tI-ORG\n"

MOBIE = ("-DOCSTART- -1- O O\n\nStau\tNN\tI-NN\tO\nauf\tAPPR\tI-AP\tO\nder\tART\tI-AR\tO\nA9\tNE\tI-NE\tB-location-route\n"
         "bei\tAPPR\tI-AP\tO\nLeipzig\tNE\tI-NE\tB-location-city\nseit\tAPPR\tI-AP\tO\nheute\tADV\tI-AD\tO\n"
         ".\t$.\tI-$.\tO\n\n"
         "Die\tART\tI-AR\tO\nDeutsche\tNE\tI-NE\tB-organization-company\nBahn\tNE\tI-NE\tI-organization-company\n")


def smartdata_record(doc_id: str, text: str, mentions: list[tuple[str, str]]) -> dict:
    """A SmartData-style JSON document with character-offset mentions of the given surfaces."""
    array = [{"span": {"start": text.index(s), "end": text.index(s) + len(s)}, "type": t} for s, t in mentions]
    return {"id": doc_id, "text": {"string": text}, "conceptMentions": {"array": array}}


def write_jsonl_gz(path, records) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(r) + "\n" for r in records)


@pytest.fixture
def corpora_dir(tmp_path):
    root = tmp_path / "ner"
    for sub in ("germeval2014", "wikiann_de", "mobie", "smartdata"):
        (root / sub).mkdir(parents=True)
    (root / "germeval2014" / "train.bioes").write_text(GERMEVAL, encoding="utf-8")
    (root / "germeval2014" / "dev.bioes").write_text(GERMEVAL, encoding="utf-8")
    (root / "wikiann_de" / "train.txt").write_text(WIKIANN, encoding="utf-8")
    (root / "mobie" / "train.conll2003").write_text(MOBIE, encoding="utf-8")
    train = smartdata_record("a", "Siemens entlässt in München 200 Mitarbeiter, sagte Joe Kaeser am Montag.",
                             [("Siemens", "organization-company"), ("München", "location-city"),
                              ("Joe Kaeser", "person"), ("Montag", "date")])
    dev = smartdata_record("b", "Stau auf der A 9 bei Nürnberg, meldet die Polizei Bayern.",
                           [("A 9", "LOCATION_ROUTE"), ("Nürnberg", "LOCATION_CITY"),
                            ("Polizei Bayern", "ORGANIZATION")])
    write_jsonl_gz(root / "smartdata" / "v1_train_test_minus_heldout.jsonl.gz", [train, dev])
    write_jsonl_gz(root / "smartdata" / "v3_dev.jsonl.gz", [dev])
    return root


def ents(doc):
    return [(e.text, e.label_) for e in doc.ents]


def test_germeval_mapping(corpora_dir):
    vocab = spacy.blank("de").vocab
    docs = corpora.germeval(vocab, corpora_dir / "germeval2014" / "train.bioes", per_doc=1)
    assert ents(docs[0]) == [("Schartau", "PER"), ("Tagesspiegel", "ORG"), ("Berlin", "LOC")]
    assert ents(docs[1]) == [("Deutschen Gewerkschaftsbunds", "ORG"), ("Grundgesetz", "MISC")]  # ORGpart -> O
    assert ents(docs[2]) == [("Angela Merkel", "PER")]  # LOCderiv -> O
    grouped = corpora.germeval(vocab, corpora_dir / "germeval2014" / "train.bioes")
    assert len(grouped) == 1 and len(list(grouped[0].sents)) == 3


def test_other_corpora_mapping(corpora_dir):
    nlp = spacy.blank("de")
    wiki = corpora.wikiann(nlp.vocab, corpora_dir / "wikiann_de" / "train.txt", per_doc=1)
    assert wiki[0][0].text == "Teil" and ents(wiki[0]) == [("Savoyer Voralpen", "LOC")]
    mob = corpora.mobie(nlp.vocab, corpora_dir / "mobie" / "train.conll2003", per_doc=1)
    assert ents(mob[0]) == [("Leipzig", "LOC")]  # location-route -> O
    assert ents(mob[1]) == [("Deutsche Bahn", "ORG")]
    seen = corpora.ngrams("Stau auf der A9 bei Leipzig seit heute".split())
    kept = corpora.mobie(nlp.vocab, corpora_dir / "mobie" / "train.conll2003", per_doc=1, held_out=seen)
    assert [ents(d) for d in kept] == [[("Deutsche Bahn", "ORG")]]  # sentence also in held-out text
    sd = corpora.smartdata(nlp, corpora_dir / "smartdata" / "v1_train_test_minus_heldout.jsonl.gz",
                           exclude=[corpora_dir / "smartdata" / "v3_dev.jsonl.gz"])
    assert len(sd) == 1  # the v3 dev document is held out of training
    assert ents(sd[0]) == [("Siemens", "ORG"), ("München", "LOC"), ("Joe Kaeser", "PER")]
    assert [s.text for s in sd[0].spans[corpora.IGNORED]] == ["Montag"]


TINY = {"training.max_steps": 6, "training.eval_frequency": 3}
TINY_VECTORS = {**TINY, "pretraining.max_epochs": 1, "floret.dim": 8, "floret.bucket": 1000, "floret.epoch": 1,
                "floret.minCount": 1}


def test_vectors_recipe_trains_floret_vectors_and_pretrains(corpora_dir, tmp_path):
    best = train_ner(corpora_dir, tmp_path / "out", config=REPO_ROOT / "training" / "ner_vectors.cfg",
                     overrides=TINY_VECTORS)
    assert (tmp_path / "out" / "pretrain" / "model-last.bin").stat().st_size > 0
    nlp = spacy.load(best)
    assert nlp.vocab.vectors.mode == "floret" and nlp.vocab.vectors.shape == (1000, 8)
    assert nlp.config["paths"]["init_tok2vec"] == str(tmp_path / "out" / "pretrain" / "model-last.bin")
    assert nlp("Angela Merkel besucht Berlin .").has_annotation("ENT_IOB")


def test_train_and_evaluate(corpora_dir, tmp_path):
    best = train_ner(corpora_dir, tmp_path / "out", sources=corpora.SOURCES, overrides=TINY)
    assert not (tmp_path / "out" / "vectors").exists()  # the shipped recipe has no vectors
    nlp = spacy.load(best)
    assert nlp.pipe_names == ["sentencizer", "ner"]
    assert set(nlp.get_pipe("ner").labels) == {"PER", "ORG", "LOC", "MISC"}
    scores = evaluate_ner(nlp, tmp_path / "out" / "corpus" / "dev.spacy")
    assert {"micro"} <= set(scores) and 0.0 <= scores["micro"]["f"] <= 1.0
    shipped = ship(best, tmp_path / MODEL_NAME)
    reloaded = spacy.load(shipped)
    assert reloaded.meta["name"] == MODEL_NAME
    assert len(list(reloaded("Das ist ein Satz. Und noch einer.").sents)) == 2


def test_open_text_recipe_adds_running_text_to_vectors_and_a_sample_to_pretraining(corpora_dir, tmp_path):
    import lzma

    text_dir = tmp_path / "text"
    text_dir.mkdir()
    with lzma.open(text_dir / "reden.txt.xz", "wt", encoding="utf-8") as f:
        f.writelines(f"Der Ausschuss {n} tagte in Hannover und beriet den Haushalt.\n" for n in range(40))
    best = train_ner(corpora_dir, tmp_path / "out", config=REPO_ROOT / "training" / "ner_text.cfg",
                     text_dir=text_dir, overrides={**TINY_VECTORS, "raw_text.pretrain_tokens": 110})
    raw = tmp_path / "out" / "raw"
    floret_lines = raw.joinpath("raw.txt").read_text(encoding="utf-8").splitlines()
    assert floret_lines[-1] == "Der Ausschuss 39 tagte in Hannover und beriet den Haushalt ."
    assert sum("Ausschuss" in line for line in floret_lines) == 40  # the vectors see all of it
    sample = [json.loads(line)["text"] for line in raw.joinpath("raw.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sum("Ausschuss" in text for text in sample) == 10  # every 4th line: 40 lines of 11 tokens, 110 wanted
    assert spacy.load(best).vocab.vectors.mode == "floret"
