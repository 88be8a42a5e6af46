"""Converters from the open NER corpora to spaCy ``Doc`` objects and ``DocBin`` files.

Expected layout of ``corpora_dir`` (see each ``SOURCE.txt`` there)::

    germeval2014/{train,dev}.bioes          token TAG, BIOES, blank line between sentences
    wikiann_de/{train,dev}.txt              de:token<TAB>TAG, IOB2
    mobie/{train,dev}.conll2003             token<TAB>POS<TAB>chunk<TAB>TAG, IOB2, -DOCSTART- lines
    smartdata/v1_train_test_minus_heldout.jsonl.gz, smartdata/v3_dev.jsonl.gz
                                            one JSON document per line, character-offset mentions

All labels are mapped with :mod:`hrgraph.training.labels`.
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from hrgraph.training import labels as L

Sentence = list[tuple[str, str]]  # (token, tag)

#: Sentence-based corpora are grouped into training docs of this many sentences.
SENTENCES_PER_DOC = 10
#: Name of the span group that holds gold mentions excluded from scoring.
IGNORED = "ignored"


def read_columns(path: Path, token_col: int, tag_col: int, sep: str | None = None,
                 strip_prefix: str = "") -> Iterator[Sentence]:
    """Sentences of a column file: blank lines separate sentences, ``-DOCSTART-`` lines are skipped."""
    sentence: Sentence = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("-DOCSTART-"):
                if sentence:
                    yield sentence
                sentence = []
                continue
            cols = line.split(sep)
            token = cols[token_col]
            if strip_prefix and token.startswith(strip_prefix):
                token = token[len(strip_prefix):]
            sentence.append((token, cols[tag_col]))
    if sentence:
        yield sentence


def tag_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Token spans ``(start, end, label)`` of an IOB2 or BIOES tag sequence (lenient about bad sequences)."""
    spans: list[tuple[int, int, str]] = []
    start, label = None, None
    for i, tag in enumerate(tags + ["O"]):
        prefix, _, tag_label = tag.partition("-")
        continues = prefix in ("I", "E") and tag_label == label and start is not None
        if not continues and start is not None:
            spans.append((start, i, label))
            start, label = None, None
        if prefix in ("B", "S") or (prefix in ("I", "E") and start is None):
            start, label = i, tag_label
        if prefix in ("E", "S") and start is not None:
            spans.append((start, i + 1, label))
            start, label = None, None
    return spans


def sentences_to_doc(vocab: Vocab, sentences: list[Sentence], mapping: dict[str, str]) -> Doc:
    """One ``Doc`` from tagged sentences, with mapped entities and sentence starts."""
    words, ents, sent_starts = [], [], []
    for sentence in sentences:
        offset = len(words)
        words.extend(token for token, _ in sentence)
        sent_starts.extend([True] + [False] * (len(sentence) - 1))
        for start, end, label in tag_spans([tag for _, tag in sentence]):
            mapped = L.map_label(label, mapping)
            if mapped:
                ents.append((offset + start, offset + end, mapped))
    doc = Doc(vocab, words=words, sent_starts=sent_starts)
    doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in ents]
    return doc


def group(items: list, size: int) -> Iterator[list]:
    """Consecutive chunks of ``size`` items."""
    for i in range(0, len(items), size):
        yield items[i:i + size]


def column_docs(vocab: Vocab, sentences: Iterable[Sentence], mapping: dict[str, str],
                per_doc: int = SENTENCES_PER_DOC) -> list[Doc]:
    """Docs of ``per_doc`` consecutive sentences (``per_doc=1``: one doc per sentence, as for dev)."""
    return [sentences_to_doc(vocab, chunk, mapping) for chunk in group(list(sentences), per_doc)]


def germeval(vocab: Vocab, path: Path, per_doc: int = SENTENCES_PER_DOC) -> list[Doc]:
    """GermEval 2014 outer spans (``token TAG``, BIOES)."""
    return column_docs(vocab, read_columns(path, 0, 1), L.GERMEVAL, per_doc)


def wikiann(vocab: Vocab, path: Path, per_doc: int = SENTENCES_PER_DOC) -> list[Doc]:
    """WikiANN German (``de:token<TAB>TAG``, IOB2)."""
    return column_docs(vocab, read_columns(path, 0, 1, sep="\t", strip_prefix="de:"), L.WIKIANN, per_doc)


def ngrams(words: list[str], n: int = 8) -> set[tuple[str, ...]]:
    """The word n-grams of a token sequence."""
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def mobie(vocab: Vocab, path: Path, per_doc: int = SENTENCES_PER_DOC,
          held_out: set[tuple[str, ...]] = frozenset()) -> list[Doc]:
    """MobIE CoNLL-2003 style (``token<TAB>POS<TAB>chunk<TAB>TAG``, IOB2).

    Sentences sharing a word 8-gram with ``held_out`` are dropped: some MobIE tweets and
    traffic reports are also SmartData documents.
    """
    sentences = [s for s in read_columns(path, 0, 3, sep="\t") if not ngrams([w for w, _ in s]) & held_out]
    return column_docs(vocab, sentences, L.DFKI, per_doc)


def read_jsonl_gz(path: Path) -> Iterator[dict]:
    """The JSON documents of a gzipped JSON-lines file."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def _mentions(record: dict) -> list[dict]:
    return ((record.get("conceptMentions") or {}).get("array")) or []


def _trim(span: Span | None) -> Span | None:
    """The span without leading/trailing whitespace tokens; ``None`` if empty or broken by a line break."""
    if span is None:
        return None
    start, end = span.start, span.end
    while start < end and span.doc[start].is_space:
        start += 1
    while end > start and span.doc[end - 1].is_space:
        end -= 1
    if start == end or any(t.is_space for t in span.doc[start:end]):
        return None
    return span.doc[start:end]


def smartdata_doc(nlp, record: dict, mapping: dict[str, str]) -> Doc:
    """A SmartData document tokenised by ``nlp``'s tokenizer; mentions of unmapped types go to ``doc.spans["ignored"]``."""
    doc = nlp.make_doc(record["text"]["string"])
    ents, ignored = [], []
    for mention in _mentions(record):
        span = _trim(doc.char_span(mention["span"]["start"], mention["span"]["end"], alignment_mode="expand"))
        if span is None:
            continue
        label = L.map_label(mention["type"], mapping)
        if label:
            ents.append(Span(doc, span.start, span.end, label=label))
        else:
            ignored.append(span)
    doc.ents = filter_spans(ents)
    doc.spans[IGNORED] = ignored
    return doc


def smartdata(nlp, path: Path, mapping: dict[str, str] = L.DFKI, exclude: Iterable[Path] = ()) -> list[Doc]:
    """SmartData documents, without those (by id or text) that also occur in the files ``exclude``."""
    held_out = set()
    for other in exclude:
        for record in read_jsonl_gz(other):
            held_out.update((record["id"], record["text"]["string"]))
    return [smartdata_doc(nlp, record, mapping) for record in read_jsonl_gz(path)
            if record["id"] not in held_out and record["text"]["string"] not in held_out]


def write_docbin(docs: Iterable[Doc], path: Path) -> int:
    """Write docs (with entities and span groups) to a ``.spacy`` file; returns the number of docs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = DocBin(attrs=["ORTH", "SENT_START", "ENT_IOB", "ENT_TYPE"], store_user_data=False)
    count = 0
    for doc in docs:
        db.add(doc)
        count += 1
    db.to_disk(path)
    return count


#: Training sources that :func:`convert` knows.
SOURCES = ("germeval", "mobie", "smartdata", "wikiann")


def convert(corpora_dir: Path, out_dir: Path, sources: Iterable[str] = ("germeval", "mobie", "smartdata"),
            germeval_upsample: int = 1, seed: int = 0) -> dict[str, int]:
    """Convert the corpora into ``train.spacy``, ``dev.spacy`` (GermEval dev, one doc per sentence)
    and ``smartdata_dev.spacy`` (v3 dev, scored labels only) under ``out_dir``.

    ``germeval_upsample`` repeats the GermEval training docs that many times. Returns doc counts.
    """
    corpora_dir, out_dir = Path(corpora_dir), Path(out_dir)
    nlp = spacy.blank("de")
    sources = list(sources)
    unknown = set(sources) - set(SOURCES)
    if unknown:
        raise ValueError(f"unknown sources {sorted(unknown)}; known: {SOURCES}")
    sd_dev = corpora_dir / "smartdata" / "v3_dev.jsonl.gz"
    train: list[Doc] = []
    if "germeval" in sources:
        train += germeval(nlp.vocab, corpora_dir / "germeval2014" / "train.bioes") * germeval_upsample
    if "mobie" in sources:
        held_out = set()
        for doc in smartdata(nlp, sd_dev) if sd_dev.exists() else []:
            held_out |= ngrams([t.text for t in doc if not t.is_space])
        train += mobie(nlp.vocab, corpora_dir / "mobie" / "train.conll2003", held_out=held_out)
    if "smartdata" in sources:
        train += smartdata(nlp, corpora_dir / "smartdata" / "v1_train_test_minus_heldout.jsonl.gz",
                           exclude=[sd_dev] if sd_dev.exists() else [])
    if "wikiann" in sources:
        train += wikiann(nlp.vocab, corpora_dir / "wikiann_de" / "train.txt")
    random.Random(seed).shuffle(train)
    counts = {"train": write_docbin(train, out_dir / "train.spacy"),
              "dev": write_docbin(germeval(nlp.vocab, corpora_dir / "germeval2014" / "dev.bioes", per_doc=1),
                                  out_dir / "dev.spacy")}
    if sd_dev.exists():
        counts["smartdata_dev"] = write_docbin(smartdata(nlp, sd_dev, mapping=L.DFKI_EVAL),
                                               out_dir / "smartdata_dev.spacy")
    return counts
