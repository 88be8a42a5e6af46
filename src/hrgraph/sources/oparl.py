"""Council documents from an OParl 1.x API or a folder of OParl JSON files.

Starting from any OParl object (System, Body, a paginated list, Paper, Meeting, File), the source
walks down to the files: ``mainFile`` and ``auxiliaryFile`` of papers; ``invitation``,
``resultsProtocol``, ``verbatimProtocol``, ``auxiliaryFile`` of meetings and the ``resolutionFile``
and ``auxiliaryFile`` of their agenda items. Each file is downloaded (``downloadUrl``, else
``accessUrl``) into a cache directory and yielded as a :class:`~hrgraph.records.SourceDocument`
whose metadata names the paper (reference, type, date, originator) or meeting (name, date).

Incremental pulls: with ``modified_since`` the lists are requested with OParl's ``modified_since``
filter and objects whose ``modified`` is older are skipped as well (servers may ignore the filter).

A walk is bounded (:class:`~hrgraph.config.OParlLimits`): it reads every object and list page once,
stops after so many pages, requests or seconds, abandons a response that is too large or too slow as a
whole, requests only the API's own host (redirects included) and, unless allowed, no loopback, private
or link-local address; a local folder's files are read only inside that folder. What the walk cannot
deliver (a file that failed or was not downloaded, an object of the wrong shape, a walk that hit a
limit) is collected in :attr:`OParlSource.unavailable` as a failed or skipped row with its reason.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import socket
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlparse

import httpx

from hrgraph.config import OParlLimits
from hrgraph.records import DocumentResult, SourceDocument
from hrgraph.sources.files import SUFFIX_TYPES, source_document

MEDIA_SUFFIXES = {
    "application/pdf": ".pdf",
    "text/html": ".html",
    "application/xhtml+xml": ".xhtml",
    "text/plain": ".txt",
}

CHILD_LISTS = {"System": (("body", "Body"),), "Body": (("paper", "Paper"), ("meeting", "Meeting"))}
"""Lists that lead from an object down to documents, with the type their items must have."""
ITEM_KINDS = frozenset({"System", "Body", "Paper", "Meeting", "AgendaItem", "File"})
"""What a list given as the starting point may hold (not lists: the walk cannot nest without end)."""
WALKED_KINDS = ITEM_KINDS | {"List"}
"""Kinds that lead to files; other objects (Person, Organization, ...) are passed over."""

MEETING_FILES = ("invitation", "resultsProtocol", "verbatimProtocol", "auxiliaryFile")
AGENDA_ITEM_FILES = ("resolutionFile", "auxiliaryFile")
PAPER_FILES = ("mainFile", "auxiliaryFile")

READ_TIMEOUT = 30.0
"""Seconds without a byte after which a request fails (the whole response has OParlLimits.response_seconds)."""
MAX_REDIRECTS = 5
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
RESOLVED_OBJECTS = 1024
"""Objects looked up by URL (a paper's meetings) kept for the walk, so that each is requested once."""


class Unavailable(Exception):
    """A file or object the walk cannot deliver; ``status`` is 'failed' or 'skipped'."""

    def __init__(self, reason: str, status: str = "failed"):
        super().__init__(reason)
        self.reason, self.status = reason, status


class WalkLimit(Exception):
    """The walk reached one of its limits and stops."""


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


def is_private(host: str) -> bool:
    """Whether a host is, or resolves to, a loopback, private, link-local or other non-public address."""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError):
        return False  # the request itself will fail and say why
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if not (getattr(ip, "ipv4_mapped", None) or ip).is_global:
            return True
    return False


class BoundedHttp:
    """HTTP for one walk: the API's own hosts only (redirects too), no private addresses unless allowed,
    at most ``max_requests`` requests within ``max_seconds``, each response whole within its size and deadline."""

    def __init__(self, client: httpx.Client, limits: OParlLimits, hosts: set[str]):
        self.client, self.limits, self.hosts = client, limits, hosts
        self.requests = 0
        self.deadline = time.monotonic() + limits.max_seconds

    def check(self, url: httpx.URL) -> None:
        """Refuse URLs outside the API (another scheme or host, a private address)."""
        if url.scheme not in ("http", "https"):
            raise Unavailable(f"refused: not an http(s) URL: {url}")
        if url.host not in self.hosts:
            raise Unavailable(f"refused: {url.host} is not the OParl API's host ({', '.join(sorted(self.hosts)) or 'none'})")
        if not self.limits.allow_private and is_private(url.host):
            raise Unavailable(f"refused: {url.host} is a loopback, private or link-local address (--allow-private)")

    def count(self) -> None:
        self.requests += 1
        if self.requests > self.limits.max_requests:
            raise WalkLimit(f"more than {self.limits.max_requests} requests (HRGRAPH_OPARL__MAX_REQUESTS)")
        self.check_time()

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise WalkLimit(f"longer than {self.limits.max_seconds:g} s (HRGRAPH_OPARL__MAX_SECONDS)")

    def get(self, url: str, max_bytes: int, write: Callable[[bytes], object], params: dict | None = None) -> None:
        """Stream one resource into ``write``, following redirects within the API's hosts."""
        request = self.client.build_request("GET", url, params=params)
        for _ in range(MAX_REDIRECTS + 1):
            self.check(request.url)
            self.count()
            deadline = time.monotonic() + self.limits.response_seconds
            try:
                response = self.client.send(request, stream=True, follow_redirects=False)
                try:
                    if response.next_request is None:
                        response.raise_for_status()
                        self.read(response, max_bytes, write, deadline)
                        return
                    request = response.next_request
                finally:
                    response.close()
            except httpx.HTTPError as exc:
                raise Unavailable(f"{type(exc).__name__}: {exc}") from exc
        raise Unavailable(f"more than {MAX_REDIRECTS} redirects")

    def read(self, response: httpx.Response, max_bytes: int, write: Callable[[bytes], object], deadline: float) -> None:
        """The body, abandoned once it exceeds ``max_bytes`` or the response's ``deadline`` (set at the request)."""
        limit = f"larger than {max_bytes} bytes"
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise Unavailable(limit)
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise Unavailable(limit)
            self.check_time()
            if time.monotonic() > deadline:
                raise Unavailable(f"not received within {self.limits.response_seconds:g} s (HRGRAPH_OPARL__RESPONSE_SECONDS)")
            write(chunk)


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
        limits: OParlLimits | None = None,
    ):
        self.start = start
        self.cache_dir = Path(cache_dir)
        self.modified_since = parse_time(modified_since)
        self.limits = limits or OParlLimits()
        self.client = client or httpx.Client(timeout=min(READ_TIMEOUT, self.limits.response_seconds))
        self.max_file_bytes = max_file_bytes
        self.allow_download = download
        self.unavailable: list[DocumentResult] = []
        self.local_root: Path | None = None
        self.local_objects: dict[str, dict] = {}
        self.bodies: dict[str, dict] = {}
        """Body objects the walk went through, by id: the council each file belongs to."""
        self.visited: set[str] = set()
        """Ids of the objects walked, URLs of the list pages and files read: each once per walk."""
        self.pages = 0
        self.http: BoundedHttp | None = None
        self.lookup = lru_cache(maxsize=RESOLVED_OBJECTS)(self.get_json)

    def account(self, source: str, reason: str, status: str = "failed", metadata: dict | None = None) -> None:
        """Record something named by the walk that it cannot deliver, with the OParl metadata known about it."""
        doc = SourceDocument(id=hashlib.sha256(source.encode()).hexdigest()[:16], source=source, path="",
                             media_type="unknown", size=0, metadata=metadata or {})
        self.unavailable.append(DocumentResult(doc=doc, status=status, reason=reason))

    def is_local(self) -> bool:
        return not str(self.start).startswith(("http://", "https://"))

    # --- reading OParl objects -------------------------------------------------------------

    def get_json(self, url: str, params: dict | None = None) -> dict | None:
        """An OParl object or list page over HTTP (None, and a failed row, if that fails)."""
        body = bytearray()
        try:
            self.http.get(url, self.limits.max_json_bytes, body.extend, params=params)
            obj = json.loads(body)
        except Unavailable as exc:
            self.account(url, f"cannot fetch OParl object: {exc.reason}")
            return None
        except ValueError as exc:
            self.account(url, f"not OParl JSON: {exc}")
            return None
        if not isinstance(obj, dict):
            self.account(url, f"not an OParl object: a JSON {type(obj).__name__}")
            return None
        return obj

    def resolve(self, value) -> dict | None:
        """Embedded objects are used as they are; URLs are looked up in the local folder or fetched (once)."""
        if isinstance(value, dict):
            return value
        if not isinstance(value, str):
            return None
        if value in self.local_objects:
            return self.local_objects[value]
        return None if self.is_local() else self.lookup(value)

    def load_folder(self, folder: Path) -> list[tuple[str, dict]]:
        """All JSON objects of a folder with the file each is in, indexed by id so that references resolve."""
        objects = []
        for path in sorted(folder.rglob("*.json")):
            try:
                obj = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                self.account(str(path), f"not OParl JSON: {exc}")
                continue
            for item in obj if isinstance(obj, list) else [obj]:
                objects.append((str(path), item))
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    self.local_objects[item["id"]] = item
        return objects

    def fresh(self, obj: dict) -> bool:
        """Whether an object was modified at or after ``modified_since`` (objects without a date count as fresh)."""
        if self.modified_since is None:
            return True
        files = [f for key in PAPER_FILES + MEETING_FILES for f in as_list(obj.get(key)) if isinstance(f, dict)]
        stamps = [parse_time(s) for s in [obj.get("modified")] + [f.get("modified") for f in files] if s]
        return not stamps or max(stamps) >= self.modified_since

    def list_items(self, value) -> Iterator:
        """The items of an OParl list (embedded, or by URL with ``modified_since``), page by page along
        ``links.next``; each page once, at most ``max_pages`` in the walk."""
        page, url = (value, value.get("id")) if isinstance(value, dict) else (None, value)
        params = {"modified_since": self.modified_since.isoformat()} if self.modified_since else None
        while page is not None or url:
            if page is None:
                if not isinstance(url, str) or url in self.visited:
                    return
                self.visited.add(url)
                self.pages += 1
                if self.pages > self.limits.max_pages:
                    raise WalkLimit(f"more than {self.limits.max_pages} list pages (HRGRAPH_OPARL__MAX_PAGES)")
                page = self.get_json(url, params) if not self.is_local() else self.local_objects.get(url)
                params = None
                if page is None:
                    return
            if not isinstance(page.get("data"), list):
                self.account(str(url or self.start), "not an OParl list: no data array")
                return
            yield from page["data"]
            links = page.get("links")
            url, page = (links.get("next") if isinstance(links, dict) else None), None

    # --- walking down to files ---------------------------------------------------------------

    def __iter__(self) -> Iterator[SourceDocument]:
        try:
            if self.is_local():
                self.local_root = Path(self.start)
                objects = self.load_folder(self.local_root)
                api_hosts = {urlparse(key).hostname for key in self.local_objects} - {None}
                self.http = BoundedHttp(self.client, self.limits, api_hosts)
                for path, obj in objects:
                    yield from self.walk(obj, path, WALKED_KINDS)
            else:
                self.http = BoundedHttp(self.client, self.limits, {urlparse(str(self.start)).hostname or ""})
                root = self.get_json(str(self.start))
                if root is not None:
                    yield from self.walk(root, str(self.start), WALKED_KINDS)
        except WalkLimit as exc:
            self.account(str(self.start), f"OParl walk stopped: {exc}")

    def walk(self, obj, where: str, expected: frozenset[str] | set[str]) -> Iterator[SourceDocument]:
        """The files below one object (of a kind in ``expected``; a walkable object of another kind is skipped
        with its reason), each object once; an error in it becomes its failed row, and the walk goes on."""
        key = obj.get("id") if isinstance(obj, dict) else None
        name = key if isinstance(key, str) and key else where
        try:
            if not isinstance(obj, dict):
                raise TypeError(f"an OParl object must be a JSON object, not {type(obj).__name__}")
            kind = oparl_type(obj)
            if kind not in expected:
                if kind in WALKED_KINDS:
                    self.account(name, f"OParl {kind} where {' or '.join(sorted(expected))} belongs", status="skipped")
                return
            if key in self.visited:
                return
            if isinstance(key, str):
                self.visited.add(key)
            yield from self.walk_kind(kind, obj, name)
        except WalkLimit:
            raise
        except Exception as exc:  # noqa: BLE001 (whatever is wrong with one object, the rest is walked)
            self.account(name, f"bad OParl object: {type(exc).__name__}: {exc}")

    def walk_kind(self, kind: str, obj: dict, name: str) -> Iterator[SourceDocument]:
        if kind == "List":
            for item in self.list_items(obj):
                yield from self.walk(item, name, ITEM_KINDS)
        elif kind in CHILD_LISTS:
            if kind == "Body" and isinstance(obj.get("id"), str):
                self.bodies[obj["id"]] = obj
            for key, child in CHILD_LISTS[kind]:
                for value in as_list(obj.get(key)):
                    for item in self.list_items(value):
                        yield from self.walk(item, name, {child})
        elif not self.fresh(obj):
            return
        elif kind == "Paper":
            yield from self.paper_files(obj)
        elif kind == "Meeting":
            yield from self.meeting_files(obj)
        elif kind == "AgendaItem":
            yield from self.agenda_item_files(obj)
        elif kind == "File":
            yield from self.file_document(obj, {})

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
        """One OParl File (once per walk), from the local folder or downloaded; a file that cannot be had
        becomes its failed or skipped row with the paper's or meeting's metadata."""
        if not isinstance(file, dict):
            return  # a File named by a URL that could not be fetched is accounted for already
        url = file.get("downloadUrl") or file.get("accessUrl")
        metadata = {**metadata, **compact({"file_name": file.get("name"), "file_date": file.get("date"),
                                           "oparl_file_id": file.get("id")}), **self.body_metadata(file.get("body"))}
        if not isinstance(url, str) or not url:
            self.account(str(file.get("id") or metadata.get("oparl_id") or self.start),
                         "OParl File without downloadUrl or accessUrl", "skipped", metadata)
            return
        if url in self.visited:
            return
        self.visited.add(url)
        try:
            remote = url.startswith(("http://", "https://"))
            path = self.local_file(url) if self.local_root is not None and not remote else self.download(url, file)
            document = source_document(path, source=url, metadata=metadata)
        except WalkLimit:
            raise
        except Unavailable as exc:
            self.account(url, exc.reason, exc.status, metadata)
            return
        except Exception as exc:  # noqa: BLE001 (a File of the wrong shape is its own row)
            self.account(url, f"bad OParl File: {type(exc).__name__}: {exc}", metadata=metadata)
            return
        yield document

    def body_metadata(self, body) -> dict:
        """The body (council) a file belongs to: its URL and, when the walk has the Body object (walked on the way
        down, or in the local folder; it is not fetched for this), its name and official municipality key (``ags``):
        where the council's committees sit."""
        if isinstance(body, dict):
            obj, url = body, body.get("id")
        else:
            obj, url = (self.bodies.get(body) or self.local_objects.get(body)) if isinstance(body, str) else None, body
        obj = obj if isinstance(obj, dict) and oparl_type(obj) == "Body" else {}
        return compact({"body": url if isinstance(url, str) else None, "body_name": obj.get("name"),
                        "body_ags": obj.get("ags")})

    def local_file(self, url: str) -> Path:
        """A file that a local folder names by a path relative to the folder or a ``file://`` URL, if it
        lies inside the folder (no ``..`` or absolute path out of it)."""
        parsed = urlparse(url)
        if parsed.scheme == "file":
            candidate = Path(unquote(parsed.path))
        elif not parsed.scheme:
            candidate = self.local_root / unquote(url)
        else:
            raise Unavailable(f"refused: unsupported URL scheme {parsed.scheme!r}")
        folder = self.local_root.resolve()
        path = candidate.resolve()
        if not path.is_relative_to(folder):
            raise Unavailable(f"refused: {url} lies outside the OParl folder {folder}")
        if not path.is_file():
            raise Unavailable(f"no such file in the OParl folder: {url}")
        return path

    def cache_path(self, url: str, file: dict) -> Path:
        suffix = Path(urlparse(url).path).suffix.lower()
        if suffix not in SUFFIX_TYPES:
            suffix = MEDIA_SUFFIXES.get((file.get("mimeType") or "").split(";")[0].strip(), suffix or ".bin")
        return self.cache_dir / f"{hashlib.sha256(url.encode()).hexdigest()[:16]}{suffix}"

    def download(self, url: str, file: dict) -> Path:
        """Stream a file into the cache (kept when it is newer than the File's ``modified``), within the limits."""
        target = self.cache_path(url, file)
        modified = parse_time(file.get("modified"))
        if target.exists() and (modified is None or datetime.fromtimestamp(target.stat().st_mtime, timezone.utc) >= modified):
            return target
        if not self.allow_download:
            raise Unavailable("not downloaded: a local OParl folder names this file only by URL "
                              "(hrgraph ingest --download fetches it)", status="skipped")
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(target.suffix + ".part")
        try:
            with partial.open("wb") as out:
                self.http.get(url, self.max_file_bytes, out.write)
            partial.replace(target)
        except Unavailable as exc:
            raise Unavailable(f"download failed: {exc.reason}") from exc
        finally:
            partial.unlink(missing_ok=True)
        return target
