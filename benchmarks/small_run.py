"""End-to-end time of ``hrgraph ingest`` on a small corpus against its floor, measured in the same period.

The floor is a fresh ``python`` that runs ``import spacy; nlp = spacy.load(MODEL)`` and one bare ``nlp.pipe``
over the page texts of the same documents (extracted beforehand, untimed); the run is the ``hrgraph`` command
with ``--force`` into a fresh output folder, with Prefect on a fresh home (``--prefect-home`` to keep one).
Both are timed from outside as wall time, with the CPU time of the process and its children beside it.

Usage: ``python benchmarks/small_run.py benchmarks/output/corpus_5 [--runner process] [--workers 2]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hrgraph.config import Settings
from hrgraph.extract import extract
from hrgraph.sources import discover_files, source_document

FLOOR = """import json, sys, spacy
nlp = spacy.load(sys.argv[1])
texts = json.load(open(sys.argv[2], encoding="utf-8"))
print(sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=16)))
"""


def timed(command: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the finished children) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    subprocess.run(command, env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--runner", default="process")
    parser.add_argument("--workers", default="2")
    parser.add_argument("--prefect-home")
    args = parser.parse_args()
    settings = Settings()
    files = [path for path in discover_files([args.corpus]) if isinstance(path, Path)]
    texts = [page.text for path in files for page in extract(source_document(path), settings).pages]
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "texts.json").write_text(json.dumps(texts), encoding="utf-8")
        env = os.environ | {"PREFECT_HOME": args.prefect_home or str(Path(tmp) / "prefect")}
        floor = timed([sys.executable, "-c", FLOOR, settings.ner_model, str(Path(tmp) / "texts.json")], env)
        hrgraph = str(Path(sys.executable).parent / "hrgraph")
        run = timed([hrgraph, "ingest", str(args.corpus), "--out", str(Path(tmp) / "out"), "--force",
                     "--runner", args.runner, "--workers", args.workers], env)
    print(f"documents: {len(files)}, pages: {len(texts)}")
    print(f"floor (spacy.load + nlp.pipe): {floor[0]:.1f} s wall, {floor[1]:.1f} s CPU")
    print(f"hrgraph ingest: {run[0]:.1f} s wall, {run[1]:.1f} s CPU; ratio {run[0] / floor[0]:.1f}x wall")


if __name__ == "__main__":
    main()
