"""Everything a run will account for: local files, the council documents behind OParl records, and what
could not be had (a download that failed or was not asked for), each with a status and reason."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from hrgraph.config import Settings
from hrgraph.names import readable
from hrgraph.records import DocumentResult, SourceDocument
from hrgraph.sources.files import SkippedEntry, discover_files, name_id, source_document
from hrgraph.sources.oparl import OParlSource, oparl_type

OPARL_RECORD = "OParl record: read as a source, its files are listed as documents"


@dataclass
class Discovery:
    documents: list[SourceDocument] = field(default_factory=list)
    accounted: list[DocumentResult] = field(default_factory=list)
    """Inputs settled without extraction: OParl records themselves and OParl files that could not be fetched."""


def is_oparl_record(path: Path) -> bool:
    if path.suffix.lower() != ".json":
        return False
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    items = obj if isinstance(obj, list) else [obj]
    return any(isinstance(i, dict) and oparl_type(i) != "Unknown" for i in items)


def unread(source: str, status: str, reason: str, path: str = "") -> DocumentResult:
    """An input that is named but not read, with an id from its name."""
    doc = SourceDocument(id=name_id(source), source=source, path=path, media_type="unknown", size=0)
    return DocumentResult(doc=doc, status=status, reason=reason)


def skipped(path: Path, reason: str) -> DocumentResult:
    """A local entry that is not read: a symbolic link out of the input, a FIFO, an unreadable file …"""
    return unread(readable(str(path)), "skipped", reason, str(path))


def one_per_content(docs: Iterable[SourceDocument]) -> list[SourceDocument]:
    """One document per id, in order of source: copies of the same content are one document whose ``source``
    is the first of its sources and whose ``paths`` lists them all."""
    copies: dict[str, list[str]] = {}
    first: dict[str, SourceDocument] = {}
    for doc in sorted(docs, key=lambda d: d.source):
        first.setdefault(doc.id, doc)
        copies.setdefault(doc.id, []).append(doc.source)
    return [doc.model_copy(update={"paths": copies[doc.id]}) for doc in first.values()]


def one_result_per_content(results: list[DocumentResult]) -> list[DocumentResult]:
    """:func:`one_per_content` for settled inputs: the result of each id's first source, naming all sources."""
    result_of = {r.doc.source: r for r in results}
    return [result_of[doc.source].model_copy(update={"doc": doc}) for doc in one_per_content(r.doc for r in results)]


def local_entry(path: Path | SkippedEntry) -> tuple[DocumentResult | None, SourceDocument | None]:
    """(settled result, None) for an entry that is not read or is an OParl record, else (None, document)."""
    if isinstance(path, SkippedEntry):
        return skipped(path.path, path.reason), None
    try:
        if is_oparl_record(path):
            return DocumentResult(doc=source_document(path), status="skipped", reason=OPARL_RECORD), None
        return None, source_document(path)
    except OSError as err:  # gone or unreadable since it was listed
        return skipped(path, f"unreadable: {err.strerror or err}"), None


def discover(paths: Iterable[str | Path], cache_dir: Path, oparl: Iterable[str] = (),
             modified_since: str | None = None, download: bool = False, settings: Settings | None = None) -> Discovery:
    """Files under ``paths`` (folders of OParl JSON among them) plus OParl APIs or folders named in ``oparl``.

    Files that an OParl API names are downloaded; those that a local folder of OParl records names only
    with ``download``, so that reading a folder never reaches out to the network unasked; the others are
    accounted for as skipped, with their OParl metadata. ``settings`` give the OParl walks their limits.
    """
    found = Discovery()
    settings = settings or Settings()
    roots: list[str] = list(oparl)
    for entry in discover_files(Path(p) for p in paths):
        settled, doc = local_entry(entry)
        if doc is not None:
            found.documents.append(doc)
            continue
        found.accounted.append(settled)
        if settled.reason == OPARL_RECORD and str(entry.parent) not in roots:
            roots.append(str(entry.parent))
    for root in roots:
        remote = root.startswith(("http://", "https://"))
        source = OParlSource(root, cache_dir / "oparl", modified_since=modified_since, download=remote or download,
                             max_file_bytes=settings.max_file_bytes, limits=settings.oparl)
        found.documents += list(source)
        found.accounted += source.unavailable
    by_path = {doc.path: doc for doc in found.documents}  # a file both on disk and named by OParl: the OParl view wins
    found.documents = one_per_content(by_path.values())
    found.accounted = one_result_per_content(found.accounted)
    return found
