"""The Prefect ingestion flow: find documents, process the new or changed ones in batches, build and write the graph.

Each ``process`` task extracts a batch of documents and annotates all their pages in one ``nlp.pipe``.
With ``runner="process"`` the batches run in a pool of ``workers`` processes (Prefect's
ProcessPoolTaskRunner; each worker loads the model once), with ``runner="local"`` one at a time in this
process, with ``runner="dask"`` on a Dask cluster through prefect-dask: a local cluster of ``workers``
processes or the scheduler at ``dask_address`` (every worker needs hrgraph, the model and the input and
output folders at the same paths). All give byte-identical outputs. Not used, as measured: concurrent
threads (pdfium is not thread-safe: two threads extracting PDFs crashed a run in libpdfium) and spaCy's
``n_process`` (its forked workers exit with errors under Prefect's threads, and each batch forks again).
Scripts that start the flow with ``runner="process"`` need the ``if __name__ == "__main__":`` guard
(worker processes are spawned and import the main module).
"""

from __future__ import annotations

import json
import math
import os
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from functools import partial
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import (create_markdown_artifact, create_progress_artifact, create_table_artifact,
                               update_progress_artifact)
from prefect.cache_policies import NO_CACHE
from prefect.context import refresh_global_settings_context
from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings
from prefect.states import Completed, State
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner
from pydantic import BaseModel, Field, field_serializer

from hrgraph.config import DEFAULT_WORKERS, IN_PROCESS_BELOW, Settings, absolute_settings
from hrgraph.lifetime import exit_with_parent, temporary_server
from hrgraph.names import printable, readable
from hrgraph.outputs import EmptyInput, OutputRun, holds_run
from hrgraph.pipeline import (absolute, cached_result, export_graph, failed_result, process_documents,
                              stored_or_failed, without_mentions)
from hrgraph.records import DocumentResult, SourceDocument
from hrgraph.sources import Discovery, discover
from hrgraph.warm_up import take_results


@dataclass(frozen=True)
class SourceOptions:
    """Where documents come from besides the given paths: OParl APIs or folders, and how to pull them."""

    oparl: tuple[str, ...] = field(default_factory=tuple)
    modified_since: str | None = None
    download: bool = False


class RunPaths(BaseModel):
    """The input paths and the output folder exactly as the operating system names them (so a name that is not
    UTF-8 can be opened); Prefect's API, which records the flow's parameters as JSON, gets them readable."""

    inputs: list[str]
    outdir: str
    rundir: str = Field(description="the run's staging folder inside outdir, where its files are written")

    @field_serializer("inputs", "outdir", "rundir", when_used="json")
    def readable_paths(self, value: list[str] | str) -> list[str] | str:
        return [readable(path) for path in value] if isinstance(value, list) else readable(value)


DOCUMENTS_PER_TASK = 64
"""Most documents per ``process`` task: large enough for spaCy's batching and to keep Prefect's per-task cost small."""
TASKS_PER_WORKER = 4
"""Batches per worker that a corpus is cut into when it is small, so that every worker has work and progress shows."""

ProgressCallback = Callable[[int, int], None]
"""Called with (documents done, documents to process) whenever a batch is back."""
on_progress: ContextVar[ProgressCallback | None] = ContextVar("hrgraph_progress", default=None)


def documents_per_task(documents: int, workers: int) -> int:
    """Batch size for ``documents`` on ``workers``: about :data:`TASKS_PER_WORKER` batches per worker, at most
    :data:`DOCUMENTS_PER_TASK` documents each."""
    return max(1, min(DOCUMENTS_PER_TASK, math.ceil(documents / (workers * TASKS_PER_WORKER))))


def batches(todo: list[int], docs: list[SourceDocument], workers: int) -> list[list[int]]:
    """The documents to process cut into batches, largest files first: a batch closes at
    :func:`documents_per_task` documents or at its share of the bytes, so that a large PDF is not left for last
    (one worker busy with it while the others wait) nor shares its batch with other large ones."""
    size = documents_per_task(len(todo), workers)
    share = sum(docs[i].size for i in todo) / (workers * TASKS_PER_WORKER)
    cut: list[list[int]] = [[]]
    for index in sorted(todo, key=lambda i: -docs[i].size):
        if len(cut[-1]) == size or sum(docs[i].size for i in cut[-1]) >= share:
            cut.append([])
        cut[-1].append(index)
    return [batch for batch in cut if batch]


@task(name="discover", cache_policy=NO_CACHE)
def find_documents(paths: list[str], outdir: Path, sources: SourceOptions, settings: Settings) -> Discovery:
    return discover(paths, outdir / "sources", sources.oparl, sources.modified_since, sources.download, settings)


@task(name="process-documents", task_run_name="process {label}", cache_policy=NO_CACHE)
def process(docs: list[SourceDocument], settings: Settings, outdir: Path, label: str) -> list[DocumentResult]:
    """Process a batch of documents (or take the results of the worker that processed them while the run started:
    :mod:`hrgraph.warm_up`) and store each result in the cache; return them without their mentions."""
    if processed := take_results(docs, settings):
        get_run_logger().info("%d documents were processed ahead, while the run started", len(processed))
    results = [stored_or_failed(outdir, result, settings) for result in processed or process_documents(docs, settings)]
    return [without_mentions(result) for result in results]


@task(name="export-graph", cache_policy=NO_CACHE)
def export(results: list[DocumentResult], outdir: Path, rundir: Path, settings: Settings) -> dict:
    return export_graph(results, outdir, rundir, settings)


@task(name="load-neo4j", cache_policy=NO_CACHE)
def load_neo4j(outdir: Path) -> dict:
    """Load the run's files in ``outdir`` into the Neo4j server named by NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD."""
    from hrgraph.stores.neo4j_connection import connect
    from hrgraph.stores.neo4j_loader import load_output

    with connect() as driver:
        return asdict(load_output(driver, outdir))


def collect(batch: list[int], outcome: Callable[[], list[DocumentResult]], docs: list[SourceDocument],
            results: list[DocumentResult | None]) -> int:
    """Wait for one batch (``outcome``: a future's ``result``, or the task itself) and put its results at their
    places; if the batch itself failed (a worker that crashed), each of its documents fails with that reason.
    The future is dropped by the caller. Returns the number of documents of the batch."""
    try:
        batch_results = outcome()
    except Exception as exc:
        batch_results = [failed_result(docs[index], exc) for index in batch]
    for index, result in zip(batch, batch_results, strict=True):
        results[index] = result
    return len(batch)


def cell(text: str) -> str:
    """Text for a cell of a Markdown table: printable, with its bars escaped."""
    return printable(text).replace("|", "\\|")


def summary_markdown(summary: dict, results: list[DocumentResult]) -> str:
    lines = ["# hrgraph ingestion", "", f"Documents: {summary['documents']} (processed now: {summary['processed']}, "
             f"failed: {summary['failures']})", "", "| document | status | reason |", "|---|---|---|"]
    lines += [f"| {cell(r.doc.source)} | {r.status} | {cell(r.reason)} |" for r in results]
    lines += ["", f"Entities: {summary['entities']}", "", f"Relations: {summary['relations']}"]
    return "\n".join(lines)


def failed_table(results: list[DocumentResult]) -> list[dict]:
    """The documents that failed or need OCR, one row each, for Prefect's table artifact."""
    return [{"document": printable(r.doc.source), "status": r.status, "reason": printable(r.reason)}
            for r in results if r.status not in ("ok", "skipped")]  # as failures.jsonl


def run_state(summary: dict) -> State:
    """Completed, or "Completed with failures" naming how many documents failed, so that the run history shows a
    partial run as such; the summary is the state's result either way."""
    if not summary["failures"]:
        return Completed(data=summary, message=f"{summary['documents']} documents")
    message = f"{summary['failures']} of {summary['documents']} documents failed or need OCR (see failures.jsonl)"
    return Completed(data=summary, name="Completed with failures", message=message)


class DocumentProgress:
    """Documents done out of those to process: Prefect's progress artifact and the caller's callback."""

    def __init__(self, total: int):
        self.total, self.done = total, 0
        self.callback = on_progress.get()
        self.artifact = create_progress_artifact(0.0, key="hrgraph-ingest-progress",
                                                 description=f"{total} documents to process") if total else None

    def advance(self, documents: int) -> None:
        self.done += documents
        if self.artifact:
            update_progress_artifact(self.artifact, 100.0 * self.done / self.total)
        if self.callback:
            self.callback(self.done, self.total)


@flow(name="hrgraph-ingest", log_prints=True)
def ingest(paths: RunPaths, force: bool, settings: Settings, in_flight: int,
           sources: SourceOptions, neo4j: bool, keep_if_empty: bool) -> State | dict:
    """Process the new or changed documents in batches (at most ``in_flight`` submitted at a time, about
    :data:`TASKS_PER_WORKER` per worker; fewer than :data:`IN_PROCESS_BELOW` in this process; results are held
    without their mentions, which stay in the cache of the output folder until the export reads them document by
    document), export the graph into the run's folder and, with ``neo4j``, load it into Neo4j; results keep the
    order of discovery. Ends Completed, or "Completed with failures" when documents failed. With
    ``keep_if_empty`` a run that finds no documents stops there and returns ``{"empty": True}``."""
    out = Path(paths.outdir)
    found = find_documents(paths.inputs, out, sources, settings)
    docs = found.documents
    if keep_if_empty and not docs and not found.accounted:
        return {"empty": True}
    results: list[DocumentResult | None] = [None if force else cached_result(out, doc, settings) for doc in docs]
    todo = [i for i, result in enumerate(results) if result is None]
    pending: deque = deque()
    progress = DocumentProgress(len(todo))
    task_settings, task_out = absolute_settings(settings), out.resolve()
    in_process = len(todo) < IN_PROCESS_BELOW
    start = 0
    for batch in [todo] if in_process else batches(todo, docs, max(1, in_flight // 2)):
        args = ([absolute(docs[i]) for i in batch], task_settings, task_out,
                f"documents {start + 1}-{start + len(batch)} of {len(todo)}")
        start += len(batch)
        pending.append((batch, partial(process, *args) if in_process else process.submit(*args).result))
        if len(pending) >= in_flight:
            progress.advance(collect(*pending.popleft(), docs, results))
    while pending:
        progress.advance(collect(*pending.popleft(), docs, results))
    results += found.accounted
    summary = export(results, out, Path(paths.rundir), settings) | {"processed": len(todo), "outdir": readable(paths.outdir)}
    if neo4j:
        summary["neo4j"] = load_neo4j(Path(paths.rundir))
    create_markdown_artifact(summary_markdown(summary, results), key="hrgraph-ingest-summary")
    if summary["failures"]:
        create_table_artifact(failed_table(results), key="hrgraph-failed-documents",
                              description="Documents that failed or need OCR (also in failures.jsonl)")
    summary["per_document"] = [{"source": r.doc.source, "paths": r.doc.paths, "status": r.status, "reason": r.reason}
                               for r in results]
    return run_state(summary)


def task_runner(runner: str, workers: int, dask_address: str | None) -> TaskRunner:
    """Prefect's process pool of ``workers`` processes, its thread pool with one thread, or a DaskTaskRunner on a
    local cluster of ``workers`` processes or at ``dask_address``."""
    if runner == "local":
        return ThreadPoolTaskRunner(max_workers=1)
    if runner == "process":
        return ProcessPoolTaskRunner(max_workers=workers, initializer=exit_with_parent, initargs=(os.getpid(),))
    if runner != "dask":
        raise ValueError(f"unknown runner {runner!r}: use 'local', 'process' or 'dask'")
    import dask
    from prefect_dask import DaskTaskRunner

    dask.config.set({"distributed.worker.daemon": False})  # lets local workers start their extraction child

    if dask_address:
        return DaskTaskRunner(address=dask_address)
    return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": workers > 1,
                                          "dashboard_address": None})


@contextmanager
def shared_api_server() -> Iterator[None]:
    """Let worker processes report to the flow's Prefect API. Without ``PREFECT_API_URL`` every spawned worker
    would start a temporary server of its own (seconds of CPU each, and its task runs missing from the flow's
    server), so this process's temporary server (:data:`~hrgraph.lifetime.temporary_server`, started here unless
    ``hrgraph ingest`` started it early) is named to the workers and to Prefect's threads here (which would
    otherwise start a server of their own for the workers' logs); like Prefect's own, it stops when the process
    exits, and it is killed when the process is killed."""
    settings = get_current_settings()
    if settings.api.url:
        yield
        return
    api_url = temporary_server.wait(settings.server.ephemeral.startup_timeout_seconds)
    os.environ["PREFECT_API_URL"] = api_url  # inherited by the worker processes
    refresh_global_settings_context()  # and seen by the threads that pass the workers' logs and events on
    try:
        with temporary_settings({PREFECT_API_URL: api_url}):
            yield
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        refresh_global_settings_context()


def ingest_flow(paths: list[str], outdir: str = "data/processed", force: bool = False, settings: Settings | None = None,
                runner: str = "local", workers: int = DEFAULT_WORKERS, dask_address: str | None = None,
                sources: SourceOptions | None = None, neo4j: bool = False, allow_empty: bool = False,
                progress: ProgressCallback | None = None) -> dict:
    """Ingest documents under ``paths`` (and the OParl sources in ``sources``) into the graph in ``outdir``;
    unchanged documents are skipped unless ``force`` is set. ``runner`` is ``local`` (one batch at a time in
    this process), ``process`` (a pool of ``workers`` processes) or ``dask`` (``workers`` processes, or the
    cluster at ``dask_address``); at most two batches per worker are submitted at a time. With ``neo4j`` the
    run is loaded into Neo4j at the end; ``progress`` is called as batches come back.

    The run holds ``outdir`` (:class:`~hrgraph.outputs.OutputRun`: raises ``OutputBusy`` if another run does)
    and publishes its files as one set with a manifest. When no documents are found and ``outdir`` holds an
    earlier run, nothing is written and ``EmptyInput`` is raised, unless ``allow_empty``."""
    sources, settings = sources or SourceOptions(), settings or Settings()
    flow_run = ingest.with_options(task_runner=task_runner(runner, workers, dask_address))
    inputs = {"paths": [readable(path) for path in paths], "oparl": list(sources.oparl), "modified_since": sources.modified_since}
    token = on_progress.set(progress)
    try:
        with OutputRun(outdir, inputs) as run, shared_api_server():
            summary = flow_run(RunPaths(inputs=paths, outdir=outdir, rundir=str(run.staging)), force,
                               settings, in_flight=2 * workers if runner != "local" else 2,
                               sources=sources, neo4j=neo4j, keep_if_empty=not allow_empty and holds_run(Path(outdir)))
            if summary.get("empty"):
                raise EmptyInput(f"no documents found in {', '.join(paths + list(sources.oparl))}; {outdir} keeps "
                                 "its earlier run (use --allow-empty to replace it with an empty one)")
            counts = {key: summary[key] for key in ("documents", "documents_ok", "failures", "skipped", "processed",
                                                    "entities", "relations")}
            return summary | {"run_id": run.publish(counts)["run_id"]}
    finally:
        on_progress.reset(token)


POLL_STATE = "oparl_poll.json"
"""File in the output folder with the start time of the last poll in which every document was processed."""


def last_poll(outdir: Path) -> str | None:
    """Start time (ISO) of the last poll into ``outdir`` that ended without failed documents, if any."""
    try:
        return json.loads((outdir / POLL_STATE).read_text(encoding="utf-8"))["modified_since"]
    except (OSError, ValueError, KeyError):
        return None


def record_poll(outdir: Path, started: str) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / POLL_STATE).write_text(json.dumps({"modified_since": started}) + "\n", encoding="utf-8")


@flow(name="hrgraph-poll")
def poll(oparl: list[str], outdir: str = "data/processed", paths: list[str] | None = None, download: bool = False,
         runner: str = "process", workers: int = DEFAULT_WORKERS, neo4j: bool = False) -> State:
    """The scheduled ingestion (``hrgraph serve``): ingest ``paths`` and the OParl sources ``oparl``, asking OParl
    only for objects modified since the start of the last poll into ``outdir`` that processed every document
    (kept in ``outdir/oparl_poll.json``, so that failed documents are asked for again). Parameters are plain
    JSON, for runs started from a deployment."""
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    out = Path(outdir)
    since = last_poll(out)
    get_run_logger().info("OParl objects modified since %s", since or "ever")
    summary = ingest_flow(list(paths or []), outdir, runner=runner, workers=workers, neo4j=neo4j,
                          sources=SourceOptions(oparl=tuple(oparl), modified_since=since, download=download))
    if not summary["failures"]:
        record_poll(out, started)
    return run_state(summary)
