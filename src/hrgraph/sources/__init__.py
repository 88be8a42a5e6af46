"""Sources find documents and describe them as :class:`~hrgraph.records.SourceDocument`."""

from hrgraph.sources.files import discover_files, source_document

__all__ = ["discover_files", "source_document"]
