"""Sources find documents and describe them as :class:`~hrgraph.records.SourceDocument`."""

from hrgraph.sources.files import discover_files, source_document
from hrgraph.sources.oparl import OParlSource

__all__ = ["OParlSource", "discover_files", "source_document"]
