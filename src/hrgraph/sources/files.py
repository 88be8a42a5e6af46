"""Documents on the local file system."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from hrgraph.records import SourceDocument

SUFFIX_TYPES = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
    ".md": "text",
}


def content_id(path: Path) -> str:
    """Stable document id: the first 16 hex digits of the sha256 of the file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def media_type(path: Path) -> str:
    return SUFFIX_TYPES.get(path.suffix.lower(), "unknown")


def source_document(path: Path, source: str | None = None, metadata: dict | None = None) -> SourceDocument:
    """Describe one local file."""
    return SourceDocument(
        id=content_id(path),
        source=source or str(path),
        path=str(path),
        media_type=media_type(path),
        size=path.stat().st_size,
        metadata=metadata or {},
    )


def discover_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Every file under the given paths (recursive, sorted, hidden files skipped); files of an unknown type are
    yielded too, so that the run can report them as skipped.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "a.txt").write_text("x"); _ = (d / ".hidden").write_text("")
    >>> [p.name for p in discover_files([d])]
    ['a.txt']
    """
    for root in paths:
        root = Path(root)
        if not root.exists():
            raise FileNotFoundError(f"no such file or folder: {root}")
        candidates = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in candidates:
            if not any(part.startswith(".") for part in path.relative_to(root.parent if root.is_file() else root).parts):
                yield path
