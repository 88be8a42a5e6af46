"""Extraction in a child process with a wall-clock limit and a memory cap, so that no input file can hang a run or
take the machine's memory (a page of pdfplumber tables that takes minutes, an HTML file of 45 MB, a bomb the
guards do not see).

Each worker process keeps one child and sends it document after document; a child that passes the time limit is
killed and, like one that died, replaced by a new one for the next document. Children are forked by
multiprocessing's fork server, a single-threaded process that imports the extractors once, so that a new child
costs milliseconds (forking the worker itself is unsafe: Prefect runs threads in it). The child's address space
is capped with ``RLIMIT_AS`` (Tesseract, which it starts, gets the same cap). The fork server ends when the
worker ends, and the kernel then kills the child (``PR_SET_PDEATHSIG``); the worker also stops it when it exits.
Documents are sent to the child whole (settings included); results come back as
:class:`~hrgraph.records.ExtractedDocument` or an error reason.
"""

from __future__ import annotations

import atexit
import ctypes
import multiprocessing
import os
import resource
import signal
import sys
import threading
import time
from multiprocessing.connection import Connection

from hrgraph.config import Settings
from hrgraph.extract.errors import ExtractionError
from hrgraph.library_logs import quiet_library_logs
from hrgraph.records import ExtractedDocument, SourceDocument

START_SECONDS = 300
"""How long a new child may take to start and import the extractors (seconds on a loaded machine)."""

STOP_SECONDS = 5
PR_SET_PDEATHSIG = 1

_to_parent: Connection | None = None
"""In a child: its end of the connection, for :func:`allow_more_time`."""


def memory_limit_reason(settings: Settings) -> str:
    return f"memory limit ({settings.extract_memory_mb} MB)"


def allow_more_time(seconds: float) -> None:
    """Let the document being extracted take ``seconds`` longer (for slow steps of known size, like OCR of a
    page); does nothing outside a child."""
    if _to_parent is not None:
        _to_parent.send(("more_time", seconds))


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent ends; exit at once if the parent has already gone."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


def serve(connection: Connection, memory_bytes: int, ahead: bool = False) -> None:
    """The child: extract each (document, settings) received and send back the result or the error. Started
    ``ahead`` of the first document, it first compiles the date patterns that HTML pages may need."""
    global _to_parent
    die_with_parent()
    quiet_library_logs()
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    _to_parent = connection
    from hrgraph.extract import extract

    if ahead:
        from hrgraph.extract.html import compile_date_patterns

        compile_date_patterns()

    connection.send(("ready", None))
    while True:
        try:
            doc, settings = connection.recv()
        except EOFError:
            return
        try:
            connection.send(("ok", extract(doc, settings)))
        except ExtractionError as exc:
            connection.send(("error", (exc.reason, exc.status)))
        except MemoryError:
            connection.send(("error", (memory_limit_reason(settings), "failed")))
            return  # a new child for the next document, in case the memory error left this one damaged


class ExtractionChild:
    """A child process that extracts one document at a time within the time and memory limits of the settings."""

    def __init__(self) -> None:
        self.process: multiprocessing.process.BaseProcess | None = None
        self.connection: Connection | None = None
        self.memory_bytes = 0
        self.lock = threading.Lock()  # one document at a time, whichever thread asks

    def start(self, memory_bytes: int, ahead: bool = False) -> None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["__main__", "hrgraph.extract"])
        self.connection, child_end = context.Pipe()
        process = context.Process(target=serve, args=(child_end, memory_bytes, ahead), daemon=True,
                                  name="hrgraph-extract")
        process.start()
        child_end.close()
        self.process = process
        self.memory_bytes = memory_bytes
        if not self.connection.poll(START_SECONDS):
            self.stop()
            raise ExtractionError(f"the extraction process did not start within {START_SECONDS} s")
        self.receive()

    def stop(self) -> None:
        """Kill the child (it may be stuck in a library) and wait for it."""
        if self.process is not None:
            self.process.kill()
            self.process.join(STOP_SECONDS)
            self.connection.close()
        self.process = self.connection = None

    def receive(self) -> tuple[str, object]:
        """The child's next message; when it has died, the reason why as an ExtractionError."""
        try:
            return self.connection.recv()
        except EOFError:
            self.process.join(STOP_SECONDS)
            code = self.process.exitcode
            self.stop()
            how = f"signal {signal.Signals(-code).name}" if code is not None and code < 0 else f"exit code {code}"
            raise ExtractionError(f"the extraction process died ({how}): a library failed, perhaps at the "
                                  f"memory limit ({self.memory_bytes >> 20} MB)") from None

    def extract(self, doc: SourceDocument, settings: Settings) -> ExtractedDocument:
        """The extracted document, or ExtractionError (also for a passed time limit or a dead child)."""
        with self.lock:
            return self.extract_now(doc, settings)

    def prepare(self, settings: Settings) -> None:
        """Start the child for the settings' memory limit now, unless it runs, so that the first document need not
        wait for it (nor for the date patterns, which it compiles now)."""
        with self.lock:
            self.running(settings.extract_memory_mb << 20, ahead=True)

    def running(self, memory_bytes: int, ahead: bool = False) -> None:
        if self.process is None or not self.process.is_alive() or memory_bytes != self.memory_bytes:
            self.stop()
            self.start(memory_bytes, ahead)

    def extract_now(self, doc: SourceDocument, settings: Settings) -> ExtractedDocument:
        self.running(settings.extract_memory_mb << 20)
        try:
            self.connection.send((doc, settings))
        except OSError:  # the child has just died: receive() tells how
            pass
        limit = float(settings.extract_seconds)
        deadline = time.monotonic() + limit
        while True:
            if not self.connection.poll(max(0.0, deadline - time.monotonic())):
                self.stop()
                raise ExtractionError(f"time limit ({limit:.0f} s)")
            kind, value = self.receive()
            if kind == "more_time":
                limit += value
                deadline += value
            elif kind == "ok":
                return value
            else:
                if value[0] == memory_limit_reason(settings):
                    self.stop()
                raise ExtractionError(*value)


_child = ExtractionChild()
atexit.register(_child.stop)


def prepare_extraction(settings: Settings) -> None:
    """Start this process's extraction child ahead of the first document (as :func:`extract_limited` would)."""
    if not multiprocessing.current_process().daemon:
        _child.prepare(settings)


def extract_limited(doc: SourceDocument, settings: Settings) -> ExtractedDocument:
    """:func:`hrgraph.extract.extract` in this process's extraction child, within the settings' limits; in this
    process, without limits, in a daemonic process (which multiprocessing lets start no child: the workers of a
    Dask cluster not started by hrgraph, unless its ``distributed.worker.daemon`` is False)."""
    if multiprocessing.current_process().daemon:
        from hrgraph.extract import extract

        return extract(doc, settings)
    return _child.extract(doc, settings)
