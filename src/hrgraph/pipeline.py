"""The stages as plain functions; the Prefect flow in :mod:`hrgraph.flow` only wires them together."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from hrgraph.analysis.export import write_gexf
from hrgraph.config import Settings, pipeline_version
from hrgraph.extract import ExtractionError, extract
from hrgraph.graph import document_row, entity_row, relation_row, write_outputs
from hrgraph.nlp.annotate import annotate
from hrgraph.nlp.pipeline import load_pipeline
from hrgraph.records import DocumentResult, ExtractedDocument, Failure, Mention, SourceDocument
from hrgraph.regions import assign_regions
from hrgraph.relations import extract_relations
from hrgraph.resolve import resolve_entities

CACHE_DIR = "cache"


def process_documents(docs: list[SourceDocument], settings: Settings) -> list[DocumentResult]:
    """Extract each document, then annotate all of them in one ``nlp.pipe``; bad input becomes a failed result
    with a reason, never an exception. Only the results are kept, not the extracted texts."""
    results: list[DocumentResult | None] = [None] * len(docs)
    extracted: list[tuple[int, ExtractedDocument]] = []
    for index, doc in enumerate(docs):
        try:
            extracted.append((index, extract(doc, settings)))
        except Exception as exc:
            results[index] = failed_result(doc, exc)
    try:
        annotations = annotate(load_pipeline(settings.ner_model), [e for _, e in extracted], settings.batch_size)
    except Exception:  # one document broke the batch: annotate each on its own so that only it fails
        annotations = [annotate_alone(e, settings) for _, e in extracted]
    for (index, document), annotation in zip(extracted, annotations):
        results[index] = ok_result(document, *annotation) if isinstance(annotation, tuple) else annotation
    return results


def annotate_alone(document: ExtractedDocument, settings: Settings) -> tuple[list[Mention], str | None] | DocumentResult:
    """Mentions and date of one document, or its failed result."""
    try:
        return annotate(load_pipeline(settings.ner_model), [document], settings.batch_size)[0]
    except Exception as exc:
        return failed_result(document.doc, exc)


def failed_result(doc: SourceDocument, exc: Exception) -> DocumentResult:
    """The result of a document that could not be processed, with the reason."""
    if isinstance(exc, ExtractionError):
        return DocumentResult(doc=doc, status=exc.status, reason=exc.reason)
    # a bug or a library failure on one document must not end the run
    return DocumentResult(doc=doc, status="failed", reason=f"{type(exc).__name__}: {exc}")


def ok_result(extracted: ExtractedDocument, mentions: list[Mention], date: str | None) -> DocumentResult:
    """The result of an annotated document (its texts are not kept)."""
    methods = sorted({p.method for p in extracted.pages})
    return DocumentResult(doc=extracted.doc, status="ok", pages=len(extracted.pages), date=date, mentions=mentions,
                          metadata=extracted.metadata | {"extraction": methods})


def cache_path(outdir: Path, doc: SourceDocument) -> Path:
    return outdir / CACHE_DIR / f"{doc.id}.json"


def cached_result(outdir: Path, doc: SourceDocument, settings: Settings) -> DocumentResult | None:
    """The stored result of an unchanged document processed by the same pipeline version, if any."""
    path = cache_path(outdir, doc)
    if not path.exists():
        return None
    stored = json.loads(path.read_text(encoding="utf-8"))
    if stored.get("pipeline") != pipeline_version(settings):
        return None
    result = DocumentResult.model_validate(stored["result"])
    return result.model_copy(update={"doc": doc})


def store_result(outdir: Path, result: DocumentResult, settings: Settings) -> None:
    path = cache_path(outdir, result.doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"pipeline": pipeline_version(settings), "result": result.model_dump(mode="json")}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def export_graph(results: list[DocumentResult], outdir: Path, settings: Settings) -> dict:
    """Resolve, relate and write every output file; returns the run summary."""
    ok = [r for r in results if r.status == "ok"]
    entities = resolve_entities(ok)
    relations = extract_relations(ok, entities)
    assign_regions(entities, relations)
    version = pipeline_version(settings)
    failures = [Failure(source=r.doc.source, stage="extract", reason=r.reason, status=r.status).model_dump()
                for r in results if r.status not in ("ok", "skipped")]
    documents = [document_row(r, version) for r in sorted(results, key=lambda r: r.doc.source)]
    graph = write_outputs(outdir, documents, [entity_row(e) for e in entities], [relation_row(r) for r in relations],
                          sorted(failures, key=lambda f: f["source"]))
    write_gexf(graph, outdir / "graph.gexf")
    return {
        "documents": len(results),
        "documents_ok": len(ok),
        "failures": len(failures),
        "skipped": sum(r.status == "skipped" for r in results),
        "entities": dict(sorted(Counter(e.type for e in entities).items())),
        "relations": dict(sorted(Counter(r.type for r in relations).items())),
        "outdir": str(outdir),
    }
