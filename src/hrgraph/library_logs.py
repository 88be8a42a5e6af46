"""Log records of the document libraries kept out of the console: their warnings are about a document's oddities
(pdfminer's "Cannot set gray non-stroke color", trafilatura's empty pages) and the run already reports every
document that fails; they are passed on at debug level under ``hrgraph.libraries``."""

from __future__ import annotations

import logging
from functools import cache

QUIET_LIBRARIES = ("pdfminer", "pdfplumber", "trafilatura", "htmldate", "courlan")


class AtDebug(logging.Handler):
    """Hands a library's records below ERROR on to ``hrgraph.libraries`` at debug level; errors stay as they are."""

    def emit(self, record: logging.LogRecord) -> None:
        target = logging.getLogger("hrgraph.libraries")
        if record.levelno < logging.ERROR:
            if not target.isEnabledFor(logging.DEBUG):
                return
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        target.handle(record)


@cache
def quiet_library_logs() -> None:
    """Route the warnings of :data:`QUIET_LIBRARIES` to debug (once per process)."""
    for name in QUIET_LIBRARIES:
        library = logging.getLogger(name)
        library.addHandler(AtDebug())
        library.propagate = False
