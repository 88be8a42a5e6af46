"""Span-level NER evaluation: exact (start, end, label) matches, per label and micro-averaged."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from hrgraph.training.corpora import IGNORED


def load_docs(nlp: Language, docbin_or_corpus: Path | str | Iterable[Doc]) -> list[Doc]:
    """Gold docs from a ``.spacy`` file or an iterable of annotated ``Doc`` objects."""
    if isinstance(docbin_or_corpus, (str, Path)):
        return list(DocBin().from_disk(docbin_or_corpus).get_docs(nlp.vocab))
    return list(docbin_or_corpus)


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": p, "r": r, "f": 2 * p * r / (p + r) if p + r else 0.0, "support": tp + fn}


def evaluate_ner(model: Language | Path | str, docbin_or_corpus: Path | str | Iterable[Doc],
                 labels: Iterable[str] | None = None, batch_size: int = 64) -> dict[str, dict[str, float]]:
    """Run ``model`` on the words of the gold docs and score its entities.

    Returns ``{label: {"p", "r", "f", "support"}}`` plus a ``"micro"`` entry. With ``labels``
    only those labels count, gold and predicted. Predicted spans that overlap a span in the gold
    doc's ``spans["ignored"]`` group (mentions of types outside the evaluation) are not counted.
    """
    nlp = model if isinstance(model, Language) else spacy.load(model)
    gold_docs = load_docs(nlp, docbin_or_corpus)
    keep = set(labels) if labels is not None else None
    inputs = (Doc(nlp.vocab, words=[t.text for t in d], spaces=[bool(t.whitespace_) for t in d]) for d in gold_docs)
    tp, fp, fn = Counter(), Counter(), Counter()
    for gold, pred in zip(gold_docs, nlp.pipe(inputs, batch_size=batch_size)):
        ignored = [(s.start, s.end) for s in gold.spans.get(IGNORED, [])]
        g = {(e.start, e.end, e.label_) for e in gold.ents if keep is None or e.label_ in keep}
        p = {(e.start, e.end, e.label_) for e in pred.ents if keep is None or e.label_ in keep}
        p = {s for s in p if s in g or not any(s[0] < end and start < s[1] for start, end in ignored)}
        for _, _, label in g & p:
            tp[label] += 1
        for _, _, label in p - g:
            fp[label] += 1
        for _, _, label in g - p:
            fn[label] += 1
    scores = {label: _prf(tp[label], fp[label], fn[label]) for label in sorted(set(tp) | set(fp) | set(fn))}
    scores["micro"] = _prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return scores


def format_scores(scores: dict[str, dict[str, float]]) -> str:
    """A plain-text table of :func:`evaluate_ner` results."""
    lines = [f"{'label':<8}{'P':>8}{'R':>8}{'F1':>8}{'support':>9}"]
    lines += [f"{label:<8}{s['p']:>8.4f}{s['r']:>8.4f}{s['f']:>8.4f}{s['support']:>9}" for label, s in scores.items()]
    return "\n".join(lines)
