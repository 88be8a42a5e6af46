"""The output folder: one run at a time, and readers see either the previous or the new complete set of files.

Layout of ``OUT``::

    .lock                       held (flock) by the run writing into OUT; a second run is refused
    .staging-<run id>/          the files of a run being written (removed by the next run if it was killed)
    runs/<run id>/              complete sets: documents.jsonl … manifest.json (later report.html, figures/)
    current -> runs/<run id>    the published set, replaced in one ``rename`` (atomic)
    documents.jsonl -> current/documents.jsonl, … manifest.json, report.html, figures   (fixed links)
    cache/, sources/            kept across runs

A run writes into its staging folder, adds ``manifest.json`` (run id, times, inputs, counts, sha256 of every
file), renames the folder to ``runs/<run id>`` and then points ``current`` at it. Every top-level name goes
through ``current``, so opening ``OUT/entities.jsonl`` gives the file of the same set as ``OUT/documents.jsonl``
at any moment, also after a kill at any point. The set that ``current`` pointed to before stays until the next
run starts, so a reader that resolved ``current`` (:func:`run_folder`) just before the swap can finish.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import secrets
import shutil
from datetime import datetime, timezone
from pathlib import Path

RUN_FILES = ("documents.jsonl", "entities.jsonl", "relations.jsonl", "failures.jsonl", "graph.graphml",
             "graph.gexf", "manifest.json")
"""The files a run writes, in ``runs/<run id>/``."""
LINKED_NAMES = RUN_FILES + ("report.html", "figures")
"""Top-level names of ``OUT`` that are links into ``current`` (report and figures belong to the run too)."""
MANIFEST = "manifest.json"
CURRENT = "current"
RUNS = "runs"
STAGING = ".staging-"
LOCK = ".lock"


class OutputBusy(RuntimeError):
    """Another run holds the output folder."""


class EmptyInput(RuntimeError):
    """No documents were found, and the output folder holds a run that an empty one would replace."""


def new_run_id() -> str:
    """A run id that sorts by start time and is unique: ``20261202T150102Z-3f9a1c``."""
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ-") + secrets.token_hex(3)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def temporary_path(path: Path) -> Path:
    """A unique hidden name beside ``path`` to write to before renaming it to ``path``."""
    return path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")


def replace_with_link(path: Path, target: str) -> None:
    """Make ``path`` a symbolic link to ``target`` in one rename (a reader sees the old or the new entry)."""
    link = temporary_path(path)
    link.symlink_to(target)
    os.replace(link, path)


def run_folder(outdir: Path | str) -> Path:
    """The folder of the published run of ``outdir`` (``current`` resolved once, for reading several files of
    one set), or ``outdir`` itself when it has no ``current`` (an output folder of an older version, a sample)."""
    outdir = Path(outdir)
    current = outdir / CURRENT
    return current.resolve() if current.is_symlink() else outdir


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file below ``folder`` by relative path, the manifest left out."""
    return {str(path.relative_to(folder)): sha256(path) for path in sorted(folder.rglob("*"))
            if path.is_file() and path.name != MANIFEST}


def verify(outdir: Path | str) -> dict:
    """The manifest of the published run after checking every file it lists against its sha256; raises
    ``ValueError`` naming the first file that is missing or differs."""
    folder = run_folder(outdir)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    for name, digest in manifest["files"].items():
        if not (folder / name).is_file() or sha256(folder / name) != digest:
            raise ValueError(f"{folder / name}: missing or not the file of run {manifest['run_id']}")
    return manifest


def holds_run(outdir: Path) -> bool:
    """Whether ``outdir`` holds outputs of an earlier run (published, or written by an older version)."""
    return any((outdir / name).exists() for name in ("documents.jsonl", "entities.jsonl", "relations.jsonl"))


class OutputRun:
    """One run's hold on the output folder: the lock, the staging folder and the swap that publishes it.

    Use as a context manager: entering takes the lock (or raises :class:`OutputBusy` at once), removes the
    staging folders of killed runs and the sets older than ``current``; leaving without :meth:`publish`
    removes the staging folder, so the published set stays as it was.
    """

    def __init__(self, outdir: Path | str, inputs: dict) -> None:
        self.outdir = Path(outdir)
        self.run_id = new_run_id()
        self.inputs = inputs
        self.started = now()
        self.staging = self.outdir / f"{STAGING}{self.run_id}"
        self.lock_handle = None

    def __enter__(self) -> OutputRun:
        self.outdir.mkdir(parents=True, exist_ok=True)
        self.lock()
        self.remove_leftovers()
        self.staging.mkdir()
        return self

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        self.lock_handle.close()  # releases the lock

    def lock(self) -> None:
        """Take ``OUT/.lock`` without waiting (a run can take hours); name the holder if another run has it."""
        handle = open(self.outdir / LOCK, "a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another run"
            handle.close()
            raise OutputBusy(f"{self.outdir} is in use by {holder}; wait for it to end or use another --out") from None
        handle.truncate(0)
        handle.write(f"run {self.run_id} (pid {os.getpid()}, started {self.started})\n")
        handle.flush()
        self.lock_handle = handle

    def remove_leftovers(self) -> None:
        """Remove the staging folders of killed runs, their temporary files (also in ``cache/``) and every set
        but the current one."""
        current = self.outdir / CURRENT
        keep = Path(os.readlink(current)).name if current.is_symlink() else None
        for path in self.outdir.glob(f"{STAGING}*"):
            shutil.rmtree(path, ignore_errors=True)
        for path in (*self.outdir.glob(".*.tmp"), *self.outdir.glob("*/.*.tmp")):
            path.unlink(missing_ok=True)
        for path in (self.outdir / RUNS).glob("*"):
            if path.name != keep:
                shutil.rmtree(path, ignore_errors=True)

    def publish(self, counts: dict) -> dict:
        """Write the manifest, move the staging folder to ``runs/<run id>`` and point ``current`` at it;
        returns the manifest."""
        manifest = {"run_id": self.run_id, "started": self.started, "finished": now(), "inputs": self.inputs,
                    "counts": counts, "files": file_hashes(self.staging)}
        (self.staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                             encoding="utf-8")
        self.adopt_legacy_files()
        self.link_names()
        (self.outdir / RUNS).mkdir(exist_ok=True)
        self.staging.rename(self.outdir / RUNS / self.run_id)
        replace_with_link(self.outdir / CURRENT, f"{RUNS}/{self.run_id}")
        return manifest

    def link_names(self) -> None:
        """Make every top-level output name a link into ``current`` (once; they never change afterwards)."""
        for name in LINKED_NAMES:
            path = self.outdir / name
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            if not path.is_symlink():
                replace_with_link(path, f"{CURRENT}/{name}")

    def adopt_legacy_files(self) -> None:
        """Output files of an older version (plain files in ``OUT``) become a set in ``runs/`` and ``current``
        first, hard-linked, so that turning them into links one by one (:meth:`link_names`) never shows a
        mixed set."""
        legacy = [name for name in LINKED_NAMES
                  if (self.outdir / name).exists() and not (self.outdir / name).is_symlink()]
        if not legacy or (self.outdir / CURRENT).is_symlink():
            return
        folder = self.outdir / RUNS / f"{self.run_id}-earlier"
        folder.mkdir(parents=True)
        for name in legacy:
            if (self.outdir / name).is_dir():
                shutil.copytree(self.outdir / name, folder / name, copy_function=os.link)
            else:
                os.link(self.outdir / name, folder / name)
        replace_with_link(self.outdir / CURRENT, f"{RUNS}/{folder.name}")
