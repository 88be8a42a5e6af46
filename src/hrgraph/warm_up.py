"""Getting a small run's own processing ready while Prefect starts.

A run of a few documents processes them in its own process (:data:`hrgraph.config.IN_PROCESS_BELOW`), after
Prefect is loaded and its API answers: seconds, the temporary server's start most of all. The extraction child
(with the date patterns of every language, which trafilatura's date search otherwise compiles on the first page
that needs them) and the spaCy pipeline do not depend on Prefect, so :func:`warm_up` starts them in background
threads before it; the run then finds them ready (:func:`hrgraph.extract.limits.prepare_extraction`, and
:func:`hrgraph.nlp.pipeline.load_pipeline` which loads once per process). This module imports neither, so that
the command line can call it before it loads Prefect.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from itertools import islice
from pathlib import Path

from hrgraph.config import IN_PROCESS_BELOW, Settings

logger = logging.getLogger(__name__)

_started: set[tuple[str, int]] = set()


def processes_here(paths: list[str], oparl: list[str] | tuple[str, ...], runner: str) -> bool:
    """Whether a run will likely process its documents in this process: with the local runner, or when ``paths``
    hold fewer than :data:`~hrgraph.config.IN_PROCESS_BELOW` files and no OParl source is named (a guess: documents unchanged since
    an earlier run are counted too, and the run decides on what it finds)."""
    from hrgraph.sources.files import discover_files

    if runner == "local":
        return True
    return not oparl and sum(1 for _ in islice(discover_files(map(Path, paths)), IN_PROCESS_BELOW)) < IN_PROCESS_BELOW


def warm_up(settings: Settings) -> None:
    """Start the extraction child and load the model of ``settings`` in background threads, once per process; a
    failure shows where the run needs what failed."""
    key = (settings.ner_model, settings.extract_memory_mb)
    if key in _started:
        return
    _started.add(key)
    for job in (start_extraction, load_model):
        threading.Thread(target=quietly, args=(job, settings), name=f"hrgraph-{job.__name__}", daemon=True).start()


def start_extraction(settings: Settings) -> None:
    from hrgraph.extract.limits import prepare_extraction

    prepare_extraction(settings)


def load_model(settings: Settings) -> None:
    from hrgraph.nlp.pipeline import load_pipeline

    load_pipeline(settings.ner_model)


def quietly(job: Callable[[Settings], None], settings: Settings) -> None:
    try:
        job(settings)
    except Exception:  # raised again where the run needs what failed here
        logger.debug("warm-up %s failed", job.__name__, exc_info=True)
