"""The stages as plain functions; the Prefect flow in :mod:`hrgraph.flow` only wires them together.

spaCy is imported where documents are annotated, not with this module: a small run whose documents were processed
while it started (:mod:`hrgraph.warm_up`) does not load it at all."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from hrgraph.config import Settings, pipeline_version
from hrgraph.export import export_run
from hrgraph.extract import ExtractionError
from hrgraph.extract.limits import extract_limited
from hrgraph.library_logs import quiet_library_logs
from hrgraph.names import readable
from hrgraph.outputs import temporary_path
from hrgraph.records import DocumentResult, ExtractedDocument, Mention, SourceDocument

if TYPE_CHECKING:
    from spacy.language import Language

CACHE_DIR = "cache"


def absolute(doc: SourceDocument) -> SourceDocument:
    """The document with an absolute path, for workers that run in another folder (``source`` stays as given)."""
    return doc.model_copy(update={"path": str(Path(doc.path).resolve())})


def process_documents(docs: list[SourceDocument], settings: Settings) -> list[DocumentResult]:
    """Extract each document (in a child process, within the time and memory limits of ``settings``), then annotate
    all of them in one ``nlp.pipe``; bad input becomes a failed result with a reason, never an exception. The
    model loads in a thread meanwhile (once per process), while this one waits for the child. Only the results
    are kept, not the extracted texts."""
    quiet_library_logs()
    results: list[DocumentResult | None] = [None] * len(docs)
    extracted: list[tuple[int, ExtractedDocument]] = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="hrgraph-model") as loader:
        nlp = loader.submit(load_model, settings.ner_model)
        for index, doc in enumerate(docs):
            try:
                extracted.append((index, extract_limited(doc, settings)))
            except Exception as exc:
                results[index] = failed_result(doc, exc)
    from hrgraph.nlp.annotate import annotate

    try:
        annotations = annotate(nlp.result(), [e for _, e in extracted], settings.batch_size)
    except Exception:  # one document broke the batch: annotate each on its own so that only it fails
        annotations = [annotate_alone(e, settings) for _, e in extracted]
    for (index, document), annotation in zip(extracted, annotations):
        results[index] = ok_result(document, *annotation) if isinstance(annotation, tuple) else annotation
    return results


def load_model(name: str) -> Language:
    """The spaCy pipeline ``name``, once per process (spaCy is imported here, by the first caller)."""
    from hrgraph.nlp.pipeline import load_pipeline

    return load_pipeline(name)


def stored_or_failed(outdir: Path, result: DocumentResult, settings: Settings) -> DocumentResult:
    """Store a document's result in the cache; the result, or its failed result if it cannot be stored."""
    try:
        store_result(outdir, result, settings)
        return result
    except Exception as exc:
        return failed_result(result.doc, exc)


def annotate_alone(document: ExtractedDocument, settings: Settings) -> tuple[list[Mention], str | None] | DocumentResult:
    """Mentions and date of one document, or its failed result."""
    from hrgraph.nlp.annotate import annotate

    try:
        return annotate(load_model(settings.ner_model), [document], settings.batch_size)[0]
    except Exception as exc:
        return failed_result(document.doc, exc)


def failed_result(doc: SourceDocument, exc: Exception) -> DocumentResult:
    """The result of a document that could not be processed, with the reason (file names in it
    :func:`~hrgraph.names.readable`)."""
    if isinstance(exc, ExtractionError):
        return DocumentResult(doc=doc, status=exc.status, reason=readable(exc.reason))
    # a bug or a library failure on one document must not end the run
    return DocumentResult(doc=doc, status="failed", reason=readable(f"{type(exc).__name__}: {exc}"))


def ok_result(extracted: ExtractedDocument, mentions: list[Mention], date: str | None) -> DocumentResult:
    """The result of an annotated document (its texts are not kept)."""
    methods = sorted({p.method for p in extracted.pages})
    return DocumentResult(doc=extracted.doc, status="ok", pages=len(extracted.pages), date=date, mentions=mentions,
                          metadata=extracted.metadata | {"extraction": methods})


class CacheEntry(BaseModel):
    """A document's stored result and the pipeline version that produced it."""

    pipeline: str
    result: DocumentResult


def cache_path(outdir: Path, doc: SourceDocument) -> Path:
    return outdir / CACHE_DIR / f"{doc.id}.json"


def stored_result(outdir: Path, doc: SourceDocument) -> tuple[str, DocumentResult] | None:
    """(pipeline version, result) stored for a document, if any; the result names ``doc`` as its source.
    An entry that cannot be read (truncated, corrupt, of an older schema) counts as none, and is rewritten."""
    try:
        entry = CacheEntry.model_validate_json(cache_path(outdir, doc).read_bytes())
    except (OSError, ValueError):  # pydantic's ValidationError is a ValueError
        return None
    return entry.pipeline, entry.result.model_copy(update={"doc": doc})


def cached_result(outdir: Path, doc: SourceDocument, settings: Settings) -> DocumentResult | None:
    """The stored result of an unchanged document processed by the same pipeline version, without its mentions."""
    stored = stored_result(outdir, doc)
    if stored is None or stored[0] != pipeline_version(settings):
        return None
    return without_mentions(stored[1])


def without_mentions(result: DocumentResult) -> DocumentResult:
    """What the flow keeps of a document while the run goes on: its mentions stay in the cache."""
    return result.model_copy(update={"mentions": []})


def store_result(outdir: Path, result: DocumentResult, settings: Settings) -> None:
    path = cache_path(outdir, result.doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_path(path)
    tmp.write_text(CacheEntry(pipeline=pipeline_version(settings), result=result).model_dump_json(), encoding="utf-8")
    tmp.replace(path)


def export_graph(results: list[DocumentResult], outdir: Path, target: Path, settings: Settings) -> dict:
    """Resolve, relate and write every output file into ``target`` (see :mod:`hrgraph.export`); returns the
    run summary.

    The mentions of the ok documents are read from the cache of ``outdir``, one document at a time.
    """
    ok = [r.doc for r in results if r.status == "ok"]
    return export_run(target, results, lambda: (stored_result(outdir, doc)[1] for doc in ok), pipeline_version(settings))
