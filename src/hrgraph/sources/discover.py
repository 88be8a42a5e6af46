"""Everything a run will account for: local files, the council documents behind OParl records, and what
could not be had (a download that failed or was not asked for), each with a status and reason."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from hrgraph.config import Settings
from hrgraph.records import DocumentResult, SourceDocument
from hrgraph.sources.files import discover_files, source_document
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
    for path in discover_files(Path(p) for p in paths):
        if is_oparl_record(path):
            found.accounted.append(DocumentResult(doc=source_document(path), status="skipped", reason=OPARL_RECORD))
            if str(path.parent) not in roots:
                roots.append(str(path.parent))
        else:
            found.documents.append(source_document(path))
    for root in roots:
        remote = root.startswith(("http://", "https://"))
        source = OParlSource(root, cache_dir / "oparl", modified_since=modified_since, download=remote or download,
                             max_file_bytes=settings.max_file_bytes, limits=settings.oparl)
        found.documents += list(source)
        found.accounted += source.unavailable
    by_path = {doc.path: doc for doc in found.documents}  # a file both on disk and named by OParl: the OParl view wins
    first_of: dict[str, SourceDocument] = {}
    found.documents = []
    for doc in sorted(by_path.values(), key=lambda d: d.source):
        if doc.id in first_of:
            found.accounted.append(DocumentResult(doc=doc, status="skipped", reason=f"same content as {first_of[doc.id].source}"))
        else:
            first_of[doc.id] = doc
            found.documents.append(doc)
    return found
