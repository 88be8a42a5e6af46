"""One reproducible command: convert the corpora, train the NER with ``training/ner.cfg`` (with
``training/ner_vectors.cfg``: train vectors and pretrain on the training text first; with
``training/ner_text.cfg``: on the training text plus the open running text), ship the best pipeline.

``hrgraph train-ner`` calls :func:`train_ner`; the defaults reproduce the shipped model.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import spacy
from spacy import util
from spacy.cli.train import train as spacy_train

from hrgraph.training import corpora
from hrgraph.training.pretrain import pretrain_tok2vec
from hrgraph.training.raw_text import write_raw_text
from hrgraph.training.vectors import train_floret_vectors

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_CORPORA = REPO_ROOT.parent / "shared" / "corpora" / "ner"
DEFAULT_TEXT = REPO_ROOT.parent / "shared" / "corpora" / "text"
DEFAULT_CONFIG = REPO_ROOT / "training" / "ner.cfg"
DEFAULT_OUTPUT = REPO_ROOT / "training" / "output"
MODEL_NAME = "de_hrgraph_ner"
#: Raised whenever the recipe changes, so caches keyed by the model version are renewed.
MODEL_VERSION = "0.1.0"
DEFAULT_SOURCES = ("germeval", "mobie", "smartdata")
#: Training data credited in the shipped pipeline's ``meta.json`` (see the model card).
DATA_SOURCES = {
    "germeval": {"name": "GermEval 2014 NER", "license": "CC BY 4.0",
                 "author": "D. Benikova, C. Biemann, M. Reznicek (LREC 2014)",
                 "url": "https://sites.google.com/site/germeval2014ner/"},
    "smartdata": {"name": "DFKI SmartData corpus v1", "license": "CC BY 4.0",
                  "author": "M. Schiersch et al. (LREC 2018)", "url": "https://github.com/DFKI-NLP/smartdata-corpus"},
    "mobie": {"name": "DFKI MobIE", "license": "CC BY 4.0",
              "author": "L. Hennig, P. T. Truong, A. Gabryszak (KONVENS 2021)", "url": "https://github.com/DFKI-NLP/MobIE"},
    "wikiann": {"name": "WikiANN de (Rahimi et al. 2019 split)", "license": "unclear, Wikipedia-derived (CC BY-SA)",
                "author": "X. Pan et al. (ACL 2017)", "url": "https://github.com/davidsbatista/NER-datasets"},
}


def train_ner(corpora_dir: Path | str = DEFAULT_CORPORA, output_dir: Path | str = DEFAULT_OUTPUT, *,
              config: Path | str = DEFAULT_CONFIG, sources: tuple[str, ...] = DEFAULT_SOURCES,
              germeval_upsample: int = 2, seed: int = 0, overrides: dict | None = None,
              ship_to: Path | str | None = None, text_dir: Path | str = DEFAULT_TEXT) -> Path:
    """Train the pipeline under ``output_dir`` and return the best one.

    Steps: convert ``corpora_dir`` (``corpus/``); if the config has a ``[floret]`` section, floret vectors
    of the training text (``vectors/``); if its ``[pretraining]`` names a component, pretrain that
    tok2vec on the same text (``pretrain/``); train the NER (``model-best``, ``model-last``).
    ``training/ner.cfg`` has neither; ``training/ner_vectors.cfg`` has both. If the config's
    ``[raw_text]`` section says ``open_text = true``, the running text in ``text_dir`` is added to that
    text (all of it for the vectors, about ``pretrain_tokens`` of it for pretraining).

    ``overrides`` are spaCy config overrides such as ``{"training.max_steps": 20}``; they also reach the
    ``[floret]`` and ``[pretraining]`` sections. With ``ship_to`` the best pipeline is also written
    there (named ``de_hrgraph_ner``), replacing what was there.
    """
    output_dir, config = Path(output_dir), Path(config)
    settings = {"system.seed": seed, **(overrides or {})}
    recipe = util.load_config(config, overrides=settings)
    corpus_dir = output_dir / "corpus"
    corpora.convert(Path(corpora_dir), corpus_dir, sources=sources, germeval_upsample=germeval_upsample, seed=seed)
    paths = {"paths.train": str(corpus_dir / "train.spacy"), "paths.dev": str(corpus_dir / "dev.spacy")}
    with_vectors, with_pretraining = "floret" in recipe, bool(recipe["pretraining"].get("component"))
    if with_vectors or with_pretraining:
        raw = recipe.get("raw_text", {})
        raw_txt, raw_jsonl = write_raw_text(corpus_dir / "train.spacy", output_dir / "raw",
                                            open_text=Path(text_dir) if raw.get("open_text") else None,
                                            pretrain_tokens=raw.get("pretrain_tokens", 0))
    vectors = train_floret_vectors(raw_txt, output_dir / "vectors", dict(recipe["floret"])) if with_vectors else None
    if vectors:
        paths["paths.vectors"] = str(vectors)
    if with_pretraining:
        tok2vec = pretrain_tok2vec(config, raw_jsonl, vectors, output_dir / "pretrain", overrides=settings)
        paths["paths.init_tok2vec"] = str(tok2vec)
    spacy_train(config, output_path=output_dir, overrides={**paths, **settings})
    best = output_dir / "model-best"
    if ship_to is not None:
        ship(best, Path(ship_to), sources=sources)
    return best


def ship(pipeline_dir: Path, target: Path, sources: tuple[str, ...] = DEFAULT_SOURCES, meta: dict | None = None) -> Path:
    """Write the pipeline at ``pipeline_dir`` to ``target`` as ``de_hrgraph_ner`` (keeps a README.md there)."""
    nlp = spacy.load(pipeline_dir)
    nlp.config["paths"].update(dict.fromkeys(nlp.config["paths"]))  # no local training paths in the shipped config
    nlp.meta.update({"name": MODEL_NAME, "lang": "de", "version": MODEL_VERSION,
                     "description": "hrgraph German NER (PER, ORG, LOC, MISC) trained from open corpora",
                     "license": "CC BY 4.0", "author": "hrgraph", "sources": [DATA_SOURCES[name] for name in sources], **(meta or {})})
    readme = (target / "README.md").read_text(encoding="utf-8") if (target / "README.md").exists() else None
    if target.exists():
        shutil.rmtree(target)
    nlp.to_disk(target)
    if readme is not None:
        (target / "README.md").write_text(readme, encoding="utf-8")
    return target
