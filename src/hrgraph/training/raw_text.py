"""Raw text for static vectors and pretraining: the text of the training corpus, nothing else.

Vectors and the pretrained tok2vec see exactly the sentences the NER is trained on (each once,
although GermEval is upsampled for training), so no dev or test text leaks in.
"""

from __future__ import annotations

import json
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


def write_raw_text(train_docbin: Path, out_dir: Path) -> tuple[Path, Path]:
    """Write the distinct lines of the docs in ``train_docbin`` to ``raw.txt`` (space-separated words,
    for floret) and ``raw.jsonl`` (``{"text": ...}``, for ``spacy pretrain``) under ``out_dir``.

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
    with open(txt, "w", encoding="utf-8") as plain, open(jsonl, "w", encoding="utf-8") as records:
        for doc in DocBin().from_disk(train_docbin).get_docs(vocab):
            for words in doc_lines(doc):
                line = " ".join(words)
                if line not in seen:
                    seen.add(line)
                    plain.write(line + "\n")
                    records.write(json.dumps({"text": line}, ensure_ascii=False) + "\n")
    return txt, jsonl
