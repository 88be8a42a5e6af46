"""Static floret vectors trained on the raw training text (no pretrained vectors from outside).

floret (fastText with hashed subword rows) gives every word, seen or not, a vector from its
character n-grams, which suits German compounds and inflection. The settings are the ``[floret]``
section of ``training/ner_vectors.cfg``.
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.training.initialize import convert_vectors


def train_floret_vectors(raw_text: Path, out_dir: Path, settings: dict) -> Path:
    """Train floret vectors on ``raw_text`` (one line of space-separated words per sentence) and
    write them as a spaCy vectors pipeline to ``out_dir/vectors``, which is returned.

    ``settings`` are keyword arguments of ``floret.train_unsupervised`` (``dim``, ``bucket``, ``minn``, …).
    One thread (unless ``settings`` give ``thread``) and floret's fixed seed: with one thread the same
    text gives the same vectors; more threads are faster but not reproducible to the byte.
    """
    try:
        import floret
    except ImportError as err:
        raise RuntimeError("training the NER vectors needs floret: pip install 'hrgraph[train]'") from err
    out_dir.mkdir(parents=True, exist_ok=True)
    settings = {"thread": 1, **settings}
    model = floret.train_unsupervised(str(raw_text), model="skipgram", mode="floret", verbose=0, **settings)
    table = out_dir / "vectors.floret"
    model.save_floret_vectors(str(table))
    nlp = spacy.blank("de")
    convert_vectors(nlp, table, truncate=0, prune=-1, mode="floret")
    nlp.to_disk(out_dir / "vectors")
    return out_dir / "vectors"
