"""Processing a small run's documents while Prefect starts.

A run of fewer than :data:`~hrgraph.config.IN_PROCESS_BELOW` documents processes them as one ``process`` task in
its own process, after Prefect is loaded and the flow run has started: seconds of this process's core in which
the machine's other core would be idle. So before it loads Prefect, the command line starts one worker process
(:func:`start_ahead`; spawned, as Prefect's process pool spawns its workers) that finds the documents the run
will process (:func:`documents_to_process`), loads the model and processes them. The run's task takes these
results when it has exactly those documents with the same settings (:func:`take_results`) and otherwise
processes its documents itself (the worker is then stopped). The worker only computes: the task stores its
results in the output folder's cache as it stores its own, so the outputs are the same with it as without.
This module imports neither Prefect nor spaCy, so that the command line can call it first.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import signal
from dataclasses import dataclass
from itertools import islice
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from hrgraph.config import IN_PROCESS_BELOW, Settings
from hrgraph.records import DocumentResult, SourceDocument

logger = logging.getLogger(__name__)


def processes_here(paths: list[str], oparl: list[str] | tuple[str, ...]) -> bool:
    """Whether a run will likely process its documents in its own process: when ``paths`` hold fewer than
    :data:`~hrgraph.config.IN_PROCESS_BELOW` files and no OParl source is named (a guess: documents unchanged
    since an earlier run are counted too, and the run decides on what it finds)."""
    from hrgraph.sources.files import discover_files

    return not oparl and sum(1 for _ in islice(discover_files(map(Path, paths)), IN_PROCESS_BELOW)) < IN_PROCESS_BELOW


@dataclass
class Ahead:
    """The worker started by :func:`start_ahead`: it sends the documents it processes, then their results."""

    settings: Settings
    process: BaseProcess
    connection: Connection

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.connection.close()


_ahead: Ahead | None = None


def start_ahead(paths: list[str], outdir: str, force: bool, download: bool, settings: Settings) -> None:
    """Start the worker that processes the documents a run over ``paths`` into ``outdir`` will process (with
    ``settings`` as the run's tasks get them: :func:`~hrgraph.config.absolute_settings`); it exits when this
    process does."""
    global _ahead
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=process_ahead, args=(paths, outdir, force, download, settings, sender,
                                                          os.getpid()), name="hrgraph-ahead")
    process.start()
    sender.close()
    _ahead = Ahead(settings, process, receiver)
    atexit.register(_ahead.stop)


def documents_to_process(paths: list[str], outdir: Path, force: bool, download: bool,
                         settings: Settings) -> list[SourceDocument]:
    """The documents under ``paths`` that a run into ``outdir`` processes (all with ``force``, else those
    without a cached result), as its tasks get them."""
    from hrgraph.pipeline import absolute, cached_result
    from hrgraph.sources import discover

    found = discover(paths, outdir / "sources", download=download, settings=settings)
    return [absolute(doc) for doc in found.documents if force or cached_result(outdir, doc, settings) is None]


def process_ahead(paths: list[str], outdir: str, force: bool, download: bool, settings: Settings,
                  connection: Connection, parent: int) -> None:
    """The worker: send the documents to process, then their results. Any failure only ends it (the run then
    processes its documents itself, and meets the failure there); Ctrl-C is the run's to handle, which stops it."""
    from hrgraph.lifetime import exit_with_parent

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_with_parent(parent)
    try:
        from hrgraph.pipeline import process_documents

        docs = documents_to_process(paths, Path(outdir), force, download, settings)
        connection.send(docs)
        if docs:
            connection.send(process_documents(docs, settings))
    except Exception:
        logger.debug("processing ahead failed", exc_info=True)
    finally:
        connection.close()


def take_results(docs: list[SourceDocument], settings: Settings) -> list[DocumentResult] | None:
    """The worker's results if it processed exactly ``docs`` with ``settings``, else None; the worker is done
    either way."""
    global _ahead
    ahead, _ahead = _ahead, None
    if ahead is None:
        return None
    try:
        if ahead.settings == settings and ahead.connection.recv() == docs:
            return ahead.connection.recv()
        return None
    except (EOFError, OSError):
        return None
    finally:
        ahead.stop()
