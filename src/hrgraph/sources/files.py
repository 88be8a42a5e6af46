"""Documents on the local file system.

A document's ``path`` is kept as the operating system gives it, so that the file can be opened; its ``source``
is the :func:`~hrgraph.names.readable` form of the path.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from hrgraph.names import readable
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

FILE_KINDS = {stat.S_ISFIFO: "a FIFO (named pipe)", stat.S_ISSOCK: "a socket", stat.S_ISCHR: "a character device",
              stat.S_ISBLK: "a block device"}


@dataclass(frozen=True)
class SkippedEntry:
    """An entry of an input folder that is not read, and why."""

    path: Path
    reason: str


def content_id(path: Path) -> str:
    """Stable document id: the first 16 hex digits of the sha256 of the file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def name_id(source: str) -> str:
    """Id of an input that has no content to hash (a skipped entry, a download that failed): from its name."""
    return hashlib.sha256(source.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def media_type(path: Path) -> str:
    return SUFFIX_TYPES.get(path.suffix.lower(), "unknown")


def source_document(path: Path, source: str | None = None, metadata: dict | None = None) -> SourceDocument:
    """Describe one local file."""
    return SourceDocument(
        id=content_id(path),
        source=source or readable(str(path)),
        path=str(path),
        media_type=media_type(path),
        size=path.stat().st_size,
        metadata=metadata or {},
    )


def skip_reason(path: Path, root: Path | None) -> str | None:
    """Why an entry is not read, or None for a regular file to read: a symbolic link that is dangling, loops or
    leads out of the input folder ``root`` (None: a path given by name, followed wherever it leads), or
    something that is not a regular file."""
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        return "dangling symbolic link" if path.is_symlink() else "gone: no such file"
    except RuntimeError:  # Python < 3.13 on a symbolic link loop
        return "symbolic link loop"
    except OSError as err:
        return "symbolic link loop" if err.errno == errno.ELOOP else f"unreadable: {err.strerror}"
    if root is not None and path.is_symlink() and not target.is_relative_to(root.resolve()):
        return "symbolic link leading outside the input folder (not followed)"
    mode = target.stat().st_mode
    if stat.S_ISDIR(mode):
        return "symbolic link to a folder (not followed; files are read where they are)"
    if not stat.S_ISREG(mode):
        return "not a regular file: " + next((name for test, name in FILE_KINDS.items() if test(mode)), "special file")
    if not os.access(target, os.R_OK):
        return "unreadable: permission denied"
    return None


def entries(root: Path) -> list[Path]:
    """Every entry under the folder ``root`` that is not a folder itself (files, links, pipes …), sorted,
    hidden files and folders left out; symbolic links to folders are not descended into."""
    found = []
    for folder, folders, names in os.walk(root):
        folders[:] = [name for name in folders if not name.startswith(".")]
        found += [Path(folder) / name for name in names if not name.startswith(".")]
        found += [Path(folder) / name for name in folders if os.path.islink(os.path.join(folder, name))]
    return sorted(found, key=lambda p: readable(str(p)))


def discover_files(paths: Iterable[Path]) -> Iterator[Path | SkippedEntry]:
    """Every file under the given paths (recursive, sorted, hidden files skipped), and a :class:`SkippedEntry`
    for every entry that is not read; files of an unknown type are yielded too, so that the run can report
    them as skipped. A path given by name is read even when it is a symbolic link.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "a.txt").write_text("x"); _ = (d / ".hidden").write_text("")
    >>> (d / "out.txt").symlink_to("/etc/hostname")
    >>> [p.reason if isinstance(p, SkippedEntry) else p.name for p in discover_files([d])]
    ['a.txt', 'symbolic link leading outside the input folder (not followed)']
    """
    for root in paths:
        root = Path(root)
        if not root.exists() and not root.is_symlink():
            raise FileNotFoundError(f"no such file or folder: {readable(str(root))}")
        candidates, inside = (entries(root), root) if root.is_dir() else ([root], None)
        for path in candidates:
            reason = skip_reason(path, inside)
            yield path if reason is None else SkippedEntry(path, reason)
