"""Sources find documents and describe them as :class:`~hrgraph.records.SourceDocument`."""

from hrgraph.sources.discover import Discovery, discover
from hrgraph.sources.files import discover_files, source_document
from hrgraph.sources.oparl import OParlSource

__all__ = ["Discovery", "OParlSource", "discover", "discover_files", "source_document"]
