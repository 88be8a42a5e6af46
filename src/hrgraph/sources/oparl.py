"""Council documents from an OParl 1.x API or a folder of OParl JSON files.

Starting from any OParl object (System, Body, a paginated list, Paper, Meeting, File), the source
walks down to the files: ``mainFile`` and ``auxiliaryFile`` of papers; ``invitation``,
``resultsProtocol``, ``verbatimProtocol``, ``auxiliaryFile`` of meetings and the ``resolutionFile``
and ``auxiliaryFile`` of their agenda items. Each file is downloaded (``downloadUrl``, else
``accessUrl``) into a cache directory and yielded as a :class:`~hrgraph.records.SourceDocument`
whose metadata names the paper (reference, type, date, originator) or meeting (name, date).

Incremental pulls: with ``modified_since`` the lists are requested with OParl's ``modified_since``
filter and objects whose ``modified`` is older are skipped as well (servers may ignore the filter).
Download problems do not stop the walk; they are collected in :attr:`OParlSource.failures`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote, urlparse

import httpx

from hrgraph.records import Failure, SourceDocument
from hrgraph.sources.files import SUFFIX_TYPES, source_document

MEDIA_SUFFIXES = {
    "application/pdf": ".pdf",
    "text/html": ".html",
    "application/xhtml+xml": ".xhtml",
    "text/plain": ".txt",
}

BODY_LISTS = ("paper", "meeting")
"""Lists of a Body that lead to documents."""

MEETING_FILES = ("invitation", "resultsProtocol", "verbatimProtocol", "auxiliaryFile")
AGENDA_ITEM_FILES = ("resolutionFile", "auxiliaryFile")
PAPER_FILES = ("mainFile", "auxiliaryFile")

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def oparl_type(obj: dict) -> str:
    """The OParl type name ('Paper', 'Meeting', ...) from ``type``, or guessed from the fields present."""
    if obj.get("type"):
        return obj["type"].rstrip("/").rsplit("/", 1)[-1]
    if "data" in obj and isinstance(obj["data"], list):
        return "List"
    if "oparlVersion" in obj:
        return "System"
    if "paperType" in obj or "reference" in obj or "mainFile" in obj:
        return "Paper"
    if "agendaItem" in obj or "start" in obj:
        return "Meeting"
    if "accessUrl" in obj:
        return "File"
    if "paper" in obj and "meeting" in obj:
        return "Body"
    return "Unknown"


def parse_time(value: str | datetime | None) -> datetime | None:
    """An aware datetime (naive values are taken as UTC)."""
    if value is None or value == "":
        return None
    parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def compact(mapping: dict) -> dict:
    return {k: v for k, v in mapping.items() if v not in (None, "", [], {})}


class OParlSource:
    """Walk an OParl API (``start`` is a URL) or a folder of OParl JSON files (``start`` is a path)."""

    def __init__(
        self,
        start: str | Path,
        cache_dir: str | Path,
        modified_since: str | datetime | None = None,
        client: httpx.Client | None = None,
        max_file_bytes: int = DEFAULT_MAX_BYTES,
        download: bool = True,
    ):
        self.start = start
        self.cache_dir = Path(cache_dir)
        self.modified_since = parse_time(modified_since)
        self.client = client or httpx.Client(timeout=DEFAULT_TIMEOUT, follow_redirects=True)
        self.max_file_bytes = max_file_bytes
        self.allow_download = download
        self.failures: list[Failure] = []
        self.local_root: Path | None = None
        self.local_objects: dict[str, dict] = {}
        self.seen_files: set[str] = set()

    # --- reading OParl objects -------------------------------------------------------------

    def fail(self, source: str, reason: str) -> None:
        self.failures.append(Failure(source=source, stage="oparl", reason=reason))

    def is_local(self) -> bool:
        return not str(self.start).startswith(("http://", "https://"))

    def fetch(self, url: str, params: dict | None = None) -> dict | None:
        """An OParl object by URL: from the local folder's index, else over HTTP (None and a failure if that fails)."""
        if url in self.local_objects:
            return self.local_objects[url]
        if self.is_local():
            return None
        try:
            response = self.client.get(url, params=params)
            response.raise_for_status()
            return response.json()
        except (httpx.HTTPError, ValueError) as exc:
            self.fail(url, f"cannot fetch OParl object: {type(exc).__name__}: {exc}")
            return None

    def resolve(self, value) -> dict | None:
        """Embedded objects are used as they are; URLs are fetched."""
        if isinstance(value, dict):
            return value
        if isinstance(value, str):
            return self.fetch(value)
        return None

    def load_folder(self, folder: Path) -> list[dict]:
        """All JSON objects of a folder, indexed by id so that references between them resolve."""
        objects = []
        for path in sorted(folder.rglob("*.json")):
            try:
                obj = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                self.fail(str(path), f"not OParl JSON: {exc}")
                continue
            for item in obj if isinstance(obj, list) else [obj]:
                if isinstance(item, dict):
                    objects.append(item)
                    if item.get("id"):
                        self.local_objects[item["id"]] = item
        return objects

    def fresh(self, obj: dict) -> bool:
        """Whether an object was modified at or after ``modified_since`` (objects without a date count as fresh)."""
        if self.modified_since is None:
            return True
        files = [f for key in PAPER_FILES + MEETING_FILES for f in as_list(obj.get(key)) if isinstance(f, dict)]
        stamps = [parse_time(s) for s in [obj.get("modified")] + [f.get("modified") for f in files] if s]
        return not stamps or max(stamps) >= self.modified_since

    def list_items(self, url: str) -> Iterator[dict]:
        """The objects of a paginated OParl list, following ``links.next``."""
        params = {"modified_since": self.modified_since.isoformat()} if self.modified_since else None
        seen: set[str] = set()
        next_url: str | None = url
        while next_url and next_url not in seen:
            seen.add(next_url)
            page = self.fetch(next_url, params=params if next_url == url else None)
            if page is None:
                return
            yield from (item for item in page.get("data", []) if isinstance(item, dict))
            next_url = (page.get("links") or {}).get("next")

    # --- walking down to files ---------------------------------------------------------------

    def __iter__(self) -> Iterator[SourceDocument]:
        if self.is_local():
            self.local_root = Path(self.start)
            for obj in self.load_folder(self.local_root):
                yield from self.walk(obj)
        else:
            root = self.fetch(str(self.start))
            if root is not None:
                yield from self.walk(root)

    def walk(self, obj: dict) -> Iterator[SourceDocument]:
        kind = oparl_type(obj)
        if kind == "System":
            for body_list in as_list(obj.get("body")):
                yield from self.walk_list(body_list)
        elif kind == "Body":
            for key in BODY_LISTS:
                if isinstance(obj.get(key), str):
                    yield from self.walk_list(obj[key])
        elif kind == "List":
            for item in obj["data"]:
                yield from self.walk(item)
            if (obj.get("links") or {}).get("next"):
                yield from self.walk_list(obj["links"]["next"])
        elif kind == "Paper" and self.fresh(obj):
            yield from self.paper_files(obj)
        elif kind == "Meeting" and self.fresh(obj):
            yield from self.meeting_files(obj)
        elif kind == "AgendaItem" and self.fresh(obj):
            yield from self.agenda_item_files(obj)
        elif kind == "File" and self.fresh(obj):
            yield from self.file_document(obj, {})

    def walk_list(self, value) -> Iterator[SourceDocument]:
        if isinstance(value, dict):
            yield from self.walk(value)
        elif isinstance(value, str):
            for item in self.list_items(value):
                yield from self.walk(item)

    def paper_files(self, paper: dict) -> Iterator[SourceDocument]:
        metadata = compact(
            {
                "oparl_type": "Paper",
                "oparl_id": paper.get("id"),
                "reference": paper.get("reference"),
                "title": paper.get("name"),
                "paper_type": paper.get("paperType"),
                "date": paper.get("date"),
                "originator_person": as_list(paper.get("originatorPerson")),
                "originator_organization": as_list(paper.get("originatorOrganization")),
                "under_direction_of": as_list(paper.get("underDirectionOf")),
                "modified": paper.get("modified"),
            }
        )
        meetings = [self.resolve(c.get("meeting")) for c in as_list(paper.get("consultation")) if isinstance(c, dict)]
        meetings = [compact({"name": m.get("name"), "date": m.get("start")}) for m in meetings if m]
        if meetings:
            metadata["meetings"] = meetings
        for role in PAPER_FILES:
            for file in as_list(paper.get(role)):
                yield from self.file_document(self.resolve(file), {**metadata, "file_role": role})

    def meeting_metadata(self, meeting: dict) -> dict:
        return compact(
            {
                "oparl_type": "Meeting",
                "oparl_id": meeting.get("id"),
                "meeting_name": meeting.get("name"),
                "meeting_date": meeting.get("start"),
                "organization": as_list(meeting.get("organization")),
                "modified": meeting.get("modified"),
            }
        )

    def meeting_files(self, meeting: dict) -> Iterator[SourceDocument]:
        metadata = self.meeting_metadata(meeting)
        for role in MEETING_FILES:
            for file in as_list(meeting.get(role)):
                yield from self.file_document(self.resolve(file), {**metadata, "file_role": role})
        for item in as_list(meeting.get("agendaItem")):
            item = self.resolve(item)
            if item:
                yield from self.agenda_item_files(item, metadata)

    def agenda_item_files(self, item: dict, meeting_metadata: dict | None = None) -> Iterator[SourceDocument]:
        """Files of an agenda item; its meeting is looked up when the item is read on its own."""
        if meeting_metadata is None:
            meeting = self.resolve(item.get("meeting"))
            meeting_metadata = self.meeting_metadata(meeting) if meeting else {"oparl_type": "AgendaItem"}
        metadata = {**meeting_metadata, **compact({"agenda_item": item.get("name"), "agenda_number": item.get("number")})}
        for role in AGENDA_ITEM_FILES:
            for file in as_list(item.get(role)):
                yield from self.file_document(self.resolve(file), {**metadata, "file_role": role})

    # --- files ----------------------------------------------------------------------------------

    def file_document(self, file: dict | None, metadata: dict) -> Iterator[SourceDocument]:
        """Download one OParl File (once per run) and describe it."""
        if not file:
            return
        url = file.get("downloadUrl") or file.get("accessUrl")
        if not url or url in self.seen_files:
            return
        self.seen_files.add(url)
        file_metadata = compact({"file_name": file.get("name"), "file_date": file.get("date"), "oparl_file_id": file.get("id")})
        metadata = {**metadata, **file_metadata}
        path = self.local_file(url) or self.download(url, file)
        if path is not None:
            yield source_document(path, source=url, metadata=metadata)

    def local_file(self, url: str) -> Path | None:
        """A file referenced by a local folder: ``file://`` URL or a path relative to the folder."""
        if self.local_root is None:
            return None
        parsed = urlparse(url)
        if parsed.scheme == "file":
            candidate = Path(unquote(parsed.path))
        elif not parsed.scheme:
            candidate = self.local_root / url
        else:
            return None
        return candidate if candidate.is_file() else None

    def cache_path(self, url: str, file: dict) -> Path:
        suffix = Path(urlparse(url).path).suffix.lower()
        if suffix not in SUFFIX_TYPES:
            suffix = MEDIA_SUFFIXES.get((file.get("mimeType") or "").split(";")[0].strip(), suffix or ".bin")
        return self.cache_dir / f"{hashlib.sha256(url.encode()).hexdigest()[:16]}{suffix}"

    def download(self, url: str, file: dict) -> Path | None:
        """Stream a file into the cache (kept when it is newer than the File's ``modified``), within the size limit."""
        target = self.cache_path(url, file)
        modified = parse_time(file.get("modified"))
        if target.exists() and (modified is None or datetime.fromtimestamp(target.stat().st_mtime, timezone.utc) >= modified):
            return target
        if not self.allow_download:
            self.fail(url, "remote file not downloaded: downloads are off for local OParl folders (hrgraph ingest --download)")
            return None
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(target.suffix + ".part")
        try:
            with self.client.stream("GET", url) as response:
                response.raise_for_status()
                size = 0
                with partial.open("wb") as out:
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > self.max_file_bytes:
                            raise ValueError(f"file larger than {self.max_file_bytes} bytes")
                        out.write(chunk)
            partial.replace(target)
            return target
        except (httpx.HTTPError, OSError, ValueError) as exc:
            partial.unlink(missing_ok=True)
            self.fail(url, f"download failed: {type(exc).__name__}: {exc}")
            return None

