"""The Prefect ingestion flow: find documents, process the new or changed ones, build and write the graph."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from hrgraph.config import Settings
from hrgraph.pipeline import cached_result, export_graph, process_document, store_result
from hrgraph.records import DocumentResult, SourceDocument
from hrgraph.sources import discover_files, source_document


@task(name="discover", cache_policy=NO_CACHE)
def discover(paths: list[str]) -> list[SourceDocument]:
    return [source_document(path) for path in discover_files(Path(p) for p in paths)]


@task(name="process-document", task_run_name="process {doc.source}", cache_policy=NO_CACHE)
def process(doc: SourceDocument, settings: Settings, outdir: Path) -> DocumentResult:
    result = process_document(doc, settings)
    store_result(outdir, result, settings)
    return result


@task(name="export-graph", cache_policy=NO_CACHE)
def export(results: list[DocumentResult], outdir: Path, settings: Settings) -> dict:
    return export_graph(results, outdir, settings)


def summary_markdown(summary: dict, results: list[DocumentResult]) -> str:
    lines = ["# hrgraph ingestion", "", f"Documents: {summary['documents']} (processed now: {summary['processed']}, "
             f"failed: {summary['failures']})", "", "| document | status | reason |", "|---|---|---|"]
    lines += [f"| {r.doc.source} | {r.status} | {r.reason} |" for r in results]
    lines += ["", f"Entities: {summary['entities']}", "", f"Relations: {summary['relations']}"]
    return "\n".join(lines)


@flow(name="hrgraph-ingest", log_prints=True)
def ingest_flow(paths: list[str], outdir: str = "data/processed", force: bool = False,
                settings: Settings | None = None) -> dict:
    """Ingest documents under ``paths`` into the graph in ``outdir``; unchanged documents are skipped
    unless ``force`` is set."""
    settings = settings or Settings()
    out = Path(outdir)
    logger = get_run_logger()
    results, processed = [], 0
    for doc in discover(paths):
        result = None if force else cached_result(out, doc, settings)
        if result is None:
            result = process(doc, settings, out)
            processed += 1
        results.append(result)
    summary = export(results, out, settings) | {"processed": processed}
    for r in results:
        logger.info("%s: %s%s", r.doc.source, r.status, f" ({r.reason})" if r.reason else "")
    logger.info("summary: %s", summary)
    create_markdown_artifact(summary_markdown(summary, results), key="hrgraph-ingest-summary")
    summary["per_document"] = [{"source": r.doc.source, "status": r.status, "reason": r.reason} for r in results]
    return summary
