"""Words/second of ``nlp.pipe`` on one core: the hrgraph NER model vs a blank ``de`` pipeline with sentencizer.

Usage: ``taskset -c 1 python benchmarks/ner_speed.py [--model PATH] [--texts FILE] [--repeat N]``.
Without ``--texts`` the GermEval 2014 dev sentences (as running text) are used.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import spacy  # noqa: E402

from hrgraph.config import Settings  # noqa: E402
from hrgraph.training.corpora import read_columns  # noqa: E402
from hrgraph.training.train import DEFAULT_CORPORA  # noqa: E402


def germeval_texts(corpora_dir: Path, sentences_per_text: int = 10) -> list[str]:
    """GermEval dev sentences joined into texts of ``sentences_per_text`` sentences."""
    sents = [" ".join(tok for tok, _ in s) for s in read_columns(corpora_dir / "germeval2014" / "dev.bioes", 0, 1)]
    return [" ".join(sents[i:i + sentences_per_text]) for i in range(0, len(sents), sentences_per_text)]


def words_per_second(nlp, texts: list[str], repeat: int) -> float:
    """Best of ``repeat`` timed passes of ``nlp.pipe`` over ``texts``."""
    best = float("inf")
    words = 0
    for _ in range(repeat):
        start = time.perf_counter()
        words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
        best = min(best, time.perf_counter() - start)
    return words / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=Settings().ner_model)
    parser.add_argument("--texts", type=Path, help="UTF-8 file, one text per line")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = (args.texts.read_text(encoding="utf-8").splitlines() if args.texts else germeval_texts(DEFAULT_CORPORA))
    blank = spacy.blank("de")
    blank.add_pipe("sentencizer")
    baseline = words_per_second(blank, texts, args.repeat)
    model = words_per_second(spacy.load(args.model), texts, args.repeat)
    print(f"blank de + sentencizer: {baseline:,.0f} words/s")
    print(f"{Path(args.model).name}: {model:,.0f} words/s")
    print(f"ratio (model / blank): {model / baseline:.3f}")


if __name__ == "__main__":
    main()
