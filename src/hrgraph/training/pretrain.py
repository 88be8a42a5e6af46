"""``spacy pretrain`` for the tok2vec inside the ``ner`` component, with the static vectors loaded.

Two registered functions make the stock command fit the pipeline of ``training/ner_vectors.cfg``:
the characters objective without the ``list2array`` step that the stock
``spacy.PretrainCharacters.v1`` adds (the tok2vec of ``TransitionBasedParser.v2`` already returns an
array), and an ``after_creation`` callback that loads the vectors, which ``spacy pretrain`` does not.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from spacy import Language, registry, util
from spacy.ml.models.multi_task import build_masked_language_model, get_characters_loss
from spacy.training.initialize import load_vectors_into_model
from spacy.training.pretrain import pretrain
from thinc.api import LayerNorm, Maxout, chain
from thinc.layers import MultiSoftmax


@registry.architectures("hrgraph.PretrainCharacters.v1")
def create_pretrain_characters(maxout_pieces: int, hidden_size: int, n_characters: int) -> Callable:
    """Predict the first and last ``n_characters`` of masked words from a tok2vec that returns an array."""

    def create(vocab, tok2vec):
        output_layer = chain(Maxout(nO=hidden_size, nP=maxout_pieces), LayerNorm(nI=hidden_size),
                             MultiSoftmax([256] * n_characters, nI=hidden_size))
        model = build_masked_language_model(vocab, chain(tok2vec, output_layer))
        model.set_ref("tok2vec", tok2vec)
        model.set_ref("output_layer", output_layer)
        model.attrs["loss"] = partial(get_characters_loss, nr_char=n_characters)
        return model

    return create


@registry.callbacks("hrgraph.load_vectors.v1")
def create_vectors_loader(path: str) -> Callable[[Language], Language]:
    """An ``nlp.after_creation`` callback that loads the vectors of the pipeline at ``path``."""

    def load(nlp: Language) -> Language:
        load_vectors_into_model(nlp, path)
        return nlp

    return load


def pretrain_tok2vec(config_path: Path, raw_jsonl: Path, vectors: Path | None, out_dir: Path,
                     overrides: dict | None = None) -> Path:
    """Pretrain the tok2vec named in the ``[pretraining]`` section of ``config_path`` on ``raw_jsonl``
    (with the static ``vectors``, if any); return the weights of the last epoch
    (``out_dir/model-last.bin``) for ``paths.init_tok2vec``."""
    settings = {"paths.raw_text": str(raw_jsonl), **(overrides or {})}
    config = util.load_config(config_path, overrides=settings, interpolate=False)
    if vectors is not None:
        config["nlp"]["after_creation"] = {"@callbacks": "hrgraph.load_vectors.v1", "path": str(vectors)}
    out_dir.mkdir(parents=True, exist_ok=True)
    pretrain(config.interpolate(), out_dir, silent=False)
    return out_dir / "model-last.bin"
