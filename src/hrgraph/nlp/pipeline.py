"""Loading the spaCy pipeline: the configured model plus hrgraph's rule components."""

from __future__ import annotations

import threading
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.util import compile_suffix_regex

import hrgraph.nlp.components  # noqa: F401  (registers the hrgraph factories)
from hrgraph.nlp.lexicon import load_lexicon

SENTENCE_COMPONENTS = ("parser", "senter", "sentencizer")
UNUSED_COMPONENTS = ("tagger", "morphologizer", "lemmatizer", "attribute_ruler")
_loading = threading.Lock()


def load_pipeline(model: str) -> Language:
    """``spacy.load`` of a package name or a path, with sentence boundaries and the hrgraph rules added; loaded once
    per process, also when threads ask at the same time.

    Components hrgraph does not use are disabled; a pipeline without NER still works (rules only).
    """
    with _loading:
        return loaded_pipeline(model)


@lru_cache(maxsize=4)
def loaded_pipeline(model: str) -> Language:
    nlp = spacy.load(model, exclude=list(UNUSED_COMPONENTS))
    split_full_stops(nlp)
    if not any(name in nlp.pipe_names for name in SENTENCE_COMPONENTS):
        nlp.add_pipe("sentencizer", first=True)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("hrgraph_paragraphs", before="parser")
    else:
        nlp.add_pipe("hrgraph_paragraphs", after=next(n for n in SENTENCE_COMPONENTS if n in nlp.pipe_names))
    model_name = nlp.meta.get("name", "model")
    nlp.add_pipe("hrgraph_entity_rules", last=True, config={"model_name": model_name})
    return nlp


YEAR_FULL_STOP = r"(?<=\b[12][0-9]{3})\."
"""The dot after a four-digit year: no ordinal in German text, where "2019." ends a sentence."""


def split_full_stops(nlp: Language) -> None:
    """Split a sentence's full stop off the tokens that the German tokenizer keeps it on, so that the sentence ends
    there: "GmbH.", "mbH.", "eG." (a capital before the dot reads as an abbreviation; for every legal form without
    a dot of its own) and a year or date ("… seit 2019. Das …", "am 14.03.2024. Der …", read as ordinals)."""
    for last in {form[-1] for form in load_lexicon().legal_forms if "." not in form[-1]}:
        nlp.tokenizer.add_special_case(last + ".", [{ORTH: last}, {ORTH: "."}])
    nlp.tokenizer.suffix_search = compile_suffix_regex([*nlp.Defaults.suffixes, YEAR_FULL_STOP]).search
