"""Raw text for static vectors and pretraining: the training corpus's own text, plus open running text.

The training text is the distinct sentences the NER is trained on (GermEval is upsampled for
training, but each sentence appears here once), so no dev or test text leaks in. The open running text
(``../shared/corpora/text``: Bundestag speeches, federal laws, court decisions, software
documentation; one paragraph per line, ``*.txt.xz``) is tokenised with spaCy's German tokenizer so that
floret sees the same tokens as the NER. Vectors see all of it; pretraining sees an evenly spaced sample.
"""

from __future__ import annotations

import json
import lzma
from collections.abc import Iterator
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

#: Longer lines are cut: spaCy's pretraining corpus skips texts of more than 500 tokens.
MAX_LINE_TOKENS = 200


def doc_lines(doc: Doc) -> Iterator[list[str]]:
    """The words of ``doc`` in lines: its sentences if it has them, else its own lines of text."""
    line: list[str] = []
    for token in doc:
        breaks = token.is_sent_start if doc.has_annotation("SENT_START") else "\n" in token.text
        if line and (breaks or len(line) >= MAX_LINE_TOKENS):
            yield line
            line = []
        if not token.is_space:
            line.append(token.text)
    if line:
        yield line


def open_text_lines(text_dir: Path) -> Iterator[list[str]]:
    """Tokenised lines of every ``*.txt.xz`` and ``*.txt`` file in ``text_dir`` (sorted by name),
    cut like :func:`doc_lines`.

    >>> import tempfile; tmp = Path(tempfile.mkdtemp())
    >>> _ = (tmp / "a.txt").write_text("Der Rat tagte am 3. Mai.\\n", encoding="utf-8")
    >>> list(open_text_lines(tmp))
    [['Der', 'Rat', 'tagte', 'am', '3.', 'Mai', '.']]
    """
    files = sorted([*text_dir.glob("*.txt.xz"), *text_dir.glob("*.txt")], key=lambda p: p.name)
    if not files:
        raise FileNotFoundError(f"{text_dir}: no *.txt.xz or *.txt files of running text")
    tokenizer = spacy.blank("de").tokenizer

    def lines() -> Iterator[str]:
        for path in files:
            with (lzma.open(path, "rt", encoding="utf-8") if path.suffix == ".xz" else open(path, encoding="utf-8")) as f:
                yield from (line.strip() for line in f if line.strip())

    for doc in tokenizer.pipe(lines(), batch_size=2000):
        yield from doc_lines(doc)


def write_raw_text(train_docbin: Path, out_dir: Path, open_text: Path | None = None,
                   pretrain_tokens: int = 0) -> tuple[Path, Path]:
    """Write the distinct lines of the docs in ``train_docbin`` and, if given, the lines of the
    ``open_text`` folder to ``raw.txt`` (space-separated words, for floret) and write the training lines
    plus every k-th open-text line, about ``pretrain_tokens`` tokens of it (0: all), to ``raw.jsonl``
    (``{"text": ...}``, for ``spacy pretrain``), both under ``out_dir``.

    >>> import tempfile; from spacy.tokens import DocBin
    >>> tmp = Path(tempfile.mkdtemp()); nlp = spacy.blank("de")
    >>> DocBin(docs=[nlp("Ein Satz.\\nNoch einer.")] * 2).to_disk(tmp / "train.spacy")
    >>> txt, _ = write_raw_text(tmp / "train.spacy", tmp); txt.read_text()
    'Ein Satz .\\nNoch einer .\\n'
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    vocab = spacy.blank("de").vocab
    seen: set[str] = set()
    txt, jsonl = out_dir / "raw.txt", out_dir / "raw.jsonl"
    open_lines = open_tokens = 0
    with open(txt, "w", encoding="utf-8") as plain, open(jsonl, "w", encoding="utf-8") as records:
        for doc in DocBin().from_disk(train_docbin).get_docs(vocab):
            for words in doc_lines(doc):
                line = " ".join(words)
                if line not in seen:
                    seen.add(line)
                    plain.write(line + "\n")
                    records.write(json.dumps({"text": line}, ensure_ascii=False) + "\n")
        training_lines = len(seen)
        if open_text is not None:
            for words in open_text_lines(open_text):
                plain.write(" ".join(words) + "\n")
                open_lines += 1
                open_tokens += len(words)
    if open_lines:
        step = max(1, open_tokens // pretrain_tokens) if pretrain_tokens else 1
        with open(txt, encoding="utf-8") as plain, open(jsonl, "a", encoding="utf-8") as records:
            for number, line in enumerate(plain):
                if number >= training_lines and (number - training_lines) % step == 0:
                    records.write(json.dumps({"text": line.rstrip("\n")}, ensure_ascii=False) + "\n")
    return txt, jsonl
