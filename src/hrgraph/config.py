"""Run settings, read from the environment (prefix ``HRGRAPH_``) or passed in code."""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_MODEL = PACKAGE_DIR / "models" / "de_hrgraph_ner"
CODE_SUFFIXES = {".py", ".yml", ".yaml", ".tsv", ".txt", ".json", ".cypher"}
"""Files of the package whose change changes what a run produces."""
RUNNERS = ("process", "local", "dask")
"""How the flow runs its batches: a pool of worker processes, this process only, or a Dask cluster."""
DEFAULT_WORKERS = min(4, os.cpu_count() or 1)
"""Worker processes by default: one per core, at most four (each holds its own copy of the model)."""
IN_PROCESS_BELOW = 10
"""Fewer documents than this are processed as one task in the flow's own process: a worker of the task runner has to
start Python and load Prefect, spaCy and the model first, which costs more than processing them. (``hrgraph
ingest`` has them processed meanwhile by a worker of its own, which loads no Prefect: :mod:`hrgraph.warm_up`.)"""


class OParlLimits(BaseModel):
    """Bounds of one OParl walk (an API or a local folder), so that no server can keep a run busy or fill memory.

    Each is set by ``HRGRAPH_OPARL__<NAME>``, e.g. ``HRGRAPH_OPARL__MAX_PAGES=50``.
    """

    max_pages: int = 2000
    """List pages read per walk (following ``links.next``)."""
    max_requests: int = 20000
    """HTTP requests per walk: objects, list pages, files and redirects."""
    max_seconds: float = 3600.0
    """Wall time of a walk; a walk that takes longer stops and says so."""
    max_json_bytes: int = 32 * 1024 * 1024
    """Size of one OParl JSON response (files have Settings.max_file_bytes)."""
    response_seconds: float = 120.0
    """Deadline for the whole of one response, from the request to its last byte (not per read)."""
    allow_private: bool = False
    """Whether to request loopback, private and link-local addresses (a local test server, an intranet API)."""


class Settings(BaseSettings):
    """Everything a run can be tuned with; ``HRGRAPH_NER_MODEL=de_core_news_lg`` picks another pipeline."""

    model_config = SettingsConfigDict(env_prefix="HRGRAPH_", env_nested_delimiter="__")

    ner_model: str = str(DEFAULT_MODEL)
    batch_size: int = 16
    max_file_bytes: int = 50 * 1024 * 1024
    max_pages: int = 500
    max_html_depth: int = 400
    ocr: bool = True
    extract_seconds: int = 120
    """Wall-clock limit of extracting one document (in a child process, see hrgraph.extract.limits) ..."""
    ocr_page_seconds: int = 60
    """... plus this for each page read by OCR."""
    extract_memory_mb: int = 2048
    """Memory (address space) the extraction of one document may take, Tesseract's separately."""
    oparl: OParlLimits = OParlLimits()


def absolute_settings(settings: Settings) -> Settings:
    """The settings with the model as an absolute path when it is a path (a package name stays), for processes
    that run in another folder."""
    model = Path(settings.ner_model)
    return settings.model_copy(update={"ner_model": str(model.resolve())}) if model.exists() else settings


def pipeline_version(settings: Settings) -> str:
    """Identifies code and model, so that a change of either reprocesses documents (also a change of the code or
    its language data between releases, as in a git checkout)."""
    from hrgraph import __version__

    return f"hrgraph-{__version__}-{code_digest()}+{model_version(settings.ner_model)}"


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of hrgraph's modules and resource files (the shipped model apart: see :func:`model_version`)."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.suffix in CODE_SUFFIXES and DEFAULT_MODEL not in path.parents:
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:8]


def model_version(model: str) -> str:
    """Name, version and a digest of ``meta.json`` of a pipeline folder (a retrained model changes its meta),
    or the package name of an installed pipeline."""
    meta = Path(model) / "meta.json"
    return meta_version(meta, meta.stat().st_mtime_ns) if meta.is_file() else model


@lru_cache(maxsize=8)
def meta_version(meta: Path, modified: int) -> str:
    info = json.loads(meta.read_text(encoding="utf-8"))
    digest = hashlib.sha256(meta.read_bytes()).hexdigest()[:8]
    return f"{info.get('name', meta.parent.name)}-{info.get('version', '0')}-{digest}"
